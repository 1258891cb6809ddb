/* The briefing map as a whole: paper sizes, choosing the extent and projection
 * (--bbox, a region, or fitted to the data), the page layout (frame, title block,
 * panel beside or below), the scale bar and north arrow numbers, and the drawing
 * order of the stages. It holds no drawing primitives of its own; those live in
 * basemap.c, symbols.c, cluster.c, labels.c and furniture.c.
 *
 * The map's user space is page millimetres; im_map_draw scales the caller's cairo_t
 * so the same code makes a 300 dpi PNG and a PDF in points.
 */
#include "render_private.h"
#include "incmap/alloc.h"
#include "incmap/regions.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

bool im_paper_size(const char *spec, bool landscape, double *w_mm, double *h_mm)
{
    static const struct {
        const char *name;
        double w, h;
    } papers[] = {{"A4", 210, 297}, {"A3", 297, 420}, {"A5", 148, 210},
                  {"letter", 215.9, 279.4}, {"legal", 215.9, 355.6}};
    double w = 0, h = 0;
    if (!spec)
        return false;
    for (size_t i = 0; i < sizeof papers / sizeof papers[0]; i++)
        if (strcasecmp(spec, papers[i].name) == 0) {
            w = papers[i].w;
            h = papers[i].h;
        }
    if (w == 0) {
        char tail[8] = "";
        if (sscanf(spec, "%lfx%lf%7s", &w, &h, tail) != 3 || strcmp(tail, "mm") != 0)
            return false;
        if (!(w >= 50 && w <= 2000 && h >= 50 && h <= 2000))
            return false;
        *w_mm = w;
        *h_mm = h;
        return true;
    }
    if (landscape) {
        *w_mm = h;
        *h_mm = w;
    } else {
        *w_mm = w;
        *h_mm = h;
    }
    return true;
}

static void fmt_date_long(const char *iso, char *out, size_t len)
{
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int y = 0, m = 0, d = 0;
    int n = sscanf(iso, "%d-%d-%d", &y, &m, &d);
    if (n == 3 && m >= 1 && m <= 12)
        snprintf(out, len, "%d %s %d", d, mon[m - 1], y);
    else if (n == 2 && m >= 1 && m <= 12)
        snprintf(out, len, "%s %d", mon[m - 1], y);
    else
        snprintf(out, len, "%s", iso);
}

static char *auto_subtitle(const im_map *m)
{
    const im_incident_set *set = m->incidents;
    const char *first = NULL, *last = NULL;
    long killed = 0;
    size_t unknown = 0;
    size_t shown = 0;
    for (size_t i = 0; i < set->n; i++) {
        const im_incident *inc = &set->items[i];
        im_pt at;
        /* a regional map counts its region's incidents, as the summary does, wherever
           they are; any other map what its frame shows */
        if (m->has_area ? !m->in_area[i] : !incident_in_frame(m, inc, &at))
            continue;
        shown++;
        if (inc->event_date && inc->event_date[0]) {
            if (!first || strcmp(inc->event_date, first) < 0)
                first = inc->event_date;
            if (!last || strcmp(inc->event_date, last) > 0)
                last = inc->event_date;
        }
        if (inc->fatalities >= 0)
            killed += inc->fatalities;
        else
            unknown++;
    }
    char period[96], a[32], b[32];
    if (first) {
        fmt_date_long(first, a, sizeof a);
        fmt_date_long(last, b, sizeof b);
        if (strcmp(first, last) == 0)
            snprintf(period, sizeof period, "%s", a);
        else
            snprintf(period, sizeof period, "%s – %s", a, b);
    } else {
        snprintf(period, sizeof period, "dates not given");
    }
    char unk[64] = "";
    if (unknown)
        snprintf(unk, sizeof unk, " (not reported for %zu)", unknown);
    return im_xasprintf("%s · %zu incident%s · %ld killed%s", period, shown,
                        shown == 1 ? "" : "s", killed, unk);
}

/* "Incidents in Iran", or for a fitted extent the focus countries by name (at most
 * three, largest on the page first). */
static char *auto_title(const im_map *m)
{
    if (m->region)
        return im_xasprintf("Incidents in %s", m->region->title);
    const char *names[3] = {NULL, NULL, NULL};
    double areas[3] = {0, 0, 0};
    size_t n = 0, total = 0;
    for (size_t i = 0; i < m->base.n; i++) {
        const im_path *p = &m->base.items[i];
        if (p->kind != IM_PATH_FOCUS || !p->name || !p->name[0])
            continue;
        total++;
        for (size_t k = 0; k < 3; k++)
            if (!names[k] || p->area_mm2 > areas[k]) {
                for (size_t j = 2; j > k; j--) {
                    names[j] = names[j - 1];
                    areas[j] = areas[j - 1];
                }
                names[k] = p->name;
                areas[k] = p->area_mm2;
                break;
            }
    }
    n = total < 3 ? total : 3;
    if (total > 3)
        return im_xasprintf("Incidents in %zu countries", total);
    if (n == 0)
        return im_xstrdup("Incidents");
    if (n == 1)
        return im_xasprintf("Incidents in %s", names[0]);
    if (n == 2)
        return im_xasprintf("Incidents in %s and %s", names[0], names[1]);
    return im_xasprintf("Incidents in %s, %s and %s", names[0], names[1], names[2]);
}

static im_status choose_extent(im_map *m, double ll[4])
{
    const im_map_opts *o = &m->opts;
    im_status st = im_frame_area(m);
    if (st != IM_OK)
        return st;
    if (m->region && strcmp(m->region->countries, "*") != 0)
        snprintf(m->focus, sizeof m->focus, "%s", m->region->countries);
    if (o->has_bbox) {
        memcpy(ll, o->bbox, 4 * sizeof *ll);
        if (!(ll[0] < ll[2] && ll[1] < ll[3] && ll[1] >= -90 && ll[3] <= 90))
            return im_ctx_fail(m->ctx, IM_ERR_USAGE_VALUE, "bad bbox %g,%g,%g,%g", ll[0], ll[1],
                               ll[2], ll[3]);
    } else if (m->region) {
        /* the region's incidents, with the region around them; the region's own frame
           when they fill most of it or there are none */
        if (!im_frame_region_fit(m, ll)) {
            ll[0] = m->region->west;
            ll[1] = m->region->south;
            ll[2] = m->region->east;
            ll[3] = m->region->north;
        }
    } else if (!im_frame_robust_fit(m, ll)) {
        return im_ctx_fail(m->ctx, IM_ERR_INPUT, "no incident has coordinates: give "
                           "--region or --bbox");
    }
    double lon_span = ll[2] - ll[0], lat_span = ll[3] - ll[1];
    double lon_c = (ll[0] + ll[2]) / 2, lat_c = (ll[1] + ll[3]) / 2;
    if (lon_c > 180)
        lon_c -= 360;
    if (o->proj)
        snprintf(m->proj_def, sizeof m->proj_def, "%s", o->proj);
    else if (m->region && m->region->proj && !o->has_bbox)
        im_region_proj(m->region, m->proj_def, sizeof m->proj_def);
    else if (m->region && !o->has_bbox && lon_span <= 60 && lat_span <= 40)
        im_region_conic_proj(ll[0], ll[1], ll[2], ll[3], m->proj_def, sizeof m->proj_def);
    else if (m->region && !o->has_bbox && lon_span <= 200)
        im_region_proj(m->region, m->proj_def, sizeof m->proj_def);
    else if (lon_span <= 60 && lat_span <= 40)
        im_region_conic_proj(ll[0], ll[1], ll[2], ll[3], m->proj_def, sizeof m->proj_def);
    else if (lon_span <= 200)
        /* a conic fanned over a continent distorts its edges badly: equal-area
         * azimuthal centred on the data instead */
        snprintf(m->proj_def, sizeof m->proj_def,
                 "+proj=laea +lat_0=%.4f +lon_0=%.4f +datum=WGS84 +units=m +no_defs", lat_c,
                 lon_c);
    else
        snprintf(m->proj_def, sizeof m->proj_def,
                 "+proj=eqearth +lon_0=%.4f +datum=WGS84 +units=m +no_defs", lon_c);
    m->auto_focus = !m->focus[0];
    if (m->auto_focus) {
        /* countries the incidents name; incidents without a code are placed by
         * point-in-polygon when the basemap is read */
        for (size_t i = 0; i < m->incidents->n; i++) {
            const char *iso2 = m->incidents->items[i].iso2;
            size_t len = strlen(m->focus);
            if (strlen(iso2) != 2 || strstr(m->focus, iso2) || len + 4 > sizeof m->focus)
                continue;
            snprintf(m->focus + len, sizeof m->focus - len, "%s%s", len ? " " : "", iso2);
        }
    }
    return IM_OK;
}

static void layout_page(im_map *m)
{
    double W = m->page_w, H = m->page_h;
    double margin = fmin(W, H) < 180 ? 7 : 10;
    double top = margin + (m->banner ? 6 : 0) + 16;
    double bottom = H - margin - (m->banner ? 6 : 0) - 5;
    if (W >= H) {
        double pw = fmin(fmax(W * 0.21, 56), 80);
        m->panel = (im_box){W - margin - pw, top, W - margin, bottom + 3};
        m->frame = (im_box){margin + 9, top, m->panel.x0 - 7, bottom};
        m->panel_below = false;
    } else {
        double ph = fmin(fmax(H * 0.30, 72), 120);
        m->frame = (im_box){margin + 9, top, W - margin, bottom - ph - 6};
        m->panel = (im_box){margin, m->frame.y1 + 8, W - margin, bottom + 3};
        m->panel_below = true;
    }
}

/* Widen the projected envelope to the frame's aspect ratio, centred. */
static void fit_extent(im_map *m, const double env[4])
{
    double fw = m->frame.x1 - m->frame.x0, fh = m->frame.y1 - m->frame.y0;
    double ew = env[2] - env[0], eh = env[3] - env[1];
    double cx = (env[0] + env[2]) / 2, cy = (env[1] + env[3]) / 2;
    if (ew / eh > fw / fh)
        eh = ew * fh / fw;
    else
        ew = eh * fw / fh;
    m->x0 = cx - ew / 2;
    m->x1 = cx + ew / 2;
    m->y0 = cy - eh / 2;
    m->y1 = cy + eh / 2;
    m->mm_per_m = fw / ew;
}

static void frame_lonlat(im_map *m)
{
    m->lon_w = m->lat_s = 1e9;
    m->lon_e = m->lat_n = -1e9;
    const int steps = 24;
    for (int side = 0; side < 4; side++)
        for (int i = 0; i <= steps; i++) {
            double t = (double)i / steps, x, y, lon, lat;
            x = side < 2 ? m->x0 + t * (m->x1 - m->x0) : (side == 2 ? m->x0 : m->x1);
            y = side >= 2 ? m->y0 + t * (m->y1 - m->y0) : (side == 0 ? m->y0 : m->y1);
            if (!im_projection_inv(m->proj, x, y, &lon, &lat))
                continue;
            m->lon_w = fmin(m->lon_w, lon);
            m->lon_e = fmax(m->lon_e, lon);
            m->lat_s = fmin(m->lat_s, lat);
            m->lat_n = fmax(m->lat_n, lat);
        }
    /* a pole inside the frame */
    double x, y;
    if (im_projection_fwd(m->proj, 0, 90, &x, &y) && x > m->x0 && x < m->x1 && y > m->y0 &&
        y < m->y1)
        m->lat_n = 90;
    /* The antimeridian inside the frame: longitudes there wrap from 180 to -180, and a
     * sliver beyond it near a corner can fall between the samples above. */
    m->spans_antimeridian = false;
    for (double lat = -89.75; lat < 90 && !m->spans_antimeridian; lat += 0.25)
        for (int side = 0; side < 2; side++)
            if (im_projection_fwd(m->proj, side ? 180.0 : -180.0, lat, &x, &y) && x > m->x0 &&
                x < m->x1 && y > m->y0 && y < m->y1)
                m->spans_antimeridian = true;
}

static void scale_and_north(im_map *m, double bar_max_mm)
{
    im_map_stats *s = &m->stats;
    double cx = (m->x0 + m->x1) / 2, cy = (m->y0 + m->y1) / 2, lon = 0, lat = 0;
    im_projection_inv(m->proj, cx, cy, &lon, &lat);
    double k = im_projection_parallel_scale(m->proj, lon, lat);
    if (k <= 0)
        k = 1;
    s->scale_denominator = 1000.0 / m->mm_per_m;
    double mm_per_km = m->mm_per_m * 1000.0 * k;
    double best = 0;
    for (double p = 1e-1; p <= 1e5; p *= 10)
        for (int i = 0; i < 3; i++) {
            double km = p * (i == 0 ? 1 : i == 1 ? 2 : 5);
            if (km * mm_per_km <= bar_max_mm)
                best = km;
        }
    if (best == 0)
        best = 0.1;
    s->scalebar_km = best;
    s->scalebar_mm = best * mm_per_km;
    s->scalebar_lon = lon;
    s->scalebar_lat = lat;
    double half_m = best * 1000.0 * k / 2;
    s->scalebar_x_m[0] = cx - half_m;
    s->scalebar_x_m[1] = cx + half_m;
    double x2, y2;
    if (im_projection_fwd(m->proj, lon, fmin(lat + 0.05, 89.999), &x2, &y2))
        s->north_deg = atan2(x2 - cx, y2 - cy) * 180 / M_PI;
}

static im_status setup_inset(im_map *m, double col_w)
{
    double w = fmin(col_w, 70), h = w * 0.62;
    double half_ground = hypot(m->x1 - m->x0, m->y1 - m->y0) / 2;
    if (half_ground > 6.0e6) {
        /* a map of half the world needs no locator */
        m->inset_box = (im_box){0, 0, 0, 0};
        return IM_OK;
    }
    m->inset_box = (im_box){0, 0, w, h};
    double cx = (m->x0 + m->x1) / 2, cy = (m->y0 + m->y1) / 2, lon = 0, lat = 0;
    im_projection_inv(m->proj, cx, cy, &lon, &lat);
    char def[160];
    snprintf(def, sizeof def, "+proj=ortho +lat_0=%.4f +lon_0=%.4f +R=6371000 +units=m +no_defs",
             lat, lon);
    im_status st = im_projection_create(m->ctx, def, &m->inset_proj);
    if (st)
        return st;
    double W = fmin(fmax(3.0 * half_ground, 2.5e6), 6.6e6);
    m->inset_scale = (h / 2) / W;
    if (W > 6.0e6)
        m->inset_scale = (h / 2 * 0.96) / 6371000.0;
    m->inset_origin = (im_pt){0, 0};
    /* the frame as seen on the inset */
    const int per = 16;
    m->n_inset_outline = 0;
    for (int side = 0; side < 4; side++)
        for (int i = 0; i < per; i++) {
            double t = (double)i / per, x, y, lo, la, ix, iy;
            switch (side) {
            case 0: x = m->x0 + t * (m->x1 - m->x0); y = m->y0; break;
            case 1: x = m->x1; y = m->y0 + t * (m->y1 - m->y0); break;
            case 2: x = m->x1 - t * (m->x1 - m->x0); y = m->y1; break;
            default: x = m->x0; y = m->y1 - t * (m->y1 - m->y0); break;
            }
            if (!im_projection_inv(m->proj, x, y, &lo, &la) ||
                !im_projection_fwd(m->inset_proj, lo, la, &ix, &iy))
                continue;
            m->inset_outline[m->n_inset_outline++] =
                (im_pt){ix * m->inset_scale, -iy * m->inset_scale};
        }
    return IM_OK;
}

/* The locator goes in a corner of the frame that no symbol or arrowhead touches and
 * no focus country crosses (bottom left first, where conic maps usually have room), else in
 * the panel. */
void im_map_place_inset(im_map *m)
{
    double w = m->inset_box.x1 - m->inset_box.x0, h = m->inset_box.y1 - m->inset_box.y0;
    m->inset_in_frame = false;
    if (w <= 0)
        return;
    double fw = m->frame.x1 - m->frame.x0;
    double f = fmin(1.0, 0.28 * fw / w);
    w *= f;
    h *= f;
    const im_box corners[4] = {
        {m->frame.x0, m->frame.y1 - h, m->frame.x0 + w, m->frame.y1},
        {m->frame.x1 - w, m->frame.y1 - h, m->frame.x1, m->frame.y1},
        {m->frame.x0, m->frame.y0, m->frame.x0 + w, m->frame.y0 + h},
        {m->frame.x1 - w, m->frame.y0, m->frame.x1, m->frame.y0 + h},
    };
    for (int c = 0; c < 4; c++) {
        bool empty = true;
        for (size_t i = 0; i < m->n_syms && empty; i++) {
            double r = m->syms[i].d + 1.5;
            im_box sb = {m->syms[i].at.x - r, m->syms[i].at.y - r, m->syms[i].at.x + r,
                         m->syms[i].at.y + r};
            empty = !box_overlap(sb, corners[c]);
        }
        /* nor an arrowhead (links.c places again once links are set) */
        for (size_t i = 0; i < m->n_arrows && empty; i++)
            empty = !(m->arrows[i].has_head && box_overlap(m->arrows[i].head_box, corners[c]));
        /* nor may it hide the countries the map is about */
        for (size_t i = 0; i < m->base.n && empty; i++) {
            const im_path *p = &m->base.items[i];
            if (p->kind != IM_PATH_FOCUS)
                continue;
            for (size_t k = 0; k < p->n && empty; k++)
                empty = !(p->pts[k].x > corners[c].x0 && p->pts[k].x < corners[c].x1 &&
                          p->pts[k].y > corners[c].y0 && p->pts[k].y < corners[c].y1);
        }
        if (empty) {
            m->inset_in_frame = true;
            m->inset_frame_box = corners[c];
            return;
        }
    }
}

im_status im_map_create(im_ctx *ctx, const im_map_opts *opts, const im_incident_set *incidents,
                        im_map **out)
{
    *out = NULL;
    im_map *m = im_xcalloc(1, sizeof *m);
    im_status st = IM_OK;
    static const im_incident_set empty = {NULL, 0, 0};
    m->ctx = ctx;
    m->opts = *opts;
    m->style = im_style_default();
    m->incidents = incidents ? incidents : &empty;
    m->page_w = opts->page_w_mm;
    m->page_h = opts->page_h_mm;
    if (!(m->page_w >= 50 && m->page_h >= 50 && m->page_w <= 2000 && m->page_h <= 2000)) {
        st = im_ctx_fail(ctx, IM_ERR_USAGE_VALUE, "page size %gx%g mm is out of range",
                         m->page_w, m->page_h);
        goto done;
    }
    m->banner = opts->banner && opts->banner[0] ? im_xstrdup(opts->banner) : NULL;
    m->source_name = opts->source_name ? im_xstrdup(opts->source_name) : NULL;
    if (opts->date_made) {
        m->date_made = im_xstrdup(opts->date_made);
    } else {
        time_t now = time(NULL);
        struct tm tm;
        char buf[16];
        gmtime_r(&now, &tm);
        strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
        m->date_made = im_xstrdup(buf);
    }
    double ll[4];
    if ((st = choose_extent(m, ll)) != IM_OK)
        goto done;
    if ((st = im_projection_create(ctx, m->proj_def, &m->proj)) != IM_OK)
        goto done;
    double env[4];
    if (!im_projection_envelope(m->proj, ll[0], ll[1], ll[2], ll[3], env)) {
        st = im_ctx_fail(ctx, IM_ERR_PROJ, "the extent %g,%g,%g,%g has no image in '%s'",
                         ll[0], ll[1], ll[2], ll[3], m->proj_def);
        goto done;
    }
    layout_page(m);
    fit_extent(m, env);
    frame_lonlat(m);
    double col_w = m->panel_below ? (m->panel.x1 - m->panel.x0 - 10) / 3 : m->panel.x1 - m->panel.x0;
    if ((st = setup_inset(m, col_w)) != IM_OK)
        goto done;
    scale_and_north(m, fmin(col_w - 16, 50));
    snprintf(m->stats.proj, sizeof m->stats.proj, "%s", m->proj_def);
    m->stats.frame_ll[0] = m->lon_w;
    m->stats.frame_ll[1] = m->lat_s;
    m->stats.frame_ll[2] = m->lon_e;
    m->stats.frame_ll[3] = m->lat_n;
    m->subtitle = opts->subtitle ? im_xstrdup(opts->subtitle) : auto_subtitle(m);
    m->stats.incidents = m->incidents->n;
    if ((st = im_basemap_load(m)) != IM_OK)
        goto done;
    m->title = opts->title ? im_xstrdup(opts->title) : auto_title(m);
    im_symbols_build(m);
    /* the pack-wide numbering (render.h): from the whole set, never from this frame */
    m->loc_no = im_xcalloc(m->incidents->n ? m->incidents->n : 1, sizeof *m->loc_no);
    m->loc_named_by = im_xcalloc(m->incidents->n ? m->incidents->n : 1,
                                 sizeof *m->loc_named_by);
    m->n_locations = im_map_number_locations(m->incidents, m->loc_no, m->loc_named_by);
    if (opts->clusters)
        im_clusters_build(m);
    m->stats.symbols = m->n_syms;
    for (size_t i = 0; i < m->n_syms; i++)
        m->stats.muted += m->syms[i].muted;
    im_map_place_inset(m);
    *out = m;
    m = NULL;
done:
    im_map_destroy(m);
    return st;
}

void im_map_destroy(im_map *m)
{
    if (!m)
        return;
    im_paths_clear(&m->base);
    im_paths_clear(&m->inset);
    for (size_t i = 0; i < m->n_syms; i++)
        free(m->syms[i].members);
    free(m->syms);
    free(m->loc_no);
    free(m->loc_named_by);
    im_links_clear(m);
    im_labels_grid_free(m);
    free(m->cities);
    for (size_t i = 0; i < m->n_labels; i++)
        free(m->labels[i].owned_text);
    free(m->labels);
    im_projection_destroy(m->proj);
    im_projection_destroy(m->inset_proj);
    free(m->title);
    free(m->subtitle);
    free(m->banner);
    free(m->source_name);
    free(m->date_made);
    free(m->region_title);
    im_frame_clear(m);
    im_svg_sink_destroy(m->svg);
    free(m);
}

void im_map_set_svg_text(im_map *m, bool on)
{
    m->svg_text = on;
}

const char *im_map_svg_text(const im_map *m)
{
    return im_svg_sink_text(m->svg);
}

void im_map_page_size(const im_map *m, double *w_mm, double *h_mm)
{
    *w_mm = m->page_w;
    *h_mm = m->page_h;
}

void im_map_pixel_size(const im_map *m, double dpi, int *w_px, int *h_px)
{
    *w_px = (int)lround(m->page_w / 25.4 * dpi);
    *h_px = (int)lround(m->page_h / 25.4 * dpi);
}

im_status im_map_draw(im_map *m, cairo_t *cr, double units_per_mm)
{
    cairo_save(cr);
    cairo_scale(cr, units_per_mm, units_per_mm);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    PangoContext *pc = im_text_context(cr);
    im_labels_place(m, pc);
    if (m->svg_text) {
        im_svg_sink_destroy(m->svg);
        m->svg = im_svg_sink_create();
        im_svg_sink_attach(cr, m->svg);
    }
    /* cities and basemap names are placed per draw; forget the last draw's */
    size_t n_cities = 0;
    for (size_t i = 0; i < m->n_cities; i++)
        if (m->cities[i].name) {
            m->cities[n_cities] = m->cities[i];
            m->cities[n_cities++].placed = false;
        }
    m->n_cities = n_cities;

    cairo_save(cr);
    cairo_rectangle(cr, m->frame.x0, m->frame.y0, m->frame.x1 - m->frame.x0,
                    m->frame.y1 - m->frame.y0);
    cairo_clip(cr);
    cairo_set_source_rgb(cr, 0.863, 0.922, 0.961);   /* sea #dcebf5 */
    cairo_paint(cr);
    im_basemap_draw_fills(m, cr);
    im_basemap_draw_lines(m, cr);
    /* arrows over the basemap, under every name (names have halos) and symbol */
    im_links_draw(m, cr);
    im_basemap_draw_cities(m, cr, pc);
    im_basemap_place_names(m, cr, pc);
    im_labels_draw_leaders(m, cr);
    im_symbols_draw(m, cr);
    im_labels_draw(m, cr, pc);
    cairo_restore(cr);

    cairo_rectangle(cr, m->frame.x0, m->frame.y0, m->frame.x1 - m->frame.x0,
                    m->frame.y1 - m->frame.y0);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_set_line_width(cr, 0.35);
    cairo_stroke(cr);
    im_basemap_draw_graticule_labels(m, cr, pc);
    im_furniture_draw(m, cr, pc);
    g_object_unref(pc);
    /* the locator never hides an incident: recounted from the placed boxes */
    m->stats.inset_hides = 0;
    for (size_t i = 0; m->inset_in_frame && i < m->n_syms; i++) {
        double r = m->syms[i].d / 2;
        im_box sb = {m->syms[i].at.x - r, m->syms[i].at.y - r, m->syms[i].at.x + r,
                     m->syms[i].at.y + r};
        m->stats.inset_hides += box_overlap(sb, m->inset_frame_box);
    }
    cairo_restore(cr);
    if (m->svg_text)
        im_svg_sink_attach(cr, NULL);
    cairo_status_t cs = cairo_status(cr);
    if (cs != CAIRO_STATUS_SUCCESS)
        return im_ctx_fail(m->ctx, IM_ERR_RENDER, "drawing the map failed: %s",
                           cairo_status_to_string(cs));
    return IM_OK;
}

void im_map_get_stats(const im_map *m, im_map_stats *out)
{
    *out = m->stats;
}

size_t im_map_label_count(const im_map *m)
{
    return m->n_labels;
}

void im_map_get_label(const im_map *m, size_t i, im_map_label *out)
{
    *out = m->labels[i].pub;
}

const im_projection *im_map_get_projection(const im_map *m)
{
    return m->proj;
}
