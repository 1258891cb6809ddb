/* Helpers shared by the files of src/text and nothing else.
 *
 * The text module is a chain of stages (decode, repair, footnotes), each reading one
 * buffer and writing the next through an im_tbuf. A tbuf records, besides the bytes,
 * an offset map from its output back to its input as a sorted list of anchors; the
 * im_text keeps one map per stage and chains them to answer im_text_orig_offset.
 * This header is not a general string builder: it exists for that map.
 */
#ifndef INCMAP_TEXT_PRIVATE_H
#define INCMAP_TEXT_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "incmap/ctx.h"
#include "incmap/text.h"

/* Output offsets from `out` up to the next anchor map to input offsets
 * in + ((o - out) / den) * num. A bulk copy is num = den = 1; one UTF-16 code unit
 * turned into one ASCII byte is num = 2, den = 1; a replacement that maps entirely
 * to one input point is num = 0, den = 1. Anchors are sorted by `out` (strictly
 * increasing) and `in` never decreases: every stage is monotonic. */
typedef struct im_anchor {
    uint32_t out; /* 32 bits suffice: input is at most IM_TEXT_MAX_INPUT (256 MiB) and */
    uint32_t in;  /* no stage output exceeds three times its input */
    uint8_t num, den;
} im_anchor;

typedef struct im_offmap {
    im_anchor *anchors;
    size_t n, cap;
    size_t in_len; /* length of the stage's input: the map's upper clamp */
} im_offmap;

/* A stage's output under construction. */
typedef struct im_tbuf {
    char *data;
    size_t len, cap;
    im_offmap map;
} im_tbuf;

void im_tbuf_init(im_tbuf *b, size_t size_hint);
/* A buffer that writes over `storage` (`cap` bytes, taken over: freed with the
 * buffer's data), which holds the stage's own input. Only for a stage whose output
 * never runs ahead of the input it has still to read (footnotes only delete, or
 * put one space for several digits): it then needs no buffer of its own. */
void im_tbuf_init_over(im_tbuf *b, char *storage, size_t cap);
/* Free the bytes only; the map stays with the caller (see im_tbuf_take_map). */
void im_tbuf_free_data(im_tbuf *b);
/* Append `n` output bytes that came from input starting at `in`, in units of `den`
 * output bytes per `num` input bytes (see im_anchor). `n` may be 0 (no-op). `bytes`
 * may overlap the buffer (im_tbuf_init_over). */
void im_tbuf_emit(im_tbuf *b, const char *bytes, size_t n, size_t in, unsigned num,
                  unsigned den);
/* Append bytes copied one for one from input offset `in`. */
static inline void im_tbuf_copy(im_tbuf *b, const char *bytes, size_t n, size_t in)
{
    im_tbuf_emit(b, bytes, n, in, 1, 1);
}
/* Close the buffer: NUL-terminate and add the end anchor (out = len -> in_len). */
void im_tbuf_finish(im_tbuf *b, size_t in_len);

/* Map an output offset of one stage to its input offset. */
size_t im_offmap_apply(const im_offmap *m, size_t out);
/* The same for an exclusive end offset: where the input bytes of output byte out-1
 * end (differs from im_offmap_apply only right after deleted input). */
size_t im_offmap_apply_end(const im_offmap *m, size_t out);
/* The same two answers, searched from anchor `*hint` (any value; 0 to start) and
 * leaving there the anchor `out` fell on: offsets asked in increasing order cost a
 * few steps each instead of a bisection. */
size_t im_offmap_apply_from(const im_offmap *m, size_t out, size_t *hint);
size_t im_offmap_apply_end_from(const im_offmap *m, size_t out, size_t *hint);
void im_offmap_free(im_offmap *m);
/* The map a stage that copied all `len` input bytes unchanged would have made. */
void im_offmap_identity(im_offmap *m, size_t len);

/* Encode code point `cp` as UTF-8 into `buf` (4 bytes); returns the length. */
size_t im_utf8_put(uint32_t cp, char *buf);
/* Decode one UTF-8 character at s[0..n): returns its length (1..4) and the code point
 * in *cp, or 0 if the bytes are not a valid, shortest-form, non-surrogate sequence. */
size_t im_utf8_get(const unsigned char *s, size_t n, uint32_t *cp);
/* Decode the character before position `i` of the valid UTF-8 text `s`; returns its
 * start and stores the code point (' ' and i when i is 0). */
size_t im_utf8_prev(const char *s, size_t i, uint32_t *cp);

/* Stage 1 (decode.c): any bytes -> valid UTF-8 without NULs, CRLF/CR -> LF. */
void im_text_decode(const char *bytes, size_t len, im_tbuf *out, im_text_encoding *enc);
/* True when im_text_decode would write `bytes` unchanged (UTF-8 without BOM, CR or
 * NUL; the encoding is then IM_ENC_UTF8): the next stage can read them directly. */
bool im_text_decode_is_identity(const char *bytes, size_t len);

/* Stage 2 (mojibake.c): repair GBK- and Windows-1252-decoded UTF-8. */
typedef struct im_repair_counts {
    size_t repairs, guessed, unrecoverable;
} im_repair_counts;
void im_text_repair(im_ctx *ctx, const char *in, size_t len, im_tbuf *out,
                    im_repair_counts *counts);

/* Stage 3 (footnotes.c): remove glued footnote numbers. `*notes` receives the
 * footnotes (position in the output, value) in text order. */
typedef struct im_footnote {
    size_t pos;
    int value;
} im_footnote;
void im_text_strip_footnotes(const char *in, size_t len, im_tbuf *out,
                             im_footnote **notes, size_t *n_notes);

/* Segmentation (segment.c): paragraphs and sentences of the final clean text, with
 * footnotes attached. Arrays are newly allocated; `*fn_values` holds the footnote
 * numbers the sentences point into. */
typedef struct im_segments {
    im_paragraph *paras;
    size_t n_paras;
    im_sentence *sents;
    size_t n_sents;
    int *fn_values;
} im_segments;
void im_text_segment(const char *text, size_t len, const im_footnote *notes,
                     size_t n_notes, im_segments *out);

/* Eight bytes at a time, for the stages' scans over long plain stretches: a word
 * loaded from any position, and whether it holds a given byte, a byte of 0x80 or
 * above, or an ASCII digit. Each answer is exact about whether, not about where:
 * callers look at the bytes one by one once a word says yes. */
static inline uint64_t im_load8(const char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}
static inline bool im_has_byte8(uint64_t w, unsigned char c)
{
    uint64_t x = w ^ (0x0101010101010101u * c); /* a zero byte where w holds c */
    return ((x - 0x0101010101010101u) & ~x & 0x8080808080808080u) != 0;
}
static inline bool im_has_high8(uint64_t w) { return (w & 0x8080808080808080u) != 0; }
static inline bool im_has_digit8(uint64_t w)
{
    /* per byte, with its high bit forced on so nothing borrows across bytes: bit 7
       survives "- 0x30" when the low seven bits are >= '0', and "- 0x3A" when > '9' */
    uint64_t x = w | 0x8080808080808080u;
    uint64_t ge0 = x - 0x3030303030303030u, gt9 = x - 0x3A3A3A3A3A3A3A3Au;
    return (ge0 & ~gt9 & ~w & 0x8080808080808080u) != 0;
}

/* Small character classes used by several stages (ASCII only unless stated). */
static inline bool im_is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
           c == 0xA0;
}
static inline bool im_is_digit(uint32_t c) { return c >= '0' && c <= '9'; }
static inline bool im_is_lower(uint32_t c) { return c >= 'a' && c <= 'z'; }
static inline bool im_is_upper(uint32_t c) { return c >= 'A' && c <= 'Z'; }
static inline bool im_is_alpha(uint32_t c) { return im_is_lower(c) || im_is_upper(c); }
/* Letters beyond ASCII: Latin-1 supplement and Latin Extended-A/B, Greek, Cyrillic. */
static inline bool im_is_letter(uint32_t c)
{
    return im_is_alpha(c) || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
           (c >= 0x370 && c <= 0x4FF);
}
static inline bool im_is_upper_letter(uint32_t c)
{
    return im_is_upper(c) || (c >= 0xC0 && c <= 0xDE && c != 0xD7) ||
           (c >= 0x391 && c <= 0x3A9) || (c >= 0x400 && c <= 0x42F);
}

#endif
