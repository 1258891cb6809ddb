/* The filter's criteria as data: parsing option values (bbox, dates) and holding
 * regions, countries, provinces, types, dates and fatalities. Matching a feature
 * against them happens in run.c, which knows the layer's fields. */
#include "incmap/filter.h"
#include "incmap/alloc.h"
#include "incmap/incidents.h"
#include "incmap/regions.h"
#include "filter_internal.h"

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

bool im_parse_date_range(const char *s, long *first, long *last)
{
    long y = 0, m = 0, d = 0;
    int n = 0;
    char mon[16];
    while (isspace((unsigned char)*s))
        s++;
    if (sscanf(s, "%4ld-%2ld-%2ld%n", &y, &m, &d, &n) == 3 && (s[n] == '\0' || s[n] == 'T' ||
                                                              s[n] == ' ')) {
        /* full date */
    } else if (sscanf(s, "%4ld-%2ld%n", &y, &m, &n) == 2 && s[n] == '\0') {
        d = 0;
    } else if (sscanf(s, "%4ld/%2ld/%2ld%n", &y, &m, &d, &n) == 3 && s[n] == '\0') {
        /* GDAL's 2024/03/05 */
    } else if (sscanf(s, "%ld %15s %ld%n", &d, mon, &y, &n) == 3 && s[n] == '\0') {
        m = 0;
        for (int i = 0; i < 12; i++)
            if (!strncasecmp(mon, months[i], strlen(mon)) && strlen(mon) >= 3)
                m = i + 1;
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

im_filter *im_filter_create(void)
{
    im_filter *f = im_xcalloc(1, sizeof *f);
    f->since = LONG_MIN;
    f->until = LONG_MAX;
    f->min_fatalities = -1;
    f->coast_km = 5.0;
    return f;
}

static void strlist_free(strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i]);
    free(l->items);
}

void im_filter_destroy(im_filter *f)
{
    if (!f)
        return;
    strlist_free(&f->regions);
    strlist_free(&f->countries);
    strlist_free(&f->admin1);
    strlist_free(&f->types);
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
    strlist_add(&f->regions, r->name);
    return true;
}

bool im_filter_add_countries(im_filter *f, const char *list, char *err, size_t len)
{
    const char *p = list;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n != 2 || !isalpha((unsigned char)p[0]) || !isalpha((unsigned char)p[1])) {
            snprintf(err, len, "--country '%s': '%.*s' is not an ISO 3166-1 alpha-2 code", list,
                     (int)(n > 40 ? 40 : n), p);
            return false;
        }
        char code[3] = {(char)toupper((unsigned char)p[0]), (char)toupper((unsigned char)p[1]), 0};
        strlist_add(&f->countries, code);
        p += n;
        if (*p == ',')
            p++;
    }
    if (f->countries.n == 0) {
        snprintf(err, len, "--country needs at least one ISO 3166-1 alpha-2 code");
        return false;
    }
    return true;
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
