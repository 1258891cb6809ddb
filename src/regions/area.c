/* Regions the user names (see regions.h): a region of the table, any country, any
 * province, or the polygons of a file, resolved into an im_area whose `region` member
 * frames a map like a table region. Extents of countries and provinces are their
 * outlines' bounds in the basemap with a margin; membership is by country code and
 * province (as the geoparser coded the incident), or point in polygon for a file. */
#include "incmap/regions.h"
#include "incmap/alloc.h"
#include "incmap/filter.h"
#include "incmap/fold.h"
#include "incmap/gazetteer.h"

#include <ctype.h>
#include <gdal.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* "Khyber Pakhtunkhwa" → "khyber-pakhtunkhwa": a name fit for a file. */
static void slug(const char *s, char *out, size_t len)
{
    size_t o = 0;
    bool dash = false;
    for (; *s && o + 2 < len; s++) {
        unsigned char c = (unsigned char)*s;
        if (isalnum(c)) {
            if (dash && o)
                out[o++] = '-';
            out[o++] = (char)tolower(c);
            dash = false;
        } else {
            dash = true;
        }
    }
    out[o] = '\0';
    if (!o)
        snprintf(out, len, "region");
}

static void point_region(im_area *a)
{
    a->region.name = a->name;
    a->region.title = a->title;
    a->region.countries = a->countries;
    a->region.admin1 = a->admin1[0] ? a->admin1 : NULL;
    a->region.proj = NULL;
}

/* The bounds of the basemap's polygons whose `key_field` is one of `keys`, with a
 * margin of a tenth of the span (at least half a degree). */
static im_status outline_extent(im_ctx *ctx, const char *layer, const char *key_field,
                                const char *const *keys, size_t n, im_area *a)
{
    char *path = im_ctx_data_path(ctx, "basemap.gpkg");
    if (!path)
        return IM_ERR_DATA_MISSING;
    im_polyset *ps = NULL;
    im_status st = im_polyset_load(ctx, path, layer, key_field, keys, n, &ps);
    free(path);
    if (st != IM_OK)
        return st;
    double b[4];
    bool ok = im_polyset_bounds(ps, b);
    im_polyset_destroy(ps);
    if (!ok)
        return im_ctx_fail(ctx, IM_ERR_DATA, "the basemap has no outline for '%s'", a->title);
    if (b[2] - b[0] > 300) {
        /* across the antimeridian (Russia, Fiji): the table's or the world's frame */
        b[0] = -180;
        b[2] = 180;
    }
    double mx = fmax(0.5, (b[2] - b[0]) * 0.1), my = fmax(0.5, (b[3] - b[1]) * 0.1);
    a->region.west = fmax(-180, b[0] - mx);
    a->region.east = fmin(180, b[2] + mx);
    a->region.south = fmax(-85, b[1] - my);
    a->region.north = fmin(85, b[3] + my);
    return IM_OK;
}

static void add_key(im_area *a, const im_place *p)
{
    if (a->n_admin1 >= IM_AREA_MAX_ADMIN1)
        return;
    char key[IM_FOLD_MAX];
    im_fold(p->name, strlen(p->name), key, NULL);
    size_t n = strlen(key);
    if (n >= sizeof a->admin1_key[0])
        n = sizeof a->admin1_key[0] - 1;
    memcpy(a->admin1_key[a->n_admin1], key, n);
    a->admin1_key[a->n_admin1][n] = '\0';
    memcpy(a->admin1_iso2[a->n_admin1], p->iso2, 3);
    a->n_admin1++;
}

/* The names of a table region's extra provinces (the caucasus's North Caucasus). */
static im_status table_provinces(im_ctx *ctx, im_area *a)
{
    const im_gazetteer *gz = im_ctx_get_gazetteer(ctx);
    if (!gz)
        return IM_ERR_DATA_MISSING;
    size_t total = im_gazetteer_count(gz);
    for (uint32_t id = 0; id < total; id++) {
        im_place p;
        im_gazetteer_get(gz, id, &p);
        if (p.kind == IM_PLACE_ADMIN1 && p.code && im_region_has_admin1(&a->region, p.code))
            add_key(a, &p);
    }
    return IM_OK;
}

im_status im_area_resolve(im_ctx *ctx, const char *text, const char *within, im_area *a)
{
    memset(a, 0, sizeof *a);
    const im_region *r = im_region_find(text);
    if (r) {
        a->kind = IM_AREA_REGION;
        a->region = *r;
        return r->admin1 ? table_provinces(ctx, a) : IM_OK;
    }
    im_country_names *names = NULL;
    im_status st = im_country_names_load(ctx, &names);
    if (st != IM_OK)
        return st;
    char iso2[3];
    if (im_country_names_find(names, text, iso2)) {
        a->kind = IM_AREA_COUNTRY;
        const char *t = im_country_names_title(names, iso2);
        snprintf(a->title, sizeof a->title, "%s", t ? t : iso2);
        snprintf(a->countries, sizeof a->countries, "%s", iso2);
        slug(a->title, a->name, sizeof a->name);
        im_country_names_destroy(names);
        point_region(a);
        const char *keys[1] = {iso2};
        return outline_extent(ctx, "countries", "iso2", keys, 1, a);
    }
    im_country_names_destroy(names);
    im_admin1_match m;
    st = im_admin1_resolve(ctx, text, within, &m);
    if (st != IM_OK) {
        if (st == IM_ERR_USAGE_VALUE && !strstr(im_ctx_last_error(ctx), "countries ("))
            return im_ctx_fail(ctx, IM_ERR_USAGE_VALUE,
                               "'%s' is not a region, country or province (see 'incmap "
                               "regions')", text);
        return st;
    }
    const im_gazetteer *gz = im_ctx_get_gazetteer(ctx);
    im_place p;
    im_gazetteer_get(gz, m.id[0], &p);
    a->kind = IM_AREA_ADMIN1;
    snprintf(a->title, sizeof a->title, "%s", p.name);
    snprintf(a->countries, sizeof a->countries, "%s", m.iso2[0]);
    const char *keys[IM_AREA_MAX_ADMIN1];
    for (size_t i = 0; i < m.n; i++) {
        size_t len = strlen(a->admin1);
        snprintf(a->admin1 + len, sizeof a->admin1 - len, "%s%s", len ? " " : "", m.code[i]);
        keys[i] = m.code[i];
        im_gazetteer_get(gz, m.id[i], &p);
        add_key(a, &p);
    }
    slug(a->title, a->name, sizeof a->name);
    point_region(a);
    return outline_extent(ctx, "provinces", "code", keys, m.n, a);
}

im_status im_area_from_file(im_ctx *ctx, const char *path, im_area *a)
{
    memset(a, 0, sizeof *a);
    a->kind = IM_AREA_FILE;
    snprintf(a->path, sizeof a->path, "%s", path);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    snprintf(a->title, sizeof a->title, "%s", base);
    char *dot = strrchr(a->title, '.');
    if (dot && dot != a->title)
        *dot = '\0';
    slug(a->title, a->name, sizeof a->name);
    a->countries[0] = '\0';
    point_region(a);
    GDALAllRegister();
    im_status st = im_polyset_load(ctx, path, NULL, NULL, NULL, 0, &a->polys);
    if (st != IM_OK)
        return st;
    double b[4];
    if (!im_polyset_bounds(a->polys, b)) {
        im_area_clear(a);
        return im_ctx_fail(ctx, IM_ERR_INPUT, "'%s' has no polygon", path);
    }
    double mx = fmax(0.25, (b[2] - b[0]) * 0.1), my = fmax(0.25, (b[3] - b[1]) * 0.1);
    a->region.west = fmax(-180, b[0] - mx);
    a->region.east = fmin(180, b[2] + mx);
    a->region.south = fmax(-85, b[1] - my);
    a->region.north = fmin(85, b[3] + my);
    return IM_OK;
}

void im_area_clear(im_area *a)
{
    if (!a)
        return;
    im_polyset_destroy(a->polys);
    a->polys = NULL;
}

/* Is `admin1_name` (as the geoparser wrote it, the gazetteer's name) one of the
 * area's provinces? */
static bool admin1_named(const im_area *a, const char *iso2, const char *admin1_name)
{
    if (!admin1_name || !admin1_name[0] || !iso2 || !a->n_admin1)
        return false;
    char key[IM_FOLD_MAX];
    im_fold(admin1_name, strlen(admin1_name), key, NULL);
    for (size_t i = 0; i < a->n_admin1; i++)
        if (!strcasecmp(iso2, a->admin1_iso2[i]) && !strcmp(key, a->admin1_key[i]))
            return true;
    return false;
}

bool im_area_has(const im_area *a, const char *iso2, const char *admin1_name, double lon,
                 double lat, bool has_coords)
{
    switch (a->kind) {
    case IM_AREA_FILE:
        return has_coords && a->polys && im_polyset_locate(a->polys, lon, lat, 0) >= 0;
    case IM_AREA_ADMIN1:
        return admin1_named(a, iso2, admin1_name);
    default:
        return (iso2 && im_region_has_country(&a->region, iso2)) ||
               admin1_named(a, iso2, admin1_name);
    }
}
