/* The basemap held in memory: the countries, provinces and disputed lines of
 * basemap.gpkg read once with OGR into flat lon/lat arrays, and the gazetteer's
 * reference cities, kept with the context (im_ctx_cache) so every map drawn with it —
 * the ten maps of a briefing pack — reads them once, and workers forked after
 * loading share them.
 *
 * Each feature keeps its attributes, envelope and a point inside it for its name,
 * found like GEOS's interior point: on the horizontal line through the middle of each
 * polygon, the middle of the widest stretch inside it. A feature is in a map's
 * window when its geometry, not just its envelope, meets the window's rectangle.
 */
#include "render_private.h"
#include "incmap/alloc.h"
#include "incmap/gazetteer.h"
#include "src/core/gdal_errors.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>

static const char *const layer_names[IM_BM_LAYERS] = {"countries", "provinces", "disputed"};

typedef struct im_basemap_cache {
    char *path;
    bool loaded[IM_BM_LAYERS];
    im_bm_layer layers[IM_BM_LAYERS];
} im_basemap_cache;

static void layer_free(im_bm_layer *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->features[i].name);
    free(l->features);
    free(l->parts);
    free(l->xy);
    memset(l, 0, sizeof *l);
}

static void cache_free(void *data)
{
    im_basemap_cache *c = data;
    for (int k = 0; k < IM_BM_LAYERS; k++)
        layer_free(&c->layers[k]);
    free(c->path);
    free(c);
}

/* Natural Earth (as packaged) cuts polygons that cross the antimeridian at ±179.9°,
 * which leaves a 0.2° strip of sea through Chukotka or Fiji on a map across it. A
 * ring's run along that meridian is a cut: move it to ±180° so the halves meet. */
static void close_antimeridian_gap(double *xy, size_t n)
{
    if (n < 4)
        return;
    /* a closed ring: the point before the first is the one before the last */
    bool *cut = im_xcalloc(n, sizeof *cut);
    for (size_t i = 0; i < n; i++) {
        double lon = xy[2 * i];
        if (fabs(fabs(lon) - 179.9) > 1e-6)
            continue;
        size_t prev = i > 0 ? i - 1 : n - 2, next = i + 1 < n ? i + 1 : 1;
        cut[i] = fabs(xy[2 * prev] - lon) < 1e-5 || fabs(xy[2 * next] - lon) < 1e-5;
    }
    for (size_t i = 0; i < n; i++)
        if (cut[i])
            xy[2 * i] = copysign(180.0, xy[2 * i]);
    free(cut);
}

/* Append the lines and rings of `g` as parts; `ring` as in the drawing code: the
 * parts of polygons are rings, those of multilines are not. */
static void add_parts(im_bm_layer *l, OGRGeometryH g, bool ring, int *polygon)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbMultiPolygon || t == wkbPolygon || t == wkbMultiLineString ||
        t == wkbGeometryCollection) {
        if (t == wkbPolygon)
            (*polygon)++;
        int n = OGR_G_GetGeometryCount(g);
        for (int i = 0; i < n; i++)
            add_parts(l, OGR_G_GetGeometryRef(g, i),
                      t == wkbPolygon || (ring && t != wkbMultiLineString), polygon);
        return;
    }
    if (t != wkbLineString && t != wkbLinearRing)
        return;
    int n = OGR_G_GetPointCount(g);
    if (n < 2)
        return;
    l->xy = im_xgrow(l->xy, &l->xy_cap, 2 * (l->n_pts + (size_t)n), sizeof *l->xy);
    OGR_G_GetPoints(g, l->xy + 2 * l->n_pts, 2 * sizeof(double), l->xy + 2 * l->n_pts + 1,
                    2 * sizeof(double), NULL, 0);
    if (ring)
        close_antimeridian_gap(l->xy + 2 * l->n_pts, (size_t)n);
    l->parts = im_xgrow(l->parts, &l->parts_cap, l->n_parts + 1, sizeof *l->parts);
    l->parts[l->n_parts++] = (im_bm_part){l->n_pts, (size_t)n, ring, *polygon};
    l->n_pts += (size_t)n;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The interior point of a feature's polygons (see the top of the file); false when
 * it has none. */
/* Crossings of the polygon [p, q) (outer ring and holes) with the line at `c` along
 * axis `axis` (0: a parallel y = c, giving x; 1: a meridian x = c, giving y), sorted. */
static size_t crossings(const im_bm_layer *l, size_t p, size_t q, int axis, double c,
                        double **xs, size_t *cap)
{
    size_t nx = 0;
    int a = axis == 0 ? 1 : 0, o = 1 - a;
    for (size_t r = p; r < q; r++) {
        const double *v = l->xy + 2 * l->parts[r].start;
        size_t n = l->parts[r].count;
        for (size_t i = 0, j = n - 1; i < n; j = i++) {
            double ci = v[2 * i + a], cj = v[2 * j + a];
            if ((ci > c) == (cj > c))
                continue;
            *xs = im_xgrow(*xs, cap, nx + 1, sizeof **xs);
            (*xs)[nx++] = v[2 * i + o] + (c - ci) * (v[2 * j + o] - v[2 * i + o]) / (cj - ci);
        }
    }
    if (nx > 1)
        qsort(*xs, nx, sizeof **xs, cmp_double);
    return nx;
}

/* A point well inside the polygon: of the midpoints of the inside stretches of nine
 * parallels, the one farthest from the edge both east-west and north-south (the
 * smaller of the two half-widths), so a long thin arm such as Badakhshan's Wakhan
 * corridor does not win by its length alone. */
static bool interior_point(const im_bm_layer *l, const im_bm_feature *f, double *lon,
                           double *lat)
{
    double best = -1, *xs = NULL, *ys = NULL;
    size_t cap = 0, ycap = 0;
    for (size_t p = f->part0; p < f->part0 + f->n_parts;) {
        /* the parts of one polygon: its outer ring first, then its holes */
        size_t q = p;
        while (q < f->part0 + f->n_parts && l->parts[q].polygon == l->parts[p].polygon)
            q++;
        if (!l->parts[p].ring) {
            p = q;
            continue;
        }
        const double *outer = l->xy + 2 * l->parts[p].start;
        double ymin = outer[1], ymax = outer[1];
        for (size_t i = 1; i < l->parts[p].count; i++) {
            ymin = fmin(ymin, outer[2 * i + 1]);
            ymax = fmax(ymax, outer[2 * i + 1]);
        }
        for (int k = 1; k <= 9; k++) {
            double y = ymin + (ymax - ymin) * k / 10.0;
            double kx = cos(y * M_PI / 180);
            size_t nx = crossings(l, p, q, 0, y, &xs, &cap);
            for (size_t i = 0; i + 1 < nx; i += 2) {
                double x = (xs[i] + xs[i + 1]) / 2, half_w = (xs[i + 1] - xs[i]) / 2 * kx;
                double half_h = 0;
                size_t ny = crossings(l, p, q, 1, x, &ys, &ycap);
                for (size_t j = 0; j + 1 < ny; j += 2)
                    if (ys[j] <= y && y <= ys[j + 1])
                        half_h = fmin(y - ys[j], ys[j + 1] - y);
                double score = fmin(half_w, half_h);
                if (score > best) {
                    best = score;
                    *lon = x;
                    *lat = y;
                }
            }
        }
        p = q;
    }
    free(xs);
    free(ys);
    return best >= 0;
}

static void read_layer(im_bm_layer *l, OGRLayerH layer)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    int f_iso = OGR_FD_GetFieldIndex(defn, "iso2");
    int f_name = OGR_FD_GetFieldIndex(defn, "name");
    size_t cap = 0;
    int polygon = 0;
    OGR_L_ResetReading(layer);
    OGRFeatureH feat;
    while ((feat = OGR_L_GetNextFeature(layer)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(feat);
        if (g) {
            l->features = im_xgrow(l->features, &cap, l->n + 1, sizeof *l->features);
            im_bm_feature *f = &l->features[l->n++];
            memset(f, 0, sizeof *f);
            if (f_iso >= 0)
                snprintf(f->iso2, sizeof f->iso2, "%s", OGR_F_GetFieldAsString(feat, f_iso));
            f->name = f_name >= 0 ? im_xstrdup(OGR_F_GetFieldAsString(feat, f_name)) : NULL;
            OGREnvelope env;
            OGR_G_GetEnvelope(g, &env);
            f->w = env.MinX;
            f->s = env.MinY;
            f->e = env.MaxX;
            f->n = env.MaxY;
            f->part0 = l->n_parts;
            add_parts(l, g, false, &polygon);
            f->n_parts = l->n_parts - f->part0;
            f->has_label = interior_point(l, f, &f->label_lon, &f->label_lat);
        }
        OGR_F_Destroy(feat);
    }
}

const im_bm_layer *im_basemap_layer(im_ctx *ctx, const char *path, im_bm_layer_id id)
{
    im_basemap_cache *c = im_ctx_cache(ctx, IM_CACHE_BASEMAP);
    if (!c || strcmp(c->path, path) != 0) {
        c = im_xcalloc(1, sizeof *c);
        c->path = im_xstrdup(path);
        im_ctx_set_cache(ctx, IM_CACHE_BASEMAP, c, cache_free);
    }
    if (c->loaded[id])
        return &c->layers[id];
    GDALAllRegister();
    im_gdal_capture cap;
    im_gdal_capture_begin(&cap);
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!ds) {
        im_ctx_fail(ctx, IM_ERR_DATA_MISSING, "cannot open basemap '%s': %s", path,
                    cap.msg[0] ? cap.msg : "not a vector dataset");
        im_gdal_capture_end(&cap);
        return NULL;
    }
    OGRLayerH layer = GDALDatasetGetLayerByName(ds, layer_names[id]);
    if (layer)
        read_layer(&c->layers[id], layer);   /* a missing layer is an empty one */
    c->loaded[id] = true;
    GDALClose(ds);
    im_gdal_capture_end(&cap);
    return &c->layers[id];
}

typedef struct city_list {
    im_bm_city *items;
    size_t n;
} city_list;

static void city_list_free(void *data)
{
    city_list *c = data;
    free(c->items);
    free(c);
}

const im_bm_city *im_basemap_cities(im_ctx *ctx, size_t *n)
{
    city_list *c = im_ctx_cache(ctx, IM_CACHE_REFERENCE_CITIES);
    if (!c) {
        const im_gazetteer *gz = im_ctx_get_gazetteer(ctx);
        if (!gz) {
            *n = 0;
            return NULL;
        }
        c = im_xcalloc(1, sizeof *c);
        size_t count = im_gazetteer_count(gz), cap = 0;
        for (uint32_t id = 0; id < count; id++) {
            im_place p;
            im_gazetteer_get(gz, id, &p);
            if (p.kind != IM_PLACE_CITY || !p.has_coords)
                continue;
            bool capital = strcmp(p.feature, "PPLC") == 0;
            if (!capital && p.population < IM_BM_CITY_MIN)
                continue;
            c->items = im_xgrow(c->items, &cap, c->n + 1, sizeof *c->items);
            c->items[c->n++] = (im_bm_city){p.name, p.lon, p.lat, p.population, capital};
        }
        im_ctx_set_cache(ctx, IM_CACHE_REFERENCE_CITIES, c, city_list_free);
    }
    *n = c->n;
    return c->items;
}

bool im_bm_feature_hits(const im_bm_layer *l, const im_bm_feature *f, double w, double s,
                        double e, double n)
{
    if (f->e < w || f->w > e || f->n < s || f->s > n)
        return false;
    if (f->w >= w && f->e <= e && f->s >= s && f->n <= n)
        return true;   /* wholly inside */
    for (size_t p = f->part0; p < f->part0 + f->n_parts; p++) {
        const double *v = l->xy + 2 * l->parts[p].start;
        for (size_t i = 0; i + 1 < l->parts[p].count; i++)
            if (im_segment_meets((im_pt){v[2 * i], v[2 * i + 1]},
                                 (im_pt){v[2 * i + 2], v[2 * i + 3]}, (im_box){w, s, e, n}))
                return true;
    }
    /* no edge crosses the rectangle: it lies inside the polygons or outside them */
    return im_bm_feature_contains(l, f, (w + e) / 2, (s + n) / 2);
}

bool im_bm_feature_contains(const im_bm_layer *l, const im_bm_feature *f, double lon,
                            double lat)
{
    if (lon < f->w || lon > f->e || lat < f->s || lat > f->n)
        return false;
    bool in = false;
    for (size_t p = f->part0; p < f->part0 + f->n_parts; p++) {
        if (!l->parts[p].ring)
            continue;
        const double *v = l->xy + 2 * l->parts[p].start;
        size_t count = l->parts[p].count;
        for (size_t i = 0, j = count - 1; i < count; j = i++) {
            double xi = v[2 * i], yi = v[2 * i + 1], xj = v[2 * j], yj = v[2 * j + 1];
            if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi)
                in = !in;
        }
    }
    return in;
}
