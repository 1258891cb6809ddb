/* Point-in-polygon for filtering (see filter.h). Every ring edge of the loaded
 * polygons is filed in 0.1° latitude bands; a point is located by ray casting east
 * against the edges of its band only, counting crossings per owner: an odd count means
 * inside, which handles holes and islands alike. The half-open test (y1 <= y < y2)
 * makes a point on a shared border belong to exactly one side. Sea points are given to
 * the nearest coast within a tolerance by scanning the bands around them. */
#include "incmap/filter.h"
#include "incmap/alloc.h"
#include "filter_private.h"

#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define BAND_H 0.1
#define N_BANDS 1800

typedef struct edge {
    double x1, y1, x2, y2;
    uint32_t owner;
} edge;

struct im_polyset {
    double bounds[4];       /* west, south, east, north of every edge */
    edge *edges;
    size_t n_edges, cap_edges;
    char **keys;
    size_t n_owners;
    uint32_t *band_start;   /* N_BANDS + 1 offsets into band_edges */
    uint32_t *band_edges;
};

static int band_of(double lat)
{
    int b = (int)floor((lat + 90.0) / BAND_H);
    return b < 0 ? 0 : b >= N_BANDS ? N_BANDS - 1 : b;
}

static void add_ring(im_polyset *ps, OGRGeometryH ring, uint32_t owner)
{
    int n = OGR_G_GetPointCount(ring);
    if (n < 3)
        return;
    for (int i = 0; i < n; i++) {
        int j = (i + 1) % n;
        double x1 = OGR_G_GetX(ring, i), y1 = OGR_G_GetY(ring, i);
        double x2 = OGR_G_GetX(ring, j), y2 = OGR_G_GetY(ring, j);
        if (x1 == x2 && y1 == y2)
            continue;
        ps->edges = im_xgrow(ps->edges, &ps->cap_edges, ps->n_edges + 1, sizeof *ps->edges);
        ps->edges[ps->n_edges++] = (edge){x1, y1, x2, y2, owner};
    }
}

static void add_geometry(im_polyset *ps, OGRGeometryH g, uint32_t owner)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbPolygon) {
        for (int r = 0; r < OGR_G_GetGeometryCount(g); r++)
            add_ring(ps, OGR_G_GetGeometryRef(g, r), owner);
    } else if (t == wkbMultiPolygon || t == wkbGeometryCollection) {
        for (int k = 0; k < OGR_G_GetGeometryCount(g); k++)
            add_geometry(ps, OGR_G_GetGeometryRef(g, k), owner);
    }
}

static uint32_t owner_index(im_polyset *ps, const char *key)
{
    for (size_t i = 0; i < ps->n_owners; i++)
        if (!strcasecmp(ps->keys[i], key))
            return (uint32_t)i;
    ps->keys = im_xreallocarray(ps->keys, ps->n_owners + 1, sizeof *ps->keys);
    ps->keys[ps->n_owners] = im_xstrdup(key);
    return (uint32_t)ps->n_owners++;
}

static void build_bands(im_polyset *ps)
{
    ps->bounds[0] = ps->bounds[1] = 1e9;
    ps->bounds[2] = ps->bounds[3] = -1e9;
    for (size_t i = 0; i < ps->n_edges; i++) {
        const edge *e = &ps->edges[i];
        ps->bounds[0] = fmin(ps->bounds[0], fmin(e->x1, e->x2));
        ps->bounds[1] = fmin(ps->bounds[1], fmin(e->y1, e->y2));
        ps->bounds[2] = fmax(ps->bounds[2], fmax(e->x1, e->x2));
        ps->bounds[3] = fmax(ps->bounds[3], fmax(e->y1, e->y2));
    }
    ps->band_start = im_xcalloc(N_BANDS + 1, sizeof *ps->band_start);
    for (size_t i = 0; i < ps->n_edges; i++) {
        const edge *e = &ps->edges[i];
        int lo = band_of(fmin(e->y1, e->y2)), hi = band_of(fmax(e->y1, e->y2));
        for (int b = lo; b <= hi; b++)
            ps->band_start[b + 1]++;
    }
    for (int b = 0; b < N_BANDS; b++)
        ps->band_start[b + 1] += ps->band_start[b];
    ps->band_edges = im_xcalloc(ps->band_start[N_BANDS] ? ps->band_start[N_BANDS] : 1,
                                sizeof *ps->band_edges);
    uint32_t *fill = im_xcalloc(N_BANDS, sizeof *fill);
    for (size_t i = 0; i < ps->n_edges; i++) {
        const edge *e = &ps->edges[i];
        int lo = band_of(fmin(e->y1, e->y2)), hi = band_of(fmax(e->y1, e->y2));
        for (int b = lo; b <= hi; b++)
            ps->band_edges[ps->band_start[b] + fill[b]++] = (uint32_t)i;
    }
    free(fill);
}

im_status im_polyset_load(im_ctx *ctx, const char *path, const char *layer_name,
                          const char *key_field, const char *const *keys, size_t n_keys,
                          im_polyset **out)
{
    *out = NULL;
    im_gdal_capture cap;
    im_gdal_capture_begin(&cap);
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    im_status st = IM_OK;
    im_polyset *ps = NULL;
    OGRCoordinateTransformationH ct = NULL;
    if (!ds) {
        st = im_ctx_fail(ctx, IM_ERR_INPUT, "cannot open polygon layer '%s': %s", path,
                         cap.msg[0] ? cap.msg : "not a vector dataset");
        goto done;
    }
    OGRLayerH layer = layer_name ? GDALDatasetGetLayerByName(ds, layer_name)
                                 : GDALDatasetGetLayer(ds, 0);
    if (!layer) {
        st = im_ctx_fail(ctx, IM_ERR_INPUT, "'%s' has no layer '%s'", path,
                         layer_name ? layer_name : "(first)");
        goto done;
    }
    int key_idx = -1;
    if (key_field) {
        key_idx = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(layer), key_field);
        if (key_idx < 0) {
            st = im_ctx_fail(ctx, IM_ERR_DATA, "layer '%s' of '%s' has no field '%s'",
                             OGR_L_GetName(layer), path, key_field);
            goto done;
        }
    }
    ct = im_to_wgs84(OGR_L_GetSpatialRef(layer));
    ps = im_xcalloc(1, sizeof *ps);
    OGR_L_ResetReading(layer);
    OGRFeatureH f;
    long n = 0;
    while ((f = OGR_L_GetNextFeature(layer))) {
        char num[32];
        const char *key = key_idx >= 0 ? OGR_F_GetFieldAsString(f, key_idx) : NULL;
        if (!key) {
            snprintf(num, sizeof num, "%ld", n);
            key = num;
        }
        n++;
        bool wanted = n_keys == 0;
        for (size_t k = 0; k < n_keys && !wanted; k++)
            wanted = !strcasecmp(keys[k], key);
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (wanted && g && key[0]) {
            OGRGeometryH c = OGR_G_Clone(g);
            if (ct)
                OGR_G_Transform(c, ct);
            add_geometry(ps, c, owner_index(ps, key));
            OGR_G_DestroyGeometry(c);
        }
        OGR_F_Destroy(f);
    }
    build_bands(ps);
    *out = ps;
    ps = NULL;
done:
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    if (ds)
        GDALClose(ds);
    im_gdal_capture_end(&cap);
    im_polyset_destroy(ps);
    return st;
}

void im_polyset_destroy(im_polyset *ps)
{
    if (!ps)
        return;
    for (size_t i = 0; i < ps->n_owners; i++)
        free(ps->keys[i]);
    free(ps->keys);
    free(ps->edges);
    free(ps->band_start);
    free(ps->band_edges);
    free(ps);
}

/* Distance in km from (px, py) to segment e, on a local equirectangular plane. */
static double segment_km(const edge *e, double px, double py)
{
    double k = cos(py * M_PI / 180.0);
    double ax = (e->x1 - px) * k, ay = e->y1 - py, bx = (e->x2 - px) * k, by = e->y2 - py;
    double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? -(ax * dx + ay * dy) / len2 : 0.0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    double cx = ax + t * dx, cy = ay + t * dy;
    return sqrt(cx * cx + cy * cy) * 111.195;
}

int im_polyset_locate(const im_polyset *ps, double lon, double lat, double tolerance_km)
{
    if (!ps || !isfinite(lon) || !isfinite(lat))
        return -1;
    int b = band_of(lat);
    uint32_t hits[64];
    size_t nh = 0;
    uint32_t *more = NULL;
    size_t n_more = 0, cap_more = 0;
    for (uint32_t k = ps->band_start[b]; k < ps->band_start[b + 1]; k++) {
        const edge *e = &ps->edges[ps->band_edges[k]];
        if ((e->y1 <= lat) == (e->y2 <= lat))
            continue;
        double x = e->x1 + (lat - e->y1) * (e->x2 - e->x1) / (e->y2 - e->y1);
        if (x <= lon)
            continue;
        if (nh < 64) {
            hits[nh++] = e->owner;
        } else {
            more = im_xgrow(more, &cap_more, n_more + 1, sizeof *more);
            more[n_more++] = e->owner;
        }
    }
    int best = -1;
    for (size_t i = 0; i < nh + n_more; i++) {
        uint32_t o = i < nh ? hits[i] : more[i - nh];
        size_t count = 0;
        for (size_t j = 0; j < nh + n_more; j++)
            count += (j < nh ? hits[j] : more[j - nh]) == o;
        if (count % 2 == 1 && (best < 0 || (int)o < best))
            best = (int)o;
    }
    free(more);
    if (best >= 0 || tolerance_km <= 0)
        return best;
    double tol_deg = tolerance_km / 111.195;
    int lo = band_of(lat - tol_deg), hi = band_of(lat + tol_deg);
    double best_d = tolerance_km;
    for (int bb = lo; bb <= hi; bb++) {
        for (uint32_t k = ps->band_start[bb]; k < ps->band_start[bb + 1]; k++) {
            const edge *e = &ps->edges[ps->band_edges[k]];
            double xmin = fmin(e->x1, e->x2), xmax = fmax(e->x1, e->x2);
            double xt = tol_deg / fmax(cos(lat * M_PI / 180.0), 0.01);
            if (lon < xmin - xt || lon > xmax + xt)
                continue;
            double d = segment_km(e, lon, lat);
            if (d <= best_d) {
                best_d = d;
                best = (int)e->owner;
            }
        }
    }
    return best;
}

const char *im_polyset_key(const im_polyset *ps, int i)
{
    return i >= 0 && (size_t)i < ps->n_owners ? ps->keys[i] : "";
}

size_t im_polyset_owner_count(const im_polyset *ps)
{
    return ps->n_owners;
}

size_t im_polyset_edge_count(const im_polyset *ps)
{
    return ps->n_edges;
}

bool im_polyset_bounds(const im_polyset *ps, double out[4])
{
    if (!ps || !ps->n_edges)
        return false;
    memcpy(out, ps->bounds, sizeof ps->bounds);
    return true;
}
