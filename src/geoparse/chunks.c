/* A per-run cache of recognition results per name chunk. Reports repeat their names
 * ("in Kabul", "Islamic State Khorasan Province"), and deciding a chunk costs many
 * word-list and gazetteer questions, so the mentions a chunk produced are kept under
 * a key that holds everything recognise.c's process_chunk looks at: the chunk's
 * tokens and the two before and one after it (their offsets, flags, gaps and
 * sentences relative to the chunk) and the text they span. The same key therefore
 * yields the same mentions, which are replayed with their positions moved. Chunks
 * whose words may have been cut (very long tokens) are not cached. The cache is
 * bounded: when full it is emptied and refilled, so memory stays flat on any input. */
#include "geoparse_private.h"
#include "incmap/alloc.h"

#include <stdlib.h>
#include <string.h>

/* Bounds: enough for the distinct chunks of a long report, small next to the text. */
#define MAX_ENTRIES (1u << 15)
#define MAX_KEY_BYTES ((size_t)8 << 20)
#define MAX_MENTIONS ((size_t)1 << 16)

typedef struct chunk_entry {
    uint64_t hash;
    size_t key_off, key_len;   /* in keys */
    size_t first, n;           /* in mentions */
    bool used;
} chunk_entry;

struct gp_chunks {
    chunk_entry *slots;
    size_t cap, n;             /* cap is a power of two, n <= cap / 2; it starts small
                                  and grows, so that a report with few distinct chunks
                                  probes a table that stays in cache */
    unsigned char *keys;
    size_t n_keys, cap_keys;
    gp_mention *mentions;      /* tok_first/tok_last relative to the chunk's start */
    size_t n_mentions, cap_mentions;
};

gp_chunks *gp_chunks_create(void)
{
    gp_chunks *c = im_xcalloc(1, sizeof *c);
    c->cap = 256;
    c->slots = im_xcalloc(c->cap, sizeof *c->slots);
    return c;
}

void gp_chunks_destroy(gp_chunks *c)
{
    if (!c)
        return;
    free(c->slots);
    free(c->keys);
    free(c->mentions);
    free(c);
}

/* Eight bytes at a time: keys are some dozens of bytes, and a byte-wise hash cost as
 * much as the look-up saved. */
static uint64_t hash_bytes(const unsigned char *p, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15u ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDu;
        h ^= h >> 32;
    }
    uint64_t w = 0;
    memcpy(&w, p + i, n - i);
    h = (h ^ w) * 0xC4CEB9FE1A85EC53u;
    return h ^ (h >> 29);
}

static void put16(unsigned char *p, size_t v)
{
    p[0] = (unsigned char)(v & 0xFF);
    p[1] = (unsigned char)(v >> 8);
}

size_t gp_chunk_key(const char *s, const gp_token *t, size_t n, size_t a, size_t b,
                    unsigned char *key, size_t cap)
{
    size_t lo = a >= 2 ? a - 2 : 0, hi = b + 1 < n ? b + 1 : b;
    size_t base = t[lo].start, text_len = t[hi].end - base;
    size_t len = 3 + (hi - lo + 1) * 9 + text_len;
    if (b - a > 250 || len > cap || text_len > 0xFFFF)
        return 0;
    key[0] = (unsigned char)(a - lo);
    key[1] = (unsigned char)(hi - b);
    key[2] = (unsigned char)(b - a);
    unsigned char *p = key + 3;
    for (size_t k = lo; k <= hi; k++) {
        const gp_token *x = &t[k];
        if (x->lower_len >= sizeof x->lower - 1) /* possibly cut: facts may differ */
            return 0;
        long delta = (long)x->sentence - (long)t[a].sentence;
        if (delta < -100 || delta > 100)
            return 0;
        put16(p, x->start - base);
        put16(p + 2, x->end - base);
        put16(p + 4, x->core_end - base);
        p[6] = (unsigned char)(x->flags & ~(unsigned)TOK_CLASSED);
        p[7] = (unsigned char)x->gap_after;
        p[8] = (unsigned char)(signed char)delta;
        p += 9;
    }
    memcpy(p, s + base, text_len);
    return len;
}

static chunk_entry *probe(const gp_chunks *c, const unsigned char *key, size_t len,
                          uint64_t h)
{
    size_t i = (size_t)h & (c->cap - 1);
    for (;;) {
        chunk_entry *e = &c->slots[i];
        if (!e->used || (e->hash == h && e->key_len == len &&
                         memcmp(c->keys + e->key_off, key, len) == 0))
            return e;
        i = (i + 1) & (c->cap - 1);
    }
}

const gp_mention *gp_chunks_find(const gp_chunks *c, const unsigned char *key, size_t len,
                                 size_t *count)
{
    const chunk_entry *e = probe(c, key, len, hash_bytes(key, len));
    if (!e->used)
        return NULL;
    *count = e->n;
    return c->mentions + e->first;
}

void gp_chunks_store(gp_chunks *c, const unsigned char *key, size_t len,
                     const gp_mention *ms, size_t count, size_t a)
{
    if (c->n >= MAX_ENTRIES || c->n_keys + len > MAX_KEY_BYTES ||
        c->n_mentions + count > MAX_MENTIONS) { /* full: start afresh */
        memset(c->slots, 0, c->cap * sizeof *c->slots);
        c->n = c->n_keys = c->n_mentions = 0;
    }
    uint64_t h = hash_bytes(key, len);
    chunk_entry *e = probe(c, key, len, h);
    if (e->used)
        return;
    if ((c->n + 1) * 2 > c->cap) {
        gp_chunks grown = *c;
        grown.cap = c->cap * 2;
        grown.slots = im_xcalloc(grown.cap, sizeof *grown.slots);
        for (size_t i = 0; i < c->cap; i++) {
            const chunk_entry *o = &c->slots[i];
            if (o->used)
                *probe(&grown, c->keys + o->key_off, o->key_len, o->hash) = *o;
        }
        free(c->slots);
        c->slots = grown.slots;
        c->cap = grown.cap;
        e = probe(c, key, len, h);
    }
    c->keys = im_xgrow(c->keys, &c->cap_keys, c->n_keys + len, 1);
    memcpy(c->keys + c->n_keys, key, len);
    c->mentions = im_xgrow(c->mentions, &c->cap_mentions, c->n_mentions + count + 1,
                           sizeof *c->mentions);
    for (size_t i = 0; i < count; i++) {
        gp_mention *m = &c->mentions[c->n_mentions + i];
        *m = ms[i];
        m->tok_first -= (uint32_t)a;
        m->tok_last -= (uint32_t)a;
    }
    *e = (chunk_entry){h, c->n_keys, len, c->n_mentions, count, true};
    c->n_keys += len;
    c->n_mentions += count;
    c->n++;
}
