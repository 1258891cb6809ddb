/* Fatalities and injuries in one sentence (see incidents.h). Works on words: a number
 * (digits, number words, ACLED's vague counts) is tied to a casualty verb either after
 * it ("killing four", "killed 13 soldiers") or before it, where several counts joined
 * by "and" add up ("23 inmates and two prison guards were killed", "left three guards
 * and 29 inmates dead"). A named victim counts one ("led to the death of X"). Explicit
 * zeros ("did not cause any casualties") give 0 and 0; words without a count
 * ("wounding others", "casualties") leave the number unknown. */
#include "incidents_private.h"
#include "lex.h"
#include "geodata/incidents/tab_casualty_words.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

typedef ev_word cw;

#define MAXW 512

static bool eq(const char *s, const cw *w, const char *lit)
{
    size_t n = strlen(lit);
    return w->end - w->start == n && strncasecmp(s + w->start, lit, n) == 0;
}

EV_LEX_DEFINE(casualty_words)

/* Whether word w has `role` in geodata/incidents/casualty_words.tsv. */
static bool any(const char *s, const cw *w, const char *role)
{
    return EV_LEX_HAS(casualty_words, s + w->start, w->end - w->start, role);
}

/* "10-15": the lower bound of a range written as one word, or -1. */
static long range_word(const char *s, const cw *w)
{
    const char *dash = memchr(s + w->start, '-', w->end - w->start);
    if (!dash || !isdigit((unsigned char)s[w->start]))
        return -1;
    size_t l1 = (size_t)(dash - (s + w->start));
    long a = im_number_word(s + w->start, l1, NULL);
    long b = im_number_word(dash + 1, w->end - w->start - l1 - 1, NULL);
    return a >= 0 && b > a ? a : -1;
}

/* A count at word i: returns its value (or -1) and the index after it. Handles
 * "a dozen", "dozens of", "twenty-three", "1,200", and skips hedges before it. */
static long count_at(const char *s, const cw *w, size_t n, size_t i, size_t *after)
{
    size_t k = i;
    while (k < n && any(s, &w[k], "hedge") && !eq(s, &w[k], "a"))
        k++;
    if (k < n && eq(s, &w[k], "a") && k + 1 < n && eq(s, &w[k + 1], "dozen"))
        k++;
    if (k >= n)
        return -1;
    long v = im_number_word(s + w[k].start, w[k].end - w[k].start, NULL);
    if (v < 0)
        v = range_word(s, &w[k]);
    if (v < 0)
        return -1;
    /* a year is not a count */
    if (v >= 1900 && v <= 2099 && w[k].end - w[k].start == 4)
        return -1;
    *after = k + 1;
    /* a range ("10 to 15", "10 or 15 people"): ACLED codes the lower bound */
    if (k + 2 < n && (eq(s, &w[k + 1], "to") || eq(s, &w[k + 1], "or")) &&
        im_number_word(s + w[k + 2].start, w[k + 2].end - w[k + 2].start, NULL) > v)
        *after = k + 3;
    if (*after < n && eq(s, &w[*after], "of"))
        (*after)++;
    return v;
}

/* Sum of counts joined by "and"/"," that end right before word `end` (exclusive),
 * e.g. "23 inmates and two prison guards". Each count may be followed by up to four
 * descriptive words. Returns -1 when there is none. */
static long sum_before(const char *s, const cw *w, size_t end, size_t *first)
{
    long total = -1;
    size_t j = end;
    while (j > 0 && any(s, &w[j - 1], "link") && !eq(s, &w[j - 1], "and"))
        j--;
    for (int groups = 0; groups < 6 && j > 0; groups++) {
        /* find a count within 5 words before j */
        bool found = false;
        for (size_t back = 1; back <= 5 && back <= j; back++) {
            size_t k = j - back;
            size_t after;
            long v = count_at(s, w, end, k, &after);
            if (v >= 0 && after <= j) {
                /* "between 10 and 15 were killed": a range, not a sum */
                size_t a2;
                long v0;
                if (k >= 3 && eq(s, &w[k - 1], "and") && eq(s, &w[k - 3], "between") &&
                    (v0 = count_at(s, w, end, k - 2, &a2)) >= 0 && v0 < v) {
                    v = v0;
                    k -= 3;
                } else if (k >= 2 && (eq(s, &w[k - 1], "to") || eq(s, &w[k - 1], "or")) &&
                           (v0 = count_at(s, w, end, k - 2, &a2)) >= 0 && v0 < v) {
                    v = v0;   /* "20 to 30 fighters died" */
                    k -= 2;
                }
                total = (total < 0 ? 0 : total) + v;
                if (k > 0 && eq(s, &w[k - 1], "a")) /* "a dozen" */
                    k--;
                *first = k;
                j = k;
                found = true;
                break;
            }
            if (eq(s, &w[k], "and") || any(s, &w[k], "kill_after") || any(s, &w[k], "hurt_after"))
                break;
        }
        if (!found)
            break;
        if (j > 0 && eq(s, &w[j - 1], "and"))
            j--;
        else
            break;
    }
    return total;
}

/* Sum of counts right after word `start` ("killed dozens of Afghans and 13 soldiers"). */
static long sum_after(const char *s, const cw *w, size_t n, size_t start, size_t *last)
{
    long total = -1;
    size_t k = start;
    for (int groups = 0; groups < 6 && k < n; groups++) {
        size_t after;
        long v = count_at(s, w, n, k, &after);
        if (v < 0)
            break;
        total = (total < 0 ? 0 : total) + v;
        *last = after;
        /* skip up to three descriptive words, then continue on "and" */
        size_t m = after;
        while (m < n && m < after + 3 && !eq(s, &w[m], "and") &&
               !any(s, &w[m], "hurt_after") && im_number_word(s + w[m].start, w[m].end - w[m].start, NULL) < 0)
            m++;
        if (m < n && eq(s, &w[m], "and") && m + 1 < n) {
            size_t a2;
            if (count_at(s, w, n, m + 1, &a2) >= 0) {
                k = m + 1;
                continue;
            }
        }
        break;
    }
    return total;
}

static bool capitalised(const char *s, const cw *w)
{
    return isupper((unsigned char)s[w->start]);
}

/* One dead when the death word's subject is singular: "was" before it ("his son was
 * reportedly killed") or "a"/"an" opening the subject ("a prisoner died", "a drug
 * suspect was shot dead"). Looks back at most five words and stops at a plural or a
 * conjunction. Returns 1 (and the subject's first word in *first) or -1. */
static long singular_subject(const char *s, const cw *w, size_t i, size_t *first)
{
    for (size_t k = i, steps = 0; k > 0 && steps < 5; steps++) {
        k--;
        if (eq(s, &w[k], "was")) {
            *first = k;
            return 1;
        }
        if (eq(s, &w[k], "a") || eq(s, &w[k], "an")) {
            if (k + 1 < i && !any(s, &w[k + 1], "vague_amount")) {
                *first = k;
                return 1;
            }
            return -1;
        }
        if (eq(s, &w[k], "were") || eq(s, &w[k], "and") || eq(s, &w[k], "or") ||
            eq(s, &w[k], "have") || eq(s, &w[k], "are") ||
            im_number_word(s + w[k].start, w[k].end - w[k].start, NULL) >= 0)
            return -1;
        /* a comma or full stop between the words ends the subject */
        if (memchr(s + w[k].end, ',', w[k + 1].start - w[k].end) ||
            memchr(s + w[k].end, '.', w[k + 1].start - w[k].end))
            return -1;
    }
    return -1;
}

void im_casualties_find(const char *s, size_t len, im_casualties *out)
{
    out->killed = IM_UNKNOWN;
    out->injured = IM_UNKNOWN;
    out->ev_start = out->ev_end = 0;
    cw w[MAXW];
    size_t n = ev_split_words(s, len, w, MAXW, true);
    for (size_t i = 0; i < n; i++) {
        /* explicit zeros */
        if ((eq(s, &w[i], "no") || eq(s, &w[i], "any") || eq(s, &w[i], "without")) &&
            i + 1 < n && any(s, &w[i + 1], "zero")) {
            bool negated = eq(s, &w[i], "no") || eq(s, &w[i], "without");
            for (size_t k = i >= 4 ? i - 4 : 0; k < i && !negated; k++)
                negated = eq(s, &w[k], "not") || eq(s, &w[k], "no") || eq(s, &w[k], "never");
            if (negated) {
                out->killed = 0;
                out->injured = 0;
                out->ev_start = w[i].start;
                out->ev_end = w[i + 1].end;
                return;
            }
        }
        /* "no one was killed", "nobody was hurt": none died (and none was hurt) */
        size_t who = eq(s, &w[i], "nobody") ? i + 1
                   : eq(s, &w[i], "no") && i + 1 < n && eq(s, &w[i + 1], "one") ? i + 2 : 0;
        for (size_t k = who; who && k < n && k < who + 3; k++) {
            bool dead = any(s, &w[k], "kill_before"), hurt = any(s, &w[k], "hurt_before");
            if (!dead && !hurt)
                continue;
            out->killed = 0;
            if (hurt)
                out->injured = 0;
            out->ev_start = w[i].start;
            out->ev_end = w[k].end;
            break;
        }
    }
    for (size_t i = 0; i < n; i++) {
        size_t first = i, last = i + 1;
        long v = -1;
        /* "the death toll rose to 145", "a toll of 12" */
        if (any(s, &w[i], "toll") && out->killed == IM_UNKNOWN) {
            for (size_t k = i + 1; k < n && k < i + 14; k++) {
                size_t after;
                /* the toll's own count: right after the noun or after "to", "at",
                   "of", "reached"… ("rose to 145"), not a day ("on 22 March") */
                if (k > i + 1 && !any(s, &w[k - 1], "toll_link") && !any(s, &w[k], "hedge"))
                    continue;
                long c = count_at(s, w, n, k, &after);
                if (c >= 0) {
                    out->killed = (int)c;
                    out->ev_start = w[i].start;
                    out->ev_end = w[after - 1].end;
                    break;
                }
            }
            if (out->killed != IM_UNKNOWN)
                continue;
        }
        if (any(s, &w[i], "kill_after") && out->killed == IM_UNKNOWN) {
            v = sum_after(s, w, n, i + 1, &last);
            if (v >= 0) {
                out->killed = (int)v;
                out->ev_start = w[i].start;
                out->ev_end = w[last - 1].end;
                continue;
            }
            /* "killed Qari X", "helped kill the young propagandist Yusuf Y": one named
               victim — two capitalised words within the next fourteen */
            if (!eq(s, &w[i], "killing")) {
                bool named = false;
                size_t k = i + 1;
                for (; k + 1 < n && k < i + 15; k++) {
                    if (any(s, &w[k], "named_stop"))
                        break;
                    if (capitalised(s, &w[k]) && capitalised(s, &w[k + 1]) &&
                        w[k].end + 1 == w[k + 1].start) {
                        named = true;
                        break;
                    }
                }
                if (!named && i + 1 < n && capitalised(s, &w[i + 1]))
                    named = true, k = i + 1;
                /* "assassinated an economic operator": one */
                if (!named && i + 2 < n && (eq(s, &w[i + 1], "a") || eq(s, &w[i + 1], "an")) &&
                    !any(s, &w[i + 2], "vague_amount"))
                    named = true, k = i + 2;
                if (named) {
                    out->killed = 1;
                    out->ev_start = w[i].start;
                    out->ev_end = w[k].end;
                    continue;
                }
            }
        }
        if (any(s, &w[i], "death_of") &&
            i + 2 < n && eq(s, &w[i + 1], "of") && out->killed == IM_UNKNOWN) {
            size_t after;
            long c = count_at(s, w, n, i + 2, &after);
            if (c >= 0) {
                out->killed = (int)c;
            } else if (capitalised(s, &w[i + 2]) ||
                       (i + 3 < n && (eq(s, &w[i + 2], "top") || eq(s, &w[i + 2], "senior"))) ||
                       (i + 3 < n && (eq(s, &w[i + 2], "a") || eq(s, &w[i + 2], "an") ||
                                      eq(s, &w[i + 2], "the") || eq(s, &w[i + 2], "his") ||
                                      eq(s, &w[i + 2], "her")) &&
                        !any(s, &w[i + 3], "vague_amount") &&
                        s[w[i + 3].end - 1] != 's')) {
                /* "the death of the commander": one */
                out->killed = 1;
            } else {
                continue;
            }
            out->ev_start = w[i].start;
            out->ev_end = w[i + 2].end;
            continue;
        }
        if (any(s, &w[i], "kill_before") && out->killed == IM_UNKNOWN) {
            if (eq(s, &w[i], "lives") && !(i > 1 && eq(s, &w[i - 2], "lost")))
                continue;
            v = sum_before(s, w, eq(s, &w[i], "lives") ? i - 2 : i, &first);
            if (v < 0 && eq(s, &w[i], "dead")) {
                /* "left three guards and 29 inmates dead" */
                size_t k = i;
                while (k > 0 && !eq(s, &w[k - 1], "left") && i - k < 12)
                    k--;
                if (k > 0 && eq(s, &w[k - 1], "left"))
                    v = sum_after(s, w, i, k, &last), first = k;
            }
            /* "his son was reportedly killed", "a prisoner died", "a suspect was shot
               dead": one */
            if (v < 0 && !eq(s, &w[i], "deaths") && !eq(s, &w[i], "fatalities"))
                v = singular_subject(s, w, i, &first);
            if (v >= 0) {
                out->killed = (int)v;
                out->ev_start = w[first].start;
                out->ev_end = w[i].end;
                continue;
            }
        }
        if (any(s, &w[i], "hurt_after") && out->injured == IM_UNKNOWN) {
            v = sum_after(s, w, n, i + 1, &last);
            /* "wounding a guard": one */
            if (v < 0 && i + 2 < n && (eq(s, &w[i + 1], "a") || eq(s, &w[i + 1], "an")) &&
                !any(s, &w[i + 2], "vague_amount"))
                v = 1, last = i + 3;
            if (v >= 0) {
                out->injured = (int)v;
                if (!out->ev_end)
                    out->ev_start = w[i].start;
                out->ev_end = w[last - 1].end > out->ev_end ? w[last - 1].end : out->ev_end;
                continue;
            }
        }
        if (any(s, &w[i], "hurt_before") && out->injured == IM_UNKNOWN) {
            v = sum_before(s, w, i, &first);
            if (v >= 0) {
                out->injured = (int)v;
                if (!out->ev_end)
                    out->ev_start = w[first].start;
                out->ev_end = w[i].end > out->ev_end ? w[i].end : out->ev_end;
            }
        }
    }
}
