/* Stage output buffers (im_tbuf) and their offset maps (im_offmap): how each stage
 * records, while it writes, which input bytes every output byte came from, and how
 * an output offset is mapped back.
 *
 * A map is a sorted list of anchors, one where the ratio between output and input
 * bytes changes (see im_anchor in text_private.h). Mapping an offset finds the last
 * anchor at or before it. A lone question does that by bisection; a run of
 * questions in (mostly) increasing order, such as every mention of a long report,
 * passes a hint: the anchor the previous question landed on, from which the search
 * steps out by doubling strides, so nearby answers cost a few comparisons. Both
 * searches find the same anchor (the unit tests compare them at every offset) and
 * share the arithmetic after it, so the answers are identical whichever is used.
 */
#include <stdlib.h>
#include <string.h>

#include "incmap/alloc.h"
#include "text_private.h"
#include "incmap/sorted.h"

void im_tbuf_init(im_tbuf *b, size_t size_hint)
{
    memset(b, 0, sizeof *b);
    b->cap = size_hint + 16;
    b->data = im_xmalloc(b->cap);
}

void im_tbuf_init_over(im_tbuf *b, char *storage, size_t cap)
{
    memset(b, 0, sizeof *b);
    b->cap = cap;
    b->data = storage;
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
    memmove(b->data + b->len, bytes, n); /* over its own input: see im_tbuf_init_over */
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

/* An output offset against an anchor, for im_lower_bound: the offset sorts after every
 * anchor at or before it, so the bound is the first anchor past it. */
static int cmp_after(const void *key, const void *elem, void *user)
{
    (void)user;
    return ((const im_anchor *)elem)->out <= *(const size_t *)key ? 1 : -1;
}

/* The index of the last anchor in anchors[lo..hi) with anchor.out <= out, given that
 * anchors[lo] is one (or lo is 0: anchors[0].out is 0). */
static size_t last_at_or_before(const im_anchor *a, size_t lo, size_t hi, size_t out)
{
    return lo + im_lower_bound(a + lo + 1, hi - lo - 1, sizeof *a, &out, cmp_after, NULL);
}

/* The index of the last anchor with anchor.out <= out, by bisection of the whole map.
 * m->n must be positive. */
static size_t bisect_anchor(const im_offmap *m, size_t out)
{
    return last_at_or_before(m->anchors, 0, m->n, out);
}

/* The same anchor, searched outwards from anchor *hint by doubling strides and then
 * by bisection of the last stride; *hint receives the answer. */
static size_t find_anchor(const im_offmap *m, size_t out, size_t *hint)
{
    const im_anchor *a = m->anchors;
    size_t n = m->n, h = *hint < n ? *hint : n - 1;
    /* invariant: a[lo].out <= out (or lo is 0), and hi is n or a[hi].out > out */
    size_t lo, hi, stride = 1;
    if (a[h].out <= out) {
        lo = h;
        hi = h + 1;
        while (hi < n && a[hi].out <= out) {
            lo = hi;
            stride *= 2;
            hi = n - lo > stride ? lo + stride : n;
        }
    } else {
        hi = h;
        lo = h - 1; /* h > 0: a[0].out is 0 */
        while (lo > 0 && a[lo].out > out) {
            hi = lo;
            stride *= 2;
            lo = hi > stride ? hi - stride : 0;
        }
    }
    lo = last_at_or_before(a, lo, hi, out);
    *hint = lo;
    return lo;
}

/* The input offset of output offset `out`, whose anchor is `lo`. */
static size_t offset_from_anchor(const im_offmap *m, size_t lo, size_t out)
{
    const im_anchor *a = &m->anchors[lo];
    size_t r = a->in;
    if (out > a->out && a->num)
        r += (out - a->out) / a->den * a->num;
    /* never step past the next anchor's input position */
    if (lo + 1 < m->n && r > m->anchors[lo + 1].in)
        r = m->anchors[lo + 1].in;
    return r < m->in_len ? r : m->in_len;
}

/* The input offset of the exclusive end offset `out`, whose anchor is `lo`. */
static size_t end_from_anchor(const im_offmap *m, size_t lo, size_t out)
{
    /* at the start of an anchor that follows a gap (deleted input), end where the
     * previous one-for-one stretch ended rather than where the next one starts */
    if (lo > 0 && m->anchors[lo].out == out) {
        const im_anchor *p = &m->anchors[lo - 1];
        size_t d = out - p->out;
        if (p->num && d % p->den == 0) {
            size_t r = p->in + d / p->den * p->num;
            if (r <= m->anchors[lo].in)
                return r;
        }
    }
    return offset_from_anchor(m, lo, out);
}

size_t im_offmap_apply_from(const im_offmap *m, size_t out, size_t *hint)
{
    if (m->n == 0)
        return 0;
    return offset_from_anchor(m, find_anchor(m, out, hint), out);
}

size_t im_offmap_apply_end_from(const im_offmap *m, size_t out, size_t *hint)
{
    if (m->n == 0)
        return 0;
    return end_from_anchor(m, find_anchor(m, out, hint), out);
}

size_t im_offmap_apply(const im_offmap *m, size_t out)
{
    if (m->n == 0)
        return 0;
    return offset_from_anchor(m, bisect_anchor(m, out), out);
}

size_t im_offmap_apply_end(const im_offmap *m, size_t out)
{
    if (m->n == 0)
        return 0;
    return end_from_anchor(m, bisect_anchor(m, out), out);
}

void im_offmap_identity(im_offmap *m, size_t len)
{
    /* what im_tbuf_copy of all the input and im_tbuf_finish record */
    memset(m, 0, sizeof *m);
    m->cap = 2;
    m->anchors = im_xmalloc(m->cap * sizeof *m->anchors);
    if (len > 0)
        m->anchors[m->n++] = (im_anchor){0, 0, 1, 1};
    m->anchors[m->n++] = (im_anchor){(uint32_t)len, (uint32_t)len, 0, 1};
    m->in_len = len;
}

void im_offmap_free(im_offmap *m)
{
    free(m->anchors);
    memset(m, 0, sizeof *m);
}
