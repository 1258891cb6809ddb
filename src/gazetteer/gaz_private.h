/* The mapped gazetteer as gazetteer.c and lookup.c see it. */
#ifndef INCMAP_GAZ_PRIVATE_H
#define INCMAP_GAZ_PRIVATE_H

#include "gaz_format.h"
#include "incmap/gazetteer.h"

struct im_gazetteer {
    const unsigned char *base;
    size_t size;
    const gaz_header *h;
    const gaz_place *places;
    const gaz_name *names;
    const gaz_name *variants;
    const gaz_demonym *demonyms;
    const char *strings;
};

static inline const char *gaz_str(const im_gazetteer *gz, uint32_t off)
{
    return gz->strings + off;
}

/* Index of the first record in `recs[0..n)` whose key is >= `key`. */
size_t gaz_lower_bound(const im_gazetteer *gz, const gaz_name *recs, size_t n, const char *key);

#endif
