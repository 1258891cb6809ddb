/* Resolution's first step: each place mention's gazetteer candidates, looked up once
 * per name through the memo and narrowed by what the text says of it. A strong unit
 * word keeps its kind ("Kunduz province"); a country's name means the country unless
 * the text calls it a town ("Lebanon, Missouri"); a transliteration variant counts
 * only when nothing matches as written; and the Y of "X, Y" or "X in Y" keeps the
 * candidate that contains one of X's. The candidates of all mentions are packed into
 * one pool. */
#include "resolve_private.h"
#include "incmap/alloc.h"

#include <stdlib.h>

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
gp_key_facts *rs_mention_facts(res *r, const gp_mention *m)
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
    gp_key_facts *yf = rs_mention_facts(r, y);
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
    gp_key_facts *f = rs_mention_facts(r, m);
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
void rs_gather(res *r)
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
