/* Reading one entry of a zip archive held in memory (libzip), within limits: the
 * number of entries, the entry's size and its expansion ratio are bounded before and
 * while it is inflated, so a zip bomb costs at most one limit's worth of work. It
 * does not unpack nested archives: a DOCX never holds one.
 */
#include "zipread.h"

#include "incmap/alloc.h"

#include <stdlib.h>
#include <string.h>
#include <zip.h>

struct rd_zip {
    zip_t *za;
    im_reader_limits limits;
};

rd_zip *rd_zip_open(im_ctx *ctx, const char *bytes, size_t len, const im_reader_limits *lim)
{
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_buffer_create(bytes, len, 0, &err);
    zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err) : NULL;
    if (!za) {
        im_ctx_fail(ctx, IM_ERR_INPUT, "a damaged zip archive (%s)", zip_error_strerror(&err));
        zip_source_free(src);
        zip_error_fini(&err);
        return NULL;
    }
    zip_error_fini(&err);
    zip_int64_t n = zip_get_num_entries(za, 0);
    if (n < 0 || (size_t)n > lim->max_entries) {
        im_ctx_fail(ctx, IM_ERR_INPUT_TOO_LARGE, "a zip archive of %lld entries, more than %zu",
                    (long long)n, lim->max_entries);
        zip_discard(za);
        return NULL;
    }
    rd_zip *z = im_xmalloc(sizeof *z);
    z->za = za;
    z->limits = *lim;
    return z;
}

void rd_zip_close(rd_zip *z)
{
    if (!z)
        return;
    zip_discard(z->za);
    free(z);
}

bool rd_zip_has(rd_zip *z, const char *name)
{
    return zip_name_locate(z->za, name, 0) >= 0;
}

im_status rd_zip_read(im_ctx *ctx, rd_zip *z, const char *name, char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(z->za, name, 0, &st) != 0)
        return IM_ERR_NOT_FOUND;
    size_t limit = z->limits.max_entry;
    double ratio_cap = z->limits.max_ratio;
    size_t comp = (st.valid & ZIP_STAT_COMP_SIZE) ? (size_t)st.comp_size : 0;
    if ((st.valid & ZIP_STAT_SIZE) && st.size > limit)
        return im_ctx_fail(ctx, IM_ERR_INPUT_TOO_LARGE,
                           "zip entry '%s' expands to %llu bytes, more than %zu", name,
                           (unsigned long long)st.size, limit);
    /* the declared sizes may lie: the ratio is checked again on the bytes inflated */
    size_t ratio_limit = comp && (double)comp * ratio_cap < (double)limit
                             ? (size_t)((double)comp * ratio_cap) : limit;
    if (ratio_limit < 4096)
        ratio_limit = 4096;
    zip_file_t *f = zip_fopen(z->za, name, 0);
    if (!f)
        return im_ctx_fail(ctx, IM_ERR_INPUT, "zip entry '%s' cannot be read (%s)", name,
                           zip_strerror(z->za));
    size_t cap = 1 << 16, n = 0;
    char *buf = im_xmalloc(cap + 1);
    im_status rc = IM_OK;
    for (;;) {
        if (n == cap)
            buf = im_xreallocarray(buf, (cap *= 2) + 1, 1);
        zip_int64_t got = zip_fread(f, buf + n, cap - n);
        if (got < 0) {
            rc = im_ctx_fail(ctx, IM_ERR_INPUT, "zip entry '%s' is damaged (%s)", name,
                             zip_file_strerror(f));
            break;
        }
        if (got == 0)
            break;
        n += (size_t)got;
        if (n > ratio_limit) {
            rc = n > limit ? im_ctx_fail(ctx, IM_ERR_INPUT_TOO_LARGE,
                                         "zip entry '%s' expands past %zu bytes", name, limit)
                           : im_ctx_fail(ctx, IM_ERR_INPUT_TOO_LARGE,
                                         "zip entry '%s' expands more than %.0f times "
                                         "(a zip bomb?)", name, ratio_cap);
            break;
        }
    }
    zip_fclose(f);
    if (rc != IM_OK) {
        free(buf);
        return rc;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return IM_OK;
}
