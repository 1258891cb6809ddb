/* Memory allocation policy: allocation failure aborts the process.
 *
 * incmap's inputs are bounded reports and layers on machines with gigabytes of memory;
 * propagating ENOMEM through every parser would double the code for no practical gain.
 * Every allocation in the project goes through these wrappers so the policy is in one
 * place. They never return NULL (except im_xmalloc(0) style sizes, which return a
 * unique non-NULL pointer as malloc(1) would).
 */
#ifndef INCMAP_ALLOC_H
#define INCMAP_ALLOC_H

#include <stddef.h>

void *im_xmalloc(size_t size);
void *im_xcalloc(size_t count, size_t size);
/* Reallocate `ptr` to `count * size` bytes, aborting on overflow or failure. */
void *im_xreallocarray(void *ptr, size_t count, size_t size);
char *im_xstrdup(const char *s);
char *im_xstrndup(const char *s, size_t n);
/* printf into a newly allocated string. */
char *im_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow a dynamic array so that it can hold at least `need` elements of `size` bytes.
 * `*cap` is updated; returns the (possibly moved) array. */
void *im_xgrow(void *array, size_t *cap, size_t need, size_t size);

#endif
