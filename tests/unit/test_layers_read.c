/* Unit tests for layers/read.c: ACLED-style GeoJSON and CSV exports and a plain CSV
 * become incident records with the right fields, UTF-8 intact, unknown fatalities
 * marked, features without geometry skipped, a Shapefile's laundered field names
 * understood; unreadable inputs fail cleanly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include <cpl_error.h>
#include <gdal.h>
#include <gdal_utils.h>

#include "incmap/layers.h"

static char *data(const char *name)
{
    const char *dir = getenv("INCMAP_TEST_DATA");
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/layers/%s", dir ? dir : "tests/data", name);
    return buf;
}

static void test_geojson(void **state)
{
    (void)state;
    im_ctx *ctx = im_ctx_create(NULL);
    im_incident_set set = {NULL, 0, 0};
    assert_int_equal(im_layers_read(ctx, data("acled.geojson"), NULL, &set), IM_OK);
    assert_int_equal(set.n, 3);   /* the feature without geometry is skipped */
    const im_incident *a = &set.items[0], *b = &set.items[1], *c = &set.items[2];
    assert_string_equal(a->event_id, "AFG1");
    assert_string_equal(a->event_type, "Explosions/Remote violence");
    assert_string_equal(a->sub_type, "Suicide bomb");
    assert_string_equal(a->event_date, "2021-08-26");
    assert_int_equal(a->year, 2021);
    assert_int_equal(a->fatalities, 183);
    assert_int_equal(a->geo_prec, 1);
    assert_true(fabs(a->longitude - 69.2075) < 1e-9 && fabs(a->latitude - 34.5553) < 1e-9);
    assert_string_equal(b->location, "Mazār-e Sharīf");
    assert_int_equal(b->fatalities, IM_UNKNOWN);
    assert_int_equal(b->geo_prec, 2);
    assert_string_equal(c->event_date, "2021-07");
    assert_int_equal(c->geo_prec, 3);
    im_incident_set_clear(&set);
    im_ctx_destroy(ctx);
}

static void test_acled_csv(void **state)
{
    (void)state;
    im_ctx *ctx = im_ctx_create(NULL);
    im_incident_set set = {NULL, 0, 0};
    assert_int_equal(im_layers_read(ctx, data("acled.csv"), NULL, &set), IM_OK);
    assert_int_equal(set.n, 2);
    assert_string_equal(set.items[0].event_date, "2021-08-15");   /* "15 August 2021" */
    assert_string_equal(set.items[0].location, "Kŭlob");
    assert_true(fabs(set.items[0].longitude - 69.7845) < 1e-9);
    assert_true(fabs(set.items[0].latitude - 37.9146) < 1e-9);
    assert_int_equal(set.items[1].fatalities, 0);
    assert_string_equal(set.items[1].event_type, "Protests");
    assert_int_equal(set.items[1].time_prec, 2);
    im_incident_set_clear(&set);
    im_ctx_destroy(ctx);
}

static void test_plain_csv_and_limit(void **state)
{
    (void)state;
    im_ctx *ctx = im_ctx_create(NULL);
    im_incident_set set = {NULL, 0, 0};
    im_read_opts ro = IM_READ_OPTS_INIT;
    assert_int_equal(im_layers_read(ctx, data("plain.csv"), &ro, &set), IM_OK);
    assert_int_equal(set.n, 2);
    assert_string_equal(set.items[0].location, "Kunduz");
    assert_int_equal(set.items[0].fatalities, 12);
    assert_int_equal(set.items[1].fatalities, IM_UNKNOWN);
    assert_int_equal(set.items[1].event_date[0], 0);
    im_incident_set_clear(&set);
    ro.max_features = 1;
    assert_int_equal(im_layers_read(ctx, data("plain.csv"), &ro, &set), IM_OK);
    assert_int_equal(set.n, 1);
    im_incident_set_clear(&set);
    im_ctx_destroy(ctx);
}

/* A Shapefile launders ACLED's long field names to 10 characters; they still map. */
static void test_shapefile_laundered(void **state)
{
    (void)state;
    char dir[4096];
    const char *tmpdir = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/incmap-shp-XXXXXX", tmpdir && *tmpdir ? tmpdir : P_tmpdir);
    assert_non_null(mkdtemp(dir));
    GDALAllRegister();
    GDALDatasetH src = GDALOpenEx(data("acled.geojson"), GDAL_OF_VECTOR, NULL, NULL, NULL);
    assert_non_null(src);
    char *argv[] = {"-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", NULL};
    GDALVectorTranslateOptions *vo = GDALVectorTranslateOptionsNew(argv, NULL);
    char shp[4200];
    snprintf(shp, sizeof shp, "%s/acled.shp", dir);
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetH out = GDALVectorTranslate(shp, NULL, 1, &src, vo, NULL);
    CPLPopErrorHandler();
    assert_non_null(out);
    GDALClose(out);
    GDALVectorTranslateOptionsFree(vo);
    GDALClose(src);
    im_ctx *ctx = im_ctx_create(NULL);
    im_incident_set set = {NULL, 0, 0};
    assert_int_equal(im_layers_read(ctx, shp, NULL, &set), IM_OK);
    assert_int_equal(set.n, 3);
    assert_string_equal(set.items[0].event_id, "AFG1");          /* event_id_c */
    assert_string_equal(set.items[0].sub_type, "Suicide bomb");  /* sub_event_ */
    assert_int_equal(set.items[1].geo_prec, 2);                   /* geo_precis */
    assert_string_equal(set.items[1].location, "Mazār-e Sharīf");
    im_incident_set_clear(&set);
    im_ctx_destroy(ctx);
    static const char *const ext[] = {"shp", "shx", "dbf", "prj", "cpg"};
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        snprintf(shp, sizeof shp, "%s/acled.%s", dir, ext[i]);
        unlink(shp);
    }
    rmdir(dir);
}

static void test_errors(void **state)
{
    (void)state;
    im_ctx *ctx = im_ctx_create(NULL);
    im_incident_set set = {NULL, 0, 0};
    assert_int_equal(im_layers_read(ctx, data("does-not-exist.gpkg"), NULL, &set),
                     IM_ERR_INPUT);
    assert_non_null(strstr(im_ctx_last_error(ctx), "does-not-exist.gpkg"));
    im_read_opts ro = IM_READ_OPTS_INIT;
    ro.layer = "nope";
    assert_int_equal(im_layers_read(ctx, data("acled.geojson"), &ro, &set), IM_ERR_INPUT);
    assert_non_null(strstr(im_ctx_last_error(ctx), "nope"));
    assert_int_equal(set.n, 0);
    im_ctx_destroy(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_geojson),
        cmocka_unit_test(test_acled_csv),
        cmocka_unit_test(test_plain_csv_and_limit),
        cmocka_unit_test(test_shapefile_laundered),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
