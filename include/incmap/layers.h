/* Reading incident layers with GDAL/OGR.
 *
 * Any OGR point layer — GeoPackage, GeoJSON, Shapefile, FlatGeobuf, KML, or a CSV/TSV
 * with longitude/latitude columns — becomes an im_incident_set. ACLED's field names
 * (event_type, sub_event_type, fatalities, event_date, location, geo_precision,
 * country, admin1, …) and incmap's own (DESIGN.md `incidents` layer) are used when
 * present; other layers still give points, with a name taken from the first of
 * location / name / place fields. Coordinates are returned as WGS 84 lon/lat
 * (traditional GIS order) whatever the layer's CRS.
 *
 * This module only reads: writing layers and styles belongs to the layers issue.
 * GDAL's global error handler is never replaced; a scoped CPL handler feeds the ctx.
 */
#ifndef INCMAP_LAYERS_H
#define INCMAP_LAYERS_H

#include <stddef.h>
#include "incmap/ctx.h"
#include "incmap/model.h"

typedef struct im_read_opts {
    const char *layer;        /* layer name, or NULL for the first layer */
    const char *x_field;      /* CSV longitude column, or NULL to guess (lon, longitude, x) */
    const char *y_field;      /* CSV latitude column, or NULL to guess (lat, latitude, y) */
    size_t max_features;      /* stop after this many (0: no limit) */
} im_read_opts;

#define IM_READ_OPTS_INIT {NULL, NULL, NULL, 0}

/* Append every point feature of the dataset at `path` to `out` (which the caller
 * owns and may already hold records). Features without a point geometry are
 * skipped (multipoints give their first point). Returns IM_OK, IM_ERR_INPUT when the
 * file cannot be opened or has no such layer, IM_ERR_GDAL when OGR fails while
 * reading, IM_ERR_PROJ when the layer's CRS cannot be turned into WGS 84; the
 * message on `ctx` names the file. `opts` may be NULL for defaults. */
im_status im_layers_read(im_ctx *ctx, const char *path, const im_read_opts *opts,
                         im_incident_set *out);

#endif
