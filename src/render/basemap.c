/* The basemap of one map: countries (focus emphasised, neighbours muted), provinces
 * when zoomed in, disputed boundaries, the graticule and reference cities, taken from
 * basemap.gpkg as held in memory (basemap_cache.c), densified in lon/lat and
 * projected to page millimetres. basemap_draw.c draws what this builds.
 *
 * Lines are densified before projecting (no segment longer than DENSIFY_DEG) so
 * borders and graticule curve as the projection curves them, then thinned on the page
 * (points closer than a fraction of a pixel dropped). Incident symbols, labels and
 * furniture are drawn elsewhere.
 */
#include "render_private.h"
#include "incmap/alloc.h"
#include "incmap/gazetteer.h"
#include "incmap/regions.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DENSIFY_DEG 0.25
#define THIN_MM 0.1
#define INSET_THIN_MM 0.25

void im_path_free(im_path *p)
{
    free(p->pts);
    free(p->ends);
    free(p->name);
    if (p->border) {
        im_path_free(p->border);
        free(p->border);
    }
}

void im_paths_clear(im_paths *ps)
{
    for (size_t i = 0; i < ps->n; i++)
        im_path_free(&ps->items[i]);
    free(ps->items);
    memset(ps, 0, sizeof *ps);
}

static im_path *paths_add(im_paths *ps, im_path_kind kind)
{
    ps->items = im_xgrow(ps->items, &ps->cap, ps->n + 1, sizeof *ps->items);
    im_path *p = &ps->items[ps->n++];
    memset(p, 0, sizeof *p);
    p->kind = kind;
    return p;
}

void im_path_add_closed(im_path *p, const im_pt *pts, size_t n)
{
    if (n < 2)
        return;
    p->pts = im_xgrow(p->pts, &p->pts_cap, p->n + n + 1, sizeof *p->pts);
    memcpy(p->pts + p->n, pts, n * sizeof *pts);
    p->n += n;
    p->pts[p->n++] = pts[0];
    p->ends = im_xgrow(p->ends, &p->ends_cap, p->n_parts + 1, sizeof *p->ends);
    p->ends[p->n_parts++] = p->n;
}

/* Is segment i..i+1 a cut along the antimeridian? The basemap's polygons are cut a
 * hair inside it (at ±179.9°, to within 1e-7°): a run along one meridian that close
 * to it is a cut. */
static bool antimeridian_cut(const double *lonlat, size_t i)
{
    double a = lonlat[2 * i], b = lonlat[2 * i + 2];
    return fabs(fabs(a) - 180.0) < 0.11 && fabs(a - b) < 1e-5;
}

static void add_part(im_path *p, const double *lonlat, size_t n, const im_ring_xf *xf,
                     bool ring);

/* The border of a ring cut along the antimeridian: its runs between the cuts, as
 * open lines in p->border. */
static void add_seamless_border(im_path *p, const double *lonlat, size_t n,
                                const im_ring_xf *xf)
{
    if (!p->border)
        p->border = im_xcalloc(1, sizeof *p->border);
    size_t start = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        if (antimeridian_cut(lonlat, i)) {
            if (i > start)
                add_part(p->border, lonlat + 2 * start, i - start + 1, xf, false);
            start = i + 1;
        }
    }
    if (n - 1 > start)
        add_part(p->border, lonlat + 2 * start, n - start, xf, false);
}

/* Add a lon/lat ring or line to `p` (see im_path_add_ring). A ring cut along the
 * antimeridian is filled whole and bordered without the cuts. */
void im_path_add_ring(im_path *p, const double *lonlat, size_t n, const im_ring_xf *xf,
                      bool ring)
{
    bool cut = false;
    for (size_t i = 0; ring && xf->seams && i + 1 < n && !cut; i++)
        cut = antimeridian_cut(lonlat, i);
    size_t parts_before = p->n_parts;
    add_part(p, lonlat, n, xf, ring);
    if (cut && !p->border) {
        /* from now on the border differs: it starts as the outline so far */
        p->border = im_xcalloc(1, sizeof *p->border);
        size_t start = 0;
        for (size_t part = 0; part < parts_before; part++) {
            size_t end = p->ends[part];
            im_path_add_closed(p->border, p->pts + start, end - start);
            start = end;
        }
    }
    if (cut)
        add_seamless_border(p, lonlat, n, xf);
    else if (ring && p->border)
        add_part(p->border, lonlat, n, xf, false);   /* its border is the whole ring */
}

/* A line is cut to the pieces that meet xf->clip_ll, each added on its own. */
static void add_clipped_line(im_path *p, const im_pt *ll, size_t n, const im_ring_xf *xf)
{
    size_t start = 0;
    while (start + 1 < n) {
        while (start + 1 < n && !im_segment_meets(ll[start], ll[start + 1], *xf->clip_ll))
            start++;
        size_t end = start;
        while (end + 1 < n && im_segment_meets(ll[end], ll[end + 1], *xf->clip_ll))
            end++;
        if (end > start) {
            double *piece = im_xmalloc((end - start + 1) * 2 * sizeof *piece);
            for (size_t i = start; i <= end; i++) {
                piece[2 * (i - start)] = ll[i].x;
                piece[2 * (i - start) + 1] = ll[i].y;
            }
            im_ring_xf whole = *xf;
            whole.clip_ll = NULL;
            whole.pre_tol_deg = 0;   /* done */
            add_part(p, piece, end - start + 1, &whole, false);
            free(piece);
        }
        start = end + 1;
    }
}

/* Densify a lon/lat line, project it and append it to `p` as one part. Before that,
 * when the caller allows, it is simplified in lon/lat (xf->pre_tol_deg: far fewer
 * points to project for a small-scale map or the inset) and cut to xf->clip_ll, a
 * lon/lat box around the whole frame: what lies beyond it can never show, so it need
 * not be projected (a ring is clipped, a line cut into the pieces that meet it). */
static void add_part(im_path *p, const double *lonlat, size_t n, const im_ring_xf *xf,
                     bool ring)
{
    if (n < 2)
        return;
    im_pt *ll = im_xmalloc(n * sizeof *ll);
    for (size_t i = 0; i < n; i++)
        ll[i] = (im_pt){lonlat[2 * i], lonlat[2 * i + 1]};
    n = im_simplify(ll, n, xf->pre_tol_deg);
    if (!ring && xf->clip_ll) {
        add_clipped_line(p, ll, n, xf);
        free(ll);
        return;
    }
    if (ring && xf->clip_ll && n >= 3) {
        n = im_clip_ring(&ll, n, *xf->clip_ll);
        if (n > 0 && (ll[0].x != ll[n - 1].x || ll[0].y != ll[n - 1].y))
            ll[n++] = ll[0];   /* closed again, as rings come (im_clip_ring leaves room) */
    }
    if (n < 2) {
        free(ll);
        return;
    }
    size_t cap = 0, k = 0;
    double *buf = NULL;
    for (size_t i = 0; i < n; i++) {
        if (i > 0) {
            double dl = ll[i].x - ll[i - 1].x;
            double dp = ll[i].y - ll[i - 1].y;
            double len = fmax(fabs(dl), fabs(dp));
            int steps = len > DENSIFY_DEG ? (int)ceil(len / DENSIFY_DEG) : 1;
            for (int s = 1; s < steps; s++) {
                buf = im_xgrow(buf, &cap, 2 * (k + 1), sizeof *buf);
                buf[2 * k] = ll[i - 1].x + dl * s / steps;
                buf[2 * k + 1] = ll[i - 1].y + dp * s / steps;
                k++;
            }
        }
        buf = im_xgrow(buf, &cap, 2 * (k + 1), sizeof *buf);
        buf[2 * k] = ll[i].x;
        buf[2 * k + 1] = ll[i].y;
        k++;
    }
    free(ll);
    im_projection_fwd_array(xf->proj, buf, k);
    im_pt *pts = im_xmalloc(k * sizeof *pts);
    size_t np = 0;
    for (size_t i = 0; i < k; i++) {
        if (buf[2 * i] == HUGE_VAL)
            continue;
        im_pt q = {xf->ox + (buf[2 * i] - xf->cx) * xf->mm_per_m,
                   xf->oy - (buf[2 * i + 1] - xf->cy) * xf->mm_per_m};
        if (np > 0 && i + 1 < k && fabs(q.x - pts[np - 1].x) < xf->thin &&
            fabs(q.y - pts[np - 1].y) < xf->thin)
            continue;
        pts[np++] = q;
    }
    free(buf);
    np = im_simplify(pts, np, xf->thin);
    if (ring && xf->clip && np >= 3)
        np = im_clip_ring(&pts, np, *xf->clip);
    /* a ring simplified to fewer than four points (closed: first = last) has no area
     * left: an island smaller than the tolerance, not worth a path in every PDF */
    if (np >= (ring ? 4u : 2u)) {
        size_t start = p->n;
        p->pts = im_xgrow(p->pts, &p->pts_cap, p->n + np, sizeof *p->pts);
        memcpy(p->pts + p->n, pts, np * sizeof *pts);
        p->n += np;
        p->ends = im_xgrow(p->ends, &p->ends_cap, p->n_parts + 1, sizeof *p->ends);
        p->ends[p->n_parts++] = p->n;
        /* shoelace area, for choosing which names fit */
        double area = 0;
        for (size_t i = start; i + 1 < p->n; i++)
            area += p->pts[i].x * p->pts[i + 1].y - p->pts[i + 1].x * p->pts[i].y;
        p->area_mm2 += fabs(area) / 2;
    }
    free(pts);
}

/* Add the parts of a cached feature to the main map's path and/or the inset's. */
static void add_feature(im_map *m, const im_bm_layer *l, const im_bm_feature *f,
                        im_path *main_p, im_path *inset_p)
{
    /* clipped a little outside the frame so clipped edges never show */
    im_box clip = {m->frame.x0 - 3, m->frame.y0 - 3, m->frame.x1 + 3, m->frame.y1 + 3};
    /* Beyond this box no part of the frame lies (lon_w..lat_n bound the frame); a
     * window across the antimeridian is cut by latitude only. */
    im_box clip_ll = {m->lon_w - 1, m->lat_s - 1, m->lon_e + 1, m->lat_n + 1};
    if (m->spans_antimeridian) {
        clip_ll.x0 = -181;
        clip_ll.x1 = 181;
    }
    /* A degree of latitude is ~111 km; a quarter of the page tolerance in degrees
     * leaves room for a projection's scale factor up to 2 across the sheet. */
    im_ring_xf main_xf = {m->proj, m->mm_per_m, m->frame.x0, m->frame.y1, m->x0, m->y0,
                          THIN_MM, &clip, THIN_MM / (4 * 111320.0 * m->mm_per_m), &clip_ll,
                          true};
    /* the inset's relative to its centre; furniture.c translates */
    im_ring_xf inset_xf = {m->inset_proj, m->inset_scale, 0, 0, m->inset_origin.x,
                           m->inset_origin.y, INSET_THIN_MM, NULL,
                           INSET_THIN_MM / (4 * 111320.0 * m->inset_scale), NULL, false};
    for (size_t p = f->part0; p < f->part0 + f->n_parts; p++) {
        const im_bm_part *part = &l->parts[p];
        const double *xy = l->xy + 2 * part->start;
        if (main_p)
            im_path_add_ring(main_p, xy, part->count, &main_xf, part->ring);
        if (inset_p)
            im_path_add_ring(inset_p, xy, part->count, &inset_xf, part->ring);
    }
}

static bool env_hits(const im_bm_feature *f, double w, double s, double e, double n)
{
    return f->e >= w && f->w <= e && f->n >= s && f->s <= n;
}

static bool is_focus(const im_map *m, const char *iso2)
{
    if (!iso2 || strlen(iso2) != 2)
        return false;
    for (const char *p = m->focus; *p; p++)
        if (p[0] == iso2[0] && p[1] == iso2[1] && (p == m->focus || p[-1] == ' '))
            return true;
    return false;
}

static void set_label_point(im_map *m, im_path *p, const im_bm_feature *f)
{
    double x, y;
    p->label_at.x = p->label_at.y = -1;
    if (f->has_label && im_projection_fwd(m->proj, f->label_lon, f->label_lat, &x, &y))
        p->label_at = map_to_page(m, x, y);
}

/* Does the polygon hold an incident that names no country? At most ~4000 incidents
 * are tried (evenly spread): enough to find the countries a layer is about. */
static bool holds_incident(const im_map *m, const im_bm_layer *l, const im_bm_feature *f)
{
    size_t n = m->incidents->n, stride = n > 4000 ? n / 4000 : 1;
    for (size_t i = 0; i < n; i += stride) {
        const im_incident *inc = &m->incidents->items[i];
        if (inc->has_coords && !inc->iso2[0] &&
            im_bm_feature_contains(l, f, inc->longitude, inc->latitude))
            return true;
    }
    return false;
}

/* The features of one basemap layer that meet the map's window (and the inset's,
 * which shows a wider one) become paths of `kind`. */
static void read_layer(im_map *m, const im_bm_layer *l, im_path_kind kind)
{
    if (!l)
        return;
    bool inset = kind == IM_PATH_NEIGHBOUR && m->inset_proj;
    double mw = m->lon_w - 1, ms = m->lat_s - 1, me = m->lon_e + 1, mn = m->lat_n + 1;
    double iw = mw, is = ms, ie = me, in = mn;
    if (inset) {
        double cx = (m->lon_w + m->lon_e) / 2, cy = (m->lat_s + m->lat_n) / 2;
        double r = m->inset_scale * 6371000.0 < (m->inset_box.x1 - m->inset_box.x0) / 2.2
                       ? 180 : 80;
        iw = fmax(-180, cx - r);
        ie = fmin(180, cx + r);
        is = fmax(-90, cy - r * 0.75);
        in = fmin(90, cy + r * 0.75);
    }
    double qw = fmin(mw, iw), qs = fmin(ms, is), qe = fmax(me, ie), qn = fmax(mn, in);
    for (size_t i = 0; i < l->n; i++) {
        const im_bm_feature *f = &l->features[i];
        /* provinces only of the countries the map is about */
        if (kind == IM_PATH_PROVINCE && m->focus[0] && !is_focus(m, f->iso2))
            continue;
        if (!im_bm_feature_hits(l, f, qw, qs, qe, qn))
            continue;
        im_path_kind k = kind;
        if (kind == IM_PATH_NEIGHBOUR && m->auto_focus && strlen(f->iso2) == 2 &&
            !is_focus(m, f->iso2) && env_hits(f, mw, ms, me, mn) && holds_incident(m, l, f)) {
            size_t len = strlen(m->focus);
            if (len + 4 < sizeof m->focus)
                snprintf(m->focus + len, sizeof m->focus - len, "%s%s", len ? " " : "",
                         f->iso2);
        }
        if (kind == IM_PATH_NEIGHBOUR && is_focus(m, f->iso2))
            k = IM_PATH_FOCUS;
        im_path *mp = NULL, *ip = NULL;
        if (env_hits(f, mw, ms, me, mn)) {
            mp = paths_add(&m->base, k);
            if (f->name)
                mp->name = im_xstrdup(f->name);
        }
        if (inset && env_hits(f, iw, is, ie, in))
            ip = paths_add(&m->inset, k == IM_PATH_FOCUS ? IM_PATH_INSET_FOCUS
                                                         : IM_PATH_INSET_LAND);
        add_feature(m, l, f, mp, ip);
        if (mp && (k == IM_PATH_FOCUS || k == IM_PATH_NEIGHBOUR || k == IM_PATH_PROVINCE) &&
            mp->n > 0)
            set_label_point(m, mp, f);
        if (mp && k == IM_PATH_DISPUTED && mp->n > 0)
            m->has_disputed = true;
        if (mp && k == IM_PATH_PROVINCE && mp->n > 0)
            m->has_provinces = true;
    }
}

static double graticule_step(double span)
{
    static const double steps[] = {0.5, 1, 2, 5, 10, 15, 20, 30};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (span / steps[i] <= 9)
            return steps[i];
    return 30;
}

/* One graticule line, meridian (`value` a longitude, from..to latitudes) or parallel,
 * with a point every DENSIFY_DEG so it curves as the projection does. */
static void add_graticule_line(im_map *m, bool meridian, double value, double from,
                               double to, double **xy, size_t *cap)
{
    size_t k = 0;
    for (double t = from; t <= to + 1e-9; t += DENSIFY_DEG) {
        *xy = im_xgrow(*xy, cap, 2 * (k + 1), sizeof **xy);
        (*xy)[2 * k] = meridian ? value : t;
        (*xy)[2 * k + 1] = meridian ? t : value;
        k++;
    }
    im_path *p = paths_add(&m->base, IM_PATH_GRATICULE);
    p->is_meridian = meridian;
    p->value = value;
    im_ring_xf xf = {m->proj, m->mm_per_m, m->frame.x0, m->frame.y1, m->x0, m->y0,
                     THIN_MM, NULL, 0, NULL, false};
    im_path_add_ring(p, *xy, k, &xf, false);
}

static void build_graticule(im_map *m)
{
    /* longitude span as seen at mid-latitude, so high-latitude maps are not bare */
    double mid = (m->lat_s + m->lat_n) / 2 * M_PI / 180;
    double step = graticule_step(fmax((m->lon_e - m->lon_w) * cos(mid), m->lat_n - m->lat_s));
    double w = floor(m->lon_w / step) * step, e = ceil(m->lon_e / step) * step;
    double s = fmax(-80, floor(m->lat_s / step) * step), n = fmin(80, ceil(m->lat_n / step) * step);
    size_t cap = 0;
    double *xy = NULL;
    for (double lon = w; lon <= e + 1e-9; lon += step)
        add_graticule_line(m, true, lon, s, n, &xy, &cap);
    for (double lat = s; lat <= n + 1e-9; lat += step)
        add_graticule_line(m, false, lat, w, e, &xy, &cap);
    free(xy);
}

static int cmp_city(const void *a, const void *b)
{
    const im_city *x = a, *y = b;
    if (x->capital != y->capital)
        return x->capital ? -1 : 1;
    if (x->population != y->population)
        return x->population > y->population ? -1 : 1;
    return strcmp(x->name, y->name);
}

static void build_cities(im_map *m)
{
    size_t count = 0;
    const im_bm_city *all = im_basemap_cities(m->ctx, &count);
    if (!all) {
        im_log(m->ctx, IM_LOG_WARN, "no reference cities: %s", im_ctx_last_error(m->ctx));
        im_ctx_clear_error(m->ctx);
        return;
    }
    /* More cities at larger scales: a population threshold from the map scale. */
    double denom = 1000.0 / m->mm_per_m;
    if (denom > 80e6)
        return;   /* at world scale cities are clutter */
    uint64_t min_pop = denom < 6e6 ? IM_BM_CITY_MIN : denom < 15e6 ? 500000 : 1500000;
    /* at continental scales only capitals, and only those of some size */
    bool capitals_only = denom > 35e6;
    uint64_t min_capital = capitals_only ? 1000000 : 0;
    size_t cap = 0;
    im_box fb = {m->frame.x0 + 2, m->frame.y0 + 2, m->frame.x1 - 2, m->frame.y1 - 2};
    for (size_t i = 0; i < count; i++) {
        const im_bm_city *p = &all[i];
        if (p->capital ? p->population < min_capital
                       : (capitals_only || p->population < min_pop))
            continue;
        if (p->lat < m->lat_s || p->lat > m->lat_n ||
            (!m->spans_antimeridian && (p->lon < m->lon_w || p->lon > m->lon_e)))
            continue;
        double x, y;
        if (!im_projection_fwd(m->proj, p->lon, p->lat, &x, &y))
            continue;
        im_pt at = map_to_page(m, x, y);
        if (at.x < fb.x0 || at.x > fb.x1 || at.y < fb.y0 || at.y > fb.y1)
            continue;
        m->cities = im_xgrow(m->cities, &cap, m->n_cities + 1, sizeof *m->cities);
        im_city *c = &m->cities[m->n_cities++];
        memset(c, 0, sizeof *c);
        c->at = at;
        c->name = p->name;
        c->capital = p->capital;
        c->population = p->population;
    }
    /* capitals first, then by size: the first placed keep their spot */
    if (m->n_cities > 1)
        qsort(m->cities, m->n_cities, sizeof *m->cities, cmp_city);
}

static im_box path_bbox(const im_path *p)
{
    im_box b = {1e18, 1e18, -1e18, -1e18};
    for (size_t i = 0; i < p->n; i++) {
        b.x0 = fmin(b.x0, p->pts[i].x);
        b.y0 = fmin(b.y0, p->pts[i].y);
        b.x1 = fmax(b.x1, p->pts[i].x);
        b.y1 = fmax(b.y1, p->pts[i].y);
    }
    return b;
}

/* A focus country's hole that an absorbed scrap now fills (box `hole`) is no border:
 * the country's border becomes its outline without that ring. */
static void unborder_hole(im_path *f, im_box hole)
{
    if (f->border)
        return;   /* already its own border (cut at the antimeridian): left as it is */
    size_t start = 0, found = SIZE_MAX;
    for (size_t part = 0; part < f->n_parts && found == SIZE_MAX; part++) {
        size_t end = f->ends[part];
        im_box b = {1e18, 1e18, -1e18, -1e18};
        for (size_t i = start; i < end; i++) {
            b.x0 = fmin(b.x0, f->pts[i].x);
            b.y0 = fmin(b.y0, f->pts[i].y);
            b.x1 = fmax(b.x1, f->pts[i].x);
            b.y1 = fmax(b.y1, f->pts[i].y);
        }
        if (part > 0 && fabs(b.x0 - hole.x0) < 0.05 && fabs(b.y0 - hole.y0) < 0.05 &&
            fabs(b.x1 - hole.x1) < 0.05 && fabs(b.y1 - hole.y1) < 0.05)
            found = part;
        start = end;
    }
    if (found == SIZE_MAX)
        return;
    f->border = im_xcalloc(1, sizeof *f->border);
    start = 0;
    for (size_t part = 0; part < f->n_parts; part++) {
        size_t end = f->ends[part];
        if (part != found)
            im_path_add_closed(f->border, f->pts + start, end - start);
        start = end;
    }
}

/* Unnamed areas (Natural Earth's Baikonur lease, cut out of Kazakhstan, and other
 * scraps) take, part by part, the fill of a focus country around them and get no
 * border of their own, nor does the hole they fill. */
static void absorb_unnamed(im_map *m)
{
    size_t n0 = m->base.n;
    for (size_t i = 0; i < n0; i++) {
        im_path *u = &m->base.items[i];
        if (u->kind != IM_PATH_NEIGHBOUR || (u->name && u->name[0]) || u->n_parts < 2)
            continue;
        /* one path per part, so each can be judged on its own */
        size_t start = u->ends[0];
        for (size_t part = 1; part < u->n_parts; part++) {
            size_t end = m->base.items[i].ends[part];
            im_path *q = paths_add(&m->base, IM_PATH_NEIGHBOUR);
            u = &m->base.items[i];   /* paths_add may move the array */
            q->name = im_xstrdup("");
            q->pts = im_xmalloc((end - start) * sizeof *q->pts);
            memcpy(q->pts, u->pts + start, (end - start) * sizeof *q->pts);
            q->n = q->pts_cap = end - start;
            q->ends = im_xmalloc(sizeof *q->ends);
            q->ends_cap = 1;
            q->ends[0] = q->n;
            q->n_parts = 1;
            q->label_at.x = q->label_at.y = -1;
            start = end;
        }
        u->n = u->ends[0];
        u->n_parts = 1;
    }
    for (size_t i = 0; i < m->base.n; i++) {
        im_path *u = &m->base.items[i];
        if (u->kind != IM_PATH_NEIGHBOUR || (u->name && u->name[0]) || u->n == 0)
            continue;
        im_box ub = path_bbox(u);
        for (size_t j = 0; j < m->base.n; j++) {
            im_path *f = &m->base.items[j];
            if (f->kind == IM_PATH_FOCUS && f->n && box_inside(ub, path_bbox(f))) {
                u->kind = IM_PATH_FOCUS;
                unborder_hole(f, ub);
                break;
            }
        }
    }
}

im_status im_basemap_load(im_map *m)
{
    char *path = m->opts.basemap_path ? im_xstrdup(m->opts.basemap_path)
                                      : im_ctx_data_path(m->ctx, "basemap.gpkg");
    if (!path)
        return IM_ERR_DATA_MISSING;
    const im_bm_layer *countries = im_basemap_layer(m->ctx, path, IM_BM_COUNTRIES);
    if (!countries) {
        free(path);
        return IM_ERR_DATA_MISSING;
    }
    read_layer(m, countries, IM_PATH_NEIGHBOUR);
    absorb_unnamed(m);
    double denom = 1000.0 / m->mm_per_m;
    if (denom < 30e6)
        read_layer(m, im_basemap_layer(m->ctx, path, IM_BM_PROVINCES), IM_PATH_PROVINCE);
    read_layer(m, im_basemap_layer(m->ctx, path, IM_BM_DISPUTED), IM_PATH_DISPUTED);
    build_graticule(m);
    if (m->opts.cities)
        build_cities(m);
    free(path);
    return IM_OK;
}
