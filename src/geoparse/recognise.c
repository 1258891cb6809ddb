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
 * Y really contains X is left to resolve.c, which knows the candidates. The helpers
 * live in recognise_words.c, the context rules in relate.c, people and organisations
 * in people.c.
 *
 * Work is done one window of whole sentences at a time (nothing here looks across a
 * sentence), and every gazetteer question about a key is asked once per run through
 * the memo, so long inputs cost time in proportion to their length. */
#include "recognise_private.h"
#include "incmap/alloc.h"
#include "geodata/lexicon/tab_regions.h"

#include <stdlib.h>
#include <string.h>

/* Would a sentence-initial common word start a name ("Central Asia", "New York")? */
static bool starts_name(const rec *r, size_t i)
{
    if (i + 1 >= r->n || !(r->t[i + 1].flags & TOK_CAP) ||
        (r->t[i].gap_after != GAP_SPACE && r->t[i].gap_after != GAP_HYPHEN))
        return false;
    const gp_region *reg;
    rc_classes(r, i);
    if (gp_region_match(r->s, r->t, r->n, i, &reg) >= 2)
        return true;
    char key[IM_FOLD_MAX];
    rc_span_key(r, i, i + 1, key);
    return rc_key_is(r, key, KEY_PREFIX);
}

static bool capish(const rec *r, size_t i)
{
    const gp_token *t = &r->t[i];
    if (!(t->flags & (TOK_CAP | TOK_ALLCAPS)))
        return false;
    /* "In Kabul", "However, …": a capital that only marks a sentence's start. Content
       words stay in the chunk, so "Radio Free Europe" is still seen whole. */
    if ((t->flags & TOK_SENT_START) && (rc_classes(r, i) & WORD_FUNCTION) &&
        !(t->flags & TOK_ALLCAPS))
        return starts_name(r, i);
    /* "Residents of Herat", "Governor of Kunduz": a sentence-initial noun before "of"
       that begins no name and heads no organisation is an ordinary word */
    if ((t->flags & TOK_SENT_START) && !(t->flags & TOK_ALLCAPS) && i + 1 < r->n &&
        t->gap_after == GAP_SPACE && !strcmp(r->t[i + 1].lower, "of") &&
        !(rc_classes(r, i) & (WORD_ORG_HEAD | WORD_PERSON))) {
        char key[IM_FOLD_MAX];
        rc_span_key(r, i, i + 1, key);
        if (!rc_tok_is(r, i, KEY_EXACT) && !rc_key_is(r, key, KEY_PREFIX))
            return false;
    }
    return true;
}

/* Does the chunk that ends at token j go on to j + 1? */
static bool chunk_continues(const rec *r, size_t chunk_start, size_t j, size_t *next)
{
    const gp_token *t = &r->t[j];
    if (j + 1 >= r->n || (t->flags & TOK_POSS) || rc_is_acronym(r, j))
        return false;
    if (t->gap_after != GAP_SPACE && t->gap_after != GAP_HYPHEN)
        return false;
    if (capish(r, j + 1) && !rc_is_acronym(r, j + 1)) {
        *next = j + 1;
        return true;
    }
    /* joiners inside names: Mazar-i-Sharif, Voice of Khurasan. "and"/"or" join only
       inside a known name (Bosnia and Herzegovina); elsewhere they separate two names
       ("Najrab and Tagab districts"). */
    size_t k = j + 1;
    bool conjunction = false;
    while (k < r->n && rc_is_joiner_token(r, k) && k - j <= 2 &&
           (r->t[k].gap_after == GAP_SPACE || r->t[k].gap_after == GAP_HYPHEN)) {
        if (!strcmp(r->t[k].lower, "and") || !strcmp(r->t[k].lower, "or"))
            conjunction = true;
        k++;
    }
    if (k > j + 1 && k < r->n && capish(r, k) && !rc_is_acronym(r, k) &&
        !(r->t[k].flags & TOK_SENT_START)) {
        if (conjunction) {
            char key[IM_FOLD_MAX];
            rc_span_key(r, chunk_start, k, key);
            if (!rc_key_is(r, key, KEY_PREFIX))
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
} match;

/* Longest gazetteer name or region phrase starting at token p, within [p, end]. */
static bool longest_match(const rec *r, size_t p, size_t end, match *m)
{
    const gp_region *reg = NULL;
    rc_classes(r, p);
    size_t rlen = gp_region_match(r->s, r->t, end + 1, p, &reg);
    size_t best = 0;
    char key[IM_FOLD_MAX];
    for (size_t q = p; q <= end; q++) {
        if (q == p) {
            if (rc_tok_is(r, p, KEY_EXACT))
                best = 1;
            if (!rc_tok_is(r, p, KEY_PREFIX))
                break;
            continue;
        }
        rc_span_key(r, p, q, key);
        if (rc_exact_count(r, key))
            best = q - p + 1;
        if (!rc_key_is(r, key, KEY_PREFIX))
            break;
    }
    if (rlen && rlen >= best) {
        *m = (match){p, p + rlen - 1, reg};
        return true;
    }
    if (best) {
        *m = (match){p, p + best - 1, NULL};
        return true;
    }
    /* no transliteration variant alone ("Tirah" is not Tirat Karmel, "Adders" not El
       Idrissia): an approximate match is no place; `geocode --fuzzy` may suggest one */
    return false;
}

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
        bool joiner = rc_classes(r, p) & WORD_JOINER;
        if (n_ms < 16 && (!joiner || (r->t[p].flags & TOK_CAP)) && longest_match(r, p, b, &m) &&
            (!joiner || (m.b > m.a && !(rc_classes(r, m.b) & WORD_ORG_HEAD)))) {
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
        rc_span_key(r, ms[i].a, ms[i].b, key);
        bool unit_follows = ms[i].b < b &&
                            rc_unit_at(r, ms[i].b + 1, NULL, NULL) != IM_PLACE_ANY;
        if (ms[i].a == ms[i].b && !ms[i].region && b > a && !unit_follows &&
            !rc_strong_alone(r, key)) {
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
        unsigned c = rc_classes(r, k);
        bool plural, weak;
        if (rc_unit_at(r, k, &plural, &weak) != IM_PLACE_ANY && k > a && role[k - a - 1])
            role[k - a] = 2;
        else if ((c & (WORD_DIRECTIONAL | WORD_JOINER)) && k < first_match)
            role[k - a] = 3;
        else if (rc_is_joiner_token(r, k))
            role[k - a] = 3;
        else if (c & WORD_ORG_HEAD)
            org = true;
    }
    for (size_t i = 0; i < n_ms; i++)
        if (ms[i].a == ms[i].b && !ms[i].region && (rc_classes(r, ms[i].a) & WORD_ORG_HEAD))
            org = true;
    /* demonyms anywhere in the chunk become nationality mentions */
    for (size_t k = a; k <= b; k++) {
        char iso2[3];
        if (!role[k - a] && (r->t[k].flags & TOK_CAP) && rc_demonym_at(r, k, iso2)) {
            gp_mention *dm = rc_new_mention(r, IM_MENTION_DEMONYM, k, k);
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
        unsigned c = rc_classes(r, k);
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
            !(rc_classes(r, y->a) & WORD_PERSON)) {
            /* a given name first settles it: "George Washington" */
            if (rc_classes(r, x->a) & WORD_PERSON)
                return;
            if (!rc_tok_is(r, y->a, KEY_COUNTRY) && !rc_tok_is(r, y->a, KEY_ADMIN1))
                return;
        }
    }
    for (size_t i = 0; i < n_ms; i++) {
        match *m = &ms[i];
        if (m->region) {
            gp_mention *gm = rc_new_mention(r, IM_MENTION_REGION, m->a, m->b);
            gm->m.region = m->region->name;
            memcpy(gm->m.iso2, m->region->iso2, strlen(m->region->iso2) + 1);
            gm->note = "region phrase";
            continue;
        }
        char key[IM_FOLD_MAX];
        rc_span_key(r, m->a, m->b, key);
        bool single = m->a == m->b;
        unsigned c = single ? rc_classes(r, m->a) : 0;
        bool acronym = single && rc_is_acronym(r, m->a);
        if (single && (c & (WORD_MONTH | WORD_NONPLACE)))
            continue;
        /* "Golden Gate Bridge", "Mosul Dam": a landmark named after a place is not
           the place; "Central Park" shares a hamlet's name unless that is a town */
        if (m->b < b && (rc_classes(r, m->b + 1) & WORD_FEATURE) &&
            (r->t[m->b + 1].flags & TOK_CAP))
            continue;
        if ((rc_classes(r, m->b) & WORD_FEATURE) && !rc_key_is(r, key, KEY_STRONG))
            continue;
        /* a town that is also a given name ("Mary") only alone after in/near/outside */
        if (single && (c & WORD_PERSON) && !(a == b && rc_place_preposition_before(r, a) &&
                                             rc_strong_alone(r, key)))
            continue;
        char iso2[3];
        if (single && rc_demonym_at(r, m->a, iso2))
            continue;
        bool locative = rc_has_locative_before(r, m->a);
        /* "Mobile phones", "Reading the statement": an everyday word needs a preposition
           or a qualifier ("Mobile, Alabama"), and a sentence-initial name followed by an
           article was a verb */
        bool qualified = r->t[m->b].gap_after == GAP_COMMA && m->b + 1 < r->n &&
                         (r->t[m->b + 1].flags & TOK_CAP);
        if (single && (c & WORD_AMBIGUOUS) && !locative && !qualified)
            continue;
        if (a == b && (r->t[a].flags & TOK_SENT_START) && r->t[a].gap_after == GAP_SPACE &&
            a + 1 < r->n && (r->t[a + 1].flags & TOK_LOWER) &&
            (rc_classes(r, a + 1) & WORD_DETERMINER))
            continue;
        if (acronym) {
            /* only a country's short form: US, UK, UAE */
            if (!rc_is_country_key(r, key))
                continue;
        } else if (single && (c & WORD_COMMON) && !rc_is_country_key(r, key)) {
            continue;
        }
        /* Arabic article names: an-Nur, al-Baghdadi (unless "al-X" is itself a name) */
        if (m->a > 0 && r->t[m->a - 1].gap_after == GAP_HYPHEN &&
            (r->t[m->a - 1].flags & TOK_LOWER) && strlen(r->t[m->a - 1].lower) <= 3) {
            char akey[IM_FOLD_MAX];
            rc_span_key(r, m->a - 1, m->b, akey);
            if (!rc_exact_count(r, akey))
                continue;
        }
        gp_mention *pm = rc_new_mention(r, IM_MENTION_PLACE, m->a, m->b);
        pm->locative = locative;
        /* unit word inside the chunk right after the name: "Danghara District" */
        if (m->b < b && role[m->b + 1 - a] == 2) {
            bool plural = false, weak = false;
            pm->unit_kind = rc_unit_at(r, m->b + 1, &plural, &weak);
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
             out,    out->n, text, NULL, 0};
    rc_mark_organisations(&r);
    for (size_t i = 0; i < r.n;) {
        size_t dl = rc_dateline(&r, i);
        if (!dl)
            dl = rc_state_abbreviation(&r, i);
        if (dl) {
            i += dl;
            continue;
        }
        if (!capish(&r, i)) {
            char iso2[3];
            /* demonyms in lower-case positions are rare; nisbas follow "al-" */
            if ((r.t[i].flags & TOK_CAP) && rc_demonym_at(&r, i, iso2)) {
                gp_mention *dm = rc_new_mention(&r, IM_MENTION_DEMONYM, i, i);
                memcpy(dm->m.iso2, iso2, 3);
            }
            /* lower-case region phrases: "the tribal areas", "post-Soviet space" */
            const gp_region *reg;
            size_t len = 0;
            if (!(r.t[i].flags & TOK_LOWER) || gp_lower_region_start(r.t[i].lower)) {
                rc_classes(&r, i);
                len = gp_region_match(r.s, r.t, r.n, i, &reg);
            }
            if (len && (r.t[i].flags & TOK_LOWER)) {
                gp_mention *gm = rc_new_mention(&r, IM_MENTION_REGION, i, i + len - 1);
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
        rc_note_person(&r, i, j);
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
        if (out->items[i].m.type == IM_MENTION_PLACE && rc_branch_name(&r, &out->items[i]))
            continue;
        out->items[keep++] = out->items[i];
    }
    out->n = keep;
    for (size_t i = r.base; i < out->n; i++) {
        gp_mention *m = &out->items[i];
        if (m->m.type != IM_MENTION_PLACE)
            continue;
        rc_unit_context(&r, m);
        rc_site_context(&r, m);
        rc_demonym_qualifier(&r, m);
        if (!m->locative)
            m->locative = rc_has_locative_before(&r, m->tok_first);
    }
    /* people and organisations, now that unit words and qualifiers are known */
    rc_learn_people(&r);
    keep = r.base;
    for (size_t i = r.base; i < out->n; i++)
        if (!rc_not_a_place(&r, &out->items[i]))
            out->items[keep++] = out->items[i];
    out->n = keep;
    rc_relate(&r);
    free(r.org);
}

