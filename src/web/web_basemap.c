/* The page's basemap: incmap's own geodata (basemap.gpkg: countries, provinces,
 * disputed lines) as GeoJSON for the screen, with the printed maps' colours. Land is
 * drawn from the countries, as on the printed maps (the `land` layer's rings that run
 * along the antimeridian would cross the whole screen in a browser).
 *
 * Thinned for a browser, not for paper: points closer than a tolerance to the last
 * one kept are dropped (coarse for the world, finer for the countries with incidents,
 * whose provinces are the only ones sent), coordinates are rounded to 0.01° or 0.001°
 * and parts smaller than the tolerance are left out. The colours
 * are those of render/basemap_draw.c and render/map.c (sea, muted and focus land,
 * borders, provinces, disputed lines) so the page and the PNG read alike.
 */
#include "web_private.h"
#include "incmap/alloc.h"

#include <math.h>
#include <gdal.h>
#include <ogr_api.h>
#include <string.h>

/* Tolerances in degrees, relative to each feature's size so that a small country keeps
 * its shape and Russia does not ship its every fjord: extent / DIV, within [MIN, MAX].
 * The focus countries (those with incidents) and their provinces are drawn finer. */
typedef struct tolerance {
    double div, min, max;
    double min_feature;   /* smaller features are left out (degrees) */
} tolerance;
static const tolerance TOL_WORLD = {80, 0.08, 0.3, 0};
static const tolerance TOL_FOCUS = {350, 0.01, 0.06, 0};
static const tolerance TOL_PROVINCE = {200, 0.012, 0.06, 0};
static const tolerance TOL_LINES = {300, 0.015, 0.06, 0};

/* The printed map's basemap colours (render/basemap_draw.c, render/map.c) and line
 * widths in millimetres. */
static const char basemap_style[] =
    "{\"sea\":\"#dcebf5\",\"land\":\"#eae8e4\",\"focus\":\"#fefcf4\","
    "\"border\":\"#8c8c8c\",\"border_mm\":0.2,\"province\":\"#9e9e9e\",\"province_mm\":0.12,"
    "\"focus_border\":\"#4d4d4d\",\"focus_border_mm\":0.3,\"disputed\":\"#4d4d4d\","
    "\"disputed_mm\":0.3}";

typedef struct geo_writer {
    FILE *out;
    size_t features;
} geo_writer;

/* One ring or line string as [[lon,lat],...], thinned for the screen: a point is kept
 * when it lies at least `tol` degrees from the last one kept (the first and last points
 * always are, so rings stay closed). A linear pass, where a topology-preserving
 * simplification cost a third of a second per page in GEOS; Leaflet smooths what is
 * left at each zoom. False (nothing written) when there are too few points. */
static bool write_coords(FILE *out, OGRGeometryH g, bool ring, double tol)
{
    double q = tol >= 0.02 ? 100 : 1000;  /* 0.01° or 0.001°, well under the tolerance */
    int dec = q == 100 ? 2 : 3;
    int n = OGR_G_GetPointCount(g);
    if (n < (ring ? 4 : 2))
        return false;
    double *x = im_xreallocarray(NULL, 2 * (size_t)n, sizeof *x), *y = x + n;
    OGR_G_GetPoints(g, x, sizeof *x, y, sizeof *y, NULL, 0);
    fputc('[', out);
    double px = 0, py = 0, tol2 = tol * tol;
    int k = 0;
    for (int i = 0; i < n; i++) {
        double dx = x[i] - px, dy = y[i] - py;
        if (i && i != n - 1 && dx * dx + dy * dy < tol2)
            continue;
        fprintf(out, "%s[%.*f,%.*f]", k++ ? "," : "", dec, round(x[i] * q) / q, dec,
                round(y[i] * q) / q);
        px = x[i];
        py = y[i];
    }
    fputc(']', out);
    free(x);
    return true;
}

static bool big_enough(OGRGeometryH g, double tol)
{
    OGREnvelope e;
    OGR_G_GetEnvelope(g, &e);
    return e.MaxX - e.MinX >= tol || e.MaxY - e.MinY >= tol;
}

/* A polygon's rings as [[ring],[hole]...]; false (nothing written) when the outer
 * ring is gone. Holes smaller than the tolerance are left out. */
static bool write_polygon(FILE *out, OGRGeometryH poly, double tol, bool first)
{
    int nr = OGR_G_GetGeometryCount(poly);
    if (nr < 1 || !big_enough(OGR_G_GetGeometryRef(poly, 0), tol) ||
        OGR_G_GetPointCount(OGR_G_GetGeometryRef(poly, 0)) < 4)
        return false;
    fputs(first ? "[" : ",[", out);
    for (int r = 0; r < nr; r++) {
        OGRGeometryH ring = OGR_G_GetGeometryRef(poly, r);
        if (r && (!big_enough(ring, tol) || OGR_G_GetPointCount(ring) < 4))
            continue;
        if (r)
            fputc(',', out);
        write_coords(out, ring, true, tol);
    }
    fputc(']', out);
    return true;
}

/* A (multi)polygon or (multi)line string as a GeoJSON geometry object, or nothing
 * when simplification left nothing worth drawing. */
static bool write_geometry(FILE *out, OGRGeometryH g, double tol)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbPolygon || t == wkbMultiPolygon) {
        fputs("{\"type\":\"MultiPolygon\",\"coordinates\":[", out);
        int k = 0;
        if (t == wkbPolygon)
            k += write_polygon(out, g, tol, true);
        else
            for (int i = 0; i < OGR_G_GetGeometryCount(g); i++)
                k += write_polygon(out, OGR_G_GetGeometryRef(g, i), tol, k == 0);
        fputs("]}", out);
        return k > 0;
    }
    if (t == wkbLineString || t == wkbMultiLineString) {
        fputs("{\"type\":\"MultiLineString\",\"coordinates\":[", out);
        int k = 0;
        int n = t == wkbLineString ? 1 : OGR_G_GetGeometryCount(g);
        for (int i = 0; i < n; i++) {
            OGRGeometryH part = t == wkbLineString ? g : OGR_G_GetGeometryRef(g, i);
            if (OGR_G_GetPointCount(part) < 2)
                continue;
            if (k++)
                fputc(',', out);
            write_coords(out, part, false, tol);
        }
        fputs("]}", out);
        return k > 0;
    }
    fputs("null", out);
    return false;
}

static bool is_focus(const char *iso2, const char *const *focus, size_t n_focus)
{
    for (size_t i = 0; iso2 && i < n_focus; i++)
        if (!strcmp(focus[i], iso2))
            return true;
    return false;
}

/* One layer as a FeatureCollection. `only_focus`: the features of the focus countries
 * alone, at `world` (provinces); otherwise focus features get TOL_FOCUS. */
static void write_layer(geo_writer *w, GDALDatasetH ds, const char *name,
                        const char *const *focus, size_t n_focus, bool only_focus,
                        tolerance world)
{
    FILE *out = w->out;
    fputs("{\"type\":\"FeatureCollection\",\"features\":[", out);
    OGRLayerH layer = GDALDatasetGetLayerByName(ds, name);
    size_t k = 0;
    if (layer && (!only_focus || n_focus)) {
        OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
        int f_iso = OGR_FD_GetFieldIndex(defn, "iso2");
        int f_name = OGR_FD_GetFieldIndex(defn, "name");
        /* only the focus countries' rows are read (SQLite skips the others' geometry);
         * codes that are not two capital letters never reach the SQL */
        char *where = NULL;
        if (only_focus) {
            where = im_xstrdup("iso2 IN (''");
            for (size_t i = 0; i < n_focus; i++) {
                const char *c = focus[i];
                if (c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z' && !c[2]) {
                    char *next = im_xasprintf("%s,'%s'", where, c);
                    free(where);
                    where = next;
                }
            }
            char *done = im_xasprintf("%s)", where);
            free(where);
            where = done;
        }
        OGR_L_SetAttributeFilter(layer, where);
        free(where);
        OGR_L_ResetReading(layer);
        OGRFeatureH f;
        while ((f = OGR_L_GetNextFeature(layer))) {
            const char *iso = f_iso >= 0 ? OGR_F_GetFieldAsString(f, f_iso) : NULL;
            bool focus_f = is_focus(iso, focus, n_focus);
            OGRGeometryH g = OGR_F_GetGeometryRef(f);
            if (!g || (only_focus && !focus_f)) {
                OGR_F_Destroy(f);
                continue;
            }
            const tolerance *t = focus_f && !only_focus ? &TOL_FOCUS : &world;
            OGREnvelope env;
            OGR_G_GetEnvelope(g, &env);
            double size = fmax(env.MaxX - env.MinX, env.MaxY - env.MinY);
            double tol = fmin(fmax(size / t->div, t->min), t->max);
            if (size < t->min_feature) {
                OGR_F_Destroy(f);
                continue;
            }
            {
                /* written to a scratch buffer first: a feature simplified away leaves
                 * no trace in the page */
                char *buf = NULL;
                size_t len = 0;
                FILE *mem = open_memstream(&buf, &len);
                if (mem) {
                    fputs("{\"type\":\"Feature\",\"properties\":{", mem);
                    fputs("\"iso2\":", mem);
                    im_web_json_string(mem, iso ? iso : "");
                    fputs(",\"name\":", mem);
                    im_web_json_string(mem, f_name >= 0 ? OGR_F_GetFieldAsString(f, f_name) : "");
                    fprintf(mem, ",\"focus\":%s},\"geometry\":", focus_f ? "true" : "false");
                    bool drawn = write_geometry(mem, g, tol);
                    fputc('}', mem);
                    fclose(mem);
                    if (drawn) {
                        fputs(k++ ? ",\n" : "\n", out);
                        fwrite(buf, 1, len, out);
                    }
                    free(buf);
                }
            }
            OGR_F_Destroy(f);
        }
    }
    fputs("]}", out);
    w->features += k;
}

im_status web_write_basemap(im_ctx *ctx, FILE *out, const im_incident_set *set)
{
    char *path = im_ctx_data_path(ctx, "basemap.gpkg");
    if (!path) /* the context's error names the missing file */
        return IM_ERR_DATA_MISSING;
    GDALAllRegister();
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!ds) {
        im_status st = im_ctx_fail(ctx, IM_ERR_DATA_CORRUPT, "cannot open '%s'", path);
        free(path);
        return st;
    }
    free(path);
    /* the countries with incidents are the focus, as on the printed map */
    const char **focus = im_xcalloc(set->n ? set->n : 1, sizeof *focus);
    size_t n_focus = 0;
    for (size_t i = 0; i < set->n; i++) {
        const im_incident *inc = &set->items[i];
        if (inc->has_coords && inc->iso2[0] && !is_focus(inc->iso2, focus, n_focus))
            focus[n_focus++] = inc->iso2;
    }
    geo_writer w = {out, 0};
    fprintf(out, "{\"style\":%s,\n\"countries\":", basemap_style);
    write_layer(&w, ds, "countries", focus, n_focus, false, TOL_WORLD);
    fputs(",\n\"provinces\":", out);
    write_layer(&w, ds, "provinces", focus, n_focus, true, TOL_PROVINCE);
    fputs(",\n\"disputed\":", out);
    write_layer(&w, ds, "disputed", NULL, 0, false, TOL_LINES);
    fputc('}', out);
    free(focus);
    GDALClose(ds);
    return w.features ? IM_OK
                      : im_ctx_fail(ctx, IM_ERR_DATA_CORRUPT, "basemap.gpkg holds no "
                                    "countries or borders");
}
