/* Tests of the text module's internal short cuts, against the long way round: the
 * eight-byte scans' tests against byte-wise ones, that input which
 * im_text_decode_is_identity lets through unread is exactly what decoding would have
 * written (with the same offset map), and that footnotes stripped over their own
 * input buffer (im_tbuf_init_over) give the text, map and notes of a separate output
 * buffer. Inputs are generated here from a fixed seed, biased to the
 * bytes each stage treats specially. The stages' linguistic behaviour is tested
 * through the public API in test_text.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#ifdef UNIT_TESTING
#undef malloc
#undef realloc
#undef calloc
#undef free
#endif

#include "incmap/alloc.h"
#include "src/text/text_private.h"

static uint32_t next_random(uint32_t *state)
{
    *state = *state * 1103515245u + 12345u;
    return *state >> 8;
}

static void assert_same_map(const im_offmap *a, const im_offmap *b)
{
    assert_int_equal(a->n, b->n);
    assert_int_equal(a->in_len, b->in_len);
    for (size_t i = 0; i < a->n; i++) {
        assert_int_equal(a->anchors[i].out, b->anchors[i].out);
        assert_int_equal(a->anchors[i].in, b->anchors[i].in);
        assert_int_equal(a->anchors[i].num, b->anchors[i].num);
        assert_int_equal(a->anchors[i].den, b->anchors[i].den);
    }
}

/* The short cut holds exactly when decoding would change nothing. */
static void check_identity(const char *in, size_t len)
{
    im_tbuf dec;
    im_text_encoding enc;
    im_tbuf_init(&dec, len);
    im_text_decode(in, len, &dec, &enc);
    im_tbuf_finish(&dec, len);
    bool unchanged = enc == IM_ENC_UTF8 && dec.len == len && memcmp(dec.data, in, len) == 0;
    assert_int_equal(im_text_decode_is_identity(in, len), unchanged);
    if (unchanged) {
        im_offmap id;
        im_offmap_identity(&id, len);
        assert_same_map(&id, &dec.map);
        im_offmap_free(&id);
    }
    im_tbuf_free_data(&dec);
    im_offmap_free(&dec.map);
}

static void decode_identity(void **state)
{
    (void)state;
    static const char *const fixed[] = {
        "", "a", "plain ASCII text of some length, past eight bytes.\n",
        "caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D \xF0\x9F\x98\x80 end",
        "\xEF\xBB\xBF" "after a BOM", "twelve bytes\r\nthen CRLF", "cr at the end\r",
        "\rfirst", "over\xC0\xAFlong", "lone \x80 continuation", "cut \xE2\x80",
        "surrogate \xED\xA0\x80", "\xFF\xFE" "a\0", "\xFE\xFF\0a", "cp1252 caf\xE9 here",
    };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        check_identity(fixed[i], strlen(fixed[i]));
    check_identity("nul\0inside a long line", 23);
    /* every special byte at every position of a 24-byte line, so each lands in each
       lane of the eight-byte scan and in the tail */
    static const char specials[] = {'\r', '\0', (char)0x80, (char)0xC3, (char)0xFF};
    for (size_t k = 0; k < sizeof specials; k++) {
        for (size_t pos = 0; pos < 27; pos++) {
            char line[27];
            memset(line, 'x', sizeof line);
            line[pos] = specials[k];
            check_identity(line, sizeof line);
        }
    }
    uint32_t seed = 7;
    static const unsigned char pick[] = {'a', ' ', '\n', '\r', 0, 0xC3, 0xA9, 0xE2, 0x80,
                                         0x9C, 0xEF, 0xBB, 0xBF, 0xF0, 0x9F, 0x98};
    for (int round = 0; round < 2000; round++) {
        char b[64];
        size_t n = next_random(&seed) % sizeof b;
        bool mostly_plain = round % 2 == 0;
        for (size_t i = 0; i < n; i++) {
            uint32_t v = next_random(&seed);
            b[i] = (char)(mostly_plain && v % 16 ? 'a' + v % 26 : pick[v % sizeof pick]);
        }
        check_identity(b, n);
    }
}

/* Strip the footnotes of `text` into a separate buffer and over a copy of the input
 * itself; both must agree on everything. The stage's input is always a finished
 * buffer, NUL-terminated (it reads numbers with atoi), and so are both copies here. */
static void check_in_place(const char *text, size_t len)
{
    char *in = im_xstrndup(text, len);
    assert_int_equal(strlen(in), len);
    im_tbuf apart;
    im_footnote *notes_apart = NULL, *notes_over = NULL;
    size_t n_apart = 0, n_over = 0;
    im_tbuf_init(&apart, len);
    im_text_strip_footnotes(in, len, &apart, &notes_apart, &n_apart);
    im_tbuf_finish(&apart, len);

    char *storage = im_xstrndup(text, len);
    im_tbuf over;
    im_tbuf_init_over(&over, storage, len + 1);
    im_text_strip_footnotes(storage, len, &over, &notes_over, &n_over);
    im_tbuf_finish(&over, len);

    assert_ptr_equal(over.data, storage); /* never grew out of its input */
    assert_int_equal(over.len, apart.len);
    assert_memory_equal(over.data, apart.data, apart.len + 1);
    assert_same_map(&over.map, &apart.map);
    assert_int_equal(n_over, n_apart);
    for (size_t i = 0; i < n_apart; i++) {
        assert_int_equal(notes_over[i].pos, notes_apart[i].pos);
        assert_int_equal(notes_over[i].value, notes_apart[i].value);
    }
    free(in);
    free(notes_apart);
    free(notes_over);
    im_tbuf_free_data(&apart);
    im_offmap_free(&apart.map);
    im_tbuf_free_data(&over);
    im_offmap_free(&over.map);
}

static void footnotes_in_place(void **state)
{
    (void)state;
    /* notes deleted, notes replaced by a space ("fell.3The"), real numbers kept */
    check_in_place("He fled.1 Then came.2 More.3The end.4 F-16 jets in 2019.5 Done.6", 64);
    check_in_place("casualties.55The attack,1.5 miles away.56 No.5 is no note.", 58);
    char text[8192];
    size_t n = 0;
    for (int i = 1; i <= 400 && n + 40 < sizeof text; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "word%s%d%s", i % 2 ? "s." : "ed,",
                              i, i % 3 ? " next " : "The ");
    check_in_place(text, n);
    uint32_t seed = 3;
    static const char pick[] = "abc .,;1234567890T\"\n";
    for (int round = 0; round < 500; round++) {
        char b[96];
        size_t len = next_random(&seed) % sizeof b;
        for (size_t i = 0; i < len; i++)
            b[i] = pick[next_random(&seed) % (sizeof pick - 1)];
        check_in_place(b, len);
    }
}

/* The eight-byte tests against their byte-wise meaning: every byte value in every
 * lane, among fillers that are themselves near the edges of each test. */
static void word_tests(void **state)
{
    (void)state;
    static const unsigned char fillers[] = {'a', '/', ':', '0', '9', 0x7F, 0x80, 0xB0,
                                            0xBA, 0x00, 0xFF, '\n'};
    for (size_t f = 0; f < sizeof fillers; f++) {
        for (unsigned v = 0; v < 256; v++) {
            for (size_t lane = 0; lane < 8; lane++) {
                char b[8];
                memset(b, (char)fillers[f], 8);
                b[lane] = (char)v;
                bool high = false, digit = false, nl = false, dot = false;
                for (size_t i = 0; i < 8; i++) {
                    unsigned char c = (unsigned char)b[i];
                    high |= c >= 0x80;
                    digit |= c >= '0' && c <= '9';
                    nl |= c == '\n';
                    dot |= c == '.';
                }
                uint64_t w = im_load8(b);
                assert_int_equal(im_has_high8(w), high);
                assert_int_equal(im_has_digit8(w), digit);
                assert_int_equal(im_has_byte8(w, '\n'), nl);
                assert_int_equal(im_has_byte8(w, '.'), dot);
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(word_tests),
        cmocka_unit_test(decode_identity),
        cmocka_unit_test(footnotes_in_place),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
