/* Tests of the text module: decoding, mojibake repair, footnotes, segmentation and
 * the offset map back to the original bytes.
 *
 * Most cases are data in tests/data/text/cases.tsv (found through INCMAP_TEST_DATA);
 * damaged inputs are produced here from intended text with iconv, so the data file
 * holds no mojibake. The seed report is read from INCMAP_SEED_DIR and never copied
 * into the repository; its test is skipped when the variable is unset. This file
 * does not test im_ctx or the allocation wrappers.
 */
#include <errno.h>
#include <iconv.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "im_test.h"

/* The library allocates with the real allocator (alloc.h); so must the frees here,
 * even if cmocka was asked to redirect them. */
#ifdef UNIT_TESTING
#undef malloc
#undef realloc
#undef calloc
#undef free
#endif

#include "incmap/alloc.h"
#include "incmap/ctx.h"
#include "incmap/text.h"

/* ---- small helpers --------------------------------------------------------------- */

typedef struct sbuf {
    char *p;
    size_t n, cap;
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n)
{
    b->p = im_xgrow(b->p, &b->cap, b->n + n + 1, 1);
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void sb_puts(sbuf *b, const char *s) { sb_put(b, s, strlen(s)); }

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    sbuf b = {0};
    char chunk[65536];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
        sb_put(&b, chunk, k);
    fclose(f);
    if (!b.p)
        sb_put(&b, "", 0);
    *len = b.n;
    return b.p;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* \n \r \t \\ \xHH */
static sbuf unescape(const char *s)
{
    sbuf b = {0};
    sb_put(&b, "", 0);
    for (size_t i = 0; s[i]; i++) {
        char c = s[i];
        if (c == '\\' && s[i + 1]) {
            char e = s[++i];
            if (e == 'n')
                c = '\n';
            else if (e == 'r')
                c = '\r';
            else if (e == 't')
                c = '\t';
            else if (e == 'x' && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
                c = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
                i += 2;
            } else
                c = e;
        }
        sb_put(&b, &c, 1);
    }
    return b;
}

/* Read `in` (UTF-8 bytes) as if they were in `code_page` and write the result as
 * UTF-8: the damage that produced the mojibake. A byte the code page cannot decode
 * is replaced by U+FFFD and skipped, as the tools that made the seed did; with
 * `c1_for_bad`, it becomes the C1 control of the same value instead (cp1252). */
static sbuf damage(const char *in, size_t n, const char *code_page, bool c1_for_bad)
{
    iconv_t cd = iconv_open("UTF-8", code_page);
    assert_true(cd != (iconv_t)-1);
    sbuf b = {0};
    sb_put(&b, "", 0);
    char *ip = (char *)in;
    size_t il = n;
    while (il > 0) {
        char out[256];
        char *op = out;
        size_t ol = sizeof out;
        size_t r = iconv(cd, &ip, &il, &op, &ol);
        sb_put(&b, out, (size_t)(op - out));
        if (r == (size_t)-1 && errno != E2BIG) {
            if (c1_for_bad) {
                unsigned char c = (unsigned char)*ip;
                char u[2] = {(char)(0xC0 | (c >> 6)), (char)(0x80 | (c & 0x3F))};
                sb_put(&b, u, 2);
            } else {
                sb_puts(&b, "\xEF\xBF\xBD");
            }
            ip++;
            il--;
            iconv(cd, NULL, NULL, NULL, NULL);
        }
    }
    iconv_close(cd);
    return b;
}

/* Properties every result must have, whatever the input. */
static void check_invariants(const im_text *t, size_t orig_len)
{
    size_t len;
    const char *d = im_text_data(t, &len);
    assert_non_null(d);
    assert_int_equal(d[len], '\0');
    assert_int_equal(strlen(d), len);
    /* valid UTF-8 */
    iconv_t cd = iconv_open("UTF-16LE", "UTF-8");
    char *ip = (char *)d;
    size_t il = len, ol = len * 2 + 4;
    char *ob = malloc(ol), *op = ob;
    assert_true(iconv(cd, &ip, &il, &op, &ol) != (size_t)-1);
    free(ob);
    iconv_close(cd);
    /* a monotonic offset map onto the whole input */
    size_t step = len > 100000 ? len / 50000 : 1, last = 0, last_end = 0;
    for (size_t i = 0; i < len; i += step) {
        size_t o = im_text_orig_offset(t, i), e = im_text_orig_end(t, i);
        assert_true(o >= last && e >= last_end);
        assert_true(e <= o && o <= orig_len);
        last = o;
        last_end = e;
    }
    assert_int_equal(im_text_orig_offset(t, len), orig_len);
    assert_int_equal(im_text_orig_offset(t, len + 10), orig_len);
    /* nested, ordered segments */
    im_text_stats st = im_text_get_stats(t);
    assert_int_equal(st.paragraphs, im_text_paragraph_count(t));
    assert_int_equal(st.sentences, im_text_sentence_count(t));
    assert_null(im_text_paragraph(t, st.paragraphs));
    assert_null(im_text_sentence(t, st.sentences));
    size_t next_sent = 0, prev_end = 0, notes = 0;
    for (size_t p = 0; p < st.paragraphs; p++) {
        const im_paragraph *pa = im_text_paragraph(t, p);
        assert_true(pa->start < pa->end && pa->end <= len && pa->start >= prev_end);
        assert_int_equal(pa->first_sentence, next_sent);
        for (size_t s = 0; s < pa->n_sentences; s++) {
            const im_sentence *se = im_text_sentence(t, next_sent++);
            assert_int_equal(se->para, p);
            assert_true(se->start >= pa->start && se->start < se->end && se->end <= pa->end);
            notes += se->n_footnotes;
        }
        prev_end = pa->end;
    }
    assert_int_equal(next_sent, st.sentences);
    assert_int_equal(notes, st.footnotes);
}

/* A cursor gives the lone look-ups' answers for clean offsets 0..len+2 asked in
 * increasing order (a cursor for starts, another for ends, as geoparse.c does), then
 * decreasing, then in a scrambled order with one cursor for both kinds. Long texts
 * are sampled in the first two orders. */
static void check_cursor(const im_text *t)
{
    size_t len;
    (void)im_text_data(t, &len);
    size_t top = len + 2, step = len > 100000 ? 7 : 1;
    im_text_cursor starts = IM_TEXT_CURSOR_INIT, ends = IM_TEXT_CURSOR_INIT;
    for (size_t i = 0; i <= top; i += step) {
        assert_int_equal(im_text_cursor_offset(t, &starts, i), im_text_orig_offset(t, i));
        assert_int_equal(im_text_cursor_end(t, &ends, i), im_text_orig_end(t, i));
    }
    for (size_t i = top + 1; i-- > 0; i -= i >= step ? step - 1 : 0) {
        assert_int_equal(im_text_cursor_offset(t, &starts, i), im_text_orig_offset(t, i));
        assert_int_equal(im_text_cursor_end(t, &ends, i), im_text_orig_end(t, i));
    }
    im_text_cursor both = IM_TEXT_CURSOR_INIT;
    uint32_t r = 99;
    for (size_t k = 0; k <= top && k < 200000; k++) {
        r = r * 1103515245u + 12345u;
        /* mostly short hops either way, now and then a jump anywhere */
        size_t i = (r >> 8) % 8 == 0 ? (r >> 12) % (top + 1) : (k + (r >> 16) % 7) % (top + 1);
        assert_int_equal(im_text_cursor_offset(t, &both, i), im_text_orig_offset(t, i));
        assert_int_equal(im_text_cursor_end(t, &both, i), im_text_orig_end(t, i));
    }
}

static im_text *make(im_ctx *ctx, const char *bytes, size_t len)
{
    im_text *t = NULL;
    assert_int_equal(im_text_create(ctx, bytes, len, &t), IM_OK);
    assert_non_null(t);
    check_invariants(t, len);
    check_cursor(t);
    return t;
}

/* Sentences as "a | b {1} || c". */
static sbuf render_sentences(const im_text *t)
{
    sbuf b = {0};
    sb_put(&b, "", 0);
    const char *d = im_text_data(t, NULL);
    for (size_t i = 0; i < im_text_sentence_count(t); i++) {
        const im_sentence *s = im_text_sentence(t, i);
        if (i > 0)
            sb_puts(&b, s->para != im_text_sentence(t, i - 1)->para ? " || " : " | ");
        sb_put(&b, d + s->start, s->end - s->start);
        for (size_t k = 0; k < s->n_footnotes; k++) {
            char num[32];
            snprintf(num, sizeof num, " {%d}", s->footnotes[k]);
            sb_puts(&b, num);
        }
    }
    if (b.n == 0)
        sb_puts(&b, "(none)");
    return b;
}

/* Check "key=value ..." against the stats; returns a message or NULL. */
static const char *stats_mismatch(const im_text_stats *st, const char *spec, char *msg,
                                  size_t cap)
{
    char key[32];
    char val[32];
    const char *p = spec;
    int used;
    while (sscanf(p, " %31[a-z0-9-]=%31s%n", key, val, &used) == 2) {
        p += used;
        if (strcmp(key, "enc") == 0) {
            if (strcmp(val, im_text_encoding_name(st->encoding)) != 0) {
                snprintf(msg, cap, "enc %s, want %s", im_text_encoding_name(st->encoding), val);
                return msg;
            }
            continue;
        }
        size_t want = (size_t)strtoul(val, NULL, 10), got;
        if (strcmp(key, "repairs") == 0)
            got = st->mojibake_repairs;
        else if (strcmp(key, "guessed") == 0)
            got = st->mojibake_guessed;
        else if (strcmp(key, "unrec") == 0)
            got = st->unrecoverable;
        else if (strcmp(key, "fn") == 0)
            got = st->footnotes;
        else if (strcmp(key, "paras") == 0)
            got = st->paragraphs;
        else if (strcmp(key, "sents") == 0)
            got = st->sentences;
        else {
            snprintf(msg, cap, "unknown stats key %s", key);
            return msg;
        }
        if (got != want) {
            snprintf(msg, cap, "%s=%zu, want %zu", key, got, want);
            return msg;
        }
    }
    return NULL;
}

/* ---- data-driven cases -------------------------------------------------------------- */

static void text_cases(void **state)
{
    im_ctx *ctx = *state;
    const char *dir = getenv("INCMAP_TEST_DATA");
    if (!dir)
        IM_SKIP("INCMAP_TEST_DATA is not set");
    char path[4096];
    snprintf(path, sizeof path, "%s/text/cases.tsv", dir);
    size_t len;
    char *data = read_file(path, &len);
    if (!data)
        fail_msg("cannot read %s", path);

    int failures = 0, cases = 0, lineno = 0;
    char *line = data;
    while (line && *line) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        lineno++;
        char *fields[4] = {NULL, NULL, NULL, NULL};
        int nf = 0;
        if (line[0] != '#' && line[0] != '\0') {
            char *p = line;
            fields[nf++] = p;
            while (nf < 4 && (p = strchr(p, '\t')) != NULL) {
                *p++ = '\0';
                fields[nf++] = p;
            }
        }
        if (nf >= 3) {
            cases++;
            const char *kind = fields[0];
            sbuf in = unescape(fields[1]), want = unescape(fields[2]), input = {0};
            if (strcmp(kind, "gbk") == 0)
                input = damage(in.p, in.n, "GBK", false);
            else if (strcmp(kind, "cp1252") == 0)
                input = damage(in.p, in.n, "CP1252", true);
            else
                input = unescape(fields[1]);
            im_text *t = make(ctx, input.p, input.n);
            sbuf got = {0};
            if (strcmp(kind, "sentences") == 0) {
                got = render_sentences(t);
            } else {
                size_t dl;
                const char *d = im_text_data(t, &dl);
                sb_put(&got, d, dl);
            }
            char msg[256];
            im_text_stats st = im_text_get_stats(t);
            const char *bad = nf >= 4 ? stats_mismatch(&st, fields[3], msg, sizeof msg) : NULL;
            if (got.n != want.n || memcmp(got.p, want.p, want.n) != 0) {
                print_error("cases.tsv:%d (%s): got '%s'\n    want '%s'\n", lineno, kind,
                            got.p, want.p);
                failures++;
            } else if (bad) {
                print_error("cases.tsv:%d (%s): %s\n", lineno, kind, bad);
                failures++;
            }
            im_text_destroy(t);
            free(in.p);
            free(want.p);
            free(input.p);
            free(got.p);
        }
        line = nl ? nl + 1 : NULL;
    }
    free(data);
    print_message("text cases: %d run, %d failed\n", cases, failures);
    assert_true(cases > 50);
    assert_int_equal(failures, 0);
}

/* ---- offsets ------------------------------------------------------------------------ */

static size_t find(const char *hay, const char *needle)
{
    const char *p = strstr(hay, needle);
    assert_non_null(p);
    return (size_t)(p - hay);
}

static void text_offsets(void **state)
{
    im_ctx *ctx = *state;
    /* BOM, CRLF, GBK mojibake and a footnote in one input */
    sbuf run = damage("\xE2\x80\x99s", 4, "GBK", false);
    sbuf in = {0};
    sb_puts(&in, "\xEF\xBB\xBF" "Ab\r\nThe group");
    size_t run_at = in.n;
    sb_put(&in, run.p, run.n);
    size_t after_run = in.n;
    sb_puts(&in, " base.12 Next one.");
    im_text *t = make(ctx, in.p, in.n);
    const char *d = im_text_data(t, NULL);
    assert_string_equal(d, "Ab\nThe group\xE2\x80\x99s base. Next one.");
    assert_int_equal(im_text_orig_offset(t, 0), 3);
    assert_int_equal(im_text_orig_offset(t, find(d, "\n")), find(in.p, "\r"));
    assert_int_equal(im_text_orig_offset(t, find(d, "The")), find(in.p, "The"));
    assert_int_equal(im_text_orig_offset(t, find(d, "\xE2\x80\x99")), run_at);
    assert_int_equal(im_text_orig_offset(t, find(d, " base")), after_run);
    assert_int_equal(im_text_orig_offset(t, find(d, " Next")), find(in.p, " Next"));
    assert_int_equal(im_text_orig_offset(t, find(d, ".")), find(in.p, "."));
    const im_sentence *s0 = im_text_sentence(t, 1);
    assert_int_equal(s0->n_footnotes, 1);
    assert_int_equal(s0->footnotes[0], 12);
    /* the sentence's end stops before the footnote digits; a start after it */
    assert_int_equal(im_text_orig_end(t, s0->end), find(in.p, "12"));
    assert_int_equal(im_text_orig_offset(t, s0->end), find(in.p, " Next"));
    assert_int_equal(im_text_orig_end(t, find(d, "group") + 5), run_at);
    assert_int_equal(im_text_orig_end(t, find(d, " base")), after_run);
    im_text_destroy(t);
    free(run.p);
    free(in.p);

    /* UTF-16LE: two bytes per ASCII character */
    static const char u16[] = "\xFF\xFE" "a\0b\0\xAC\x20" "c\0";
    t = make(ctx, u16, sizeof u16 - 1);
    assert_string_equal(im_text_data(t, NULL), "ab\xE2\x82\xAC" "c");
    static const size_t want16[][2] = {{0, 2}, {1, 4}, {2, 6}, {3, 6}, {5, 8}, {6, 10}};
    for (size_t i = 0; i < sizeof want16 / sizeof want16[0]; i++)
        assert_int_equal(im_text_orig_offset(t, want16[i][0]), want16[i][1]);
    im_text_destroy(t);

    /* cp1252: one byte per character */
    t = make(ctx, "x\xE9y z", 5);
    assert_string_equal(im_text_data(t, NULL), "x\xC3\xA9y z");
    static const size_t want1252[][2] = {{0, 0}, {1, 1}, {3, 2}, {4, 3}, {5, 4}, {6, 5}};
    for (size_t i = 0; i < sizeof want1252 / sizeof want1252[0]; i++)
        assert_int_equal(im_text_orig_offset(t, want1252[i][0]), want1252[i][1]);
    im_text_destroy(t);
}

/* Many anchors of every kind in one text: cp1252 (one byte per two-byte character),
 * CRLF, GBK mojibake repaired (runs mapping to one input point), footnotes deleted and
 * footnotes replaced by a space, then the same as UTF-16 with characters outside the
 * BMP. make() compares the cursor with the lone look-ups at every offset. */
static void text_cursor(void **state)
{
    im_ctx *ctx = *state;
    static const char intended[] = "the cell\xE2\x80\x99s \xE2\x80\x9C" "base\xE2\x80\x9D";
    sbuf moj = damage(intended, strlen(intended), "GBK", false);
    sbuf in = {0};
    for (int i = 1; i <= 300; i++) {
        char num[16];
        sb_puts(&in, i % 3 ? "Caf\xE9 in " : "In ");
        sb_put(&in, moj.p, moj.n);
        snprintf(num, sizeof num, "%d", i);
        sb_puts(&in, " fell.");
        sb_puts(&in, num);
        sb_puts(&in, i % 4 ? " Then\r\n" : "The next\r");
    }
    im_text_destroy(make(ctx, in.p, in.n)); /* cp1252: the \xE9 is no UTF-8 */
    free(in.p);

    in = (sbuf){0};
    for (int i = 1; i <= 300; i++) {
        char num[16];
        sb_puts(&in, "Caf\xC3\xA9 ");
        sb_put(&in, moj.p, moj.n);
        snprintf(num, sizeof num, " fell.%d%s", i, i % 2 ? "The " : " So ");
        sb_puts(&in, num);
        sb_puts(&in, i % 5 ? "\r\n" : "\n\n");
    }
    im_text *t = make(ctx, in.p, in.n);
    assert_int_equal(im_text_get_stats(t).encoding, IM_ENC_UTF8);
    assert_true(im_text_get_stats(t).footnotes >= 250);
    im_text_destroy(t);

    /* UTF-16LE with surrogate pairs, CRLF and a footnote glued to a word */
    sbuf u16 = {0};
    sb_put(&u16, "\xFF\xFE", 2);
    for (int i = 0; i < 200; i++) {
        static const char unit[] = "A\0=\0\x3D\xD8\x00\xDE" "b\0.\0" "7\0 \0\r\0\n\0";
        sb_put(&u16, unit, sizeof unit - 1);
    }
    im_text_destroy(make(ctx, u16.p, u16.n));
    free(u16.p);
    free(in.p);
    free(moj.p);
}

/* GBK repair converts each character once and remembers it by code point in a table
 * of 1024 slots: characters whose mojibake shares a slot (U+7709 and U+9709, from ü
 * and ù; U+732B and U+832B, from è and ã), alone and in one run, repeated, must each
 * come back as itself. */
static void repair_characters_sharing_a_slot(void **state)
{
    im_ctx *ctx = *state;
    static const char unit[] = "Z\xC3\xBCrich o\xC3\xB9 \xC3\xBC \xC3\xB9 \xC3\xA8 \xC3\xA3, "
                               "\xC3\xBC\xC3\xB9\xC3\xA8\xC3\xA3 again. ";
    sbuf intended = {0};
    for (int i = 0; i < 50; i++)
        sb_puts(&intended, unit);
    sbuf in = damage(intended.p, intended.n, "GBK", false);
    assert_true(in.n != intended.n || memcmp(in.p, intended.p, in.n) != 0);
    im_text *t = make(ctx, in.p, in.n);
    size_t len;
    const char *d = im_text_data(t, &len);
    assert_int_equal(len, intended.n);
    assert_memory_equal(d, intended.p, len);
    assert_int_equal(im_text_get_stats(t).mojibake_repairs, 50 * 7);
    im_text_destroy(t);
    free(in.p);
    free(intended.p);
}

/* ---- segmentation ------------------------------------------------------------------ */

/* The segmenter passes over eight bytes at a time looking for . ! ?: a terminal in
 * every lane of that scan and in the tail, in runs ("!!", "?!", "..."), and at the
 * very end of a paragraph. */
static void segment_terminal_positions(void **state)
{
    im_ctx *ctx = *state;
    static const char *const terminals[] = {".", "!", "?", "!!", "?!", "..."};
    for (size_t ti = 0; ti < sizeof terminals / sizeof terminals[0]; ti++) {
        const char *term = terminals[ti];
        size_t tl = strlen(term);
        for (size_t k = 1; k < 20; k++) {
            sbuf in = {0};
            for (size_t i = 0; i < k; i++)
                sb_puts(&in, "x");
            sb_puts(&in, term);
            sb_puts(&in, " The end");
            sb_puts(&in, term);
            sb_puts(&in, " yy");
            sb_puts(&in, term); /* ends the paragraph: no successor needed */
            im_text *t = make(ctx, in.p, in.n);
            const char *d = im_text_data(t, NULL);
            /* "The end." is one sentence whose period is followed by lower case */
            assert_int_equal(im_text_sentence_count(t), 2);
            const im_sentence *a = im_text_sentence(t, 0), *b = im_text_sentence(t, 1);
            assert_int_equal(a->start, 0);
            assert_int_equal(a->end, k + tl);
            assert_int_equal(b->start, k + tl + 1);
            assert_int_equal(b->end, in.n);
            assert_memory_equal(d + b->start, "The end", 7);
            im_text_destroy(t);
            free(in.p);
        }
    }
}

/* The footnote scan passes over eight bytes at a time that hold no digit: a note
 * glued at every lane of that scan is still found, and a number in the filler kept. */
static void footnotes_at_every_lane(void **state)
{
    im_ctx *ctx = *state;
    for (size_t k = 0; k < 20; k++) {
        sbuf in = {0};
        sb_puts(&in, "Seen in 1999 by all");
        for (size_t i = 0; i < k; i++)
            sb_puts(&in, "x");
        sb_puts(&in, " fled.3 Then more.4 End.");
        im_text *t = make(ctx, in.p, in.n);
        assert_int_equal(im_text_get_stats(t).footnotes, 2);
        assert_int_equal(im_text_sentence(t, 0)->footnotes[0], 3);
        assert_int_equal(im_text_sentence(t, 1)->footnotes[0], 4);
        assert_non_null(strstr(im_text_data(t, NULL), "in 1999 by"));
        im_text_destroy(t);
        free(in.p);
    }
}

/* Abbreviations, initials, decimals and quotes in one very long paragraph: the
 * sentence count is exact, and every sentence starts where it should. */
static void segment_long_paragraph(void **state)
{
    im_ctx *ctx = *state;
    static const char unit[] = "Gen. Smith met Dr. Jones in St. Louis on Jan. 5 near No. 4, "
                               "3.5 km from the U.S. The group left! Was it \"over?\" Yes. ";
    static const char *const starts[] = {"Gen. Smith", "The group", "Was it", "Yes."};
    size_t reps = 20000;
    sbuf in = {0};
    for (size_t i = 0; i < reps; i++)
        sb_puts(&in, unit);
    im_text *t = make(ctx, in.p, in.n);
    const char *d = im_text_data(t, NULL);
    assert_int_equal(im_text_paragraph_count(t), 1);
    assert_int_equal(im_text_sentence_count(t), reps * 4);
    for (size_t i = 0; i < reps * 4; i++) {
        const im_sentence *s = im_text_sentence(t, i);
        const char *want = starts[i % 4];
        assert_memory_equal(d + s->start, want, strlen(want));
        assert_int_equal(s->start, (i / 4) * (sizeof unit - 1) +
                                       (size_t)(strstr(unit, want) - unit));
    }
    im_text_destroy(t);
    free(in.p);
}

/* ---- robustness -------------------------------------------------------------------- */

static void text_garbage(void **state)
{
    im_ctx *ctx = *state;
    uint32_t seed = 12345;
    for (int round = 0; round < 300; round++) {
        size_t n = (size_t)(round * 7 % 400);
        char *b = im_xmalloc(n + 4);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned v = (seed >> 16) & 0xFF;
            /* bias towards the interesting bytes */
            static const unsigned char pick[] = {0x00, '\r', '\n', '.', '1', 0xE2, 0x80,
                                                 0x9D, 0xEF, 0xBF, 0xBD, 0xE9, 0x88, 0xA5};
            b[i] = (char)((round % 3 == 0) ? pick[v % sizeof pick] : v);
        }
        if (round % 5 == 1 && n >= 2) { /* UTF-16 with garbage */
            b[0] = (char)0xFF;
            b[1] = (char)0xFE;
        }
        im_text *t = make(ctx, b, n);
        im_text_destroy(t);
        free(b);
    }
    /* every byte value once, then the seed's punctuation patterns broken in half */
    char all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (char)i;
    im_text_destroy(make(ctx, all, sizeof all));
    static const char *const frags[] = {"\xE9\x88", "\xE9\x88\xA5", "\xEF\xBF\xBD\xEF\xBF\xBD",
                                        "\xE9\x88\xA5\xEF\xBF\xBD", ".1.2.3", "\xC3\xA2\xE2\x82\xAC"};
    for (size_t i = 0; i < sizeof frags / sizeof frags[0]; i++)
        im_text_destroy(make(ctx, frags[i], strlen(frags[i])));
    /* NULL with no bytes is an empty text; NULL with bytes is refused */
    im_text *t = NULL;
    assert_int_equal(im_text_create(ctx, NULL, 0, &t), IM_OK);
    assert_int_equal(im_text_sentence_count(t), 0);
    im_text_destroy(t);
    assert_int_equal(im_text_create(ctx, NULL, 5, &t), IM_ERR_INPUT);
    assert_null(t);
    assert_int_equal(im_text_create(ctx, "x", IM_TEXT_MAX_INPUT + 1, &t),
                     IM_ERR_INPUT_TOO_LARGE);
    assert_null(t);
    im_text_destroy(NULL);
}

/* A long single line: everything must stay linear. */
static void text_large_line(void **state)
{
    im_ctx *ctx = *state;
    sbuf unit = damage("The cell\xE2\x80\x99s \xE2\x80\x9C" "base\xE2\x80\x9D fell. ", 30,
                       "GBK", false);
    sbuf big = {0};
    size_t reps = 100000;
    for (size_t i = 0; i < reps; i++) {
        sb_put(&big, unit.p, unit.n);
        if (i % 16 == 15) { /* a glued footnote: 1, 2, 3 ... */
            char num[16];
            big.n--; /* drop the space */
            snprintf(num, sizeof num, "%zu ", i / 16 + 1);
            sb_puts(&big, num);
        }
    }
    im_text *t = make(ctx, big.p, big.n);
    im_text_stats st = im_text_get_stats(t);
    assert_int_equal(st.paragraphs, 1);
    assert_int_equal(st.sentences, reps);
    assert_int_equal(st.footnotes, reps / 16);
    assert_int_equal(st.mojibake_repairs, reps * 3);
    im_text_destroy(t);
    free(unit.p);
    free(big.p);
}

/* ---- the seed report ---------------------------------------------------------------- */

static bool is_cjk(uint32_t c) { return (c >= 0x2E80 && c <= 0x9FFF) || c == 0xFFFD; }

static void text_seed(void **state)
{
    im_ctx *ctx = *state;
    const char *dir = getenv("INCMAP_SEED_DIR");
    if (!dir)
        IM_SKIP("INCMAP_SEED_DIR is not set");
    char path[4096];
    snprintf(path, sizeof path, "%s/000_014557cbd6477717.txt", dir);
    size_t len;
    char *orig = read_file(path, &len);
    if (!orig)
        IM_SKIP("the seed report is absent");
    im_text *t = make(ctx, orig, len);
    im_text_stats st = im_text_get_stats(t);
    size_t dl;
    const char *d = im_text_data(t, &dl);
    print_message("seed: %zu bytes, %s, %zu repairs (%zu guessed), %zu unrecoverable, "
                  "%zu footnotes, %zu paragraphs, %zu sentences\n",
                  len, im_text_encoding_name(st.encoding), st.mojibake_repairs,
                  st.mojibake_guessed, st.unrecoverable, st.footnotes, st.paragraphs,
                  st.sentences);
    assert_int_equal(st.encoding, IM_ENC_UTF8);
    assert_int_equal(st.paragraphs, 64);
    assert_true(st.sentences > 200);
    assert_true(st.mojibake_repairs > 250);

    /* CJK is left only in the two italic words (five runs, none long) */
    size_t runs = 0, run_len = 0, longest = 0;
    for (size_t i = 0; i < dl;) {
        unsigned char c = (unsigned char)d[i];
        uint32_t cp = c;
        size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (k == 3)
            cp = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(d[i + 1] & 0x3F) << 6 |
                 (uint32_t)(d[i + 2] & 0x3F);
        if (k == 3 && is_cjk(cp)) {
            if (run_len++ == 0)
                runs++;
            if (run_len > longest)
                longest = run_len;
        } else {
            run_len = 0;
        }
        i += k;
    }
    assert_int_equal(runs, 5);
    assert_true(longest <= 6);
    assert_int_equal(st.unrecoverable, 5);
    assert_non_null(strstr(d, "\xE2\x80\x9C" "Fars\xE2\x80\x9D"));
    assert_non_null(strstr(d, "ISIS\xE2\x80\x91Khorasan"));
    assert_non_null(strstr(d, "\xE2\x80\x9CISIS"));
    assert_non_null(strstr(d, "\xE2\x80\x9CGreater Khurasan\xE2\x80\x9D"));
    assert_null(strstr(d, "prison.72"));

    /* footnotes: rising, about 1..128, "prison." carries 72 */
    int last = 0;
    bool prison72 = false;
    for (size_t i = 0; i < st.sentences; i++) {
        const im_sentence *s = im_text_sentence(t, i);
        for (size_t k = 0; k < s->n_footnotes; k++) {
            assert_true(s->footnotes[k] > last);
            last = s->footnotes[k];
            if (last == 72 && s->end - s->start > 7 &&
                memcmp(d + s->end - 7, "prison.", 7) == 0) {
                prison72 = true;
                assert_int_equal(orig[im_text_orig_end(t, s->end)], '7');
            }
        }
        /* sentence starts and ends map to the same ASCII characters in the input */
        unsigned char c0 = (unsigned char)d[s->start], ce = (unsigned char)d[s->end - 1];
        if (c0 < 0x80)
            assert_int_equal(orig[im_text_orig_offset(t, s->start)], c0);
        if (ce == '.')
            assert_int_equal(orig[im_text_orig_offset(t, s->end - 1)], '.');
    }
    assert_true(prison72);
    assert_true(st.footnotes >= 120 && st.footnotes <= 128);
    assert_int_equal(last, 128);
    im_text_destroy(t);
    free(orig);
}

static int setup(void **state)
{
    *state = im_ctx_create("test_text");
    return 0;
}

static int teardown(void **state)
{
    im_ctx_destroy(*state);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_cases),
        cmocka_unit_test(text_offsets),
        cmocka_unit_test(text_cursor),
        cmocka_unit_test(repair_characters_sharing_a_slot),
        cmocka_unit_test(segment_terminal_positions),
        cmocka_unit_test(segment_long_paragraph),
        cmocka_unit_test(footnotes_at_every_lane),
        cmocka_unit_test(text_garbage),
        cmocka_unit_test(text_large_line),
        cmocka_unit_test(text_seed),
    };
    return im_test_exit(cmocka_run_group_tests_name("text", tests, setup, teardown));
}
