/* Incident symbols from the shared style (style.h): one marker per incident, shape and
 * colour by event type (or colour by year), area by fatalities, a centre dot when
 * fatalities are unknown, and the precision mark — filled, ring, or dashed ring.
 *
 * Shapes are scaled to about the area of the circle of the style's diameter, so a
 * square with 10 dead weighs what a circle with 10 dead weighs. Grouping co-located
 * incidents is cluster.c's job; labelling is labels.c's.
 */
#include "render_private.h"
#include "incmap/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A closed path through n points around c, the first straight up (turned by rot),
 * at radius r_even for even points and r_odd for odd ones (a star when they differ). */
static void star_polygon(cairo_t *cr, im_pt c, double r_even, double r_odd, int n, double rot)
{
    for (int i = 0; i < n; i++) {
        double a = rot + 2 * M_PI * i / n, r = (i % 2) ? r_odd : r_even;
        double x = c.x + r * sin(a), y = c.y - r * cos(a);
        if (i == 0)
            cairo_move_to(cr, x, y);
        else
            cairo_line_to(cr, x, y);
    }
    cairo_close_path(cr);
}

static void polygon(cairo_t *cr, im_pt c, double r, int n, double rot)
{
    star_polygon(cr, c, r, r, n, rot);
}

static void shape_path(cairo_t *cr, im_shape shape, im_pt c, double d)
{
    double r = d / 2;
    switch (shape) {
    case IM_SHAPE_SQUARE:
        cairo_rectangle(cr, c.x - r * 0.886, c.y - r * 0.886, r * 1.772, r * 1.772);
        break;
    case IM_SHAPE_TRIANGLE:
        polygon(cr, (im_pt){c.x, c.y + r * 0.15}, r * 1.35, 3, 0);
        break;
    case IM_SHAPE_DIAMOND:
        polygon(cr, c, r * 1.25, 4, 0);
        break;
    case IM_SHAPE_PENTAGON:
        polygon(cr, c, r * 1.1, 5, 0);
        break;
    case IM_SHAPE_HEXAGON:
        polygon(cr, c, r * 1.07, 6, M_PI / 6);
        break;
    case IM_SHAPE_STAR:
        star_polygon(cr, c, r * 1.42, r * 0.62, 10, 0);
        break;
    case IM_SHAPE_CIRCLE:
    default:
        cairo_new_sub_path(cr);
        cairo_arc(cr, c.x, c.y, r, 0, 2 * M_PI);
        break;
    }
}

void im_symbol_draw(cairo_t *cr, const im_style *style, im_pt at, double d, size_t cls,
                    im_rgb col, im_precision_mark prec, bool unknown)
{
    im_shape shape = style->classes[cls].shape;
    cairo_save(cr);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    shape_path(cr, shape, at, d);
    if (prec == IM_PREC_FILLED) {
        cairo_set_source_rgb(cr, col.r, col.g, col.b);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, style->outline.r, style->outline.g, style->outline.b);
        cairo_set_line_width(cr, style->outline_mm);
        cairo_stroke(cr);
    } else {
        /* a ring: pale fill, thick coloured edge (dashed when only the province is
         * known) over a thin dark edge so it reads on any background */
        cairo_set_source_rgba(cr, col.r, col.g, col.b, 0.22);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_set_line_width(cr, 0.55);
        cairo_stroke_preserve(cr);
        if (prec == IM_PREC_DASHED) {
            double dash[] = {0.6, 0.45};
            cairo_set_dash(cr, dash, 2, 0);
        }
        cairo_set_source_rgb(cr, col.r * 0.85, col.g * 0.85, col.b * 0.85);
        cairo_set_line_width(cr, 0.42);
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
    }
    if (unknown) {
        /* fatalities not stated: a hollow centre, distinct from every size */
        cairo_new_sub_path(cr);
        cairo_arc(cr, at.x, at.y, d * 0.17, 0, 2 * M_PI);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, style->outline.r, style->outline.g, style->outline.b);
        cairo_set_line_width(cr, 0.12);
        cairo_stroke(cr);
    }
    cairo_restore(cr);
}

static int cmp_size_desc(const void *a, const void *b)
{
    const im_sym *x = a, *y = b;
    if (x->d != y->d)
        return x->d < y->d ? 1 : -1;
    return x->incident < y->incident ? -1 : x->incident > y->incident;
}

void im_symbols_build(im_map *m)
{
    const im_incident_set *set = m->incidents;
    const im_style *st = m->style;
    m->year_first = 0;
    m->year_last = 0;
    for (size_t i = 0; i < set->n; i++) {
        int y = set->items[i].year;
        if (y > 0 && (!m->year_first || y < m->year_first))
            m->year_first = y;
        if (y > m->year_last)
            m->year_last = y;
    }
    m->syms = im_xcalloc(set->n ? set->n : 1, sizeof *m->syms);
    m->n_syms = 0;
    for (size_t i = 0; i < set->n; i++) {
        const im_incident *inc = &set->items[i];
        im_pt at;
        bool in_frame = incident_in_frame(m, inc, &at);
        if (im_incident_coarse(inc)) {
            /* a country or province placed at its capital is not located there: the
               margin lists it (a regional map: the region's, wherever the capital is) */
            if (m->has_area ? m->in_area[i] : in_frame) {
                m->coarse = im_xreallocarray(m->coarse, m->n_coarse + 1, sizeof *m->coarse);
                m->coarse[m->n_coarse++] = i;
            }
            continue;
        }
        if (!in_frame)
            continue;
        im_sym *s = &m->syms[m->n_syms++];
        memset(s, 0, sizeof *s);
        s->at = at;
        s->cls = im_style_class_index(st, inc->event_type);
        s->colour = m->opts.color_by == IM_COLOR_BY_YEAR && inc->year > 0
                        ? im_style_year_colour(st, inc->year, m->year_first, m->year_last)
                        : st->classes[s->cls].fill;
        s->unknown = inc->fatalities < 0;
        s->d = m->opts.size_by == IM_SIZE_BY_NONE
                   ? im_style_symbol_size(st, 10)
                   : im_style_symbol_size(st, inc->fatalities);
        s->prec = im_style_precision_mark(inc->geo_prec);
        s->incident = i;
        s->count = 1;
        s->text = inc->location && inc->location[0] ? inc->location : NULL;
        s->date = inc->event_date && inc->event_date[0] ? inc->event_date : NULL;
        s->priority = (inc->fatalities > 0 ? inc->fatalities : 0) + (s->prec == IM_PREC_FILLED ? 0.5 : 0);
        s->muted = !m->in_area[i];
        if (s->muted) {
            s->text = NULL; /* context, not subject: no label */
            s->priority = -1;
        }
    }
    m->stats.coarse = m->n_coarse;
    /* a capital or large city outranks its fatality count when labels compete */
    for (size_t i = 0; i < m->n_syms; i++)
        for (size_t c = 0; c < m->n_cities; c++) {
            const im_city *city = &m->cities[c];
            if (city->name && fabs(city->at.x - m->syms[i].at.x) < 2 &&
                fabs(city->at.y - m->syms[i].at.y) < 2)
                m->syms[i].priority += city->capital ? 1000 : 100;
        }
    m->stats.in_frame = m->n_syms;
    qsort(m->syms, m->n_syms, sizeof *m->syms, cmp_size_desc);
}

void im_symbols_draw(im_map *m, cairo_t *cr)
{
    PangoContext *pc = NULL;
    m->stats.cluster_overflow = 0;
    for (size_t i = 0; i < m->n_syms; i++) {
        const im_sym *s = &m->syms[i];
        /* outside the region: faint, so the eye reads the region's own */
        if (s->muted)
            cairo_push_group(cr);
        if (s->cluster_no) {
            if (!pc)
                pc = im_text_context(cr);
            m->stats.cluster_overflow += !im_cluster_draw(cr, pc, s->at, s->d, s->cluster_no);
        } else {
            im_symbol_draw(cr, m->style, s->at, s->d, s->cls, s->colour, s->prec, s->unknown);
        }
        if (s->muted) {
            cairo_pop_group_to_source(cr);
            cairo_paint_with_alpha(cr, 0.3);
        }
    }
    if (pc)
        g_object_unref(pc);
}
