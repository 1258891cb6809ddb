/* The maps of a briefing pack: an overview fitted to every incident and one map per
 * region that has incidents (or the regions asked for), each as PNG and PDF. The
 * maps are planned here, in order, and drawn by worker processes (worker_pool.h),
 * one map per job, which start while the caller goes on to write the layers and
 * share with it nothing but what was loaded before they started. */
#include "brief.h"
#include "incmap/gazetteer.h"
#include "incmap/regions.h"
#include "incmap/render.h"
#include "worker_pool.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Regions drawn automatically, most specific first; a broader one is drawn only
 * for incidents the ones before it do not cover. */
static const char *const auto_regions[] = {"afghanistan", "central-asia", "iran", "europe",
                                           "af-pak", "middle-east", "south-asia", "caucasus",
                                           "russia", "north-america", NULL};

typedef struct map_plan {
    const char *file;     /* maps/<file>.png and .pdf */
    im_area *area;        /* the region (owned); NULL: the overview */
    char *title;
    double cost;          /* a guess at the work: the extent's area, km² */
} map_plan;

typedef struct map_jobs {
    im_ctx *ctx;
    const char *dir;
    const brief_map_opts *opts;
    const brief_pack *pack;
    map_plan *plans;
    size_t n, drawn;
} map_jobs;

/* The region's incidents as the summary counts them (country and province codes as
 * the geoparser set them; polygons for a region file). */
static bool in_region(const im_area *a, const im_incident *inc)
{
    return inc->has_coords &&
           im_area_has(a, inc->iso2, inc->admin1, inc->longitude, inc->latitude, true);
}

static void plan_add(map_jobs *j, im_area *area, char *title)
{
    double cost = 1e12; /* the overview: the widest */
    if (area) {
        const im_region *region = &area->region;
        double mid = (region->south + region->north) / 2 * 3.14159265358979 / 180;
        cost = (region->east - region->west) * 111.32 * cos(mid) *
               (region->north - region->south) * 110.57;
    }
    j->plans = im_xreallocarray(j->plans, j->n + 1, sizeof *j->plans);
    j->plans[j->n++] = (map_plan){area ? area->name : "overview", area, title, cost};
}

/* A region of --regions or of the automatic list: a name (any region, country or
 * province) or a polygon file. NULL (with the context's error) when it is neither. */
static im_area *resolve_area(im_ctx *ctx, const char *text)
{
    im_area *a = im_xcalloc(1, sizeof *a);
    im_status st = brief_is_region_file(text) ? im_area_from_file(ctx, text, a)
                                              : im_area_resolve(ctx, text, NULL, a);
    if (st != IM_OK) {
        im_area_clear(a);
        free(a);
        return NULL;
    }
    if (a->kind != IM_AREA_REGION) {
        a->region.name = a->name;
        a->region.title = a->title;
        a->region.countries = a->countries;
        a->region.admin1 = a->admin1[0] ? a->admin1 : NULL;
    } else {
        snprintf(a->name, sizeof a->name, "%s", a->region.name);
    }
    return a;
}

bool brief_is_region_file(const char *text)
{
    const char *dot = strrchr(text, '.');
    return strchr(text, '/') ||
           (dot && (!strcasecmp(dot, ".geojson") || !strcasecmp(dot, ".json") ||
                    !strcasecmp(dot, ".gpkg") || !strcasecmp(dot, ".shp") ||
                    !strcasecmp(dot, ".kml") || !strcasecmp(dot, ".fgb")));
}

/* Costliest first, so that no long map is left to run alone at the end. */
static int by_cost(const void *a, const void *b)
{
    const map_plan *x = a, *y = b;
    return x->cost > y->cost ? -1 : x->cost < y->cost;
}

/* The overview, then each region with incidents: asked-for regions as asked, the
 * automatic ones only where they show incidents no earlier map covered. */
static void plan_maps(map_jobs *j)
{
    const im_incident_set *set = j->pack->incidents;
    const brief_map_opts *o = j->opts;
    plan_add(j, NULL, im_xasprintf("Incidents reported in %s", j->pack->name));
    bool *covered = im_xcalloc(set->n ? set->n : 1, sizeof *covered);
    size_t n_auto = sizeof auto_regions / sizeof auto_regions[0] - 1;
    size_t n = o->regions ? o->n_regions : n_auto;
    for (size_t r = 0; r < n; r++) {
        im_area *reg = resolve_area(j->ctx, o->regions ? o->regions[r] : auto_regions[r]);
        if (!reg)
            continue; /* checked by the command before: cannot happen for its names */
        size_t in = 0, fresh = 0;
        for (size_t i = 0; i < set->n; i++) {
            if (in_region(reg, &set->items[i])) {
                in++;
                fresh += !covered[i];
            }
        }
        if (!in || (!o->regions && !fresh)) {
            im_area_clear(reg);
            free(reg);
            continue;
        }
        for (size_t i = 0; i < set->n; i++)
            if (in_region(reg, &set->items[i]))
                covered[i] = true;
        plan_add(j, reg, im_xasprintf("Incidents in %s", reg->region.title));
    }
    free(covered);
    qsort(j->plans, j->n, sizeof *j->plans, by_cost);
}

/* One map, PNG and PDF (in a worker process). */
static bool draw_map(size_t i, void *arg, char *err, size_t err_len)
{
    map_jobs *j = arg;
    const map_plan *plan = &j->plans[i];
    const brief_map_opts *o = j->opts;
    im_map_opts mo = IM_MAP_OPTS_INIT;
    im_paper_size(o->paper, o->landscape, &mo.page_w_mm, &mo.page_h_mm);
    mo.area = plan->area;
    mo.title = plan->title;
    mo.banner = o->banner;
    const char *slash = strrchr(j->pack->source, '/');
    mo.source_name = slash ? slash + 1 : j->pack->source; /* the report, not this machine's path */
    im_map *map = NULL;
    /* every map gets the whole set: cluster numbers are then the pack's (render.h),
     * the same on every map and in summary.md */
    im_status st = im_map_create(j->ctx, &mo, j->pack->incidents, &map);
    if (st == IM_OK)
        im_map_set_links(map, j->pack->links);
    char *png = im_xasprintf("%s/maps/%s.png", j->dir, plan->file);
    char *pdf = im_xasprintf("%s/maps/%s.pdf", j->dir, plan->file);
    const char *paths[2] = {png, pdf};
    if (st == IM_OK)
        st = map_write_files(j->ctx, map, paths, 2, o->dpi, true);
    free(png);
    free(pdf);
    im_map_destroy(map);
    if (st != IM_OK)
        snprintf(err, err_len, "%s", im_ctx_last_error(j->ctx));
    return st == IM_OK;
}

static void map_drawn(size_t i, void *arg)
{
    map_jobs *j = arg;
    j->drawn++;
    if (j->opts->progress)
        fprintf(stderr, "incmap: brief: %s: map %zu of %zu (%s)\n", j->pack->name, j->drawn,
                j->n, j->plans[i].file);
}

struct brief_maps {
    map_jobs jobs;
    worker_pool *pool;
};

brief_maps *brief_maps_start(im_ctx *ctx, const char *dir, const brief_map_opts *o,
                             const brief_pack *pack)
{
    char *maps = im_xasprintf("%s/maps", dir);
    mkdir(maps, 0777);
    free(maps);
    brief_maps *bm = im_xcalloc(1, sizeof *bm);
    bm->jobs = (map_jobs){ctx, dir, o, pack, NULL, 0, 0};
    const im_incident_set *set = pack->incidents;
    size_t located = 0;
    for (size_t i = 0; i < set->n; i++)
        located += set->items[i].has_coords;
    if (!located)
        return bm;   /* nothing to draw */
    plan_maps(&bm->jobs);
    if (o->jobs > 1 && bm->jobs.n > 1)
        im_render_prepare(ctx); /* once here, not once per worker */
    /* the look-ups are done (maps keep their reference cities): the pages the
     * geoparser read need not stay resident while the maps are drawn */
    im_gazetteer_release_pages(im_ctx_get_gazetteer(ctx));
    bm->pool = worker_pool_start(bm->jobs.n, o->jobs, draw_map, &bm->jobs);
    return bm;
}

static void brief_maps_free(brief_maps *bm)
{
    for (size_t i = 0; i < bm->jobs.n; i++) {
        free(bm->jobs.plans[i].title);
        im_area_clear(bm->jobs.plans[i].area);
        free(bm->jobs.plans[i].area);
    }
    free(bm->jobs.plans);
    free(bm);
}

im_status brief_maps_finish(brief_maps *bm)
{
    map_jobs *j = &bm->jobs;
    size_t failed = 0;
    char err[480];
    im_status st = IM_OK;
    if (j->n && !bm->pool)
        st = im_ctx_fail(j->ctx, IM_ERR_RENDER, "no memory to plan the maps");
    else if (j->n && !worker_pool_finish(bm->pool, map_drawn, &failed, err, sizeof err))
        st = im_ctx_fail(j->ctx, IM_ERR_RENDER, "map '%s': %s", j->plans[failed].file, err);
    brief_maps_free(bm);
    return st;
}

void brief_maps_cancel(brief_maps *bm)
{
    if (!bm)
        return;
    worker_pool_cancel(bm->pool);
    brief_maps_free(bm);
}
