/* gazc: compile the geodata TSV files into incmap.gaz, the memory-mapped gazetteer.
 *
 * Build-time tool only (meson runs it; it is not installed). It reads countries,
 * admin1, admin2, populated places, named features and demonyms, keeps for each
 * country and unit both its own point and its capital/seat, links every place to its
 * country and administrative units, folds every name into lookup keys (fold.h) and writes the
 * sorted tables described in src/gazetteer/gaz_format.h. Output is deterministic: the
 * same TSVs give the same bytes. It aborts with a message naming the file and line on
 * malformed input, since a broken gazetteer must never be installed.
 *
 * usage: gazc GEODATA_DIR OUTPUT_FILE
 */
#define _POSIX_C_SOURCE 200809L
#include "incmap/fold.h"
#include "incmap/gazetteer.h"
#include "../src/gazetteer/gaz_format.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("gazc: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        die("out of memory");
    return p;
}

#define PUSH(arr, n, cap, item)                                                   \
    do {                                                                          \
        if ((n) == (cap)) {                                                       \
            (cap) = (cap) ? (cap) * 2 : 1024;                                     \
            (arr) = xrealloc((arr), (cap) * sizeof *(arr));                       \
        }                                                                         \
        (arr)[(n)++] = (item);                                                    \
    } while (0)

/* ---- string pool ---------------------------------------------------------- */

static char *pool;
static size_t pool_len, pool_cap;

static uint32_t pool_add(const char *s)
{
    size_t n = strlen(s) + 1;
    while (pool_len + n > pool_cap) {
        pool_cap = pool_cap ? pool_cap * 2 : 1 << 20;
        pool = xrealloc(pool, pool_cap);
    }
    memcpy(pool + pool_len, s, n);
    size_t off = pool_len;
    pool_len += n;
    if (off > UINT32_MAX)
        die("string pool too large");
    return (uint32_t)off;
}

/* ---- TSV reading ----------------------------------------------------------- */

typedef struct tsv {
    char *data;
    char **lines;
    size_t n_lines;
    const char *path;
} tsv;

static void tsv_load(tsv *t, const char *dir, const char *name, const char *header)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    t->path = strdup(path);
    FILE *f = fopen(path, "rb");
    if (!f)
        die("cannot open '%s': %s", path, strerror(errno));
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    if (size < 0)
        die("cannot size '%s'", path);
    t->data = xrealloc(NULL, (size_t)size + 1);
    if (fread(t->data, 1, (size_t)size, f) != (size_t)size)
        die("cannot read '%s'", path);
    fclose(f);
    t->data[size] = '\0';
    size_t cap = 0;
    t->lines = NULL;
    t->n_lines = 0;
    char *p = t->data;
    while (*p) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        if (*p)
            PUSH(t->lines, t->n_lines, cap, p);
        if (!nl)
            break;
        p = nl + 1;
    }
    if (t->n_lines == 0 || strcmp(t->lines[0], header) != 0)
        die("'%s': expected the header line '%s'", path, header);
}

/* Split a line in place into at most `max` fields; returns the count. */
static size_t split(char *line, char **fields, size_t max)
{
    size_t n = 0;
    fields[n++] = line;
    for (char *p = line; *p && n < max; p++) {
        if (*p == '\t') {
            *p = '\0';
            fields[n++] = p + 1;
        }
    }
    return n;
}

static void need_fields(const tsv *t, size_t line, size_t got, size_t want)
{
    if (got < want)
        die("'%s' line %zu: %zu fields, expected %zu", t->path, line + 1, got, want);
}

/* ---- tables being built ---------------------------------------------------- */

static gaz_place *places;
static size_t n_places, cap_places;

typedef struct name_rec {
    char *key;
    uint32_t place;
    uint32_t match;
} name_rec;

static name_rec *names, *variants;
static size_t n_names, cap_names, n_variants, cap_variants;

typedef struct code_ix {
    const char *code;
    uint32_t place;
} code_ix;

static int cmp_code(const void *a, const void *b)
{
    return strcmp(((const code_ix *)a)->code, ((const code_ix *)b)->code);
}

static uint32_t code_find(code_ix *ix, size_t n, const char *code)
{
    code_ix k = {code, 0};
    code_ix *r = bsearch(&k, ix, n, sizeof *ix, cmp_code);
    return r ? r->place : UINT32_MAX;
}

static void add_name(uint32_t place, const char *name, uint32_t match)
{
    char key[IM_FOLD_MAX];
    bool latin = true;
    size_t len = im_fold(name, strlen(name), key, &latin);
    if (!latin || len == 0)
        return;
    name_rec r = {strdup(key), place, match};
    PUSH(names, n_names, cap_names, r);
    char skel[IM_FOLD_MAX];
    if (im_fold_variant(key, skel)) {
        name_rec v = {strdup(skel), place, IM_MATCH_VARIANT};
        PUSH(variants, n_variants, cap_variants, v);
    }
}

static void add_names_list(uint32_t place, char *list)
{
    char *save = NULL;
    for (char *tok = strtok_r(list, "|", &save); tok; tok = strtok_r(NULL, "|", &save))
        if (*tok)
            add_name(place, tok, IM_MATCH_ALT);
}

static int32_t coord_e5(const char *s, const tsv *t, size_t line, bool *ok)
{
    if (!*s) {
        *ok = false;
        return 0;
    }
    char *end;
    double v = strtod(s, &end);
    if (*end || !isfinite(v) || v < -180.0 || v > 180.0)
        die("'%s' line %zu: bad coordinate '%s'", t->path, line + 1, s);
    return (int32_t)lround(v * 1e5);
}

static uint32_t parse_u32(const char *s)
{
    if (!*s)
        return 0;
    unsigned long long v = strtoull(s, NULL, 10);
    return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

static gaz_place new_place(uint8_t kind, const char *iso2, const char *feature)
{
    gaz_place p;
    memset(&p, 0, sizeof p);
    p.kind = kind;
    p.admin1 = p.admin2 = p.country = UINT32_MAX;
    if (strlen(iso2) >= 2)
        memcpy(p.iso2, iso2, 2);
    memcpy(p.feature, feature, strnlen(feature, sizeof p.feature));
    return p;
}

static void set_coords(gaz_place *p, const char *lat, const char *lon, const tsv *t, size_t line)
{
    bool ok = true;
    p->lat_e5 = coord_e5(lat, t, line, &ok);
    p->lon_e5 = coord_e5(lon, t, line, &ok);
    if (ok)
        p->flags |= GAZ_HAS_COORDS;
}

static void set_seat(gaz_place *p, const char *lat, const char *lon, const char *gid,
                     const tsv *t, size_t line)
{
    bool ok = true;
    p->seat_lat_e5 = coord_e5(lat, t, line, &ok);
    p->seat_lon_e5 = coord_e5(lon, t, line, &ok);
    if (ok)
        p->flags |= GAZ_HAS_SEAT;
    p->seat_geonameid = parse_u32(gid);
}

/* A city or a feature is its own seat. */
static void self_seat(gaz_place *p)
{
    p->seat_lat_e5 = p->lat_e5;
    p->seat_lon_e5 = p->lon_e5;
    p->seat_geonameid = p->geonameid;
    if (p->flags & GAZ_HAS_COORDS)
        p->flags |= GAZ_HAS_SEAT;
}

static int cmp_name(const void *a, const void *b)
{
    const name_rec *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    if (x->place != y->place)
        return x->place < y->place ? -1 : 1;
    return x->match < y->match ? -1 : x->match > y->match;
}

/* Sort, drop duplicate (key, place) pairs keeping the best match, intern keys. */
static size_t finish_names(name_rec *recs, size_t n, gaz_name *out)
{
    qsort(recs, n, sizeof *recs, cmp_name);
    size_t o = 0;
    uint32_t last_key = 0;
    for (size_t i = 0; i < n; i++) {
        if (o && strcmp(recs[i].key, recs[i - 1].key) == 0) {
            if (recs[i].place == recs[i - 1].place)
                continue;
            out[o].key = last_key;
        } else {
            last_key = pool_add(recs[i].key);
            out[o].key = last_key;
        }
        out[o].place = recs[i].place;
        out[o].match = recs[i].match;
        o++;
    }
    return o;
}

typedef struct demo_rec {
    char *key;
    gaz_demonym d;
} demo_rec;

static int cmp_demo(const void *a, const void *b)
{
    const demo_rec *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    return memcmp(x->d.iso2, y->d.iso2, 2);
}

int main(int argc, char **argv)
{
    if (argc != 3)
        die("usage: gazc GEODATA_DIR OUTPUT_FILE");
    const char *dir = argv[1];
    char *f[16];
    size_t nf;

    /* countries */
    tsv countries;
    tsv_load(&countries, dir, "countries.tsv",
             "iso2\tiso3\tname\taltnames\tlat\tlon\tpoint_source\tcapital_geonameid\t"
             "seat_lat\tseat_lon\tpopulation\tcontinent");
    code_ix *country_ix = NULL;
    size_t n_country_ix = 0, cap_country_ix = 0;
    for (size_t i = 1; i < countries.n_lines; i++) {
        nf = split(countries.lines[i], f, 12);
        need_fields(&countries, i, nf, 12);
        gaz_place p = new_place(IM_PLACE_COUNTRY, f[0], "PCLI");
        set_coords(&p, f[4], f[5], &countries, i);
        set_seat(&p, f[8], f[9], f[7], &countries, i);
        p.population = parse_u32(f[10]);
        p.name = pool_add(f[2]);
        p.code = pool_add(f[0]);
        uint32_t id = (uint32_t)n_places;
        p.country = id;
        PUSH(places, n_places, cap_places, p);
        code_ix ci = {f[0], id};
        PUSH(country_ix, n_country_ix, cap_country_ix, ci);
        add_name(id, f[2], IM_MATCH_NAME);
        add_name(id, f[1], IM_MATCH_ALT);
        add_names_list(id, f[3]);
    }
    qsort(country_ix, n_country_ix, sizeof *country_ix, cmp_code);

    /* admin1 */
    tsv admin1;
    tsv_load(&admin1, dir, "admin1.tsv",
             "code\tiso2\tname\taltnames\tlat\tlon\tpoint_source\tseat_geonameid\t"
             "seat_lat\tseat_lon\tseat_source\tne_fips\tpopulation");
    code_ix *a1_ix = NULL;
    size_t n_a1 = 0, cap_a1 = 0;
    for (size_t i = 1; i < admin1.n_lines; i++) {
        nf = split(admin1.lines[i], f, 13);
        need_fields(&admin1, i, nf, 13);
        gaz_place p = new_place(IM_PLACE_ADMIN1, f[1], "ADM1");
        set_coords(&p, f[4], f[5], &admin1, i);
        set_seat(&p, f[8], f[9], f[7], &admin1, i);
        p.population = parse_u32(f[12]);
        p.name = pool_add(f[2]);
        p.code = pool_add(f[0]);
        p.country = code_find(country_ix, n_country_ix, f[1]);
        uint32_t id = (uint32_t)n_places;
        p.admin1 = id;
        PUSH(places, n_places, cap_places, p);
        code_ix ci = {f[0], id};
        PUSH(a1_ix, n_a1, cap_a1, ci);
        add_name(id, f[2], IM_MATCH_NAME);
        add_names_list(id, f[3]);
    }
    qsort(a1_ix, n_a1, sizeof *a1_ix, cmp_code);

    /* admin2 */
    tsv admin2;
    tsv_load(&admin2, dir, "admin2.tsv",
             "code\tiso2\tadmin1\tname\taltnames\tlat\tlon\tpoint_source\t"
             "seat_geonameid\tseat_lat\tseat_lon\tseat_source");
    code_ix *a2_ix = NULL;
    size_t n_a2 = 0, cap_a2 = 0;
    for (size_t i = 1; i < admin2.n_lines; i++) {
        nf = split(admin2.lines[i], f, 12);
        need_fields(&admin2, i, nf, 12);
        gaz_place p = new_place(IM_PLACE_ADMIN2, f[1], "ADM2");
        set_coords(&p, f[5], f[6], &admin2, i);
        set_seat(&p, f[9], f[10], f[8], &admin2, i);
        p.name = pool_add(f[3]);
        p.code = pool_add(f[0]);
        p.country = code_find(country_ix, n_country_ix, f[1]);
        p.admin1 = code_find(a1_ix, n_a1, f[2]);
        uint32_t id = (uint32_t)n_places;
        p.admin2 = id;
        PUSH(places, n_places, cap_places, p);
        code_ix ci = {f[0], id};
        PUSH(a2_ix, n_a2, cap_a2, ci);
        add_name(id, f[3], IM_MATCH_NAME);
        add_names_list(id, f[4]);
    }
    qsort(a2_ix, n_a2, sizeof *a2_ix, cmp_code);

    /* populated places */
    tsv cities;
    tsv_load(&cities, dir, "places.tsv",
             "geonameid\tname\tasciiname\taltnames\tlat\tlon\tfeature\tiso2\tadmin1\t"
             "admin2\tpopulation");
    char code[64];
    for (size_t i = 1; i < cities.n_lines; i++) {
        nf = split(cities.lines[i], f, 11);
        need_fields(&cities, i, nf, 11);
        gaz_place p = new_place(IM_PLACE_CITY, f[7], f[6]);
        set_coords(&p, f[4], f[5], &cities, i);
        p.geonameid = parse_u32(f[0]);
        self_seat(&p);
        p.population = parse_u32(f[10]);
        p.name = pool_add(f[1]);
        snprintf(code, sizeof code, "%s.%s", f[7], f[8]);
        p.code = pool_add(code);
        p.country = code_find(country_ix, n_country_ix, f[7]);
        p.admin1 = code_find(a1_ix, n_a1, code);
        snprintf(code, sizeof code, "%s.%s.%s", f[7], f[8], f[9]);
        p.admin2 = f[9][0] ? code_find(a2_ix, n_a2, code) : UINT32_MAX;
        uint32_t id = (uint32_t)n_places;
        PUSH(places, n_places, cap_places, p);
        add_name(id, f[1], IM_MATCH_NAME);
        add_name(id, f[2], IM_MATCH_NAME);
        add_names_list(id, f[3]);
    }

    /* named features: sites, valleys, gorges, islands, passes, regions */
    tsv feats;
    tsv_load(&feats, dir, "features.tsv",
             "name\taltnames\tkind\tfeature\tlat\tlon\tiso2\tadmin1\tsource");
    static const char *const fkinds[] = GAZ_FEATURE_KINDS;
    for (size_t i = 1; i < feats.n_lines; i++) {
        nf = split(feats.lines[i], f, 9);
        need_fields(&feats, i, nf, 9);
        gaz_place p = new_place(IM_PLACE_FEATURE, f[6], f[3]);
        for (size_t k = 0; k < GAZ_N_FEATURE_KINDS; k++)
            if (strcmp(f[2], fkinds[k]) == 0)
                p.subkind = (uint16_t)(k + 1);
        if (!p.subkind)
            die("'%s' line %zu: unknown kind '%s'", feats.path, i + 1, f[2]);
        set_coords(&p, f[4], f[5], &feats, i);
        if (!(p.flags & GAZ_HAS_COORDS))
            die("'%s' line %zu: a feature needs lat and lon", feats.path, i + 1);
        self_seat(&p);
        p.name = pool_add(f[0]);
        p.code = pool_add(f[7][0] ? f[7] : f[6]);
        p.country = code_find(country_ix, n_country_ix, f[6]);
        if (p.country == UINT32_MAX)
            die("'%s' line %zu: unknown country '%s'", feats.path, i + 1, f[6]);
        p.admin1 = f[7][0] ? code_find(a1_ix, n_a1, f[7]) : UINT32_MAX;
        uint32_t id = (uint32_t)n_places;
        PUSH(places, n_places, cap_places, p);
        add_name(id, f[0], IM_MATCH_NAME);
        add_names_list(id, f[1]);
    }

    /* demonyms */
    tsv demo;
    tsv_load(&demo, dir, "demonyms.tsv", "word\tiso2\tadmin1\tform");
    demo_rec *demos = NULL;
    size_t n_demos = 0, cap_demos = 0;
    for (size_t i = 1; i < demo.n_lines; i++) {
        nf = split(demo.lines[i], f, 4);
        need_fields(&demo, i, nf, 4);
        char key[IM_FOLD_MAX];
        if (!im_fold(f[0], strlen(f[0]), key, NULL))
            continue;
        demo_rec r;
        memset(&r, 0, sizeof r);
        r.key = strdup(key);
        if (strlen(f[1]) >= 2)
            memcpy(r.d.iso2, f[1], 2);
        r.d.admin1 = f[2][0] ? code_find(a1_ix, n_a1, f[2]) : UINT32_MAX;
        r.d.form = strcmp(f[3], "plural") == 0 ? IM_DEMONYM_PLURAL
                 : strcmp(f[3], "noun") == 0   ? IM_DEMONYM_NOUN
                                               : IM_DEMONYM_ADJ;
        PUSH(demos, n_demos, cap_demos, r);
    }
    qsort(demos, n_demos, sizeof *demos, cmp_demo);
    gaz_demonym *demo_out = xrealloc(NULL, (n_demos ? n_demos : 1) * sizeof *demo_out);
    for (size_t i = 0; i < n_demos; i++) {
        demo_out[i] = demos[i].d;
        demo_out[i].key = pool_add(demos[i].key);
    }

    gaz_name *name_out = xrealloc(NULL, (n_names ? n_names : 1) * sizeof *name_out);
    size_t n_name_out = finish_names(names, n_names, name_out);
    gaz_name *var_out = xrealloc(NULL, (n_variants ? n_variants : 1) * sizeof *var_out);
    size_t n_var_out = finish_names(variants, n_variants, var_out);

    gaz_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, GAZ_MAGIC, 8);
    h.version = GAZ_VERSION;
    h.order_mark = GAZ_ORDER_MARK;
    h.place_size = sizeof(gaz_place);
    h.name_size = sizeof(gaz_name);
    h.demonym_size = sizeof(gaz_demonym);
    h.n_places = (uint32_t)n_places;
    h.n_names = (uint32_t)n_name_out;
    h.n_variants = (uint32_t)n_var_out;
    h.n_demonyms = (uint32_t)n_demos;
    h.off_places = sizeof h;
    h.off_names = h.off_places + n_places * sizeof(gaz_place);
    h.off_variants = h.off_names + n_name_out * sizeof(gaz_name);
    h.off_demonyms = h.off_variants + n_var_out * sizeof(gaz_name);
    h.off_strings = h.off_demonyms + n_demos * sizeof(gaz_demonym);
    h.strings_size = pool_len;
    h.file_size = h.off_strings + pool_len;

    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", argv[2]);
    FILE *out = fopen(tmp, "wb");
    if (!out)
        die("cannot create '%s': %s", tmp, strerror(errno));
    if (fwrite(&h, sizeof h, 1, out) != 1 ||
        (n_places && fwrite(places, sizeof(gaz_place), n_places, out) != n_places) ||
        (n_name_out && fwrite(name_out, sizeof(gaz_name), n_name_out, out) != n_name_out) ||
        (n_var_out && fwrite(var_out, sizeof(gaz_name), n_var_out, out) != n_var_out) ||
        (n_demos && fwrite(demo_out, sizeof(gaz_demonym), n_demos, out) != n_demos) ||
        fwrite(pool, 1, pool_len, out) != pool_len || fclose(out) != 0)
        die("cannot write '%s'", tmp);
    if (rename(tmp, argv[2]) != 0)
        die("cannot rename '%s' to '%s': %s", tmp, argv[2], strerror(errno));
    printf("gazc: %zu places, %zu names, %zu variants, %zu demonyms, %zu bytes of strings\n",
           n_places, n_name_out, n_var_out, n_demos, pool_len);
    return 0;
}
