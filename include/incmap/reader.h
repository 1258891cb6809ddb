/* Reports as analysts receive them: one reader per format behind one interface.
 *
 * im_reader_read looks at the bytes of a file (never its name) and picks a reader:
 * PDF (poppler, with OCR of pages that have no text layer), HTML (libxml2, the
 * article only), DOCX (a zip of XML) or plain text. Each returns an im_document: the
 * report's body as UTF-8 text, one paragraph per line; its footnotes and endnotes
 * kept apart from the body, each with the text offset where its marker stood; the
 * document's metadata (title, author, date); and a map from every text offset back to
 * where it came from (page for PDF, element for HTML and DOCX).
 *
 * Plain text is not touched: for IM_DOC_TEXT the document's text IS the input bytes,
 * so callers that decode text themselves (im_text_create) see exactly what they saw
 * before readers existed. Every reader bounds what it accepts (sizes, pages, zip
 * ratios, XML nesting) and refuses damaged or encrypted input with one message on the
 * context.
 */
#ifndef INCMAP_READER_H
#define INCMAP_READER_H

#include <stdbool.h>
#include <stddef.h>

#include "incmap/ctx.h"
#include "incmap/status.h"

typedef struct im_document im_document;

typedef enum im_doc_format {
    IM_DOC_TEXT,  /* anything not recognised below: handed on as it is */
    IM_DOC_PDF,   /* starts with %PDF- (within its first 1024 bytes) */
    IM_DOC_HTML,  /* markup that opens with a doctype or an <html>, <head> or <body> tag */
    IM_DOC_DOCX   /* a zip holding word/document.xml */
} im_doc_format;

/* Limits every reader holds to; IM_READER_LIMITS_INIT gives the defaults. */
typedef struct im_reader_limits {
    size_t max_input;    /* bytes of the file (default 256 MiB) */
    size_t max_text;     /* bytes of extracted text (default 64 MiB) */
    size_t max_pages;    /* PDF pages (default 5000) */
    size_t max_entry;    /* bytes of one uncompressed zip entry (default 64 MiB) */
    double max_ratio;    /* zip entry uncompressed/compressed (default 200) */
    size_t max_entries;  /* zip entries (default 10000) */
    int max_depth;       /* HTML/XML element nesting (default 256) */
} im_reader_limits;
#define IM_READER_LIMITS_INIT {(size_t)256 << 20, (size_t)64 << 20, 5000, \
                               (size_t)64 << 20, 200.0, 10000, 256}

/* Called once per OCR'd page, after it is read: 1-based page number, page count, and
 * the recogniser's mean confidence for the page (0-100). */
typedef void (*im_reader_progress_fn)(void *user, size_t page, size_t n_pages,
                                      int confidence);

typedef struct im_reader_options {
    bool ocr;                       /* OCR PDF pages without a text layer (default true) */
    const char *ocr_lang;           /* Tesseract language (default "eng") */
    int ocr_dpi;                    /* rendering resolution for OCR (default 300) */
    im_reader_progress_fn progress; /* may be NULL */
    void *progress_user;
    im_reader_limits limits;
} im_reader_options;
#define IM_READER_OPTIONS_INIT {true, "eng", 300, NULL, NULL, IM_READER_LIMITS_INIT}

/* One paragraph of the text: bytes [start, end), without its line feed. */
typedef struct im_doc_paragraph {
    size_t start, end;
} im_doc_paragraph;

/* One footnote or endnote: its number as printed (0 when none is known), its text
 * (UTF-8, borrowed), and the body text offset where its marker stood (the text length
 * when no marker was found). */
typedef struct im_doc_note {
    int number;
    bool endnote;
    const char *text;
    size_t ref_offset;
} im_doc_note;

/* Where a text offset came from. `page` is 1-based for PDF (0 otherwise); `element`
 * is the 1-based index of the source paragraph element (HTML block, DOCX w:p, PDF
 * text block; 0 for plain text); `where` names it ("p. 7", "/html/body/div[2]/p[3]",
 * "w:p 12"), borrowed, never NULL. */
typedef struct im_doc_source {
    unsigned page;
    unsigned element;
    const char *where;
} im_doc_source;

/* Document metadata; empty strings when unknown. `date` is the report date as
 * YYYY-MM-DD (or YYYY-MM, YYYY): a PDF's creation date, HTML's published time, a
 * DOCX's dcterms:created. Borrowed from the document. */
typedef struct im_doc_meta {
    const char *title;
    const char *author;
    const char *date;
} im_doc_meta;

/* What the reader did, for messages and tests. */
typedef struct im_doc_stats {
    size_t pages;          /* PDF pages read */
    size_t ocr_pages;      /* of which recognised by OCR */
    int ocr_confidence;    /* mean confidence of the OCR'd pages (0-100), 0 if none */
    size_t empty_pages;    /* pages without text left unread (no OCR, or OCR found none) */
    size_t dropped_lines;  /* running heads, feet and page numbers removed */
    size_t joined_hyphens; /* words broken across lines and joined again */
} im_doc_stats;

/* The format `bytes` hold, by their content. */
im_doc_format im_reader_detect(const char *bytes, size_t len);

/* The name of a format: "text", "pdf", "html", "docx". */
const char *im_doc_format_name(im_doc_format f);

/* Read `len` bytes with the reader their content calls for. `opts` may be NULL for
 * the defaults. On success `*out` is a document the caller owns (im_document_destroy).
 * Failures, recorded on `ctx` as one line ("an encrypted PDF (it needs a password)",
 * "a zip entry expands more than 200 times: a zip bomb?"): IM_ERR_INPUT for damaged,
 * encrypted or unsupported input, IM_ERR_INPUT_TOO_LARGE past a limit. A PDF whose
 * pages carry no text when OCR is off, or that OCR cannot read, also fails with
 * IM_ERR_INPUT, naming the pages. For IM_DOC_TEXT nothing can fail except the size. */
im_status im_reader_read(im_ctx *ctx, const char *bytes, size_t len,
                         const im_reader_options *opts, im_document **out);

void im_document_destroy(im_document *doc);

im_doc_format im_document_format(const im_document *doc);

/* The body text: for IM_DOC_TEXT the input bytes as given (not NUL-terminated past
 * `len` in general; do not rely on it); otherwise valid UTF-8, one paragraph per line,
 * NUL-terminated. Borrowed. */
const char *im_document_text(const im_document *doc, size_t *len);

size_t im_document_paragraph_count(const im_document *doc);
const im_doc_paragraph *im_document_paragraph(const im_document *doc, size_t i);

size_t im_document_note_count(const im_document *doc);
const im_doc_note *im_document_note(const im_document *doc, size_t i);

im_doc_meta im_document_meta(const im_document *doc);
im_doc_stats im_document_stats(const im_document *doc);

/* Where text offset `offset` came from (clamped to the text). O(log n). */
im_doc_source im_document_source(const im_document *doc, size_t offset);

#endif
