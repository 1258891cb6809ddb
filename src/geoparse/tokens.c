/* Word tokens for the geoparser: runs of letters and digits with inner apostrophes
 * (Shi'a, Qur'an), dotted abbreviations (U.S., St.), possessives split off as a flag,
 * hyphens as separators (US-led → US | led), and what separates each token from the
 * next. Capitalisation is recorded, not interpreted: recognise.c decides what a
 * capital letter means. Plain ASCII takes a fast path; word classes are looked up
 * only when recognition asks (gp_token_classes). */
#include "geoparse_private.h"
#include "incmap/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ASCII letters and digits, for the tokenizer's fast loop. */
static const bool ascii_word[256] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
    ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
    ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1,
    ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1,
    ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
    ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1,
    ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
};

static bool is_word_cp(unsigned cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7)
        return false;
    if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
        (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF0F) || cp == 0xFFFD)
        return false;
    return true;
}

static bool is_upper_cp(unsigned cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    if (cp >= 0xC0 && cp <= 0xDE)
        return cp != 0xD7;
    if (cp >= 0x100 && cp <= 0x17F) {
        if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
            return cp % 2 == 1;
        return cp % 2 == 0 && cp != 0x138;
    }
    if (cp >= 0x1E00 && cp <= 0x1EFF)
        return cp % 2 == 0;
    if (cp >= 0x410 && cp <= 0x42F)
        return true;
    return false;
}

static bool is_apostrophe(unsigned cp)
{
    return cp == '\'' || cp == 0x2019 || cp == 0x02BC;
}

static unsigned peek(const char *s, size_t len, size_t pos, size_t *next)
{
    if (pos < len && (unsigned char)s[pos] < 0x80) { /* ASCII: no decoding */
        if (next)
            *next = pos + 1;
        return (unsigned char)s[pos];
    }
    size_t i = pos;
    unsigned cp = pos < len ? im_utf8_next(s, len, &i) : 0;
    if (next)
        *next = i;
    return cp;
}

static gp_gap classify_gap(const char *s, size_t from, size_t to)
{
    if (to == from + 1 && s[from] == ' ') /* the usual case */
        return GAP_SPACE;
    bool comma = false, open = false, close = false, other = false;
    size_t hyphens = 0, spaces = 0;
    for (size_t i = from; i < to;) {
        unsigned cp = im_utf8_next(s, to, &i);
        if (cp == ' ' || cp == '\t' || cp == 0xA0)
            spaces++;
        else if (cp == '-' || cp == 0x2010 || cp == 0x2011)
            hyphens++;
        else if (cp == ',')
            comma = true;
        else if (cp == '(' || cp == '[' || cp == 0x201C || cp == 0x2018 || cp == '"' ||
                 cp == '\'')
            open = true;
        else if (cp == ')' || cp == ']' || cp == 0x201D || cp == 0x2019)
            close = true;
        else
            other = true;
    }
    if (other)
        return GAP_OTHER;
    if (hyphens == 1 && spaces == 0 && !comma && !open && !close)
        return GAP_HYPHEN;
    if (hyphens)
        return GAP_OTHER;
    if (comma && !open && !close)
        return GAP_COMMA;
    if (open && !close)
        return GAP_OPEN;
    if (close && !open && !comma)
        return GAP_CLOSE;
    if (open || close || comma)
        return GAP_OTHER;
    return GAP_SPACE;
}

/* Extend a single capital letter followed by ".X." into a dotted abbreviation. */
static size_t dotted_abbrev_end(const char *s, size_t len, size_t start, size_t end)
{
    if (end != start + 1 || !(s[start] >= 'A' && s[start] <= 'Z'))
        return 0;
    size_t p = end, groups = 0;
    while (p + 1 < len && s[p] == '.' && s[p + 1] >= 'A' && s[p + 1] <= 'Z' &&
           (p + 2 >= len || s[p + 2] == '.' || s[p + 2] == ' ')) {
        p += 2;
        groups++;
    }
    if (groups == 0)
        return 0;
    if (p < len && s[p] == '.')
        p++;
    return p;
}

static unsigned cached_classes(gp_tokens *toks, gp_token *t)
{
    if (!toks->memo)
        return gp_word_classes(t->lower);
    gp_key_facts *f = gp_memo_get(toks->memo, t->lower);
    if (!(f->known & KEY_CLASSES)) {
        f->classes = gp_word_classes(t->lower);
        f->known |= KEY_CLASSES;
    }
    t->facts = f;
    return f->classes;
}

void gp_tokens_free(gp_tokens *toks)
{
    free(toks->items);
    memset(toks, 0, sizeof *toks);
}

/* im_fold of one token, with a fast path for plain ASCII letters and digits, which
 * fold to themselves in lower case (except the saint forms im_fold rewrites). */
static size_t fold_word(const char *s, size_t n, char key[IM_FOLD_MAX])
{
    if (n < 48) {
        size_t i = 0;
        for (; i < n; i++) {
            char c = s[i];
            if (c >= 'A' && c <= 'Z')
                key[i] = (char)(c - 'A' + 'a');
            else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
                key[i] = c;
            else
                break;
        }
        key[i] = '\0';
        if (i == n && !(n >= 2 && key[0] == 's' && key[1] == 'a'))
            return n;
    }
    return im_fold(s, n, key, NULL);
}

unsigned gp_token_classes(gp_tokens *toks, size_t i)
{
    gp_token *t = &toks->items[i];
    if (!(t->flags & TOK_CLASSED)) {
        t->classes = cached_classes(toks, t);
        t->flags |= TOK_CLASSED;
    }
    return t->classes;
}

/* Flags and folded form of a token of plain ASCII letters and digits, in one pass;
 * false (and nothing decided) for anything else, or for the saint forms im_fold
 * rewrites. */
static bool finish_ascii_token(const char *s, gp_token *t)
{
    size_t n = t->core_end - t->start;
    if (n >= sizeof t->lower)
        return false;
    size_t upper = 0, lower = 0, digit = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[t->start + i];
        if (c >= 'A' && c <= 'Z') {
            upper++;
            t->lower[i] = (char)(c - 'A' + 'a');
        } else if (c >= 'a' && c <= 'z') {
            lower++;
            t->lower[i] = (char)c;
        } else if (c >= '0' && c <= '9') {
            digit++;
            t->lower[i] = (char)c;
        } else {
            return false;
        }
    }
    if (n >= 2 && t->lower[0] == 's' && t->lower[1] == 'a')
        return false;
    t->lower[n] = '\0';
    t->lower_len = (unsigned char)n;
    unsigned char c0 = (unsigned char)s[t->start];
    if (c0 >= 'A' && c0 <= 'Z')
        t->flags |= TOK_CAP;
    else if (c0 >= 'a' && c0 <= 'z')
        t->flags |= TOK_LOWER;
    if (upper && !lower && upper >= 2)
        t->flags |= TOK_ALLCAPS;
    if (digit)
        t->flags |= TOK_DIGIT;
    return true;
}

static void finish_token(const char *s, gp_token *t)
{
    if (finish_ascii_token(s, t))
        return;
    size_t n = t->core_end - t->start;
    bool any_lower = false, any_upper = false, any_digit = false;
    size_t letters = 0;
    for (size_t i = t->start; i < t->core_end;) {
        unsigned cp = peek(s, t->core_end, i, &i);
        if (cp >= '0' && cp <= '9')
            any_digit = true;
        else if (is_upper_cp(cp))
            any_upper = true, letters++;
        else if (is_word_cp(cp))
            any_lower = true, letters++;
    }
    unsigned cp0 = peek(s, t->core_end, t->start, NULL);
    if (is_upper_cp(cp0))
        t->flags |= TOK_CAP;
    else if (is_word_cp(cp0) && !(cp0 >= '0' && cp0 <= '9'))
        t->flags |= TOK_LOWER;
    if (any_upper && !any_lower && letters >= 2)
        t->flags |= TOK_ALLCAPS;
    if (any_digit)
        t->flags |= TOK_DIGIT;
    char key[IM_FOLD_MAX];
    size_t kl = fold_word(s + t->start, n, key);
    if (kl >= sizeof t->lower)
        kl = sizeof t->lower - 1;
    memcpy(t->lower, key, kl);
    t->lower[kl] = '\0';
    t->lower_len = (unsigned char)kl;
}

void gp_tokenize(const im_text *text, size_t first, size_t end_sentence, gp_tokens *out)
{
    size_t len;
    const char *s = im_text_data(text, &len);
    size_t n_sent = im_text_sentence_count(text);
    if (end_sentence > n_sent)
        end_sentence = n_sent;
    for (size_t si = first; si < end_sentence; si++) {
        const im_sentence *sent = im_text_sentence(text, si);
        size_t pos = sent->start, end = sent->end < len ? sent->end : len;
        size_t first_in_sentence = out->n;
        bool after_open = false;
        while (pos < end) {
            size_t next;
            unsigned cp = peek(s, end, pos, &next);
            if (!is_word_cp(cp)) {
                if (cp == 0x201C || cp == '"' || cp == 0x2018)
                    after_open = true;
                pos = next;
                continue;
            }
            gp_token t;
            memset(&t, 0, sizeof t);
            t.start = pos;
            t.sentence = si;
            pos = next;
            for (;;) {
                while (pos < end && ascii_word[(unsigned char)s[pos]])
                    pos++;
                unsigned c = peek(s, end, pos, &next);
                if (pos < end && is_word_cp(c)) {
                    pos = next;
                    continue;
                }
                size_t after;
                if (pos < end && is_apostrophe(c) && is_word_cp(peek(s, end, next, &after))) {
                    pos = after;
                    continue;
                }
                break;
            }
            t.end = t.core_end = pos;
            size_t ab = dotted_abbrev_end(s, end, t.start, t.end);
            if (ab) {
                t.end = t.core_end = ab;
                t.flags |= TOK_ABBREV;
                pos = ab;
            } else if (pos < end && s[pos] == '.' && pos + 2 < end && s[pos + 1] == ' ' &&
                       s[pos + 2] >= 'A' && s[pos + 2] <= 'Z' && t.end - t.start <= 3) {
                char w[4] = {0};
                memcpy(w, s + t.start, t.end - t.start);
                if (!strcmp(w, "St") || !strcmp(w, "Mt") || !strcmp(w, "Ft") ||
                    !strcmp(w, "Ste")) {
                    t.end = t.core_end = pos + 1;
                    t.flags |= TOK_ABBREV;
                    pos++;
                }
            }
            /* possessives: X's / X’s, and Xs' / Xs’ */
            size_t tl = t.core_end - t.start;
            if (tl > 3 && s[t.core_end - 1] == 's' && s[t.core_end - 2] == '\'') {
                t.core_end -= 2;
                t.flags |= TOK_POSS;
            } else if (tl > 5 && s[t.core_end - 1] == 's' &&
                       memcmp(s + t.core_end - 4, "\xE2\x80\x99", 3) == 0) {
                t.core_end -= 4;
                t.flags |= TOK_POSS;
            } else if (pos < end && s[t.core_end - 1] == 's') {
                size_t after;
                unsigned c = peek(s, end, pos, &after);
                if (is_apostrophe(c) && !is_word_cp(peek(s, end, after, NULL))) {
                    t.flags |= TOK_POSS;
                    t.end = pos = after;
                }
            }
            finish_token(s, &t);
            if (out->n == first_in_sentence || after_open)
                t.flags |= TOK_SENT_START;
            after_open = false;
            if (out->n > first_in_sentence)
                out->items[out->n - 1].gap_after = classify_gap(s, out->items[out->n - 1].end,
                                                                t.start);
            out->items = im_xgrow(out->items, &out->cap, out->n + 1, sizeof *out->items);
            out->items[out->n++] = t;
        }
        if (out->n > first_in_sentence)
            out->items[out->n - 1].gap_after = GAP_OTHER;
    }
}
