/* The evidence strings of one resolution run: each distinct string is kept once, one
 * after another in gp_mentions.evidence, and a mention holds its offset. Most
 * mentions share their evidence with many others, so besides the set of strings
 * there is a memo from what decided a resolution (gp_evidence_key: the note, the
 * chosen entry, the qualifier and the context bits) to the offset of the string that
 * describing it gave: building and hashing a hundred-byte string per mention cost
 * more than the rest of choosing. The memo only stores answers; resolve.c decides
 * what goes into a key and guarantees that equal keys describe alike. */
#include "geoparse_private.h"
#include "incmap/alloc.h"

#include <stdlib.h>
#include <string.h>

typedef struct string_slot {
    uint64_t hash;
    size_t off;                  /* 1 + offset in gp_mentions.evidence; 0: empty */
} string_slot;

typedef struct key_slot {
    gp_evidence_key key;
    size_t off;                  /* 0: empty */
} key_slot;

struct gp_evidence {
    gp_mentions *ms;
    string_slot *strings;        /* a set; cap is a power of two, n < cap / 2 */
    size_t n_strings, cap_strings;
    key_slot *keys;              /* the memo, likewise */
    size_t n_keys, cap_keys;
};

gp_evidence *gp_evidence_create(gp_mentions *ms)
{
    gp_evidence *ev = im_xcalloc(1, sizeof *ev);
    ev->ms = ms;
    return ev;
}

void gp_evidence_destroy(gp_evidence *ev)
{
    if (!ev)
        return;
    free(ev->strings);
    free(ev->keys);
    free(ev);
}

size_t gp_evidence_intern(gp_evidence *ev, const char *e)
{
    gp_mentions *ms = ev->ms;
    uint64_t h = 1469598103934665603u;
    size_t el = 0;
    for (; e[el]; el++)
        h = (h ^ (unsigned char)e[el]) * 1099511628211u;
    el++;
    if ((ev->n_strings + 1) * 2 > ev->cap_strings) { /* grow: cap stays a power of two */
        size_t cap = ev->cap_strings ? ev->cap_strings * 2 : 256;
        string_slot *slots = im_xcalloc(cap, sizeof *slots);
        for (size_t i = 0; i < ev->cap_strings; i++) {
            if (!ev->strings[i].off)
                continue;
            size_t j = (size_t)ev->strings[i].hash & (cap - 1);
            while (slots[j].off)
                j = (j + 1) & (cap - 1);
            slots[j] = ev->strings[i];
        }
        free(ev->strings);
        ev->strings = slots;
        ev->cap_strings = cap;
    }
    size_t j = (size_t)h & (ev->cap_strings - 1);
    for (; ev->strings[j].off; j = (j + 1) & (ev->cap_strings - 1))
        if (ev->strings[j].hash == h && !strcmp(ms->evidence + ev->strings[j].off - 1, e))
            return ev->strings[j].off;
    ms->evidence = im_xgrow(ms->evidence, &ms->cap_evidence, ms->n_evidence + el, 1);
    memcpy(ms->evidence + ms->n_evidence, e, el);
    ev->strings[j] = (string_slot){h, ms->n_evidence + 1};
    ev->n_strings++;
    ms->n_evidence += el;
    return ms->n_evidence - el + 1;
}

static uint64_t key_hash(const gp_evidence_key *k)
{
    uint64_t h = (uint64_t)(uintptr_t)k->note * 0x9E3779B97F4A7C15u;
    h = (h ^ k->place) * 0xFF51AFD7ED558CCDu;
    h = (h ^ k->qualifier) * 0xC4CEB9FE1A85EC53u;
    for (size_t i = 0; i + 8 <= sizeof k->decided; i += 8) {
        uint64_t w;
        memcpy(&w, k->decided + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDu;
        h ^= h >> 32;
    }
    return h ^ (h >> 29);
}

static bool key_equal(const gp_evidence_key *a, const gp_evidence_key *b)
{
    return a->note == b->note && a->place == b->place && a->qualifier == b->qualifier &&
           !memcmp(a->decided, b->decided, sizeof a->decided);
}

/* The slot of key k: where it is, or the empty slot where it would go. */
static key_slot *key_probe(key_slot *slots, size_t cap, const gp_evidence_key *k)
{
    size_t j = (size_t)key_hash(k) & (cap - 1);
    while (slots[j].off && !key_equal(&slots[j].key, k))
        j = (j + 1) & (cap - 1);
    return &slots[j];
}

size_t gp_evidence_recall(const gp_evidence *ev, const gp_evidence_key *k)
{
    if (!ev->cap_keys)
        return 0;
    return key_probe(ev->keys, ev->cap_keys, k)->off;
}

void gp_evidence_remember(gp_evidence *ev, const gp_evidence_key *k, size_t off)
{
    if ((ev->n_keys + 1) * 2 > ev->cap_keys) {
        size_t cap = ev->cap_keys ? ev->cap_keys * 2 : 256;
        key_slot *slots = im_xcalloc(cap, sizeof *slots);
        for (size_t i = 0; i < ev->cap_keys; i++)
            if (ev->keys[i].off)
                *key_probe(slots, cap, &ev->keys[i].key) = ev->keys[i];
        free(ev->keys);
        ev->keys = slots;
        ev->cap_keys = cap;
    }
    key_slot *s = key_probe(ev->keys, ev->cap_keys, k);
    if (!s->off)
        ev->n_keys++;
    *s = (key_slot){*k, off};
}
