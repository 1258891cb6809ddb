/* Where a feature is, for the filter's --country, --region and --admin1: by the data's
 * own coding when the layer has it (ACLED's iso3/country and admin1 columns, or the
 * field --country-from names), else point in polygon against the basemap. A value of
 * the data is resolved once (ISO2, ISO3 or a name; a province name within its country)
 * and remembered, so a large layer costs one look-up per distinct value. */
#include "places.h"
#include "incmap/alloc.h"
#include "incmap/fold.h"
#include "incmap/gazetteer.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* value → answer ("" when the value is no country / province) */
static const char *memo_get(const place_memo *m, const char *key)
{
    for (size_t i = 0; i < m->n; i++)
        if (!strcmp(m->keys[i], key))
            return m->vals[i];
    return NULL;
}

static const char *memo_put(place_memo *m, const char *key, const char *val)
{
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 64;
        m->keys = im_xreallocarray(m->keys, m->cap, sizeof *m->keys);
        m->vals = im_xreallocarray(m->vals, m->cap, sizeof *m->vals);
    }
    m->keys[m->n] = im_xstrdup(key);
    m->vals[m->n] = im_xstrdup(val);
    return m->vals[m->n++];
}

static void memo_free(place_memo *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->keys[i]);
        free(m->vals[i]);
    }
    free(m->keys);
    free(m->vals);
}

/* The layer's country field: the one named, or ACLED's iso3, then iso2, country. */
int places_country_field(OGRFeatureDefnH d, const char *named)
{
    if (named)
        return OGR_FD_GetFieldIndex(d, named);
    static const char *const names[] = {"iso3", "ISO3", "iso2", "country", "COUNTRY", NULL};
    for (const char *const *n = names; *n; n++) {
        int i = OGR_FD_GetFieldIndex(d, *n);
        if (i >= 0)
            return i;
    }
    return -1;
}

int places_admin1_field(OGRFeatureDefnH d)
{
    int i = OGR_FD_GetFieldIndex(d, "admin1");
    return i >= 0 ? i : OGR_FD_GetFieldIndex(d, "ADMIN1");
}

const char *places_data_country(places *p, OGRFeatureH feat)
{
    if (!OGR_F_IsFieldSetAndNotNull(feat, p->country_field))
        return "";
    const char *v = OGR_F_GetFieldAsString(feat, p->country_field);
    const char *hit = memo_get(&p->countries_memo, v);
    if (hit)
        return hit;
    char iso2[3] = "";
    if (!im_country_names_find(p->names, v, iso2)) {
        iso2[0] = '\0';
        if (v[0])
            p->unknown_countries++;
    }
    return memo_put(&p->countries_memo, v, iso2);
}

/* The province code ("PK.03") the data's admin1 value names in country iso2, or "". */
const char *places_data_admin1(places *p, OGRFeatureH feat, const char *iso2)
{
    if (p->admin1_field < 0 || !iso2[0] || !OGR_F_IsFieldSetAndNotNull(feat, p->admin1_field))
        return "";
    const char *v = OGR_F_GetFieldAsString(feat, p->admin1_field);
    char key[300];
    snprintf(key, sizeof key, "%s|%s", iso2, v);
    const char *hit = memo_get(&p->admin1_memo, key);
    if (hit)
        return hit;
    im_lookup_opts lo = IM_LOOKUP_OPTS_INIT;
    lo.kind = IM_PLACE_ADMIN1;
    lo.iso2 = iso2;
    im_candidate c[8];
    size_t n = im_gazetteer_lookup(p->gz, v, strlen(v), &lo, c, 8);
    const char *code = "";
    im_place pl;
    if (n) {
        im_gazetteer_get(p->gz, c[0].id, &pl);
        code = pl.code ? pl.code : "";
    }
    return memo_put(&p->admin1_memo, key, code);
}

bool places_code_listed(const char *const *codes, size_t n, const char *code)
{
    if (!code || !code[0])
        return false;
    for (size_t i = 0; i < n; i++)
        if (!strcasecmp(codes[i], code))
            return true;
    return false;
}

void places_free(places *p)
{
    memo_free(&p->countries_memo);
    memo_free(&p->admin1_memo);
    im_country_names_destroy(p->names);
    p->names = NULL;
}
