/* Small text helpers the extractor's phases share: the words around a byte, whole-word
 * searches, the first place mention of a sentence, a gazetteer record by id, and an
 * incident's side record (ev_meta). No rule knowledge lives here. */
#include "extract_private.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* Index of the first mention that starts at or after clean byte `pos`. Mentions are
 * in text order (geoparse.h), so a loop over the mentions inside [a, b) starts here and
 * stops at the first one starting at b: its cost is the sentence's mentions, not the
 * document's, which keeps extraction linear in the length of the report. */
size_t ev_first_mention_at(const im_geoparse *gp, size_t pos)
{
    size_t lo = 0, hi = im_geoparse_count(gp);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (im_geoparse_mention(gp, mid)->start < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The word that ends right before byte `pos` (skipping spaces), lower-cased. */
void ev_word_before(const char *s, size_t floor, size_t pos, char *buf, size_t len)
{
    size_t e = pos;
    while (e > floor && (s[e - 1] == ' ' || s[e - 1] == '\t'))
        e--;
    size_t b = e;
    while (b > floor && (isalnum((unsigned char)s[b - 1]) || s[b - 1] == '-'))
        b--;
    size_t n = e - b < len - 1 ? e - b : len - 1;
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)tolower((unsigned char)s[b + i]);
    buf[n] = '\0';
}

/* The word that starts at or after byte `pos` (before `end`), lower-cased. */
void ev_word_after(const char *s, size_t end, size_t pos, char *buf, size_t len)
{
    size_t b = pos;
    while (b < end && !isalnum((unsigned char)s[b]))
        b++;
    size_t e = b;
    while (e < end && (isalnum((unsigned char)s[e]) || s[e] == '-'))
        e++;
    size_t n = e - b < len - 1 ? e - b : len - 1;
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)tolower((unsigned char)s[b + i]);
    buf[n] = '\0';
}

/* Whether `needle` occurs in s[0..len) as whole words, in any case. */
bool ev_contains_ci(const char *s, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (strncasecmp(s + i, needle, n) == 0 &&
            (i == 0 || !isalnum((unsigned char)s[i - 1])) &&
            (i + n == len || !isalnum((unsigned char)s[i + n])))
            return true;
    return false;
}

/* Whether the word(s) `w` stand at byte i of s[0..len), exactly and as whole words. */
bool ev_word_at(const char *s, size_t len, size_t i, const char *w)
{
    size_t n = strlen(w);
    return i + n <= len && !strncmp(s + i, w, n) && (i == 0 || !isalnum((unsigned char)s[i - 1])) &&
           (i + n == len || !isalnum((unsigned char)s[i + n]));
}

im_place ev_place_of(const xstate *x, uint32_t id)
{
    im_place p;
    im_gazetteer_get(x->gz, id, &p);
    return p;
}

ev_meta *ev_meta_of(const xstate *x, const im_incident *inc)
{
    return &x->meta[(size_t)(inc - x->out->items) - x->first];
}
