/* What the geoparser's files share: tokens, word lists, candidate mentions and the
 * result object. Stages: tokens.c splits sentences into word tokens with their
 * capitalisation and the gaps between them; recognise.c groups capitalised tokens
 * into name chunks and decides which chunks name places; resolve.c scores each
 * place's gazetteer candidates with the document's context; geoparse.c runs the
 * stages and owns the result. */
#ifndef INCMAP_GEOPARSE_PRIVATE_H
#define INCMAP_GEOPARSE_PRIVATE_H

#include "incmap/geoparse.h"
#include "incmap/fold.h"

#include <stdbool.h>
#include <stddef.h>

/* ---- tokens ----------------------------------------------------------------- */

enum {
    TOK_CAP = 1u << 0,        /* starts with an upper-case letter (or al-X) */
    TOK_ALLCAPS = 1u << 1,    /* two or more letters, all upper case (ISKP, US) */
    TOK_POSS = 1u << 2,       /* ends in 's or s' (core_end excludes it) */
    TOK_DIGIT = 1u << 3,      /* contains a digit */
    TOK_SENT_START = 1u << 4, /* first word of its sentence (or of a quotation) */
    TOK_ABBREV = 1u << 5,     /* dotted abbreviation: U.S., St. */
    TOK_LOWER = 1u << 6       /* starts with a lower-case letter */
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
    char lower[48];           /* folded core (im_fold), cut at 47 bytes */
} gp_token;

typedef struct gp_tokens {
    gp_token *items;
    size_t n, cap;
} gp_tokens;

/* Split the whole clean text into tokens, sentence by sentence. */
void gp_tokenize(const im_text *text, gp_tokens *out);

/* ---- word lists (lexicon.c) -------------------------------------------------- */

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
    WORD_FUNCTION = 1u << 9     /* preposition, article, conjunction, sentence adverb */
} gp_word_class;

/* Bit set of gp_word_class for a folded word. */
unsigned gp_word_classes(const char *folded);

/* Unit words: "province" → ADMIN1, "district" → ADMIN2, "city" → CITY. Returns
 * IM_PLACE_ANY when `folded` is not one; `*plural` tells "provinces". `*weak` is set for
 * words that hint without forcing ("region"). */
im_place_kind gp_unit_word(const char *folded, bool *plural, bool *weak);

typedef struct gp_region {
    const char *key;          /* folded phrase */
    const char *name;         /* canonical name */
    const char *iso2;         /* country when inside one, else "" */
    bool needs_the;           /* "the West", not "Tom West" */
    bool lowercase_ok;        /* matches in lower case ("the tribal areas") */
} gp_region;

/* The longest region phrase starting at token `i` (up to `max_tokens` tokens): returns
 * the number of tokens it spans (0 if none) and the region in `*out`. */
size_t gp_region_match(const char *text, const gp_token *toks, size_t n, size_t i,
                       const gp_region **out);

/* ---- candidate mentions ---------------------------------------------------- */

#define GP_MAX_CANDS 24

typedef struct gp_mention {
    im_mention m;              /* public part; surface/evidence filled at the end */
    size_t tok_first, tok_last;
    im_candidate cands[GP_MAX_CANDS];
    size_t n_cands;
    double ctx[GP_MAX_CANDS];  /* context score per candidate */
    im_place_kind unit_kind;   /* from a unit word, else IM_PLACE_ANY */
    bool unit_weak;
    bool locative;             /* a locative preposition or verb precedes */
    bool site_context;         /* "a mosque in X": X is a town */
    bool container;            /* "district of X", "X's Y": X contains another place */
    size_t list_id;            /* 0 = not in a list */
    uint32_t qualifier;        /* gazetteer id of "X, Country" / "Country's X", or NONE */
    bool qualifier_apposition; /* the qualifier came as "X, Country" */
    uint32_t container_of;     /* for "Y district of X": mention index + 1 of Y */
    char evidence[160];
} gp_mention;

typedef struct gp_mentions {
    gp_mention *items;
    size_t n, cap;
} gp_mentions;

/* Recognise place, region and demonym mentions in the token stream. */
void gp_recognise(const im_gazetteer *gz, const im_text *text, const gp_tokens *toks,
                  gp_mentions *out);

/* Choose a candidate for every place mention; may add warnings. */
void gp_resolve(const im_gazetteer *gz, const im_text *text, gp_mentions *ms,
                char ***warnings, size_t *n_warnings, char focus[3]);

#endif
