/* Tests of the document readers (include/incmap/reader.h) on inputs small enough to
 * write here: format detection by content, plain text passed through untouched, the
 * HTML reader's article choice, metadata and notes, the PDF reader on a PDF drawn
 * with cairo (page numbers dropped, page cited), and the limits (text size, pages,
 * nesting). Whole documents (two columns, OCR, DOCX) are tested end to end by
 * tests/readers/readers_equal.py. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#ifdef UNIT_TESTING
#undef malloc
#undef realloc
#undef calloc
#undef free
#endif

#include <cairo-pdf.h>
#include <cairo.h>

#include "incmap/ctx.h"
#include "incmap/reader.h"
#include "incmap/render.h"

static im_document *read_ok(const char *bytes, size_t len, const im_reader_options *o)
{
    im_ctx *ctx = im_ctx_create(NULL);
    im_document *d = NULL;
    im_status st = im_reader_read(ctx, bytes, len, o, &d);
    if (st != IM_OK)
        fprintf(stderr, "reader: %s\n", im_ctx_last_error(ctx));
    assert_int_equal(st, IM_OK);
    im_ctx_destroy(ctx);
    return d;
}

static im_status read_fail(const char *bytes, size_t len, const im_reader_options *o,
                           char *msg, size_t msg_size)
{
    im_ctx *ctx = im_ctx_create(NULL);
    im_document *d = NULL;
    im_status st = im_reader_read(ctx, bytes, len, o, &d);
    assert_null(d);
    snprintf(msg, msg_size, "%s", im_ctx_last_error(ctx));
    im_ctx_destroy(ctx);
    return st;
}

static void test_detect(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        im_doc_format want;
    } cases[] = {
        {"%PDF-1.7\n%\xe2\xe3\n", IM_DOC_PDF},
        {"\n\n%PDF-1.4", IM_DOC_PDF},
        {"PK\003\004\024\000", IM_DOC_DOCX},
        {"<!DOCTYPE html><p>x", IM_DOC_HTML},
        {"\xEF\xBB\xBF  <html lang=en>", IM_DOC_HTML},
        {"<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">", IM_DOC_HTML},
        {"<b>Kabul</b> was quiet on Monday.", IM_DOC_TEXT},
        {"A report that mentions <html> tags later on.", IM_DOC_TEXT},
        {"PK is a common abbreviation.", IM_DOC_TEXT},
        {"", IM_DOC_TEXT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(im_reader_detect(cases[i].bytes, strlen(cases[i].bytes)),
                         cases[i].want);
    assert_string_equal(im_doc_format_name(IM_DOC_DOCX), "docx");
}

static void test_text_passes_through(void **state)
{
    (void)state;
    const char report[] = "Fighting in Kabul.12\r\nMore \xff bytes.";
    im_document *d = read_ok(report, sizeof report - 1, NULL);
    size_t len;
    const char *t = im_document_text(d, &len);
    assert_ptr_equal(t, report); /* not even copied */
    assert_int_equal(len, sizeof report - 1);
    assert_int_equal(im_document_format(d), IM_DOC_TEXT);
    assert_int_equal(im_document_note_count(d), 0);
    assert_string_equal(im_document_meta(d).date, "");
    im_document_destroy(d);
}

static const char PAGE[] =
    "<!DOCTYPE html><html><head><title>Site | Story</title>"
    "<meta name=\"DC.date\" content=\"2019-03-02\">"
    "<meta property=\"og:title\" content=\"Clashes in Herat\">"
    "<script>var x = 'Tokyo';</script><style>p{}</style></head><body>"
    "<div class=\"cookie-banner\"><p>We use cookies in Lisbon and elsewhere, sorry.</p></div>"
    "<nav><a>Paris</a><a>Rome</a></nav>"
    "<div id=\"main\"><h1>Clashes in Herat</h1>"
    "<p>Fighting broke out in Herat on Monday, officials said, and lasted<br>until dawn."
    "<sup><a href=\"#n1\">1</a></sup></p>"
    "<p>Police said that 4 people were killed, 9 wounded, and 12 arrested, in all, "
    "in 3 km<sup>2</sup>.</p>"
    "<!-- Madrid --><div class=\"byline\"><time datetime=\"2019-03-04T10:00\">Monday</time></div>"
    "<ol><li id=\"n1\">A local source. <a href=\"#r1\">back</a></li></ol></div>"
    "<aside><p>Most read: Berlin, Cairo, Nairobi and other places, all day long.</p></aside>"
    "<footer><p>Copyright, London, with offices in Delhi and Lagos, since 1990.</p></footer>"
    "</body></html>";

static void test_html_article(void **state)
{
    (void)state;
    im_document *d = read_ok(PAGE, sizeof PAGE - 1, NULL);
    size_t len;
    const char *t = im_document_text(d, &len);
    assert_string_equal(t, "Clashes in Herat\n"
                           "Fighting broke out in Herat on Monday, officials said, and "
                           "lasted until dawn.\n"
                           "Police said that 4 people were killed, 9 wounded, and 12 arrested, "
                           "in all, in 3 km2.\n");
    assert_int_equal(im_document_paragraph_count(d), 3);
    const im_doc_paragraph *p = im_document_paragraph(d, 1);
    im_doc_source src = im_document_source(d, p->start + 3);
    assert_string_equal(src.where, "/html/body/div[2]/p[1]");
    assert_int_equal(src.element, 3); /* div#main, h1, p */
    /* og:title (rank 1) beats <title>; DC.date (rank 3) ties <time>: the first stays */
    im_doc_meta m = im_document_meta(d);
    assert_string_equal(m.title, "Clashes in Herat");
    assert_string_equal(m.date, "2019-03-02");
    assert_int_equal(im_document_note_count(d), 1);
    const im_doc_note *n = im_document_note(d, 0);
    assert_int_equal(n->number, 1);
    assert_string_equal(n->text, "A local source.");
    assert_int_equal(n->ref_offset, (size_t)(strstr(t, "dawn.") + 5 - t));
    im_document_destroy(d);
}

static void test_html_limits(void **state)
{
    (void)state;
    char msg[256];
    im_reader_options o = IM_READER_OPTIONS_INIT;
    o.limits.max_text = 40;
    assert_int_equal(read_fail(PAGE, sizeof PAGE - 1, &o, msg, sizeof msg),
                     IM_ERR_INPUT_TOO_LARGE);
    assert_non_null(strstr(msg, "longer than 40 bytes"));

    o = (im_reader_options)IM_READER_OPTIONS_INIT;
    o.limits.max_depth = 8;
    char deep[512] = "<html><body>";
    for (int i = 0; i < 20; i++)
        strcat(deep, "<div>");
    strcat(deep, "<p>Deep in Kabul, a long sentence of prose, for the score.</p></body></html>");
    assert_int_equal(read_fail(deep, strlen(deep), &o, msg, sizeof msg), IM_ERR_INPUT);
    assert_non_null(strstr(msg, "nested more than 8"));

    o = (im_reader_options)IM_READER_OPTIONS_INIT;
    o.limits.max_input = 10;
    assert_int_equal(read_fail(PAGE, sizeof PAGE - 1, &o, msg, sizeof msg),
                     IM_ERR_INPUT_TOO_LARGE);
}

/* cairo writes PDFs: `pages` pages, each a line of body text and a page number. */
typedef struct pdf_buf {
    unsigned char *data;
    size_t len;
} pdf_buf;

static cairo_status_t pdf_write(void *closure, const unsigned char *data, unsigned int n)
{
    pdf_buf *b = closure;
    b->data = realloc(b->data, b->len + n);
    memcpy(b->data + b->len, data, n);
    b->len += n;
    return CAIRO_STATUS_SUCCESS;
}

static pdf_buf make_pdf(int pages)
{
    pdf_buf b = {NULL, 0};
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(pdf_write, &b, 595, 842);
    cairo_t *cr = cairo_create(s);
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    for (int p = 1; p <= pages; p++) {
        char line[64];
        cairo_set_font_size(cr, 11);
        snprintf(line, sizeof line, "Page %d tells of fighting near Herat.", p);
        cairo_move_to(cr, 72, 300);
        cairo_show_text(cr, line);
        cairo_set_font_size(cr, 9);
        snprintf(line, sizeof line, "- %d -", p);
        cairo_move_to(cr, 290, 810);
        cairo_show_text(cr, line);
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    return b;
}

static void test_pdf_pages(void **state)
{
    (void)state;
    pdf_buf b = make_pdf(3);
    im_document *d = read_ok((const char *)b.data, b.len, NULL);
    size_t len;
    const char *t = im_document_text(d, &len);
    assert_int_equal(im_document_format(d), IM_DOC_PDF);
    assert_string_equal(t, "Page 1 tells of fighting near Herat.\n"
                           "Page 2 tells of fighting near Herat.\n"
                           "Page 3 tells of fighting near Herat.\n");
    im_doc_stats st = im_document_stats(d);
    assert_int_equal(st.pages, 3);
    assert_int_equal(st.dropped_lines, 3); /* the page numbers */
    im_doc_source src = im_document_source(d, (size_t)(strstr(t, "Page 2") - t));
    assert_int_equal(src.page, 2);
    assert_string_equal(src.where, "p. 2");
    assert_int_equal(im_document_source(d, len + 100).page, 3); /* clamped */
    im_document_destroy(d);

    char msg[256];
    im_reader_options o = IM_READER_OPTIONS_INIT;
    o.limits.max_pages = 2;
    assert_int_equal(read_fail((const char *)b.data, b.len, &o, msg, sizeof msg),
                     IM_ERR_INPUT_TOO_LARGE);
    assert_string_equal(msg, "a PDF of 3 pages, more than 2");
    /* cut in half: poppler cannot find the pages */
    free(b.data);
}

/* One column: a heading set out into the margin, a ragged paragraph, a list whose
 * first item runs on to a hanging line, and small print at the foot that is not a
 * note (no number). Each paragraph must come out whole. */
static pdf_buf make_single_column(void)
{
    pdf_buf b = {NULL, 0};
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(pdf_write, &b, 595, 842);
    cairo_t *cr = cairo_create(s);
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    static const struct {
        double x, y, size;
        const char *text;
    } lines[] = {
        {72, 100, 16, "2. Attacks in Herat"},
        {120, 130, 9, "Gunmen attacked a checkpoint outside the city on Monday night,"},
        {120, 143, 9, "officials said, and fighting went on until the morning."},
        {120, 156, 9, "Two police officers died."},
        {120, 182, 9, "\u2022 One attack was on a bus carrying workers from the western"},
        {130, 195, 9, "districts."},
        {120, 208, 9, "\u2022 Another hit a market."},
        {120, 790, 7, "Listing: ls -l /var/lib/reports"},
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        cairo_set_font_size(cr, lines[i].size);
        cairo_move_to(cr, lines[i].x, lines[i].y);
        cairo_show_text(cr, lines[i].text);
    }
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    return b;
}

static void test_pdf_single_column(void **state)
{
    (void)state;
    pdf_buf b = make_single_column();
    im_document *d = read_ok((const char *)b.data, b.len, NULL);
    assert_string_equal(im_document_text(d, NULL),
                        "2. Attacks in Herat\n"
                        "Gunmen attacked a checkpoint outside the city on Monday night, "
                        "officials said, and fighting went on until the morning. "
                        "Two police officers died.\n"
                        "\u2022 One attack was on a bus carrying workers from the western "
                        "districts.\n"
                        "\u2022 Another hit a market.\n"
                        "Listing: ls -l /var/lib/reports\n");
    assert_int_equal(im_document_note_count(d), 0);
    im_document_destroy(d);
    free(b.data);
}

static void test_pdf_refused(void **state)
{
    (void)state;
    char msg[256];
    const char junk[] = "%PDF-1.7\nthis is not a PDF at all, only its header\n";
    assert_int_equal(read_fail(junk, sizeof junk - 1, NULL, msg, sizeof msg), IM_ERR_INPUT);
    assert_non_null(strstr(msg, "a damaged PDF"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect),
        cmocka_unit_test(test_text_passes_through),
        cmocka_unit_test(test_html_article),
        cmocka_unit_test(test_html_limits),
        cmocka_unit_test(test_pdf_pages),
        cmocka_unit_test(test_pdf_single_column),
        cmocka_unit_test(test_pdf_refused),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    im_render_release_caches(); /* the fonts cairo loaded to draw the test PDFs */
    return rc;
}
