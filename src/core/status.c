/* Descriptions and exit codes of im_status values. Messages with detail live on the
 * context; these strings only name the kind of failure. */
#include "incmap/status.h"

const char *im_status_str(im_status status)
{
    switch (status) {
    case IM_OK: return "success";
    case IM_ERR_USAGE: return "usage error";
    case IM_ERR_USAGE_VALUE: return "invalid option value";
    case IM_ERR_INPUT: return "cannot read input";
    case IM_ERR_INPUT_ENCODING: return "cannot decode input text";
    case IM_ERR_INPUT_TOO_LARGE: return "input too large";
    case IM_ERR_DATA: return "incmap data error";
    case IM_ERR_DATA_MISSING: return "incmap data file missing";
    case IM_ERR_DATA_CORRUPT: return "incmap data file damaged";
    case IM_ERR_GDAL: return "GDAL/OGR error";
    case IM_ERR_PROJ: return "PROJ error";
    case IM_ERR_RENDER: return "rendering error";
    case IM_ERR_IO: return "cannot write output";
    case IM_ERR_IO_EXISTS: return "output exists";
    case IM_ERR_NOT_FOUND: return "not found";
    }
    return "unknown error";
}

int im_status_exit_code(im_status status)
{
    if (status == IM_OK)
        return 0;
    if (status >= IM_ERR_USAGE && status < IM_ERR_INPUT)
        return 2;
    return 1;
}
