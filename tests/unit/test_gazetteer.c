/* The compiled gazetteer: opening, folding and variants, ranking, kinds, unit words,
 * demonyms, giving mapped pages back without losing anything, and rejection of
 * damaged files. Runs against the build's real data
 * (INCMAP_DATA), so these are facts about the shipped gazetteer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "im_test.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

/* The best candidate for `name` (with the given kind/country). */
static im_place top(const im_gazetteer *gz, const char *name, im_place_kind kind,
                    const char *iso2)
{
    im_lookup_opts o = IM_LOOKUP_OPTS_INIT;
    o.kind = kind;
    o.iso2 = iso2;
    im_candidate c[4];
    size_t n = im_gazetteer_lookup(gz, name, strlen(name), &o, c, 4);
    if (n == 0)
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

static void opens_fast(void **state)
{
    (void)state;
    im_ctx *ctx = im_ctx_create(NULL);
    char *path = im_ctx_data_path(ctx, IM_GAZETTEER_FILE);
    assert_non_null(path);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    im_gazetteer *gz = NULL;
    assert_int_equal(im_gazetteer_open(ctx, path, &gz), IM_OK);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
    /* The issue asks for well under 10 ms; mapping parses nothing. Generous bound so
     * a loaded CI machine does not flake. */
    assert_true(ms < 10.0);
    assert_true(im_gazetteer_count(gz) > 150000);
    im_gazetteer_close(gz);
    free(path);
    im_ctx_destroy(ctx);
}

static void folding_and_spellings(void **state)
{
    fixture *f = *state;
    const char *mazar[] = {"Mazar-i-Sharif", "Mazar-e-Sharif", "Mazar i Sharif",
                           "Mazār-e Sharīf", "MAZAR-E SHARIF"};
    for (size_t i = 0; i < 5; i++) {
        im_place p = top(f->gz, mazar[i], IM_PLACE_CITY, NULL);
        assert_int_equal(p.geonameid, 1133616);
    }
    assert_int_equal(top(f->gz, "Kabul", IM_PLACE_ANY, NULL).geonameid, 1138958);
    assert_int_equal(top(f->gz, "Dushanbe", IM_PLACE_ANY, NULL).geonameid, 1221874);
    assert_int_equal(top(f->gz, "Shiraz", IM_PLACE_ANY, NULL).geonameid, 115019);
    assert_int_equal(top(f->gz, "Termez", IM_PLACE_ANY, NULL).geonameid, 1215957);
    assert_int_equal(top(f->gz, "Khodjent", IM_PLACE_ANY, NULL).geonameid, 1514879);
}

static void transliteration_variants(void **state)
{
    fixture *f = *state;
    struct {
        const char *name;
        im_place_kind kind;
        const char *code;
    } cases[] = {
        {"Qunduz", IM_PLACE_ADMIN1, "AF.24"},    {"Kunduz", IM_PLACE_ADMIN1, "AF.24"},
        {"Jawzjan", IM_PLACE_ADMIN1, "AF.31"},   {"Jowzjan", IM_PLACE_ADMIN1, "AF.31"},
        {"Zabol", IM_PLACE_ADMIN1, "AF.28"},     {"Zabul", IM_PLACE_ADMIN1, "AF.28"},
        {"Panjsher", IM_PLACE_ADMIN1, "AF.42"},  {"Panjshir", IM_PLACE_ADMIN1, "AF.42"},
        {"Hirat", IM_PLACE_ADMIN1, "AF.11"},     {"Ningarhar", IM_PLACE_ADMIN1, "AF.18"},
        {"Nangarhar", IM_PLACE_ADMIN1, "AF.18"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        im_place p = top(f->gz, cases[i].name, cases[i].kind, "AF");
        if (strcmp(p.code, cases[i].code) != 0)
            fail_msg("'%s' → %s (%s), want %s", cases[i].name, p.name, p.code, cases[i].code);
    }
    assert_int_equal(top(f->gz, "Tirmiz", IM_PLACE_CITY, NULL).geonameid, 1215957);
}

static void ranking_prefers_capitals_and_population(void **state)
{
    fixture *f = *state;
    im_place p = top(f->gz, "Washington", IM_PLACE_ANY, NULL);
    assert_int_equal(p.geonameid, 4140963);
    p = top(f->gz, "Jalalabad", IM_PLACE_ANY, NULL);
    assert_int_equal(p.geonameid, 1139715);
    p = top(f->gz, "Mashhad", IM_PLACE_ANY, NULL);
    assert_int_equal(p.geonameid, 124665);
    p = top(f->gz, "Istanbul", IM_PLACE_ANY, NULL);
    assert_int_equal(p.geonameid, 745044);
    /* a country outranks towns named after it */
    p = top(f->gz, "Mexico", IM_PLACE_ANY, NULL);
    assert_int_equal(p.kind, IM_PLACE_COUNTRY);
    assert_string_equal(p.iso2, "MX");
    p = top(f->gz, "Turkey", IM_PLACE_ANY, NULL);
    assert_string_equal(p.iso2, "TR");
}

static void countries_and_short_forms(void **state)
{
    fixture *f = *state;
    const char *us[] = {"United States", "U.S.", "USA", "United States of America"};
    for (size_t i = 0; i < 4; i++) {
        im_place p = top(f->gz, us[i], IM_PLACE_COUNTRY, NULL);
        assert_string_equal(p.iso2, "US");
        assert_true(km(p.seat_lat, p.seat_lon, 38.89511, -77.03637) < 25.0);
    }
    assert_string_equal(top(f->gz, "Britain", IM_PLACE_COUNTRY, NULL).iso2, "GB");
    assert_string_equal(top(f->gz, "the Netherlands", IM_PLACE_COUNTRY, NULL).iso2, "NL");
    assert_int_equal(im_gazetteer_country(f->gz, "tj"), top(f->gz, "Tajikistan",
                                                             IM_PLACE_ANY, NULL).id);
    assert_int_equal(im_gazetteer_country(f->gz, "XX"), IM_PLACE_NONE);
}

static void unit_words_select_the_kind(void **state)
{
    fixture *f = *state;
    im_place p = top(f->gz, "Kabul province", IM_PLACE_ANY, NULL);
    assert_int_equal(p.kind, IM_PLACE_ADMIN1);
    assert_string_equal(p.code, "AF.13");
    p = top(f->gz, "Kunduz city", IM_PLACE_ANY, NULL);
    assert_int_equal(p.kind, IM_PLACE_CITY);
    assert_int_equal(p.geonameid, 1135689);
    p = top(f->gz, "Achin district", IM_PLACE_ANY, NULL);
    assert_int_equal(p.kind, IM_PLACE_ADMIN2);
    assert_string_equal(p.code, "AF.18.810");
    p = top(f->gz, "Mexico City", IM_PLACE_ANY, NULL);
    assert_int_equal(p.geonameid, 3530597);
    p = top(f->gz, "Zabol province", IM_PLACE_ANY, NULL);
    assert_string_equal(p.code, "AF.28");
}

static void kinds_and_links(void **state)
{
    fixture *f = *state;
    im_place p = top(f->gz, "Jalalabad", IM_PLACE_CITY, "AF");
    assert_int_not_equal(p.admin1, IM_PLACE_NONE);
    im_place a1;
    im_gazetteer_get(f->gz, p.admin1, &a1);
    assert_string_equal(a1.code, "AF.18");
    assert_int_equal(a1.kind, IM_PLACE_ADMIN1);
    im_place c;
    im_gazetteer_get(f->gz, p.country, &c);
    assert_string_equal(c.iso2, "AF");
    assert_int_equal(c.kind, IM_PLACE_COUNTRY);
}

static void demonyms(void **state)
{
    fixture *f = *state;
    struct {
        const char *word;
        const char *iso2;
        const char *admin1;
    } cases[] = {
        {"Tajik", "TJ", NULL},  {"Uzbek", "UZ", NULL},   {"Afghan", "AF", NULL},
        {"Uzbeks", "UZ", NULL}, {"Turkmen", "TM", NULL}, {"Kyrgyz", "KG", NULL},
        {"Uyghur", "CN", "CN.13"}, {"Chechen", "RU", "RU.12"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char iso2[3];
        uint32_t a1 = 0;
        if (!im_gazetteer_demonym(f->gz, cases[i].word, strlen(cases[i].word), iso2, &a1,
                                  NULL))
            fail_msg("'%s' is not a known demonym", cases[i].word);
        assert_string_equal(iso2, cases[i].iso2);
        if (cases[i].admin1) {
            assert_int_not_equal(a1, IM_PLACE_NONE);
            im_place p;
            im_gazetteer_get(f->gz, a1, &p);
            assert_string_equal(p.code, cases[i].admin1);
        }
    }
    char iso2[3];
    assert_false(im_gazetteer_demonym(f->gz, "Kabul", 5, iso2, NULL, NULL));
}

/* Resident kilobytes of this process's mapping of incmap.gaz. */
static long gaz_resident_kb(void)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    if (!f)
        return -1;
    char line[512];
    bool in_gaz = false;
    long kb = 0;
    while (fgets(line, sizeof line, f)) {
        unsigned long a, b;
        if (sscanf(line, "%lx-%lx ", &a, &b) == 2)
            in_gaz = strstr(line, "incmap.gaz") != NULL;
        else if (in_gaz && !strncmp(line, "Rss:", 4))
            kb += atol(line + 4);
    }
    fclose(f);
    return kb;
}

/* Giving the pages back leaves every look-up and every borrowed name as it was. */
static void pages_given_back(void **state)
{
    fixture *f = *state;
    im_place before = top(f->gz, "Mashhad", IM_PLACE_ANY, NULL);
    long kb = gaz_resident_kb();
    if (kb < 0)
        IM_SKIP("resident memory cannot be read (/proc/self/statm)");
    assert_true(kb > 0);
    im_gazetteer_release_pages(f->gz);
    assert_true(gaz_resident_kb() < kb);
    assert_string_equal(before.name, "Mashhad");   /* a borrowed name reads back */
    im_place after = top(f->gz, "Mashhad", IM_PLACE_ANY, NULL);
    assert_int_equal(after.geonameid, before.geonameid);
    assert_int_equal(top(f->gz, "Jalalabad", IM_PLACE_ANY, NULL).geonameid, 1139715);
    im_gazetteer_release_pages(NULL);   /* nothing open: nothing to do */
}

static void rejects_damaged_files(void **state)
{
    (void)state;
    im_ctx *ctx = im_ctx_create(NULL);
    char path[] = "/tmp/incmap-gaz-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char junk[] = "this is not a gazetteer, just text long enough to read a header "
                        "from it, and then some more bytes to be sure of that";
    assert_int_equal(write(fd, junk, sizeof junk), (ssize_t)sizeof junk);
    close(fd);
    im_gazetteer *gz = NULL;
    assert_int_equal(im_gazetteer_open(ctx, path, &gz), IM_ERR_DATA_CORRUPT);
    assert_null(gz);
    assert_non_null(strstr(im_ctx_last_error(ctx), path));
    unlink(path);
    assert_int_equal(im_gazetteer_open(ctx, path, &gz), IM_ERR_DATA_MISSING);
    im_ctx_destroy(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(opens_fast),
        cmocka_unit_test(rejects_damaged_files),
        cmocka_unit_test(folding_and_spellings),
        cmocka_unit_test(transliteration_variants),
        cmocka_unit_test(ranking_prefers_capitals_and_population),
        cmocka_unit_test(countries_and_short_forms),
        cmocka_unit_test(unit_words_select_the_kind),
        cmocka_unit_test(kinds_and_links),
        cmocka_unit_test(demonyms),
        cmocka_unit_test(pages_given_back),
    };
    return im_test_exit(cmocka_run_group_tests_name("gazetteer", tests, setup, teardown));
}
