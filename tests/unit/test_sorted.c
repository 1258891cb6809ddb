/* Unit tests for the shared sorted-array search (src/core/sorted.c): the lower bound of
 * a key before, between, on (first of equal keys) and after the elements, on an empty
 * array, and with `user` reaching the comparison (a string pool, as the gazetteer
 * uses it); checked against a linear scan on every key of a small range. */
#include "incmap/incmap.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

static int cmp_int(const void *key, const void *elem, void *user)
{
    (void)user;
    int k = *(const int *)key, e = *(const int *)elem;
    return (k > e) - (k < e);
}

static void lower_bound_matches_a_scan(void **state)
{
    (void)state;
    const int a[] = {1, 3, 3, 3, 7, 9};
    size_t n = sizeof a / sizeof a[0];
    for (int key = -1; key <= 11; key++) {
        size_t want = 0;
        while (want < n && a[want] < key)
            want++;
        assert_int_equal(im_lower_bound(a, n, sizeof *a, &key, cmp_int, NULL), want);
    }
    int three = 3;
    assert_int_equal(im_lower_bound(a, n, sizeof *a, &three, cmp_int, NULL), 1);
    assert_int_equal(im_lower_bound(a, 0, sizeof *a, &three, cmp_int, NULL), 0);
}

/* Elements that are offsets into a pool the comparison reaches through `user`. */
static int cmp_pooled(const void *key, const void *elem, void *pool)
{
    return strcmp(key, (const char *)pool + *(const unsigned *)elem);
}

static void user_reaches_the_comparison(void **state)
{
    (void)state;
    const char pool[] = "kabul\0kandahar\0kunduz";
    const unsigned offs[] = {0, 6, 15};
    assert_int_equal(im_lower_bound(offs, 3, sizeof *offs, "kandahar", cmp_pooled, (void *)pool),
                     1);
    assert_int_equal(im_lower_bound(offs, 3, sizeof *offs, "kb", cmp_pooled, (void *)pool), 2);
    assert_int_equal(im_lower_bound(offs, 3, sizeof *offs, "z", cmp_pooled, (void *)pool), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lower_bound_matches_a_scan),
        cmocka_unit_test(user_reaches_the_comparison),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
