/* The filter object as criteria.c fills it and run.c reads it. */
#ifndef INCMAP_FILTER_INTERNAL_H
#define INCMAP_FILTER_INTERNAL_H

#include "incmap/filter.h"
#include "incmap/regions.h"

#include <limits.h>
#include <ogr_api.h>
#include <stdbool.h>
#include <stdio.h>

typedef struct strlist {
    char **items;
    size_t n;
} strlist;

void strlist_add(strlist *l, const char *s);
/* "YYYY-MM-DD" of a day number (days since 1970-01-01). */
void civil_from_days(long day, char buf[16]);
bool strlist_has(const strlist *l, const char *s);
void strlist_clear(strlist *l);

struct im_filter {
    im_area *areas;              /* --region, --region-file: OR */
    size_t n_areas;
    strlist countries;           /* --country as given: ISO2, ISO3 or names */
    strlist admin1, types;
    char *country_from;          /* --country-from FIELD, "polygon", or NULL: automatic */
    bool has_bbox;
    double bbox[4];
    long since, until;           /* days since 1970-01-01; LONG_MIN/LONG_MAX = open */
    im_partial_dates partial;
    long min_fatalities;         /* -1 = none */
    char *where;
    char *within;
    double buffer_km;
    im_polyset *within_ps;
    double coast_km;
};

/* The layer's fields the criteria read (-1 when absent). */
typedef struct fields {
    int date, type, sub, kind, fatal;
} fields;

/* Criteria as OGR SQL the source may evaluate first (pushdown.c); NULL when none. */
char *pushdown(const im_filter *f, OGRLayerH layer, const fields *fl);

/* --count tallies (output.c). */
typedef struct tally {
    char key[64];
    size_t n;
} tally;

typedef struct tallies {
    tally *items;
    size_t n, cap;
} tallies;

void count_key(tallies *t, const char *key);
/* Print "what<TAB>key<TAB>n" lines, most frequent first, and free the tally. */
void print_tally(FILE *out, const char *what, tallies *t);

/* Output files (output.c): "dir/x.gpkg" → "dir/x.tmp-PID.gpkg"; moving it (and a
 * shapefile's sidecars) into place; removing it; whether the target exists. */
bool publish(const char *tmp, const char *path, bool shapefile);
void discard(const char *tmp, bool shapefile);
bool exists(const char *path, bool shapefile);

#endif
