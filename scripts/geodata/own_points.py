#!/usr/bin/env python3
"""Each country's, province's and district's own representative point.

A country or an administrative unit is an area; the gazetteer used to place it at
its capital or seat, which for a large country is thousands of kilometres from its
middle. This module computes a point of its own for every unit, deterministically,
from the Natural Earth polygons already in geodata/basemap.gpkg (layers
`countries` keyed by iso2, `provinces` keyed by GeoNames admin1 code):

- rule `main-body` (the default, chosen by measurement, see SOURCES.md): the
  unit's main body is its largest polygon part plus the parts chained to it within
  MAIN_BODY_GAP degrees (an archipelago's islands, not Alaska or overseas
  departments); its area centroid if that lies inside one of those parts, else the
  inside point nearest to that centroid (a crescent-shaped province, Vietnam's S).
- rule `centroid-or-pole`: the largest part's area centroid if that lies inside
  it, else its pole of inaccessibility (the inside point farthest from the
  boundary).
- rule `pole`: always the pole of inaccessibility of the largest part.
- rule `centroid`: the area centroid of the largest part, inside or not (only for
  comparison).

Natural Earth has no admin-2 polygons: a district's own point is the mean of the
GeoNames cities500 places coded to it (`places`), else its seat.

Geometry is read with `ogr2ogr -f GeoJSON` (no GDAL Python bindings); the
computations are done in a local equirectangular plane (x = lon * cos(mid lat)) so
that distances along a parallel are not overstated. Pure standard library.

Run alone (`own_points.py --basemap geodata/basemap.gpkg --rule pole`) it prints
`layer key lat lon source` lines, for measuring the rules against other data.
"""

import argparse
import heapq
import json
import math
import subprocess
import sys


def read_layer(gpkg, layer, key):
    """{key value: [polygon, ...]}; a polygon is a list of rings of (lon, lat)."""
    r = subprocess.run(["ogr2ogr", "-f", "GeoJSON", "/vsistdout/", gpkg, layer,
                        "-select", key, "-lco", "COORDINATE_PRECISION=7"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    if r.returncode != 0:
        sys.stderr.write(r.stderr.decode("utf-8", "replace"))
        raise SystemExit("own_points: cannot read layer %s of %s" % (layer, gpkg))
    out = {}
    for f in json.loads(r.stdout.decode("utf-8"))["features"]:
        k = (f["properties"] or {}).get(key) or ""
        g = f["geometry"]
        if not k or not g:
            continue
        polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        out.setdefault(k, []).extend(
            [[[(float(x), float(y)) for x, y, *_ in ring] for ring in poly] for poly in polys])
    return out


# ---------------------------------------------------------------- planar geometry

def ring_area_centroid(ring):
    """Signed area and area-weighted centroid sums of a closed ring in the plane."""
    a = cx = cy = 0.0
    n = len(ring)
    for i in range(n - 1):
        x0, y0 = ring[i]
        x1, y1 = ring[i + 1]
        c = x0 * y1 - x1 * y0
        a += c
        cx += (x0 + x1) * c
        cy += (y0 + y1) * c
    return a / 2.0, cx / 6.0, cy / 6.0


def poly_area_centroid(rings):
    """Area and centroid of a polygon with holes (outer ring first)."""
    area = sx = sy = 0.0
    for i, ring in enumerate(rings):
        a, cx, cy = ring_area_centroid(ring)
        # outer counts positive, holes negative, whatever their winding
        sgn = 1.0 if i == 0 else -1.0
        if a < 0:
            a, cx, cy = -a, -cx, -cy
        area += sgn * a
        sx += sgn * cx
        sy += sgn * cy
    if area <= 0:
        return 0.0, None
    return area, (sx / area, sy / area)


def inside(rings, x, y):
    """Even-odd point-in-polygon over all rings."""
    c = False
    for ring in rings:
        n = len(ring)
        j = n - 1
        for i in range(n):
            xi, yi = ring[i]
            xj, yj = ring[j]
            if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
                c = not c
            j = i
    return c


def boundary_dist(rings, x, y):
    """Distance from (x, y) to the nearest edge of any ring."""
    best = math.inf
    for ring in rings:
        for i in range(len(ring) - 1):
            ax, ay = ring[i]
            bx, by = ring[i + 1]
            dx, dy = bx - ax, by - ay
            if dx or dy:
                t = ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)
                t = 0.0 if t < 0 else 1.0 if t > 1 else t
                px, py = ax + t * dx - x, ay + t * dy - y
            else:
                px, py = ax - x, ay - y
            d = px * px + py * py
            if d < best:
                best = d
    return math.sqrt(best)


def signed_dist(rings, x, y):
    d = boundary_dist(rings, x, y)
    return d if inside(rings, x, y) else -d


def pole_of_inaccessibility(rings, precision):
    """The inside point farthest from the boundary, to within `precision`.

    Quadtree search over square cells, best-first by the largest distance a cell
    could still hold (its centre's distance plus its half-diagonal), as in the
    polylabel method published by Mapbox (2016); written for this module."""
    xs = [p[0] for p in rings[0]]
    ys = [p[1] for p in rings[0]]
    minx, maxx, miny, maxy = min(xs), max(xs), min(ys), max(ys)
    w, h = maxx - minx, maxy - miny
    size = min(w, h)
    if size <= 0:
        return (minx, miny)
    half = size / 2.0
    heap = []
    seq = 0

    def push(cx, cy, hh):
        nonlocal seq
        d = signed_dist(rings, cx, cy)
        heapq.heappush(heap, (-(d + hh * math.sqrt(2)), seq, cx, cy, hh, d))
        seq += 1

    x = minx
    while x < maxx:
        y = miny
        while y < maxy:
            push(x + half, y + half, half)
            y += size
        x += size
    _, c = poly_area_centroid(rings)
    best = (signed_dist(rings, *c), c[0], c[1]) if c else (-math.inf, minx, miny)
    bb = (signed_dist(rings, minx + w / 2, miny + h / 2), minx + w / 2, miny + h / 2)
    if bb[0] > best[0]:
        best = bb
    while heap:
        bound, _, cx, cy, hh, d = heapq.heappop(heap)
        if d > best[0]:
            best = (d, cx, cy)
        if -bound - best[0] <= precision:
            continue
        hh /= 2.0
        push(cx - hh, cy - hh, hh)
        push(cx + hh, cy - hh, hh)
        push(cx - hh, cy + hh, hh)
        push(cx + hh, cy + hh, hh)
    return (best[1], best[2])


# ---------------------------------------------------------------- one unit

def project(poly):
    """Local plane for one polygon: x = lon * k, y = lat, k = cos(middle latitude)."""
    lats = [p[1] for p in poly[0]]
    k = math.cos(math.radians((min(lats) + max(lats)) / 2.0))
    k = max(k, 0.05)
    return k, [[(x * k, y) for x, y in ring] for ring in poly]


RULES = ("centroid-or-pole", "pole", "centroid", "main-body")

# Parts closer than this (degrees, bounding box to bounding box, chained) to the
# largest part belong to the unit's main body (an archipelago's islands), farther ones
# do not (Alaska, overseas departments, far islands).
MAIN_BODY_GAP = 2.0


def nearest_inside(parts, cx, cy):
    """The point of `parts` (projected polygons) nearest to (cx, cy), moved just inside."""
    best = (math.inf, None, None)
    for pp in parts:
        for ring in pp:
            for i in range(len(ring) - 1):
                ax, ay = ring[i]
                bx, by = ring[i + 1]
                dx, dy = bx - ax, by - ay
                t = 0.0
                if dx or dy:
                    t = ((cx - ax) * dx + (cy - ay) * dy) / (dx * dx + dy * dy)
                    t = 0.0 if t < 0 else 1.0 if t > 1 else t
                px, py = ax + t * dx, ay + t * dy
                d = (px - cx) ** 2 + (py - cy) ** 2
                if d < best[0]:
                    best = (d, (px, py), pp)
    _, (px, py), pp = best
    d = math.sqrt(best[0]) or 1e-9
    ux, uy = (px - cx) / d, (py - cy) / d
    for eps in (0.01, 0.02, 0.05, 0.1, 0.2):
        if inside(pp, px + ux * eps, py + uy * eps):
            return (px + ux * eps, py + uy * eps)
    return None


def unit_point(polys, rule):
    """(lat, lon, source) for a unit made of polygons; source names the rule used."""
    parts = []
    for poly in polys:
        k, pp = project(poly)
        area, c = poly_area_centroid(pp)
        if c:
            parts.append((area, k, pp, c))
    if not parts:
        return None
    # largest part first; ties by its first vertex, for a stable answer
    parts.sort(key=lambda t: (-t[0], t[2][0][0]))
    area, k, pp, c = parts[0]
    if rule == "main-body" and len(parts) > 1:
        # every part in the largest part's plane, then the chained nearby parts
        allp = [[[(x * k, y) for x, y in ring] for ring in poly] for poly in
                sorted(polys, key=lambda q: q[0][0])]
        boxes = []
        for q in allp:
            xs = [p[0] for p in q[0]]
            ys = [p[1] for p in q[0]]
            boxes.append((min(xs), max(xs), min(ys), max(ys)))
        big = max(range(len(allp)), key=lambda i: poly_area_centroid(allp[i])[0])
        body, grown = {big}, True
        while grown:
            grown = False
            for i, b in enumerate(boxes):
                if i in body:
                    continue
                for j in body:
                    o = boxes[j]
                    if (b[0] - MAIN_BODY_GAP <= o[1] and o[0] <= b[1] + MAIN_BODY_GAP and
                            b[2] - MAIN_BODY_GAP <= o[3] and o[2] <= b[3] + MAIN_BODY_GAP):
                        body.add(i)
                        grown = True
                        break
        tot = sx = sy = 0.0
        for i in sorted(body):
            a, cc = poly_area_centroid(allp[i])
            if cc:
                tot += a
                sx += a * cc[0]
                sy += a * cc[1]
        if tot > 0:
            cx, cy = sx / tot, sy / tot
            parts_b = [allp[i] for i in sorted(body)]
            if any(inside(q, cx, cy) for q in parts_b):
                return (round(cy, 5), round(cx / k, 5), "centroid")
            q = nearest_inside(parts_b, cx, cy)
            if q:
                return (round(q[1], 5), round(q[0] / k, 5), "nearest")
    if rule == "main-body" and not inside(pp, c[0], c[1]):
        q = nearest_inside([pp], c[0], c[1])
        if q:
            return (round(q[1], 5), round(q[0] / k, 5), "nearest")
    if rule == "centroid" or (rule in ("centroid-or-pole", "main-body") and
                              inside(pp, c[0], c[1])):
        x, y, src = c[0], c[1], "centroid"
    else:
        xs = [p[0] for p in pp[0]]
        ys = [p[1] for p in pp[0]]
        prec = max(max(xs) - min(xs), max(ys) - min(ys)) / 500.0
        x, y = pole_of_inaccessibility(pp, prec)
        src = "pole"
    return (round(y, 5), round(x / k, 5), src)


def compute(gpkg, rule="main-body"):
    """{'countries': {iso2: (lat, lon, src)}, 'provinces': {admin1 code: ...}}."""
    if rule not in RULES:
        raise SystemExit("own_points: unknown rule %r" % rule)
    res = {}
    for layer, key in (("countries", "iso2"), ("provinces", "code")):
        polys = read_layer(gpkg, layer, key)
        res[layer] = {}
        for k in sorted(polys):
            pt = unit_point(polys[k], rule)
            if pt:
                res[layer][k] = pt
    return res


class Locator:
    """Which unit of a layer contains a point: bounding boxes first, then the rings."""

    def __init__(self, gpkg, layer, key):
        self.boxes = []
        polys = read_layer(gpkg, layer, key)
        for k in sorted(polys):
            for poly in polys[k]:
                xs = [p[0] for p in poly[0]]
                ys = [p[1] for p in poly[0]]
                self.boxes.append((min(xs), max(xs), min(ys), max(ys), k, poly))

    def find(self, lat, lon):
        """The key of the first unit containing (lat, lon), or ''."""
        for x0, x1, y0, y1, k, poly in self.boxes:
            if x0 <= lon <= x1 and y0 <= lat <= y1 and inside(poly, lon, lat):
                return k
        return ""


def admin2_points(places, seats):
    """{admin2 code: (lat, lon, src)}: mean of its places, else its seat.

    `places` yields (admin2 code, lat, lon); `seats` maps code -> (lat, lon)."""
    acc = {}
    for code, lat, lon in places:
        s = acc.setdefault(code, [0.0, 0.0, 0])
        s[0] += lat
        s[1] += lon
        s[2] += 1
    out = {}
    for code in sorted(set(acc) | set(seats)):
        if code in acc and acc[code][2] >= 2:
            s = acc[code]
            out[code] = (round(s[0] / s[2], 5), round(s[1] / s[2], 5), "places")
        elif code in seats:
            out[code] = (seats[code][0], seats[code][1], "seat")
        elif code in acc:
            out[code] = (round(acc[code][0], 5), round(acc[code][1], 5), "places")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--basemap", required=True)
    ap.add_argument("--rule", default="main-body", choices=RULES)
    o = ap.parse_args()
    res = compute(o.basemap, o.rule)
    for layer in sorted(res):
        for k, (lat, lon, src) in sorted(res[layer].items()):
            print("%s\t%s\t%.5f\t%.5f\t%s" % (layer, k, lat, lon, src))


if __name__ == "__main__":
    main()
