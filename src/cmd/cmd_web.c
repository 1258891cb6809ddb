/* `incmap web INPUT -o FILE.html`: the interactive briefing page (web.h) from a report
 * or any OGR point layer, as `incmap map` reads them.
 *
 * This file owns the edges: options, reading INPUT, and the file — written beside its
 * target and renamed into place, never over an existing file without --overwrite
 * (web_write_file, shared with `incmap brief`, which puts index.html in every pack).
 * The page itself is src/web/'s.
 */
#include "commands.h"
#include "incmap/filter.h"
#include "incmap/incidents.h"
#include "incmap/layers.h"
#include "incmap/regions.h"
#include "incmap/web.h"

#include <errno.h>
#include <gdal.h>
#include <ogr_api.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const im_opt_spec specs[] = {
    {"output", 'o', IM_OPT_VALUE, "FILE", "output page, .html (required)", IM_OPT_TEXT, 0, 0, NULL},
    {"title", 't', IM_OPT_VALUE, "TEXT", "page title (default: 'Incidents in INPUT')", IM_OPT_TEXT,
     0, 0, NULL},
    IM_CLI_OPT_BANNER,
    {"regions", 0, IM_OPT_VALUE, "NAME,...", "zoom presets (default: every region with "
                                             "incidents)", IM_OPT_TEXT, 0, 0, NULL},
    {"layer", 'l', IM_OPT_VALUE, "NAME", "layer of INPUT to read (default: the first)",
     IM_OPT_TEXT, 0, 0, NULL},
    {"date", 0, IM_OPT_VALUE, "YYYY-MM-DD", "date printed as 'made' (default: none)", IM_OPT_TEXT,
     0, 0, NULL},
    IM_CLI_OPT_OVERWRITE,
    IM_CLI_OPT_QUIET,
    IM_CLI_OPT_HELP,
};

im_status web_write_file(im_ctx *ctx, const char *path, const im_web_opts *wo,
                         const im_incident_set *set, const im_link_set *links, bool overwrite)
{
    if (!overwrite && access(path, F_OK) == 0)
        return im_ctx_fail(ctx, IM_ERR_IO_EXISTS, "'%s' exists (use --overwrite to replace it)",
                           path);
    char *tmp = im_xasprintf("%s.tmp-%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        im_status st = im_ctx_fail(ctx, IM_ERR_IO, "cannot create '%s': %s", path,
                                   strerror(errno));
        free(tmp);
        return st;
    }
    im_status st = im_web_write(ctx, f, wo, set, links);
    if (st == IM_ERR_IO) { /* the library speaks of a stream: name the file */
        char *why = im_xstrdup(im_ctx_last_error(ctx));
        im_ctx_fail(ctx, st, "'%s': %s", path, why);
        free(why);
    }
    if (fclose(f) != 0 && st == IM_OK)
        st = im_ctx_fail(ctx, IM_ERR_IO, "cannot write '%s': %s", path, strerror(errno));
    if (st == IM_OK && rename(tmp, path) != 0)
        st = im_ctx_fail(ctx, IM_ERR_IO, "cannot rename into '%s': %s", path, strerror(errno));
    if (st != IM_OK)
        unlink(tmp);
    free(tmp);
    return st;
}

/* The links of an incmap layer set, for the arrows: the `links` layer of the same
 * dataset (a GeoPackage from `extract`), or `STEM_links.geojson` beside `STEM.geojson`.
 * Each line's first and last points are the link's ends. Quiet when there is none:
 * other point layers have no links. */
static void read_links(const char *input, im_link_set *out)
{
    GDALAllRegister();
    char *sibling = NULL;
    const char *dot = strrchr(input, '.');
    if (dot && !strcasecmp(dot, ".geojson"))
        sibling = im_xasprintf("%.*s_links.geojson", (int)(dot - input), input);
    GDALDatasetH ds = GDALOpenEx(sibling && access(sibling, R_OK) == 0 ? sibling : input,
                                 GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    OGRLayerH layer = !ds ? NULL : sibling && access(sibling, R_OK) == 0
                                       ? GDALDatasetGetLayer(ds, 0)
                                       : GDALDatasetGetLayerByName(ds, "links");
    OGRFeatureDefnH defn = layer ? OGR_L_GetLayerDefn(layer) : NULL;
    int f_kind = defn ? OGR_FD_GetFieldIndex(defn, "kind") : -1;
    OGRFeatureH f;
    while (f_kind >= 0 && (f = OGR_L_GetNextFeature(layer))) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        int n = g && wkbFlatten(OGR_G_GetGeometryType(g)) == wkbLineString ? OGR_G_GetPointCount(g)
                                                                           : 0;
        if (n >= 2) {
            out->items = im_xgrow(out->items, &out->cap, out->n + 1, sizeof *out->items);
            im_link *l = &out->items[out->n++];
            memset(l, 0, sizeof *l);
            l->from_lon = OGR_G_GetX(g, 0);
            l->from_lat = OGR_G_GetY(g, 0);
            l->to_lon = OGR_G_GetX(g, n - 1);
            l->to_lat = OGR_G_GetY(g, n - 1);
            static const char *const names[] = {"kind", "from_name", "to_name", "event_id"};
            char **fields[] = {&l->kind, &l->from_name, &l->to_name, &l->event_id};
            for (size_t k = 0; k < 4; k++) {
                int i = OGR_FD_GetFieldIndex(defn, names[k]);
                im_set_str(fields[k], i >= 0 ? OGR_F_GetFieldAsString(f, i) : "");
            }
        }
        OGR_F_Destroy(f);
    }
    if (ds)
        GDALClose(ds);
    free(sibling);
}

static bool ends_with(const char *s, const char *ext)
{
    size_t n = strlen(s), e = strlen(ext);
    return n > e && strcasecmp(s + n - e, ext) == 0;
}

int cmd_web(im_ctx *ctx, int argc, char **argv)
{
    im_opts opts;
    im_incident_set set = {NULL, 0, 0};
    im_link_set links = {0};
    char **regions = NULL;
    size_t n_regions = 0;
    char *in_copy = NULL;
    int rc = im_cli_parse(&opts, specs, sizeof specs / sizeof specs[0], argc, argv);
    if (rc >= 0)
        goto done;
    rc = IM_EXIT_USAGE;
    const char *out = im_opts_get(&opts, "output");
    if (opts.n_args != 1) {
        im_cli_usage_error("web", opts.n_args ? "give exactly one INPUT" : "no INPUT given");
        goto done;
    }
    if (!out) {
        im_cli_usage_error("web", "--output FILE is required");
        goto done;
    }
    if (!ends_with(out, ".html") && !ends_with(out, ".htm")) {
        im_cli_usage_error("web", "--output '%s' must end in .html", out);
        goto done;
    }
    const char *v;
    if ((v = im_opts_get(&opts, "regions"))) {
        char *list = im_xstrdup(v), *save = NULL;
        for (char *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            if (!im_region_find(tok)) {
                im_cli_usage_error("web", "--regions: '%s' is not a region incmap knows", tok);
                free(list);
                goto done;
            }
            regions = im_xreallocarray(regions, n_regions + 1, sizeof *regions);
            regions[n_regions++] = im_xstrdup(tok);
        }
        free(list);
        if (!n_regions) {
            im_cli_usage_error("web", "--regions '%s' names no region", v);
            goto done;
        }
    }
    if ((v = im_opts_get(&opts, "date"))) {
        int y, mth, d;
        if (!im_parse_iso_day(v, &y, &mth, &d)) {
            im_cli_usage_error("web", "--date '%s' is not a calendar date YYYY-MM-DD", v);
            goto done;
        }
    }
    if (!im_web_available()) {
        im_cli_error("web: this incmap was built without the map library (install "
                     "libjs-leaflet, then reconfigure and rebuild)");
        rc = IM_EXIT_FAILURE;
        goto done;
    }
    bool overwrite = im_opts_count(&opts, "overwrite") > 0;
    const char *input = opts.args[0];

    /* from here on failures are runtime failures */
    if (!overwrite && access(out, F_OK) == 0) {
        rc = im_cli_fail(ctx, im_ctx_fail(ctx, IM_ERR_IO_EXISTS, "'%s' exists (use --overwrite "
                                                               "to replace it)", out));
        goto done;
    }
    im_status st = IM_OK;
    if (im_cli_is_report(input) || !strcmp(input, "-")) {
        rc = im_cli_load_report_links(ctx, input, &set, &links);
        if (rc)
            goto done;
    } else {
        im_read_opts ro = IM_READ_OPTS_INIT;
        ro.layer = im_opts_get(&opts, "layer");
        st = im_layers_read(ctx, input, &ro, &set);
        if (st == IM_OK)
            read_links(input, &links);
    }
    if (st != IM_OK) {
        rc = im_cli_fail(ctx, st);
        goto done;
    }
    in_copy = im_xstrdup(input);
    im_web_opts wo = IM_WEB_OPTS_INIT;
    wo.title = im_opts_get(&opts, "title");
    wo.banner = im_opts_get(&opts, "banner");
    wo.made = im_opts_get(&opts, "date");
    wo.source_name = strcmp(input, "-") ? basename(in_copy) : "standard input";
    wo.regions = (const char *const *)regions;
    wo.n_regions = n_regions;
    st = web_write_file(ctx, out, &wo, &set, &links, overwrite);
    if (st != IM_OK) {
        rc = im_cli_fail(ctx, st);
        goto done;
    }
    if (im_cli_verbosity_of(ctx, &opts) != IM_CLI_QUIET) {
        size_t placed = 0;
        for (size_t i = 0; i < set.n; i++)
            placed += set.items[i].has_coords;
        fprintf(stderr, "incmap: wrote %s: %zu incidents (%zu on the map), %zu links\n", out,
                set.n, placed, links.n);
    }
    rc = IM_EXIT_OK;
done:
    for (size_t i = 0; i < n_regions; i++)
        free(regions[i]);
    free(regions);
    free(in_copy);
    im_incident_set_clear(&set);
    im_link_set_clear(&links);
    im_opts_free(&opts);
    return rc;
}
