/* Fuzz target: reading foreign incident layers (im_layers_read) from GeoJSON and CSV,
 * as far as our code is involved: GDAL parses, we map fields, dates, numbers and
 * coordinates into incidents. The first byte picks the format; the rest becomes an
 * in-memory file (/vsimem/). Only our code is instrumented, so coverage measures
 * src/layers/read.c and what it calls. Checks: either an error with a message naming
 * the file, or records whose counts are known or IM_UNKNOWN. */
#include "fuzz_gdal.h"
#include "incmap/layers.h"
#include "incmap/model.h"

#include <cpl_vsi.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* Keep GDAL from looking for sidecar files and from network access. */
    fuzz_gdal_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 65536)
        return 0;
    static const char *const names[] = {"/vsimem/fuzz.geojson", "/vsimem/fuzz.csv",
                                        "/vsimem/fuzz.tsv", "/vsimem/fuzz.json"};
    const char *path = names[data[0] % 4];
    fuzz_vsimem_file(path, data + 1, size - 1);
    im_ctx *ctx = fuzz_ctx();
    im_ctx_clear_error(ctx);
    im_incident_set set = {0};
    im_read_opts ro = IM_READ_OPTS_INIT;
    ro.max_features = 1000;
    im_status st = im_layers_read(ctx, path, &ro, &set);
    if (st != IM_OK) {
        FUZZ_CHECK(strstr(im_ctx_last_error(ctx), "fuzz.") != NULL);
    } else {
        for (size_t i = 0; i < set.n; i++)
            FUZZ_CHECK(set.items[i].fatalities >= IM_UNKNOWN);
    }
    im_incident_set_clear(&set);
    VSIUnlink(path);
    return 0;
}
