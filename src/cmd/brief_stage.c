/* A briefing pack is written into a staging folder beside its destination and moved
 * into place only once every file is complete, so a failure (a full disk, a map that
 * cannot be drawn) leaves no half-made pack and, with --overwrite, the previous pack
 * untouched. Moving in goes entry by entry (incmap.gpkg, maps/, summary.md, ...):
 * files of the user's own that share the folder stay where they are. A staging folder
 * holds the pid of its run (.incmap-owner), so a later run can tell one abandoned by a
 * killed run from one still being written, and removes only the former. */
#include "brief.h"
#include "incmap/outfile.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The top-level entries a pack may hold. */
static const char *const pack_entries[] = {"incmap.gpkg", "incmap.qgs", "geojson", "shp",
                                           "kml",         "csv",        "maps",    "summary.md",
                                           "index.html", NULL};

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* `dir` without trailing slashes (a copy). */
static char *trimmed(const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    return im_xstrndup(dir, n);
}

bool brief_stage_has_pack(const char *dir)
{
    char *p = im_xasprintf("%s/summary.md", dir);
    bool yes = exists(p);
    free(p);
    return yes;
}

char *brief_stage_conflict(const char *dir)
{
    if (brief_stage_has_pack(dir))
        return NULL;
    for (size_t i = 0; pack_entries[i]; i++) {
        char *p = im_xasprintf("%s/%s", dir, pack_entries[i]);
        if (exists(p))
            return p;
        free(p);
    }
    return NULL;
}

/* The file in a staging folder that names the process staging into it. */
#define OWNER_FILE ".incmap-owner"

/* Is the staging folder `path` left by a run that is gone? Its owner process no longer
 * exists, or it has no owner file (a run killed between making the folder and writing
 * the file) and is more than a minute old. */
static bool stage_is_stale(const char *path)
{
    char *owner = im_xasprintf("%s/" OWNER_FILE, path);
    FILE *f = fopen(owner, "r");
    free(owner);
    long pid = 0;
    if (f) {
        bool read = fscanf(f, "%ld", &pid) == 1;
        fclose(f);
        if (read && pid > 0)
            return (pid_t)pid != getpid() && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
    }
    struct stat st;
    return lstat(path, &st) == 0 && time(NULL) - st.st_mtime > 60;
}

size_t brief_stage_remove_stale(const char *dir, char ***removed, size_t *n_removed)
{
    char *base = trimmed(dir);
    char *slash = strrchr(base, '/');
    char *parent = slash ? im_xstrndup(base, (size_t)(slash - base) + (slash == base))
                         : im_xstrdup(".");
    const char *name = slash ? slash + 1 : base;
    size_t n = strlen(name), count = 0;
    DIR *d = opendir(parent);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        /* NAME.tmp-XXXXXX, as brief_stage_create makes them */
        if (strncmp(e->d_name, name, n) || strncmp(e->d_name + n, ".tmp-", 5) ||
            strlen(e->d_name + n + 5) != 6)
            continue;
        char *path = slash ? im_xasprintf("%s/%s", parent, e->d_name) : im_xstrdup(e->d_name);
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && stage_is_stale(path)) {
            im_out_remove_tree(path);
            if (removed) {
                *removed = im_xreallocarray(*removed, *n_removed + 1, sizeof **removed);
                (*removed)[(*n_removed)++] = path;
                path = NULL;
            }
            count++;
        }
        free(path);
    }
    if (d)
        closedir(d);
    free(parent);
    free(base);
    return count;
}

char *brief_stage_create(const char *dir)
{
    char *base = trimmed(dir);
    char *slash = strrchr(base, '/');
    if (slash && slash != base) {
        *slash = '\0';
        bool ok = im_out_make_dirs(base);
        *slash = '/';
        if (!ok) {
            free(base);
            return NULL;
        }
    }
    char *prefix = im_xasprintf("%s.tmp-", base);
    char *stage = im_out_make_temp_dir(prefix);   /* 0777 less the umask: it may become the pack */
    free(prefix);
    free(base);
    if (stage) {
        /* the owner's pid tells a later run whether this stage was abandoned */
        char *owner = im_xasprintf("%s/" OWNER_FILE, stage);
        FILE *f = fopen(owner, "w");
        bool ok = f && fprintf(f, "%ld\n", (long)getpid()) > 0;
        ok = f && fclose(f) == 0 && ok;
        free(owner);
        if (!ok) {
            int saved = errno;
            im_out_remove_tree(stage);
            free(stage);
            errno = saved;
            return NULL;
        }
    }
    return stage;
}

void brief_stage_discard(const char *stage)
{
    im_out_remove_tree(stage);
}

/* Move entry `name` from folder `a` to folder `b` when it is there; false on failure. */
static bool move_entry(const char *a, const char *b, const char *name)
{
    char *from = im_xasprintf("%s/%s", a, name), *to = im_xasprintf("%s/%s", b, name);
    bool ok = !exists(from) || rename(from, to) == 0;
    free(from);
    free(to);
    return ok;
}

bool brief_stage_install(const char *stage, const char *dir)
{
    char *owner = im_xasprintf("%s/" OWNER_FILE, stage);
    unlink(owner);   /* not part of the pack */
    free(owner);
    char *target = trimmed(dir);
    bool ok = true;
    if (!exists(target)) {
        ok = rename(stage, target) == 0;
        free(target);
        return ok;
    }
    /* the entries being replaced go aside first, and away only once all are in */
    char *prefix = im_xasprintf("%s.old-", target);
    char *old = im_out_make_temp_dir(prefix);
    free(prefix);
    if (!old) {
        free(target);
        return false;
    }
    size_t moved = 0;
    for (; pack_entries[moved] && ok; moved++) {
        ok = move_entry(target, old, pack_entries[moved]);
        if (ok && !move_entry(stage, target, pack_entries[moved])) {
            move_entry(old, target, pack_entries[moved]);   /* put the old one back */
            ok = false;
        }
    }
    int saved = errno;
    if (!ok) {
        /* undo: the new entries back to the stage, the old ones back in place */
        for (size_t i = moved - 1; i-- > 0;) {
            move_entry(target, stage, pack_entries[i]);
            move_entry(old, target, pack_entries[i]);
        }
    }
    brief_stage_discard(old);
    if (ok)
        rmdir(stage);
    free(old);
    free(target);
    errno = saved;
    return ok;
}
