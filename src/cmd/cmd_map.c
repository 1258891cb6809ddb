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
    {"output", 'o', IM_OPT_VALUE, "FILE", "output map: .png, .pdf or .svg (required)"},
    {"region", 'r', IM_OPT_VALUE, "NAME", "map a region: a named region (see 'incmap "
                                          "regions'), a country or a province"},
    {"region-file", 0, IM_OPT_VALUE, "FILE", "map the region of the polygons in FILE"},
    {"bbox", 0, IM_OPT_VALUE, "W,S,E,N", "map this lon/lat box instead (degrees)"},
    {"proj", 0, IM_OPT_VALUE, "PROJ", "projection (PROJ string or EPSG:n) instead of the "
                                      "region's"},
    {"title", 't', IM_OPT_VALUE, "TEXT", "map title"},
    {"subtitle", 0, IM_OPT_VALUE, "TEXT", "subtitle (default: period covered and counts)"},
    {"paper", 0, IM_OPT_VALUE, "SIZE", "A4 (default), A3, letter or WxHmm"},
    {"landscape", 0, IM_OPT_FLAG, NULL, "landscape page (default)"},
    {"portrait", 0, IM_OPT_FLAG, NULL, "portrait page"},
    {"dpi", 0, IM_OPT_VALUE, "N", "PNG resolution, 50 to 1200 (default 300)"},
    {"banner", 0, IM_OPT_VALUE, "TEXT", "classification banner at top and bottom"},
    {"labels", 0, IM_OPT_VALUE, "MODE", "auto (default), all or none"},
    {"color-by", 0, IM_OPT_VALUE, "WHAT", "type (default) or year"},
    {"size-by", 0, IM_OPT_VALUE, "WHAT", "fatalities (default) or none"},
    {"layer", 'l', IM_OPT_VALUE, "NAME", "layer of INPUT to read (default: the first)"},
    {"no-cities", 0, IM_OPT_FLAG, NULL, "leave out reference cities"},
    {"no-clusters", 0, IM_OPT_FLAG, NULL, "draw co-located incidents one by one"},
    {"date", 0, IM_OPT_VALUE, "YYYY-MM-DD", "date printed as 'made' (default: today)"},
    {"overwrite", 0, IM_OPT_FLAG, NULL, "replace FILE if it exists"},
    {"quiet", 'q', IM_OPT_FLAG, NULL, "no summary on stderr"},
    {"help", 'h', IM_OPT_FLAG, NULL, "show this help"},
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
    int rc = im_cli_parse(&opts, specs, sizeof specs / sizeof specs[0], argc, argv,
                          "incmap map INPUT -o FILE.{png,pdf,svg} [--region NAME | --region-file "
                          "FILE | --bbox W,S,E,N] [options]",
                          "Draws one briefing map of the incidents in INPUT (any OGR point "
                          "layer: GeoPackage,\nGeoJSON, Shapefile, CSV with lon/lat columns, "
                          "ACLED exports). A region map counts the region's incidents and\nfits "
                          "them; others in the frame are drawn faint and not counted. Without "
                          "--region\nor --bbox the extent fits the data. The format follows the "
                          "output's extension.");
    if (rc >= 0)
        goto done;
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
    const char *paper = im_opts_get(&opts, "paper");
    if (!im_paper_size(paper ? paper : "A4", !portrait, &mo.page_w_mm, &mo.page_h_mm)) {
        im_cli_usage_error("map", "--paper '%s' is not A4, A3, letter or WxHmm (50 to 2000 mm)",
                           paper);
        goto done;
    }
    double dpi = 300;
    if ((v = im_opts_get(&opts, "dpi"))) {
        char *end;
        errno = 0;
        long d = strtol(v, &end, 10);
        if (errno || *end || end == v || d < 50 || d > 1200) {
            im_cli_usage_error("map", "--dpi '%s' is not a whole number from 50 to 1200", v);
            goto done;
        }
        dpi = (double)d;
    }
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
    if ((v = im_opts_get(&opts, "labels"))) {
        if (strcmp(v, "auto") == 0)
            mo.labels = IM_LABELS_AUTO;
        else if (strcmp(v, "all") == 0)
            mo.labels = IM_LABELS_ALL;
        else if (strcmp(v, "none") == 0)
            mo.labels = IM_LABELS_NONE;
        else {
            im_cli_usage_error("map", "--labels '%s' is not auto, all or none", v);
            goto done;
        }
    }
    if ((v = im_opts_get(&opts, "color-by"))) {
        if (strcmp(v, "type") == 0)
            mo.color_by = IM_COLOR_BY_TYPE;
        else if (strcmp(v, "year") == 0)
            mo.color_by = IM_COLOR_BY_YEAR;
        else {
            im_cli_usage_error("map", "--color-by '%s' is not type or year", v);
            goto done;
        }
    }
    if ((v = im_opts_get(&opts, "size-by"))) {
        if (strcmp(v, "fatalities") == 0)
            mo.size_by = IM_SIZE_BY_FATALITIES;
        else if (strcmp(v, "none") == 0)
            mo.size_by = IM_SIZE_BY_NONE;
        else {
            im_cli_usage_error("map", "--size-by '%s' is not fatalities or none", v);
            goto done;
        }
    }
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
    if (!im_opts_count(&opts, "quiet"))
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
