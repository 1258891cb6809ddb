/* A zip archive in memory, read entry by entry within the reader limits (zipread.c). */
#ifndef INCMAP_ZIPREAD_H
#define INCMAP_ZIPREAD_H

#include "readers_private.h"

typedef struct rd_zip rd_zip;

/* Open `len` bytes as a zip (borrowed: they must outlive it). NULL with the reason
 * on ctx for a damaged archive or one with too many entries. */
rd_zip *rd_zip_open(im_ctx *ctx, const char *bytes, size_t len, const im_reader_limits *lim);
void rd_zip_close(rd_zip *z);
bool rd_zip_has(rd_zip *z, const char *name);
/* Inflate entry `name` into a NUL-terminated buffer the caller frees. IM_ERR_NOT_FOUND
 * (nothing recorded) when there is no such entry; IM_ERR_INPUT_TOO_LARGE past the size
 * or ratio limit; IM_ERR_INPUT when damaged. */
im_status rd_zip_read(im_ctx *ctx, rd_zip *z, const char *name, char **out, size_t *len);

#endif
