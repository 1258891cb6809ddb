/* Resolution's index of the document around each mention, built once after the
 * candidates are gathered: the countries the document is about (focus), what each
 * mention offers its paragraph neighbours (its country, province and district
 * candidates), and the kind and country each list agrees on. Scoring (resolve.c)
 * asks it per candidate; every answer looks at the mention's paragraph or list only,
 * so resolution stays linear on long inputs. */
#include "resolve_private.h"
#include "incmap/alloc.h"

/* Slot of a two-capital-letter code in focus_slot, or -1 for anything else. */
static int rs_focus_code(const char *iso2)
{
    if (iso2[0] < 'A' || iso2[0] > 'Z' || iso2[1] < 'A' || iso2[1] > 'Z' || iso2[2])
        return -1;
    return (iso2[0] - 'A') * 26 + (iso2[1] - 'A');
}

/* The focus entry of `iso2`, or NULL: a table look-up for ordinary codes, since every
 * candidate of every mention asks. */
country_count *rs_find_focus(const res *r, const char *iso2)
{
    int code = rs_focus_code(iso2);
    if (code >= 0)
        return r->focus_slot[code] ? &r->focus[r->focus_slot[code] - 1] : NULL;
    for (size_t i = 0; i < r->n_focus; i++)
        if (!strcmp(r->focus[i].iso2, iso2))
            return &r->focus[i];
    return NULL;
}

void rs_add_focus(res *r, const char *iso2, double w)
{
    country_count *c = rs_find_focus(r, iso2);
    if (c) {
        c->n += w;
        return;
    }
    r->focus = im_xgrow(r->focus, &r->cap_focus, r->n_focus + 1, sizeof *r->focus);
    memcpy(r->focus[r->n_focus].iso2, iso2, 3);
    r->focus[r->n_focus++].n = w;
    int code = rs_focus_code(iso2);
    if (code >= 0)
        r->focus_slot[code] = (uint16_t)r->n_focus;
}

double rs_focus_of(const res *r, const char *iso2)
{
    const country_count *c = rs_find_focus(r, iso2);
    return c ? c->n : 0.0;
}

/* What the document is about: countries named, and countries of unambiguous names
 * (mention m's share). */
void rs_count_focus(res *r, const gp_mention *m)
{
    if (m->m.type != IM_MENTION_PLACE || m->n_cands == 0)
        return;
    im_place top = *cand_place(r, m, 0);
    if (top.kind == IM_PLACE_COUNTRY && m->cands[0].match != IM_MATCH_VARIANT) {
        rs_add_focus(r, top.iso2, r->w.focus_country);
        return;
    }
    bool one_country = true;
    for (size_t k = 1; k < m->n_cands; k++)
        if (memcmp(cand_place(r, m, k)->iso2, top.iso2, 2))
            one_country = false;
    if (one_country)
        rs_add_focus(r, top.iso2, r->w.focus_one_country);
}
#define NEAR_SPAN 200

/* Does another mention near m name the country / admin1 of candidate p? */
static void rs_neighbours(const res *r, size_t mi, const im_place *p, context *c)
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

/* rs_neighbours() for candidate ci of mention mi, kept per pool candidate: the second
 * pass asks again about the same candidates, and the answer does not change. */
void rs_cached_neighbours(const res *r, size_t mi, size_t ci, const im_place *p,
                              context *c)
{
    enum { KNOWN = 1, S_COUNTRY = 2, P_COUNTRY = 4, S_REGION = 8, P_REGION = 16,
           P_ADMIN1 = 32, P_ADMIN2 = 64, P_TOWN = 128 };
    unsigned char *bits = &r->near_bits[r->cand_off[mi] + ci];
    if (!(*bits & KNOWN)) {
        context n;
        memset(&n, 0, sizeof n);
        rs_neighbours(r, mi, p, &n);
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
void rs_index_neighbour(res *r, size_t i)
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
void rs_index_paragraphs(res *r)
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
static void rs_count_list_votes(const res *r, size_t list_id, im_place_kind *kind, char iso2[3])
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

void rs_list_votes(const res *r, size_t list_id, im_place_kind *kind, char iso2[3])
{
    list_info *li = list_id < r->n_lists ? &r->lists[list_id] : NULL;
    if (li && li->done) {
        *kind = li->kind;
        memcpy(iso2, li->iso2, 3);
        return;
    }
    rs_count_list_votes(r, list_id, kind, iso2);
    if (li) {
        li->done = true;
        li->kind = *kind;
        memcpy(li->iso2, iso2, 3);
    }
}

/* Where each list's members lie, so a list's votes look at its own run (r->lists
 * holds every id recognition handed out, gp_mentions.lists). */
void rs_index_list(res *r, size_t i)
{
    list_info *li = &r->lists[r->ms->items[i].list_id];
    if (!li->seen)
        li->first = i;
    li->seen = true;
    li->last = i;
}

/* Did most other members of m's list (two at least: "Washington and Moscow" says
 * nothing) first resolve to a place in `iso2`? */
bool rs_most_of_list_in(const res *r, size_t mi, const char *iso2)
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
