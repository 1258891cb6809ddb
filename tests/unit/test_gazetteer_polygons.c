/* The gazetteer's own points against the Natural Earth polygons of basemap.gpkg, with
 * GDAL's geometry engine (not the derivation's own arithmetic): every country's and
 * every province's own point lies inside one of its polygons, and no named feature
 * lies inside another country's polygon. Runs against the build's real data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gdal.h>
#include <ogr_api.h>

#include "incmap/incmap.h"

typedef struct fixture {
    im_ctx *ctx;
    const im_gazetteer *gz;
    GDALDatasetH ds;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->ctx = im_ctx_create(NULL);
    f->gz = im_ctx_get_gazetteer(f->ctx);
    char *path = im_ctx_data_path(f->ctx, "basemap.gpkg");
    GDALAllRegister();
    if (f->gz && path)
        f->ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    free(path);
    if (!f->gz || !f->ds) {
        fprintf(stderr, "cannot open the gazetteer or basemap.gpkg\n");
        im_ctx_destroy(f->ctx);
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    GDALClose(f->ds);
    im_ctx_destroy(f->ctx);
    free(f);
    return 0;
}

/* One gazetteer entry of a kind, keyed by the field its polygons carry. */
typedef struct unit {
    const char *key;      /* iso2 or admin1 code */
    double lat, lon;
    bool has_polygon, inside;
} unit;

static int cmp_unit(const void *a, const void *b)
{
    return strcmp(((const unit *)a)->key, ((const unit *)b)->key);
}

static unit *units_of(const im_gazetteer *gz, im_place_kind kind, size_t *n)
{
    unit *u = calloc(im_gazetteer_count(gz), sizeof *u);
    *n = 0;
    for (uint32_t id = 0; id < im_gazetteer_count(gz); id++) {
        im_place p;
        im_gazetteer_get(gz, id, &p);
        if (p.kind != kind || !p.has_coords)
            continue;
        u[(*n)++] = (unit){p.code, p.lat, p.lon, false, false};
    }
    qsort(u, *n, sizeof *u, cmp_unit);
    return u;
}

static OGRGeometryH point(double lat, double lon)
{
    OGRGeometryH g = OGR_G_CreateGeometry(wkbPoint);
    OGR_G_SetPoint_2D(g, 0, lon, lat);
    return g;
}

/* Walk a layer once; for each polygon, test the point of the unit it belongs to. */
static void check_layer(fixture *f, const char *layer, const char *field, im_place_kind kind,
                        size_t min_units)
{
    size_t n;
    unit *u = units_of(f->gz, kind, &n);
    OGRLayerH l = GDALDatasetGetLayerByName(f->ds, layer);
    assert_non_null(l);
    int fi = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(l), field);
    assert_true(fi >= 0);
    OGR_L_ResetReading(l);
    OGRFeatureH ft;
    while ((ft = OGR_L_GetNextFeature(l)) != NULL) {
        unit key = {OGR_F_GetFieldAsString(ft, fi), 0, 0, false, false};
        unit *hit = key.key[0] ? bsearch(&key, u, n, sizeof *u, cmp_unit) : NULL;
        OGRGeometryH g = OGR_F_GetGeometryRef(ft);
        if (hit && g) {
            hit->has_polygon = true;
            OGRGeometryH pt = point(hit->lat, hit->lon);
            if (OGR_G_Intersects(g, pt))
                hit->inside = true;
            OGR_G_DestroyGeometry(pt);
        }
        OGR_F_Destroy(ft);
    }
    size_t with = 0, bad = 0;
    for (size_t i = 0; i < n; i++) {
        with += u[i].has_polygon;
        if (u[i].has_polygon && !u[i].inside) {
            bad++;
            fprintf(stderr, "%s %s: own point %.5f %.5f is outside its polygons\n", layer,
                    u[i].key, u[i].lat, u[i].lon);
        }
    }
    free(u);
    assert_true(with >= min_units);
    assert_int_equal(bad, 0);
}

static void countries_inside_their_polygons(void **state)
{
    check_layer(*state, "countries", "iso2", IM_PLACE_COUNTRY, 230);
}

static void provinces_inside_their_polygons(void **state)
{
    check_layer(*state, "provinces", "code", IM_PLACE_ADMIN1, 3300);
}

/* A feature lies in its own country's polygon, or in none (a small island, a coast). */
static void features_in_their_country(void **state)
{
    fixture *f = *state;
    OGRLayerH l = GDALDatasetGetLayerByName(f->ds, "countries");
    assert_non_null(l);
    size_t n = 0, bad = 0;
    for (uint32_t id = 0; id < im_gazetteer_count(f->gz); id++) {
        im_place p;
        im_gazetteer_get(f->gz, id, &p);
        if (p.kind != IM_PLACE_FEATURE)
            continue;
        n++;
        OGRGeometryH pt = point(p.lat, p.lon);
        OGR_L_SetSpatialFilter(l, pt);
        OGR_L_ResetReading(l);
        OGRFeatureH ft;
        while ((ft = OGR_L_GetNextFeature(l)) != NULL) {
            const char *iso2 = OGR_F_GetFieldAsString(ft, OGR_F_GetFieldIndex(ft, "iso2"));
            OGRGeometryH g = OGR_F_GetGeometryRef(ft);
            if (g && iso2[0] && strcmp(iso2, p.iso2) != 0 && OGR_G_Intersects(g, pt)) {
                bad++;
                fprintf(stderr, "feature %s (%s) lies in %s\n", p.name, p.iso2, iso2);
            }
            OGR_F_Destroy(ft);
        }
        OGR_G_DestroyGeometry(pt);
    }
    OGR_L_SetSpatialFilter(l, NULL);
    assert_true(n >= 100);
    assert_int_equal(bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(countries_inside_their_polygons),
        cmocka_unit_test(provinces_inside_their_polygons),
        cmocka_unit_test(features_in_their_country),
    };
    return cmocka_run_group_tests_name("gazetteer_polygons", tests, setup, teardown);
}
