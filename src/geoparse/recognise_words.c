/* Recognition's questions about tokens and keys: a token's word classes, the folded
 * key of a token span, unit words, the gazetteer's answers (asked once per key and
 * run through the memo), demonyms and nisbas, and the prepositions before a name. */
#include "recognise_private.h"
#include "incmap/alloc.h"

#include <string.h>

unsigned rc_classes(const rec *r, size_t i)
{
    return gp_token_classes(r->toks, i);
}

bool rc_is_joiner_token(const rec *r, size_t i)
{
    return (r->t[i].flags & TOK_LOWER) && (rc_classes(r, i) & WORD_JOINER);
}

/* Key of tokens [a, b] as written (hyphens and spaces fold alike). */
size_t rc_span_key(const rec *r, size_t a, size_t b, char key[IM_FOLD_MAX])
{
    /* folding token by token and joining with spaces is what im_fold does to the span
       when the tokens are joined by spaces or hyphens and none was cut short */
    size_t o = 0;
    for (size_t k = a; k <= b; k++) {
        const gp_token *t = &r->t[k];
        if (t->lower_len >= sizeof t->lower - 1 ||
            (k < b && t->gap_after != GAP_SPACE && t->gap_after != GAP_HYPHEN) ||
            o + 1 + t->lower_len >= IM_FOLD_MAX)
            return im_fold(r->s + r->t[a].start, r->t[b].core_end - r->t[a].start, key, NULL);
        if (!t->lower_len)
            continue;
        if (o)
            key[o++] = ' ';
        memcpy(key + o, t->lower, t->lower_len);
        o += t->lower_len;
    }
    key[o] = '\0';
    return o;
}

/* The unit word at token k, or IM_PLACE_ANY. */
im_place_kind rc_unit_at(const rec *r, size_t k, bool *plural, bool *weak)
{
    if (!(rc_classes(r, k) & WORD_UNIT))
        return IM_PLACE_ANY;
    return gp_unit_word(r->t[k].lower, plural, weak);
}

/* The gazetteer's answer to one question about `key` (whose memo facts are f),
 * asked once per run. */
static bool facts_are(const rec *r, gp_key_facts *f, const char *key, unsigned fact)
{
    if (f->known & fact)
        return f->facts & fact;
    bool yes = false;
    im_lookup_opts o = IM_LOOKUP_OPTS_INIT;
    im_candidate c[GP_MAX_CANDS];
    switch (fact) {
    case KEY_EXACT:
        o.variants = false;
        yes = im_gazetteer_lookup_key(r->gz, key, &o, c, 1) > 0;
        break;
    case KEY_COUNTRY:
        o.kind = IM_PLACE_COUNTRY;
        o.variants = false;
        yes = im_gazetteer_lookup_key(r->gz, key, &o, c, 1) > 0;
        if (yes)
            f->country = c[0].id;
        break;
    case KEY_ADMIN1:
        o.kind = IM_PLACE_ADMIN1;
        o.variants = false;
        yes = im_gazetteer_lookup_key(r->gz, key, &o, c, 1) > 0;
        break;
    case KEY_PREFIX:
        yes = im_gazetteer_has_prefix(r->gz, key);
        break;
    case KEY_ANY:
        yes = im_gazetteer_lookup_key(r->gz, key, NULL, c, 1) > 0;
        break;
    case KEY_STRONG: {
        /* a country, a province, a named feature, or a town that is the seat of a province or district
           (PPLA, PPLA2: not the municipalities of PPLA3 and below) or has
           strong_town_population people */
        o.variants = false;
        size_t n = im_gazetteer_lookup_key(r->gz, key, &o, c, GP_MAX_CANDS);
        if (n > GP_MAX_CANDS)
            n = GP_MAX_CANDS;
        double large = gp_weight("strong_town_population");
        for (size_t i = 0; i < n && !yes; i++) {
            im_place p;
            im_gazetteer_get(r->gz, c[i].id, &p);
            yes = p.kind == IM_PLACE_COUNTRY || p.kind == IM_PLACE_ADMIN1 ||
                  p.kind == IM_PLACE_FEATURE ||
                  (p.kind == IM_PLACE_CITY &&
                   ((double)p.population >= large || !strcmp(p.feature, "PPLA") ||
                    !strcmp(p.feature, "PPLA2") || !strncmp(p.feature, "PPLC", 4)));
        }
        break;
    }
    default:
        break;
    }
    f->known |= fact;
    if (yes)
        f->facts |= fact;
    return yes;
}

bool rc_key_is(const rec *r, const char *key, unsigned fact)
{
    return facts_are(r, gp_memo_get(r->memo, key), key, fact);
}

/* The same for the one-token key of token i, without hashing it again. */
bool rc_tok_is(const rec *r, size_t i, unsigned fact)
{
    const gp_token *t = &r->t[i];
    if (t->lower_len >= sizeof t->lower - 1) { /* possibly cut: fold the text */
        char key[IM_FOLD_MAX];
        im_fold(r->s + t->start, t->core_end - t->start, key, NULL);
        return rc_key_is(r, key, fact);
    }
    gp_token_classes(r->toks, i);
    gp_key_facts *f = t->facts ? t->facts : gp_memo_get(r->memo, t->lower);
    return facts_are(r, f, t->lower, fact);
}

bool rc_exact_count(const rec *r, const char *key)
{
    return rc_key_is(r, key, KEY_EXACT);
}

/* An acronym in capitals (ISKP, US), not a dotted abbreviation (U.S.). */
bool rc_is_acronym(const rec *r, size_t i)
{
    return (r->t[i].flags & TOK_ALLCAPS) && !(r->t[i].flags & TOK_ABBREV);
}

gp_mention *rc_new_mention(rec *r, im_mention_type type, size_t a, size_t b)
{
    r->out->items = im_xgrow(r->out->items, &r->out->cap, r->out->n + 1, sizeof *r->out->items);
    gp_mention *m = &r->out->items[r->out->n++];
    memset(m, 0, sizeof *m);
    m->m.type = type;
    m->m.start = r->t[a].start;
    m->m.end = r->t[b].core_end;
    m->m.sentence = r->t[a].sentence;
    m->m.place = IM_PLACE_NONE;
    m->m.kind = IM_PLACE_ANY;
    m->tok_first = a;
    m->tok_last = b;
    m->unit_kind = IM_PLACE_ANY;
    m->qualifier = IM_PLACE_NONE;
    return m;
}

bool rc_is_country_key(const rec *r, const char *key)
{
    return rc_key_is(r, key, KEY_COUNTRY);
}

/* Is token i's word as written a demonym (im_gazetteer_demonym), asked once per key? */
bool rc_demonym_word(const rec *r, size_t i, char iso2[3])
{
    const gp_token *t = &r->t[i];
    gp_token_classes(r->toks, i);
    gp_key_facts *f = t->facts ? t->facts : gp_memo_get(r->memo, t->lower);
    if (!(f->known & KEY_DEMONYM) || t->lower_len >= sizeof t->lower - 1) {
        f->known |= KEY_DEMONYM;
        if (im_gazetteer_demonym(r->gz, r->s + t->start, t->core_end - t->start, f->demonym,
                                 NULL, NULL))
            f->facts |= KEY_DEMONYM;
    }
    if (f->facts & KEY_DEMONYM) {
        memcpy(iso2, f->demonym, 3);
        return true;
    }
    return false;
}

/* A demonym or nisba, unless the word is also a country's own short form (the "U.S."
   of "U.S. media" is the country used attributively). */
bool rc_demonym_at(const rec *r, size_t i, char iso2[3])
{
    const gp_token *t = &r->t[i];
    size_t len = t->core_end - t->start;
    if (rc_tok_is(r, i, KEY_COUNTRY))
        return false;
    if (rc_demonym_word(r, i, iso2))
        return true;
    /* nisbas: al-Tajiki, al-Uzbeki → Tajik, Uzbek */
    if (i > 0 && r->t[i - 1].gap_after == GAP_HYPHEN &&
        (strcmp(r->t[i - 1].lower, "al") == 0 || strcmp(r->t[i - 1].lower, "el") == 0) &&
        len > 3 && r->s[t->core_end - 1] == 'i')
        return im_gazetteer_demonym(r->gz, r->s + t->start, len - 1, iso2, NULL, NULL);
    return false;
}

/* Is a lone match strong enough to stand without locative context? */
bool rc_strong_alone(const rec *r, const char *key)
{
    return rc_key_is(r, key, KEY_STRONG);
}

bool rc_has_locative_before(const rec *r, size_t a)
{
    if (a == 0 || r->t[a - 1].sentence != r->t[a].sentence)
        return false;
    size_t k = a - 1;
    if (strcmp(r->t[k].lower, "the") == 0 && k > 0)
        k--;
    return (r->t[k].flags & TOK_LOWER) && (rc_classes(r, k) & WORD_LOCATIVE);
}

/* "in Mary", "near Mary": prepositions that introduce a place, not a person. */
bool rc_place_preposition_before(const rec *r, size_t a)
{
    if (a == 0 || r->t[a - 1].sentence != r->t[a].sentence || !(r->t[a - 1].flags & TOK_LOWER))
        return false;
    const char *w = r->t[a - 1].lower;
    return !strcmp(w, "in") || !strcmp(w, "near") || !strcmp(w, "outside");
}

/* Decide the matches of chunk [a, b] and emit mentions. */
bool rc_same_sentence(const rec *r, size_t a, size_t b)
{
    return a < r->n && b < r->n && r->t[a].sentence == r->t[b].sentence;
}
