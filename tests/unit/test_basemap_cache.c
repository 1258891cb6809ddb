/* Unit tests for the in-memory basemap (src/render/basemap_cache.c) on a small
 * GeoPackage written here: features keep the file's order, attributes and
 * envelopes; the layer is read once per context (deleting the file after the first
 * use changes nothing); a name's point lies inside its polygon, outside holes and in
 * the widest part of a multipolygon; a window meets a feature only where its
 * geometry does (a hole or a concave bay is not the feature); a missing layer is
 * empty and a missing file an error naming it; the reference cities are found once
 * and are capitals or large towns. Also: maps whose frame crosses the
 * antimeridian say so, so nothing beyond 180° is cut from them, and a border leaves
 * out the cut Natural Earth makes along the antimeridian (moved from ±179.9° to ±180°
 * so the halves meet) and a hole an absorbed scrap fills, while the fill keeps both;
 * and which page boxes an arrow runs through (basemap names there get a halo). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "../../src/render/render_private.h"
#include "incmap/incidents.h"
#include "incmap/incmap.h"

static char gpkg_path[64];

static void add(OGRLayerH layer, const char *iso2, const char *name, const char *wkt)
{
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
    OGR_F_SetFieldString(f, OGR_F_GetFieldIndex(f, "iso2"), iso2);
    OGR_F_SetFieldString(f, OGR_F_GetFieldIndex(f, "name"), name);
    OGRGeometryH g = NULL;
    char *w = (char *)wkt;
    assert_int_equal(OGR_G_CreateFromWkt(&w, NULL, &g), OGRERR_NONE);
    OGR_F_SetGeometryDirectly(f, g);
    assert_int_equal(OGR_L_CreateFeature(layer, f), OGRERR_NONE);
    OGR_F_Destroy(f);
}

static OGRLayerH new_layer(GDALDatasetH ds, const char *name, OGRwkbGeometryType type)
{
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(srs, 4326);
    OGRLayerH l = GDALDatasetCreateLayer(ds, name, srs, type, NULL);
    OSRRelease(srs);
    for (int i = 0; i < 2; i++) {
        OGRFieldDefnH fd = OGR_Fld_Create(i ? "name" : "iso2", OFTString);
        OGR_L_CreateField(l, fd, 0);
        OGR_Fld_Destroy(fd);
    }
    return l;
}

static int write_gpkg(void **state)
{
    (void)state;
    GDALAllRegister();
    snprintf(gpkg_path, sizeof gpkg_path, "/tmp/incmap-bm-%ld.gpkg", (long)getpid());
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GPKG"), gpkg_path, 0, 0, 0, GDT_Unknown,
                                 NULL);
    assert_non_null(ds);
    OGRLayerH c = new_layer(ds, "countries", wkbMultiPolygon);
    /* a square with a square hole in the middle */
    add(c, "AA", "Holed", "MULTIPOLYGON(((0 0,10 0,10 10,0 10,0 0),(3 3,7 3,7 7,3 7,3 3)))");
    /* a narrow island and a wide one */
    add(c, "BB", "Islands", "MULTIPOLYGON(((20 0,21 0,21 10,20 10,20 0)),"
                            "((30 0,40 0,40 4,30 4,30 0)))");
    /* a U: the bay between its arms is not the country */
    add(c, "CC", "Bay", "MULTIPOLYGON(((50 0,60 0,60 10,58 10,58 2,52 2,52 10,50 10,50 0)))");
    OGRLayerH d = new_layer(ds, "disputed", wkbMultiLineString);
    add(d, "", "", "MULTILINESTRING((0 20,10 20),(0 25,10 30))");
    GDALClose(ds);
    return 0;
}

static int remove_gpkg(void **state)
{
    (void)state;
    unlink(gpkg_path);
    return 0;
}

static bool inside(double lon, double lat, double w, double s, double e, double n)
{
    return lon > w && lon < e && lat > s && lat < n;
}

static void features_and_points(void **state)
{
    (void)state;
    im_ctx *ctx = im_ctx_create("test");
    const im_bm_layer *l = im_basemap_layer(ctx, gpkg_path, IM_BM_COUNTRIES);
    assert_non_null(l);
    assert_int_equal(l->n, 3);
    assert_string_equal(l->features[0].iso2, "AA");
    assert_string_equal(l->features[1].name, "Islands");
    assert_true(l->features[1].w == 20 && l->features[1].e == 40 && l->features[1].n == 10);
    assert_int_equal(l->features[0].n_parts, 2);   /* outer ring and hole */
    assert_true(l->parts[l->features[0].part0].ring);
    /* the holed square's point: inside, not in the hole */
    const im_bm_feature *f = &l->features[0];
    assert_true(f->has_label);
    assert_true(inside(f->label_lon, f->label_lat, 0, 0, 10, 10));
    assert_false(inside(f->label_lon, f->label_lat, 3, 3, 7, 7));
    assert_true(im_bm_feature_contains(l, f, f->label_lon, f->label_lat));
    /* the islands': on the wide one */
    f = &l->features[1];
    assert_true(inside(f->label_lon, f->label_lat, 30, 0, 40, 4));
    /* the U's: in an arm or the base, never in the bay */
    f = &l->features[2];
    assert_true(im_bm_feature_contains(l, f, f->label_lon, f->label_lat));
    assert_false(inside(f->label_lon, f->label_lat, 52, 2, 58, 10));
    im_ctx_destroy(ctx);
}

static void windows(void **state)
{
    (void)state;
    im_ctx *ctx = im_ctx_create("test");
    const im_bm_layer *l = im_basemap_layer(ctx, gpkg_path, IM_BM_COUNTRIES);
    const im_bm_feature *holed = &l->features[0], *bay = &l->features[2];
    assert_false(im_bm_feature_hits(l, holed, 4, 4, 6, 6));      /* in the hole */
    assert_true(im_bm_feature_hits(l, holed, 1, 1, 2, 2));       /* wholly in the land */
    assert_true(im_bm_feature_hits(l, holed, 2, 2, 4, 4));       /* across the hole's edge */
    assert_true(im_bm_feature_hits(l, holed, -5, -5, 15, 15));   /* around it all */
    assert_false(im_bm_feature_hits(l, holed, 11, 0, 12, 1));    /* beside it */
    assert_false(im_bm_feature_hits(l, bay, 53, 4, 57, 9));      /* in the bay */
    assert_true(im_bm_feature_hits(l, bay, 53, 1, 57, 9));       /* bay and base */
    assert_false(im_bm_feature_contains(l, holed, 5, 5));
    assert_true(im_bm_feature_contains(l, holed, 1, 5));
    assert_false(im_bm_feature_contains(l, bay, 55, 5));
    /* lines meet a window they cross, and no other */
    const im_bm_layer *d = im_basemap_layer(ctx, gpkg_path, IM_BM_DISPUTED);
    assert_int_equal(d->n, 1);
    assert_false(d->parts[d->features[0].part0].ring);
    assert_true(im_bm_feature_hits(d, &d->features[0], 4, 19, 6, 21));
    assert_false(im_bm_feature_hits(d, &d->features[0], 4, 21, 6, 24));
    /* a layer the file lacks is empty */
    const im_bm_layer *p = im_basemap_layer(ctx, gpkg_path, IM_BM_PROVINCES);
    assert_non_null(p);
    assert_int_equal(p->n, 0);
    im_ctx_destroy(ctx);
}

static void read_once(void **state)
{
    (void)state;
    char copy[80];
    snprintf(copy, sizeof copy, "%s.copy.gpkg", gpkg_path);
    FILE *in = fopen(gpkg_path, "rb"), *out = fopen(copy, "wb");
    assert_non_null(in);
    assert_non_null(out);
    int ch;
    while ((ch = fgetc(in)) != EOF)
        fputc(ch, out);
    fclose(in);
    fclose(out);
    im_ctx *ctx = im_ctx_create("test");
    const im_bm_layer *first = im_basemap_layer(ctx, copy, IM_BM_COUNTRIES);
    assert_non_null(first);
    unlink(copy);
    assert_ptr_equal(im_basemap_layer(ctx, copy, IM_BM_COUNTRIES), first);
    /* another layer of the now missing file cannot be read: an error naming it */
    assert_null(im_basemap_layer(ctx, copy, IM_BM_DISPUTED));
    assert_non_null(strstr(im_ctx_last_error(ctx), copy));
    im_ctx_destroy(ctx);
}

static void reference_cities(void **state)
{
    (void)state;
    im_ctx *ctx = im_ctx_create("test");
    size_t n = 0, m = 0;
    const im_bm_city *c = im_basemap_cities(ctx, &n);
    assert_non_null(c);
    assert_true(n > 1000);
    bool kabul = false;
    for (size_t i = 0; i < n; i++) {
        assert_true(c[i].capital || c[i].population >= IM_BM_CITY_MIN);
        if (!strcmp(c[i].name, "Kabul"))
            kabul = c[i].capital && c[i].lon > 69 && c[i].lon < 69.3;
    }
    assert_true(kabul);
    assert_ptr_equal(im_basemap_cities(ctx, &m), c);   /* found once */
    assert_int_equal(m, n);
    im_ctx_destroy(ctx);
    /* no gazetteer: none, and the reason */
    ctx = im_ctx_create("test");
    im_ctx_set_data_dir(ctx, "/nonexistent-incmap-data");
    assert_null(im_basemap_cities(ctx, &n));
    assert_int_equal(n, 0);
    assert_true(im_ctx_last_error(ctx)[0] != 0);
    im_ctx_destroy(ctx);
}

/* A second basemap: two halves of a country cut at ±179.9° (as Natural Earth cuts
 * Russia), and a country with a hole that an unnamed scrap fills (as Baikonur). */
static char cut_path[80];

static void write_cut_gpkg(void)
{
    snprintf(cut_path, sizeof cut_path, "/tmp/incmap-bm-cut-%ld.gpkg", (long)getpid());
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GPKG"), cut_path, 0, 0, 0, GDT_Unknown,
                                 NULL);
    assert_non_null(ds);
    OGRLayerH c = new_layer(ds, "countries", wkbMultiPolygon);
    add(c, "EE", "Eastland", "MULTIPOLYGON(((170 60,179.9 60,179.9 65,179.9 70,170 70,170 60)),"
                             "((-179.9 60,-175 60,-175 70,-179.9 70,-179.9 65,-179.9 60)))");
    add(c, "HH", "Holed", "MULTIPOLYGON(((60 40,70 40,70 50,60 50,60 40),"
                          "(64 44,66 44,66 46,64 46,64 44)))");
    add(c, "", "", "MULTIPOLYGON(((64 44,66 44,66 46,64 46,64 44)))");
    GDALClose(ds);
}

/* Does any segment of `p` run along the page line a-b (both ends within 0.05 mm)? */
static bool runs_along(const im_path *p, im_pt a, im_pt b)
{
    double dx = b.x - a.x, dy = b.y - a.y, len = sqrt(dx * dx + dy * dy);
    size_t start = 0;
    for (size_t part = 0; part < p->n_parts; part++) {
        for (size_t i = start; i + 1 < p->ends[part]; i++) {
            bool near = true;
            for (int k = 0; k < 2; k++) {
                im_pt q = p->pts[i + (size_t)k];
                double t = ((q.x - a.x) * dx + (q.y - a.y) * dy) / (len * len);
                double d = fabs((q.x - a.x) * dy - (q.y - a.y) * dx) / len;
                near = near && d < 0.05 && t > -0.01 && t < 1.01;
            }
            if (near)
                return true;
        }
        start = p->ends[part];
    }
    return false;
}

static const im_path *path_named(const im_map *m, const char *name)
{
    for (size_t i = 0; i < m->base.n; i++)
        if (m->base.items[i].name && !strcmp(m->base.items[i].name, name))
            return &m->base.items[i];
    return NULL;
}

static void borders_leave_out_cuts_and_filled_holes(void **state)
{
    (void)state;
    write_cut_gpkg();
    im_ctx *ctx = im_ctx_create("test");
    /* the cut at ±179.9° is moved to ±180°: the halves meet, no strip of sea */
    const im_bm_layer *l = im_basemap_layer(ctx, cut_path, IM_BM_COUNTRIES);
    assert_non_null(l);
    size_t at_180 = 0, at_1799 = 0;
    for (size_t i = 0; i < l->n_pts; i++) {
        at_180 += fabs(l->xy[2 * i]) == 180.0;
        at_1799 += fabs(fabs(l->xy[2 * i]) - 179.9) < 1e-9;
    }
    assert_int_equal(at_180, 7);   /* 3 + 4, a ring's first point too */
    assert_int_equal(at_1799, 0);
    im_map_opts mo = IM_MAP_OPTS_INIT;
    mo.basemap_path = cut_path;
    mo.has_bbox = true;
    const double across[4] = {165, 55, 195, 75};
    memcpy(mo.bbox, across, sizeof across);
    mo.cities = false;
    im_incident_set none = {0};
    im_map *map = NULL;
    assert_int_equal(im_map_create(ctx, &mo, &none, &map), IM_OK);
    const im_path *east = path_named(map, "Eastland");
    if (!east || !east->border)
        fail_msg("Eastland has no path or no border of its own");
    double x0, y0, x1, y1;
    assert_true(im_projection_fwd(map->proj, 180, 59, &x0, &y0));
    assert_true(im_projection_fwd(map->proj, 180, 71, &x1, &y1));
    im_pt a = map_to_page(map, x0, y0), b = map_to_page(map, x1, y1);
    assert_true(runs_along(east, a, b));            /* the fill follows the cut */
    assert_false(runs_along(east->border, a, b));   /* the border does not */
    im_map_destroy(map);

    /* the hole: Holed is the focus (it holds an incident), the scrap takes its fill */
    im_incident_set one = {0};
    im_incident *inc = im_incident_set_add(&one);
    inc->has_coords = true;
    inc->longitude = 62;
    inc->latitude = 42;
    snprintf(inc->iso2, sizeof inc->iso2, "HH");
    const double holed[4] = {55, 35, 75, 55};
    memcpy(mo.bbox, holed, sizeof holed);
    assert_int_equal(im_map_create(ctx, &mo, &one, &map), IM_OK);
    const im_path *h = path_named(map, "Holed");
    if (!h || !h->border)
        fail_msg("Holed has no path or no border of its own");
    assert_int_equal(h->kind, IM_PATH_FOCUS);
    assert_int_equal(h->n_parts, 2);            /* outline and hole, filled */
    assert_int_equal(h->border->n_parts, 1);    /* the outline alone */
    im_map_destroy(map);
    im_incident_set_clear(&one);
    im_ctx_destroy(ctx);
    unlink(cut_path);
}

/* Basemap names learn where arrows run (a name crossed by one gets a halo). */
static void arrows_cross_boxes(void **state)
{
    (void)state;
    im_ctx *ctx = im_ctx_create("test");
    im_incident_set none = {0};
    static char origin[] = "origin", from[] = "Dushanbe", to[] = "Kabul", empty[] = "";
    im_link items[] = {{origin, from, to, 38.53575, 68.77905, 34.5281, 69.1723, empty, empty}};
    im_link_set links = {items, 1, 0};
    im_map_opts mo = IM_MAP_OPTS_INIT;
    mo.region = "afghanistan";
    im_map *map = NULL;
    assert_int_equal(im_map_create(ctx, &mo, &none, &map), IM_OK);
    im_map_set_links(map, &links);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 297, 210);
    cairo_t *cr = cairo_create(s);
    assert_int_equal(im_map_draw(map, cr, 1.0), IM_OK);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    assert_int_equal(map->n_arrows, 1);
    const im_arrow *a = &map->arrows[0];
    assert_true(a->n > 2);
    im_pt mid = a->pts[a->n / 2];
    assert_true(im_links_cross_box(map, (im_box){mid.x - 0.5, mid.y - 0.5, mid.x + 0.5,
                                                 mid.y + 0.5}));
    im_box corner = {map->frame.x0 + 1, map->frame.y1 - 3, map->frame.x0 + 3, map->frame.y1 - 1};
    assert_false(im_links_cross_box(map, corner));
    im_map_destroy(map);
    im_ctx_destroy(ctx);
}

static bool frame_spans_antimeridian(im_ctx *ctx, const char *region)
{
    im_map_opts mo = IM_MAP_OPTS_INIT;
    mo.region = region;
    im_incident_set none = {0};
    im_map *map = NULL;
    assert_int_equal(im_map_create(ctx, &mo, &none, &map), IM_OK);
    bool spans = map->spans_antimeridian;
    im_map_destroy(map);
    return spans;
}

static void antimeridian(void **state)
{
    (void)state;
    im_ctx *ctx = im_ctx_create("test");
    assert_true(frame_spans_antimeridian(ctx, "russia"));
    assert_false(frame_spans_antimeridian(ctx, "afghanistan"));
    assert_false(frame_spans_antimeridian(ctx, "europe"));
    im_ctx_destroy(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(features_and_points),
        cmocka_unit_test(windows),
        cmocka_unit_test(read_once),
        cmocka_unit_test(reference_cities),
        cmocka_unit_test(antimeridian),
        cmocka_unit_test(borders_leave_out_cuts_and_filled_holes),
        cmocka_unit_test(arrows_cross_boxes),
    };
    int failed = cmocka_run_group_tests(tests, write_gpkg, remove_gpkg);
    im_render_release_caches(); /* maps were drawn: fonts leave no leaks behind */
    return failed;
}
