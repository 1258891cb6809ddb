/* Date expressions in English prose, with ACLED time precision. Absolute forms are
 * read as written; partial ones never gain precision they lack ("late 2015" is the
 * year 2015, "in April 2022" a month). Relative forms ("the following month", "that
 * year", "days prior", "a week later") move from an anchor date the caller supplies —
 * the last date the text gave — and keep the anchor's precision or coarser. */
#include "incidents_private.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const month_names[12] = {"january", "february", "march", "april", "may",
                                            "june", "july", "august", "september",
                                            "october", "november", "december"};

bool im_date_valid(int year, int month, int day)
{
    static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1 || year > 9999 || month < 0 || month > 12 || day < 0 || day > 31)
        return false;
    if (day && !month)
        return false;
    if (!month || !day)
        return true;
    if (day > days[month - 1])
        return false;
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return !(month == 2 && day == 29 && !leap);
}

void im_date_format(const im_date *d, char buf[11])
{
    unsigned y = (unsigned)d->year % 10000u, m = (unsigned)d->month % 100u,
             dd = (unsigned)d->day % 100u;
    if (!d->year)
        buf[0] = '\0';
    else if (!d->month)
        snprintf(buf, 11, "%04u", y);
    else if (!d->day)
        snprintf(buf, 11, "%04u-%02u", y, m);
    else
        snprintf(buf, 11, "%04u-%02u-%02u", y, m, dd);
}

/* ---- a tiny word scanner ----------------------------------------------------- */

typedef ev_word word;

#define MAX_WORDS 4096

static bool is(const char *s, const word *w, const char *lit)
{
    size_t n = strlen(lit);
    return w->end - w->start == n && strncasecmp(s + w->start, lit, n) == 0;
}

static int month_of(const char *s, size_t len, const word *w)
{
    size_t n = w->end - w->start;
    for (int m = 0; m < 12; m++) {
        size_t ml = strlen(month_names[m]);
        if (n == ml && strncasecmp(s + w->start, month_names[m], n) == 0)
            return m + 1;
        /* abbreviations: Jan, Feb, Sept (not "may", which is the whole name) */
        if (n == 3 && m != 4 && strncasecmp(s + w->start, month_names[m], 3) == 0 &&
            w->end < len && s[w->end] == '.')
            return m + 1;
        if (n == 4 && m == 8 && strncasecmp(s + w->start, "sept", 4) == 0)
            return 9;
    }
    return 0;
}

static int number_of(const char *s, const word *w, int lo, int hi)
{
    size_t n = w->end - w->start;
    if (n == 0 || n > 4)
        return -1;
    int v = 0;
    for (size_t i = w->start; i < w->end; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v >= lo && v <= hi ? v : -1;
}

/* A year: four digits from 1900 to 2099, not part of a larger number (1,000) and not
 * followed by a unit that makes it a quantity ("2000 fighters" is caught by callers
 * only through context; a year followed by "%" is not a year). */
static int year_of(const char *s, size_t len, const word *w)
{
    int y = number_of(s, w, 1900, 2099);
    if (y < 0 || w->end - w->start != 4)
        return -1;
    if (w->start > 0 && (s[w->start - 1] == ',' || s[w->start - 1] == '.' ||
                         s[w->start - 1] == '$'))
        return -1;
    if (w->end < len && (s[w->end] == '%' || (s[w->end] == ',' && w->end + 1 < len &&
                                               isdigit((unsigned char)s[w->end + 1]))))
        return -1;
    return y;
}

static void emit(im_date_match *out, size_t max, size_t *n, size_t a, size_t b, im_date d,
                 bool relative, bool frame)
{
    if (*n < max)
        out[*n] = (im_date_match){a, b, d, relative, frame};
    (*n)++;
}

static im_date add_months(im_date d, int k)
{
    int m = d.year * 12 + (d.month - 1) + k;
    d.year = m / 12;
    d.month = m % 12 + 1;
    d.day = 0;
    return d;
}

size_t im_dates_find(const char *s, size_t len, const im_date *anchor, im_date_match *out,
                     size_t max)
{
    word w[MAX_WORDS];
    size_t nw = ev_split_words(s, len, w, MAX_WORDS, false);
    size_t n = 0;
    bool have_anchor = anchor && anchor->year;
    for (size_t i = 0; i < nw; i++) {
        int mon = month_of(s, len, &w[i]);
        int y;
        /* Month Day, Year | Month Day | Month Year | Month of Year */
        if (mon) {
            /* "may" is usually the verb: only a month next to a number */
            int day = i + 1 < nw ? number_of(s, &w[i + 1], 1, 31) : -1;
            if (day > 0 && w[i + 1].end - w[i + 1].start <= 2) {
                y = i + 2 < nw ? year_of(s, len, &w[i + 2]) : -1;
                if (y > 0) {
                    /* "February 30, 2023" is no date, and not a year either */
                    if (im_date_valid(y, mon, day))
                        emit(out, max, &n, w[i].start, w[i + 2].end, (im_date){y, mon, day, 1},
                             false, false);
                    i += 2;
                    continue;
                }
                if (y < 0 && have_anchor && im_date_valid(anchor->year, mon, day)) {
                    emit(out, max, &n, w[i].start, w[i + 1].end,
                         (im_date){anchor->year, mon, day, 1}, true, false);
                    i += 1;
                    continue;
                }
            }
            /* "September and December 2022": the first month takes the year too */
            if (i + 3 < nw && (is(s, &w[i + 1], "and") || is(s, &w[i + 1], "or")) &&
                month_of(s, len, &w[i + 2]) && (y = year_of(s, len, &w[i + 3])) > 0) {
                emit(out, max, &n, w[i].start, w[i].end, (im_date){y, mon, 0, 3}, false, false);
                continue;
            }
            size_t k = i + 1;
            if (k < nw && is(s, &w[k], "of"))
                k++;
            y = k < nw ? year_of(s, len, &w[k]) : -1;
            if (y > 0) {
                /* "26 August 2021" */
                int d0 = i > 0 ? number_of(s, &w[i - 1], 1, 31) : -1;
                if (d0 > 0 && w[i - 1].end + 1 == w[i].start && im_date_valid(y, mon, d0) &&
                    (n == 0 || out[n > max ? max - 1 : n - 1].end <= w[i - 1].start)) {
                    emit(out, max, &n, w[i - 1].start, w[k].end, (im_date){y, mon, d0, 1},
                         false, false);
                } else {
                    emit(out, max, &n, w[i].start, w[k].end, (im_date){y, mon, 0, 3}, false,
                         false);
                }
                i = k;
                continue;
            }
            continue;
        }
        y = year_of(s, len, &w[i]);
        if (y > 0) {
            size_t a = w[i].start;
            bool frame = false;
            if (i > 0 && (is(s, &w[i - 1], "early") || is(s, &w[i - 1], "late") ||
                          is(s, &w[i - 1], "mid") || is(s, &w[i - 1], "spring") ||
                          is(s, &w[i - 1], "summer") || is(s, &w[i - 1], "autumn") ||
                          is(s, &w[i - 1], "fall") || is(s, &w[i - 1], "winter")))
                a = w[i - 1].start;
            if (i > 0 && (is(s, &w[i - 1], "throughout") || is(s, &w[i - 1], "during")))
                frame = true;
            /* "mid-2016" is one word */
            emit(out, max, &n, a, w[i].end, (im_date){y, 0, 0, 3}, false, frame);
            continue;
        }
        if (w[i].end - w[i].start == 8 && strncasecmp(s + w[i].start, "mid-", 4) == 0) {
            word yw = {w[i].start + 4, w[i].end};
            y = year_of(s, len, &yw);
            if (y > 0) {
                emit(out, max, &n, w[i].start, w[i].end, (im_date){y, 0, 0, 3}, false, false);
                continue;
            }
        }
        if (!have_anchor)
            continue;
        /* relative expressions */
        bool next2 = i + 1 < nw;
        if (next2 && (is(s, &w[i], "following") || is(s, &w[i], "next") ||
                      is(s, &w[i], "previous") || is(s, &w[i], "preceding"))) {
            int dir = is(s, &w[i], "following") || is(s, &w[i], "next") ? 1 : -1;
            if (is(s, &w[i + 1], "month") && anchor->month) {
                emit(out, max, &n, w[i].start, w[i + 1].end, add_months(*anchor, dir), true,
                     false);
                out[n <= max ? n - 1 : max - 1].date.time_prec = 3;
                i++;
                continue;
            }
            if (is(s, &w[i + 1], "year")) {
                im_date d = {anchor->year + dir, 0, 0, 3};
                emit(out, max, &n, w[i].start, w[i + 1].end, d, true, false);
                i++;
                continue;
            }
        }
        if (next2 && (is(s, &w[i], "that") || is(s, &w[i], "same")) &&
            (is(s, &w[i + 1], "year") || is(s, &w[i + 1], "month") ||
             is(s, &w[i + 1], "day"))) {
            im_date d = *anchor;
            bool frame = i > 0 && (is(s, &w[i - 1], "during") || is(s, &w[i - 1], "throughout"));
            if (is(s, &w[i + 1], "year"))
                d = (im_date){anchor->year, 0, 0, 3};
            else if (is(s, &w[i + 1], "month")) {
                if (!anchor->month)
                    continue;
                d = (im_date){anchor->year, anchor->month, 0, 3};
            } else if (!anchor->day) {
                continue;
            }
            emit(out, max, &n, w[i].start, w[i + 1].end, d, true, frame);
            i++;
            continue;
        }
        /* "days prior", "days later", "a week later", "days after", "weeks earlier" */
        if (next2 && (is(s, &w[i], "days") || is(s, &w[i], "day") || is(s, &w[i], "week") ||
                      is(s, &w[i], "weeks")) &&
            (is(s, &w[i + 1], "prior") || is(s, &w[i + 1], "later") ||
             is(s, &w[i + 1], "after") || is(s, &w[i + 1], "earlier") ||
             is(s, &w[i + 1], "before"))) {
            im_date d = *anchor;
            /* a shift of days keeps what the anchor knew but no more than approximate */
            if (d.day) {
                d.day = 0;
                d.time_prec = 2;
            }
            if (d.month)
                d.time_prec = d.time_prec < 2 ? 2 : d.time_prec;
            size_t a = i > 0 && (is(s, &w[i - 1], "a") || is(s, &w[i - 1], "few") ||
                                 is(s, &w[i - 1], "just") || is(s, &w[i - 1], "two") ||
                                 is(s, &w[i - 1], "several"))
                           ? w[i - 1].start
                           : w[i].start;
            emit(out, max, &n, a, w[i + 1].end, d, true, false);
            i++;
            continue;
        }
    }
    return n;
}
