/* The pieces of `incmap brief` (program side: they write the pack's files). */
#ifndef INCMAP_BRIEF_H
#define INCMAP_BRIEF_H

#include "commands.h"
#include "incmap/incidents.h"

typedef struct brief_pack {
    const char *name;                 /* pack name, e.g. the report's file stem */
    const char *source;               /* the report path(s) */
    const im_incident_set *incidents;
    const im_place_rows *places;
    const im_link_set *links;
    char **unresolved;                /* "surface (paragraph N)" */
    size_t n_unresolved;
    char **warnings;
    size_t n_warnings;
    char **files;                     /* paths relative to the pack folder */
    size_t n_files;
} brief_pack;

/* Append a copy of `s` to a string list. */
void brief_list_add(char ***list, size_t *n, const char *s);
void brief_list_free(char **list, size_t n);

/* brief_stage.c: a pack is written beside its folder, then moved in. */
/* Does `dir` hold a pack (a summary.md)? */
bool brief_stage_has_pack(const char *dir);
/* When `dir` holds no pack but something of the user's carries the name of a pack
 * entry (maps, summary.md, ...), that path (the caller frees); else NULL. */
char *brief_stage_conflict(const char *dir);
/* Make a staging folder beside `dir` (and `dir`'s parents); NULL with errno set on
 * failure. The caller frees the path. */
char *brief_stage_create(const char *dir);
/* Remove the staging folders beside `dir` (`dir`.tmp-XXXXXX) that a killed run left:
 * their run is gone (or, without an owner, they are over a minute old). Returns how
 * many; with `removed`, appends their paths to the list. */
size_t brief_stage_remove_stale(const char *dir, char ***removed, size_t *n_removed);
/* Move the staged pack into `dir`, replacing the entries of a previous pack; false
 * with errno set on failure. */
bool brief_stage_install(const char *stage, const char *dir);
/* Remove a staging folder and everything in it. */
void brief_stage_discard(const char *stage);

/* brief_signals.c: while `stage` is set, SIGINT and SIGTERM remove that staging folder
 * before the process ends by the signal (the handler uses async-signal-safe calls
 * only; worker processes forked meanwhile just end). NULL stops guarding. The path is
 * copied; one stage at a time. */
void brief_stage_guard(const char *stage);

/* Write summary.md at `path` (atomically). */
im_status brief_write_summary(im_ctx *ctx, const brief_pack *pack, const char *path);

typedef struct brief_map_opts {
    const char *paper;                /* "A4", "A3", "letter", "WxHmm" */
    bool landscape;
    double dpi;
    const char *banner;
    const char *const *regions;       /* NULL: automatic; names (any region, country or
                                         province) or polygon files */
    size_t n_regions;
    bool overwrite;
    int jobs;                         /* maps drawn at once, in worker processes */
    bool progress;                    /* a line on stderr as each map is done */
} brief_map_opts;

/* Draw the overview and one map per region with incidents, PNG and PDF, into
 * `dir`/maps, several at once when opts->jobs > 1. brief_maps_start plans the maps
 * and starts the workers, which draw while the caller does other work (all it passes
 * must stay as it is until the end); brief_maps_finish draws what is left in the
 * caller and waits for the rest; brief_maps_cancel stops after the maps being drawn. */
typedef struct brief_maps brief_maps;
brief_maps *brief_maps_start(im_ctx *ctx, const char *dir, const brief_map_opts *opts,
                             const brief_pack *pack);
im_status brief_maps_finish(brief_maps *maps);
void brief_maps_cancel(brief_maps *maps);

/* Is a --regions entry a polygon file (a path, or a vector file's extension) rather
 * than a region name? */
bool brief_is_region_file(const char *text);

#endif
