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
 * compared as interned keys, so resolution stays linear on long inputs. */
#include "geoparse_private.h"
#include "incmap/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct country_count {
    char iso2[3];
    double n;
    double bonus;                /* focus only: what the focus adds to a candidate's score */
} country_count;

/* What a mention offers its neighbours, computed once: its paragraph, the country of
 * its top candidate when that is a country or a province, and the admin1 and admin2
 * units among its first candidates. Mentions are in text order, so a paragraph's
 * mentions are one run [para_first, para_end) and context look-ups stay linear in
 * the paragraph. */
typedef struct near_info {
    uint32_t para;               /* 32-bit fields: there is one of these per mention */
    uint32_t para_first, para_end;
    char country[3];             /* top candidate is this country, else "" */
    char region_country[3];      /* top candidate is a province of this country */
    uint8_t n_admin1, n_admin2, n_town_admin2;
    uint32_t admin1[4];          /* admin1 candidates among the first four */
    uint32_t admin2[8];          /* admin2 candidates among the first eight */
    uint32_t town_admin2[8];     /* the admin2 units of its town candidates (first eight) */
} near_info;

/* The kind and country a list agrees on (list_votes), computed once per list. */
typedef struct list_info {
    size_t first, last;          /* its members lie within mentions [first, last] */
    bool seen, done;
    im_place_kind kind;
    char iso2[3];
} list_info;

struct first_choice;

typedef struct res {
    const im_gazetteer *gz;
    gp_memo *memo;
    gp_memo *surfaces;           /* per mention surface as written: its key's facts */
    const im_text *text;
    gp_mentions *ms;
    country_count *focus;
    size_t n_focus, cap_focus;
    double focus_total;          /* sum of focus over countries */
    uint16_t focus_slot[26 * 26]; /* per two-letter code: index + 1 in focus, or 0 */
    uint32_t *keys;              /* interned folded surface per place mention */
    uint32_t *strong_choice;     /* per mention: id chosen with strong evidence, or NONE */
    near_info *near;             /* per mention */
    list_info *lists;            /* per list id */
    size_t n_lists;
    char (*first_iso2)[3];       /* per mention: country of its pass-1 choice, once made */
    struct first_choice *first;  /* per mention: the first pass's winner and evidence */
    im_candidate *pool;          /* every mention's candidates, packed */
    size_t n_pool, cap_pool;
    size_t *cand_off;            /* per mention: where its candidates start in pool */
    unsigned char *near_bits;    /* per pool candidate: cached_neighbours' answer */
    gp_evidence *evidence;       /* the evidence strings so far, and what gave them */
    bool remember_evidence;      /* describe mentions decided alike once */
    const im_place **places;     /* the gazetteer entry of each pool candidate, kept
                                    once per name by the memo (gp_key_facts.places) */
    size_t cap_places;
} res;

/* Slot of a two-capital-letter code in focus_slot, or -1 for anything else. */
static int focus_code(const char *iso2)
{
    if (iso2[0] < 'A' || iso2[0] > 'Z' || iso2[1] < 'A' || iso2[1] > 'Z' || iso2[2])
        return -1;
    return (iso2[0] - 'A') * 26 + (iso2[1] - 'A');
}

/* The focus entry of `iso2`, or NULL: a table look-up for ordinary codes, since every
 * candidate of every mention asks. */
static country_count *find_focus(const res *r, const char *iso2)
{
    int code = focus_code(iso2);
    if (code >= 0)
        return r->focus_slot[code] ? &r->focus[r->focus_slot[code] - 1] : NULL;
    for (size_t i = 0; i < r->n_focus; i++)
        if (!strcmp(r->focus[i].iso2, iso2))
            return &r->focus[i];
    return NULL;
}

static void add_focus(res *r, const char *iso2, double w)
{
    country_count *c = find_focus(r, iso2);
    if (c) {
        c->n += w;
        return;
    }
    r->focus = im_xgrow(r->focus, &r->cap_focus, r->n_focus + 1, sizeof *r->focus);
    memcpy(r->focus[r->n_focus].iso2, iso2, 3);
    r->focus[r->n_focus++].n = w;
    int code = focus_code(iso2);
    if (code >= 0)
        r->focus_slot[code] = (uint16_t)r->n_focus;
}

static double focus_of(const res *r, const char *iso2)
{
    const country_count *c = find_focus(r, iso2);
    return c ? c->n : 0.0;
}

static im_place place_of(const res *r, uint32_t id)
{
    im_place p;
    im_gazetteer_get(r->gz, id, &p);
    return p;
}

/* The entry of candidate k of mention m, looked up once in gather. */
static const im_place *cand_place(const res *r, const gp_mention *m, size_t k)
{
    return r->places[(size_t)(m->cands - r->pool) + k];
}

/* Does unit (or country) c contain place p? */
static bool contains(const im_place *c, const im_place *p)
{
    if (c->id == p->id)
        return false;
    switch (c->kind) {
    case IM_PLACE_COUNTRY:
        return p->kind != IM_PLACE_COUNTRY && !memcmp(c->iso2, p->iso2, 2);
    case IM_PLACE_ADMIN1:
        return p->admin1 == c->id;
    case IM_PLACE_ADMIN2:
        return p->admin2 == c->id;
    default:
        return false;
    }
}

/* Mention m is Y of "X, Y" or "X in Y" (X gathered already): keep the first of Y's
 * candidates that contains one of X's, and make it X's qualifier. Returns true when
 * that settled m's candidates. With no such candidate an apposition to a country
 * stays a qualifier, which the resolution will report as a contradiction. */
static bool settle_qualifier(res *r, gp_mention *m, const im_candidate *all, size_t n,
                             bool any_exact, im_candidate *kept, unsigned char *kept_idx)
{
    if (!m->qualifies)
        return false;
    gp_mention *x = &r->ms->items[m->qualifies - 1];
    if (x->m.type != IM_MENTION_PLACE || x->n_cands == 0)
        return false;
    const im_candidate *xc = r->pool + r->cand_off[m->qualifies - 1];
    for (size_t k = 0; k < n; k++) {
        if (any_exact && all[k].match == IM_MATCH_VARIANT)
            continue;
        im_place c = place_of(r, all[k].id);
        for (size_t j = 0; j < x->n_cands; j++) {
            im_place p = place_of(r, xc[j].id);
            if (!contains(&c, &p))
                continue;
            kept[0] = all[k];
            kept_idx[0] = (unsigned char)k;
            m->n_cands = 1;
            m->container = true;
            x->qualifier = c.id;
            x->qualifier_apposition = !x->qualifier_soft;
            /* an apposition settled this way is no list of two */
            if (!x->qualifier_soft)
                x->list_id = m->list_id = 0;
            return true;
        }
    }
    return false;
}

/* "the Texas town": is some first-level unit among the candidates without a town of
 * the same name inside it? */
static bool attributive_unit(const res *r, const im_candidate *all, size_t n)
{
    for (size_t k = 0; k < n && k < 4; k++) {
        im_place u = place_of(r, all[k].id);
        if (all[k].match == IM_MATCH_VARIANT || u.kind != IM_PLACE_ADMIN1)
            continue;
        bool town_inside = false;
        for (size_t j = 0; j < n; j++) {
            im_place t = place_of(r, all[j].id);
            if (t.kind == IM_PLACE_CITY && t.admin1 == u.id && all[j].match != IM_MATCH_VARIANT)
                town_inside = true;
        }
        if (!town_inside)
            return true;
    }
    return false;
}

/* The candidates of mention m (index i) into `kept`, narrowed by strong unit words. */
/* The memo's facts for mention m's name, with its ranked candidates filled. */
static gp_key_facts *mention_facts(res *r, const gp_mention *m)
{
    const char *s = im_text_data(r->text, NULL);
    const char *src = m->name ? m->name : s + m->m.start;
    size_t len = m->name ? strlen(m->name) : m->m.end - m->m.start;
    /* the same surface folds the same way: remember its key's facts per surface (as
       written, tagged by where it came from), since folding cost more than a look-up */
    gp_key_facts *as_written = NULL;
    if (len + 2 <= IM_FOLD_MAX && !memchr(src, '\0', len)) {
        char raw[IM_FOLD_MAX];
        raw[0] = m->name ? 'n' : 's';
        memcpy(raw + 1, src, len);
        raw[len + 1] = '\0';
        as_written = gp_memo_get(r->surfaces, raw);
    }
    gp_key_facts *f = as_written ? as_written->folded : NULL;
    char key[IM_FOLD_MAX];
    if (!f || !(f->known & KEY_CANDS)) {
        im_fold(src, len, key, NULL);
        f = gp_memo_get(r->memo, key);
        if (as_written)
            as_written->folded = f;
    }
    if (!(f->known & KEY_CANDS)) {
        im_candidate found[GP_MAX_CANDS * 4];
        size_t nf = im_gazetteer_lookup_key(r->gz, key, NULL, found, GP_MAX_CANDS * 4);
        if (nf > GP_MAX_CANDS * 4)
            nf = GP_MAX_CANDS * 4;
        f->cands = im_xmalloc((nf ? nf : 1) * sizeof *f->cands);
        f->kinds = im_xmalloc(nf ? nf : 1);
        f->places = im_xmalloc((nf ? nf : 1) * sizeof *f->places);
        memcpy(f->cands, found, nf * sizeof *found);
        f->n_cands = nf;
        f->known |= KEY_CANDS;
        for (size_t k = 0; k < nf; k++) {
            im_gazetteer_get(r->gz, found[k].id, &f->places[k]);
            f->kinds[k] = (unsigned char)f->places[k].kind;
            /* a transliteration variant only when no name matches as written
               ("Paris" is not Iran's "Pars") */
            if (found[k].match != IM_MATCH_VARIANT)
                f->facts |= KEY_CAND_EXACT;
            /* a country's own name is never narrowed to a unit: "(Iran) province" */
            if (k < 4 && found[k].match != IM_MATCH_VARIANT &&
                f->kinds[k] == IM_PLACE_COUNTRY)
                f->facts |= KEY_CAND_COUNTRY;
        }
    }
    return f;
}

/* "Lebanon, Missouri": does the province after a country's name contain a town of
 * that name? Then the name is the town. */
static bool country_name_is_town(res *r, const gp_mention *m, const im_candidate *all,
                                 size_t n)
{
    if (!m->qualified_by || m->qualifier_soft)
        return false;
    const gp_mention *y = &r->ms->items[m->qualified_by - 1];
    if (y->m.type != IM_MENTION_PLACE)
        return false;
    gp_key_facts *yf = mention_facts(r, y);
    for (size_t k = 0; k < yf->n_cands && k < 8; k++) {
        if (yf->cands[k].match == IM_MATCH_VARIANT || yf->kinds[k] == IM_PLACE_COUNTRY)
            continue;
        im_place c = place_of(r, yf->cands[k].id);
        for (size_t j = 0; j < n; j++) {
            im_place p = place_of(r, all[j].id);
            if (p.kind == IM_PLACE_CITY && all[j].match != IM_MATCH_VARIANT && contains(&c, &p))
                return true;
        }
    }
    return false;
}

/* Mention m's candidates into `kept_cands`, with the index of each in its name's
 * facts into `kept_idx`; returns those facts, or NULL for no place mention. */
static gp_key_facts *gather_one(res *r, gp_mention *m, size_t i, im_candidate *kept_cands,
                                unsigned char *kept_idx)
{
    if (m->m.type != IM_MENTION_PLACE)
        return NULL;
    gp_key_facts *f = mention_facts(r, m);
    r->keys[i] = f->serial;
    const im_candidate *all = f->cands;
    const unsigned char *kinds = f->kinds;
    size_t n = f->n_cands;
    bool any_exact = f->facts & KEY_CAND_EXACT;
    bool country_name = f->facts & KEY_CAND_COUNTRY;
    if (settle_qualifier(r, m, all, n, any_exact, kept_cands, kept_idx))
        return f;
    bool narrow = m->unit_kind != IM_PLACE_ANY && !m->unit_weak && !country_name;
    /* "the Texas town": a province's name before a settlement word, with no town of
       that name inside the province, describes another place */
    if (narrow && m->unit_kind == IM_PLACE_CITY && attributive_unit(r, all, n)) {
        narrow = false;
        m->unit_kind = IM_PLACE_ANY;
    }
    /* a country's name means the country (not Mexico, Missouri) unless the text
       qualifies it or calls it a town */
    bool only_country = country_name && m->qualifier == IM_PLACE_NONE &&
                        (m->unit_kind == IM_PLACE_ANY || m->unit_kind == IM_PLACE_COUNTRY) &&
                        !country_name_is_town(r, m, all, n);
    size_t kept = 0;
    for (int pass = 0; pass < 2 && kept == 0; pass++) {
        for (size_t k = 0; k < n && kept < GP_MAX_CANDS; k++) {
            im_place_kind kind = (im_place_kind)kinds[k];
            if (pass == 0 && narrow && kind != m->unit_kind)
                continue;
            if (any_exact && all[k].match == IM_MATCH_VARIANT)
                continue;
            if (only_country && (kind != IM_PLACE_COUNTRY || all[k].match == IM_MATCH_VARIANT))
                continue;
            kept_idx[kept] = (unsigned char)k;
            kept_cands[kept++] = all[k];
        }
        if (!narrow)
            break;
    }
    m->n_cands = kept;
    for (size_t k = 0; k < kept; k++)
        if (kept_cands[k].match == IM_MATCH_NAME)
            m->has_own_name = true;
    if (kept == 0)
        m->m.type = IM_MENTION_UNRESOLVED;
    return f;
}

/* Candidates for each place mention, narrowed by strong unit words. */
static void gather(res *r)
{
    r->cand_off = im_xmalloc((r->ms->n ? r->ms->n : 1) * sizeof *r->cand_off);
    for (size_t i = 0; i < r->ms->n; i++) {
        gp_mention *m = &r->ms->items[i];
        im_candidate local[GP_MAX_CANDS];
        unsigned char idx[GP_MAX_CANDS];
        m->cands = NULL;
        m->n_cands = 0;
        r->cand_off[i] = r->n_pool;
        gp_key_facts *f = gather_one(r, m, i, local, idx);
        r->pool = im_xgrow(r->pool, &r->cap_pool, r->n_pool + m->n_cands + 1, sizeof *r->pool);
        r->places = im_xgrow(r->places, &r->cap_places, r->n_pool + m->n_cands + 1,
                             sizeof *r->places);
        memcpy(r->pool + r->n_pool, local, m->n_cands * sizeof *local);
        /* a name's entries are shared by all its mentions, not copied per mention */
        for (size_t k = 0; k < m->n_cands; k++)
            r->places[r->n_pool + k] = &f->places[idx[k]];
        r->n_pool += m->n_cands;
    }
}

/* What the document is about: countries named, and countries of unambiguous names
 * (mention m's share). */
static void count_focus(res *r, const gp_mention *m)
{
    if (m->m.type != IM_MENTION_PLACE || m->n_cands == 0)
        return;
    im_place top = *cand_place(r, m, 0);
    if (top.kind == IM_PLACE_COUNTRY && m->cands[0].match != IM_MATCH_VARIANT) {
        add_focus(r, top.iso2, 1.0);
        return;
    }
    bool one_country = true;
    for (size_t k = 1; k < m->n_cands; k++)
        if (memcmp(cand_place(r, m, k)->iso2, top.iso2, 2))
            one_country = false;
    if (one_country)
        add_focus(r, top.iso2, 0.5);
}

typedef struct context {
    bool sentence_country, para_country, para_admin1, para_admin2;
    bool sentence_region, para_region; /* a province of p's country named nearby */
    bool para_town;              /* p is a district with a town of the paragraph in it */
    bool qualifier, unit, unit_weak, list_kind, list_country, site, container, discourse;
} context;

struct first_choice {
    size_t best;                 /* index of the winning candidate */
    context context;             /* what decided it */
    double margin;               /* over the runner-up */
};

#define NEAR_SPAN 200

/* Does another mention near m name the country / admin1 of candidate p? */
static void neighbours(const res *r, size_t mi, const im_place *p, context *c)
{
    const gp_mention *m = &r->ms->items[mi];
    const near_info *nm = &r->near[mi];
    bool want_admin1 = p->kind != IM_PLACE_ADMIN1 && p->admin1 != IM_PLACE_NONE;
    bool want_admin2 = p->kind == IM_PLACE_CITY && p->admin2 != IM_PLACE_NONE;
    /* a paragraph, but no more than NEAR_SPAN mentions either way: one huge
       paragraph (a text without line breaks) must not make this quadratic */
    size_t from = nm->para_first, to = nm->para_end;
    if (mi > from + NEAR_SPAN)
        from = mi - NEAR_SPAN;
    if (to > mi + NEAR_SPAN + 1)
        to = mi + NEAR_SPAN + 1;
    for (size_t j = from; j < to; j++) {
        const near_info *o = &r->near[j];
        if (j == mi)
            continue;
        if (o->country[0] && !memcmp(o->country, p->iso2, 2)) {
            if (r->ms->items[j].m.sentence == m->m.sentence)
                c->sentence_country = true;
            else
                c->para_country = true;
        }
        /* a province names its country too: "England and Wales … Bristol" */
        if (o->region_country[0] && !memcmp(o->region_country, p->iso2, 2) &&
            r->keys[j] != r->keys[mi]) {
            if (r->ms->items[j].m.sentence == m->m.sentence)
                c->sentence_region = true;
            else
                c->para_region = true;
        }
        /* a name does not vouch for itself ("Kabul" the city for "Kabul" the
           province) */
        if (r->keys[j] == r->keys[mi])
            continue;
        if (want_admin1)
            for (size_t k = 0; k < o->n_admin1; k++)
                if (o->admin1[k] == p->admin1)
                    c->para_admin1 = true;
        if (want_admin2)
            for (size_t k = 0; k < o->n_admin2; k++)
                if (o->admin2[k] == p->admin2)
                    c->para_admin2 = true;
        if (p->kind == IM_PLACE_ADMIN2)
            for (size_t k = 0; k < o->n_town_admin2; k++)
                if (o->town_admin2[k] == p->id)
                    c->para_town = true;
    }
}

/* neighbours() for candidate ci of mention mi, kept per pool candidate: the second
 * pass asks again about the same candidates, and the answer does not change. */
static void cached_neighbours(const res *r, size_t mi, size_t ci, const im_place *p,
                              context *c)
{
    enum { KNOWN = 1, S_COUNTRY = 2, P_COUNTRY = 4, S_REGION = 8, P_REGION = 16,
           P_ADMIN1 = 32, P_ADMIN2 = 64, P_TOWN = 128 };
    unsigned char *bits = &r->near_bits[r->cand_off[mi] + ci];
    if (!(*bits & KNOWN)) {
        context n;
        memset(&n, 0, sizeof n);
        neighbours(r, mi, p, &n);
        *bits = (unsigned char)(KNOWN | (n.sentence_country ? S_COUNTRY : 0) |
                                (n.para_country ? P_COUNTRY : 0) |
                                (n.sentence_region ? S_REGION : 0) |
                                (n.para_region ? P_REGION : 0) | (n.para_admin1 ? P_ADMIN1 : 0) |
                                (n.para_admin2 ? P_ADMIN2 : 0) | (n.para_town ? P_TOWN : 0));
    }
    c->sentence_country = *bits & S_COUNTRY;
    c->para_country = *bits & P_COUNTRY;
    c->sentence_region = *bits & S_REGION;
    c->para_region = *bits & P_REGION;
    c->para_admin1 = *bits & P_ADMIN1;
    c->para_admin2 = *bits & P_ADMIN2;
    c->para_town = *bits & P_TOWN;
}

/* Fill r->near[i] once mention i's candidates are known (after gather). */
static void index_neighbour(res *r, size_t i)
{
    const gp_mention *o = &r->ms->items[i];
    near_info *ni = &r->near[i];
    ni->para = im_text_sentence(r->text, o->m.sentence)->para;
    if (o->m.type != IM_MENTION_PLACE || o->n_cands == 0)
        return;
    const im_place top = *cand_place(r, o, 0);
    if (top.kind == IM_PLACE_COUNTRY)
        memcpy(ni->country, top.iso2, 3);
    else if (top.kind == IM_PLACE_ADMIN1 && o->cands[0].match != IM_MATCH_VARIANT)
        memcpy(ni->region_country, top.iso2, 3);
    for (size_t k = 0; k < o->n_cands && k < 8; k++) {
        const im_place q = *cand_place(r, o, k);
        if (q.kind == IM_PLACE_ADMIN1 && k < 4)
            ni->admin1[ni->n_admin1++] = q.id;
        if (q.kind == IM_PLACE_ADMIN2)
            ni->admin2[ni->n_admin2++] = q.id;
        if (q.kind == IM_PLACE_CITY && q.admin2 != IM_PLACE_NONE)
            ni->town_admin2[ni->n_town_admin2++] = q.admin2;
    }
}

/* Each mention's paragraph run, once every r->near[i].para is known. */
static void index_paragraphs(res *r)
{
    size_t n = r->ms->n;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && r->near[j].para == r->near[i].para)
            j++;
        for (size_t k = i; k < j; k++) {
            r->near[k].para_first = i;
            r->near[k].para_end = j;
        }
        i = j;
    }
}

/* The kind and country most members of a list agree on. */
static void count_list_votes(const res *r, size_t list_id, im_place_kind *kind, char iso2[3])
{
    int votes[4] = {0};
    country_count cc[32];
    size_t n_cc = 0;
    size_t from = 0, to = r->ms->n;
    if (list_id < r->n_lists) {
        from = r->lists[list_id].first;
        to = r->lists[list_id].last + 1;
    }
    for (size_t j = from; j < to; j++) {
        const gp_mention *o = &r->ms->items[j];
        if (o->list_id != list_id || o->m.type != IM_MENTION_PLACE || o->n_cands == 0)
            continue;
        const im_place first = *cand_place(r, o, 0);
        bool same_kind = true, same_country = true;
        for (size_t k = 1; k < o->n_cands; k++) {
            const im_place q = *cand_place(r, o, k);
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

static void list_votes(const res *r, size_t list_id, im_place_kind *kind, char iso2[3])
{
    list_info *li = list_id < r->n_lists ? &r->lists[list_id] : NULL;
    if (li && li->done) {
        *kind = li->kind;
        memcpy(iso2, li->iso2, 3);
        return;
    }
    count_list_votes(r, list_id, kind, iso2);
    if (li) {
        li->done = true;
        li->kind = *kind;
        memcpy(li->iso2, iso2, 3);
    }
}

/* Where each list's members lie, so a list's votes look at its own run (r->lists
 * holds every id recognition handed out, gp_mentions.lists). */
static void index_list(res *r, size_t i)
{
    list_info *li = &r->lists[r->ms->items[i].list_id];
    if (!li->seen)
        li->first = i;
    li->seen = true;
    li->last = i;
}

/* Did most other members of m's list (two at least: "Washington and Moscow" says
 * nothing) first resolve to a place in `iso2`? */
static bool most_of_list_in(const res *r, size_t mi, const char *iso2)
{
    const gp_mention *m = &r->ms->items[mi];
    const list_info *li = &r->lists[m->list_id];
    size_t others = 0, agree = 0;
    for (size_t j = li->first; j <= li->last; j++) {
        const gp_mention *o = &r->ms->items[j];
        if (j == mi || o->list_id != m->list_id || o->m.type != IM_MENTION_PLACE)
            continue;
        others++;
        if (!memcmp(r->first_iso2[j], iso2, 2))
            agree++;
    }
    return others >= 2 && agree * 2 > others;
}

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
    const im_candidate *cand = &m->cands[ci];
    im_place p = *cand_place(r, m, ci);
    memset(c, 0, sizeof *c);
    double s = cand->score < 8.0 ? cand->score : 8.0 + 0.5 * (cand->score - 8.0);
    /* a name means the place it is the name of before one it is an old or alternate
       name for ("Manchester" is not Richmond, Virginia) */
    if (cand->match == IM_MATCH_ALT && m->has_own_name)
        s -= 1.5;
    /* document focus, in proportion to the country's share of it: a report that names
       the United States a few times among many countries does not move Leeds */
    const country_count *fc = find_focus(r, p.iso2);
    if (fc && fc->n > 0)
        s += fc->bonus;
    cached_neighbours(r, mi, ci, &p, c);
    if (c->sentence_country)
        s += 2.5;
    else if (c->para_country)
        s += 1.0;
    if (!c->sentence_country && !c->para_country) {
        if (c->sentence_region)
            s += 1.5;
        else if (c->para_region)
            s += 1.0;
    }
    if (c->para_admin1)
        s += 2.0;
    if (c->para_admin2) /* "the sheriff of Lamar County … toward Paris" */
        s += 2.5;
    if (c->para_town) /* and the county is the one Paris is in */
        s += 2.5;
    if (m->qualifier != IM_PLACE_NONE && p.kind != IM_PLACE_COUNTRY) {
        im_place q = place_of(r, m->qualifier);
        if (contains(&q, &p)) {
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
        } else if (r->first_iso2 && most_of_list_in(r, mi, p.iso2)) {
            /* "Manchester, Liverpool and Leeds": the others' first choices agree */
            s += 2.0;
            c->list_country = true;
        }
    }
    if (m->site_context && cand_place(r, m, 0)->kind != IM_PLACE_COUNTRY) {
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
    if (focus_of(r, p->iso2) >= 1.0)
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
    double margin = m->n_cands > 1 ? best - second : 6.0;
    double conf = 1.0 / (1.0 + exp(-margin / 1.5));
    if (m->cands[bi].match == IM_MATCH_VARIANT)
        conf *= 0.8;
    m->m.confidence = conf;
    if (!final)
        return;
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
    if (m->qualifier != IM_PLACE_NONE && !bc.qualifier && p.kind != IM_PLACE_COUNTRY &&
        !m->qualifier_soft) {
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
    /* a spelling variant alone needs explicit support, not just a preposition, unless
       it spells a large city of a country the document is about ("from Hodeidah" for
       Al Hudaydah in a report on Yemen; skeletons are loose: Torkham is no Zürich) */
    for (size_t k = 0; k < m->n_cands; k++)
        if (m->cands[k].id == m->m.place && m->cands[k].match == IM_MATCH_VARIANT)
        {
            im_place_kind lk = IM_PLACE_ANY;
            char liso[3] = "";
            if (m->list_id)
                list_votes(r, m->list_id, &lk, liso);
            bool list_agrees = lk == p.kind && !memcmp(liso, p.iso2, 2);
            bool large_city = p.kind == IM_PLACE_CITY && p.population >= 100000 &&
                              (!strncmp(p.feature, "PPLA", 4) || !strncmp(p.feature, "PPLC", 4)) &&
                              focus_of(r, p.iso2) >= 1.0;
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
    return !seat && p.population < 5000 && m->m.confidence < 0.9;
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
    size_t n = ms->n, alloc_n = n ? n : 1;
    r.keys = im_xcalloc(alloc_n, sizeof *r.keys);
    gather(&r);
    r.near = im_xcalloc(alloc_n, sizeof *r.near);
    r.n_lists = ms->lists + 1;
    r.lists = im_xcalloc(r.n_lists, sizeof *r.lists);
    size_t n_keys = 0;
    for (size_t i = 0; i < n; i++) {
        gp_mention *m = &ms->items[i];
        m->cands = r.pool + r.cand_off[i]; /* the pool has stopped moving */
        count_focus(&r, m);
        index_neighbour(&r, i);
        index_list(&r, i);
        if (m->m.type == IM_MENTION_PLACE && (size_t)r.keys[i] + 1 > n_keys)
            n_keys = (size_t)r.keys[i] + 1;
    }
    index_paragraphs(&r);
    r.near_bits = im_xcalloc(r.n_pool ? r.n_pool : 1, 1);
    for (size_t i = 0; i < r.n_focus; i++)
        r.focus_total += r.focus[i].n;
    /* the focus term of score(), once per country rather than per candidate */
    for (size_t i = 0; i < r.n_focus; i++) {
        double f = r.focus[i].n;
        r.focus[i].bonus = 1.5 * log2(1.0 + f) * (r.focus_total > 0 ? f / r.focus_total : 1.0);
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
