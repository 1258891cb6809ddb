/* The reader interface: which format the bytes hold (by content, never by name),
 * dispatch to that format's reader, and the accessors of the finished document.
 * Plain text is passed through untouched so the text stage sees the exact bytes.
 */
#include "readers_private.h"

#include "incmap/alloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool has_ci(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (!strncasecmp(s + i, needle, k))
            return true;
    return false;
}

im_doc_format im_reader_detect(const char *bytes, size_t len)
{
    if (!bytes)
        return IM_DOC_TEXT;
    size_t head = len < 1024 ? len : 1024;
    for (size_t i = 0; i + 5 <= head; i++)
        if (!memcmp(bytes + i, "%PDF-", 5))
            return IM_DOC_PDF;
    if (len >= 4 && !memcmp(bytes, "PK\003\004", 4))
        return IM_DOC_DOCX;
    size_t i = 0;
    if (len >= 3 && !memcmp(bytes, "\xEF\xBB\xBF", 3))
        i = 3;
    while (i < len && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' ||
                       bytes[i] == '\n'))
        i++;
    if (i >= len || bytes[i] != '<')
        return IM_DOC_TEXT;
    size_t n = len - i < 4096 ? len - i : 4096;
    static const char *const marks[] = {"<!doctype html", "<html", "<head", "<body"};
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++)
        if (has_ci(bytes + i, n, marks[k]))
            return IM_DOC_HTML;
    return IM_DOC_TEXT;
}

const char *im_doc_format_name(im_doc_format f)
{
    switch (f) {
    case IM_DOC_TEXT: return "text";
    case IM_DOC_PDF: return "pdf";
    case IM_DOC_HTML: return "html";
    case IM_DOC_DOCX: return "docx";
    }
    return "unknown";
}

im_status im_reader_read(im_ctx *ctx, const char *bytes, size_t len,
                         const im_reader_options *opts, im_document **out)
{
    *out = NULL;
    im_reader_options defaults = IM_READER_OPTIONS_INIT;
    const im_reader_options *o = opts ? opts : &defaults;
    if (!bytes && len)
        return im_ctx_fail(ctx, IM_ERR_INPUT, "no input bytes");
    if (len > o->limits.max_input)
        return im_ctx_fail(ctx, IM_ERR_INPUT_TOO_LARGE, "larger than %zu bytes",
                           o->limits.max_input);
    im_doc_format f = im_reader_detect(bytes, len);
    im_document *d = rd_document_new(f, o->limits.max_text);
    im_status st = IM_OK;
    switch (f) {
    case IM_DOC_TEXT:
        free(d->buf);
        d->buf = NULL;
        d->text = bytes ? bytes : "";
        d->len = len;
        if (len) {
            d->paras = im_xmalloc(sizeof *d->paras);
            d->paras[0] = (im_doc_paragraph){0, len};
            d->n_paras = 1;
        }
        rd_mark(d, 0, 0, NULL);
        break;
    case IM_DOC_PDF: st = rd_read_pdf(ctx, bytes, len, o, d); break;
    case IM_DOC_HTML: st = rd_read_html(ctx, bytes, len, o, d); break;
    case IM_DOC_DOCX: st = rd_read_docx(ctx, bytes, len, o, d); break;
    }
    if (st == IM_OK && f != IM_DOC_TEXT)
        st = rd_document_finish(ctx, d);
    if (st != IM_OK) {
        im_document_destroy(d);
        return st;
    }
    *out = d;
    return IM_OK;
}

void im_document_destroy(im_document *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n_notes; i++)
        free((char *)d->notes[i].text);
    free(d->notes);
    free(d->paras);
    free(d->spans);
    free(d->names);
    free(d->buf);
    free(d->title);
    free(d->author);
    free(d->date);
    free(d);
}

im_doc_format im_document_format(const im_document *d)
{
    return d->format;
}

const char *im_document_text(const im_document *d, size_t *len)
{
    if (len)
        *len = d->len;
    return d->text;
}

size_t im_document_paragraph_count(const im_document *d)
{
    return d->n_paras;
}

const im_doc_paragraph *im_document_paragraph(const im_document *d, size_t i)
{
    return i < d->n_paras ? &d->paras[i] : NULL;
}

size_t im_document_note_count(const im_document *d)
{
    return d->n_notes;
}

const im_doc_note *im_document_note(const im_document *d, size_t i)
{
    return i < d->n_notes ? &d->notes[i] : NULL;
}

im_doc_meta im_document_meta(const im_document *d)
{
    return (im_doc_meta){d->title ? d->title : "", d->author ? d->author : "",
                         d->date ? d->date : ""};
}

im_doc_stats im_document_stats(const im_document *d)
{
    return d->stats;
}

im_doc_source im_document_source(const im_document *d, size_t offset)
{
    im_doc_source src = {0, 0, ""};
    if (!d->n_spans)
        return src;
    if (offset > d->len)
        offset = d->len;
    size_t lo = 0, hi = d->n_spans; /* last span with start <= offset */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->spans[mid].start <= offset)
            lo = mid;
        else
            hi = mid;
    }
    const rd_span *s = &d->spans[lo];
    src.page = s->page;
    src.element = s->element;
    src.where = d->names + s->where;
    return src;
}
