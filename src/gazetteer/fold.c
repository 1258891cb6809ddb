/* Name folding and transliteration skeletons (see fold.h). Table-driven for the Latin
 * blocks (fold_table.h is generated from Unicode data); everything else is either
 * punctuation we know or a non-Latin letter that marks the key as unusable. */
#include "incmap/fold.h"
#include "fold_table.h"

#include <string.h>

unsigned im_utf8_next(const char *s, size_t len, size_t *i)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t p = *i;
    unsigned c = u[p];
    if (c < 0x80) {
        *i = p + 1;
        return c;
    }
    int n = c >= 0xF5 ? -1 : c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 ? 1 : -1;
    if (n < 0 || p + (size_t)n >= len) {
        *i = p + 1;
        return 0xFFFD;
    }
    unsigned cp = c & (n == 1 ? 0x1F : n == 2 ? 0x0F : 0x07);
    for (int k = 1; k <= n; k++) {
        unsigned b = u[p + (size_t)k];
        if ((b & 0xC0) != 0x80) {
            *i = p + 1;
            return 0xFFFD;
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
        *i = p + 1;
        return 0xFFFD;
    }
    *i = p + (size_t)n + 1;
    return cp;
}

/* What a code point contributes to a key. */
typedef enum { F_DROP, F_SPACE, F_TEXT, F_FOREIGN } fold_kind;

static fold_kind classify(unsigned cp, const char **text)
{
    static char ascii[128][2];
    if (cp < 128) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
            ascii[cp][0] = (char)cp;
            *text = ascii[cp];
            return F_TEXT;
        }
        if (cp >= 'A' && cp <= 'Z') {
            ascii[cp][0] = (char)(cp + 32);
            *text = ascii[cp];
            return F_TEXT;
        }
        if (cp == '\'' || cp == '.' || cp == '`')
            return F_DROP;
        return F_SPACE;
    }
    if (cp >= IM_FOLD_LATIN1_FIRST && cp < IM_FOLD_LATIN1_FIRST + 0x190) {
        *text = im_fold_latin[cp - IM_FOLD_LATIN1_FIRST];
        return **text ? F_TEXT : F_SPACE;
    }
    if (cp >= IM_FOLD_EXTADD_FIRST && cp < IM_FOLD_EXTADD_FIRST + 0x100) {
        *text = im_fold_extadd[cp - IM_FOLD_EXTADD_FIRST];
        return **text ? F_TEXT : F_SPACE;
    }
    switch (cp) {
    case 0x2018: case 0x2019: case 0x201B: case 0x2032: case 0x00B4: case 0x02B9:
    case 0x02BB: case 0x02BC: case 0x02BE: case 0x02BF: case 0x02C8: case 0x0301:
        return F_DROP;
    default:
        break;
    }
    if (cp >= 0x0300 && cp <= 0x036F) /* combining marks */
        return F_DROP;
    if ((cp >= 0x2000 && cp <= 0x206F) || cp == 0x00A0 || cp == 0x3000 ||
        (cp >= 0x00A1 && cp <= 0x00BF) || cp == 0xFFFD)
        return F_SPACE;
    return F_FOREIGN;
}

/* Token rewrites applied after folding: saint forms share one key. */
static const char *rewrite_token(const char *tok, size_t len)
{
    static const struct { const char *from, *to; } rw[] = {
        {"saint", "st"}, {"sankt", "st"}, {"sainte", "ste"}, {"san", NULL},
    };
    for (size_t i = 0; i < sizeof rw / sizeof rw[0]; i++)
        if (rw[i].to && strlen(rw[i].from) == len && memcmp(rw[i].from, tok, len) == 0)
            return rw[i].to;
    return NULL;
}

size_t im_fold(const char *s, size_t len, char out[IM_FOLD_MAX], bool *latin)
{
    size_t o = 0, i = 0, tok_start = 0;
    bool pending_space = false, is_latin = true;
    while (i < len) {
        unsigned cp = im_utf8_next(s, len, &i);
        const char *text = NULL;
        fold_kind k = classify(cp, &text);
        if (k == F_DROP)
            continue;
        if (k == F_FOREIGN) {
            is_latin = false;
            pending_space = o > 0;
            continue;
        }
        if (k == F_SPACE) {
            pending_space = o > 0;
            continue;
        }
        size_t tl = strlen(text);
        if (pending_space) {
            const char *rw = rewrite_token(out + tok_start, o - tok_start);
            if (rw) {
                size_t rl = strlen(rw);
                memcpy(out + tok_start, rw, rl);
                o = tok_start + rl;
            }
            if (o + 1 + tl >= IM_FOLD_MAX)
                break;
            out[o++] = ' ';
            tok_start = o;
            pending_space = false;
        }
        if (o + tl >= IM_FOLD_MAX)
            break;
        memcpy(out + o, text, tl);
        o += tl;
    }
    if (o > tok_start) {
        const char *rw = rewrite_token(out + tok_start, o - tok_start);
        if (rw) {
            size_t rl = strlen(rw);
            memcpy(out + tok_start, rw, rl);
            o = tok_start + rl;
        }
    }
    out[o] = '\0';
    if (latin)
        *latin = is_latin;
    return o;
}

static bool is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* Ezafe and article tokens that transliterations add or drop ("Mazar-i-Sharif",
 * "Mazar-e Sharif", "al-Fallujah"). */
static bool is_link_token(const char *t, size_t n)
{
    static const char *const links[] = {"e", "i", "ye", "yi", "al", "el", "ul", "as", "ash",
                                        "an", "ad", "ar", "az", "at"};
    for (size_t k = 0; k < sizeof links / sizeof links[0]; k++)
        if (strlen(links[k]) == n && memcmp(links[k], t, n) == 0)
            return true;
    return false;
}

size_t im_fold_variant(const char *key, char out[IM_FOLD_MAX])
{
    size_t o = 0, letters = 0;
    const char *p = key;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *t = p;
        while (*p && *p != ' ')
            p++;
        size_t n = (size_t)(p - t);
        if (n == 0 || (is_link_token(t, n) && (t != key || *p)))
            continue;
        for (size_t k = 0; k < n; k++) {
            char c = t[k];
            char next = k + 1 < n ? t[k + 1] : '\0';
            char m;
            if (k == 0 && is_vowel(c)) {
                m = 'a'; /* keep that the token starts with a vowel, not which */
            } else if (is_vowel(c) || (c == 'h' && k > 0) || c == '\'') {
                continue;
            } else if (c == 'q' || c == 'c') {
                m = 'k';
            } else if (c == 'd' && (next == 'j' || next == 'z')) {
                continue; /* dj, dzh → j */
            } else if (c == 'z' && next == 'h') {
                m = 'j';
            } else if (c == 'p' && next == 'h') {
                m = 'f';
            } else if (c == 'w') {
                m = 'v';
            } else {
                m = c;
            }
            if (k > 0 && t[k - 1] == c)
                continue; /* doubled letters: Darrah = Darah */
            if (o + 1 >= IM_FOLD_MAX)
                break;
            out[o++] = m;
            if (m >= 'a' && m <= 'z')
                letters++;
        }
    }
    out[o] = '\0';
    if (letters < 3) {
        out[0] = '\0';
        return 0;
    }
    return o;
}
