/* One event span → incident records: the date nearest the trigger (or the paragraph's
 * frame year), casualties, the place (place.c), actors (actors.c). Spans that tell no
 * event of their own are dropped: a general statement with neither place nor date nor
 * toll, a plural summary at country level ("culminated in attacks against these
 * countries"), a present perfect that sums up ("has attacked … within Afghanistan"), a
 * reaction ("condemned the bombing", clauses.c), and a back-reference whose numbers go
 * to the paragraph's events instead. A series of dates or towns after one trigger is
 * one incident each.
 *
 * The words are in clause_words.tsv; this file does not merge (merge.c) or link. */
#include "extract_private.h"
#include "lex.h"
#include "geodata/incidents/tab_clause_words.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

EV_LEX_DEFINE(clause_words)

#include "incmap/alloc.h"

static void quote(char *buf, size_t blen, const char *s, size_t len)
{
    size_t n = len > 200 ? 200 : len;
    while (n > 0 && n < len && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    snprintf(buf, blen, "%.*s%s", (int)n, s, n < len ? "…" : "");
}

/* A title: the report's first paragraph when it does not end a sentence. */
static bool headline(const xstate *x, const im_sentence *st)
{
    if (st->para != 0)
        return false;
    size_t e = st->end;
    while (e > st->start && isspace((unsigned char)x->s[e - 1]))
        e--;
    return e > st->start && !strchr(".!?\"", x->s[e - 1]);
}

static im_incident *new_incident(xstate *x, size_t si, size_t a, size_t len, ev_trigger trig,
                                 const im_date *date, const im_casualties *cas)
{
    im_incident *inc = im_incident_set_add(x->out);
    size_t idx = x->out->n - 1 - x->first;
    x->meta = im_xgrow(x->meta, &x->meta_cap, idx + 1, sizeof *x->meta);
    ev_meta *m = &x->meta[idx];
    memset(m, 0, sizeof *m);
    m->kind = trig.kind;
    m->date = *date;
    char buf[320];
    snprintf(buf, sizeof buf, "%s-%d", x->doc, ++x->counter);
    im_set_str(&inc->event_id, buf);
    im_date_format(date, buf);
    im_set_str(&inc->event_date, buf);
    inc->year = date->year;
    inc->time_prec = date->year ? date->time_prec : 3;
    im_set_str(&inc->kind, ev_kind_name(trig.kind));
    const im_sentence *st = im_text_sentence(x->text, si);
    const char *type, *sub;
    ev_acled_code(x->s + st->start, st->end - st->start, trig.kind, cas->killed, &type, &sub);
    im_set_str(&inc->event_type, type);
    im_set_str(&inc->sub_type, sub);
    inc->fatalities = cas->killed;
    inc->injuries = cas->injured;
    m->headline = headline(x, st);
    inc->para = (int)st->para + 1;
    inc->span_start = (long)im_text_orig_offset(x->text, a);
    inc->span_end = (long)im_text_orig_end(x->text, a + len);
    char q[260];
    quote(q, sizeof q, x->s + a, len);
    char fn[64] = "";
    for (size_t k = 0; k < st->n_footnotes && k < 4; k++) {
        size_t l = strlen(fn);
        snprintf(fn + l, sizeof fn - l, "%s%d", k ? "," : " [fn ", st->footnotes[k]);
    }
    if (fn[0])
        strncat(fn, "]", sizeof fn - strlen(fn) - 1);
    char notes[420];
    snprintf(notes, sizeof notes, "P%zu: %s%s", st->para + 1, q, fn);
    if (cas->ev_end > cas->ev_start) {
        size_t l = strlen(notes);
        snprintf(notes + l, sizeof notes - l, " | casualties: \"%.*s\"",
                 (int)(cas->ev_end - cas->ev_start), x->s + a + cas->ev_start);
    }
    im_set_str(&inc->notes, notes);
    im_set_str(&inc->source, x->doc);
    im_set_str(&inc->doc_id, x->doc);
    const char *s = x->s + a;
    m->actor1 = ev_find_actor1(x, s, len, trig);
    m->actor2 = ev_find_actor2(x, s, len, trig, &m->actor1);
    ev_find_target(s, len, trig, m->target, sizeof m->target);
    m->n_nat = ev_find_nationality(x, si, a, len, trig, m->nat, EV_MAX_NAT);
    return inc;
}

/* Absolute dates in the sentence joined by "and"/"," (the October 2022 and the August
 * 2023 attacks): each is its own event. Returns how many (0 or ≥ 2). */
static size_t date_series(const char *s, const im_date_match *d, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (d[i].relative || !d[i].date.year)
            continue;
        if (k && (d[i].start < d[k - 1].end || d[i].start - d[k - 1].end > 12))
            return 0;
        if (k) {
            char gap[16];
            size_t gl = d[i].start - d[k - 1].end;
            memcpy(gap, s + d[k - 1].end, gl);
            gap[gl] = '\0';
            if (!strstr(gap, "and") && !strchr(gap, ','))
                return 0;
        }
        k++;
    }
    return k >= 2 ? k : 0;
}

/* Whether the trigger phrase ends in a plural summary noun ("attacks", "strikes"). */
static bool summary_trigger(const char *s, ev_trigger trig)
{
    size_t e = trig.end, b = e;
    while (b > trig.start && isalpha((unsigned char)s[b - 1]))
        b--;
    return e > b && EV_LEX_HAS(clause_words, s + b, e - b, "summary_noun");
}

/* "ISKP has also attacked …": a present perfect right before the trigger. */
static bool perfect_before(const char *s, ev_trigger trig)
{
    size_t from = trig.start >= 12 ? trig.start - 12 : 0;
    for (size_t k = from; k < trig.start; k++) {
        if (k > 0 && isalpha((unsigned char)s[k - 1]))
            continue;
        size_t e = k;
        while (e < trig.start && isalpha((unsigned char)s[e]))
            e++;
        if (e > k && e < trig.start && s[e] == ' ' &&
            EV_LEX_HAS(clause_words, s + k, e - k, "perfect"))
            return true;
    }
    return false;
}

/* Whether any word of s[0..len) has `role` in clause_words.tsv. */
static bool has_role(const char *s, size_t len, const char *role)
{
    for (size_t i = 0; i < len;) {
        while (i < len && !isalpha((unsigned char)s[i]))
            i++;
        size_t b = i;
        while (i < len && isalpha((unsigned char)s[i]))
            i++;
        if (i > b && EV_LEX_HAS(clause_words, s + b, i - b, role))
            return true;
    }
    return false;
}

/* Kinds ACLED codes as political violence (not strategic developments). */
static bool violent(ev_kind k)
{
    return strcmp(ev_acled_type(k, 0), "Strategic developments") != 0;
}

/* Whether a determiner pointing back ("the", "these") stands right before the
 * trigger, or one word before it ("the deadly attack"). */
static bool definite_before(const char *s, ev_trigger trig)
{
    size_t e = trig.start;
    for (int words = 0; words < 2; words++) {
        while (e > 0 && s[e - 1] == ' ')
            e--;
        size_t b = e;
        while (b > 0 && isalpha((unsigned char)s[b - 1]))
            b--;
        if (b == e)
            return false;
        if (EV_LEX_HAS(clause_words, s + b, e - b, "back_det"))
            return true;
        e = b;
    }
    return false;
}

void ev_extract_span(xstate *x, size_t si, size_t a, size_t len, ev_trigger trig,
                     const im_date_match *dm, size_t nd)
{
    const char *s = x->s + a;
    const im_sentence *st = im_text_sentence(x->text, si);
    if (ev_reaction(s, len, trig))
        return;
    /* the date nearest the trigger */
    im_date date = {0, 0, 0, 3};
    size_t best = SIZE_MAX;
    for (size_t i = 0; i < nd; i++) {
        size_t c = (dm[i].start + dm[i].end) / 2, t = trig.start;
        size_t d = c > t ? c - t : t - c;
        if (d < best) {
            best = d;
            date = dm[i].date;
        }
    }
    if (!date.year && x->frame_year && x->frame_para == st->para)
        date = (im_date){x->frame_year, 0, 0, 3};
    im_casualties cas;
    im_casualties_find(s, len, &cas);
    char home[3] = "";
    ev_force_country(x, a, len, home);
    bool arrest_like = trig.kind == EV_ARREST || trig.kind == EV_EXTRADITION || trig.kind == EV_PLOT;
    ev_pick pk = ev_choose_place(x, si, a, a + len, trig, arrest_like ? home : "");
    /* a death toll with no trigger word ("left three guards and 29 inmates dead") */
    if (cas.killed > 0 && has_role(s, len, "prison") && has_role(s, len, "prison_people") &&
        trig.kind == EV_ATTACK && !ev_contains_ci(s + trig.start, trig.end - trig.start, "attack"))
        trig.kind = EV_PRISON;
    bool site = !pk.m && ev_national_site(s, len);
    /* a report dated by its reader (--date, a note's date) that has given no date of
       its own yet tells of that day: an event note is not a general statement */
    bool report_day = !date.year && x->anchor_is_report && x->anchor.year;
    if (!pk.m && !date.year && !report_day && !site && cas.killed == IM_UNKNOWN)
        return; /* neither where nor when: a general statement */
    bool plural = summary_trigger(s, trig);
    im_place chosen;
    if (pk.m)
        im_gazetteer_get(x->gz, pk.m->place, &chosen);
    bool coarse = !pk.m || chosen.kind == IM_PLACE_COUNTRY;
    /* "culminated in attacks against these countries": a summary, not an event */
    if (plural && coarse && cas.killed == IM_UNKNOWN && !site &&
        (trig.kind == EV_ATTACK || trig.kind == EV_BOMBING || trig.kind == EV_ROCKET ||
         trig.kind == EV_OPERATION || trig.kind == EV_CLASH))
        return;
    /* "operations … which resulted in the killing of many militants", "killing
       thousands": a vague toll with neither date nor town is a summary too */
    if (coarse && !date.year && !report_day && !site) {
        bool in_toll = cas.ev_end > cas.ev_start;
        size_t from = in_toll ? cas.ev_start : 0, to = in_toll ? cas.ev_end : len;
        for (size_t i = from; i < to;) {
            while (i < to && !isalpha((unsigned char)s[i]))
                i++;
            size_t b = i;
            while (i < to && isalpha((unsigned char)s[i]))
                i++;
            bool vague = false;
            long v = i > b ? im_number_word(s + b, i - b, &vague) : -1;
            /* in the toll any vague count; elsewhere one too vague to count at all */
            if (vague && (in_toll || v < 0))
                return;
        }
    }
    /* "ISKP has also attacked regional interests within Afghanistan": a present
       perfect with no date and no town sums up, it does not report */
    if (coarse && !date.year && !report_day && cas.killed == IM_UNKNOWN && !site &&
        perfect_before(s, trig))
        return;
    if (ev_back_reference(s, len, trig) && coarse) {
        if (cas.killed != IM_UNKNOWN || cas.injured != IM_UNKNOWN) {
            /* this paragraph's incidents are the last ones appended */
            for (size_t i = x->out->n; i > x->first; i--) {
                im_incident *p = &x->out->items[i - 1];
                if (p->para != (int)st->para + 1)
                    break;
                if (p->fatalities == IM_UNKNOWN)
                    p->fatalities = cas.killed;
                if (p->injuries == IM_UNKNOWN)
                    p->injuries = cas.injured;
            }
        }
        return;
    }
    /* "the motivation of the attack is unknown", "a man was killed during the clash":
       the event the paragraph told already, with no place or date of its own */
    bool own_date = false;
    for (size_t i = 0; i < nd; i++)
        own_date |= !dm[i].relative;
    if (!pk.m && !own_date && definite_before(s, trig)) {
        for (size_t i = x->out->n; i > x->first; i--) {
            im_incident *p = &x->out->items[i - 1];
            if (p->para != (int)st->para + 1)
                break;
            /* a clash told again as "the attack": any two kinds of political violence */
            ev_kind k = x->meta[i - 1 - x->first].kind;
            if (ev_family(k) != ev_family(trig.kind) &&
                !(violent(k) && violent(trig.kind)))
                continue;
            p->fatalities = p->fatalities == IM_UNKNOWN ? cas.killed : p->fatalities;
            p->injuries = p->injuries == IM_UNKNOWN ? cas.injured : p->injuries;
            return;
        }
    }
    /* "On 4 May 2020, … . 3 people died following the attack.": an undated sentence
       goes on with the day its paragraph just gave */
    bool borrowed_date = false;
    if (!date.year && !x->anchor_is_report && x->anchor.day && x->anchor_para == st->para) {
        date = x->anchor;
        borrowed_date = true;
    }
    /* a report that gives no date before the event: the event is of the report's day
       (a news item, an event note) */
    if (!date.year && x->anchor_is_report && x->anchor.year) {
        date = x->anchor;
        borrowed_date = true;
    }
    const im_mention *places[8];
    size_t nplaces = ev_place_series(x, si, a, len, trig, places, 8);
    size_t series = date_series(s, dm, nd);
    size_t count = series ? series : nplaces ? nplaces : 1;
    for (size_t e = 0, di = 0; e < count; e++) {
        im_date d = date;
        if (series) {
            while (dm[di].relative || !dm[di].date.year)
                di++;
            d = dm[di++].date;
        }
        im_incident *inc = new_incident(x, si, a, len, trig, &d, &cas);
        ev_meta *m = ev_meta_of(x, inc);
        m->borrowed_date = borrowed_date && !series;
        if (m->kind == EV_ATTACK && ev_armed_target(x, m->target)) {
            /* armed men attacked: a battle, unless the model saw remote violence */
            m->kind = EV_CLASH;
            im_set_str(&inc->kind, ev_kind_name(EV_CLASH));
            if (!inc->event_type || !strcmp(inc->event_type, "Violence against civilians")) {
                im_set_str(&inc->event_type, ev_acled_type(EV_CLASH, cas.killed));
                im_set_str(&inc->sub_type, ev_acled_sub_type(EV_CLASH, cas.killed));
            }
        }
        /* a date series can be longer than the place series ("in Kabul on 3, 5 and 9
           May"): the dates past the last place happened at that last place */
        const im_mention *pm = nplaces ? places[e < nplaces ? e : nplaces - 1] : pk.m;
        if (pm)
            ev_fill_place(x, inc, pm->place, nplaces ? 1 : pk.geo_prec, pm->surface,
                          pm->confidence);
        else
            ev_place_fallback(x, inc, si, a, len, trig, site, home);
        ev_name_actors(x, inc, m);
    }
}
