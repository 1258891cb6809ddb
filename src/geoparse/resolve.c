/* Resolution: choosing one gazetteer entry for each place mention.
 *
 * Every candidate starts from its context-free prior (capitals, seats, population) and
 * gains from the document: the countries it talks about (focus), the countries and
 * provinces named in the same sentence and paragraph, an explicit qualifier ("Shiraz,
 * Iran", "Atlanta, Georgia", "Hyderabad in Sindh province", "Afghanistan's Zabol
 * province", "the Lebanese city of Tripoli"), a unit word ("province", "district";
 * not in "the Texas town", where the province names another place), the kind and
 * country shared by a list ("Kunar, Herat, Samangan…" are provinces), a site in a
 * town ("a mosque in Kunduz"), a containing role ("district of Kunduz"), and the sense
 * the same name had elsewhere with strong evidence (a dateline counts). A name means
 * the place it is the own name of before one it is an alias of, and a transliteration
 * variant counts only when nothing matches as written. The highest total wins; the
 * margin over the runner-up gives the confidence. An apposition to a country that
 * contains no candidate is reported as a warning naming the sentence.
 *
 * Per-mention work looks only at the mention's paragraph and list, and names are
 * compared as interned keys, so resolution stays linear on long inputs. The weights
 * come from geodata/lexicon/weights.tsv (weights.c). */
#include "resolve_private.h"
#include "incmap/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Is candidate p an administrative unit whose seat is another candidate of the same
 * mention (Kunduz province and Kunduz city)? */
static bool unit_with_seat_candidate(const res *r, const gp_mention *m, const im_place *p)
{
    if (p->kind != IM_PLACE_ADMIN1 && p->kind != IM_PLACE_ADMIN2)
        return false;
    for (size_t k = 0; k < m->n_cands; k++) {
        const im_place *q = cand_place(r, m, k);
        if (q->kind == IM_PLACE_CITY && q->geonameid == p->seat_geonameid)
            return true;
    }
    return false;
}

static double score(const res *r, size_t mi, size_t ci, context *c)
{
    const gp_mention *m = &r->ms->items[mi];
    const rs_weights *w = &r->w;
    const im_candidate *cand = &m->cands[ci];
    im_place p = *cand_place(r, m, ci);
    memset(c, 0, sizeof *c);
    double s = cand->score < w->prior_cap ? cand->score
                                      : w->prior_cap + w->prior_over_cap * (cand->score - w->prior_cap);
    /* a name means the place it is the name of before one it is an old or alternate
       name for ("Manchester" is not Richmond, Virginia) */
    if (cand->match == IM_MATCH_ALT && m->has_own_name)
        s -= w->alt_name_penalty;
    /* document focus, in proportion to the country's share of it: a report that names
       the United States a few times among many countries does not move Leeds */
    const country_count *fc = rs_find_focus(r, p.iso2);
    if (fc && fc->n > 0)
        s += fc->bonus;
    rs_cached_neighbours(r, mi, ci, &p, c);
    if (c->sentence_country)
        s += w->sentence_country;
    else if (c->para_country)
        s += w->para_country;
    if (!c->sentence_country && !c->para_country) {
        if (c->sentence_region)
            s += w->sentence_region;
        else if (c->para_region)
            s += w->para_region;
    }
    if (c->para_admin1)
        s += w->para_admin1;
    if (c->para_admin2) /* "the sheriff of Lamar County … toward Paris" */
        s += w->para_admin2;
    if (c->para_town) /* and the county is the one Paris is in */
        s += w->para_town;
    if (m->qualifier != IM_PLACE_NONE && p.kind != IM_PLACE_COUNTRY) {
        im_place q = place_of(r, m->qualifier);
        if (contains(&q, &p)) {
            s += w->qualifier;
            c->qualifier = true;
        }
    }
    if (m->unit_kind != IM_PLACE_ANY && p.kind == m->unit_kind) {
        s += m->unit_weak ? w->unit_weak : w->unit_strong;
        c->unit = true;
        c->unit_weak = m->unit_weak;
    }
    if (m->list_id) {
        im_place_kind lk;
        char liso[3];
        rs_list_votes(r, m->list_id, &lk, liso);
        if (lk != IM_PLACE_ANY && lk == p.kind) {
            s += w->list_kind;
            c->list_kind = true;
        }
        if (liso[0] && !memcmp(liso, p.iso2, 2)) {
            s += w->list_country;
            c->list_country = true;
        } else if (r->first_iso2 && rs_most_of_list_in(r, mi, p.iso2)) {
            /* "Manchester, Liverpool and Leeds": the others' first choices agree */
            s += w->list_country;
            c->list_country = true;
        }
    }
    if (m->site_context && cand_place(r, m, 0)->kind != IM_PLACE_COUNTRY) {
        if (p.kind == IM_PLACE_CITY) {
            s += w->site_town;
            c->site = true;
        } else if (p.kind != IM_PLACE_COUNTRY) {
            s += w->site_other;
        }
    }
    if (m->container && (p.kind == IM_PLACE_ADMIN1 || p.kind == IM_PLACE_COUNTRY)) {
        s += w->container;
        c->container = true;
    }
    /* without evidence for the unit, a name shared by a unit and its seat is the town */
    if (!c->unit && !c->list_kind && !c->container && unit_with_seat_candidate(r, m, &p))
        s += w->unit_with_seat;
    if (r->strong_choice && r->strong_choice[mi] == cand->id) {
        s += w->discourse;
        c->discourse = true;
    }
    return s;
}

/* Append the strings of `parts` to buf as one snprintf(buf + *o, len - *o, "%s%s…")
 * would (truncated, *o advanced by the full length), but without formatting: one
 * evidence string is built for every mention, and printf was a tenth of the run. */
static void put(char *buf, size_t len, size_t *o, const char *const *parts, size_t n)
{
    for (size_t i = 0; i < n && *o < len; i++) {
        size_t l = strlen(parts[i]), room = len - *o - 1, c = l < room ? l : room;
        memcpy(buf + *o, parts[i], c);
        buf[*o + c] = '\0';
        *o += l;
    }
}

static void describe(char *buf, size_t len, const context *c, const gp_mention *m,
                     const im_place *p, const res *r)
{
    size_t o = strlen(buf);
#define ADD(...)                                                                      \
    do {                                                                              \
        const char *const parts_[] = {__VA_ARGS__};                                   \
        put(buf, len, &o, (const char *const[]){o ? "; " : ""}, 1);                   \
        put(buf, len, &o, parts_, sizeof parts_ / sizeof *parts_);                    \
    } while (0)
    if (c->qualifier)
        ADD(m->qualifier_apposition ? "apposition"
            : m->qualifier_soft     ? "qualifier"
                                    : "possessive",
            " ", place_of(r, m->qualifier).name);
    if (c->unit)
        ADD("unit word (", c->unit_weak ? "weak or list" : "strong", ")");
    if (c->list_kind)
        ADD("list of same-kind places");
    if (c->list_country)
        ADD("list in ", p->iso2);
    if (c->site)
        ADD("site in a town");
    if (c->container)
        ADD("contains a named place");
    if (c->sentence_country)
        ADD("country ", p->iso2, " in sentence");
    else if (c->para_country)
        ADD("country ", p->iso2, " in paragraph");
    if (!c->sentence_country && !c->para_country && (c->sentence_region || c->para_region))
        ADD("a province of ", p->iso2, " in ", c->sentence_region ? "sentence" : "paragraph");
    if (c->para_admin1)
        ADD("its province in paragraph");
    if (c->para_admin2)
        ADD("its district in paragraph");
    if (c->para_town)
        ADD("holds a town of the paragraph");
    if (c->discourse)
        ADD("same name resolved so elsewhere");
    if (rs_focus_of(r, p->iso2) >= 1.0)
        ADD("document focus ", p->iso2);
    ADD("prior (", p->feature, ")");
#undef ADD
}

/* The key of mention m's evidence, decided by context c for entry p: besides the
 * note, the entry and the qualifier, describe() reads the context flags and how the
 * qualifier came. The context is copied whole (it is only flags), so a flag added to
 * it is part of the key without anyone remembering to add it. */
static gp_evidence_key evidence_key(const context *c, const gp_mention *m, const im_place *p)
{
    _Static_assert(sizeof(context) + 2 <= sizeof((gp_evidence_key *)0)->decided,
                   "the context fits in an evidence key");
    gp_evidence_key k;
    memset(&k, 0, sizeof k);
    k.note = m->note;
    k.place = p->id;
    k.qualifier = m->qualifier;
    memcpy(k.decided, c, sizeof *c);
    k.decided[sizeof *c] = m->qualifier_apposition;
    k.decided[sizeof *c + 1] = m->qualifier_soft;
    return k;
}

/* Evidence of a mention's own that one sense per discourse does not override; a
 * dateline counts, since it names the place the report was filed from. */
static bool strong_evidence(const gp_mention *m)
{
    return (m->unit_kind != IM_PLACE_ANY && !m->unit_weak) || m->qualifier != IM_PLACE_NONE ||
           m->dateline;
}

/* Score every candidate, keep the best; fill the public part of the mention. */
static void choose(res *r, size_t mi, char ***warnings, size_t *n_warnings, bool final)
{
    gp_mention *m = &r->ms->items[mi];
    double best = -1e9, second = -1e9;
    size_t bi = 0;
    context bc, c;
    memset(&bc, 0, sizeof bc);
    /* the final pass adds only the senses lent by other mentions and the choices of
       a list's members; without either, the first pass's scores stand */
    bool same_as_first = final && r->first && r->strong_choice[mi] == IM_PLACE_NONE &&
                         !m->list_id;
    if (same_as_first) {
        bi = r->first[mi].best;
        bc = r->first[mi].context;
        best = r->first[mi].margin;
        second = 0;
    } else {
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
        if (!final && r->first) {
            r->first[mi].best = bi;
            r->first[mi].context = bc;
            r->first[mi].margin = best - second;
        }
    }
    im_place p = *cand_place(r, m, bi);
    m->m.place = p.id;
    m->m.kind = p.kind;
    memcpy(m->m.iso2, p.iso2, 3);
    double margin = m->n_cands > 1 ? best - second : r->w.lone_margin;
    double conf = 1.0 / (1.0 + exp(-margin / r->w.confidence_scale));
    if (m->cands[bi].match == IM_MATCH_VARIANT)
        conf *= r->w.variant_confidence;
    m->m.confidence = conf;
    if (!final)
        return;
    r->first[mi].context = bc; /* what decided it, for rs_outliers */
    /* mentions decided alike are described alike: describe once per distinct key
       (the focus that describe() reads no longer changes in this pass) */
    gp_evidence_key key = evidence_key(&bc, m, &p);
    m->evidence = r->remember_evidence ? gp_evidence_recall(r->evidence, &key) : 0;
    if (!m->evidence) {
        char evidence[192];
        size_t o = 0;
        put(evidence, sizeof evidence, &o, (const char *const[]){m->note ? m->note : ""}, 1);
        describe(evidence, sizeof evidence, &bc, m, &p, r);
        m->evidence = gp_evidence_intern(r->evidence, evidence);
        gp_evidence_remember(r->evidence, &key, m->evidence);
    }
}

/* The place the text puts mention m in: its qualifier ("X, Country", "Country's X",
 * "the Lebanese city of X", "X, Ga."), or what Y resolved to when the text says X lies
 * in Y ("X in Y", "the X area of Y", "X district of Y"); IM_PLACE_NONE when it says
 * neither. */
static uint32_t text_container(const res *r, const gp_mention *m)
{
    if (m->qualifier != IM_PLACE_NONE)
        return m->qualifier;
    if (!m->contained || !m->qualified_by)
        return IM_PLACE_NONE;
    const gp_mention *y = &r->ms->items[m->qualified_by - 1];
    if (y->m.type != IM_MENTION_PLACE || y->dropped)
        return IM_PLACE_NONE;
    return y->m.place;
}

/* Containment is a constraint: when mention m resolved outside the place the text
 * puts it in, the gazetteer knows no such place there, and m resolves to that place
 * itself, at its precision, with a warning; never to a namesake elsewhere. The one
 * exception is a city of outlier_population within outlier_km of the container: a
 * slip of the text about a famous place nearby, kept with the warning. */
static void hold_inside(res *r, gp_mention *m, char ***warnings, size_t *n_warnings)
{
    uint32_t qid = text_container(r, m);
    if (qid == IM_PLACE_NONE || qid == m->m.place)
        return;
    im_place q = place_of(r, qid), p = place_of(r, m->m.place);
    /* inside, or the larger unit of the pair ("Kabul in Kabul province" read back) */
    if (contains(&q, &p) || contains(&p, &q))
        return;
    m->m.contradiction = true;
    /* a famous city just across the border of the named container is the text's slip
       ("Peshawar, Afghanistan"), not a namesake elsewhere: it stays, with the warning */
    if (p.kind == IM_PLACE_CITY && (double)p.population >= r->w.outlier_population &&
        p.has_coords && q.has_coords &&
        rs_km(p.lat, p.lon, q.lat, q.lon) <= r->w.outlier_km) {
        const im_sentence *st = im_text_sentence(r->text, m->m.sentence);
        const char *s = im_text_data(r->text, NULL);
        size_t slen = st->end - st->start;
        char *w = im_xasprintf("sentence %zu (paragraph %zu): the text places %.*s in %s, "
                               "but the gazetteer knows no such place there; resolved to "
                               "%s, %s, a large city nearby: \"%.*s%s\"",
                               m->m.sentence + 1, st->para + 1, (int)(m->m.end - m->m.start),
                               s + m->m.start, q.name, p.name, p.iso2,
                               (int)(slen > 160 ? 160 : slen), s + st->start,
                               slen > 160 ? "…" : "");
        *warnings = im_xreallocarray(*warnings, *n_warnings + 1, sizeof **warnings);
        (*warnings)[(*n_warnings)++] = w;
        return;
    }
    const im_sentence *st = im_text_sentence(r->text, m->m.sentence);
    const char *s = im_text_data(r->text, NULL);
    size_t slen = st->end - st->start;
    char *w = im_xasprintf("sentence %zu (paragraph %zu): the text places %.*s in %s, "
                           "but the gazetteer knows no such place there (the nearest "
                           "namesake is %s, %s); resolved to %s itself: \"%.*s%s\"",
                           m->m.sentence + 1, st->para + 1, (int)(m->m.end - m->m.start),
                           s + m->m.start, q.name, p.name, p.iso2, q.name,
                           (int)(slen > 160 ? 160 : slen), s + st->start,
                           slen > 160 ? "…" : "");
    *warnings = im_xreallocarray(*warnings, *n_warnings + 1, sizeof **warnings);
    (*warnings)[(*n_warnings)++] = w;
    char evidence[192];
    snprintf(evidence, sizeof evidence, "%s%sno such place inside %s: resolved to it",
             m->note ? m->note : "", m->note ? "; " : "", q.name);
    m->evidence = gp_evidence_intern(r->evidence, evidence);
    m->m.place = q.id;
    m->m.kind = q.kind;
    memcpy(m->m.iso2, q.iso2, 3);
    if (m->m.confidence > 0.5)
        m->m.confidence = 0.5;
}

/* A weak lone match without any supporting context is dropped: a small village that
 * shares a word with the text is more likely a coincidence than a place. */
static bool too_weak(const res *r, const gp_mention *m)
{
    im_place p = place_of(r, m->m.place);
    /* a spelling variant alone needs explicit support, not just a preposition, unless
       it spells a large city of a country the document is about ("from Hodeidah" for
       Al Hudaydah in a report on Yemen; skeletons are loose: Torkham is no Zürich) */
    for (size_t k = 0; k < m->n_cands; k++)
        if (m->cands[k].id == m->m.place && m->cands[k].match == IM_MATCH_VARIANT)
        {
            im_place_kind lk = IM_PLACE_ANY;
            char liso[3] = "";
            if (m->list_id)
                rs_list_votes(r, m->list_id, &lk, liso);
            bool list_agrees = lk == p.kind && !memcmp(liso, p.iso2, 2);
            bool large_city = p.kind == IM_PLACE_CITY && p.population >= r->w.weak_city_population &&
                              (!strncmp(p.feature, "PPLA", 4) || !strncmp(p.feature, "PPLC", 4)) &&
                              rs_focus_of(r, p.iso2) >= 1.0;
            return !(m->unit_kind != IM_PLACE_ANY || list_agrees ||
                     m->qualifier != IM_PLACE_NONE || m->container ||
                     (m->locative && large_city));
        }
    if (m->locative || m->unit_kind != IM_PLACE_ANY || m->list_id || m->site_context ||
        m->qualifier != IM_PLACE_NONE || m->container)
        return false;
    if (p.kind != IM_PLACE_CITY)
        return false;
    bool seat = !strncmp(p.feature, "PPLA", 4) || !strncmp(p.feature, "PPLC", 4);
    return !seat && p.population < r->w.weak_village_population && m->m.confidence < r->w.weak_confidence;
}

void gp_resolve(const im_gazetteer *gz, gp_memo *memo, const im_text *text,
                gp_mentions *ms, bool remember_evidence, char ***warnings,
                size_t *n_warnings, char focus[3])
{
    /* Each step below walks the mentions once, and steps that need nothing from later
       mentions share a walk: on long inputs the mentions fill far more than the
       caches, and every walk was paid in memory traffic. */
    res r = {.gz = gz, .memo = memo, .surfaces = gp_memo_create(), .text = text, .ms = ms,
             .evidence = gp_evidence_create(ms), .remember_evidence = remember_evidence};
    const char *missing;
    if (!rs_weights_load(&r.w, &missing))
        abort(); /* a weight missing from weights.tsv: the unit test names it */
    size_t n = ms->n, alloc_n = n ? n : 1;
    r.keys = im_xcalloc(alloc_n, sizeof *r.keys);
    rs_gather(&r);
    r.near = im_xcalloc(alloc_n, sizeof *r.near);
    r.n_lists = ms->lists + 1;
    r.lists = im_xcalloc(r.n_lists, sizeof *r.lists);
    size_t n_keys = 0;
    for (size_t i = 0; i < n; i++) {
        gp_mention *m = &ms->items[i];
        m->cands = r.pool + r.cand_off[i]; /* the pool has stopped moving */
        rs_count_focus(&r, m);
        rs_index_neighbour(&r, i);
        rs_index_list(&r, i);
        if (m->m.type == IM_MENTION_PLACE && (size_t)r.keys[i] + 1 > n_keys)
            n_keys = (size_t)r.keys[i] + 1;
    }
    rs_index_paragraphs(&r);
    r.near_bits = im_xcalloc(r.n_pool ? r.n_pool : 1, 1);
    for (size_t i = 0; i < r.n_focus; i++)
        r.focus_total += r.focus[i].n;
    /* the focus term of score(), once per country rather than per candidate */
    for (size_t i = 0; i < r.n_focus; i++) {
        double f = r.focus[i].n;
        r.focus[i].bonus = r.w.focus_scale * log2(1.0 + f) * (r.focus_total > 0 ? f / r.focus_total : 1.0);
    }
    r.first = im_xcalloc(alloc_n, sizeof *r.first);
    /* pass 1: choose with local evidence only. One sense per discourse: the first
       mention of a name resolved with strong evidence lends that sense (lent, per
       interned name) to its other mentions that have none of their own and are not
       sites in a town. */
    uint32_t *lent = im_xmalloc((n_keys ? n_keys : 1) * sizeof *lent);
    for (size_t k = 0; k < n_keys; k++)
        lent[k] = IM_PLACE_NONE;
    for (size_t i = 0; i < n; i++) {
        const gp_mention *m = &ms->items[i];
        if (m->m.type != IM_MENTION_PLACE)
            continue;
        choose(&r, i, warnings, n_warnings, false);
        if (lent[r.keys[i]] == IM_PLACE_NONE && strong_evidence(m))
            lent[r.keys[i]] = m->m.place;
    }
    r.strong_choice = im_xcalloc(alloc_n, sizeof *r.strong_choice);
    r.first_iso2 = im_xcalloc(alloc_n, sizeof *r.first_iso2);
    for (size_t i = 0; i < n; i++) {
        const gp_mention *m = &ms->items[i];
        r.strong_choice[i] = IM_PLACE_NONE;
        if (m->m.type == IM_MENTION_PLACE && !strong_evidence(m) && !m->site_context)
            r.strong_choice[i] = lent[r.keys[i]];
        memcpy(r.first_iso2[i], m->m.iso2, 3);
    }
    free(lent);
    /* pass 2, and the weak matches it leaves are dropped (geoparse.c skips them) */
    for (size_t i = 0; i < n; i++) {
        gp_mention *m = &ms->items[i];
        if (m->m.type != IM_MENTION_PLACE)
            continue;
        choose(&r, i, warnings, n_warnings, true);
        if (too_weak(&r, m)) {
            m->dropped = true;
        }
    }
    /* containment, once every Y has its place */
    for (size_t i = 0; i < n; i++) {
        gp_mention *m = &ms->items[i];
        if (m->m.type == IM_MENTION_PLACE)
            hold_inside(&r, m, warnings, n_warnings);
    }
    rs_outliers(&r, warnings, n_warnings);
    focus[0] = '\0';
    double best = 0, total = 0;
    for (size_t i = 0; i < r.n_focus; i++) {
        total += r.focus[i].n;
        if (r.focus[i].n > best) {
            best = r.focus[i].n;
            memcpy(focus, r.focus[i].iso2, 3);
        }
    }
    if (total > 0 && best / total < r.w.focus_min_share)
        focus[0] = '\0';
    free(r.keys);
    free(r.strong_choice);
    free(r.focus);
    free(r.near);
    free(r.lists);
    free(r.first_iso2);
    free(r.first);
    free(r.pool);
    free(r.places);
    free(r.cand_off);
    free(r.near_bits);
    gp_evidence_destroy(r.evidence);
    gp_memo_destroy(r.surfaces);
}
