/* What the readers share: the document under construction and its builder.
 *
 * A reader appends text paragraph by paragraph (rd_para_begin, rd_append, rd_para_end),
 * saying for each piece where it came from; the builder keeps the paragraphs, the
 * source map and the notes, and enforces the text-size limit. Readers never print:
 * they fail through im_ctx_fail and return the status.
 */
#ifndef INCMAP_READERS_PRIVATE_H
#define INCMAP_READERS_PRIVATE_H

#include "incmap/reader.h"

typedef struct rd_span {
    size_t start;     /* first text offset of the span */
    unsigned page, element;
    size_t where;     /* offset of its name in the names buffer */
} rd_span;

struct im_document {
    im_doc_format format;
    const char *text;        /* the text (owned unless format is IM_DOC_TEXT) */
    char *buf;               /* owned text buffer */
    size_t len, cap, max_text;
    bool in_para, overflow;
    size_t para_start;
    im_doc_paragraph *paras;
    size_t n_paras, cap_paras;
    im_doc_note *notes;
    size_t n_notes, cap_notes;
    rd_span *spans;
    size_t n_spans, cap_spans;
    char *names;             /* NUL-separated source names */
    size_t names_len, names_cap;
    char *title, *author, *date;
    im_doc_stats stats;
};

/* A new, empty document of `format`, limited to `max_text` bytes of text. */
im_document *rd_document_new(im_doc_format format, size_t max_text);

/* Start a paragraph coming from `page`/`element`, named `where` (copied). */
void rd_para_begin(im_document *d, unsigned page, unsigned element, const char *where);
/* Say that the text appended from now on comes from `page`/`element`/`where`, e.g.
 * when a paragraph runs on to the next page. */
void rd_mark(im_document *d, unsigned page, unsigned element, const char *where);
/* Append `len` bytes of UTF-8 to the open paragraph; runs of white space (including
 * line feeds) become one space, and leading space is dropped. */
void rd_append(im_document *d, const char *s, size_t len);
/* End the open paragraph: trailing space goes; an empty paragraph is dropped. */
void rd_para_end(im_document *d);
/* The offset the next appended byte would get (after pending space is resolved). */
size_t rd_offset(const im_document *d);
/* Add a note (text copied, white space collapsed); ref_offset as in im_doc_note. */
void rd_note_add(im_document *d, int number, bool endnote, const char *text, size_t len,
                 size_t ref_offset);
/* Set a metadata field (copied; white space collapsed); later calls do not replace a
 * non-empty value unless `replace`. */
void rd_meta_set(char **field, const char *s, bool replace);
/* Finish the text: fails (IM_ERR_INPUT_TOO_LARGE) if it outgrew its limit. */
im_status rd_document_finish(im_ctx *ctx, im_document *d);

/* A date as YYYY-MM-DD (or shorter) from the start of an ISO 8601 or PDF date
 * ("D:20240131..."), written into `out` (11 bytes); false if `s` holds none. */
bool rd_date_normalise(const char *s, char out[11]);

/* The readers. Each fills `d` (made by the caller) or fails on ctx. */
im_status rd_read_pdf(im_ctx *ctx, const char *bytes, size_t len,
                      const im_reader_options *o, im_document *d);
im_status rd_read_html(im_ctx *ctx, const char *bytes, size_t len,
                       const im_reader_options *o, im_document *d);
im_status rd_read_docx(im_ctx *ctx, const char *bytes, size_t len,
                       const im_reader_options *o, im_document *d);

#endif
