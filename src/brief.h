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

/* Write summary.md at `path` (atomically). */
im_status brief_write_summary(im_ctx *ctx, const brief_pack *pack, const char *path);

typedef struct brief_map_opts {
    const char *paper;                /* "A4", "A3", "letter", "WxHmm" */
    bool landscape;
    double dpi;
    const char *banner;
    const char *const *regions;       /* NULL: automatic */
    size_t n_regions;
    bool overwrite;
} brief_map_opts;

/* Draw the overview and one map per region with incidents, PNG and PDF, into `dir`;
 * records each file in pack->files. */
im_status brief_write_maps(im_ctx *ctx, const char *dir, const brief_map_opts *opts,
                           brief_pack *pack);

#endif
