/* Fuzz target: numbers and casualty counts (im_number_word, im_casualties_find).
 * Checks that counts are IM_UNKNOWN or non-negative and that the evidence phrase
 * lies inside the sentence. The whole input is also tried as one number word, and
 * each space-separated word of it. */
#include "fuzz_common.h"
#include "incmap/incidents.h"

#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    bool vague = false;
    long v = im_number_word(s, size, &vague);
    FUZZ_CHECK(v >= -1);
    FUZZ_CHECK(im_number_word(s, size, NULL) == v);
    for (size_t i = 0; i < size;) {
        size_t j = i;
        while (j < size && s[j] != ' ')
            j++;
        FUZZ_CHECK(im_number_word(s + i, j - i, &vague) >= -1);
        i = j + 1;
    }
    im_casualties c;
    memset(&c, 0x5A, sizeof c);
    im_casualties_find(s, size, &c);
    FUZZ_CHECK(c.killed >= IM_UNKNOWN && c.injured >= IM_UNKNOWN);
    if (c.killed != IM_UNKNOWN || c.injured != IM_UNKNOWN)
        FUZZ_CHECK(c.ev_start <= c.ev_end && c.ev_end <= size);
    return 0;
}
