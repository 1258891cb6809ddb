/* Stage 2: repairing mojibake, i.e. UTF-8 text that was once decoded with the wrong
 * code page and saved again as UTF-8.
 *
 * Two damages are undone, both by the same principle: re-encode a suspicious run of
 * characters with the code page that damaged it, and accept the result only if those
 * bytes are valid UTF-8 made of "Western" characters (ASCII, Latin, Greek, Cyrillic,
 * general punctuation, currency and letterlike symbols). No string is special-cased.
 *
 * - GBK: maximal runs of CJK, fullwidth, private-use and U+FFFD characters are
 *   re-encoded to GB18030 (a GBK superset) with iconv; the whole run is repaired or
 *   left alone. GBK swallows the ASCII byte after a lone lead byte, which is why
 *   "鈥淔ars" carries the F of Fars: it comes back with the repair. When GBK met a lead
 *   byte followed by a byte it could not pair (space, digit, punctuation), it wrote
 *   U+FFFD and lost the lead byte: after E2 80 (General Punctuation) the lost third
 *   byte is guessed from the neighbours (see guess_punct) and counted as guessed.
 *   Runs that fail (genuine Chinese, or other damage such as the font-substituted
 *   italics some PDFs produce) are kept verbatim; they count as unrecoverable when
 *   they contain U+FFFD or an E2 80 signature, or when the document has had at least
 *   one GBK repair (a mojibaked document has no genuine Chinese in it, we assume).
 *   Runs longer than MAX_GBK_RUN characters are taken to be genuine CJK text.
 * - Windows-1252: within runs of Latin-1/cp1252 characters, each maximal valid UTF-8
 *   sequence of their cp1252 bytes ("â€™" -> E2 80 99 -> ’, "Ã©" -> é) is repaired.
 *
 * Without a GB18030 converter in iconv (non-glibc systems without gconv modules) the
 * GBK repair is skipped with a warning. Typographic quotes and apostrophes are kept;
 * folding them is not this stage's business.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "incmap/alloc.h"
#include "text_private.h"

enum { MAX_GBK_RUN = 4096, HOLE = 0x100, GB_MEMO_SIZE = 1024 };

/* The GB18030 bytes iconv gave for one character (`len` 0: slot empty; GB_REFUSED:
 * iconv could not convert it). Converting one character after a reset depends on
 * nothing else, and a damaged report repeats a few hundred characters thousands of
 * times, so each is converted once: a call to iconv cost more than the rest of the
 * repair. */
enum { GB_REFUSED = 0xFF };
typedef struct gb_memo_entry {
    uint32_t cp;
    unsigned char len;
    unsigned char bytes[4];
} gb_memo_entry;

typedef struct repairer {
    iconv_t cd; /* UTF-8 -> GB18030, or (iconv_t)-1 */
    const char *in;
    size_t len;
    im_tbuf *out;
    im_repair_counts *counts;
    size_t gbk_repairs;
    size_t gbk_failed_plain;
    uint32_t prev;   /* last code point written */
    bool quote_open; /* a “ was written in this paragraph and not closed */
    /* scratch for one run */
    uint16_t *gb; /* GB18030 bytes, or HOLE for a lost byte */
    size_t *src;  /* per gb byte: input offset of the character it came from */
    size_t gb_cap, src_cap;
    uint32_t *cps; /* repaired code points */
    size_t *cp_src;
    size_t cps_cap, cp_src_cap;
    gb_memo_entry *gb_memo; /* GB_MEMO_SIZE slots by code point, allocated on first use */
} repairer;

static bool gbk_run_char(uint32_t cp)
{
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xE000 && cp <= 0xF8FF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
           (cp >= 0xFF00 && cp <= 0xFFEF) || cp == 0xFFFD;
}

/* Windows-1252 byte of a code point, or -1. */
static int cp1252_byte(uint32_t cp)
{
    static const uint16_t high[32] = {
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    };
    if (cp >= 0xA0 && cp <= 0xFF)
        return (int)cp;
    if (cp < 0x80)
        return -1;
    for (int i = 0; i < 32; i++)
        if (high[i] == cp)
            return 0x80 + i;
    return -1;
}

/* What a repair may produce. */
static bool acceptable(uint32_t cp)
{
    return (cp >= 0x20 && cp < 0x7F) || cp == '\t' || (cp >= 0xA0 && cp <= 0x17F) ||
           (cp >= 0x370 && cp <= 0x4FF) || (cp >= 0x2000 && cp <= 0x206F) ||
           (cp >= 0x20A0 && cp <= 0x20CF) || (cp >= 0x2100 && cp <= 0x214F);
}

static void note(repairer *r, uint32_t cp)
{
    r->prev = cp;
    if (cp == 0x201C)
        r->quote_open = true;
    else if (cp == 0x201D || cp == '\n')
        r->quote_open = false;
}

static uint32_t cp_at(const repairer *r, size_t i, size_t *clen)
{
    uint32_t cp;
    size_t k = im_utf8_get((const unsigned char *)r->in + i, r->len - i, &cp);
    if (k == 0) { /* cannot happen after decode.c; be safe */
        cp = 0xFFFD;
        k = 1;
    }
    *clen = k;
    return cp;
}

/* The General Punctuation character whose third UTF-8 byte was lost, from the
 * characters around it: 2014–15 (en dash), [… ] (ellipsis), a closing quote after a
 * word (”, or ’ after a letter when no quotation is open: militants’), an opening
 * quote before a word that follows a space, otherwise an em dash. */
static uint32_t guess_punct(uint32_t prev, uint32_t next, bool quote_open)
{
    if (im_is_digit(prev) && im_is_digit(next))
        return 0x2013;
    if ((prev == '(' || prev == '[') && (im_is_space(next) || next == ')' || next == ']'))
        return 0x2026;
    if (!im_is_space(prev) && !im_is_letter(next)) {
        if (!quote_open && im_is_letter(prev))
            return 0x2019;
        return 0x201D;
    }
    if (im_is_space(prev) && !im_is_space(next))
        return 0x201C;
    return 0x2014;
}

static void emit_cp(repairer *r, uint32_t cp, size_t src)
{
    char buf[4];
    size_t k = im_utf8_put(cp, buf);
    im_tbuf_emit(r->out, buf, k, src, 0, 1);
    note(r, cp);
}

static void copy_verbatim(repairer *r, size_t s, size_t e)
{
    im_tbuf_copy(r->out, r->in + s, e - s, s);
    uint32_t cp;
    size_t i = s;
    while (i < e) {
        size_t k;
        cp = cp_at(r, i, &k);
        note(r, cp);
        i += k;
    }
}

/* The GB18030 bytes of the character `cp` whose UTF-8 is in[i, i + k): through the
 * memo, asking iconv on a miss. NULL when iconv refuses it. The input is valid UTF-8
 * (decode.c) and runs are cut at U+FFFD, so a code point stands for its bytes. */
static const gb_memo_entry *gb_char(repairer *r, uint32_t cp, size_t i, size_t k)
{
    if (!r->gb_memo)
        r->gb_memo = im_xcalloc(GB_MEMO_SIZE, sizeof *r->gb_memo);
    gb_memo_entry *e = &r->gb_memo[cp % GB_MEMO_SIZE];
    if (e->len == 0 || e->cp != cp) {
        char tmp[16];
        char *ip = (char *)r->in + i, *op = tmp;
        size_t il = k, ol = sizeof tmp;
        iconv(r->cd, NULL, NULL, NULL, NULL);
        bool ok = iconv(r->cd, &ip, &il, &op, &ol) == 0 && il == 0;
        size_t len = (size_t)(op - tmp);
        e->cp = cp;
        e->len = ok && len >= 1 && len <= sizeof e->bytes ? (unsigned char)len : GB_REFUSED;
        if (e->len != GB_REFUSED)
            memcpy(e->bytes, tmp, len);
        else if (ok) { /* converted, but longer than GB18030 ever is: do not remember */
            e->len = 0;
            return NULL;
        }
    }
    return e->len == GB_REFUSED ? NULL : e;
}

/* Append the GB18030 bytes of input [s, e) (no U+FFFD in it) to r->gb. */
static bool gb_encode(repairer *r, size_t s, size_t e, size_t *n)
{
    size_t need = *n + (e - s) * 2 + 8;
    r->gb = im_xgrow(r->gb, &r->gb_cap, need, sizeof *r->gb);
    r->src = im_xgrow(r->src, &r->src_cap, need, sizeof *r->src);
    size_t i = s;
    while (i < e) {
        size_t k;
        uint32_t cp = cp_at(r, i, &k);
        const gb_memo_entry *g = gb_char(r, cp, i, k);
        if (!g)
            return false;
        for (size_t b = 0; b < g->len; b++) {
            r->gb[*n] = g->bytes[b];
            r->src[*n] = i;
            (*n)++;
        }
        i += k;
    }
    return true;
}

/* Decode code point at gb[k..n) ignoring holes (a hole never forms part of one). */
static size_t gb_get(const repairer *r, size_t k, size_t n, uint32_t *cp)
{
    unsigned char b[4];
    size_t m = 0;
    while (m < 4 && k + m < n && r->gb[k + m] != HOLE) {
        b[m] = (unsigned char)r->gb[k + m];
        m++;
    }
    return im_utf8_get(b, m, cp);
}

static void repair_gbk(repairer *r, size_t rs, size_t re, size_t nchars)
{
    size_t n = 0, ncp = 0, guessed = 0;
    bool has_fffd = false, has_sig = false, ok = r->cd != (iconv_t)-1 && nchars <= MAX_GBK_RUN;

    /* 1. the run's GB18030 bytes, with a hole for each U+FFFD */
    size_t piece = rs, i = rs;
    while (ok && i <= re) {
        size_t k = 0;
        uint32_t cp = i < re ? cp_at(r, i, &k) : 0;
        if (i == re || cp == 0xFFFD) {
            ok = gb_encode(r, piece, i, &n);
            if (ok && i < re) {
                r->gb = im_xgrow(r->gb, &r->gb_cap, n + 1, sizeof *r->gb);
                r->src = im_xgrow(r->src, &r->src_cap, n + 1, sizeof *r->src);
                r->gb[n] = HOLE;
                r->src[n++] = i;
                has_fffd = true;
            }
            if (i == re)
                break;
            piece = i + k;
        }
        i += k;
    }
    for (size_t k = 0; ok && k + 1 < n; k++)
        if (r->gb[k] == 0xE2 && r->gb[k + 1] == 0x80)
            has_sig = true;

    /* 2. decode those bytes as UTF-8, guessing the byte lost after E2 80 */
    r->cps = im_xgrow(r->cps, &r->cps_cap, n + 1, sizeof *r->cps);
    r->cp_src = im_xgrow(r->cp_src, &r->cp_src_cap, n + 1, sizeof *r->cp_src);
    size_t k = 0;
    bool quote_open = r->quote_open;
    while (ok && k < n) {
        uint32_t cp;
        if (r->gb[k] == 0xE2 && k + 1 < n && r->gb[k + 1] == 0x80 &&
            (k + 2 == n || r->gb[k + 2] == HOLE)) {
            size_t after = k + 2 == n ? n : k + 3;
            uint32_t next = '\n', prev = ncp ? r->cps[ncp - 1] : r->prev;
            if (after < n) {
                if (gb_get(r, after, n, &next) == 0)
                    next = ' ';
            } else if (re < r->len) {
                size_t cl;
                next = cp_at(r, re, &cl);
            }
            r->cps[ncp] = guess_punct(prev, next, quote_open);
            quote_open = r->cps[ncp] == 0x201C ? true : r->cps[ncp] == 0x201D ? false : quote_open;
            r->cp_src[ncp++] = r->src[k];
            guessed++;
            k = after;
            continue;
        }
        size_t clen = r->gb[k] == HOLE ? 0 : gb_get(r, k, n, &cp);
        if (clen == 0 || !acceptable(cp)) {
            ok = false;
            break;
        }
        r->cps[ncp] = cp;
        r->cp_src[ncp++] = r->src[k];
        quote_open = cp == 0x201C ? true : cp == 0x201D ? false : quote_open;
        k += clen;
    }

    if (!ok || ncp == 0) {
        copy_verbatim(r, rs, re);
        if (r->cd == (iconv_t)-1 || nchars > MAX_GBK_RUN)
            return;
        if (has_fffd || has_sig)
            r->counts->unrecoverable++;
        else
            r->gbk_failed_plain++;
        return;
    }
    for (size_t j = 0; j < ncp; j++)
        emit_cp(r, r->cps[j], r->cp_src[j]);
    r->counts->repairs++;
    r->counts->guessed += guessed;
    r->gbk_repairs++;
}

static void repair_cp1252(repairer *r, size_t rs, size_t re)
{
    size_t i = rs;
    while (i < re) {
        size_t k;
        uint32_t cp = cp_at(r, i, &k);
        int b = cp1252_byte(cp);
        size_t need = b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3
                      : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
        if (need) {
            unsigned char bytes[4] = {(unsigned char)b, 0, 0, 0};
            size_t j = i + k, m = 1;
            while (m < need && j < re) {
                size_t kk;
                int bb = cp1252_byte(cp_at(r, j, &kk));
                if (bb < 0)
                    break;
                bytes[m++] = (unsigned char)bb;
                j += kk;
            }
            uint32_t fixed;
            if (m == need && im_utf8_get(bytes, m, &fixed) == m && fixed >= 0xA0 &&
                acceptable(fixed)) {
                emit_cp(r, fixed, i);
                r->counts->repairs++;
                i = j;
                continue;
            }
        }
        copy_verbatim(r, i, i + k);
        i += k;
    }
}

void im_text_repair(im_ctx *ctx, const char *in, size_t len, im_tbuf *out,
                    im_repair_counts *counts)
{
    repairer r;
    memset(&r, 0, sizeof r);
    r.in = in;
    r.len = len;
    r.out = out;
    r.counts = counts;
    r.prev = '\n';
    r.cd = iconv_open("GB18030", "UTF-8");
    if (r.cd == (iconv_t)-1)
        im_log(ctx, IM_LOG_WARN, "text: no GB18030 converter (%s); GBK mojibake is not repaired",
               strerror(errno));

    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)in[i];
        if (c < 0x80) {
            size_t j = i;
            for (;;) { /* plain ASCII eight bytes at a time, then byte by byte */
                while (j + 8 <= len) {
                    uint64_t w = im_load8(in + j);
                    if (im_has_high8(w))
                        break;
                    if (im_has_byte8(w, '\n'))
                        r.quote_open = false;
                    j += 8;
                }
                if (j >= len || (unsigned char)in[j] >= 0x80)
                    break;
                if (in[j] == '\n')
                    r.quote_open = false;
                j++;
            }
            im_tbuf_copy(out, in + i, j - i, i);
            r.prev = (unsigned char)in[j - 1];
            i = j;
            continue;
        }
        size_t k;
        uint32_t cp = cp_at(&r, i, &k);
        if (gbk_run_char(cp)) {
            size_t j = i + k, nchars = 1;
            while (j < len) {
                size_t kk;
                if (!gbk_run_char(cp_at(&r, j, &kk)))
                    break;
                j += kk;
                nchars++;
            }
            repair_gbk(&r, i, j, nchars);
            i = j;
        } else if (cp1252_byte(cp) >= 0) {
            size_t j = i + k;
            while (j < len) {
                size_t kk;
                if (cp1252_byte(cp_at(&r, j, &kk)) < 0)
                    break;
                j += kk;
            }
            repair_cp1252(&r, i, j);
            i = j;
        } else {
            copy_verbatim(&r, i, i + k);
            i += k;
        }
    }
    if (r.gbk_repairs > 0)
        counts->unrecoverable += r.gbk_failed_plain;
    if (r.cd != (iconv_t)-1)
        iconv_close(r.cd);
    free(r.gb);
    free(r.src);
    free(r.cps);
    free(r.cp_src);
    free(r.gb_memo);
}
