/* `incmap map INPUT -o FILE.{png,pdf,svg}`: one briefing map from an incident layer
 * or a report.
 *
 * This file owns the edges the renderer does not touch: options, reading INPUT (any
 * OGR point layer through layers.h, or a report through the extractor in
 * load_report_incidents), and exit codes. Writing the file (surface by extension,
 * temporary file renamed into place, never overwriting without --overwrite) is
 * map_output.c's, shared with `incmap brief`; the map itself is render.h's job.
 */
#include "commands.h"
#include "incmap/filter.h"
#include "incmap/geoparse.h"
#include "incmap/incidents.h"
#include "incmap/layers.h"
#include "incmap/render.h"
#include "incmap/text.h"

#include <errno.h>
#include <libgen.h>
#include "incmap/regions.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const im_opt_spec specs[] = {
    {"output", 'o', IM_OPT_VALUE, "FILE", "output map: .png, .pdf or .svg (required)", IM_OPT_TEXT, 0, 0, NULL},
    {"region", 'r', IM_OPT_VALUE, "NAME", "map a region: a named region (see 'incmap "
                                          "regions'), a country or a province", IM_OPT_TEXT, 0, 0, NULL},
    {"region-file", 0, IM_OPT_VALUE, "FILE", "map the region of the polygons in FILE", IM_OPT_TEXT,
     0, 0, NULL},
    {"bbox", 0, IM_OPT_VALUE, "W,S,E,N", "map this lon/lat box instead (degrees)", IM_OPT_TEXT, 0, 0, NULL},
    {"proj", 0, IM_OPT_VALUE, "PROJ", "projection (PROJ string or EPSG:n) instead of the "
                                      "region's", IM_OPT_TEXT, 0, 0, NULL},
    {"title", 't', IM_OPT_VALUE, "TEXT", "map title", IM_OPT_TEXT, 0, 0, NULL},
    {"subtitle", 0, IM_OPT_VALUE, "TEXT", "subtitle (default: period covered and counts)", IM_OPT_TEXT, 0, 0, NULL},
    IM_CLI_OPT_PAPER,
    {"landscape", 0, IM_OPT_FLAG, NULL, "landscape page (default)", IM_OPT_TEXT, 0, 0, NULL},
    IM_CLI_OPT_PORTRAIT,
    IM_CLI_OPT_DPI,
    IM_CLI_OPT_BANNER,
    /* the choices are in the order of im_label_mode, im_color_by and im_size_by */
    {"labels", 0, IM_OPT_VALUE, "auto|all|none", "which incidents get labels", IM_OPT_CHOICE, 0,
     0, "auto"},
    {"color-by", 0, IM_OPT_VALUE, "type|year", "what symbol colours tell", IM_OPT_CHOICE, 0, 0,
     "type"},
    {"size-by", 0, IM_OPT_VALUE, "fatalities|none", "what symbol sizes tell", IM_OPT_CHOICE, 0,
     0, "fatalities"},
    {"layer", 'l', IM_OPT_VALUE, "NAME", "layer of INPUT to read (default: the first)", IM_OPT_TEXT, 0, 0, NULL},
    {"no-cities", 0, IM_OPT_FLAG, NULL, "leave out reference cities", IM_OPT_TEXT, 0, 0, NULL},
    {"no-clusters", 0, IM_OPT_FLAG, NULL, "draw co-located incidents one by one", IM_OPT_TEXT, 0, 0, NULL},
    {"date", 0, IM_OPT_VALUE, "YYYY-MM-DD", "date printed as 'made' (default: today)", IM_OPT_TEXT, 0, 0, NULL},
    IM_CLI_OPT_OVERWRITE,
    IM_CLI_OPT_QUIET,
    IM_CLI_OPT_HELP,
};

typedef enum out_kind { OUT_PNG, OUT_PDF, OUT_SVG } out_kind;

static bool ends_with(const char *s, const char *ext)
{
    size_t n = strlen(s), e = strlen(ext);
    return n > e && strcasecmp(s + n - e, ext) == 0;
}

static void print_summary(const im_map *map, const char *path)
{
    im_map_stats s;
    im_map_get_stats(map, &s);
    fprintf(stderr, "incmap: wrote %s: %zu of %zu incidents in the frame, %zu clusters; "
            "%zu link arrows; labels %zu placed (%zu with leaders), %zu dropped, %zu overlaps; "
            "scale 1:%.0f, bar %g km true at %.2f°N\n", path, s.in_frame, s.incidents,
            s.clusters, s.links,
            s.labels_placed, s.labels_leader, s.labels_dropped, s.overlaps, s.scale_denominator,
            s.scalebar_km, s.scalebar_lat);
}

int cmd_map(im_ctx *ctx, int argc, char **argv)
{
    im_opts opts;
    im_incident_set set = {NULL, 0, 0};
    im_link_set links = {0};
    im_map *map = NULL;
    im_area area;
    memset(&area, 0, sizeof area);
    int rc = im_cli_parse(&opts, specs, sizeof specs / sizeof specs[0], argc, argv);
    if (rc >= 0)
        goto done;
    bool quiet = im_cli_verbosity_of(ctx, &opts) == IM_CLI_QUIET;   /* -q: errors only */
    rc = IM_EXIT_USAGE;
    im_map_opts mo = IM_MAP_OPTS_INIT;
    const char *out = im_opts_get(&opts, "output");
    if (opts.n_args != 1) {
        im_cli_usage_error("map", opts.n_args ? "give exactly one INPUT" : "no INPUT given");
        goto done;
    }
    if (!out) {
        im_cli_usage_error("map", "--output FILE is required");
        goto done;
    }
    out_kind kind;
    if (ends_with(out, ".png"))
        kind = OUT_PNG;
    else if (ends_with(out, ".pdf"))
        kind = OUT_PDF;
    else if (ends_with(out, ".svg"))
        kind = OUT_SVG;
    else {
        im_cli_usage_error("map", "--output '%s' must end in .png, .pdf or .svg", out);
        goto done;
    }
    const char *v;
    if ((v = im_opts_get(&opts, "region")) && im_opts_get(&opts, "region-file")) {
        im_cli_usage_error("map", "--region and --region-file exclude each other");
        goto done;
    }
    if ((v = im_opts_get(&opts, "region"))) {
        im_status ast = im_area_resolve(ctx, v, NULL, &area);
        if (ast != IM_OK) {
            rc = ast == IM_ERR_USAGE_VALUE
                     ? im_cli_usage_error("map", "--region %s", im_ctx_last_error(ctx))
                     : im_cli_fail(ctx, ast);
            goto done;
        }
        mo.area = &area;
    }
    if ((v = im_opts_get(&opts, "region-file"))) {
        im_status ast = im_area_from_file(ctx, v, &area);
        if (ast != IM_OK) {
            im_cli_error("map: --region-file %s", im_ctx_last_error(ctx));
            rc = im_status_exit_code(ast);
            goto done;
        }
        mo.area = &area;
    }
    if ((v = im_opts_get(&opts, "bbox"))) {
        if (mo.area) {
            im_cli_usage_error("map", "--bbox and --region exclude each other");
            goto done;
        }
        char err[256];
        if (!im_parse_bbox_across(v, mo.bbox, err, sizeof err)) {
            im_cli_usage_error("map", "%s", err);
            goto done;
        }
        mo.has_bbox = true;
    }
    bool portrait = im_opts_count(&opts, "portrait") > 0;
    if (portrait && im_opts_count(&opts, "landscape")) {
        im_cli_usage_error("map", "--landscape and --portrait exclude each other");
        goto done;
    }
    const char *paper = im_opts_value(&opts, "paper");
    if (!im_paper_size(paper, !portrait, &mo.page_w_mm, &mo.page_h_mm)) {
        im_cli_usage_error("map", "--paper '%s' is not A4, A3, letter or WxHmm (50 to 2000 mm)",
                           paper);
        goto done;
    }
    double dpi = im_opts_number(&opts, "dpi");   /* range checked by the spec */
    if (kind == OUT_PNG) {
        /* cairo image surfaces stop at 32767 pixels a side */
        double wpx = mo.page_w_mm / 25.4 * dpi, hpx = mo.page_h_mm / 25.4 * dpi;
        if (wpx > 32767 || hpx > 32767 || wpx * hpx > 400e6) {
            im_cli_usage_error("map", "--dpi %g is too high for a %gx%g mm page (at most 32767 "
                               "pixels a side and 400 megapixels)", dpi, mo.page_w_mm,
                               mo.page_h_mm);
            goto done;
        }
    }
    /* checked by the specs; each choice is the enum's value */
    mo.labels = (im_label_mode)im_opts_choice(&opts, "labels");
    mo.color_by = (im_color_by)im_opts_choice(&opts, "color-by");
    mo.size_by = (im_size_by)im_opts_choice(&opts, "size-by");
    if ((v = im_opts_get(&opts, "date"))) {
        int y, mth, d;
        if (!im_parse_iso_day(v, &y, &mth, &d)) {
            im_cli_usage_error("map", "--date '%s' is not a calendar date YYYY-MM-DD", v);
            goto done;
        }
        mo.date_made = v;
    }
    mo.title = im_opts_get(&opts, "title");
    mo.subtitle = im_opts_get(&opts, "subtitle");
    mo.banner = im_opts_get(&opts, "banner");
    mo.proj = im_opts_get(&opts, "proj");
    mo.cities = im_opts_count(&opts, "no-cities") == 0;
    mo.clusters = im_opts_count(&opts, "no-clusters") == 0;
    bool overwrite = im_opts_count(&opts, "overwrite") > 0;
    const char *input = opts.args[0];

    /* from here on failures are runtime failures */
    if (!overwrite && access(out, F_OK) == 0) {
        rc = im_cli_fail(ctx, im_ctx_fail(ctx, IM_ERR_IO_EXISTS, "'%s' exists (use --overwrite "
                                                               "to replace it)", out));
        goto done;
    }
    im_status st;
    if (im_cli_is_report(input) || !strcmp(input, "-")) {
        /* a report goes through the extractor, as `incmap extract` does; its links
         * (attackers' origins, routes) are drawn as arrows */
        rc = im_cli_load_report_links(ctx, input, &set, &links);
        if (rc)
            goto done;
        st = IM_OK;
    } else {
        im_read_opts ro = IM_READ_OPTS_INIT;
        ro.layer = im_opts_get(&opts, "layer");
        st = im_layers_read(ctx, input, &ro, &set);
    }
    if (st != IM_OK) {
        rc = im_cli_fail(ctx, st);
        goto done;
    }
    char *in_copy = im_xstrdup(input);
    mo.source_name = basename(in_copy);
    st = im_map_create(ctx, &mo, &set, &map);
    if (st != IM_OK) {
        free(in_copy);
        rc = im_cli_fail(ctx, st);
        goto done;
    }
    im_map_set_links(map, &links);
    /* map_output.c: the surface for the extension, a temporary file beside the
     * target renamed into place when complete */
    st = map_write_file(ctx, map, out, dpi, overwrite);
    free(in_copy);
    if (st != IM_OK) {
        rc = im_cli_fail(ctx, st);
        goto done;
    }
    if (!quiet)
        print_summary(map, out);
    rc = IM_EXIT_OK;
done:
    im_map_destroy(map);
    im_area_clear(&area);
    im_render_release_caches();
    im_incident_set_clear(&set);
    im_link_set_clear(&links);
    im_opts_free(&opts);
    return rc;
}
