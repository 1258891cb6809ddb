/* Shared by the extractor's phases (extract.c and the files it calls): the state of
 * one document's extraction, what each incident carries beside its record while the
 * document is being read (its kind as an enum, its date with its precision, the
 * attackers' countries, its target, its actors' table rows), and the phases' entry
 * points. Nothing here is public. */
#ifndef INCMAP_INCIDENTS_EXTRACT_PRIVATE_H
#define INCMAP_INCIDENTS_EXTRACT_PRIVATE_H

#include "incidents_private.h"
#include "geodata/incidents/tab_actors.h"

#include <stdbool.h>
#include <stddef.h>

#define EV_MAX_NAT 4

/* An actor found in a sentence: its table row and the country it belongs to ("" when
 * the incident's country applies). */
typedef struct ev_actor {
    const struct tab_actors *row;
    char iso2[3];
} ev_actor;

/* What an incident carries beside its record during extraction. */
typedef struct ev_meta {
    ev_kind kind;
    im_date date;                /* as the text gave it, with its precision */
    char nat[EV_MAX_NAT][3];     /* attackers' or arrested people's countries */
    size_t n_nat;
    char target[128];            /* what was hit ("the Russian embassy"), or "" */
    ev_actor actor1, actor2;
    bool headline;               /* told in the report's title */
    bool borrowed_place;         /* no place of its own: the paragraph's or country's */
    bool borrowed_date;          /* no date of its own: the day its paragraph gave */
} ev_meta;

typedef struct xstate {
    const im_gazetteer *gz;
    const im_text *text;
    const im_geoparse *gp;
    const char *doc;
    const char *s;            /* clean text */
    im_date anchor;           /* last date the text gave (or the report's date) */
    bool anchor_is_report;    /* no date in the text yet: the anchor is the report's */
    size_t anchor_para;       /* paragraph the anchor was read in */
    size_t dateline;          /* sentence that states the report's date, or SIZE_MAX */
    int frame_year;           /* "throughout 2022": year for undated sentences */
    size_t frame_para;
    char focus[3];
    im_incident_set *out;
    im_link_set *links;
    size_t first;             /* index of this document's first incident in out */
    ev_meta *meta;            /* meta[i] belongs to out->items[first + i] */
    size_t meta_cap;
    int counter;
} xstate;

/* ---- text helpers (xtext.c) ---- */
size_t ev_first_mention_at(const im_geoparse *gp, size_t pos);
void ev_word_before(const char *s, size_t floor, size_t pos, char *buf, size_t len);
void ev_word_after(const char *s, size_t end, size_t pos, char *buf, size_t len);
bool ev_contains_ci(const char *s, size_t len, const char *needle);
bool ev_word_at(const char *s, size_t len, size_t i, const char *w);
im_place ev_place_of(const xstate *x, uint32_t id);
ev_meta *ev_meta_of(const xstate *x, const im_incident *inc);

/* ---- place choice (place.c) ---- */
typedef struct ev_pick {
    const im_mention *m;
    double score;
    int geo_prec;
} ev_pick;
ev_pick ev_choose_place(const xstate *x, size_t si, size_t a, size_t b, ev_trigger trig,
                        const char *home);
bool ev_national_site(const char *s, size_t len);
void ev_fill_place(xstate *x, im_incident *inc, uint32_t id, int geo_prec, const char *surface,
                   double conf);
size_t ev_place_series(const xstate *x, size_t si, size_t a, size_t len, ev_trigger trig,
                       const im_mention **out, size_t max);
void ev_place_fallback(xstate *x, im_incident *inc, size_t si, size_t a, size_t len,
                       ev_trigger trig, bool site, const char *home);

/* ---- actors (actors.c) ---- */
bool ev_actor_at(const xstate *x, const char *s, size_t len, size_t i, ev_actor *out,
                 size_t *end);
ev_actor ev_find_actor1(const xstate *x, const char *s, size_t len, ev_trigger trig);
ev_actor ev_find_actor2(const xstate *x, const char *s, size_t len, ev_trigger trig,
                        const ev_actor *a1);
void ev_find_target(const char *s, size_t len, ev_trigger trig, char *buf, size_t blen);
size_t ev_find_nationality(const xstate *x, size_t si, size_t a, size_t len, ev_trigger trig,
                           char nat[][3], size_t max);
void ev_force_country(const xstate *x, size_t a, size_t len, char iso2[3]);
bool ev_armed_target(const xstate *x, const char *target);
void ev_name_actors(xstate *x, im_incident *inc, ev_meta *m);

/* ---- clauses and spans (clauses.c, span.c) ---- */
void ev_extract_sentence(xstate *x, size_t si);
size_t ev_clause_bounds(const char *s, size_t len, size_t *out, size_t max);
bool ev_back_reference(const char *s, size_t len, ev_trigger trig);
bool ev_reaction(const char *s, size_t len, ev_trigger trig);
void ev_extract_span(xstate *x, size_t si, size_t a, size_t len, ev_trigger trig,
                     const im_date_match *dm, size_t nd);

/* ---- merge and links (merge.c, links.c) ---- */
bool ev_same_event(const xstate *x, size_t i, size_t j);
void ev_merge(xstate *x);
void ev_make_links(xstate *x);

#endif
