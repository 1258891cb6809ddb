/* Drawing the basemap a map has built (basemap.c): land fills with the muted
 * countries' borders, the graticule, provinces, focus borders and disputed lines,
 * reference cities with their names, country and province names inside their
 * polygons where they collide with nothing, and the graticule's degree labels on the
 * frame. Every call draws in page millimetres on the caller's cairo_t.
 */
#include "render_private.h"
#include "incmap/alloc.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void add_path(cairo_t *cr, const im_path *p, bool close)
{
    size_t start = 0;
    for (size_t part = 0; part < p->n_parts; part++) {
        size_t end = p->ends[part];
        cairo_move_to(cr, p->pts[start].x, p->pts[start].y);
        for (size_t i = start + 1; i < end; i++)
            cairo_line_to(cr, p->pts[i].x, p->pts[i].y);
        if (close)
            cairo_close_path(cr);
        start = end;
    }
}

static bool named(const im_path *p)
{
    return p->name && p->name[0];
}

/* The basemap's lines are a pixel or less wide and follow coasts with thousands of
 * vertices: bevel joins and butt caps look the same as round ones at that width, and
 * cairo's fast antialiasing rasterises them in about half the time with no visible
 * difference (vector surfaces ignore it). */
static void thin_line_style(cairo_t *cr)
{
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_BEVEL);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_FAST);
}

/* Land, and the borders of the muted countries with it: each neighbour's outline is
 * sent once (fill, then stroke of the same path) rather than once per pass, which
 * halves what a PDF carries for them. The graticule and provinces then go over these
 * faint borders, under the focus countries' borders (draw_lines). */
void im_basemap_draw_fills(im_map *m, cairo_t *cr)
{
    cairo_save(cr);
    thin_line_style(cr);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    for (int pass = 0; pass < 3; pass++) {
        /* 0: unnamed scraps (fill only), 1: named neighbours (fill and border), 2: focus */
        bool any = false;
        for (size_t i = 0; i < m->base.n; i++) {
            const im_path *p = &m->base.items[i];
            bool want = pass == 2 ? p->kind == IM_PATH_FOCUS
                                  : p->kind == IM_PATH_NEIGHBOUR && named(p) == (pass == 1) &&
                                        !(pass == 1 && p->border);
            if (want) {
                add_path(cr, p, true);
                any = true;
            }
        }
        if (!any)
            continue;
        if (pass < 2)
            cairo_set_source_rgb(cr, 0.918, 0.910, 0.894);   /* #eae8e4 muted */
        else
            cairo_set_source_rgb(cr, 0.996, 0.988, 0.957);   /* #fefcf4 focus */
        if (pass != 1) {
            cairo_fill(cr);
            continue;
        }
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
        cairo_set_line_width(cr, 0.2);
        cairo_stroke(cr);
    }
    /* neighbours whose border is not their outline: filled, then their border */
    for (size_t i = 0; i < m->base.n; i++) {
        const im_path *p = &m->base.items[i];
        if (p->kind != IM_PATH_NEIGHBOUR || !named(p) || !p->border)
            continue;
        add_path(cr, p, true);
        cairo_set_source_rgb(cr, 0.918, 0.910, 0.894);
        cairo_fill(cr);
        add_path(cr, p->border, false);
        cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
        cairo_set_line_width(cr, 0.2);
        cairo_stroke(cr);
    }
    cairo_restore(cr);
}

void im_basemap_draw_lines(im_map *m, cairo_t *cr)
{
    cairo_save(cr);
    thin_line_style(cr);
    /* graticule under everything else that is a line */
    for (size_t i = 0; i < m->base.n; i++)
        if (m->base.items[i].kind == IM_PATH_GRATICULE)
            add_path(cr, &m->base.items[i], false);
    cairo_set_source_rgba(cr, 0.45, 0.55, 0.68, 0.55);
    cairo_set_line_width(cr, 0.1);
    cairo_stroke(cr);

    for (size_t i = 0; i < m->base.n; i++)
        if (m->base.items[i].kind == IM_PATH_PROVINCE)
            add_path(cr, &m->base.items[i], true);
    cairo_set_source_rgb(cr, 0.62, 0.62, 0.62);
    cairo_set_line_width(cr, 0.12);
    cairo_stroke(cr);

    /* neighbours' borders went with their fill (draw_fills) */
    for (size_t i = 0; i < m->base.n; i++) {
        const im_path *p = &m->base.items[i];
        if (p->kind == IM_PATH_FOCUS && named(p))
            add_path(cr, p->border ? p->border : p, !p->border);
    }
    cairo_set_source_rgb(cr, 0.30, 0.30, 0.30);
    cairo_set_line_width(cr, 0.3);
    cairo_stroke(cr);

    for (size_t i = 0; i < m->base.n; i++)
        if (m->base.items[i].kind == IM_PATH_DISPUTED)
            add_path(cr, &m->base.items[i], false);
    /* white under the dashes so a disputed line reads as dashed over a border */
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, 0.45);
    cairo_stroke_preserve(cr);
    double dash[] = {1.2, 0.8};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    cairo_set_source_rgb(cr, 0.30, 0.30, 0.30);
    cairo_set_line_width(cr, 0.3);
    cairo_stroke(cr);
    cairo_restore(cr);
}

void im_basemap_draw_cities(im_map *m, cairo_t *cr, PangoContext *pc)
{
    for (size_t i = 0; i < m->n_cities; i++) {
        im_city *c = &m->cities[i];
        double s = c->capital ? 1.3 : 1.0;
        im_box dot = {c->at.x - s / 2, c->at.y - s / 2, c->at.x + s / 2, c->at.y + s / 2};
        if (!im_labels_box_free(m, dot))
            continue;
        PangoLayout *l = im_text_layout(pc, c->name, NULL, c->capital ? 6.5 : 5.8,
                                        c->capital, false);
        double w, h;
        im_text_size(l, &w, &h);
        const double dx[] = {1, 1, -1, -1}, dy[] = {-1, 1, -1, 1};
        for (int k = 0; k < 4 && !c->placed; k++) {
            im_box b;
            b.x0 = dx[k] > 0 ? c->at.x + s / 2 + 0.5 : c->at.x - s / 2 - 0.5 - w;
            b.y0 = dy[k] > 0 ? c->at.y - 0.2 : c->at.y - h + 0.2;
            b.x1 = b.x0 + w;
            b.y1 = b.y0 + h;
            im_box inner = {m->frame.x0 + 1, m->frame.y0 + 1, m->frame.x1 - 1, m->frame.y1 - 1};
            bool ok = box_inside(b, inner) && im_labels_box_free(m, b);
            for (size_t j = 0; ok && j < i; j++)
                if (m->cities[j].placed && box_overlap(b, m->cities[j].box))
                    ok = false;
            if (ok) {
                c->placed = true;
                c->box = b;
            }
        }
        if (c->placed) {
            cairo_rectangle(cr, dot.x0, dot.y0, s, s);
            cairo_set_source_rgb(cr, 1, 1, 1);
            cairo_fill_preserve(cr);
            cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
            cairo_set_line_width(cr, 0.25);
            cairo_stroke(cr);
            im_text_draw(cr, l, c->box.x0, c->box.y0, 0.25, 0.25, 0.25, 0.3);
        }
        g_object_unref(l);
    }
}

/* Country names (caps, spaced) and, at large scales, province names (italic), each
 * at a point inside its polygon, only where they fit and hit nothing. */
void im_basemap_place_names(im_map *m, cairo_t *cr, PangoContext *pc)
{
    double denom = 1000.0 / m->mm_per_m;
    im_box inner = {m->frame.x0 + 1.5, m->frame.y0 + 1.5, m->frame.x1 - 1.5, m->frame.y1 - 1.5};
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < m->base.n; i++) {
            im_path *p = &m->base.items[i];
            bool country = p->kind == IM_PATH_FOCUS || p->kind == IM_PATH_NEIGHBOUR;
            if (pass == 0 ? !country : p->kind != IM_PATH_PROVINCE)
                continue;
            if (!p->name || !p->name[0] || p->label_at.x < 0)
                continue;
            if (pass == 1 && denom > 9e6)
                continue;
            char up[256];
            size_t k = 0;
            if (pass == 0) {
                /* upper-case ASCII letters; keep UTF-8 sequences as they are */
                for (const char *s = p->name; *s && k + 4 < sizeof up; s++)
                    up[k++] = (*s >= 'a' && *s <= 'z') ? (char)(*s - 32) : *s;
                up[k] = 0;
            } else {
                snprintf(up, sizeof up, "%s", p->name);
            }
            double size = pass == 0 ? (p->kind == IM_PATH_FOCUS ? 8.0 : 6.5) : 5.5;
            PangoLayout *l = im_text_layout(pc, up, NULL, size, pass == 0 && p->kind == IM_PATH_FOCUS,
                                            pass == 1);
            if (pass == 0) {
                PangoAttrList *attrs = pango_layout_get_attributes(l);
                pango_attr_list_insert(attrs, pango_attr_letter_spacing_new(
                                                  (int)(1.2 * PANGO_SCALE)));
                pango_layout_set_attributes(l, attrs);
            }
            double w, h;
            im_text_size(l, &w, &h);
            if (w * h * 3 > p->area_mm2) {
                g_object_unref(l);
                continue;
            }
            im_box b = {p->label_at.x - w / 2, p->label_at.y - h / 2, p->label_at.x + w / 2,
                        p->label_at.y + h / 2};
            bool free_box = box_inside(b, inner) && im_labels_box_free(m, b);
            for (size_t c = 0; free_box && c < m->n_cities; c++)
                if (m->cities[c].placed && box_overlap(b, m->cities[c].box))
                    free_box = false;
            if (free_box) {
                /* names go without a halo, unless an arrow runs through one: then a
                 * thin halo keeps it from reading as struck out */
                double halo = im_links_cross_box(m, b) ? 0.2 : 0;
                if (pass == 0)
                    im_text_draw(cr, l, b.x0, b.y0, 0.42, 0.40, 0.36, halo);
                else
                    im_text_draw(cr, l, b.x0, b.y0, 0.50, 0.50, 0.50, halo);
                /* later names avoid this one */
                m->cities = im_xgrow(m->cities, &(size_t){m->n_cities}, m->n_cities + 1,
                                     sizeof *m->cities);
                im_city *c = &m->cities[m->n_cities++];
                memset(c, 0, sizeof *c);
                c->at = p->label_at;
                c->name = NULL;
                c->placed = true;
                c->box = b;
            }
            g_object_unref(l);
        }
    }
}

static void fmt_deg(char *buf, size_t len, double v, bool lon)
{
    char hemi = lon ? (v < 0 ? 'W' : 'E') : (v < 0 ? 'S' : 'N');
    double a = fabs(v);
    if (a < 1e-9)
        snprintf(buf, len, "0°");
    else if (fabs(a - round(a)) < 1e-9)
        snprintf(buf, len, "%.0f°\u2009%c", a, hemi);
    else
        snprintf(buf, len, "%.1f°\u2009%c", a, hemi);
}

/* The label of a meridian below the frame's bottom edge at (x, y), or of a parallel
 * left of its left edge, with a short tick from the edge. */
static void graticule_label(cairo_t *cr, PangoContext *pc, double value, bool meridian,
                            double x, double y)
{
    char text[32];
    fmt_deg(text, sizeof text, value, meridian);
    PangoLayout *l = im_text_layout(pc, text, NULL, 6.5, false, false);
    double w, h;
    im_text_size(l, &w, &h);
    if (meridian)
        im_text_draw(cr, l, x - w / 2, y + 0.6, 0.3, 0.35, 0.45, 0);
    else
        im_text_draw(cr, l, x - w - 0.8, y - h / 2, 0.3, 0.35, 0.45, 0);
    g_object_unref(l);
    cairo_move_to(cr, x, y);
    cairo_line_to(cr, meridian ? x : x - 0.6, meridian ? y + 0.6 : y);
    cairo_set_source_rgb(cr, 0.3, 0.35, 0.45);
    cairo_set_line_width(cr, 0.15);
    cairo_stroke(cr);
}

/* Longitudes where meridians cut the bottom edge, latitudes where parallels cut
 * the left edge: the places a reader looks for them on a conic map. */
void im_basemap_draw_graticule_labels(im_map *m, cairo_t *cr, PangoContext *pc)
{
    double last_x = -1e9, last_y = 1e9;
    for (size_t i = 0; i < m->base.n; i++) {
        im_path *p = &m->base.items[i];
        if (p->kind != IM_PATH_GRATICULE || p->n < 2)
            continue;
        for (size_t j = 0; j + 1 < p->n; j++) {
            im_pt a = p->pts[j], b = p->pts[j + 1];
            if (p->is_meridian) {
                double y = m->frame.y1;
                if ((a.y - y) * (b.y - y) > 0 || a.y == b.y)
                    continue;
                double x = a.x + (b.x - a.x) * (y - a.y) / (b.y - a.y);
                if (x < m->frame.x0 + 3 || x > m->frame.x1 - 3 || fabs(x - last_x) < 8)
                    continue;
                graticule_label(cr, pc, p->value, true, x, y);
                last_x = x;
                break;
            } else {
                double x = m->frame.x0;
                if ((a.x - x) * (b.x - x) > 0 || a.x == b.x)
                    continue;
                double y = a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x);
                if (y < m->frame.y0 + 3 || y > m->frame.y1 - 3 || fabs(y - last_y) < 4)
                    continue;
                graticule_label(cr, pc, p->value, false, x, y);
                last_y = y;
                break;
            }
        }
    }
}
