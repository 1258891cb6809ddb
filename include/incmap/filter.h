/* Regional and attribute filtering of incident layers.
 *
 * A polygon set (im_polyset) answers "which polygon is this point in?" for Natural
 * Earth countries and provinces, or any polygon layer, without GEOS: every edge is
 * filed in latitude bands, so a point is tested by ray casting against the few edges
 * of its band. A point on a border shared by two polygons belongs to exactly one of
 * them (the half-open crossing rule gives it to the polygon east of a vertical edge,
 * north of a horizontal one); holes and islands are handled by crossing parity per
 * owner; a point at sea within a tolerance of a coast goes to that coast's owner.
 *
 * A filter (im_filter) holds every criterion of `incmap filter` as data and is
 * applied feature by feature while streaming any OGR point layer to any OGR output
 * (im_filter_run): memory stays flat whatever the input size. Structured values
 * (countries, provinces, types, dates) are compared in C and never spliced into SQL;
 * only `where` is handed to OGR as the user's own attribute filter.
 */
#ifndef INCMAP_FILTER_H
#define INCMAP_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "incmap/ctx.h"
#include "incmap/model.h"
#include "incmap/regions.h"

/* ---- polygon sets --------------------------------------------------------- */

typedef struct im_polyset im_polyset;

/* Load the polygons of `layer` in the OGR dataset `path` (any CRS; read as WGS 84).
 * Each feature's owner key is the value of `key_field` (NULL: the feature's number).
 * With `keys` (n_keys > 0), only features whose key is listed (case-insensitive) are
 * loaded. `*out` receives a set the caller owns. */
im_status im_polyset_load(im_ctx *ctx, const char *path, const char *layer,
                          const char *key_field, const char *const *keys, size_t n_keys,
                          im_polyset **out);
void im_polyset_destroy(im_polyset *ps);

/* The owner containing (lon, lat), or -1. With tolerance_km > 0, a point outside every
 * polygon but within that distance of an edge goes to the nearest such owner. */
int im_polyset_locate(const im_polyset *ps, double lon, double lat, double tolerance_km);
/* Owner key of index i (from im_polyset_locate). */
const char *im_polyset_key(const im_polyset *ps, int i);
size_t im_polyset_owner_count(const im_polyset *ps);
/* West, south, east, north of all loaded polygons; false when the set is empty. */
bool im_polyset_bounds(const im_polyset *ps, double out[4]);
size_t im_polyset_edge_count(const im_polyset *ps);

/* ---- option values ------------------------------------------------------------- */

/* "W,S,E,N" in degrees: finite, -180 ≤ W < E ≤ 180, -90 ≤ S < N ≤ 90. On error writes
 * a reason ("north is below south") into err. */
bool im_parse_bbox(const char *s, double out[4], char *err, size_t err_len);
/* The same for a map's extent, which may cross the antimeridian: east may pass 180,
 * up to west + 360 ("165,55,195,75" is Chukotka and Alaska). */
bool im_parse_bbox_across(const char *s, double out[4], char *err, size_t err_len);

/* A calendar day written exactly YYYY-MM-DD ("2023-02-29" fails). */
bool im_parse_iso_day(const char *s, int *year, int *month, int *day);

/* A date as an interval of days since 1970-01-01: "2022-05-10" (one day), "2022-05"
 * (the month), "2022" (the year), and every form ACLED's exports have used: "10 May
 * 2022", "09 May 2022", "9-May-22", "09-May-2022", "May 9, 2022", "2022/05/09" (a
 * two-digit year is 19YY from 70 on, else 20YY). Invalid calendar dates (2023-02-30)
 * fail. */
bool im_parse_date_range(const char *s, long *first_day, long *last_day);

/* ---- the filter ------------------------------------------------------------------ */

typedef enum im_partial_dates {
    IM_PARTIAL_INCLUDE = 0,   /* a partial date overlapping the range is kept (default) */
    IM_PARTIAL_EXCLUDE = 1    /* a partial date must lie wholly inside the range */
} im_partial_dates;

typedef struct im_filter im_filter;

/* A filter with no criteria (everything passes). Caller owns it. */
im_filter *im_filter_create(void);
void im_filter_destroy(im_filter *f);

/* Criteria; each returns false with a one-line reason in err (naming the option) when
 * a value is invalid. Repeated calls of the same kind combine with OR; kinds combine
 * with AND. */
bool im_filter_add_region(im_filter *f, const char *name, char *err, size_t len);
/* Any region the user names (im_area_resolve, im_area_from_file): the filter takes
 * the area (and its polygons; `a` keeps none). */
void im_filter_add_area(im_filter *f, im_area *a);
/* Countries, comma-separated: ISO2, ISO3 or names, resolved when the filter runs
 * (an unknown one fails then with IM_ERR_USAGE_VALUE naming --country). */
bool im_filter_add_countries(im_filter *f, const char *list, char *err, size_t len);
/* Where a feature's country comes from: a field of the data ("iso3", "country"),
 * "polygon" for the basemap's outlines, or NULL (default): the data's iso3, iso2 or
 * country field when it has one, else polygons. --admin1 and the provinces of
 * regions follow: the data's admin1 field with the data's country. */
void im_filter_set_country_from(im_filter *f, const char *field);
/* ACLED's event type or sub-event type for what a user typed: the exact name in any
 * case, or a word the name starts with ("explosion" → "Explosions/Remote
 * violence"); an incmap kind ("suicide_attack") passes as written. False, with the
 * list of ACLED's event types in err, when it is none of these. */
bool im_filter_check_type(const char *type, char *canonical, size_t canon_len, char *err,
                          size_t err_len);
bool im_filter_add_admin1(im_filter *f, const char *name_or_code);
bool im_filter_set_bbox(im_filter *f, const char *bbox, char *err, size_t len);
bool im_filter_set_since(im_filter *f, const char *date, char *err, size_t len);
bool im_filter_set_until(im_filter *f, const char *date, char *err, size_t len);
void im_filter_set_partial(im_filter *f, im_partial_dates p);
void im_filter_add_type(im_filter *f, const char *type);
void im_filter_set_min_fatalities(im_filter *f, long n);
void im_filter_set_where(im_filter *f, const char *sql);
/* Points in (or within buffer_km of) the polygons of another layer. */
void im_filter_set_within(im_filter *f, const char *path, double buffer_km);
/* Sea points within this distance of a coast count for that coast's country
 * (default 5 km; 0 turns it off). */
void im_filter_set_coast_km(im_filter *f, double km);

typedef struct im_filter_stats {
    size_t read, kept, skipped_no_point;
    size_t good_dates, bad_dates;   /* dates read, and dates that did not parse */
    char bad_date[48];              /* the first that did not parse */
    size_t unknown_countries;       /* distinct country values naming no country */
    bool empty_input;               /* the layer has no feature at all */
} im_filter_stats;

typedef struct im_filter_run_opts {
    const char *output;       /* path, "-" for GeoJSON on stdout; NULL with count */
    const char *format;       /* GDAL driver or alias; NULL: from the extension */
    bool overwrite;
    bool count;               /* tally per region, country and type instead of writing */
    FILE *count_out;          /* where the tally goes (the command passes stdout) */
    FILE *progress;           /* progress lines (a terminal), or NULL */
} im_filter_run_opts;

/* Stream the point layer at `input` ("-" = GeoJSON on stdin) through the filter.
 * Countries and provinces are located in the basemap at `basemap_path`. Output is
 * written beside its target and renamed when complete; nothing is left on failure. */
im_status im_filter_run(im_ctx *ctx, im_filter *f, const char *input, const char *basemap_path,
                        const im_filter_run_opts *opts, im_filter_stats *stats);

/* The same over incidents already in memory (a report just extracted), as the
 * `incidents` layer would hold them: nothing is written or read back. `name` (the
 * report) names them in messages. */
im_status im_filter_run_incidents(im_ctx *ctx, im_filter *f, const im_incident_set *incidents,
                                  const char *name, const char *basemap_path,
                                  const im_filter_run_opts *opts, im_filter_stats *stats);

/* The GDAL driver for a format alias or output name ("gpkg", "x.geojson", "PG:…"), or
 * NULL when unknown. */
const char *im_output_driver(const char *format, const char *path);

#endif
