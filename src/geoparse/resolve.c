/* Resolution: choosing one gazetteer entry for each place mention.
 *
 * Every candidate starts from its context-free prior (capitals, seats, population) and
 * gains from the document: the countries it talks about (focus), the countries and
 * provinces named in the same sentence and paragraph, an explicit qualifier ("Shiraz,
 * Iran", "Afghanistan's Zabol province"), a unit word ("province", "district"), the
 * kind shared by a list ("Kunar, Herat, Samangan…" are provinces), a site in a town
 * ("a mosque in Kunduz"), a containing role ("district of Kunduz"), and the sense the
 * same name had elsewhere with strong evidence. The highest total wins; the margin
 * over the runner-up gives the confidence. A qualifier the winner contradicts is
 * reported as a warning naming the sentence. */
#include "geoparse_private.h"
#include "incmap/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct country_count {
    char iso2[3];
    double n;
} country_count;

typedef struct res {
    const im_gazetteer *gz;
    const im_text *text;
    gp_mentions *ms;
    country_count *focus;
    size_t n_focus, cap_focus;
    char **keys;                 /* folded surface per mention */
    uint32_t *strong_choice;     /* per mention: id chosen with strong evidence, or NONE */
} res;

static void add_focus(res *r, const char *iso2, double w)
{
    for (size_t i = 0; i < r->n_focus; i++) {
        if (!strcmp(r->focus[i].iso2, iso2)) {
            r->focus[i].n += w;
            return;
        }
    }
    r->focus = im_xgrow(r->focus, &r->cap_focus, r->n_focus + 1, sizeof *r->focus);
    memcpy(r->focus[r->n_focus].iso2, iso2, 3);
    r->focus[r->n_focus++].n = w;
}

static double focus_of(const res *r, const char *iso2)
{
    for (size_t i = 0; i < r->n_focus; i++)
        if (!strcmp(r->focus[i].iso2, iso2))
            return r->focus[i].n;
    return 0.0;
}

static size_t para_of(const res *r, const gp_mention *m)
{
    return im_text_sentence(r->text, m->m.sentence)->para;
}

static im_place place_of(const res *r, uint32_t id)
{
    im_place p;
    im_gazetteer_get(r->gz, id, &p);
    return p;
}

/* Candidates for each place mention, narrowed by strong unit words. */
static void gather(res *r)
{
    const char *s = im_text_data(r->text, NULL);
    for (size_t i = 0; i < r->ms->n; i++) {
        gp_mention *m = &r->ms->items[i];
        if (m->m.type != IM_MENTION_PLACE)
            continue;
        char key[IM_FOLD_MAX];
        im_fold(s + m->m.start, m->m.end - m->m.start, key, NULL);
        r->keys[i] = im_xstrdup(key);
        im_candidate all[GP_MAX_CANDS * 4];
        size_t n = im_gazetteer_lookup_key(r->gz, key, NULL, all, GP_MAX_CANDS * 4);
        if (n > GP_MAX_CANDS * 4)
            n = GP_MAX_CANDS * 4;
        /* a country's own name is never narrowed to a unit: "(Iran) province" */
        bool country_name = false;
        for (size_t k = 0; k < n && k < 4; k++)
            if (all[k].match != IM_MATCH_VARIANT &&
                place_of(r, all[k].id).kind == IM_PLACE_COUNTRY)
                country_name = true;
        bool narrow = m->unit_kind != IM_PLACE_ANY && !m->unit_weak && !country_name;
        /* a country's name means the country (not Mexico, Missouri) unless the text
           qualifies it or calls it a town */
        bool only_country = country_name && m->qualifier == IM_PLACE_NONE &&
                            (m->unit_kind == IM_PLACE_ANY || m->unit_kind == IM_PLACE_COUNTRY);
        size_t kept = 0;
        for (int pass = 0; pass < 2 && kept == 0; pass++) {
            for (size_t k = 0; k < n && kept < GP_MAX_CANDS; k++) {
                im_place p = place_of(r, all[k].id);
                if (pass == 0 && narrow && p.kind != m->unit_kind)
                    continue;
                if (only_country && (p.kind != IM_PLACE_COUNTRY || all[k].match == IM_MATCH_VARIANT))
                    continue;
                m->cands[kept++] = all[k];
            }
            if (!narrow)
                break;
        }
        m->n_cands = kept;
        if (kept == 0)
            m->m.type = IM_MENTION_UNRESOLVED;
    }
}

/* What the document is about: countries named, and countries of unambiguous names. */
static void count_focus(res *r)
{
    for (size_t i = 0; i < r->ms->n; i++) {
        gp_mention *m = &r->ms->items[i];
        if (m->m.type != IM_MENTION_PLACE || m->n_cands == 0)
            continue;
        im_place top = place_of(r, m->cands[0].id);
        if (top.kind == IM_PLACE_COUNTRY && m->cands[0].match != IM_MATCH_VARIANT) {
            add_focus(r, top.iso2, 1.0);
            continue;
        }
        bool one_country = true;
        for (size_t k = 1; k < m->n_cands; k++)
            if (memcmp(place_of(r, m->cands[k].id).iso2, top.iso2, 2))
                one_country = false;
        if (one_country)
            add_focus(r, top.iso2, 0.5);
    }
}

typedef struct context {
    bool sentence_country, para_country, para_admin1;
    bool qualifier, unit, unit_weak, list_kind, list_country, site, container, discourse;
} context;

/* Does another mention near m name the country / admin1 of candidate p? */
static void neighbours(const res *r, size_t mi, const im_place *p, context *c)
{
    const gp_mention *m = &r->ms->items[mi];
    size_t para = para_of(r, m);
    for (size_t j = 0; j < r->ms->n; j++) {
        const gp_mention *o = &r->ms->items[j];
        if (j == mi || o->m.type != IM_MENTION_PLACE || o->n_cands == 0)
            continue;
        if (para_of(r, o) != para)
            continue;
        im_place top = place_of(r, o->cands[0].id);
        if (top.kind == IM_PLACE_COUNTRY && !memcmp(top.iso2, p->iso2, 2)) {
            if (o->m.sentence == m->m.sentence)
                c->sentence_country = true;
            else
                c->para_country = true;
        }
        if (p->kind != IM_PLACE_ADMIN1 && p->admin1 != IM_PLACE_NONE) {
            for (size_t k = 0; k < o->n_cands && k < 4; k++) {
                im_place q = place_of(r, o->cands[k].id);
                if (q.kind == IM_PLACE_ADMIN1 && q.id == p->admin1)
                    c->para_admin1 = true;
            }
        }
    }
}

/* The kind and country most members of a list agree on. */
static void list_votes(const res *r, size_t list_id, im_place_kind *kind, char iso2[3])
{
    int votes[4] = {0};
    country_count cc[32];
    size_t n_cc = 0;
    for (size_t j = 0; j < r->ms->n; j++) {
        const gp_mention *o = &r->ms->items[j];
        if (o->list_id != list_id || o->m.type != IM_MENTION_PLACE || o->n_cands == 0)
            continue;
        im_place first = place_of(r, o->cands[0].id);
        bool same_kind = true, same_country = true;
        for (size_t k = 1; k < o->n_cands; k++) {
            im_place q = place_of(r, o->cands[k].id);
            if (q.kind != first.kind && o->cands[k].match != IM_MATCH_VARIANT)
                same_kind = false;
            if (memcmp(q.iso2, first.iso2, 2))
                same_country = false;
        }
        if (same_kind && first.kind < 4)
            votes[first.kind]++;
        if (same_country && first.kind != IM_PLACE_COUNTRY) {
            size_t c = 0;
            while (c < n_cc && strcmp(cc[c].iso2, first.iso2))
                c++;
            if (c == n_cc && n_cc < 32) {
                memcpy(cc[n_cc].iso2, first.iso2, 3);
                cc[n_cc++].n = 0;
            }
            if (c < 32)
                cc[c].n += 1;
        }
    }
    *kind = IM_PLACE_ANY;
    int best = 0;
    for (int k = 0; k < 4; k++) {
        if (votes[k] > best) {
            best = votes[k];
            *kind = (im_place_kind)k;
        } else if (votes[k] == best && best) {
            *kind = IM_PLACE_ANY;
        }
    }
    if (*kind == IM_PLACE_COUNTRY)
        *kind = IM_PLACE_ANY;
    iso2[0] = '\0';
    double bestc = 0;
    for (size_t c = 0; c < n_cc; c++) {
        if (cc[c].n > bestc) {
            bestc = cc[c].n;
            memcpy(iso2, cc[c].iso2, 3);
        }
    }
}

/* Is candidate p an administrative unit whose seat is another candidate of the same
 * mention (Kunduz province and Kunduz city)? */
static bool unit_with_seat_candidate(const res *r, const gp_mention *m, const im_place *p)
{
    if (p->kind != IM_PLACE_ADMIN1 && p->kind != IM_PLACE_ADMIN2)
        return false;
    for (size_t k = 0; k < m->n_cands; k++) {
        im_place q = place_of(r, m->cands[k].id);
        if (q.kind == IM_PLACE_CITY && q.geonameid == p->geonameid)
            return true;
    }
    return false;
}

static double score(const res *r, size_t mi, size_t ci, context *c)
{
    const gp_mention *m = &r->ms->items[mi];
    const im_candidate *cand = &m->cands[ci];
    im_place p = place_of(r, cand->id);
    memset(c, 0, sizeof *c);
    double s = cand->score < 8.0 ? cand->score : 8.0 + 0.5 * (cand->score - 8.0);
    s += 1.5 * log2(1.0 + focus_of(r, p.iso2));
    neighbours(r, mi, &p, c);
    if (c->sentence_country)
        s += 2.5;
    else if (c->para_country)
        s += 1.0;
    if (c->para_admin1)
        s += 2.0;
    if (m->qualifier != IM_PLACE_NONE && p.kind != IM_PLACE_COUNTRY) {
        im_place q = place_of(r, m->qualifier);
        if (!memcmp(q.iso2, p.iso2, 2)) {
            s += 12.0;
            c->qualifier = true;
        }
    }
    if (m->unit_kind != IM_PLACE_ANY && p.kind == m->unit_kind) {
        s += m->unit_weak ? 2.5 : 6.0;
        c->unit = true;
        c->unit_weak = m->unit_weak;
    }
    if (m->list_id) {
        im_place_kind lk;
        char liso[3];
        list_votes(r, m->list_id, &lk, liso);
        if (lk != IM_PLACE_ANY && lk == p.kind) {
            s += 4.0;
            c->list_kind = true;
        }
        if (liso[0] && !memcmp(liso, p.iso2, 2)) {
            s += 2.0;
            c->list_country = true;
        }
    }
    if (m->site_context && place_of(r, m->cands[0].id).kind != IM_PLACE_COUNTRY) {
        if (p.kind == IM_PLACE_CITY) {
            s += 4.0;
            c->site = true;
        } else if (p.kind != IM_PLACE_COUNTRY) {
            s -= 2.0;
        }
    }
    if (m->container && (p.kind == IM_PLACE_ADMIN1 || p.kind == IM_PLACE_COUNTRY)) {
        s += 3.0;
        c->container = true;
    }
    /* without evidence for the unit, a name shared by a unit and its seat is the town */
    if (!c->unit && !c->list_kind && !c->container && unit_with_seat_candidate(r, m, &p))
        s -= 1.5;
    if (r->strong_choice && r->strong_choice[mi] == cand->id) {
        s += 3.0;
        c->discourse = true;
    }
    return s;
}

static void describe(char *buf, size_t len, const context *c, const gp_mention *m,
                     const im_place *p, const res *r)
{
    size_t o = strlen(buf);
#define ADD(...)                                                                      \
    do {                                                                              \
        if (o < len)                                                                  \
            o += (size_t)snprintf(buf + o, len - o, "%s", o ? "; " : "");             \
        if (o < len)                                                                  \
            o += (size_t)snprintf(buf + o, len - o, __VA_ARGS__);                     \
    } while (0)
    if (c->qualifier)
        ADD("%s %s", m->qualifier_apposition ? "apposition" : "possessive",
            place_of(r, m->qualifier).name);
    if (c->unit)
        ADD("unit word (%s)", c->unit_weak ? "weak or list" : "strong");
    if (c->list_kind)
        ADD("list of same-kind places");
    if (c->site)
        ADD("site in a town");
    if (c->container)
        ADD("contains a named place");
    if (c->sentence_country)
        ADD("country %s in sentence", p->iso2);
    else if (c->para_country)
        ADD("country %s in paragraph", p->iso2);
    if (c->para_admin1)
        ADD("its province in paragraph");
    if (c->discourse)
        ADD("same name resolved so elsewhere");
    if (focus_of(r, p->iso2) >= 1.0)
        ADD("document focus %s", p->iso2);
    ADD("prior (%s)", p->feature);
#undef ADD
}

static bool strong_evidence(const gp_mention *m)
{
    return (m->unit_kind != IM_PLACE_ANY && !m->unit_weak) || m->qualifier != IM_PLACE_NONE;
}

/* Score every candidate, keep the best; fill the public part of the mention. */
static void choose(res *r, size_t mi, char ***warnings, size_t *n_warnings, bool final)
{
    gp_mention *m = &r->ms->items[mi];
    double best = -1e9, second = -1e9;
    size_t bi = 0;
    context bc, c;
    memset(&bc, 0, sizeof bc);
    for (size_t k = 0; k < m->n_cands; k++) {
        double s = score(r, mi, k, &c);
        if (s > best) {
            second = best;
            best = s;
            bi = k;
            bc = c;
        } else if (s > second) {
            second = s;
        }
    }
    im_place p = place_of(r, m->cands[bi].id);
    m->m.place = p.id;
    m->m.kind = p.kind;
    memcpy(m->m.iso2, p.iso2, 3);
    double margin = m->n_cands > 1 ? best - second : 6.0;
    double conf = 1.0 / (1.0 + exp(-margin / 1.5));
    if (m->cands[bi].match == IM_MATCH_VARIANT)
        conf *= 0.8;
    m->m.confidence = conf;
    if (!final)
        return;
    describe(m->evidence, sizeof m->evidence, &bc, m, &p, r);
    if (m->qualifier != IM_PLACE_NONE && !bc.qualifier && p.kind != IM_PLACE_COUNTRY) {
        im_place q = place_of(r, m->qualifier);
        const im_sentence *st = im_text_sentence(r->text, m->m.sentence);
        const char *s = im_text_data(r->text, NULL);
        size_t slen = st->end - st->start;
        m->m.contradiction = true;
        char *w = im_xasprintf("sentence %zu (paragraph %zu): the text places %.*s in %s, "
                               "but the gazetteer knows no such place there; resolved to "
                               "%s, %s: \"%.*s%s\"",
                               m->m.sentence + 1, st->para + 1, (int)(m->m.end - m->m.start),
                               s + m->m.start, q.name, p.name, p.iso2,
                               (int)(slen > 160 ? 160 : slen), s + st->start,
                               slen > 160 ? "…" : "");
        *warnings = im_xreallocarray(*warnings, *n_warnings + 1, sizeof **warnings);
        (*warnings)[(*n_warnings)++] = w;
    }
}

/* A weak lone match without any supporting context is dropped: a small village that
 * shares a word with the text is more likely a coincidence than a place. */
static bool too_weak(const res *r, const gp_mention *m)
{
    im_place p = place_of(r, m->m.place);
    /* a spelling variant alone needs explicit support, not just a preposition */
    for (size_t k = 0; k < m->n_cands; k++)
        if (m->cands[k].id == m->m.place && m->cands[k].match == IM_MATCH_VARIANT)
        {
            im_place_kind lk = IM_PLACE_ANY;
            char liso[3] = "";
            if (m->list_id)
                list_votes(r, m->list_id, &lk, liso);
            bool list_agrees = lk == p.kind && !memcmp(liso, p.iso2, 2);
            return !(m->unit_kind != IM_PLACE_ANY || list_agrees ||
                     m->qualifier != IM_PLACE_NONE || m->container);
        }
    if (m->locative || m->unit_kind != IM_PLACE_ANY || m->list_id || m->site_context ||
        m->qualifier != IM_PLACE_NONE || m->container)
        return false;
    if (p.kind != IM_PLACE_CITY)
        return false;
    bool seat = !strncmp(p.feature, "PPLA", 4) || !strncmp(p.feature, "PPLC", 4);
    return !seat && p.population < 5000 && m->m.confidence < 0.9;
}

void gp_resolve(const im_gazetteer *gz, const im_text *text, gp_mentions *ms,
                char ***warnings, size_t *n_warnings, char focus[3])
{
    res r = {gz, text, ms, NULL, 0, 0, NULL, NULL};
    r.keys = im_xcalloc(ms->n ? ms->n : 1, sizeof *r.keys);
    gather(&r);
    count_focus(&r);
    /* pass 1: choose with local evidence only */
    for (size_t i = 0; i < ms->n; i++)
        if (ms->items[i].m.type == IM_MENTION_PLACE)
            choose(&r, i, warnings, n_warnings, false);
    /* one sense per discourse: a name resolved with strong evidence lends that sense to
       its other mentions that have none of their own (and are not sites in a town) */
    r.strong_choice = im_xcalloc(ms->n ? ms->n : 1, sizeof *r.strong_choice);
    for (size_t i = 0; i < ms->n; i++) {
        r.strong_choice[i] = IM_PLACE_NONE;
        gp_mention *m = &ms->items[i];
        if (m->m.type != IM_MENTION_PLACE || strong_evidence(m) || m->site_context)
            continue;
        for (size_t j = 0; j < ms->n; j++) {
            gp_mention *o = &ms->items[j];
            if (j != i && o->m.type == IM_MENTION_PLACE && strong_evidence(o) &&
                !strcmp(r.keys[i], r.keys[j])) {
                r.strong_choice[i] = o->m.place;
                break;
            }
        }
    }
    for (size_t i = 0; i < ms->n; i++)
        if (ms->items[i].m.type == IM_MENTION_PLACE)
            choose(&r, i, warnings, n_warnings, true);
    size_t keep = 0;
    for (size_t i = 0; i < ms->n; i++) {
        gp_mention *m = &ms->items[i];
        if (m->m.type == IM_MENTION_PLACE && too_weak(&r, m)) {
            free(r.keys[i]);
            continue;
        }
        ms->items[keep] = *m;
        r.keys[keep] = r.keys[i];
        keep++;
    }
    ms->n = keep;
    focus[0] = '\0';
    double best = 0, total = 0;
    for (size_t i = 0; i < r.n_focus; i++) {
        total += r.focus[i].n;
        if (r.focus[i].n > best) {
            best = r.focus[i].n;
            memcpy(focus, r.focus[i].iso2, 3);
        }
    }
    if (total > 0 && best / total < 0.2)
        focus[0] = '\0';
    for (size_t i = 0; i < keep; i++)
        free(r.keys[i]);
    free(r.keys);
    free(r.strong_choice);
    free(r.focus);
}
