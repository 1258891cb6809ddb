/* GDAL adaptation for the filter: a scoped CPL error handler that keeps the first
 * failure message, and the transformation of a layer's CRS to WGS 84 lon/lat. */
#include "filter_private.h"

#include <cpl_error.h>
#include <stdio.h>
#include <string.h>

static void CPL_STDCALL keep_error(CPLErr level, CPLErrorNum num, const char *msg)
{
    (void)num;
    im_gdal_capture *cap = CPLGetErrorHandlerUserData();
    if (cap && level >= CE_Failure && !cap->msg[0]) {
        /* one line: GDAL's SQL errors add the expression and a caret below */
        snprintf(cap->msg, sizeof cap->msg, "%s", msg);
        cap->msg[strcspn(cap->msg, "\n")] = '\0';
        size_t n = strlen(cap->msg);
        while (n > 0 && (cap->msg[n - 1] == ' ' || cap->msg[n - 1] == ':' ||
                         cap->msg[n - 1] == '.'))
            cap->msg[--n] = '\0';
    }
}

void im_gdal_capture_begin(im_gdal_capture *cap)
{
    cap->msg[0] = '\0';
    CPLPushErrorHandlerEx(keep_error, cap);
}

void im_gdal_capture_end(im_gdal_capture *cap)
{
    (void)cap;
    CPLPopErrorHandler();
}

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
