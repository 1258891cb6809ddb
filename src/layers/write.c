/* im_write_layers: where the layers go and how they get there safely (layer_write.h).
 *
 * File outputs are staged: every file (layers, sidecars such as .shx/.dbf/.prj/.cpg/
 * .qix/.csvt, .qml styles, the .qgs project) is written into a fresh hidden folder
 * beside the target, then each is renamed into place once all are complete. Existing
 * targets are refused without `overwrite` before anything is written and checked
 * again before the renames. On failure the staging folder is removed, and so is an
 * output folder this call created. PostGIS goes through write_pg.c; the per-layer
 * OGR work through write_ogr.c.
 */
#include "write_private.h"
#include "incmap/alloc.h"
#include "incmap/outfile.h"

#include <cpl_error.h>
#include <dirent.h>
#include <errno.h>
#include <ogr_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

static bool has_ext(const char *s, const char *ext)
{
    size_t n = strlen(s), m = strlen(ext);
    return n > m + 1 && s[n - m - 1] == '.' && strcasecmp(s + n - m, ext) == 0;
}

/* The data's extent over all layers: west, south, east, north (west > east if none). */
static void data_extent(const im_layer_src srcs[3], double e[4])
{
    e[0] = e[1] = 1e9;
    e[2] = e[3] = -1e9;
    for (int k = 0; k < 3; k++) {
        im_val *vals = im_xcalloc(srcs[k].n_cols, sizeof *vals);
        for (size_t i = 0; i < srcs[k].n_rows; i++) {
            im_geom g;
            srcs[k].row(&srcs[k], i, vals, &g);
            for (int p = 0; p < g.n; p++) {
                e[0] = g.x[p] < e[0] ? g.x[p] : e[0];
                e[1] = g.y[p] < e[1] ? g.y[p] : e[1];
                e[2] = g.x[p] > e[2] ? g.x[p] : e[2];
                e[3] = g.y[p] > e[3] ? g.y[p] : e[3];
            }
        }
        free(vals);
    }
}

/* Create one dataset at `path`, let `fill` put layers in it, close it, and turn any
 * CPL failure on the way into a status naming `shown`. */
static im_status with_dataset(im_ctx *ctx, const im_format_info *fi, const char *path,
                              const char *shown, const im_layer_src *srcs, int first,
                              int last, bool acled, bool styles)
{
    im_gdal_capture cap;
    im_gdal_capture_begin(&cap);
    im_status st = IM_OK;
    GDALDriverH drv = GDALGetDriverByName(fi->driver);
    GDALDatasetH ds = drv ? GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL) : NULL;
    if (!ds) {
        st = im_ctx_fail(ctx, IM_ERR_IO, "cannot create '%s': %s", shown,
                         cap.msg[0] ? cap.msg : drv ? "GDAL refused" : "driver unavailable");
        goto done;
    }
    bool txn = fi->format == IM_FORMAT_GPKG &&
               GDALDatasetStartTransaction(ds, FALSE) == OGRERR_NONE;
    for (int k = first; k <= last && st == IM_OK; k++)
        st = im_ogr_write_layer(ctx, ds, fi, &srcs[k], acled, shown);
    if (st == IM_OK && styles)
        st = im_styles_table_write(ctx, ds, "", "", "geom", shown,
                                   im_format_acled_names(fi, acled));
    if (txn) {
        if (st == IM_OK && GDALDatasetCommitTransaction(ds) != OGRERR_NONE)
            st = im_ctx_fail(ctx, IM_ERR_GDAL, "cannot commit '%s': %s", shown, cap.msg);
        else if (st != IM_OK)
            GDALDatasetRollbackTransaction(ds);
    }
    GDALClose(ds);   /* void in GDAL 3.6: failures surface through the captured error */
    if (st == IM_OK && cap.msg[0])
        st = im_ctx_fail(ctx, IM_ERR_GDAL, "cannot write '%s': %s", shown, cap.msg);
done:
    im_gdal_capture_end(&cap);
    return st;
}

typedef struct plan {
    char *dir;             /* where the outputs go */
    char *names[3];        /* layer file names in dir (one for multi-layer formats) */
    char *stems[3];        /* the same without extension (for .qml) */
    size_t n_files;
    char *qgs;             /* project file name, or NULL */
    bool made_dir;
} plan;

static void plan_free(plan *p)
{
    free(p->dir);
    for (int k = 0; k < 3; k++) {
        free(p->names[k]);
        free(p->stems[k]);
    }
    free(p->qgs);
}

static im_status make_plan(im_ctx *ctx, const char *out, const im_format_info *fi,
                           const im_write_opts *opts, plan *p)
{
    static const char *const layer_names[3] = {"incidents", "places", "links"};
    const char *ext = fi->ext;
    bool named = has_ext(out, ext) ||
                 (fi->format == IM_FORMAT_GEOJSON && has_ext(out, "json"));
    if (named) {
        const char *slash = strrchr(out, '/');
        const char *base = slash ? slash + 1 : out;
        p->dir = slash ? im_xstrndup(out, (size_t)(slash - out) + (slash == out)) : im_xstrdup(".");
        const char *dot = strrchr(base, '.');
        char *stem = im_xstrndup(base, (size_t)(dot - base));
        p->names[0] = im_xstrdup(base);
        p->stems[0] = im_xstrdup(stem);
        p->n_files = fi->multi_layer ? 1 : 3;
        for (int k = 1; k < 3 && !fi->multi_layer; k++) {
            p->stems[k] = im_xasprintf("%s_%s", stem, layer_names[k]);
            p->names[k] = im_xasprintf("%s%s", p->stems[k], dot);
        }
        p->qgs = opts->qgis ? im_xasprintf("%s.qgs", stem) : NULL;
        free(stem);
        struct stat st;
        if (stat(p->dir, &st) != 0 || !S_ISDIR(st.st_mode))
            return im_ctx_fail(ctx, IM_ERR_IO, "cannot write '%s': folder '%s' does not exist",
                               out, p->dir);
        return IM_OK;
    }
    p->dir = im_xstrdup(out);
    size_t n = strlen(p->dir);
    while (n > 1 && p->dir[n - 1] == '/')
        p->dir[--n] = '\0';
    if (fi->multi_layer) {
        p->n_files = 1;
        p->stems[0] = im_xstrdup("incmap");
        p->names[0] = im_xasprintf("incmap.%s", ext);
    } else {
        p->n_files = 3;
        for (int k = 0; k < 3; k++) {
            p->stems[k] = im_xstrdup(layer_names[k]);
            p->names[k] = im_xasprintf("%s.%s", layer_names[k], ext);
        }
    }
    p->qgs = opts->qgis ? im_xstrdup("incmap.qgs") : NULL;
    struct stat st;
    if (stat(p->dir, &st) != 0) {
        if (mkdir(p->dir, 0777) != 0)
            return im_ctx_fail(ctx, IM_ERR_IO, "cannot create folder '%s': %s", p->dir,
                               strerror(errno));
        p->made_dir = true;
    } else if (!S_ISDIR(st.st_mode)) {
        return im_ctx_fail(ctx, IM_ERR_IO_EXISTS,
                           "'%s' exists and is not a folder (give a folder or NAME.%s)", out,
                           ext);
    }
    return IM_OK;
}

/* Move every staged file into dir; refuse (before moving any) if one exists and
 * overwriting is not allowed. */
static im_status commit_staged(im_ctx *ctx, const char *stage, const char *dir,
                               bool overwrite)
{
    im_status st = IM_OK;
    char **names = NULL;
    size_t n = 0, cap = 0;
    DIR *d = opendir(stage);
    if (!d)
        return im_ctx_fail(ctx, IM_ERR_IO, "cannot read '%s': %s", stage, strerror(errno));
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        names = im_xgrow(names, &cap, n + 1, sizeof *names);
        names[n++] = im_xstrdup(e->d_name);
    }
    closedir(d);
    for (size_t i = 0; i < n && st == IM_OK && !overwrite; i++) {
        char *to = im_xasprintf("%s/%s", dir, names[i]);
        if (exists(to))
            st = im_ctx_fail(ctx, IM_ERR_IO_EXISTS, "'%s' exists (use --overwrite to replace it)",
                             to);
        free(to);
    }
    for (size_t i = 0; i < n && st == IM_OK; i++) {
        char *from = im_xasprintf("%s/%s", stage, names[i]);
        char *to = im_xasprintf("%s/%s", dir, names[i]);
        if (!im_out_publish(from, to, NULL))
            st = im_ctx_fail(ctx, IM_ERR_IO, "cannot rename into '%s': %s", to, strerror(errno));
        free(from);
        free(to);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return st;
}

static im_status write_files(im_ctx *ctx, const char *out, const im_format_info *fi,
                             const im_write_opts *opts, const im_layer_src srcs[3])
{
    plan p = {0};
    char *stage = NULL;
    im_status st = make_plan(ctx, out, fi, opts, &p);
    /* refuse early: nothing is written when a target exists */
    for (size_t k = 0; k < p.n_files && st == IM_OK && !opts->overwrite; k++) {
        char *path = im_xasprintf("%s/%s", p.dir, p.names[k]);
        if (exists(path))
            st = im_ctx_fail(ctx, IM_ERR_IO_EXISTS,
                             "'%s' exists (use --overwrite to replace it)", path);
        free(path);
    }
    if (st == IM_OK && p.qgs && !opts->overwrite) {
        char *path = im_xasprintf("%s/%s", p.dir, p.qgs);
        if (exists(path))
            st = im_ctx_fail(ctx, IM_ERR_IO_EXISTS,
                             "'%s' exists (use --overwrite to replace it)", path);
        free(path);
    }
    if (st == IM_OK) {
        char *prefix = im_xasprintf("%s/.incmap-tmp-", p.dir);
        stage = im_out_make_temp_dir(prefix);
        free(prefix);
        if (!stage)
            st = im_ctx_fail(ctx, IM_ERR_IO, "cannot write into '%s': %s", p.dir,
                             strerror(errno));
    }
    for (size_t k = 0; k < p.n_files && st == IM_OK; k++) {
        char *path = im_xasprintf("%s/%s", stage, p.names[k]);
        char *shown = im_xasprintf("%s/%s", p.dir, p.names[k]);
        int first = fi->multi_layer ? 0 : (int)k, last = fi->multi_layer ? 2 : (int)k;
        st = with_dataset(ctx, fi, path, shown, srcs, first, last, opts->acled,
                          fi->format == IM_FORMAT_GPKG);
        if (st == IM_OK && fi->qml_sidecar && (opts->qgis || fi->format == IM_FORMAT_SHP)) {
            char *qml_path = im_xasprintf("%s/%s.qml", stage, p.stems[k]);
            char *qml_shown = im_xasprintf("%s/%s.qml", p.dir, p.stems[k]);
            char *qml = im_layer_qml(srcs[k].kind, im_format_acled_names(fi, opts->acled));
            st = im_out_write_file(ctx, qml_path, qml_shown, qml, strlen(qml));
            free(qml);
            free(qml_shown);
            free(qml_path);
        }
        free(shown);
        free(path);
    }
    if (st == IM_OK && p.qgs) {
        im_qgs_layer layers[3];
        char *sources[3] = {NULL, NULL, NULL};
        for (int k = 0; k < 3; k++) {
            sources[k] = fi->multi_layer
                             ? im_xasprintf("./%s|layername=%s", p.names[0], srcs[k].name)
                             : im_xasprintf("./%s", p.names[k]);
            layers[k] = (im_qgs_layer){srcs[k].kind, srcs[k].name, sources[k], "ogr",
                                       im_format_acled_names(fi, opts->acled)};
        }
        double e[4];
        data_extent(srcs, e);
        char *path = im_xasprintf("%s/%s", stage, p.qgs);
        char *shown = im_xasprintf("%s/%s", p.dir, p.qgs);
        st = im_qgs_write(ctx, path, shown, layers, 3, e);
        free(shown);
        free(path);
        for (int k = 0; k < 3; k++)
            free(sources[k]);
    }
    if (st == IM_OK)
        st = commit_staged(ctx, stage, p.dir, opts->overwrite);
    /* a replaced Shapefile must not keep another tool's stale spatial index */
    for (size_t k = 0; k < p.n_files && st == IM_OK && fi->format == IM_FORMAT_SHP; k++) {
        static const char *const stale[] = {"sbn", "sbx"};
        for (int s = 0; s < 2; s++) {
            char *path = im_xasprintf("%s/%s.%s", p.dir, p.stems[k], stale[s]);
            unlink(path);
            free(path);
        }
    }
    im_out_remove_tree(stage);
    if (st != IM_OK && p.made_dir)
        rmdir(p.dir);
    free(stage);
    plan_free(&p);
    return st;
}

im_status im_write_layers(im_ctx *ctx, const char *out, const im_write_opts *opts,
                          const im_incident_set *incidents, const im_place_rows *places,
                          const im_link_set *links)
{
    im_write_opts def = IM_WRITE_OPTS_INIT;
    if (!opts)
        opts = &def;
    GDALAllRegister();
    im_layer_format fmt;
    im_status st = im_layer_format_resolve(ctx, opts->format, out, &fmt);
    if (st != IM_OK)
        return st;
    const im_format_info *fi = im_format_get(fmt);
    im_layer_src srcs[3];
    im_layer_srcs(srcs, incidents, places, links);
    if (!strcmp(out, "-")) {
        if (fmt != IM_FORMAT_GEOJSON)
            return im_ctx_fail(ctx, IM_ERR_USAGE_VALUE,
                               "-o - writes GeoJSON only (got -f %s)", opts->format);
        return with_dataset(ctx, fi, "/vsistdout/", "standard output", srcs, 0, 0, false,
                            false);
    }
    if (fmt == IM_FORMAT_PG)
        return im_pg_write(ctx, out, opts, srcs);
    return write_files(ctx, out, fi, opts, srcs);
}
