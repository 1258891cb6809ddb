/* The incident model: what the extractor produces, the layer writers write, the
 * renderer draws and the filter selects. Field names follow DESIGN.md's `incidents`
 * layer (ACLED vocabulary, ≤ 10 characters) so every stage speaks of the same thing.
 *
 * Strings in a record are owned by the record (im_incident_clear frees them); a set
 * owns its records. This is data only: no I/O, no geoparsing.
 */
#ifndef INCMAP_MODEL_H
#define INCMAP_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IM_UNKNOWN (-1)   /* fatalities/injuries not stated */

typedef struct im_incident {
    char *event_id;
    char *event_date;     /* "YYYY-MM-DD", "YYYY-MM", "YYYY" or "" when undated */
    int year;             /* 0 when undated */
    int time_prec;        /* ACLED: 1 day, 2 week/approximate, 3 month or coarser */
    char *event_type;     /* ACLED event_type, e.g. "Explosions/Remote violence" */
    char *sub_type;       /* ACLED sub_event_type, e.g. "Suicide bomb" */
    char *kind;           /* incmap's finer kind, e.g. "suicide_attack" */
    char *actor1, *actor2, *assoc_act1;   /* ACLED actor names; assoc_act1: attackers' countries */
    int inter1, inter2;   /* ACLED inter codes: 1 state forces, 2 rebel groups, 3 political
                             militias, 4 identity militias, 5 rioters, 6 protesters,
                             7 civilians, 8 external/other forces; 0 = no actor */
    int interaction;      /* ACLED: the two codes, lower first (12); one actor: 10, 60…; 0 */
    char iso2[3];
    char *country, *admin1, *admin2, *location;
    double latitude, longitude;
    bool has_coords;
    int geo_prec;         /* ACLED: 1 town/site, 2 district/near a town, 3 province+ */
    int fatalities;       /* IM_UNKNOWN when not stated */
    int injuries;         /* IM_UNKNOWN when not stated */
    char *notes, *source, *place_txt;
    uint32_t geonameid;
    double geo_conf;      /* 0..1 */
    char *doc_id;
    int para;             /* 1-based paragraph */
    long span_start, span_end;   /* byte offsets in the original document */
    char *region;         /* named region it falls in, or "" */
} im_incident;

typedef struct im_incident_set {
    im_incident *items;
    size_t n, cap;
} im_incident_set;

/* One distinct place a report names (the `places` layer). */
typedef struct im_place_row {
    char *name, *kind, *iso2, *admin1, *surfaces, *evidence, *doc_id;
    double latitude, longitude;     /* the place's own point */
    double seat_lat, seat_lon;      /* its capital or seat (a city: itself) */
    bool has_seat;
    uint32_t geonameid;
    int mentions;
    double confidence;
} im_place_row;

typedef struct im_place_rows {
    im_place_row *items;
    size_t n, cap;
} im_place_rows;

void im_place_rows_clear(im_place_rows *rows);

/* Zero a record (every number unknown/none) ready to be filled. */
void im_incident_init(im_incident *inc);
/* Free the record's strings and zero it. Accepts NULL. */
void im_incident_clear(im_incident *inc);
/* Append a new initialised record and return it (borrowed from the set). */
im_incident *im_incident_set_add(im_incident_set *set);
/* Free every record and the array; the set is empty afterwards. Accepts NULL. */
void im_incident_set_clear(im_incident_set *set);
/* Replace *field with a copy of value (NULL allowed → NULL). */
void im_set_str(char **field, const char *value);

/* A line between two places an incident ties together (the `links` layer). */
typedef struct im_link {
    char *kind;          /* "origin" (attackers' country → incident) or "route" */
    char *from_name, *to_name;
    double from_lat, from_lon, to_lat, to_lon;
    char *event_id;      /* incident it belongs to, or "" */
    char *evidence;
} im_link;

typedef struct im_link_set {
    im_link *items;
    size_t n, cap;
} im_link_set;

/* Free every link and the array; the set is empty afterwards. Accepts NULL. */
void im_link_set_clear(im_link_set *set);

/* ACLED's six event types, in ACLED's order. */
extern const char *const im_acled_event_types[6];

#endif
