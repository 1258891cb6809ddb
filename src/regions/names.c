/* Countries and provinces by any of their names (see regions.h): what a user types for
 * --country, --admin1 or --region, and what a data file writes in its country column
 * ("PAK", "Pakistan", "Democratic Republic of Congo"), turned into ISO2 codes and
 * gazetteer provinces. ISO3 codes and Natural Earth's names come from the basemap's
 * countries layer; every other name from the gazetteer's names and alternate names. */
#include "incmap/regions.h"
#include "incmap/alloc.h"
#include "incmap/fold.h"
#include "incmap/gazetteer.h"

#include <ctype.h>
#include <gdal.h>
#include <ogr_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct country_row {
    char iso2[3], iso3[4];
    char key[IM_FOLD_MAX], key_long[IM_FOLD_MAX];
    char *title;
} country_row;

struct im_country_names {
    country_row *rows;
    size_t n;
    const im_gazetteer *gz;
};

static void fold_into(const char *s, char out[IM_FOLD_MAX])
{
    im_fold(s, strlen(s), out, NULL);
}

im_status im_country_names_load(im_ctx *ctx, im_country_names **out)
{
    *out = NULL;
    const im_gazetteer *gz = im_ctx_get_gazetteer(ctx);
    if (!gz)
        return IM_ERR_DATA_MISSING;
    char *path = im_ctx_data_path(ctx, "basemap.gpkg");
    if (!path)
        return IM_ERR_DATA_MISSING;
    GDALAllRegister();
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    OGRLayerH l = ds ? GDALDatasetGetLayerByName(ds, "countries") : NULL;
    if (!l) {
        if (ds)
            GDALClose(ds);
        im_status st = im_ctx_fail(ctx, IM_ERR_DATA_CORRUPT,
                                   "'%s' has no countries layer", path);
        free(path);
        return st;
    }
    free(path);
    im_country_names *t = im_xcalloc(1, sizeof *t);
    t->gz = gz;
    size_t cap = 0;
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(l);
    int i2 = OGR_FD_GetFieldIndex(d, "iso2"), i3 = OGR_FD_GetFieldIndex(d, "iso3"),
        in = OGR_FD_GetFieldIndex(d, "name"), il = OGR_FD_GetFieldIndex(d, "name_long");
    OGR_L_SetIgnoredFields(l, (const char *[]){"OGR_GEOMETRY", NULL});
    OGRFeatureH f;
    while (i2 >= 0 && (f = OGR_L_GetNextFeature(l))) {
        const char *iso2 = OGR_F_GetFieldAsString(f, i2);
        if (strlen(iso2) == 2) {
            t->rows = im_xgrow(t->rows, &cap, t->n + 1, sizeof *t->rows);
            country_row *r = &t->rows[t->n++];
            memset(r, 0, sizeof *r);
            snprintf(r->iso2, sizeof r->iso2, "%s", iso2);
            if (i3 >= 0 && strlen(OGR_F_GetFieldAsString(f, i3)) == 3)
                snprintf(r->iso3, sizeof r->iso3, "%s", OGR_F_GetFieldAsString(f, i3));
            const char *name = in >= 0 ? OGR_F_GetFieldAsString(f, in) : iso2;
            fold_into(name, r->key);
            if (il >= 0)
                fold_into(OGR_F_GetFieldAsString(f, il), r->key_long);
            r->title = im_xstrdup(name);
        }
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    *out = t;
    return IM_OK;
}

void im_country_names_destroy(im_country_names *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++)
        free(t->rows[i].title);
    free(t->rows);
    free(t);
}

const char *im_country_names_title(const im_country_names *t, const char *iso2)
{
    for (size_t i = 0; i < t->n; i++)
        if (!strcasecmp(t->rows[i].iso2, iso2))
            return t->rows[i].title;
    return NULL;
}

bool im_country_names_find(const im_country_names *t, const char *text, char iso2[3])
{
    while (isspace((unsigned char)*text))
        text++;
    size_t len = strlen(text);
    while (len && isspace((unsigned char)text[len - 1]))
        len--;
    if (!len || len >= 200)
        return false;
    char buf[200];
    memcpy(buf, text, len);
    buf[len] = '\0';
    for (size_t i = 0; i < t->n; i++) {
        const country_row *r = &t->rows[i];
        if ((len == 2 && !strcasecmp(buf, r->iso2)) || (len == 3 && r->iso3[0] &&
                                                        !strcasecmp(buf, r->iso3))) {
            memcpy(iso2, r->iso2, 3);
            return true;
        }
    }
    if (len == 2 && im_gazetteer_country(t->gz, (char[3]){(char)toupper((unsigned char)buf[0]),
                                                           (char)toupper((unsigned char)buf[1]),
                                                           0}) != IM_PLACE_NONE) {
        iso2[0] = (char)toupper((unsigned char)buf[0]);
        iso2[1] = (char)toupper((unsigned char)buf[1]);
        iso2[2] = '\0';
        return true;
    }
    if (len <= 3)
        return false; /* a code that is none: never a name */
    char key[IM_FOLD_MAX];
    fold_into(buf, key);
    for (size_t i = 0; i < t->n; i++) {
        const country_row *r = &t->rows[i];
        if (!strcmp(key, r->key) || (r->key_long[0] && !strcmp(key, r->key_long))) {
            memcpy(iso2, r->iso2, 3);
            return true;
        }
    }
    im_lookup_opts lo = IM_LOOKUP_OPTS_INIT;
    lo.kind = IM_PLACE_COUNTRY;
    lo.variants = false;
    lo.unit_words = false;
    im_candidate c[4];
    size_t n = im_gazetteer_lookup(t->gz, buf, len, &lo, c, 4);
    if (!n)
        return false;
    im_place p;
    im_gazetteer_get(t->gz, c[0].id, &p);
    memcpy(iso2, p.iso2, 3);
    return p.iso2[0] != '\0';
}

static bool in_list(const char *list, const char *iso2)
{
    if (!list || !list[0])
        return true;
    for (const char *p = list; *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        if (!*p)
            break;
        if (!strncasecmp(p, iso2, 2) && (p[2] == '\0' || p[2] == ' ' || p[2] == ','))
            return true;
        while (*p && *p != ' ' && *p != ',')
            p++;
    }
    return false;
}

/* "PK.03": two letters, a dot, and a code. */
static bool looks_like_code(const char *s)
{
    return isalpha((unsigned char)s[0]) && isalpha((unsigned char)s[1]) && s[2] == '.' &&
           s[3] && strlen(s) < 16 && !strchr(s, ' ');
}

static void add_match(im_admin1_match *m, const im_place *p)
{
    for (size_t i = 0; i < m->n; i++)
        if (m->id[i] == p->id)
            return;
    if (m->n >= IM_AREA_MAX_ADMIN1)
        return;
    m->id[m->n] = p->id;
    snprintf(m->code[m->n], sizeof m->code[m->n], "%s", p->code ? p->code : "");
    memcpy(m->iso2[m->n], p->iso2, 3);
    m->n++;
}

/* Natural Earth's own spellings of provinces ("K.P.", "F.A.T.A."), by the basemap's
 * provinces layer: its code names the gazetteer's entry. */
static void basemap_names(im_ctx *ctx, const im_gazetteer *gz, const char *text,
                          const char *within, im_admin1_match *out)
{
    char *path = im_ctx_data_path(ctx, "basemap.gpkg");
    if (!path)
        return;
    GDALAllRegister();
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    free(path);
    OGRLayerH l = ds ? GDALDatasetGetLayerByName(ds, "provinces") : NULL;
    char want[IM_FOLD_MAX], key[IM_FOLD_MAX];
    fold_into(text, want);
    char codes[IM_AREA_MAX_ADMIN1][16];
    size_t n = 0;
    if (l) {
        OGRFeatureDefnH d = OGR_L_GetLayerDefn(l);
        int ic = OGR_FD_GetFieldIndex(d, "code"), in = OGR_FD_GetFieldIndex(d, "name");
        OGR_L_SetIgnoredFields(l, (const char *[]){"OGR_GEOMETRY", NULL});
        OGRFeatureH f;
        while (ic >= 0 && in >= 0 && n < IM_AREA_MAX_ADMIN1 && (f = OGR_L_GetNextFeature(l))) {
            fold_into(OGR_F_GetFieldAsString(f, in), key);
            if (want[0] && !strcmp(key, want))
                snprintf(codes[n++], sizeof codes[0], "%s", OGR_F_GetFieldAsString(f, ic));
            OGR_F_Destroy(f);
        }
    }
    if (ds)
        GDALClose(ds);
    size_t total = n ? im_gazetteer_count(gz) : 0;
    for (uint32_t id = 0; id < total; id++) {
        im_place p;
        im_gazetteer_get(gz, id, &p);
        if (p.kind != IM_PLACE_ADMIN1 || !p.code || !in_list(within, p.iso2))
            continue;
        for (size_t k = 0; k < n; k++)
            if (!strcasecmp(codes[k], p.code))
                add_match(out, &p);
    }
}

im_status im_admin1_resolve(im_ctx *ctx, const char *text, const char *within,
                            im_admin1_match *out)
{
    memset(out, 0, sizeof *out);
    const im_gazetteer *gz = im_ctx_get_gazetteer(ctx);
    if (!gz)
        return IM_ERR_DATA_MISSING;
    if (looks_like_code(text)) {
        size_t total = im_gazetteer_count(gz);
        for (uint32_t id = 0; id < total; id++) {
            im_place p;
            im_gazetteer_get(gz, id, &p);
            if (p.kind == IM_PLACE_ADMIN1 && p.code && !strcasecmp(p.code, text) &&
                in_list(within, p.iso2))
                add_match(out, &p);
        }
        if (out->n)
            return IM_OK;
    }
    im_lookup_opts lo = IM_LOOKUP_OPTS_INIT;
    lo.kind = IM_PLACE_ADMIN1;
    lo.unit_words = true;
    im_candidate c[64];
    size_t n = im_gazetteer_lookup(gz, text, strlen(text), &lo, c, 64);
    if (n > 64)
        n = 64;
    /* the closest kind of match wins: a province's own or alternate name before one
       that only shares its transliteration skeleton (Balochistan is PK's; Iran's
       Sistan and Baluchestan only sounds like it) */
    im_match best = IM_MATCH_VARIANT;
    for (size_t i = 0; i < n; i++) {
        im_place p;
        im_gazetteer_get(gz, c[i].id, &p);
        if (p.kind == IM_PLACE_ADMIN1 && in_list(within, p.iso2) && c[i].match < best)
            best = c[i].match;
    }
    if (best == IM_MATCH_VARIANT)
        best = IM_MATCH_ALT; /* names and alternates together outrank skeletons */
    for (int pass = 0; pass < 2 && !out->n; pass++)
        for (size_t i = 0; i < n; i++) {
            im_place p;
            im_gazetteer_get(gz, c[i].id, &p);
            bool level = pass == 0 ? c[i].match <= best : true;
            if (p.kind == IM_PLACE_ADMIN1 && in_list(within, p.iso2) && level)
                add_match(out, &p);
        }
    if (!out->n)
        basemap_names(ctx, gz, text, within, out);
    if (!out->n)
        return im_ctx_fail(ctx, IM_ERR_USAGE_VALUE,
                           "'%s' is no province%s%s (give a name such as 'Nangarhar' or a "
                           "code such as 'AF.18')", text, within && within[0] ? " in " : "",
                           within && within[0] ? within : "");
    char countries[160] = "";
    size_t nc = 0;
    for (size_t i = 0; i < out->n; i++) {
        if (strstr(countries, out->iso2[i]))
            continue;
        size_t len = strlen(countries);
        snprintf(countries + len, sizeof countries - len, "%s%s", nc ? ", " : "", out->iso2[i]);
        nc++;
    }
    if (nc > 1)
        return im_ctx_fail(ctx, IM_ERR_USAGE_VALUE,
                           "'%s' is a province in %zu countries (%s): add --country to say "
                           "which", text, nc, countries);
    return IM_OK;
}
