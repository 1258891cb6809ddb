/* The region table: names, membership and the conic projection rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "incmap/regions.h"
#include "incmap/ctx.h"

static void every_design_region_exists(void **state)
{
    (void)state;
    const char *names[] = {"afghanistan", "central-asia", "iran", "europe", "af-pak",
                           "south-asia", "middle-east", "caucasus", "russia",
                           "north-america", "world"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const im_region *r = im_region_find(names[i]);
        assert_non_null(r);
        assert_true(r->west < r->east);
        assert_true(r->south < r->north);
    }
    assert_null(im_region_find("atlantis"));
    assert_null(im_region_find(NULL));
    assert_non_null(im_region_find("Central-Asia"));
}

static void membership(void **state)
{
    (void)state;
    const im_region *ca = im_region_find("central-asia");
    const char *in[] = {"KZ", "KG", "TJ", "TM", "UZ"};
    for (size_t i = 0; i < 5; i++)
        assert_true(im_region_has_country(ca, in[i]));
    assert_false(im_region_has_country(ca, "AF"));
    assert_false(im_region_has_country(ca, "K"));
    assert_false(im_region_has_country(ca, NULL));
    assert_true(im_region_has_country(im_region_find("af-pak"), "pk"));
    assert_true(im_region_has_country(im_region_find("world"), "BR"));
    assert_true(im_region_has_country(im_region_find("europe"), "GB"));
    assert_false(im_region_has_country(im_region_find("europe"), "RU"));
}

static double param(const char *proj, const char *name)
{
    const char *p = strstr(proj, name);
    assert_non_null(p);
    return atof(p + strlen(name));
}

/* Any country (ISO2, ISO3, name) or province (any gazetteer name) is a region. */
static void countries_and_provinces_are_regions(void **state)
{
    (void)state;
    im_ctx *ctx = im_ctx_create(NULL);
    im_area a;
    const char *pk[] = {"PK", "pak", "Pakistan"};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(im_area_resolve(ctx, pk[i], NULL, &a), IM_OK);
        assert_int_equal(a.kind, IM_AREA_COUNTRY);
        assert_string_equal(a.region.countries, "PK");
        assert_true(im_area_has(&a, "PK", "Punjab", 74.3, 31.5, true));
        assert_false(im_area_has(&a, "IN", "Punjab", 75.8, 30.9, true));
        /* framed by its outline: Pakistan lies within 60..78 E, 23..37.5 N */
        assert_true(a.region.west > 55 && a.region.west < 61);
        assert_true(a.region.east > 77 && a.region.east < 82);
        im_area_clear(&a);
    }
    assert_int_equal(im_area_resolve(ctx, "Khyber Pakhtunkhwa", NULL, &a), IM_OK);
    assert_int_equal(a.kind, IM_AREA_ADMIN1);
    assert_true(im_area_has(&a, "PK", "Khyber Pakhtunkhwa", 71.5, 34.0, true));
    assert_false(im_area_has(&a, "PK", "Punjab", 74.3, 31.5, true));
    im_area_clear(&a);
    /* Punjab is a province of two countries: refused, unless narrowed */
    assert_int_equal(im_area_resolve(ctx, "Punjab", NULL, &a), IM_ERR_USAGE_VALUE);
    assert_non_null(strstr(im_ctx_last_error(ctx), "PK"));
    assert_non_null(strstr(im_ctx_last_error(ctx), "IN"));
    assert_int_equal(im_area_resolve(ctx, "Punjab", "IN", &a), IM_OK);
    assert_string_equal(a.region.countries, "IN");
    im_area_clear(&a);
    assert_int_equal(im_area_resolve(ctx, "Atlantis", NULL, &a), IM_ERR_USAGE_VALUE);
    im_ctx_destroy(ctx);
}

/* The caucasus holds Russia's North Caucasus republics, not the rest of Russia. */
static void caucasus_includes_north_caucasus(void **state)
{
    (void)state;
    const im_region *c = im_region_find("caucasus");
    const char *codes[] = {"RU.01", "RU.12", "RU.17", "RU.19", "RU.22", "RU.27", "RU.68"};
    for (size_t i = 0; i < 7; i++)
        assert_true(im_region_has_admin1(c, codes[i]));
    assert_false(im_region_has_admin1(c, "RU.48")); /* Moscow City */
    assert_false(im_region_has_country(c, "RU"));
    im_ctx *ctx = im_ctx_create(NULL);
    im_area a;
    assert_int_equal(im_area_resolve(ctx, "caucasus", NULL, &a), IM_OK);
    assert_true(im_area_has(&a, "RU", "Dagestan", 47.5, 42.9, true));
    assert_true(im_area_has(&a, "RU", "Chechnya", 45.7, 43.3, true));
    assert_false(im_area_has(&a, "RU", "Moscow", 37.6, 55.7, true));
    assert_true(im_area_has(&a, "GE", "Tbilisi", 44.8, 41.7, true));
    im_area_clear(&a);
    im_ctx_destroy(ctx);
}

static void conic_rule(void **state)
{
    (void)state;
    char buf[256];
    im_region_conic_proj(60.0, 30.0, 72.0, 42.0, buf, sizeof buf);
    assert_non_null(strstr(buf, "+proj=aea"));
    assert_true(fabs(param(buf, "+lat_1=") - 32.0) < 1e-6);
    assert_true(fabs(param(buf, "+lat_2=") - 40.0) < 1e-6);
    assert_true(fabs(param(buf, "+lon_0=") - 66.0) < 1e-6);
    im_region_proj(im_region_find("europe"), buf, sizeof buf);
    assert_string_equal(buf, "EPSG:3035");
    im_region_proj(im_region_find("russia"), buf, sizeof buf);
    double lon0 = param(buf, "+lon_0=");
    assert_true(lon0 > -180.0 && lon0 <= 180.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_design_region_exists),
        cmocka_unit_test(membership),
        cmocka_unit_test(conic_rule),
        cmocka_unit_test(countries_and_provinces_are_regions),
        cmocka_unit_test(caucasus_includes_north_caucasus),
    };
    return cmocka_run_group_tests_name("regions", tests, NULL, NULL);
}
