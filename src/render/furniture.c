/* Map furniture: title and subtitle, the legend (only what is on the map), scale bar
 * true at the map centre, north arrow to true north, locator inset, the key table of
 * numbered clusters, projection and sources notes, date made, boundary disclaimer and
 * the optional classification banner.
 *
 * The panel beside (landscape) or below (portrait) the frame is filled as columns,
 * top to bottom; the notes sit at the foot of the last column and the key table takes
 * what room is left, ending with "… and N more" rather than spilling. Numbers shown
 * here (scale, north) are computed in map.c and kept in the stats for tests.
 */
#include "render_private.h"
#include "incmap/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double im_furniture_text_at(cairo_t *cr, PangoContext *pc, const char *s, double x, double y,
                      double pt, bool bold, double r, double g, double b, double max_w)
{
    PangoLayout *l = im_text_layout(pc, s, NULL, pt, bold, false);
    if (max_w > 0) {
        pango_layout_set_width(l, (int)(max_w * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    double w, h;
    im_text_size(l, &w, &h);
    im_text_draw(cr, l, x, y, r, g, b, 0);
    g_object_unref(l);
    return h;
}

static double text_height(PangoContext *pc, const char *s, double pt, double max_w)
{
    PangoLayout *l = im_text_layout(pc, s, NULL, pt, false, false);
    if (max_w > 0) {
        pango_layout_set_width(l, (int)(max_w * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    double w, h;
    im_text_size(l, &w, &h);
    g_object_unref(l);
    return h;
}

/* ---- scale bar and north arrow --------------------------------------------------- */

static void draw_scalebar(im_map *m, cairo_t *cr, PangoContext *pc, im_column *col)
{
    const im_map_stats *s = &m->stats;
    double x = col->x0 + 1, y = col->y + 1;
    double len = s->scalebar_mm, cell = len / 4;
    char buf[128];
    for (int i = 0; i < 4; i++) {
        cairo_rectangle(cr, x + i * cell, y + 3.2, cell, 1.3);
        if (i % 2)
            cairo_set_source_rgb(cr, 1, 1, 1);
        else
            cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        cairo_set_line_width(cr, 0.15);
        cairo_stroke(cr);
    }
    const double marks[] = {0, 0.5, 1};
    for (int i = 0; i < 3; i++) {
        snprintf(buf, sizeof buf, "%g", s->scalebar_km * marks[i]);
        PangoLayout *l = im_text_layout(pc, buf, NULL, 6, false, false);
        double w, h;
        im_text_size(l, &w, &h);
        im_text_draw(cr, l, x + len * marks[i] - w / 2, y + 0.5 - 0.3, INK, 0);
        g_object_unref(l);
    }
    im_furniture_text_at(cr, pc, "km", x + len + 1.2, y + 2.6, 6, false, INK, 0);
    /* 1:17 500 000 with thin spaces */
    char denom[64];
    long long d = llround(s->scale_denominator / 1000.0) * 1000;
    if (d >= 1000000)
        snprintf(denom, sizeof denom, "%lld\u2009%03lld\u2009%03lld", d / 1000000, d / 1000 % 1000,
                 d % 1000);
    else
        snprintf(denom, sizeof denom, "%lld\u2009%03lld", d / 1000, d % 1000);
    snprintf(buf, sizeof buf, "Scale 1:%s · bar true at %.1f°\u2009%c, %.1f°\u2009%c",
             denom, fabs(s->scalebar_lat), s->scalebar_lat < 0 ? 'S' : 'N',
             fabs(s->scalebar_lon), s->scalebar_lon < 0 ? 'W' : 'E');
    double h = im_furniture_text_at(cr, pc, buf, x, y + 5.2, 5.5, false, GREY, col->x1 - x - 12);

    /* north arrow to the right of the bar */
    double ax = col->x1 - 5, ay = col->y + 5.5, r = 4;
    double a = s->north_deg * M_PI / 180;
    double ux = sin(a), uy = -cos(a), px = -uy, py = ux;
    cairo_move_to(cr, ax + ux * r, ay + uy * r);
    cairo_line_to(cr, ax - ux * r * 0.6 + px * r * 0.45, ay - uy * r * 0.6 + py * r * 0.45);
    cairo_line_to(cr, ax - ux * r * 0.25, ay - uy * r * 0.25);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_fill(cr);
    cairo_move_to(cr, ax + ux * r, ay + uy * r);
    cairo_line_to(cr, ax - ux * r * 0.6 - px * r * 0.45, ay - uy * r * 0.6 - py * r * 0.45);
    cairo_line_to(cr, ax - ux * r * 0.25, ay - uy * r * 0.25);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_set_line_width(cr, 0.15);
    cairo_stroke(cr);
    PangoLayout *l = im_text_layout(pc, "N", NULL, 7, true, false);
    double w, th;
    im_text_size(l, &w, &th);
    im_text_draw(cr, l, ax + ux * (r + 2.2) - w / 2, ay + uy * (r + 2.2) - th / 2, INK, 0);
    g_object_unref(l);
    col->y = fmax(y + 5.2 + h, ay + r + 2) + 4;
}

/* ---- locator inset --------------------------------------------------------------- */

static void draw_inset(im_map *m, cairo_t *cr, im_column *col)
{
    double w = m->inset_box.x1 - m->inset_box.x0, h = m->inset_box.y1 - m->inset_box.y0;
    double f, x0, y0;
    if (w <= 0)
        return;
    if (m->inset_in_frame) {
        /* in a corner of the frame that map.c found empty */
        f = (m->inset_frame_box.x1 - m->inset_frame_box.x0) / w;
        x0 = m->inset_frame_box.x0;
        y0 = m->inset_frame_box.y0;
    } else {
        /* shrink (never grow) to leave the key table a few rows; it says how many
         * more there are, the locator has no such fallback */
        double room = col->y_end - col->y - (m->stats.clusters ? 16 : 0);
        f = room < h ? room / h : 1;
        if (f * h < 20)
            return;
        x0 = col->x0 + (col->x1 - col->x0 - w * f) / 2;
        y0 = col->y;
    }
    w *= f;
    h *= f;
    double cx = x0 + w / 2, cy = y0 + h / 2;
    cairo_save(cr);
    cairo_rectangle(cr, x0, y0, w, h);
    cairo_clip(cr);
    double R = 6371000.0 * m->inset_scale * f;
    cairo_set_source_rgb(cr, 1, 1, 1);   /* the map under a framed inset */
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0.86, 0.92, 0.96);
    if (R < fmax(w, h) / 2) {
        cairo_arc(cr, cx, cy, R, 0, 2 * M_PI);
        cairo_fill(cr);
        cairo_arc(cr, cx, cy, R, 0, 2 * M_PI);
        cairo_clip(cr);
    } else {
        cairo_paint(cr);
    }
    cairo_translate(cr, cx, cy);
    cairo_scale(cr, f, f);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < m->inset.n; i++) {
            const im_path *p = &m->inset.items[i];
            if ((p->kind == IM_PATH_INSET_FOCUS) != (pass == 1))
                continue;
            size_t start = 0;
            for (size_t part = 0; part < p->n_parts; part++) {
                cairo_move_to(cr, p->pts[start].x, p->pts[start].y);
                for (size_t k = start + 1; k < p->ends[part]; k++)
                    cairo_line_to(cr, p->pts[k].x, p->pts[k].y);
                cairo_close_path(cr);
                start = p->ends[part];
            }
        }
        if (pass == 0)
            cairo_set_source_rgb(cr, 0.80, 0.79, 0.76);
        else
            cairo_set_source_rgb(cr, 0.55, 0.52, 0.45);
        cairo_fill(cr);
    }
    if (m->n_inset_outline > 2) {
        cairo_move_to(cr, m->inset_outline[0].x, m->inset_outline[0].y);
        for (size_t i = 1; i < m->n_inset_outline; i++)
            cairo_line_to(cr, m->inset_outline[i].x, m->inset_outline[i].y);
        cairo_close_path(cr);
        cairo_set_source_rgb(cr, 0.8, 0.1, 0.1);
        cairo_set_line_width(cr, 0.4 / f);
        cairo_stroke(cr);
    }
    cairo_restore(cr);
    cairo_rectangle(cr, x0, y0, w, h);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_set_line_width(cr, m->inset_in_frame ? 0.35 : 0.18);
    cairo_stroke(cr);
    if (!m->inset_in_frame)
        col->y = y0 + h + 4;
}

/* ---- key table of clusters ------------------------------------------------------- */

static void short_type(const im_style *st, const char *t, char *out, size_t len)
{
    size_t k = im_style_class_index(st, t);
    snprintf(out, len, "%s", st->classes[k].event_type ? st->classes[k].label : (t && *t ? t : "type unknown"));
}

/* The clusters in frame by location number. */
static size_t clusters_by_number(const im_map *m, const im_sym **out)
{
    size_t n = 0;
    for (size_t i = 0; i < m->n_syms; i++)
        if (m->syms[i].cluster_no)
            out[n++] = &m->syms[i];
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && out[j - 1]->cluster_no > out[j]->cluster_no; j--) {
            const im_sym *t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
        }
    return n;
}

/* One key entry: "3  Kabul — 6 incidents, 3 killed", then a row per incident
 * ("No. 12 · 2022-05-22 · Violence against civilians · n/r killed") or, when the
 * table would not fit, one paragraph "3  Kabul — 6 incidents: Nos. 9, 11–13, 20"
 * (members are in increasing order).
 * Numbers are the pack-wide ones of render.h, the same as summary.md's. Returns the
 * height. */
static double key_entry(const im_map *m, cairo_t *cr, PangoContext *pc, const im_sym *s,
                        double x, double y, double wmax, bool full, double pt, bool draw)
{
    char buf[1024];
    double y0 = y;
    if (!full) {
        /* one paragraph: "3  Kabul — 19 incidents: Nos. 4, 5, 7" */
        size_t len = (size_t)snprintf(buf, sizeof buf, "%d  %s — %zu incident%s: No%s ",
                                      s->cluster_no, s->text ? s->text : "(unnamed)", s->count,
                                      s->count == 1 ? "" : "s", s->count == 1 ? "." : "s.");
        /* runs of three or more as ranges: "Nos. 4, 5, 7, 10–14" */
        for (size_t k = 0; k < s->count && len + 32 < sizeof buf;) {
            size_t run = 1;
            while (k + run < s->count && s->members[k + run] == s->members[k] + run)
                run++;
            if (run >= 3) {
                /* a word joiner after the dash: a line never breaks inside a range */
                len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%zu–\u2060%zu",
                                        k ? ", " : "", s->members[k] + 1, s->members[k] + run);
                k += run;
            } else {
                len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%zu", k ? ", " : "",
                                        s->members[k] + 1);
                k++;
            }
        }
        return draw ? im_furniture_text_at(cr, pc, buf, x, y, pt, false, INK, wmax)
                    : text_height(pc, buf, pt, wmax);
    }
    snprintf(buf, sizeof buf, "%d  %s — %zu incident%s, %d killed", s->cluster_no,
             s->text ? s->text : "(unnamed)", s->count, s->count == 1 ? "" : "s", s->fatalities);
    y += draw ? im_furniture_text_at(cr, pc, buf, x, y, 6.3, true, INK, wmax) : text_height(pc, buf, 6.3, wmax);
    for (size_t k = 0; k < s->count; k++) {
        const im_incident *inc = &m->incidents->items[s->members[k]];
        char type[64], fat[16];
        short_type(m->style, inc->event_type, type, sizeof type);
        if (inc->fatalities >= 0)
            snprintf(fat, sizeof fat, "%d", inc->fatalities);
        else
            snprintf(fat, sizeof fat, "n/r");
        snprintf(buf, sizeof buf, "No. %zu · %s · %s · %s killed", s->members[k] + 1,
                 inc->event_date && inc->event_date[0] ? inc->event_date : "undated", type,
                 fat);
        y += draw ? im_furniture_text_at(cr, pc, buf, x + 3.5, y, 5.6, false, GREY, wmax - 3.5)
                  : text_height(pc, buf, 5.6, wmax - 3.5);
    }
    return y - y0;
}

static void draw_key(im_map *m, cairo_t *cr, PangoContext *pc, im_column *col)
{
    if (!m->stats.clusters)
        return;
    double x = col->x0, y = col->y, wmax = col->x1 - col->x0;
    y += im_furniture_text_at(cr, pc, "Key to numbered locations", x, y, 7.5, true, INK, 0) + 0.8;
    const im_sym **order = im_xcalloc(m->stats.clusters, sizeof *order);
    size_t n = clusters_by_number(m, order);
    /* every incident on its own row when that fits, else the numbers alone, in
     * smaller type if that lets every location in */
    double room = col->y_end - 3 - y, need = 0, pt = 5.8;
    for (size_t i = 0; i < n; i++)
        need += key_entry(m, cr, pc, order[i], x, 0, wmax, true, pt, false) + 0.4;
    bool full = need <= room;
    for (double try_pt = 5.8; !full && try_pt >= 4.6; try_pt -= 0.6) {
        need = 0;
        for (size_t i = 0; i < n; i++)
            need += key_entry(m, cr, pc, order[i], x, 0, wmax, false, try_pt, false) + 0.4;
        pt = try_pt;
        if (need <= room)
            break;
    }
    size_t shown = 0;
    for (size_t i = 0; i < n; i++) {
        double h = key_entry(m, cr, pc, order[i], x, 0, wmax, full, pt, false);
        if (y + h > col->y_end - 3)
            break;
        y += key_entry(m, cr, pc, order[i], x, y, wmax, full, pt, true) + 0.4;
        shown++;
    }
    if (shown < n) {
        char buf[96];
        snprintf(buf, sizeof buf, "… and %zu more location%s (see the incidents layer)",
                 n - shown, n - shown == 1 ? "" : "s");
        y += im_furniture_text_at(cr, pc, buf, x, y, 5.6, false, GREY, wmax);
    }
    free(order);
    col->y = y + 3;
}

/* ---- notes and banner ------------------------------------------------------------ */

static double proj_param(const char *def, const char *key, bool *found)
{
    const char *p = strstr(def, key);
    *found = p != NULL;
    return p ? atof(p + strlen(key)) : 0;
}

static void lat_str(char *out, size_t len, double v, bool lon)
{
    snprintf(out, len, "%g°\u2009%c", fabs(round(v * 100) / 100),
             lon ? (v < 0 ? 'W' : 'E') : (v < 0 ? 'S' : 'N'));
}

/* A reader's description of the projection, not the PROJ string. */
static void describe_projection(const char *def, char *out, size_t len)
{
    static const struct {
        const char *key, *name;
    } names[] = {{"+proj=aea", "Albers equal-area conic"},
                 {"+proj=lcc", "Lambert conformal conic"},
                 {"+proj=eqearth", "Equal Earth"},
                 {"+proj=laea", "Lambert azimuthal equal-area"},
                 {"+proj=merc", "Mercator"},
                 {"EPSG:3035", "ETRS89 Lambert azimuthal equal-area (EPSG:3035)"}};
    const char *name = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strstr(def, names[i].key))
            name = names[i].name;
    if (!name) {
        snprintf(out, len, "%s", def);
        return;
    }
    bool f1, f2, f0;
    double l1 = proj_param(def, "+lat_1=", &f1), l2 = proj_param(def, "+lat_2=", &f2);
    double lon0 = proj_param(def, "+lon_0=", &f0);
    char a[32], b[32], c[32];
    lat_str(a, sizeof a, l1, false);
    lat_str(b, sizeof b, l2, false);
    lat_str(c, sizeof c, lon0, true);
    if (f1 && f2)
        snprintf(out, len, "%s, standard parallels %s and %s, central meridian %s, WGS 84",
                 name, a, b, c);
    else if (f0 && strstr(def, "+lat_0=") && !strstr(def, "eqearth")) {
        bool fl;
        char d[32];
        lat_str(d, sizeof d, proj_param(def, "+lat_0=", &fl), false);
        snprintf(out, len, "%s, centred on %s %s, WGS 84", name, d, c);
    } else if (f0)
        snprintf(out, len, "%s, central meridian %s", name, c);
    else
        snprintf(out, len, "%s", name);
}

/* "Not labelled for lack of room: A, B and 3 more." or "" */
static char *dropped_text(const im_map *m)
{
    size_t n = 0, shown = 0, len = 0;
    char buf[400] = "";
    for (size_t i = 0; i < m->n_labels; i++) {
        const im_label *l = &m->labels[i];
        if (l->pub.placed)
            continue;
        n++;
        if (len + strlen(l->pub.text) + 8 < 300) {
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", shown ? ", " : "",
                                    l->pub.text);
            shown++;
        }
    }
    if (!n)
        return im_xstrdup("");
    if (shown < n)
        return im_xasprintf("Not labelled for lack of room: %s and %zu more.\n", buf, n - shown);
    return im_xasprintf("Not labelled for lack of room: %s.\n", buf);
}

static char *notes_text(const im_map *m)
{
    const char *src = m->source_name ? m->source_name : "incident layer";
    char proj[256];
    describe_projection(m->proj_def, proj, sizeof proj);
    char *dropped = dropped_text(m);
    char *placed = im_frame_notes(m);
    char *s = im_xasprintf("%s%sProjection: %s.\nSources: %s; GeoNames (CC BY 4.0); Natural "
                           "Earth.\nMade %s with incmap. Boundaries and names shown do not "
                           "imply official endorsement or acceptance.",
                           placed, dropped, proj, src, m->date_made);
    free(dropped);
    free(placed);
    return s;
}

static void draw_banner(im_map *m, cairo_t *cr, PangoContext *pc)
{
    if (!m->banner || !m->banner[0])
        return;
    for (int i = 0; i < 2; i++) {
        double y = i == 0 ? 0 : m->page_h - 6;
        cairo_rectangle(cr, 0, y, m->page_w, 6);
        cairo_set_source_rgb(cr, 0.0, 0.45, 0.20);
        cairo_fill(cr);
        PangoLayout *l = im_text_layout(pc, m->banner, NULL, 9, true, false);
        double w, h;
        im_text_size(l, &w, &h);
        im_text_draw(cr, l, (m->page_w - w) / 2, y + (6 - h) / 2, 1, 1, 1, 0);
        g_object_unref(l);
    }
}

void im_furniture_draw(im_map *m, cairo_t *cr, PangoContext *pc)
{
    draw_banner(m, cr, pc);
    /* title block above the frame */
    double ty = m->frame.y0 - 15.5, tw = m->page_w - m->frame.x0 - 10;
    /* one line each: shrink a long title (to 10 pt), then let Pango ellipsize */
    for (int pass = 0; pass < 2; pass++) {
        const char *text = pass == 0 ? m->title : m->subtitle;
        double size = pass == 0 ? 15 : 9;
        PangoLayout *l = im_text_layout(pc, text, NULL, size, pass == 0, false);
        double w, h;
        im_text_size(l, &w, &h);
        while (w > tw && size > (pass == 0 ? 10 : 7)) {
            g_object_unref(l);
            size -= 0.5;
            l = im_text_layout(pc, text, NULL, size, pass == 0, false);
            im_text_size(l, &w, &h);
        }
        pango_layout_set_width(l, (int)(tw * PANGO_SCALE));
        pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
        if (pass == 0)
            im_text_draw(cr, l, m->frame.x0, ty, INK, 0);
        else
            im_text_draw(cr, l, m->frame.x0, ty + 7.6, GREY, 0);
        g_object_unref(l);
    }

    /* panel columns */
    im_column cols[3];
    int ncol = m->panel_below ? 3 : 1;
    double cw = (m->panel.x1 - m->panel.x0 - (ncol - 1) * 5) / ncol;
    for (int i = 0; i < ncol; i++) {
        cols[i].x0 = m->panel.x0 + i * (cw + 5);
        cols[i].x1 = cols[i].x0 + cw;
        cols[i].y = m->panel.y0;
        cols[i].y_end = m->panel.y1;
    }
    im_column *c_leg = &cols[0], *c_scale = &cols[ncol > 1 ? 1 : 0], *c_key = &cols[ncol - 1];
    /* notes at the foot of the last im_column */
    char *notes = notes_text(m);
    double nh = text_height(pc, notes, 5.3, c_key->x1 - c_key->x0);
    im_furniture_text_at(cr, pc, notes, c_key->x0, c_key->y_end - nh, 5.3, false, GREY, c_key->x1 - c_key->x0);
    free(notes);
    c_key->y_end -= nh + 3;
    if (ncol > 1)
        c_scale->y_end = m->panel.y1;

    im_legend_draw(m, cr, pc, c_leg, true);
    draw_scalebar(m, cr, pc, c_scale);
    draw_inset(m, cr, c_scale);
    draw_key(m, cr, pc, c_key);
}
