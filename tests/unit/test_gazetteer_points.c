/* The gazetteer's two points and its named features: a country or a unit has its own
 * point near its middle and its capital or seat beside it; a city is its own seat;
 * every country with a capital has that capital as a city; named sites, valleys,
 * gorges, islands and regions are found with their kind; spelling variants of
 * provinces reach the province. Runs against the build's real data (INCMAP_DATA). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incmap/incmap.h"

typedef struct fixture {
    im_ctx *ctx;
    const im_gazetteer *gz;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->ctx = im_ctx_create(NULL);
    f->gz = im_ctx_get_gazetteer(f->ctx);
    if (!f->gz) {
        fprintf(stderr, "cannot open gazetteer: %s\n", im_ctx_last_error(f->ctx));
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
    im_ctx_destroy(f->ctx);
    free(f);
    return 0;
}

static im_place top(const im_gazetteer *gz, const char *name, im_place_kind kind)
{
    im_lookup_opts o = IM_LOOKUP_OPTS_INIT;
    o.kind = kind;
    im_candidate c[4];
    if (im_gazetteer_lookup(gz, name, strlen(name), &o, c, 4) == 0)
        fail_msg("no candidate for '%s'", name);
    im_place p;
    im_gazetteer_get(gz, c[0].id, &p);
    return p;
}

static double km(double lat1, double lon1, double lat2, double lon2)
{
    double r = M_PI / 180.0;
    double a = sin((lat2 - lat1) * r / 2) * sin((lat2 - lat1) * r / 2) +
               cos(lat1 * r) * cos(lat2 * r) * sin((lon2 - lon1) * r / 2) *
                   sin((lon2 - lon1) * r / 2);
    return 6371.0 * 2 * atan2(sqrt(a), sqrt(1 - a));
}

/* Russia is near its middle, not at Moscow; Moscow stays its seat. The reference
 * middles are rough geographic facts (the centre of the country's mainland). */
static void countries_have_their_own_point_and_their_capital(void **state)
{
    fixture *f = *state;
    im_place ru = top(f->gz, "Russia", IM_PLACE_COUNTRY);
    assert_true(ru.has_coords && ru.has_seat);
    assert_true(km(ru.seat_lat, ru.seat_lon, 55.75222, 37.61556) < 25.0);
    assert_int_equal(ru.seat_geonameid, 524901);
    assert_true(km(ru.lat, ru.lon, ru.seat_lat, ru.seat_lon) > 2000.0);
    assert_true(km(ru.lat, ru.lon, 61.5, 98.0) < 400.0);
    assert_int_equal(ru.geonameid, 0);   /* no own GeoNames id in our sources */
    im_place us = top(f->gz, "United States", IM_PLACE_COUNTRY);
    assert_true(km(us.seat_lat, us.seat_lon, 38.89511, -77.03637) < 25.0);
    assert_true(km(us.lat, us.lon, 39.5, -98.5) < 300.0);
    im_place af = top(f->gz, "Afghanistan", IM_PLACE_COUNTRY);
    assert_true(km(af.seat_lat, af.seat_lon, 34.52813, 69.17233) < 25.0);
    assert_true(km(af.lat, af.lon, 33.9, 66.0) < 200.0);
}

/* Helmand's middle is far from Lashkar Gah, its seat on its north-eastern edge. */
static void provinces_and_districts_have_their_own_point(void **state)
{
    fixture *f = *state;
    im_place h = top(f->gz, "Helmand province", IM_PLACE_ANY);
    assert_string_equal(h.code, "AF.10");
    assert_true(km(h.seat_lat, h.seat_lon, 31.59382, 64.37161) < 10.0);
    assert_true(km(h.lat, h.lon, h.seat_lat, h.seat_lon) > 40.0);
    assert_true(h.lat > 29.5 && h.lat < 32.5 && h.lon > 62.5 && h.lon < 65.5);
    im_place d = top(f->gz, "Achin district", IM_PLACE_ANY);
    assert_int_equal(d.kind, IM_PLACE_ADMIN2);
    assert_true(d.has_coords);
    assert_true(km(d.lat, d.lon, 34.13, 70.70) < 40.0);
}

static void cities_are_their_own_seat(void **state)
{
    fixture *f = *state;
    im_place k = top(f->gz, "Kabul", IM_PLACE_CITY);
    assert_int_equal(k.geonameid, 1138958);
    assert_int_equal(k.seat_geonameid, k.geonameid);
    assert_true(k.has_seat);
    assert_true(k.lat == k.seat_lat && k.lon == k.seat_lon);
    assert_string_equal(k.kind_name, "city");
}

/* Every country's capital is a city of the gazetteer, Israel's among them. */
static void every_capital_is_a_city(void **state)
{
    fixture *f = *state;
    size_t countries = 0, without = 0;
    for (uint32_t id = 0; id < im_gazetteer_count(f->gz); id++) {
        im_place c;
        im_gazetteer_get(f->gz, id, &c);
        if (c.kind != IM_PLACE_COUNTRY)
            break;
        countries++;
        if (!c.has_seat) {
            without++;
            continue;
        }
        uint32_t city = im_gazetteer_find_geonameid(f->gz, c.seat_geonameid, IM_PLACE_CITY);
        if (city == IM_PLACE_NONE)
            fail_msg("%s: capital %u is not a city", c.iso2, c.seat_geonameid);
    }
    assert_true(countries >= 249);
    /* Antarctica, Bouvet, Heard and McDonald, BIOT, Tokelau, US Minor Outlying Islands */
    assert_true(without <= 6);
    im_place il = top(f->gz, "Israel", IM_PLACE_COUNTRY);
    assert_true(il.has_seat);
    im_place cap;
    im_gazetteer_get(f->gz, im_gazetteer_find_geonameid(f->gz, il.seat_geonameid, IM_PLACE_CITY),
                     &cap);
    assert_string_equal(cap.name, "Jerusalem");
    assert_int_equal(im_gazetteer_find_geonameid(f->gz, 0, IM_PLACE_ANY), IM_PLACE_NONE);
}

static void named_features_with_their_kind(void **state)
{
    fixture *f = *state;
    struct {
        const char *name, *kind, *iso2;
    } cases[] = {
        {"Pankisi Gorge", "gorge", "GE"},   {"Fergana Valley", "valley", "UZ"},
        {"Ferghana Valley", "valley", "UZ"}, {"Crocus City Hall", "site", "RU"},
        {"South Island", "island", "NZ"},   {"Tirah valley", "valley", "PK"},
        {"Wakhan Corridor", "region", "AF"}, {"Khyber Pass", "pass", "PK"},
        {"Hamid Karzai International Airport", "site", "AF"},
        {"Qissa Khwani Bazaar", "site", "PK"}, {"Shah Cheragh", "site", "IR"},
        {"Panjshir Valley", "valley", "AF"}, {"Kurdistan Region", "region", "IQ"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        im_place p = top(f->gz, cases[i].name, IM_PLACE_ANY);
        if (p.kind != IM_PLACE_FEATURE || strcmp(p.kind_name, cases[i].kind) != 0 ||
            strcmp(p.iso2, cases[i].iso2) != 0)
            fail_msg("'%s' is a %s in %s, want a %s in %s", cases[i].name, p.kind_name,
                     p.iso2, cases[i].kind, cases[i].iso2);
        assert_true(p.has_coords && p.has_seat);
        assert_true(p.lat == p.seat_lat && p.lon == p.seat_lon);
        assert_int_not_equal(p.country, IM_PLACE_NONE);
    }
    /* linked to the province it lies in */
    im_place g = top(f->gz, "Pankisi Gorge", IM_PLACE_FEATURE);
    assert_int_not_equal(g.admin1, IM_PLACE_NONE);
    im_place a1;
    im_gazetteer_get(f->gz, g.admin1, &a1);
    assert_string_equal(a1.iso2, "GE");
    /* the unit word does not turn the region of Iraq into Iran's Kurdistan province */
    im_place k = top(f->gz, "Kurdistan province", IM_PLACE_ANY);
    assert_string_equal(k.iso2, "IR");
}

static void province_spelling_variants(void **state)
{
    fixture *f = *state;
    struct {
        const char *name, *code;
    } cases[] = {
        {"Sistan Baluchistan", "IR.04"}, {"Sistan-Baluchestan", "IR.04"},
        {"Khyber Pakhtoonkhwa", "PK.03"}, {"Hilmand", "AF.10"},
        {"Deir al-Zour", "SY.07"},       {"Salahuddin", "IQ.18"},
        {"Hodeidah", "YE.08"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        im_place p = top(f->gz, cases[i].name, IM_PLACE_ADMIN1);
        if (strcmp(p.code, cases[i].code) != 0)
            fail_msg("'%s' is %s, want %s", cases[i].name, p.code, cases[i].code);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(countries_have_their_own_point_and_their_capital),
        cmocka_unit_test(provinces_and_districts_have_their_own_point),
        cmocka_unit_test(cities_are_their_own_seat),
        cmocka_unit_test(every_capital_is_a_city),
        cmocka_unit_test(named_features_with_their_kind),
        cmocka_unit_test(province_spelling_variants),
    };
    return cmocka_run_group_tests_name("gazetteer_points", tests, setup, teardown);
}
