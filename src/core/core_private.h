/* Helpers shared by the core files and nothing else. */
#ifndef INCMAP_CORE_PRIVATE_H
#define INCMAP_CORE_PRIVATE_H

#include "incmap/ctx.h"
#include <stdbool.h>

/* Find the data directory: $INCMAP_DATA, then `geodata/` beside the running program
 * (the build tree), then the install prefix's data directory. `*out` receives a new
 * string. Fails with IM_ERR_DATA_MISSING naming every place it looked. */
im_status im_data_find_dir(im_ctx *ctx, const char *argv0, char **out);
bool im_data_file_exists(const char *path);

#endif
