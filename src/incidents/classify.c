/* Event triggers and their ACLED coding. A sentence reports an incident when it holds
 * a trigger (attack, suicide bombing, rockets, raid, clash, arrest, extradition,
 * smuggling…) that is not hypothetical ("threatened to attack", "called for attacks",
 * "could strike") and not merely the object of a plot ("arrested for plotting
 * attacks" is an arrest). When a report mixes tactics, ACLED's precedence picks the
 * type: suicide bombs, then air and drone strikes, shelling and missiles, remote
 * explosives, raids, attacks, riots, armed clashes, security operations, then the
 * strategic developments (extraditions, arrests, foiled plots, smuggling). */
#include "incidents_private.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const struct trig {
    const char *phrase;   /* lower case, words separated by single spaces; '*' = prefix */
    ev_kind kind;
} triggers[] = {
    {"suicide attack", EV_SUICIDE},    {"suicide attacks", EV_SUICIDE},
    {"suicide bombing*", EV_SUICIDE},  {"suicide bomb", EV_SUICIDE},
    {"suicide bombed", EV_SUICIDE},    {"suicide bomber struck", EV_SUICIDE},
    {"suicide bomber attacked", EV_SUICIDE}, {"suicide bomber killed", EV_SUICIDE},
    {"suicide bomber blew", EV_SUICIDE}, {"suicide bomber detonated", EV_SUICIDE},
    {"suicide bombers struck", EV_SUICIDE}, {"suicide bombers attacked", EV_SUICIDE},
    {"suicide bombers killed", EV_SUICIDE}, {"gunman killed", EV_ATTACK},
    {"gunmen killed", EV_ATTACK},      {"gunman shot", EV_ATTACK},
    {"gunmen shot", EV_ATTACK},        {"fired on", EV_ATTACK},
    {"fired at", EV_ATTACK},           {"shot dead", EV_ATTACK},
    {"suicide operation*", EV_SUICIDE}, {"airstrike*", EV_AIRSTRIKE},
    {"air strike*", EV_AIRSTRIKE},     {"drone strike*", EV_AIRSTRIKE},
    {"air raid*", EV_AIRSTRIKE},       {"rocket attack*", EV_ROCKET},
    {"rocket strike*", EV_ROCKET},     {"launched rockets", EV_ROCKET},
    {"fired rockets", EV_ROCKET},      {"rockets at", EV_ROCKET},
    {"missile attack*", EV_ROCKET},    {"missile strike*", EV_ROCKET},
    {"shelling", EV_ROCKET},           {"mortar*", EV_ROCKET},
    {"bombing*", EV_BOMBING},          {"bombed", EV_BOMBING},
    {"car bomb*", EV_BOMBING},         {"explosion*", EV_BOMBING},
    {"blast*", EV_BOMBING},            {"ied*", EV_BOMBING},
    {"assault*", EV_ASSAULT},          {"raid", EV_ASSAULT},
    {"raided", EV_ASSAULT},            {"stormed", EV_ASSAULT},
    {"storming", EV_ASSAULT},          {"siege", EV_ASSAULT},
    {"attack", EV_ATTACK},             {"attacks", EV_ATTACK},
    {"attacked", EV_ATTACK},           {"attacking", EV_ATTACK},
    {"knife attack*", EV_ATTACK},      {"truck attack*", EV_ATTACK},
    {"shooting*", EV_ATTACK},          {"opened fire", EV_ATTACK},
    {"massacre*", EV_ATTACK},          {"ambush*", EV_ATTACK},
    {"beheaded", EV_ATTACK},           {"assassinat*", EV_ATTACK},
    {"targeted", EV_ATTACK},          {"attacker of", EV_ATTACK},           {"prison violence", EV_PRISON},
    {"prison riot*", EV_PRISON},       {"prison break*", EV_PRISON},
    {"jailbreak*", EV_PRISON},         {"clash*", EV_CLASH},
    {"firefight*", EV_CLASH},          {"gunfight*", EV_CLASH},
    {"fighting for", EV_CLASH},        {"battle*", EV_CLASH},
    {"lost its territorial", EV_CLASH},
    {"military operation*", EV_OPERATION}, {"security operation*", EV_OPERATION},
    {"counterterrorism operation*", EV_OPERATION}, {"an operation", EV_OPERATION},
    {"special forces had killed", EV_OPERATION}, {"special forces killed", EV_OPERATION},
    {"operation killed", EV_OPERATION}, {"operation that killed", EV_OPERATION},
    {"led to the death", EV_OPERATION}, {"killing of", EV_OPERATION},
    {"helped kill", EV_OPERATION},     {"disruption of", EV_OPERATION},
    {"dismantled", EV_OPERATION},      {"pushed out", EV_OPERATION},
    {"extradited", EV_EXTRADITION},    {"extradition*", EV_EXTRADITION},
    {"deported", EV_ARREST},           {"arrested", EV_ARREST},
    {"arrest", EV_ARREST},             {"arrests", EV_ARREST},
    {"detained", EV_ARREST},           {"detention of", EV_ARREST},
    {"apprehended", EV_ARREST},        {"taken into custody", EV_ARREST},
    {"captured", EV_ARREST},           {"foiled", EV_PLOT},
    {"thwarted", EV_PLOT},             {"smuggle*", EV_SMUGGLING},
    {"smuggling", EV_SMUGGLING},       {"trafficked", EV_SMUGGLING},
    {"desecrating", EV_OTHER},         {"desecrated", EV_OTHER},
};

/* Words that make a following trigger (within the clause) hypothetical, intended,
 * threatened or merely assessed. */
static const char *const irrealis[] = {
    "threaten", "threatened", "threatening", "threatens", "threat", "threats", "call",
    "called", "calling", "calls", "urge", "urged", "urging", "encourage", "encouraged",
    "encouraging", "incite", "incited", "inciting", "could", "would", "might", "aim",
    "aims", "aimed", "plan", "plans", "planned", "planning", "plot", "plots", "plotted",
    "plotting", "vowed", "vow", "warned", "warn", "capability", "capabilities",
    "potential", "future", "strategy", "intent", "intention", "intends", "seek", "seeks",
    "sought", "direct", "will", "shall", "assessed", "assesses", "projection", "risk",
    "retaliation", "revenge", "prospect", "prospects", "desires", "desire", "pledged",
    "suspected", "charged", "accused", "ability", "preparing", "prepare", "export",
    "wishes", "wish", "wants", "want", "intimated", "hopes", "hoped", NULL};

/* Words that make a trigger close after them a reference to an event told elsewhere:
 * "linked to rocket attacks", "responsible for the attack", "claim of the attack". */
static const char *const reference[] = {
    "linked", "responsible", "behind", "connected", "involved", "tied", "claim", "claimed",
    "implied", "participation", NULL};

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
 * reference by a word among the three before it? Arrests and extraditions stay events
 * even when what the arrested people planned is named. */
static bool hypothetical(const char *s, size_t t, ev_kind kind)
{
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
        if (kind == EV_ARREST || kind == EV_EXTRADITION)
            return false;
        for (const char *const *w = irrealis; *w; w++)
            if (word_eq(s + i, e - i, *w))
                return true;
        if (word_eq(s + i, e - i, "as") && i >= 9 && !strncasecmp(s + i - 4, "day ", 4))
            return true;
        if (words <= 3)
            for (const char *const *w = reference; *w; w++)
                if (word_eq(s + i, e - i, *w))
                    return true;
    }
    return false;
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
        for (size_t t = 0; t < sizeof triggers / sizeof triggers[0]; t++) {
            if (tolower((unsigned char)s[i]) != triggers[t].phrase[0])
                continue;
            size_t e = phrase_at(s, len, i, triggers[t].phrase);
            if (!e)
                continue;
            /* a capitalised trigger inside a sentence is part of a title or a name
               ("Makers of Epic Battles", "Operation Desert Storm") */
            if (isupper((unsigned char)s[i]) && i > 2 && s[i - 1] == ' ' &&
                s[i - 2] != '.' && s[i - 2] != ':' && s[i - 2] != ';')
                continue;
            if (hypothetical(s, i, triggers[t].kind))
                continue;
            ev_kind k = triggers[t].kind;
            bool better = best.kind == EV_NONE || k < best.kind;
            if (better)
                best = (ev_trigger){k, i, e};
        }
    }
    return best;
}

static const char *const kind_names[EV_COUNT] = {
    "suicide_attack", "airstrike", "rocket_attack", "attack", "assault", "attack",
    "prison_violence", "clash", "security_operation", "extradition", "arrest", "plot",
    "smuggling", "other"};

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
    case EV_PRISON:
        return "Riots";
    case EV_OPERATION:
        return fatalities > 0 ? "Battles" : "Strategic developments";
    case EV_NONE: case EV_EXTRADITION: case EV_ARREST: case EV_PLOT: case EV_SMUGGLING:
    case EV_OTHER: case EV_COUNT:
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
    case EV_NONE: case EV_SMUGGLING: case EV_OTHER: case EV_COUNT: break;
    }
    return "Other";
}

void ev_acled_code(const char *sentence, size_t len, ev_kind k, int fatalities,
                   const char **type, const char **sub)
{
    (void)k;
    (void)fatalities;
    ev_model_classify(sentence, len, type, sub);
}
