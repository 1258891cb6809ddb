/* Where incmap's data lives. The same binary must work from the build tree (data in
 * build/geodata/), from the install prefix (share/incmap/) and from anywhere when
 * INCMAP_DATA points at a data folder. A folder counts as a data folder when it holds
 * the compiled gazetteer; anything else missing is reported by name when needed. */
#include "core_private.h"
#include "incmap/alloc.h"
#include "incmap/gazetteer.h"
#include "im_config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool im_data_file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_data_dir(const char *dir)
{
    char *path = im_xasprintf("%s/%s", dir, IM_GAZETTEER_FILE);
    bool ok = im_data_file_exists(path);
    free(path);
    return ok;
}

/* Directory of the running executable, from /proc (Linux) or argv[0]. */
static char *exe_dir(const char *argv0)
{
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) {
        if (!argv0 || !strchr(argv0, '/') || !realpath(argv0, buf))
            return NULL;
    } else {
        buf[n] = '\0';
    }
    char *slash = strrchr(buf, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    return im_xstrdup(buf);
}

im_status im_data_find_dir(im_ctx *ctx, const char *argv0, char **out)
{
    const char *env = getenv("INCMAP_DATA");
    if (env && *env) {
        if (!is_data_dir(env))
            return im_ctx_fail(ctx, IM_ERR_DATA_MISSING,
                               "INCMAP_DATA='%s' does not hold %s", env, IM_GAZETTEER_FILE);
        *out = im_xstrdup(env);
        return IM_OK;
    }
    char *dir = exe_dir(argv0);
    if (dir) {
        char *cand = im_xasprintf("%s/geodata", dir);
        free(dir);
        if (is_data_dir(cand)) {
            *out = cand;
            return IM_OK;
        }
        free(cand);
    }
    if (is_data_dir(IM_INSTALL_DATADIR)) {
        *out = im_xstrdup(IM_INSTALL_DATADIR);
        return IM_OK;
    }
    return im_ctx_fail(ctx, IM_ERR_DATA_MISSING,
                       "cannot find incmap's data: %s is neither in $INCMAP_DATA, in "
                       "geodata/ beside the program, nor in %s",
                       IM_GAZETTEER_FILE, IM_INSTALL_DATADIR);
}
