/* The map's legend: only what the map shows — event types with their counts (the
 * region's incidents; those outside it in one faint row), years without a gap, symbol
 * sizes, location precision, clusters, links, boundaries, cities, and a row for the
 * incidents placed at country or province level that the notes list. */
#include "render_private.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- legend ---------------------------------------------------------------------- */

typedef struct legend_counts {
    size_t per_class[16];
    size_t muted;            /* symbols outside the region */
    bool years[256];         /* years (from year_first) with a symbol */
    bool prec[4];
    bool unknown;
    int max_fat;
    bool cities;
} legend_counts;

static void count_legend(const im_map *m, legend_counts *c)
{
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < m->n_syms; i++) {
        const im_sym *s = &m->syms[i];
        size_t n = s->count;
        if (s->muted) {
            c->muted++;
            continue; /* the legend counts the region's incidents */
        }
        for (size_t k = 0; k < n; k++) {
            size_t idx = s->members ? s->members[k] : s->incident;
            const im_incident *inc = &m->incidents->items[idx];
            if (inc->year >= m->year_first && inc->year - m->year_first < 256 && m->year_first)
                c->years[inc->year - m->year_first] = true;
            size_t cls = im_style_class_index(m->style, inc->event_type);
            if (cls < 16)
                c->per_class[cls]++;
            if (s->count == 1) {
                c->prec[s->prec] = true;
                if (inc->fatalities < 0)
                    c->unknown = true;
            }
            if (inc->fatalities > c->max_fat)
                c->max_fat = inc->fatalities;
        }
    }
    for (size_t i = 0; i < m->n_cities; i++)
        if (m->cities[i].placed && m->cities[i].name)
            c->cities = true;
}

static double legend_row(cairo_t *cr, PangoContext *pc, double x, double y, const char *text)
{
    return fmax(3.7, im_furniture_text_at(cr, pc, text, x + 8, y + 0.25, 6.5, false, INK, 0) + 0.7);
}

double im_legend_draw(im_map *m, cairo_t *cr, PangoContext *pc, im_column *col, bool draw)
{
    legend_counts c;
    count_legend(m, &c);
    double x = col->x0 + 2.5, y = col->y + 2;
    const im_style *st = m->style;
    char buf[160];
    y += im_furniture_text_at(cr, pc, "Legend", x, y, 8.5, true, INK, 0) + 1.0;
    if (m->n_coarse) {
        /* a dashed box: an area, not a point (the notes list them) */
        double dash[] = {0.6, 0.4};
        cairo_set_dash(cr, dash, 2, 0);
        cairo_rectangle(cr, x + 1, y + 0.6, 4, 2.8);
        cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
        cairo_set_line_width(cr, 0.25);
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
        snprintf(buf, sizeof buf, "Country/province level only (%zu): see notes", m->n_coarse);
        y += legend_row(cr, pc, x, y, buf);
    }
    if (m->n_syms > 0) {
        if (m->opts.color_by == IM_COLOR_BY_YEAR && m->year_first) {
            y += im_furniture_text_at(cr, pc, "Year", x, y, 7, true, GREY, 0) + 0.6;
            /* every year the map shows, none skipped: over a long span, the years
               without an incident are the ones left out */
            bool long_span = m->year_last - m->year_first > 10;
            m->stats.legend_years = 0;
            for (int yr = m->year_first; yr <= m->year_last; yr++) {
                if (long_span && yr - m->year_first < 256 && !c.years[yr - m->year_first])
                    continue;
                m->stats.legend_years++;
                im_rgb col_ = im_style_year_colour(st, yr, m->year_first, m->year_last);
                im_symbol_draw(cr, st, (im_pt){x + 3, y + 2}, 2.8, 3, col_, IM_PREC_FILLED, false);
                snprintf(buf, sizeof buf, "%d", yr);
                y += legend_row(cr, pc, x, y, buf);
            }
        }
        y += im_furniture_text_at(cr, pc, m->opts.color_by == IM_COLOR_BY_YEAR ? "Event type (shape)" : "Event type",
                     x, y, 7, true, GREY, 0) + 0.6;
        for (size_t k = 0; k < st->n_classes; k++) {
            if (!c.per_class[k])
                continue;
            im_rgb col_ = m->opts.color_by == IM_COLOR_BY_YEAR ? (im_rgb){0.6, 0.6, 0.6, "#999999"}
                                                             : st->classes[k].fill;
            im_symbol_draw(cr, st, (im_pt){x + 3, y + 2}, 2.6, k, col_, IM_PREC_FILLED, false);
            snprintf(buf, sizeof buf, "%s (%zu)", st->classes[k].label, c.per_class[k]);
            y += legend_row(cr, pc, x, y, buf);
        }
        if (m->opts.size_by == IM_SIZE_BY_FATALITIES) {
            y += 0.8;
            y += im_furniture_text_at(cr, pc, "Fatalities (symbol area)", x, y, 7, true, GREY, 0) + 0.6;
            for (size_t k = 0; k < st->n_legend_fatalities; k++) {
                int f = (int)st->legend_fatalities[k];
                if (k > 0 && f > c.max_fat * 1.5)
                    break;
                double d = im_style_symbol_size(st, f);
                double rowh = fmax(4.2, d + 1.2);
                im_symbol_draw(cr, st, (im_pt){x + 3, y + rowh / 2}, d, 3,
                               (im_rgb){0.75, 0.75, 0.75, "#bfbfbf"}, IM_PREC_FILLED, false);
                snprintf(buf, sizeof buf, "%d", f);
                im_furniture_text_at(cr, pc, buf, x + 8, y + rowh / 2 - 1.5, 6.5, false, INK, 0);
                y += rowh;
            }
            if (c.unknown) {
                im_symbol_draw(cr, st, (im_pt){x + 3, y + 2}, st->unknown_size_mm, 3,
                               (im_rgb){0.75, 0.75, 0.75, "#bfbfbf"}, IM_PREC_FILLED, true);
                y += legend_row(cr, pc, x, y, "not reported");
            }
        }
        int n_prec = c.prec[1] + c.prec[2] + c.prec[3];
        if (n_prec > 1 || c.prec[2] || c.prec[3]) {
            y += 0.8;
            y += im_furniture_text_at(cr, pc, "Location known to", x, y, 7, true, GREY, 0) + 0.6;
            static const char *const names[] = {"", "town or site", "district (approx.)",
                                                 "province only"};
            for (int p = 1; p <= 3; p++) {
                if (!c.prec[p])
                    continue;
                im_symbol_draw(cr, st, (im_pt){x + 3, y + 2}, 3.0, 3,
                               (im_rgb){0.45, 0.45, 0.45, "#737373"}, (im_precision_mark)p, false);
                y += legend_row(cr, pc, x, y, names[p]);
            }
        }
        if (m->stats.clusters) {
            y += 0.8;
            im_cluster_draw(cr, pc, (im_pt){x + 3, y + 2}, 3.8, 1);
            y += legend_row(cr, pc, x, y, "Co-located incidents (see key)");
        }
        if (c.muted) {
            y += 0.8;
            cairo_push_group(cr);
            im_symbol_draw(cr, st, (im_pt){x + 3, y + 2}, 2.6, 3,
                           (im_rgb){0.45, 0.45, 0.45, "#737373"}, IM_PREC_FILLED, false);
            cairo_pop_group_to_source(cr);
            cairo_paint_with_alpha(cr, 0.3);
            snprintf(buf, sizeof buf, "Outside %s, not counted (%zu)",
                     m->region ? m->region->title : "the region", c.muted);
            y += legend_row(cr, pc, x, y, buf);
        }
        if (m->n_arrows) {
            y += 0.8;
            y += im_furniture_text_at(cr, pc, "Links", x, y, 7, true, GREY, 0) + 0.6;
            static const char *const names[IM_ARROW_KINDS] = {"Attackers' origin → incident",
                                                              "Route"};
            for (int k = 0; k < IM_ARROW_KINDS; k++) {
                if (!m->arrows_per_kind[k])
                    continue;
                im_link_sample_draw(cr, (im_arrow_kind)k, (im_pt){x, y + 3},
                                    (im_pt){x + 6.5, y + 1.6});
                snprintf(buf, sizeof buf, "%s (%zu)", names[k], m->arrows_per_kind[k]);
                y += legend_row(cr, pc, x, y, buf);
            }
        }
    }
    y += 0.8;
    y += im_furniture_text_at(cr, pc, "Boundaries", x, y, 7, true, GREY, 0) + 0.6;
    struct {
        bool show;
        double w, r, g, b;
        bool dashed;
        const char *text;
    } lines[] = {
        {true, 0.3, 0.30, 0.30, 0.30, false, "International boundary"},
        {m->has_disputed, 0.3, 0.30, 0.30, 0.30, true, "Disputed boundary"},
        {m->has_provinces, 0.12, 0.62, 0.62, 0.62, false, "First-level (province)"},
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        if (!lines[i].show)
            continue;
        cairo_move_to(cr, x, y + 2);
        cairo_line_to(cr, x + 6, y + 2);
        if (lines[i].dashed) {
            double dash[] = {1.2, 0.8};
            cairo_set_dash(cr, dash, 2, 0);
        }
        cairo_set_source_rgb(cr, lines[i].r, lines[i].g, lines[i].b);
        cairo_set_line_width(cr, lines[i].w);
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
        y += legend_row(cr, pc, x, y, lines[i].text);
    }
    if (c.cities) {
        cairo_rectangle(cr, x + 2.5, y + 1.5, 1.1, 1.1);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
        cairo_set_line_width(cr, 0.25);
        cairo_stroke(cr);
        y += legend_row(cr, pc, x, y, "City (for reference)");
    }
    y += 1.5;
    if (draw) {
        cairo_rectangle(cr, col->x0, col->y, col->x1 - col->x0, y - col->y);
        cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
        cairo_set_line_width(cr, 0.18);
        cairo_stroke(cr);
    }
    double h = y - col->y;
    col->y = y + 4;
    return h;
}

