/* A per-run memo of what the gazetteer says about a folded key: whether it is a name,
 * a country, the prefix of a longer name, and its ranked candidates. A report names
 * the same places again and again, and a look-up is a bisection over every name, so
 * asking each distinct key once keeps geoparsing fast on long inputs. The memo only
 * stores answers; which questions to ask, and what they mean, stays with
 * recognise.c and resolve.c. It lives for one im_geoparse_run. */
#include "geoparse_private.h"
#include "incmap/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The facts and the key share one allocation, so a probe that finds the key has
 * already brought in the facts the caller wants. */
typedef struct memo_item {
    gp_key_facts facts;       /* first: the pointer handed out is the item's */
    char key[];
} memo_item;

typedef struct memo_entry {
    uint64_t hash;
    memo_item *item;          /* NULL: empty slot; allocated apart, so it stays put
                                 when the table grows */
} memo_entry;

struct gp_memo {
    memo_entry *slots;
    size_t cap, n;            /* cap is a power of two; n < cap / 2 */
};

gp_memo *gp_memo_create(void)
{
    gp_memo *m = im_xcalloc(1, sizeof *m);
    m->cap = 1024;
    m->slots = im_xcalloc(m->cap, sizeof *m->slots);
    return m;
}

void gp_memo_destroy(gp_memo *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->cap; i++) {
        memo_item *it = m->slots[i].item;
        if (it) {
            free(it->facts.cands);
            free(it->facts.kinds);
            free(it->facts.places);
            free(it);
        }
    }
    free(m->slots);
    free(m);
}

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static memo_entry *probe(memo_entry *slots, size_t cap, const char *key, uint64_t h)
{
    size_t i = (size_t)h & (cap - 1);
    while (slots[i].item && (slots[i].hash != h || strcmp(slots[i].item->key, key) != 0))
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

gp_key_facts *gp_memo_get(gp_memo *m, const char *key)
{
    uint64_t h = hash(key);
    memo_entry *e = probe(m->slots, m->cap, key, h);
    if (e->item)
        return &e->item->facts;
    if ((m->n + 1) * 2 > m->cap) {
        size_t cap = m->cap * 2;
        memo_entry *slots = im_xcalloc(cap, sizeof *slots);
        for (size_t i = 0; i < m->cap; i++)
            if (m->slots[i].item)
                *probe(slots, cap, m->slots[i].item->key, m->slots[i].hash) = m->slots[i];
        free(m->slots);
        m->slots = slots;
        m->cap = cap;
        e = probe(m->slots, m->cap, key, h);
    }
    size_t kl = strlen(key) + 1;
    e->item = im_xcalloc(1, sizeof *e->item + kl);
    memcpy(e->item->key, key, kl);
    e->hash = h;
    e->item->facts.country = IM_PLACE_NONE;
    e->item->facts.serial = (uint32_t)m->n++;
    return &e->item->facts;
}
