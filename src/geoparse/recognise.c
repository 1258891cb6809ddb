/* Recognition: which capitalised word sequences name places.
 *
 * Capitalised tokens (with inner joiners such as "of", "e", "i") form name chunks.
 * Within a chunk the longest gazetteer names and region phrases are found; then the
 * chunk as a whole decides whether they are places. A chunk whose extra words come
 * before the place ("Islamic Movement of Uzbekistan", "Tom West", "Voice of Khurasan")
 * or that holds an organisation head noun ("U.S. Central Command") names something
 * else; extra words after the place must be ordinary English ("Kabul airport",
 * "U.S. Special Representative"), not a surname ("Juma Namangani"). Acronyms only
 * count when they are a country's short form (US, UK), except in a dateline ("KABUL —"
 * opening a paragraph). Single words that are also months, feasts, languages or
 * platforms are not places; given names only after "in"/"near" ("near Mary"); two
 * one-word names side by side are a person ("Chad Miller"); everyday words ("Mobile",
 * "Reading") need a preposition or a qualifier, and a sentence-initial name followed
 * by an article was a verb ("Reading the statement"). A lone weak match (a village
 * that shares an English or personal name) needs locative context. The context each
 * mention needs for resolution (unit words, prepositions, lists, possessive,
 * appositive, "X in Y" and demonym qualifiers, sites) is collected here too; whether
 * Y really contains X is left to resolve.c, which knows the candidates.
 *
 * Work is done one window of whole sentences at a time (nothing here looks across a
 * sentence), and every gazetteer question about a key is asked once per run through
 * the memo, so long inputs cost time in proportion to their length. */
#include "geoparse_private.h"
#include "incmap/alloc.h"
#include "geodata/lexicon/tab_regions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
} rec;

static unsigned classes(const rec *r, size_t i)
{
    return gp_token_classes(r->toks, i);
}

static bool is_joiner_token(const rec *r, size_t i)
{
    return (r->t[i].flags & TOK_LOWER) && (classes(r, i) & WORD_JOINER);
}

/* Key of tokens [a, b] as written (hyphens and spaces fold alike). */
static size_t span_key(const rec *r, size_t a, size_t b, char key[IM_FOLD_MAX])
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
static im_place_kind unit_at(const rec *r, size_t k, bool *plural, bool *weak)
{
    if (!(classes(r, k) & WORD_UNIT))
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
        /* a country, a province, or a town that is a seat or has 20,000 people */
        o.variants = false;
        size_t n = im_gazetteer_lookup_key(r->gz, key, &o, c, GP_MAX_CANDS);
        if (n > GP_MAX_CANDS)
            n = GP_MAX_CANDS;
        for (size_t i = 0; i < n && !yes; i++) {
            im_place p;
            im_gazetteer_get(r->gz, c[i].id, &p);
            yes = p.kind == IM_PLACE_COUNTRY || p.kind == IM_PLACE_ADMIN1 ||
                  (p.kind == IM_PLACE_CITY &&
                   (p.population >= 20000 || !strncmp(p.feature, "PPLA", 4) ||
                    !strncmp(p.feature, "PPLC", 4)));
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

static bool key_is(const rec *r, const char *key, unsigned fact)
{
    return facts_are(r, gp_memo_get(r->memo, key), key, fact);
}

/* The same for the one-token key of token i, without hashing it again. */
static bool tok_is(const rec *r, size_t i, unsigned fact)
{
    const gp_token *t = &r->t[i];
    if (t->lower_len >= sizeof t->lower - 1) { /* possibly cut: fold the text */
        char key[IM_FOLD_MAX];
        im_fold(r->s + t->start, t->core_end - t->start, key, NULL);
        return key_is(r, key, fact);
    }
    gp_token_classes(r->toks, i);
    gp_key_facts *f = t->facts ? t->facts : gp_memo_get(r->memo, t->lower);
    return facts_are(r, f, t->lower, fact);
}

static bool exact_count(const rec *r, const char *key)
{
    return key_is(r, key, KEY_EXACT);
}

/* Would a sentence-initial common word start a name ("Central Asia", "New York")? */
static bool starts_name(const rec *r, size_t i)
{
    if (i + 1 >= r->n || !(r->t[i + 1].flags & TOK_CAP) ||
        (r->t[i].gap_after != GAP_SPACE && r->t[i].gap_after != GAP_HYPHEN))
        return false;
    const gp_region *reg;
    classes(r, i);
    if (gp_region_match(r->s, r->t, r->n, i, &reg) >= 2)
        return true;
    char key[IM_FOLD_MAX];
    span_key(r, i, i + 1, key);
    return key_is(r, key, KEY_PREFIX);
}

static bool capish(const rec *r, size_t i)
{
    const gp_token *t = &r->t[i];
    if (!(t->flags & (TOK_CAP | TOK_ALLCAPS)))
        return false;
    /* "In Kabul", "However, …": a capital that only marks a sentence's start. Content
       words stay in the chunk, so "Radio Free Europe" is still seen whole. */
    if ((t->flags & TOK_SENT_START) && (classes(r, i) & WORD_FUNCTION) &&
        !(t->flags & TOK_ALLCAPS))
        return starts_name(r, i);
    /* "Residents of Herat", "Governor of Kunduz": a sentence-initial noun before "of"
       that begins no name and heads no organisation is an ordinary word */
    if ((t->flags & TOK_SENT_START) && !(t->flags & TOK_ALLCAPS) && i + 1 < r->n &&
        t->gap_after == GAP_SPACE && !strcmp(r->t[i + 1].lower, "of") &&
        !(classes(r, i) & (WORD_ORG_HEAD | WORD_PERSON))) {
        char key[IM_FOLD_MAX];
        span_key(r, i, i + 1, key);
        if (!tok_is(r, i, KEY_EXACT) && !key_is(r, key, KEY_PREFIX))
            return false;
    }
    return true;
}

static bool is_acronym(const rec *r, size_t i)
{
    return (r->t[i].flags & TOK_ALLCAPS) && !(r->t[i].flags & TOK_ABBREV);
}

/* Does the chunk that ends at token j go on to j + 1? */
static bool chunk_continues(const rec *r, size_t chunk_start, size_t j, size_t *next)
{
    const gp_token *t = &r->t[j];
    if (j + 1 >= r->n || (t->flags & TOK_POSS) || is_acronym(r, j))
        return false;
    if (t->gap_after != GAP_SPACE && t->gap_after != GAP_HYPHEN)
        return false;
    if (capish(r, j + 1) && !is_acronym(r, j + 1)) {
        *next = j + 1;
        return true;
    }
    /* joiners inside names: Mazar-i-Sharif, Voice of Khurasan. "and"/"or" join only
       inside a known name (Bosnia and Herzegovina); elsewhere they separate two names
       ("Najrab and Tagab districts"). */
    size_t k = j + 1;
    bool conjunction = false;
    while (k < r->n && is_joiner_token(r, k) && k - j <= 2 &&
           (r->t[k].gap_after == GAP_SPACE || r->t[k].gap_after == GAP_HYPHEN)) {
        if (!strcmp(r->t[k].lower, "and") || !strcmp(r->t[k].lower, "or"))
            conjunction = true;
        k++;
    }
    if (k > j + 1 && k < r->n && capish(r, k) && !is_acronym(r, k) &&
        !(r->t[k].flags & TOK_SENT_START)) {
        if (conjunction) {
            char key[IM_FOLD_MAX];
            span_key(r, chunk_start, k, key);
            if (!key_is(r, key, KEY_PREFIX))
                return false;
        }
        *next = k;
        return true;
    }
    return false;
}

static bool demonym_word(const rec *r, size_t i, char iso2[3]);

typedef struct match {
    size_t a, b;                 /* token range */
    const gp_region *region;     /* region phrase, or NULL for a gazetteer name */
    bool variant_only;           /* only a transliteration skeleton matched */
} match;

/* Longest gazetteer name or region phrase starting at token p, within [p, end]. */
static bool longest_match(const rec *r, size_t p, size_t end, match *m)
{
    const gp_region *reg = NULL;
    classes(r, p);
    size_t rlen = gp_region_match(r->s, r->t, end + 1, p, &reg);
    size_t best = 0;
    char key[IM_FOLD_MAX];
    for (size_t q = p; q <= end; q++) {
        if (q == p) {
            if (tok_is(r, p, KEY_EXACT))
                best = 1;
            if (!tok_is(r, p, KEY_PREFIX))
                break;
            continue;
        }
        span_key(r, p, q, key);
        if (exact_count(r, key))
            best = q - p + 1;
        if (!key_is(r, key, KEY_PREFIX))
            break;
    }
    if (rlen && rlen >= best) {
        *m = (match){p, p + rlen - 1, reg, false};
        return true;
    }
    if (best) {
        *m = (match){p, p + best - 1, NULL, false};
        return true;
    }
    /* a transliteration variant of a lone word (Najrab for Nijrab, Niyazan for Nazyan),
       alone in its chunk or followed only by a unit word */
    bool lone = p == end || (p + 1 == end && unit_at(r, end, NULL, NULL) !=
                                                 IM_PLACE_ANY);
    char iso2[3];
    const gp_token *t = &r->t[p];
    bool cut = t->lower_len >= sizeof t->lower - 1; /* the memo's key would be cut */
    if (lone && !(t->flags & TOK_ALLCAPS) && !classes(r, p) &&
        !(cut ? im_gazetteer_demonym(r->gz, r->s + t->start, t->core_end - t->start, iso2,
                                     NULL, NULL)
              : demonym_word(r, p, iso2))) {
        span_key(r, p, p, key);
        if (strlen(key) >= 4 && key_is(r, key, KEY_ANY)) {
            *m = (match){p, p, NULL, true};
            return true;
        }
    }
    return false;
}

static gp_mention *new_mention(rec *r, im_mention_type type, size_t a, size_t b)
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

static bool is_country_key(const rec *r, const char *key)
{
    return key_is(r, key, KEY_COUNTRY);
}

/* Is token i's word as written a demonym (im_gazetteer_demonym), asked once per key? */
static bool demonym_word(const rec *r, size_t i, char iso2[3])
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
static bool demonym_at(const rec *r, size_t i, char iso2[3])
{
    const gp_token *t = &r->t[i];
    size_t len = t->core_end - t->start;
    if (tok_is(r, i, KEY_COUNTRY))
        return false;
    if (demonym_word(r, i, iso2))
        return true;
    /* nisbas: al-Tajiki, al-Uzbeki → Tajik, Uzbek */
    if (i > 0 && r->t[i - 1].gap_after == GAP_HYPHEN &&
        (strcmp(r->t[i - 1].lower, "al") == 0 || strcmp(r->t[i - 1].lower, "el") == 0) &&
        len > 3 && r->s[t->core_end - 1] == 'i')
        return im_gazetteer_demonym(r->gz, r->s + t->start, len - 1, iso2, NULL, NULL);
    return false;
}

/* Is a lone match strong enough to stand without locative context? */
static bool strong_alone(const rec *r, const char *key)
{
    return key_is(r, key, KEY_STRONG);
}

static bool has_locative_before(const rec *r, size_t a)
{
    if (a == 0 || r->t[a - 1].sentence != r->t[a].sentence)
        return false;
    size_t k = a - 1;
    if (strcmp(r->t[k].lower, "the") == 0 && k > 0)
        k--;
    return (r->t[k].flags & TOK_LOWER) && (classes(r, k) & WORD_LOCATIVE);
}

/* "in Mary", "near Mary": prepositions that introduce a place, not a person. */
static bool place_preposition_before(const rec *r, size_t a)
{
    if (a == 0 || r->t[a - 1].sentence != r->t[a].sentence || !(r->t[a - 1].flags & TOK_LOWER))
        return false;
    const char *w = r->t[a - 1].lower;
    return !strcmp(w, "in") || !strcmp(w, "near") || !strcmp(w, "outside");
}

/* Decide the matches of chunk [a, b] and emit mentions. */
static void process_chunk(rec *r, size_t a, size_t b)
{
    match ms[16];
    size_t n_ms = 0;
    unsigned char role[64] = {0}; /* per token: 1 match, 2 unit, 3 directional/joiner */
    if (b - a >= 63)
        b = a + 62;
    for (size_t p = a; p <= b;) {
        match m;
        /* a joiner starts a match only as part of a name: El Paso, The Hague */
        bool joiner = classes(r, p) & WORD_JOINER;
        if (n_ms < 16 && (!joiner || (r->t[p].flags & TOK_CAP)) && longest_match(r, p, b, &m) &&
            (!joiner || (m.b > m.a && !(classes(r, m.b) & WORD_ORG_HEAD)))) {
            ms[n_ms++] = m;
            for (size_t k = m.a; k <= m.b; k++)
                role[k - a] = 1;
            p = m.b + 1;
        } else {
            p++;
        }
    }
    /* a weak single-word match (a hamlet sharing an ordinary or personal name) does not
       make its chunk a place name; it counts as an ordinary word of the chunk */
    size_t kept = 0;
    for (size_t i = 0; i < n_ms; i++) {
        char key[IM_FOLD_MAX];
        span_key(r, ms[i].a, ms[i].b, key);
        bool unit_follows = ms[i].b < b &&
                            unit_at(r, ms[i].b + 1, NULL, NULL) != IM_PLACE_ANY;
        if (ms[i].a == ms[i].b && !ms[i].region && b > a && !unit_follows &&
            !strong_alone(r, key)) {
            role[ms[i].a - a] = 0;
            continue;
        }
        ms[kept++] = ms[i];
    }
    n_ms = kept;
    bool org = false;
    size_t first_match = b + 1, last_match = a;
    for (size_t i = 0; i < n_ms; i++) {
        if (ms[i].a < first_match)
            first_match = ms[i].a;
        if (ms[i].b > last_match)
            last_match = ms[i].b;
    }
    for (size_t k = a; k <= b; k++) {
        if (role[k - a])
            continue;
        unsigned c = classes(r, k);
        bool plural, weak;
        if (unit_at(r, k, &plural, &weak) != IM_PLACE_ANY && k > a && role[k - a - 1])
            role[k - a] = 2;
        else if ((c & (WORD_DIRECTIONAL | WORD_JOINER)) && k < first_match)
            role[k - a] = 3;
        else if (is_joiner_token(r, k))
            role[k - a] = 3;
        else if (c & WORD_ORG_HEAD)
            org = true;
    }
    for (size_t i = 0; i < n_ms; i++)
        if (ms[i].a == ms[i].b && !ms[i].region && (classes(r, ms[i].a) & WORD_ORG_HEAD))
            org = true;
    /* demonyms anywhere in the chunk become nationality mentions */
    for (size_t k = a; k <= b; k++) {
        char iso2[3];
        if (!role[k - a] && (r->t[k].flags & TOK_CAP) && demonym_at(r, k, iso2)) {
            gp_mention *dm = new_mention(r, IM_MENTION_DEMONYM, k, k);
            memcpy(dm->m.iso2, iso2, 3);
            dm->note = "demonym";
        }
    }
    if (n_ms == 0 || org)
        return;
    bool leading_other = false, trailing_foreign = false;
    for (size_t k = a; k <= b; k++) {
        if (role[k - a])
            continue;
        unsigned c = classes(r, k);
        if (k < first_match)
            leading_other = true;
        else if (k > first_match && (!(c & WORD_COMMON) || (c & WORD_PERSON)))
            trailing_foreign = true;
    }
    if (leading_other || trailing_foreign)
        return;
    /* "Chad Miller", "Jordan Henderson": two one-word names side by side, the second
       no country or province, are a given name and a surname (when the second is a
       given name itself, "Afghanistan Tom West", a person starts there instead) */
    for (size_t i = 0; i + 1 < n_ms; i++) {
        const match *x = &ms[i], *y = &ms[i + 1];
        if (x->a == x->b && y->a == y->b && !x->region && !y->region && y->a == x->b + 1 &&
            r->t[x->b].gap_after == GAP_SPACE && !(r->t[x->b].flags & TOK_POSS) &&
            !(classes(r, y->a) & WORD_PERSON)) {
            /* a given name first settles it: "George Washington" */
            if (classes(r, x->a) & WORD_PERSON)
                return;
            if (!tok_is(r, y->a, KEY_COUNTRY) && !tok_is(r, y->a, KEY_ADMIN1))
                return;
        }
    }
    for (size_t i = 0; i < n_ms; i++) {
        match *m = &ms[i];
        if (m->region) {
            gp_mention *gm = new_mention(r, IM_MENTION_REGION, m->a, m->b);
            gm->m.region = m->region->name;
            memcpy(gm->m.iso2, m->region->iso2, strlen(m->region->iso2) + 1);
            gm->note = "region phrase";
            continue;
        }
        char key[IM_FOLD_MAX];
        span_key(r, m->a, m->b, key);
        bool single = m->a == m->b;
        unsigned c = single ? classes(r, m->a) : 0;
        bool acronym = single && is_acronym(r, m->a);
        if (single && (c & (WORD_MONTH | WORD_NONPLACE)))
            continue;
        /* "Golden Gate Bridge", "Mosul Dam": a landmark named after a place is not
           the place; "Central Park" shares a hamlet's name unless that is a town */
        if (m->b < b && (classes(r, m->b + 1) & WORD_FEATURE) &&
            (r->t[m->b + 1].flags & TOK_CAP))
            continue;
        if ((classes(r, m->b) & WORD_FEATURE) && !key_is(r, key, KEY_STRONG))
            continue;
        /* a town that is also a given name ("Mary") only alone after in/near/outside */
        if (single && (c & WORD_PERSON) && !(a == b && place_preposition_before(r, a) &&
                                             strong_alone(r, key)))
            continue;
        char iso2[3];
        if (single && demonym_at(r, m->a, iso2))
            continue;
        bool locative = has_locative_before(r, m->a);
        /* "Mobile phones", "Reading the statement": an everyday word needs a preposition
           or a qualifier ("Mobile, Alabama"), and a sentence-initial name followed by an
           article was a verb */
        bool qualified = r->t[m->b].gap_after == GAP_COMMA && m->b + 1 < r->n &&
                         (r->t[m->b + 1].flags & TOK_CAP);
        if (single && (c & WORD_AMBIGUOUS) && !locative && !qualified)
            continue;
        if (a == b && (r->t[a].flags & TOK_SENT_START) && r->t[a].gap_after == GAP_SPACE &&
            a + 1 < r->n && (r->t[a + 1].flags & TOK_LOWER) &&
            (classes(r, a + 1) & WORD_DETERMINER))
            continue;
        if (acronym) {
            /* only a country's short form: US, UK, UAE */
            if (!is_country_key(r, key))
                continue;
        } else if (single && (c & WORD_COMMON) && !is_country_key(r, key)) {
            continue;
        }
        /* Arabic article names: an-Nur, al-Baghdadi (unless "al-X" is itself a name) */
        if (m->a > 0 && r->t[m->a - 1].gap_after == GAP_HYPHEN &&
            (r->t[m->a - 1].flags & TOK_LOWER) && strlen(r->t[m->a - 1].lower) <= 3) {
            char akey[IM_FOLD_MAX];
            span_key(r, m->a - 1, m->b, akey);
            if (!exact_count(r, akey))
                continue;
        }
        gp_mention *pm = new_mention(r, IM_MENTION_PLACE, m->a, m->b);
        pm->locative = locative;
        if (m->variant_only)
            pm->note = "spelling variant";
        /* unit word inside the chunk right after the name: "Danghara District" */
        if (m->b < b && role[m->b + 1 - a] == 2) {
            bool plural = false, weak = false;
            pm->unit_kind = unit_at(r, m->b + 1, &plural, &weak);
            pm->unit_weak = weak;
        }
        if (acronym)
            pm->unit_kind = IM_PLACE_COUNTRY;
    }
}

/* process_chunk through the per-run cache (chunks.c): a chunk seen before in the same
 * surroundings gets the mentions it got then. */
static void process_chunk_cached(rec *r, size_t a, size_t b)
{
    unsigned char key[1024];
    size_t len = r->chunks ? gp_chunk_key(r->s, r->t, r->n, a, b, key, sizeof key) : 0;
    if (!len) {
        process_chunk(r, a, b);
        return;
    }
    size_t count = 0;
    const gp_mention *hit = gp_chunks_find(r->chunks, key, len, &count);
    if (!hit) {
        size_t before = r->out->n;
        process_chunk(r, a, b);
        const gp_mention *made = r->out->n > before ? r->out->items + before : NULL;
        gp_chunks_store(r->chunks, key, len, made, r->out->n - before, a);
        return;
    }
    r->out->items = im_xgrow(r->out->items, &r->out->cap, r->out->n + count,
                             sizeof *r->out->items);
    for (size_t i = 0; i < count; i++) {
        gp_mention *m = &r->out->items[r->out->n++];
        *m = hit[i];
        m->tok_first += (uint32_t)a;
        m->tok_last += (uint32_t)a;
        m->m.start = r->t[m->tok_first].start;
        m->m.end = r->t[m->tok_last].core_end;
        m->m.sentence = r->t[m->tok_first].sentence;
    }
}

/* ---- context around mentions --------------------------------------------------- */

static bool same_sentence(const rec *r, size_t a, size_t b)
{
    return a < r->n && b < r->n && r->t[a].sentence == r->t[b].sentence;
}

static uint32_t demonym_country(const rec *r, size_t k);
static uint32_t country_at(const rec *r, size_t k);

/* Unit words just outside a mention: "Zabol province", "province of Nangarhar". */
static void unit_context(rec *r, gp_mention *m)
{
    size_t b = m->tok_last, a = m->tok_first;
    bool plural = false, weak = false;
    if (m->unit_kind == IM_PLACE_ANY && b + 1 < r->n && same_sentence(r, b, b + 1) &&
        (r->t[b].gap_after == GAP_SPACE || r->t[b].gap_after == GAP_CLOSE)) {
        im_place_kind k = unit_at(r, b + 1, &plural, &weak);
        if (k != IM_PLACE_ANY) {
            m->unit_kind = k;
            m->unit_weak = weak;
        }
    }
    /* "Zabul ('Zabol') province": a quoted gloss between name and unit word */
    if (m->unit_kind == IM_PLACE_ANY && b + 2 < r->n && same_sentence(r, b, b + 2) &&
        (r->t[b].gap_after == GAP_OPEN) && r->t[b + 1].gap_after != GAP_COMMA) {
        im_place_kind k = unit_at(r, b + 2, &plural, &weak);
        if (k != IM_PLACE_ANY && !weak) {
            m->unit_kind = k;
            m->unit_weak = weak;
        }
    }
    if (m->unit_kind == IM_PLACE_ANY && a >= 2 && same_sentence(r, a - 2, a) &&
        strcmp(r->t[a - 1].lower, "of") == 0 &&
        (a < 3 || !(r->t[a - 3].flags & (TOK_CAP | TOK_ALLCAPS)) ||
         !same_sentence(r, a - 3, a) || demonym_country(r, a - 3) != IM_PLACE_NONE ||
         country_at(r, a - 3) != IM_PLACE_NONE)) {
        im_place_kind k = unit_at(r, a - 2, &plural, &weak);
        if (k != IM_PLACE_ANY) {
            m->unit_kind = k;
            m->unit_weak = weak;
        }
    }
}

/* "a Shi'a mosque in Kunduz", "an attack on the Daud Khan Hospital in Kabul". */
static void site_context(rec *r, gp_mention *m)
{
    size_t a = m->tok_first;
    if (a < 2 || !same_sentence(r, a - 1, a))
        return;
    const char *prep = r->t[a - 1].lower;
    if (strcmp(prep, "in") && strcmp(prep, "at") && strcmp(prep, "near"))
        return;
    for (size_t k = a - 1; k-- > 0 && k + 5 >= a;) {
        if (!same_sentence(r, k, a))
            break;
        if (classes(r, k) & WORD_SITE) {
            m->site_context = true;
            return;
        }
    }
}

static gp_mention *mention_at_token(gp_mentions *ms, size_t base, size_t first_token,
                                    im_mention_type type)
{
    size_t lo = base, hi = ms->n;
    while (lo < hi) { /* mentions of the window are sorted by first token */
        size_t mid = lo + (hi - lo) / 2;
        if (ms->items[mid].tok_first < first_token)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < ms->n && ms->items[i].tok_first == first_token; i++)
        if (ms->items[i].m.type == type)
            return &ms->items[i];
    return NULL;
}

static bool is_country_mention(const rec *r, const gp_mention *m, uint32_t *id)
{
    char key[IM_FOLD_MAX];
    span_key(r, m->tok_first, m->tok_last, key);
    if (!is_country_key(r, key))
        return false;
    *id = gp_memo_get(r->memo, key)->country;
    return true;
}

/* The country of a demonym at token k ("Libyan", "Lebanese"), or NONE. */
static uint32_t demonym_country(const rec *r, size_t k)
{
    char iso2[3];
    if (!(r->t[k].flags & TOK_CAP) || !demonym_at(r, k, iso2))
        return IM_PLACE_NONE;
    return im_gazetteer_country(r->gz, iso2);
}

/* The country a one-token name at k is ("U.S.", "Iran"), or NONE. */
static uint32_t country_at(const rec *r, size_t k)
{
    if (!(r->t[k].flags & (TOK_CAP | TOK_ALLCAPS)) || !tok_is(r, k, KEY_COUNTRY))
        return IM_PLACE_NONE;
    return gp_memo_get(r->memo, r->t[k].lower)->country;
}

static bool settlement_word(const rec *r, size_t k)
{
    bool plural = false;
    im_place_kind kind = unit_at(r, k, &plural, NULL);
    return !plural && (kind != IM_PLACE_ANY || !strcmp(r->t[k].lower, "capital") ||
                       !strcmp(r->t[k].lower, "port"));
}

/* A demonym that places a name in its country: "Tripoli, the Libyan capital", "the
 * northern Lebanese city of Tripoli". */
static void demonym_qualifier(rec *r, gp_mention *m)
{
    size_t a = m->tok_first, b = m->tok_last;
    uint32_t country = IM_PLACE_NONE;
    if (b + 3 < r->n && same_sentence(r, b, b + 3) && r->t[b].gap_after == GAP_COMMA &&
        !strcmp(r->t[b + 1].lower, "the")) {
        size_t k = b + 2;
        while (k + 1 < r->n && same_sentence(r, b, k + 1) && (r->t[k].flags & TOK_LOWER) &&
               (classes(r, k) & WORD_DIRECTIONAL))
            k++;
        if (k + 1 < r->n && same_sentence(r, b, k + 1) && settlement_word(r, k + 1))
            country = demonym_country(r, k);
    }
    if (country == IM_PLACE_NONE && a >= 3 && same_sentence(r, a - 3, a) &&
        !strcmp(r->t[a - 1].lower, "of") && settlement_word(r, a - 2)) {
        country = demonym_country(r, a - 3);
        if (country == IM_PLACE_NONE) /* "the U.S. state of Georgia" */
            country = country_at(r, a - 3);
    }
    if (country != IM_PLACE_NONE && m->qualifier == IM_PLACE_NONE) {
        m->qualifier = country;
        m->qualifier_soft = true;
    }
}

/* Lists, qualifiers and containers, which relate mentions to each other. */
static void relate(rec *r)
{
    gp_mentions *ms = r->out;
    for (size_t i = r->base; i < ms->n; i++) {
        gp_mention *m = &ms->items[i];
        if (m->m.type != IM_MENTION_PLACE)
            continue;
        size_t b = m->tok_last;
        /* the next place in the same sentence, and what lies between */
        gp_mention *next = NULL;
        for (size_t j = i + 1; j < ms->n; j++) {
            if (ms->items[j].m.type == IM_MENTION_PLACE) {
                next = &ms->items[j];
                break;
            }
        }
        if (!next || !same_sentence(r, b, next->tok_first))
            continue;
        size_t gap_tokens = next->tok_first - b - 1;
        bool comma = r->t[b].gap_after == GAP_COMMA;
        uint32_t cid;
        bool m_country = is_country_mention(r, m, &(uint32_t){0});
        size_t nb = next->tok_last;
        bool list_goes_on = nb + 1 < r->n && same_sentence(r, nb, nb + 1) &&
                            (r->t[nb].gap_after == GAP_COMMA ||
                             strcmp(r->t[nb + 1].lower, "and") == 0) &&
                            !(r->t[nb + 1].flags & TOK_LOWER && r->t[nb].gap_after == GAP_COMMA &&
                              strcmp(r->t[nb + 1].lower, "and") != 0);
        /* apposition "Shiraz, Iran", "Atlanta, Georgia", "Calgary, Alberta": a place
           right after a comma. Whether Y really contains X is settled with the
           candidates (resolve.c), so the link is made even inside a list ("Boston,
           Massachusetts, and Portland") and after a country's name, which may be a
           town ("Lebanon, Missouri"). A country as Y is X's qualifier outright, and
           a contradiction if it holds no such place, unless the list goes on
           ("Kabul, Pakistan, and Iran"). */
        bool next_country = is_country_mention(r, next, &cid);
        if (comma && gap_tokens == 0 && (!m_country || !next_country)) {
            m->qualified_by = (size_t)(next - ms->items) + 1;
            next->qualifies = i + 1;
        }
        if (comma && gap_tokens == 0 && !m_country && !list_goes_on && next_country) {
            m->qualifier = cid;
            m->qualifier_apposition = true;
            continue;
        }
        /* containment "Ahvaz in Khuzestan", "Hyderabad, in India's Telangana state",
           "Córdoba in southern Spain" */
        if (gap_tokens >= 1 && gap_tokens <= 3 && !m_country && !strcmp(r->t[b + 1].lower, "in")) {
            bool plain = true;
            for (size_t k = b + 2; k < next->tok_first; k++)
                if (!(r->t[k].flags & TOK_LOWER) ||
                    !(classes(r, k) & (WORD_DIRECTIONAL | WORD_DETERMINER)))
                    plain = false;
            if (plain) {
                m->qualified_by = (size_t)(next - ms->items) + 1;
                m->qualifier_soft = true;
                next->qualifies = i + 1;
            }
        }
        /* possessive "Afghanistan's Zabol province" */
        if ((r->t[b].flags & TOK_POSS) && gap_tokens == 0 && r->t[b].gap_after == GAP_SPACE &&
            is_country_mention(r, m, &cid)) {
            next->qualifier = cid;
            m->container = true;
            continue;
        }
        /* lists: "Kunar, Herat, Samangan, and Kabul" */
        bool joined = (comma && gap_tokens == 0) ||
                      (gap_tokens == 1 && (strcmp(r->t[b + 1].lower, "and") == 0 ||
                                           strcmp(r->t[b + 1].lower, "or") == 0));
        if (joined) {
            if (!m->list_id)
                m->list_id = ++ms->lists;
            next->list_id = m->list_id;
        }
        /* containers: "Darzab district in Jawzjan", "Imam Sahib district of Kunduz" */
        if (gap_tokens == 1 && (m->unit_kind == IM_PLACE_ADMIN2 || m->unit_kind == IM_PLACE_CITY) &&
            (strcmp(r->t[b + 1].lower, "in") == 0 || strcmp(r->t[b + 1].lower, "of") == 0))
            next->container = true;
        if (gap_tokens == 2 && unit_at(r, b + 1, NULL, NULL) != IM_PLACE_ANY &&
            (strcmp(r->t[b + 2].lower, "in") == 0 || strcmp(r->t[b + 2].lower, "of") == 0))
            next->container = true;
    }
    /* a plural unit word after a list, or "districts of" before it, covers the list */
    for (size_t i = r->base; i < ms->n; i++) {
        gp_mention *m = &ms->items[i];
        if (!m->list_id || m->unit_kind == IM_PLACE_ANY)
            continue;
        for (size_t j = r->base; j < ms->n; j++) {
            if (ms->items[j].list_id == m->list_id && ms->items[j].unit_kind == IM_PLACE_ANY) {
                ms->items[j].unit_kind = m->unit_kind;
                ms->items[j].unit_weak = true;
            }
        }
    }
}

/* Organisation branches named after places: Islamic State's "Fars" province. */
static bool branch_name(const rec *r, const gp_mention *m)
{
    size_t a = m->tok_first, b = m->tok_last;
    if (a == 0 || !same_sentence(r, a - 1, a))
        return false;
    const gp_token *prev = &r->t[a - 1];
    if (!(prev->flags & TOK_POSS) || !(prev->flags & (TOK_CAP | TOK_ALLCAPS)))
        return false;
    if (mention_at_token(r->out, r->base, a - 1, IM_MENTION_PLACE))
        return false;
    for (size_t k = b + 1; k < r->n && k <= b + 3 && same_sentence(r, k, a); k++) {
        bool capital_unit = (r->t[k].flags & TOK_CAP) &&
                            unit_at(r, k, NULL, NULL) == IM_PLACE_ADMIN1;
        bool unit = unit_at(r, k, NULL, NULL) == IM_PLACE_ADMIN1 ||
                    strcmp(r->t[k].lower, "wilayah") == 0;
        if (capital_unit || (unit && prev->gap_after == GAP_OPEN))
            return true;
    }
    return false;
}

/* "KABUL —", "MEXICO CITY, Jan. 5 —": a paragraph that opens with a place name in
 * capitals set off by punctuation. Emits the mention and returns its token count. */
static size_t dateline(rec *r, size_t i)
{
    const gp_token *t = &r->t[i];
    if (!(t->flags & TOK_ALLCAPS) || (t->flags & TOK_ABBREV) ||
        (i > 0 && same_sentence(r, i - 1, i)))
        return 0;
    if (t->sentence > 0 && im_text_sentence(r->text, t->sentence)->para ==
                               im_text_sentence(r->text, t->sentence - 1)->para)
        return 0;
    size_t j = i;
    while (j + 1 < r->n && j - i < 3 && same_sentence(r, j, j + 1) &&
           (r->t[j].gap_after == GAP_SPACE || r->t[j].gap_after == GAP_HYPHEN) &&
           (r->t[j + 1].flags & TOK_ALLCAPS))
        j++;
    /* set off by a dash, comma or bracket, and the sentence goes on */
    gp_gap g = r->t[j].gap_after;
    if (j + 1 >= r->n || !same_sentence(r, j, j + 1) ||
        (g != GAP_OTHER && g != GAP_COMMA && g != GAP_OPEN))
        return 0;
    char key[IM_FOLD_MAX];
    span_key(r, i, j, key);
    if (!key_is(r, key, KEY_EXACT))
        return 0;
    gp_mention *m = new_mention(r, IM_MENTION_PLACE, i, j);
    m->locative = true;
    m->dateline = true;
    m->unit_kind = IM_PLACE_CITY; /* datelines name towns */
    m->unit_weak = true;
    m->note = "dateline";
    return j - i + 1;
}

/* "Rome, Ga.", "Albany, N.Y.", "Austin, TX": a state abbreviation right after a
 * place and a comma. Emits the mention and returns its token count. */
static size_t state_abbreviation(rec *r, size_t i)
{
    const gp_token *t = &r->t[i];
    if (i == 0 || !(t->flags & (TOK_CAP | TOK_ALLCAPS)) || r->t[i - 1].gap_after != GAP_COMMA ||
        !same_sentence(r, i - 1, i) || r->out->n == r->base)
        return 0;
    const gp_mention *prev = &r->out->items[r->out->n - 1];
    if (prev->m.type != IM_MENTION_PLACE || prev->tok_last != i - 1)
        return 0;
    /* "Ga." and "Calif." end in a period, "N.Y." is one dotted token, "TX" is capitals */
    bool dotted = t->flags & TOK_ABBREV;
    bool period = t->core_end == t->end && r->s[t->core_end] == '.'; /* text ends in NUL */
    bool postal = (t->flags & TOK_ALLCAPS) && !dotted && t->lower_len == 2;
    if (!dotted && !period && !postal)
        return 0;
    const char *state = gp_us_state(t->lower, postal);
    if (!state)
        return 0;
    gp_mention *m = new_mention(r, IM_MENTION_PLACE, i, i);
    m->name = state;
    m->unit_kind = IM_PLACE_ADMIN1;
    m->qualifier = im_gazetteer_country(r->gz, "US");
    m->qualifier_soft = true;
    m->note = "state abbreviation";
    return 1;
}

static int by_position(const void *x, const void *y)
{
    const gp_mention *a = x, *b = y;
    if (a->tok_first != b->tok_first)
        return a->tok_first < b->tok_first ? -1 : 1;
    return a->m.type < b->m.type ? -1 : a->m.type > b->m.type;
}

void gp_recognise(const im_gazetteer *gz, gp_memo *memo, gp_chunks *chunks,
                  const im_text *text, gp_tokens *toks, gp_mentions *out)
{
    rec r = {gz,     memo, chunks, im_text_data(text, NULL), toks->items, toks, toks->n,
             out,    out->n, text};
    for (size_t i = 0; i < r.n;) {
        size_t dl = dateline(&r, i);
        if (!dl)
            dl = state_abbreviation(&r, i);
        if (dl) {
            i += dl;
            continue;
        }
        if (!capish(&r, i)) {
            char iso2[3];
            /* demonyms in lower-case positions are rare; nisbas follow "al-" */
            if ((r.t[i].flags & TOK_CAP) && demonym_at(&r, i, iso2)) {
                gp_mention *dm = new_mention(&r, IM_MENTION_DEMONYM, i, i);
                memcpy(dm->m.iso2, iso2, 3);
            }
            /* lower-case region phrases: "the tribal areas", "post-Soviet space" */
            const gp_region *reg;
            size_t len = 0;
            if (!(r.t[i].flags & TOK_LOWER) || gp_lower_region_start(r.t[i].lower)) {
                classes(&r, i);
                len = gp_region_match(r.s, r.t, r.n, i, &reg);
            }
            if (len && (r.t[i].flags & TOK_LOWER)) {
                gp_mention *gm = new_mention(&r, IM_MENTION_REGION, i, i + len - 1);
                gm->m.region = reg->name;
                memcpy(gm->m.iso2, reg->iso2, strlen(reg->iso2) + 1);
                i += len;
                continue;
            }
            i++;
            continue;
        }
        size_t j = i, next;
        while (chunk_continues(&r, i, j, &next))
            j = next;
        process_chunk_cached(&r, i, j);
        i = j + 1;
    }
    /* mentions mostly come out in order already (a chunk emits its demonyms before
       its places, out of order only when a demonym follows a place); no two share a
       first token and a type, so a run in order is what the sort would return */
    bool in_order = true;
    for (size_t i = r.base + 1; i < out->n && in_order; i++)
        in_order = by_position(&out->items[i - 1], &out->items[i]) <= 0;
    if (!in_order)
        qsort(out->items + r.base, out->n - r.base, sizeof *out->items, by_position);
    /* drop organisation branches, then gather context */
    size_t keep = r.base;
    for (size_t i = r.base; i < out->n; i++) {
        if (out->items[i].m.type == IM_MENTION_PLACE && branch_name(&r, &out->items[i]))
            continue;
        out->items[keep++] = out->items[i];
    }
    out->n = keep;
    for (size_t i = r.base; i < out->n; i++) {
        gp_mention *m = &out->items[i];
        if (m->m.type != IM_MENTION_PLACE)
            continue;
        unit_context(&r, m);
        site_context(&r, m);
        demonym_qualifier(&r, m);
        if (!m->locative)
            m->locative = has_locative_before(&r, m->tok_first);
    }
    relate(&r);
}
