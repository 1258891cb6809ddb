/* im_lower_bound (sorted.h): the bisection every sorted look-up of the library shares. */
#include "incmap/sorted.h"

size_t im_lower_bound(const void *base, size_t n, size_t size, const void *key, im_key_cmp cmp,
                      void *user)
{
    const char *b = base;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp(key, b + mid * size, user) > 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
