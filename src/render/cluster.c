/* Co-located incidents: symbols that fall in the same small page cell — a dozen
 * in Kabul — become one numbered cluster symbol, and the key table (furniture.c)
 * lists each member's date, place, type and fatalities under that number.
 *
 * Numbers run north to south, then west to east, so they read like text and stay
 * stable for a given set of incidents. Only co-location (the same CLUSTER_MM cell
 * of the page) clusters; near neighbours are kept apart by label placement instead.
 */
#include "render_private.h"
#include "incmap/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CLUSTER_MM 0.4
#define MAX_CLUSTERS 60

static int cmp_reading_order(const void *a, const void *b)
{
    const im_sym *x = *(im_sym *const *)a, *y = *(im_sym *const *)b;
    if (fabs(x->at.y - y->at.y) > 1e-6)
        return x->at.y < y->at.y ? -1 : 1;
    return x->at.x < y->at.x ? -1 : x->at.x > y->at.x;
}

typedef struct cell_key {
    long long qx, qy;
    size_t sym;
} cell_key;

static int cmp_cell(const void *a, const void *b)
{
    const cell_key *x = a, *y = b;
    if (x->qx != y->qx)
        return x->qx < y->qx ? -1 : 1;
    if (x->qy != y->qy)
        return x->qy < y->qy ? -1 : 1;
    return x->sym < y->sym ? -1 : x->sym > y->sym;
}

void im_clusters_build(im_map *m)
{
    size_t n = m->n_syms;
    /* symbols in the same CLUSTER_MM cell of the page are co-located: sorting by
     * cell keeps this O(n log n) for layers of any size */
    cell_key *keys = im_xcalloc(n ? n : 1, sizeof *keys);
    for (size_t i = 0; i < n; i++)
        keys[i] = (cell_key){(long long)floor(m->syms[i].at.x / CLUSTER_MM),
                             (long long)floor(m->syms[i].at.y / CLUSTER_MM), i};
    qsort(keys, n, sizeof *keys, cmp_cell);
    /* a key table can list a page's worth of locations; beyond that, numbers would
     * bury the map, so co-located symbols are simply drawn over each other */
    size_t runs = 0;
    for (size_t r = 0, e; r < n; r = e) {
        for (e = r + 1; e < n && keys[e].qx == keys[r].qx && keys[e].qy == keys[r].qy; e++)
            ;
        runs += e - r > 1;
    }
    if (runs > MAX_CLUSTERS) {
        free(keys);
        m->stats.clusters = 0;
        return;
    }
    bool *gone = im_xcalloc(n ? n : 1, sizeof *gone);
    size_t n_clusters = 0;
    for (size_t r = 0; r < n;) {
        size_t e = r + 1;
        while (e < n && keys[e].qx == keys[r].qx && keys[e].qy == keys[r].qy)
            e++;
        if (e - r > 1) {
            /* the first symbol of the run (largest drawn first) stands for them all */
            im_sym *s = &m->syms[keys[r].sym];
            size_t cap = 0;
            s->members = im_xgrow(NULL, &cap, e - r, sizeof *s->members);
            s->count = 0;
            s->fatalities = 0;
            for (size_t k = r; k < e; k++) {
                const im_sym *o = &m->syms[keys[k].sym];
                s->members[s->count++] = o->incident;
                int f = m->incidents->items[o->incident].fatalities;
                s->fatalities += f > 0 ? f : 0;
                if (!s->text)
                    s->text = o->text;
                if (k > r)
                    gone[keys[k].sym] = true;
            }
            n_clusters++;
        }
        r = e;
    }
    free(keys);
    /* compact */
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!gone[i])
            m->syms[k++] = m->syms[i];
    m->n_syms = k;
    free(gone);
    /* number clusters in reading order and size them for their number */
    im_sym **order = im_xcalloc(n_clusters ? n_clusters : 1, sizeof *order);
    size_t c = 0;
    for (size_t i = 0; i < m->n_syms; i++)
        if (m->syms[i].count > 1)
            order[c++] = &m->syms[i];
    qsort(order, c, sizeof *order, cmp_reading_order);
    for (size_t i = 0; i < c; i++) {
        order[i]->cluster_no = (int)i + 1;
        order[i]->d = i + 1 >= 10 ? 4.4 : 3.8;
        order[i]->date = NULL;
        order[i]->unknown = false;
        order[i]->priority = 1e6 + order[i]->fatalities;
    }
    free(order);
    m->stats.clusters = c;
}

void im_cluster_draw(cairo_t *cr, PangoContext *pc, im_pt at, double d, int number)
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
    PangoLayout *l = im_text_layout(pc, num, NULL, 7, true, false);
    double w, h;
    im_text_size(l, &w, &h);
    im_text_draw(cr, l, at.x - w / 2, at.y - h / 2, 1, 1, 1, 0);
    g_object_unref(l);
    cairo_restore(cr);
}
