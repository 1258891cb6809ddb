/* Opening the compiled gazetteer and reading single entries. The file is mapped
 * read-only and checked once (magic, version, record sizes, every table inside the
 * file, the string pool NUL-terminated); after that every access is a plain array
 * read. Ranked name look-up lives in lookup.c. */
#include "gaz_private.h"
#include "incmap/sorted.h"
#include "incmap/alloc.h"
#include "incmap/fold.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static bool table_fits(uint64_t off, uint64_t count, uint64_t size, uint64_t file_size)
{
    return off <= file_size && count <= (file_size - off) / (size ? size : 1);
}

im_status im_gazetteer_open(im_ctx *ctx, const char *path, im_gazetteer **out)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return im_ctx_fail(ctx, errno == ENOENT ? IM_ERR_DATA_MISSING : IM_ERR_DATA,
                           "cannot open gazetteer '%s': %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size < (off_t)sizeof(gaz_header)) {
        close(fd);
        return im_ctx_fail(ctx, IM_ERR_DATA_CORRUPT,
                           "gazetteer '%s' is truncated (rebuild incmap)", path);
    }
    void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return im_ctx_fail(ctx, IM_ERR_DATA, "cannot map gazetteer '%s': %s", path,
                           strerror(errno));
    const gaz_header *h = map;
    uint64_t size = (uint64_t)st.st_size;
    bool ok = memcmp(h->magic, GAZ_MAGIC, 8) == 0 && h->version == GAZ_VERSION &&
              h->order_mark == GAZ_ORDER_MARK && h->place_size == sizeof(gaz_place) &&
              h->name_size == sizeof(gaz_name) && h->demonym_size == sizeof(gaz_demonym) &&
              h->file_size == size &&
              table_fits(h->off_places, h->n_places, sizeof(gaz_place), size) &&
              table_fits(h->off_names, h->n_names, sizeof(gaz_name), size) &&
              table_fits(h->off_variants, h->n_variants, sizeof(gaz_name), size) &&
              table_fits(h->off_demonyms, h->n_demonyms, sizeof(gaz_demonym), size) &&
              table_fits(h->off_strings, h->strings_size, 1, size) &&
              h->strings_size > 0 &&
              ((const char *)map)[h->off_strings + h->strings_size - 1] == '\0';
    if (!ok) {
        munmap(map, (size_t)size);
        return im_ctx_fail(ctx, IM_ERR_DATA_CORRUPT,
                           "gazetteer '%s' is damaged or from another incmap version "
                           "(rebuild incmap)", path);
    }
    im_gazetteer *gz = im_xcalloc(1, sizeof *gz);
    gz->base = map;
    gz->size = (size_t)size;
    gz->h = h;
    gz->places = (const gaz_place *)(const void *)(gz->base + h->off_places);
    gz->names = (const gaz_name *)(const void *)(gz->base + h->off_names);
    gz->variants = (const gaz_name *)(const void *)(gz->base + h->off_variants);
    gz->demonyms = (const gaz_demonym *)(const void *)(gz->base + h->off_demonyms);
    gz->strings = (const char *)(gz->base + h->off_strings);
    *out = gz;
    return IM_OK;
}

void im_gazetteer_release_pages(const im_gazetteer *gz)
{
    if (gz)
        madvise((void *)gz->base, gz->size, MADV_DONTNEED);
}

void im_gazetteer_close(im_gazetteer *gz)
{
    if (!gz)
        return;
    munmap((void *)gz->base, gz->size);
    free(gz);
}

size_t im_gazetteer_count(const im_gazetteer *gz)
{
    return gz->h->n_places;
}

void im_gazetteer_get(const im_gazetteer *gz, uint32_t id, im_place *out)
{
    const gaz_place *p = &gz->places[id];
    memset(out, 0, sizeof *out);
    out->id = id;
    out->kind = (im_place_kind)p->kind;
    static const char *const kinds[] = {"country", "admin1", "admin2", "city"};
    static const char *const fkinds[] = GAZ_FEATURE_KINDS;
    if (p->kind < 4)
        out->kind_name = kinds[p->kind];
    else if (p->subkind >= 1 && p->subkind <= GAZ_N_FEATURE_KINDS)
        out->kind_name = fkinds[p->subkind - 1];
    else
        out->kind_name = "feature";
    memcpy(out->iso2, p->iso2, 2);
    memcpy(out->feature, p->feature, sizeof p->feature);
    out->name = gaz_str(gz, p->name);
    out->code = gaz_str(gz, p->code);
    out->has_coords = (p->flags & GAZ_HAS_COORDS) != 0;
    out->lat = p->lat_e5 / 1e5;
    out->lon = p->lon_e5 / 1e5;
    out->geonameid = p->geonameid;
    out->has_seat = (p->flags & GAZ_HAS_SEAT) != 0;
    out->seat_lat = p->seat_lat_e5 / 1e5;
    out->seat_lon = p->seat_lon_e5 / 1e5;
    out->seat_geonameid = p->seat_geonameid;
    out->population = p->population;
    out->admin1 = p->admin1;
    out->admin2 = p->admin2;
    out->country = p->country;
}

double im_gazetteer_prior(const im_gazetteer *gz, uint32_t id)
{
    const gaz_place *p = &gz->places[id];
    double pop = log10((double)p->population + 1.0);
    switch ((im_place_kind)p->kind) {
    case IM_PLACE_COUNTRY:
        return 9.0 + 0.3 * pop;
    case IM_PLACE_ADMIN1:
        return 4.8 + 0.3 * pop;
    case IM_PLACE_ADMIN2:
        return 4.0;
    case IM_PLACE_FEATURE:
        /* a named site, valley, island or region of the curated table: as well known
           as a city of about a million */
        return 7.0;
    case IM_PLACE_CITY:
    case IM_PLACE_ANY:
        break;
    }
    double bonus = 0.0;
    if (strncmp(p->feature, "PPLC", 4) == 0)
        bonus = 3.0;
    else if (strncmp(p->feature, "PPLA", 5) == 0 || strncmp(p->feature, "PPLG", 4) == 0)
        bonus = 1.5;
    else if (strncmp(p->feature, "PPLA2", 5) == 0)
        bonus = 0.7;
    else if (strncmp(p->feature, "PPLA", 4) == 0)
        bonus = 0.3;
    else if (strncmp(p->feature, "PPLX", 4) == 0 || strncmp(p->feature, "PPLH", 4) == 0 ||
             strncmp(p->feature, "PPLQ", 4) == 0)
        bonus = -1.0;
    return pop + bonus;
}

/* A folded key against a name or demonym record (both start with their key offset). */
static int cmp_name(const void *key, const void *elem, void *gz)
{
    return strcmp(key, gaz_str(gz, ((const gaz_name *)elem)->key));
}

static int cmp_demonym(const void *key, const void *elem, void *gz)
{
    return strcmp(key, gaz_str(gz, ((const gaz_demonym *)elem)->key));
}

size_t gaz_lower_bound(const im_gazetteer *gz, const gaz_name *recs, size_t n, const char *key)
{
    return im_lower_bound(recs, n, sizeof *recs, key, cmp_name, (void *)gz);
}

bool im_gazetteer_has_prefix(const im_gazetteer *gz, const char *key_prefix)
{
    size_t n = gz->h->n_names;
    size_t i = gaz_lower_bound(gz, gz->names, n, key_prefix);
    size_t len = strlen(key_prefix);
    for (; i < n; i++) {
        const char *k = gaz_str(gz, gz->names[i].key);
        if (strncmp(k, key_prefix, len) != 0)
            return false;
        if (k[len] == '\0' || k[len] == ' ')
            return true;
    }
    return false;
}

uint32_t im_gazetteer_find_geonameid(const im_gazetteer *gz, uint32_t geonameid,
                                     im_place_kind kind)
{
    if (geonameid == 0)
        return IM_PLACE_NONE; /* 0 is "unknown", never an id */
    for (uint32_t i = 0; i < gz->h->n_places; i++) {
        const gaz_place *p = &gz->places[i];
        if (p->geonameid == geonameid && (kind == IM_PLACE_ANY || p->kind == (uint8_t)kind))
            return i;
    }
    return IM_PLACE_NONE;
}

uint32_t im_gazetteer_country(const im_gazetteer *gz, const char *iso2)
{
    if (!iso2 || strlen(iso2) != 2)
        return IM_PLACE_NONE;
    char up[2] = {(char)(iso2[0] & ~0x20), (char)(iso2[1] & ~0x20)};
    for (uint32_t i = 0; i < gz->h->n_places; i++) {
        const gaz_place *p = &gz->places[i];
        if (p->kind != IM_PLACE_COUNTRY)
            break; /* countries come first */
        if (p->iso2[0] == up[0] && p->iso2[1] == up[1])
            return i;
    }
    return IM_PLACE_NONE;
}

bool im_gazetteer_demonym(const im_gazetteer *gz, const char *word, size_t len,
                          char iso2[3], uint32_t *admin1, im_demonym_form *form)
{
    char key[IM_FOLD_MAX];
    if (!im_fold(word, len, key, NULL))
        return false;
    /* the first of equal keys, for a stable answer */
    size_t n = gz->h->n_demonyms;
    size_t i = im_lower_bound(gz->demonyms, n, sizeof *gz->demonyms, key, cmp_demonym,
                              (void *)gz);
    if (i == n || strcmp(gaz_str(gz, gz->demonyms[i].key), key) != 0)
        return false;
    const gaz_demonym *d = &gz->demonyms[i];
    iso2[0] = d->iso2[0];
    iso2[1] = d->iso2[1];
    iso2[2] = '\0';
    if (admin1)
        *admin1 = d->admin1;
    if (form)
        *form = (im_demonym_form)d->form;
    return true;
}

const char *im_gazetteer_sources(void)
{
    return "GeoNames (cities500, admin1/admin2 names), CC BY 4.0, https://www.geonames.org\n"
           "Natural Earth (10m countries, provinces, disputed boundaries, land), public "
           "domain, https://www.naturalearthdata.com\n"
           "incmap (own points of countries and provinces derived from Natural Earth; "
           "named features)\n";
}
