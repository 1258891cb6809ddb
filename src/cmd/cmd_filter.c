/* `incmap filter INPUT -o OUT`: incidents from a report or any OGR point layer, kept
 * or dropped by region, country, province, box, polygon layer, dates, type,
 * fatalities and the user's own OGR SQL; written to any OGR format, GeoJSON on stdout
 * with "-o -", or tallied with --count. */
#include "commands.h"
#include "incmap/filter.h"
#include "incmap/incidents.h"
#include "incmap/layer_write.h"
#include "incmap/regions.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const im_opt_spec specs[] = {
    {"output", 'o', IM_OPT_VALUE, "OUT", "output layer, or - for GeoJSON on stdout", IM_OPT_TEXT, 0, 0, NULL},
    {"format", 'f', IM_OPT_VALUE, "FORMAT", "gpkg, geojson, shp, kml, csv, fgb or PG:…", IM_OPT_TEXT, 0, 0, NULL},
    {"region", 'r', IM_OPT_LIST, "NAME",
     "keep points in this region: a named region, a country or a province (repeatable: OR)",
     IM_OPT_TEXT, 0, 0, NULL},
    {"region-file", 0, IM_OPT_LIST, "FILE", "keep points in the polygons of FILE (OR with "
                                            "--region)", IM_OPT_TEXT, 0, 0, NULL},
    {"country", 'c', IM_OPT_LIST, "C,...", "keep points in these countries (ISO2, ISO3 or "
                                           "names)", IM_OPT_TEXT, 0, 0, NULL},
    {"country-from", 0, IM_OPT_VALUE, "FIELD",
     "the data's country field (default: iso3, iso2 or country when present), or "
     "'polygon' for the basemap's outlines", IM_OPT_TEXT, 0, 0, NULL},
    {"admin1", 0, IM_OPT_LIST, "NAME|CODE", "keep points in this province, by any of its "
                                            "names (repeatable: OR)", IM_OPT_TEXT, 0, 0, NULL},
    {"bbox", 'b', IM_OPT_VALUE, "W,S,E,N", "keep points inside this box (degrees)", IM_OPT_TEXT, 0, 0, NULL},
    {"within", 0, IM_OPT_VALUE, "LAYER", "keep points inside the polygons of LAYER", IM_OPT_TEXT, 0, 0, NULL},
    {"buffer", 0, IM_OPT_VALUE, "KM", "with --within: also points within KM of them", IM_OPT_TEXT, 0, 0, NULL},
    {"since", 0, IM_OPT_VALUE, "DATE", "keep events on or after DATE (YYYY[-MM[-DD]])", IM_OPT_TEXT, 0, 0, NULL},
    {"until", 0, IM_OPT_VALUE, "DATE", "keep events on or before DATE", IM_OPT_TEXT, 0, 0, NULL},
    {"partial-dates", 0, IM_OPT_VALUE, "include|exclude",
     "include: a partial date overlapping the range is kept; exclude: it must lie inside",
     IM_OPT_CHOICE, 0, 0, "include"},
    {"type", 't', IM_OPT_LIST, "TYPE", "keep this ACLED event type, sub-event type or kind "
                                       "(repeatable: OR)", IM_OPT_TEXT, 0, 0, NULL},
    {"min-fatalities", 0, IM_OPT_VALUE, "N", "keep events with at least N fatalities", IM_OPT_TEXT, 0, 0, NULL},
    {"where", 'w', IM_OPT_VALUE, "SQL", "OGR SQL attribute filter, passed as written", IM_OPT_TEXT, 0, 0, NULL},
    {"coast-km", 0, IM_OPT_VALUE, "KM", "sea points this close to a coast count for its "
                                        "country (default 5; 0 = off)", IM_OPT_TEXT, 0, 0, NULL},
    {"count", 0, IM_OPT_FLAG, NULL, "print counts per region, country and type instead", IM_OPT_TEXT, 0, 0, NULL},
    IM_CLI_OPT_OVERWRITE,
    IM_CLI_OPT_QUIET,
    IM_CLI_OPT_HELP,
};

static bool parse_km(const char *s, double *out)
{
    char *end;
    errno = 0;
    *out = strtod(s, &end);
    return !errno && end != s && !*end && *out >= 0 && *out <= 20000;
}

int cmd_filter(im_ctx *ctx, int argc, char **argv)
{
    im_opts opts;
    im_filter *f = im_filter_create();
    im_incident_set report = {0};
    char *basemap = NULL;
    int rc = im_cli_parse(&opts, specs, sizeof specs / sizeof specs[0], argc, argv);
    if (rc >= 0)
        goto done;
    rc = IM_EXIT_USAGE;
    char err[256];
    if (opts.n_args != 1) {
        im_cli_usage_error("filter", opts.n_args ? "give one INPUT" : "no INPUT given");
        goto done;
    }
    bool count = im_opts_count(&opts, "count") > 0;
    const char *out = im_opts_get(&opts, "output");
    if (!out && !count) {
        im_cli_usage_error("filter", "no output given (-o OUT, or --count)");
        goto done;
    }
    size_t n;
    const char *const *vals = im_opts_list(&opts, "region", &n);
    for (size_t i = 0; i < n; i++) {
        im_area a;
        im_status ast = im_area_resolve(ctx, vals[i], NULL, &a);
        if (ast != IM_OK) {
            rc = ast == IM_ERR_USAGE_VALUE
                     ? im_cli_usage_error("filter", "--region %s", im_ctx_last_error(ctx))
                     : im_cli_fail(ctx, ast);
            goto done;
        }
        im_filter_add_area(f, &a);
    }
    vals = im_opts_list(&opts, "region-file", &n);
    for (size_t i = 0; i < n; i++) {
        im_area a;
        im_status ast = im_area_from_file(ctx, vals[i], &a);
        if (ast != IM_OK) {
            im_cli_error("filter: --region-file %s", im_ctx_last_error(ctx));
            rc = im_status_exit_code(ast);
            goto done;
        }
        im_filter_add_area(f, &a);
    }
    vals = im_opts_list(&opts, "country", &n);
    for (size_t i = 0; i < n; i++)
        if (!im_filter_add_countries(f, vals[i], err, sizeof err)) {
            im_cli_error("filter: %s", err);
            goto done;
        }
    vals = im_opts_list(&opts, "admin1", &n);
    for (size_t i = 0; i < n; i++)
        im_filter_add_admin1(f, vals[i]);
    vals = im_opts_list(&opts, "type", &n);
    for (size_t i = 0; i < n; i++) {
        char canon[128];
        if (!im_filter_check_type(vals[i], canon, sizeof canon, err, sizeof err)) {
            im_cli_error("filter: %s", err);
            goto done;
        }
        im_filter_add_type(f, canon);
    }
    im_filter_set_country_from(f, im_opts_get(&opts, "country-from"));
    const char *v;
    if ((v = im_opts_get(&opts, "bbox")) && !im_filter_set_bbox(f, v, err, sizeof err)) {
        im_cli_error("filter: %s", err);
        goto done;
    }
    if ((v = im_opts_get(&opts, "since")) && !im_filter_set_since(f, v, err, sizeof err)) {
        im_cli_error("filter: %s", err);
        goto done;
    }
    if ((v = im_opts_get(&opts, "until")) && !im_filter_set_until(f, v, err, sizeof err)) {
        im_cli_error("filter: %s", err);
        goto done;
    }
    im_filter_set_partial(f, im_opts_choice(&opts, "partial-dates") == 0 ? IM_PARTIAL_INCLUDE
                                                                         : IM_PARTIAL_EXCLUDE);
    if ((v = im_opts_get(&opts, "min-fatalities"))) {
        char *end;
        errno = 0;
        long k = strtol(v, &end, 10);
        if (errno || *end || end == v || k < 0) {
            im_cli_error("filter: --min-fatalities '%s' is not a whole number ≥ 0", v);
            goto done;
        }
        im_filter_set_min_fatalities(f, k);
    }
    double km = 0;
    if ((v = im_opts_get(&opts, "buffer")) && !parse_km(v, &km)) {
        im_cli_error("filter: --buffer '%s' is not a distance in km (0..20000)", v);
        goto done;
    }
    if (im_opts_get(&opts, "buffer") && !im_opts_get(&opts, "within")) {
        im_cli_error("filter: --buffer needs --within LAYER");
        goto done;
    }
    if ((v = im_opts_get(&opts, "within")))
        im_filter_set_within(f, v, km);
    if ((v = im_opts_get(&opts, "coast-km"))) {
        if (!parse_km(v, &km)) {
            im_cli_error("filter: --coast-km '%s' is not a distance in km (0..20000)", v);
            goto done;
        }
        im_filter_set_coast_km(f, km);
    }
    if ((v = im_opts_get(&opts, "where")))
        im_filter_set_where(f, v);
    if (out && !count && !im_output_driver(im_opts_get(&opts, "format"), out)) {
        im_cli_error("filter: cannot tell the output format of '%s' (use -f gpkg, geojson, shp, "
                     "kml, csv or fgb)", im_opts_get(&opts, "format") ? im_opts_get(&opts, "format")
                                                                     : out);
        goto done;
    }
    basemap = im_ctx_data_path(ctx, "basemap.gpkg");
    if (!basemap) {
        rc = im_cli_fail(ctx, IM_ERR_DATA_MISSING);
        goto done;
    }
    const char *input = opts.args[0];
    /* a report (prose) is extracted and its incidents filtered as they are in memory */
    bool is_report = im_cli_is_report(input);
    if (is_report && (rc = im_cli_load_report(ctx, input, &report)))
        goto done;
    bool quiet = im_cli_verbosity_of(ctx, &opts) == IM_CLI_QUIET;
    im_filter_run_opts ro = {out, im_opts_get(&opts, "format"),
                             im_opts_count(&opts, "overwrite") > 0, count, stdout,
                             !quiet && isatty(2) ? stderr : NULL};
    im_filter_stats stats;
    im_status st = is_report ? im_filter_run_incidents(ctx, f, &report, input, basemap, &ro, &stats)
                             : im_filter_run(ctx, f, input, basemap, &ro, &stats);
    rc = st == IM_OK ? IM_EXIT_OK : im_cli_fail(ctx, st);
    if (st == IM_OK && !quiet && stats.skipped_no_point)
        fprintf(stderr, "incmap: warning: filter: %zu features without a point were skipped\n",
                stats.skipped_no_point);
    if (st == IM_OK && !quiet && stats.bad_dates)
        fprintf(stderr, "incmap: warning: filter: %zu dates did not parse (e.g. '%s') and "
                "were left out\n", stats.bad_dates, stats.bad_date);
    if (st == IM_OK && !quiet && stats.unknown_countries)
        fprintf(stderr, "incmap: warning: filter: %zu country values of the data name no "
                "country; their features match no --country or --region\n",
                stats.unknown_countries);
    if (st == IM_OK && !quiet && stats.empty_input)
        fprintf(stderr, "incmap: warning: filter: '%s' has no features\n", opts.args[0]);
done:
    im_incident_set_clear(&report);
    free(basemap);
    im_filter_destroy(f);
    im_opts_free(&opts);
    return rc;
}
