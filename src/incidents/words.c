/* The word scanner the date and casualty parsers share: runs of letters and digits,
 * with inner hyphens ("twenty-three", "mid-2016") and, for counts, inner apostrophes
 * and thousands commas ("1,200"). Offsets only; nothing is copied. */
#include "incidents_private.h"
#include "lex.h"

#include <ctype.h>

size_t ev_split_words(const char *s, size_t len, ev_word *w, size_t max, bool counts)
{
    size_t n = 0, i = 0;
    while (i < len && n < max) {
        while (i < len && !isalnum((unsigned char)s[i]))
            i++;
        if (i >= len)
            break;
        size_t a = i;
        for (; i < len; i++) {
            if (isalnum((unsigned char)s[i]))
                continue;
            bool next_alnum = i + 1 < len && isalnum((unsigned char)s[i + 1]);
            if (s[i] == '-' && next_alnum)
                continue;
            if (counts && next_alnum &&
                (s[i] == '\'' || (s[i] == ',' && isdigit((unsigned char)s[i - 1]))))
                continue;
            break;
        }
        w[n++] = (ev_word){a, i};
    }
    return n;
}

size_t ev_lower(const char *s, size_t n, char *buf, size_t cap)
{
    if (n == 0 || n >= cap)
        return 0;
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)tolower((unsigned char)s[i]);
    buf[n] = '\0';
    return n;
}
