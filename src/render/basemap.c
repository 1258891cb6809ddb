/* The basemap: countries (focus emphasised, neighbours muted), provinces when zoomed
 * in, disputed boundaries, the graticule and reference cities, read from basemap.gpkg
 * with OGR, densified in lon/lat and projected to page millimetres; country and
 * province names placed inside their polygons where they collide with nothing.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>

#define DENSIFY_DEG 0.25
#define THIN_MM 0.06

void im_paths_clear(im_paths *ps)
{
    for (size_t i = 0; i < ps->n; i++) {
        free(ps->items[i].pts);
        free(ps->items[i].ends);
        free(ps->items[i].name);
    }
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

/* Sutherland–Hodgman: clip closed ring `in` (n points) against one edge of `b`;
 * returns the number of points written to `out` (at most 2n). */
static size_t clip_edge(const im_pt *in, size_t n, im_pt *out, im_box b, int edge)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        im_pt cur = in[i], prev = in[(i + n - 1) % n];
        double vc, vp, lim;
        switch (edge) {
        case 0: vc = cur.x; vp = prev.x; lim = b.x0; break;
        case 1: vc = -cur.x; vp = -prev.x; lim = -b.x1; break;
        case 2: vc = cur.y; vp = prev.y; lim = b.y0; break;
        default: vc = -cur.y; vp = -prev.y; lim = -b.y1; break;
        }
        bool cin = vc >= lim, pin = vp >= lim;
        if (cin != pin) {
            double t = (lim - vp) / (vc - vp);
            out[k++] = (im_pt){prev.x + (cur.x - prev.x) * t, prev.y + (cur.y - prev.y) * t};
        }
        if (cin)
            out[k++] = cur;
    }
    return k;
}

/* Douglas–Peucker in place on page points: keep what departs more than `tol` mm from
 * the chord. Thinning by distance alone keeps every wiggle of a fractal coast 0.06 mm
 * apart (180 000 points on a world map); this keeps what a reader can see, which makes
 * the PDFs several times smaller and faster to write. Returns the new count. */
static size_t simplify(im_pt *pts, size_t n, double tol)
{
    if (n < 3 || tol <= 0)
        return n;
    bool *keep = im_xcalloc(n, sizeof *keep);
    size_t *stack = im_xmalloc(2 * n * sizeof *stack), top = 0;
    keep[0] = keep[n - 1] = true;
    stack[top++] = 0;
    stack[top++] = n - 1;
    double tol2 = tol * tol;
    while (top) {
        size_t b = stack[--top], a = stack[--top];
        if (b <= a + 1)
            continue;
        double dx = pts[b].x - pts[a].x, dy = pts[b].y - pts[a].y, len2 = dx * dx + dy * dy;
        double worst = -1;
        size_t at = a;
        for (size_t i = a + 1; i < b; i++) {
            double ex = pts[i].x - pts[a].x, ey = pts[i].y - pts[a].y, d2;
            if (len2 > 0) {
                double c = ex * dy - ey * dx;
                d2 = c * c / len2;
            } else {
                d2 = ex * ex + ey * ey;
            }
            if (d2 > worst) {
                worst = d2;
                at = i;
            }
        }
        if (worst > tol2) {
            keep[at] = true;
            stack[top++] = a;
            stack[top++] = at;
            stack[top++] = at;
            stack[top++] = b;
        }
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (keep[i])
            pts[k++] = pts[i];
    free(keep);
    free(stack);
    return k;
}

/* Densify a lon/lat line, project it and append it to `p` as one part. */
void im_path_add_ring(im_path *p, const double *lonlat, size_t n, const im_ring_xf *xf,
                      bool ring)
{
    if (n < 2)
        return;
    size_t cap = 0, k = 0;
    double *buf = NULL;
    for (size_t i = 0; i < n; i++) {
        if (i > 0) {
            double dl = lonlat[2 * i] - lonlat[2 * i - 2];
            double dp = lonlat[2 * i + 1] - lonlat[2 * i - 1];
            double len = fmax(fabs(dl), fabs(dp));
            int steps = len > DENSIFY_DEG ? (int)ceil(len / DENSIFY_DEG) : 1;
            for (int s = 1; s < steps; s++) {
                buf = im_xgrow(buf, &cap, 2 * (k + 1), sizeof *buf);
                buf[2 * k] = lonlat[2 * i - 2] + dl * s / steps;
                buf[2 * k + 1] = lonlat[2 * i - 1] + dp * s / steps;
                k++;
            }
        }
        buf = im_xgrow(buf, &cap, 2 * (k + 1), sizeof *buf);
        buf[2 * k] = lonlat[2 * i];
        buf[2 * k + 1] = lonlat[2 * i + 1];
        k++;
    }
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
    np = simplify(pts, np, xf->thin);
    if (ring && xf->clip && np >= 3) {
        /* four passes, each at most doubling the count */
        im_pt *a = im_xmalloc(np * 16 * sizeof *a), *b = im_xmalloc(np * 16 * sizeof *b);
        memcpy(a, pts, np * sizeof *a);
        for (int e = 0; e < 4 && np > 0; e++) {
            np = clip_edge(a, np, b, *xf->clip, e);
            im_pt *t = a;
            a = b;
            b = t;
        }
        free(pts);
        free(b);
        pts = a;
    }
    if (np >= 2) {
        size_t pcap = p->n, start = p->n;
        p->pts = im_xgrow(p->pts, &pcap, p->n + np, sizeof *p->pts);
        memcpy(p->pts + p->n, pts, np * sizeof *pts);
        p->n += np;
        size_t ecap = p->n_parts;
        p->ends = im_xgrow(p->ends, &ecap, p->n_parts + 1, sizeof *p->ends);
        p->ends[p->n_parts++] = p->n;
        /* shoelace area, for choosing which names fit */
        double area = 0;
        for (size_t i = start; i + 1 < p->n; i++)
            area += p->pts[i].x * p->pts[i + 1].y - p->pts[i + 1].x * p->pts[i].y;
        p->area_mm2 += fabs(area) / 2;
    }
    free(pts);
}

static void add_ogr_geometry(im_map *m, OGRGeometryH g, im_path *main_p, im_path *inset_p,
                             bool ring)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbMultiPolygon || t == wkbPolygon || t == wkbMultiLineString ||
        t == wkbGeometryCollection) {
        int n = OGR_G_GetGeometryCount(g);
        for (int i = 0; i < n; i++)
            add_ogr_geometry(m, OGR_G_GetGeometryRef(g, i), main_p, inset_p,
                             t == wkbPolygon || (ring && t != wkbMultiLineString));
        return;
    }
    if (t != wkbLineString && t != wkbLinearRing)
        return;
    int n = OGR_G_GetPointCount(g);
    if (n < 2)
        return;
    double *xy = im_xmalloc((size_t)n * 2 * sizeof *xy);
    OGR_G_GetPoints(g, xy, 2 * sizeof(double), xy + 1, 2 * sizeof(double), NULL, 0);
    if (main_p) {
        /* clipped a little outside the frame so clipped edges never show */
        im_box clip = {m->frame.x0 - 3, m->frame.y0 - 3, m->frame.x1 + 3, m->frame.y1 + 3};
        im_ring_xf xf = {m->proj, m->mm_per_m, m->frame.x0, m->frame.y1, m->x0, m->y0,
                         THIN_MM, &clip};
        im_path_add_ring(main_p, xy, (size_t)n, &xf, ring);
    }
    if (inset_p) {
        /* relative to the inset's centre; furniture.c translates */
        im_ring_xf xf = {m->inset_proj, m->inset_scale, 0, 0, m->inset_origin.x,
                         m->inset_origin.y, 0.25, NULL};
        im_path_add_ring(inset_p, xy, (size_t)n, &xf, ring);
    }
    free(xy);
}

static bool env_hits(const OGREnvelope *e, double w, double s, double ea, double n)
{
    return e->MaxX >= w && e->MinX <= ea && e->MaxY >= s && e->MinY <= n;
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

static void set_label_point(im_map *m, im_path *p, OGRGeometryH g)
{
    OGRGeometryH pos = OGR_G_PointOnSurface(g);
    p->label_at.x = p->label_at.y = -1;
    if (pos) {
        double x, y;
        if (im_projection_fwd(m->proj, OGR_G_GetX(pos, 0), OGR_G_GetY(pos, 0), &x, &y))
            p->label_at = map_to_page(m, x, y);
        OGR_G_DestroyGeometry(pos);
    }
}

/* The rings of a (multi)polygon as flat lon,lat arrays, for point-in-polygon. */
typedef struct rings {
    double *xy;
    size_t *ends;
    size_t n, n_rings, cap, ecap;
} rings;

static void collect_rings(OGRGeometryH g, rings *r)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbMultiPolygon || t == wkbPolygon) {
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++)
            collect_rings(OGR_G_GetGeometryRef(g, i), r);
        return;
    }
    int n = OGR_G_GetPointCount(g);
    if (n < 3)
        return;
    r->xy = im_xgrow(r->xy, &r->cap, 2 * (r->n + (size_t)n), sizeof *r->xy);
    OGR_G_GetPoints(g, r->xy + 2 * r->n, 2 * sizeof(double), r->xy + 2 * r->n + 1,
                    2 * sizeof(double), NULL, 0);
    r->n += (size_t)n;
    r->ends = im_xgrow(r->ends, &r->ecap, r->n_rings + 1, sizeof *r->ends);
    r->ends[r->n_rings++] = r->n;
}

/* Even-odd point-in-polygon over every ring. */
static bool rings_contain(const rings *r, double lon, double lat)
{
    bool in = false;
    size_t start = 0;
    for (size_t k = 0; k < r->n_rings; k++) {
        size_t end = r->ends[k];
        for (size_t i = start, j = end - 1; i < end; j = i++) {
            double xi = r->xy[2 * i], yi = r->xy[2 * i + 1];
            double xj = r->xy[2 * j], yj = r->xy[2 * j + 1];
            if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi)
                in = !in;
        }
        start = end;
    }
    return in;
}

/* Does the polygon hold an incident that names no country? At most ~4000 incidents
 * are tried (evenly spread): enough to find the countries a layer is about. */
static bool holds_incident(const im_map *m, OGRGeometryH g, const OGREnvelope *env)
{
    size_t n = m->incidents->n, stride = n > 4000 ? n / 4000 : 1;
    rings r = {0};
    bool found = false;
    for (size_t i = 0; i < n && !found; i += stride) {
        const im_incident *inc = &m->incidents->items[i];
        if (!inc->has_coords || inc->iso2[0] || inc->longitude < env->MinX ||
            inc->longitude > env->MaxX || inc->latitude < env->MinY || inc->latitude > env->MaxY)
            continue;
        if (!r.n_rings)
            collect_rings(g, &r);
        found = rings_contain(&r, inc->longitude, inc->latitude);
    }
    free(r.xy);
    free(r.ends);
    return found;
}

/* The inset shows a wider window; the main map's features are a subset of it. */
static void read_layer(im_map *m, GDALDatasetH ds, const char *name, im_path_kind kind)
{
    OGRLayerH layer = GDALDatasetGetLayerByName(ds, name);
    if (!layer)
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
    OGR_L_SetSpatialFilterRect(layer, fmin(mw, iw), fmin(ms, is), fmax(me, ie), fmax(mn, in));
    if (kind == IM_PATH_PROVINCE && m->focus[0]) {
        char where[1024] = "iso2 IN (";
        size_t len = strlen(where);
        for (const char *p = m->focus; *p && len + 8 < sizeof where; p += 3) {
            len += (size_t)snprintf(where + len, sizeof where - len, "%s'%.2s'",
                                    p == m->focus ? "" : ",", p);
            if (!p[2])
                break;
        }
        snprintf(where + len, sizeof where - len, ")");
        OGR_L_SetAttributeFilter(layer, where);
    }
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    int f_iso = OGR_FD_GetFieldIndex(defn, "iso2");
    int f_name = OGR_FD_GetFieldIndex(defn, "name");
    OGR_L_ResetReading(layer);
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(layer)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (!g) {
            OGR_F_Destroy(f);
            continue;
        }
        OGREnvelope env;
        OGR_G_GetEnvelope(g, &env);
        const char *iso2 = f_iso >= 0 ? OGR_F_GetFieldAsString(f, f_iso) : "";
        im_path_kind k = kind;
        if (kind == IM_PATH_NEIGHBOUR && m->auto_focus && strlen(iso2) == 2 &&
            !is_focus(m, iso2) && env_hits(&env, mw, ms, me, mn) &&
            holds_incident(m, g, &env)) {
            size_t len = strlen(m->focus);
            if (len + 4 < sizeof m->focus)
                snprintf(m->focus + len, sizeof m->focus - len, "%s%s", len ? " " : "", iso2);
        }
        if (kind == IM_PATH_NEIGHBOUR && is_focus(m, iso2))
            k = IM_PATH_FOCUS;
        im_path *mp = NULL, *ip = NULL;
        if (env_hits(&env, mw, ms, me, mn)) {
            mp = paths_add(&m->base, k);
            if (f_name >= 0)
                mp->name = im_xstrdup(OGR_F_GetFieldAsString(f, f_name));
        }
        if (inset && env_hits(&env, iw, is, ie, in))
            ip = paths_add(&m->inset, k == IM_PATH_FOCUS ? IM_PATH_INSET_FOCUS
                                                         : IM_PATH_INSET_LAND);
        add_ogr_geometry(m, g, mp, ip, false);
        if (mp && (k == IM_PATH_FOCUS || k == IM_PATH_NEIGHBOUR || k == IM_PATH_PROVINCE) &&
            mp->n > 0)
            set_label_point(m, mp, g);
        if (mp && k == IM_PATH_DISPUTED && mp->n > 0)
            m->has_disputed = true;
        if (mp && k == IM_PATH_PROVINCE && mp->n > 0)
            m->has_provinces = true;
        OGR_F_Destroy(f);
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

static void build_graticule(im_map *m)
{
    /* longitude span as seen at mid-latitude, so high-latitude maps are not bare */
    double mid = (m->lat_s + m->lat_n) / 2 * M_PI / 180;
    double step = graticule_step(fmax((m->lon_e - m->lon_w) * cos(mid), m->lat_n - m->lat_s));
    double w = floor(m->lon_w / step) * step, e = ceil(m->lon_e / step) * step;
    double s = fmax(-80, floor(m->lat_s / step) * step), n = fmin(80, ceil(m->lat_n / step) * step);
    size_t cap = 0;
    double *xy = NULL;
    for (double lon = w; lon <= e + 1e-9; lon += step) {
        size_t k = 0;
        for (double lat = s; lat <= n + 1e-9; lat += DENSIFY_DEG) {
            xy = im_xgrow(xy, &cap, 2 * (k + 1), sizeof *xy);
            xy[2 * k] = lon;
            xy[2 * k + 1] = lat;
            k++;
        }
        im_path *p = paths_add(&m->base, IM_PATH_GRATICULE);
        p->is_meridian = true;
        p->value = lon;
        im_ring_xf xf = {m->proj, m->mm_per_m, m->frame.x0, m->frame.y1, m->x0, m->y0,
                         THIN_MM, NULL};
        im_path_add_ring(p, xy, k, &xf, false);
    }
    for (double lat = s; lat <= n + 1e-9; lat += step) {
        size_t k = 0;
        for (double lon = w; lon <= e + 1e-9; lon += DENSIFY_DEG) {
            xy = im_xgrow(xy, &cap, 2 * (k + 1), sizeof *xy);
            xy[2 * k] = lon;
            xy[2 * k + 1] = lat;
            k++;
        }
        im_path *p = paths_add(&m->base, IM_PATH_GRATICULE);
        p->value = lat;
        im_ring_xf xf = {m->proj, m->mm_per_m, m->frame.x0, m->frame.y1, m->x0, m->y0,
                         THIN_MM, NULL};
        im_path_add_ring(p, xy, k, &xf, false);
    }
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
    const im_gazetteer *gz = im_ctx_get_gazetteer(m->ctx);
    if (!gz) {
        im_log(m->ctx, IM_LOG_WARN, "no reference cities: %s", im_ctx_last_error(m->ctx));
        im_ctx_clear_error(m->ctx);
        return;
    }
    /* More cities at larger scales: a population threshold from the map scale. */
    double denom = 1000.0 / m->mm_per_m;
    if (denom > 80e6)
        return;   /* at world scale cities are clutter */
    uint64_t min_pop = denom < 6e6 ? 150000 : denom < 15e6 ? 500000 : 1500000;
    /* at continental scales only capitals, and only those of some size */
    bool capitals_only = denom > 35e6;
    uint64_t min_capital = capitals_only ? 1000000 : 0;
    size_t count = im_gazetteer_count(gz), cap = 0;
    for (uint32_t id = 0; id < count; id++) {
        im_place p;
        im_gazetteer_get(gz, id, &p);
        if (p.kind != IM_PLACE_CITY || !p.has_coords)
            continue;
        bool capital = strcmp(p.feature, "PPLC") == 0;
        if (capital ? p.population < min_capital : (capitals_only || p.population < min_pop))
            continue;
        if (p.lon < m->lon_w || p.lon > m->lon_e || p.lat < m->lat_s || p.lat > m->lat_n)
            continue;
        double x, y;
        if (!im_projection_fwd(m->proj, p.lon, p.lat, &x, &y))
            continue;
        im_pt at = map_to_page(m, x, y);
        im_box fb = {m->frame.x0 + 2, m->frame.y0 + 2, m->frame.x1 - 2, m->frame.y1 - 2};
        if (at.x < fb.x0 || at.x > fb.x1 || at.y < fb.y0 || at.y > fb.y1)
            continue;
        m->cities = im_xgrow(m->cities, &cap, m->n_cities + 1, sizeof *m->cities);
        im_city *c = &m->cities[m->n_cities++];
        memset(c, 0, sizeof *c);
        c->at = at;
        c->name = p.name;
        c->capital = capital;
        c->population = p.population;
    }
    /* capitals first, then by size: the first placed keep their spot */
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

/* Unnamed areas (Natural Earth's Baikonur lease, cut out of Kazakhstan, and other
 * scraps) take, part by part, the fill of a focus country around them and get no
 * border of their own. */
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
            q->n = end - start;
            q->ends = im_xmalloc(sizeof *q->ends);
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
            const im_path *f = &m->base.items[j];
            if (f->kind == IM_PATH_FOCUS && f->n && box_inside(ub, path_bbox(f))) {
                u->kind = IM_PATH_FOCUS;
                break;
            }
        }
    }
}

im_status im_basemap_load(im_map *m)
{
    im_status st = IM_OK;
    char *path = m->opts.basemap_path ? im_xstrdup(m->opts.basemap_path)
                                      : im_ctx_data_path(m->ctx, "basemap.gpkg");
    if (!path)
        return IM_ERR_DATA_MISSING;
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!ds) {
        st = im_ctx_fail(m->ctx, IM_ERR_DATA_MISSING, "cannot open basemap '%s': %s", path,
                         CPLGetLastErrorMsg());
        goto done;
    }
    read_layer(m, ds, "countries", IM_PATH_NEIGHBOUR);
    absorb_unnamed(m);
    double denom = 1000.0 / m->mm_per_m;
    if (denom < 30e6)
        read_layer(m, ds, "provinces", IM_PATH_PROVINCE);
    read_layer(m, ds, "disputed", IM_PATH_DISPUTED);
    build_graticule(m);
    if (m->opts.cities)
        build_cities(m);
done:
    if (ds)
        GDALClose(ds);
    CPLPopErrorHandler();
    free(path);
    return st;
}

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

/* Land, and the borders of the muted countries with it: each neighbour's outline is
 * sent once (fill, then stroke of the same path) rather than once per pass, which
 * halves what a PDF carries for them. The graticule and provinces then go over these
 * faint borders, under the focus countries' borders (draw_lines). */
void im_basemap_draw_fills(im_map *m, cairo_t *cr)
{
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    for (int pass = 0; pass < 3; pass++) {
        /* 0: unnamed scraps (fill only), 1: named neighbours (fill and border), 2: focus */
        bool any = false;
        for (size_t i = 0; i < m->base.n; i++) {
            const im_path *p = &m->base.items[i];
            bool want = pass == 2 ? p->kind == IM_PATH_FOCUS
                                  : p->kind == IM_PATH_NEIGHBOUR && named(p) == (pass == 1);
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
}

void im_basemap_draw_lines(im_map *m, cairo_t *cr)
{
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
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
    for (size_t i = 0; i < m->base.n; i++)
        if (m->base.items[i].kind == IM_PATH_FOCUS && m->base.items[i].name &&
            m->base.items[i].name[0])
            add_path(cr, &m->base.items[i], true);
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
    cairo_set_dash(cr, NULL, 0, 0);
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
                if (pass == 0)
                    im_text_draw(cr, l, b.x0, b.y0, 0.42, 0.40, 0.36, 0);
                else
                    im_text_draw(cr, l, b.x0, b.y0, 0.50, 0.50, 0.50, 0);
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
            char text[32];
            if (p->is_meridian) {
                double y = m->frame.y1;
                if ((a.y - y) * (b.y - y) > 0 || a.y == b.y)
                    continue;
                double x = a.x + (b.x - a.x) * (y - a.y) / (b.y - a.y);
                if (x < m->frame.x0 + 3 || x > m->frame.x1 - 3 || fabs(x - last_x) < 8)
                    continue;
                fmt_deg(text, sizeof text, p->value, true);
                PangoLayout *l = im_text_layout(pc, text, NULL, 6.5, false, false);
                double w, h;
                im_text_size(l, &w, &h);
                im_text_draw(cr, l, x - w / 2, y + 0.6, 0.3, 0.35, 0.45, 0);
                g_object_unref(l);
                cairo_move_to(cr, x, y);
                cairo_line_to(cr, x, y + 0.6);
                cairo_set_source_rgb(cr, 0.3, 0.35, 0.45);
                cairo_set_line_width(cr, 0.15);
                cairo_stroke(cr);
                last_x = x;
                break;
            } else {
                double x = m->frame.x0;
                if ((a.x - x) * (b.x - x) > 0 || a.x == b.x)
                    continue;
                double y = a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x);
                if (y < m->frame.y0 + 3 || y > m->frame.y1 - 3 || fabs(y - last_y) < 4)
                    continue;
                fmt_deg(text, sizeof text, p->value, false);
                PangoLayout *l = im_text_layout(pc, text, NULL, 6.5, false, false);
                double w, h;
                im_text_size(l, &w, &h);
                im_text_draw(cr, l, x - w - 0.8, y - h / 2, 0.3, 0.35, 0.45, 0);
                g_object_unref(l);
                cairo_move_to(cr, x, y);
                cairo_line_to(cr, x - 0.6, y);
                cairo_set_source_rgb(cr, 0.3, 0.35, 0.45);
                cairo_set_line_width(cr, 0.15);
                cairo_stroke(cr);
                last_y = y;
                break;
            }
        }
    }
}
