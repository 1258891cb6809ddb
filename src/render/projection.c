/* WGS 84 lon/lat to map projections through PROJ (see render.h).
 *
 * Adapts PROJ's error model in one place: every failure is read with
 * proj_context_errno and recorded on the im_ctx. Each im_projection has its own PJ
 * context so maps can be drawn from several threads. This file does not densify or
 * draw; basemap.c densifies before calling im_projection_fwd_array.
 */
#include "incmap/render.h"
#include "incmap/alloc.h"

#include <math.h>
#include <proj.h>
#include <stdlib.h>
#include <string.h>

struct im_projection {
    PJ_CONTEXT *pc;
    PJ *pj;         /* lon/lat degrees (traditional order) → projected metres */
    PJ *geod;       /* the projection's ellipsoid, for geodesic distances */
    PJ *factors;    /* the projection alone (or its projected CRS), for proj_factors */
};

im_status im_projection_create(im_ctx *ctx, const char *definition, im_projection **out)
{
    *out = NULL;
    im_projection *p = im_xcalloc(1, sizeof *p);
    PJ *raw = NULL;
    im_status st = IM_OK;
    p->pc = proj_context_create();
    proj_log_level(p->pc, PJ_LOG_NONE);
    if (strncmp(definition, "+proj=", 6) == 0) {
        /* A PROJ string on WGS 84 or a sphere: lon/lat in degrees go straight into
         * it. The same operation proj_create_crs_to_crs finds, without looking
         * through PROJ's database (tens of milliseconds, ten maps a pack). */
        char *pipeline = im_xasprintf("+proj=pipeline +step +proj=unitconvert +xy_in=deg "
                                      "+xy_out=rad +step %s", definition);
        raw = proj_create(p->pc, pipeline);
        free(pipeline);
    } else {
        raw = proj_create_crs_to_crs(p->pc, "EPSG:4326", definition, NULL);
    }
    if (!raw) {
        st = im_ctx_fail(ctx, IM_ERR_PROJ, "cannot build projection '%s': %s", definition,
                         proj_context_errno_string(p->pc, proj_context_errno(p->pc)));
        goto done;
    }
    if (strncmp(definition, "+proj=", 6) == 0) {
        p->pj = raw;   /* already lon, lat order */
        raw = NULL;
    } else {
        p->pj = proj_normalize_for_visualization(p->pc, raw);
    }
    if (!p->pj) {
        st = im_ctx_fail(ctx, IM_ERR_PROJ, "cannot normalise projection '%s'", definition);
        goto done;
    }
    p->geod = proj_create(p->pc, "+proj=longlat +datum=WGS84 +no_defs");
    if (!p->geod) {
        st = im_ctx_fail(ctx, IM_ERR_PROJ, "cannot build the WGS 84 ellipsoid");
        goto done;
    }
    p->factors = proj_create(p->pc, definition);
    *out = p;
    p = NULL;
done:
    if (raw)
        proj_destroy(raw);
    im_projection_destroy(p);
    return st;
}

void im_projection_destroy(im_projection *p)
{
    if (!p)
        return;
    if (p->geod)
        proj_destroy(p->geod);
    if (p->factors)
        proj_destroy(p->factors);
    if (p->pj)
        proj_destroy(p->pj);
    proj_context_destroy(p->pc);
    free(p);
}

/* One transformation either way; false when PROJ gives no finite answer. */
static bool transform(const im_projection *p, PJ_DIRECTION dir, double a, double b,
                      double *u, double *v)
{
    PJ_COORD c = proj_trans(p->pj, dir, proj_coord(a, b, 0, 0));
    if (!isfinite(c.v[0]) || !isfinite(c.v[1]) || c.v[0] == HUGE_VAL)
        return false;
    *u = c.v[0];
    *v = c.v[1];
    return true;
}

bool im_projection_fwd(const im_projection *p, double lon, double lat, double *x, double *y)
{
    return transform(p, PJ_FWD, lon, lat, x, y);
}

bool im_projection_inv(const im_projection *p, double x, double y, double *lon, double *lat)
{
    return transform(p, PJ_INV, x, y, lon, lat);
}

void im_projection_fwd_array(const im_projection *p, double *xy, size_t n)
{
    if (n == 0)
        return;
    proj_trans_generic(p->pj, PJ_FWD, xy, 2 * sizeof(double), n, xy + 1,
                       2 * sizeof(double), n, NULL, 0, 0, NULL, 0, 0);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(xy[2 * i]) || !isfinite(xy[2 * i + 1])) {
            xy[2 * i] = HUGE_VAL;
            xy[2 * i + 1] = HUGE_VAL;
        }
}

double im_projection_parallel_scale(const im_projection *p, double lon, double lat)
{
    /* proj_factors wants the projection itself (a bare "+proj=" conversion or a
     * projected CRS) and radians, not the lon/lat-degree pipeline used for drawing. */
    if (p->factors) {
        PJ_COORD c = proj_coord(proj_torad(lon), proj_torad(lat), 0, 0);
        PJ_FACTORS f = proj_factors(p->factors, c);
        if (!proj_errno(p->factors) && f.parallel_scale > 0)
            return f.parallel_scale;
        proj_errno_reset(p->factors);
    }
    /* PROJ 9.1 cannot take factors of some CRSs (EPSG:3035): differentiate along
     * the parallel ourselves, projected length over geodesic length. */
    const double d = 0.01;
    double x1, y1, x2, y2;
    if (!im_projection_fwd(p, lon - d, lat, &x1, &y1) ||
        !im_projection_fwd(p, lon + d, lat, &x2, &y2))
        return 0;
    double ground = im_projection_geodesic(p, lon - d, lat, lon + d, lat);
    return ground > 0 ? hypot(x2 - x1, y2 - y1) / ground : 0;
}

double im_projection_geodesic(const im_projection *p, double lon1, double lat1, double lon2,
                              double lat2)
{
    PJ_COORD a = proj_coord(proj_torad(lon1), proj_torad(lat1), 0, 0);
    PJ_COORD b = proj_coord(proj_torad(lon2), proj_torad(lat2), 0, 0);
    return proj_lp_dist(p->geod, a, b);
}

bool im_projection_envelope(const im_projection *p, double west, double south, double east,
                            double north, double env[4])
{
    env[0] = env[1] = HUGE_VAL;
    env[2] = env[3] = -HUGE_VAL;
    const int steps = 64;
    for (int side = 0; side < 4; side++)
        for (int i = 0; i <= steps; i++) {
            double t = (double)i / steps, lon, lat, x, y;
            switch (side) {
            case 0: lon = west + t * (east - west); lat = south; break;
            case 1: lon = west + t * (east - west); lat = north; break;
            case 2: lon = west; lat = south + t * (north - south); break;
            default: lon = east; lat = south + t * (north - south); break;
            }
            if (!im_projection_fwd(p, lon, lat, &x, &y))
                continue;
            env[0] = fmin(env[0], x);
            env[1] = fmin(env[1], y);
            env[2] = fmax(env[2], x);
            env[3] = fmax(env[3], y);
        }
    return env[0] < env[2] && env[1] < env[3];
}
