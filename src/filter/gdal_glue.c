/* The transformation of a layer's CRS to WGS 84 lon/lat, for the filter. (GDAL's
 * errors are captured by src/core/gdal_errors.c.) */
#include "filter_private.h"


OGRCoordinateTransformationH im_to_wgs84(OGRSpatialReferenceH srs)
{
    if (!srs)
        return NULL;
    OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(wgs, 4326);
    OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReferenceH src = OSRClone(srs);
    OSRSetAxisMappingStrategy(src, OAMS_TRADITIONAL_GIS_ORDER);
    OGRCoordinateTransformationH ct = NULL;
    if (!OSRIsSame(src, wgs))
        ct = OCTNewCoordinateTransformation(src, wgs);
    OSRDestroySpatialReference(src);
    OSRDestroySpatialReference(wgs);
    return ct;
}
