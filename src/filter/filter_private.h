/* Helpers the filter's files share: CRS conversion (GDAL errors: src/core/gdal_errors.h). */
#ifndef INCMAP_FILTER_PRIVATE_H
#define INCMAP_FILTER_PRIVATE_H

#include <ogr_srs_api.h>

#include "src/core/gdal_errors.h"

/* A transformation from `srs` to WGS 84 lon/lat, or NULL when `srs` is NULL or already
 * geographic WGS 84. */
OGRCoordinateTransformationH im_to_wgs84(OGRSpatialReferenceH srs);

#endif
