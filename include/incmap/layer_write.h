/* Writing the incidents, places and links layers with GDAL/OGR.
 *
 * GeoJSON (RFC 7946, one file per layer, EPSG:4326 lon/lat, fixed precision) is what
 * `incmap extract` writes; the layers issue extends the same entry point to the other
 * formats. Output is atomic: each file is written under a temporary name beside its
 * target and renamed when complete, an existing target is replaced only with
 * `overwrite`, and on failure nothing is left behind. "-" writes the incidents layer
 * as GeoJSON to standard output.
 */
#ifndef INCMAP_LAYER_WRITE_H
#define INCMAP_LAYER_WRITE_H

#include <stdbool.h>

#include "incmap/ctx.h"
#include "incmap/incidents.h"
#include "incmap/model.h"

typedef struct im_write_opts {
    const char *format;       /* "geojson", or NULL to infer from the output name */
    bool overwrite;           /* replace existing outputs */
} im_write_opts;

#define IM_WRITE_OPTS_INIT {NULL, false}

/* Write the three layers to `out`: a folder (incidents.geojson, places.geojson,
 * links.geojson inside, created if its parent exists), a NAME.geojson (incidents there,
 * NAME_places.geojson and NAME_links.geojson beside it), or "-" (incidents to stdout).
 * `places` and `links` may be NULL. */
im_status im_write_layers(im_ctx *ctx, const char *out, const im_write_opts *opts,
                          const im_incident_set *incidents, const im_place_rows *places,
                          const im_link_set *links);

#endif
