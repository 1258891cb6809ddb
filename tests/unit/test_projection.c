/* Unit tests for render/projection.c against published values: the reference job's
 * Lambert conformal conic (scale factor 0.99153 at 37° N, its projected envelope),
 * EPSG:3035's false origin, round trips, and the geodesic used by scale bars. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <math.h>

#include "incmap/render.h"

#define LCC "+proj=lcc +lat_1=30 +lat_2=45 +lat_0=37 +lon_0=62 +datum=WGS84 +units=m +no_defs"

static void test_lcc_scale_and_envelope(void **state)
{
    (void)state;
    im_ctx *ctx = im_ctx_create(NULL);
    im_projection *p = NULL;
    assert_int_equal(im_projection_create(ctx, LCC, &p), IM_OK);
    /* bench/README.md: k(37° N) = 0.99153; true (1) on the standard parallels */
    assert_true(fabs(im_projection_parallel_scale(p, 62, 37) - 0.99153) < 5e-5);
    assert_true(fabs(im_projection_parallel_scale(p, 62, 30) - 1.0) < 1e-6);
    assert_true(fabs(im_projection_parallel_scale(p, 70, 45) - 1.0) < 1e-6);
    double env[4];
    assert_true(im_projection_envelope(p, 44, 24, 80, 50, env));
    /* rounded out to 5 km the README gives ±1 855 000, −1 445 000..1 570 000 */
    assert_true(fabs(floor(env[0] / 5000) * 5000 + 1855000) < 1);
    assert_true(fabs(ceil(env[2] / 5000) * 5000 - 1855000) < 1);
    assert_true(fabs(floor(env[1] / 5000) * 5000 + 1445000) < 1);
    assert_true(fabs(ceil(env[3] / 5000) * 5000 - 1570000) < 1);
    double x, y, lon, lat;
    assert_true(im_projection_fwd(p, 62, 37, &x, &y));
    assert_true(fabs(x) < 1e-6 && fabs(y) < 1e-6);
    assert_true(im_projection_fwd(p, 69.1723, 34.5281, &x, &y));
    assert_true(im_projection_inv(p, x, y, &lon, &lat));
    assert_true(fabs(lon - 69.1723) < 1e-9 && fabs(lat - 34.5281) < 1e-9);
    im_projection_destroy(p);
    im_ctx_destroy(ctx);
}

static void test_epsg3035(void **state)
{
    (void)state;
    im_ctx *ctx = im_ctx_create(NULL);
    im_projection *p = NULL;
    assert_int_equal(im_projection_create(ctx, "EPSG:3035", &p), IM_OK);
    double x, y;
    /* the projection's natural origin 52° N 10° E maps to the false origin, in
     * easting/northing order after normalisation */
    assert_true(im_projection_fwd(p, 10, 52, &x, &y));
    assert_true(fabs(x - 4321000) < 0.01 && fabs(y - 3210000) < 0.01);
    /* equal-area azimuthal: true scale at the centre */
    assert_true(fabs(im_projection_parallel_scale(p, 10, 52) - 1) < 1e-4);
    im_projection_destroy(p);
    im_ctx_destroy(ctx);
}

static void test_geodesic_and_errors(void **state)
{
    (void)state;
    im_ctx *ctx = im_ctx_create(NULL);
    im_projection *p = NULL;
    assert_int_equal(im_projection_create(ctx, LCC, &p), IM_OK);
    /* one degree of latitude centred on 37° N on WGS 84: M·π/180 = 110 977 m */
    assert_true(fabs(im_projection_geodesic(p, 62, 36.5, 62, 37.5) - 110977) < 5);
    im_projection_destroy(p);
    p = NULL;
    assert_int_equal(im_projection_create(ctx, "+proj=nonsense", &p), IM_ERR_PROJ);
    assert_null(p);
    assert_true(im_ctx_last_error(ctx)[0] != 0);
    im_ctx_destroy(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lcc_scale_and_envelope),
        cmocka_unit_test(test_epsg3035),
        cmocka_unit_test(test_geodesic_and_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
