/* Context around recognised mentions, and how they relate: unit words ("Zabol
 * province", "province of Nangarhar"), sites ("a mosque in Kunduz"), demonym qualifiers
 * ("the Libyan capital"), appositions and containment ("Shiraz, Iran", "Ahvaz in
 * Khuzestan", "Afghanistan's Zabol province"), lists, organisation branches named
 * after places, datelines ("KABUL —") and state abbreviations ("Rome, Ga."). Whether
 * Y really contains X is left to resolution, which knows the candidates. */
#include "recognise_private.h"
#include "incmap/alloc.h"
#include "geodata/lexicon/tab_regions.h"

#include <string.h>


static uint32_t demonym_country(const rec *r, size_t k);
static uint32_t country_at(const rec *r, size_t k);

/* Unit words just outside a mention: "Zabol province", "province of Nangarhar". */
void rc_unit_context(rec *r, gp_mention *m)
{
    size_t b = m->tok_last, a = m->tok_first;
    bool plural = false, weak = false;
    if (m->unit_kind == IM_PLACE_ANY && b + 1 < r->n && rc_same_sentence(r, b, b + 1) &&
        (r->t[b].gap_after == GAP_SPACE || r->t[b].gap_after == GAP_CLOSE)) {
        im_place_kind k = rc_unit_at(r, b + 1, &plural, &weak);
        if (k != IM_PLACE_ANY) {
            m->unit_kind = k;
            m->unit_weak = weak;
        }
    }
    /* "Zabul ('Zabol') province": a quoted gloss between name and unit word */
    if (m->unit_kind == IM_PLACE_ANY && b + 2 < r->n && rc_same_sentence(r, b, b + 2) &&
        (r->t[b].gap_after == GAP_OPEN) && r->t[b + 1].gap_after != GAP_COMMA) {
        im_place_kind k = rc_unit_at(r, b + 2, &plural, &weak);
        if (k != IM_PLACE_ANY && !weak) {
            m->unit_kind = k;
            m->unit_weak = weak;
        }
    }
    if (m->unit_kind == IM_PLACE_ANY && a >= 2 && rc_same_sentence(r, a - 2, a) &&
        strcmp(r->t[a - 1].lower, "of") == 0 &&
        (a < 3 || !(r->t[a - 3].flags & (TOK_CAP | TOK_ALLCAPS)) ||
         !rc_same_sentence(r, a - 3, a) || demonym_country(r, a - 3) != IM_PLACE_NONE ||
         country_at(r, a - 3) != IM_PLACE_NONE)) {
        im_place_kind k = rc_unit_at(r, a - 2, &plural, &weak);
        if (k != IM_PLACE_ANY) {
            m->unit_kind = k;
            m->unit_weak = weak;
        }
    }
}

/* "a Shi'a mosque in Kunduz", "an attack on the Daud Khan Hospital in Kabul". */
void rc_site_context(rec *r, gp_mention *m)
{
    size_t a = m->tok_first;
    if (a < 2 || !rc_same_sentence(r, a - 1, a))
        return;
    const char *prep = r->t[a - 1].lower;
    if (strcmp(prep, "in") && strcmp(prep, "at") && strcmp(prep, "near"))
        return;
    for (size_t k = a - 1; k-- > 0 && k + 5 >= a;) {
        if (!rc_same_sentence(r, k, a))
            break;
        if (rc_classes(r, k) & WORD_SITE) {
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
    rc_span_key(r, m->tok_first, m->tok_last, key);
    if (!rc_is_country_key(r, key))
        return false;
    *id = gp_memo_get(r->memo, key)->country;
    return true;
}

/* The country of a demonym at token k ("Libyan", "Lebanese"), or NONE. */
static uint32_t demonym_country(const rec *r, size_t k)
{
    char iso2[3];
    if (!(r->t[k].flags & TOK_CAP) || !rc_demonym_at(r, k, iso2))
        return IM_PLACE_NONE;
    return im_gazetteer_country(r->gz, iso2);
}

/* The country a one-token name at k is ("U.S.", "Iran"), or NONE. */
static uint32_t country_at(const rec *r, size_t k)
{
    if (!(r->t[k].flags & (TOK_CAP | TOK_ALLCAPS)) || !rc_tok_is(r, k, KEY_COUNTRY))
        return IM_PLACE_NONE;
    return gp_memo_get(r->memo, r->t[k].lower)->country;
}

static bool settlement_word(const rec *r, size_t k)
{
    bool plural = false;
    im_place_kind kind = rc_unit_at(r, k, &plural, NULL);
    return !plural && (kind != IM_PLACE_ANY || !strcmp(r->t[k].lower, "capital") ||
                       !strcmp(r->t[k].lower, "port"));
}

/* A demonym that places a name in its country: "Tripoli, the Libyan capital", "the
 * northern Lebanese city of Tripoli". */
void rc_demonym_qualifier(rec *r, gp_mention *m)
{
    size_t a = m->tok_first, b = m->tok_last;
    uint32_t country = IM_PLACE_NONE;
    if (b + 3 < r->n && rc_same_sentence(r, b, b + 3) && r->t[b].gap_after == GAP_COMMA &&
        !strcmp(r->t[b + 1].lower, "the")) {
        size_t k = b + 2;
        while (k + 1 < r->n && rc_same_sentence(r, b, k + 1) && (r->t[k].flags & TOK_LOWER) &&
               (rc_classes(r, k) & WORD_DIRECTIONAL))
            k++;
        if (k + 1 < r->n && rc_same_sentence(r, b, k + 1) && settlement_word(r, k + 1))
            country = demonym_country(r, k);
    }
    if (country == IM_PLACE_NONE && a >= 3 && rc_same_sentence(r, a - 3, a) &&
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

/* Mention i (m) lies inside `next` by the text's own words: link them so that
 * resolution keeps only candidates of m inside next. */
static void contain(gp_mentions *ms, size_t i, gp_mention *next, bool strict)
{
    gp_mention *m = &ms->items[i];
    if (!m->qualified_by) {
        m->qualified_by = (uint32_t)(next - ms->items) + 1;
        m->qualifier_soft = true;
    }
    if (!next->qualifies)
        next->qualifies = (uint32_t)i + 1;
    m->contained = strict && m->qualified_by == (uint32_t)(next - ms->items) + 1;
}

/* Does the list go on after `next` with a place and a country of its own ("Memphis,
 * Egypt, and Santorini, Greece")? Then "X, Country" pairs are appositions. */
static bool next_is_paired(const rec *r, const gp_mention *next)
{
    /* after the comma (and "and"): a capitalised name, a comma, a country */
    size_t k = next->tok_last + 1;
    if (k < r->n && !strcmp(r->t[k].lower, "and"))
        k++;
    if (k >= r->n || !rc_same_sentence(r, next->tok_last, k) || !(r->t[k].flags & TOK_CAP))
        return false;
    while (k + 1 < r->n && rc_same_sentence(r, k, k + 1) && r->t[k].gap_after == GAP_SPACE &&
           (r->t[k + 1].flags & TOK_CAP))
        k++;
    if (r->t[k].gap_after != GAP_COMMA || k + 1 >= r->n || !rc_same_sentence(r, k, k + 1))
        return false;
    const gp_mentions *ms = r->out;
    for (size_t j = (size_t)(next - ms->items) + 1; j < ms->n; j++) {
        const gp_mention *c = &ms->items[j];
        uint32_t id;
        if (c->tok_first > k + 1)
            break;
        if (c->tok_first == k + 1 && c->m.type == IM_MENTION_PLACE)
            return is_country_mention(r, c, &id);
    }
    return false;
}

/* Lists, qualifiers and containers, which relate mentions to each other. */
void rc_relate(rec *r)
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
        if (!next || !rc_same_sentence(r, b, next->tok_first))
            continue;
        size_t gap_tokens = next->tok_first - b - 1;
        bool comma = r->t[b].gap_after == GAP_COMMA;
        uint32_t cid;
        bool m_country = is_country_mention(r, m, &(uint32_t){0});
        size_t nb = next->tok_last;
        bool list_goes_on = nb + 1 < r->n && rc_same_sentence(r, nb, nb + 1) &&
                            (r->t[nb].gap_after == GAP_COMMA ||
                             strcmp(r->t[nb + 1].lower, "and") == 0) &&
                            !(r->t[nb + 1].flags & TOK_LOWER && r->t[nb].gap_after == GAP_COMMA &&
                              strcmp(r->t[nb + 1].lower, "and") != 0);
        /* "Memphis, Egypt, and Santorini, Greece": the list goes on with pairs */
        if (list_goes_on && next_is_paired(r, next))
            list_goes_on = false;
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
                    !(rc_classes(r, k) & (WORD_DIRECTIONAL | WORD_DETERMINER)))
                    plain = false;
            /* "Hyderabad, in India's Telangana state" qualifies; only without the
               comma is it a constraint ("a nightclub in Istanbul, in New York City,
               and in Stockholm" is a list) */
            if (plain)
                contain(ms, i, next, !comma);
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
            (strcmp(r->t[b + 1].lower, "in") == 0 || strcmp(r->t[b + 1].lower, "of") == 0)) {
            next->container = true;
            contain(ms, i, next, true);
        }
        /* "the Sambas area of Zhob district", "Zhob and Sui areas of Balochistan", "the
           Tirah valley of Khyber" */
        if (gap_tokens == 2 && (rc_unit_at(r, b + 1, NULL, NULL) != IM_PLACE_ANY ||
                                ((r->t[b + 1].flags & TOK_LOWER) &&
                                 (rc_classes(r, b + 1) & WORD_FEATURE))) &&
            (strcmp(r->t[b + 2].lower, "in") == 0 || strcmp(r->t[b + 2].lower, "of") == 0)) {
            next->container = true;
            contain(ms, i, next, true);
        }
    }
    /* a plural unit word after a list, or "districts of" before it, covers the list */
    for (size_t i = r->base; i < ms->n; i++) {
        gp_mention *m = &ms->items[i];
        if (!m->list_id || m->unit_kind == IM_PLACE_ANY)
            continue;
        for (size_t j = r->base; j < ms->n; j++) {
            gp_mention *o = &ms->items[j];
            if (o->list_id != m->list_id)
                continue;
            if (o->unit_kind == IM_PLACE_ANY) {
                o->unit_kind = m->unit_kind;
                o->unit_weak = true;
            }
            /* and so does its container: "Zhob and Sui areas of Balochistan" */
            if (m->contained && !o->qualified_by && j != i) {
                o->qualified_by = m->qualified_by;
                o->qualifier_soft = true;
                o->contained = true;
            }
        }
    }
}

/* Organisation branches named after places: Islamic State's "Fars" province. */
bool rc_branch_name(const rec *r, const gp_mention *m)
{
    size_t a = m->tok_first, b = m->tok_last;
    if (a == 0 || !rc_same_sentence(r, a - 1, a))
        return false;
    const gp_token *prev = &r->t[a - 1];
    if (!(prev->flags & TOK_POSS) || !(prev->flags & (TOK_CAP | TOK_ALLCAPS)))
        return false;
    if (mention_at_token(r->out, r->base, a - 1, IM_MENTION_PLACE))
        return false;
    for (size_t k = b + 1; k < r->n && k <= b + 3 && rc_same_sentence(r, k, a); k++) {
        bool capital_unit = (r->t[k].flags & TOK_CAP) &&
                            rc_unit_at(r, k, NULL, NULL) == IM_PLACE_ADMIN1;
        bool unit = rc_unit_at(r, k, NULL, NULL) == IM_PLACE_ADMIN1 ||
                    strcmp(r->t[k].lower, "wilayah") == 0;
        if (capital_unit || (unit && prev->gap_after == GAP_OPEN))
            return true;
    }
    return false;
}

/* "KABUL —", "MEXICO CITY, Jan. 5 —": a paragraph that opens with a place name in
 * capitals set off by punctuation. Emits the mention and returns its token count. */
size_t rc_dateline(rec *r, size_t i)
{
    const gp_token *t = &r->t[i];
    if (!(t->flags & TOK_ALLCAPS) || (t->flags & TOK_ABBREV) ||
        (i > 0 && rc_same_sentence(r, i - 1, i)))
        return 0;
    if (t->sentence > 0 && im_text_sentence(r->text, t->sentence)->para ==
                               im_text_sentence(r->text, t->sentence - 1)->para)
        return 0;
    size_t j = i;
    while (j + 1 < r->n && j - i < 3 && rc_same_sentence(r, j, j + 1) &&
           (r->t[j].gap_after == GAP_SPACE || r->t[j].gap_after == GAP_HYPHEN) &&
           (r->t[j + 1].flags & TOK_ALLCAPS))
        j++;
    /* set off by a dash, comma or bracket, and the sentence goes on */
    gp_gap g = r->t[j].gap_after;
    if (j + 1 >= r->n || !rc_same_sentence(r, j, j + 1) ||
        (g != GAP_OTHER && g != GAP_COMMA && g != GAP_OPEN))
        return 0;
    char key[IM_FOLD_MAX];
    rc_span_key(r, i, j, key);
    if (!rc_key_is(r, key, KEY_EXACT))
        return 0;
    gp_mention *m = rc_new_mention(r, IM_MENTION_PLACE, i, j);
    m->locative = true;
    m->dateline = true;
    m->unit_kind = IM_PLACE_CITY; /* datelines name towns */
    m->unit_weak = true;
    m->note = "dateline";
    return j - i + 1;
}

/* "Rome, Ga.", "Albany, N.Y.", "Austin, TX": a state abbreviation right after a
 * place and a comma. Emits the mention and returns its token count. */
size_t rc_state_abbreviation(rec *r, size_t i)
{
    const gp_token *t = &r->t[i];
    if (i == 0 || !(t->flags & (TOK_CAP | TOK_ALLCAPS)) || r->t[i - 1].gap_after != GAP_COMMA ||
        !rc_same_sentence(r, i - 1, i) || r->out->n == r->base)
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
    gp_mention *m = rc_new_mention(r, IM_MENTION_PLACE, i, i);
    m->name = state;
    m->unit_kind = IM_PLACE_ADMIN1;
    m->qualifier = im_gazetteer_country(r->gz, "US");
    m->qualifier_soft = true;
    m->note = "state abbreviation";
    return 1;
}
