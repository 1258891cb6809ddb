/* OCR for PDF pages without a text layer, through Tesseract's C API. One recogniser
 * per document (loading the language model is the slow part); each page is given as
 * a grey image with its resolution. Tesseract's own chatter goes to /dev/null so a
 * failure is reported once, by us. It does not find pages to OCR: pdf.c decides.
 */
#include "pdf_private.h"

#include "incmap/alloc.h"

#include <stdlib.h>
#include <string.h>
#include <tesseract/capi.h>

struct rd_ocr {
    TessBaseAPI *api;
};

rd_ocr *rd_ocr_create(im_ctx *ctx, const char *lang)
{
    TessBaseAPI *api = TessBaseAPICreate();
    if (!api) {
        im_ctx_fail(ctx, IM_ERR_INPUT, "cannot start the OCR engine (Tesseract)");
        return NULL;
    }
    TessBaseAPISetVariable(api, "debug_file", "/dev/null");
    if (TessBaseAPIInit3(api, NULL, lang && *lang ? lang : "eng") != 0) {
        TessBaseAPIDelete(api);
        im_ctx_fail(ctx, IM_ERR_INPUT, "a page needs OCR but Tesseract's '%s' language data "
                    "is missing (install tesseract-ocr-%s, or use --no-ocr)",
                    lang ? lang : "eng", lang ? lang : "eng");
        return NULL;
    }
    TessBaseAPISetVariable(api, "debug_file", "/dev/null");
    rd_ocr *o = im_xmalloc(sizeof *o);
    o->api = api;
    return o;
}

void rd_ocr_destroy(rd_ocr *o)
{
    if (!o)
        return;
    TessBaseAPIEnd(o->api);
    TessBaseAPIDelete(o->api);
    free(o);
}

size_t rd_ocr_image(rd_ocr *o, const unsigned char *grey, int width, int height, int stride,
                    int dpi, unsigned page_no, pl_page *page, int *confidence)
{
    TessBaseAPISetImage(o->api, grey, width, height, 1, stride);
    TessBaseAPISetSourceResolution(o->api, dpi);
    *confidence = 0;
    if (TessBaseAPIRecognize(o->api, NULL) != 0)
        return 0;
    int conf = TessBaseAPIMeanTextConf(o->api);
    *confidence = conf > 0 ? conf : 0;
    TessResultIterator *it = TessBaseAPIGetIterator(o->api);
    if (!it)
        return 0;
    const TessPageIterator *pit = TessResultIteratorGetPageIteratorConst(it);
    double to_pt = 72.0 / dpi;
    size_t added = 0;
    do {
        int l, t, r, b;
        char *text = TessResultIteratorGetUTF8Text(it, RIL_TEXTLINE);
        if (text && TessPageIteratorBoundingBox(pit, RIL_TEXTLINE, &l, &t, &r, &b)) {
            size_t n = strlen(text);
            while (n && (text[n - 1] == '\n' || text[n - 1] == ' '))
                n--;
            size_t lead = 0;
            while (lead < n && text[lead] == ' ')
                lead++;
            if (n > lead) {
                pl_line line = {0};
                line.text = im_xstrndup(text + lead, n - lead);
                line.len = n - lead;
                line.x0 = l * to_pt, line.y0 = t * to_pt;
                line.x1 = r * to_pt, line.y1 = b * to_pt;
                line.page = page_no;
                page->lines = im_xreallocarray(page->lines, page->n_lines + 1,
                                               sizeof *page->lines);
                page->lines[page->n_lines++] = line;
                added++;
            }
        }
        if (text)
            TessDeleteText(text);
    } while (TessResultIteratorNext(it, RIL_TEXTLINE));
    TessResultIteratorDelete(it);
    /* line boxes vary with ascenders and descenders: one size for the whole page, so
     * the layout's size rules stay quiet and its gap and indent rules decide */
    double *h = im_xmalloc((page->n_lines + 1) * sizeof *h);
    for (size_t i = 0; i < page->n_lines; i++)
        h[i] = page->lines[i].y1 - page->lines[i].y0;
    double size = 0;
    for (size_t i = 0; i < page->n_lines; i++)
        size += h[i];
    size = page->n_lines ? size / (double)page->n_lines : 0;
    for (size_t i = 0; i < page->n_lines; i++)
        page->lines[i].size = size;
    free(h);
    return added;
}
