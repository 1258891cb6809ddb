/* What recognition's files share: the state of one window (rec) and the questions
 * every rule asks about a token or a key. recognise.c forms name chunks and decides
 * which name places; recognise_words.c answers the questions (word classes, keys, the
 * gazetteer through the memo, demonyms, prepositions); relate.c gathers the context
 * around mentions and relates them (units, sites, qualifiers, lists, datelines);
 * people.c keeps people and organisations out. Private to src/geoparse/. */
#ifndef INCMAP_RECOGNISE_PRIVATE_H
#define INCMAP_RECOGNISE_PRIVATE_H

#include "geoparse_private.h"

typedef struct rec {
    const im_gazetteer *gz;
    gp_memo *memo;
    gp_chunks *chunks;
    const char *s;
    gp_token *t;              /* the window's tokens (classes filled on demand) */
    gp_tokens *toks;
    size_t n;
    gp_mentions *out;
    size_t base;              /* first mention of this window in out */
    const im_text *text;
    unsigned char *org;       /* per token: inside an organisation's name (people.c) */
    size_t cap_org;
} rec;


/* recognise_words.c */
unsigned rc_classes(const rec *r, size_t i);
bool rc_is_joiner_token(const rec *r, size_t i);
/* Key of tokens [a, b] as written (hyphens and spaces fold alike); returns its length. */
size_t rc_span_key(const rec *r, size_t a, size_t b, char key[IM_FOLD_MAX]);
/* The unit word at token k, or IM_PLACE_ANY. */
im_place_kind rc_unit_at(const rec *r, size_t k, bool *plural, bool *weak);
/* The gazetteer's answer to one KEY_* question about `key`, or token i's key. */
bool rc_key_is(const rec *r, const char *key, unsigned fact);
bool rc_tok_is(const rec *r, size_t i, unsigned fact);
bool rc_exact_count(const rec *r, const char *key);
bool rc_is_country_key(const rec *r, const char *key);
bool rc_is_acronym(const rec *r, size_t i);
bool rc_demonym_word(const rec *r, size_t i, char iso2[3]);
bool rc_demonym_at(const rec *r, size_t i, char iso2[3]);
bool rc_strong_alone(const rec *r, const char *key);
bool rc_has_locative_before(const rec *r, size_t a);
bool rc_place_preposition_before(const rec *r, size_t a);
bool rc_same_sentence(const rec *r, size_t a, size_t b);
gp_mention *rc_new_mention(rec *r, im_mention_type type, size_t a, size_t b);

/* relate.c */
void rc_unit_context(rec *r, gp_mention *m);
void rc_site_context(rec *r, gp_mention *m);
void rc_demonym_qualifier(rec *r, gp_mention *m);
/* Lists, qualifiers and containers among the window's mentions. */
void rc_relate(rec *r);
/* Is place mention m an organisation's branch named after a place (IS "Fars" province)? */
bool rc_branch_name(const rec *r, const gp_mention *m);
/* A dateline ("KABUL —") or a state abbreviation ("Rome, Ga.") at token i: emits the
 * mention and returns its token count, or 0. */
size_t rc_dateline(rec *r, size_t i);
size_t rc_state_abbreviation(rec *r, size_t i);

/* people.c */
/* Mark the window's tokens that lie inside an organisation's name: a phrase of
 * organisations.tsv ("White House", "IS-Khorasan"), or the name after an organisation
 * head and "for"/"on" ("Institute for Near East Policy"). */
void rc_mark_organisations(rec *r);
/* Chunk [a, b] names a person ("Sandra Jansen", "President Obama"): remember its
 * names as people's for the rest of the document. */
void rc_note_person(rec *r, size_t a, size_t b);
/* Learn the names the window's lone mentions prove to be people's (", who", a title
 * before, a verb of saying), before rc_not_a_place is asked about any of them. */
void rc_learn_people(rec *r);
/* Is mention m (place or region) a person, part of an organisation's name, or the
 * place a disease is named after? */
bool rc_not_a_place(rec *r, const gp_mention *m);

#endif
