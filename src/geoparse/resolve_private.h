/* What the resolver's files share (resolve.c scores and chooses, resolve_gather.c
 * gathers and narrows each mention's candidates, resolve_context.c indexes what the
 * document says around each mention: focus, neighbours, lists, and weights.c reads
 * the weights). Private to src/geoparse/resolve*.c. */
#ifndef INCMAP_RESOLVE_PRIVATE_H
#define INCMAP_RESOLVE_PRIVATE_H

#include "geoparse_private.h"

#include <string.h>

/* The weights of geodata/lexicon/weights.tsv (see there for what each means), read
 * once per run by rs_weights_load. */
typedef struct rs_weights {
    double alt_name_penalty, confidence_scale, container, discourse, focus_country,
        focus_min_share, focus_one_country, focus_scale, list_country, list_kind,
        lone_margin, outlier_km, outlier_population, para_admin1, para_admin2,
        para_country, para_region, para_town, prior_cap, prior_over_cap, qualifier,
        sentence_country, sentence_region, site_other, site_town, unit_strong, unit_weak,
        unit_with_seat, variant_confidence, weak_city_population, weak_confidence,
        weak_village_population;
} rs_weights;

/* Fill `w` from the table; false (with the missing name in *missing) when a weight
 * is not in it. */
bool rs_weights_load(rs_weights *w, const char **missing);

typedef struct context {
    bool sentence_country, para_country, para_admin1, para_admin2;
    bool sentence_region, para_region; /* a province of p's country named nearby */
    bool para_town;              /* p is a district with a town of the paragraph in it */
    bool qualifier, unit, unit_weak, list_kind, list_country, site, container, discourse;
} context;

struct first_choice {
    size_t best;                 /* index of the winning candidate */
    context context;             /* what decided it */
    double margin;               /* over the runner-up */
};


typedef struct country_count {
    char iso2[3];
    double n;
    double bonus;                /* focus only: what the focus adds to a candidate's score */
} country_count;

/* What a mention offers its neighbours, computed once: its paragraph, the country of
 * its top candidate when that is a country or a province, and the admin1 and admin2
 * units among its first candidates. Mentions are in text order, so a paragraph's
 * mentions are one run [para_first, para_end) and context look-ups stay linear in
 * the paragraph. */
typedef struct near_info {
    uint32_t para;               /* 32-bit fields: there is one of these per mention */
    uint32_t para_first, para_end;
    char country[3];             /* top candidate is this country, else "" */
    char region_country[3];      /* top candidate is a province of this country */
    uint8_t n_admin1, n_admin2, n_town_admin2;
    uint32_t admin1[4];          /* admin1 candidates among the first four */
    uint32_t admin2[8];          /* admin2 candidates among the first eight */
    uint32_t town_admin2[8];     /* the admin2 units of its town candidates (first eight) */
} near_info;

/* The kind and country a list agrees on (list_votes), computed once per list. */
typedef struct list_info {
    size_t first, last;          /* its members lie within mentions [first, last] */
    bool seen, done;
    im_place_kind kind;
    char iso2[3];
} list_info;


typedef struct res {
    rs_weights w;                /* geodata/lexicon/weights.tsv */
    const im_gazetteer *gz;
    gp_memo *memo;
    gp_memo *surfaces;           /* per mention surface as written: its key's facts */
    const im_text *text;
    gp_mentions *ms;
    country_count *focus;
    size_t n_focus, cap_focus;
    double focus_total;          /* sum of focus over countries */
    uint16_t focus_slot[26 * 26]; /* per two-letter code: index + 1 in focus, or 0 */
    uint32_t *keys;              /* interned folded surface per place mention */
    uint32_t *strong_choice;     /* per mention: id chosen with strong evidence, or NONE */
    near_info *near;             /* per mention */
    list_info *lists;            /* per list id */
    size_t n_lists;
    char (*first_iso2)[3];       /* per mention: country of its pass-1 choice, once made */
    struct first_choice *first;  /* per mention: the first pass's winner and evidence */
    im_candidate *pool;          /* every mention's candidates, packed */
    size_t n_pool, cap_pool;
    size_t *cand_off;            /* per mention: where its candidates start in pool */
    unsigned char *near_bits;    /* per pool candidate: cached_neighbours' answer */
    gp_evidence *evidence;       /* the evidence strings so far, and what gave them */
    bool remember_evidence;      /* describe mentions decided alike once */
    const im_place **places;     /* the gazetteer entry of each pool candidate, kept
                                    once per name by the memo (gp_key_facts.places) */
    size_t cap_places;
} res;

static inline im_place place_of(const res *r, uint32_t id)
{
    im_place p;
    im_gazetteer_get(r->gz, id, &p);
    return p;
}

/* The entry of candidate k of mention m, looked up once in gather. */
static inline const im_place *cand_place(const res *r, const gp_mention *m, size_t k)
{
    return r->places[(size_t)(m->cands - r->pool) + k];
}

/* Does unit (or country) c contain place p? */
static inline bool contains(const im_place *c, const im_place *p)
{
    if (c->id == p->id)
        return false;
    switch (c->kind) {
    case IM_PLACE_COUNTRY:
        return p->kind != IM_PLACE_COUNTRY && !memcmp(c->iso2, p->iso2, 2);
    case IM_PLACE_ADMIN1:
        return p->admin1 == c->id;
    case IM_PLACE_ADMIN2:
        return p->admin2 == c->id;
    default:
        return false;
    }
}

/* resolve_context.c */
country_count *rs_find_focus(const res *r, const char *iso2);
void rs_add_focus(res *r, const char *iso2, double w);
double rs_focus_of(const res *r, const char *iso2);
void rs_count_focus(res *r, const gp_mention *m);
void rs_cached_neighbours(const res *r, size_t mi, size_t ci, const im_place *p, context *c);
void rs_index_neighbour(res *r, size_t i);
void rs_index_paragraphs(res *r);
void rs_list_votes(const res *r, size_t list_id, im_place_kind *kind, char iso2[3]);
void rs_index_list(res *r, size_t i);
bool rs_most_of_list_in(const res *r, size_t mi, const char *iso2);

/* outliers.c: leave unresolved the places far outside the document's focus that
 * nothing in their context supports (after containment, before the focus is told) */
void rs_outliers(res *r, char ***warnings, size_t *n_warnings);
/* Great-circle distance in km between two points in degrees. */
double rs_km(double lat1, double lon1, double lat2, double lon2);

/* resolve_gather.c */
gp_key_facts *rs_mention_facts(res *r, const gp_mention *m);
void rs_gather(res *r);

#endif
