/* The filter's criteria as data: parsing option values (bbox, dates) and holding
 * regions, countries, provinces, types, dates and fatalities. Matching a feature
 * against them happens in run.c, which knows the layer's fields. */
#include "incmap/filter.h"
#include "incmap/alloc.h"
#include "incmap/incidents.h"
#include "incmap/regions.h"
#include "filter_internal.h"
#include "geodata/filter/tab_acled_types.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* "W,S,E,N"; `across`: east may pass 180 (to at most west + 360). */
static bool parse_bbox(const char *s, double out[4], bool across, char *err, size_t len)
{
    char *end;
    const char *p = s;
    for (int i = 0; i < 4; i++) {
        errno = 0;
        out[i] = strtod(p, &end);
        if (end == p || errno || !isfinite(out[i])) {
            snprintf(err, len, "--bbox '%s' is not four numbers W,S,E,N", s);
            return false;
        }
        p = end;
        if (i < 3) {
            if (*p != ',') {
                snprintf(err, len, "--bbox '%s' is not four numbers W,S,E,N", s);
                return false;
            }
            p++;
        }
    }
    if (*p) {
        snprintf(err, len, "--bbox '%s' has extra text after W,S,E,N", s);
        return false;
    }
    if (!across && (out[0] < -180 || out[2] > 180 || out[1] < -90 || out[3] > 90)) {
        snprintf(err, len, "--bbox '%s' is outside -180..180, -90..90", s);
        return false;
    }
    if (across && (out[0] < -180 || out[0] > 180 || out[2] > out[0] + 360 || out[1] < -90 ||
                   out[3] > 90)) {
        snprintf(err, len, "--bbox '%s' is outside -180..180, -90..90 (east may pass 180 "
                           "across the antimeridian, up to west + 360)", s);
        return false;
    }
    if (out[0] >= out[2] || out[1] >= out[3]) {
        snprintf(err, len, "--bbox '%s' is inverted or empty (need W < E and S < N)", s);
        return false;
    }
    return true;
}

bool im_parse_bbox(const char *s, double out[4], char *err, size_t len)
{
    return parse_bbox(s, out, false, err, len);
}

bool im_parse_bbox_across(const char *s, double out[4], char *err, size_t len)
{
    return parse_bbox(s, out, true, err, len);
}

bool im_parse_iso_day(const char *s, int *year, int *month, int *day)
{
    for (int i = 0; i < 10; i++) {
        bool dash = i == 4 || i == 7;
        if (dash ? s[i] != '-' : !isdigit((unsigned char)s[i]))
            return false;
    }
    if (s[10])
        return false;
    *year = atoi(s);
    *month = atoi(s + 5);
    *day = atoi(s + 8);
    return *month >= 1 && *month <= 12 && *day >= 1 && im_date_valid(*year, *month, *day);
}

static long days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void civil_from_days(long z, char buf[16])
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp + (mp < 10 ? 3 : -9);
    y += m <= 2;
    snprintf(buf, 16, "%04ld-%02ld-%02ld", y % 10000, m % 100, d % 100);
}

static int month_days(long y, long m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : d[m - 1];
}

static const char *const months[12] = {"january", "february", "march", "april", "may", "june",
                                       "july", "august", "september", "october", "november",
                                       "december"};

static long month_of(const char *mon)
{
    size_t n = strlen(mon);
    if (n < 3)
        return 0;
    for (int i = 0; i < 12; i++)
        if (!strncasecmp(mon, months[i], n) || (n == 4 && !strcasecmp(mon, "sept") && i == 8))
            return i + 1;
    return 0;
}

/* ACLED's two-digit years ("9-May-20"): its data begin in 1997. */
static long full_year(long y, int digits)
{
    if (digits == 2)
        return y >= 70 ? 1900 + y : 2000 + y;
    return digits == 4 ? y : -1;
}

bool im_parse_date_range(const char *s, long *first, long *last)
{
    long y = 0, m = 0, d = 0;
    int n = 0, y0 = 0, y1 = 0;
    char mon[16];
    while (isspace((unsigned char)*s))
        s++;
    size_t len = strlen(s);
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    char buf[64];
    if (len >= sizeof buf)
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    s = buf;
    if (sscanf(s, "%4ld-%2ld-%2ld%n", &y, &m, &d, &n) == 3 && s[4] == '-' &&
        (s[n] == '\0' || s[n] == 'T' || s[n] == ' ')) {
        /* full date */
    } else if (sscanf(s, "%4ld-%2ld%n", &y, &m, &n) == 2 && s[n] == '\0' && s[4] == '-') {
        d = 0;
    } else if (sscanf(s, "%4ld/%2ld/%2ld%n", &y, &m, &d, &n) == 3 && s[n] == '\0' &&
               s[4] == '/') {
        /* GDAL's 2024/03/05 */
    } else if ((sscanf(s, "%2ld %15[A-Za-z] %n%ld%n", &d, mon, &y0, &y, &y1) == 3 ||
                sscanf(s, "%2ld-%15[A-Za-z]-%n%ld%n", &d, mon, &y0, &y, &y1) == 3) &&
               s[y1] == '\0') {
        /* "9 May 2020", "09 May 2020", "9-May-20", "09-May-2020" */
        m = month_of(mon);
        y = full_year(y, y1 - y0);
        if (!m || y < 0)
            return false;
    } else if (sscanf(s, "%15[A-Za-z] %2ld, %n%ld%n", mon, &d, &y0, &y, &y1) == 3 &&
               s[y1] == '\0' && y1 - y0 == 4) {
        /* "May 9, 2020" */
        m = month_of(mon);
        if (!m)
            return false;
    } else if (sscanf(s, "%4ld%n", &y, &n) == 1 && s[n] == '\0' && n == 4) {
        m = 0;
        d = 0;
    } else {
        return false;
    }
    if (y < 1 || y > 9999 || m < 0 || m > 12 || d < 0 || (d && !m))
        return false;
    if (m && d > month_days(y, m))
        return false;
    if (!m) {
        *first = days_from_civil(y, 1, 1);
        *last = days_from_civil(y, 12, 31);
    } else if (!d) {
        *first = days_from_civil(y, m, 1);
        *last = days_from_civil(y, m, month_days(y, m));
    } else {
        *first = *last = days_from_civil(y, m, d);
    }
    return true;
}

/* Does `name` start with `word`, or have a word (after a space or slash) that does? */
static bool word_prefix(const char *name, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = name; *p; p++)
        if ((p == name || p[-1] == ' ' || p[-1] == '/') && !strncasecmp(p, word, n))
            return true;
    return false;
}

bool im_filter_check_type(const char *type, char *canon, size_t canon_len, char *err,
                          size_t err_len)
{
    for (size_t i = 0; i < tab_acled_types_count; i++)
        if (!strcasecmp(tab_acled_types[i].name, type)) {
            snprintf(canon, canon_len, "%s", tab_acled_types[i].name);
            return true;
        }
    /* incmap's own kinds are lower-case words joined by underscores */
    bool kind = strchr(type, '_') != NULL;
    for (const char *p = type; *p && kind; p++)
        kind = islower((unsigned char)*p) || *p == '_';
    if (kind) {
        snprintf(canon, canon_len, "%s", type);
        return true;
    }
    /* a word the name starts with, naming exactly one event type (or else exactly one
       sub-event type) */
    const char *hit = NULL;
    for (int level = 0; level < 2 && !hit; level++) {
        size_t hits = 0;
        for (size_t i = 0; i < tab_acled_types_count; i++) {
            bool is_event = !strcmp(tab_acled_types[i].level, "event");
            if (is_event == (level == 0) && strlen(type) >= 4 &&
                word_prefix(tab_acled_types[i].name, type)) {
                hits++;
                hit = tab_acled_types[i].name;
            }
        }
        if (hits > 1)
            hit = NULL;
    }
    if (hit) {
        snprintf(canon, canon_len, "%s", hit);
        return true;
    }
    char list[400] = "";
    for (size_t i = 0; i < tab_acled_types_count; i++)
        if (!strcmp(tab_acled_types[i].level, "event")) {
            size_t n = strlen(list);
            snprintf(list + n, sizeof list - n, "%s'%s'", n ? ", " : "",
                     tab_acled_types[i].name);
        }
    snprintf(err, err_len, "--type '%s' is not an ACLED event type (%s), sub-event type or "
             "incmap kind", type, list);
    return false;
}

im_filter *im_filter_create(void)
{
    im_filter *f = im_xcalloc(1, sizeof *f);
    f->since = LONG_MIN;
    f->until = LONG_MAX;
    f->min_fatalities = -1;
    f->coast_km = 5.0;
    return f;
}

void strlist_clear(strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

void im_filter_destroy(im_filter *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n_areas; i++)
        im_area_clear(&f->areas[i]);
    free(f->areas);
    free(f->country_from);
    strlist_clear(&f->countries);
    strlist_clear(&f->admin1);
    strlist_clear(&f->types);
    free(f->where);
    free(f->within);
    im_polyset_destroy(f->within_ps);
    free(f);
}

void strlist_add(strlist *l, const char *s)
{
    l->items = im_xreallocarray(l->items, l->n + 1, sizeof *l->items);
    l->items[l->n++] = im_xstrdup(s);
}

bool strlist_has(const strlist *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcasecmp(l->items[i], s))
            return true;
    return false;
}

bool im_filter_add_region(im_filter *f, const char *name, char *err, size_t len)
{
    const im_region *r = im_region_find(name);
    if (!r) {
        snprintf(err, len, "--region '%s' is not a region (see 'incmap regions')", name);
        return false;
    }
    im_area a;
    memset(&a, 0, sizeof a);
    a.kind = IM_AREA_REGION;
    a.region = *r;
    im_filter_add_area(f, &a);
    return true;
}

void im_filter_add_area(im_filter *f, im_area *a)
{
    f->areas = im_xreallocarray(f->areas, f->n_areas + 1, sizeof *f->areas);
    f->areas[f->n_areas++] = *a;
    /* the strings of a resolved area live in its own buffers, which have moved: point
       every copy at its own */
    for (size_t i = 0; i < f->n_areas; i++) {
        im_area *to = &f->areas[i];
        if (to->kind == IM_AREA_REGION)
            continue;
        to->region.name = to->name;
        to->region.title = to->title;
        to->region.countries = to->countries;
        to->region.admin1 = to->admin1[0] ? to->admin1 : NULL;
    }
    a->polys = NULL; /* the filter owns them now */
}

/* A country as a user writes it: letters, spaces and the punctuation of names
 * ("Côte d'Ivoire", "Guinea-Bissau"); never SQL. */
static bool country_token_ok(const char *p, size_t n)
{
    if (!n)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (!(isalpha(c) || c >= 0x80 || c == ' ' || c == '-' || c == '\'' || c == '.' ||
              c == '(' || c == ')' || c == '&'))
            return false;
    }
    return true;
}

bool im_filter_add_countries(im_filter *f, const char *list, char *err, size_t len)
{
    const char *p = list;
    size_t before = f->countries.n;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        while (n && *p == ' ') {
            p++;
            n--;
        }
        size_t m = n;
        while (m && p[m - 1] == ' ')
            m--;
        if (!country_token_ok(p, m) || m > 80) {
            snprintf(err, len, "--country '%s': '%.*s' is not a country code or name", list,
                     (int)(m > 40 ? 40 : m), p);
            return false;
        }
        char code[96];
        snprintf(code, sizeof code, "%.*s", (int)m, p);
        strlist_add(&f->countries, code);
        p += n;
        if (*p == ',')
            p++;
    }
    if (f->countries.n == before) {
        snprintf(err, len, "--country needs at least one country (ISO2, ISO3 or name)");
        return false;
    }
    return true;
}

void im_filter_set_country_from(im_filter *f, const char *field)
{
    free(f->country_from);
    f->country_from = field ? im_xstrdup(field) : NULL;
}

bool im_filter_add_admin1(im_filter *f, const char *name_or_code)
{
    strlist_add(&f->admin1, name_or_code);
    return true;
}

bool im_filter_set_bbox(im_filter *f, const char *bbox, char *err, size_t len)
{
    if (!im_parse_bbox(bbox, f->bbox, err, len))
        return false;
    f->has_bbox = true;
    return true;
}

/* A bound of the date range: --since keeps the first day `date` can mean, --until the
 * last ("2022-05" since the 1st, until the 31st). */
static bool set_date_bound(const char *option, const char *date, bool last, long *out,
                           char *err, size_t len)
{
    long range[2];
    if (!im_parse_date_range(date, &range[0], &range[1])) {
        snprintf(err, len, "--%s '%s' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)", option, date);
        return false;
    }
    *out = range[last];
    return true;
}

bool im_filter_set_since(im_filter *f, const char *date, char *err, size_t len)
{
    return set_date_bound("since", date, false, &f->since, err, len);
}

bool im_filter_set_until(im_filter *f, const char *date, char *err, size_t len)
{
    return set_date_bound("until", date, true, &f->until, err, len);
}

void im_filter_set_partial(im_filter *f, im_partial_dates p)
{
    f->partial = p;
}

void im_filter_add_type(im_filter *f, const char *type)
{
    strlist_add(&f->types, type);
}

void im_filter_set_min_fatalities(im_filter *f, long n)
{
    f->min_fatalities = n;
}

void im_filter_set_where(im_filter *f, const char *sql)
{
    free(f->where);
    f->where = im_xstrdup(sql);
}

void im_filter_set_within(im_filter *f, const char *path, double buffer_km)
{
    free(f->within);
    f->within = im_xstrdup(path);
    f->buffer_km = buffer_km;
}

void im_filter_set_coast_km(im_filter *f, double km)
{
    f->coast_km = km;
}
