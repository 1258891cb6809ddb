/* Incident extraction: what happened, where, when, to whom, by whom.
 *
 * Works on a decoded text and its geoparse. Sentences that report an event (attacks,
 * bombings, rocket and air strikes, raids, clashes, prison violence, security
 * operations, arrests, plots, extraditions, smuggling) become im_incident records
 * coded the way ACLED codes events (event_type, sub_type, time_prec, geo_prec,
 * fatalities), so the output merges with ACLED exports. Dates are never invented:
 * precision follows the text, relative dates ("the following month", "days prior")
 * resolve against the previous date in the text. The same event told in several
 * paragraphs becomes one incident carrying every evidence span.
 *
 * The date, number and casualty parsers are public so they can be tested on their
 * own. Nothing here reads files or prints.
 */
#ifndef INCMAP_INCIDENTS_H
#define INCMAP_INCIDENTS_H

#include <stdbool.h>
#include <stddef.h>

#include "incmap/ctx.h"
#include "incmap/gazetteer.h"
#include "incmap/geoparse.h"
#include "incmap/model.h"
#include "incmap/text.h"

/* ---- dates ---------------------------------------------------------------- */

typedef struct im_date {
    int year;            /* 0 = none */
    int month;           /* 1..12, 0 = not known */
    int day;             /* 1..31, 0 = not known */
    int time_prec;       /* ACLED: 1 day, 2 approximate/week, 3 month or coarser */
} im_date;

/* A date expression found in text: the byte range and what it means. */
typedef struct im_date_match {
    size_t start, end;
    im_date date;
    bool relative;       /* resolved against the anchor ("the following month") */
    bool frame;          /* sets a period for what follows ("throughout 2022") */
} im_date_match;

/* Find date expressions in `s[0..len)`: full dates ("August 26, 2021", "26 August
 * 2021"), month and year, day and month (year from the anchor), years, seasons and
 * parts ("late 2015" → 2015), and relative expressions resolved against `anchor`
 * (which may be NULL or have year 0, in which case they are skipped). Writes at most
 * `max` matches in text order; returns how many were found. Invalid calendar dates
 * (2023-02-30) are not dates. */
size_t im_dates_find(const char *s, size_t len, const im_date *anchor, im_date_match *out,
                     size_t max);

/* "2021-08-26", "2021-08", "2021" or "" by what the date knows. */
void im_date_format(const im_date *d, char buf[11]);

/* Whether year/month/day form a real calendar date (day 0 or month 0 allowed). */
bool im_date_valid(int year, int month, int day);

/* ---- numbers and casualties ------------------------------------------------ */

/* The number a word or digit string means ("23", "two", "twenty-three", "a dozen",
 * "dozens" → 12, "hundreds" → 100, "several" → 10 as ACLED codes vague counts).
 * Returns -1 when the word is not a number. `*vague` (may be NULL) tells a vague
 * quantity. */
long im_number_word(const char *word, size_t len, bool *vague);

typedef struct im_casualties {
    int killed;          /* IM_UNKNOWN when not stated */
    int injured;         /* IM_UNKNOWN when not stated */
    size_t ev_start, ev_end;   /* the phrase that gave the numbers, in the input */
} im_casualties;

/* Read fatalities and injuries from one sentence: digits and number words, sums
 * ("23 inmates and two prison guards were killed" → 25), "killing four and wounding
 * others" (4, unknown), "15 ... died", "no casualties" (0, 0), "led to the death of
 * X" (1). Unstated numbers stay IM_UNKNOWN. */
void im_casualties_find(const char *s, size_t len, im_casualties *out);

/* ---- links ---------------------------------------------------------------- */

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

void im_link_set_clear(im_link_set *set);

/* ---- extraction ------------------------------------------------------------ */

/* Extract the incidents of one document. `doc_id` names it in event ids and the
 * `source`/`doc_id` fields. Records are appended to `out`; links (may be NULL) to
 * `links`. */
im_status im_incidents_extract(im_ctx *ctx, const im_gazetteer *gz, const im_text *text,
                               const im_geoparse *gp, const char *doc_id,
                               im_incident_set *out, im_link_set *links);

/* The same, with the report's date (may be NULL or year 0: none) as the anchor that
 * dates given without a year or relative to the report ("on 3 May", "the day before")
 * resolve against until the text gives a date of its own. */
im_status im_incidents_extract_dated(im_ctx *ctx, const im_gazetteer *gz, const im_text *text,
                                     const im_geoparse *gp, const char *doc_id,
                                     const im_date *report_date, im_incident_set *out,
                                     im_link_set *links);

/* Distinct places of one document (the `places` layer), appended to `out`. */
void im_incidents_places(const im_gazetteer *gz, const im_geoparse *gp, const char *doc_id,
                         im_place_rows *out);

#endif
