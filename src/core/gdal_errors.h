/* GDAL's error model, adapted in one place for every part of the library that calls
 * GDAL/OGR (layers, filter, the basemap): a CPL error handler pushed for the span of
 * one operation keeps the first failure as one line (GDAL's SQL errors add the
 * expression and a caret on further lines) and counts warnings, keeping the first. The
 * caller decides what a failure means and names the file; nothing here prints.
 * Library-internal: not part of include/incmap/. */
#ifndef INCMAP_CORE_GDAL_ERRORS_H
#define INCMAP_CORE_GDAL_ERRORS_H

#include <stddef.h>

typedef struct im_gdal_capture {
    char msg[512];        /* the first failure (CE_Failure or worse), "" when none */
    char warning[512];    /* the first warning, "" when none */
    size_t warnings;      /* how many warnings */
} im_gdal_capture;

/* Route GDAL errors on this thread into `cap` (cleared) until im_gdal_capture_end.
 * Captures nest: the innermost gets the errors. */
void im_gdal_capture_begin(im_gdal_capture *cap);
void im_gdal_capture_end(im_gdal_capture *cap);

#endif
