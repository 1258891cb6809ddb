/* Fuzz target: reading a report — decoding (BOMs, UTF-8 vs Windows-1252), mojibake
 * repair, footnote removal and segmentation (im_text_create). Checks the promises of
 * text.h: the clean text is NUL-free UTF-8 of the stated length, paragraphs and
 * sentences are in order and inside it, original offsets stay within the input and
 * never go backwards, and cursors map offsets as the lone look-ups do. */
#include "fuzz_common.h"
#include "incmap/text.h"

#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

/* Whether s[0..len) is well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF). */
static int valid_utf8(const unsigned char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        unsigned c = s[i];
        size_t n;
        unsigned min, cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            n = 2, min = 0x80, cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            n = 3, min = 0x800, cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            n = 4, min = 0x10000, cp = c & 0x07;
        } else {
            return 0;
        }
        if (i + n > len)
            return 0;
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += n;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    im_ctx *ctx = fuzz_ctx();
    im_text *t = NULL;
    im_status st = im_text_create(ctx, (const char *)data, size, &t);
    FUZZ_CHECK(st == IM_OK && t);
    size_t len = 0;
    const char *s = im_text_data(t, &len);
    FUZZ_CHECK(s && s[len] == '\0' && strlen(s) == len);
    FUZZ_CHECK(valid_utf8((const unsigned char *)s, len));

    size_t np = im_text_paragraph_count(t), ns = im_text_sentence_count(t);
    im_text_stats stats = im_text_get_stats(t);
    FUZZ_CHECK(stats.paragraphs == np && stats.sentences == ns);
    FUZZ_CHECK(im_text_paragraph(t, np) == NULL && im_text_sentence(t, ns) == NULL);
    size_t prev_end = 0, sentences = 0;
    for (size_t i = 0; i < np; i++) {
        const im_paragraph *p = im_text_paragraph(t, i);
        FUZZ_CHECK(p && p->start <= p->end && p->end <= len && p->start >= prev_end);
        FUZZ_CHECK(p->first_sentence == sentences);
        sentences += p->n_sentences;
        prev_end = p->end;
    }
    FUZZ_CHECK(sentences == ns);
    prev_end = 0;
    for (size_t i = 0; i < ns; i++) {
        const im_sentence *se = im_text_sentence(t, i);
        FUZZ_CHECK(se && se->start <= se->end && se->end <= len && se->start >= prev_end);
        FUZZ_CHECK(se->para < np);
        FUZZ_CHECK((se->n_footnotes == 0) == (se->footnotes == NULL));
        prev_end = se->end;
        size_t a = im_text_orig_offset(t, se->start), b = im_text_orig_end(t, se->end);
        FUZZ_CHECK(a <= size && b <= size);
    }
    size_t prev = 0;
    im_text_cursor starts = IM_TEXT_CURSOR_INIT, ends = IM_TEXT_CURSOR_INIT;
    for (size_t i = 0; i <= len; i++) {
        size_t o = im_text_orig_offset(t, i), e = im_text_orig_end(t, i);
        FUZZ_CHECK(o <= size && o >= prev);
        prev = o;
        FUZZ_CHECK(e <= size);
        /* cursors answer as the lone look-ups do, forwards and (below) backwards */
        FUZZ_CHECK(im_text_cursor_offset(t, &starts, i) == o);
        FUZZ_CHECK(im_text_cursor_end(t, &ends, i) == e);
    }
    for (size_t i = len + 1; i-- > 0;) {
        FUZZ_CHECK(im_text_cursor_offset(t, &starts, i) == im_text_orig_offset(t, i));
        FUZZ_CHECK(im_text_cursor_end(t, &starts, i) == im_text_orig_end(t, i));
    }
    FUZZ_CHECK(im_text_orig_offset(t, len) == size);
    FUZZ_CHECK(im_text_orig_offset(t, len + 10) == size);
    FUZZ_CHECK(im_text_encoding_name(stats.encoding) != NULL);
    im_text_destroy(t);
    return 0;
}
