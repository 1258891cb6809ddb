/* `incmap brief [REPORT...] [-o DIR]`: the main job. From each report (default: the
 * bundled sample) to a briefing pack: layers in every format, maps for an overview
 * and each region with incidents, summary.md and the interactive page index.html
 * (cmd_web.c's web_write_file); with several reports, one pack each
 * and a combined one. Progress on a terminal, one line at the end saying where
 * everything is. */
#include "brief.h"
#include "incmap/layer_write.h"
#include "incmap/regions.h"
#include "incmap/render.h"
#include "incmap/web.h"
#include "worker_pool.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const im_opt_spec specs[] = {
    {"output", 'o', IM_OPT_VALUE, "DIR", "pack folder (default output/<report name>/)", IM_OPT_TEXT, 0, 0, NULL},
    {"regions", 0, IM_OPT_VALUE, "auto|NAME,...",
     "regional maps to draw: region, country or province names, or polygon files (default "
     "auto: every region with incidents)", IM_OPT_TEXT, 0, 0, NULL},
    {"formats", 0, IM_OPT_VALUE, "LIST", "layer formats: gpkg,geojson,shp,kml,csv (default all)", IM_OPT_TEXT, 0, 0, NULL},
    IM_CLI_OPT_PAPER,
    IM_CLI_OPT_PORTRAIT,
    IM_CLI_OPT_DPI,
    IM_CLI_OPT_BANNER,
    IM_CLI_OPT_OVERWRITE,
    {"jobs", 'j', IM_OPT_VALUE, "N", "maps drawn at once (default: one per processor, at most "
                                     "8)", IM_OPT_INT, 1, 64, NULL},
    IM_CLI_OPT_QUIET,
    IM_CLI_OPT_VERBOSE,
    IM_CLI_OPT_HELP,
};

void brief_list_add(char ***list, size_t *n, const char *s)
{
    *list = im_xreallocarray(*list, *n + 1, sizeof **list);
    (*list)[(*n)++] = im_xstrdup(s);
}

void brief_list_free(char **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
}

static char *stem_of(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    return im_xstrndup(base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
}

/* Is `format` in the comma-separated list (NULL: every format)? */
static bool format_wanted(const char *list, const char *format)
{
    if (!list)
        return true;
    size_t n = strlen(format);
    for (const char *p = list; *p;) {
        const char *e = strchr(p, ',');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l == n && !strncasecmp(p, format, n))
            return true;
        p += l + (e != NULL);
    }
    return false;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every file of the pack, relative to its folder, sorted (for summary.md). */
static void list_files(const char *dir, const char *rel, brief_pack *pack)
{
    char *path = rel[0] ? im_xasprintf("%s/%s", dir, rel) : im_xstrdup(dir);
    DIR *d = opendir(path);
    if (d) {
        size_t first = pack->n_files;
        struct dirent *e;
        while ((e = readdir(d))) {
            if (e->d_name[0] == '.' || strstr(e->d_name, ".tmp-") ||
                !strcmp(e->d_name, "summary.md"))
                continue;
            char *r = rel[0] ? im_xasprintf("%s/%s", rel, e->d_name) : im_xstrdup(e->d_name);
            char *full = im_xasprintf("%s/%s", dir, r);
            struct stat st;
            if (stat(full, &st) == 0 && S_ISDIR(st.st_mode))
                list_files(dir, r, pack);
            else
                brief_list_add(&pack->files, &pack->n_files, r);
            free(full);
            free(r);
        }
        closedir(d);
        qsort(pack->files + first, pack->n_files - first, sizeof *pack->files, by_name);
    }
    free(path);
}

typedef struct run_opts {
    const char *formats;
    brief_map_opts maps;
    bool overwrite, progress;
    im_cli_verbosity verbosity;
    im_log_level log_level;      /* warnings, or errors only with -q */
    /* the stage under way (for -v timings) */
    char stage_pack[256];        /* a copy: the pack's name may be freed meanwhile */
    const char *stage_name;
    struct timespec stage_start;
} run_opts;

static double seconds_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

/* A stage begins (`stage` NULL: the last one ended). Progress shows each stage as it
 * begins; -v also tells how long each one took. */
static void progress(run_opts *ro, const char *pack, const char *stage)
{
    if (ro->verbosity == IM_CLI_VERBOSE && ro->stage_name)
        fprintf(stderr, "incmap: brief: %s: %s took %.2f s\n", ro->stage_pack, ro->stage_name,
                seconds_since(&ro->stage_start));
    snprintf(ro->stage_pack, sizeof ro->stage_pack, "%s", pack);
    ro->stage_name = stage;
    clock_gettime(CLOCK_MONOTONIC, &ro->stage_start);
    if (ro->progress && stage)
        fprintf(stderr, "incmap: brief: %s: %s\n", pack, stage);
}

/* One report, read and extracted once for its own pack and the combined one: its rows
 * are a range of the shared sets. */
typedef struct report {
    size_t inc[2], places[2], links[2];   /* [first, end) in the shared sets */
    brief_pack lists;                     /* its warnings and unresolved names */
} report;

/* Geoparse and extract one report into the sets; warnings and unresolved names into
 * the pack's lists. */
static int read_report(im_ctx *ctx, const char *path, const char *name, im_incident_set *inc,
                       im_place_rows *places, im_link_set *links, brief_pack *pack)
{
    im_cli_report r;
    int rc = im_cli_report_open(ctx, path, &r);
    if (rc)
        return rc;
    const im_gazetteer *gz = r.gz;
    im_text *text = r.text;
    im_geoparse *gp = r.gp;
    size_t len = 0;
    const char *clean = im_text_data(text, &len);
    size_t letters = 0;
    for (size_t i = 0; i < len && !letters; i++)
        letters += isalpha((unsigned char)clean[i]) || (unsigned char)clean[i] >= 0x80;
    if (!letters) {
        /* an empty pack would look like a report with nothing to say */
        im_cli_report_close(&r);
        im_cli_error("brief: '%s' is empty (no text to brief)", path);
        return IM_EXIT_FAILURE;
    }
    im_status st = im_incidents_extract(ctx, gz, text, gp, name, inc, links);
    if (st == IM_OK) {
        im_incidents_places(gz, gp, name, places);
        for (size_t i = 0; i < im_geoparse_warning_count(gp); i++)
            brief_list_add(&pack->warnings, &pack->n_warnings, im_geoparse_warning(gp, i));
        for (size_t i = 0; i < im_geoparse_count(gp); i++) {
            const im_mention *m = im_geoparse_mention(gp, i);
            char *line = NULL;
            if (m->type == IM_MENTION_UNRESOLVED)
                line = im_xasprintf("%s (paragraph %zu)", m->surface, m->para + 1);
            else if (m->type == IM_MENTION_PLACE && m->confidence < 0.6)
                brief_list_add(&pack->warnings, &pack->n_warnings,
                               (line = im_xasprintf("low confidence (%.2f): '%s' in paragraph %zu "
                                                    "resolved by %s", m->confidence, m->surface,
                                                    m->para + 1, m->evidence)));
            if (m->type == IM_MENTION_UNRESOLVED)
                brief_list_add(&pack->unresolved, &pack->n_unresolved, line);
            free(line);
        }
        im_text_stats ts = im_text_get_stats(text);
        if (ts.mojibake_repairs) {
            char *w = im_xasprintf("%zu damaged characters were repaired (%zu guessed, %zu "
                                   "unrecoverable runs kept as written)",
                                   ts.mojibake_repairs, ts.mojibake_guessed, ts.unrecoverable);
            brief_list_add(&pack->warnings, &pack->n_warnings, w);
            free(w);
        }
    }
    im_cli_report_close(&r);
    if (st != IM_OK) {
        im_cli_error("%s: %s", path, im_ctx_last_error(ctx));
        return im_status_exit_code(st);
    }
    return IM_EXIT_OK;
}

/* While a pack is staged, messages name the files where they will be, not the
 * staging folder's. */
typedef struct staged_names {
    const char *stage, *dir;
} staged_names;

static char *unstaged(const staged_names *sn, const char *message)
{
    size_t n = strlen(sn->stage);
    char *out = im_xstrdup(""), *at;
    const char *p = message;
    while (n && (at = strstr(p, sn->stage))) {
        char *next = im_xasprintf("%s%.*s%s", out, (int)(at - p), p, sn->dir);
        free(out);
        out = next;
        p = at + n;
    }
    char *all = im_xasprintf("%s%s", out, p);
    free(out);
    return all;
}

static void log_unstaged(void *user, im_log_level level, const char *message)
{
    char *m = unstaged(user, message);
    im_cli_log_to_stderr(NULL, level, m);
    free(m);
}

/* im_cli_fail, naming final paths. */
static int fail_unstaged(im_ctx *ctx, im_status st, const staged_names *sn)
{
    char *m = unstaged(sn, im_ctx_last_error(ctx));
    im_ctx_fail(ctx, st, "%s", m);
    free(m);
    return im_cli_fail(ctx, st);
}

static int write_pack(im_ctx *ctx, const char *dir, const char *name, const char *source,
                      const im_incident_set *inc, const im_place_rows *places,
                      const im_link_set *links, const brief_pack *lists, run_opts *ro,
                      size_t *files_out)
{
    brief_pack pack = {name, source, inc, places, links, lists->unresolved, lists->n_unresolved,
                       lists->warnings, lists->n_warnings, NULL, 0};
    int rc = IM_EXIT_OK;
    char *stage = NULL;
    brief_maps *maps = NULL;
    if (!ro->overwrite && brief_stage_has_pack(dir)) {
        im_cli_error("brief: '%s' already holds a pack (use --overwrite to replace it)", dir);
        return IM_EXIT_FAILURE;
    }
    struct stat dir_st;
    if (stat(dir, &dir_st) == 0 && !S_ISDIR(dir_st.st_mode)) {
        im_cli_error("brief: '%s' is not a folder", dir);
        return IM_EXIT_FAILURE;
    }
    char *conflict = ro->overwrite ? NULL : brief_stage_conflict(dir);
    if (conflict) {
        im_cli_error("brief: '%s' exists (use --overwrite to replace it)", conflict);
        free(conflict);
        return IM_EXIT_FAILURE;
    }
    /* a stage a killed run left beside the pack goes first */
    char **stale = NULL;
    size_t n_stale = 0;
    brief_stage_remove_stale(dir, &stale, &n_stale);
    for (size_t i = 0; i < n_stale; i++)
        im_log(ctx, IM_LOG_WARN, "brief: removed '%s', left by an interrupted run", stale[i]);
    brief_list_free(stale, n_stale);
    if (!(stage = brief_stage_create(dir))) {
        im_cli_error("brief: cannot create '%s': %s", dir, strerror(errno));
        return IM_EXIT_FAILURE;
    }
    brief_stage_guard(stage);   /* Ctrl-C from here on removes the stage */
    staged_names sn = {stage, dir};
    im_ctx_set_log(ctx, log_unstaged, &sn, ro->log_level);
    /* the maps are drawn by workers while the layers are written here */
    maps = brief_maps_start(ctx, stage, &ro->maps, &pack);
    progress(ro, name, "writing layers");
    static const struct {
        const char *format, *where;
    } outputs[] = {{"gpkg", "incmap.gpkg"}, {"geojson", "geojson"}, {"shp", "shp"},
                   {"kml", "kml"},          {"csv", "csv"}};
    for (size_t k = 0; k < sizeof outputs / sizeof outputs[0]; k++) {
        if (!format_wanted(ro->formats, outputs[k].format))
            continue;
        char *path = im_xasprintf("%s/%s", stage, outputs[k].where);
        im_write_opts wo = IM_WRITE_OPTS_INIT;
        wo.format = outputs[k].format;
        wo.overwrite = true;
        wo.qgis = !strcmp(outputs[k].format, "gpkg"); /* the project opens the GeoPackage */
        im_status st = im_write_layers(ctx, path, &wo, inc, places, links);
        free(path);
        if (st != IM_OK) {
            rc = fail_unstaged(ctx, st, &sn);
            goto done;
        }
    }
    progress(ro, name, "drawing maps");
    im_status st = brief_maps_finish(maps);
    maps = NULL;
    if (st != IM_OK) {
        rc = fail_unstaged(ctx, st, &sn);
        goto done;
    }
    /* the interactive page, the pack's regions as its presets */
    if (im_web_available()) {
        progress(ro, name, "writing the web page");
        char *page = im_xasprintf("%s/index.html", stage);
        im_web_opts wo = IM_WEB_OPTS_INIT;
        wo.source_name = name;
        wo.banner = ro->maps.banner;
        wo.regions = ro->maps.regions;
        wo.n_regions = ro->maps.n_regions;
        im_status wst = web_write_file(ctx, page, &wo, inc, links, true);
        free(page);
        if (wst != IM_OK) {
            rc = fail_unstaged(ctx, wst, &sn);
            goto done;
        }
    } else {
        brief_list_add(&pack.warnings, &pack.n_warnings, "no index.html: this incmap was built "
                       "without the map library (install libjs-leaflet and rebuild)");
    }
    progress(ro, name, "writing the summary");
    list_files(stage, "", &pack);
    brief_list_add(&pack.files, &pack.n_files, "summary.md");
    char *summary = im_xasprintf("%s/summary.md", stage);
    st = brief_write_summary(ctx, &pack, summary);
    free(summary);
    if (st != IM_OK) {
        rc = fail_unstaged(ctx, st, &sn);
        goto done;
    }
    if (!brief_stage_install(stage, dir)) {
        im_cli_error("brief: cannot move the pack into '%s': %s", dir, strerror(errno));
        rc = IM_EXIT_FAILURE;
        goto done;
    }
    brief_stage_guard(NULL);
    free(stage);
    stage = NULL;
    progress(ro, name, NULL);
    *files_out += pack.n_files;
    if (ro->verbosity != IM_CLI_QUIET)
        fprintf(stderr, "incmap: brief: %s: %zu incidents, %zu places, %zu files in %s/\n", name,
                inc->n, places->n, pack.n_files, dir);
done:
    brief_maps_cancel(maps);
    im_ctx_set_log(ctx, im_cli_log_to_stderr, NULL, ro->log_level);
    brief_stage_discard(stage);
    brief_stage_guard(NULL);
    free(stage);
    brief_list_free(pack.files, pack.n_files);
    return rc;
}

/* Read every report once into the shared sets, each one's rows a range of them; the
 * first report that cannot be read stops everything before any pack is written. */
static int read_reports(im_ctx *ctx, char **paths, size_t n, report *reports,
                        im_incident_set *inc, im_place_rows *places, im_link_set *links,
                        run_opts *ro)
{
    for (size_t i = 0; i < n; i++) {
        char *stem = stem_of(paths[i]);
        report *r = &reports[i];
        r->inc[0] = inc->n;
        r->places[0] = places->n;
        r->links[0] = links->n;
        progress(ro, stem, "reading and geoparsing");
        int rc = read_report(ctx, paths[i], stem, inc, places, links, &r->lists);
        r->inc[1] = inc->n;
        r->places[1] = places->n;
        r->links[1] = links->n;
        free(stem);
        if (rc)
            return rc;
    }
    return IM_EXIT_OK;
}

/* All the reports' warnings or unresolved names, in report order (borrowed strings). */
static char **joined(const report *reports, size_t n, bool warnings, size_t *count)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += warnings ? reports[i].lists.n_warnings : reports[i].lists.n_unresolved;
    char **all = im_xcalloc(total ? total : 1, sizeof *all);
    *count = 0;
    for (size_t i = 0; i < n; i++) {
        const brief_pack *l = &reports[i].lists;
        size_t k = warnings ? l->n_warnings : l->n_unresolved;
        for (size_t j = 0; j < k; j++)
            all[(*count)++] = warnings ? l->warnings[j] : l->unresolved[j];
    }
    return all;
}

static int write_packs(im_ctx *ctx, char **paths, size_t n, const char *out, run_opts *ro)
{
    im_incident_set inc = {0};
    im_place_rows places = {0};
    im_link_set links = {0};
    report *reports = im_xcalloc(n, sizeof *reports);
    size_t files = 0;
    int rc = read_reports(ctx, paths, n, reports, &inc, &places, &links, ro);
    for (size_t i = 0; i < n && rc == IM_EXIT_OK; i++) {
        const report *r = &reports[i];
        /* views of the report's rows: the shared sets own them */
        im_incident_set vi = {inc.items ? inc.items + r->inc[0] : NULL, r->inc[1] - r->inc[0], 0};
        im_place_rows vp = {places.items ? places.items + r->places[0] : NULL,
                            r->places[1] - r->places[0], 0};
        im_link_set vl = {links.items ? links.items + r->links[0] : NULL,
                          r->links[1] - r->links[0], 0};
        char *stem = stem_of(paths[i]);
        char *dir = out && n == 1 ? im_xstrdup(out)
                    : im_xasprintf("%s/%s", out ? out : "output", stem);
        rc = write_pack(ctx, dir, stem, paths[i], &vi, &vp, &vl, &r->lists, ro, &files);
        free(dir);
        free(stem);
    }
    if (rc == IM_EXIT_OK && n > 1) {
        brief_pack lists = {0};
        lists.warnings = joined(reports, n, true, &lists.n_warnings);
        lists.unresolved = joined(reports, n, false, &lists.n_unresolved);
        char *dir = im_xasprintf("%s/combined", out ? out : "output");
        rc = write_pack(ctx, dir, "combined", "several reports", &inc, &places, &links, &lists,
                        ro, &files);
        free(dir);
        free(lists.warnings);
        free(lists.unresolved);
    }
    for (size_t i = 0; i < n; i++) {
        brief_list_free(reports[i].lists.warnings, reports[i].lists.n_warnings);
        brief_list_free(reports[i].lists.unresolved, reports[i].lists.n_unresolved);
    }
    free(reports);
    im_incident_set_clear(&inc);
    im_place_rows_clear(&places);
    im_link_set_clear(&links);
    return rc;
}

int cmd_brief(im_ctx *ctx, int argc, char **argv)
{
    im_opts opts;
    char *sample = NULL;
    int rc = im_cli_parse(&opts, specs, sizeof specs / sizeof specs[0], argc, argv);
    if (rc >= 0)
        goto done;
    run_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.overwrite = im_opts_count(&opts, "overwrite") > 0;
    ro.verbosity = im_cli_verbosity_of(ctx, &opts);
    ro.log_level = ro.verbosity == IM_CLI_QUIET ? IM_LOG_ERROR : IM_LOG_WARN;
    ro.progress = ro.verbosity == IM_CLI_VERBOSE || (ro.verbosity == IM_CLI_NORMAL && isatty(2));
    ro.formats = im_opts_get(&opts, "formats");
    if (ro.formats) {
        char *copy = im_xstrdup(ro.formats);
        for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ",")) {
            if (strcmp(tok, "gpkg") && strcmp(tok, "geojson") && strcmp(tok, "shp") &&
                strcmp(tok, "kml") && strcmp(tok, "csv")) {
                rc = im_cli_usage_error("brief", "--formats: '%s' is not gpkg, geojson, shp, kml "
                                        "or csv", tok);
                free(copy);
                goto done;
            }
        }
        free(copy);
    }
    ro.maps.paper = im_opts_value(&opts, "paper");
    ro.maps.landscape = !im_opts_count(&opts, "portrait");
    ro.maps.banner = im_opts_get(&opts, "banner");
    ro.maps.overwrite = ro.overwrite;
    ro.maps.dpi = im_opts_number(&opts, "dpi");   /* range checked by the spec */
    ro.maps.progress = ro.progress;
    ro.maps.jobs = worker_pool_cpus() < 8 ? worker_pool_cpus() : 8;
    const char *v;
    if (im_opts_get(&opts, "jobs"))
        ro.maps.jobs = (int)im_opts_number(&opts, "jobs");
    double w, h;
    if (!im_paper_size(ro.maps.paper, ro.maps.landscape, &w, &h)) {
        rc = im_cli_usage_error("brief", "--paper '%s' is not A4, A3, letter or WxHmm",
                                ro.maps.paper);
        goto done;
    }
    char **regions = NULL;
    size_t n_regions = 0;
    if ((v = im_opts_get(&opts, "regions")) && strcmp(v, "auto")) {
        char *copy = im_xstrdup(v);
        for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ",")) {
            im_area a;
            im_status ast = brief_is_region_file(tok) ? im_area_from_file(ctx, tok, &a)
                                                      : im_area_resolve(ctx, tok, NULL, &a);
            im_area_clear(&a);
            if (ast != IM_OK) {
                rc = ast == IM_ERR_USAGE_VALUE
                         ? im_cli_usage_error("brief", "--regions: %s", im_ctx_last_error(ctx))
                         : (im_cli_error("brief: --regions: %s", im_ctx_last_error(ctx)),
                            im_status_exit_code(ast));
                free(copy);
                brief_list_free(regions, n_regions);
                goto done;
            }
            brief_list_add(&regions, &n_regions, tok);
        }
        free(copy);
    }
    ro.maps.regions = (const char *const *)regions;
    ro.maps.n_regions = n_regions;

    char **reports = (char **)opts.args;
    size_t n_reports = opts.n_args;
    if (!n_reports) {
        sample = im_ctx_data_path(ctx, "sample-report.txt");
        if (!sample) {
            brief_list_free(regions, n_regions);
            rc = im_cli_fail(ctx, IM_ERR_DATA_MISSING);
            goto done;
        }
        reports = &sample;
        n_reports = 1;
    }
    rc = write_packs(ctx, reports, n_reports, im_opts_get(&opts, "output"), &ro);
    brief_list_free(regions, n_regions);
done:
    im_render_release_caches(); /* fonts and basemap: nothing reachable is left at exit */
    free(sample);
    im_opts_free(&opts);
    return rc;
}
