/* People and organisations are not places. Recognition finds capitalised names that
 * the gazetteer knows; many are surnames ("Brown", "Steele", "Murphy") or sit inside an
 * organisation's name ("White House", "Institute for Near East Policy"). The rules:
 *   - a given name (given_names.tsv, or a title: President, Mr, Sen.) opening a chunk
 *     of other capitalised names makes a person ("Sandra Jansen", "President Obama");
 *     its names are remembered (KEY_PERSON in the memo, one document per run) and a
 *     lone mention of one later is a person too, unless a preposition of place or a
 *     qualifier says otherwise ("in Georgia");
 *   - "Steele said", "said Jansen", "Murphy, who", "Mr. Brown": a lone name that is no
 *     country or province, before or after a verb of saying, before ", who", or after
 *     a title, is a person;
 *   - a lone English given name or one of the 10,000 most frequent English words that
 *     is no large place needs a preposition of place ("Lucy", "Samples were taken");
 *   - names inside organisation phrases (organisations.tsv) and after an organisation
 *     head and "for"/"on" are part of the organisation.
 * What this does not do: tell a person from a place by the verb a clause takes ("Paris
 * voted"), or learn surnames from a list: surnames are learnt from the text itself. */
#include "recognise_private.h"
#include "incmap/alloc.h"
#include "geodata/lexicon/tab_contractions.h"
#include "geodata/lexicon/tab_organisations.h"

#include <string.h>

#define ORG_MAX_TOKENS 8

/* Does some organisation phrase start with the word `w` (followed by a space or
 * nothing)? Keys are sorted, so the first key not below `w` is the one to test. */
static bool org_starts_with(const char *w)
{
    size_t lo = 0, hi = tab_organisations_count, wl = strlen(w);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(tab_organisations[mid].name, w) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < tab_organisations_count && !strncmp(tab_organisations[lo].name, w, wl) &&
           (tab_organisations[lo].name[wl] == '\0' || tab_organisations[lo].name[wl] == ' ');
}

static bool joined(const rec *r, size_t k)
{
    return r->t[k].gap_after == GAP_SPACE || r->t[k].gap_after == GAP_HYPHEN;
}

void rc_mark_organisations(rec *r)
{
    r->org = im_xgrow(r->org, &r->cap_org, r->n ? r->n : 1, 1);
    memset(r->org, 0, r->n);
    for (size_t i = 0; i < r->n; i++) {
        const gp_token *t = &r->t[i];
        if (!(t->flags & (TOK_CAP | TOK_ALLCAPS)))
            continue;
        /* a phrase of the table: the longest that matches */
        if (org_starts_with(t->lower)) {
            size_t best = 0;
            char key[IM_FOLD_MAX];
            for (size_t j = i; j < r->n && j < i + ORG_MAX_TOKENS; j++) {
                if (j > i && !joined(r, j - 1))
                    break;
                size_t len = rc_span_key(r, i, j, key);
                if (tab_organisations_find(key, len))
                    best = j - i + 1;
            }
            for (size_t j = i; j < i + best; j++)
                r->org[j] = 1;
        }
        /* "Institute for Near East Policy", "Council on Foreign Relations" */
        if ((t->flags & TOK_CAP) && (rc_classes(r, i) & WORD_ORG_HEAD) && i + 2 < r->n &&
            t->gap_after == GAP_SPACE && (r->t[i + 1].flags & TOK_LOWER) &&
            (!strcmp(r->t[i + 1].lower, "for") || !strcmp(r->t[i + 1].lower, "on")) &&
            rc_same_sentence(r, i, i + 2)) {
            for (size_t j = i + 2; j < r->n && rc_same_sentence(r, i, j); j++) {
                bool name = r->t[j].flags & (TOK_CAP | TOK_ALLCAPS);
                bool inner = rc_is_joiner_token(r, j) && j + 1 < r->n &&
                             (r->t[j + 1].flags & TOK_CAP);
                if (!name && !inner)
                    break;
                r->org[j] = 1;
                if (!joined(r, j))
                    break;
            }
        }
    }
}

static void mark_person_key(rec *r, size_t k)
{
    gp_token *t = &r->t[k];
    if (t->lower_len >= sizeof t->lower - 1 || !t->lower_len)
        return;
    gp_key_facts *f = gp_memo_get(r->memo, t->lower);
    f->facts |= KEY_PERSON;
}

void rc_note_person(rec *r, size_t a, size_t b)
{
    /* the first title or given name of the chunk opens the person's name:
       "Environment Minister Shannon Phillips", "President George H. W. Bush" */
    size_t g = a;
    bool title = false;
    for (; g < b; g++) {
        if (!(r->t[g].flags & TOK_CAP) || (r->t[g].flags & TOK_ALLCAPS))
            continue;
        unsigned c = rc_classes(r, g);
        title = c & WORD_TITLE;
        if (title || (c & WORD_GIVEN))
            break;
    }
    if (g >= b)
        return;
    /* the rest are names: capitalised, none an ordinary word, unit, organisation head
       or landmark ("Georgia Tech", "Jordan Valley", "Victoria Falls") */
    for (size_t k = g + 1; k <= b; k++) {
        unsigned c = rc_classes(r, k);
        if (!(r->t[k].flags & TOK_CAP) || (r->t[k].flags & TOK_ALLCAPS) ||
            (c & (WORD_COMMON | WORD_ORG_HEAD | WORD_FEATURE | WORD_SITE | WORD_UNIT |
                  WORD_NONPLACE | WORD_MONTH | WORD_DIRECTIONAL | WORD_TITLE)))
            return;
        if (!title && k == g + 1 &&
            (rc_tok_is(r, k, KEY_COUNTRY) || rc_tok_is(r, k, KEY_ADMIN1)))
            return;
    }
    /* a place's own name is no person: "Santa Maria", "Mary Esther" */
    char key[IM_FOLD_MAX];
    rc_span_key(r, g, b, key);
    if (!title && rc_key_is(r, key, KEY_EXACT))
        return;
    for (size_t k = title ? g + 1 : g; k <= b; k++)
        mark_person_key(r, k);
}

static bool speech_at(const rec *r, size_t k)
{
    return k < r->n && (r->t[k].flags & TOK_LOWER) && (rc_classes(r, k) & WORD_SPEECH);
}

/* What makes lone name m (a one-token place mention) a person, apart from the
 * document's people: 2 a proof that teaches the name as a person's (", who", a title
 * before it, a verb of saying), 1 a likelihood (a small place sharing a given name),
 * 0 nothing. */
static int person_evidence(rec *r, const gp_mention *m)
{
    size_t a = m->tok_first;
    const gp_token *t = &r->t[a];
    if (rc_has_locative_before(r, a))
        return 0;
    if (rc_tok_is(r, a, KEY_COUNTRY) || rc_tok_is(r, a, KEY_ADMIN1))
        return 0;
    bool who_after = t->gap_after == GAP_COMMA && rc_same_sentence(r, a, a + 1) &&
                     !strcmp(r->t[a + 1].lower, "who");
    bool title_before = a > 0 && rc_same_sentence(r, a - 1, a) &&
                        (r->t[a - 1].flags & TOK_CAP) && (rc_classes(r, a - 1) & WORD_TITLE);
    if (who_after || title_before)
        return 2;
    char key[IM_FOLD_MAX];
    rc_span_key(r, a, a, key);
    /* a seat or a large town stands for its government ("Ottawa said") */
    if (rc_strong_alone(r, key))
        return 0;
    /* "Steele said"; "…," said Jansen" (the verb after a comma or a quote) */
    bool speech_after = rc_same_sentence(r, a, a + 1) && t->gap_after == GAP_SPACE &&
                        speech_at(r, a + 1);
    bool speech_before = a > 1 && rc_same_sentence(r, a - 2, a) &&
                         r->t[a - 1].gap_after == GAP_SPACE && speech_at(r, a - 1) &&
                         (r->t[a - 2].gap_after == GAP_COMMA ||
                          r->t[a - 2].gap_after == GAP_CLOSE);
    if (speech_after || speech_before)
        return 2;
    /* a small place sharing a given name or a frequent English word ("Lucy",
       "Samples were taken") */
    return (rc_classes(r, a) & (WORD_GIVEN | WORD_FREQUENT)) ? 1 : 0;
}

/* "I'd", "I've", "We'll": a token ending in a contraction (contractions.tsv) after a
 * straight or typographic apostrophe is never a place. */
static bool contraction(const rec *r, size_t a)
{
    const char *s = r->s + r->t[a].start;
    size_t len = r->t[a].core_end - r->t[a].start;
    for (size_t i = 0; i < tab_contractions_count; i++) {
        const char *e = tab_contractions[i].ending;
        size_t el = strlen(e);
        if (len <= el + 1 || memcmp(s + len - el, e, el))
            continue;
        if (s[len - el - 1] == '\'' ||
            (len > el + 3 && !memcmp(s + len - el - 3, "\xE2\x80\x99", 3)))
            return true;
    }
    return false;
}

/* A lone name m that could be a person at all: one token, nothing that makes it a
 * place (qualifier, unit word, dateline), not in capitals. */
static bool lone_name(const rec *r, const gp_mention *m)
{
    return m->m.type == IM_MENTION_PLACE && m->tok_first == m->tok_last && !m->dateline &&
           !m->name && m->qualifier == IM_PLACE_NONE && m->unit_kind == IM_PLACE_ANY &&
           !(r->t[m->tok_first].flags & TOK_ALLCAPS);
}

void rc_learn_people(rec *r)
{
    for (size_t i = r->base; i < r->out->n; i++) {
        const gp_mention *m = &r->out->items[i];
        if (lone_name(r, m) && person_evidence(r, m) == 2)
            mark_person_key(r, m->tok_first);
    }
}

bool rc_not_a_place(rec *r, const gp_mention *m)
{
    size_t a = m->tok_first, b = m->tok_last;
    for (size_t k = a; k <= b; k++)
        if (r->org && r->org[k])
            return true;
    if (m->m.type != IM_MENTION_PLACE)
        return false;
    /* "Marburg virus", "Lyme disease": named after a place, about something else */
    if (b + 1 < r->n && rc_same_sentence(r, b, b + 1) && r->t[b].gap_after == GAP_SPACE &&
        (r->t[b + 1].flags & TOK_LOWER) && (rc_classes(r, b + 1) & WORD_EPONYM))
        return true;
    if (!lone_name(r, m))
        return false;
    unsigned c = rc_classes(r, a); /* fills the token's facts */
    if ((c & WORD_TITLE) || contraction(r, a)) /* "Rev.", "Sen.", "I'd" */
        return true;
    const gp_key_facts *f = r->t[a].facts;
    if (f && (f->facts & KEY_PERSON) && !rc_has_locative_before(r, a))
        return true;
    return person_evidence(r, m) > 0;
}
