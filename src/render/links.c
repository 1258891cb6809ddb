/* Links as curved arrows: attackers' origin (the capital of their country) → incident,
 * and routes. Each link is a quadratic Bézier in projected metres — the control point
 * set off the chord's midpoint by a fifth of its length, to the left for origins and
 * to the right for routes so the two kinds never run on top of each other — densified
 * to page points, cut short of the incident's symbol, ended by a small head and
 * clipped to (a margin around) the frame.
 *
 * Drawn quietly (thin, half-transparent on a faint casing) under the leaders and the
 * symbols so it never hides an incident. Heads are label obstacles (labels.c asks
 * im_links_head_hits); bodies are not — labels have halos and sit on top. A link is
 * drawn only when its incident end is in the frame: the arrow's message is "these
 * attackers came from there", which needs the incident on the map.
 */
#include "render_private.h"
#include "incmap/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define BEND 0.2            /* control point offset, as a fraction of the chord */
#define HEAD_MM 2.0         /* head length */
#define HEAD_HALF_MM 0.75   /* half its width at the base */
#define MIN_MM 4.0          /* shorter links (origin at the incident) are not drawn */

static const double kind_rgb[IM_ARROW_KINDS][3] = {
    {0.16, 0.30, 0.45},     /* origin: slate blue, apart from every event colour */
    {0.30, 0.30, 0.30},     /* route: dark grey, dashed */
};

void im_links_clear(im_map *m)
{
    for (size_t i = 0; i < m->n_arrows; i++) {
        free(m->arrows[i].pts);
        free(m->arrows[i].ends);
    }
    free(m->arrows);
    m->arrows = NULL;
    m->n_arrows = 0;
    memset(m->arrows_per_kind, 0, sizeof m->arrows_per_kind);
    m->stats.links = 0;
    m->stats.link_heads_in_frame = 0;
}

static void add_point(im_arrow *a, size_t *cap, im_pt p, bool new_part)
{
    if (new_part && a->n > 0) {
        size_t ecap = a->n_parts;
        a->ends = im_xgrow(a->ends, &ecap, a->n_parts + 1, sizeof *a->ends);
        a->ends[a->n_parts++] = a->n;
    }
    a->pts = im_xgrow(a->pts, cap, a->n + 1, sizeof *a->pts);
    a->pts[a->n++] = p;
}


/* The radius the head must stop short of: the symbol drawn at `at`, if any. */
static double symbol_radius_at(const im_map *m, im_pt at)
{
    double r = 0.8;
    for (size_t i = 0; i < m->n_syms; i++)
        if (fabs(m->syms[i].at.x - at.x) < 0.05 && fabs(m->syms[i].at.y - at.y) < 0.05)
            r = fmax(r, m->syms[i].d / 2 * (m->syms[i].cluster_no ? 1.0 : 1.3));
    return r + 0.5;
}

static bool build_arrow(im_map *m, const im_link *l, im_arrow *a)
{
    double fx, fy, tx, ty;
    if (!isfinite(l->to_lon) || !isfinite(l->from_lon) ||
        !im_projection_fwd(m->proj, l->to_lon, l->to_lat, &tx, &ty) ||
        !im_projection_fwd(m->proj, l->from_lon, l->from_lat, &fx, &fy))
        return false;
    im_pt T = map_to_page(m, tx, ty), F = map_to_page(m, fx, fy);
    if (T.x < m->frame.x0 || T.x > m->frame.x1 || T.y < m->frame.y0 || T.y > m->frame.y1)
        return false;
    double len_mm = hypot(T.x - F.x, T.y - F.y);
    if (!(len_mm >= MIN_MM) || len_mm > 1e5)
        return false;
    /* the Bézier in projected metres */
    double side = a->kind == IM_ARROW_ORIGIN ? 1 : -1;
    double mx = (fx + tx) / 2, my = (fy + ty) / 2, dx = tx - fx, dy = ty - fy;
    double cx = mx - dy * BEND * side, cy = my + dx * BEND * side;
    int steps = (int)fmin(fmax(len_mm / 1.5, 16), 400);
    im_pt *curve = im_xmalloc((size_t)(steps + 1) * sizeof *curve);
    for (int i = 0; i <= steps; i++) {
        double t = (double)i / steps, u = 1 - t;
        double x = u * u * fx + 2 * u * t * cx + t * t * tx;
        double y = u * u * fy + 2 * u * t * cy + t * t * ty;
        curve[i] = map_to_page(m, x, y);
    }
    /* cut the curve short of the symbol: the tip sits `r` from the incident */
    double r = symbol_radius_at(m, T);
    int last = steps;
    while (last > 0 && hypot(curve[last - 1].x - T.x, curve[last - 1].y - T.y) < r)
        last--;
    if (last == 0) {
        free(curve);
        return false;
    }
    im_pt in = curve[last - 1];
    double d_in = hypot(in.x - T.x, in.y - T.y), d_out = hypot(curve[last].x - T.x,
                                                                 curve[last].y - T.y);
    double f = d_in > d_out ? (d_in - r) / (d_in - d_out) : 0;
    im_pt tip = {in.x + (curve[last].x - in.x) * f, in.y + (curve[last].y - in.y) * f};
    /* direction at the tip from a point a head's length back along the curve */
    int back = last - 1;
    while (back > 0 && hypot(curve[back].x - tip.x, curve[back].y - tip.y) < HEAD_MM)
        back--;
    double ux = tip.x - curve[back].x, uy = tip.y - curve[back].y, ul = hypot(ux, uy);
    if (ul <= 0) {
        free(curve);
        return false;
    }
    ux /= ul;
    uy /= ul;
    im_pt base = {tip.x - ux * HEAD_MM, tip.y - uy * HEAD_MM};
    a->head[0] = tip;
    a->head[1] = (im_pt){base.x - uy * HEAD_HALF_MM, base.y + ux * HEAD_HALF_MM};
    a->head[2] = (im_pt){base.x + uy * HEAD_HALF_MM, base.y - ux * HEAD_HALF_MM};
    a->head_box = (im_box){fmin(tip.x, fmin(a->head[1].x, a->head[2].x)) - 0.2,
                           fmin(tip.y, fmin(a->head[1].y, a->head[2].y)) - 0.2,
                           fmax(tip.x, fmax(a->head[1].x, a->head[2].x)) + 0.2,
                           fmax(tip.y, fmax(a->head[1].y, a->head[2].y)) + 0.2};
    a->has_head = box_overlap(a->head_box, m->frame);
    /* the body ends inside the head so its cap never shows past the tip */
    im_pt end = {tip.x - ux * HEAD_MM * 0.6, tip.y - uy * HEAD_MM * 0.6};
    im_box clip = {m->frame.x0 - 2, m->frame.y0 - 2, m->frame.x1 + 2, m->frame.y1 + 2};
    /* body: curve[0..back], then `end`; each segment clipped, a new part where the
     * curve re-enters the box */
    curve[back + 1] = end;
    size_t cap = 0;
    bool open = false;   /* the last segment reached its end point unclipped */
    for (int i = 0; i <= back; i++) {
        im_pt p = curve[i], q = curve[i + 1];
        im_pt q0 = q;
        if (!im_clip_segment(&p, &q, clip)) {
            open = false;
            continue;
        }
        if (!open)
            add_point(a, &cap, p, true);
        add_point(a, &cap, q, false);
        open = q.x == q0.x && q.y == q0.y;
    }
    if (a->n > 0) {
        size_t ecap = a->n_parts;
        a->ends = im_xgrow(a->ends, &ecap, a->n_parts + 1, sizeof *a->ends);
        a->ends[a->n_parts++] = a->n;
    }
    free(curve);
    return a->n > 0 || a->has_head;
}

/* Does the link end at an incident placed only at country or province level? It has
 * no point on the map (frame.c), so an arrow there would point at the capital. */
static bool to_coarse(const im_map *m, const im_link *l)
{
    if (!l->event_id || !l->event_id[0])
        return false;
    for (size_t i = 0; i < m->incidents->n; i++) {
        const im_incident *inc = &m->incidents->items[i];
        if (inc->event_id && !strcmp(inc->event_id, l->event_id))
            return im_incident_coarse(inc);
    }
    return false;
}

void im_map_set_links(im_map *m, const im_link_set *links)
{
    im_links_clear(m);
    if (m->placed) {
        /* the heads are new obstacles: place the labels again on the next draw */
        for (size_t i = 0; i < m->n_labels; i++)
            free(m->labels[i].owned_text);
        free(m->labels);
        m->labels = NULL;
        m->n_labels = 0;
        m->placed = false;
        m->stats.labels_wanted = m->stats.labels_placed = m->stats.labels_leader = 0;
        m->stats.labels_dropped = m->stats.overlaps = 0;
    }
    if (!links || !links->n) {
        im_map_place_inset(m);
        return;
    }
    m->arrows = im_xcalloc(links->n, sizeof *m->arrows);
    for (size_t i = 0; i < links->n; i++) {
        const im_link *l = &links->items[i];
        im_arrow_kind kind = l->kind && !strcmp(l->kind, "route") ? IM_ARROW_ROUTE
                                                                  : IM_ARROW_ORIGIN;
        /* the same link told for several incidents at one place is drawn once */
        bool dup = false;
        for (size_t j = 0; j < i && !dup; j++) {
            const im_link *o = &links->items[j];
            im_arrow_kind ok = o->kind && !strcmp(o->kind, "route") ? IM_ARROW_ROUTE
                                                                    : IM_ARROW_ORIGIN;
            dup = ok == kind && fabs(o->from_lon - l->from_lon) < 1e-6 &&
                  fabs(o->from_lat - l->from_lat) < 1e-6 && fabs(o->to_lon - l->to_lon) < 1e-6 &&
                  fabs(o->to_lat - l->to_lat) < 1e-6;
        }
        if (dup || to_coarse(m, l))
            continue;
        im_arrow *a = &m->arrows[m->n_arrows];
        memset(a, 0, sizeof *a);
        a->kind = kind;
        if (!build_arrow(m, l, a)) {
            free(a->pts);
            free(a->ends);
            continue;
        }
        m->n_arrows++;
        m->arrows_per_kind[kind]++;
        m->stats.links++;
        m->stats.link_heads_in_frame += a->has_head;
    }
    /* the locator must not hide a head */
    im_map_place_inset(m);
}

size_t im_map_link_count(const im_map *m)
{
    return m->n_arrows;
}

bool im_map_get_link_head(const im_map *m, size_t i, double box[4])
{
    const im_arrow *a = &m->arrows[i];
    box[0] = a->head_box.x0;
    box[1] = a->head_box.y0;
    box[2] = a->head_box.x1;
    box[3] = a->head_box.y1;
    return a->has_head;
}

bool im_links_head_hits(const im_map *m, im_box b)
{
    for (size_t i = 0; i < m->n_arrows; i++)
        if (m->arrows[i].has_head && box_overlap(b, m->arrows[i].head_box))
            return true;
    return false;
}

bool im_links_cross_box(const im_map *m, im_box b)
{
    for (size_t i = 0; i < m->n_arrows; i++) {
        const im_arrow *a = &m->arrows[i];
        size_t start = 0;
        for (size_t part = 0; part < a->n_parts; part++) {
            for (size_t k = start; k + 1 < a->ends[part]; k++)
                if (im_segment_meets(a->pts[k], a->pts[k + 1], b))
                    return true;
            start = a->ends[part];
        }
        if (a->has_head && box_overlap(b, a->head_box))
            return true;
    }
    return false;
}

bool im_links_head_crossed(const im_map *m, im_pt from, im_pt to,
                           bool (*hits)(im_pt, im_pt, im_box))
{
    for (size_t i = 0; i < m->n_arrows; i++)
        if (m->arrows[i].has_head && hits(from, to, m->arrows[i].head_box))
            return true;
    return false;
}

static void body_path(cairo_t *cr, const im_arrow *a)
{
    size_t start = 0;
    for (size_t p = 0; p < a->n_parts; p++) {
        cairo_move_to(cr, a->pts[start].x, a->pts[start].y);
        for (size_t k = start + 1; k < a->ends[p]; k++)
            cairo_line_to(cr, a->pts[k].x, a->pts[k].y);
        start = a->ends[p];
    }
}

static void style_body(cairo_t *cr, im_arrow_kind kind, bool casing)
{
    const double *c = kind_rgb[kind];
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    if (casing) {
        cairo_set_dash(cr, NULL, 0, 0);
        cairo_set_source_rgba(cr, 1, 1, 1, 0.55);
        cairo_set_line_width(cr, 0.75);
        return;
    }
    if (kind == IM_ARROW_ROUTE) {
        double dash[] = {1.4, 0.9};
        cairo_set_dash(cr, dash, 2, 0);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    }
    cairo_set_source_rgba(cr, c[0], c[1], c[2], 0.8);
    cairo_set_line_width(cr, 0.32);
}

static void draw_head(cairo_t *cr, im_arrow_kind kind, const im_pt h[3])
{
    const double *c = kind_rgb[kind];
    cairo_move_to(cr, h[0].x, h[0].y);
    cairo_line_to(cr, h[1].x, h[1].y);
    cairo_line_to(cr, h[2].x, h[2].y);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, 0.3);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    cairo_stroke_preserve(cr);
    cairo_set_source_rgb(cr, c[0], c[1], c[2]);
    cairo_fill(cr);
}

void im_links_draw(im_map *m, cairo_t *cr)
{
    if (!m->n_arrows)
        return;
    cairo_save(cr);
    for (int pass = 0; pass < 2; pass++)
        for (int kind = 0; kind < IM_ARROW_KINDS; kind++) {
            bool any = false;
            for (size_t i = 0; i < m->n_arrows; i++)
                if (m->arrows[i].kind == (im_arrow_kind)kind && m->arrows[i].n) {
                    body_path(cr, &m->arrows[i]);
                    any = true;
                }
            if (!any)
                continue;
            style_body(cr, (im_arrow_kind)kind, pass == 0);
            cairo_stroke(cr);
        }
    cairo_set_dash(cr, NULL, 0, 0);
    for (size_t i = 0; i < m->n_arrows; i++)
        if (m->arrows[i].has_head)
            draw_head(cr, m->arrows[i].kind, m->arrows[i].head);
    cairo_restore(cr);
}

void im_link_sample_draw(cairo_t *cr, im_arrow_kind kind, im_pt a, im_pt b)
{
    cairo_save(cr);
    double dx = b.x - a.x, dy = b.y - a.y, len = hypot(dx, dy);
    double ux = dx / len, uy = dy / len;
    im_pt mid = {(a.x + b.x) / 2 + uy * len * 0.18, (a.y + b.y) / 2 - ux * len * 0.18};
    /* tangent at the end of the sample curve */
    double tx = b.x - mid.x, ty = b.y - mid.y, tl = hypot(tx, ty);
    tx /= tl;
    ty /= tl;
    im_pt base = {b.x - tx * HEAD_MM * 0.8, b.y - ty * HEAD_MM * 0.8};
    cairo_move_to(cr, a.x, a.y);
    cairo_curve_to(cr, a.x + (mid.x - a.x) * 2 / 3, a.y + (mid.y - a.y) * 2 / 3,
                   base.x + (mid.x - base.x) * 2 / 3, base.y + (mid.y - base.y) * 2 / 3, base.x,
                   base.y);
    style_body(cr, kind, false);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    im_pt h[3] = {b,
                  {base.x - ty * HEAD_HALF_MM * 0.8, base.y + tx * HEAD_HALF_MM * 0.8},
                  {base.x + ty * HEAD_HALF_MM * 0.8, base.y - tx * HEAD_HALF_MM * 0.8}};
    draw_head(cr, kind, h);
    cairo_restore(cr);
}
