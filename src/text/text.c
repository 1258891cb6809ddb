/* The im_text object: runs the stages (decode, repair, footnotes, segment) and
 * answers questions about the result, plus the UTF-8 helpers the stages share.
 *
 * Offsets are mapped stage by stage: each stage keeps a compact map (offmap.c:
 * anchors where the byte ratio between output and input changes) and
 * im_text_orig_offset chains them from the last stage back to the input, so no
 * per-byte table is ever built. This file holds no linguistic rules; those live in
 * the stage files.
 */
#include "incmap/text.h"

#include <stdlib.h>
#include <string.h>

#include "incmap/alloc.h"
#include "text_private.h"

enum { N_STAGES = 3 };

_Static_assert(IM_TEXT_MAX_INPUT <= UINT32_MAX / 3, "offset anchors are 32-bit");

struct im_text {
    char *data;
    size_t len;
    im_offmap maps[N_STAGES]; /* decode, repair, footnotes */
    im_segments seg;
    im_text_stats stats;
};

/* ---- UTF-8 ------------------------------------------------------------------ */

size_t im_utf8_put(uint32_t cp, char *buf)
{
    unsigned char *b = (unsigned char *)buf;
    if (cp < 0x80) {
        b[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        b[0] = (unsigned char)(0xC0 | (cp >> 6));
        b[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        b[0] = (unsigned char)(0xE0 | (cp >> 12));
        b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    b[0] = (unsigned char)(0xF0 | (cp >> 18));
    b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    b[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t im_utf8_get(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (n == 0)
        return 0;
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

size_t im_utf8_prev(const char *s, size_t i, uint32_t *cp)
{
    if (i == 0) {
        *cp = ' ';
        return 0;
    }
    size_t j = i - 1;
    while (j > 0 && i - j < 4 && ((unsigned char)s[j] & 0xC0) == 0x80)
        j--;
    if (im_utf8_get((const unsigned char *)s + j, i - j, cp) != i - j) {
        *cp = (unsigned char)s[i - 1];
        return i - 1;
    }
    return j;
}

/* ---- the object ------------------------------------------------------------------ */

/* The clean offset of input offset `orig`: the first clean byte that maps to it or
 * beyond (the map is monotonic). */
static size_t clean_of(const im_text *t, size_t orig)
{
    size_t lo = 0, hi = t->len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (im_text_orig_offset(t, mid) < orig)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Footnote markers a document reader found join those the footnote stage cut out,
 * in text order. */
static void merge_notes(const im_text *t, const im_text_note *given, size_t n_given,
                        im_footnote **notes, size_t *n_notes)
{
    if (!n_given)
        return;
    im_footnote *all = im_xreallocarray(*notes, *n_notes + n_given, sizeof *all);
    size_t n = *n_notes;
    for (size_t i = 0; i < n_given; i++) {
        size_t pos = clean_of(t, given[i].offset);
        size_t k = n++;
        while (k > 0 && all[k - 1].pos > pos) {
            all[k] = all[k - 1];
            k--;
        }
        all[k] = (im_footnote){pos, given[i].number};
    }
    *notes = all;
    *n_notes = n;
}

im_status im_text_create(im_ctx *ctx, const char *bytes, size_t len, im_text **out)
{
    return im_text_create_noted(ctx, bytes, len, NULL, 0, out);
}

im_status im_text_create_noted(im_ctx *ctx, const char *bytes, size_t len,
                               const im_text_note *given, size_t n_given, im_text **out)
{
    *out = NULL;
    if (!bytes && len > 0)
        return im_ctx_fail(ctx, IM_ERR_INPUT, "text: no input bytes");
    if (len > IM_TEXT_MAX_INPUT)
        return im_ctx_fail(ctx, IM_ERR_INPUT_TOO_LARGE,
                           "text: input of %zu bytes exceeds the limit of %zu bytes", len,
                           (size_t)IM_TEXT_MAX_INPUT);
    if (!bytes)
        bytes = "";

    im_text *t = im_xcalloc(1, sizeof *t);
    im_tbuf dec = {0}, rep, clean;
    im_footnote *notes = NULL;
    size_t n_notes = 0;

    /* Each stage's buffer of a long input is a fresh stretch of memory the kernel
       must hand over page by page, which cost as much as the stages' own work. So
       input that decoding would copy unchanged (most reports) is read in place, and
       footnotes are cut out of the repair stage's buffer: one new buffer in all. */
    const char *decoded = bytes;
    size_t decoded_len = len;
    if (im_text_decode_is_identity(bytes, len)) {
        t->stats.encoding = IM_ENC_UTF8;
        im_offmap_identity(&t->maps[0], len);
    } else {
        im_tbuf_init(&dec, len);
        im_text_decode(bytes, len, &dec, &t->stats.encoding);
        im_tbuf_finish(&dec, len);
        t->maps[0] = dec.map;
        decoded = dec.data;
        decoded_len = dec.len;
    }

    im_repair_counts rc = {0, 0, 0};
    im_tbuf_init(&rep, decoded_len);
    im_text_repair(ctx, decoded, decoded_len, &rep, &rc);
    im_tbuf_finish(&rep, decoded_len);
    t->maps[1] = rep.map;
    im_tbuf_free_data(&dec);

    im_tbuf_init_over(&clean, rep.data, rep.cap);
    im_text_strip_footnotes(rep.data, rep.len, &clean, &notes, &n_notes);
    im_tbuf_finish(&clean, rep.len);
    t->maps[2] = clean.map;

    t->data = clean.data;
    t->len = clean.len;
    merge_notes(t, given, n_given, &notes, &n_notes);
    im_text_segment(t->data, t->len, notes, n_notes, &t->seg);

    t->stats.mojibake_repairs = rc.repairs;
    t->stats.mojibake_guessed = rc.guessed;
    t->stats.unrecoverable = rc.unrecoverable;
    t->stats.footnotes = n_notes;
    t->stats.paragraphs = t->seg.n_paras;
    t->stats.sentences = t->seg.n_sents;
    im_log(ctx, IM_LOG_DEBUG,
           "text: %zu bytes as %s: %zu repairs (%zu guessed), %zu unrecoverable, "
           "%zu footnotes, %zu paragraphs, %zu sentences",
           len, im_text_encoding_name(t->stats.encoding), rc.repairs, rc.guessed,
           rc.unrecoverable, n_notes, t->seg.n_paras, t->seg.n_sents);
    free(notes);
    *out = t;
    return IM_OK;
}

void im_text_destroy(im_text *text)
{
    if (!text)
        return;
    for (size_t i = 0; i < N_STAGES; i++)
        im_offmap_free(&text->maps[i]);
    free(text->seg.paras);
    free(text->seg.sents);
    free(text->seg.fn_values);
    free(text->data);
    free(text);
}

const char *im_text_data(const im_text *t, size_t *len)
{
    if (len)
        *len = t->len;
    return t->data;
}

size_t im_text_orig_offset(const im_text *t, size_t clean_offset)
{
    size_t off = clean_offset < t->len ? clean_offset : t->len;
    for (size_t i = N_STAGES; i-- > 0;)
        off = im_offmap_apply(&t->maps[i], off);
    return off;
}

size_t im_text_orig_end(const im_text *t, size_t clean_end)
{
    size_t off = clean_end < t->len ? clean_end : t->len;
    for (size_t i = N_STAGES; i-- > 0;)
        off = im_offmap_apply_end(&t->maps[i], off);
    return off;
}

_Static_assert(sizeof ((im_text_cursor *)0)->anchor / sizeof(size_t) == N_STAGES,
               "a cursor holds one anchor per stage");

size_t im_text_cursor_offset(const im_text *t, im_text_cursor *c, size_t clean_offset)
{
    size_t off = clean_offset < t->len ? clean_offset : t->len;
    for (size_t i = N_STAGES; i-- > 0;)
        off = im_offmap_apply_from(&t->maps[i], off, &c->anchor[i]);
    return off;
}

size_t im_text_cursor_end(const im_text *t, im_text_cursor *c, size_t clean_end)
{
    size_t off = clean_end < t->len ? clean_end : t->len;
    for (size_t i = N_STAGES; i-- > 0;)
        off = im_offmap_apply_end_from(&t->maps[i], off, &c->anchor[i]);
    return off;
}

size_t im_text_paragraph_count(const im_text *t) { return t->seg.n_paras; }

const im_paragraph *im_text_paragraph(const im_text *t, size_t i)
{
    return i < t->seg.n_paras ? &t->seg.paras[i] : NULL;
}

size_t im_text_sentence_count(const im_text *t) { return t->seg.n_sents; }

const im_sentence *im_text_sentence(const im_text *t, size_t i)
{
    return i < t->seg.n_sents ? &t->seg.sents[i] : NULL;
}

im_text_stats im_text_get_stats(const im_text *t) { return t->stats; }

const char *im_text_encoding_name(im_text_encoding enc)
{
    switch (enc) {
    case IM_ENC_UTF8: return "utf-8";
    case IM_ENC_UTF8_BOM: return "utf-8-bom";
    case IM_ENC_UTF16LE: return "utf-16le";
    case IM_ENC_UTF16BE: return "utf-16be";
    case IM_ENC_CP1252: return "cp1252";
    }
    return "unknown";
}
