/* The im_text object: runs the stages (decode, repair, footnotes, segment) and
 * answers questions about the result, plus the offset-map and UTF-8 helpers the
 * stages share.
 *
 * Offsets are mapped stage by stage: each stage keeps a compact map (anchors where
 * the byte ratio between output and input changes) and im_text_orig_offset chains
 * them from the last stage back to the input, so no per-byte table is ever built.
 * This file holds no linguistic rules; those live in the stage files.
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

/* ---- offset maps ------------------------------------------------------------- */

void im_tbuf_init(im_tbuf *b, size_t size_hint)
{
    memset(b, 0, sizeof *b);
    b->cap = size_hint + 16;
    b->data = im_xmalloc(b->cap);
}

void im_tbuf_free_data(im_tbuf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void im_tbuf_emit(im_tbuf *b, const char *bytes, size_t n, size_t in, unsigned num,
                  unsigned den)
{
    if (n == 0)
        return;
    im_offmap *m = &b->map;
    bool extend = false;
    if (m->n > 0) {
        const im_anchor *a = &m->anchors[m->n - 1];
        size_t d = b->len - a->out;
        extend = a->num == num && a->den == den && d % den == 0 &&
                 a->in + d / den * num == in;
    }
    if (!extend) {
        m->anchors = im_xgrow(m->anchors, &m->cap, m->n + 1, sizeof *m->anchors);
        m->anchors[m->n++] = (im_anchor){(uint32_t)b->len, (uint32_t)in, (uint8_t)num, (uint8_t)den};
    }
    if (b->len + n + 1 > b->cap) {
        b->data = im_xgrow(b->data, &b->cap, b->len + n + 1, 1);
    }
    memcpy(b->data + b->len, bytes, n);
    b->len += n;
}

void im_tbuf_finish(im_tbuf *b, size_t in_len)
{
    im_offmap *m = &b->map;
    m->anchors = im_xgrow(m->anchors, &m->cap, m->n + 1, sizeof *m->anchors);
    m->anchors[m->n++] = (im_anchor){(uint32_t)b->len, (uint32_t)in_len, 0, 1};
    m->in_len = in_len;
    b->data = im_xgrow(b->data, &b->cap, b->len + 1, 1);
    b->data[b->len] = '\0';
}

size_t im_offmap_apply(const im_offmap *m, size_t out)
{
    if (m->n == 0)
        return 0;
    /* last anchor with anchor.out <= out; anchors[0].out is 0 */
    size_t lo = 0, hi = m->n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->anchors[mid].out <= out)
            lo = mid;
        else
            hi = mid;
    }
    const im_anchor *a = &m->anchors[lo];
    size_t r = a->in;
    if (out > a->out && a->num)
        r += (out - a->out) / a->den * a->num;
    /* never step past the next anchor's input position */
    if (lo + 1 < m->n && r > m->anchors[lo + 1].in)
        r = m->anchors[lo + 1].in;
    return r < m->in_len ? r : m->in_len;
}

size_t im_offmap_apply_end(const im_offmap *m, size_t out)
{
    /* at the start of an anchor that follows a gap (deleted input), end where the
     * previous one-for-one stretch ended rather than where the next one starts */
    size_t lo = 0, hi = m->n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->anchors[mid].out <= out)
            lo = mid;
        else
            hi = mid;
    }
    if (lo > 0 && lo < m->n && m->anchors[lo].out == out) {
        const im_anchor *p = &m->anchors[lo - 1];
        size_t d = out - p->out;
        if (p->num && d % p->den == 0) {
            size_t r = p->in + d / p->den * p->num;
            if (r <= m->anchors[lo].in)
                return r;
        }
    }
    return im_offmap_apply(m, out);
}

void im_offmap_free(im_offmap *m)
{
    free(m->anchors);
    memset(m, 0, sizeof *m);
}

/* ---- the object ------------------------------------------------------------------ */

im_status im_text_create(im_ctx *ctx, const char *bytes, size_t len, im_text **out)
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
    im_tbuf dec, rep, clean;
    im_footnote *notes = NULL;
    size_t n_notes = 0;

    im_tbuf_init(&dec, len);
    im_text_decode(bytes, len, &dec, &t->stats.encoding);
    im_tbuf_finish(&dec, len);
    t->maps[0] = dec.map;

    im_repair_counts rc = {0, 0, 0};
    im_tbuf_init(&rep, dec.len);
    im_text_repair(ctx, dec.data, dec.len, &rep, &rc);
    im_tbuf_finish(&rep, dec.len);
    t->maps[1] = rep.map;
    im_tbuf_free_data(&dec);

    im_tbuf_init(&clean, rep.len);
    im_text_strip_footnotes(rep.data, rep.len, &clean, &notes, &n_notes);
    im_tbuf_finish(&clean, rep.len);
    t->maps[2] = clean.map;
    im_tbuf_free_data(&rep);

    t->data = clean.data;
    t->len = clean.len;
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
