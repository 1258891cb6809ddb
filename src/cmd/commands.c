/* The command table (name, function, one-line summary, usage line and description:
 * `incmap NAME --help` prints the last two above the options of the command's specs)
 * and the small helpers shared by the cmd_*.c files. */
#include "commands.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const im_command im_commands[] = {
    {"brief", cmd_brief, "the main job: a report to a briefing pack (layers, maps, summary)",
     "incmap brief [REPORT...] [-o DIR] [--regions auto|NAME,...] "
     "[--formats gpkg,geojson,shp,kml,csv] [--paper SIZE] [--dpi N] "
     "[--banner TEXT] [--jobs N] [--overwrite]",
     "The main job: from a report (default: the bundled sample) to a "
     "briefing pack in\nDIR (default output/<report name>/): layers, "
     "maps (PNG and PDF) for an overview\nand each region with "
     "incidents, and summary.md. Several reports give one pack\neach and "
     "a combined one."},
    {"geocode", cmd_geocode, "look names up in the embedded gazetteer",
     "incmap geocode NAME... [--country ISO2] [--kind KIND] "
     "[--limit N] [--fuzzy] [--json]",
     "Prints ranked gazetteer candidates for each NAME: name, kind, "
     "country, admin1, admin2,\nlat, lon, population, geonameid and "
     "score. Without context, capitals, seats and\npopulous places "
     "rank first. \"X province\", \"X district\" and \"X city\" select "
     "the kind.\nExit status 1 when a NAME has no candidate."},
    {"regions", cmd_regions, "list the named regions, their countries and projections",
     "incmap regions [--json]",
     "Lists the named regions usable with --region: their countries "
     "(ISO 3166-1 alpha-2,\ntested point-in-polygon), map extent "
     "(west, south, east, north) and map projection."},
    {"extract", cmd_extract, "extract incidents from reports into GIS layers",
     "incmap extract REPORT... -o OUT [-f FORMAT] [--date YYYY-MM-DD] [--acled] "
     "[--overwrite]\n       incmap extract --jsonl FILE [-j N] [--date YYYY-MM-DD] -o OUT [...]",
     "Geoparses each report and extracts its incidents (ACLED-style "
     "date, type, place,\nfatalities, actors) into the layers "
     "incidents, places and links."},
    {"filter", cmd_filter, "filter incidents by region, country, province, box, date and type",
     "incmap filter INPUT -o OUT [-f FORMAT] [--region NAME]... "
     "[--region-file FILE]... [--country C,...] [--country-from FIELD] [--admin1 NAME|CODE]... "
     "[--bbox W,S,E,N] [--within LAYER] [--buffer KM] [--since DATE] [--until DATE] "
     "[--type TYPE]... [--min-fatalities N] [--where SQL] [--count] [--overwrite]",
     "Keeps the incidents of a report or of any OGR point layer (GPKG, "
     "GeoJSON, Shapefile,\nFlatGeobuf, CSV with lat/lon columns, ACLED "
     "exports, PG:) that meet every option\n(options combine with AND, "
     "repeated --region/--type/--admin1 with OR). A region is a\nnamed "
     "region, a country or a province. Countries and provinces come from "
     "the\ndata's own iso3/iso2/country and admin1 fields when it has "
     "them (ACLED),\nelse from a point-in-polygon test against Natural "
     "Earth. '-' reads\nGeoJSON from stdin; '-o -' writes GeoJSON to stdout."},
    {"places", cmd_places, "list every place a report names, resolved in context",
     "incmap places FILE... [--format tsv|json|geojson] [--jsonl]",
     "Finds every place the reports name and resolves each in context. "
     "One row per mention:\ndocument, byte start and end in the original "
     "file, surface text, type (place,\nregion, unresolved), resolved "
     "name, kind, iso2, admin1, lat, lon (the place's own point: a country "
     "or\nunit near its middle), geonameid, seat_lat, seat_lon (its capital or "
     "seat),\nconfidence and evidence. '-' reads standard input. Warnings go to stderr."},
    {"map", cmd_map, "draw an annotated briefing map (PNG, PDF, SVG)",
     "incmap map INPUT -o FILE.{png,pdf,svg} [--region NAME | --region-file "
     "FILE | --bbox W,S,E,N] [options]",
     "Draws one briefing map of the incidents in INPUT (any OGR point "
     "layer: GeoPackage,\nGeoJSON, Shapefile, CSV with lon/lat columns, "
     "ACLED exports). A region map counts the region's incidents and\nfits "
     "them; others in the frame are drawn faint and not counted. Without "
     "--region\nor --bbox the extent fits the data. The format follows the "
     "output's extension."},
    {"web", cmd_web, "write an offline interactive page (map, cards, timeline, filters)",
     "incmap web INPUT -o FILE.html [options]",
     "Writes one self-contained, offline HTML page of the incidents in "
     "INPUT (a report,\nor any OGR point layer: GeoPackage, GeoJSON, "
     "CSV with lon/lat columns, ACLED\nexports): a map with incident "
     "cards, a timeline, filters, search and a table."},
    {NULL, NULL, NULL, NULL, NULL},
};

void im_cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("incmap: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void im_cli_log_to_stderr(void *user, im_log_level level, const char *message)
{
    (void)user;
    fprintf(stderr, "incmap: %s%s\n", level == IM_LOG_WARN ? "warning: " : "", message);
}

static int given(const im_opts *opts, const char *name)
{
    for (size_t i = 0; i < opts->n_specs; i++)
        if (!strcmp(opts->specs[i].name, name))
            return im_opts_count(opts, name);
    return 0;
}

im_cli_verbosity im_cli_verbosity_of(im_ctx *ctx, const im_opts *opts)
{
    if (given(opts, "quiet")) {
        im_ctx_set_log(ctx, im_cli_log_to_stderr, NULL, IM_LOG_ERROR);
        return IM_CLI_QUIET;
    }
    return given(opts, "verbose") ? IM_CLI_VERBOSE : IM_CLI_NORMAL;
}

const im_gazetteer *im_cli_gazetteer(im_ctx *ctx, int *rc)
{
    const im_gazetteer *gz = im_ctx_get_gazetteer(ctx);
    if (!gz)
        *rc = im_cli_fail(ctx, IM_ERR_DATA_MISSING);
    return gz;
}

int im_cli_fail(im_ctx *ctx, im_status status)
{
    const char *msg = im_ctx_last_error(ctx);
    im_cli_error("%s", *msg ? msg : im_status_str(status));
    return im_status_exit_code(status);
}

int im_cli_parse(im_opts *opts, const im_opt_spec *specs, size_t n_specs, int argc,
                 char **argv)
{
    char err[256];
    if (!im_opts_parse(opts, specs, n_specs, argc, argv, err, sizeof err)) {
        im_cli_error("%s: %s (see 'incmap %s --help')", argv[0], err, argv[0]);
        return IM_EXIT_USAGE;
    }
    if (im_opts_count(opts, "help")) {
        const im_command *c = im_commands;
        while (c->name && strcmp(c->name, argv[0]))
            c++;
        char *usage = im_opts_usage(c->name ? c->synopsis : argv[0], c->name ? c->about : NULL,
                                    specs, n_specs);
        fputs(usage, stdout);
        free(usage);
        return IM_EXIT_OK;
    }
    return -1;
}

int im_cli_usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "incmap: %s: ", command);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, " (see 'incmap %s --help')\n", command);
    va_end(ap);
    return IM_EXIT_USAGE;
}

void im_cli_json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (*p < 0x20)
                fprintf(out, "\\u%04x", *p);
            else
                fputc(*p, out);
        }
    }
    fputc('"', out);
}

/* Why `data` is not a text report, or NULL when it may be one. Text never holds NUL
 * bytes except in UTF-16, which im_text_create reads only with a byte-order mark; so
 * NULs in the first 64 KiB of anything else mean UTF-16 without its BOM (NULs on one
 * side of most byte pairs, as in ASCII text) or binary data (like git's heuristic). */
static const char *not_text(const char *data, size_t len)
{
    const unsigned char *u = (const unsigned char *)data;
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        return NULL;
    size_t n = len < 65536 ? len : 65536, nul[2] = {0, 0};
    for (size_t i = 0; i < n; i++)
        if (!u[i])
            nul[i & 1]++;
    if (!nul[0] && !nul[1])
        return NULL;
    for (int side = 0; side < 2; side++)
        if (nul[side] * 4 >= n / 2 && nul[!side] * 16 <= nul[side])
            return "looks like UTF-16 without a byte-order mark (save it as UTF-8)";
    return "binary data, not a text report (it holds NUL bytes)";
}

int im_cli_read_input(const char *path, char **data, size_t *len)
{
    return im_cli_read_input_doc(path, data, len, NULL);
}

int im_cli_read_input_doc(const char *path, char **data, size_t *len, im_document **doc)
{
    if (doc)
        *doc = NULL;
    *data = NULL;
    *len = 0;
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        im_cli_error("cannot open '%s': %s", path, strerror(errno));
        return IM_EXIT_FAILURE;
    }
    struct stat st;
    bool stat_ok = !is_stdin && fstat(fileno(f), &st) == 0;
    if (stat_ok && S_ISDIR(st.st_mode)) {
        fclose(f);
        im_cli_error("cannot read '%s': it is a directory", path);
        return IM_EXIT_FAILURE;
    }
    /* refuse an oversized regular file before reading a byte of it */
    if (stat_ok && S_ISREG(st.st_mode) && (uintmax_t)st.st_size > IM_TEXT_MAX_INPUT) {
        fclose(f);
        im_cli_error("cannot read '%s': larger than %zu bytes", path,
                     (size_t)IM_TEXT_MAX_INPUT);
        return IM_EXIT_FAILURE;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = im_xmalloc(cap + 1);
    for (;;) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
        if (n == cap) {
            if (cap >= IM_TEXT_MAX_INPUT) {
                im_cli_error("cannot read '%s': larger than %zu bytes", path,
                             (size_t)IM_TEXT_MAX_INPUT);
                free(buf);
                if (!is_stdin)
                    fclose(f);
                return IM_EXIT_FAILURE;
            }
            cap *= 2;
            buf = im_xreallocarray(buf, cap + 1, 1);
        }
    }
    bool failed = ferror(f);
    int err = errno;
    if (!is_stdin)
        fclose(f);
    if (failed) {
        im_cli_error("cannot read '%s': %s", is_stdin ? "standard input" : path, strerror(err));
        free(buf);
        return IM_EXIT_FAILURE;
    }
    buf[n] = '\0';
    if (im_cli_report_convert(path, &buf, &n, doc)) {
        free(buf);
        return IM_EXIT_FAILURE;
    }
    const char *why = not_text(buf, n);
    if (why) {
        im_cli_error("cannot read '%s': %s", is_stdin ? "standard input" : path, why);
        free(buf);
        return IM_EXIT_FAILURE;
    }
    *data = buf;
    *len = n;
    return IM_EXIT_OK;
}

int im_cli_finish_stdout(int rc)
{
    const char *why = NULL;
    if (fflush(stdout) != 0)
        why = strerror(errno);
    else if (ferror(stdout))
        why = "write error";
    if (!why)
        return rc;
    if (rc == IM_EXIT_OK)
        im_cli_error("cannot write standard output: %s", why);
    return rc == IM_EXIT_OK ? IM_EXIT_FAILURE : rc;
}
