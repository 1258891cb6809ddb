/* Place choice: which place mention of a clause is where the event happened. Each
 * mention is scored by its kind (a town beats a province beats a country), the word
 * before it ("in", "at", "on" beat "near", which beats "from"), what follows it (a
 * country used as an adjective or possessor only qualifies), whether it names the
 * actor ("a U.S. airstrike") and its distance to the trigger. With no place in the
 * clause, the paragraph's last place, then the acting force's or attackers' country,
 * then the report's country stand in (ACLED precision 2 or 3); a national institution
 * with no town named stands in the capital. A list of towns after one trigger ("in X,
 * Y and Z") is one event per town.
 *
 * The words are in place_words.tsv and the weights in place_weights.tsv. This file
 * does not read dates, numbers or actors. */
#include "extract_private.h"
#include "lex.h"
#include "geodata/incidents/tab_place_words.h"
#include "geodata/incidents/tab_place_weights.h"
#include "incmap/regions.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

EV_LEX_DEFINE(place_words)

static const struct tab_place_words *pw(const char *w, const char *role)
{
    return ev_lex_row_place_words(w, strlen(w), role);
}

/* A fixed weight by name (place_weights.tsv); a name missing from the table is a
 * programming error caught by the unit tests, and weighs 0. */
static double W(const char *name)
{
    const struct tab_place_weights *r = tab_place_weights_find(name, strlen(name));
    return r ? r->value : 0.0;
}

static double kind_weight(im_place_kind k)
{
    return k == IM_PLACE_CITY ? W("city") : k == IM_PLACE_ADMIN2 ? W("admin2")
         : k == IM_PLACE_ADMIN1 ? W("admin1") : W("country");
}

ev_pick ev_choose_place(const xstate *x, size_t si, size_t a, size_t b, ev_trigger trig,
                        const char *home)
{
    ev_pick best = {NULL, -1e9, 3};
    size_t mid = a + (trig.start + trig.end) / 2;
    for (size_t i = ev_first_mention_at(x->gp, a); i < im_geoparse_count(x->gp); i++) {
        const im_mention *m = im_geoparse_mention(x->gp, i);
        if (m->start >= b)
            break;
        if (m->sentence != si || m->type != IM_MENTION_PLACE || m->start < a || m->end > b)
            continue;
        im_place p = ev_place_of(x, m->place);
        if (!p.has_seat)
            continue;
        double sc = kind_weight(p.kind);
        char prev[24], prev2[24], next[24];
        ev_word_before(x->s, a, m->start, prev, sizeof prev);
        size_t pb = m->start;
        while (pb > a && x->s[pb - 1] == ' ')
            pb--;
        while (pb > a && isalnum((unsigned char)x->s[pb - 1]))
            pb--;
        ev_word_before(x->s, a, pb, prev2, sizeof prev2);
        if (!strcmp(prev, "the") || !strcmp(prev, "a")) {
            memcpy(prev, prev2, sizeof prev);
            prev2[0] = '\0';
        }
        /* "in northern Afghanistan": look past a directional adjective */
        if (pw(prev, "direction"))
            memcpy(prev, prev2, sizeof prev);
        ev_word_after(x->s, b, m->end, next, sizeof next);
        int prec = p.kind == IM_PLACE_CITY ? 1 : p.kind == IM_PLACE_ADMIN2 ? 2 : 3;
        const struct tab_place_words *cue = pw(prev, "cue"), *near = pw(prev, "cue_near");
        if (cue) {
            sc += cue->weight;
        } else if (near || (!strcmp(prev, "of") && pw(prev2, "compass"))) {
            sc += near ? near->weight : pw("near", "cue_near")->weight;
            if (prec == 1)
                prec = 2;
        } else if (!strcmp(prev, "of") && pw(prev2, "of_place")) {
            sc += W("city_of");
        } else if (!strcmp(prev, "into")) {
            sc += trig.kind == EV_SMUGGLING ? W("smuggling_into") : W("into");
        } else if (!strcmp(prev, "to")) {
            sc += trig.kind == EV_EXTRADITION ? W("extradition_to") : 0.0;
        }
        /* a country used as an adjective: "13 U.S. service members" */
        if (p.kind == IM_PLACE_COUNTRY && m->end + 1 < b && x->s[m->end] == ' ' &&
            islower((unsigned char)x->s[m->end + 1]) && !pw(next, "function"))
            sc += W("country_adjective");
        if (!strcmp(prev, "of") && p.kind == IM_PLACE_CITY)
            sc += W("of_city");
        const struct tab_place_words *ns = pw(next, "not_site");
        if (ns)
            sc += ns->weight;
        /* "Tajikistan's Danghara District": the possessor only qualifies */
        if (p.kind == IM_PLACE_COUNTRY && m->end < b && (x->s[m->end] == '\'' ||
                                                         !strncmp(x->s + m->end, "\xE2\x80\x99", 3)))
            sc += W("country_possessor");
        /* "Peshawar, Afghanistan": a country right after a town qualifies it */
        if (p.kind == IM_PLACE_COUNTRY && i > 0) {
            const im_mention *pv = im_geoparse_mention(x->gp, i - 1);
            if (pv->type == IM_MENTION_PLACE && pv->sentence == si && pv->end + 2 >= m->start &&
                x->s[pv->end] == ',')
                sc += W("after_town");
        }
        /* "the Reina nightclub": a small namesake right before a facility noun is the
           facility's name, not where it stands */
        if (p.kind == IM_PLACE_CITY && p.population < W("facility_namesake_population") &&
            pw(next, "site_noun"))
            sc += W("facility_namesake");
        /* "a U.S. airstrike", "Tajik security forces": the country is the actor */
        if (m->end <= a + trig.start && a + trig.start - m->end <= 2)
            sc += W("actor_adjacent");
        /* inside a relative clause after the trigger: "who had plotted an attack in X" */
        for (size_t k = a + trig.end; k + 5 < m->start; k++) {
            if (!strncmp(x->s + k, " who ", 5) || !strncmp(x->s + k, " which ", 7)) {
                sc += W("relative_clause");
                break;
            }
        }
        if (home[0] && !strcmp(p.iso2, home))
            sc += W("home_country");
        double dist = fabs((double)(m->start + m->end) / 2.0 - (double)mid);
        sc -= dist * W("distance_per_byte");
        if (sc > best.score) {
            best.m = m;
            best.score = sc;
            best.geo_prec = prec;
        }
    }
    return best;
}

/* National institutions stand in their country's capital. */
bool ev_national_site(const char *s, size_t len)
{
    for (size_t i = 0; i < tab_place_words_count; i++)
        if (!strcmp(tab_place_words[i].role, "national_site") &&
            ev_contains_ci(s, len, tab_place_words[i].word))
            return true;
    return false;
}

void ev_fill_place(xstate *x, im_incident *inc, uint32_t id, int geo_prec, const char *surface,
                   double conf)
{
    im_place p = ev_place_of(x, id);
    /* ACLED's placement: an event known only to a country or a unit is at its capital
       or seat (geo_precision 3), not at the area's own middle point */
    inc->latitude = p.seat_lat;
    inc->longitude = p.seat_lon;
    inc->has_coords = p.has_seat;
    inc->geo_prec = geo_prec;
    memcpy(inc->iso2, p.iso2, 3);
    inc->geonameid = p.seat_geonameid;
    inc->geo_conf = conf;
    im_set_str(&inc->location, p.name);
    im_set_str(&inc->place_txt, surface);
    uint32_t cid = p.kind == IM_PLACE_COUNTRY ? p.id : p.country;
    im_set_str(&inc->country, cid != IM_PLACE_NONE ? ev_place_of(x, cid).name : "");
    uint32_t a1 = p.kind == IM_PLACE_ADMIN1 ? p.id : p.admin1;
    im_set_str(&inc->admin1, a1 != IM_PLACE_NONE ? ev_place_of(x, a1).name : "");
    uint32_t a2 = p.kind == IM_PLACE_ADMIN2 ? p.id : p.admin2;
    im_set_str(&inc->admin2, a2 != IM_PLACE_NONE ? ev_place_of(x, a2).name : "");
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

/* Towns listed after the trigger, each its own event: "attacks … in Istanbul, in New
 * York City, and in Stockholm" (a plural trigger, "in" before each), or "arrested in
 * Los Angeles, New York, and Philadelphia" (one "in", the towns joined by commas and
 * "and"). Returns how many (0 or ≥ 2). */
size_t ev_place_series(const xstate *x, size_t si, size_t a, size_t len, ev_trigger trig,
                       const im_mention **out, size_t max)
{
    const char *s = x->s + a;
    bool plural = trig.end >= 2 && s[trig.end - 1] == 's';
    size_t n = 0;
    const im_mention *prev_m = NULL;
    for (size_t i = ev_first_mention_at(x->gp, a); i < im_geoparse_count(x->gp) && n < max; i++) {
        const im_mention *m = im_geoparse_mention(x->gp, i);
        if (m->start >= a + len)
            break;
        if (m->sentence != si || m->type != IM_MENTION_PLACE || m->start < a + trig.end ||
            m->end > a + len)
            continue;
        char prev[24];
        ev_word_before(x->s, a, m->start, prev, sizeof prev);
        im_place p = ev_place_of(x, m->place);
        /* towns; a listed item may be a province or state ("New York") */
        if (p.kind != IM_PLACE_CITY && (p.kind == IM_PLACE_COUNTRY || !prev_m || !n)) {
            prev_m = NULL;
            continue;
        }
        /* a town right after the last one, joined by ", " or " and " or ", and " */
        bool listed = false;
        if (prev_m && n) {
            size_t g = prev_m->end, e = m->start;
            char gap[16];
            size_t gl = e - g < sizeof gap - 1 ? e - g : sizeof gap - 1;
            memcpy(gap, x->s + g, gl);
            gap[gl] = '\0';
            listed = e - g < sizeof gap - 1 &&
                     (!strcmp(gap, ", ") || !strcmp(gap, " and ") || !strcmp(gap, ", and "));
        }
        if ((plural && !strcmp(prev, "in")) || listed || (!strcmp(prev, "in") && !n)) {
            out[n++] = m;
            prev_m = m;
        } else if (!plural) {
            break;
        }
    }
    /* "in Gediz, Istanbul" names a town and where it is, not two towns: a list without
       a plural trigger needs "and" */
    bool joined = plural;
    for (size_t k = 1; k < n && !joined; k++) {
        const char *g = x->s + out[k - 1]->end;
        size_t gl = out[k]->start - out[k - 1]->end;
        for (size_t i = 0; i + 5 <= gl && !joined; i++)
            joined = !strncmp(g + i, " and ", 5);
    }
    return n >= 2 && joined ? n : 0;
}

/* No place in the clause: the last place of the paragraph, then the acting force's or
 * the attackers' country, then the report's country; a national institution stands in
 * the capital of the country the report is about. */
void ev_place_fallback(xstate *x, im_incident *inc, size_t si, size_t a, size_t len,
                       ev_trigger trig, bool site, const char *home)
{
    const im_sentence *st = im_text_sentence(x->text, si);
    ev_meta_of(x, inc)->borrowed_place = true;
    char dem[3] = "";
    for (size_t i = ev_first_mention_at(x->gp, a); i < im_geoparse_count(x->gp) && !dem[0];
         i++) {
        const im_mention *m = im_geoparse_mention(x->gp, i);
        if (m->start >= a + len)
            break;
        if (m->type == IM_MENTION_DEMONYM && m->start >= a && m->end <= a + len &&
            m->start > a + trig.start)
            memcpy(dem, m->iso2, 3);
    }
    if (!site) {
        /* backwards from the clause: paragraphs only grow in text order. The nearest
           town or province wins over a nearer country ("the same shrine" after
           "Shiraz, Iran"). */
        const im_mention *last = NULL, *country = NULL;
        for (size_t i = ev_first_mention_at(x->gp, a); i > 0 && !last; i--) {
            const im_mention *m = im_geoparse_mention(x->gp, i - 1);
            if (m->para != st->para)
                break;
            if (m->type != IM_MENTION_PLACE || !ev_place_of(x, m->place).has_seat)
                continue;
            if (ev_place_of(x, m->place).kind != IM_PLACE_COUNTRY)
                last = m;
            else if (!country)
                country = m;
        }
        if (!last)
            last = country;
        if (last) {
            im_place lp = ev_place_of(x, last->place);
            ev_fill_place(x, inc, last->place, lp.kind == IM_PLACE_CITY ? 2 : 3, last->surface,
                          last->confidence * 0.7);
            char note[480];
            snprintf(note, sizeof note, "%s | place: from the paragraph (%s)", inc->notes,
                     last->surface);
            im_set_str(&inc->notes, note);
            return;
        }
    }
    const char *iso = site ? (x->focus[0] ? x->focus : home)
                           : home[0] ? home : dem[0] ? dem : x->focus;
    uint32_t c = iso && iso[0] ? im_gazetteer_country(x->gz, iso) : IM_PLACE_NONE;
    if (c == IM_PLACE_NONE)
        return;
    if (site) {
        uint32_t city = im_gazetteer_find_geonameid(x->gz, ev_place_of(x, c).seat_geonameid,
                                                    IM_PLACE_CITY);
        if (city != IM_PLACE_NONE)
            c = city;
    }
    ev_fill_place(x, inc, c, site ? 1 : 3, "", 0.4);
    if (!site)
        im_set_str(&inc->location, inc->country);
    char note[480];
    snprintf(note, sizeof note, "%s | place: %s", inc->notes,
             site ? "national institution, placed in the capital"
                  : "no place in the text; country of the report");
    im_set_str(&inc->notes, note);
}
