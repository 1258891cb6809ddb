/* Reports as command input (program side): read a report file — plain text, or a
 * PDF, HTML page or Word file through its reader (include/incmap/reader.h) —, geoparse
 * it and extract its incidents in one call, for the commands that accept either a
 * report or a layer (map, filter). Errors are printed as one line naming the file;
 * OCR progress goes to stderr, a line per page. */
#include "commands.h"
#include "incmap/alloc.h"
#include "incmap/incidents.h"
#include "incmap/reader.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The program's one reader setting: --no-ocr of the commands that read reports. */
static bool no_ocr;

void im_cli_set_no_ocr(bool value)
{
    no_ocr = value;
}

static void ocr_progress(void *user, size_t page, size_t n_pages, int confidence)
{
    fprintf(stderr, "incmap: %s: OCR page %zu/%zu, confidence %d%%\n", (const char *)user,
            page, n_pages, confidence);
}

int im_cli_report_convert(const char *path, char **data, size_t *len, im_document **out)
{
    if (im_reader_detect(*data, *len) == IM_DOC_TEXT)
        return IM_EXIT_OK;
    const char *name = strcmp(path, "-") ? path : "standard input";
    im_ctx *ctx = im_ctx_create(NULL);
    im_reader_options o = IM_READER_OPTIONS_INIT;
    o.ocr = !no_ocr;
    o.progress = ocr_progress;
    o.progress_user = (void *)name;
    im_document *doc = NULL;
    im_status st = im_reader_read(ctx, *data, *len, &o, &doc);
    if (st != IM_OK) {
        im_cli_error("cannot read '%s': %s", name, im_ctx_last_error(ctx));
        im_ctx_destroy(ctx);
        return IM_EXIT_FAILURE;
    }
    im_ctx_destroy(ctx);
    im_doc_stats stats = im_document_stats(doc);
    if (stats.empty_pages)
        fprintf(stderr, "incmap: warning: '%s': %zu of %zu pages have no text (scanned?) and "
                "were not read%s\n", name, stats.empty_pages, stats.pages,
                no_ocr ? " (OCR is off: --no-ocr)" : "");
    size_t n;
    const char *text = im_document_text(doc, &n);
    free(*data);
    *data = im_xstrndup(text, n);
    *len = n;
    if (out)
        *out = doc;
    else
        im_document_destroy(doc);
    return IM_EXIT_OK;
}

bool im_cli_is_report(const char *path)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash))
        return false;
    /* a PDF given where a layer may be is a report: GeoPDF layers go through
       ogr2ogr first */
    static const char *const exts[] = {".txt", ".text", ".md", ".htm", ".html", ".xhtml",
                                       ".pdf", ".docx", NULL};
    for (const char *const *e = exts; *e; e++)
        if (!strcasecmp(dot, *e))
            return true;
    return false;
}

int im_cli_report_open(im_ctx *ctx, const char *path, im_cli_report *out)
{
    memset(out, 0, sizeof *out);
    int rc = im_cli_read_input_doc(path, &out->data, &out->len, &out->source);
    if (rc)
        return rc;
    out->gz = im_ctx_get_gazetteer(ctx);
    /* a reader's footnote markers go to the sentences they follow */
    size_t n_notes = out->source ? im_document_note_count(out->source) : 0;
    im_text_note *notes = n_notes ? im_xcalloc(n_notes, sizeof *notes) : NULL;
    for (size_t i = 0; i < n_notes; i++) {
        const im_doc_note *dn = im_document_note(out->source, i);
        notes[i] = (im_text_note){dn->ref_offset, dn->number};
    }
    im_status st = out->gz ? im_text_create_noted(ctx, out->data, out->len, notes, n_notes,
                                                  &out->text)
                           : IM_ERR_DATA_MISSING;
    free(notes);
    if (st == IM_OK)
        st = im_geoparse_run(ctx, out->gz, out->text, &out->gp);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (!strcmp(path, "-"))
        base = "stdin";
    const char *dot = strrchr(base, '.');
    out->doc = im_xstrndup(base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
    if (st != IM_OK) {
        im_cli_error("%s: %s", path, im_ctx_last_error(ctx));
        im_cli_report_close(out);
        return im_status_exit_code(st);
    }
    return IM_EXIT_OK;
}

void im_cli_report_close(im_cli_report *r)
{
    im_geoparse_destroy(r->gp);
    im_text_destroy(r->text);
    im_document_destroy(r->source);
    free(r->data);
    free(r->doc);
    memset(r, 0, sizeof *r);
}

int im_cli_load_report(im_ctx *ctx, const char *path, im_incident_set *out)
{
    return im_cli_load_report_links(ctx, path, out, NULL);
}

int im_cli_load_report_links(im_ctx *ctx, const char *path, im_incident_set *out,
                             im_link_set *links)
{
    im_cli_report r;
    int rc = im_cli_report_open(ctx, path, &r);
    if (rc)
        return rc;
    im_status st = im_incidents_extract(ctx, r.gz, r.text, r.gp, r.doc, out, links);
    im_cli_report_close(&r);
    if (st != IM_OK) {
        im_cli_error("%s: %s", path, im_ctx_last_error(ctx));
        return im_status_exit_code(st);
    }
    return IM_EXIT_OK;
}
