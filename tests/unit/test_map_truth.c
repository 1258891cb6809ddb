/* Maps that tell the truth (issue 15): a regional map counts and frames its region's
 * incidents, mutes the others in its frame, never draws a country- or province-level
 * incident as a point at the capital, keeps a far outlier out of a fitted frame, shows
 * every year in the year legend, fits three-digit cluster numbers in their discs and
 * never hides an incident under the locator. Checked on the renderer's own
 * statistics after a real draw. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incmap/incidents.h"
#include "incmap/model.h"
#include "incmap/render.h"

static im_incident *add(im_incident_set *set, const char *loc, const char *iso2,
                        const char *admin1, const char *country, double lat, double lon,
                        int geo_prec, const char *date)
{
    im_incident *inc = im_incident_set_add(set);
    im_set_str(&inc->location, loc);
    im_set_str(&inc->admin1, admin1);
    im_set_str(&inc->country, country);
    im_set_str(&inc->event_type, "Battles");
    im_set_str(&inc->event_date, date);
    inc->year = atoi(date);
    snprintf(inc->iso2, sizeof inc->iso2, "%s", iso2);
    inc->latitude = lat;
    inc->longitude = lon;
    inc->has_coords = true;
    inc->geo_prec = geo_prec;
    inc->fatalities = 2;
    return inc;
}

static im_map *draw(im_ctx *ctx, const im_map_opts *o, const im_incident_set *set,
                    im_map_stats *st)
{
    im_map *m = NULL;
    assert_int_equal(im_map_create(ctx, o, set, &m), IM_OK);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 600, 425);
    cairo_t *cr = cairo_create(s);
    assert_int_equal(im_map_draw(m, cr, 600 / 297.0), IM_OK);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    im_map_get_stats(m, st);
    return m;
}

/* Incidents in the south-east corner of Central Asia, one in Afghanistan close by and
 * one known only to its country (Tajikistan, placed at Dushanbe). */
static void regional_map_counts_and_fits_the_region_incidents(void **state)
{
    (void)state;
    im_ctx *ctx = im_ctx_create(NULL);
    im_incident_set set = {0};
    add(&set, "Dushanbe", "TJ", "Dushanbe", "Tajikistan", 38.5358, 68.7791, 1, "2023-05-01");
    add(&set, "Khujand", "TJ", "Sughd", "Tajikistan", 40.2826, 69.6222, 1, "2023-05-02");
    add(&set, "Termez", "UZ", "Surxondaryo", "Uzbekistan", 37.2242, 67.2783, 1, "2023-05-03");
    add(&set, "Tajikistan", "TJ", "", "Tajikistan", 38.5358, 68.7791, 3, "2023-05-04");
    add(&set, "Mazar-e Sharif", "AF", "Balkh", "Afghanistan", 36.709, 67.1109, 1,
        "2023-05-05");
    im_map_opts o = IM_MAP_OPTS_INIT;
    o.region = "central-asia";
    o.date_made = "2026-01-01";
    im_map_stats st;
    im_map *m = draw(ctx, &o, &set, &st);
    assert_int_equal(st.in_region, 4);          /* the summary's count, not the frame's */
    assert_int_equal(st.coarse, 1);             /* Tajikistan: listed, not a point */
    assert_int_equal(st.muted, 1);              /* Mazar-e Sharif: faint, not counted */
    assert_int_equal(st.symbols, 4);
    assert_int_equal(st.inset_hides, 0);
    /* the frame fits the incidents (37-40.3 N), not Kazakhstan up to 56 N */
    assert_true(st.frame_ll[3] < 46);
    assert_true(st.frame_ll[1] < 37.2 && st.frame_ll[3] > 40.3);
    im_map_destroy(m);
    im_incident_set_clear(&set);
    im_ctx_destroy(ctx);
}

/* Incidents in Iran's south-eastern corner, and one known only as "Iran" (placed at
 * Tehran): the frame fits the corner, the capital does not stretch it, and the
 * country-level incident is still listed. */
static void country_level_incident_neither_drawn_nor_framing(void **state)
{
    (void)state;
    im_ctx *ctx = im_ctx_create(NULL);
    im_incident_set set = {0};
    add(&set, "Zahedan", "IR", "Sistan and Baluchestan", "Iran", 29.4963, 60.8629, 1,
        "2024-03-03");
    add(&set, "Chabahar", "IR", "Sistan and Baluchestan", "Iran", 25.2919, 60.643, 1,
        "2024-03-25");
    add(&set, "Iran", "IR", "", "Iran", 35.6944, 51.4215, 3, "2024-03-10");
    im_map_opts o = IM_MAP_OPTS_INIT;
    o.region = "iran";
    o.date_made = "2026-01-01";
    im_map_stats st;
    im_map *m = draw(ctx, &o, &set, &st);
    assert_int_equal(st.in_region, 3);
    assert_int_equal(st.coarse, 1);
    assert_int_equal(st.symbols, 2);
    assert_true(st.frame_ll[3] < 34);   /* Tehran (35.7 N) is not what frames it */
    assert_true(st.frame_ll[0] > 50);
    assert_int_equal(st.inset_hides, 0);
    im_map_destroy(m);
    /* an attackers' origin link to the country-level incident: no arrow to Tehran */
    im_set_str(&set.items[2].event_id, "IR3");
    im_set_str(&set.items[0].event_id, "IR1");
    im_link l[2] = {{NULL, NULL, NULL, 33.0, 65.0, 35.6944, 51.4215, NULL, NULL},
                    {NULL, NULL, NULL, 33.0, 65.0, 29.4963, 60.8629, NULL, NULL}};
    l[0].event_id = "IR3";
    l[1].event_id = "IR1";
    im_link_set links = {l, 2, 2};
    o.region = NULL;
    assert_int_equal(im_map_create(ctx, &o, &set, &m), IM_OK);
    im_map_set_links(m, &links);
    assert_int_equal(im_map_link_count(m), 1);
    im_map_destroy(m);
    im_incident_set_clear(&set);
    im_ctx_destroy(ctx);
}

/* A report about Pakistan with one namesake placed in Indonesia (Sambas). */
static void overview_leaves_a_far_outlier_to_the_notes(void **state)
{
    (void)state;
    im_ctx *ctx = im_ctx_create(NULL);
    im_incident_set set = {0};
    const double pk[10][2] = {{34.0, 71.58}, {33.72, 73.04}, {30.18, 67.0}, {31.55, 74.35},
                              {24.86, 67.0}, {32.0, 70.0}, {35.0, 72.0}, {33.0, 70.1},
                              {29.5, 66.5}, {34.3, 72.9}};
    for (int i = 0; i < 10; i++)
        add(&set, "Somewhere", "PK", "", "Pakistan", pk[i][0], pk[i][1], 1, "2023-01-01");
    add(&set, "Sambas", "ID", "West Kalimantan", "Indonesia", 1.36, 109.3, 1, "2023-01-02");
    im_map_opts o = IM_MAP_OPTS_INIT;
    o.date_made = "2026-01-01";
    im_map_stats st;
    im_map *m = draw(ctx, &o, &set, &st);
    assert_int_equal(st.outliers, 1);
    assert_true(st.frame_ll[2] < 90); /* not South and East Asia */
    im_map_destroy(m);
    im_incident_set_clear(&set);
    im_ctx_destroy(ctx);
}

static void year_legend_skips_no_year(void **state)
{
    (void)state;
    im_ctx *ctx = im_ctx_create(NULL);
    im_incident_set set = {0};
    char date[16];
    for (int y = 2015; y <= 2024; y++) {
        snprintf(date, sizeof date, "%d-06-01", y);
        add(&set, "Kabul", "AF", "Kabul", "Afghanistan", 34.5 + (y - 2015) * 0.1, 69.17, 1,
            date);
    }
    im_map_opts o = IM_MAP_OPTS_INIT;
    o.color_by = IM_COLOR_BY_YEAR;
    o.date_made = "2026-01-01";
    im_map_stats st;
    im_map *m = draw(ctx, &o, &set, &st);
    assert_int_equal(st.legend_years, 10);
    im_map_destroy(m);
    im_incident_set_clear(&set);
    im_ctx_destroy(ctx);
}

/* 101 co-located pairs: location No. 101 is drawn with its three digits inside. */
static void three_digit_cluster_numbers_fit_their_disc(void **state)
{
    (void)state;
    im_ctx *ctx = im_ctx_create(NULL);
    im_incident_set set = {0};
    for (int i = 0; i < 101; i++)
        for (int k = 0; k < 2; k++)
            add(&set, "Place", "AF", "", "Afghanistan", -40 + i * 0.7, -150 + i * 2.5, 1,
                "2023-01-01");
    im_map_opts o = IM_MAP_OPTS_INIT;
    o.has_bbox = true;
    o.bbox[0] = 95;
    o.bbox[1] = 25;
    o.bbox[2] = 105;
    o.bbox[3] = 35;
    o.date_made = "2026-01-01";
    im_map_stats st;
    im_map *m = draw(ctx, &o, &set, &st);
    assert_true(st.clusters >= 1); /* Nos. 99 to 101 lie in the box */
    assert_int_equal(st.cluster_overflow, 0);
    im_map_destroy(m);
    im_incident_set_clear(&set);
    im_ctx_destroy(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(regional_map_counts_and_fits_the_region_incidents),
        cmocka_unit_test(country_level_incident_neither_drawn_nor_framing),
        cmocka_unit_test(overview_leaves_a_far_outlier_to_the_notes),
        cmocka_unit_test(year_legend_skips_no_year),
        cmocka_unit_test(three_digit_cluster_numbers_fit_their_disc),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    im_render_release_caches(); /* so leak checkers see a clean exit */
    return failed;
}
