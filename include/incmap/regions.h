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
#include <stdint.h>

#include "incmap/ctx.h"

typedef struct im_region {
    const char *name;          /* command-line name, e.g. "central-asia" */
    const char *title;         /* for maps, e.g. "Central Asia" */
    const char *countries;     /* space-separated ISO2 codes; "*" for every country */
    double west, south, east, north;   /* map extent, degrees; east may exceed 180 */
    const char *proj;          /* PROJ definition, or NULL for the conic rule */
    const char *admin1;        /* space-separated province codes (GeoNames, "RU.17") of
                                  countries outside `countries` that also belong, or NULL */
} im_region;

/* All regions, in a stable order; `*count` receives their number. */
const im_region *im_regions_all(size_t *count);
/* The region called `name` (case-insensitive), or NULL. */
const im_region *im_region_find(const char *name);
/* True when the region includes country `iso2`. */
bool im_region_has_country(const im_region *region, const char *iso2);

/* True when the region includes province `admin1_code` ("RU.17") beyond its countries. */
bool im_region_has_admin1(const im_region *region, const char *admin1_code);

/* The conic-rule projection for an extent, written into `buf`. */
void im_region_conic_proj(double west, double south, double east, double north,
                          char *buf, size_t len);
/* The region's projection (its own, or the conic rule for its extent) into `buf`. */
void im_region_proj(const im_region *region, char *buf, size_t len);

/* ---- regions the user names: a country, a province, a polygon file -------------
 *
 * Beyond the table, any country (ISO2, ISO3 or an English name) and any province (by
 * any of its gazetteer names) is a region, and so is a polygon file. im_area resolves
 * what the user typed into one of these; its `region` member frames maps like a
 * table region (extent, projection, title) and carries the countries. */

typedef enum im_area_kind {
    IM_AREA_REGION = 0,   /* a region of the table */
    IM_AREA_COUNTRY,      /* one country */
    IM_AREA_ADMIN1,       /* one province (all its polygons) */
    IM_AREA_FILE          /* the polygons of a file */
} im_area_kind;

#define IM_AREA_MAX_ADMIN1 16

typedef struct im_area {
    im_area_kind kind;
    im_region region;                 /* its strings point into the buffers below */
    char name[96], title[160], countries[800], admin1[400];
    char path[1024];                  /* IM_AREA_FILE: the polygon file */
    size_t n_admin1;                  /* provinces of the area (IM_AREA_ADMIN1, or a
                                         table region's extra provinces) */
    char admin1_key[IM_AREA_MAX_ADMIN1][64];   /* their folded gazetteer names */
    char admin1_iso2[IM_AREA_MAX_ADMIN1][3];
    struct im_polyset *polys;         /* IM_AREA_FILE: its polygons (owned) */
} im_area;

/* Resolve a region name: a table region, a country, or a province. A name that is
 * both (Punjab, a province of PK and of IN) is refused with the list. `within_iso2`
 * (space-separated ISO2 codes, or NULL) narrows provinces to those countries. */
im_status im_area_resolve(im_ctx *ctx, const char *text, const char *within_iso2,
                          im_area *out);
/* A polygon file as a region: its polygons, read now. */
im_status im_area_from_file(im_ctx *ctx, const char *path, im_area *out);
void im_area_clear(im_area *a);
/* Does the area contain an incident (by country code and province name as the
 * geoparser set them; by point in polygon for a file)? */
bool im_area_has(const im_area *a, const char *iso2, const char *admin1_name, double lon,
                 double lat, bool has_coords);

/* ---- countries and provinces by any name --------------------------------------- */

/* A country's ISO2 from what a user or a data file writes: ISO2, ISO3, an English
 * name or any gazetteer name of the country. False when it is none. Uses the
 * basemap's country table (ISO3) and the gazetteer (names). */
typedef struct im_country_names im_country_names;
im_status im_country_names_load(im_ctx *ctx, im_country_names **out);
void im_country_names_destroy(im_country_names *t);
bool im_country_names_find(const im_country_names *t, const char *text, char iso2[3]);
/* The country's display name ("Pakistan"), or NULL. */
const char *im_country_names_title(const im_country_names *t, const char *iso2);

typedef struct im_admin1_match {
    size_t n;
    uint32_t id[IM_AREA_MAX_ADMIN1];  /* gazetteer entries */
    char code[IM_AREA_MAX_ADMIN1][16];
    char iso2[IM_AREA_MAX_ADMIN1][3];
} im_admin1_match;

/* Provinces called `text` (a gazetteer name or variant, or a code such as "PK.03"),
 * narrowed to `within_iso2` (space-separated ISO2 list, or NULL). Fails with
 * IM_ERR_USAGE_VALUE naming the countries when the name is a province in more than
 * one, and when it is no province. */
im_status im_admin1_resolve(im_ctx *ctx, const char *text, const char *within_iso2,
                            im_admin1_match *out);

#endif
