/* The named regions of DESIGN.md: sets of countries with a map extent and a map
 * projection suited to them.
 *
 * Membership is by country (ISO 3166-1 alpha-2), to be tested point-in-polygon
 * against the Natural Earth countries in geodata/ — never by the extent, which only
 * frames maps. Projections are PROJ strings; where a region has no established one,
 * the conic rule applies: Albers equal-area with standard parallels at 1/6 and 5/6 of
 * the latitude span, centred on the extent (im_region_conic_proj).
 */
#ifndef INCMAP_REGIONS_H
#define INCMAP_REGIONS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct im_region {
    const char *name;          /* command-line name, e.g. "central-asia" */
    const char *title;         /* for maps, e.g. "Central Asia" */
    const char *countries;     /* space-separated ISO2 codes; "*" for every country */
    double west, south, east, north;   /* map extent, degrees; east may exceed 180 */
    const char *proj;          /* PROJ definition, or NULL for the conic rule */
} im_region;

/* All regions, in a stable order; `*count` receives their number. */
const im_region *im_regions_all(size_t *count);
/* The region called `name` (case-insensitive), or NULL. */
const im_region *im_region_find(const char *name);
/* True when the region includes country `iso2`. */
bool im_region_has_country(const im_region *region, const char *iso2);

/* The conic-rule projection for an extent, written into `buf`. */
void im_region_conic_proj(double west, double south, double east, double north,
                          char *buf, size_t len);
/* The region's projection (its own, or the conic rule for its extent) into `buf`. */
void im_region_proj(const im_region *region, char *buf, size_t len);

#endif
