/* Shared by the fuzz targets that hand GDAL a file: GDAL kept from looking for
 * sidecar files or the network, and the input bytes made an in-memory file. */
#ifndef INCMAP_FUZZ_GDAL_H
#define INCMAP_FUZZ_GDAL_H

#include "fuzz_common.h"

#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <string.h>

static inline void fuzz_gdal_init(void)
{
    CPLSetConfigOption("GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR");
    CPLSetConfigOption("CPL_VSIL_CURL_ALLOWED_EXTENSIONS", ".none");
    CPLSetConfigOption("GDAL_HTTP_TIMEOUT", "1");
    GDALAllRegister();
}

/* `n` bytes as the /vsimem/ file `path` (GDAL owns the copy; VSIUnlink frees it). */
static inline void fuzz_vsimem_file(const char *path, const uint8_t *data, size_t n)
{
    GByte *copy = CPLMalloc(n + 1);
    memcpy(copy, data, n);
    VSILFILE *f = VSIFileFromMemBuffer(path, copy, n, TRUE);
    FUZZ_CHECK(f);
    VSIFCloseL(f);
}

#endif
