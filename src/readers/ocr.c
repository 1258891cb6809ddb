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

char *rd_ocr_image(rd_ocr *o, const unsigned char *grey, int width, int height, int stride,
                   int dpi, int *confidence)
{
    TessBaseAPISetImage(o->api, grey, width, height, 1, stride);
    TessBaseAPISetSourceResolution(o->api, dpi);
    char *t = TessBaseAPIGetUTF8Text(o->api);
    *confidence = t ? TessBaseAPIMeanTextConf(o->api) : 0;
    if (*confidence < 0)
        *confidence = 0;
    char *out = t ? im_xstrdup(t) : NULL;
    if (t)
        TessDeleteText(t);
    return out;
}
