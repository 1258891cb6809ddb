/* Label placement for incident symbols. By priority (clusters, capitals and large
 * cities, then fatalities, then precision) each label takes the first candidate box
 * that overlaps no placed label, no symbol (its own included) and stays inside the
 * frame. Candidates: sixteen positions beside the symbol at its radius plus a gap
 * (east first, then the corners, then the sides slid along), with the date as a second
 * line where there is room; then, once every label has had its chance beside its
 * symbol, rings farther out joined by a leader line (first leaders that cross no other
 * symbol, then short ones that pass under one), then the name on two lines; finally a
 * repair pass lets a dropped label take a spot whose holder can move elsewhere. What
 * still fits nowhere is dropped, counted and named in the map's notes.
 *
 * Invariant: a placed box never overlaps another placed box, any symbol box, any
 * link's arrowhead (links.c), or the frame edge; im_labels_count_overlaps recounts this from the stored boxes so tests
 * check the placement rather than trust it. Symbols and basemap names are drawn
 * elsewhere; basemap names ask im_labels_box_free before they take a spot.
 */
#include "render_private.h"
#include "incmap/alloc.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define GAP_MM 0.6        /* between a symbol's edge and its label */
#define PAD_MM 0.35       /* halo clearance kept around labels */
#define RING0 16          /* candidates beside the symbol */
#define RING_MM 1.6       /* distance between candidate rings */

/* Half-size of the square that holds a symbol's shape, ring stroke included. */
static double sym_half(const im_map *m, const im_sym *s)
{
    static const double k[] = {1.0, 0.886, 1.35, 1.25, 1.1, 1.42, 1.07};
    double r = s->d / 2;
    if (s->cluster_no)
        return r + 0.15;
    im_shape sh = m->style->classes[s->cls].shape;
    double f = (unsigned)sh < sizeof k / sizeof k[0] ? k[sh] : 1.42;
    return r * f + (s->prec == IM_PREC_FILLED ? 0.1 : 0.3);
}

static im_box sym_box(const im_map *m, const im_sym *s)
{
    double h = sym_half(m, s);
    im_box b = {s->at.x - h, s->at.y - h, s->at.x + h, s->at.y + h};
    return b;
}

static im_box grow(im_box b, double d)
{
    im_box g = {b.x0 - d, b.y0 - d, b.x1 + d, b.y1 + d};
    return g;
}

static void grid_build(im_map *m)
{
    im_sym_grid *g = &m->grid;
    if (g->start)
        return;
    g->cell = 4.0;
    g->x0 = m->frame.x0;
    g->y0 = m->frame.y0;
    g->nx = (int)ceil((m->frame.x1 - m->frame.x0) / g->cell) + 1;
    g->ny = (int)ceil((m->frame.y1 - m->frame.y0) / g->cell) + 1;
    size_t ncell = (size_t)g->nx * (size_t)g->ny;
    g->start = im_xcalloc(ncell + 1, sizeof *g->start);
    g->items = im_xcalloc(m->n_syms ? m->n_syms : 1, sizeof *g->items);
    size_t *cellof = im_xcalloc(m->n_syms ? m->n_syms : 1, sizeof *cellof);
    g->max_half = 0;
    for (size_t i = 0; i < m->n_syms; i++) {
        int cx = (int)((m->syms[i].at.x - g->x0) / g->cell);
        int cy = (int)((m->syms[i].at.y - g->y0) / g->cell);
        cx = cx < 0 ? 0 : cx >= g->nx ? g->nx - 1 : cx;
        cy = cy < 0 ? 0 : cy >= g->ny ? g->ny - 1 : cy;
        cellof[i] = (size_t)cy * (size_t)g->nx + (size_t)cx;
        g->start[cellof[i] + 1]++;
        g->max_half = fmax(g->max_half, sym_half(m, &m->syms[i]));
    }
    for (size_t c = 0; c < ncell; c++)
        g->start[c + 1] += g->start[c];
    size_t *fill = im_xcalloc(ncell + 1, sizeof *fill);
    for (size_t i = 0; i < m->n_syms; i++)
        g->items[g->start[cellof[i]] + fill[cellof[i]]++] = i;
    free(fill);
    free(cellof);
}

void im_labels_grid_free(im_map *m)
{
    free(m->grid.start);
    free(m->grid.items);
    memset(&m->grid, 0, sizeof m->grid);
}

/* Call fn on every symbol whose centre cell lies near box b; stop when it returns
 * true and return true. */
static bool grid_any(const im_map *m, im_box b, bool (*fn)(const im_map *, size_t, const void *),
                     const void *arg)
{
    const im_sym_grid *g = &m->grid;
    double pad = g->max_half + 0.5;
    int cx0 = (int)floor((b.x0 - pad - g->x0) / g->cell), cx1 = (int)floor((b.x1 + pad - g->x0) / g->cell);
    int cy0 = (int)floor((b.y0 - pad - g->y0) / g->cell), cy1 = (int)floor((b.y1 + pad - g->y0) / g->cell);
    cx0 = cx0 < 0 ? 0 : cx0;
    cy0 = cy0 < 0 ? 0 : cy0;
    cx1 = cx1 >= g->nx ? g->nx - 1 : cx1;
    cy1 = cy1 >= g->ny ? g->ny - 1 : cy1;
    for (int cy = cy0; cy <= cy1; cy++)
        for (int cx = cx0; cx <= cx1; cx++) {
            size_t c = (size_t)cy * (size_t)g->nx + (size_t)cx;
            for (size_t k = g->start[c]; k < g->start[c + 1]; k++)
                if (fn(m, g->items[k], arg))
                    return true;
        }
    return false;
}

typedef struct box_query {
    im_box box;
    double grow_by;
    size_t skip;
    size_t count;
} box_query;

static bool hits_box(const im_map *m, size_t i, const void *arg)
{
    const box_query *q = arg;
    return i != q->skip && box_overlap(q->box, grow(sym_box(m, &m->syms[i]), q->grow_by));
}

static bool count_box(const im_map *m, size_t i, const void *arg)
{
    box_query *q = (box_query *)(uintptr_t)arg;
    if (box_overlap(q->box, sym_box(m, &m->syms[i])))
        q->count++;
    return false;
}

typedef struct seg_query {
    im_pt a, b;
    size_t skip;
} seg_query;


static bool hits_segment(const im_map *m, size_t i, const void *arg)
{
    const seg_query *q = arg;
    return i != q->skip && im_segment_meets(q->a, q->b, sym_box(m, &m->syms[i]));
}

bool im_labels_box_free(const im_map *m, im_box b)
{
    box_query q = {b, 0.3, SIZE_MAX, 0};
    if (m->grid.start && grid_any(m, b, hits_box, &q))
        return false;
    if (m->inset_in_frame && box_overlap(b, grow(m->inset_frame_box, 0.5)))
        return false;
    if (im_links_head_hits(m, grow(b, 0.2)))
        return false;
    for (size_t i = 0; i < m->n_labels; i++) {
        const im_label *l = &m->labels[i];
        if (l->pub.placed) {
            im_box lb = {l->pub.x0, l->pub.y0, l->pub.x1, l->pub.y1};
            if (box_overlap(b, grow(lb, PAD_MM)))
                return false;
        }
    }
    return true;
}


static double cross(im_pt o, im_pt a, im_pt b)
{
    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

/* Do segments a-b and c-d cross (proper intersection)? */
static bool segments_cross(im_pt a, im_pt b, im_pt c, im_pt d)
{
    double d1 = cross(c, d, a), d2 = cross(c, d, b), d3 = cross(a, b, c), d4 = cross(a, b, d);
    return ((d1 > 0) != (d2 > 0)) && ((d3 > 0) != (d4 > 0));
}

/* Can a label go at box `b` (with a leader from-to when `leader`)? Label `skip` (an
 * index into m->labels, or SIZE_MAX) is ignored: the repair pass asks "would it fit
 * if that one moved?". */
static bool fits(const im_map *m, size_t self, im_box b, bool leader, im_pt from, im_pt to,
                 size_t skip)
{
    im_box inner = {m->frame.x0 + 0.5, m->frame.y0 + 0.5, m->frame.x1 - 0.5, m->frame.y1 - 0.5};
    if (!box_inside(b, inner))
        return false;
    im_box padded = grow(b, PAD_MM);
    if (m->inset_in_frame && (box_overlap(padded, m->inset_frame_box) ||
                              (leader && im_segment_meets(from, to, m->inset_frame_box))))
        return false;
    box_query q = {padded, 0, SIZE_MAX, 0};
    if (grid_any(m, padded, hits_box, &q))
        return false;
    /* arrowheads are obstacles like symbols; a leader may not cut one either */
    if (im_links_head_hits(m, padded) ||
        (leader && im_links_head_crossed(m, from, to, im_segment_meets)))
        return false;
    for (size_t i = 0; i < m->n_labels; i++) {
        const im_label *l = &m->labels[i];
        if (!l->pub.placed || i == skip)
            continue;
        im_box lb = {l->pub.x0, l->pub.y0, l->pub.x1, l->pub.y1};
        if (box_overlap(padded, lb))
            return false;
        if (leader && im_segment_meets(from, to, grow(lb, 0.2)))
            return false;
        if (l->pub.leader && im_segment_meets(l->leader_from, l->leader_to, padded))
            return false;
        if (leader && l->pub.leader && segments_cross(from, to, l->leader_from, l->leader_to))
            return false;
    }
    if (leader && m->strict_leaders) {
        /* a leader may not run through another symbol */
        seg_query sq = {from, to, self};
        im_box sb = {fmin(from.x, to.x), fmin(from.y, to.y), fmax(from.x, to.x),
                     fmax(from.y, to.y)};
        if (grid_any(m, sb, hits_segment, &sq))
            return false;
    }
    return true;
}

/* The first placed label (other than `self_label`) that candidate box `b` or its
 * leader runs into, or SIZE_MAX. */
static size_t first_conflict(const im_map *m, size_t self_label, im_box b, bool leader,
                             im_pt from, im_pt to)
{
    im_box padded = grow(b, PAD_MM);
    for (size_t i = 0; i < m->n_labels; i++) {
        const im_label *l = &m->labels[i];
        if (!l->pub.placed || i == self_label)
            continue;
        im_box lb = {l->pub.x0, l->pub.y0, l->pub.x1, l->pub.y1};
        if (box_overlap(padded, lb) || (leader && im_segment_meets(from, to, grow(lb, 0.2))) ||
            (l->pub.leader && im_segment_meets(l->leader_from, l->leader_to, padded)) ||
            (leader && l->pub.leader && segments_cross(from, to, l->leader_from, l->leader_to)))
            return i;
    }
    return SIZE_MAX;
}

/* Box of size w×h touching point p on the side facing away from the symbol. */
static im_box box_at(im_pt p, double ca, double sa, double w, double h)
{
    im_box b;
    b.x0 = ca > 0.38 ? p.x : ca < -0.38 ? p.x - w : p.x - w / 2;
    b.y0 = sa > 0.38 ? p.y : sa < -0.38 ? p.y - h : p.y - h / 2;
    b.x1 = b.x0 + w;
    b.y1 = b.y0 + h;
    return b;
}

static im_pt nearest_on_box(im_box b, im_pt p)
{
    im_pt q = {fmin(fmax(p.x, b.x0), b.x1), fmin(fmax(p.y, b.y0), b.y1)};
    return q;
}

/* The label's text: 0 name and date, 1 the name, 2 the name broken at the space
 * nearest its middle. */
static PangoLayout *label_layout(PangoContext *pc, const im_map *m, const im_sym *s, int variant)
{
    char *text = NULL;
    char *name = g_markup_escape_text(s->text, -1);
    if (variant == 2) {
        size_t n = strlen(name), best = 0;
        for (size_t i = 1; i + 1 < n; i++)
            if (name[i] == ' ' && (!best || fabs((double)i - n / 2.0) < fabs((double)best - n / 2.0)))
                best = i;
        if (best)
            name[best] = '\n';
    }
    if (variant == 0) {
        char *d = g_markup_escape_text(s->date, -1);
        text = im_xasprintf("<span font_features=\"liga=0, clig=0\">%s\n<span size=\"85%%\" "
                            "foreground=\"#555555\">%s</span></span>", name, d);
        g_free(d);
    } else {
        text = im_xasprintf("<span font_features=\"liga=0, clig=0\">%s</span>", name);
    }
    g_free(name);
    PangoLayout *l = im_text_layout(pc, "", NULL, m->style->label_size_pt, false, false);
    pango_layout_set_markup(l, text, -1);
    pango_layout_set_spacing(l, 0);
    free(text);
    return l;
}

typedef struct prio_key {
    double priority;
    size_t incident, sym;
} prio_key;

static int cmp_priority(const void *a, const void *b)
{
    const prio_key *x = a, *y = b;
    if (x->priority != y->priority)
        return x->priority < y->priority ? 1 : -1;
    return x->incident < y->incident ? -1 : x->incident > y->incident;
}

static const size_t *sort_by_priority(im_map *m)
{
    prio_key *keys = im_xcalloc(m->n_syms ? m->n_syms : 1, sizeof *keys);
    for (size_t i = 0; i < m->n_syms; i++)
        keys[i] = (prio_key){m->syms[i].priority, m->syms[i].incident, i};
    qsort(keys, m->n_syms, sizeof *keys, cmp_priority);
    size_t *order = im_xcalloc(m->n_syms ? m->n_syms : 1, sizeof *order);
    for (size_t i = 0; i < m->n_syms; i++)
        order[i] = keys[i].sym;
    free(keys);
    return order;
}

/* One candidate spot for a label. */
typedef struct cand {
    im_box box;
    im_pt from, to;
    bool leader;
} cand;

/* Candidate `k` of ring `ring` for a w×h label of symbol `s`. Ring 0 has 8 positions
 * hugging the symbol (east first, then the corners, as in most atlases); outer rings
 * have 24 and need a leader. */
static cand candidate(const im_map *m, const im_sym *s, double w, double h, int ring, int k)
{
    /* the eight classic positions, then the same sides slid along the symbol */
    static const double first[RING0] = {0, -45, 45, 180, -135, 135, -90, 90,
                                        0, 0, 180, 180, -90, -90, 90, 90};
    static const double slide_x[RING0] = {0, 0, 0, 0, 0, 0, 0, 0,
                                          0, 0, 0, 0, -0.25, 0.25, -0.25, 0.25};
    static const double slide_y[RING0] = {0, 0, 0, 0, 0, 0, 0, 0,
                                          -0.4, 0.4, -0.4, 0.4, 0, 0, 0, 0};
    double half = sym_half(m, s);
    double deg = ring == 0 ? first[k] : (k % 2 ? -1 : 1) * (k + 1) / 2 * 15.0;
    double a = deg * M_PI / 180, ca = cos(a), sa = sin(a);
    double off = half + GAP_MM + ring * RING_MM, rx, ry;
    if (ring > 0) {
        rx = off * ca;
        ry = off * sa;
    } else {
        /* diagonals go to the corner of the symbol's box */
        rx = fabs(ca) > 0.38 ? (ca > 0 ? off : -off) : 0;
        ry = fabs(sa) > 0.38 ? (sa > 0 ? off : -off) : 0;
    }
    im_pt p = {s->at.x + rx, s->at.y + ry};
    cand c;
    c.box = box_at(p, ca, sa, w, h);
    if (ring == 0) {
        double dx = slide_x[k] * w, dy = slide_y[k] * h;
        c.box.x0 += dx;
        c.box.x1 += dx;
        c.box.y0 += dy;
        c.box.y1 += dy;
    }
    c.leader = ring > 0;
    c.to = nearest_on_box(c.box, s->at);
    c.from = s->at;
    double dl = hypot(c.to.x - s->at.x, c.to.y - s->at.y);
    if (dl > 0) {
        c.from.x += (c.to.x - s->at.x) / dl * (half + 0.1);
        c.from.y += (c.to.y - s->at.y) / dl * (half + 0.1);
    }
    return c;
}

static void put(im_label *lab, const cand *c, int variant)
{
    lab->pub.placed = true;
    lab->pub.leader = c->leader;
    lab->pub.x0 = c->box.x0;
    lab->pub.y0 = c->box.y0;
    lab->pub.x1 = c->box.x1;
    lab->pub.y1 = c->box.y1;
    lab->anchor = (im_pt){c->box.x0, c->box.y0};
    lab->leader_from = c->from;
    lab->leader_to = c->to;
    lab->variant = variant;
}

/* Place label `li` at the first free candidate: dated text first (beside the
 * symbol only), then the name on one line, then on two. */
static bool try_place(im_map *m, size_t li, int rings, int last_variant)
{
    im_label *lab = &m->labels[li];
    const im_sym *s = &m->syms[lab->sym];
    for (int variant = (lab->w_date > 0 ? 0 : 1); variant <= last_variant; variant++) {
        double w = variant == 0 ? lab->w_date : variant == 1 ? lab->w : lab->w_wrap;
        double h = variant == 0 ? lab->h_date : variant == 1 ? lab->h : lab->h_wrap;
        if (w <= 0)
            continue;
        int max_ring = variant == 0 ? 0 : rings;
        for (int ring = 0; ring <= max_ring; ring++)
            for (int k = 0; k < (ring == 0 ? RING0 : 24); k++) {
                cand c = candidate(m, s, w, h, ring, k);
                if (fits(m, lab->sym, c.box, c.leader, c.from, c.to, SIZE_MAX)) {
                    put(lab, &c, variant);
                    return true;
                }
            }
    }
    return false;
}

/* Repair: a dropped label takes a spot held by one other label if that label can
 * then be placed somewhere else. One displacement per spot, near spots first. */
static bool repair(im_map *m, size_t li, int rings)
{
    im_label *lab = &m->labels[li];
    const im_sym *s = &m->syms[lab->sym];
    int max_ring = rings < 6 ? rings : 6;
    for (int ring = 0; ring <= max_ring; ring++)
        for (int k = 0; k < (ring == 0 ? RING0 : 24); k++) {
            cand c = candidate(m, s, lab->w, lab->h, ring, k);
            size_t other = first_conflict(m, li, c.box, c.leader, c.from, c.to);
            if (other == SIZE_MAX ||
                !fits(m, lab->sym, c.box, c.leader, c.from, c.to, other))
                continue;
            im_label saved = m->labels[other];
            m->labels[other].pub.placed = false;
            put(lab, &c, 1);
            if (try_place(m, other, rings, 2))
                return true;
            m->labels[other] = saved;
            lab->pub.placed = false;
        }
    return false;
}

void im_labels_place(im_map *m, PangoContext *pc)
{
    if (m->placed)
        return;
    m->placed = true;
    grid_build(m);
    if (m->opts.labels == IM_LABELS_NONE)
        return;
    const size_t *order = sort_by_priority(m);
    size_t max_labels = m->opts.labels == IM_LABELS_ALL ? (size_t)-1 : 400;
    /* auto keeps leaders short (about 1 cm) and drops what still does not fit;
     * all tries up to about 3 cm */
    int rings = m->opts.labels == IM_LABELS_ALL ? 18 : 8;
    int loose = m->opts.labels == IM_LABELS_ALL ? 18 : 4;
    size_t cap = m->n_syms < max_labels ? m->n_syms : max_labels;
    m->labels = im_xcalloc(cap ? cap : 1, sizeof *m->labels);
    for (size_t oi = 0; oi < m->n_syms && m->n_labels < max_labels; oi++) {
        size_t si = order[oi];
        im_sym *s = &m->syms[si];
        if (!s->text || s->muted) /* outside the region: context, not labelled */
            continue;
        im_label *lab = &m->labels[m->n_labels++];
        lab->sym = si;
        lab->pub.text = s->text;
        lab->pub.sym_x = s->at.x;
        lab->pub.sym_y = s->at.y;
        lab->pub.sym_r = s->d / 2;
        PangoLayout *l = label_layout(pc, m, s, 1);
        im_text_size(l, &lab->w, &lab->h);
        g_object_unref(l);
        if (s->date) {
            l = label_layout(pc, m, s, 0);
            im_text_size(l, &lab->w_date, &lab->h_date);
            g_object_unref(l);
        }
        if (strchr(s->text, ' ')) {
            l = label_layout(pc, m, s, 2);
            im_text_size(l, &lab->w_wrap, &lab->h_wrap);
            g_object_unref(l);
        }
        try_place(m, m->n_labels - 1, 0, 1);
    }
    /* leaders only once every label that can sit beside its symbol does; first
     * leaders clear of other symbols, then (drawn under the symbols) any */
    for (int last = 1; last <= 2; last++)
        for (size_t i = 0; i < m->n_labels; i++) {
            if (m->labels[i].pub.placed)
                continue;
            m->strict_leaders = true;
            if (!try_place(m, i, rings, last)) {
                m->strict_leaders = false;
                try_place(m, i, loose, last);
            }
        }
    m->strict_leaders = false;
    for (size_t i = 0; i < m->n_labels; i++)
        if (!m->labels[i].pub.placed)
            repair(m, i, loose);
    for (size_t i = 0; i < m->n_labels; i++) {
        m->stats.labels_wanted++;
        if (m->labels[i].pub.placed) {
            m->stats.labels_placed++;
            m->stats.labels_leader += m->labels[i].pub.leader;
        } else {
            m->stats.labels_dropped++;
        }
    }
    free((void *)order);
    m->stats.overlaps = im_labels_count_overlaps(m);
}

void im_labels_draw_leaders(im_map *m, cairo_t *cr)
{
    /* under the symbols, so a leader that must cross one passes beneath it */
    for (size_t i = 0; i < m->n_labels; i++) {
        const im_label *l = &m->labels[i];
        if (!l->pub.placed || !l->pub.leader)
            continue;
        cairo_move_to(cr, l->leader_from.x, l->leader_from.y);
        cairo_line_to(cr, l->leader_to.x, l->leader_to.y);
    }
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, 0.45);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_stroke_preserve(cr);
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    cairo_set_line_width(cr, 0.15);
    cairo_stroke(cr);
}

void im_labels_draw(im_map *m, cairo_t *cr, PangoContext *pc)
{
    for (size_t i = 0; i < m->n_labels; i++) {
        const im_label *l = &m->labels[i];
        if (!l->pub.placed)
            continue;
        PangoLayout *layout = label_layout(pc, m, &m->syms[l->sym], l->variant);
        im_text_draw(cr, layout, l->anchor.x, l->anchor.y, 0.13, 0.13, 0.13, 0.32);
        g_object_unref(layout);
    }
}

size_t im_labels_count_overlaps(const im_map *m)
{
    size_t n = 0;
    for (size_t i = 0; i < m->n_labels; i++) {
        const im_label *a = &m->labels[i];
        if (!a->pub.placed)
            continue;
        im_box ba = {a->pub.x0, a->pub.y0, a->pub.x1, a->pub.y1};
        if (!box_inside(ba, m->frame))
            n++;
        if (m->inset_in_frame && box_overlap(ba, m->inset_frame_box))
            n++;
        for (size_t j = i + 1; j < m->n_labels; j++) {
            const im_label *b = &m->labels[j];
            im_box bb = {b->pub.x0, b->pub.y0, b->pub.x1, b->pub.y1};
            if (b->pub.placed && box_overlap(ba, bb))
                n++;
        }
        box_query q = {ba, 0, SIZE_MAX, 0};
        grid_any(m, ba, count_box, &q);
        n += q.count;
        for (size_t k = 0; k < m->n_arrows; k++)
            n += m->arrows[k].has_head && box_overlap(ba, m->arrows[k].head_box);
    }
    return n;
}
