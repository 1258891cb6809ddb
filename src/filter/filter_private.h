/* Helpers the filter's files share: GDAL error capture and CRS conversion. */
#ifndef INCMAP_FILTER_PRIVATE_H
#define INCMAP_FILTER_PRIVATE_H

#include <ogr_srs_api.h>

typedef struct im_gdal_capture {
    char msg[512];
} im_gdal_capture;

/* Route GDAL errors into `cap` (first failure kept) until im_gdal_capture_end. */
void im_gdal_capture_begin(im_gdal_capture *cap);
void im_gdal_capture_end(im_gdal_capture *cap);

/* A transformation from `srs` to WGS 84 lon/lat, or NULL when `srs` is NULL or already
 * geographic WGS 84. */
OGRCoordinateTransformationH im_to_wgs84(OGRSpatialReferenceH srs);

#endif
