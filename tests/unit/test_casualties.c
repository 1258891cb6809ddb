/* Fatality and injury parsing as data: tests/data/incidents/casualties.tsv. */
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

static int parse_count(const char *s)
{
    return !strcmp(s, "?") ? IM_UNKNOWN : atoi(s);
}

static void casualty_cases(void **state)
{
    (void)state;
    const char *dir = getenv("INCMAP_TEST_DATA");
    if (!dir)
        IM_SKIP("INCMAP_TEST_DATA is not set");
    char path[1024];
    snprintf(path, sizeof path, "%s/incidents/casualties.tsv", dir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[1024];
    int cases = 0, failures = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        char *sentence = strtok(line, "\t"), *k = strtok(NULL, "\t"), *w = strtok(NULL, "\t");
        assert_non_null(w);
        im_casualties c;
        im_casualties_find(sentence, strlen(sentence), &c);
        cases++;
        if (c.killed != parse_count(k) || c.injured != parse_count(w)) {
            print_error("'%s': got %d/%d, want %s/%s\n", sentence, c.killed, c.injured, k, w);
            failures++;
        }
        if (c.killed != IM_UNKNOWN || c.injured != IM_UNKNOWN)
            assert_true(c.ev_end > c.ev_start && c.ev_end <= strlen(sentence));
    }
    fclose(f);
    assert_true(cases >= 15);
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(casualty_cases),
    };
    return im_test_exit(cmocka_run_group_tests_name("casualties", tests, NULL, NULL));
}
