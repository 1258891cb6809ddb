/* The filter object as criteria.c fills it and run.c reads it. */
#ifndef INCMAP_FILTER_INTERNAL_H
#define INCMAP_FILTER_INTERNAL_H

#include "incmap/filter.h"

#include <limits.h>
#include <stdbool.h>

typedef struct strlist {
    char **items;
    size_t n;
} strlist;

void strlist_add(strlist *l, const char *s);
/* "YYYY-MM-DD" of a day number (days since 1970-01-01). */
void civil_from_days(long day, char buf[16]);
bool strlist_has(const strlist *l, const char *s);

struct im_filter {
    strlist regions, countries, admin1, types;
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

#endif
