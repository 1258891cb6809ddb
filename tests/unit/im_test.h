/* Honest skips for the cmocka unit tests. cmocka's skip() marks a case skipped but the
 * program still exits 0, which meson counts as a pass. IM_SKIP(reason) records the skip
 * and says why on stderr; main returns im_test_exit(failed), which is 77 (meson: SKIP)
 * when nothing failed and at least one case was skipped. Include after <cmocka.h>. */
#ifndef INCMAP_TEST_IM_TEST_H
#define INCMAP_TEST_IM_TEST_H

#include <stdio.h>

static int im_test_skipped;

#define IM_SKIP(reason)                                                       \
    do {                                                                      \
        im_test_skipped++;                                                    \
        fprintf(stderr, "SKIP %s: %s\n", __func__, (reason));                 \
        skip();                                                               \
    } while (0)

/* The exit status of a test program: cmocka's failure count, else 77 after a skip. */
static inline int im_test_exit(int failed)
{
    return failed ? failed : im_test_skipped ? 77 : 0;
}

#endif
