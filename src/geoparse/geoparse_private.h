/* What the geoparser's files share: tokens, word lists, candidate mentions and the
 * result object. Stages: tokens.c splits sentences into word tokens with their
 * capitalisation and the gaps between them; recognise.c groups capitalised tokens
 * into name chunks and decides which chunks name places; resolve.c scores each
 * place's gazetteer candidates with the document's context; memo.c remembers the
 * gazetteer's answers per key for one run, chunks.c recognition's results per
 * chunk, and evidence.c the resolutions' evidence strings; geoparse.c runs the
 * stages and owns the result. */
#ifndef INCMAP_GEOPARSE_PRIVATE_H
#define INCMAP_GEOPARSE_PRIVATE_H

#include "incmap/geoparse.h"
#include "incmap/fold.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- tokens ----------------------------------------------------------------- */

enum {
    TOK_CAP = 1u << 0,        /* starts with an upper-case letter (or al-X) */
    TOK_ALLCAPS = 1u << 1,    /* two or more letters, all upper case (ISKP, US) */
    TOK_POSS = 1u << 2,       /* ends in 's or s' (core_end excludes it) */
    TOK_DIGIT = 1u << 3,      /* contains a digit */
    TOK_SENT_START = 1u << 4, /* first word of its sentence (or of a quotation) */
    TOK_ABBREV = 1u << 5,     /* dotted abbreviation: U.S., St. */
    TOK_LOWER = 1u << 6,      /* starts with a lower-case letter */
    TOK_CLASSED = 1u << 7     /* `classes` is filled (gp_token_classes) */
};

/* How two neighbouring tokens are separated. */
typedef enum gp_gap {
    GAP_SPACE,     /* white space only */
    GAP_HYPHEN,    /* a hyphen with no space: US-led */
    GAP_COMMA,     /* a comma and white space */
    GAP_OPEN,      /* an opening quote or bracket between them */
    GAP_CLOSE,     /* a closing quote or bracket between them */
    GAP_OTHER      /* anything else: period, colon, dash, semicolon… */
} gp_gap;

typedef struct gp_token {
    size_t start, end;        /* clean-text bytes of the whole token */
    size_t core_end;          /* end without a possessive suffix */
    unsigned flags;
    gp_gap gap_after;         /* separation from the next token */
    size_t sentence;
    unsigned classes;         /* gp_word_classes(lower) once TOK_CLASSED: looked up
                                 on demand, since most words never need it */
    unsigned char lower_len;  /* strlen(lower); 47 may mean cut */
    struct gp_key_facts *facts; /* the memo's facts for `lower`, once classed, or NULL */
    char lower[48];           /* folded core (im_fold), cut at 47 bytes */
} gp_token;

typedef struct gp_memo gp_memo;

typedef struct gp_tokens {
    gp_token *items;
    size_t n, cap;
    gp_memo *memo;            /* borrowed: remembers word classes; NULL looks each up */
} gp_tokens;

/* The word classes of token i, looked up (through toks->memo) on first use. */
unsigned gp_token_classes(gp_tokens *toks, size_t i);

/* Release what `toks` holds. */
void gp_tokens_free(gp_tokens *toks);

/* Append the tokens of sentences [first, end) of the clean text to `out`. */
void gp_tokenize(const im_text *text, size_t first, size_t end, gp_tokens *out);

/* ---- word lists (lexicon.c, from geodata/lexicon/) ------------------------------ */

typedef enum gp_word_class {
    WORD_COMMON = 1u << 0,      /* ordinary English word */
    WORD_ORG_HEAD = 1u << 1,    /* Command, Institute, Party… ends an organisation */
    WORD_PERSON = 1u << 2,      /* given name, title or kunya element */
    WORD_MONTH = 1u << 3,       /* month or weekday */
    WORD_NONPLACE = 1u << 4,    /* language, religion, group, platform */
    WORD_DIRECTIONAL = 1u << 5, /* northern, central, greater… */
    WORD_SITE = 1u << 6,        /* mosque, airport, embassy… */
    WORD_LOCATIVE = 1u << 7,    /* in, near, from… */
    WORD_JOINER = 1u << 8,      /* of, the, e, i… inside names */
    WORD_FUNCTION = 1u << 9,    /* preposition, article, conjunction, sentence adverb */
    WORD_REGION_START = 1u << 10, /* first word of a region phrase (gp_region_match) */
    WORD_AMBIGUOUS = 1u << 11,  /* a place name that is an everyday word: Reading, Mobile */
    WORD_DETERMINER = 1u << 12, /* the, a, his, this… */
    WORD_UNIT = 1u << 13,       /* a unit word (gp_unit_word) */
    WORD_FEATURE = 1u << 14,    /* bridge, park, river…: a landmark's head noun */
    WORD_GIVEN = 1u << 15,      /* an English given name (given_names.tsv) */
    WORD_TITLE = 1u << 16,      /* President, Mr, Sen.: a person's name follows */
    WORD_SPEECH = 1u << 17,     /* said, told…: "Steele said" is a person */
    WORD_EPONYM = 1u << 18,     /* virus, fever…: "Marburg virus" names no place */
    WORD_FREQUENT = 1u << 19    /* among the 10,000 most frequent English words */
} gp_word_class;

/* Bit set of gp_word_class for a folded word. */
unsigned gp_word_classes(const char *folded);

/* True when every word list and table is strictly sorted, as bisection needs, and
 * the lower-case region starters have distinct initials and cover the regions that
 * match in lower case; otherwise `*bad` names the first offending word. */
bool gp_lexicon_sorted(const char **bad);

/* Unit words: "province" → ADMIN1, "district" → ADMIN2, "city" → CITY. Returns
 * IM_PLACE_ANY when `folded` is not one; `*plural` tells "provinces". `*weak` is set for
 * words that hint without forcing ("region"). */
im_place_kind gp_unit_word(const char *folded, bool *plural, bool *weak);

/* A row of geodata/lexicon/regions.tsv: key (folded phrase), name (canonical), iso2
 * (country when inside one, else ""), needs_the ("the West", not "Tom West"),
 * lowercase_ok (matches in lower case: "the tribal areas"). Files that read its
 * fields include "geodata/lexicon/tab_regions.h". */
typedef struct tab_regions gp_region;

/* The state a news abbreviation after a town names ("ga" → "Georgia", "ny" → "New
 * York"), or NULL. Two-letter postal codes ("tx") count only when `capitals`. */
const char *gp_us_state(const char *folded, bool capitals);

/* Could a lower-case word start a region phrase ("tribal areas", "former Soviet
 * Union")? A cheap test before any look-up. */
bool gp_lower_region_start(const char *folded);

/* The longest region phrase starting at token `i` (up to 4 tokens, within the first
 * n): returns the number of tokens it spans (0 if none) and the region in `*out`.
 * Token i must have its classes filled (gp_token_classes). */
size_t gp_region_match(const char *text, const gp_token *toks, size_t n, size_t i,
                       const gp_region **out);

/* The weight `name` of geodata/lexicon/weights.tsv (weights.c); aborts on a name the
 * table lacks, which the unit test rules out. */
double gp_weight(const char *name);

/* ---- gazetteer answers per key (memo.c) --------------------------------------- */

/* Facts about one folded key; `known` says which of them have been asked. */
enum {
    KEY_EXACT = 1u << 0,      /* a name or alternate name, without variants */
    KEY_COUNTRY = 1u << 1,    /* a country's name; `country` is its id */
    KEY_PREFIX = 1u << 2,     /* some longer name starts with it */
    KEY_ANY = 1u << 3,        /* matches anything, variants included */
    KEY_STRONG = 1u << 4,     /* strong enough to stand alone (recognise.c) */
    KEY_CANDS = 1u << 5,      /* `cands` holds the ranked candidates */
    KEY_ADMIN1 = 1u << 6,     /* a first-level unit's name, without variants */
    KEY_DEMONYM = 1u << 7,    /* a demonym; `demonym` is its country */
    KEY_CLASSES = 1u << 8,    /* `classes` holds gp_word_classes of the key */
    KEY_CAND_EXACT = 1u << 9, /* with KEY_CANDS: some candidate is no mere variant */
    KEY_CAND_COUNTRY = 1u << 10, /* with KEY_CANDS: a country among the first four */
    KEY_PERSON = 1u << 11     /* the document used it as a person's name (people.c) */
};

typedef struct gp_key_facts {
    uint32_t serial;          /* distinct per key within a memo: an interned key */
    unsigned known, facts;
    uint32_t country;
    char demonym[3];
    unsigned classes;
    im_candidate *cands;      /* owned by the memo */
    unsigned char *kinds;     /* im_place_kind of each candidate, owned by the memo */
    im_place *places;         /* the gazetteer entry of each candidate, owned by the memo */
    struct gp_key_facts *folded; /* in a memo of surfaces as written: the facts of the
                                    surface's folded key, in another memo */
    size_t n_cands;
} gp_key_facts;

gp_memo *gp_memo_create(void);
void gp_memo_destroy(gp_memo *memo);
/* The facts slot for `key`, created empty (known == 0) on first use. The pointer
 * stays valid for the memo's life. */
gp_key_facts *gp_memo_get(gp_memo *memo, const char *key);

/* ---- candidate mentions ---------------------------------------------------- */

#define GP_MAX_CANDS 24

/* Indexes are 32-bit (inputs are smaller than 4 GB) and fields are grouped by size:
 * long inputs hold hundreds of thousands of these, and resolution walks them often. */
typedef struct gp_mention {
    im_mention m;              /* public part; surface/evidence filled at the end */
    uint32_t tok_first, tok_last;
    im_candidate *cands;       /* up to GP_MAX_CANDS, owned by gp_resolve's pool */
    uint32_t n_cands;
    uint32_t list_id;          /* 0 = not in a list */
    uint32_t qualifier;        /* gazetteer id of "X, Country" / "Country's X", or NONE */
    uint32_t qualified_by;     /* mention index + 1 of Y in "X, Y" / "X in Y", or 0 */
    uint32_t qualifies;        /* the reverse link: mention index + 1 of X, or 0 */
    uint32_t container_of;     /* for "Y district of X": mention index + 1 of Y */
    im_place_kind unit_kind;   /* from a unit word, else IM_PLACE_ANY */
    bool has_own_name;         /* some candidate matched by its own name, not an alias */
    bool unit_weak;
    bool locative;             /* a locative preposition or verb precedes */
    bool site_context;         /* "a mosque in X": X is a town */
    bool container;            /* "district of X", "X's Y": X contains another place */
    bool dateline;             /* "KABUL —" opening a paragraph */
    bool qualifier_apposition; /* the qualifier came as "X, Country" */
    bool qualifier_soft;       /* "X in Y", "the Libyan capital": no contradiction warning */
    bool contained;            /* the text puts X inside its qualified_by Y ("X in Y", "the
                                  X area of Y", "X district of Y"): only candidates inside
                                  Y qualify, else X resolves to Y itself */
    bool dropped;              /* resolution found it too weak: not in the result */
    const char *note;          /* static: what recognition saw ("dateline"), or NULL */
    const char *name;          /* static: the name meant when the surface is an
                                  abbreviation ("Ga." → "Georgia"), else NULL */
    size_t evidence;           /* 1 + offset of the resolution's evidence in
                                  gp_mentions.evidence, or 0 */
} gp_mention;

typedef struct gp_mentions {
    gp_mention *items;
    size_t n, cap;
    size_t lists;              /* list ids handed out so far */
    char *evidence;            /* the resolutions' evidence strings, each distinct one
                                  once, one after another */
    size_t n_evidence, cap_evidence;
} gp_mentions;

/* ---- evidence strings (evidence.c) --------------------------------------------- */

typedef struct gp_evidence gp_evidence;

/* What decided a resolution, as far as its evidence string tells: equal keys must
 * describe alike. resolve.c copies the rest of what it describes (its whole context
 * record, so a flag added there is never left out) into `decided`, zero-filled. */
typedef struct gp_evidence_key {
    const char *note;         /* the mention's note (a static string), or NULL */
    uint32_t place;           /* the chosen gazetteer entry */
    uint32_t qualifier;       /* the mention's qualifier, or IM_PLACE_NONE */
    unsigned char decided[24];
} gp_evidence_key;

/* The strings go into ms->evidence, which must outlive the result. */
gp_evidence *gp_evidence_create(gp_mentions *ms);
void gp_evidence_destroy(gp_evidence *ev);
/* 1 + the offset of string `e` in ms->evidence, added there unless it already is. */
size_t gp_evidence_intern(gp_evidence *ev, const char *e);
/* The offset remembered under `k`, or 0. */
size_t gp_evidence_recall(const gp_evidence *ev, const gp_evidence_key *k);
void gp_evidence_remember(gp_evidence *ev, const gp_evidence_key *k, size_t off);

/* ---- recognition results per chunk (chunks.c) ---------------------------------- */

typedef struct gp_chunks gp_chunks;

gp_chunks *gp_chunks_create(void);
void gp_chunks_destroy(gp_chunks *chunks);
/* The cache key of chunk [a, b] of tokens t[0, n) over clean text s, into key (cap
 * bytes); returns its length, or 0 when the chunk is not to be cached. */
size_t gp_chunk_key(const char *s, const gp_token *t, size_t n, size_t a, size_t b,
                    unsigned char *key, size_t cap);
/* The mentions stored under `key` (count in *count; token indexes relative to the
 * chunk's first token), or NULL when there are none. */
const gp_mention *gp_chunks_find(const gp_chunks *chunks, const unsigned char *key,
                                 size_t len, size_t *count);
/* Remember the `count` mentions chunk [a, …] produced under `key`. */
void gp_chunks_store(gp_chunks *chunks, const unsigned char *key, size_t len,
                     const gp_mention *ms, size_t count, size_t a);

/* Recognise place, region and demonym mentions in `toks`, a window of whole sentences,
 * and append them to `out` in text order. Nothing a rule looks at crosses a sentence,
 * so the text can be fed window by window and tokens need not outlive their window;
 * tok_first/tok_last of earlier windows' mentions are stale afterwards. */
void gp_recognise(const im_gazetteer *gz, gp_memo *memo, gp_chunks *chunks,
                  const im_text *text, gp_tokens *toks, gp_mentions *out);

/* Choose a candidate for every place mention; may add warnings. Mentions too weak to
 * keep are marked `dropped`, not removed. With `remember_evidence`, mentions decided
 * alike share one description (gp_evidence_key); without, each is described afresh,
 * which gives the same strings slower (the unit tests compare the two). */
void gp_resolve(const im_gazetteer *gz, gp_memo *memo, const im_text *text,
                gp_mentions *ms, bool remember_evidence, char ***warnings,
                size_t *n_warnings, char focus[3]);

#endif
