/* On-disk layout of the compiled gazetteer (incmap.gaz), shared by its writer
 * (tools/gazc.c) and its reader (gazetteer.c). The file is produced and read on the
 * same machine, so fields are in native byte order; the header records a byte-order
 * mark and the record sizes, and a reader rejects a file that does not match.
 *
 * Layout: header | places[n_places] | names[n_names] | variants[n_variants] |
 * demonyms[n_demonyms] | string pool. names and variants are sorted by key (strcmp)
 * then by place id; demonyms by key. All offsets are from the start of the file;
 * string references are offsets into the pool.
 */
#ifndef INCMAP_GAZ_FORMAT_H
#define INCMAP_GAZ_FORMAT_H

#include <stdint.h>

#define GAZ_MAGIC "IMGAZ\0\0\1"
#define GAZ_VERSION 2u
#define GAZ_ORDER_MARK 0x01020304u

typedef struct gaz_header {
    char magic[8];
    uint32_t version;
    uint32_t order_mark;
    uint32_t place_size, name_size, demonym_size;
    uint32_t n_places, n_names, n_variants, n_demonyms;
    uint64_t off_places, off_names, off_variants, off_demonyms, off_strings;
    uint64_t strings_size;
    uint64_t file_size;
} gaz_header;

typedef struct gaz_place {
    int32_t lat_e5, lon_e5;     /* the entry's own point, degrees × 1e5 */
    int32_t seat_lat_e5, seat_lon_e5;   /* its capital or seat; a city's own point */
    uint32_t geonameid;         /* the entry's own GeoNames id, 0 when unknown */
    uint32_t seat_geonameid;    /* the capital/seat row; a city: itself */
    uint32_t population;
    uint32_t name;              /* string offset */
    uint32_t code;              /* string offset */
    uint32_t admin1, admin2, country;   /* place ids or UINT32_MAX */
    char iso2[2];
    char feature[6];            /* not NUL-terminated when 6 long */
    uint8_t kind;
    uint8_t flags;              /* GAZ_HAS_COORDS, GAZ_HAS_SEAT */
    uint16_t subkind;           /* features: 1 + index in GAZ_FEATURE_KINDS; else 0 */
} gaz_place;

/* The kinds of named feature (geodata/features.tsv `kind` column), in the order
 * gaz_place.subkind counts them. */
#define GAZ_FEATURE_KINDS {"site", "valley", "gorge", "island", "region", "pass", "mountain"}
#define GAZ_N_FEATURE_KINDS 7

#define GAZ_HAS_COORDS 1u
#define GAZ_HAS_SEAT 2u

typedef struct gaz_name {
    uint32_t key;               /* string offset of the folded key */
    uint32_t place;
    uint32_t match;             /* im_match */
} gaz_name;

typedef struct gaz_demonym {
    uint32_t key;
    uint32_t admin1;            /* place id or UINT32_MAX */
    char iso2[2];
    uint8_t form;
    uint8_t reserved;
} gaz_demonym;

#endif
