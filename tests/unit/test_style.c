/* Unit tests for the shared incident style (style.h): the table is complete and
 * colour-blind safe by construction (Okabe–Ito), shapes are redundant with colours,
 * size grows by area with fatalities, unknown fatalities and precision are distinct. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "incmap/model.h"
#include "incmap/style.h"

static void test_classes_cover_acled(void **state)
{
    (void)state;
    const im_style *st = im_style_default();
    assert_int_equal(st->n_classes, 7);
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(im_style_class_index(st, im_acled_event_types[i]), i);
        assert_string_equal(st->classes[i].event_type, im_acled_event_types[i]);
    }
    assert_null(st->classes[6].event_type);
    assert_int_equal(im_style_class_index(st, NULL), 6);
    assert_int_equal(im_style_class_index(st, "Alien invasion"), 6);
    assert_int_equal(im_style_class_index(st, "battles"), 0);
    assert_int_equal(im_style_class_index(st, "explosion"), 1);
    assert_int_equal(im_style_class_index(st, "attack"), 2);
}

static void test_colours_and_shapes_distinct(void **state)
{
    (void)state;
    const im_style *st = im_style_default();
    static const char *const okabe_ito[] = {"#e69f00", "#56b4e9", "#009e73", "#f0e442",
                                            "#0072b2", "#d55e00", "#cc79a7", "#999999"};
    for (size_t i = 0; i < st->n_classes; i++) {
        bool in_palette = false;
        for (size_t k = 0; k < 8; k++)
            in_palette |= strcmp(st->classes[i].fill.hex, okabe_ito[k]) == 0;
        assert_true(in_palette);
        for (size_t j = i + 1; j < st->n_classes; j++) {
            assert_string_not_equal(st->classes[i].fill.hex, st->classes[j].fill.hex);
            assert_int_not_equal(st->classes[i].shape, st->classes[j].shape);
        }
        assert_non_null(im_style_shape_name(st->classes[i].shape));
    }
    assert_string_equal(im_style_shape_name(IM_SHAPE_STAR), "star");
}

static void test_size_is_area_proportional(void **state)
{
    (void)state;
    const im_style *st = im_style_default();
    double d0 = im_style_symbol_size(st, 0), d10 = im_style_symbol_size(st, 10);
    double d20 = im_style_symbol_size(st, 20);
    assert_true(fabs(d0 - st->min_size_mm) < 1e-9);
    /* equal steps in fatalities add equal area */
    double a0 = d0 * d0, a10 = d10 * d10, a20 = d20 * d20;
    assert_true(fabs((a20 - a10) - (a10 - a0)) < 1e-9);
    assert_true(im_style_symbol_size(st, 100000) <= st->max_size_mm);
    double du = im_style_symbol_size(st, IM_UNKNOWN);
    assert_true(fabs(du - st->unknown_size_mm) < 1e-9);
    for (size_t i = 1; i < st->n_legend_fatalities; i++)
        assert_true(st->legend_fatalities[i] > st->legend_fatalities[i - 1]);
}

static void test_precision_and_years(void **state)
{
    (void)state;
    const im_style *st = im_style_default();
    assert_int_equal(im_style_precision_mark(1), IM_PREC_FILLED);
    assert_int_equal(im_style_precision_mark(0), IM_PREC_FILLED);
    assert_int_equal(im_style_precision_mark(2), IM_PREC_RING);
    assert_int_equal(im_style_precision_mark(3), IM_PREC_DASHED);
    assert_int_equal(im_style_precision_mark(7), IM_PREC_DASHED);
    im_rgb first = im_style_year_colour(st, 2019, 2019, 2023);
    im_rgb last = im_style_year_colour(st, 2023, 2019, 2023);
    assert_string_equal(first.hex, st->year_ramp[0].hex);
    assert_string_equal(last.hex, st->year_ramp[st->n_year_ramp - 1].hex);
    assert_string_equal(im_style_year_colour(st, 1990, 2019, 2023).hex, first.hex);
    assert_string_equal(im_style_year_colour(st, 2021, 2021, 2021).hex,
                        st->year_ramp[st->n_year_ramp / 2].hex);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classes_cover_acled),
        cmocka_unit_test(test_colours_and_shapes_distinct),
        cmocka_unit_test(test_size_is_area_proportional),
        cmocka_unit_test(test_precision_and_years),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
