/* Merging: the same event told more than once in one report becomes one incident.
 * Two incidents are one event when their kinds belong together (ev_family), their
 * dates agree at the coarser precision, and their places agree (the same place, or a
 * country-level retelling of an event placed in that country when the month agrees);
 * within one paragraph only coarse retellings merge, and two named targets that share
 * no word are two events; an undated later sentence at the same place, or placed only by
 * its paragraph, with no named target of its own joins the paragraph's dated event. The report's title merges into the body's event. Arrests
 * never merge: each arrest is its own event. The merged incident keeps the finer place
 * and date, the larger toll (retellings repeat a toll, they do not add to it) and every
 * evidence span.
 *
 * Works on the kinds and dates of ev_meta (enums and numbers, no strings parsed back).
 * This file does not read the text. */
#include "extract_private.h"
#include "incmap/alloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* How fine a date is: 0 none, 1 year, 2 month, 3 day. */
static int fineness(const im_date *d)
{
    return !d->year ? 0 : !d->month ? 1 : !d->day ? 2 : 3;
}

static bool same_place(const im_incident *p, const im_incident *q)
{
    return p->geonameid == q->geonameid &&
           !strcmp(p->location ? p->location : "", q->location ? q->location : "");
}

static bool country_level(const im_incident *p)
{
    return p->location && p->country && !strcmp(p->location, p->country);
}

static bool dates_agree(const ev_meta *a, const ev_meta *b, const im_incident *p,
                        const im_incident *q)
{
    /* an undated retelling joins a dated event of the same kind at the same place */
    if (!a->date.year || !b->date.year)
        return (a->date.year || b->date.year) && a->kind == b->kind && p->geonameid &&
               same_place(p, q) && country_level(p);
    if (a->date.year != b->date.year)
        return false;
    if (a->date.month && b->date.month && a->date.month != b->date.month)
        return false;
    return !(a->date.day && b->date.day && a->date.day != b->date.day);
}

static bool named(const char *target)
{
    for (const char *c = target; *c; c++)
        if (isupper((unsigned char)*c))
            return true;
    return false;
}

/* Whether two targets share a word of five letters or more. */
static bool targets_share(const char *a, const char *b)
{
    for (const char *w = a; *w;) {
        while (*w == ' ' || *w == ',')
            w++;
        size_t n = strcspn(w, " ,");
        if (n >= 5 && n < 128) {
            char word[128];
            memcpy(word, w, n);
            word[n] = '\0';
            if (strstr(b, word))
                return true;
        }
        w += n;
    }
    return false;
}

static bool places_agree(const ev_meta *a, const ev_meta *b, const im_incident *p,
                         const im_incident *q)
{
    if (strcmp(p->iso2, q->iso2))
        return false;
    /* the title tells the body's event: the same country is enough */
    if (a->headline != b->headline)
        return true;
    /* within one paragraph only coarse retellings merge ("lost its foothold … in late
       2015" and "in November 2015 … their attack … in Zabul") */
    if (p->para == q->para && !(p->geo_prec == 3 && q->geo_prec == 3))
        return false;
    bool p_named = named(a->target), q_named = named(b->target);
    /* a year-only date is too loose to merge on without a shared target */
    bool loose = fineness(&a->date) == 1 || fineness(&b->date) == 1;
    if (loose && !(p_named && q_named))
        return false;
    /* two named targets that share no word are two events */
    if (p_named && q_named && !targets_share(a->target, b->target))
        return false;
    if (same_place(p, q))
        return true;
    /* "rocket strikes on Uzbekistan in April 2022" and "rockets at Termez" in April
       2022: a country-level retelling joins the located event when the month agrees */
    return (country_level(p) || country_level(q)) && fineness(&a->date) >= 2 &&
           fineness(&b->date) >= 2;
}

static bool violent(ev_kind k)
{
    return strcmp(ev_acled_type(k, 0), "Strategic developments") != 0;
}

bool ev_same_event(const xstate *x, size_t i, size_t j)
{
    const ev_meta *a = &x->meta[i], *b = &x->meta[j];
    const im_incident *p = &x->out->items[x->first + i], *q = &x->out->items[x->first + j];
    if (a->kind == EV_ARREST || b->kind == EV_ARREST)
        return false;
    /* kinds that belong together; an undated sentence placed only by its paragraph
       tells more of the paragraph's violent event ("Afghan forces attacked back") */
    bool undated = !b->date.year || b->borrowed_date;
    bool borrowed = p->para == q->para && undated && b->borrowed_place &&
                    violent(a->kind) && violent(b->kind);
    if (ev_family(a->kind) != ev_family(b->kind) && !borrowed)
        return false;
    /* the title tells the body's event: same family, same country, and a date that
       agrees or is missing */
    if (a->headline != b->headline)
        return !strcmp(p->iso2, q->iso2) &&
               (!a->date.year || !b->date.year || dates_agree(a, b, p, q));
    /* an undated sentence of the same paragraph, at the same place, tells the dated
       event again ("Two members were killed across two days of clashes.") */
    if (p->para == q->para && a->date.year && undated && !named(b->target) &&
        ((same_place(p, q) && p->geonameid) || b->borrowed_place))
        return true;
    return dates_agree(a, b, p, q) && places_agree(a, b, p, q);
}

static int max_known(int a, int b)
{
    return a == IM_UNKNOWN ? b : b == IM_UNKNOWN ? a : a > b ? a : b;
}

/* q told again what p told: p keeps the finer place and date, the larger numbers and
 * every evidence span. */
static void absorb(im_incident *p, ev_meta *a, const im_incident *q, const ev_meta *b)
{
    if (q->geo_prec < p->geo_prec || (!p->has_coords && q->has_coords)) {
        p->latitude = q->latitude;
        p->longitude = q->longitude;
        p->has_coords = q->has_coords;
        p->geo_prec = q->geo_prec;
        p->geonameid = q->geonameid;
        p->geo_conf = q->geo_conf;
        im_set_str(&p->location, q->location);
        im_set_str(&p->place_txt, q->place_txt);
        im_set_str(&p->admin1, q->admin1);
        im_set_str(&p->admin2, q->admin2);
    }
    if (fineness(&b->date) > fineness(&a->date)) {
        a->date = b->date;
        im_set_str(&p->event_date, q->event_date);
        p->year = q->year;
        p->time_prec = q->time_prec;
    }
    p->fatalities = max_known(p->fatalities, q->fatalities);
    p->injuries = max_known(p->injuries, q->injuries);
    if (!a->n_nat && b->n_nat) {
        memcpy(a->nat, b->nat, sizeof a->nat);
        a->n_nat = b->n_nat;
        im_set_str(&p->assoc_act1, q->assoc_act1);
    }
    if (!a->actor1.row && b->actor1.row) {
        a->actor1 = b->actor1;
        im_set_str(&p->actor1, q->actor1);
        p->inter1 = q->inter1;
        p->interaction = q->interaction;
    }
    if (!a->actor2.row && b->actor2.row) {
        a->actor2 = b->actor2;
        im_set_str(&p->actor2, q->actor2);
        p->inter2 = q->inter2;
        p->interaction = q->interaction;
    }
    a->headline = a->headline && b->headline;
    char *notes = im_xasprintf("%s || also %s", p->notes, q->notes);
    free(p->notes);
    p->notes = notes;
}

/* How far ahead (in incidents of the document) a retelling is looked for. Reports tell
 * an event again within a few paragraphs; bounding the search keeps merging linear on
 * huge inputs (a 50 MB report has ~10^5 incidents) and changes nothing for documents
 * with fewer incidents than this. */
#define MERGE_WINDOW 512

void ev_merge(xstate *x)
{
    im_incident_set *set = x->out;
    size_t n = set->n - x->first;
    if (n < 2)
        return;
    im_incident *items = set->items + x->first;
    bool *gone = im_xmalloc(n * sizeof *gone);
    memset(gone, 0, n * sizeof *gone);
    for (size_t i = 0; i < n; i++) {
        if (gone[i])
            continue;
        for (size_t j = i + 1; j < n && j <= i + MERGE_WINDOW; j++) {
            if (gone[j] || !ev_same_event(x, i, j))
                continue;
            absorb(&items[i], &x->meta[i], &items[j], &x->meta[j]);
            im_incident_clear(&items[j]);
            gone[j] = true;
        }
    }
    /* close the gaps in one pass, keeping text order */
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        if (gone[i])
            continue;
        items[kept] = items[i];
        x->meta[kept] = x->meta[i];
        kept++;
    }
    set->n = x->first + kept;
    free(gone);
}
