/* Fuzz target: date expressions (im_dates_find, im_date_format, im_date_valid). The
 * first four bytes choose the anchor date relative expressions resolve against
 * (none, or a real date of any precision, as the extractor passes); the rest is the text. Checks that matches
 * are in order, inside the text, and real calendar dates with a sane precision. */
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
    im_date anchor = {0, 0, 0, 3};
    const im_date *ap = NULL;
    if (size >= 4) {
        if (data[0] & 1) {
            anchor.year = 1900 + (data[1] | (data[0] & 0x80) << 1);  /* 1900..2411 */
            anchor.month = data[2] % 13;
            anchor.day = data[3] % 32;
            if (!im_date_valid(anchor.year, anchor.month, anchor.day))
                anchor.day = 0;   /* anchors come from the text: always real dates */
            anchor.time_prec = 1 + data[0] % 3;
            ap = &anchor;
        }
        data += 4;
        size -= 4;
    }
    enum { MAX = 64 };
    im_date_match m[MAX];
    size_t n = im_dates_find((const char *)data, size, ap, m, MAX);
    size_t prev = 0;
    for (size_t i = 0; i < n && i < MAX; i++) {
        FUZZ_CHECK(m[i].start < m[i].end && m[i].end <= size && m[i].start >= prev);
        prev = m[i].start;
        const im_date *d = &m[i].date;
        FUZZ_CHECK(d->year > 0 && d->year < 10000);
        FUZZ_CHECK(im_date_valid(d->year, d->month, d->day));
        FUZZ_CHECK(d->day == 0 || d->month != 0);
        FUZZ_CHECK(d->time_prec >= 1 && d->time_prec <= 3);
        char buf[11];
        im_date_format(d, buf);
        FUZZ_CHECK(strlen(buf) == 4 || strlen(buf) == 7 || strlen(buf) == 10);
    }
    /* A smaller output array must give the same leading matches. */
    im_date_match few[2];
    size_t k = im_dates_find((const char *)data, size, ap, few, 2);
    FUZZ_CHECK(k == n);
    for (size_t i = 0; i < 2 && i < n && i < MAX; i++)
        FUZZ_CHECK(few[i].start == m[i].start && few[i].end == m[i].end);
    if (size >= 3)
        (void)im_date_valid((int)data[0] * 16 - 100, (int)data[1] - 100, (int)data[2] - 100);
    return 0;
}
