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

/* Per ASCII byte: what finish_ascii_token needs to know (0: not a letter or digit). */
enum { A_UPPER = 1, A_LOWER = 2, A_DIGIT = 4 };
static const unsigned char ascii_kind[256] = {
    ['0'] = A_DIGIT, ['1'] = A_DIGIT, ['2'] = A_DIGIT, ['3'] = A_DIGIT, ['4'] = A_DIGIT,
    ['5'] = A_DIGIT, ['6'] = A_DIGIT, ['7'] = A_DIGIT, ['8'] = A_DIGIT, ['9'] = A_DIGIT,
    ['A'] = A_UPPER, ['B'] = A_UPPER, ['C'] = A_UPPER, ['D'] = A_UPPER, ['E'] = A_UPPER,
    ['F'] = A_UPPER, ['G'] = A_UPPER, ['H'] = A_UPPER, ['I'] = A_UPPER, ['J'] = A_UPPER,
    ['K'] = A_UPPER, ['L'] = A_UPPER, ['M'] = A_UPPER, ['N'] = A_UPPER, ['O'] = A_UPPER,
    ['P'] = A_UPPER, ['Q'] = A_UPPER, ['R'] = A_UPPER, ['S'] = A_UPPER, ['T'] = A_UPPER,
    ['U'] = A_UPPER, ['V'] = A_UPPER, ['W'] = A_UPPER, ['X'] = A_UPPER, ['Y'] = A_UPPER,
    ['Z'] = A_UPPER, ['a'] = A_LOWER, ['b'] = A_LOWER, ['c'] = A_LOWER, ['d'] = A_LOWER,
    ['e'] = A_LOWER, ['f'] = A_LOWER, ['g'] = A_LOWER, ['h'] = A_LOWER, ['i'] = A_LOWER,
    ['j'] = A_LOWER, ['k'] = A_LOWER, ['l'] = A_LOWER, ['m'] = A_LOWER, ['n'] = A_LOWER,
    ['o'] = A_LOWER, ['p'] = A_LOWER, ['q'] = A_LOWER, ['r'] = A_LOWER, ['s'] = A_LOWER,
    ['t'] = A_LOWER, ['u'] = A_LOWER, ['v'] = A_LOWER, ['w'] = A_LOWER, ['x'] = A_LOWER,
    ['y'] = A_LOWER, ['z'] = A_LOWER,
};

/* Where the run of ASCII letters and digits that starts at u[pos] ends (at most at
 * `end`), with the ascii_kind bits met on the way added to *seen. Eight bytes at a
 * time where the byte order allows: a word's end was a mispredicted branch per token
 * when found letter by letter. */
static size_t ascii_run_end(const unsigned char *u, size_t pos, size_t end, unsigned *seen)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t high = 0x8080808080808080u, ones = 0x0101010101010101u;
    while (pos + 8 <= end) {
        uint64_t w;
        memcpy(&w, u + pos, 8);
        /* per byte, with bit 7 forced on so nothing borrows across bytes: bit 7 of
           x - c*ones survives where the byte's low seven bits are >= c */
        uint64_t x = w | high, ascii = ~w & high;
        uint64_t digit = (x - ones * '0') & ~(x - ones * ('9' + 1)) & ascii;
        uint64_t upper = (x - ones * 'A') & ~(x - ones * ('Z' + 1)) & ascii;
        uint64_t lower = (x - ones * 'a') & ~(x - ones * ('z' + 1)) & ascii;
        uint64_t other = ~(digit | upper | lower) & high;
        /* the bytes before the first that is neither (byte 0 is the lowest) */
        unsigned n = other ? (unsigned)__builtin_ctzll(other) / 8 : 8;
        uint64_t before = n == 8 ? ~(uint64_t)0 : ((uint64_t)1 << (8 * n)) - 1;
        *seen |= ((digit & before) ? A_DIGIT : 0) | ((upper & before) ? A_UPPER : 0) |
                 ((lower & before) ? A_LOWER : 0);
        pos += n;
        if (n < 8)
            return pos;
    }
#endif
    unsigned k;
    while (pos < end && (k = ascii_kind[u[pos]]) != 0) {
        *seen |= k;
        pos++;
    }
    return pos;
}

/* Flags of a token whose core is one run of plain ASCII letters and digits that the
 * scan has already folded into t->lower (`seen`: the ascii_kind bits met); false (and
 * nothing decided) for the saint forms im_fold rewrites, or a core too long. */
static bool finish_ascii_token(const char *s, gp_token *t, unsigned seen)
{
    size_t n = t->core_end - t->start;
    if (n >= sizeof t->lower)
        return false;
    if (n >= 2 && t->lower[0] == 's' && t->lower[1] == 'a')
        return false;
    t->lower[n] = '\0';
    t->lower_len = (unsigned char)n;
    const unsigned char *in = (const unsigned char *)s + t->start;
    unsigned k0 = ascii_kind[in[0]];
    if (k0 == A_UPPER)
        t->flags |= TOK_CAP;
    else if (k0 == A_LOWER)
        t->flags |= TOK_LOWER;
    if (!(seen & A_LOWER) && (seen & A_UPPER)) { /* count capitals only when it matters */
        size_t upper = 0;
        for (size_t i = 0; i < n; i++)
            upper += ascii_kind[in[i]] == A_UPPER;
        if (upper >= 2)
            t->flags |= TOK_ALLCAPS;
    }
    if (seen & A_DIGIT)
        t->flags |= TOK_DIGIT;
    return true;
}

/* `ascii_run`: how many bytes from the start the scan folded (ASCII letters and
 * digits), with the ascii_kind bits `seen` there. */
static void finish_token(const char *s, gp_token *t, size_t ascii_run, unsigned seen)
{
    if (ascii_run == t->core_end - t->start && finish_ascii_token(s, t, seen))
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
            unsigned char b = (unsigned char)s[pos];
            if (b < 0x80 && !ascii_word[b]) { /* ASCII space and punctuation */
                if (b == '"')
                    after_open = true;
                pos++;
                continue;
            }
            next = pos + 1;
            if (b >= 0x80) { /* an ASCII letter or digit starts a word without decoding */
                unsigned cp = peek(s, end, pos, &next);
                if (!is_word_cp(cp)) {
                    if (cp == 0x201C || cp == '"' || cp == 0x2018)
                        after_open = true;
                    pos = next;
                    continue;
                }
            }
            /* built in place: a token is large, and copying it cost more than filling it */
            if (out->n == out->cap)
                out->items = im_xgrow(out->items, &out->cap, out->n + 1, sizeof *out->items);
            gp_token *tp = &out->items[out->n];
            memset(tp, 0, offsetof(gp_token, lower));
            tp->lower[0] = '\0';
            tp->start = pos;
            tp->sentence = si;
            /* the leading run of ASCII letters and digits is scanned and folded here:
               for most tokens that run is the whole core, and finish_token need not
               look at the letters again */
            const unsigned char *u = (const unsigned char *)s;
            unsigned seen = 0;
            pos = ascii_run_end(u, pos, end, &seen);
            size_t run = pos - tp->start, fold = run < sizeof tp->lower ? run : sizeof tp->lower;
            /* setting bit 0x20 lowers A-Z and keeps a-z and 0-9: eight bytes at a time,
               the last eight whole when the text goes on that far (the bytes folded past
               the run are overwritten or lie past the NUL that ends `lower`) */
            size_t i = 0, whole = (fold + 7) & ~(size_t)7;
            if (tp->start + whole > len)
                whole = fold & ~(size_t)7;
            for (; i < whole; i += 8) {
                uint64_t w;
                memcpy(&w, u + tp->start + i, 8);
                w |= 0x2020202020202020u;
                memcpy(tp->lower + i, &w, 8);
            }
            for (; i < fold; i++)
                tp->lower[i] = (char)(u[tp->start + i] | 0x20);
            if (run == 0)
                pos = next;
            for (;;) {
                while (pos < end && ascii_word[(unsigned char)s[pos]])
                    pos++;
                /* ASCII space or punctuation ends the word unless it is an apostrophe
                   (Shi'a): the usual case, decided without decoding */
                if (pos >= end || (u[pos] < 0x80 && u[pos] != '\''))
                    break;
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
            tp->end = tp->core_end = pos;
            size_t ab = dotted_abbrev_end(s, end, tp->start, tp->end);
            if (ab) {
                tp->end = tp->core_end = ab;
                tp->flags |= TOK_ABBREV;
                pos = ab;
            } else if (pos < end && s[pos] == '.' && pos + 2 < end && s[pos + 1] == ' ' &&
                       s[pos + 2] >= 'A' && s[pos + 2] <= 'Z' && tp->end - tp->start <= 3) {
                char w[4] = {0};
                memcpy(w, s + tp->start, tp->end - tp->start);
                if (!strcmp(w, "St") || !strcmp(w, "Mt") || !strcmp(w, "Ft") ||
                    !strcmp(w, "Ste")) {
                    tp->end = tp->core_end = pos + 1;
                    tp->flags |= TOK_ABBREV;
                    pos++;
                }
            }
            /* possessives: X's / X’s, and Xs' / Xs’ */
            size_t tl = tp->core_end - tp->start;
            if (tl > 3 && s[tp->core_end - 1] == 's' && s[tp->core_end - 2] == '\'') {
                tp->core_end -= 2;
                tp->flags |= TOK_POSS;
            } else if (tl > 5 && s[tp->core_end - 1] == 's' &&
                       memcmp(s + tp->core_end - 4, "\xE2\x80\x99", 3) == 0) {
                tp->core_end -= 4;
                tp->flags |= TOK_POSS;
            } else if (pos < end && s[tp->core_end - 1] == 's') {
                size_t after;
                unsigned c = peek(s, end, pos, &after);
                if (is_apostrophe(c) && !is_word_cp(peek(s, end, after, NULL))) {
                    tp->flags |= TOK_POSS;
                    tp->end = pos = after;
                }
            }
            finish_token(s, tp, run, seen);
            if (out->n == first_in_sentence || after_open)
                tp->flags |= TOK_SENT_START;
            after_open = false;
            if (out->n > first_in_sentence)
                out->items[out->n - 1].gap_after = classify_gap(s, out->items[out->n - 1].end,
                                                                tp->start);
            out->n++;
        }
        if (out->n > first_in_sentence)
            out->items[out->n - 1].gap_after = GAP_OTHER;
    }
}
