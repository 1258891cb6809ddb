/* The embedded gazetteer: countries, first- and second-level administrative units,
 * populated places (GeoNames cities500) and named features (sites, valleys, gorges,
 * islands, regions: geodata/features.tsv), looked up by folded name.
 *
 * The gazetteer is compiled at build time (tools/gazc) from the TSV files in geodata/
 * into one file, IM_GAZETTEER_FILE, that is memory-mapped at run time: opening parses
 * nothing and takes well under a millisecond. A handle is read-only and may be shared
 * by threads. This module knows names and prior importance only; choosing between
 * namesakes with a document's context is the geoparser's job.
 */
#ifndef INCMAP_GAZETTEER_H
#define INCMAP_GAZETTEER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "incmap/ctx.h"

#define IM_GAZETTEER_FILE "incmap.gaz"
#define IM_PLACE_NONE UINT32_MAX

typedef enum im_place_kind {
    IM_PLACE_COUNTRY = 0,
    IM_PLACE_ADMIN1 = 1,
    IM_PLACE_ADMIN2 = 2,
    IM_PLACE_CITY = 3,
    IM_PLACE_FEATURE = 4,     /* a named site, valley, gorge, island, pass or region */
    IM_PLACE_ANY = 9
} im_place_kind;

/* One gazetteer entry. Strings are borrowed from the mapped file and live as long as
 * the gazetteer. lat/lon is the entry's own point: for a country or an administrative
 * unit a representative point inside its area, near its middle (geodata/SOURCES.md
 * says how it is derived); for a city or a feature, its own. The seat is where ACLED
 * puts an event known only to the unit (geo_precision 3): the capital of a country,
 * the seat of a unit; for a city or a feature the seat is the entry itself. */
typedef struct im_place {
    uint32_t id;              /* index in this gazetteer */
    im_place_kind kind;
    const char *kind_name;    /* "country", "admin1", "admin2", "city", or a feature's
                                 kind: "site", "valley", "gorge", "island", "region",
                                 "pass", "mountain" */
    char iso2[3];
    char feature[8];          /* GeoNames feature code: PPLC, PPLA…; PCLI, ADM1, ADM2;
                                 for features VAL, GRGE, ISL, RGN, PASS, AIRP, BLDG… */
    const char *name;
    const char *code;         /* "AF", "AF.13", "AF.18.810"; for cities the admin1 code */
    double lat, lon;          /* the entry's own point */
    bool has_coords;
    double seat_lat, seat_lon;    /* the capital or seat (a city, a feature: itself) */
    bool has_seat;
    uint32_t geonameid;       /* the entry's own GeoNames id; 0 when not known (countries
                                 and units: the tables carry their seat's id only) */
    uint32_t seat_geonameid;  /* the capital/seat place's GeoNames id, 0 if none */
    uint64_t population;
    uint32_t admin1;          /* id of the admin1 unit containing it, or IM_PLACE_NONE */
    uint32_t admin2;          /* id of the admin2 unit, or IM_PLACE_NONE */
    uint32_t country;         /* id of its country entry, or IM_PLACE_NONE */
} im_place;

/* How a name matched. */
typedef enum im_match {
    IM_MATCH_NAME = 0,        /* the entry's own name */
    IM_MATCH_ALT = 1,         /* an alternate name or short form */
    IM_MATCH_VARIANT = 2      /* only the transliteration skeleton matched */
} im_match;

typedef struct im_candidate {
    uint32_t id;
    im_match match;
    double score;             /* context-free prior: larger is more likely */
} im_candidate;

typedef struct im_lookup_opts {
    const char *iso2;         /* restrict to a country, or NULL */
    im_place_kind kind;       /* restrict to a kind, or IM_PLACE_ANY */
    bool variants;            /* also match transliteration skeletons */
    bool unit_words;          /* honour "X province", "X district", "X city" */
} im_lookup_opts;

#define IM_LOOKUP_OPTS_INIT {NULL, IM_PLACE_ANY, true, true}

typedef struct im_gazetteer im_gazetteer;

/* Map the compiled gazetteer at `path`. On success `*out` is a handle the caller owns
 * (release with im_gazetteer_close). Fails with IM_ERR_DATA_MISSING or
 * IM_ERR_DATA_CORRUPT, the message naming the file. */
im_status im_gazetteer_open(im_ctx *ctx, const char *path, im_gazetteer **out);
void im_gazetteer_close(im_gazetteer *gz);
/* Give back the pages of the mapped file this process has read (they are clean:
 * the kernel drops them from the process and reads them again from its page cache
 * when next needed). For a long run that has finished its look-ups and goes on to
 * other work, such as brief drawing maps after geoparsing: its resident memory is
 * then what it uses. Every pointer into the gazetteer stays valid. */
void im_gazetteer_release_pages(const im_gazetteer *gz);

size_t im_gazetteer_count(const im_gazetteer *gz);
/* Fill `out` with entry `id` (must be < count). */
void im_gazetteer_get(const im_gazetteer *gz, uint32_t id, im_place *out);

/* Ranked candidates for a free-text name: every entry whose name or alternate name
 * folds to the same key (and, with opts->variants, the same skeleton), one candidate
 * per entry, best first. Writes at most `max` into `out`; returns how many there were
 * in all. With opts->unit_words, "Zabul province" looks for an admin1 "Zabul",
 * "X district" for an admin2 and "X city" for a city, unless the whole phrase is
 * itself a name ("Mexico City"). */
size_t im_gazetteer_lookup(const im_gazetteer *gz, const char *name, size_t len,
                           const im_lookup_opts *opts, im_candidate *out, size_t max);

/* The same for a key that is already folded (im_fold); no unit-word handling. */
size_t im_gazetteer_lookup_key(const im_gazetteer *gz, const char *key,
                               const im_lookup_opts *opts, im_candidate *out, size_t max);

/* True when some stored key starts with `key_prefix` followed by a space or the end:
 * lets a recogniser extend a multi-word match token by token. */
bool im_gazetteer_has_prefix(const im_gazetteer *gz, const char *key_prefix);

/* Context-free prior of an entry (capitals, seats and populous places first). */
double im_gazetteer_prior(const im_gazetteer *gz, uint32_t id);

/* The first entry of `kind` (IM_PLACE_ANY: any) whose geonameid is `geonameid`, or
 * IM_PLACE_NONE. A linear scan: for occasional look-ups (a capital's own entry), not
 * for loops over text. */
uint32_t im_gazetteer_find_geonameid(const im_gazetteer *gz, uint32_t geonameid,
                                     im_place_kind kind);

/* The country entry for an ISO 3166-1 alpha-2 code, or IM_PLACE_NONE. */
uint32_t im_gazetteer_country(const im_gazetteer *gz, const char *iso2);

typedef enum im_demonym_form { IM_DEMONYM_ADJ = 0, IM_DEMONYM_NOUN = 1, IM_DEMONYM_PLURAL = 2 } im_demonym_form;

/* A demonym or ethnonym ("Tajik", "Uzbeks", "Uyghur") → country and, for ethnonyms
 * tied to a region, that admin1 unit (IM_PLACE_NONE otherwise). Returns false when the
 * word is not a known demonym. `iso2` receives 2 letters and a NUL. */
bool im_gazetteer_demonym(const im_gazetteer *gz, const char *word, size_t len,
                          char iso2[3], uint32_t *admin1, im_demonym_form *form);

/* The data sources and their licences, one per line, for --version and map credits. */
const char *im_gazetteer_sources(void);

#endif
