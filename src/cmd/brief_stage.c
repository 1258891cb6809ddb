/* A briefing pack is written into a staging folder beside its destination and moved
 * into place only once every file is complete, so a failure (a full disk, a map that
 * cannot be drawn) leaves no half-made pack and, with --overwrite, the previous pack
 * untouched. Moving in goes entry by entry (incmap.gpkg, maps/, summary.md, ...):
 * files of the user's own that share the folder stay where they are. */
#define _XOPEN_SOURCE 700
#include "brief.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* mkdir -p */
static bool make_dirs(const char *path)
{
    char *p = im_xstrdup(path);
    bool ok = true;
    for (char *s = p + 1; *s && ok; s++) {
        if (*s == '/') {
            *s = '\0';
            ok = mkdir(p, 0777) == 0 || errno == EEXIST;
            *s = '/';
        }
    }
    ok = ok && (mkdir(p, 0777) == 0 || errno == EEXIST);
    free(p);
    return ok;
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

char *brief_stage_create(const char *dir)
{
    char *base = trimmed(dir);
    char *slash = strrchr(base, '/');
    if (slash && slash != base) {
        *slash = '\0';
        bool ok = make_dirs(base);
        *slash = '/';
        if (!ok) {
            free(base);
            return NULL;
        }
    }
    char *stage = im_xasprintf("%s.tmp-XXXXXX", base);
    free(base);
    if (!mkdtemp(stage)) {
        free(stage);
        return NULL;
    }
    chmod(stage, 0777 & ~(mode_t)umask(umask(0))); /* mkdtemp makes it 0700 */
    return stage;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

void brief_stage_discard(const char *stage)
{
    if (stage)
        nftw(stage, remove_one, 16, FTW_DEPTH | FTW_PHYS);
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
    char *target = trimmed(dir);
    bool ok = true;
    if (!exists(target)) {
        ok = rename(stage, target) == 0;
        free(target);
        return ok;
    }
    /* the entries being replaced go aside first, and away only once all are in */
    char *old = im_xasprintf("%s.old-XXXXXX", target);
    if (!mkdtemp(old)) {
        free(old);
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
