/* What the filter writes besides features: the output driver for a format alias or
 * file name, temporary names beside the target and their publication (every sidecar of
 * a shapefile), and the --count tallies. */
#include "incmap/filter.h"
#include "incmap/alloc.h"
#include "filter_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct alias {
    const char *name, *driver, *ext;
} aliases[] = {
    {"gpkg", "GPKG", ".gpkg"},          {"geopackage", "GPKG", NULL},
    {"geojson", "GeoJSON", ".geojson"}, {"json", "GeoJSON", ".json"},
    {"shp", "ESRI Shapefile", ".shp"},  {"shapefile", "ESRI Shapefile", NULL},
    {"kml", "KML", ".kml"},             {"csv", "CSV", ".csv"},
    {"fgb", "FlatGeobuf", ".fgb"},      {"flatgeobuf", "FlatGeobuf", NULL},
    {"geojsonseq", "GeoJSONSeq", ".geojsonl"},
};

const char *im_output_driver(const char *format, const char *path)
{
    if (path && !strncmp(path, "PG:", 3))
        return "PostgreSQL";
    if (path && !strcmp(path, "-"))
        return format && strcasecmp(format, "geojson") ? NULL : "GeoJSON";
    if (format) {
        if (!strncmp(format, "PG", 2) || !strcasecmp(format, "postgis"))
            return "PostgreSQL";
        for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
            if (!strcasecmp(format, aliases[i].name) || !strcasecmp(format, aliases[i].driver))
                return aliases[i].driver;
        return NULL;
    }
    const char *dot = path ? strrchr(path, '.') : NULL;
    for (size_t i = 0; dot && i < sizeof aliases / sizeof aliases[0]; i++)
        if (aliases[i].ext && !strcasecmp(dot, aliases[i].ext))
            return aliases[i].driver;
    return NULL;
}

void count_key(tallies *t, const char *key)
{
    for (size_t i = 0; i < t->n; i++) {
        if (!strcmp(t->items[i].key, key)) {
            t->items[i].n++;
            return;
        }
    }
    t->items = im_xgrow(t->items, &t->cap, t->n + 1, sizeof *t->items);
    snprintf(t->items[t->n].key, sizeof t->items[t->n].key, "%s", key);
    t->items[t->n++].n = 1;
}

static int by_count(const void *a, const void *b)
{
    const tally *x = a, *y = b;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return strcmp(x->key, y->key);
}

void print_tally(FILE *out, const char *what, tallies *t)
{
    if (t->n > 1)
        qsort(t->items, t->n, sizeof *t->items, by_count);
    for (size_t i = 0; i < t->n; i++)
        fprintf(out, "%s\t%s\t%zu\n", what, t->items[i].key, t->items[i].n);
    free(t->items);
}

/* "dir/x.gpkg" → "dir/x.tmp-123.gpkg" */
char *temp_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(path, '.');
    if (!dot || (slash && dot < slash))
        return im_xasprintf("%s.tmp-%ld", path, (long)getpid());
    return im_xasprintf("%.*s.tmp-%ld%s", (int)(dot - path), path, (long)getpid(), dot);
}

static const char *const shp_sidecars[] = {".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix",
                                           NULL};

/* Move a finished temporary output into place (all sidecars for a shapefile). */
bool publish(const char *tmp, const char *path, bool shapefile)
{
    if (!shapefile)
        return rename(tmp, path) == 0;
    size_t tl = strlen(tmp) - 4, pl = strlen(path) - 4;
    bool ok = true;
    for (const char *const *s = shp_sidecars; *s; s++) {
        char *a = im_xasprintf("%.*s%s", (int)tl, tmp, *s);
        char *b = im_xasprintf("%.*s%s", (int)pl, path, *s);
        if (access(a, F_OK) == 0 && rename(a, b) != 0)
            ok = false;
        free(a);
        free(b);
    }
    return ok;
}

void discard(const char *tmp, bool shapefile)
{
    if (!shapefile) {
        unlink(tmp);
        return;
    }
    size_t tl = strlen(tmp) - 4;
    for (const char *const *s = shp_sidecars; *s; s++) {
        char *a = im_xasprintf("%.*s%s", (int)tl, tmp, *s);
        unlink(a);
        free(a);
    }
}

bool exists(const char *path, bool shapefile)
{
    struct stat st;
    if (stat(path, &st) == 0)
        return true;
    (void)shapefile;
    return false;
}
