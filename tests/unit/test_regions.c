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
    };
    return cmocka_run_group_tests_name("regions", tests, NULL, NULL);
}
