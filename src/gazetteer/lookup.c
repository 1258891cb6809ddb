/* Ranked name look-up (see gazetteer.h): exact keys, alternate names, transliteration
 * skeletons and unit words ("Zabul province"). Ranking here is context-free — the
 * prior of gazetteer.c plus a small preference for an entry's own name — because
 * context belongs to the geoparser. */
#include "gaz_private.h"
#include "incmap/alloc.h"
#include "incmap/fold.h"

#include <stdlib.h>
#include <string.h>

typedef struct cand_list {
    im_candidate *items;
    size_t n, cap;
} cand_list;

static bool accept(const im_gazetteer *gz, uint32_t id, const im_lookup_opts *o)
{
    const gaz_place *p = &gz->places[id];
    if (o->kind != IM_PLACE_ANY && p->kind != (uint8_t)o->kind)
        return false;
    if (o->iso2 && (strlen(o->iso2) != 2 || (p->iso2[0] != (o->iso2[0] & ~0x20)) ||
                    (p->iso2[1] != (o->iso2[1] & ~0x20))))
        return false;
    return true;
}

static void add(cand_list *l, uint32_t id, im_match match, double score)
{
    for (size_t i = 0; i < l->n; i++) {
        if (l->items[i].id == id) {
            if (score > l->items[i].score) {
                l->items[i].score = score;
                l->items[i].match = match;
            }
            return;
        }
    }
    l->items = im_xgrow(l->items, &l->cap, l->n + 1, sizeof *l->items);
    l->items[l->n++] = (im_candidate){id, match, score};
}

static void collect(const im_gazetteer *gz, const gaz_name *recs, size_t n, const char *key,
                    const im_lookup_opts *o, double bonus, cand_list *l)
{
    for (size_t i = gaz_lower_bound(gz, recs, n, key); i < n; i++) {
        if (strcmp(gaz_str(gz, recs[i].key), key) != 0)
            break;
        uint32_t id = recs[i].place;
        if (!accept(gz, id, o))
            continue;
        im_match m = (im_match)recs[i].match;
        double s = im_gazetteer_prior(gz, id) + bonus;
        if (m == IM_MATCH_NAME)
            s += 0.5;
        else if (m == IM_MATCH_VARIANT)
            s -= 3.0;
        add(l, id, m, s);
    }
}

/* Does the list hold a named feature matched by its name or an alternate name? */
static bool whole_feature_name(const im_gazetteer *gz, const cand_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        if (gz->places[l->items[i].id].kind == IM_PLACE_FEATURE &&
            l->items[i].match != IM_MATCH_VARIANT)
            return true;
    return false;
}

static int by_score(const void *a, const void *b)
{
    const im_candidate *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static void lookup_into(const im_gazetteer *gz, const char *key, const im_lookup_opts *o,
                        double bonus, cand_list *l)
{
    collect(gz, gz->names, gz->h->n_names, key, o, bonus, l);
    if (o->variants) {
        char skel[IM_FOLD_MAX];
        if (im_fold_variant(key, skel))
            collect(gz, gz->variants, gz->h->n_variants, skel, o, bonus, l);
    }
}

static size_t finish(cand_list *l, im_candidate *out, size_t max)
{
    if (l->n > 1)
        qsort(l->items, l->n, sizeof *l->items, by_score);
    size_t n = l->n < max ? l->n : max;
    if (n)
        memcpy(out, l->items, n * sizeof *out);
    free(l->items);
    return l->n;
}

size_t im_gazetteer_lookup_key(const im_gazetteer *gz, const char *key,
                               const im_lookup_opts *opts, im_candidate *out, size_t max)
{
    im_lookup_opts def = IM_LOOKUP_OPTS_INIT;
    const im_lookup_opts *o = opts ? opts : &def;
    cand_list l = {0};
    lookup_into(gz, key, o, 0.0, &l);
    return finish(&l, out, max);
}

/* Unit words that name the kind of place they follow or precede. */
static const struct unit_word {
    const char *word;
    im_place_kind kind;
} unit_words[] = {
    {"province", IM_PLACE_ADMIN1},   {"provinces", IM_PLACE_ADMIN1},
    {"region", IM_PLACE_ADMIN1},     {"governorate", IM_PLACE_ADMIN1},
    {"oblast", IM_PLACE_ADMIN1},     {"state", IM_PLACE_ADMIN1},
    {"prefecture", IM_PLACE_ADMIN1}, {"viloyati", IM_PLACE_ADMIN1},
    {"district", IM_PLACE_ADMIN2},   {"districts", IM_PLACE_ADMIN2},
    {"county", IM_PLACE_ADMIN2},     {"raion", IM_PLACE_ADMIN2},
    {"city", IM_PLACE_CITY},         {"town", IM_PLACE_CITY},
    {"village", IM_PLACE_CITY},
};

/* If `key` ends with " <unit>" or starts with "<unit> of ", write the rest to `base`
 * and return the unit's kind; else IM_PLACE_ANY. */
static im_place_kind split_unit_word(const char *key, char base[IM_FOLD_MAX])
{
    size_t len = strlen(key);
    for (size_t i = 0; i < sizeof unit_words / sizeof unit_words[0]; i++) {
        const char *w = unit_words[i].word;
        size_t wl = strlen(w);
        if (len > wl + 1 && key[len - wl - 1] == ' ' && strcmp(key + len - wl, w) == 0) {
            memcpy(base, key, len - wl - 1);
            base[len - wl - 1] = '\0';
            return unit_words[i].kind;
        }
        if (len > wl + 4 && strncmp(key, w, wl) == 0 && strncmp(key + wl, " of ", 4) == 0) {
            strcpy(base, key + wl + 4);
            return unit_words[i].kind;
        }
    }
    return IM_PLACE_ANY;
}

size_t im_gazetteer_lookup(const im_gazetteer *gz, const char *name, size_t len,
                           const im_lookup_opts *opts, im_candidate *out, size_t max)
{
    im_lookup_opts def = IM_LOOKUP_OPTS_INIT;
    const im_lookup_opts *o = opts ? opts : &def;
    char key[IM_FOLD_MAX];
    if (!im_fold(name, len, key, NULL))
        return 0;
    cand_list l = {0};
    lookup_into(gz, key, o, 0.0, &l);
    char base[IM_FOLD_MAX];
    im_place_kind unit = o->unit_words ? split_unit_word(key, base) : IM_PLACE_ANY;
    if (unit != IM_PLACE_ANY && (o->kind == IM_PLACE_ANY || o->kind == unit)) {
        im_lookup_opts narrowed = *o;
        narrowed.kind = unit;
        /* The unit word is strong evidence: its matches outrank the bare phrase, unless
           the whole phrase is the name of a named feature ("Kurdistan Region" is the
           region of Iraq, not a province "Kurdistan"). */
        double bonus = whole_feature_name(gz, &l) ? 0.0 : 4.0;
        lookup_into(gz, base, &narrowed, bonus, &l);
    }
    return finish(&l, out, max);
}
