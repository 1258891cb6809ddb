/* Stage 3: finding footnote numbers glued to the text and removing them.
 *
 * Reports pasted from PDFs keep their note calls as bare numbers stuck to the
 * preceding word or punctuation: "prison.72", "Syria,23", "takfiri16", ".”74". The
 * recogniser works in two passes:
 *
 * 1. Candidates: a run of 1-4 digits (no leading zero) glued after terminal
 *    punctuation, a comma or semicolon, a closing quote or bracket, or a lowercase
 *    word of three letters or more, and followed by whitespace, punctuation, the end,
 *    or (after terminal punctuation) the capital that starts the next sentence.
 *    Real numbers are excluded by shape: digits after a hyphen, slash, space or
 *    capital letter (F-16, COVID-19, 9/11, A320), decimals and thousands (1.5, 3.2,
 *    1,000: punctuation preceded by a digit, unless that is a four-digit year, as in
 *    "in 2019.45"), numbered abbreviations ("No.5", "pp.12").
 * 2. The chain: note numbers rise through a document. Among the candidates, the
 *    chain of strictly increasing values, each at most MAX_STEP above the previous,
 *    with the greatest weight (candidates after terminal punctuation weigh more) is
 *    kept; everything else is left as text. A chain must start at a value no
 *    greater than MAX_STEP unless it has at least three members.
 *
 * Removed digits vanish from the clean text; when they sat between two words (the
 * "casualties.55The" glue) a single space takes their place. The offset map keeps
 * the original positions. This stage does not decide which sentence a note belongs
 * to; segment.c does. It may write over its own input (im_tbuf_init_over): all
 * reading is done before any writing except the copying of step 3, whose output
 * stays behind the input it has still to copy, since every note removed takes at
 * least one digit and puts back at most one space.
 */
#include <stdlib.h>
#include <string.h>

#include "incmap/alloc.h"
#include "text_private.h"

enum { MAX_STEP = 25, MAX_VALUE = 9999 };

typedef struct cand {
    size_t s, e;  /* digits [s, e) */
    int value;
    int weight;
    bool space;   /* replace by a space (glued to the next word) */
    long best;    /* chain weight ending here */
    long prev;    /* previous candidate in that chain, or -1 */
} cand;

static bool is_closer(uint32_t c)
{
    return c == ')' || c == ']' || c == '"' || c == '\'' || c == 0x2019 || c == 0x201D ||
           c == 0xBB;
}

static bool is_terminal(uint32_t c) { return c == '.' || c == '!' || c == '?'; }

/* Words after which "No.5" style numbers are real numbers. */
static bool numbered_abbrev(const char *w, size_t n)
{
    static const char *const list[] = {"No", "no", "Nos", "nos", "Vol", "vol", "pp", "p",
                                       "Art", "art", "Fig", "fig", "Ch", "ch", "Sec",
                                       "sec", "Para", "para", "Nr", "nr", "Op", "op"};
    for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
        if (strlen(list[i]) == n && memcmp(list[i], w, n) == 0)
            return true;
    return false;
}

/* The digits that end at `end` (exclusive) form a plausible year (1000-2199, not part
 * of a longer number or decimal). */
static bool year_before(const char *t, size_t end)
{
    if (end < 4)
        return false;
    size_t s = end - 4;
    for (size_t i = s; i < end; i++)
        if (!im_is_digit((unsigned char)t[i]))
            return false;
    if (s > 0 && (im_is_digit((unsigned char)t[s - 1]) || t[s - 1] == '.' || t[s - 1] == ','))
        return false;
    int y = atoi(t + s);
    return y >= 1000 && y <= 2199;
}

/* Is t[s, e) (digits) a footnote candidate? Sets weight and space. */
static bool candidate(const char *t, size_t len, size_t s, size_t e, cand *c)
{
    uint32_t before, after = '\n';
    size_t bs = im_utf8_prev(t, s, &before);
    if (s == 0)
        return false;
    bool strong = false;
    if (is_terminal(before) || before == ',' || before == ';') {
        uint32_t b2;
        (void)im_utf8_prev(t, bs, &b2);
        if (im_is_digit(b2)) {
            if (before == '!' || before == '?' || !year_before(t, bs))
                return false;
        } else if (im_is_space(b2) || bs == 0) {
            return false; /* ". 5", a number after detached punctuation */
        } else if (before == '.') {
            /* the word before the period */
            size_t w = bs;
            while (w > 0 && im_is_alpha((unsigned char)t[w - 1]))
                w--;
            if (numbered_abbrev(t + w, bs - w))
                return false;
        }
        strong = is_terminal(before);
    } else if (is_closer(before)) {
        uint32_t b2;
        size_t ws = im_utf8_prev(t, bs, &b2);
        if (im_is_space(b2) || bs == 0)
            return false; /* an opening apostrophe: '99 */
        while (is_closer(b2) && ws > 0)
            ws = im_utf8_prev(t, ws, &b2);
        strong = is_terminal(b2);
        if (before == '\'' && im_is_letter(b2))
            return false; /* rock'n'roll style apostrophes are not closers */
    } else if (im_is_lower(before)) {
        size_t w = s;
        while (w > 0 && im_is_alpha((unsigned char)t[w - 1]))
            w--;
        if (s - w < 3)
            return false;
        for (size_t i = w; i < s; i++)
            if (!im_is_lower((unsigned char)t[i]))
                return false; /* mixed case: a code such as iPhone11 */
        if (w > 0 && (im_is_digit((unsigned char)t[w - 1]) || t[w - 1] == '-'))
            return false;
    } else {
        return false;
    }

    if (e < len)
        (void)im_utf8_get((const unsigned char *)t + e, len - e, &after);
    bool space = false;
    if (e >= len || im_is_space(after)) {
        /* fine */
    } else if (after == '.' || after == ',' || after == ':') {
        if (e + 1 < len && im_is_digit((unsigned char)t[e + 1]))
            return false; /* attack,1.5 */
    } else if (after == ';' || after == '!' || after == '?' || is_closer(after)) {
        /* fine */
    } else if (strong && (im_is_upper_letter(after) || after == 0x201C || after == '"')) {
        space = true; /* "casualties.55The" */
    } else {
        return false;
    }
    c->s = s;
    c->e = e;
    c->weight = strong ? 2 : 1;
    c->space = space;
    return true;
}

void im_text_strip_footnotes(const char *in, size_t len, im_tbuf *out,
                             im_footnote **notes, size_t *n_notes)
{
    cand *cands = NULL;
    size_t n = 0, cap = 0;
    long *tbl_best = NULL, *tbl_idx = NULL;
    bool *keep = NULL;
    *notes = NULL;
    *n_notes = 0;

    /* 1. candidates */
    for (size_t i = 0; i < len;) {
        if (!im_is_digit((unsigned char)in[i])) {
            i++;
            while (i + 8 <= len && !im_has_digit8(im_load8(in + i))) /* no digit: skip */
                i += 8;
            continue;
        }
        size_t e = i;
        while (e < len && im_is_digit((unsigned char)in[e]))
            e++;
        cand c;
        if (e - i <= 4 && in[i] != '0' && candidate(in, len, i, e, &c)) {
            c.value = atoi(in + i);
            cands = im_xgrow(cands, &cap, n + 1, sizeof *cands);
            cands[n++] = c;
        }
        i = e;
    }
    if (n == 0)
        goto emit;

    /* 2. the heaviest rising chain; tbl_* hold, per value, the best chain ending
     * there among the candidates seen so far */
    tbl_best = im_xcalloc(MAX_VALUE + 1, sizeof *tbl_best);
    tbl_idx = im_xcalloc(MAX_VALUE + 1, sizeof *tbl_idx);
    long top = -1;
    for (size_t i = 0; i < n; i++) {
        cand *c = &cands[i];
        long best = 0, prev = -1;
        int lo = c->value - MAX_STEP < 1 ? 1 : c->value - MAX_STEP;
        for (int v = lo; v < c->value; v++)
            if (tbl_best[v] > best) {
                best = tbl_best[v];
                prev = tbl_idx[v];
            }
        c->best = best + c->weight;
        c->prev = prev;
        if (c->best >= tbl_best[c->value]) {
            tbl_best[c->value] = c->best;
            tbl_idx[c->value] = (long)i;
        }
        if (top < 0 || c->best >= cands[top].best)
            top = (long)i;
    }
    keep = im_xcalloc(n, sizeof *keep);
    size_t members = 0;
    long first = -1;
    for (long i = top; i >= 0; i = cands[i].prev) {
        keep[i] = true;
        members++;
        first = i;
    }
    if (cands[first].value > MAX_STEP && members < 3)
        memset(keep, 0, n * sizeof *keep);

emit:
    /* 3. the text without the kept candidates */
    {
        size_t pos = 0, cap_notes = 0;
        for (size_t i = 0; i < n; i++) {
            if (!keep[i])
                continue;
            im_tbuf_copy(out, in + pos, cands[i].s - pos, pos);
            *notes = im_xgrow(*notes, &cap_notes, *n_notes + 1, sizeof **notes);
            (*notes)[(*n_notes)++] = (im_footnote){out->len, cands[i].value};
            if (cands[i].space)
                im_tbuf_emit(out, " ", 1, cands[i].s, 0, 1);
            pos = cands[i].e;
        }
        im_tbuf_copy(out, in + pos, len - pos, pos);
    }
    free(cands);
    free(tbl_best);
    free(tbl_idx);
    free(keep);
}
