/* Segmentation of the clean text into paragraphs and sentences, and the attachment
 * of footnotes to sentences.
 *
 * A paragraph is a non-empty line (reports come one paragraph per line; blank lines
 * also separate). A sentence ends at . ! or ? (possibly repeated, possibly followed
 * by closing quotes or brackets) when whitespace and then a capital, digit, opening
 * quote or bracket follow. A period does not end a sentence after a known
 * abbreviation (Mr., Gen., St., Jan., No., Inc., vs., ...), after an initial
 * ("J. R. Smith") or after a dotted abbreviation (U.S., e.g.), except that a
 * capitalised dotted abbreviation followed by a typical sentence opener ("... the
 * U.S. The group ...") does end one. Decimals never split because no whitespace
 * follows their point. A footnote belongs to the sentence it was glued to: the last
 * one starting before its position.
 *
 * This is a rule-based splitter for English reports, not a general tokenizer: it
 * knows no other language's abbreviations and never looks more than one word ahead.
 */
#include <stdlib.h>
#include <string.h>

#include "incmap/alloc.h"
#include "text_private.h"

typedef struct seg_builder {
    im_segments *seg;
    size_t para_cap, sent_cap;
} seg_builder;

/* A word of a list with its length, so a look-up compares lengths before bytes:
 * every period followed by a capital asks. */
typedef struct listed_word {
    const char *w;
    size_t n;
} listed_word;
#define W(s) {s, sizeof s - 1}

static bool word_in(const char *w, size_t n, const listed_word *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (list[i].n == n && memcmp(list[i].w, w, n) == 0)
            return true;
    return false;
}

static const listed_word abbreviations[] = {
    W("Mr"), W("Mrs"), W("Ms"), W("Mx"), W("Dr"), W("St"), W("Sts"), W("Gen"), W("Lt"),
    W("Col"), W("Maj"), W("Capt"), W("Cpt"), W("Sgt"), W("Adm"), W("Cmdr"), W("Brig"),
    W("Rev"), W("Prof"), W("Sen"), W("Rep"), W("Gov"), W("Pres"), W("Hon"), W("Jan"),
    W("Feb"), W("Mar"), W("Apr"), W("Jun"), W("Jul"), W("Aug"), W("Sep"), W("Sept"),
    W("Oct"), W("Nov"), W("Dec"), W("No"), W("Nos"), W("Inc"), W("Ltd"), W("Co"),
    W("Corp"), W("Bros"), W("Jr"), W("Sr"), W("Mt"), W("Ft"), W("Ave"), W("Dept"),
    W("Univ"), W("vs"), W("v"), W("cf"), W("al"), W("approx"), W("ca"), W("Vol"),
    W("vol"), W("pp"), W("p"), W("Fig"), W("fig"), W("Art"), W("Ch"), W("Sec"),
    W("Para"), W("Nr"), W("Op"), W("Messrs"), W("Mme"), W("Mlle"), W("Gov't"),
};

static const listed_word openers[] = {
    W("The"), W("This"), W("That"), W("These"), W("Those"), W("It"), W("Its"), W("He"),
    W("She"), W("They"), W("We"), W("I"), W("In"), W("On"), W("At"), W("But"),
    W("However"), W("And"), W("A"), W("An"), W("There"), W("His"), W("Her"), W("Their"),
    W("After"), W("Since"), W("While"), W("When"), W("As"), W("Meanwhile"), W("Yet"),
    W("According"),
};
#undef W

/* The position of the first '.', '!' or '?' in t[i, end), or end. Sentence ends are
 * some dozens of bytes apart, so eight bytes are passed over at a time. */
static size_t next_terminal(const char *t, size_t i, size_t end)
{
    for (; i + 8 <= end; i += 8) {
        uint64_t w = im_load8(t + i);
        if (im_has_byte8(w, '.') || im_has_byte8(w, '!') || im_has_byte8(w, '?'))
            break;
    }
    for (; i < end; i++)
        if (t[i] == '.' || t[i] == '!' || t[i] == '?')
            return i;
    return end;
}

static bool is_closer(uint32_t c)
{
    return c == ')' || c == ']' || c == '"' || c == '\'' || c == 0x2019 || c == 0x201D ||
           c == 0xBB;
}

static bool is_opener(uint32_t c)
{
    return c == '"' || c == '\'' || c == '(' || c == '[' || c == 0x201C || c == 0x2018 ||
           c == 0xAB;
}

/* Does the period at `dot` end a sentence whose successor starts at `next`? */
static bool period_ends(const char *t, size_t ps, size_t dot, size_t next, size_t pe)
{
    size_t w = dot;
    while (w > ps && dot - w < 32 &&
           (im_is_alpha((unsigned char)t[w - 1]) || t[w - 1] == '.'))
        w--;
    if (w == dot)
        return true; /* after a digit, bracket, quote... */
    const char *tok = t + w;
    size_t n = dot - w;

    if (memchr(tok, '.', n)) {
        /* dotted: U.S, e.g, U.S.A: single letters separated by periods */
        bool initials = true, upper = true;
        for (size_t i = 0; i < n; i++) {
            bool letter_pos = i % 2 == 0;
            if (letter_pos ? !im_is_alpha((unsigned char)tok[i]) : tok[i] != '.')
                initials = false;
            if (letter_pos && !im_is_upper((unsigned char)tok[i]))
                upper = false;
        }
        if (initials && n % 2 == 1) {
            if (!upper)
                return false;
            size_t e = next;
            while (e < pe && im_is_alpha((unsigned char)t[e]))
                e++;
            bool word_ends = e >= pe || !im_is_alpha((unsigned char)t[e]);
            return word_ends && word_in(t + next, e - next, openers,
                                        sizeof openers / sizeof openers[0]);
        }
        const char *last = memchr(tok, '.', n);
        while (last && memchr(last + 1, '.', (size_t)(tok + n - last - 1)))
            last = memchr(last + 1, '.', (size_t)(tok + n - last - 1));
        n = (size_t)(tok + n - last - 1);
        tok = last + 1;
        w = (size_t)(tok - t);
        if (n == 0)
            return true;
    }
    if (word_in(tok, n, abbreviations, sizeof abbreviations / sizeof abbreviations[0]))
        return false;
    if (n == 1 && im_is_upper((unsigned char)tok[0]) &&
        (w == ps || im_is_space((unsigned char)t[w - 1]) || t[w - 1] == '('))
        return false; /* an initial: J. R. Smith */
    return true;
}

static void add_sentence(seg_builder *b, size_t s, size_t e, size_t para)
{
    im_segments *g = b->seg;
    g->sents = im_xgrow(g->sents, &b->sent_cap, g->n_sents + 1, sizeof *g->sents);
    g->sents[g->n_sents++] = (im_sentence){s, e, para, NULL, 0};
}

static void split_sentences(seg_builder *b, const char *t, size_t ps, size_t pe, size_t para)
{
    size_t s = ps, i = ps;
    while ((i = next_terminal(t, i, pe)) < pe) {
        unsigned char c = (unsigned char)t[i];
        size_t j = i + 1;
        while (j < pe && (t[j] == '.' || t[j] == '!' || t[j] == '?'))
            j++;
        for (;;) {
            uint32_t cp;
            size_t k = im_utf8_get((const unsigned char *)t + j, pe - j, &cp);
            if (k == 0 || !is_closer(cp))
                break;
            j += k;
        }
        if (j >= pe || !im_is_space((unsigned char)t[j])) {
            i = j;
            continue;
        }
        size_t k = j;
        while (k < pe && im_is_space((unsigned char)t[k]))
            k++;
        uint32_t first = 0;
        if (k >= pe || im_utf8_get((const unsigned char *)t + k, pe - k, &first) == 0 ||
            !(im_is_upper_letter(first) || im_is_digit(first) || is_opener(first))) {
            i = j;
            continue;
        }
        if (c == '.' && j == i + 1 && !period_ends(t, ps, i, k, pe)) {
            i = j;
            continue;
        }
        /* ".." or "?!": only a single-period run is checked for abbreviations */
        add_sentence(b, s, j, para);
        s = k;
        i = k;
    }
    if (s < pe)
        add_sentence(b, s, pe, para);
}

void im_text_segment(const char *text, size_t len, const im_footnote *notes,
                     size_t n_notes, im_segments *out)
{
    memset(out, 0, sizeof *out);
    seg_builder b = {out, 0, 0};

    size_t ls = 0;
    while (ls <= len) {
        const char *nl = memchr(text + ls, '\n', len - ls);
        size_t le = nl ? (size_t)(nl - text) : len;
        size_t ps = ls, pe = le;
        while (ps < pe && im_is_space((unsigned char)text[ps]))
            ps++;
        while (pe > ps && im_is_space((unsigned char)text[pe - 1]))
            pe--;
        if (pe > ps) {
            out->paras = im_xgrow(out->paras, &b.para_cap, out->n_paras + 1,
                                  sizeof *out->paras);
            size_t first = out->n_sents;
            split_sentences(&b, text, ps, pe, out->n_paras);
            out->paras[out->n_paras++] =
                (im_paragraph){ps, pe, first, out->n_sents - first};
        }
        if (!nl)
            break;
        ls = le + 1;
    }

    /* footnotes, in text order, to the last sentence starting before them */
    if (n_notes == 0 || out->n_sents == 0)
        return;
    out->fn_values = im_xmalloc(n_notes * sizeof *out->fn_values);
    size_t si = 0;
    for (size_t i = 0; i < n_notes; i++) {
        while (si + 1 < out->n_sents && out->sents[si + 1].start < notes[i].pos)
            si++;
        out->fn_values[i] = notes[i].value;
        im_sentence *st = &out->sents[si];
        if (st->n_footnotes == 0)
            st->footnotes = &out->fn_values[i];
        st->n_footnotes++;
    }
}
