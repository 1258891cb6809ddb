/* Stage 1: raw input bytes to valid UTF-8.
 *
 * The encoding is decided once per input: a UTF-8 BOM (EF BB BF) or a UTF-16 BOM
 * (FF FE little-endian, FE FF big-endian) decides; otherwise the whole input is
 * checked as strict UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF,
 * no truncated sequence) and, if any byte fails, the whole input is read as
 * Windows-1252. Mixing decodings inside one file would make offsets and repairs
 * unpredictable; the mojibake stage later turns any valid UTF-8 hiding in a cp1252
 * reading back into the intended characters.
 *
 * Also here: CRLF and lone CR become LF, NUL characters are dropped, unpaired UTF-16
 * surrogates and a trailing odd byte become U+FFFD. Nothing here repairs text or
 * guesses; that is mojibake.c. Every loop advances by at least one input byte, so
 * no input can make it stall. Most reports need none of this (UTF-8 without BOM, CR
 * or NUL); im_text_decode_is_identity says so, and im_text_create then reads the
 * input as it is instead of copying it.
 */
#include <string.h>

#include "text_private.h"

/* Windows-1252 bytes 0x80..0x9F; the five undefined ones map to the C1 control of
 * the same value, as Windows' own "best fit" reading does. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

/* The length of the character at s (1 for ASCII), or 0 when s[0..n) starts with no
 * valid UTF-8 sequence. */
static size_t utf8_step(const unsigned char *s, size_t n)
{
    uint32_t cp;
    return s[0] < 0x80 ? 1 : im_utf8_get(s, n, &cp);
}

static bool valid_utf8(const unsigned char *s, size_t n)
{
    for (size_t i = 0, k; i < n; i += k)
        if (!(k = utf8_step(s + i, n - i)))
            return false;
    return true;
}

/* Copy ASCII-compatible input (UTF-8 or the ASCII part of cp1252) from s[i] up to
 * the next byte that needs attention: CR, NUL, or (when stop_high) a byte >= 0x80.
 * Returns the new position. */
static size_t copy_plain(im_tbuf *out, const unsigned char *s, size_t i, size_t n,
                         bool stop_high)
{
    size_t j = i;
    while (j < n && s[j] != '\r' && s[j] != '\0' && !(stop_high && s[j] >= 0x80))
        j++;
    im_tbuf_copy(out, (const char *)s + i, j - i, i);
    return j;
}

/* CR or CRLF at s[i] -> LF; returns the new position. */
static size_t put_newline(im_tbuf *out, const unsigned char *s, size_t i, size_t n,
                          size_t unit, bool be)
{
    size_t step = unit;
    if (i + 2 * unit <= n) {
        unsigned next = unit == 1 ? s[i + 1]
                        : be      ? (unsigned)(s[i + 2] << 8 | s[i + 3])
                                  : (unsigned)(s[i + 3] << 8 | s[i + 2]);
        if (next == '\n')
            step = 2 * unit;
    }
    im_tbuf_emit(out, "\n", 1, i, 0, 1);
    return i + step;
}

static void decode_utf8(const unsigned char *s, size_t n, size_t start, im_tbuf *out)
{
    size_t i = start;
    while (i < n) {
        i = copy_plain(out, s, i, n, false);
        if (i >= n)
            break;
        if (s[i] == '\r')
            i = put_newline(out, s, i, n, 1, false);
        else /* NUL: dropped */
            i++;
    }
}

static void decode_cp1252(const unsigned char *s, size_t n, size_t start, im_tbuf *out)
{
    size_t i = start;
    while (i < n) {
        i = copy_plain(out, s, i, n, true);
        if (i >= n)
            break;
        if (s[i] == '\r') {
            i = put_newline(out, s, i, n, 1, false);
        } else if (s[i] == '\0') {
            i++;
        } else {
            uint32_t cp = s[i] < 0xA0 ? cp1252_high[s[i] - 0x80] : s[i];
            char buf[4];
            size_t k = im_utf8_put(cp, buf);
            im_tbuf_emit(out, buf, k, i, 1, (unsigned)k);
            i++;
        }
    }
}

static void decode_utf16(const unsigned char *s, size_t n, bool be, im_tbuf *out)
{
    size_t i = 2; /* after the BOM */
    while (i + 1 < n) {
        uint32_t u = be ? (uint32_t)(s[i] << 8 | s[i + 1]) : (uint32_t)(s[i + 1] << 8 | s[i]);
        size_t used = 2;
        if (u == '\r') {
            i = put_newline(out, s, i, n, 2, be);
            continue;
        }
        if (u == 0) {
            i += 2;
            continue;
        }
        if (u >= 0xD800 && u <= 0xDBFF && i + 3 < n) {
            uint32_t lo = be ? (uint32_t)(s[i + 2] << 8 | s[i + 3])
                             : (uint32_t)(s[i + 3] << 8 | s[i + 2]);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                used = 4;
            }
        }
        if (u >= 0xD800 && u <= 0xDFFF)
            u = 0xFFFD; /* unpaired surrogate */
        char buf[4];
        size_t k = im_utf8_put(u, buf);
        im_tbuf_emit(out, buf, k, i, (unsigned)used, (unsigned)k);
        i += used;
    }
    if (i < n) { /* odd trailing byte */
        char buf[4];
        size_t k = im_utf8_put(0xFFFD, buf);
        im_tbuf_emit(out, buf, k, i, 0, 1);
    }
}

bool im_text_decode_is_identity(const char *bytes, size_t len)
{
    const unsigned char *s = (const unsigned char *)bytes;
    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
        return false; /* a BOM is dropped */
    size_t i = 0;
    while (i < len) {
        /* eight plain ASCII bytes at a time: reports are mostly that */
        if (i + 8 <= len) {
            uint64_t w = im_load8(bytes + i);
            if (!im_has_high8(w) && !im_has_byte8(w, '\0') && !im_has_byte8(w, '\r')) {
                i += 8;
                continue;
            }
        }
        if (s[i] == '\r' || s[i] == '\0')
            return false;
        size_t k = utf8_step(s + i, len - i);
        if (k == 0)
            return false;
        i += k;
    }
    return true;
}

void im_text_decode(const char *bytes, size_t len, im_tbuf *out, im_text_encoding *enc)
{
    const unsigned char *s = (const unsigned char *)bytes;
    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        *enc = IM_ENC_UTF8_BOM;
        if (valid_utf8(s + 3, len - 3)) {
            decode_utf8(s, len, 3, out);
            return;
        }
        /* a BOM on invalid UTF-8: the BOM is dropped, the rest read as cp1252 */
        *enc = IM_ENC_CP1252;
        decode_cp1252(s, len, 3, out);
        return;
    }
    if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
        *enc = IM_ENC_UTF16LE;
        decode_utf16(s, len, false, out);
        return;
    }
    if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
        *enc = IM_ENC_UTF16BE;
        decode_utf16(s, len, true, out);
        return;
    }
    if (valid_utf8(s, len)) {
        *enc = IM_ENC_UTF8;
        decode_utf8(s, len, 0, out);
    } else {
        *enc = IM_ENC_CP1252;
        decode_cp1252(s, len, 0, out);
    }
}
