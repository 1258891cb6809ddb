/* `incmap extract REPORT... -o OUT`: geoparse and extract incidents from reports and
 * write the incidents, places and links layers in any of layer_write.h's formats
 * (GeoJSON by default; "-o -" writes the incidents as GeoJSON to standard output). */
#include "commands.h"
#include "incmap/incidents.h"
#include "incmap/layer_write.h"

#include <stdlib.h>
#include <string.h>

static const im_opt_spec specs[] = {
    {"output", 'o', IM_OPT_VALUE, "OUT",
     "folder, NAME.{gpkg,geojson,shp,kml,csv,fgb}, PG:dbname=..., or - for standard output"},
    {"format", 'f', IM_OPT_VALUE, "FORMAT",
     "gpkg, geojson (default), shp, kml, csv, fgb, or a GDAL driver name"},
    {"acled", 0, IM_OPT_FLAG, NULL, "CSV: ACLED column names (event_id_cnty, sub_event_type...)"},
    {"no-qgis", 0, IM_OPT_FLAG, NULL, "no QGIS project (.qgs) or .qml styles beside the layers"},
    {"no-ocr", 0, IM_OPT_FLAG, NULL, "do not OCR PDF pages without text (say so instead)"},
    {"overwrite", 0, IM_OPT_FLAG, NULL, "replace existing outputs"},
    {"quiet", 'q', IM_OPT_FLAG, NULL, "no warnings on stderr"},
    {"help", 'h', IM_OPT_FLAG, NULL, "show this help"},
};

int cmd_extract(im_ctx *ctx, int argc, char **argv)
{
    im_opts opts;
    im_incident_set incidents = {0};
    im_place_rows places = {0};
    im_link_set links = {0};
    int rc = im_cli_parse(&opts, specs, sizeof specs / sizeof specs[0], argc, argv,
                          "incmap extract REPORT... -o OUT [-f FORMAT] [--acled] [--overwrite]",
                          "Geoparses each report and extracts its incidents (ACLED-style "
                          "date, type, place,\nfatalities, actors) into the layers "
                          "incidents, places and links.");
    if (rc >= 0)
        goto done;
    const char *out = im_opts_get(&opts, "output");
    if (!opts.n_args) {
        rc = im_cli_usage_error("extract", "no REPORT given");
        goto done;
    }
    if (!out) {
        rc = im_cli_usage_error("extract", "no output given (-o OUT)");
        goto done;
    }
    const im_gazetteer *gz = im_ctx_get_gazetteer(ctx);
    if (!gz) {
        rc = im_cli_fail(ctx, IM_ERR_DATA_MISSING);
        goto done;
    }
    bool quiet = im_opts_count(&opts, "quiet") > 0;
    im_cli_set_no_ocr(im_opts_count(&opts, "no-ocr") > 0);
    for (size_t i = 0; i < opts.n_args; i++) {
        im_cli_report r;
        rc = im_cli_report_open(ctx, opts.args[i], &r);
        if (rc)
            goto done;
        size_t n_before = incidents.n;
        im_status st = im_incidents_extract(ctx, gz, r.text, r.gp, r.doc, &incidents, &links);
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
    if (quiet)
        im_ctx_set_log(ctx, NULL, NULL, IM_LOG_ERROR);
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
