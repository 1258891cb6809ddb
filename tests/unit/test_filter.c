/* Filter building blocks: bbox and date parsing, partial-date semantics and
 * point-in-polygon on shapes whose answers are known (shared border, hole, island,
 * coast tolerance). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "im_test.h"
#include <gdal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "incmap/filter.h"
#include "incmap/layer_write.h"
#include "incmap/alloc.h"

static void bbox_values(void **state)
{
    (void)state;
    double b[4];
    char err[200];
    assert_true(im_parse_bbox("60,29,75,39", b, err, sizeof err));
    assert_true(b[0] == 60 && b[1] == 29 && b[2] == 75 && b[3] == 39);
    assert_true(im_parse_bbox("-10.5,-5,10.25,5", b, err, sizeof err));
    const char *bad[] = {"", "60,29,75", "60,29,75,39,1", "75,29,60,39", "60,39,75,29",
                         "60,29,75,95", "-181,0,10,10", "nan,0,1,1", "60;29;75;39",
                         "a,b,c,d", "60,29,75,39x", "1e999,0,1,1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        if (im_parse_bbox(bad[i], b, err, sizeof err))
            fail_msg("bbox '%s' accepted", bad[i]);
        assert_non_null(strstr(err, "--bbox"));
    }
}

/* A map's extent may cross the antimeridian; everything else is as strict. */
static void bbox_across_values(void **state)
{
    (void)state;
    double b[4];
    char err[300];
    assert_true(im_parse_bbox_across("165,55,195,75", b, err, sizeof err));
    assert_true(b[0] == 165 && b[2] == 195);
    assert_true(im_parse_bbox_across("60,29,75,39", b, err, sizeof err));
    assert_true(im_parse_bbox_across("-180,-90,180,90", b, err, sizeof err));
    assert_false(im_parse_bbox("165,55,195,75", b, err, sizeof err));   /* not for filter */
    const char *bad[] = {"10,0,380,5", "181,0,200,5", "-181,0,10,10", "195,55,165,75",
                         "165,75,195,55", "165,55,195,91", "165,55,195", "inf,0,1,1", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        if (im_parse_bbox_across(bad[i], b, err, sizeof err))
            fail_msg("map bbox '%s' accepted", bad[i]);
        assert_non_null(strstr(err, "--bbox"));
    }
}

static void iso_day_values(void **state)
{
    (void)state;
    int y, m, d;
    assert_true(im_parse_iso_day("2024-02-29", &y, &m, &d));
    assert_true(y == 2024 && m == 2 && d == 29);
    const char *bad[] = {"2023-02-29", "2023-1-05", "2023-01-5", " 2023-01-05", "2023-01-05 ",
                         "2023-00-10", "2023-13-01", "2023-01-00", "2023-01-32", "0000-01-01",
                         "2023/01/05", "20230105", "", "yesterday", "2023-01-05x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (im_parse_iso_day(bad[i], &y, &m, &d))
            fail_msg("day '%s' accepted", bad[i]);
}

static void date_values(void **state)
{
    (void)state;
    long a, b;
    assert_true(im_parse_date_range("2022-05-10", &a, &b));
    assert_int_equal(a, b);
    long day = a;
    assert_true(im_parse_date_range("2022-05", &a, &b));
    assert_int_equal(b - a, 30);
    assert_true(a <= day && day <= b);
    assert_true(im_parse_date_range("2024", &a, &b));
    assert_int_equal(b - a, 365); /* leap year */
    assert_true(im_parse_date_range("10 May 2022", &a, &b));
    assert_int_equal(a, day);
    assert_true(im_parse_date_range("2022/05/10", &a, &b));
    assert_int_equal(a, day);
    assert_true(im_parse_date_range("1970-01-01", &a, &b));
    assert_int_equal(a, 0);
    const char *bad[] = {"2023-02-30", "2023-13-01", "2022-05-32", "May 2022", "yesterday",
                         "", "20220510", "2023-02-29", "10 Foo 2022"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (im_parse_date_range(bad[i], &a, &b))
            fail_msg("date '%s' accepted", bad[i]);
}

/* Every date format ACLED's exports have used reads as the same day. */
static void acled_date_formats_read_as_one_day(void **state)
{
    (void)state;
    long want, b, a;
    assert_true(im_parse_date_range("2020-05-09", &want, &b));
    const char *forms[] = {"9-May-20", "09-May-20", "09-May-2020", "9 May 2020", "09 May 2020",
                           "May 9, 2020", "2020/05/09", " 9 May 2020 ", "9 may 2020"};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        if (!im_parse_date_range(forms[i], &a, &b))
            fail_msg("'%s' not read", forms[i]);
        if (a != want || b != want)
            fail_msg("'%s' read as another day", forms[i]);
    }
    assert_true(im_parse_date_range("1-Jan-99", &a, &b)); /* ACLED begins in 1997 */
    assert_true(im_parse_date_range("1999-01-01", &want, &b));
    assert_int_equal(a, want);
    const char *bad[] = {"31-Feb-20", "9-Mai-20", "9-May-2", "May 9 2020", "9/5/20"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (im_parse_date_range(bad[i], &a, &b))
            fail_msg("date '%s' accepted", bad[i]);
}

/* --type: ACLED's names in any case, a word of one, or incmap's kinds; else refused
 * with the list. */
static void type_words_map_to_acled_or_are_refused(void **state)
{
    (void)state;
    char canon[128], err[512];
    assert_true(im_filter_check_type("explosion", canon, sizeof canon, err, sizeof err));
    assert_string_equal(canon, "Explosions/Remote violence");
    assert_true(im_filter_check_type("battles", canon, sizeof canon, err, sizeof err));
    assert_string_equal(canon, "Battles");
    assert_true(im_filter_check_type("suicide bomb", canon, sizeof canon, err, sizeof err));
    assert_string_equal(canon, "Suicide bomb");
    assert_true(im_filter_check_type("suicide_attack", canon, sizeof canon, err, sizeof err));
    assert_string_equal(canon, "suicide_attack");
    assert_true(im_filter_check_type("drone", canon, sizeof canon, err, sizeof err));
    assert_string_equal(canon, "Air/drone strike");
    assert_false(im_filter_check_type("explsion", canon, sizeof canon, err, sizeof err));
    assert_non_null(strstr(err, "'Explosions/Remote violence'"));
    assert_non_null(strstr(err, "'Strategic developments'"));
    /* a word shared by two sub-event types names neither */
    assert_false(im_filter_check_type("protest", canon, sizeof canon, err, sizeof err) &&
                 strcmp(canon, "Protests"));
}

/* Two unit squares side by side (A west, B east), A with a hole, B with an island. */
static const char *shapes =
    "{\"type\":\"FeatureCollection\",\"features\":["
    "{\"type\":\"Feature\",\"properties\":{\"k\":\"A\"},\"geometry\":{\"type\":\"Polygon\","
    "\"coordinates\":[[[0,0],[1,0],[1,1],[0,1],[0,0]],"
    "[[0.4,0.4],[0.6,0.4],[0.6,0.6],[0.4,0.6],[0.4,0.4]]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"k\":\"B\"},\"geometry\":{\"type\":\"MultiPolygon\","
    "\"coordinates\":[[[[1,0],[2,0],[2,1],[1,1],[1,0]]],"
    "[[[3,3],[3.2,3],[3.2,3.2],[3,3.2],[3,3]]]]}}]}";

static void point_in_polygon(void **state)
{
    (void)state;
    GDALAllRegister();
    char path[] = "/tmp/incmap-polyset-XXXXXX.geojson";
    int fd = mkstemps(path, 8);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, shapes, strlen(shapes)), (ssize_t)strlen(shapes));
    close(fd);
    im_ctx *ctx = im_ctx_create(NULL);
    im_polyset *ps = NULL;
    assert_int_equal(im_polyset_load(ctx, path, NULL, "k", NULL, 0, &ps), IM_OK);
    assert_int_equal(im_polyset_owner_count(ps), 2);
    struct {
        double x, y;
        const char *want;
    } cases[] = {
        {0.2, 0.2, "A"}, {1.5, 0.5, "B"}, {0.5, 0.5, ""},   /* hole */
        {3.1, 3.1, "B"},                                    /* island */
        {1.0, 0.5, "B"},                                    /* shared border: one side */
        {5, 5, ""},      {-0.5, 0.5, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int o = im_polyset_locate(ps, cases[i].x, cases[i].y, 0);
        assert_string_equal(im_polyset_key(ps, o), cases[i].want);
    }
    /* 0.01° ≈ 1.1 km west of A: kept with a 5 km tolerance, not with 0.5 km */
    assert_string_equal(im_polyset_key(ps, im_polyset_locate(ps, -0.01, 0.5, 5)), "A");
    assert_int_equal(im_polyset_locate(ps, -0.01, 0.5, 0.5), -1);
    /* only the listed keys are loaded */
    im_polyset *only_b = NULL;
    const char *keys[] = {"b"};
    assert_int_equal(im_polyset_load(ctx, path, NULL, "k", keys, 1, &only_b), IM_OK);
    assert_int_equal(im_polyset_owner_count(only_b), 1);
    assert_int_equal(im_polyset_locate(only_b, 0.2, 0.2, 0), -1);
    im_polyset_destroy(only_b);
    im_polyset_destroy(ps);
    assert_int_equal(im_polyset_load(ctx, "/nonexistent.gpkg", NULL, NULL, NULL, 0, &ps),
                     IM_ERR_INPUT);
    assert_non_null(strstr(im_ctx_last_error(ctx), "/nonexistent.gpkg"));
    unlink(path);
    im_ctx_destroy(ctx);
}

static void structured_values_are_not_sql(void **state)
{
    (void)state;
    im_filter *f = im_filter_create();
    char err[200];
    assert_false(im_filter_add_countries(f, "AF'; DROP TABLE points; --", err, sizeof err));
    assert_non_null(strstr(err, "--country"));
    assert_false(im_filter_add_countries(f, "AF,,TJ OR 1=1", err, sizeof err));
    assert_true(im_filter_add_countries(f, "af,tj", err, sizeof err));
    assert_false(im_filter_add_region(f, "europe' OR '1'='1", err, sizeof err));
    assert_true(im_filter_add_region(f, "Central-Asia", err, sizeof err));
    im_filter_destroy(f);
}

static void output_formats(void **state)
{
    (void)state;
    assert_string_equal(im_output_driver(NULL, "x.gpkg"), "GPKG");
    assert_string_equal(im_output_driver(NULL, "x.GeoJSON"), "GeoJSON");
    assert_string_equal(im_output_driver(NULL, "a/b.shp"), "ESRI Shapefile");
    assert_string_equal(im_output_driver("fgb", "out"), "FlatGeobuf");
    assert_string_equal(im_output_driver(NULL, "-"), "GeoJSON");
    assert_string_equal(im_output_driver(NULL, "PG:dbname=x"), "PostgreSQL");
    assert_null(im_output_driver(NULL, "x.unknown"));
    assert_null(im_output_driver("pdf", "x.gpkg"));
    assert_null(im_output_driver("csv", "-"));   /* standard output is GeoJSON only */
}

/* The filter and the layer writers share one format table: the same -f value or
 * output name gives the same driver (KML through LIBKML in both), and GeoJSON has one
 * precision (6 decimals, about 0.1 m: the two tables had drifted to 6 and 7). */
static void one_format_table(void **state)
{
    (void)state;
    const char *names[] = {"gpkg", "geopackage", "geojson", "json", "shp", "shapefile", "kml",
                           "KML", "csv", "fgb", "flatgeobuf", "GPKG", "ESRI Shapefile"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        im_layer_format fmt;
        assert_true(im_layer_format_lookup(names[i], NULL, &fmt));
        assert_string_equal(im_output_driver(names[i], "out"), im_layer_format_driver(fmt));
    }
    assert_string_equal(im_output_driver("kml", "x.kml"), "LIBKML");
    const char *const *lco = im_layer_format_options(IM_FORMAT_GEOJSON);
    bool six = false;
    for (; *lco; lco++) {
        assert_null(strstr(*lco, "COORDINATE_PRECISION=7"));
        six = six || !strcmp(*lco, "COORDINATE_PRECISION=6");
    }
    assert_true(six);
}

static void add(im_incident_set *set, const char *id, const char *loc, double lat, double lon,
                bool coords)
{
    im_incident *inc = im_incident_set_add(set);
    im_set_str(&inc->event_id, id);
    im_set_str(&inc->event_date, "2021-08-26");
    inc->year = 2021;
    im_set_str(&inc->event_type, "Battles");
    im_set_str(&inc->location, loc);
    inc->latitude = lat;
    inc->longitude = lon;
    inc->has_coords = coords;
    /* the extractor's country coding, which the filter uses before any polygon test */
    if (!strcmp(loc, "Dushanbe"))
        memcpy(inc->iso2, "TJ", 3);
    else if (!strcmp(loc, "Kabul"))
        memcpy(inc->iso2, "AF", 3);
}

/* `incmap filter report.txt`: a report's incidents are filtered as they are in memory
 * (nothing written and read back), with the same answer as the same incidents read
 * from a written layer. */
static void incidents_in_memory(void **state)
{
    (void)state;
    const char *data = getenv("INCMAP_DATA");
    if (!data)
        IM_SKIP("INCMAP_DATA is not set");
    char basemap[1024], out[64], layer[128];
    snprintf(basemap, sizeof basemap, "%s/basemap.gpkg", data);
    im_ctx *ctx = im_ctx_create(NULL);
    im_incident_set set = {0};
    add(&set, "r-1", "Dushanbe", 38.55981234, 68.78701234, true);
    add(&set, "r-2", "Kabul", 34.5553, 69.2075, true);
    add(&set, "r-3", "somewhere", 0, 0, false);
    char err[128];

    snprintf(out, sizeof out, "/tmp/incmap-filter-mem-XXXXXX");
    assert_non_null(mkdtemp(out));
    snprintf(layer, sizeof layer, "%s/kept.geojson", out);
    im_filter *f = im_filter_create();
    assert_true(im_filter_add_countries(f, "TJ", err, sizeof err));
    im_filter_run_opts ro = {layer, NULL, false, false, NULL, NULL};
    im_filter_stats stats;
    assert_int_equal(im_filter_run_incidents(ctx, f, &set, "r.txt", basemap, &ro, &stats), IM_OK);
    assert_int_equal(stats.kept, 1);
    FILE *g = fopen(layer, "r");
    assert_non_null(g);
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, g);
    buf[n] = '\0';
    fclose(g);
    assert_non_null(strstr(buf, "Dushanbe"));
    assert_null(strstr(buf, "Kabul"));
    /* the format table's GeoJSON precision: 6 decimals in the geometry */
    assert_non_null(strstr(buf, "\"coordinates\": [ 68.787012, 38.559812 ]"));

    /* the same incidents from a written layer: the same tally */
    char written[160];
    snprintf(written, sizeof written, "%s/all.geojson", out);
    im_write_opts wo = IM_WRITE_OPTS_INIT;
    assert_int_equal(im_write_layers(ctx, written, &wo, &set, NULL, NULL), IM_OK);
    char *tally[2];
    for (int k = 0; k < 2; k++) {
        FILE *t = tmpfile();
        im_filter_run_opts co = {NULL, NULL, false, true, t, NULL};
        im_filter *all = im_filter_create();
        assert_int_equal(k ? im_filter_run(ctx, all, written, basemap, &co, &stats)
                           : im_filter_run_incidents(ctx, all, &set, "r.txt", basemap, &co, &stats),
                         IM_OK);
        rewind(t);
        n = fread(buf, 1, sizeof buf - 1, t);
        buf[n] = '\0';
        tally[k] = strdup(buf);
        fclose(t);
        im_filter_destroy(all);
    }
    assert_non_null(strstr(tally[0], "country\tTJ\t1"));
    assert_string_equal(tally[0], tally[1]);
    free(tally[0]);
    free(tally[1]);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", out);
    assert_int_equal(system(cmd), 0);
    im_filter_destroy(f);
    im_incident_set_clear(&set);
    im_ctx_destroy(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bbox_values),
        cmocka_unit_test(one_format_table),
        cmocka_unit_test(incidents_in_memory),
        cmocka_unit_test(bbox_across_values),
        cmocka_unit_test(iso_day_values),
        cmocka_unit_test(date_values),
        cmocka_unit_test(acled_date_formats_read_as_one_day),
        cmocka_unit_test(type_words_map_to_acled_or_are_refused),
        cmocka_unit_test(point_in_polygon),
        cmocka_unit_test(structured_values_are_not_sql),
        cmocka_unit_test(output_formats),
    };
    return im_test_exit(cmocka_run_group_tests_name("filter", tests, NULL, NULL));
}
