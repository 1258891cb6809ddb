/* Shared by the incident extractor's files: event kinds and their ACLED coding. */
#ifndef INCMAP_INCIDENTS_PRIVATE_H
#define INCMAP_INCIDENTS_PRIVATE_H

#include "incmap/incidents.h"

#include <stdbool.h>
#include <stddef.h>

/* A word of a sentence: the byte range [start, end). */
typedef struct ev_word {
    size_t start, end;
} ev_word;

/* Split s[0..len) into at most `max` words (words.c); with `counts`, apostrophes and
 * commas between digits stay inside a word. Returns how many were written. */
size_t ev_split_words(const char *s, size_t len, ev_word *w, size_t max, bool counts);

/* incmap's finer kinds, highest ACLED precedence first. */
typedef enum ev_kind {
    EV_NONE = -1,
    EV_SUICIDE = 0,
    EV_AIRSTRIKE,
    EV_ROCKET,
    EV_BOMBING,
    EV_ASSAULT,
    EV_ATTACK,
    EV_PRISON,
    EV_CLASH,
    EV_OPERATION,
    EV_EXTRADITION,
    EV_ARREST,
    EV_PLOT,
    EV_SMUGGLING,
    EV_ABDUCTION,
    EV_RIOT,
    EV_PROTEST,
    EV_LOOTING,
    EV_DEVELOPMENT,
    EV_OTHER,
    EV_COUNT
} ev_kind;

typedef struct ev_trigger {
    ev_kind kind;
    size_t start, end;     /* bytes of the trigger phrase in the sentence */
} ev_trigger;

/* The strongest event trigger in sentence s[0..len) (ACLED precedence, with arrests
 * outranking the attacks they prevented), or kind EV_NONE. Hypothetical, planned,
 * threatened or generic mentions do not count. */
ev_trigger ev_classify(const char *s, size_t len);
/* The same, looking only at triggers that start at or after byte `from`. */
ev_trigger ev_classify_from(const char *s, size_t len, size_t from);

const char *ev_kind_name(ev_kind k);             /* "suicide_attack", "arrest", … */
const char *ev_acled_type(ev_kind k, int fatalities);
const char *ev_acled_sub_type(ev_kind k, int fatalities);
/* The ACLED coding of an event of kind `k` told in `sentence`: the learned model's type
 * and sub-type, checked against what the rules know (classify.c). */
void ev_acled_code(const char *sentence, size_t len, ev_kind k, int fatalities,
                   const char **type, const char **sub);
/* ACLED's event type and sub-event type of an event of kind `kind` (EV_NONE: not
 * known) told in `sentence` (its sentence), by the learned model (event_model.c);
 * *type and *sub point at static strings. Returns the model's class (row of
 * event_classes.tsv). */
int ev_model_classify(const char *sentence, size_t len, ev_kind kind, const char **type,
                      const char **sub);
/* The kind's code in triggers.tsv ("suicide", "protest", …), or NULL for EV_NONE. */
const char *ev_kind_code(ev_kind k);
/* Kinds that belong together when the same event is told twice. */
int ev_family(ev_kind k);

#endif
