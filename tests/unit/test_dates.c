/* Date expressions as data: tests/data/incidents/dates.tsv lists sentences, an anchor
 * and the dates (value/precision) expected, in order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "im_test.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incmap/incidents.h"

static im_date parse_iso(const char *s)
{
    im_date d = {0, 0, 0, 3};
    if (*s)
        sscanf(s, "%d-%d-%d", &d.year, &d.month, &d.day);
    if (d.day)
        d.time_prec = 1;
    return d;
}

static void date_cases(void **state)
{
    (void)state;
    const char *dir = getenv("INCMAP_TEST_DATA");
    if (!dir)
        IM_SKIP("INCMAP_TEST_DATA is not set");
    char path[1024];
    snprintf(path, sizeof path, "%s/incidents/dates.tsv", dir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[1024];
    int cases = 0, failures = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        char *sentence = strtok(line, "\t");
        char *rest = sentence + strlen(sentence) + 1;
        char *tab = strchr(rest, '\t');
        assert_non_null(tab);
        *tab = '\0';
        char *anchor_s = rest, *want = tab + 1;
        im_date anchor = parse_iso(anchor_s);
        im_date_match m[8];
        size_t n = im_dates_find(sentence, strlen(sentence), &anchor, m, 8);
        char got[256] = "";
        for (size_t i = 0; i < n && i < 8; i++) {
            char buf[11];
            im_date_format(&m[i].date, buf);
            size_t l = strlen(got);
            snprintf(got + l, sizeof got - l, "%s%s/%d", i ? " " : "", buf, m[i].date.time_prec);
        }
        if (!n)
            strcpy(got, "-");
        cases++;
        if (strcmp(got, want) != 0) {
            print_error("'%s' (anchor '%s'): got '%s', want '%s'\n", sentence, anchor_s, got, want);
            failures++;
        }
    }
    fclose(f);
    assert_true(cases >= 20);
    assert_int_equal(failures, 0);
}

static void calendar(void **state)
{
    (void)state;
    assert_true(im_date_valid(2024, 2, 29));
    assert_false(im_date_valid(2023, 2, 29));
    assert_false(im_date_valid(2023, 2, 30));
    assert_false(im_date_valid(2023, 4, 31));
    assert_true(im_date_valid(2023, 0, 0));
    assert_false(im_date_valid(2023, 0, 5));
    assert_false(im_date_valid(2023, 13, 1));
    im_date d = {2021, 8, 0, 3};
    char buf[11];
    im_date_format(&d, buf);
    assert_string_equal(buf, "2021-08");
    d.year = 0;
    im_date_format(&d, buf);
    assert_string_equal(buf, "");
}

static void numbers(void **state)
{
    (void)state;
    struct {
        const char *w;
        long v;
        bool vague;
    } cases[] = {{"23", 23, false},        {"twenty-three", 23, false}, {"Two", 2, false},
                 {"dozens", 12, true},     {"dozen", 12, false},        {"hundreds", 100, true},
                 {"several", 10, true},    {"1,200", 1200, false},      {"ninety", 90, false},
                 {"apple", -1, false},     {"", -1, false},             {"thousands", -1, false},
                 {"twenty-ten", -1, false}, {"ten-three", -1, false}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bool vague = false;
        assert_int_equal(im_number_word(cases[i].w, strlen(cases[i].w), &vague), cases[i].v);
        if (cases[i].v >= 0)
            assert_int_equal(vague, cases[i].vague);
    }
}

static void day_numbers(void **state)
{
    (void)state;
    assert_int_equal(im_date_to_days(1970, 1, 1), 0);
    assert_int_equal(im_date_to_days(2024, 3, 1) - im_date_to_days(2024, 2, 28), 2);
    im_date d = im_date_from_days(im_date_to_days(2023, 12, 31) + 1, 1);
    assert_int_equal(d.year, 2024);
    assert_int_equal(d.month, 1);
    assert_int_equal(d.day, 1);
    assert_int_equal(d.time_prec, 1);
}

/* Against the report's own date, a year-less date is the latest one not after it;
 * against a date of the text it takes that date's year. */
static void report_anchor(void **state)
{
    (void)state;
    im_date report = {2024, 3, 15, 1};
    im_date_match m[4];
    const char *s = "In July, 12 soldiers were killed.";
    assert_int_equal(im_dates_find_at(s, strlen(s), &report, true, m, 4), 1);
    assert_int_equal(m[0].date.year, 2023);
    assert_int_equal(m[0].date.month, 7);
    assert_int_equal(m[0].date.day, 0);
    assert_int_equal(m[0].date.time_prec, 3);
    assert_int_equal(im_dates_find_at(s, strlen(s), &report, false, m, 4), 1);
    assert_int_equal(m[0].date.year, 2024);
    const char *t = "On March 3 a bomb went off.";
    assert_int_equal(im_dates_find_at(t, strlen(t), &report, true, m, 4), 1);
    assert_int_equal(m[0].date.year, 2024);
    assert_int_equal(m[0].date.day, 3);
    const char *u = "On March 30 a bomb went off.";
    assert_int_equal(im_dates_find_at(u, strlen(u), &report, true, m, 4), 1);
    assert_int_equal(m[0].date.year, 2023);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(date_cases),
        cmocka_unit_test(calendar),
        cmocka_unit_test(numbers),
        cmocka_unit_test(report_anchor),
        cmocka_unit_test(day_numbers),
    };
    return im_test_exit(cmocka_run_group_tests_name("dates", tests, NULL, NULL));
}
