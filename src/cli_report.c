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

int im_cli_load_report(im_ctx *ctx, const char *path, im_incident_set *out)
{
    return im_cli_load_report_links(ctx, path, out, NULL);
}

int im_cli_load_report_links(im_ctx *ctx, const char *path, im_incident_set *out,
                             im_link_set *links)
{
    char *data;
    size_t len;
    int rc = im_cli_read_input(path, &data, &len);
    if (rc)
        return rc;
    const im_gazetteer *gz = im_ctx_get_gazetteer(ctx);
    im_text *text = NULL;
    im_geoparse *gp = NULL;
    im_status st = gz ? im_text_create(ctx, data, len, &text) : IM_ERR_DATA_MISSING;
    if (st == IM_OK)
        st = im_geoparse_run(ctx, gz, text, &gp);
    if (st == IM_OK) {
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        const char *dot = strrchr(base, '.');
        char *doc = im_xstrndup(base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
        st = im_incidents_extract(ctx, gz, text, gp, doc, out, links);
        free(doc);
    }
    im_geoparse_destroy(gp);
    im_text_destroy(text);
    free(data);
    if (st != IM_OK) {
        im_cli_error("%s: %s", path, im_ctx_last_error(ctx));
        return im_status_exit_code(st);
    }
    return IM_EXIT_OK;
}
