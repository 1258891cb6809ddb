#!/usr/bin/python3
"""Compare the incidents, places and links layers of two OGR datasources field by
field and coordinate by coordinate (records matched by key, not position).

    compare_layers.py EXPECTED ACTUAL [TOLERANCE]

Exit 0 when they agree, 1 otherwise. Run with /usr/bin/python3 (python3-gdal).
"""
import sys
from osgeo import ogr

KEYS = {"incidents": ("event_id",), "places": ("name",),
        "links": ("event_id", "from_name", "to_name")}


def records(ds, name):
    layer = ds.GetLayerByName(name)
    if layer is None:
        raise SystemExit(f"FAIL: no layer {name}")
    out = {}
    for f in layer:
        row = {k: f.GetField(k) for k in f.keys()}
        g = f.GetGeometryRef()
        row["__geom"] = [] if g is None else [(g.GetX(i), g.GetY(i)) for i in range(g.GetPointCount())]
        out[tuple(row.get(k) for k in KEYS[name])] = row
    return out


def same(a, b, tol):
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and abs(a - b) <= tol
    if a in (None, "") and b in (None, ""):
        return True
    return a == b


def main():
    tol = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-9
    exp_ds, act_ds = ogr.Open(sys.argv[1]), ogr.Open(sys.argv[2])
    if exp_ds is None or act_ds is None:
        raise SystemExit("FAIL: cannot open the datasources")
    bad = compared = 0
    for name in KEYS:
        exp, act = records(exp_ds, name), records(act_ds, name)
        if set(exp) != set(act):
            print(f"FAIL: {name}: keys differ: {sorted(set(exp) ^ set(act))[:5]}")
            bad += 1
            continue
        for key, e in exp.items():
            a = act[key]
            for field, v in e.items():
                if field == "__geom":
                    ok = len(v) == len(a[field]) and all(
                        abs(p[0] - q[0]) <= tol and abs(p[1] - q[1]) <= tol
                        for p, q in zip(v, a[field]))
                else:
                    ok = field in a and same(v, a[field], tol)
                compared += 1
                if not ok:
                    print(f"FAIL: {name} {key}: {field} is {a.get(field)!r}, want {v!r}")
                    bad += 1
    print(f"{compared} values compared, {bad} differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
