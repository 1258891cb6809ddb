/* The maps of a briefing pack: an overview fitted to every incident and one map per
 * region that has incidents (or the regions asked for), each as PNG and PDF. */
#include "brief.h"
#include "incmap/regions.h"
#include "incmap/render.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Regions drawn automatically, most specific first; a broader one is drawn only
 * for incidents the ones before it do not cover. */
static const char *const auto_regions[] = {"afghanistan", "central-asia", "iran", "europe",
                                           "af-pak", "middle-east", "south-asia", "caucasus",
                                           "russia", "north-america", NULL};

static bool in_region(const im_region *r, const im_incident *inc)
{
    return inc->has_coords && im_region_has_country(r, inc->iso2);
}

static im_status one_map(im_ctx *ctx, const char *dir, const char *file, const char *region,
                         const char *title, const brief_map_opts *o, brief_pack *pack)
{
    im_map_opts mo = IM_MAP_OPTS_INIT;
    im_paper_size(o->paper, o->landscape, &mo.page_w_mm, &mo.page_h_mm);
    mo.region = region;
    mo.title = title;
    mo.banner = o->banner;
    const char *slash = strrchr(pack->source, '/');
    mo.source_name = slash ? slash + 1 : pack->source; /* the report, not this machine's path */
    im_map *map = NULL;
    /* every map gets the whole set: cluster numbers are then the pack's (render.h),
     * the same on every map and in summary.md */
    im_status st = im_map_create(ctx, &mo, pack->incidents, &map);
    if (st == IM_OK)
        im_map_set_links(map, pack->links);
    const char *exts[2] = {"png", "pdf"};
    for (int k = 0; k < 2 && st == IM_OK; k++) {
        char *rel = im_xasprintf("maps/%s.%s", file, exts[k]);
        char *path = im_xasprintf("%s/%s", dir, rel);
        st = map_write_file(ctx, map, path, o->dpi, true);
        if (st == IM_OK)
            brief_list_add(&pack->files, &pack->n_files, rel);
        free(rel);
        free(path);
    }
    im_map_destroy(map);
    return st;
}

im_status brief_write_maps(im_ctx *ctx, const char *dir, const brief_map_opts *o,
                           brief_pack *pack)
{
    char *maps = im_xasprintf("%s/maps", dir);
    mkdir(maps, 0777);
    free(maps);
    const im_incident_set *set = pack->incidents;
    size_t located = 0;
    for (size_t i = 0; i < set->n; i++)
        located += set->items[i].has_coords;
    if (!located)
        return IM_OK;
    char *title = im_xasprintf("Incidents reported in %s", pack->name);
    im_status st = one_map(ctx, dir, "overview", NULL, title, o, pack);
    free(title);
    bool *covered = im_xcalloc(set->n ? set->n : 1, sizeof *covered);
    size_t n_auto = sizeof auto_regions / sizeof auto_regions[0] - 1;
    size_t n = o->regions ? o->n_regions : n_auto;
    for (size_t r = 0; r < n && st == IM_OK; r++) {
        const im_region *reg = im_region_find(o->regions ? o->regions[r] : auto_regions[r]);
        if (!reg)
            continue;
        size_t in = 0, fresh = 0;
        for (size_t i = 0; i < set->n; i++) {
            if (in_region(reg, &set->items[i])) {
                in++;
                fresh += !covered[i];
            }
        }
        if (!in || (!o->regions && !fresh))
            continue;
        for (size_t i = 0; i < set->n; i++)
            if (in_region(reg, &set->items[i]))
                covered[i] = true;
        char *t = im_xasprintf("Incidents in %s", reg->title);
        st = one_map(ctx, dir, reg->name, reg->name, t, o, pack);
        free(t);
    }
    free(covered);
    return st;
}
