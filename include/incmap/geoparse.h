/* The geoparser: finds the places a text names and resolves each to a gazetteer
 * entry, using the document's context to choose between namesakes.
 *
 * Input is an im_text (decoded, repaired, segmented); output is a list of mentions in
 * text order. Each mention is a place (resolved to a gazetteer entry, with a
 * confidence and the evidence that decided it), a region that has no single point
 * ("Central Asia", "the West", "the tribal areas"), an unresolved name that reads
 * like a place but is not in the gazetteer, or a demonym ("Tajik", "al-Tajiki") that
 * the incident extractor uses as a nationality. Contradictions between the text and
 * the gazetteer ("Peshawar, Afghanistan") are resolved to the real place and reported
 * as warnings naming the sentence. Nothing here reads files or prints.
 */
#ifndef INCMAP_GEOPARSE_H
#define INCMAP_GEOPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "incmap/ctx.h"
#include "incmap/gazetteer.h"
#include "incmap/text.h"

typedef enum im_mention_type {
    IM_MENTION_PLACE = 0,      /* resolved to a gazetteer entry */
    IM_MENTION_REGION = 1,     /* a region without a single point */
    IM_MENTION_UNRESOLVED = 2, /* reads like a place, not in the gazetteer */
    IM_MENTION_DEMONYM = 3     /* a nationality/ethnonym, not a place */
} im_mention_type;

typedef struct im_mention {
    im_mention_type type;
    size_t start, end;             /* byte range in the clean text */
    size_t orig_start, orig_end;   /* byte range in the original input */
    size_t sentence;               /* index of its sentence */
    size_t para;                   /* 0-based paragraph */
    const char *surface;           /* the text as written (clean), NUL-terminated */
    uint32_t place;                /* gazetteer id (PLACE), else IM_PLACE_NONE */
    im_place_kind kind;            /* of the chosen entry (PLACE) */
    const char *region;            /* canonical region name (REGION), else NULL */
    char iso2[3];                  /* PLACE: its country; REGION/DEMONYM: when known */
    double confidence;             /* 0..1 */
    const char *evidence;          /* the rules that decided, e.g. "apposition Iran" */
    bool contradiction;            /* the text's qualifier disagrees with the gazetteer */
} im_mention;

typedef struct im_geoparse im_geoparse;

/* Geoparse `text` with the gazetteer `gz`. `*out` receives a result the caller owns
 * (im_geoparse_destroy). Fails only on invalid arguments. */
im_status im_geoparse_run(im_ctx *ctx, const im_gazetteer *gz, const im_text *text,
                          im_geoparse **out);
void im_geoparse_destroy(im_geoparse *gp);

size_t im_geoparse_count(const im_geoparse *gp);
/* Mention `i` (< count), borrowed from the result. */
const im_mention *im_geoparse_mention(const im_geoparse *gp, size_t i);

/* Warnings (contradictions, low-confidence resolutions), one line each. */
size_t im_geoparse_warning_count(const im_geoparse *gp);
const char *im_geoparse_warning(const im_geoparse *gp, size_t i);

/* The country the document is mostly about (ISO2), or "" when nothing stands out. */
const char *im_geoparse_focus(const im_geoparse *gp);

#endif
