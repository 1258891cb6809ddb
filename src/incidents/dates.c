/* Date expressions in English prose, with ACLED time precision. Absolute forms are
 * read as written; partial ones never gain precision they lack ("late 2015" is the
 * year 2015, "in April 2022" a month). Relative forms ("the following month", "that
 * year", "days prior", "a week later") move from an anchor date the caller supplies —
 * the last date the text gave — and keep the anchor's precision or coarser. */
#include "incidents_private.h"
#include "lex.h"
#include "geodata/incidents/tab_date_words.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

EV_LEX_DEFINE(date_words)

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

/* The row of word w with `role` in date_words.tsv, or NULL. */
static const struct tab_date_words *role(const char *s, const word *w, const char *r)
{
    return ev_lex_row_date_words(s + w->start, w->end - w->start, r);
}

static int month_of(const char *s, size_t len, const word *w)
{
    const struct tab_date_words *r = role(s, w, "month");
    if (r)
        return (int)r->value;
    /* abbreviations count only with their full stop: "Jan.", "Aug." */
    r = role(s, w, "month_abbr");
    return r && w->end < len && s[w->end] == '.' ? (int)r->value : 0;
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

/* The matches found so far: stored while there is room, counted always, and the last
 * one's end remembered whatever the room, so decisions never depend on `max`. */
typedef struct found {
    im_date_match *out;
    size_t max, n, last_end;
} found;

static void emit(found *f, size_t a, size_t b, im_date d, bool relative, bool frame)
{
    if (f->n < f->max)
        f->out[f->n] = (im_date_match){a, b, d, relative, frame};
    f->n++;
    f->last_end = b;
}

static im_date add_months(im_date d, int k)
{
    int m = d.year * 12 + (d.month - 1) + k;
    d.year = m / 12;
    d.month = m % 12 + 1;
    d.day = 0;
    return d;
}

/* Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's
 * days_from_civil algorithm). */
long im_date_to_days(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

im_date im_date_from_days(long z, int time_prec)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    int y = (int)(yoe + era * 400 + (m <= 2));
    return (im_date){y, m, d, time_prec};
}

/* A year-less date (month, day) takes the anchor's year; against the report's own
 * date it is the latest such date not after the report ("In July" in a report of
 * March 2024 is July 2023). */
static int year_for(const im_date *anchor, bool from_report, int month, int day)
{
    int y = anchor->year;
    if (from_report && anchor->month &&
        (month > anchor->month || (month == anchor->month && day && anchor->day &&
                                   day > anchor->day)))
        y--;
    return y;
}

size_t im_dates_find(const char *s, size_t len, const im_date *anchor, im_date_match *out,
                     size_t max)
{
    return im_dates_find_at(s, len, anchor, false, out, max);
}

size_t im_dates_find_at(const char *s, size_t len, const im_date *anchor, bool from_report,
                        im_date_match *out, size_t max)
{
    word w[MAX_WORDS];
    size_t nw = ev_split_words(s, len, w, MAX_WORDS, false);
    found fd = {out, max, 0, 0};
    bool have_anchor = anchor && anchor->year;
    for (size_t i = 0; i < nw; i++) {
        int mon = month_of(s, len, &w[i]);
        int y;
        /* "30 Apr 2020", "Apr 2020": an abbreviation without its full stop is a month
           when a year follows it */
        const struct tab_date_words *ab = mon ? NULL : role(s, &w[i], "month_abbr");
        if (ab && i + 1 < nw && year_of(s, len, &w[i + 1]) > 0)
            mon = (int)ab->value;
        /* Month Day, Year | Month Day | Month Year | Month of Year */
        if (mon) {
            /* "may" is usually the verb: only a month next to a number. "In July, 12
               soldiers…": a comma between them makes the number no day. */
            bool comma = i + 1 < nw && memchr(s + w[i].end, ',', w[i + 1].start - w[i].end);
            int day = i + 1 < nw && !comma ? number_of(s, &w[i + 1], 1, 31) : -1;
            if (day > 0 && w[i + 1].end - w[i + 1].start <= 2) {
                y = i + 2 < nw ? year_of(s, len, &w[i + 2]) : -1;
                if (y > 0) {
                    /* "February 30, 2023" is no date, and not a year either */
                    if (im_date_valid(y, mon, day))
                        emit(&fd, w[i].start, w[i + 2].end, (im_date){y, mon, day, 1},
                             false, false);
                    i += 2;
                    continue;
                }
                int ay = have_anchor ? year_for(anchor, from_report, mon, day) : 0;
                if (y < 0 && have_anchor && im_date_valid(ay, mon, day)) {
                    emit(&fd, w[i].start, w[i + 1].end, (im_date){ay, mon, day, 1},
                         true, false);
                    i += 1;
                    continue;
                }
            }
            /* "September and December 2022": the first month takes the year too */
            if (i + 3 < nw && (is(s, &w[i + 1], "and") || is(s, &w[i + 1], "or")) &&
                month_of(s, len, &w[i + 2]) && (y = year_of(s, len, &w[i + 3])) > 0) {
                emit(&fd, w[i].start, w[i].end, (im_date){y, mon, 0, 3}, false, false);
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
                    (fd.n == 0 || fd.last_end <= w[i - 1].start)) {
                    emit(&fd, w[i - 1].start, w[k].end, (im_date){y, mon, d0, 1},
                         false, false);
                } else {
                    emit(&fd, w[i].start, w[k].end, (im_date){y, mon, 0, 3}, false,
                         false);
                }
                i = k;
                continue;
            }
            /* "3 July": a day before the month, the year from the anchor */
            int d0 = i > 0 ? number_of(s, &w[i - 1], 1, 31) : -1;
            if (have_anchor && d0 > 0 && w[i - 1].end + 1 == w[i].start &&
                (fd.n == 0 || fd.last_end <= w[i - 1].start)) {
                int ay = year_for(anchor, from_report, mon, d0);
                if (im_date_valid(ay, mon, d0)) {
                    emit(&fd, w[i - 1].start, w[i].end, (im_date){ay, mon, d0, 1},
                         true, false);
                    continue;
                }
            }
            /* "In July", "in early March": the month of the anchor's year */
            size_t lw = i;
            if (lw > 0 && role(s, &w[lw - 1], "part") && role(s, &w[lw - 1], "locative"))
                lw--;
            if (have_anchor && lw > 0 && role(s, &w[lw - 1], "locative") &&
                !is(s, &w[i], "may"))
                emit(&fd, w[i].start, w[i].end,
                     (im_date){year_for(anchor, from_report, mon, 0), mon, 0, 3}, true, false);
            continue;
        }
        y = year_of(s, len, &w[i]);
        if (y > 0) {
            size_t a = w[i].start;
            bool frame = false;
            if (i > 0 && role(s, &w[i - 1], "part"))
                a = w[i - 1].start;
            if (i > 0 && role(s, &w[i - 1], "frame"))
                frame = true;
            emit(&fd, a, w[i].end, (im_date){y, 0, 0, 3}, false, frame);
            continue;
        }
        /* "mid-2016" is one word */
        if (w[i].end - w[i].start == 8 && strncasecmp(s + w[i].start, "mid-", 4) == 0) {
            word yw = {w[i].start + 4, w[i].end};
            y = year_of(s, len, &yw);
            if (y > 0) {
                emit(&fd, w[i].start, w[i].end, (im_date){y, 0, 0, 3}, false, false);
                continue;
            }
        }
        if (!have_anchor)
            continue;
        /* relative expressions */
        bool next2 = i + 1 < nw;
        const struct tab_date_words *step = next2 ? role(s, &w[i], "step") : NULL;
        if (step) {
            int dir = (int)step->value;
            if (is(s, &w[i + 1], "month") && anchor->month) {
                emit(&fd, w[i].start, w[i + 1].end, add_months(*anchor, dir), true,
                     false);
                if (fd.n <= fd.max)
                    fd.out[fd.n - 1].date.time_prec = 3;
                i++;
                continue;
            }
            if (is(s, &w[i + 1], "year")) {
                im_date d = {anchor->year + dir, 0, 0, 3};
                emit(&fd, w[i].start, w[i + 1].end, d, true, false);
                i++;
                continue;
            }
        }
        if (next2 && role(s, &w[i], "same") &&
            (is(s, &w[i + 1], "year") || is(s, &w[i + 1], "month") ||
             is(s, &w[i + 1], "day"))) {
            im_date d = *anchor;
            bool frame = i > 0 && role(s, &w[i - 1], "frame");
            if (is(s, &w[i + 1], "year"))
                d = (im_date){anchor->year, 0, 0, 3};
            else if (is(s, &w[i + 1], "month")) {
                if (!anchor->month)
                    continue;
                d = (im_date){anchor->year, anchor->month, 0, 3};
            } else if (!anchor->day) {
                continue;
            }
            emit(&fd, w[i].start, w[i + 1].end, d, true, frame);
            i++;
            continue;
        }
        /* "a day before", "two days prior", "a week later", "days after", "weeks
           earlier": a known number of units moves a day-precise anchor by that many
           days (a week is approximate: precision 2); an unknown number keeps what the
           anchor knew, no finer than approximate */
        const struct tab_date_words *unit =
            next2 ? (role(s, &w[i], "unit_day") ? role(s, &w[i], "unit_day")
                                                 : role(s, &w[i], "unit_week"))
                  : NULL;
        const struct tab_date_words *shift = unit ? role(s, &w[i + 1], "shift") : NULL;
        if (shift) {
            const struct tab_date_words *few = i > 0 ? role(s, &w[i - 1], "few") : NULL;
            long count = few ? few->value : 0;
            /* "days prior" (plural, no number) is a shift of unknown size */
            if (!few && w[i].end > w[i].start && (s[w[i].end - 1] | 0x20) != 's')
                count = 1;
            im_date d = *anchor;
            if (count > 0 && d.day) {
                long z = im_date_to_days(d.year, d.month, d.day) +
                         shift->value * count * unit->value;
                d = im_date_from_days(z, unit->value > 1 ? 2 : anchor->time_prec);
            } else {
                if (d.day) {
                    d.day = 0;
                    d.time_prec = 2;
                }
                if (d.month)
                    d.time_prec = d.time_prec < 2 ? 2 : d.time_prec;
            }
            size_t a = few ? w[i - 1].start : w[i].start;
            emit(&fd, a, w[i + 1].end, d, true, false);
            i++;
            continue;
        }
    }
    return fd.n;
}
