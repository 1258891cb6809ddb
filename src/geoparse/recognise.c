/* Recognition: which capitalised word sequences name places.
 *
 * Capitalised tokens (with inner joiners such as "of", "e", "i") form name chunks.
 * Within a chunk the longest gazetteer names and region phrases are found; then the
 * chunk as a whole decides whether they are places. A chunk whose extra words come
 * before the place ("Islamic Movement of Uzbekistan", "Tom West", "Voice of Khurasan")
 * or that holds an organisation head noun ("U.S. Central Command") names something
 * else; extra words after the place must be ordinary English ("Kabul airport",
 * "U.S. Special Representative"), not a surname ("Juma Namangani"). Acronyms only
 * count when they are a country's short form (US, UK). Single words that are also
 * given names, months, languages or platforms are not places, and a lone weak match
 * (a village that shares an English or personal name) needs locative context. The
 * context each mention needs for resolution (unit words, prepositions, lists,
 * possessive and appositive qualifiers, sites) is collected here too. */
#include "geoparse_private.h"
#include "incmap/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct rec {
    const im_gazetteer *gz;
    const char *s;
    const gp_token *t;
    size_t n;
    gp_mentions *out;
} rec;

static unsigned classes(const rec *r, size_t i)
{
    return gp_word_classes(r->t[i].lower);
}

static bool is_joiner_token(const rec *r, size_t i)
{
    return (r->t[i].flags & TOK_LOWER) && (classes(r, i) & WORD_JOINER);
}

/* Key of tokens [a, b] as written (hyphens and spaces fold alike). */
static size_t span_key(const rec *r, size_t a, size_t b, char key[IM_FOLD_MAX])
{
    return im_fold(r->s + r->t[a].start, r->t[b].core_end - r->t[a].start, key, NULL);
}

static size_t exact_count(const rec *r, const char *key)
{
    im_lookup_opts o = IM_LOOKUP_OPTS_INIT;
    o.variants = false;
    im_candidate c[1];
    return im_gazetteer_lookup_key(r->gz, key, &o, c, 1);
}

/* Would a sentence-initial common word start a name ("Central Asia", "New York")? */
static bool starts_name(const rec *r, size_t i)
{
    if (i + 1 >= r->n || !(r->t[i + 1].flags & TOK_CAP) ||
        (r->t[i].gap_after != GAP_SPACE && r->t[i].gap_after != GAP_HYPHEN))
        return false;
    const gp_region *reg;
    if (gp_region_match(r->s, r->t, r->n, i, &reg) >= 2)
        return true;
    char key[IM_FOLD_MAX];
    span_key(r, i, i + 1, key);
    return im_gazetteer_has_prefix(r->gz, key);
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
            if (!im_gazetteer_has_prefix(r->gz, key))
                return false;
        }
        *next = k;
        return true;
    }
    return false;
}

typedef struct match {
    size_t a, b;                 /* token range */
    const gp_region *region;     /* region phrase, or NULL for a gazetteer name */
    bool variant_only;           /* only a transliteration skeleton matched */
} match;

/* Longest gazetteer name or region phrase starting at token p, within [p, end]. */
static bool longest_match(const rec *r, size_t p, size_t end, match *m)
{
    const gp_region *reg = NULL;
    size_t rlen = gp_region_match(r->s, r->t, end + 1, p, &reg);
    size_t best = 0;
    char key[IM_FOLD_MAX];
    for (size_t q = p; q <= end; q++) {
        span_key(r, p, q, key);
        if (exact_count(r, key))
            best = q - p + 1;
        if (!im_gazetteer_has_prefix(r->gz, key))
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
    bool lone = p == end || (p + 1 == end && gp_unit_word(r->t[end].lower, NULL, NULL) !=
                                                 IM_PLACE_ANY);
    char iso2[3];
    if (lone && !(r->t[p].flags & TOK_ALLCAPS) && !classes(r, p) &&
        !im_gazetteer_demonym(r->gz, r->s + r->t[p].start, r->t[p].core_end - r->t[p].start,
                              iso2, NULL, NULL)) {
        span_key(r, p, p, key);
        im_candidate c[1];
        if (strlen(key) >= 4 && im_gazetteer_lookup_key(r->gz, key, NULL, c, 1)) {
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
    im_lookup_opts o = IM_LOOKUP_OPTS_INIT;
    o.kind = IM_PLACE_COUNTRY;
    o.variants = false;
    im_candidate c[1];
    return im_gazetteer_lookup_key(r->gz, key, &o, c, 1) > 0;
}

/* A demonym or nisba, unless the word is also a country's own short form (the "U.S."
   of "U.S. media" is the country used attributively). */
static bool demonym_at(const rec *r, size_t i, char iso2[3])
{
    const gp_token *t = &r->t[i];
    size_t len = t->core_end - t->start;
    if (is_country_key(r, t->lower))
        return false;
    if (im_gazetteer_demonym(r->gz, r->s + t->start, len, iso2, NULL, NULL))
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
    im_candidate c[GP_MAX_CANDS];
    im_lookup_opts o = IM_LOOKUP_OPTS_INIT;
    o.variants = false;
    size_t n = im_gazetteer_lookup_key(r->gz, key, &o, c, GP_MAX_CANDS);
    if (n > GP_MAX_CANDS)
        n = GP_MAX_CANDS;
    for (size_t i = 0; i < n; i++) {
        im_place p;
        im_gazetteer_get(r->gz, c[i].id, &p);
        if (p.kind == IM_PLACE_COUNTRY || p.kind == IM_PLACE_ADMIN1)
            return true;
        if (p.kind == IM_PLACE_CITY && (p.population >= 20000 || !strncmp(p.feature, "PPLA", 4) ||
                                        !strncmp(p.feature, "PPLC", 4)))
            return true;
    }
    return false;
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
        if (!(gp_word_classes(r->t[p].lower) & WORD_JOINER) && n_ms < 16 &&
            longest_match(r, p, b, &m)) {
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
                            gp_unit_word(r->t[ms[i].b + 1].lower, NULL, NULL) != IM_PLACE_ANY;
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
        if (gp_unit_word(r->t[k].lower, &plural, &weak) != IM_PLACE_ANY && k > a && role[k - a - 1])
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
            snprintf(dm->evidence, sizeof dm->evidence, "demonym");
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
    for (size_t i = 0; i < n_ms; i++) {
        match *m = &ms[i];
        if (m->region) {
            gp_mention *gm = new_mention(r, IM_MENTION_REGION, m->a, m->b);
            gm->m.region = m->region->name;
            memcpy(gm->m.iso2, m->region->iso2, strlen(m->region->iso2) + 1);
            snprintf(gm->evidence, sizeof gm->evidence, "region phrase");
            continue;
        }
        char key[IM_FOLD_MAX];
        span_key(r, m->a, m->b, key);
        bool single = m->a == m->b;
        unsigned c = single ? classes(r, m->a) : 0;
        bool acronym = single && is_acronym(r, m->a);
        if (single && (c & (WORD_PERSON | WORD_MONTH | WORD_NONPLACE)))
            continue;
        char iso2[3];
        if (single && demonym_at(r, m->a, iso2))
            continue;
        bool locative = has_locative_before(r, m->a);
        if (acronym) {
            /* only a country's short form: US, UK, UAE */
            im_lookup_opts o = IM_LOOKUP_OPTS_INIT;
            o.kind = IM_PLACE_COUNTRY;
            o.variants = false;
            im_candidate cc[1];
            if (!im_gazetteer_lookup_key(r->gz, key, &o, cc, 1))
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
            snprintf(pm->evidence, sizeof pm->evidence, "spelling variant");
        /* unit word inside the chunk right after the name: "Danghara District" */
        if (m->b < b && role[m->b + 1 - a] == 2) {
            bool plural = false, weak = false;
            pm->unit_kind = gp_unit_word(r->t[m->b + 1].lower, &plural, &weak);
            pm->unit_weak = weak;
        }
        if (acronym)
            pm->unit_kind = IM_PLACE_COUNTRY;
    }
}

/* ---- context around mentions --------------------------------------------------- */

static bool same_sentence(const rec *r, size_t a, size_t b)
{
    return a < r->n && b < r->n && r->t[a].sentence == r->t[b].sentence;
}

/* Unit words just outside a mention: "Zabol province", "province of Nangarhar". */
static void unit_context(rec *r, gp_mention *m)
{
    size_t b = m->tok_last, a = m->tok_first;
    bool plural = false, weak = false;
    if (m->unit_kind == IM_PLACE_ANY && b + 1 < r->n && same_sentence(r, b, b + 1) &&
        (r->t[b].gap_after == GAP_SPACE || r->t[b].gap_after == GAP_CLOSE)) {
        im_place_kind k = gp_unit_word(r->t[b + 1].lower, &plural, &weak);
        if (k != IM_PLACE_ANY) {
            m->unit_kind = k;
            m->unit_weak = weak;
        }
    }
    /* "Zabul ('Zabol') province": a quoted gloss between name and unit word */
    if (m->unit_kind == IM_PLACE_ANY && b + 2 < r->n && same_sentence(r, b, b + 2) &&
        (r->t[b].gap_after == GAP_OPEN) && r->t[b + 1].gap_after != GAP_COMMA) {
        im_place_kind k = gp_unit_word(r->t[b + 2].lower, &plural, &weak);
        if (k != IM_PLACE_ANY && !weak) {
            m->unit_kind = k;
            m->unit_weak = weak;
        }
    }
    if (m->unit_kind == IM_PLACE_ANY && a >= 2 && same_sentence(r, a - 2, a) &&
        strcmp(r->t[a - 1].lower, "of") == 0 &&
        (a < 3 || !(r->t[a - 3].flags & (TOK_CAP | TOK_ALLCAPS)) ||
         !same_sentence(r, a - 3, a))) {
        im_place_kind k = gp_unit_word(r->t[a - 2].lower, &plural, &weak);
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
        if (gp_word_classes(r->t[k].lower) & WORD_SITE) {
            m->site_context = true;
            return;
        }
    }
}

static gp_mention *mention_at_token(gp_mentions *ms, size_t first_token, im_mention_type type)
{
    for (size_t i = 0; i < ms->n; i++)
        if (ms->items[i].tok_first == first_token && ms->items[i].m.type == type)
            return &ms->items[i];
    return NULL;
}

static bool is_country_mention(const rec *r, const gp_mention *m, uint32_t *id)
{
    char key[IM_FOLD_MAX];
    span_key(r, m->tok_first, m->tok_last, key);
    im_lookup_opts o = IM_LOOKUP_OPTS_INIT;
    o.kind = IM_PLACE_COUNTRY;
    o.variants = false;
    im_candidate c[1];
    if (!im_gazetteer_lookup_key(r->gz, key, &o, c, 1))
        return false;
    *id = c[0].id;
    return true;
}

/* Lists, qualifiers and containers, which relate mentions to each other. */
static void relate(rec *r)
{
    gp_mentions *ms = r->out;
    size_t list_id = 0;
    for (size_t i = 0; i < ms->n; i++) {
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
        /* apposition "Shiraz, Iran": a country right after a comma, not itself
           continuing a list ("Kabul, Pakistan, and Iran") */
        if (comma && gap_tokens == 0 && is_country_mention(r, next, &cid) &&
            !is_country_mention(r, m, &(uint32_t){0})) {
            size_t nb = next->tok_last;
            bool list_goes_on = nb + 1 < r->n && same_sentence(r, nb, nb + 1) &&
                                (r->t[nb].gap_after == GAP_COMMA ||
                                 strcmp(r->t[nb + 1].lower, "and") == 0) &&
                                !(r->t[nb + 1].flags & TOK_LOWER && r->t[nb].gap_after == GAP_COMMA &&
                                  strcmp(r->t[nb + 1].lower, "and") != 0);
            if (!list_goes_on) {
                m->qualifier = cid;
                m->qualifier_apposition = true;
                continue;
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
                m->list_id = ++list_id;
            next->list_id = m->list_id;
        }
        /* containers: "Darzab district in Jawzjan", "Imam Sahib district of Kunduz" */
        if (gap_tokens == 1 && (m->unit_kind == IM_PLACE_ADMIN2 || m->unit_kind == IM_PLACE_CITY) &&
            (strcmp(r->t[b + 1].lower, "in") == 0 || strcmp(r->t[b + 1].lower, "of") == 0))
            next->container = true;
        if (gap_tokens == 2 && gp_unit_word(r->t[b + 1].lower, NULL, NULL) != IM_PLACE_ANY &&
            (strcmp(r->t[b + 2].lower, "in") == 0 || strcmp(r->t[b + 2].lower, "of") == 0))
            next->container = true;
    }
    /* a plural unit word after a list, or "districts of" before it, covers the list */
    for (size_t i = 0; i < ms->n; i++) {
        gp_mention *m = &ms->items[i];
        if (!m->list_id || m->unit_kind == IM_PLACE_ANY)
            continue;
        for (size_t j = 0; j < ms->n; j++) {
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
    if (mention_at_token(r->out, a - 1, IM_MENTION_PLACE))
        return false;
    for (size_t k = b + 1; k < r->n && k <= b + 3 && same_sentence(r, k, a); k++) {
        bool capital_unit = (r->t[k].flags & TOK_CAP) &&
                            gp_unit_word(r->t[k].lower, NULL, NULL) == IM_PLACE_ADMIN1;
        bool unit = gp_unit_word(r->t[k].lower, NULL, NULL) == IM_PLACE_ADMIN1 ||
                    strcmp(r->t[k].lower, "wilayah") == 0;
        if (capital_unit || (unit && prev->gap_after == GAP_OPEN))
            return true;
    }
    return false;
}

static int by_position(const void *x, const void *y)
{
    const gp_mention *a = x, *b = y;
    if (a->tok_first != b->tok_first)
        return a->tok_first < b->tok_first ? -1 : 1;
    return a->m.type < b->m.type ? -1 : a->m.type > b->m.type;
}

void gp_recognise(const im_gazetteer *gz, const im_text *text, const gp_tokens *toks,
                  gp_mentions *out)
{
    rec r = {gz, im_text_data(text, NULL), toks->items, toks->n, out};
    for (size_t i = 0; i < r.n;) {
        if (!capish(&r, i)) {
            char iso2[3];
            /* demonyms in lower-case positions are rare; nisbas follow "al-" */
            if ((r.t[i].flags & TOK_CAP) && demonym_at(&r, i, iso2)) {
                gp_mention *dm = new_mention(&r, IM_MENTION_DEMONYM, i, i);
                memcpy(dm->m.iso2, iso2, 3);
            }
            /* lower-case region phrases: "the tribal areas", "post-Soviet space" */
            const gp_region *reg;
            size_t len = gp_region_match(r.s, r.t, r.n, i, &reg);
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
        process_chunk(&r, i, j);
        i = j + 1;
    }
    qsort(out->items, out->n, sizeof *out->items, by_position);
    /* drop organisation branches, then gather context */
    size_t keep = 0;
    for (size_t i = 0; i < out->n; i++) {
        if (out->items[i].m.type == IM_MENTION_PLACE && branch_name(&r, &out->items[i]))
            continue;
        out->items[keep++] = out->items[i];
    }
    out->n = keep;
    for (size_t i = 0; i < out->n; i++) {
        gp_mention *m = &out->items[i];
        if (m->m.type != IM_MENTION_PLACE)
            continue;
        unit_context(&r, m);
        site_context(&r, m);
        if (!m->locative)
            m->locative = has_locative_before(&r, m->tok_first);
    }
    relate(&r);
}
