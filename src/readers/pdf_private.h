/* The PDF reader's inner pieces: a page's text as lines with their geometry (pdf.c
 * gets them from poppler), the layout pass that orders and sorts them into body,
 * furniture and notes (pdf_layout.c), and OCR for pages without text (ocr.c).
 */
#ifndef INCMAP_PDF_PRIVATE_H
#define INCMAP_PDF_PRIVATE_H

#include "readers_private.h"

typedef enum { PL_BODY, PL_FURNITURE, PL_NOTE } pl_kind;

/* A footnote marker found in a line: its number and byte offset in the line's text. */
typedef struct pl_marker {
    int number;
    size_t at;
} pl_marker;

/* One text line of a page, in PDF points with y growing downwards. */
typedef struct pl_line {
    char *text;            /* UTF-8, markers removed, trimmed */
    size_t len;
    double x0, y0, x1, y1; /* bounding box of its glyphs */
    double size;           /* the font size most of its characters have */
    unsigned page;         /* 1-based */
    pl_kind kind;
    int col;               /* column index within its band (pdf_layout.c) */
    int band;              /* vertical band between full-width lines */
    pl_marker *markers;
    size_t n_markers;
} pl_line;

typedef struct pl_page {
    double width, height;
    pl_line *lines;
    size_t n_lines;
    bool ocr;              /* its lines come from OCR */
} pl_page;

/* Order every page's lines, drop running heads/feet and page numbers, recognise
 * footnotes, and write paragraphs and notes into `d`. `pages` are modified. */
void pl_layout(im_document *d, pl_page *pages, size_t n_pages);

/* OCR of one page: a recogniser made once per document. */
typedef struct rd_ocr rd_ocr;
/* NULL with an error on ctx when Tesseract or its language data cannot be loaded. */
rd_ocr *rd_ocr_create(im_ctx *ctx, const char *lang);
void rd_ocr_destroy(rd_ocr *o);
/* Recognise an 8-bit grey image (`stride` bytes a row) at `dpi` as the text lines of
 * page `page_no`, appended to `page` in PDF points; returns how many. `*confidence`
 * receives the recogniser's mean confidence (0-100). */
size_t rd_ocr_image(rd_ocr *o, const unsigned char *grey, int width, int height, int stride,
                    int dpi, unsigned page_no, pl_page *page, int *confidence);

#endif
