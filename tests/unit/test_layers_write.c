/* Unit tests for the layer writers (layer_write.h): -f and extension resolution; a
 * round trip of every layer in every file format (GeoJSON, GeoPackage, Shapefile,
 * KML, CSV, FlatGeobuf) read back with OGR and compared field by field and
 * coordinate by coordinate, UTF-8 intact; each format's duties (Shapefile sidecars,
 * widths and the 254-byte cut at a UTF-8 boundary; GeoPackage spatial index and
 * layer_styles; KML ISO time stamps; CSV ISO dates, lon/lat, WKT and ACLED names);
 * the QML; and the safety rules: no overwrite without the flag, and nothing left
 * behind when a write fails (a file-size limit makes the disk "full" mid-write).
 *
 * The records are built here; no report text is used.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "incmap/layer_write.h"
#include "incmap/layers.h"
#include "incmap/style.h"

/* ---- test data ------------------------------------------------------------- */

typedef struct fixture {
    im_incident_set inc;
    im_place_rows places;
    im_link_set links;
    char dir[256];
    char long_notes[400];
} fixture;

static void put(char **field, const char *v)
{
    im_set_str(field, v);
}

static void make_data(fixture *fx)
{
    /* 250 ASCII bytes, then "ā" (2 bytes: 250-251), "ī" (252-253), "ū" (254-255)…:
     * a cut at 254 bytes must stop before "ū" rather than split it. */
    memset(fx->long_notes, 'x', 250);
    strcpy(fx->long_notes + 250, "āīū and then some more text after the limit — done");

    im_incident *a = im_incident_set_add(&fx->inc);
    put(&a->event_id, "T-1");
    put(&a->event_date, "2021-08-26");
    a->year = 2021;
    a->time_prec = 1;
    put(&a->event_type, "Explosions/Remote violence");
    put(&a->sub_type, "Suicide bomb");
    put(&a->kind, "suicide_attack");
    put(&a->actor1, "Islamic State (IS)");
    put(&a->actor2, "Civilians (Afghanistan)");
    put(&a->assoc_act1, "");
    strcpy(a->iso2, "AF");
    put(&a->country, "Afghanistan");
    put(&a->admin1, "Kabul");
    put(&a->admin2, "");
    put(&a->location, "Kabul");
    a->latitude = 34.52813;
    a->longitude = 69.17233;
    a->has_coords = true;
    a->geo_prec = 1;
    a->fatalities = 183;
    a->injuries = 150;
    put(&a->notes, "Airport gate bombing, \"quoted\", with a comma");
    put(&a->source, "doc-a");
    put(&a->place_txt, "Kabul");
    a->geonameid = 1138958;
    a->geo_conf = 0.9375;
    put(&a->doc_id, "doc-a");
    a->para = 3;
    a->span_start = 100;
    a->span_end = 220;
    put(&a->region, "afghanistan");

    im_incident *b = im_incident_set_add(&fx->inc);
    put(&b->event_id, "T-2");
    put(&b->event_date, "2021-08");
    b->year = 2021;
    b->time_prec = 3;
    put(&b->event_type, "Battles");
    put(&b->sub_type, "Armed clash");
    put(&b->kind, "clash");
    put(&b->actor1, "Taliban");
    strcpy(b->iso2, "AF");
    put(&b->country, "Afghanistan");
    put(&b->admin1, "Balkh");
    put(&b->location, "Mazār-e Sharīf");
    b->latitude = 36.70904;
    b->longitude = 67.11087;
    b->has_coords = true;
    b->geo_prec = 2;
    b->fatalities = IM_UNKNOWN;
    b->injuries = IM_UNKNOWN;
    put(&b->notes, fx->long_notes);
    put(&b->source, "doc-a");
    put(&b->place_txt, "Mazar-i-Sharif");
    b->geonameid = 1133453;
    b->geo_conf = 0.5;
    put(&b->doc_id, "doc-a");
    b->para = 4;
    b->span_start = 300;
    b->span_end = 480;
    put(&b->region, "afghanistan");

    im_incident *c = im_incident_set_add(&fx->inc);
    put(&c->event_id, "T-3");
    put(&c->event_date, "2019");
    c->year = 2019;
    c->time_prec = 3;
    put(&c->event_type, "Strategic developments");
    put(&c->sub_type, "Arrests");
    put(&c->kind, "arrest");
    strcpy(c->iso2, "TJ");
    put(&c->country, "Tajikistan");
    put(&c->admin1, "Khatlon");
    put(&c->location, "Kŭlob");
    c->latitude = 37.91459;
    c->longitude = 69.78454;
    c->has_coords = true;
    c->geo_prec = 3;
    c->fatalities = 0;
    c->injuries = 0;
    put(&c->notes, "Arrest of three men.");
    put(&c->source, "doc-b");
    put(&c->place_txt, "Kulob");
    c->geonameid = 1221194;
    c->geo_conf = 0.25;
    put(&c->doc_id, "doc-b");
    c->para = 1;
    c->span_start = 0;
    c->span_end = 20;
    put(&c->region, "central-asia");

    /* placed nowhere: no geometry, null coordinates, unknown type, undated */
    im_incident *d = im_incident_set_add(&fx->inc);
    put(&d->event_id, "T-4");
    put(&d->event_date, "");
    d->time_prec = 3;
    put(&d->event_type, "");
    put(&d->location, "");
    d->geo_prec = 3;
    d->fatalities = 2;
    d->injuries = IM_UNKNOWN;
    put(&d->notes, "Somewhere unnamed.");
    put(&d->doc_id, "doc-b");
    d->para = 9;

    fx->places.items = calloc(2, sizeof *fx->places.items);
    fx->places.n = fx->places.cap = 2;
    im_place_row *p = &fx->places.items[0];
    put(&p->name, "Mazār-e Sharīf");
    put(&p->kind, "city");
    put(&p->iso2, "AF");
    put(&p->admin1, "Balkh");
    put(&p->surfaces, "Mazar-i-Sharif; Mazār-e Sharīf");
    put(&p->evidence, "P4");
    put(&p->doc_id, "doc-a");
    p->latitude = 36.70904;
    p->longitude = 67.11087;
    p->seat_lat = 36.70904;
    p->seat_lon = 67.11087;
    p->has_seat = true;
    p->geonameid = 1133453;
    p->mentions = 2;
    p->confidence = 0.5;
    p = &fx->places.items[1];
    put(&p->name, "Uzbekistan");
    put(&p->kind, "country");
    put(&p->iso2, "UZ");
    put(&p->admin1, "");
    put(&p->surfaces, "Uzbek");
    put(&p->evidence, "P2");
    put(&p->doc_id, "doc-a");
    p->latitude = 41.7562;
    p->longitude = 63.1604;
    p->seat_lat = 41.26465;
    p->seat_lon = 69.21627;
    p->has_seat = true;
    p->geonameid = 0;
    p->mentions = 1;
    p->confidence = 0.75;

    fx->links.items = calloc(1, sizeof *fx->links.items);
    fx->links.n = fx->links.cap = 1;
    im_link *l = &fx->links.items[0];
    put(&l->kind, "origin");
    put(&l->from_name, "Uzbekistan");
    put(&l->to_name, "Kabul");
    put(&l->event_id, "T-1");
    put(&l->evidence, "attackers' nationality");
    l->from_lat = 41.26465;
    l->from_lon = 69.21627;
    l->to_lat = 34.52813;
    l->to_lon = 69.17233;
}

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    make_data(fx);
    snprintf(fx->dir, sizeof fx->dir, "/tmp/incmap-test-layers-XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    GDALAllRegister();
    *state = fx;
    return 0;
}

static void rm_rf(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        unlink(path);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char sub[1024];
        snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
        rm_rf(sub);
    }
    closedir(d);
    rmdir(path);
}

static int teardown(void **state)
{
    fixture *fx = *state;
    rm_rf(fx->dir);
    im_incident_set_clear(&fx->inc);
    im_place_rows_clear(&fx->places);
    im_link_set_clear(&fx->links);
    free(fx);
    return 0;
}

static char *path_in(const fixture *fx, const char *name)
{
    static char buf[8][1024];
    static int k;
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "%s/%s", fx->dir, name);
    return buf[k];
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static size_t count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

static im_status write_to(fixture *fx, const char *out, const char *format, bool overwrite,
                          bool acled)
{
    im_ctx *ctx = im_ctx_create(NULL);
    im_write_opts o = IM_WRITE_OPTS_INIT;
    o.format = format;
    o.overwrite = overwrite;
    o.acled = acled;
    o.qgis = true;
    im_status st = im_write_layers(ctx, out, &o, &fx->inc, &fx->places, &fx->links);
    if (st != IM_OK)
        fprintf(stderr, "# write %s: %s\n", out, im_ctx_last_error(ctx));
    im_ctx_destroy(ctx);
    return st;
}

/* ---- reading back ---------------------------------------------------------- */

typedef struct rt {
    const char *fmt;
    size_t max_text; /* Shapefile's cut */
    double tol;      /* coordinates */
    bool needs_geometry;   /* rows without geometry are left out (FlatGeobuf) */
} rt;

static void expect_str(OGRFeatureH f, const char *name, const char *want, const rt *r)
{
    int i = OGR_F_GetFieldIndex(f, name);
    if (i < 0)
        fail_msg("%s: field %s missing", r->fmt, name);
    /* KML and CSV do not tell an empty string from an unset one */
    const char *got = OGR_F_IsFieldSetAndNotNull(f, i) ? OGR_F_GetFieldAsString(f, i) : "";
    char cut[512];
    snprintf(cut, sizeof cut, "%s", want ? want : "");
    if (r->max_text && strlen(cut) > r->max_text) {
        size_t k = r->max_text;
        while (k > 0 && ((unsigned char)cut[k] & 0xC0) == 0x80)
            k--;
        cut[k] = '\0';
    }
    if (strcmp(got, cut) != 0)
        fail_msg("%s: %s is '%s', want '%s'", r->fmt, name, got, cut);
}

static void expect_int(OGRFeatureH f, const char *name, long want, bool known, const rt *r)
{
    int i = OGR_F_GetFieldIndex(f, name);
    if (i < 0)
        fail_msg("%s: field %s missing", r->fmt, name);
    bool set = OGR_F_IsFieldSetAndNotNull(f, i);
    if (set != known)
        fail_msg("%s: %s is %s, want %s", r->fmt, name, set ? "set" : "null",
                 known ? "set" : "null");
    if (known && OGR_F_GetFieldAsInteger64(f, i) != want)
        fail_msg("%s: %s is %lld, want %ld", r->fmt, name,
                 (long long)OGR_F_GetFieldAsInteger64(f, i), want);
}

static void expect_real(OGRFeatureH f, const char *name, double want, const rt *r)
{
    int i = OGR_F_GetFieldIndex(f, name);
    if (i < 0)
        fail_msg("%s: field %s missing", r->fmt, name);
    double got = OGR_F_GetFieldAsDouble(f, i);
    if (fabs(got - want) > 1e-9)
        fail_msg("%s: %s is %.12g, want %.12g", r->fmt, name, got, want);
}

static void expect_point(OGRFeatureH f, double x, double y, bool has, const rt *r)
{
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    if (!has) {
        if (g && !OGR_G_IsEmpty(g))
            fail_msg("%s: a geometry where there is none", r->fmt);
        return;
    }
    if (!g)
        fail_msg("%s: geometry missing", r->fmt);
    assert_int_equal(wkbFlatten(OGR_G_GetGeometryType(g)), wkbPoint);
    if (fabs(OGR_G_GetX(g, 0) - x) > r->tol || fabs(OGR_G_GetY(g, 0) - y) > r->tol)
        fail_msg("%s: point (%.9f %.9f), want (%.9f %.9f)", r->fmt, OGR_G_GetX(g, 0),
                 OGR_G_GetY(g, 0), x, y);
}

/* event_date: a real Date field where the format has one (the first day of a partial
 * date's period, null when undated), the model's text elsewhere. */
static void expect_date(OGRFeatureH f, const char *want, const rt *r)
{
    int i = OGR_F_GetFieldIndex(f, "event_date");
    OGRFieldType t = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, i));
    bool dates = !strcmp(r->fmt, "gpkg") || !strcmp(r->fmt, "shp");
    if (!dates) {
        expect_str(f, "event_date", want, r);
        return;
    }
    if (t != OFTDate)
        fail_msg("%s: event_date is not a Date field", r->fmt);
    if (!want || !want[0]) {
        if (OGR_F_IsFieldSetAndNotNull(f, i))
            fail_msg("%s: an undated event_date is set", r->fmt);
        return;
    }
    int y = 0, m = 1, d = 1, gy, gm, gd, h, mi, tz;
    float sec;
    sscanf(want, "%d-%d-%d", &y, &m, &d);
    assert_true(OGR_F_GetFieldAsDateTimeEx(f, i, &gy, &gm, &gd, &h, &mi, &sec, &tz));
    if (gy != y || gm != m || gd != d)
        fail_msg("%s: event_date %d-%d-%d, want %s", r->fmt, gy, gm, gd, want);
}

static void check_incident(OGRFeatureH f, const im_incident *e, const rt *r)
{
    expect_str(f, "event_id", e->event_id, r);
    expect_date(f, e->event_date, r);
    expect_int(f, "year", e->year, e->year > 0, r);
    expect_int(f, "time_prec", e->time_prec, true, r);
    expect_str(f, "event_type", e->event_type, r);
    expect_str(f, "sub_type", e->sub_type, r);
    expect_str(f, "kind", e->kind, r);
    expect_str(f, "actor1", e->actor1, r);
    expect_str(f, "actor2", e->actor2, r);
    expect_str(f, "assoc_act1", e->assoc_act1, r);
    expect_str(f, "country", e->country, r);
    expect_str(f, "iso2", e->iso2, r);
    expect_str(f, "admin1", e->admin1, r);
    expect_str(f, "admin2", e->admin2, r);
    expect_str(f, "location", e->location, r);
    if (e->has_coords) {
        expect_real(f, "latitude", e->latitude, r);
        expect_real(f, "longitude", e->longitude, r);
    } else {
        expect_int(f, "latitude", 0, false, r);
        expect_int(f, "longitude", 0, false, r);
    }
    expect_int(f, "geo_prec", e->geo_prec, true, r);
    expect_int(f, "fatalities", e->fatalities, e->fatalities >= 0, r);
    expect_int(f, "injuries", e->injuries, e->injuries >= 0, r);
    expect_str(f, "notes", e->notes, r);
    expect_str(f, "source", e->source, r);
    expect_str(f, "place_txt", e->place_txt, r);
    expect_int(f, "geonameid", (long)e->geonameid, e->geonameid != 0, r);
    expect_real(f, "geo_conf", e->geo_conf, r);
    expect_str(f, "doc_id", e->doc_id, r);
    expect_int(f, "para", e->para, e->para > 0, r);
    expect_int(f, "span_start", e->span_start, true, r);
    expect_int(f, "span_end", e->span_end, true, r);
    expect_str(f, "region", e->region, r);
    expect_point(f, e->longitude, e->latitude, e->has_coords, r);
}

static void check_place(OGRFeatureH f, const im_place_row *e, const rt *r)
{
    expect_str(f, "name", e->name, r);
    expect_str(f, "kind", e->kind, r);
    expect_str(f, "iso2", e->iso2, r);
    expect_str(f, "admin1", e->admin1, r);
    expect_real(f, "latitude", e->latitude, r);
    expect_real(f, "longitude", e->longitude, r);
    expect_int(f, "geonameid", (long)e->geonameid, e->geonameid != 0, r);
    expect_real(f, "seat_lat", e->seat_lat, r);
    expect_real(f, "seat_lon", e->seat_lon, r);
    expect_int(f, "mentions", e->mentions, true, r);
    expect_real(f, "geo_conf", e->confidence, r);
    expect_str(f, "surfaces", e->surfaces, r);
    expect_str(f, "evidence", e->evidence, r);
    expect_str(f, "doc_id", e->doc_id, r);
    expect_point(f, e->longitude, e->latitude, true, r);
}

static void check_link(OGRFeatureH f, const im_link *e, const rt *r)
{
    expect_str(f, "kind", e->kind, r);
    expect_str(f, "from_name", e->from_name, r);
    expect_str(f, "to_name", e->to_name, r);
    expect_str(f, "event_id", e->event_id, r);
    expect_str(f, "evidence", e->evidence, r);
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    assert_non_null(g);
    assert_int_equal(wkbFlatten(OGR_G_GetGeometryType(g)), wkbLineString);
    assert_int_equal(OGR_G_GetPointCount(g), 2);
    assert_true(fabs(OGR_G_GetX(g, 0) - e->from_lon) <= r->tol);
    assert_true(fabs(OGR_G_GetY(g, 0) - e->from_lat) <= r->tol);
    assert_true(fabs(OGR_G_GetX(g, 1) - e->to_lon) <= r->tol);
    assert_true(fabs(OGR_G_GetY(g, 1) - e->to_lat) <= r->tol);
}

static void check_srs(OGRLayerH layer, const rt *r)
{
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
    if (!srs)
        fail_msg("%s: layer %s has no CRS", r->fmt, OGR_L_GetName(layer));
    OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(wgs, 4326);
    OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);   /* x = lon, y = lat */
    const char *opts[] = {"CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS", NULL};
    if (!OSRIsSameEx(srs, wgs, opts))
        fail_msg("%s: layer %s is not in WGS 84", r->fmt, OGR_L_GetName(layer));
    OSRDestroySpatialReference(wgs);
}

/* Open `path` and return layer `name` (or the only layer). */
static OGRLayerH open_layer(const char *path, const char *name, GDALDatasetH *ds)
{
    *ds = GDALOpenEx(path, GDAL_OF_VECTOR, NULL, NULL, NULL);
    if (!*ds)
        fail_msg("cannot open %s", path);
    OGRLayerH l = GDALDatasetGetLayerByName(*ds, name);
    if (!l && GDALDatasetGetLayerCount(*ds) == 1)
        l = GDALDatasetGetLayer(*ds, 0);
    if (!l)
        fail_msg("%s: no layer %s", path, name);
    return l;
}

/* The feature of `layer` whose `key` field is `value` (FlatGeobuf's spatial index
 * reorders features, so records are matched by key, not by position). */
static OGRFeatureH find_feature(OGRLayerH layer, const char *key, const char *value)
{
    OGR_L_ResetReading(layer);
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(layer)) != NULL) {
        int i = OGR_F_GetFieldIndex(f, key);
        if (i >= 0 && !strcmp(OGR_F_GetFieldAsString(f, i), value))
            return f;
        OGR_F_Destroy(f);
    }
    fail_msg("no feature with %s = '%s'", key, value);
    return NULL;
}

static void check_layers(fixture *fx, const char *paths[3], const rt *r)
{
    GDALDatasetH ds;
    OGRLayerH l = open_layer(paths[0], "incidents", &ds);
    check_srs(l, r);
    size_t placed = 0;
    for (size_t i = 0; i < fx->inc.n; i++)
        placed += fx->inc.items[i].has_coords;
    assert_int_equal(OGR_L_GetFeatureCount(l, TRUE),
                     (long long)(r->needs_geometry ? placed : fx->inc.n));
    for (size_t i = 0; i < fx->inc.n; i++) {
        if (r->needs_geometry && !fx->inc.items[i].has_coords)
            continue;
        OGRFeatureH f = find_feature(l, "event_id", fx->inc.items[i].event_id);
        check_incident(f, &fx->inc.items[i], r);
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    l = open_layer(paths[1], "places", &ds);
    check_srs(l, r);
    assert_int_equal(OGR_L_GetFeatureCount(l, TRUE), (long long)fx->places.n);
    for (size_t i = 0; i < fx->places.n; i++) {
        OGRFeatureH f = find_feature(l, "name", fx->places.items[i].name);
        check_place(f, &fx->places.items[i], r);
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    l = open_layer(paths[2], "links", &ds);
    check_srs(l, r);
    assert_int_equal(OGR_L_GetFeatureCount(l, TRUE), (long long)fx->links.n);
    for (size_t i = 0; i < fx->links.n; i++) {
        OGRFeatureH f = find_feature(l, "event_id", fx->links.items[i].event_id);
        check_link(f, &fx->links.items[i], r);
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
}

static void roundtrip_per_layer(fixture *fx, const char *fmt, const char *ext, const rt *r)
{
    char sub[64];
    snprintf(sub, sizeof sub, "rt_%s", fmt);
    assert_int_equal(write_to(fx, path_in(fx, sub), fmt, false, false), IM_OK);
    char p[3][1024];
    static const char *const names[] = {"incidents", "places", "links"};
    for (int k = 0; k < 3; k++)
        snprintf(p[k], sizeof p[k], "%s/%s/%s.%s", fx->dir, sub, names[k], ext);
    const char *paths[3] = {p[0], p[1], p[2]};
    check_layers(fx, paths, r);
    /* the project and, for these formats, a style beside each layer */
    char q[1024];
    snprintf(q, sizeof q, "%s/%s/incmap.qgs", fx->dir, sub);
    assert_true(exists(q));
    snprintf(q, sizeof q, "%s/%s/incidents.qml", fx->dir, sub);
    assert_true(exists(q));
    /* no staging folder left */
    snprintf(q, sizeof q, "%s/%s", fx->dir, sub);
    DIR *d = opendir(q);
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        assert_null(strstr(e->d_name, ".incmap-tmp"));
    closedir(d);
}

/* ---- tests ----------------------------------------------------------------- */

static void test_format_resolve(void **state)
{
    (void)state;
    im_ctx *ctx = im_ctx_create(NULL);
    im_layer_format f;
    static const struct {
        const char *format, *out;
        im_layer_format want;
    } ok[] = {
        {NULL, "out/", IM_FORMAT_GEOJSON},         {NULL, "x.gpkg", IM_FORMAT_GPKG},
        {NULL, "x.GeoJSON", IM_FORMAT_GEOJSON},    {NULL, "x.json", IM_FORMAT_GEOJSON},
        {NULL, "a/b.shp", IM_FORMAT_SHP},          {NULL, "x.kml", IM_FORMAT_KML},
        {NULL, "x.csv", IM_FORMAT_CSV},            {NULL, "x.fgb", IM_FORMAT_FGB},
        {NULL, "PG:dbname=x", IM_FORMAT_PG},       {"gpkg", "dir", IM_FORMAT_GPKG},
        {"GPKG", "x.gpkg", IM_FORMAT_GPKG},        {"ESRI Shapefile", "d", IM_FORMAT_SHP},
        {"shapefile", "d", IM_FORMAT_SHP},         {"KML", "d", IM_FORMAT_KML},
        {"LIBKML", "d", IM_FORMAT_KML},            {"FlatGeobuf", "d", IM_FORMAT_FGB},
        {"PostgreSQL", "PG:dbname=x", IM_FORMAT_PG}, {"geojson", "-", IM_FORMAT_GEOJSON},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        assert_int_equal(im_layer_format_resolve(ctx, ok[i].format, ok[i].out, &f), IM_OK);
        assert_int_equal(f, ok[i].want);
    }
    assert_int_equal(im_layer_format_resolve(ctx, "shp", "x.gpkg", &f), IM_ERR_USAGE_VALUE);
    assert_non_null(strstr(im_ctx_last_error(ctx), "x.gpkg"));
    assert_int_equal(im_layer_format_resolve(ctx, "dxf", "x", &f), IM_ERR_USAGE_VALUE);
    assert_non_null(strstr(im_ctx_last_error(ctx), "dxf"));
    assert_int_equal(im_layer_format_resolve(ctx, "pg", "out/", &f), IM_ERR_USAGE_VALUE);
    assert_string_equal(im_layer_format_name(IM_FORMAT_SHP), "shp");
    assert_string_equal(im_layer_format_name(IM_FORMAT_AUTO), "auto");
    im_ctx_destroy(ctx);
}

static void test_roundtrip_geojson(void **state)
{
    rt r = {"geojson", 0, 1e-6, false};
    roundtrip_per_layer(*state, "geojson", "geojson", &r);
}

static void test_roundtrip_shp(void **state)
{
    rt r = {"shp", 254, 1e-9, false};
    roundtrip_per_layer(*state, "shp", "shp", &r);
}

static void test_roundtrip_csv(void **state)
{
    rt r = {"csv", 0, 1e-9, false};
    roundtrip_per_layer(*state, "csv", "csv", &r);
}

static void test_roundtrip_fgb(void **state)
{
    rt r = {"fgb", 0, 1e-9, true};
    roundtrip_per_layer(*state, "fgb", "fgb", &r);
}

static void test_roundtrip_gpkg(void **state)
{
    fixture *fx = *state;
    rt r = {"gpkg", 0, 1e-9, false};
    const char *out = path_in(fx, "all.gpkg");
    assert_int_equal(write_to(fx, out, NULL, false, false), IM_OK);
    const char *paths[3] = {out, out, out};
    check_layers(fx, paths, &r);
    assert_true(exists(path_in(fx, "all.qgs")));
}

static void test_roundtrip_kml(void **state)
{
    fixture *fx = *state;
    rt r = {"kml", 0, 1e-9, false};
    const char *out = path_in(fx, "all.kml");
    assert_int_equal(write_to(fx, out, NULL, false, false), IM_OK);
    const char *paths[3] = {out, out, out};
    check_layers(fx, paths, &r);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot read %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

static void test_shapefile_duties(void **state)
{
    fixture *fx = *state;
    assert_int_equal(write_to(fx, path_in(fx, "s/ev.shp"), NULL, false, false),
                     IM_ERR_IO);   /* the folder s/ does not exist: nothing made */
    assert_false(exists(path_in(fx, "s")));
    assert_int_equal(write_to(fx, path_in(fx, "ev.shp"), NULL, false, false), IM_OK);
    static const char *const ext[] = {"shp", "shx", "dbf", "prj", "cpg", "qix", "qml"};
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        char name[64];
        snprintf(name, sizeof name, "ev.%s", ext[i]);
        assert_true(exists(path_in(fx, name)));
        snprintf(name, sizeof name, "ev_places.%s", ext[i]);
        assert_true(exists(path_in(fx, name)));
        snprintf(name, sizeof name, "ev_links.%s", ext[i]);
        assert_true(exists(path_in(fx, name)));
    }
    char *cpg = slurp(path_in(fx, "ev.cpg"));
    assert_non_null(strstr(cpg, "UTF-8"));
    free(cpg);
    char *qml = slurp(path_in(fx, "ev.qml"));
    assert_non_null(strstr(qml, "attr=\"event_type\""));
    free(qml);
    /* widths fit the data: event_id is "T-1" (3 bytes), notes are cut at 254 */
    GDALDatasetH ds;
    OGRLayerH l = open_layer(path_in(fx, "ev.shp"), "ev", &ds);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
    assert_int_equal(OGR_Fld_GetWidth(OGR_FD_GetFieldDefn(defn, OGR_FD_GetFieldIndex(defn, "event_id"))), 3);
    assert_int_equal(OGR_Fld_GetWidth(OGR_FD_GetFieldDefn(defn, OGR_FD_GetFieldIndex(defn, "notes"))), 254);
    assert_int_equal(OGR_Fld_GetWidth(OGR_FD_GetFieldDefn(defn, OGR_FD_GetFieldIndex(defn, "fatalities"))), 3);
    OGRFeatureH f = OGR_L_GetFeature(l, 1);
    const char *notes = OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "notes"));
    assert_int_equal(strlen(notes), 254);   /* 250 x + ā + ī, "ū" would not fit */
    assert_int_equal(strncmp(notes, fx->long_notes, 254), 0);
    assert_string_equal(notes + 250, "āī");
    OGR_F_Destroy(f);
    GDALClose(ds);
}

static void test_gpkg_duties(void **state)
{
    fixture *fx = *state;
    const char *out = path_in(fx, "duty.gpkg");
    assert_int_equal(write_to(fx, out, "GPKG", false, false), IM_OK);
    GDALDatasetH ds = GDALOpenEx(out, GDAL_OF_VECTOR, NULL, NULL, NULL);
    assert_non_null(ds);
    /* spatial index per layer */
    static const char *const names[] = {"incidents", "places", "links"};
    for (int k = 0; k < 3; k++) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT HasSpatialIndex('%s', 'geom')", names[k]);
        OGRLayerH res = GDALDatasetExecuteSQL(ds, sql, NULL, NULL);
        assert_non_null(res);
        OGRFeatureH f = OGR_L_GetNextFeature(res);
        assert_int_equal(OGR_F_GetFieldAsInteger(f, 0), 1);
        OGR_F_Destroy(f);
        GDALDatasetReleaseResultSet(ds, res);
    }
    /* one default QGIS style per layer */
    OGRLayerH st = GDALDatasetGetLayerByName(ds, "layer_styles");
    assert_non_null(st);
    assert_int_equal(OGR_L_GetFeatureCount(st, TRUE), 3);
    OGRFeatureH f;
    int seen = 0;
    while ((f = OGR_L_GetNextFeature(st)) != NULL) {
        const char *table = OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "f_table_name"));
        for (int k = 0; k < 3; k++)
            if (!strcmp(table, names[k]))
                seen |= 1 << k;
        assert_string_equal(OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "f_geometry_column")),
                            "geom");
        assert_int_equal(OGR_F_GetFieldAsInteger(f, OGR_F_GetFieldIndex(f, "useAsDefault")), 1);
        const char *qml = OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "styleQML"));
        assert_non_null(strstr(qml, "<qgis"));
        if (!strcmp(table, "incidents"))
            assert_non_null(strstr(qml, "categorizedSymbol"));
        OGR_F_Destroy(f);
    }
    assert_int_equal(seen, 7);
    GDALClose(ds);
}

static void test_kml_timestamps(void **state)
{
    fixture *fx = *state;
    const char *out = path_in(fx, "time.kml");
    assert_int_equal(write_to(fx, out, "kml", false, false), IM_OK);
    char *kml = slurp(out);
    assert_non_null(strstr(kml, "<when>2021-08-26</when>"));
    assert_non_null(strstr(kml, "<when>2021-08</when>"));
    assert_non_null(strstr(kml, "<when>2019</when>"));
    assert_null(strstr(kml, "2021/08"));
    assert_non_null(strstr(kml, "<name>Mazār-e Sharīf</name>"));
    assert_non_null(strstr(kml, "<description>"));
    assert_non_null(strstr(kml, "ff005ed5"));   /* #d55e00 as KML aabbggrr */
    free(kml);
}

/* --acled names ACLED's columns in every format but the Shapefile (ten characters), and
 * the GeoPackage's default style follows them. */
static void acled_names_in_every_format(void **state)
{
    fixture *fx = *state;
    const char *out = path_in(fx, "acled.gpkg");
    assert_int_equal(write_to(fx, out, "gpkg", false, true), IM_OK);
    GDALDatasetH ds = GDALOpenEx(out, GDAL_OF_VECTOR, NULL, NULL, NULL);
    assert_non_null(ds);
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(GDALDatasetGetLayerByName(ds, "incidents"));
    static const char *const acled[] = {"event_id_cnty", "sub_event_type", "time_precision",
                                        "geo_precision", "assoc_actor_1"};
    for (size_t i = 0; i < sizeof acled / sizeof acled[0]; i++)
        if (OGR_FD_GetFieldIndex(d, acled[i]) < 0)
            fail_msg("gpkg --acled lacks %s", acled[i]);
    OGRLayerH st = GDALDatasetGetLayerByName(ds, "layer_styles");
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(st)) != NULL) {
        if (!strcmp(OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "f_table_name")),
                    "incidents"))
            assert_non_null(strstr(OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "styleQML")),
                                   "geo_precision"));
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    assert_int_equal(mkdir(path_in(fx, "acled-json"), 0777), 0);
    const char *json = path_in(fx, "acled-json/incidents.geojson");
    assert_int_equal(write_to(fx, json, "geojson", false, true), IM_OK);
    char *text = slurp(json);
    assert_non_null(strstr(text, "\"sub_event_type\""));
    free(text);
}

static void test_csv_acled(void **state)
{
    fixture *fx = *state;
    assert_int_equal(write_to(fx, path_in(fx, "acled.csv"), NULL, false, true), IM_OK);
    char *csv = slurp(path_in(fx, "acled.csv"));
    const char *header = "WKT,event_id_cnty,event_date,year,time_precision,event_type,"
                         "sub_event_type,kind,actor1,actor2,assoc_actor_1,";
    assert_int_equal(strncmp(csv, header, strlen(header)), 0);
    assert_non_null(strstr(csv, ",latitude,longitude,geo_precision,fatalities,"));
    assert_non_null(strstr(csv, "\"POINT (67.11087 36.70904)\",T-2,2021-08,"));
    assert_non_null(strstr(csv, ",2021-08-26,"));
    assert_non_null(strstr(csv, "Mazār-e Sharīf"));
    free(csv);
    /* incmap's own reader (layers.h) takes it back as ACLED data */
    im_ctx *ctx = im_ctx_create(NULL);
    im_incident_set back = {NULL, 0, 0};
    assert_int_equal(im_layers_read(ctx, path_in(fx, "acled.csv"), NULL, &back), IM_OK);
    assert_int_equal(back.n, 3);   /* the reader skips the incident without a point */
    assert_string_equal(back.items[1].event_id, "T-2");
    assert_string_equal(back.items[1].location, "Mazār-e Sharīf");
    assert_int_equal(back.items[1].fatalities, IM_UNKNOWN);
    assert_int_equal(back.items[1].geo_prec, 2);
    assert_string_equal(back.items[0].sub_type, "Suicide bomb");
    assert_true(fabs(back.items[0].longitude - 69.17233) < 1e-9);
    im_incident_set_clear(&back);
    im_ctx_destroy(ctx);
}

static void test_qml(void **state)
{
    (void)state;
    char *q = im_layer_qml(IM_LAYER_INCIDENTS, false);
    assert_non_null(strstr(q, "<renderer-v2 type=\"categorizedSymbol\" attr=\"event_type\""));
    const im_style *st = im_style_default();
    for (size_t k = 0; k < st->n_classes; k++) {
        char want[256];
        snprintf(want, sizeof want, "label=\"%s\"", st->classes[k].label);
        assert_non_null(strstr(q, want));
        snprintf(want, sizeof want, "v=\"%s\"", im_style_shape_name(st->classes[k].shape));
        assert_non_null(strstr(q, want));
    }
    assert_non_null(strstr(q, "value=\"Explosions/Remote violence\""));
    assert_non_null(strstr(q, "value=\"\" label=\"Other / unknown type\""));  /* all others */
    assert_non_null(strstr(q, "v=\"213,94,0,255\""));     /* #d55e00 */
    assert_non_null(strstr(q, "&quot;fatalities&quot;"));  /* size by fatalities */
    assert_non_null(strstr(q, "&quot;geo_prec&quot;"));    /* precision marks */
    assert_non_null(strstr(q, "labelsEnabled=\"1\""));
    free(q);
    q = im_layer_qml(IM_LAYER_INCIDENTS, true);
    assert_non_null(strstr(q, "&quot;geo_precision&quot;"));
    free(q);
    q = im_layer_qml(IM_LAYER_LINKS, false);
    assert_non_null(strstr(q, "<layerGeometryType>1</layerGeometryType>"));
    free(q);
}

/* The defaults (IM_WRITE_OPTS_INIT) write the layers and nothing else, as callers
 * that clean up after themselves (incmap filter) expect. */
static void test_defaults_write_layers_only(void **state)
{
    fixture *fx = *state;
    im_ctx *ctx = im_ctx_create(NULL);
    im_write_opts o = IM_WRITE_OPTS_INIT;
    assert_int_equal(im_write_layers(ctx, path_in(fx, "plain/incidents.geojson"), &o, &fx->inc,
                                     NULL, NULL),
                     IM_ERR_IO);   /* plain/ does not exist */
    mkdir(path_in(fx, "plain"), 0777);
    assert_int_equal(im_write_layers(ctx, path_in(fx, "plain/incidents.geojson"), &o, &fx->inc,
                                     NULL, NULL),
                     IM_OK);
    assert_int_equal(count_entries(path_in(fx, "plain")), 3);
    assert_true(exists(path_in(fx, "plain/incidents_places.geojson")));
    assert_true(exists(path_in(fx, "plain/incidents_links.geojson")));
    im_ctx_destroy(ctx);
}

static void test_no_overwrite(void **state)
{
    fixture *fx = *state;
    const char *dir = path_in(fx, "keep");
    assert_int_equal(write_to(fx, dir, NULL, false, false), IM_OK);
    struct stat before, after;
    assert_int_equal(stat(path_in(fx, "keep/incidents.geojson"), &before), 0);
    size_t n = count_entries(dir);
    assert_int_equal(write_to(fx, dir, NULL, false, false), IM_ERR_IO_EXISTS);
    assert_int_equal(write_to(fx, dir, "geojson", false, false), IM_ERR_IO_EXISTS);
    assert_int_equal(stat(path_in(fx, "keep/incidents.geojson"), &after), 0);
    assert_int_equal(before.st_ino, after.st_ino);
    assert_int_equal(count_entries(dir), n);
    assert_int_equal(write_to(fx, dir, NULL, true, false), IM_OK);
    assert_int_equal(count_entries(dir), n);
    /* a single GeoJSON file, and a GeoPackage */
    FILE *f = fopen(path_in(fx, "one.geojson"), "w");
    fputs("precious", f);
    fclose(f);
    assert_int_equal(write_to(fx, path_in(fx, "one.geojson"), NULL, false, false),
                     IM_ERR_IO_EXISTS);
    char *s = slurp(path_in(fx, "one.geojson"));
    assert_string_equal(s, "precious");
    free(s);
    assert_false(exists(path_in(fx, "one_places.geojson")));
    assert_int_equal(write_to(fx, path_in(fx, "one.geojson"), NULL, true, false), IM_OK);
    s = slurp(path_in(fx, "one.geojson"));
    assert_non_null(strstr(s, "\"FeatureCollection\""));
    assert_null(strstr(s, "\"crs\""));   /* RFC 7946: no crs member */
    free(s);
    assert_int_equal(write_to(fx, path_in(fx, "g.gpkg"), NULL, false, false), IM_OK);
    assert_int_equal(write_to(fx, path_in(fx, "g.gpkg"), NULL, false, false), IM_ERR_IO_EXISTS);
    assert_int_equal(write_to(fx, path_in(fx, "g.gpkg"), NULL, true, false), IM_OK);
}

/* A write that fails half way (the file-size limit stands in for a full disk) leaves
 * nothing behind: no staging folder, no partial file, no folder it created. */
static void test_failure_leaves_nothing(void **state)
{
    fixture *fx = *state;
    struct rlimit old, lim;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    lim = old;
    lim.rlim_cur = 16 * 1024;
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
    const char *made = path_in(fx, "full");
    im_status a = write_to(fx, made, "gpkg", false, false);
    const char *existing = path_in(fx, "full2");
    mkdir(existing, 0777);
    im_status b = write_to(fx, path_in(fx, "full2/x.gpkg"), NULL, false, false);
    im_status c = write_to(fx, path_in(fx, "full2/x.shp"), NULL, false, false);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
    signal(SIGXFSZ, prev);
    assert_int_not_equal(a, IM_OK);
    assert_int_not_equal(b, IM_OK);
    assert_int_not_equal(c, IM_OK);
    assert_false(exists(made));
    assert_int_equal(count_entries(existing), 0);
    /* and a folder we may not write into, when not running as root */
    if (geteuid() != 0) {
        const char *ro = path_in(fx, "ro");
        mkdir(ro, 0555);
        assert_int_not_equal(write_to(fx, path_in(fx, "ro/x.gpkg"), NULL, false, false),
                             IM_OK);
        assert_int_equal(count_entries(ro), 0);
        chmod(ro, 0755);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_resolve),
        cmocka_unit_test_setup_teardown(acled_names_in_every_format, setup, teardown),
        cmocka_unit_test(test_qml),
        cmocka_unit_test_setup_teardown(test_roundtrip_geojson, setup, teardown),
        cmocka_unit_test_setup_teardown(test_roundtrip_gpkg, setup, teardown),
        cmocka_unit_test_setup_teardown(test_roundtrip_shp, setup, teardown),
        cmocka_unit_test_setup_teardown(test_roundtrip_kml, setup, teardown),
        cmocka_unit_test_setup_teardown(test_roundtrip_csv, setup, teardown),
        cmocka_unit_test_setup_teardown(test_roundtrip_fgb, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shapefile_duties, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gpkg_duties, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kml_timestamps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_acled, setup, teardown),
        cmocka_unit_test_setup_teardown(test_defaults_write_layers_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_overwrite, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failure_leaves_nothing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
