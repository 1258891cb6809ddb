/* Focus and outliers: a place far outside what the report is about needs evidence.
 * After resolution, a mention whose place lies more than outlier_km from every other
 * place the document resolved, in a country the document never names, with nothing
 * in its own context for it (no qualifier, unit word, dateline, its country or
 * province nearby, a list that agrees) and no fame of its own (a capital, or a town of
 * outlier_population), is more likely a namesake than the place meant ("near Saravan
 * city" in a report on Sistan and Baluchestan is not Salavan, Laos). It is left
 * unresolved, with a low confidence and a warning, so maps and frames ignore it.
 * A document with fewer than two other places gives no such evidence either way. */
#include "resolve_private.h"
#include "incmap/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_POINTS 512

typedef struct point {
    double lat, lon;
    uint32_t key;                /* interned name: a name does not vouch for itself */
} point;

double rs_km(double lat1, double lon1, double lat2, double lon2)
{
    const double rad = 3.14159265358979323846 / 180.0;
    double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double h = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
    return 6371.0 * 2.0 * atan2(sqrt(h), sqrt(1.0 - h));
}

/* Did its own context speak for mention m's place? (context of the final choice) */
static bool own_evidence(const res *r, size_t mi)
{
    const gp_mention *m = &r->ms->items[mi];
    const context *c = &r->first[mi].context;
    return m->qualifier != IM_PLACE_NONE || m->contained || m->dateline || m->name ||
           c->sentence_country ||
           c->para_country || c->sentence_region || c->para_region || c->para_admin1 ||
           c->para_admin2 || c->para_town || c->list_country || c->qualifier;
}

/* Is mention i a candidate outlier: a resolved town or unit with no fame, in a country
 * the document does not name, with nothing in its context for it? */
static bool suspicious(const res *r, size_t i, im_place *p)
{
    const gp_mention *m = &r->ms->items[i];
    if (m->m.type != IM_MENTION_PLACE || m->dropped || m->m.kind == IM_PLACE_COUNTRY)
        return false;
    *p = place_of(r, m->m.place);
    bool famous = p->population >= r->w.outlier_population ||
                  !strncmp(p->feature, "PPLC", 4);
    return p->has_coords && !famous && rs_focus_of(r, p->iso2) < 1.0 && !own_evidence(r, i);
}

void rs_outliers(res *r, char ***warnings, size_t *n_warnings)
{
    gp_mentions *ms = r->ms;
    point *pts = im_xmalloc(MAX_POINTS * sizeof *pts);
    size_t n_pts = 0;
    /* the places that vouch: resolved, and not themselves suspect */
    for (size_t i = 0; i < ms->n && n_pts < MAX_POINTS; i++) {
        const gp_mention *m = &ms->items[i];
        im_place p;
        if (m->m.type != IM_MENTION_PLACE || m->dropped || suspicious(r, i, &p))
            continue;
        p = place_of(r, m->m.place);
        if (!p.has_coords)
            continue;
        bool seen = false;
        for (size_t k = 0; k < n_pts && !seen; k++)
            seen = pts[k].key == r->keys[i] && pts[k].lat == p.lat && pts[k].lon == p.lon;
        if (!seen)
            pts[n_pts++] = (point){p.lat, p.lon, r->keys[i]};
    }
    for (size_t i = 0; i < ms->n; i++) {
        gp_mention *m = &ms->items[i];
        im_place p;
        if (!suspicious(r, i, &p))
            continue;
        size_t others = 0;
        bool near = false;
        for (size_t k = 0; k < n_pts && !near; k++) {
            if (pts[k].key == r->keys[i])
                continue;
            others++;
            near = rs_km(p.lat, p.lon, pts[k].lat, pts[k].lon) <= r->w.outlier_km;
        }
        if (near || others < 2)
            continue;
        const im_sentence *st = im_text_sentence(r->text, m->m.sentence);
        const char *s = im_text_data(r->text, NULL);
        size_t slen = st->end - st->start;
        char *w = im_xasprintf("sentence %zu (paragraph %zu): %.*s would be %s, %s, far from "
                               "every other place of the text, in a country it never names; "
                               "left unresolved: \"%.*s%s\"",
                               m->m.sentence + 1, st->para + 1, (int)(m->m.end - m->m.start),
                               s + m->m.start, p.name, p.iso2, (int)(slen > 160 ? 160 : slen),
                               s + st->start, slen > 160 ? "…" : "");
        *warnings = im_xreallocarray(*warnings, *n_warnings + 1, sizeof **warnings);
        (*warnings)[(*n_warnings)++] = w;
        m->m.type = IM_MENTION_UNRESOLVED;
        m->m.place = IM_PLACE_NONE;
        m->m.kind = IM_PLACE_ANY;
        m->m.iso2[0] = '\0';
        if (m->m.confidence > 0.3)
            m->m.confidence = 0.3;
        m->evidence = gp_evidence_intern(r->evidence, "far outside the document's places: "
                                                      "left unresolved");
    }
    free(pts);
}
