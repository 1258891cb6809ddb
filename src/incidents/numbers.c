/* Numbers as reports write them: digits (with thousands separators), number words up
 * to the thousands ("twenty-three"), and the vague counts ACLED codes by convention.
 * The words and values are in geodata/incidents/numbers.tsv; this file only reads
 * digits and joins "twenty" + "-three". */
#include "incmap/incidents.h"
#include "lex.h"
#include "geodata/incidents/tab_numbers.h"

#include <ctype.h>
#include <string.h>

static const struct tab_numbers *number_row(const char *w, size_t n)
{
    char low[32];
    size_t l = ev_lower(w, n, low, sizeof low);
    return l ? tab_numbers_find(low, l) : NULL;
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
            if (w[i] == ',' && i > 0)
                continue;
            if (!isdigit((unsigned char)w[i]))
                return -1;
            if (v > 100000000)
                return -1;
            v = v * 10 + (w[i] - '0');
        }
        return v;
    }
    const struct tab_numbers *r = number_row(w, n);
    if (r) {
        if (vague)
            *vague = r->vague != 0;
        return r->value;
    }
    /* "twenty-three": a tens word, a hyphen and a unit */
    const char *dash = memchr(w, '-', n);
    if (!dash)
        return -1;
    const struct tab_numbers *t = number_row(w, (size_t)(dash - w));
    const struct tab_numbers *u = number_row(dash + 1, n - (size_t)(dash - w) - 1);
    if (t && t->tens && u && !u->vague && u->value >= 1 && u->value <= 9)
        return t->value + u->value;
    return -1;
}
