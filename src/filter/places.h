/* The data's own country and province coding, for the filter (see places.c). */
#ifndef INCMAP_FILTER_PLACES_H
#define INCMAP_FILTER_PLACES_H

#include "incmap/regions.h"

#include <ogr_api.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct place_memo {
    char **keys, **vals;
    size_t n, cap;
} place_memo;

typedef struct places {
    int country_field;        /* the data's country coding, or -1: polygons */
    int admin1_field;         /* the data's province names, or -1 */
    im_country_names *names;
    const im_gazetteer *gz;
    place_memo countries_memo, admin1_memo;
    size_t unknown_countries; /* distinct values that name no country */
} places;

/* The field holding the data's country: `named` (--country-from), or the first of
 * iso3, iso2, country. -1 when there is none. */
int places_country_field(OGRFeatureDefnH d, const char *named);
int places_admin1_field(OGRFeatureDefnH d);
/* The feature's country as ISO2 by the data's coding ("" when it names none). */
const char *places_data_country(places *p, OGRFeatureH feat);
/* The province code the feature's admin1 value names within `iso2`, or "". */
const char *places_data_admin1(places *p, OGRFeatureH feat, const char *iso2);
bool places_code_listed(const char *const *codes, size_t n, const char *code);
void places_free(places *p);

#endif
