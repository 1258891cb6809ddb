/* Co-located incidents: the incidents of one location (im_map_number_locations in
 * render.h: a position two or more incidents share) become one cluster symbol carrying
 * the location's number, and the key table (furniture.c) lists each member by its
 * incident No. with date, type and fatalities.
 *
 * Numbers come from the whole incident set, not from what one map shows, so every map
 * of a pack (and summary.md) gives a place the same number. Only exact co-location
 * clusters; near neighbours are kept apart by label placement instead.
 */
#include "render_private.h"
#include "incmap/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CLUSTERS 60

typedef struct pos_key {
    long long qx, qy;
    size_t inc;
} pos_key;

static int cmp_pos(const void *a, const void *b)
{
    const pos_key *x = a, *y = b;
    if (x->qx != y->qx)
        return x->qx < y->qx ? -1 : 1;
    if (x->qy != y->qy)
        return x->qy < y->qy ? -1 : 1;
    return x->inc < y->inc ? -1 : x->inc > y->inc;
}

typedef struct run_first {
    size_t first;            /* lowest incident index of the run */
    size_t r, e;             /* the run in the sorted keys */
} run_first;

static int cmp_run(const void *a, const void *b)
{
    const run_first *x = a, *y = b;
    return x->first < y->first ? -1 : x->first > y->first;
}

size_t im_map_number_locations(const im_incident_set *set, int *loc_no, size_t *named_by)
{
    size_t n = set ? set->n : 0, nk = 0;
    pos_key *keys = im_xcalloc(n ? n : 1, sizeof *keys);
    for (size_t i = 0; i < n; i++) {
        const im_incident *inc = &set->items[i];
        loc_no[i] = 0;
        if (!inc->has_coords || !isfinite(inc->longitude) || !isfinite(inc->latitude))
            continue;
        keys[nk++] = (pos_key){llround(inc->longitude * 1e5), llround(inc->latitude * 1e5), i};
    }
    /* sorted by position, then by incident: a run is one position, its first key the
     * lowest-numbered incident there */
    qsort(keys, nk, sizeof *keys, cmp_pos);
    run_first *runs = im_xcalloc(nk ? nk : 1, sizeof *runs);
    size_t n_runs = 0;
    for (size_t r = 0, e; r < nk; r = e) {
        for (e = r + 1; e < nk && keys[e].qx == keys[r].qx && keys[e].qy == keys[r].qy; e++)
            ;
        if (e - r > 1)
            runs[n_runs++] = (run_first){keys[r].inc, r, e};
    }
    qsort(runs, n_runs, sizeof *runs, cmp_run);
    for (size_t k = 0; k < n_runs; k++) {
        size_t best = keys[runs[k].r].inc;
        for (size_t j = runs[k].r; j < runs[k].e; j++) {
            size_t i = keys[j].inc;
            loc_no[i] = (int)k + 1;
            int pi = set->items[i].geo_prec, pb = set->items[best].geo_prec;
            bool named = set->items[i].location && set->items[i].location[0];
            bool best_named = set->items[best].location && set->items[best].location[0];
            if ((named && !best_named) ||
                (named == best_named && pi > 0 && (pb <= 0 || pi < pb)))
                best = i;
        }
        if (named_by)
            named_by[k] = best;
    }
    free(runs);
    free(keys);
    return n_runs;
}

static int cmp_sym_incident(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

void im_clusters_build(im_map *m)
{
    size_t n = m->n_syms;
    /* the locations in the frame; beyond a page's worth, numbers would bury the map,
     * so co-located symbols are simply drawn over each other */
    size_t in_frame = 0;
    int *rep = im_xcalloc(m->n_locations ? m->n_locations : 1, sizeof *rep);
    for (size_t i = 0; i < n; i++) {
        int no = m->loc_no[m->syms[i].incident];
        if (no > 0 && rep[no - 1]++ == 0)
            in_frame++;
    }
    if (in_frame > MAX_CLUSTERS || !in_frame) {
        free(rep);
        m->stats.clusters = 0;
        return;
    }
    /* rep[k]: index+1 of the symbol that stands for location k+1 (the first, i.e. the
     * largest: symbols are sorted by size) */
    memset(rep, 0, (m->n_locations ? m->n_locations : 1) * sizeof *rep);
    bool *gone = im_xcalloc(n ? n : 1, sizeof *gone);
    for (size_t i = 0; i < n; i++) {
        int no = m->loc_no[m->syms[i].incident];
        if (no <= 0)
            continue;
        im_sym *o = &m->syms[i];
        if (!rep[no - 1]) {
            rep[no - 1] = (int)i + 1;
            size_t cap = 0;
            o->members = im_xgrow(NULL, &cap, 4, sizeof *o->members);
            o->members[0] = o->incident;
            o->count = 1;
            int f = m->incidents->items[o->incident].fatalities;
            o->fatalities = f > 0 ? f : 0;
            continue;
        }
        im_sym *s = &m->syms[rep[no - 1] - 1];
        size_t cap = s->count;
        s->members = im_xgrow(s->members, &cap, s->count + 1, sizeof *s->members);
        s->members[s->count++] = o->incident;
        s->muted = s->muted && o->muted; /* a cluster is the region's if any member is */
        int f = m->incidents->items[o->incident].fatalities;
        s->fatalities += f > 0 ? f : 0;
        gone[i] = true;
    }
    size_t c = 0;
    for (size_t k = 0; k < m->n_locations; k++) {
        if (!rep[k])
            continue;
        im_sym *s = &m->syms[rep[k] - 1];
        /* members by incident No., named after the location's most precise place */
        qsort(s->members, s->count, sizeof *s->members, cmp_sym_incident);
        const im_incident *named = &m->incidents->items[m->loc_named_by[k]];
        s->text = named->location && named->location[0] ? named->location : s->text;
        s->cluster_no = (int)k + 1;
        s->d = k + 1 >= 100 ? 5.0 : k + 1 >= 10 ? 4.4 : 3.8;
        s->date = NULL;
        s->unknown = false;
        s->priority = 1e6 + s->fatalities;
        c++;
    }
    /* compact */
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!gone[i])
            m->syms[k++] = m->syms[i];
        else
            free(m->syms[i].members);
    }
    m->n_syms = k;
    free(gone);
    free(rep);
    m->stats.clusters = c;
}

bool im_cluster_draw(cairo_t *cr, PangoContext *pc, im_pt at, double d, int number)
{
    cairo_save(cr);
    cairo_new_sub_path(cr);
    cairo_arc(cr, at.x, at.y, d / 2, 0, 2 * M_PI);
    cairo_set_source_rgb(cr, 0.13, 0.13, 0.13);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, 0.3);
    cairo_stroke(cr);
    char num[16];
    snprintf(num, sizeof num, "%d", number);
    /* the number fits inside the disc: its box within the inscribed square's width
       plus a little (digits are narrower than their box), shrinking to 4 pt */
    double size = 7, w, h;
    PangoLayout *l = im_text_layout(pc, num, NULL, size, true, false);
    im_text_size(l, &w, &h);
    while (w > d * 0.86 && size > 4) {
        g_object_unref(l);
        size -= 0.5;
        l = im_text_layout(pc, num, NULL, size, true, false);
        im_text_size(l, &w, &h);
    }
    im_text_draw(cr, l, at.x - w / 2, at.y - h / 2, 1, 1, 1, 0);
    g_object_unref(l);
    cairo_restore(cr);
    return w <= d;
}
