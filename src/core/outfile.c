/* The write-beside-then-rename policy of outfile.h, for every writer of the library and
 * the program: temporary names beside the target, publishing (with a Shapefile's
 * sidecars), text files through a temporary, folders made with the umask respected, and
 * removal of a staging tree. It opens no GDAL dataset and draws nothing; the writers
 * hand their temporary names to GDAL or cairo themselves. */
#define _XOPEN_SOURCE 700
#include "incmap/outfile.h"
#include "incmap/alloc.h"

#include <errno.h>
#include <ftw.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static atomic_uint serial;

char *im_out_temp_name(const char *path)
{
    unsigned n = atomic_fetch_add(&serial, 1);
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash + 1 : path, '.');
    if (!dot || dot == (slash ? slash + 1 : path))
        return im_xasprintf("%s.tmp-%ld-%u", path, (long)getpid(), n);
    return im_xasprintf("%.*s.tmp-%ld-%u%s", (int)(dot - path), path, (long)getpid(), n, dot);
}

/* `name` with its last 4 characters (".shp") replaced by `ext`. */
static char *sidecar(const char *name, const char *ext)
{
    size_t n = strlen(name);
    return im_xasprintf("%.*s%s", (int)(n > 4 ? n - 4 : n), name, ext);
}

bool im_out_publish(const char *tmp, const char *path, const char *const *sidecars)
{
    if (rename(tmp, path) != 0)
        return false;
    bool ok = true;
    int saved = 0;
    for (const char *const *s = sidecars; s && *s; s++) {
        char *a = sidecar(tmp, *s), *b = sidecar(path, *s);
        if (strcmp(a, tmp) && access(a, F_OK) == 0 && rename(a, b) != 0) {
            saved = saved ? saved : errno;
            ok = false;
        }
        free(a);
        free(b);
    }
    if (!ok)
        errno = saved;
    return ok;
}

void im_out_discard(const char *tmp, const char *const *sidecars)
{
    if (!tmp)
        return;
    unlink(tmp);
    for (const char *const *s = sidecars; s && *s; s++) {
        char *a = sidecar(tmp, *s);
        unlink(a);
        free(a);
    }
}

FILE *im_outfile_open(im_ctx *ctx, im_outfile *out, const char *path, const char *shown)
{
    out->path = im_xstrdup(path);
    out->shown = im_xstrdup(shown ? shown : path);
    out->tmp = im_out_temp_name(path);
    out->f = fopen(out->tmp, "wb");   /* 0666 less the umask */
    if (!out->f) {
        im_ctx_fail(ctx, IM_ERR_IO, "cannot create '%s': %s", out->shown, strerror(errno));
        free(out->tmp);
        free(out->path);
        free(out->shown);
        *out = (im_outfile){0};
    }
    return out->f;
}

im_status im_outfile_close(im_ctx *ctx, im_outfile *out, bool ok)
{
    if (!out->f)
        return IM_ERR_IO;
    /* errno tells the last failure: a write that filled the disk, or the close */
    ok = !ferror(out->f) && ok;
    ok = fclose(out->f) == 0 && ok;
    ok = ok && im_out_publish(out->tmp, out->path, NULL);
    im_status st = IM_OK;
    if (!ok) {
        st = im_ctx_fail(ctx, IM_ERR_IO, "cannot write '%s': %s", out->shown,
                         errno ? strerror(errno) : "write failed");
        unlink(out->tmp);
    }
    free(out->tmp);
    free(out->path);
    free(out->shown);
    *out = (im_outfile){0};
    return st;
}

im_status im_out_write_file(im_ctx *ctx, const char *path, const char *shown,
                            const void *data, size_t len)
{
    im_outfile o;
    if (!im_outfile_open(ctx, &o, path, shown))
        return IM_ERR_IO;
    return im_outfile_close(ctx, &o, fwrite(data, 1, len, o.f) == len);
}

bool im_out_make_dirs(const char *path)
{
    char *p = im_xstrdup(path);
    bool ok = true;
    for (char *s = p + 1; *s && ok; s++) {
        if (*s == '/' && s[-1] != '/') {
            *s = '\0';
            ok = mkdir(p, 0777) == 0 || errno == EEXIST;
            *s = '/';
        }
    }
    ok = ok && (mkdir(p, 0777) == 0 || errno == EEXIST);
    free(p);
    return ok;
}

char *im_out_make_temp_dir(const char *prefix)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t x = (uint64_t)ts.tv_nsec * 0x9E3779B97F4A7C15u ^ (uint64_t)ts.tv_sec ^
                 (uint64_t)getpid() << 32 ^ atomic_fetch_add(&serial, 1);
    for (int attempt = 0; attempt < 100; attempt++) {
        char suffix[7];
        for (int i = 0; i < 6; i++) {
            x ^= x << 13;   /* xorshift64: only uniqueness matters, not secrecy */
            x ^= x >> 7;
            x ^= x << 17;
            suffix[i] = alphabet[x % (sizeof alphabet - 1)];
        }
        suffix[6] = '\0';
        char *path = im_xasprintf("%s%s", prefix, suffix);
        if (mkdir(path, 0777) == 0)   /* 0777 less the umask, unlike mkdtemp's 0700 */
            return path;
        int err = errno;
        free(path);
        if (err != EEXIST) {
            errno = err;
            return NULL;
        }
    }
    errno = EEXIST;
    return NULL;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

void im_out_remove_tree(const char *path)
{
    if (path)
        nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}
