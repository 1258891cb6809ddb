/* Status codes shared by every fallible incmap function.
 *
 * Codes are grouped in ranges by what failed (usage, input, data, GDAL, PROJ, render,
 * I/O) so a caller can map a range to an exit code without knowing each code. The
 * human-readable detail of a failure lives on the context (im_ctx_last_error), not here.
 */
#ifndef INCMAP_STATUS_H
#define INCMAP_STATUS_H

typedef enum im_status {
    IM_OK = 0,

    IM_ERR_USAGE = 100,        /* a command-line option or argument is wrong */
    IM_ERR_USAGE_VALUE,        /* an option's value does not parse or is out of range */

    IM_ERR_INPUT = 200,        /* an input file cannot be read or is not what it claims */
    IM_ERR_INPUT_ENCODING,     /* text input cannot be decoded */
    IM_ERR_INPUT_TOO_LARGE,    /* input exceeds a documented limit */

    IM_ERR_DATA = 300,         /* incmap's own data (geodata/) is missing or damaged */
    IM_ERR_DATA_MISSING,
    IM_ERR_DATA_CORRUPT,

    IM_ERR_GDAL = 400,         /* GDAL/OGR refused an operation */
    IM_ERR_PROJ = 500,         /* PROJ could not build or run a transformation */
    IM_ERR_RENDER = 600,       /* cairo or Pango failed while drawing */

    IM_ERR_IO = 700,           /* writing output failed */
    IM_ERR_IO_EXISTS,          /* the output exists and --overwrite was not given */
    IM_ERR_NOT_FOUND = 800     /* a look-up found nothing (not an error for every caller) */
} im_status;

/* A short constant description of a status ("usage error", "cannot read input", ...).
 * Never NULL; unknown values give "unknown error". */
const char *im_status_str(im_status status);

/* 2 for usage errors, 1 for every other failure, 0 for IM_OK: the exit codes of
 * DESIGN.md. */
int im_status_exit_code(im_status status);

#endif
