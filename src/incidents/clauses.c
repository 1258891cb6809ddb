/* Clauses: a sentence is cut where a new event may begin (";", ":", ", and", ", while",
 * " and in <Place>"…), but only where both sides tell an event, so list commas stay
 * in one clause; a second event told after "and" in the same clause with its own
 * place or date is split off. Each clause with a trigger (classify.c) goes to span.c.
 * Also here: whether a clause points back at events already told ("the attacks did
 * not cause casualties") and whether it reacts to an event rather than telling one
 * ("the minister condemned the bombing").
 *
 * The words are in clause_words.tsv. This file does not choose places, actors or
 * numbers, and it does not build records. */
#include "extract_private.h"
#include "lex.h"
#include "geodata/incidents/tab_clause_words.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

EV_LEX_DEFINE(clause_words)

static bool cw_has(const char *s, size_t n, const char *role)
{
    return EV_LEX_HAS(clause_words, s, n, role);
}

/* Clause boundaries inside a sentence: "; ", ": ", ", <clause_break> " and " and in" /
 * " and on" before a capital or a digit (a place or a date), where a new event often
 * begins. Offsets are relative to the sentence. */
size_t ev_clause_bounds(const char *s, size_t len, size_t *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i + 1 < len && n < max; i++) {
        if ((s[i] == ';' || s[i] == ':') && s[i + 1] == ' ') {
            out[n++] = i + 1;
            i += 1;
            continue;
        }
        if (s[i] == ',' && s[i + 1] == ' ') {
            size_t b = i + 2, e = b;
            while (e < len && isalpha((unsigned char)s[e]))
                e++;
            if (e > b && e < len && s[e] == ' ' && cw_has(s + b, e - b, "clause_break")) {
                out[n++] = i + 1;
                i = e;
            }
            continue;
        }
        if (i + 8 < len && (!strncmp(s + i, " and in ", 8) || !strncmp(s + i, " and on ", 8)) &&
            (isupper((unsigned char)s[i + 8]) || isdigit((unsigned char)s[i + 8]))) {
            out[n++] = i + 1;
            i += 7;
        }
    }
    return n;
}

/* The word before byte `e` (skipping spaces): its start, or e when there is none. */
static size_t word_start_before(const char *s, size_t e, size_t *we)
{
    while (e > 0 && s[e - 1] == ' ')
        e--;
    *we = e;
    while (e > 0 && (isalnum((unsigned char)s[e - 1]) || s[e - 1] == '\''))
        e--;
    return e;
}

/* "the attacks did not cause any casualties": numbers for events already told. */
bool ev_back_reference(const char *s, size_t len, ev_trigger trig)
{
    (void)len;
    size_t e;
    size_t i = word_start_before(s, trig.start, &e);
    for (int words = 0; words < 3; words++) {
        if (e > i && cw_has(s + i, e - i, "back_det")) {
            /* only as the clause's subject: "the attacks did not…", "While the October
               2022 attack was claimed…"; "led to the arrest of…" is a new event, and in
               "The IMU was pushed out" the article belongs to another noun */
            size_t te = trig.start;
            while (te < trig.end && isalpha((unsigned char)s[te]))
                te++;
            if (te - trig.start > 2 && !strncasecmp(s + te - 2, "ed", 2))
                return false;
            for (size_t q = e; q + 4 < trig.start; q++)
                if (!strncmp(s + q, " was ", 5) || !strncmp(s + q, " were ", 6) ||
                    !strncmp(s + q, " has ", 5) || !strncmp(s + q, " had ", 5))
                    return false;
            size_t k = i;
            while (k > 0 && s[k - 1] == ' ')
                k--;
            if (k == 0 || s[k - 1] == ',' || s[k - 1] == '.' || s[k - 1] == ';')
                return true;
            size_t we;
            size_t ws = word_start_before(s, k, &we);
            return we > ws && cw_has(s + ws, we - ws, "subordinator");
        }
        size_t ne;
        size_t ni = word_start_before(s, i, &ne);
        if (ne == ni)
            break;
        i = ni;
        e = ne;
    }
    return false;
}

/* Whether the clause reacts to, commemorates or counts events rather than telling
 * one: a reaction word before the trigger ("condemned the bombing", "the anniversary
 * of the attack"), a running total ("213 killed since January"), or the end of a
 * truce ("the ceasefire ended in November 2022"). */
bool ev_reaction(const char *s, size_t len, ev_trigger trig)
{
    bool truce = false;
    for (size_t i = 0; i < len;) {
        while (i < len && !isalpha((unsigned char)s[i]))
            i++;
        size_t b = i;
        while (i < len && (isalpha((unsigned char)s[i]) || s[i] == '-'))
            i++;
        if (i == b)
            break;
        if (b < trig.start && cw_has(s + b, i - b, "reaction"))
            return true;
        if (cw_has(s + b, i - b, "truce"))
            truce = true;
        else if (truce && cw_has(s + b, i - b, "ended"))
            return true;
        /* "since" followed by a date or a time word, after a toll: a running total */
        if (b > trig.end && cw_has(s + b, i - b, "statistic")) {
            size_t k = i;
            while (k < len && s[k] == ' ')
                k++;
            if (k < len && (isupper((unsigned char)s[k]) || isdigit((unsigned char)s[k]) ||
                            !strncmp(s + k, "the start", 9) || !strncmp(s + k, "the beginning", 13)))
                return true;
        }
    }
    return false;
}

static bool clause_has_event(const char *s, size_t len)
{
    if (ev_classify(s, len).kind != EV_NONE)
        return true;
    im_casualties c;
    im_casualties_find(s, len, &c);
    return c.killed > 0;
}

/* A citation ("[Security June 2021 …]") or a span in brackets tells no event. */
static bool in_brackets(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && s[i] == ' ')
        i++;
    return i < len && s[i] == '[' && memchr(s + i, ']', len - i) != NULL;
}

/* "The victim died.", "Two soldiers were killed.": a toll with no event word and no
 * date of its own belongs to the paragraph's last event when that had none. */
static void toll_for_last(xstate *x, const im_sentence *st, const im_casualties *cas)
{
    if (cas->killed == IM_UNKNOWN && cas->injured == IM_UNKNOWN)
        return;
    if (x->out->n == x->first)
        return;
    im_incident *p = &x->out->items[x->out->n - 1];
    if (p->para != (int)st->para + 1)
        return;
    if (p->fatalities == IM_UNKNOWN)
        p->fatalities = cas->killed;
    if (p->injuries == IM_UNKNOWN)
        p->injuries = cas->injured;
}

void ev_extract_sentence(xstate *x, size_t si)
{
    const im_sentence *st = im_text_sentence(x->text, si);
    size_t a = st->start, len = st->end - st->start;
    const char *s = x->s + a;
    size_t cand[32];
    size_t ncand = ev_clause_bounds(s, len, cand, 31);
    cand[ncand] = len;
    /* cut only where both sides tell an event: list commas stay inside one clause */
    size_t cuts[33];
    size_t nc = 0, prev = 0;
    for (size_t k = 0; k < ncand; k++) {
        size_t b = cand[k];
        bool left = clause_has_event(s + prev, b - prev);
        bool right = clause_has_event(s + b, cand[k + 1] - b);
        if (left && right) {
            cuts[nc++] = b;
            prev = b;
        }
    }
    cuts[nc++] = len;
    size_t span_start = 0;
    for (size_t c = 0; c < nc; c++) {
        size_t clause_start = c ? cuts[c - 1] : 0;
        ev_trigger trig = ev_classify(s + clause_start, cuts[c] - clause_start);
        bool last = c + 1 == nc;
        if (trig.kind == EV_NONE && !last)
            continue;
        size_t sa = span_start, sl = cuts[c] - span_start;
        im_date_match dm[16];
        size_t nd = im_dates_find_at(s + sa, sl, &x->anchor, x->anchor_is_report, dm, 16);
        if (nd > 16)
            nd = 16;
        if (trig.kind == EV_NONE) {
            /* deaths reported without an event word are an event all the same */
            im_casualties cas;
            im_casualties_find(s + sa, sl, &cas);
            if (cas.killed > 0 && nd > 0)
                trig = (ev_trigger){EV_ATTACK, cas.ev_start + sa - clause_start,
                                    cas.ev_end + sa - clause_start};
            else if (!nd)
                toll_for_last(x, st, &cas);
        }
        if (trig.kind != EV_NONE && !in_brackets(s + sa, sl)) {
            trig.start += clause_start - sa;
            trig.end += clause_start - sa;
            /* a second event told in the same clause after "and", with its own place or
               date ("bombed a train in X and … a knife attack in Y") */
            ev_trigger t2 = ev_classify_from(s + sa, sl, trig.end);
            size_t cut = 0;
            if (t2.kind != EV_NONE) {
                for (size_t k = trig.end; k + 5 < t2.start; k++)
                    if (!strncmp(s + sa + k, " and ", 5))
                        cut = k + 1;
            }
            bool own = false;
            if (cut) {
                for (size_t i = ev_first_mention_at(x->gp, a + sa + cut);
                     i < im_geoparse_count(x->gp) && !own; i++) {
                    const im_mention *m = im_geoparse_mention(x->gp, i);
                    if (m->start >= a + sa + sl)
                        break;
                    own = m->type == IM_MENTION_PLACE && m->start >= a + sa + cut &&
                          m->end <= a + sa + sl;
                }
                for (size_t i = 0; i < nd && !own; i++)
                    own = dm[i].start >= cut && !dm[i].relative;
            }
            if (cut && own) {
                im_date_match d1[16], d2[16];
                size_t n1 = 0, n2 = 0;
                for (size_t i = 0; i < nd; i++) {
                    if (dm[i].end <= cut)
                        d1[n1++] = dm[i];
                    else if (dm[i].start >= cut) {
                        d2[n2] = dm[i];
                        d2[n2].start -= cut;
                        d2[n2].end -= cut;
                        n2++;
                    }
                }
                ev_extract_span(x, si, a + sa, cut, trig, d1, n1);
                t2.start -= cut;
                t2.end -= cut;
                ev_extract_span(x, si, a + sa + cut, sl - cut, t2, d2, n2);
            } else {
                ev_extract_span(x, si, a + sa, sl, trig, dm, nd);
            }
        }
        for (size_t i = 0; i < nd && si != x->dateline; i++) {
            if (dm[i].frame) {
                x->frame_year = dm[i].date.year;
                x->frame_para = st->para;
            }
            x->anchor = dm[i].date;
            x->anchor_is_report = false;
            x->anchor_para = st->para;
        }
        span_start = cuts[c];
    }
}
