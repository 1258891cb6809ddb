/* The scoped CPL error handler of gdal_errors.h. It keeps messages only; callers turn
 * them into an im_status naming the file. */
#include "src/core/gdal_errors.h"

#include <cpl_error.h>
#include <stdio.h>
#include <string.h>

/* `msg` as one line without the trailing " :." GDAL leaves before a second line. */
static void keep(char *dst, size_t len, const char *msg)
{
    snprintf(dst, len, "%s", msg);
    dst[strcspn(dst, "\n")] = '\0';
    size_t n = strlen(dst);
    while (n > 0 && (dst[n - 1] == ' ' || dst[n - 1] == ':' || dst[n - 1] == '.'))
        dst[--n] = '\0';
}

static void CPL_STDCALL on_error(CPLErr level, CPLErrorNum num, const char *msg)
{
    (void)num;
    im_gdal_capture *cap = CPLGetErrorHandlerUserData();
    if (!cap)
        return;
    if (level >= CE_Failure) {
        if (!cap->msg[0])
            keep(cap->msg, sizeof cap->msg, msg);
    } else if (level == CE_Warning) {
        if (!cap->warnings++)
            keep(cap->warning, sizeof cap->warning, msg);
    }
}

void im_gdal_capture_begin(im_gdal_capture *cap)
{
    cap->msg[0] = cap->warning[0] = '\0';
    cap->warnings = 0;
    CPLPushErrorHandlerEx(on_error, cap);
}

void im_gdal_capture_end(im_gdal_capture *cap)
{
    (void)cap;
    CPLPopErrorHandler();
}
