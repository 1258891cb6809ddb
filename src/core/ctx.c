/* The context object: error messages, logging, data directory and the gazetteer it
 * opens lazily. Everything a call needs beyond its input hangs here, so the library
 * has no mutable globals. */
#include "incmap/ctx.h"
#include "incmap/alloc.h"
#include "incmap/gazetteer.h"
#include "core_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct im_ctx {
    char *argv0;
    char *data_dir;
    char error[1024];
    im_log_fn log_fn;
    void *log_user;
    im_log_level log_max;
    im_gazetteer *gazetteer;
    int gazetteer_failed;
    struct {
        void *data;
        void (*destroy)(void *);
    } caches[IM_CACHE_KINDS];
};

im_ctx *im_ctx_create(const char *argv0)
{
    im_ctx *ctx = im_xcalloc(1, sizeof *ctx);
    ctx->argv0 = argv0 ? im_xstrdup(argv0) : NULL;
    ctx->log_max = IM_LOG_WARN;
    return ctx;
}

void im_ctx_destroy(im_ctx *ctx)
{
    if (!ctx)
        return;
    im_gazetteer_close(ctx->gazetteer);
    for (int k = 0; k < IM_CACHE_KINDS; k++)
        im_ctx_set_cache(ctx, (im_ctx_cache_kind)k, NULL, NULL);
    free(ctx->argv0);
    free(ctx->data_dir);
    free(ctx);
}

void *im_ctx_cache(const im_ctx *ctx, im_ctx_cache_kind kind)
{
    return ctx->caches[kind].data;
}

void im_ctx_set_cache(im_ctx *ctx, im_ctx_cache_kind kind, void *data, void (*destroy)(void *))
{
    if (ctx->caches[kind].data && ctx->caches[kind].destroy)
        ctx->caches[kind].destroy(ctx->caches[kind].data);
    ctx->caches[kind].data = data;
    ctx->caches[kind].destroy = destroy;
}

void im_ctx_set_log(im_ctx *ctx, im_log_fn fn, void *user, im_log_level max_level)
{
    ctx->log_fn = fn;
    ctx->log_user = user;
    ctx->log_max = max_level;
}

void im_log(im_ctx *ctx, im_log_level level, const char *fmt, ...)
{
    if (!ctx || !ctx->log_fn || level > ctx->log_max)
        return;
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    ctx->log_fn(ctx->log_user, level, buf);
}

im_status im_ctx_failv(im_ctx *ctx, im_status status, const char *fmt, va_list ap)
{
    if (ctx)
        vsnprintf(ctx->error, sizeof ctx->error, fmt, ap);
    return status;
}

im_status im_ctx_fail(im_ctx *ctx, im_status status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    im_ctx_failv(ctx, status, fmt, ap);
    va_end(ap);
    return status;
}

const char *im_ctx_last_error(const im_ctx *ctx)
{
    return ctx ? ctx->error : "";
}

void im_ctx_clear_error(im_ctx *ctx)
{
    ctx->error[0] = '\0';
}

const char *im_ctx_data_dir(im_ctx *ctx)
{
    if (!ctx->data_dir) {
        char *dir = NULL;
        if (im_data_find_dir(ctx, ctx->argv0, &dir) != IM_OK)
            return NULL;
        ctx->data_dir = dir;
    }
    return ctx->data_dir;
}

void im_ctx_set_data_dir(im_ctx *ctx, const char *dir)
{
    free(ctx->data_dir);
    ctx->data_dir = dir ? im_xstrdup(dir) : NULL;
}

char *im_ctx_data_path(im_ctx *ctx, const char *name)
{
    const char *dir = im_ctx_data_dir(ctx);
    if (!dir)
        return NULL;
    char *path = im_xasprintf("%s/%s", dir, name);
    if (!im_data_file_exists(path)) {
        im_ctx_fail(ctx, IM_ERR_DATA_MISSING,
                    "data file '%s' is missing (data directory '%s'; set INCMAP_DATA "
                    "to the folder holding incmap's geodata)", path, dir);
        free(path);
        return NULL;
    }
    return path;
}

const im_gazetteer *im_ctx_get_gazetteer(im_ctx *ctx)
{
    if (ctx->gazetteer || ctx->gazetteer_failed)
        return ctx->gazetteer;
    char *path = im_ctx_data_path(ctx, IM_GAZETTEER_FILE);
    if (!path || im_gazetteer_open(ctx, path, &ctx->gazetteer) != IM_OK)
        ctx->gazetteer_failed = 1;
    free(path);
    return ctx->gazetteer;
}
