/* Searching sorted arrays, the one way the library does it: bsearch(3) for an exact
 * key, and im_lower_bound for the first element not less than a key (prefix
 * look-ups, "the interval holding x"), which bsearch cannot answer. Both take the
 * comparison as a function, so no caller writes its own bisection loop.
 */
#ifndef INCMAP_SORTED_H
#define INCMAP_SORTED_H

#include <stddef.h>

/* Compare `key` with the element `elem`: < 0 when the key sorts before it, 0 when
 * equal, > 0 after. `user` is passed through (e.g. the string pool of the array). */
typedef int (*im_key_cmp)(const void *key, const void *elem, void *user);

/* The index of the first of the `n` elements of `size` bytes at `base` (sorted by
 * `cmp`) that does not sort before `key`; `n` when every element does. */
size_t im_lower_bound(const void *base, size_t n, size_t size, const void *key, im_key_cmp cmp,
                      void *user);

#endif
