/* `incmap extract REPORT... -o OUT`: geoparse and extract incidents from reports and
 * write the incidents, places and links layers in any of layer_write.h's formats
 * (GeoJSON by default; "-o -" writes the incidents as GeoJSON to standard output).
 * `--jsonl FILE` reads the reports from JSON Lines instead (extract_jsonl.c), `--date`
 * gives the report date that year-less and relative dates resolve against. */
#include "commands.h"
#include "extract_jsonl.h"
#include "incmap/incidents.h"
#include "incmap/layer_write.h"

#include <stdlib.h>
#include <string.h>

static const im_opt_spec specs[] = {
    {"output", 'o', IM_OPT_VALUE, "OUT",
     "folder, NAME.{gpkg,geojson,shp,kml,csv,fgb}, PG:dbname=..., or - for standard output", IM_OPT_TEXT, 0, 0, NULL},
    {"format", 'f', IM_OPT_VALUE, "FORMAT",
     "gpkg, geojson (default), shp, kml, csv, fgb, or a GDAL driver name", IM_OPT_TEXT, 0, 0, NULL},
    {"jsonl", 0, IM_OPT_VALUE, "FILE",
     "reports as JSON Lines: {\"id\", \"text\", \"date\"} a line (- = standard input)",
     IM_OPT_TEXT, 0, 0, NULL},
    {"date", 0, IM_OPT_VALUE, "YYYY-MM-DD", "the report date (JSON Lines: for lines without one)",
     IM_OPT_TEXT, 0, 0, NULL},
    {"jobs", 'j', IM_OPT_VALUE, "N", "JSON Lines: reports extracted at once (default 1)",
     IM_OPT_TEXT, 0, 0, NULL},
    {"acled", 0, IM_OPT_FLAG, NULL, "CSV: ACLED column names (event_id_cnty, sub_event_type...)", IM_OPT_TEXT, 0, 0, NULL},
    {"no-qgis", 0, IM_OPT_FLAG, NULL, "no QGIS project (.qgs) or .qml styles beside the layers", IM_OPT_TEXT, 0, 0, NULL},
    {"no-ocr", 0, IM_OPT_FLAG, NULL, "do not OCR PDF pages without text (say so instead)",
     IM_OPT_TEXT, 0, 0, NULL},
    IM_CLI_OPT_OVERWRITE,
    IM_CLI_OPT_QUIET,
    IM_CLI_OPT_HELP,
};

int cmd_extract(im_ctx *ctx, int argc, char **argv)
{
    im_opts opts;
    im_incident_set incidents = {0};
    im_place_rows places = {0};
    im_link_set links = {0};
    int rc = im_cli_parse(&opts, specs, sizeof specs / sizeof specs[0], argc, argv);
    if (rc >= 0)
        goto done;
    const char *out = im_opts_get(&opts, "output");
    const char *jsonl = im_opts_get(&opts, "jsonl"), *v;
    im_date report_date = {0, 0, 0, 0};
    int jobs = 1;
    if ((v = im_opts_get(&opts, "date")) && !im_parse_report_date(v, &report_date)) {
        rc = im_cli_usage_error("extract", "--date '%s' is not a YYYY-MM-DD date", v);
        goto done;
    }
    if ((v = im_opts_get(&opts, "jobs"))) {
        char *end;
        long n = strtol(v, &end, 10);
        if (*end || end == v || n < 1 || n > 64) {
            rc = im_cli_usage_error("extract", "--jobs '%s' is not a number from 1 to 64", v);
            goto done;
        }
        jobs = (int)n;
    }
    if (jsonl && opts.n_args) {
        rc = im_cli_usage_error("extract", "give either REPORT files or --jsonl FILE, not both");
        goto done;
    }
    if (!jsonl && !opts.n_args) {
        rc = im_cli_usage_error("extract", "no REPORT given");
        goto done;
    }
    if (!out) {
        rc = im_cli_usage_error("extract", "no output given (-o OUT)");
        goto done;
    }
    const im_gazetteer *gz = im_cli_gazetteer(ctx, &rc);
    if (!gz)
        goto done;
    bool quiet = im_cli_verbosity_of(ctx, &opts) == IM_CLI_QUIET;
    if (jsonl) {
        rc = im_extract_jsonl(ctx, jsonl, report_date.year ? &report_date : NULL, jobs,
                              &incidents, &places, &links);
        if (rc)
            goto done;
    }
    im_cli_set_no_ocr(im_opts_count(&opts, "no-ocr") > 0);
    for (size_t i = 0; i < opts.n_args; i++) {
        im_cli_report r;
        rc = im_cli_report_open(ctx, opts.args[i], &r);
        if (rc)
            goto done;
        size_t n_before = incidents.n;
        im_status st = im_incidents_extract_dated(ctx, gz, r.text, r.gp, r.doc, &report_date,
                                                  &incidents, &links);
        if (st == IM_OK)
            im_incidents_places(gz, r.gp, r.doc, &places);
        if (st == IM_OK && !quiet)
            for (size_t w = 0; w < im_geoparse_warning_count(r.gp); w++)
                fprintf(stderr, "incmap: warning: %s: %s\n", opts.args[i],
                        im_geoparse_warning(r.gp, w));
        /* one line about a report that gave nothing or was not UTF-8 */
        if (st == IM_OK && !quiet) {
            if (r.len == 0)
                fprintf(stderr, "incmap: warning: '%s' is empty\n", opts.args[i]);
            else if (incidents.n == n_before)
                fprintf(stderr, "incmap: warning: '%s': no incidents found\n", opts.args[i]);
            else if (im_text_get_stats(r.text).encoding == IM_ENC_CP1252)
                fprintf(stderr, "incmap: warning: '%s' is not valid UTF-8; read as "
                        "Windows-1252\n", opts.args[i]);
        }
        im_cli_report_close(&r);
        if (st != IM_OK) {
            im_cli_error("%s: %s", opts.args[i], im_ctx_last_error(ctx));
            rc = im_status_exit_code(st);
            goto done;
        }
    }
    im_write_opts wo = IM_WRITE_OPTS_INIT;
    wo.format = im_opts_get(&opts, "format");
    wo.overwrite = im_opts_count(&opts, "overwrite") > 0;
    wo.acled = im_opts_count(&opts, "acled") > 0;
    wo.qgis = im_opts_count(&opts, "no-qgis") == 0;
    im_status st = im_write_layers(ctx, out, &wo, &incidents, &places, &links);
    rc = st == IM_OK ? IM_EXIT_OK : im_cli_fail(ctx, st);
    if (!strcmp(out, "-"))
        rc = im_cli_finish_stdout(rc);
done:
    im_incident_set_clear(&incidents);
    im_place_rows_clear(&places);
    im_link_set_clear(&links);
    im_opts_free(&opts);
    return rc;
}
