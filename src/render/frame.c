/* What a map frames and counts. A regional map is about its region's incidents: they
 * are counted (as the summary counts them), the frame fits them with the region around
 * them as context, and other incidents that fall in the frame are drawn muted and not
 * counted. A map fitted to its data ignores a few far-off outliers (a namesake placed
 * on another continent), which the margin names instead. Incidents placed only at
 * country or province level are never drawn as points at the capital: the margin
 * lists them. */
#include "render_private.h"
#include "incmap/alloc.h"
#include "incmap/filter.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool im_incident_coarse(const im_incident *inc)
{
    if (!inc->has_coords || inc->geo_prec < 3)
        return false;
    /* known only to its province or country: the place is that unit itself (a layer
       without geo_prec reads as 3, so a named town is taken at its word) */
    const char *loc = inc->location ? inc->location : "";
    if (!loc[0])
        return true;
    if (inc->country && inc->country[0] && !strcasecmp(loc, inc->country))
        return true;
    size_t n = inc->admin1 ? strlen(inc->admin1) : 0;
    return n && !strncasecmp(loc, inc->admin1, n) && (loc[n] == '\0' || loc[n] == ' ');
}

/* Incidents without a country code (layers from elsewhere) are placed by the outlines
 * of the area's countries or provinces. */
static im_polyset *area_outlines(im_map *m)
{
    const im_area *a = &m->area;
    char *path = im_ctx_data_path(m->ctx, "basemap.gpkg");
    if (!path)
        return NULL;
    char buf[800];
    const char *keys[128];
    size_t n = 0;
    bool provinces = a->kind == IM_AREA_ADMIN1;
    snprintf(buf, sizeof buf, "%s", provinces ? a->admin1 : a->region.countries);
    for (char *t = strtok(buf, " "); t && n < 128; t = strtok(NULL, " "))
        keys[n++] = t;
    im_polyset *ps = NULL;
    if (n)
        im_polyset_load(m->ctx, path, provinces ? "provinces" : "countries",
                        provinces ? "code" : "iso2", keys, n, &ps);
    free(path);
    return ps;
}

im_status im_frame_area(im_map *m)
{
    const im_map_opts *o = &m->opts;
    if (o->area) {
        m->area = *o->area;
        if (m->area.kind != IM_AREA_REGION) {
            m->area.region.name = m->area.name;
            m->area.region.title = m->area.title;
            m->area.region.countries = m->area.countries;
            m->area.region.admin1 = m->area.admin1[0] ? m->area.admin1 : NULL;
        }
        m->has_area = true; /* its polygons stay the caller's */
    } else if (o->region) {
        if (im_area_resolve(m->ctx, o->region, NULL, &m->area) != IM_OK) {
            char why[400];
            snprintf(why, sizeof why, "%s", im_ctx_last_error(m->ctx));
            return im_ctx_fail(m->ctx, IM_ERR_USAGE_VALUE, "unknown region: %s", why);
        }
        m->has_area = m->owns_area = true;
    }
    size_t n = m->incidents->n;
    m->in_area = im_xcalloc(n ? n : 1, sizeof *m->in_area);
    im_polyset *outlines = NULL;
    bool tried = false;
    bool world = m->has_area && m->area.kind == IM_AREA_REGION &&
                 !strcmp(m->area.region.countries, "*");
    for (size_t i = 0; i < n; i++) {
        const im_incident *inc = &m->incidents->items[i];
        if (!m->has_area || world) {
            m->in_area[i] = true;
        } else if (!inc->iso2[0] && m->area.kind != IM_AREA_FILE) {
            if (!tried) {
                outlines = area_outlines(m);
                tried = true;
            }
            m->in_area[i] = outlines && inc->has_coords &&
                            im_polyset_locate(outlines, inc->longitude, inc->latitude, 5) >= 0;
        } else {
            m->in_area[i] = im_area_has(&m->area, inc->iso2, inc->admin1, inc->longitude,
                                        inc->latitude, inc->has_coords);
        }
        m->stats.in_region += m->has_area && m->in_area[i];
    }
    im_polyset_destroy(outlines);
    if (m->has_area)
        m->region = &m->area.region;
    return IM_OK;
}

/* Pad a lon/lat box by a share of its span, with a floor, and give it a least size
 * so a single incident still shows its surroundings. */
static void pad_box(double ll[4], double share, double min_lon, double min_lat)
{
    double pw = fmax(1.0, (ll[2] - ll[0]) * share), ph = fmax(0.8, (ll[3] - ll[1]) * share);
    ll[0] -= pw;
    ll[2] += pw;
    ll[1] -= ph;
    ll[3] += ph;
    double cx = (ll[0] + ll[2]) / 2, cy = (ll[1] + ll[3]) / 2;
    if (ll[2] - ll[0] < min_lon) {
        ll[0] = cx - min_lon / 2;
        ll[2] = cx + min_lon / 2;
    }
    if (ll[3] - ll[1] < min_lat) {
        ll[1] = cy - min_lat / 2;
        ll[3] = cy + min_lat / 2;
    }
    ll[1] = fmax(-85, ll[1]);
    ll[3] = fmin(85, ll[3]);
}

bool im_frame_region_fit(im_map *m, double ll[4])
{
    if (!m->has_area || !strcmp(m->region->countries, "*"))
        return false;
    double w = 1e9, s = 1e9, e = -1e9, n = -1e9;
    const im_incident_set *set = m->incidents;
    for (size_t i = 0; i < set->n; i++) {
        const im_incident *inc = &set->items[i];
        /* a country- or province-level incident sits at the capital: it says nothing
           about where the region's incidents are */
        if (!inc->has_coords || !m->in_area[i] || im_incident_coarse(inc))
            continue;
        double lon = inc->longitude;
        if (m->region->east > 180 && lon < m->region->west)
            lon += 360; /* a region across the antimeridian (Russia's Chukotka) */
        w = fmin(w, lon);
        e = fmax(e, lon);
        s = fmin(s, inc->latitude);
        n = fmax(n, inc->latitude);
    }
    if (w > e)
        return false;
    double box[4] = {w, s, e, n};
    pad_box(box, 0.25, 5.0, 3.5);
    const im_region *r = m->region;
    /* the fit would show most of the region anyway: the region's own frame */
    if (box[2] - box[0] >= 0.7 * (r->east - r->west) && box[3] - box[1] >= 0.7 * (r->north - r->south))
        return false;
    memcpy(ll, box, sizeof box);
    return true;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Great-circle distance in km on a sphere. */
static double km_between(double lon1, double lat1, double lon2, double lat2)
{
    const double r = M_PI / 180;
    double dlat = (lat2 - lat1) * r, dlon = (lon2 - lon1) * r;
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * r) * cos(lat2 * r) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * 6371.0 * asin(fmin(1.0, sqrt(a)));
}

bool im_frame_robust_fit(im_map *m, double ll[4])
{
    const im_incident_set *set = m->incidents;
    size_t n = 0, precise = 0;
    for (size_t i = 0; i < set->n; i++)
        precise += set->items[i].has_coords && !im_incident_coarse(&set->items[i]);
    /* capitals standing for whole countries frame nothing, unless nothing else does */
#define FITS(inc) ((inc)->has_coords && (!precise || !im_incident_coarse(inc)))
    double *lon = im_xcalloc(set->n ? set->n : 1, sizeof *lon);
    double *lat = im_xcalloc(set->n ? set->n : 1, sizeof *lat);
    for (size_t i = 0; i < set->n; i++)
        if (FITS(&set->items[i])) {
            lon[n] = set->items[i].longitude;
            lat[n] = set->items[i].latitude;
            n++;
        }
    if (!n) {
        free(lon);
        free(lat);
        return false;
    }
    /* the centre: the component-wise median, which one far point cannot move */
    double *tmp = im_xcalloc(n, sizeof *tmp), *dist = im_xcalloc(set->n ? set->n : 1,
                                                                   sizeof *dist);
    memcpy(tmp, lon, n * sizeof *tmp);
    qsort(tmp, n, sizeof *tmp, cmp_double);
    double clon = tmp[n / 2];
    memcpy(tmp, lat, n * sizeof *tmp);
    qsort(tmp, n, sizeof *tmp, cmp_double);
    double clat = tmp[n / 2];
    for (size_t k = 0; k < n; k++)
        tmp[k] = km_between(clon, clat, lon[k], lat[k]);
    qsort(tmp, n, sizeof *tmp, cmp_double);
    double q3 = tmp[(3 * n) / 4];
    /* far beyond where the bulk lies: more than 2,000 km and four times the distance
       within which three quarters of the incidents fall */
    double limit = fmax(2000.0, 4.0 * q3);
    size_t far = 0;
    for (size_t i = 0; i < set->n; i++) {
        const im_incident *inc = &set->items[i];
        dist[i] = FITS(inc) ? km_between(clon, clat, inc->longitude, inc->latitude) : 0;
        far += dist[i] > limit;
    }
    /* outliers are few: at most one in ten (and at least three points to judge by) */
    bool drop = n >= 3 && far > 0 && far * 10 <= n;
    double w = 1e9, s = 1e9, e = -1e9, nn = -1e9;
    for (size_t i = 0; i < set->n; i++) {
        const im_incident *inc = &set->items[i];
        if (!FITS(inc))
            continue;
        if (drop && dist[i] > limit) {
            m->outliers = im_xreallocarray(m->outliers, m->n_outliers + 1, sizeof *m->outliers);
            m->outliers[m->n_outliers++] = i;
            continue;
        }
        w = fmin(w, inc->longitude);
        e = fmax(e, inc->longitude);
        s = fmin(s, inc->latitude);
        nn = fmax(nn, inc->latitude);
    }
#undef FITS
    m->stats.outliers = m->n_outliers;
    free(tmp);
    free(dist);
    free(lon);
    free(lat);
    double pw = fmax(2.0, (e - w) * 0.12), ps = fmax(1.5, (nn - s) * 0.12);
    ll[0] = w - pw;
    ll[2] = e + pw;
    ll[1] = fmax(-85, s - ps);
    ll[3] = fmin(85, nn + ps);
    return true;
}

/* "Pakistan (2), Balochistan" for incidents placed at country or province level, and
 * the names of outliers left out of the frame; "" when none. */
char *im_frame_notes(const im_map *m)
{
    char coarse[600] = "", far[400] = "";
    size_t len = 0, shown = 0;
    for (size_t k = 0; k < m->n_coarse; k++) {
        const im_incident *inc = &m->incidents->items[m->coarse[k]];
        const char *name = inc->location && inc->location[0] ? inc->location
                           : inc->admin1 && inc->admin1[0] ? inc->admin1
                           : inc->country ? inc->country : "?";
        if (strstr(coarse, name))
            continue; /* named once; the count says how many */
        size_t same = 0;
        for (size_t j = 0; j < m->n_coarse; j++) {
            const im_incident *o = &m->incidents->items[m->coarse[j]];
            const char *on = o->location && o->location[0] ? o->location
                             : o->admin1 && o->admin1[0] ? o->admin1
                             : o->country ? o->country : "?";
            same += !strcmp(on, name);
        }
        if (len + strlen(name) + 16 >= sizeof coarse - 40)
            break;
        len += (size_t)snprintf(coarse + len, sizeof coarse - len, "%s%s", shown ? ", " : "",
                                name);
        if (same > 1)
            len += (size_t)snprintf(coarse + len, sizeof coarse - len, " (%zu)", same);
        shown++;
    }
    len = 0;
    for (size_t k = 0; k < m->n_outliers && len + 80 < sizeof far; k++) {
        const im_incident *inc = &m->incidents->items[m->outliers[k]];
        len += (size_t)snprintf(far + len, sizeof far - len, "%s%s%s%s%s", k ? ", " : "",
                                inc->location && inc->location[0] ? inc->location : "?",
                                inc->country && inc->country[0] ? " (" : "",
                                inc->country && inc->country[0] ? inc->country : "",
                                inc->country && inc->country[0] ? ")" : "");
    }
    char *a = m->n_coarse ? im_xasprintf("Placed at country/province level only, not shown "
                                         "as points (%zu): %s.\n", m->n_coarse, coarse)
                          : im_xstrdup("");
    char *b = m->n_outliers ? im_xasprintf("Outside the frame, far from the others (%zu): "
                                           "%s.\n", m->n_outliers, far)
                            : im_xstrdup("");
    char *out = im_xasprintf("%s%s", a, b);
    free(a);
    free(b);
    return out;
}

void im_frame_clear(im_map *m)
{
    if (m->owns_area)
        im_area_clear(&m->area);
    free(m->in_area);
    free(m->coarse);
    free(m->outliers);
}
