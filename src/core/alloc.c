/* The allocation wrappers of alloc.h: every failure aborts with a message on stderr.
 * This is the only place in incmap that calls malloc and friends directly. */
#include "incmap/alloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(size_t size)
{
    fprintf(stderr, "incmap: out of memory (allocating %zu bytes)\n", size);
    abort();
}

void *im_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        out_of_memory(size);
    return p;
}

void *im_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        out_of_memory(count * size);
    return p;
}

void *im_xreallocarray(void *ptr, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        out_of_memory(SIZE_MAX);
    size_t total = count * size;
    void *p = realloc(ptr, total ? total : 1);
    if (!p)
        out_of_memory(total);
    return p;
}

char *im_xstrdup(const char *s)
{
    return im_xstrndup(s, strlen(s));
}

char *im_xstrndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *p = im_xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *im_xasprintf(const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        va_end(ap2);
        return im_xstrdup("");
    }
    char *p = im_xmalloc((size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return p;
}

void *im_xgrow(void *array, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return array;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            out_of_memory(SIZE_MAX);
        ncap *= 2;
    }
    array = im_xreallocarray(array, ncap, size);
    *cap = ncap;
    return array;
}
