/* The geoparser's word knowledge, read from the tables under geodata/lexicon/ that
 * tools/gen_tables.py compiles into the library: word classes (words.tsv), English
 * given names (given_names.tsv), unit words (units.tsv), United States state
 * abbreviations (us_states.tsv) and region phrases (regions.tsv). This file only maps
 * table rows to the bits and answers recognition asks for; it holds no word itself.
 * Look-ups bisect the generated arrays, and the memo asks once per key and run. */
#include "geoparse_private.h"

#include "geodata/lexicon/tab_frequent_words.h"
#include "geodata/lexicon/tab_given_names.h"
#include "geodata/lexicon/tab_region_lower_starts.h"
#include "geodata/lexicon/tab_regions.h"
#include "geodata/lexicon/tab_units.h"
#include "geodata/lexicon/tab_us_states.h"
#include "geodata/lexicon/tab_words.h"

#include <string.h>

/* The `class` column of words.tsv; a class missing here is an error the unit test
 * (gp_lexicon_sorted) reports. */
static const struct word_class_name {
    const char *name;
    unsigned bit;
} class_names[] = {
    {"ambiguous", WORD_AMBIGUOUS},     {"calendar", WORD_MONTH},
    {"common", WORD_COMMON},           {"determiner", WORD_DETERMINER},
    {"directional", WORD_DIRECTIONAL}, {"eponym", WORD_EPONYM},
    {"feature", WORD_FEATURE},
    {"function", WORD_FUNCTION},       {"joiner", WORD_JOINER},
    {"locative", WORD_LOCATIVE},       {"nonplace", WORD_NONPLACE},
    {"org_head", WORD_ORG_HEAD},       {"person", WORD_PERSON},
    {"site", WORD_SITE},               {"speech", WORD_SPEECH},
    {"title", WORD_TITLE},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static unsigned class_bit(const char *name)
{
    for (size_t i = 0; i < COUNT(class_names); i++)
        if (!strcmp(class_names[i].name, name))
            return class_names[i].bit;
    return 0;
}

/* The first region whose key is not below `key` (keys are sorted bytewise, which is
 * strcmp's order). */
static size_t region_lower_bound(const char *key)
{
    size_t lo = 0, hi = tab_regions_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(tab_regions[mid].key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Does some region key equal `word` or start with `word` and a space? Keys hold only
 * letters, digits and spaces, so the first key not below `word` is the one to test. */
static bool region_starts_with(const char *word)
{
    size_t lo = region_lower_bound(word), wl = strlen(word);
    return lo < tab_regions_count && strncmp(tab_regions[lo].key, word, wl) == 0 &&
           (tab_regions[lo].key[wl] == '\0' || tab_regions[lo].key[wl] == ' ');
}

bool gp_lower_region_start(const char *w)
{
    /* most words fail on their first letter, which the few starters do not share */
    for (size_t i = 0; i < tab_region_lower_starts_count; i++)
        if (tab_region_lower_starts[i].word[0] == w[0])
            return strcmp(tab_region_lower_starts[i].word, w) == 0;
    return false;
}

unsigned gp_word_classes(const char *w)
{
    unsigned c = 0;
    size_t len = strlen(w);
    if (region_starts_with(w))
        c |= WORD_REGION_START;
    const struct tab_words *row = tab_words_find(w, len);
    for (; row && row < tab_words + tab_words_count && !strcmp(row->word, w); row++)
        c |= class_bit(row->class);
    if (tab_given_names_find(w, len))
        c |= WORD_GIVEN;
    if (tab_frequent_words_find(w, len))
        c |= WORD_FREQUENT;
    if (tab_units_find(w, len))
        c |= WORD_UNIT;
    return c;
}

im_place_kind gp_unit_word(const char *w, bool *plural, bool *weak)
{
    const struct tab_units *u = tab_units_find(w, strlen(w));
    if (!u)
        return IM_PLACE_ANY;
    if (plural)
        *plural = u->plural != 0;
    if (weak)
        *weak = u->weak != 0;
    return !strcmp(u->kind, "admin1")   ? IM_PLACE_ADMIN1
           : !strcmp(u->kind, "admin2") ? IM_PLACE_ADMIN2
                                        : IM_PLACE_CITY;
}

const char *gp_us_state(const char *folded, bool capitals)
{
    const struct tab_us_states *s = tab_us_states_find(folded, strlen(folded));
    return s && (!s->postal || capitals) ? s->name : NULL;
}

size_t gp_region_match(const char *text, const gp_token *toks, size_t n, size_t i,
                       const gp_region **out)
{
    char key[IM_FOLD_MAX];
    size_t best = 0;
    if (i >= n || !(toks[i].classes & WORD_REGION_START))
        return 0;
    for (size_t len = 1; len <= 4 && i + len <= n; len++) {
        const gp_token *last = &toks[i + len - 1];
        if (len > 1 && toks[i + len - 2].gap_after != GAP_SPACE &&
            toks[i + len - 2].gap_after != GAP_HYPHEN)
            break;
        /* a token's `lower` is its im_fold unless it may have been cut */
        if (len == 1 && toks[i].lower_len < sizeof toks[i].lower - 1)
            memcpy(key, toks[i].lower, (size_t)toks[i].lower_len + 1);
        else
            im_fold(text + toks[i].start, last->core_end - toks[i].start, key, NULL);
        /* keys are distinct (gp_lexicon_sorted), so at most one matches */
        const gp_region *reg = tab_regions_find(key, strlen(key));
        if (reg && (reg->lowercase_ok || (toks[i].flags & (TOK_CAP | TOK_ALLCAPS))) &&
            (!reg->needs_the || (i > 0 && strcmp(toks[i - 1].lower, "the") == 0))) {
            best = len;
            *out = reg;
        }
        if (last->flags & TOK_POSS)
            break;
    }
    return best;
}

/* Are the keys of a generated table distinct? (gen_tables.py sorts rows but allows
 * equal keys, which these tables must not have.) */
#define DISTINCT(tab, field, bad)                                                     \
    do {                                                                              \
        for (size_t i_ = 1; i_ < tab##_count; i_++)                                   \
            if (strcmp(tab[i_ - 1].field, tab[i_].field) >= 0) {                      \
                *(bad) = tab[i_].field;                                               \
                return false;                                                         \
            }                                                                         \
    } while (0)

bool gp_lexicon_sorted(const char **bad)
{
    *bad = NULL;
    DISTINCT(tab_regions, key, bad);
    DISTINCT(tab_us_states, key, bad);
    DISTINCT(tab_units, word, bad);
    DISTINCT(tab_given_names, name, bad);
    DISTINCT(tab_frequent_words, word, bad);
    DISTINCT(tab_region_lower_starts, word, bad);
    for (size_t i = 0; i < tab_words_count; i++) {
        if (!class_bit(tab_words[i].class)) {
            *bad = tab_words[i].word; /* a class this file does not know */
            return false;
        }
        if (i && strcmp(tab_words[i - 1].word, tab_words[i].word) > 0) {
            *bad = tab_words[i].word;
            return false;
        }
    }
    for (size_t i = 0; i < tab_units_count; i++) {
        const char *k = tab_units[i].kind;
        if (strcmp(k, "admin1") && strcmp(k, "admin2") && strcmp(k, "city")) {
            *bad = tab_units[i].word;
            return false;
        }
    }
    for (size_t i = 1; i < tab_region_lower_starts_count; i++) {
        if (tab_region_lower_starts[i - 1].word[0] == tab_region_lower_starts[i].word[0]) {
            *bad = tab_region_lower_starts[i].word; /* gp_lower_region_start needs
                                                       distinct initials */
            return false;
        }
    }
    for (size_t i = 0; i < tab_regions_count; i++) {
        char first[32];
        size_t len = strcspn(tab_regions[i].key, " ");
        if (!tab_regions[i].lowercase_ok || len >= sizeof first)
            continue;
        memcpy(first, tab_regions[i].key, len);
        first[len] = '\0';
        if (!gp_lower_region_start(first)) {
            *bad = tab_regions[i].key;
            return false;
        }
    }
    return true;
}
