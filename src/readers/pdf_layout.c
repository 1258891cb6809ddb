/* Layout of PDF pages, from lines with geometry to paragraphs in reading order.
 *
 * Per page: lines in the top and bottom tenth that repeat on other pages (running
 * heads and feet) or hold only a page number are dropped; lines in a smaller size
 * than the body, below every body line of their column, are footnotes; the rest is
 * cut into columns at vertical gutters (x ranges no narrow line crosses), and read
 * band by band (a full-width line, such as a title, starts a new band), column by
 * column. Lines then join into paragraphs unless a larger gap, an indent, a change of
 * size or a short line ending a sentence says a new one starts; a word hyphenated at a
 * line end is joined again when the next line goes on in lower case.
 *
 * It knows nothing of poppler: pdf.c gives it lines, it gives the builder text.
 */
#include "pdf_private.h"

#include "incmap/alloc.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The body font size: the size of most characters in the document. */
static double body_size(const pl_page *pages, size_t n)
{
    size_t hist[400] = {0};
    for (size_t p = 0; p < n; p++)
        for (size_t i = 0; i < pages[p].n_lines; i++) {
            long k = lround(pages[p].lines[i].size * 2);
            if (k > 0 && k < 400)
                hist[k] += pages[p].lines[i].len;
        }
    size_t best = 0;
    for (size_t k = 1; k < 400; k++)
        if (hist[k] > hist[best])
            best = k;
    return best ? best / 2.0 : 10.0;
}

/* A line's text with digits and spaces removed and letters folded, to compare
 * running heads across pages ("Page 3" and "Page 4" agree). */
static char *furniture_key(const char *s)
{
    char *k = im_xmalloc(strlen(s) + 1);
    size_t n = 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= '0' && c <= '9') || c == ' ')
            continue;
        k[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    k[n] = '\0';
    return k;
}

/* Only a page number: digits or lower-case roman numerals with dashes, dots, bars or
 * slashes around them ("7", "- 7 -", "7/12", "vii"). */
static bool page_number_only(const char *s)
{
    bool digit = false;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= '0' && c <= '9') || strchr("ivxlc", c))
            digit = true;
        else if (!strchr(" -./|()[]", c))
            return false;
    }
    return digit;
}

static bool in_band(const pl_page *pg, const pl_line *l)
{
    return l->y1 < pg->height * 0.1 || l->y0 > pg->height * 0.9;
}

static void mark_furniture(im_document *d, pl_page *pages, size_t n)
{
    /* the key of every line in a page's top or bottom band, computed once */
    size_t n_keys = 0, cap = 0;
    struct band_key {
        size_t page;
        pl_line *line;
        char *key;
    } *keys = NULL;
    for (size_t p = 0; p < n; p++)
        for (size_t i = 0; i < pages[p].n_lines; i++)
            if (in_band(&pages[p], &pages[p].lines[i])) {
                keys = im_xgrow(keys, &cap, n_keys + 1, sizeof *keys);
                keys[n_keys++] = (struct band_key){p, &pages[p].lines[i],
                                                   furniture_key(pages[p].lines[i].text)};
            }
    for (size_t a = 0; a < n_keys; a++) {
        bool drop = page_number_only(keys[a].line->text);
        for (size_t b = 0; b < n_keys && !drop && *keys[a].key; b++)
            drop = keys[b].page != keys[a].page && !strcmp(keys[a].key, keys[b].key);
        if (drop) {
            keys[a].line->kind = PL_FURNITURE;
            d->stats.dropped_lines++;
        }
    }
    for (size_t a = 0; a < n_keys; a++)
        free(keys[a].key);
    free(keys);
}

/* Small lines below every body-size line of their column are notes. */
static void mark_notes(pl_page *pg, double body)
{
    for (size_t i = 0; i < pg->n_lines; i++) {
        pl_line *l = &pg->lines[i];
        if (l->kind != PL_BODY || l->size >= body * 0.88 || l->y0 < pg->height * 0.5)
            continue;
        bool below_all = true;
        for (size_t j = 0; j < pg->n_lines && below_all; j++) {
            const pl_line *b = &pg->lines[j];
            if (b->kind == PL_BODY && b->size >= body * 0.95 && b->y0 > l->y0 &&
                b->x0 < l->x1 && b->x1 > l->x0)
                below_all = false;
        }
        if (below_all)
            l->kind = PL_NOTE;
    }
    /* notes are numbered: small print at the foot of a page none of whose lines starts
     * with a number (a code listing, a caption) stays in the body */
    bool numbered = false;
    for (size_t i = 0; i < pg->n_lines && !numbered; i++) {
        const pl_line *l = &pg->lines[i];
        size_t k = 0;
        while (k < l->len && l->text[k] >= '0' && l->text[k] <= '9')
            k++;
        numbered = l->kind == PL_NOTE && k > 0 && k <= 4 && k < l->len &&
                   (l->text[k] == ' ' || l->text[k] == '.');
    }
    for (size_t i = 0; i < pg->n_lines && !numbered; i++)
        if (pg->lines[i].kind == PL_NOTE)
            pg->lines[i].kind = PL_BODY;
}

static int by_y(const void *a, const void *b)
{
    const pl_line *x = a, *y = b;
    if (x->y0 != y->y0)
        return x->y0 < y->y0 ? -1 : 1;
    return (x->x0 > y->x0) - (x->x0 < y->x0);
}

static int by_order(const void *a, const void *b)
{
    const pl_line *x = a, *y = b;
    if (x->kind != y->kind)
        return (int)x->kind - (int)y->kind;
    if (x->band != y->band)
        return x->band - y->band;
    if (x->col != y->col)
        return x->col - y->col;
    return by_y(a, b);
}

/* A gutter separates columns only when narrow lines stand on both sides of it (the
 * white space right of short, ragged lines is not one). */
static bool columns_beside(const pl_page *pg, double g0, double g1, double area)
{
    size_t left = 0, right = 0;
    for (size_t i = 0; i < pg->n_lines; i++) {
        const pl_line *l = &pg->lines[i];
        if (l->kind == PL_FURNITURE || l->x1 - l->x0 >= area * 0.6)
            continue;
        left += l->x1 <= g0 + 0.5;
        right += l->x0 >= g1 - 0.5;
    }
    return left >= 2 && right >= 2;
}

/* Columns: gutters are x ranges inside the text area that no narrow body line
 * covers; a line crossing a gutter spans the columns and starts a new band. */
static void order_page(pl_page *pg)
{
    qsort(pg->lines, pg->n_lines, sizeof *pg->lines, by_y);
    double ax0 = 1e9, ax1 = -1e9;
    for (size_t i = 0; i < pg->n_lines; i++)
        if (pg->lines[i].kind != PL_FURNITURE) {
            ax0 = fmin(ax0, pg->lines[i].x0);
            ax1 = fmax(ax1, pg->lines[i].x1);
        }
    size_t w = ax1 > ax0 ? (size_t)(ax1 - ax0) + 2 : 0;
    bool *covered = w ? im_xcalloc(w, sizeof *covered) : NULL;
    for (size_t i = 0; i < pg->n_lines; i++) {
        const pl_line *l = &pg->lines[i];
        if (l->kind == PL_FURNITURE || l->x1 - l->x0 >= (ax1 - ax0) * 0.6)
            continue;
        for (size_t x = (size_t)fmax(0, l->x0 - ax0); x < w && x <= (size_t)(l->x1 - ax0); x++)
            covered[x] = true;
    }
    double gut0[16], gut1[16];
    size_t n_gut = 0;
    size_t lo = (size_t)(w * 0.1), hi = w > 0 ? (size_t)(w * 0.9) : 0;
    for (size_t x = lo; x < hi && n_gut < 16;) {
        if (covered[x]) {
            x++;
            continue;
        }
        size_t e = x;
        while (e < hi && !covered[e])
            e++;
        if (e - x >= 5 && columns_beside(pg, ax0 + (double)x, ax0 + (double)e, ax1 - ax0)) {
            gut0[n_gut] = ax0 + (double)x;
            gut1[n_gut++] = ax0 + (double)e;
        }
        x = e;
    }
    free(covered);
    int band = 0;
    bool in_spanning = false;
    for (size_t i = 0; i < pg->n_lines; i++) {
        pl_line *l = &pg->lines[i];
        bool spans = false;
        int col = 0;
        for (size_t g = 0; g < n_gut; g++) {
            if (l->x0 < gut0[g] && l->x1 > gut1[g])
                spans = true;
            if (l->x0 >= gut1[g] - 1)
                col++;
        }
        if (l->kind == PL_BODY && spans != in_spanning) {
            band++;
            in_spanning = spans;
        }
        l->band = band;
        l->col = spans ? 0 : col;
    }
    qsort(pg->lines, pg->n_lines, sizeof *pg->lines, by_order);
}

/* The extent of the column a line sits in, and the page's usual line pitch. */
typedef struct col_box {
    double left, right;
    size_t lines;
} col_box;

/* The column's left edge is where most of its lines start (a heading set out into
 * the margin, or indented first lines, do not move it); its right edge is the
 * furthest any line reaches. */
static col_box column_scan(const pl_page *pg, const pl_line *l)
{
    col_box c = {1e9, -1e9, 0};
    size_t best = 0;
    for (size_t i = 0; i < pg->n_lines; i++) {
        const pl_line *o = &pg->lines[i];
        if (o->kind != PL_BODY || o->band != l->band || o->col != l->col)
            continue;
        c.right = fmax(c.right, o->x1);
        c.lines++;
        size_t same = 0;
        for (size_t j = 0; j < pg->n_lines; j++) {
            const pl_line *q = &pg->lines[j];
            same += q->kind == PL_BODY && q->band == l->band && q->col == l->col &&
                    fabs(q->x0 - o->x0) < 1.0;
        }
        if (same > best || (same == best && o->x0 < c.left)) {
            best = same;
            c.left = o->x0;
        }
    }
    return c;
}

/* Lines come column by column, so the last two columns measured are remembered
 * (one layout pass owns the memo; it starts zeroed). */
typedef struct col_memo {
    struct {
        const pl_page *pg;
        int band, col;
        col_box box;
    } slot[2];
    unsigned next;
} col_memo;

static col_box column_of(col_memo *m, const pl_page *pg, const pl_line *l)
{
    for (unsigned i = 0; i < 2; i++)
        if (m->slot[i].pg == pg && m->slot[i].band == l->band && m->slot[i].col == l->col)
            return m->slot[i].box;
    unsigned k = m->next++ & 1;
    m->slot[k].pg = pg;
    m->slot[k].band = l->band;
    m->slot[k].col = l->col;
    m->slot[k].box = column_scan(pg, l);
    return m->slot[k].box;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double line_pitch(const pl_page *pg)
{
    double *d = im_xmalloc((pg->n_lines + 1) * sizeof *d);
    size_t n = 0;
    for (size_t i = 1; i < pg->n_lines; i++) {
        const pl_line *a = &pg->lines[i - 1], *b = &pg->lines[i];
        if (a->kind == PL_BODY && b->kind == PL_BODY && a->band == b->band &&
            a->col == b->col && b->y0 > a->y0)
            d[n++] = b->y0 - a->y0;
    }
    qsort(d, n, sizeof *d, cmp_double);
    double m = n ? d[n / 2] : 0;
    free(d);
    return m;
}

static bool ends_sentence(const pl_line *l)
{
    if (!l->len)
        return false;
    const char *e = l->text + l->len;
    unsigned char c = (unsigned char)e[-1];
    if (strchr(".?!:\")", c))
        return true;
    /* a closing curly quote (U+201D, U+2019) */
    return l->len >= 3 && (unsigned char)e[-3] == 0xE2 && (unsigned char)e[-2] == 0x80 &&
           (c == 0x9D || c == 0x99);
}

/* Markers seen in the body, to attach notes to. */
typedef struct marks {
    pl_marker *m; /* `at` is a text offset here */
    bool *used;
    size_t n, cap;
} marks;

/* Append a line to the open paragraph, joining a hyphenated word again. */
static void append_line(im_document *d, const char *text, size_t len, bool first,
                        const pl_marker *mk, size_t n_mk, marks *seen)
{
    if (!first && d->len > d->para_start) {
        char last = d->buf[d->len - 1];
        unsigned char before = d->len >= 2 ? (unsigned char)d->buf[d->len - 2] : 0;
        bool letter_before = (before >= 'a' && before <= 'z') || before >= 0x80;
        if (last == '-' && letter_before && len && text[0] >= 'a' && text[0] <= 'z') {
            d->buf[--d->len] = '\0';
            d->stats.joined_hyphens++;
        } else if (last != '-') {
            rd_append(d, " ", 1);
        }
    }
    size_t pos = 0;
    for (size_t k = 0; k < n_mk; k++) {
        rd_append(d, text + pos, mk[k].at - pos);
        pos = mk[k].at;
        seen->m = im_xgrow(seen->m, &seen->cap, seen->n + 1, sizeof *seen->m);
        seen->m[seen->n++] = (pl_marker){mk[k].number, rd_offset(d)};
    }
    rd_append(d, text + pos, len - pos);
}

/* A list item's bullet (U+2022 bullet, U+25CF black circle, U+25AA small square). */
static bool starts_with_bullet(const pl_line *l)
{
    const unsigned char *t = (const unsigned char *)l->text;
    return l->len >= 3 && t[0] == 0xE2 &&
           ((t[1] == 0x80 && t[2] == 0xA2) || (t[1] == 0x97 && t[2] == 0x8F) ||
            (t[1] == 0x96 && t[2] == 0xAA));
}

static bool new_paragraph(col_memo *memo, const pl_page *pg, const pl_line *l,
                          const pl_line *prev, const pl_page *prev_pg, double pitch)
{
    if (!prev)
        return true;
    if (fabs(l->size - prev->size) > 0.15 * l->size)
        return true;
    bool same_col = prev_pg == pg && prev->band == l->band && prev->col == l->col;
    if (same_col && pitch > 0 && l->y0 - prev->y0 > pitch * 1.35)
        return true;
    if (starts_with_bullet(l))
        return true;
    /* a first line set in from the column's edge, after a line that was not (nor a
     * list item, whose next lines hang indented under its text) */
    col_box c = column_of(memo, pg, l);
    if (c.lines >= 3 && l->x0 - c.left > 0.8 * l->size &&
        !(same_col && prev->x0 - c.left > 0.8 * l->size) &&
        !(same_col && starts_with_bullet(prev)))
        return true;
    col_box pc = column_of(memo, prev_pg, prev);
    /* too few lines to tell a short line: a sentence ending a page ends its paragraph */
    if (pc.lines < 3 && prev_pg != pg)
        return ends_sentence(prev);
    return pc.lines >= 3 && prev->x1 < pc.right - 0.3 * (pc.right - pc.left) &&
           ends_sentence(prev);
}

static void emit_notes(im_document *d, pl_page *pages, size_t n, marks *seen)
{
    seen->used = im_xcalloc(seen->n + 1, sizeof *seen->used);
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int number = -1;
    for (size_t p = 0; p <= n; p++) {
        for (size_t i = 0; p < n && i < pages[p].n_lines; i++) {
            const pl_line *l = &pages[p].lines[i];
            if (l->kind != PL_NOTE)
                continue;
            size_t k = 0;
            int num = 0;
            while (k < l->len && k < 4 && l->text[k] >= '0' && l->text[k] <= '9')
                num = num * 10 + (l->text[k++] - '0');
            bool starts = k > 0 && (k == l->len || l->text[k] == ' ' || l->text[k] == '.');
            if (starts || number < 0) {
                if (number >= 0 && len) {
                    size_t ref = SIZE_MAX;
                    for (size_t m = 0; m < seen->n; m++)
                        if (!seen->used[m] && seen->m[m].number == number) {
                            seen->used[m] = true;
                            ref = seen->m[m].at;
                            break;
                        }
                    rd_note_add(d, number, false, buf, len, ref);
                }
                len = 0;
                number = starts ? num : 0;
                if (starts)
                    k += k < l->len && l->text[k] == '.';
                else
                    k = 0;
            } else {
                k = 0;
            }
            buf = im_xgrow(buf, &cap, len + l->len + 2, 1);
            if (len && buf[len - 1] == '-' && k < l->len && l->text[k] >= 'a' &&
                l->text[k] <= 'z')
                len--;
            else if (len)
                buf[len++] = ' ';
            memcpy(buf + len, l->text + k, l->len - k);
            len += l->len - k;
        }
    }
    if (number >= 0 && len) {
        size_t ref = SIZE_MAX;
        for (size_t m = 0; m < seen->n; m++)
            if (!seen->used[m] && seen->m[m].number == number) {
                ref = seen->m[m].at;
                break;
            }
        rd_note_add(d, number, false, buf, len, ref);
    }
    free(buf);
}

void pl_layout(im_document *d, pl_page *pages, size_t n)
{
    double body = body_size(pages, n);
    mark_furniture(d, pages, n);
    for (size_t p = 0; p < n; p++) {
        mark_notes(&pages[p], body);
        order_page(&pages[p]);
    }
    marks seen = {0};
    col_memo memo = {0};
    unsigned element = 0;
    const pl_line *prev = NULL;
    const pl_page *prev_pg = NULL;
    char where[32];
    for (size_t p = 0; p < n; p++) {
        pl_page *pg = &pages[p];
        snprintf(where, sizeof where, pg->ocr ? "p. %zu (OCR)" : "p. %zu", p + 1);
        double pitch = line_pitch(pg);
        bool page_marked = false;
        for (size_t i = 0; i < pg->n_lines; i++) {
            const pl_line *l = &pg->lines[i];
            if (l->kind != PL_BODY)
                continue;
            bool fresh = new_paragraph(&memo, pg, l, prev, prev_pg, pitch);
            if (fresh)
                rd_para_begin(d, l->page, ++element, where);
            else if (!page_marked && prev_pg != pg)
                rd_mark(d, l->page, element, where);
            page_marked = true;
            append_line(d, l->text, l->len, fresh, l->markers, l->n_markers, &seen);
            prev = l;
            prev_pg = pg;
        }
    }
    rd_para_end(d);
    emit_notes(d, pages, n, &seen);
    free(seen.m);
    free(seen.used);
}
