/* The geoparser's word lists and region phrases. Lists are sorted (a unit test checks)
 * and searched by bisection, so a look-up per token stays cheap on large inputs. They
 * hold general English and naming knowledge — function words, organisation head nouns,
 * given names and titles, months and feasts, directions, facilities, place names that
 * are everyday words — never the names of one particular report or test. */
#include "geoparse_private.h"

#include <string.h>

static const char *const common_words[] = {
    "a", "about", "above", "abroad", "accord", "according", "accordingly", "across",
    "act", "additionally", "affairs", "after", "afterward", "afterwards", "again",
    "against", "agency", "ago", "agreement", "airbase", "airport", "all", "alliance",
    "almost", "alone", "along", "already", "also", "although", "altogether", "always",
    "ambassador", "amid", "amidst", "among", "amongst", "an", "analysis", "analyst",
    "analysts", "and", "another", "any", "anyone", "anything", "anyway", "apostate",
    "apostates", "appendix", "are", "army", "around", "arrest", "arrests", "article",
    "articles", "as", "aside", "assault", "at", "attack", "attacker", "attackers",
    "attacks", "audio", "author", "authors", "autumn", "avenue", "away", "back", "base",
    "battalion", "battle", "battles", "bazaar", "be", "because", "been", "before",
    "behind", "being", "believers", "below", "beneath", "beside", "besides", "between",
    "beyond", "big", "billion", "black", "blast", "blood", "blue", "bombing",
    "bombings", "border", "both", "bridge", "brigade", "brothers", "building", "bureau",
    "but", "by", "caliph", "camp", "campaign", "can", "center", "central", "centre",
    "centuries", "century", "certain", "channel", "chapter", "chief", "child",
    "children", "church", "civil", "civilian", "civilians", "clash", "clashes",
    "college", "colonel", "commander", "commission", "committee", "conference",
    "consequently", "consulate", "core", "corps", "could", "council", "court",
    "criminal", "critical", "crucial", "crusade", "crusader", "crusaders", "crusades",
    "current", "currently", "dark", "day", "days", "decade", "decades", "declaration",
    "decree", "deep", "defence", "defense", "democratic", "department", "deputy",
    "despite", "development", "did", "different", "digital", "director", "divine",
    "division", "do", "does", "domestic", "dozen", "dozens", "due", "during", "each",
    "earlier", "early", "east", "eastern", "economic", "edition", "editions", "eight",
    "either", "eleven", "else", "embassy", "emirate", "english", "envoy", "ethnic",
    "even", "ever", "every", "except", "expert", "experts", "explosion", "external",
    "faithful", "fall", "families", "family", "fast", "federal", "few", "fewer",
    "fifteen", "fifth", "fifty", "fighter", "fighters", "fighting", "figure", "figures",
    "final", "finally", "financial", "fire", "first", "firstly", "five", "following",
    "for", "force", "forces", "foreign", "former", "forty", "foundation", "four",
    "fourth", "free", "freedom", "friday", "from", "front", "frontier", "full",
    "further", "furthermore", "future", "gate", "general", "global", "glory", "golden",
    "good", "government", "governments", "great", "greater", "green", "group", "groups",
    "guard", "guards", "had", "half", "hall", "harbor", "harbour", "hard", "has",
    "have", "he", "head", "headquarters", "hence", "her", "here", "hers", "high",
    "highway", "him", "his", "holy", "home", "homeland", "hospital", "hotel", "house",
    "how", "however", "huge", "human", "hundred", "hundreds", "i", "if", "illegal",
    "important", "importantly", "in", "indeed", "infidel", "infidels", "initially",
    "initiative", "inner", "inside", "instead", "institute", "intelligence",
    "interestingly", "interior", "internal", "international", "interview", "interviews",
    "into", "is", "islam", "islamic", "issue", "issues", "it", "its", "jail", "journal",
    "junior", "just", "justice", "key", "khalifa", "killing", "killings", "large",
    "last", "lastly", "late", "later", "latter", "law", "leader", "leaders", "leading",
    "league", "least", "legal", "less", "liberty", "light", "like", "likewise", "lions",
    "little", "local", "long", "low", "lower", "magazine", "main", "major", "man",
    "many", "market", "martyr", "martyrdom", "martyrs", "may", "me", "meanwhile",
    "media", "meeting", "member", "members", "men", "message", "messages", "middle",
    "might", "militant", "militants", "military", "million", "millions", "minister",
    "ministry", "minor", "monday", "month", "months", "more", "moreover", "mosque",
    "most", "movement", "much", "mujahid", "mujahideen", "mujahidin", "muslim", "must",
    "my", "national", "navy", "neither", "network", "never", "nevertheless", "new",
    "news", "next", "nine", "no", "nonetheless", "nor", "north", "northeast",
    "northern", "northwest", "not", "notable", "notably", "note", "notes", "now", "of",
    "off", "office", "official", "officials", "often", "old", "on", "once", "one",
    "online", "only", "onto", "operation", "operations", "or", "order", "organisation",
    "organization", "other", "others", "otherwise", "our", "out", "outer", "outside",
    "over", "overall", "overseas", "own", "page", "pages", "palace", "paper", "papers",
    "park", "party", "past", "peace", "people", "peoples", "per", "perhaps", "period",
    "person", "persons", "plan", "plot", "plots", "police", "policy", "political",
    "popular", "port", "post", "present", "president", "press", "previous",
    "previously", "primary", "prime", "prison", "private", "program", "programme",
    "project", "prominent", "province", "provinces", "provincial", "public", "radio",
    "raid", "raids", "rather", "real", "recent", "recently", "red", "regime", "regimes",
    "regional", "relations", "religious", "report", "reported", "reports",
    "representative", "republic", "researcher", "researchers", "resolution", "review",
    "rights", "road", "sacred", "said", "same", "saturday", "say", "says", "scholar",
    "scholars", "school", "season", "seasons", "second", "secondary", "secondly",
    "secretary", "security", "senior", "service", "services", "seven", "several", "she",
    "shield", "should", "shrine", "significant", "silver", "similarly", "since",
    "sisters", "six", "slow", "small", "so", "social", "soft", "soldier", "soldiers",
    "some", "sons", "source", "sources", "south", "southeast", "southern", "southwest",
    "special", "specifically", "speech", "speeches", "spokesman", "spokesperson",
    "spring", "square", "state", "statement", "statements", "states", "station",
    "still", "strategy", "street", "strike", "strikes", "strong", "student", "students",
    "studies", "study", "subsequently", "such", "summer", "summit", "sunday", "supreme",
    "sword", "table", "tables", "television", "temple", "ten", "than", "that", "the",
    "their", "them", "then", "there", "thereafter", "therefore", "these", "they",
    "third", "thirty", "this", "those", "though", "thousand", "thousands", "threat",
    "threats", "three", "through", "throughout", "thursday", "thus", "time", "times",
    "to", "today", "together", "tomorrow", "too", "top", "toward", "towards", "tower",
    "treaty", "troops", "true", "truth", "tuesday", "turmoil", "tv", "twelve", "twenty",
    "two", "tyrant", "tyrants", "ultimately", "under", "unfortunately", "union", "unit",
    "united", "units", "university", "unless", "unlike", "unofficial", "until", "up",
    "upon", "upper", "us", "various", "very", "via", "victory", "video", "videos",
    "violence", "vital", "volume", "volumes", "wall", "war", "was", "we", "weak",
    "wednesday", "week", "weeks", "were", "west", "western", "what", "whatever", "when",
    "whenever", "where", "whereas", "whether", "which", "while", "whilst", "white",
    "who", "whole", "whom", "whose", "why", "wilayah", "wilayat", "will", "winter",
    "with", "within", "without", "wolves", "woman", "women", "worker", "workers",
    "world", "worldwide", "would", "year", "years", "yesterday", "yet", "you", "young",
    "your",
};

static const char *const function_words[] = {
    "a", "about", "above", "according", "accordingly", "across", "additionally",
    "after", "afterwards", "again", "against", "ago", "all", "almost", "along",
    "already", "also", "although", "always", "amid", "amidst", "among", "an", "and",
    "another", "any", "are", "around", "as", "at", "because", "before", "behind",
    "below", "beneath", "beside", "besides", "between", "beyond", "both", "but", "by",
    "can", "consequently", "could", "currently", "despite", "did", "do", "does",
    "during", "each", "either", "even", "ever", "every", "except", "finally",
    "following", "for", "from", "further", "furthermore", "had", "has", "have", "he",
    "hence", "her", "here", "hers", "him", "his", "how", "however", "i", "if", "in",
    "indeed", "initially", "inside", "instead", "into", "is", "it", "its", "just",
    "likewise", "many", "may", "me", "meanwhile", "might", "moreover", "most", "much",
    "must", "my", "neither", "nevertheless", "no", "nonetheless", "nor", "not",
    "notably", "now", "of", "off", "on", "once", "only", "onto", "or", "other",
    "otherwise", "our", "out", "outside", "over", "overall", "per", "perhaps",
    "previously", "recently", "similarly", "since", "so", "some", "specifically",
    "still", "subsequently", "such", "than", "that", "the", "their", "them", "then",
    "there", "thereafter", "therefore", "these", "they", "this", "those", "though",
    "through", "throughout", "thus", "to", "today", "toward", "towards", "ultimately",
    "under", "unlike", "until", "up", "upon", "us", "via", "was", "we", "were", "what",
    "whatever", "when", "whenever", "where", "whereas", "whether", "which", "while",
    "who", "whom", "whose", "why", "will", "with", "within", "without", "would",
    "yesterday", "yet", "you", "your",
};

static const char *const org_heads[] = {
    "academy", "agency", "airline", "airlines", "alliance", "army", "assembly",
    "association", "athletic", "authority", "bank", "battalion", "board", "brigade",
    "brigades", "bureau", "cartel", "center", "centre", "channel", "club", "coalition",
    "command", "commission", "committee", "company", "congress", "corporation", "corps",
    "council", "court", "department", "directorate", "division", "faction", "fc",
    "federation", "force", "forces", "foundation", "front", "fund", "group", "guard",
    "guards", "hotspur", "institute", "institution", "league", "media", "ministry",
    "mission", "movement", "navy", "network", "news", "office", "organisation",
    "organization", "party", "police", "post", "press", "program", "programme",
    "project", "radio", "regiment", "republic", "review", "rovers", "school",
    "secretariat", "service", "services", "society", "squad", "studies", "sun",
    "telegraph", "television", "times", "tribune", "trust", "union", "unit", "united",
    "university", "voice", "wanderers", "watch", "wing",
};

static const char *const person_words[] = {
    "abd", "abdul", "abdullah", "abigail", "abu", "ahmad", "ahmed", "akhtar",
    "alexander", "alexis", "ali", "alice", "amanda", "amber", "amir", "amy", "andrea",
    "andrew", "angela", "ann", "anna", "anthony", "asadullah", "ashley", "ayman",
    "aziz", "baghdadi", "bakr", "barbara", "benjamin", "betty", "beverly", "bilal",
    "bin", "brandon", "brenda", "brian", "brittany", "caliph", "carol", "carolyn",
    "catherine", "charles", "charlotte", "cheryl", "christina", "christine",
    "christopher", "colonel", "cynthia", "daniel", "danielle", "david", "deborah",
    "debra", "denise", "dennis", "diana", "diane", "doctor", "donald", "donna", "doris",
    "dr", "edward", "elizabeth", "emily", "emir", "emma", "eric", "evelyn", "faisal",
    "farooq", "farouk", "faruq", "fatima", "florian", "frances", "frank", "gary", "gen",
    "general", "george", "gloria", "grace", "gregory", "gulmurod", "habib",
    "habibullah", "hafiz", "haji", "hamed", "hameed", "hamid", "hamza", "hannah",
    "hassan", "heather", "hekmat", "helen", "hikmatullah", "hussein", "ibn", "ibrahim",
    "idris", "imam", "isabella", "ismail", "jabbar", "jack", "jacob", "jacqueline",
    "jamal", "james", "janet", "janice", "jason", "javed", "jawad", "jean", "jeffrey",
    "jennifer", "jerry", "jessica", "joan", "john", "jonathan", "joseph", "joshua",
    "joyce", "judith", "judy", "julia", "julie", "juma", "justin", "kamal", "karen",
    "karim", "katherine", "kathleen", "kathryn", "kayla", "kelly", "kenneth", "kevin",
    "khalid", "khalil", "kimberly", "larry", "laura", "lauren", "linda", "lisa",
    "madison", "mahmud", "mansoor", "mansour", "margaret", "maria", "marie", "marilyn",
    "mark", "martha", "mary", "matthew", "maulana", "mawlana", "mawlavi", "mawlawi",
    "megan", "melissa", "michael", "michelle", "mohammad", "mohammed", "mr", "mrs",
    "ms", "muhammad", "mullah", "mustafa", "najib", "nancy", "nasir", "natalie",
    "naveed", "nicholas", "nicole", "olivia", "omar", "osama", "pamela", "patricia",
    "patrick", "paul", "peter", "qais", "qari", "rachel", "rahim", "rahman", "rasheed",
    "rashid", "raymond", "rebecca", "richard", "robert", "ronald", "rose", "ruth",
    "ryan", "saeed", "said", "salahuddin", "saleh", "salih", "salman", "samantha",
    "sami", "samuel", "sandra", "sara", "sarah", "sayed", "sayyid", "scott", "shahram",
    "shamil", "sharon", "shaykh", "sheikh", "shirley", "sophia", "stephanie", "stephen",
    "steven", "susan", "tahir", "tariq", "teresa", "theresa", "thomas", "timothy",
    "tom", "umar", "umm", "usama", "usman", "ustad", "uthman", "victoria", "virginia",
    "vladimir", "waheed", "waleed", "walid", "william", "yaseen", "yasin", "younis",
    "yunus", "yusuf", "zaheer", "zahir", "zaid", "zainab", "zakir", "zar",
};

/* Calendar words: months, weekdays and feasts ("a Christmas market", "after Nowruz"). */
static const char *const month_words[] = {
    "apr", "april", "ashura", "aug", "august", "christmas", "dec", "december", "diwali",
    "easter", "feb", "february", "friday", "halloween", "hanukkah", "jan", "january",
    "jul", "july", "jun", "june", "mar", "march", "may", "monday", "muharram", "navruz",
    "nov", "november", "nowruz", "oct", "october", "passover", "rajab", "saturday",
    "sep", "sept", "september", "shawwal", "sunday", "thanksgiving", "thursday",
    "tuesday", "wednesday",
};

/* Place names that are everyday English words first ("Reading the statement",
 * "Mobile phones", "Nice work"): places only with a preposition or qualifier. */
static const char *const ambiguous_words[] = {
    "bath", "deal", "eagle", "enterprise", "faith", "harmony", "hope", "independence",
    "liberty", "mobile", "nice", "opportunity", "orange", "paradise", "progress",
    "reading", "sale", "split", "surprise", "unity", "wells",
};

static const char *const nonplace_words[] = {
    "african", "africans", "allah", "arab", "arabic", "arabs", "archive", "asian",
    "asians", "baloch", "balochi", "baluch", "bible", "buddhist", "caliphate",
    "caucasian", "christian", "christians", "cia", "csto", "daesh", "dari", "deobandi",
    "eastern", "eid", "element", "english", "eu", "european", "europeans", "facebook",
    "farsi", "fbi", "french", "fsb", "german", "god", "hadith", "hamas", "hazara",
    "hazaras", "hezbollah", "hijrah", "hindi", "hindu", "hindus", "hispanic",
    "hizbullah", "hoop", "instagram", "internet", "iranic", "isi", "isil", "isis",
    "islamic", "islamist", "islamists", "jew", "jewish", "jews", "jihad", "jihadi",
    "jihadis", "jihadist", "jihadists", "kgb", "koran", "kurd", "kurdish", "kurds",
    "latino", "malayalam", "muslim", "muslims", "nato", "online", "osce", "pashto",
    "pashtun", "pashtuns", "persian", "qaeda", "quran", "ramadan", "rocketchat",
    "russian", "salafi", "salafist", "sco", "semitic", "sharia", "shia", "shias",
    "shii", "shiite", "shiites", "signal", "sikh", "sikhs", "slav", "slavic", "slavs",
    "soviet", "sovietic", "soviets", "sufi", "sunni", "sunnis", "taliban", "telegram",
    "threema", "tiktok", "turkic", "twitter", "un", "urdu", "uzbek", "viber", "wahhabi",
    "web", "western", "westerners", "whatsapp", "youtube",
};

/* Words that open a noun phrase: after a sentence-initial name they show it was a verb
 * or adjective ("Reading the statement"). */
static const char *const determiner_words[] = {
    "a", "an", "her", "his", "its", "my", "our", "that", "the", "their", "these",
    "this", "those", "your",
};

static const char *const directional_words[] = {
    "central", "east", "eastern", "far", "greater", "inner", "lower", "middle", "near",
    "north", "northeast", "northeastern", "northern", "northwest", "northwestern",
    "outer", "south", "southeast", "southeastern", "southern", "southwest",
    "southwestern", "upper", "west", "western",
};

/* Landmarks and natural features that take a name ("Golden Gate Bridge", "Central
 * Park", "Panj River"): the name before them is the landmark's, not a town's. */
static const char *const feature_words[] = {
    "avenue", "bay", "beach", "boulevard", "bridge", "canal", "dam", "desert", "falls",
    "gardens", "harbor", "harbour", "highway", "hill", "hills", "lake", "mall",
    "mountain", "mountains", "park", "pass", "plaza", "reservoir", "river", "road",
    "square", "street", "tower", "tunnel", "valley",
};

static const char *const site_words[] = {
    "airbase", "airport", "base", "bazaar", "border", "bridge", "building", "camp",
    "cemetery", "checkpoint", "church", "compound", "consulate", "court", "embassies",
    "embassy", "facilities", "facility", "garrison", "guesthouse", "gurdwara",
    "headquarters", "hospital", "hotel", "market", "ministry", "mosque", "mosques",
    "nightclub", "office", "outpost", "palace", "parliament", "post", "prison",
    "prisons", "restaurant", "safehouse", "school", "shrine", "shrines", "stadium",
    "station", "synagogue", "temple", "university",
};

static const char *const locative_words[] = {
    "across", "along", "around", "at", "between", "beyond", "entered", "fled", "from",
    "in", "inside", "into", "left", "near", "off", "onto", "outside", "past", "reached",
    "through", "throughout", "to", "toward", "towards", "via", "visited", "within",
};

static const char *const joiner_words[] = {
    "al", "and", "bin", "da", "de", "del", "des", "di", "do", "du", "e", "el", "i",
    "ibn", "la", "le", "of", "sur", "the", "ud", "ul", "upon", "van", "von", "y", "ye",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static bool in_list(const char *const *list, size_t n, const char *word)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(list[mid], word);
        if (c == 0)
            return true;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

static bool region_starts_with(const char *word);

/* First words of the regions that match in lower case (lowercase_ok); a unit test
 * checks this against the table. */
static const char *const lower_region_starts[] = {
    "former", "indian", "post", "tribal", "western",
};

bool gp_lower_region_start(const char *w)
{
    /* most words fail on their first letter, which the few starters do not share */
    for (size_t i = 0; i < COUNT(lower_region_starts); i++)
        if (lower_region_starts[i][0] == w[0])
            return strcmp(lower_region_starts[i], w) == 0;
    return false;
}

unsigned gp_word_classes(const char *w)
{
    unsigned c = 0;
    if (region_starts_with(w))
        c |= WORD_REGION_START;
    if (in_list(common_words, COUNT(common_words), w))
        c |= WORD_COMMON;
    if (in_list(function_words, COUNT(function_words), w))
        c |= WORD_FUNCTION;
    if (in_list(org_heads, COUNT(org_heads), w))
        c |= WORD_ORG_HEAD;
    if (in_list(person_words, COUNT(person_words), w))
        c |= WORD_PERSON;
    if (in_list(month_words, COUNT(month_words), w))
        c |= WORD_MONTH;
    if (in_list(nonplace_words, COUNT(nonplace_words), w))
        c |= WORD_NONPLACE;
    if (in_list(directional_words, COUNT(directional_words), w))
        c |= WORD_DIRECTIONAL;
    if (in_list(site_words, COUNT(site_words), w))
        c |= WORD_SITE;
    if (in_list(locative_words, COUNT(locative_words), w))
        c |= WORD_LOCATIVE;
    if (in_list(joiner_words, COUNT(joiner_words), w))
        c |= WORD_JOINER;
    if (in_list(ambiguous_words, COUNT(ambiguous_words), w))
        c |= WORD_AMBIGUOUS;
    if (in_list(determiner_words, COUNT(determiner_words), w))
        c |= WORD_DETERMINER;
    if (in_list(feature_words, COUNT(feature_words), w))
        c |= WORD_FEATURE;
    if (gp_unit_word(w, NULL, NULL) != IM_PLACE_ANY)
        c |= WORD_UNIT;
    return c;
}

static const struct unit {
    const char *word;
    im_place_kind kind;
    bool plural, weak;
} units[] = {
    {"city", IM_PLACE_CITY, false, false},        {"cities", IM_PLACE_CITY, true, false},
    {"county", IM_PLACE_ADMIN2, false, false},    {"district", IM_PLACE_ADMIN2, false, false},
    {"districts", IM_PLACE_ADMIN2, true, false},  {"governorate", IM_PLACE_ADMIN1, false, false},
    {"governorates", IM_PLACE_ADMIN1, true, false}, {"oblast", IM_PLACE_ADMIN1, false, false},
    {"prefecture", IM_PLACE_ADMIN1, false, false}, {"province", IM_PLACE_ADMIN1, false, false},
    {"provinces", IM_PLACE_ADMIN1, true, false},  {"region", IM_PLACE_ADMIN1, false, false},
    {"regions", IM_PLACE_ADMIN1, true, true},     {"state", IM_PLACE_ADMIN1, false, false},
    {"town", IM_PLACE_CITY, false, false},
    {"towns", IM_PLACE_CITY, true, false},        {"village", IM_PLACE_CITY, false, false},
    {"villages", IM_PLACE_CITY, true, false},     {"viloyat", IM_PLACE_ADMIN1, false, false},
    {"wilayat", IM_PLACE_ADMIN1, false, true},
};

im_place_kind gp_unit_word(const char *w, bool *plural, bool *weak)
{
    for (size_t i = 0; i < COUNT(units); i++) {
        if (strcmp(units[i].word, w) == 0) {
            if (plural)
                *plural = units[i].plural;
            if (weak)
                *weak = units[i].weak;
            return units[i].kind;
        }
    }
    return IM_PLACE_ANY;
}

/* United States states as news agencies abbreviate them after a town ("Rome, Ga.",
 * "Pasadena, Calif.", "Albany, N.Y.") and as postal codes ("Austin, TX"). Folded keys,
 * sorted; `postal` marks two-letter postal codes, which count only in capitals. */
static const struct us_state {
    const char *key, *name;
    bool postal;
} us_states[] = {
    {"ak", "Alaska", true},         {"al", "Alabama", true},
    {"ala", "Alabama", false},      {"ar", "Arkansas", true},
    {"ariz", "Arizona", false},     {"ark", "Arkansas", false},
    {"az", "Arizona", true},        {"ca", "California", true},
    {"calif", "California", false}, {"co", "Colorado", true},
    {"colo", "Colorado", false},    {"conn", "Connecticut", false},
    {"ct", "Connecticut", true},    {"de", "Delaware", true},
    {"del", "Delaware", false},     {"fl", "Florida", true},
    {"fla", "Florida", false},      {"ga", "Georgia", false},
    {"hi", "Hawaii", true},         {"ia", "Iowa", true},
    {"id", "Idaho", true},          {"il", "Illinois", true},
    {"ill", "Illinois", false},     {"in", "Indiana", true},
    {"ind", "Indiana", false},      {"kan", "Kansas", false},
    {"kans", "Kansas", false},      {"ks", "Kansas", true},
    {"ky", "Kentucky", false},      {"la", "Louisiana", false},
    {"ma", "Massachusetts", true},  {"mass", "Massachusetts", false},
    {"md", "Maryland", false},      {"me", "Maine", true},
    {"mi", "Michigan", true},       {"mich", "Michigan", false},
    {"minn", "Minnesota", false},   {"miss", "Mississippi", false},
    {"mn", "Minnesota", true},      {"mo", "Missouri", false},
    {"mont", "Montana", false},     {"ms", "Mississippi", true},
    {"mt", "Montana", true},        {"nc", "North Carolina", false},
    {"nd", "North Dakota", false},  {"ne", "Nebraska", true},
    {"neb", "Nebraska", false},     {"nebr", "Nebraska", false},
    {"nev", "Nevada", false},       {"nh", "New Hampshire", false},
    {"nj", "New Jersey", false},    {"nm", "New Mexico", false},
    {"nv", "Nevada", true},         {"ny", "New York", false},
    {"oh", "Ohio", true},           {"ok", "Oklahoma", true},
    {"okla", "Oklahoma", false},    {"or", "Oregon", true},
    {"ore", "Oregon", false},       {"oreg", "Oregon", false},
    {"pa", "Pennsylvania", false},  {"ri", "Rhode Island", false},
    {"sc", "South Carolina", false}, {"sd", "South Dakota", false},
    {"tenn", "Tennessee", false},   {"tex", "Texas", false},
    {"tn", "Tennessee", true},      {"tx", "Texas", true},
    {"ut", "Utah", true},           {"va", "Virginia", false},
    {"vt", "Vermont", false},       {"wa", "Washington", true},
    {"wash", "Washington", false},  {"wi", "Wisconsin", true},
    {"wis", "Wisconsin", false},    {"wv", "West Virginia", true},
    {"wy", "Wyoming", true},        {"wyo", "Wyoming", false},
};

const char *gp_us_state(const char *folded, bool capitals)
{
    size_t lo = 0, hi = COUNT(us_states);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(us_states[mid].key, folded);
        if (c == 0)
            return !us_states[mid].postal || capitals ? us_states[mid].name : NULL;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* Regions, historical regions and water bodies that have no single point. Keys are
 * folded; longer phrases are tried first by gp_region_match. */
static const gp_region regions[] = {
    {"af pak", "Af-Pak", "", false, false},
    {"afpak", "Af-Pak", "", false, false},
    {"africa", "Africa", "", false, false},
    {"al andalus", "al-Andalus", "ES", false, false},
    {"amazon", "Amazon", "", true, false},
    {"andalus", "al-Andalus", "ES", false, false},
    {"andes", "Andes", "", false, false},
    {"arabian peninsula", "Arabian Peninsula", "", false, false},
    {"arabian sea", "Arabian Sea", "", false, false},
    {"aral sea", "Aral Sea", "", false, false},
    {"arctic", "Arctic", "", false, false},
    {"asia", "Asia", "", false, false},
    {"balkans", "Balkans", "", false, false},
    {"black sea", "Black Sea", "", false, false},
    {"caribbean", "Caribbean", "", false, false},
    {"caspian", "Caspian Sea", "", false, false},
    {"caspian sea", "Caspian Sea", "", false, false},
    {"caucasus", "Caucasus", "", false, false},
    {"central africa", "Central Africa", "", false, false},
    {"central america", "Central America", "", false, false},
    {"central asia", "Central Asia", "", false, false},
    {"central europe", "Central Europe", "", false, false},
    {"darfur", "Darfur", "SD", false, false},
    {"donbas", "Donbas", "UA", false, false},
    {"donbass", "Donbas", "UA", false, false},
    {"east africa", "East Africa", "", false, false},
    {"east asia", "East Asia", "", false, false},
    {"eastern europe", "Eastern Europe", "", false, false},
    {"eurasia", "Eurasia", "", false, false},
    {"europe", "Europe", "", false, false},
    {"far east", "Far East", "", false, false},
    {"fata", "Federally Administered Tribal Areas", "PK", false, false},
    {"federally administered tribal areas", "Federally Administered Tribal Areas", "PK",
     false, false},
    {"fergana valley", "Fergana Valley", "", false, false},
    {"ferghana valley", "Fergana Valley", "", false, false},
    {"former soviet union", "former Soviet Union", "", false, true},
    {"golan heights", "Golan Heights", "", false, false},
    {"greater khorasan", "Khorasan (historical)", "", false, false},
    {"greater khurasan", "Khorasan (historical)", "", false, false},
    {"gulf", "Persian Gulf", "", true, false},
    {"hindu kush", "Hindu Kush", "", false, false},
    {"horn of africa", "Horn of Africa", "", false, false},
    {"indian subcontinent", "Indian subcontinent", "", false, true},
    {"kashmir", "Kashmir", "", false, false},
    {"khorasan", "Khorasan (historical)", "", false, false},
    {"khurasan", "Khorasan (historical)", "", false, false},
    {"latin america", "Latin America", "", false, false},
    {"levant", "Levant", "", false, false},
    {"maghreb", "Maghreb", "", false, false},
    {"mawarannahr", "Transoxiana", "", false, false},
    {"mediterranean", "Mediterranean", "", false, false},
    {"middle east", "Middle East", "", false, false},
    {"movarounnahr", "Transoxiana", "", false, false},
    {"nagorno karabakh", "Nagorno-Karabakh", "AZ", false, false},
    {"near east", "Near East", "", false, false},
    {"north africa", "North Africa", "", false, false},
    {"north america", "North America", "", false, false},
    {"north caucasus", "North Caucasus", "RU", false, false},
    {"northern europe", "Northern Europe", "", false, false},
    {"oceania", "Oceania", "", false, false},
    {"pamir", "Pamir", "", false, false},
    {"pamirs", "Pamir", "", false, false},
    {"patagonia", "Patagonia", "", false, false},
    {"persian gulf", "Persian Gulf", "", false, false},
    {"post soviet space", "post-Soviet space", "", false, true},
    {"red sea", "Red Sea", "", false, false},
    {"sahara", "Sahara", "", false, false},
    {"sahel", "Sahel", "", false, false},
    {"scandinavia", "Scandinavia", "", false, false},
    {"sham", "Levant", "", false, false},
    {"siberia", "Siberia", "RU", false, false},
    {"sinai", "Sinai", "EG", false, false},
    {"sinai peninsula", "Sinai", "EG", false, false},
    {"south america", "South America", "", false, false},
    {"south asia", "South Asia", "", false, false},
    {"south caucasus", "South Caucasus", "", false, false},
    {"southeast asia", "Southeast Asia", "", false, false},
    {"southern europe", "Southern Europe", "", false, false},
    {"soviet union", "Soviet Union", "", false, false},
    {"transoxiana", "Transoxiana", "", false, false},
    {"tribal areas", "Tribal Areas (Pakistan)", "PK", true, true},
    {"waziristan", "Waziristan", "PK", false, false},
    {"west", "the West", "", true, false},
    {"west africa", "West Africa", "", false, false},
    {"western europe", "Western Europe", "", false, false},
    {"western world", "the West", "", true, true},
};

/* Does some region key equal `word` or start with `word` and a space? Keys hold only
 * letters, digits and spaces, so the first key not below `word` is the one to test. */
static bool region_starts_with(const char *word)
{
    size_t lo = 0, hi = COUNT(regions), wl = strlen(word);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(regions[mid].key, word) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < COUNT(regions) && strncmp(regions[lo].key, word, wl) == 0 &&
           (regions[lo].key[wl] == '\0' || regions[lo].key[wl] == ' ');
}

/* The region whose key is `key`, by bisection, or NULL. */
static const gp_region *find_region(const char *key)
{
    size_t lo = 0, hi = COUNT(regions);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(regions[mid].key, key);
        if (c == 0)
            return &regions[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
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
        /* keys are strictly sorted (gp_lexicon_sorted), so at most one matches */
        const gp_region *reg = find_region(key);
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

static bool sorted(const char *const *list, size_t n, const char **bad)
{
    for (size_t i = 1; i < n; i++) {
        if (strcmp(list[i - 1], list[i]) >= 0) {
            *bad = list[i];
            return false;
        }
    }
    return true;
}

bool gp_lexicon_sorted(const char **bad)
{
    static const struct {
        const char *const *list;
        size_t n;
    } lists[] = {
        {common_words, COUNT(common_words)},       {function_words, COUNT(function_words)},
        {org_heads, COUNT(org_heads)},             {person_words, COUNT(person_words)},
        {month_words, COUNT(month_words)},         {nonplace_words, COUNT(nonplace_words)},
        {directional_words, COUNT(directional_words)}, {site_words, COUNT(site_words)},
        {locative_words, COUNT(locative_words)},   {joiner_words, COUNT(joiner_words)},
        {ambiguous_words, COUNT(ambiguous_words)}, {determiner_words, COUNT(determiner_words)},
        {lower_region_starts, COUNT(lower_region_starts)},
        {feature_words, COUNT(feature_words)},
    };
    *bad = NULL;
    for (size_t i = 0; i < COUNT(lists); i++)
        if (!sorted(lists[i].list, lists[i].n, bad))
            return false;
    for (size_t i = 1; i < COUNT(regions); i++) {
        if (strcmp(regions[i - 1].key, regions[i].key) >= 0) {
            *bad = regions[i].key;
            return false;
        }
    }
    for (size_t i = 1; i < COUNT(us_states); i++) {
        if (strcmp(us_states[i - 1].key, us_states[i].key) >= 0) {
            *bad = us_states[i].key;
            return false;
        }
    }
    for (size_t i = 1; i < COUNT(lower_region_starts); i++) {
        if (lower_region_starts[i - 1][0] == lower_region_starts[i][0]) {
            *bad = lower_region_starts[i]; /* gp_lower_region_start needs distinct initials */
            return false;
        }
    }
    for (size_t i = 0; i < COUNT(regions); i++) {
        char first[32];
        size_t len = strcspn(regions[i].key, " ");
        if (!regions[i].lowercase_ok || len >= sizeof first)
            continue;
        memcpy(first, regions[i].key, len);
        first[len] = '\0';
        if (!gp_lower_region_start(first)) {
            *bad = regions[i].key;
            return false;
        }
    }
    return true;
}
