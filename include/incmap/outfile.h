/* Writing outputs safely, the one policy every writer follows: a file is written under
 * a temporary name beside its target and renamed into place only once complete, so a
 * failure never leaves a half-written output under the real name; a folder of several
 * outputs is staged in a temporary folder beside it. Files are created 0666 and folders
 * 0777, both less the process umask (nothing here widens a mode the user restricted).
 *
 * This header does not decide when an existing output may be replaced (the callers
 * check --overwrite before they write), nor what goes into the files.
 */
#ifndef INCMAP_OUTFILE_H
#define INCMAP_OUTFILE_H

#include "incmap/ctx.h"

#include <stdbool.h>
#include <stdio.h>

/* A temporary name beside `path`, unique in this process and among processes
 * ("dir/stem.tmp-PID-N.ext"): the extension is kept so that writers which go by it
 * (GDAL drivers, cairo surfaces) still recognise the file. The caller frees. */
char *im_out_temp_name(const char *path);

/* Move the finished temporary `tmp` onto `path`. With `sidecars` (a NULL-terminated
 * list of extensions such as ".shx", ".dbf", each replacing the last 4 characters of
 * both names), every sidecar that exists beside `tmp` moves too. false with errno set when a
 * rename fails. */
bool im_out_publish(const char *tmp, const char *path, const char *const *sidecars);

/* Remove a temporary and, with `sidecars`, its sidecars (nothing if they are absent). */
void im_out_discard(const char *tmp, const char *const *sidecars);

/* A file written through a temporary: im_outfile_open returns the stream (NULL with
 * IM_ERR_IO on ctx when it cannot be created); im_outfile_close closes it and renames
 * it onto `path` when `ok` and every write succeeded, otherwise removes the temporary
 * and fails with IM_ERR_IO. Messages name `shown` (NULL: `path`). */
typedef struct im_outfile {
    FILE *f;
    char *tmp;
    char *path;
    char *shown;
} im_outfile;
FILE *im_outfile_open(im_ctx *ctx, im_outfile *out, const char *path, const char *shown);
im_status im_outfile_close(im_ctx *ctx, im_outfile *out, bool ok);

/* Write `len` bytes of `data` to `path` through a temporary (the two calls above);
 * messages name `shown` (NULL: `path`). */
im_status im_out_write_file(im_ctx *ctx, const char *path, const char *shown,
                            const void *data, size_t len);

/* mkdir -p: `path` and its missing parents, mode 0777 less the umask. false with errno
 * set on failure; an existing folder is success. */
bool im_out_make_dirs(const char *path);

/* A new folder "`prefix`XXXXXX" (six random characters), mode 0777 less the umask
 * (mkdtemp(3) would make it 0700 and, when it becomes the output, leave it so). Returns
 * the path (caller frees) or NULL with errno set. */
char *im_out_make_temp_dir(const char *prefix);

/* Remove `path` and everything below it (symbolic links are removed, not followed).
 * Nothing happens when `path` is NULL or absent. */
void im_out_remove_tree(const char *path);

#endif
