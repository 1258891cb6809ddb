/* Shared by the reader fuzz targets (fuzz_reader_pdf.c, _html.c, _docx.c): run one
 * format's reader directly on the input (never the content sniffing, so a mutation
 * that breaks the magic bytes still reaches the parser) and check the promises of
 * reader.h: a refusal leaves a message; a document's text is NUL-terminated, of the
 * stated length and without NUL bytes; paragraphs are in order, inside the text and
 * single lines; notes point inside the text; every offset has a source name. OCR is
 * off (far too slow to fuzz) and the limits are small so each input stays fast. */
#ifndef INCMAP_FUZZ_READER_H
#define INCMAP_FUZZ_READER_H

#include "fuzz_common.h"
#include "incmap/reader.h"
#include "src/readers/readers_private.h"

#include <string.h>

typedef im_status (*fuzz_reader_fn)(im_ctx *, const char *, size_t, const im_reader_options *,
                                    im_document *);

static inline int fuzz_reader_run(fuzz_reader_fn read, im_doc_format format,
                                  const uint8_t *data, size_t size)
{
    im_ctx *ctx = fuzz_ctx();
    im_reader_options o = IM_READER_OPTIONS_INIT;
    o.ocr = false;
    o.limits.max_pages = 20;
    o.limits.max_text = 1 << 20;
    o.limits.max_entry = 4 << 20;
    im_document *d = rd_document_new(format, o.limits.max_text);
    im_ctx_clear_error(ctx);
    im_status st = read(ctx, (const char *)data, size, &o, d);
    if (st == IM_OK)
        st = rd_document_finish(ctx, d);
    if (st != IM_OK) {
        FUZZ_CHECK(*im_ctx_last_error(ctx) != '\0');
        im_document_destroy(d);
        return 0;
    }
    size_t len;
    const char *text = im_document_text(d, &len);
    FUZZ_CHECK(text && text[len] == '\0' && strlen(text) == len && len <= o.limits.max_text);
    size_t prev = 0;
    for (size_t i = 0; i < im_document_paragraph_count(d); i++) {
        const im_doc_paragraph *p = im_document_paragraph(d, i);
        FUZZ_CHECK(p->start >= prev && p->start < p->end && p->end <= len);
        FUZZ_CHECK(!memchr(text + p->start, '\n', p->end - p->start));
        prev = p->end;
    }
    FUZZ_CHECK(!im_document_paragraph(d, im_document_paragraph_count(d)));
    for (size_t i = 0; i < im_document_note_count(d); i++) {
        const im_doc_note *n = im_document_note(d, i);
        FUZZ_CHECK(n->text && *n->text && n->ref_offset <= len);
    }
    for (size_t off = 0; off <= len + 1; off += 1 + len / 64)
        FUZZ_CHECK(im_document_source(d, off).where != NULL);
    im_doc_meta m = im_document_meta(d);
    FUZZ_CHECK(m.title && m.author && m.date && strlen(m.date) <= 10);
    im_document_destroy(d);
    return 0;
}

#endif
