/* Numbers as reports write them: digits (with thousands separators), number words up
 * to the thousands ("twenty-three", "two hundred"), and the vague counts ACLED codes
 * by convention: "a dozen"/"dozens" 12, "several"/"many"/"scores" 10, "hundreds" 100,
 * "thousands" 1000. */
#include "incmap/incidents.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const char *const units[] = {"zero", "one", "two", "three", "four", "five", "six",
                                    "seven", "eight", "nine", "ten", "eleven", "twelve",
                                    "thirteen", "fourteen", "fifteen", "sixteen",
                                    "seventeen", "eighteen", "nineteen"};
static const char *const tens[] = {"", "", "twenty", "thirty", "forty", "fifty", "sixty",
                                   "seventy", "eighty", "ninety"};

static long small_word(const char *w, size_t n)
{
    for (int i = 0; i < 20; i++)
        if (strlen(units[i]) == n && strncasecmp(units[i], w, n) == 0)
            return i;
    for (int i = 2; i < 10; i++) {
        size_t tl = strlen(tens[i]);
        if (tl == n && strncasecmp(tens[i], w, n) == 0)
            return i * 10;
        /* twenty-three */
        if (n > tl + 1 && strncasecmp(tens[i], w, tl) == 0 && w[tl] == '-') {
            long u = small_word(w + tl + 1, n - tl - 1);
            if (u >= 1 && u <= 9)
                return i * 10 + u;
        }
    }
    return -1;
}

long im_number_word(const char *w, size_t n, bool *vague)
{
    if (vague)
        *vague = false;
    if (n == 0)
        return -1;
    if (isdigit((unsigned char)w[0])) {
        long v = 0;
        for (size_t i = 0; i < n; i++) {
            if (w[i] == ',' && i + 3 < n + 1 && i > 0)
                continue;
            if (!isdigit((unsigned char)w[i]))
                return -1;
            if (v > 100000000)
                return -1;
            v = v * 10 + (w[i] - '0');
        }
        return v;
    }
    long v = small_word(w, n);
    if (v >= 0)
        return v;
    static const struct {
        const char *word;
        long value;
    } vague_words[] = {
        {"dozen", 12},    {"dozens", 12},  {"several", 10}, {"many", 10},
        {"scores", 10},   {"hundred", 100}, {"hundreds", 100}, {"thousand", 1000},
        {"thousands", 1000},
    };
    for (size_t i = 0; i < sizeof vague_words / sizeof vague_words[0]; i++) {
        if (strlen(vague_words[i].word) == n && strncasecmp(vague_words[i].word, w, n) == 0) {
            if (vague)
                *vague = strcmp(vague_words[i].word, "hundred") != 0 &&
                         strcmp(vague_words[i].word, "thousand") != 0 &&
                         strcmp(vague_words[i].word, "dozen") != 0;
            return vague_words[i].value;
        }
    }
    return -1;
}
