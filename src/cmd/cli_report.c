/* Reports as command input (program side): read a report file, geoparse it and
 * extract its incidents in one call, for the commands that accept either a report or
 * a layer (map, filter). Errors are printed as one line naming the file. */
#include "commands.h"
#include "incmap/incidents.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool im_cli_is_report(const char *path)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash))
        return false;
    static const char *const exts[] = {".txt", ".text", ".md", ".htm", ".html", NULL};
    for (const char *const *e = exts; *e; e++)
        if (!strcasecmp(dot, *e))
            return true;
    return false;
}

int im_cli_report_open(im_ctx *ctx, const char *path, im_cli_report *out)
{
    memset(out, 0, sizeof *out);
    int rc = im_cli_read_input(path, &out->data, &out->len);
    if (rc)
        return rc;
    out->gz = im_ctx_get_gazetteer(ctx);
    im_status st = out->gz ? im_text_create(ctx, out->data, out->len, &out->text)
                           : IM_ERR_DATA_MISSING;
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
