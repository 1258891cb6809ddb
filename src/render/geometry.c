/* Plane geometry the map stages share, on page millimetres or on lon/lat degrees
 * alike: clipping a segment (Liang–Barsky) and a closed ring (Sutherland–Hodgman) to
 * a box, and Douglas–Peucker simplification of a line or ring.
 */
#include "render_private.h"
#include "incmap/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Liang–Barsky: the parameters t0 <= t1 of segment a-b inside box b, or false when
 * it runs parallel to a side, outside it, or the interval is empty. */
static bool segment_span(im_pt a, im_pt c, im_box b, double *t0, double *t1)
{
    double dx = c.x - a.x, dy = c.y - a.y;
    const double pp[4] = {-dx, dx, -dy, dy};
    const double qq[4] = {a.x - b.x0, b.x1 - a.x, a.y - b.y0, b.y1 - a.y};
    *t0 = 0;
    *t1 = 1;
    for (int i = 0; i < 4; i++) {
        if (pp[i] == 0) {
            if (qq[i] < 0)
                return false;
            continue;
        }
        double t = qq[i] / pp[i];
        if (pp[i] < 0)
            *t0 = fmax(*t0, t);
        else
            *t1 = fmin(*t1, t);
    }
    return *t0 <= *t1;
}

bool im_clip_segment(im_pt *p, im_pt *q, im_box b)
{
    double t0, t1, dx = q->x - p->x, dy = q->y - p->y;
    if (!segment_span(*p, *q, b, &t0, &t1))
        return false;
    im_pt a = {p->x + t0 * dx, p->y + t0 * dy}, c = {p->x + t1 * dx, p->y + t1 * dy};
    *p = a;
    *q = c;
    return true;
}

bool im_segment_meets(im_pt a, im_pt b, im_box box)
{
    double t0, t1;
    return segment_span(a, b, box, &t0, &t1) && t0 < t1;
}

/* Sutherland–Hodgman: clip closed ring `in` (n points) against one edge of `b`;
 * returns the number of points written to `out` (at most 2n). */
static size_t clip_edge(const im_pt *in, size_t n, im_pt *out, im_box b, int edge)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        im_pt cur = in[i], prev = in[(i + n - 1) % n];
        double vc, vp, lim;
        switch (edge) {
        case 0: vc = cur.x; vp = prev.x; lim = b.x0; break;
        case 1: vc = -cur.x; vp = -prev.x; lim = -b.x1; break;
        case 2: vc = cur.y; vp = prev.y; lim = b.y0; break;
        default: vc = -cur.y; vp = -prev.y; lim = -b.y1; break;
        }
        bool cin = vc >= lim, pin = vp >= lim;
        if (cin != pin) {
            double t = (lim - vp) / (vc - vp);
            out[k++] = (im_pt){prev.x + (cur.x - prev.x) * t, prev.y + (cur.y - prev.y) * t};
        }
        if (cin)
            out[k++] = cur;
    }
    return k;
}

/* Douglas–Peucker in place on page points: keep what departs more than `tol` mm from
 * the chord. Thinning by distance alone keeps every wiggle of a fractal coast 0.06 mm
 * apart (180 000 points on a world map); this keeps what a reader can see, which makes
 * the PDFs several times smaller and faster to write. Returns the new count. */
size_t im_simplify(im_pt *pts, size_t n, double tol)
{
    if (n < 3 || tol <= 0)
        return n;
    bool *keep = im_xcalloc(n, sizeof *keep);
    size_t *stack = im_xmalloc(2 * n * sizeof *stack), top = 0;
    keep[0] = keep[n - 1] = true;
    stack[top++] = 0;
    stack[top++] = n - 1;
    double tol2 = tol * tol;
    while (top) {
        size_t b = stack[--top], a = stack[--top];
        if (b <= a + 1)
            continue;
        double dx = pts[b].x - pts[a].x, dy = pts[b].y - pts[a].y, len2 = dx * dx + dy * dy;
        double worst = -1;
        size_t at = a;
        for (size_t i = a + 1; i < b; i++) {
            double ex = pts[i].x - pts[a].x, ey = pts[i].y - pts[a].y, d2;
            if (len2 > 0) {
                double c = ex * dy - ey * dx;
                d2 = c * c / len2;
            } else {
                d2 = ex * ex + ey * ey;
            }
            if (d2 > worst) {
                worst = d2;
                at = i;
            }
        }
        if (worst > tol2) {
            keep[at] = true;
            stack[top++] = a;
            stack[top++] = at;
            stack[top++] = at;
            stack[top++] = b;
        }
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (keep[i])
            pts[k++] = pts[i];
    free(keep);
    free(stack);
    return k;
}

size_t im_clip_ring(im_pt **pts, size_t n, im_box b)
{
    /* four passes, each at most doubling the count; one spare point for the caller */
    im_pt *a = im_xmalloc((n * 16 + 1) * sizeof *a), *c = im_xmalloc(n * 16 * sizeof *c);
    memcpy(a, *pts, n * sizeof *a);
    for (int e = 0; e < 4 && n > 0; e++) {
        n = clip_edge(a, n, c, b, e);
        im_pt *t = a;
        a = c;
        c = t;
    }
    free(*pts);
    free(c);
    *pts = a;
    return n;
}
