/* The PDF reader (poppler-glib): opens the document within the limits, refuses
 * encrypted and damaged files, turns every page's text into lines with geometry and
 * glyph sizes (superscript footnote markers taken out and remembered), sends pages
 * without a text layer to OCR, and hands the lines to the layout pass (pdf_layout.c).
 * It does not render anything except pages that need OCR.
 */
#include "pdf_private.h"

#include "incmap/alloc.h"

#include <cairo.h>
#include <poppler.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A line being gathered from the page's characters. */
typedef struct gather {
    char *buf;
    size_t len, cap;
    double x0, y0, x1, y1;
    double *sizes;   /* per character kept */
    double *bottoms;
    size_t n_chars, cap_chars;
    size_t *char_at; /* byte offset of each kept character */
    bool *digit;
} gather;

static void gather_char(gather *g, const char *c, size_t n, const PopplerRectangle *r,
                        double size)
{
    g->buf = im_xgrow(g->buf, &g->cap, g->len + n + 1, 1);
    if (g->n_chars == g->cap_chars) {
        size_t cap = g->cap_chars ? g->cap_chars * 2 : 64;
        g->sizes = im_xreallocarray(g->sizes, cap, sizeof *g->sizes);
        g->bottoms = im_xreallocarray(g->bottoms, cap, sizeof *g->bottoms);
        g->char_at = im_xreallocarray(g->char_at, cap, sizeof *g->char_at);
        g->digit = im_xreallocarray(g->digit, cap, sizeof *g->digit);
        g->cap_chars = cap;
    }
    bool space = n == 1 && (*c == ' ' || *c == '\t');
    if (!space) {
        if (g->x1 <= g->x0 && g->y1 <= g->y0) {
            g->x0 = r->x1, g->y0 = r->y1, g->x1 = r->x2, g->y1 = r->y2;
        } else {
            if (r->x1 < g->x0) g->x0 = r->x1;
            if (r->y1 < g->y0) g->y0 = r->y1;
            if (r->x2 > g->x1) g->x1 = r->x2;
            if (r->y2 > g->y1) g->y1 = r->y2;
        }
    }
    g->char_at[g->n_chars] = g->len;
    g->sizes[g->n_chars] = space ? 0 : size;
    g->bottoms[g->n_chars] = r->y2;
    g->digit[g->n_chars] = n == 1 && *c >= '0' && *c <= '9';
    g->n_chars++;
    memcpy(g->buf + g->len, c, n);
    g->len += n;
}

/* The most common size among the line's characters (sizes in tenths of a point). */
static double main_size(const gather *g)
{
    double best = 0;
    size_t best_n = 0;
    for (size_t i = 0; i < g->n_chars; i++) {
        if (g->sizes[i] <= 0)
            continue;
        size_t n = 0;
        for (size_t j = 0; j < g->n_chars; j++)
            if (g->sizes[j] > 0 && g->sizes[j] > g->sizes[i] - 0.05 &&
                g->sizes[j] < g->sizes[i] + 0.05)
                n++;
        if (n > best_n || (n == best_n && g->sizes[i] > best))
            best = g->sizes[i], best_n = n;
        if (best_n * 2 > g->n_chars)
            break;
    }
    return best;
}

/* A digit smaller than the line's text with its bottom above the baseline. */
static bool raised_digit(const gather *g, size_t i, double size, double base)
{
    return g->digit[i] && size > 0 && g->sizes[i] > 0 && g->sizes[i] < size * 0.85 &&
           g->bottoms[i] < base - size * 0.15;
}

/* Close the gathered line into `page`: find superscript digit runs (smaller than the
 * line's size, their bottom raised above its baseline), cut them out as markers. */
static void gather_close(gather *g, pl_page *page, unsigned page_no)
{
    if (!g->n_chars) {
        g->len = 0;
        return;
    }
    double size = main_size(g), base = 0;
    for (size_t i = 0; i < g->n_chars; i++)
        if (g->sizes[i] >= size * 0.9 && g->bottoms[i] > base)
            base = g->bottoms[i];
    pl_line line = {0};
    line.text = im_xmalloc(g->len + 1);
    for (size_t i = 0; i < g->n_chars;) {
        size_t end = i + 1 < g->n_chars ? g->char_at[i + 1] : g->len;
        bool sup = i > 0 && raised_digit(g, i, size, base);
        if (!sup) {
            memcpy(line.text + line.len, g->buf + g->char_at[i], end - g->char_at[i]);
            line.len += end - g->char_at[i];
            i++;
            continue;
        }
        while (line.len && line.text[line.len - 1] == ' ')
            line.len--; /* poppler may set the marker apart by a space */
        /* one run of raised small digits, possibly several numbers: "23,24" */
        size_t j = i;
        while (j < g->n_chars) {
            int number = 0;
            for (; j < g->n_chars && raised_digit(g, j, size, base); j++)
                number = number < 100000 ? number * 10 + (g->buf[g->char_at[j]] - '0') : number;
            line.markers = im_xreallocarray(line.markers, line.n_markers + 1,
                                            sizeof *line.markers);
            line.markers[line.n_markers++] = (pl_marker){number, line.len};
            if (j + 1 < g->n_chars && g->buf[g->char_at[j]] == ',' && g->sizes[j] > 0 &&
                g->sizes[j] < size * 0.85 && raised_digit(g, j + 1, size, base))
                j++;
            else
                break;
        }
        i = j;
    }
    while (line.len && line.text[line.len - 1] == ' ')
        line.len--;
    size_t lead = 0;
    while (lead < line.len && line.text[lead] == ' ')
        lead++;
    if (lead) {
        memmove(line.text, line.text + lead, line.len - lead);
        line.len -= lead;
        for (size_t k = 0; k < line.n_markers; k++)
            line.markers[k].at = line.markers[k].at > lead ? line.markers[k].at - lead : 0;
    }
    line.text[line.len] = '\0';
    if (!line.len && !line.n_markers) {
        free(line.text);
        free(line.markers);
    } else {
        line.x0 = g->x0, line.y0 = g->y0, line.x1 = g->x1, line.y1 = g->y1;
        line.size = size;
        line.page = page_no;
        page->lines = im_xreallocarray(page->lines, page->n_lines + 1, sizeof *page->lines);
        page->lines[page->n_lines++] = line;
    }
    g->len = 0;
    g->n_chars = 0;
    g->x0 = g->y0 = g->x1 = g->y1 = 0;
}

/* The page's text as lines. Returns false when the page holds no text at all. */
static bool page_lines(PopplerPage *p, unsigned page_no, pl_page *out)
{
    char *text = poppler_page_get_text(p);
    PopplerRectangle *rects = NULL;
    guint n_rects = 0;
    bool any = false;
    for (const char *s = text; s && *s; s++)
        if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r')
            any = true;
    if (!any || !poppler_page_get_text_layout(p, &rects, &n_rects)) {
        g_free(text);
        g_free(rects);
        return false;
    }
    gather g = {0};
    size_t index = 0;
    double last_x2 = -1e9;
    for (const char *s = text; *s && index < n_rects; index++) {
        const char *next = g_utf8_next_char(s);
        /* a glyph box is as tall as its font's ascent and descent at its size: boxes
         * compare as sizes do, without a second pass for the text attributes */
        double size = rects[index].y2 - rects[index].y1;
        bool blank = *s == ' ' || *s == '\t';
        /* poppler may run two columns' lines at one height into one: a gap wider
         * than two ems between glyphs ends the line */
        if (!blank && *s != '\n' && g.n_chars && last_x2 > -1e8 &&
            rects[index].x1 - last_x2 > 2.0 * (size > 4 ? size : 4))
            gather_close(&g, out, page_no);
        if (*s == '\n') {
            gather_close(&g, out, page_no);
            last_x2 = -1e9;
        } else if (*s != '\r') {
            gather_char(&g, s, (size_t)(next - s), &rects[index], size);
            if (!blank)
                last_x2 = rects[index].x2;
        }
        s = next;
    }
    gather_close(&g, out, page_no);
    free(g.buf);
    free(g.sizes);
    free(g.bottoms);
    free(g.char_at);
    free(g.digit);
    g_free(rects);
    g_free(text);
    return out->n_lines > 0;
}

/* Render the page in grey at `dpi` (lowered for huge pages) and recognise its lines. */
static size_t ocr_page(rd_ocr *ocr, PopplerPage *p, unsigned page_no, pl_page *out, int dpi,
                       int *conf)
{
    double scale = dpi / 72.0, w = out->width, h = out->height;
    *conf = 0;
    while (w * scale * h * scale > 60e6 && scale > 0.5)
        scale /= 2; /* at most 60 Mpixel */
    int pw = (int)(w * scale + 0.5), ph = (int)(h * scale + 0.5);
    if (pw < 1 || ph < 1)
        return 0;
    cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
    cairo_t *cr = cairo_create(surf);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, scale, scale);
    poppler_page_render_for_printing(p, cr);
    cairo_destroy(cr);
    cairo_surface_flush(surf);
    size_t lines = 0;
    if (cairo_surface_status(surf) == CAIRO_STATUS_SUCCESS) {
        const unsigned char *px = cairo_image_surface_get_data(surf);
        int stride = cairo_image_surface_get_stride(surf);
        unsigned char *grey = im_xmalloc((size_t)pw * (size_t)ph);
        for (int y = 0; y < ph; y++)
            for (int x = 0; x < pw; x++) {
                uint32_t v;
                memcpy(&v, px + (size_t)y * (size_t)stride + (size_t)x * 4, 4);
                unsigned r = (v >> 16) & 255, gg = (v >> 8) & 255, b = v & 255;
                grey[(size_t)y * (size_t)pw + (size_t)x] =
                    (unsigned char)((r * 299 + gg * 587 + b * 114) / 1000);
            }
        lines = rd_ocr_image(ocr, grey, pw, ph, pw, (int)(scale * 72 + 0.5), page_no, out,
                             conf);
        free(grey);
    }
    cairo_surface_destroy(surf);
    return lines;
}

static void pdf_meta(PopplerDocument *doc, im_document *d)
{
    char *s = poppler_document_get_title(doc);
    rd_meta_set(&d->title, s, true);
    g_free(s);
    s = poppler_document_get_author(doc);
    rd_meta_set(&d->author, s, true);
    g_free(s);
    time_t t = poppler_document_get_creation_date(doc);
    struct tm tm;
    if (t > 0 && gmtime_r(&t, &tm)) {
        char date[40];
        snprintf(date, sizeof date, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                 tm.tm_mday);
        rd_meta_set(&d->date, date, true);
    }
}

im_status rd_read_pdf(im_ctx *ctx, const char *bytes, size_t len, const im_reader_options *o,
                      im_document *d)
{
    GBytes *gb = g_bytes_new_static(bytes, len);
    GError *err = NULL;
    PopplerDocument *doc = poppler_document_new_from_bytes(gb, NULL, &err);
    im_status st = IM_OK;
    pl_page *pages = NULL;
    size_t n_pages = 0;
    rd_ocr *ocr = NULL;
    if (!doc) {
        if (err && err->domain == POPPLER_ERROR && err->code == POPPLER_ERROR_ENCRYPTED)
            st = im_ctx_fail(ctx, IM_ERR_INPUT, "an encrypted PDF (it needs a password)");
        else
            st = im_ctx_fail(ctx, IM_ERR_INPUT, "a damaged PDF (%s)",
                             err && err->message ? err->message : "poppler cannot open it");
        goto done;
    }
    int n = poppler_document_get_n_pages(doc);
    if (n <= 0) {
        st = im_ctx_fail(ctx, IM_ERR_INPUT, "a damaged PDF (it has no pages)");
        goto done;
    }
    if ((size_t)n > o->limits.max_pages) {
        st = im_ctx_fail(ctx, IM_ERR_INPUT_TOO_LARGE, "a PDF of %d pages, more than %zu", n,
                         o->limits.max_pages);
        goto done;
    }
    pdf_meta(doc, d);
    n_pages = (size_t)n;
    pages = im_xcalloc(n_pages, sizeof *pages);
    size_t empty = 0, first_empty = 0, ocr_conf_sum = 0;
    for (size_t i = 0; i < n_pages; i++) {
        PopplerPage *p = poppler_document_get_page(doc, (int)i);
        if (!p) {
            st = im_ctx_fail(ctx, IM_ERR_INPUT, "a damaged PDF (page %zu cannot be read)",
                             i + 1);
            goto done;
        }
        poppler_page_get_size(p, &pages[i].width, &pages[i].height);
        if (!page_lines(p, (unsigned)(i + 1), &pages[i])) {
            if (o->ocr && !ocr && !(ocr = rd_ocr_create(ctx, o->ocr_lang))) {
                g_object_unref(p);
                st = IM_ERR_INPUT;
                goto done;
            }
            int conf = 0;
            size_t got = 0;
            if (o->ocr) {
                got = ocr_page(ocr, p, (unsigned)(i + 1), &pages[i], o->ocr_dpi, &conf);
                pages[i].ocr = true;
                d->stats.ocr_pages++;
                ocr_conf_sum += (size_t)conf;
                if (o->progress)
                    o->progress(o->progress_user, i + 1, n_pages, conf);
            }
            if (!got && !empty++)
                first_empty = i + 1;
        }
        g_object_unref(p);
    }
    d->stats.pages = n_pages;
    d->stats.empty_pages = empty;
    if (d->stats.ocr_pages)
        d->stats.ocr_confidence = (int)(ocr_conf_sum / d->stats.ocr_pages);
    if (empty == n_pages) {
        if (o->ocr)
            st = im_ctx_fail(ctx, IM_ERR_INPUT, "no text found: %s%zu page%s without a text "
                             "layer, and OCR read nothing on %s",
                             n_pages == 1 ? "" : "all ", n_pages, n_pages == 1 ? "" : "s",
                             n_pages == 1 ? "it" : "them");
        else
            st = im_ctx_fail(ctx, IM_ERR_INPUT, "page %zu has no text (a scanned page?) and "
                             "OCR is off (--no-ocr)%s", first_empty,
                             n_pages > 1 ? "; no page has any" : "");
        goto done;
    }
    pl_layout(d, pages, n_pages);
done:
    for (size_t i = 0; i < n_pages; i++) {
        for (size_t k = 0; k < pages[i].n_lines; k++) {
            free(pages[i].lines[k].text);
            free(pages[i].lines[k].markers);
        }
        free(pages[i].lines);
    }
    free(pages);
    rd_ocr_destroy(ocr);
    if (doc)
        g_object_unref(doc);
    if (err)
        g_error_free(err);
    g_bytes_unref(gb);
    return st;
}
