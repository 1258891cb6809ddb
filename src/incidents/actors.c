/* Actors: who acted, against whom, and the attackers' nationality. Actors are named as
 * ACLED names them (actors.tsv): a known group by its ACLED name whatever spelling the
 * text uses ("ISKP", "IS-K" → "Islamic State (Afghanistan)"), state forces by their
 * country ("Tajik security forces" → "Military Forces of Tajikistan"), unnamed armed
 * men, crowds and victims by kind and country, each with ACLED's inter code. actor1 is
 * the actor named closest before the trigger (or after "by"); actor2 the first other
 * actor after it. The target phrase ("the Russian embassy") is kept for merging; the
 * attackers' or arrested people's countries come from demonyms and "born in".
 *
 * This file does not choose places, dates or numbers; the words are in actors.tsv and
 * actor_words.tsv. */
#include "extract_private.h"
#include "lex.h"
#include "geodata/incidents/tab_actor_words.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

EV_LEX_DEFINE(actor_words)

#define ALIAS_WORDS 6

/* The table row whose alias is s[i..e) exactly, or, for a lower-case alias, in any
 * case. */
static const struct tab_actors *alias_row(const char *s, size_t i, size_t e)
{
    const struct tab_actors *r = tab_actors_find(s + i, e - i);
    if (r)
        return r;
    char low[64];
    size_t l = ev_lower(s + i, e - i, low, sizeof low);
    return l ? tab_actors_find(low, l) : NULL;
}

/* Whether a state-force noun ("police", "security forces", "officials") starts at i. */
static bool force_noun_at(const char *s, size_t len, size_t i, size_t *end)
{
    for (size_t k = i, words = 0; k <= len && words < 3; k++) {
        if (k < len && (isalnum((unsigned char)s[k]) || s[k] == '-'))
            continue;
        words++;
        const struct tab_actors *r = alias_row(s, i, k);
        if ((r && r->inter == 1) ||
            (words == 1 && EV_LEX_HAS(actor_words, s + i, k - i, "state_agent"))) {
            *end = k;
            return true;
        }
        if (k >= len || s[k] != ' ')
            break;
    }
    return false;
}

bool ev_actor_at(const xstate *x, const char *s, size_t len, size_t i, ev_actor *out,
                 size_t *end)
{
    if (i > 0 && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '-'))
        return false;
    if (!isalnum((unsigned char)s[i]))
        return false;
    /* "Tajik security forces", "Pakistani police": a demonym or place names the
       force's country */
    if (isupper((unsigned char)s[i])) {
        size_t e = i;
        while (e < len && (isalpha((unsigned char)s[e]) || s[e] == '.'))
            e++;
        size_t fe;
        char iso2[3] = "";
        if (e < len && s[e] == ' ' && force_noun_at(s, len, e + 1, &fe) &&
            im_gazetteer_demonym(x->gz, s + i, e - i, iso2, NULL, NULL)) {
            const struct tab_actors *r = alias_row(s, e + 1, fe);
            if (!r)
                r = tab_actors_find("police", 6);
            *out = (ev_actor){r, {iso2[0], iso2[1], '\0'}};
            *end = fe;
            return true;
        }
    }
    /* the longest alias starting here */
    const struct tab_actors *best = NULL;
    size_t best_end = 0;
    size_t words = 0;
    for (size_t k = i; k <= len && words < ALIAS_WORDS; k++) {
        if (k < len && (isalnum((unsigned char)s[k]) || s[k] == '-'))
            continue;
        words++;
        const struct tab_actors *r = alias_row(s, i, k);
        if (r) {
            best = r;
            best_end = k;
        }
        if (k >= len || s[k] != ' ')
            break;
    }
    if (!best)
        return false;
    /* "Taliban forces", "ISKP militants": a named group's members are the group */
    if (isupper((unsigned char)best->alias[0]) && best_end < len && s[best_end] == ' ') {
        size_t k = best_end + 1, e = k;
        while (e < len && (isalpha((unsigned char)s[e]) || s[e] == '-'))
            e++;
        size_t fe;
        const struct tab_actors *r = e > k ? alias_row(s, k, e) : NULL;
        if (r && islower((unsigned char)r->alias[0]))
            best_end = e;
        else if (force_noun_at(s, len, k, &fe))
            best_end = fe;
    }
    *out = (ev_actor){best, ""};
    *end = best_end;
    return true;
}

ev_actor ev_find_actor1(const xstate *x, const char *s, size_t len, ev_trigger trig)
{
    ev_actor best = {NULL, ""};
    for (size_t i = 0; i < trig.start; i++) {
        ev_actor a;
        size_t e;
        /* the last actor before the trigger is the closest */
        if (ev_actor_at(x, s, len, i, &a, &e) && a.row->inter != 7) {
            best = a;
            i = e;
        }
    }
    if (best.row)
        return best;
    for (size_t i = trig.end; i + 3 < len; i++) {
        if (!ev_word_at(s, len, i, "by"))
            continue;
        for (size_t k = i + 3; k < len && k < i + 40; k++) {
            ev_actor a;
            size_t e;
            if (ev_actor_at(x, s, len, k, &a, &e) && a.row->inter != 7)
                return a;
        }
    }
    return best;
}

ev_actor ev_find_actor2(const xstate *x, const char *s, size_t len, ev_trigger trig,
                        const ev_actor *a1)
{
    for (size_t i = trig.start; i < len; i++) {
        ev_actor a;
        size_t e;
        if (!ev_actor_at(x, s, len, i, &a, &e))
            continue;
        i = e;
        if (a1->row && !strcmp(a.row->name, a1->row->name) && !strcmp(a.iso2, a1->iso2))
            continue;
        return a;
    }
    return (ev_actor){NULL, ""};
}

/* What was hit: the phrase after "on", "against" or "at" following the trigger. */
void ev_find_target(const char *s, size_t len, ev_trigger trig, char *buf, size_t blen)
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
    /* "attack on the checkpoint", "strikes against militants", "targeting a bus" */
    size_t e0 = i;
    while (e0 < len && isalpha((unsigned char)s[e0]))
        e0++;
    if (e0 == i || e0 >= len || s[e0] != ' ' ||
        !EV_LEX_HAS(actor_words, s + i, e0 - i, "target_prep"))
        return;
    size_t a = e0 + 1, e = a;
    while (e < len && e < a + 90 && s[e] != ',' && s[e] != '.' && s[e] != ';' &&
           strncmp(s + e, " in ", 4) && strncmp(s + e, " that ", 6) &&
           strncmp(s + e, " with ", 6) && strncmp(s + e, " near ", 6))
        e++;
    snprintf(buf, blen, "%.*s", (int)(e - a), s + a);
}

/* Attackers' (or arrested people's) countries from demonyms, nisbas and "born in".
 * Returns how many were written to nat. */
size_t ev_find_nationality(const xstate *x, size_t si, size_t a, size_t len, ev_trigger trig,
                           char nat[][3], size_t max)
{
    size_t n = 0;
    bool born = false;
    bool object_side = trig.kind == EV_ARREST || trig.kind == EV_EXTRADITION ||
                       trig.kind == EV_SMUGGLING || trig.kind == EV_PLOT;
    for (size_t i = ev_first_mention_at(x->gp, a); i < im_geoparse_count(x->gp); i++) {
        const im_mention *m = im_geoparse_mention(x->gp, i);
        if (m->start >= a + len)
            break;
        if (m->sentence != si || m->start < a || m->end > a + len)
            continue;
        const char *iso = NULL;
        char prev[24], next[24];
        ev_word_before(x->s, a, m->start, prev, sizeof prev);
        ev_word_after(x->s, a + len, m->end, next, sizeof next);
        bool from_birth = false;
        if (m->type == IM_MENTION_DEMONYM) {
            size_t nb = m->end, fe;
            while (nb < a + len && x->s[nb] == ' ')
                nb++;
            bool force = force_noun_at(x->s, a + len, nb, &fe);
            bool other = EV_LEX_HAS(actor_words, next, strlen(next), "not_origin");
            if ((force || !strcmp(prev, "against") || other) &&
                !(!strcmp(next, "and") && object_side))
                continue;
            if (!object_side && m->start - a > trig.start)
                continue;
            iso = m->iso2;
        } else if (m->type == IM_MENTION_PLACE && !strcmp(prev, "born")) {
            iso = m->iso2;
            from_birth = true;
        } else if (m->type == IM_MENTION_PLACE && !strcmp(prev, "in")) {
            char p2[24];
            size_t pb = m->start;
            while (pb > a && x->s[pb - 1] == ' ')
                pb--;
            while (pb > a && isalpha((unsigned char)x->s[pb - 1]))
                pb--;
            ev_word_before(x->s, a, pb, p2, sizeof p2);
            if (!strcmp(p2, "born")) {
                iso = m->iso2;
                from_birth = true;
            }
        }
        if (!iso || !iso[0])
            continue;
        bool seen = false;
        for (size_t k = 0; k < n; k++)
            seen |= !strcmp(nat[k], iso);
        if (seen || n >= max)
            continue;
        memcpy(nat[n++], iso, 3);
        born |= from_birth;
    }
    /* "born in Kyrgyzstan" names the country that counts: a birthplace overrides an
       ethnic demonym in the same phrase */
    if (n > 1 && born) {
        memcpy(nat[0], nat[n - 1], 3);
        n = 1;
    }
    return n;
}

/* The country of the force that acted ("German police" → DE), for arrests. */
void ev_force_country(const xstate *x, size_t a, size_t len, char iso2[3])
{
    iso2[0] = '\0';
    const char *s = x->s + a;
    for (size_t i = 0; i + 1 < len; i++) {
        if (!isupper((unsigned char)s[i]) || (i > 0 && isalpha((unsigned char)s[i - 1])))
            continue;
        size_t e = i, fe;
        while (e < len && isalpha((unsigned char)s[e]))
            e++;
        if (e >= len || s[e] != ' ')
            continue;
        if (force_noun_at(s, len, e + 1, &fe) &&
            im_gazetteer_demonym(x->gz, s + i, e - i, iso2, NULL, NULL))
            return;
    }
    iso2[0] = '\0';
    for (size_t i = ev_first_mention_at(x->gp, a); i < im_geoparse_count(x->gp); i++) {
        const im_mention *m = im_geoparse_mention(x->gp, i);
        if (m->start >= a + len)
            break;
        if (m->start < a || m->end > a + len)
            continue;
        if (m->type != IM_MENTION_DEMONYM && m->type != IM_MENTION_PLACE)
            continue;
        size_t nb = m->end, fe;
        while (nb < a + len && x->s[nb] == ' ')
            nb++;
        if (force_noun_at(x->s, a + len, nb, &fe)) {
            memcpy(iso2, m->iso2, 3);
            return;
        }
    }
}

/* Whether the head of a target (its first three words) is an armed group: "the IMU
 * and …" is, "the ceremony of a former Taliban emir" is not. */
bool ev_armed_target(const xstate *x, const char *target)
{
    size_t len = 0;
    for (size_t words = 0; target[len]; len++)
        if (target[len] == ' ' && ++words >= 3)
            break;
    for (size_t i = 0; i < len; i++) {
        ev_actor a;
        size_t e;
        if (ev_actor_at(x, target, len, i, &a, &e) && (a.row->inter == 2 || a.row->inter == 3))
            return true;
    }
    return false;
}

/* ACLED's name of an actor: the table's name with {country} filled, or without the
 * country part when no country is known. */
static void actor_name(const xstate *x, const ev_actor *a, const im_incident *inc, char *buf,
                       size_t blen)
{
    buf[0] = '\0';
    if (!a->row)
        return;
    const char *country = inc->country ? inc->country : "";
    im_place cp;
    if (a->iso2[0]) {
        uint32_t c = im_gazetteer_country(x->gz, a->iso2);
        if (c != IM_PLACE_NONE) {
            im_gazetteer_get(x->gz, c, &cp);
            country = cp.name;
        }
    }
    const char *name = a->row->name, *slot = strstr(name, "{country}");
    if (!slot) {
        snprintf(buf, blen, "%s", name);
        return;
    }
    size_t pre = (size_t)(slot - name);
    const char *post = slot + strlen("{country}");
    if (country[0]) {
        snprintf(buf, blen, "%.*s%s%s", (int)pre, name, country, post);
        return;
    }
    /* "Islamic State ({country})" → "Islamic State"; "Police Forces of {country}" →
       "Police Forces" */
    while (pre > 0 && name[pre - 1] != ' ')
        pre--;
    while (pre > 0 && name[pre - 1] == ' ')
        pre--;
    if (pre >= 3 && !strncmp(name + pre - 3, " of", 3))
        pre -= 3;
    snprintf(buf, blen, "%.*s", (int)pre, name);
}

void ev_name_actors(xstate *x, im_incident *inc, ev_meta *m)
{
    /* arrests and extraditions are the state's acts (ACLED): its forces are actor1 and
       the people or group taken actor2, whichever order the sentence named them in */
    if (m->kind == EV_ARREST || m->kind == EV_EXTRADITION) {
        ev_actor state = {NULL, ""}, other = {NULL, ""};
        const ev_actor *both[2] = {&m->actor1, &m->actor2};
        for (int k = 0; k < 2; k++) {
            if (both[k]->row && both[k]->row->inter == 1 && !state.row)
                state = *both[k];
            else if (both[k]->row && !other.row)
                other = *both[k];
        }
        if (!state.row)
            state.row = tab_actors_find("police", 6);
        m->actor1 = state;
        m->actor2 = other;
    }
    char a1[160], a2[160];
    actor_name(x, &m->actor1, inc, a1, sizeof a1);
    actor_name(x, &m->actor2, inc, a2, sizeof a2);
    im_set_str(&inc->actor1, a1);
    im_set_str(&inc->actor2, a2);
    inc->inter1 = m->actor1.row ? (int)m->actor1.row->inter : 0;
    inc->inter2 = m->actor2.row ? (int)m->actor2.row->inter : 0;
    /* ACLED: the two codes, lower first ("12"); one actor alone is "<code>0" */
    int lo = inc->inter1, hi = inc->inter2;
    if (!lo || (hi && hi < lo)) {
        int t = lo;
        lo = hi;
        hi = t;
    }
    inc->interaction = lo ? lo * 10 + hi : 0;
    char nat[EV_MAX_NAT * 3 + 1] = "";
    for (size_t k = 0; k < m->n_nat; k++) {
        size_t l = strlen(nat);
        snprintf(nat + l, sizeof nat - l, "%s%s", k ? "|" : "", m->nat[k]);
    }
    im_set_str(&inc->assoc_act1, nat);
}
