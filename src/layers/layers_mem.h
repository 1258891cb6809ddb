/* The incidents as an OGR layer in memory, for library parts that read layers through
 * OGR (the filter) and are handed incidents instead of a file: the same schema as the
 * written `incidents` layer (write_schema.c), in GDAL's Memory driver. Library-internal:
 * not part of include/incmap/. */
#ifndef INCMAP_LAYERS_MEM_H
#define INCMAP_LAYERS_MEM_H

#include <gdal.h>

#include "incmap/ctx.h"
#include "incmap/model.h"

/* A new Memory dataset holding one layer, `incidents`, with every record of `set`
 * (WGS 84 lon/lat points; records without coordinates have no geometry). The caller
 * closes *out with GDALClose. IM_ERR_GDAL when GDAL refuses. */
im_status im_layers_memory(im_ctx *ctx, const im_incident_set *set, GDALDatasetH *out);

#endif
