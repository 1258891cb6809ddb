/* The incmap context: everything a call needs that is not its direct input.
 *
 * An im_ctx owns the data directory, the lazily opened gazetteer, the log callback
 * and the last error message. There are no mutable globals: two contexts can be used
 * from two threads. A context is not itself thread-safe.
 */
#ifndef INCMAP_CTX_H
#define INCMAP_CTX_H

#include <stdarg.h>
#include "incmap/status.h"

typedef struct im_ctx im_ctx;
typedef struct im_gazetteer im_gazetteer;

typedef enum im_log_level {
    IM_LOG_ERROR = 0,
    IM_LOG_WARN = 1,
    IM_LOG_INFO = 2,
    IM_LOG_DEBUG = 3
} im_log_level;

/* Receives every log line (without trailing newline). `user` is the pointer given to
 * im_ctx_set_log. */
typedef void (*im_log_fn)(void *user, im_log_level level, const char *message);

/* Create a context. `data_dir` may be NULL: the data directory is then found by
 * im_data_find_dir (INCMAP_DATA, the build tree beside `argv0`, the install prefix).
 * Returns a context the caller owns (free with im_ctx_destroy). Never NULL. */
im_ctx *im_ctx_create(const char *argv0);
void im_ctx_destroy(im_ctx *ctx);

/* Set where log lines go and the most verbose level delivered. Default: none. */
void im_ctx_set_log(im_ctx *ctx, im_log_fn fn, void *user, im_log_level max_level);
void im_log(im_ctx *ctx, im_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Record a failure: keeps the message as the context's last error and returns
 * `status`, so callers can write `return im_ctx_fail(ctx, IM_ERR_INPUT, "...")`. */
im_status im_ctx_fail(im_ctx *ctx, im_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
im_status im_ctx_failv(im_ctx *ctx, im_status status, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* The last recorded error message ("" if none). Borrowed: valid until the next call
 * that records an error. */
const char *im_ctx_last_error(const im_ctx *ctx);
void im_ctx_clear_error(im_ctx *ctx);

/* The data directory this context uses, resolved on first call. On failure returns
 * NULL and records the reason. Borrowed. */
const char *im_ctx_data_dir(im_ctx *ctx);
/* Force a data directory (takes a copy). */
void im_ctx_set_data_dir(im_ctx *ctx, const char *dir);

/* Full path of a data file in the data directory, checked for existence. Returns a
 * new string (caller frees) or NULL with the context's error naming the missing
 * file. */
char *im_ctx_data_path(im_ctx *ctx, const char *name);

/* The gazetteer, opened on first use from the data directory. Borrowed: owned by the
 * context. NULL on failure, with the reason recorded. */
const im_gazetteer *im_ctx_get_gazetteer(im_ctx *ctx);

/* Caches other modules keep with the context (the map basemap read once for every
 * map drawn with it), one per kind. im_ctx_cache returns NULL when none is set;
 * im_ctx_set_cache stores `data`, which the context frees with `destroy` when it is
 * replaced or the context is destroyed. */
typedef enum im_ctx_cache_kind {
    IM_CACHE_BASEMAP,
    IM_CACHE_REFERENCE_CITIES,
    IM_CACHE_KINDS
} im_ctx_cache_kind;
void *im_ctx_cache(const im_ctx *ctx, im_ctx_cache_kind kind);
void im_ctx_set_cache(im_ctx *ctx, im_ctx_cache_kind kind, void *data, void (*destroy)(void *));

#endif
