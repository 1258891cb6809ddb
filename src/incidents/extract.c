/* The incident extractor: sentence by sentence, a trigger (classify.c) makes an event;
 * its date comes from the sentence or a relative expression resolved against the last
 * date the text gave (dates.c); its place is the place mention most tightly tied to it
 * ("in", "at", "on" beat "from"; a town beats a province beats a country; a national
 * institution with no town named is in the capital; with nothing at all, the document's
 * country at precision 3); casualties come from casualties.c; actors and attackers'
 * nationality from the sentence's organisations, forces and demonyms. Events told in
 * several places are merged (merge at the end of this file). */
#include "incidents_private.h"
#include "incmap/alloc.h"
#include "incmap/regions.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct xstate {
    const im_gazetteer *gz;
    const im_text *text;
    const im_geoparse *gp;
    const char *doc;
    const char *s;            /* clean text */
    im_date anchor;           /* last date the text gave */
    im_date report;           /* the report's date (year 0: not given) */
    int frame_year;           /* "throughout 2022": year for undated sentences */
    size_t frame_para;
    char focus[3];
    im_incident_set *out;
    im_link_set *links;
    size_t first;             /* index of this document's first incident in out */
    int counter;
} xstate;

/* Index of the first mention that starts at or after clean byte `pos`. Mentions are
 * in text order (geoparse.h), so a loop over the mentions inside [a, b) starts here and
 * stops at the first one starting at b: its cost is the sentence's mentions, not the
 * document's, which keeps extraction linear in the length of the report. */
static size_t first_mention_at(const im_geoparse *gp, size_t pos)
{
    size_t lo = 0, hi = im_geoparse_count(gp);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (im_geoparse_mention(gp, mid)->start < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* ---- small text helpers -------------------------------------------------------- */

/* The word that ends right before byte `pos` (skipping spaces), lower-cased. */
static void word_before(const char *s, size_t floor, size_t pos, char *buf, size_t len)
{
    size_t e = pos;
    while (e > floor && (s[e - 1] == ' ' || s[e - 1] == '\t'))
        e--;
    size_t b = e;
    while (b > floor && (isalnum((unsigned char)s[b - 1]) || s[b - 1] == '-'))
        b--;
    size_t n = e - b < len - 1 ? e - b : len - 1;
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)tolower((unsigned char)s[b + i]);
    buf[n] = '\0';
}

static void word_after(const char *s, size_t end, size_t pos, char *buf, size_t len)
{
    size_t b = pos;
    while (b < end && !isalnum((unsigned char)s[b]))
        b++;
    size_t e = b;
    while (e < end && (isalnum((unsigned char)s[e]) || s[e] == '-'))
        e++;
    size_t n = e - b < len - 1 ? e - b : len - 1;
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)tolower((unsigned char)s[b + i]);
    buf[n] = '\0';
}

static bool contains_ci(const char *s, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (strncasecmp(s + i, needle, n) == 0 &&
            (i == 0 || !isalnum((unsigned char)s[i - 1])) &&
            (i + n == len || !isalnum((unsigned char)s[i + n])))
            return true;
    return false;
}

static im_place place_of(const xstate *x, uint32_t id)
{
    im_place p;
    im_gazetteer_get(x->gz, id, &p);
    return p;
}

/* ---- place choice ------------------------------------------------------------- */

/* Facility nouns that follow a facility's own name ("the Reina nightclub"). */
static bool site_noun(const char *w)
{
    static const char *const nouns[] = {"nightclub", "mosque", "shrine", "church", "hospital",
                                        "airport", "school", "market", "stadium", "hall",
                                        "theatre", "theater", "prison", "restaurant", "cafe",
                                        "bar", "embassy", "consulate", "hotel", "club", NULL};
    for (const char *const *n = nouns; *n; n++)
        if (!strcmp(w, *n))
            return true;
    return false;
}

/* Words that may follow a place name without making it an adjective. */
static bool function_word(const char *w)
{
    static const char *const words[] = {
        "in", "and", "on", "after", "before", "since", "during", "from", "to", "that", "was",
        "were", "has", "had", "for", "with", "by", "as", "at", "where", "which", "who", "when",
        "while", "or", "but", "is", "are", "near", "into", "over", "across", "through", "amid",
        "despite", "because", "until", "last", "this", "its", "the", "a", "an", "of", "s",
        "have", "be", "been", "also", "said", "says", NULL};
    for (const char *const *p = words; *p; p++)
        if (!strcmp(w, *p))
            return true;
    return false;
}

typedef struct pick {
    const im_mention *m;
    double score;
    int geo_prec;
} pick;

static pick choose_place(const xstate *x, size_t si, size_t a, size_t b, ev_trigger trig,
                         size_t skip_before, const char *home)
{
    pick best = {NULL, -1e9, 3};
    size_t mid = a + (trig.start + trig.end) / 2;
    for (size_t i = first_mention_at(x->gp, a); i < im_geoparse_count(x->gp); i++) {
        const im_mention *m = im_geoparse_mention(x->gp, i);
        if (m->start >= b)
            break;
        if (m->sentence != si || m->type != IM_MENTION_PLACE || m->start < skip_before ||
            m->start < a || m->end > b)
            continue;
        im_place p = place_of(x, m->place);
        if (!p.has_coords)
            continue;
        double sc = p.kind == IM_PLACE_CITY ? 3.0 : p.kind == IM_PLACE_ADMIN2 ? 2.5
                  : p.kind == IM_PLACE_ADMIN1 ? 2.0 : 1.0;
        char prev[24], prev2[24], next[24];
        word_before(x->s, a, m->start, prev, sizeof prev);
        size_t pb = m->start;
        while (pb > a && x->s[pb - 1] == ' ')
            pb--;
        while (pb > a && isalnum((unsigned char)x->s[pb - 1]))
            pb--;
        word_before(x->s, a, pb, prev2, sizeof prev2);
        if (!strcmp(prev, "the") || !strcmp(prev, "a")) {
            memcpy(prev, prev2, sizeof prev);
            prev2[0] = '\0';
        }
        /* "in northern Afghanistan": look past a directional adjective */
        static const char *const dirs[] = {"northern", "southern", "eastern", "western",
                                           "central", "northeastern", "northwestern",
                                           "southeastern", "southwestern", NULL};
        for (const char *const *d = dirs; *d; d++) {
            if (!strcmp(prev, *d)) {
                memcpy(prev, prev2, sizeof prev);
                break;
            }
        }
        word_after(x->s, b, m->end, next, sizeof next);
        int prec = p.kind == IM_PLACE_CITY ? 1 : p.kind == IM_PLACE_ADMIN2 ? 2 : 3;
        if (!strcmp(prev, "in") || !strcmp(prev, "at") || !strcmp(prev, "on") ||
            !strcmp(prev, "inside"))
            sc += 2.0;
        else if (!strcmp(prev, "near") || !strcmp(prev, "outside") || !strcmp(prev, "around") ||
                 (!strcmp(prev, "of") && (!strcmp(prev2, "east") || !strcmp(prev2, "west") ||
                                           !strcmp(prev2, "north") || !strcmp(prev2, "south")))) {
            sc += 1.5;
            if (prec == 1)
                prec = 2;
        } else if (!strcmp(prev, "of") && (!strcmp(prev2, "city") || !strcmp(prev2, "out"))) {
            sc += 2.0;
        } else if (!strcmp(prev, "into")) {
            sc += trig.kind == EV_SMUGGLING ? 2.5 : 1.0;
        } else if (!strcmp(prev, "to")) {
            sc += trig.kind == EV_EXTRADITION ? 3.0 : 0.0;
        } else if (!strcmp(prev, "from") || !strcmp(prev, "through") || !strcmp(prev, "via")) {
            sc -= 3.0;
        } else if (!strcmp(prev, "born")) {
            sc -= 4.0;
        }
        /* a country used as an adjective: "13 U.S. service members" */
        if (p.kind == IM_PLACE_COUNTRY && m->end + 1 < b && x->s[m->end] == ' ' &&
            islower((unsigned char)x->s[m->end + 1]) && !function_word(next))
            sc -= 2.0;
        if (!strcmp(prev, "of") && p.kind == IM_PLACE_CITY)
            sc += 1.0;
        if (!strcmp(next, "nationals") || !strcmp(next, "citizens") || !strcmp(next, "s") ||
            !strcmp(next, "government") || !strcmp(next, "authorities"))
            sc -= 3.0;
        /* "Tajikistan's Danghara District": the possessor only qualifies */
        if (p.kind == IM_PLACE_COUNTRY && m->end < b && (x->s[m->end] == '\'' ||
                                                         !strncmp(x->s + m->end, "\xE2\x80\x99", 3)))
            sc -= 2.0;
        /* "Peshawar, Afghanistan": a country right after a town qualifies it */
        if (p.kind == IM_PLACE_COUNTRY && i > 0) {
            const im_mention *pv = im_geoparse_mention(x->gp, i - 1);
            if (pv->type == IM_MENTION_PLACE && pv->sentence == si && pv->end + 2 >= m->start &&
                x->s[pv->end] == ',')
                sc -= 3.0;
        }
        /* "the Reina nightclub": a small namesake right before a facility noun is the
           facility's name, not where it stands */
        if (p.kind == IM_PLACE_CITY && p.population < 100000 && site_noun(next))
            sc -= 3.0;
        /* "a U.S. airstrike", "Tajik security forces": the country is the actor */
        if (m->end <= a + trig.start && a + trig.start - m->end <= 2)
            sc -= 3.0;
        /* inside a relative clause after the trigger: "who had plotted an attack in X" */
        for (size_t k = a + trig.end; k + 5 < m->start; k++) {
            if (!strncmp(x->s + k, " who ", 5) || !strncmp(x->s + k, " which ", 7)) {
                sc -= 2.0;
                break;
            }
        }
        if (home[0] && !strcmp(p.iso2, home))
            sc += 3.0;
        double dist = fabs((double)(m->start + m->end) / 2.0 - (double)mid);
        sc -= dist * 0.004;
        if (sc > best.score) {
            best.m = m;
            best.score = sc;
            best.geo_prec = prec;
        }
    }
    return best;
}

/* National institutions stand in their country's capital. */
static bool national_site(const char *s, size_t len)
{
    static const char *const sites[] = {"supreme court", "foreign ministry", "ministry",
                                        "embassy", "embassies", "parliament",
                                        "presidential palace", "consulate", NULL};
    for (const char *const *p = sites; *p; p++)
        if (contains_ci(s, len, *p))
            return true;
    return false;
}

static uint32_t capital_of(const xstate *x, const char *iso2)
{
    uint32_t c = im_gazetteer_country(x->gz, iso2);
    return c;
}

/* ---- actors -------------------------------------------------------------------- */

static const char *const groups[] = {
    "Islamic State Khurasan Province", "ISKP", "ISIS-K", "ISIS", "Islamic State", "IS",
    "Daesh", "Taliban", "al-Qaeda", "IMU", "TTP", "Jamaat Ansarullah", "Jundullah", NULL};
static const char *const forces[] = {"police", "authorities", "security forces", "forces",
                                     "intelligence", "military", "army", "troops",
                                     "special forces", "border guards", "court", "courts",
                                     "prosecutors", "officials", "security services", NULL};

static bool word_at(const char *s, size_t len, size_t i, const char *w)
{
    size_t n = strlen(w);
    return i + n <= len && !strncmp(s + i, w, n) && (i == 0 || !isalnum((unsigned char)s[i - 1])) &&
           (i + n == len || !isalnum((unsigned char)s[i + n]));
}

/* The acting party: the group or force named closest before the trigger, or after "by". */
static void find_actor(const char *s, size_t len, ev_trigger trig, char *buf, size_t blen)
{
    buf[0] = '\0';
    size_t best = SIZE_MAX;
    for (size_t i = 0; i < trig.start; i++) {
        for (const char *const *g = groups; *g; g++) {
            if (word_at(s, len, i, *g)) {
                size_t d = trig.start - i;
                if (d < best) {
                    best = d;
                    if (!strcmp(*g, "Taliban") && contains_ci(s, len, "GDI"))
                        snprintf(buf, blen, "Taliban GDI");
                    else
                        snprintf(buf, blen, "%s", *g);
                }
            }
        }
        /* "<Adjective> police", "Tajik security forces" */
        if (isupper((unsigned char)s[i]) && (i == 0 || s[i - 1] == ' ')) {
            size_t e = i;
            while (e < len && (isalpha((unsigned char)s[e]) || s[e] == '.'))
                e++;
            if (e < len && s[e] == ' ') {
                for (const char *const *f = forces; *f; f++) {
                    if (word_at(s, len, e + 1, *f)) {
                        size_t d = trig.start > i ? trig.start - i : 0;
                        if (d <= best) {
                            best = d;
                            snprintf(buf, blen, "%.*s %s", (int)(e - i), s + i, *f);
                        }
                    }
                }
            }
        }
    }
    if (!buf[0]) {
        for (size_t i = trig.end; i + 3 < len; i++) {
            if (word_at(s, len, i, "by")) {
                for (size_t k = i + 3; k < len && k < i + 40; k++)
                    for (const char *const *g = groups; *g; g++)
                        if (word_at(s, len, k, *g)) {
                            snprintf(buf, blen, "%s", *g);
                            return;
                        }
            }
        }
    }
}

/* What was hit: the phrase after "on", "against" or "at" following the trigger. */
static void find_target(const char *s, size_t len, ev_trigger trig, char *buf, size_t blen)
{
    buf[0] = '\0';
    size_t i = trig.end;
    while (i < len && s[i] == ' ')
        i++;
    /* "attacked the Russian embassy": a verb takes its object directly */
    size_t te = trig.end;
    if (te >= 2 && !strncasecmp(s + te - 2, "ed", 2) && i < len && isalpha((unsigned char)s[i]) &&
        strncasecmp(s + i, "in ", 3) && strncasecmp(s + i, "by ", 3) &&
        strncasecmp(s + i, "on ", 3) && strncasecmp(s + i, "at ", 3)) {
        size_t e = i;
        while (e < len && e < i + 90 && s[e] != ',' && s[e] != '.' && s[e] != ';' &&
               strncmp(s + e, " in ", 4) && strncmp(s + e, " that ", 6) &&
               strncmp(s + e, " with ", 6) && strncmp(s + e, " near ", 6) &&
               strncmp(s + e, " on ", 4))
            e++;
        snprintf(buf, blen, "%.*s", (int)(e - i), s + i);
        return;
    }
    const char *preps[] = {"on ", "against ", "at ", "targeting ", NULL};
    for (const char **p = preps; *p; p++) {
        size_t n = strlen(*p);
        if (i + n <= len && !strncasecmp(s + i, *p, n)) {
            size_t a = i + n, e = a;
            while (e < len && e < a + 90 && s[e] != ',' && s[e] != '.' && s[e] != ';' &&
                   strncmp(s + e, " in ", 4) && strncmp(s + e, " that ", 6) &&
                   strncmp(s + e, " with ", 6) && strncmp(s + e, " near ", 6))
                e++;
            snprintf(buf, blen, "%.*s", (int)(e - a), s + a);
            return;
        }
    }
}

/* Attackers' (or arrested people's) nationality from demonyms, nisbas and "born in". */
static void find_nationality(const xstate *x, size_t si, size_t a, size_t len,
                             ev_trigger trig, char *buf, size_t blen)
{
    buf[0] = '\0';
    bool object_side = trig.kind == EV_ARREST || trig.kind == EV_EXTRADITION ||
                       trig.kind == EV_SMUGGLING || trig.kind == EV_PLOT;
    for (size_t i = first_mention_at(x->gp, a); i < im_geoparse_count(x->gp); i++) {
        const im_mention *m = im_geoparse_mention(x->gp, i);
        if (m->start >= a + len)
            break;
        if (m->sentence != si || m->start < a || m->end > a + len)
            continue;
        const char *iso = NULL;
        char prev[24], next[24];
        word_before(x->s, a, m->start, prev, sizeof prev);
        word_after(x->s, a + len, m->end, next, sizeof next);
        if (m->type == IM_MENTION_DEMONYM) {
            bool force = false;
            for (const char *const *f = forces; *f; f++)
                if (!strncmp(next, *f, strlen(*f)))
                    force = true;
            if (force || !strcmp(prev, "against") || !strcmp(next, "diplomatic") ||
                !strcmp(next, "facilities") || !strcmp(next, "cyclists") ||
                !strcmp(next, "soldiers") || !strcmp(next, "embassy") || !strcmp(next, "and") ||
                !strcmp(next, "government") || !strcmp(next, "supreme") ||
                !strcmp(next, "border") || !strcmp(next, "soil"))
                if (!(!strcmp(next, "and") && object_side))
                    continue;
            size_t rel = m->start - a;
            if (!object_side && rel > trig.start)
                continue;
            iso = m->iso2;
        } else if (m->type == IM_MENTION_PLACE && !strcmp(prev, "born")) {
            iso = m->iso2;
        } else if (m->type == IM_MENTION_PLACE && !strcmp(prev, "in")) {
            char p2[24];
            size_t pb = m->start;
            while (pb > a && x->s[pb - 1] == ' ')
                pb--;
            while (pb > a && isalpha((unsigned char)x->s[pb - 1]))
                pb--;
            word_before(x->s, a, pb, p2, sizeof p2);
            if (!strcmp(p2, "born"))
                iso = m->iso2;
        }
        if (!iso || !iso[0] || strstr(buf, iso))
            continue;
        /* "born in Kyrgyzstan" names the country that counts */
        size_t bl = strlen(buf);
        snprintf(buf + bl, blen - bl, "%s%s", bl ? "|" : "", iso);
    }
    /* a birthplace overrides an ethnic demonym in the same phrase */
    if (strstr(buf, "|") && contains_ci(x->s + a, len, "born in")) {
        char *bar = strrchr(buf, '|');
        memmove(buf, bar + 1, strlen(bar));
    }
}

/* ---- building records ------------------------------------------------------------ */

static void fill_place(xstate *x, im_incident *inc, uint32_t id, int geo_prec, const char *surface,
                       double conf)
{
    im_place p = place_of(x, id);
    inc->latitude = p.lat;
    inc->longitude = p.lon;
    inc->has_coords = p.has_coords;
    inc->geo_prec = geo_prec;
    memcpy(inc->iso2, p.iso2, 3);
    inc->geonameid = p.geonameid;
    inc->geo_conf = conf;
    im_set_str(&inc->location, p.name);
    im_set_str(&inc->place_txt, surface);
    uint32_t cid = p.kind == IM_PLACE_COUNTRY ? p.id : p.country;
    im_set_str(&inc->country, cid != IM_PLACE_NONE ? place_of(x, cid).name : "");
    uint32_t a1 = p.kind == IM_PLACE_ADMIN1 ? p.id : p.admin1;
    im_set_str(&inc->admin1, a1 != IM_PLACE_NONE ? place_of(x, a1).name : "");
    uint32_t a2 = p.kind == IM_PLACE_ADMIN2 ? p.id : p.admin2;
    im_set_str(&inc->admin2, a2 != IM_PLACE_NONE ? place_of(x, a2).name : "");
    size_t nr;
    const im_region *r = im_regions_all(&nr);
    im_set_str(&inc->region, "");
    for (size_t i = 0; i < nr; i++) {
        if (strcmp(r[i].countries, "*") && im_region_has_country(&r[i], p.iso2)) {
            im_set_str(&inc->region, r[i].name);
            break;
        }
    }
}

static void quote(char *buf, size_t blen, const char *s, size_t len)
{
    size_t n = len > 200 ? 200 : len;
    while (n > 0 && n < len && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    snprintf(buf, blen, "%.*s%s", (int)n, s, n < len ? "…" : "");
}

static im_incident *new_incident(xstate *x, size_t si, size_t a, size_t len, ev_trigger trig,
                                 const im_date *date, const im_casualties *cas)
{
    im_incident *inc = im_incident_set_add(x->out);
    char buf[320];
    snprintf(buf, sizeof buf, "%s-%d", x->doc, ++x->counter);
    im_set_str(&inc->event_id, buf);
    im_date_format(date, buf);
    im_set_str(&inc->event_date, buf);
    inc->year = date->year;
    inc->time_prec = date->year ? date->time_prec : 3;
    im_set_str(&inc->kind, ev_kind_name(trig.kind));
    const im_sentence *st = im_text_sentence(x->text, si);
    const char *type, *sub;
    ev_acled_code(x->s + st->start, st->end - st->start, trig.kind, cas->killed, &type, &sub);
    im_set_str(&inc->event_type, type);
    im_set_str(&inc->sub_type, sub);
    inc->fatalities = cas->killed;
    inc->injuries = cas->injured;
    inc->para = (int)st->para + 1;
    inc->span_start = (long)im_text_orig_offset(x->text, a);
    inc->span_end = (long)im_text_orig_end(x->text, a + len);
    char q[260];
    quote(q, sizeof q, x->s + a, len);
    char fn[64] = "";
    for (size_t k = 0; k < st->n_footnotes && k < 4; k++) {
        size_t l = strlen(fn);
        snprintf(fn + l, sizeof fn - l, "%s%d", k ? "," : " [fn ", st->footnotes[k]);
    }
    if (fn[0])
        strncat(fn, "]", sizeof fn - strlen(fn) - 1);
    char notes[420];
    snprintf(notes, sizeof notes, "P%zu: %s%s", st->para + 1, q, fn);
    if (cas->ev_end > cas->ev_start) {
        size_t l = strlen(notes);
        snprintf(notes + l, sizeof notes - l, " | casualties: \"%.*s\"",
                 (int)(cas->ev_end - cas->ev_start), x->s + a + cas->ev_start);
    }
    im_set_str(&inc->notes, notes);
    im_set_str(&inc->source, x->doc);
    im_set_str(&inc->doc_id, x->doc);
    char actor[96], target[128], nat[32];
    find_actor(x->s + a, len, trig, actor, sizeof actor);
    find_target(x->s + a, len, trig, target, sizeof target);
    find_nationality(x, si, a, len, trig, nat, sizeof nat);
    im_set_str(&inc->actor1, actor);
    im_set_str(&inc->actor2, target);
    im_set_str(&inc->assoc_act1, nat);
    return inc;
}

/* Absolute dates in the sentence joined by "and"/"," (the October 2022 and the August
 * 2023 attacks): each is its own event. Returns how many (0 or ≥ 2). */
static size_t date_series(const char *s, const im_date_match *d, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (d[i].relative || !d[i].date.year)
            continue;
        if (k && (d[i].start < d[k - 1].end || d[i].start - d[k - 1].end > 12))
            return 0;
        if (k) {
            char gap[16];
            size_t gl = d[i].start - d[k - 1].end;
            memcpy(gap, s + d[k - 1].end, gl);
            gap[gl] = '\0';
            if (!strstr(gap, "and") && !strchr(gap, ','))
                return 0;
        }
        k++;
    }
    return k >= 2 ? k : 0;
}

/* Clause boundaries inside a sentence: ";", ":", ", and", ", while", ", but", and
 * " and in"/" and on" before a date, where a new event often begins. Offsets are
 * relative to the sentence. */
static size_t clause_bounds(const char *s, size_t len, size_t *out, size_t max)
{
    size_t n = 0;
    static const char *const seps[] = {"; ", ": ", ", and ", ", while ", ", whereas ",
                                       ", but ", " and in ", " and on ", NULL};
    for (size_t i = 0; i < len && n < max; i++) {
        for (const char *const *p = seps; *p; p++) {
            size_t l = strlen(*p);
            if (i + l < len && !strncmp(s + i, *p, l)) {
                if ((!strcmp(*p, " and in ") || !strcmp(*p, " and on ")) &&
                    !(isupper((unsigned char)s[i + l]) || isdigit((unsigned char)s[i + l])))
                    continue;
                out[n++] = i + 1;
                i += l - 1;
                break;
            }
        }
    }
    return n;
}

/* Demonym of the force that acted ("German police") → its country, for arrests. */
static void force_country(const xstate *x, size_t a, size_t len, char iso2[3])
{
    iso2[0] = '\0';
    const char *s = x->s + a;
    for (size_t i = 0; i + 1 < len; i++) {
        if (!isupper((unsigned char)s[i]) || (i > 0 && isalpha((unsigned char)s[i - 1])))
            continue;
        size_t e = i;
        while (e < len && isalpha((unsigned char)s[e]))
            e++;
        if (e >= len || s[e] != ' ')
            continue;
        for (const char *const *f = forces; *f; f++) {
            size_t fl = strlen(*f);
            if (e + 1 + fl <= len && !strncmp(s + e + 1, *f, fl) &&
                im_gazetteer_demonym(x->gz, s + i, e - i, iso2, NULL, NULL))
                return;
        }
    }
    iso2[0] = '\0';
    for (size_t i = first_mention_at(x->gp, a); i < im_geoparse_count(x->gp); i++) {
        const im_mention *m = im_geoparse_mention(x->gp, i);
        if (m->start >= a + len)
            break;
        if (m->start < a || m->end > a + len)
            continue;
        if (m->type != IM_MENTION_DEMONYM && m->type != IM_MENTION_PLACE)
            continue;
        char next[24];
        word_after(x->s, a + len, m->end, next, sizeof next);
        for (const char *const *f = forces; *f; f++) {
            if (!strncmp(next, *f, strlen(*f))) {
                memcpy(iso2, m->iso2, 3);
                return;
            }
        }
    }
}

static bool targets_armed_group(const char *target)
{
    /* look at the head of the target only: "the IMU and …", not "the ceremony of a
       former Taliban emir" */
    char head[48];
    size_t n = 0, words = 0;
    for (const char *c = target; *c && n + 1 < sizeof head; c++) {
        if (*c == ' ' && ++words >= 3)
            break;
        head[n++] = *c;
    }
    head[n] = '\0';
    target = head;
    static const char *const armed[] = {"IMU", "ISKP", "Taliban", "al-Qaeda", "militants",
                                        "fighters", "jihadists", "insurgents", "IS ", NULL};
    for (const char *const *p = armed; *p; p++)
        if (strstr(target, *p))
            return true;
    return false;
}

/* "the attacks did not cause any casualties": numbers for events already told. */
static bool back_reference(const char *s, size_t len, ev_trigger trig)
{
    size_t i = trig.start;
    while (i > 0 && s[i - 1] == ' ')
        i--;
    size_t e = i;
    while (i > 0 && isalnum((unsigned char)s[i - 1]))
        i--;
    for (int words = 0; words < 3; words++) {
        if ((e - i == 3 && !strncasecmp(s + i, "the", 3)) ||
            (e - i == 5 && (!strncasecmp(s + i, "these", 5) || !strncasecmp(s + i, "those", 5))) ||
            (e - i == 4 && !strncasecmp(s + i, "both", 4))) {
            /* only as the clause's subject: "the attacks did not…", "While the October
               2022 attack was claimed…"; "led to the arrest of…" is a new event, and in
               "The IMU was pushed out" the article belongs to another noun */
            size_t te = trig.start;
            while (te < trig.end && isalpha((unsigned char)s[te]))
                te++;
            if (te - trig.start > 2 && !strncasecmp(s + te - 2, "ed", 2))
                return false;
            for (size_t q = e; q + 4 < trig.start; q++)
                if (!strncmp(s + q, " was ", 5) || !strncmp(s + q, " were ", 6) ||
                    !strncmp(s + q, " has ", 5) || !strncmp(s + q, " had ", 5))
                    return false;
            size_t k = i;
            while (k > 0 && s[k - 1] == ' ')
                k--;
            if (k == 0 || s[k - 1] == ',' || s[k - 1] == '.' || s[k - 1] == ';')
                return true;
            size_t we = k;
            while (k > 0 && isalpha((unsigned char)s[k - 1]))
                k--;
            static const char *const subj[] = {"while", "although", "though", "as", "since",
                                               "because", "when", "but", "and", "however",
                                               "with", "whereas", NULL};
            for (const char *const *w = subj; *w; w++)
                if (we - k == strlen(*w) && !strncasecmp(s + k, *w, we - k))
                    return true;
            return false;
        }
        while (i > 0 && s[i - 1] == ' ')
            i--;
        e = i;
        while (i > 0 && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '\''))
            i--;
        if (e == i)
            break;
    }
    return false;
}

/* Place mentions introduced by "in" after a plural trigger ("attacks … in Istanbul, in
 * New York City, and in Stockholm"): each is its own event. */
static size_t place_series(const xstate *x, size_t si, size_t a, size_t len, ev_trigger trig,
                           const im_mention **out, size_t max)
{
    const char *s = x->s + a;
    if (trig.end < 2 || s[trig.end - 1] != 's')
        return 0;
    size_t n = 0;
    for (size_t i = first_mention_at(x->gp, a); i < im_geoparse_count(x->gp) && n < max; i++) {
        const im_mention *m = im_geoparse_mention(x->gp, i);
        if (m->start >= a + len)
            break;
        if (m->sentence != si || m->type != IM_MENTION_PLACE || m->start < a + trig.end ||
            m->end > a + len)
            continue;
        char prev[24];
        word_before(x->s, a, m->start, prev, sizeof prev);
        im_place p = place_of(x, m->place);
        if (strcmp(prev, "in") || p.kind != IM_PLACE_CITY)
            continue;
        out[n++] = m;
    }
    return n >= 2 ? n : 0;
}

static void extract_span(xstate *x, size_t si, size_t a, size_t len, ev_trigger trig,
                         const im_date_match *dm, size_t nd)
{
    const char *s = x->s + a;
    const im_sentence *st = im_text_sentence(x->text, si);
    /* the date nearest the trigger */
    im_date date = {0, 0, 0, 3};
    size_t best = SIZE_MAX;
    for (size_t i = 0; i < nd; i++) {
        size_t c = (dm[i].start + dm[i].end) / 2, t = trig.start;
        size_t d = c > t ? c - t : t - c;
        if (d < best) {
            best = d;
            date = dm[i].date;
        }
    }
    if (!date.year && x->frame_year && x->frame_para == st->para)
        date = (im_date){x->frame_year, 0, 0, 3};
    /* nothing dated yet in the text: the event is of the report's own date */
    if (!date.year && x->report.year && !memcmp(&x->anchor, &x->report, sizeof x->report))
        date = x->report;
    im_casualties cas;
    im_casualties_find(s, len, &cas);
    char home[3] = "";
    force_country(x, a, len, home);
    bool arrest_like = trig.kind == EV_ARREST || trig.kind == EV_EXTRADITION || trig.kind == EV_PLOT;
    pick pk = choose_place(x, si, a, a + len, trig, 0, arrest_like ? home : "");
    /* a death toll with no trigger word ("left three guards and 29 inmates dead") */
    if (cas.killed > 0 && contains_ci(s, len, "prison") &&
        (contains_ci(s, len, "inmates") || contains_ci(s, len, "guards")) &&
        trig.kind == EV_ATTACK && !contains_ci(s + trig.start, trig.end - trig.start, "attack"))
        trig.kind = EV_PRISON;
    bool site = !pk.m && national_site(s, len);
    if (!pk.m && !date.year && !site && cas.killed == IM_UNKNOWN)
        return; /* neither where nor when: a general statement */
    static const char *const summary_nouns[] = {"attacks", "bombings", "strikes",
                                                "explosions", "operations", "clashes", NULL};
    bool plural = false;
    for (const char *const *w = summary_nouns; *w; w++)
        if (trig.end - trig.start >= strlen(*w) &&
            !strncasecmp(s + trig.end - strlen(*w), *w, strlen(*w)))
            plural = true;
    im_place chosen;
    if (pk.m)
        im_gazetteer_get(x->gz, pk.m->place, &chosen);
    bool coarse = !pk.m || chosen.kind == IM_PLACE_COUNTRY;
    /* "culminated in attacks against these countries": a summary, not an event */
    if (plural && coarse && cas.killed == IM_UNKNOWN && !site &&
        (trig.kind == EV_ATTACK || trig.kind == EV_BOMBING || trig.kind == EV_ROCKET ||
         trig.kind == EV_OPERATION || trig.kind == EV_CLASH))
        return;
    /* "operations … which resulted in the killing of many militants": a vague toll with
       neither date nor town is a summary too */
    if (coarse && !date.year && !site && cas.ev_end > cas.ev_start) {
        static const char *const vague[] = {"many", "several", "dozens", "scores", "hundreds",
                                            "numerous", NULL};
        for (const char *const *w = vague; *w; w++)
            if (contains_ci(s + cas.ev_start, cas.ev_end - cas.ev_start, *w))
                return;
    }
    /* "ISKP has also attacked regional interests within Afghanistan": a present
       perfect with no date and no town sums up, it does not report */
    if (coarse && !date.year && cas.killed == IM_UNKNOWN && !site) {
        for (size_t k = trig.start >= 12 ? trig.start - 12 : 0; k + 4 < trig.start; k++)
            if (!strncmp(s + k, "has ", 4) || !strncmp(s + k, "have ", 5))
                return;
    }
    if (back_reference(s, len, trig) && coarse) {
        if (cas.killed != IM_UNKNOWN || cas.injured != IM_UNKNOWN) {
            /* this paragraph's incidents are the last ones appended */
            for (size_t i = x->out->n; i > x->first; i--) {
                im_incident *p = &x->out->items[i - 1];
                if (p->para != (int)st->para + 1)
                    break;
                if (p->fatalities == IM_UNKNOWN)
                    p->fatalities = cas.killed;
                if (p->injuries == IM_UNKNOWN)
                    p->injuries = cas.injured;
            }
        }
        return;
    }
    const im_mention *places[8];
    size_t nplaces = place_series(x, si, a, len, trig, places, 8);
    size_t series = date_series(s, dm, nd);
    size_t count = series ? series : nplaces ? nplaces : 1;
    for (size_t e = 0, di = 0; e < count; e++) {
        im_date d = date;
        if (series) {
            while (dm[di].relative || !dm[di].date.year)
                di++;
            d = dm[di++].date;
        }
        im_incident *inc = new_incident(x, si, a, len, trig, &d, &cas);
        if (inc->actor2 && !strcmp(inc->kind, "attack") && targets_armed_group(inc->actor2)) {
            im_set_str(&inc->kind, ev_kind_name(EV_CLASH));
            im_set_str(&inc->event_type, ev_acled_type(EV_CLASH, cas.killed));
            im_set_str(&inc->sub_type, ev_acled_sub_type(EV_CLASH, cas.killed));
        }
        /* a date series can be longer than the place series ("in Kabul on 3, 5 and 9
           May"): the dates past the last place happened at that last place */
        const im_mention *pm = nplaces ? places[e < nplaces ? e : nplaces - 1] : pk.m;
        if (pm) {
            fill_place(x, inc, pm->place, nplaces ? 1 : pk.geo_prec, pm->surface, pm->confidence);
            continue;
        }
        char dem[3] = "";
        for (size_t i = first_mention_at(x->gp, a); i < im_geoparse_count(x->gp) && !dem[0];
             i++) {
            const im_mention *m = im_geoparse_mention(x->gp, i);
            if (m->start >= a + len)
                break;
            if (m->type == IM_MENTION_DEMONYM && m->start >= a && m->end <= a + len &&
                m->start > a + trig.start)
                memcpy(dem, m->iso2, 3);
        }
        /* no place in the clause: the last place of the paragraph, then the acting
           force's or the attackers' country, then the report's country; a national
           institution stands in the capital of the country the report is about */
        if (!site) {
            /* backwards from the clause: paragraphs only grow in text order. The
               nearest town or province wins over a nearer country ("the same shrine"
               after "Shiraz, Iran"). */
            const im_mention *last = NULL, *country = NULL;
            for (size_t i = first_mention_at(x->gp, a); i > 0 && !last; i--) {
                const im_mention *m = im_geoparse_mention(x->gp, i - 1);
                if (m->para != st->para)
                    break;
                if (m->type != IM_MENTION_PLACE || !place_of(x, m->place).has_coords)
                    continue;
                if (place_of(x, m->place).kind != IM_PLACE_COUNTRY)
                    last = m;
                else if (!country)
                    country = m;
            }
            if (!last)
                last = country;
            if (last) {
                im_place lp = place_of(x, last->place);
                fill_place(x, inc, last->place, lp.kind == IM_PLACE_CITY ? 2 : 3, last->surface,
                           last->confidence * 0.7);
                char note[480];
                snprintf(note, sizeof note, "%s | place: from the paragraph (%s)", inc->notes,
                         last->surface);
                im_set_str(&inc->notes, note);
                continue;
            }
        }
        const char *iso = site ? (x->focus[0] ? x->focus : home)
                               : home[0] ? home : dem[0] ? dem : x->focus;
        uint32_t c = iso && iso[0] ? capital_of(x, iso) : IM_PLACE_NONE;
        if (c == IM_PLACE_NONE)
            continue;
        if (site) {
            uint32_t city = im_gazetteer_find_geonameid(x->gz, place_of(x, c).geonameid,
                                                        IM_PLACE_CITY);
            if (city != IM_PLACE_NONE)
                c = city;
        }
        fill_place(x, inc, c, site ? 1 : 3, "", 0.4);
        if (!site)
            im_set_str(&inc->location, inc->country);
        char note[480];
        snprintf(note, sizeof note, "%s | place: %s", inc->notes,
                 site ? "national institution, placed in the capital"
                      : "no place in the text; country of the report");
        im_set_str(&inc->notes, note);
    }
}

static bool clause_has_event(const char *s, size_t len)
{
    if (ev_classify(s, len).kind != EV_NONE)
        return true;
    im_casualties c;
    im_casualties_find(s, len, &c);
    return c.killed > 0;
}

static void extract_sentence(xstate *x, size_t si)
{
    const im_sentence *st = im_text_sentence(x->text, si);
    size_t a = st->start, len = st->end - st->start;
    const char *s = x->s + a;
    size_t cand[32];
    size_t ncand = clause_bounds(s, len, cand, 31);
    cand[ncand] = len;
    /* cut only where both sides tell an event: list commas stay inside one clause */
    size_t cuts[33];
    size_t nc = 0, prev = 0;
    for (size_t k = 0; k < ncand; k++) {
        size_t b = cand[k];
        bool left = clause_has_event(s + prev, b - prev);
        bool right = clause_has_event(s + b, cand[k + 1] - b);
        if (left && right) {
            cuts[nc++] = b;
            prev = b;
        }
    }
    cuts[nc++] = len;
    size_t span_start = 0;
    for (size_t c = 0; c < nc; c++) {
        size_t clause_start = c ? cuts[c - 1] : 0;
        ev_trigger trig = ev_classify(s + clause_start, cuts[c] - clause_start);
        bool last = c + 1 == nc;
        if (trig.kind == EV_NONE && !last)
            continue;
        size_t sa = span_start, sl = cuts[c] - span_start;
        im_date_match dm[16];
        size_t nd = im_dates_find(s + sa, sl, &x->anchor, dm, 16);
        if (nd > 16)
            nd = 16;
        if (trig.kind == EV_NONE) {
            /* deaths reported without an event word are an event all the same */
            im_casualties cas;
            im_casualties_find(s + sa, sl, &cas);
            if (cas.killed > 0 && nd > 0)
                trig = (ev_trigger){EV_ATTACK, cas.ev_start + sa - clause_start,
                                    cas.ev_end + sa - clause_start};
        }
        if (trig.kind != EV_NONE) {
            trig.start += clause_start - sa;
            trig.end += clause_start - sa;
            /* a second event told in the same clause after "and", with its own place or
               date ("bombed a train in X and … a knife attack in Y") */
            ev_trigger t2 = ev_classify_from(s + sa, sl, trig.end);
            size_t cut = 0;
            if (t2.kind != EV_NONE) {
                for (size_t k = trig.end; k + 5 < t2.start; k++)
                    if (!strncmp(s + sa + k, " and ", 5))
                        cut = k + 1;
            }
            bool own = false;
            if (cut) {
                for (size_t i = first_mention_at(x->gp, a + sa + cut);
                     i < im_geoparse_count(x->gp) && !own; i++) {
                    const im_mention *m = im_geoparse_mention(x->gp, i);
                    if (m->start >= a + sa + sl)
                        break;
                    own = m->type == IM_MENTION_PLACE && m->start >= a + sa + cut &&
                          m->end <= a + sa + sl;
                }
                for (size_t i = 0; i < nd && !own; i++)
                    own = dm[i].start >= cut && !dm[i].relative;
            }
            if (cut && own) {
                im_date_match d1[16], d2[16];
                size_t n1 = 0, n2 = 0;
                for (size_t i = 0; i < nd; i++) {
                    if (dm[i].end <= cut)
                        d1[n1++] = dm[i];
                    else if (dm[i].start >= cut) {
                        d2[n2] = dm[i];
                        d2[n2].start -= cut;
                        d2[n2].end -= cut;
                        n2++;
                    }
                }
                extract_span(x, si, a + sa, cut, trig, d1, n1);
                t2.start -= cut;
                t2.end -= cut;
                extract_span(x, si, a + sa + cut, sl - cut, t2, d2, n2);
            } else {
                extract_span(x, si, a + sa, sl, trig, dm, nd);
            }
        }
        for (size_t i = 0; i < nd; i++) {
            if (dm[i].frame) {
                x->frame_year = dm[i].date.year;
                x->frame_para = st->para;
            }
            x->anchor = dm[i].date;
        }
        span_start = cuts[c];
    }
}

/* ---- merging --------------------------------------------------------------------- */

static int family_of(const im_incident *inc)
{
    for (int k = 0; k < EV_COUNT; k++)
        if (!strcmp(inc->kind, ev_kind_name((ev_kind)k)))
            return ev_family((ev_kind)k);
    return 6;
}

static bool dates_agree(const im_incident *p, const im_incident *q)
{
    /* an undated retelling joins a dated event of the same kind at the same place */
    if (!p->year || !q->year)
        return (p->year || q->year) && !strcmp(p->kind, q->kind) &&
               p->geonameid == q->geonameid && p->geonameid && p->location && p->country &&
               !strcmp(p->location, p->country);
    size_t n = strlen(p->event_date) < strlen(q->event_date) ? strlen(p->event_date)
                                                              : strlen(q->event_date);
    return !strncmp(p->event_date, q->event_date, n);
}

/* Same place, or one inside the other's country at a coarser precision. */
static bool places_agree(const im_incident *p, const im_incident *q)
{
    if (strcmp(p->iso2, q->iso2))
        return false;
    /* within one paragraph only coarse retellings merge ("lost its foothold … in late
       2015" and "in November 2015 … their attack against the IMU … in Zabul") */
    if (p->para == q->para && !(p->geo_prec == 3 && q->geo_prec == 3))
        return false;
    /* two named targets that share no word are two events */
    bool p_named = false, q_named = false;
    for (const char *c = p->actor2 ? p->actor2 : ""; *c; c++)
        p_named |= isupper((unsigned char)*c) != 0;
    for (const char *c = q->actor2 ? q->actor2 : ""; *c; c++)
        q_named |= isupper((unsigned char)*c) != 0;
    /* a year-only date is too loose to merge on without a shared target */
    bool loose = (p->event_date && strlen(p->event_date) == 4) ||
                 (q->event_date && strlen(q->event_date) == 4);
    if (loose && !(p_named && q_named))
        return false;
    if (p_named && q_named) {
        bool shared = false;
        char a[128];
        snprintf(a, sizeof a, "%s", p->actor2);
        for (char *w = strtok(a, " ,"); w && !shared; w = strtok(NULL, " ,"))
            if (strlen(w) >= 5 && strstr(q->actor2, w))
                shared = true;
        if (!shared)
            return false;
    }
    if (p->geonameid == q->geonameid && !strcmp(p->location ? p->location : "",
                                                 q->location ? q->location : ""))
        return true;
    /* "rocket strikes on Uzbekistan in April 2022" and "rockets at Termez" in April
       2022: a country-level retelling joins the located event when the month agrees */
    bool p_country = p->location && p->country && !strcmp(p->location, p->country);
    bool q_country = q->location && q->country && !strcmp(q->location, q->country);
    return (p_country || q_country) && p->event_date && q->event_date &&
           strlen(p->event_date) >= 7 && strlen(q->event_date) >= 7;
}

/* How far ahead (in incidents of the document) a retelling is looked for. Reports tell
 * an event again within a few paragraphs; bounding the search keeps merging linear on
 * huge inputs (a 50 MB report has ~10^5 incidents) and changes nothing for documents
 * with fewer incidents than this. */
#define MERGE_WINDOW 512

static void merge(xstate *x)
{
    im_incident_set *set = x->out;
    size_t n = set->n - x->first;
    if (n < 2)
        return;
    im_incident *items = set->items + x->first;
    /* family per incident, computed once; -1 marks an incident merged away */
    int *fam = im_xmalloc(n * sizeof *fam);
    for (size_t i = 0; i < n; i++)
        fam[i] = family_of(&items[i]);
    for (size_t i = 0; i < n; i++) {
        if (fam[i] < 0)
            continue;
        im_incident *p = &items[i];
        for (size_t j = i + 1; j < n && j <= i + MERGE_WINDOW; j++) {
            im_incident *q = &items[j];
            bool same = fam[j] == fam[i] && dates_agree(p, q) && places_agree(p, q) &&
                        strcmp(p->kind, "arrest") != 0;
            if (!same)
                continue;
            /* keep the finer place and date, the known numbers, every evidence span */
            if (q->geo_prec < p->geo_prec) {
                p->latitude = q->latitude;
                p->longitude = q->longitude;
                p->geo_prec = q->geo_prec;
                p->geonameid = q->geonameid;
                im_set_str(&p->location, q->location);
                im_set_str(&p->place_txt, q->place_txt);
                im_set_str(&p->admin1, q->admin1);
                im_set_str(&p->admin2, q->admin2);
            }
            if (strlen(q->event_date) > strlen(p->event_date)) {
                im_set_str(&p->event_date, q->event_date);
                p->year = q->year;   /* an undated p takes q's date: year must follow */
                p->time_prec = q->time_prec;
            }
            if (p->fatalities == IM_UNKNOWN)
                p->fatalities = q->fatalities;
            if (p->injuries == IM_UNKNOWN)
                p->injuries = q->injuries;
            if (!p->assoc_act1[0] && q->assoc_act1[0])
                im_set_str(&p->assoc_act1, q->assoc_act1);
            char *notes = im_xasprintf("%s || also %s", p->notes, q->notes);
            free(p->notes);
            p->notes = notes;
            im_incident_clear(q);
            fam[j] = -1;
        }
    }
    /* close the gaps in one pass, keeping text order */
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (fam[i] >= 0)
            items[kept++] = items[i];
    set->n = x->first + kept;
    free(fam);
}

/* ---- links ---------------------------------------------------------------------- */

static void add_link(xstate *x, const char *kind, const im_place *from, const im_place *to,
                     const char *event_id, const char *evidence)
{
    if (!x->links)
        return;
    x->links->items = im_xgrow(x->links->items, &x->links->cap, x->links->n + 1,
                               sizeof *x->links->items);
    im_link *l = &x->links->items[x->links->n++];
    l->kind = im_xstrdup(kind);
    l->from_name = im_xstrdup(from->name);
    l->to_name = im_xstrdup(to->name);
    l->from_lat = from->lat;
    l->from_lon = from->lon;
    l->to_lat = to->lat;
    l->to_lon = to->lon;
    l->event_id = im_xstrdup(event_id ? event_id : "");
    l->evidence = im_xstrdup(evidence ? evidence : "");
}

/* Attackers' countries → incident, and routes "from X into Y", "through X to Y". */
static void make_links(xstate *x)
{
    for (size_t i = x->first; i < x->out->n; i++) {
        im_incident *inc = &x->out->items[i];
        if (!inc->has_coords || !inc->assoc_act1 || !inc->assoc_act1[0])
            continue;
        char codes[32];
        snprintf(codes, sizeof codes, "%s", inc->assoc_act1);
        for (char *tok = strtok(codes, "|"); tok; tok = strtok(NULL, "|")) {
            if (!strcmp(tok, inc->iso2))
                continue;
            uint32_t c = im_gazetteer_country(x->gz, tok);
            if (c == IM_PLACE_NONE)
                continue;
            im_place from = place_of(x, c), to;
            memset(&to, 0, sizeof to);
            to.name = inc->location ? inc->location : "";
            to.lat = inc->latitude;
            to.lon = inc->longitude;
            if (from.has_coords)
                add_link(x, "origin", &from, &to, inc->event_id, "attackers' nationality");
        }
    }
    for (size_t i = 0; i + 1 < im_geoparse_count(x->gp); i++) {
        const im_mention *m = im_geoparse_mention(x->gp, i);
        if (m->type != IM_MENTION_PLACE)
            continue;
        char prev[24];
        word_before(x->s, 0, m->start, prev, sizeof prev);
        if (strcmp(prev, "from") && strcmp(prev, "through"))
            continue;
        for (size_t j = i + 1; j < im_geoparse_count(x->gp) && j < i + 3; j++) {
            const im_mention *n = im_geoparse_mention(x->gp, j);
            if (n->sentence != m->sentence || n->start - m->end > 40)
                break;
            char p2[24];
            word_before(x->s, 0, n->start, p2, sizeof p2);
            if (n->type != IM_MENTION_PLACE && n->type != IM_MENTION_REGION)
                continue;
            if (strcmp(p2, "into") && strcmp(p2, "to"))
                continue;
            if (n->type != IM_MENTION_PLACE)
                break;
            im_place from = place_of(x, m->place), to = place_of(x, n->place);
            if (from.has_coords && to.has_coords && from.id != to.id) {
                char ev[200];
                snprintf(ev, sizeof ev, "%.*s", (int)(n->end - m->start), x->s + m->start);
                add_link(x, "route", &from, &to, "", ev);
            }
            break;
        }
    }
}

void im_link_set_clear(im_link_set *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->n; i++) {
        im_link *l = &set->items[i];
        free(l->kind);
        free(l->from_name);
        free(l->to_name);
        free(l->event_id);
        free(l->evidence);
    }
    free(set->items);
    memset(set, 0, sizeof *set);
}

im_status im_incidents_extract(im_ctx *ctx, const im_gazetteer *gz, const im_text *text,
                               const im_geoparse *gp, const char *doc_id,
                               im_incident_set *out, im_link_set *links)
{
    return im_incidents_extract_dated(ctx, gz, text, gp, doc_id, NULL, out, links);
}

im_status im_incidents_extract_dated(im_ctx *ctx, const im_gazetteer *gz, const im_text *text,
                                     const im_geoparse *gp, const char *doc_id,
                                     const im_date *report_date, im_incident_set *out,
                                     im_link_set *links)
{
    if (!gz || !text || !gp || !out)
        return im_ctx_fail(ctx, IM_ERR_USAGE, "incidents: missing gazetteer, text or geoparse");
    xstate x;
    memset(&x, 0, sizeof x);
    x.gz = gz;
    x.text = text;
    x.gp = gp;
    x.doc = doc_id ? doc_id : "doc";
    x.s = im_text_data(text, NULL);
    x.out = out;
    x.links = links;
    x.first = out->n;
    if (report_date && report_date->year)
        x.anchor = x.report = *report_date;
    snprintf(x.focus, sizeof x.focus, "%s", im_geoparse_focus(gp));
    for (size_t si = 0; si < im_text_sentence_count(text); si++)
        extract_sentence(&x, si);
    merge(&x);
    /* renumber after merging so ids are dense and in text order */
    for (size_t i = x.first; i < out->n; i++) {
        char id[300];
        snprintf(id, sizeof id, "%s-%zu", x.doc, i - x.first + 1);
        im_set_str(&out->items[i].event_id, id);
    }
    make_links(&x);
    return IM_OK;
}
