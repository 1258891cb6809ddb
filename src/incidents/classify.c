/* Whether a sentence reports an event, and the ACLED coding of one. A sentence reports
 * an incident when it holds a trigger (geodata/incidents/triggers.tsv: attack, suicide
 * bombing, shelling, clash, protest, riot, abduction, arrest, looting…) that is not
 * hypothetical ("threatened to attack", "called for attacks", "could strike") nor a
 * reference to an event told elsewhere (trigger_context.tsv), and not merely the object
 * of a plot ("arrested for plotting attacks" is an arrest). When a sentence holds
 * several triggers, ACLED's precedence picks the kind: suicide bombs, air and drone
 * strikes, shelling and missiles, remote explosives, raids, attacks, riots, armed
 * clashes, security operations, then the strategic developments. The ACLED event type
 * and sub-type of an event come from the learned model (event_model.c). */
#include "incidents_private.h"

#include "geodata/incidents/tab_trigger_context.h"
#include "geodata/incidents/tab_triggers.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* triggers.tsv's kind column, in ev_kind order. */
static const char *const kind_codes[EV_COUNT] = {
    "suicide", "airstrike", "rocket", "bombing", "assault", "attack", "prison", "clash",
    "operation", "extradition", "arrest", "plot", "smuggling", "abduction", "riot", "protest",
    "looting", "development", "other"};

const char *ev_kind_code(ev_kind k)
{
    return k >= 0 && k < EV_COUNT ? kind_codes[k] : NULL;
}

static ev_kind kind_of_code(const char *code)
{
    for (int k = 0; k < EV_COUNT; k++)
        if (!strcmp(kind_codes[k], code))
            return (ev_kind)k;
    return EV_OTHER;
}

static bool word_eq(const char *a, size_t n, const char *lit)
{
    return strlen(lit) == n && strncasecmp(a, lit, n) == 0;
}

/* Does the phrase match at byte i (word boundary before, prefix '*' allowed)? Returns
 * the end byte or 0. */
static size_t phrase_at(const char *s, size_t len, size_t i, const char *phrase)
{
    if (i > 0 && isalnum((unsigned char)s[i - 1]))
        return 0;
    size_t p = i;
    for (const char *q = phrase; *q; q++) {
        if (*q == '*') {
            while (p < len && (isalnum((unsigned char)s[p]) || s[p] == '-'))
                p++;
            return p;
        }
        if (*q == ' ') {
            if (p >= len || (s[p] != ' ' && s[p] != '-'))
                return 0;
            while (p < len && (s[p] == ' ' || s[p] == '-'))
                p++;
            continue;
        }
        if (p >= len || tolower((unsigned char)s[p]) != *q)
            return 0;
        p++;
    }
    if (p < len && isalnum((unsigned char)s[p]))
        return 0;
    return p;
}

/* Is the trigger at byte t made hypothetical by a word of the clause before it, or a
 * reference by a word close before it (trigger_context.tsv)? Arrests and extraditions
 * stay events even when what the arrested people planned is named. */
static bool hypothetical(const char *s, size_t t, ev_kind kind)
{
    if (kind == EV_ARREST || kind == EV_EXTRADITION)
        return false;
    size_t i = t, words = 0;
    while (i > 0 && words < 14) {
        while (i > 0 && !isalnum((unsigned char)s[i - 1])) {
            if (s[i - 1] == ';' || s[i - 1] == ':')
                return false;
            i--;
        }
        size_t e = i;
        while (i > 0 && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '-'))
            i--;
        if (e == i)
            break;
        words++;
        char w[24];
        if (e - i < sizeof w) {
            for (size_t k = 0; k < e - i; k++)
                w[k] = (char)tolower((unsigned char)s[i + k]);
            const struct tab_trigger_context *c = tab_trigger_context_find(w, e - i);
            if (c && strlen(c->word) == e - i && (long)words <= c->reach)
                return true;
        }
        if (word_eq(s + i, e - i, "as") && i >= 9 && !strncasecmp(s + i - 4, "day ", 4))
            return true;
    }
    return false;
}

/* Is the trigger at [i, e) a heading's label ("Arrests:", "Looting: On 9 May…"): only
 * capitalised words before it and a colon right after it? */
static bool heading(const char *s, size_t len, size_t i, size_t e)
{
    while (e < len && s[e] == ' ')
        e++;
    if (e >= len || s[e] != ':')
        return false;
    for (size_t k = 0; k < i; k++)
        if (isalpha((unsigned char)s[k]) && (k == 0 || !isalnum((unsigned char)s[k - 1])) &&
            !isupper((unsigned char)s[k]))
            return false;
    return true;
}

/* The first trigger row whose phrase starts with byte c (lower case), and the end. */
static void trigger_range(unsigned char c, size_t *lo_out, size_t *hi_out)
{
    size_t lo = 0, hi = tab_triggers_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((unsigned char)tab_triggers[mid].phrase[0] < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < tab_triggers_count && (unsigned char)tab_triggers[end].phrase[0] == c)
        end++;
    *lo_out = lo;
    *hi_out = end;
}

ev_trigger ev_classify(const char *s, size_t len)
{
    return ev_classify_from(s, len, 0);
}

ev_trigger ev_classify_from(const char *s, size_t len, size_t from)
{
    ev_trigger best = {EV_NONE, 0, 0};
    for (size_t i = from; i < len; i++) {
        if (!isalpha((unsigned char)s[i]) || (i > 0 && isalnum((unsigned char)s[i - 1])))
            continue;
        size_t lo, hi;
        trigger_range((unsigned char)tolower((unsigned char)s[i]), &lo, &hi);
        for (size_t t = lo; t < hi; t++) {
            size_t e = phrase_at(s, len, i, tab_triggers[t].phrase);
            if (!e)
                continue;
            /* a capitalised trigger inside a sentence is part of a title or a name
               ("Makers of Epic Battles", "Operation Desert Storm"); an acronym is not
               ("an IED") */
            if (isupper((unsigned char)s[i]) && i > 2 && s[i - 1] == ' ' &&
                s[i - 2] != '.' && s[i - 2] != ':' && s[i - 2] != ';' &&
                !(i + 1 < len && isupper((unsigned char)s[i + 1])))
                continue;
            if (heading(s, len, i, e))
                continue;
            ev_kind k = kind_of_code(tab_triggers[t].kind);
            if (!(best.kind == EV_NONE || k < best.kind))
                continue;
            if (hypothetical(s, i, k))
                continue;
            best = (ev_trigger){k, i, e};
        }
    }
    return best;
}

static const char *const kind_names[EV_COUNT] = {
    "suicide_attack", "airstrike", "rocket_attack", "attack", "assault", "attack",
    "prison_violence", "clash", "security_operation", "extradition", "arrest", "plot",
    "smuggling", "abduction", "riot", "protest", "looting", "development", "other"};

const char *ev_kind_name(ev_kind k)
{
    return k >= 0 && k < EV_COUNT ? kind_names[k] : "other";
}

int ev_family(ev_kind k)
{
    switch (k) {
    case EV_SUICIDE: case EV_ROCKET: case EV_BOMBING: case EV_ASSAULT: case EV_ATTACK:
    case EV_PRISON:
        return 1;
    case EV_CLASH:
        return 2;
    case EV_AIRSTRIKE: case EV_OPERATION:
        return 3;
    case EV_EXTRADITION: case EV_ARREST: case EV_PLOT:
        return 4;
    case EV_SMUGGLING:
        return 5;
    case EV_ABDUCTION:
        return 7;
    case EV_RIOT:
        return 8;
    case EV_PROTEST:
        return 9;
    case EV_LOOTING:
        return 10;
    case EV_DEVELOPMENT:
        return 11;
    case EV_NONE: case EV_OTHER: case EV_COUNT:
        break;
    }
    return 6;
}

const char *ev_acled_type(ev_kind k, int fatalities)
{
    switch (k) {
    case EV_SUICIDE: case EV_AIRSTRIKE: case EV_ROCKET: case EV_BOMBING:
        return "Explosions/Remote violence";
    case EV_ASSAULT: case EV_CLASH:
        return "Battles";
    case EV_ATTACK:
        return "Violence against civilians";
    case EV_PRISON: case EV_RIOT:
        return "Riots";
    case EV_PROTEST:
        return "Protests";
    case EV_ABDUCTION:
        return "Violence against civilians";
    case EV_OPERATION:
        return fatalities > 0 ? "Battles" : "Strategic developments";
    case EV_NONE: case EV_EXTRADITION: case EV_ARREST: case EV_PLOT: case EV_SMUGGLING:
    case EV_LOOTING: case EV_DEVELOPMENT: case EV_OTHER: case EV_COUNT:
        break;
    }
    return "Strategic developments";
}

const char *ev_acled_sub_type(ev_kind k, int fatalities)
{
    switch (k) {
    case EV_SUICIDE: return "Suicide bomb";
    case EV_AIRSTRIKE: return "Air/drone strike";
    case EV_ROCKET: return "Shelling/artillery/missile attack";
    case EV_BOMBING: return "Remote explosive/landmine/IED";
    case EV_ASSAULT: return "Armed clash";
    case EV_ATTACK: return "Attack";
    case EV_PRISON: return "Mob violence";
    case EV_CLASH: return "Armed clash";
    case EV_OPERATION: return fatalities > 0 ? "Armed clash" : "Other";
    case EV_ARREST: case EV_EXTRADITION: return "Arrests";
    case EV_PLOT: return "Disrupted weapons use";
    case EV_ABDUCTION: return "Abduction/forced disappearance";
    case EV_RIOT: return "Violent demonstration";
    case EV_PROTEST: return "Peaceful protest";
    case EV_LOOTING: return "Looting/property destruction";
    case EV_NONE: case EV_SMUGGLING: case EV_DEVELOPMENT: case EV_OTHER: case EV_COUNT: break;
    }
    return "Other";
}

void ev_acled_code(const char *sentence, size_t len, ev_kind k, int fatalities,
                   const char **type, const char **sub)
{
    (void)fatalities;
    ev_model_classify(sentence, len, k, type, sub);
}
