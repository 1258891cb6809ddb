/* Shared by the fuzz targets: the libFuzzer entry points (declared here so the
 * targets build warning-free with -Wmissing-prototypes), a check macro that aborts
 * with a message, and the one gazetteer every target that geoparses opens once.
 *
 * The same target sources build two ways: as libFuzzer programs (fuzz/meson.build,
 * clang, -Dfuzz=true) and as plain replay programs with fuzz/replay_main.c
 * (tests/regress/), which is how kept crash inputs run in every build. */
#ifndef INCMAP_FUZZ_COMMON_H
#define INCMAP_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "incmap/ctx.h"
#include "incmap/gazetteer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* An invariant the code under test promises; a violation is a finding. */
#define FUZZ_CHECK(cond)                                                              \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                  \
        }                                                                             \
    } while (0)

/* The process-wide context and gazetteer, opened on first use from $INCMAP_DATA or
 * else the build tree's geodata/ (IM_FUZZ_DATA_DIR). Aborts when the data is missing:
 * a target that silently skipped the geoparser would fuzz nothing. */
static inline im_ctx *fuzz_ctx(void)
{
    static im_ctx *ctx;
    if (!ctx)
        ctx = im_ctx_create(NULL);
    return ctx;
}

static inline const im_gazetteer *fuzz_gazetteer(void)
{
    static const im_gazetteer *gz;
    if (gz)
        return gz;
    im_ctx *ctx = fuzz_ctx();
    const char *dir = getenv("INCMAP_DATA");
#ifdef IM_FUZZ_DATA_DIR
    if (!dir || !*dir)
        dir = IM_FUZZ_DATA_DIR;
#endif
    if (dir && *dir)
        im_ctx_set_data_dir(ctx, dir);
    gz = im_ctx_get_gazetteer(ctx);
    if (!gz) {
        fprintf(stderr, "fuzz: no gazetteer: %s\n", im_ctx_last_error(ctx));
        abort();
    }
    return gz;
}

#endif
