/* What the filter writes besides features: the output driver for a format alias or
 * file name (layer_write.h's format table), temporary names beside the target (core's
 * outfile.h) and their publication (every sidecar of
 * a shapefile), and the --count tallies. */
#include "incmap/filter.h"
#include "incmap/alloc.h"
#include "incmap/layer_write.h"
#include "incmap/outfile.h"
#include "filter_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* The formats are layer_write.h's one table; "-" is GeoJSON only. */
const char *im_output_driver(const char *format, const char *path)
{
    im_layer_format fmt;
    if (path && !strcmp(path, "-") && format && !im_layer_format_lookup(format, NULL, &fmt))
        return NULL;
    if (!im_layer_format_lookup(format, path, &fmt))
        return NULL;
    if (path && !strcmp(path, "-") && fmt != IM_FORMAT_GEOJSON)
        return NULL;
    return im_layer_format_driver(fmt);
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

/* A Shapefile is published and discarded with its sidecars. */
static const char *const shp_sidecars[] = {".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix",
                                           NULL};

/* Move a finished temporary output into place (all sidecars for a shapefile). */
bool publish(const char *tmp, const char *path, bool shapefile)
{
    return im_out_publish(tmp, path, shapefile ? shp_sidecars : NULL);
}

void discard(const char *tmp, bool shapefile)
{
    im_out_discard(tmp, shapefile ? shp_sidecars : NULL);
}

bool exists(const char *path, bool shapefile)
{
    struct stat st;
    if (stat(path, &st) == 0)
        return true;
    (void)shapefile;
    return false;
}
