#!/usr/bin/env python3
"""Derive incmap's geodata/ tables and basemap from the unpacked upstream files.

Called by scripts/rebuild-geodata.sh, which fetches and unpacks the pinned
inputs; this program only reads local files, runs ogr2ogr/ogrinfo, and writes
geodata/. It uses the Python standard library only (no GDAL bindings). Output is
deterministic: every table is sorted on a stated key, sets are emitted in a fixed
order, and the GeoPackage is written with a fixed OGR_CURRENT_DATE.

It deliberately does no geocoding logic of its own beyond picking seats and
matching Natural Earth provinces to GeoNames codes: ranking and look-up belong
to the C gazetteer compiler that reads these tables.
"""

import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import own_points  # noqa: E402  (same folder)

csv.field_size_limit(1 << 30)

# ---------------------------------------------------------------- text helpers

_FOLD_EXTRA = {
    "ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d",
    "ł": "l", "Ł": "l", "ı": "i", "þ": "th", "Þ": "th", "œ": "oe", "Œ": "oe",
    "ð": "d", "Ð": "d", "ħ": "h", "Ħ": "h", "ŧ": "t", "Ŧ": "t", "ŋ": "n",
}
# Apostrophe-like marks used in transliterations (ayn, hamza, okina ...).
_APOS = "'’‘ʻʼʿʾ`´"
_APOS_RE = re.compile("[" + re.escape(_APOS) + "]")


def fold(s):
    """Case- and accent-insensitive key: 'Kā’ī' -> 'kai', 'Sar-e Pol' -> 'sar e pol'."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(_FOLD_EXTRA.get(c, c) for c in s if not unicodedata.combining(c))
    s = _APOS_RE.sub("", s).lower()
    s = re.sub(r"[-‐‑–—.,/()]+", " ", s)
    return " ".join(s.split())


def _latin_letter(cp):
    return (0x41 <= cp <= 0x5A or 0x61 <= cp <= 0x7A or
            (0xC0 <= cp <= 0x24F and cp not in (0xD7, 0xF7)) or
            0x1E00 <= cp <= 0x1EFF)


_LATIN_PUNCT = set(" -." + _APOS)


def is_latin(s):
    """True if s is written in Latin letters (plus apostrophes, hyphen, dot, space)."""
    s = unicodedata.normalize("NFC", s)
    has_letter = False
    for c in s:
        cp = ord(c)
        if _latin_letter(cp):
            has_letter = True
        elif c in _LATIN_PUNCT or unicodedata.combining(c):
            continue
        else:
            return False
    return has_letter


def is_code_like(s):
    """All-caps single token of at most 4 letters: airport/ISO codes like KBL."""
    return " " not in s and len(s) <= 4 and s.isalpha() and s.isupper()


def clean(s):
    """Make a value safe for our TSV: no tabs, newlines or '|' separators."""
    if s is None:
        return ""
    s = unicodedata.normalize("NFC", str(s))
    s = s.replace("\t", " ").replace("\r", " ").replace("\n", " ").replace("|", "/")
    return " ".join(s.split())


def uniq_names(cands, exclude=(), allow_codes=False):
    """Latin, de-duplicated (by fold), order-preserving, minus excluded names.

    Short all-caps tokens are dropped unless allow_codes (country tables list
    'US', 'UK' on purpose)."""
    seen = {fold(x) for x in exclude if x}
    out = []
    for c in cands:
        c = clean(c)
        if not c or not is_latin(c) or (is_code_like(c) and not allow_codes):
            continue
        k = fold(c)
        if not k or k in seen:
            continue
        seen.add(k)
        out.append(c)
    return out


# Generic words for administrative units, stripped only at the start or end of a
# name so that 'Khatlon Province' and 'Viloyati Sughd' also match as 'Khatlon'
# and 'Sughd'. Longest phrases first.
_UNIT_TRAIL = [
    "autonomous region", "autonomous republic", "autonomous okrug",
    "autonomous oblast", "autonomous province", "autonomous community",
    "special administrative region", "capital territory", "capital district",
    "federal district", "tribal area", "protected area", "metropolitan city",
    "province", "provincia", "region", "oblast", "oblasty", "oblysy", "oblys",
    "governorate", "wilayah", "wilayat", "viloyati", "viloyat", "velayat",
    "district", "state", "prefecture", "krai", "kray", "territory",
    "county", "department", "municipality", "division", "emirate", "canton",
    "parish", "voivodeship", "ostan", "shahrestan", "agency", "raion", "rayon",
    "rajon", "tumani", "tuman", "audany", "audani", "nohiya", "etrap", "etraby",
    "republic", "okrug", "shi", "sheng", "xian", "qu", "zizhiqu",
]
_UNIT_LEAD = [
    "wilayat e", "velayat e", "wilayat", "velayat", "viloyati mukhtori",
    "viloyati", "ostan e", "province of", "region of", "republic of",
    "state of", "nohiyai", "nohiyahoi", "mintaqat", "muhafazat", "muhafazah",
    "provincia de", "provincia di", "departamento de", "departamento del",
    "estado de", "distrito de", "municipio de", "wilaya de", "wilaya d",
    "shahrestan e", "bakhsh e",
]
# Words after which stripping would leave a useless name.
_TOO_GENERIC = {"north", "south", "east", "west", "central", "upper", "lower",
                "capital", "city", "federal", "new", "greater", "the", "de",
                "jewish", "special"}


def strip_units(name):
    """Return name without leading/trailing unit words, or '' if nothing changes."""
    words = name.split()
    fw = [fold(w) for w in words]
    changed = True
    while changed and len(words) > 1:
        changed = False
        low = " ".join(fw)
        for u in _UNIT_TRAIL:
            n = len(u.split())
            if len(words) > n and (low.endswith(" " + u)):
                words, fw = words[:-n], fw[:-n]
                changed = True
                break
        if changed:
            continue
        for u in _UNIT_LEAD:
            n = len(u.split())
            # 'Wilayat-e Kabul' folds to 'wilayat e kabul'; words[0] is 'Wilayat-e'.
            head = " ".join(fold(w) for w in words[:n])
            if len(words) > n and head == u:
                words, fw = words[n:], fw[n:]
                changed = True
                break
            one = fold(words[0])
            if len(words) > 1 and one == u:
                words, fw = words[1:], fw[1:]
                changed = True
                break
    out = " ".join(words)
    # 'Wilayat-e Kabul' is one hyphenated word per side of the space, handled
    # above; also catch a leading 'X-e ' glued with a hyphen.
    if fold(out) == fold(name):
        return ""
    if len(fold(out)) < 3 or fold(out) in _TOO_GENERIC:
        return ""
    return out


_EZAFE_RE = re.compile(r"(\w)(?:-ye|-e|-i|-yi|-e-|-i-|-ye-|-yi-)[ -]", re.UNICODE)


def persian_variants(name):
    """Spelling variants common in Dari/Pashto/Tajik/Persian transliteration.

    Ezafe: 'Darah-ye Nur' ~ 'Darah-i-Nur' ~ 'Darah-e Nur' ~ 'Darah Nur';
    final -ah ~ -a ('Goshtah' ~ 'Goshta'). Only applied to names that show the
    pattern; the gazetteer folds case and accents itself.
    """
    out = []
    if _EZAFE_RE.search(name):
        for rep in (r"\1-i-", r"\1-e ", r"\1-ye ", r"\1 "):
            v = _EZAFE_RE.sub(rep, name)
            if v != name:
                out.append(v)
    words = name.split()
    if any(len(fold(w)) > 4 and fold(w).endswith("ah") for w in words):
        out.append(" ".join(w[:-1] if len(fold(w)) > 4 and fold(w).endswith("ah")
                            else w for w in words))
    return out


_PERSIANATE = {"AF", "IR", "PK", "TJ"}


def pipe(names):
    return "|".join(names)


def write_tsv(path, header, rows, preamble=None):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(header) + "\n")
        for r in rows:
            vals = ["" if v is None else str(v) for v in r]
            for v in vals:
                if "\t" in v or "\n" in v:
                    raise SystemExit("bad value in %s: %r" % (path, v))
            f.write("\t".join(vals) + "\n")
    os.replace(tmp, path)


def read_source_tsv(path, columns):
    """Read one of our hand-authored tables; '#' lines and blank lines are skipped."""
    rows = []
    with open(path, encoding="utf-8") as f:
        header = None
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if header is None:
                header = parts
                if header != columns:
                    raise SystemExit("%s: header must be %s" % (path, columns))
                continue
            if len(parts) != len(columns):
                raise SystemExit("%s:%d: expected %d columns, got %d"
                                 % (path, lineno, len(columns), len(parts)))
            rows.append(dict(zip(columns, [p.strip() for p in parts])) | {"_line": lineno})
    return rows


# ---------------------------------------------------------------- GDAL helpers

def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stderr)
        raise SystemExit("command failed: " + " ".join(cmd))
    return r.stdout


def ogr_csv(src, sql, dst):
    """Run an SQL query on src and return the rows as dicts (via a CSV file)."""
    if os.path.exists(dst):
        os.remove(dst)
    run(["ogr2ogr", "-f", "CSV", dst, src, "-sql", sql])
    with open(dst, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# ---------------------------------------------------------------- loaders

PLACE_COLS = ["geonameid", "name", "asciiname", "altnames", "lat", "lon",
              "feature", "iso2", "admin1", "admin2", "population"]


def load_cities(path):
    rows = []
    with open(path, encoding="utf-8", newline="") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) < 19:
                continue
            try:
                pop = int(p[14] or 0)
            except ValueError:
                pop = 0
            rows.append({
                "id": int(p[0]), "name": clean(p[1]), "ascii": clean(p[2]),
                "alt": p[3], "lat": p[4].strip(), "lon": p[5].strip(),
                "fcode": p[7].strip(), "iso2": p[8].strip(), "a1": p[10].strip(),
                "a2": p[11].strip(), "pop": pop,
            })
    rows.sort(key=lambda r: r["id"])
    return rows


def place_altnames(r):
    cands = [a for a in r["alt"].split(",")]
    # Lower-case-only entries in GeoNames are machine romanisations of
    # non-Latin spellings (pinyin keys, 'kabl' for Arabic script ...); real
    # Latin-script names carry capitals.
    cands = [a for a in cands if any(c.isupper() for c in a)]
    return uniq_names(cands, exclude=(r["name"], r["ascii"]))


def best(rows):
    """Most populous row; ties broken by the smaller geonameid."""
    return min(rows, key=lambda r: (-r["pop"], r["id"])) if rows else None


# ---------------------------------------------------------------- builders

def build_places(cities, out):
    rows = []
    for r in cities:
        rows.append([r["id"], r["name"], r["ascii"], pipe(place_altnames(r)),
                     r["lat"], r["lon"], r["fcode"], r["iso2"], r["a1"], r["a2"],
                     r["pop"]])
    write_tsv(os.path.join(out, "places.tsv"), PLACE_COLS, rows)


def ne_iso_maps(ne_countries):
    """adm0_a3/ISO_A3 -> iso2 from NE countries (with iso2 already fixed)."""
    m = {}
    for c in ne_countries:
        if c["iso2"]:
            if c["ISO_A3"] and c["ISO_A3"] != "-99":
                m[c["ISO_A3"]] = c["iso2"]
    return m


def valid_iso2(s):
    return bool(s) and len(s) == 2 and s.isalpha() and s.isupper()


def seat_votes(ne_gpkg, cities, work):
    """Which GeoNames admin1 codes have seats inside each NE province polygon.

    Loads the PPLC/PPLA/PPLA2 places into a copy of the Natural Earth
    GeoPackage and intersects them in SQLite (Spatialite functions through
    GDAL's SQLite dialect). Returns {ne fid: {code: weight}}: a PPLA or PPLC
    inside counts 10, a PPLA2 counts 1.
    """
    pts = os.path.join(work, "seats.csv")
    with open(pts, "w", encoding="utf-8", newline="\n") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "weight", "lon", "lat"])
        for r in cities:
            if r["fcode"] in ("PPLC", "PPLA", "PPLA2") and r["a1"] and r["a1"] != "00":
                w.writerow([r["iso2"] + "." + r["a1"],
                            1 if r["fcode"] == "PPLA2" else 10, r["lon"], r["lat"]])
    stage = os.path.join(work, "votes.gpkg")
    if os.path.exists(stage):
        os.remove(stage)
    shutil.copyfile(ne_gpkg, stage)
    run(["ogr2ogr", "-update", "-f", "GPKG", stage, pts, "-nln", "seats",
         "-oo", "X_POSSIBLE_NAMES=lon", "-oo", "Y_POSSIBLE_NAMES=lat",
         "-oo", "KEEP_GEOM_COLUMNS=NO", "-a_srs", "EPSG:4326",
         "-nlt", "POINT", "-lco", "SPATIAL_INDEX=YES"])
    rows = ogr_csv(stage,
                   "SELECT p.fid + 0 AS src_fid, s.code AS code, "
                   "SUM(CAST(s.weight AS INTEGER)) AS w "
                   "FROM states_provinces p JOIN seats s ON s.fid IN "
                   "(SELECT id FROM rtree_seats_geom r WHERE "
                   "r.minx <= ST_MaxX(p.geom) AND r.maxx >= ST_MinX(p.geom) AND "
                   "r.miny <= ST_MaxY(p.geom) AND r.maxy >= ST_MinY(p.geom)) "
                   "AND ST_Intersects(p.geom, s.geom) "
                   "GROUP BY p.fid, s.code ORDER BY p.fid, s.code",
                   os.path.join(work, "votes.csv"))
    votes = {}
    for r in rows:
        votes.setdefault(int(r["src_fid"]), {})[r["code"]] = int(r["w"])
    return votes


def admin1_name_index(admin1, extra):
    """{iso2: {folded name: {codes}}} over GeoNames names and admin_extra.tsv."""
    idx = {}
    for code, a in admin1.items():
        d = idx.setdefault(code[:2], {})
        for n in [a["name"]] + extra.get(code, []):
            for k in {fold(n), fold(strip_units(n) or n)}:
                d.setdefault(k, set()).add(code)
    return idx


def name_codes(idx, iso2, n):
    d = idx.get(iso2, {})
    return d.get(fold(n), set()) | d.get(fold(strip_units(n) or n), set())


def match_provinces(ne_prov, admin1, a3_to_iso2, votes, idx):
    """Assign each NE states_provinces row to a GeoNames admin1 code.

    First by geography: the code whose seats (PPLA/PPLC, then PPLA2) lie in
    the polygon. Natural Earth's fips and names cannot be trusted alone: it
    reuses an old fips, and even swaps names, for provinces split off later
    (Panjshir and Daykundi in Afghanistan). Polygons with no seat inside fall
    back to a name vote (gn_name counts most), then to the fips ('AF18' ->
    'AF.18'). Returns {ne fid: (iso2, code, fips_ok)}.
    """
    res = {}
    weights = {"gn_name": 4, "woe_label": 3, "name": 2, "woe_name": 2}
    for p in ne_prov:
        fid = int(p["src_fid"])
        iso2 = p["iso_a2"] if valid_iso2(p["iso_a2"]) else a3_to_iso2.get(p["adm0_a3"], "")
        fips = p["fips"] or ""
        fcode = ""
        if iso2 and len(fips) > 2:
            c = iso2 + "." + fips[2:]
            if c in admin1:
                fcode = c
        code = ""
        v = {c: w for c, w in votes.get(fid, {}).items()
             if c[:2] == iso2 and c in admin1}
        if v:
            code = min(v, key=lambda c: (-v[c], c != fcode, c))
        else:
            nv = {}
            for field, w in weights.items():
                n = clean(p.get(field))
                if field == "woe_label":
                    n = clean(n.split(",")[0])
                if n:
                    for c in name_codes(idx, iso2, n):
                        nv[c] = nv.get(c, 0) + w
            if nv:
                code = min(nv, key=lambda c: (-nv[c], c != fcode, c))
            else:
                code = fcode
        res[fid] = (iso2, code, bool(code) and code == fcode)
    return res


def ne_names(p):
    names = [p.get("name"), p.get("gn_name"), p.get("woe_name")]
    lab = p.get("woe_label") or ""
    if lab:
        names.append(lab.split(",")[0])
    return [clean(n) for n in names if n and clean(n)]


def build_admin1(admin1, cities, ne_prov, match, extra, idx, out):
    by_a1 = {}
    for r in cities:
        by_a1.setdefault(r["iso2"] + "." + r["a1"], []).append(r)
    ne_by_code = {}
    for p in ne_prov:
        iso2, code, fips_ok = match[int(p["src_fid"])]
        if code:
            ne_by_code.setdefault(code, []).append((p, fips_ok))
    rows = []
    for code in sorted(admin1, key=lambda c: c.encode("utf-8")):
        a = admin1[code]
        name = a["name"]
        cands = []
        fips = set()
        matched = sorted(ne_by_code.get(code, []), key=lambda t: int(t[0]["src_fid"]))
        for p, fips_ok in matched:
            for n in ne_names(p):
                hit = name_codes(idx, code[:2], n)
                # Natural Earth sometimes carries a neighbour's (parent's) name.
                if hit - {code}:
                    continue
                # Several NE polygons in one code are sub-units (French
                # departements in a region): keep only names that confirm it.
                if len(matched) > 1 and code not in hit:
                    continue
                cands.append(n)
                cands.append(strip_units(n))
            if fips_ok:
                fips.add(p["fips"])
        cands.insert(0, strip_units(name))
        cands.extend(extra.get(code, []))
        if code[:2] in _PERSIANATE:
            # Variants only of names without unit words ('Sar-e Pol', not
            # 'Wilayat-e Kabul').
            for c in list(cands) + [name]:
                if c and not strip_units(c):
                    cands.extend(persian_variants(c))
        alts = uniq_names([c for c in cands if c], exclude=(name,))
        members = by_a1.get(code, [])
        seat, src = None, "none"
        ppla = [r for r in members if r["fcode"] == "PPLA"]
        pplc = [r for r in members if r["fcode"] == "PPLC"]
        keys = {fold(name)}
        if strip_units(name):
            keys.add(fold(strip_units(name)))
        named = [r for r in members if fold(r["name"]) in keys or fold(r["ascii"]) in keys]
        if ppla:
            seat, src = best(ppla), "ppla"
        elif pplc:
            seat, src = best(pplc), "pplc"
        elif named:
            seat, src = best(named), "name"
        elif members:
            seat, src = best(members), "largest"
        pop = sum(r["pop"] for r in members)
        rows.append([code, code[:2], name, pipe(alts),
                     seat["id"] if seat else "", seat["lat"] if seat else "",
                     seat["lon"] if seat else "", src, pipe(sorted(fips)), pop])
    return rows


def build_admin2(admin2, cities, a2extra, out):
    by_a2, by_a1_noa2 = {}, {}
    for r in cities:
        if r["a2"]:
            by_a2.setdefault(r["iso2"] + "." + r["a1"] + "." + r["a2"], []).append(r)
        else:
            by_a1_noa2.setdefault(r["iso2"] + "." + r["a1"], []).append(r)
    rows = []
    stats = {}
    for code in sorted(admin2, key=lambda c: c.encode("utf-8")):
        name = admin2[code]
        iso2, a1 = code.split(".")[0], ".".join(code.split(".")[:2])
        stripped = strip_units(name)
        cands = [stripped] + a2extra.get(code, [])
        if iso2 in _PERSIANATE:
            for c in [name, stripped] + a2extra.get(code, []):
                if c:
                    cands.extend(persian_variants(c))
        alts = uniq_names([c for c in cands if c], exclude=(name,))
        keys = {fold(name)} | {fold(c) for c in alts}
        members = by_a2.get(code, [])
        seat, src = None, "none"
        ppla2 = [r for r in members if r["fcode"] == "PPLA2"]
        named = [r for r in members if fold(r["name"]) in keys or fold(r["ascii"]) in keys]
        if not named:
            # Many cities500 rows carry no admin2 code; a same-named place in
            # the same admin1 without one is the seat (Danghara, Tajikistan).
            loose = [r for r in by_a1_noa2.get(a1, [])
                     if fold(r["name"]) in keys or fold(r["ascii"]) in keys]
            named = [r for r in loose if r["fcode"] == "PPLA2"] or loose
        if ppla2:
            seat, src = best(ppla2), "ppla2"
        elif named:
            seat, src = best(named), "name"
        elif members:
            seat, src = best(members), "largest"
        stats[src] = stats.get(src, 0) + 1
        rows.append([code, iso2, a1, name, pipe(alts),
                     seat["id"] if seat else "", seat["lat"] if seat else "",
                     seat["lon"] if seat else "", src])
    return rows, stats


def build_countries(ne_countries, cextra, capx, cities, out):
    """Return ({iso2: row dict}, rows of countries.tsv without the own point).

    The capital is the country's GeoNames PPLC place; `capx` ({iso2: geonameid},
    capital_extra.tsv) names it for the few countries where cities500 marks none."""
    pplc, pop = {}, {}
    by_id = {r["id"]: r for r in cities}
    for iso2, (gid, name) in capx.items():
        if gid not in by_id or by_id[gid]["name"] != name:
            raise SystemExit("capital_extra.tsv: %s: no cities500 place %d named %s"
                             % (iso2, gid, name))
    for r in cities:
        pop[r["iso2"]] = pop.get(r["iso2"], 0) + r["pop"]
        if r["fcode"] == "PPLC":
            pplc.setdefault(r["iso2"], []).append(r)
    ne_by = {}
    for c in ne_countries:
        if c["iso2"]:
            ne_by.setdefault(c["iso2"], []).append(c)
    missing = sorted(set(ne_by) - set(cextra))
    if missing:
        raise SystemExit("country_extra.tsv lacks Natural Earth countries: " + " ".join(missing))
    res = {}
    rows = []
    for iso2 in sorted(cextra):
        x = cextra[iso2]
        cands = [n.strip() for n in x["altnames"].split("|") if n.strip()]
        for c in ne_by.get(iso2, []):
            if c["NAME"]:
                cands.append(c["NAME"])
        alts = uniq_names(cands, exclude=(x["name"],), allow_codes=True)
        cap = best(pplc.get(iso2, []))
        if iso2 in capx:
            if cap:
                raise SystemExit("capital_extra.tsv: %s already has a PPLC capital (%s)"
                                 % (iso2, cap["name"]))
            cap = by_id[capx[iso2][0]]
            if cap["iso2"] != iso2:
                raise SystemExit("capital_extra.tsv: %s: place %d is in %s"
                                 % (iso2, cap["id"], cap["iso2"]))
        iso3 = x["iso3"]
        for c in ne_by.get(iso2, []):
            if c["ISO_A3"] and c["ISO_A3"] != "-99":
                iso3 = c["ISO_A3"]
        row = {"iso2": iso2, "iso3": iso3, "name": x["name"], "alts": alts,
               "cap": cap, "pop": pop.get(iso2, 0), "continent": x["continent"]}
        res[iso2] = row
        rows.append([iso2, iso3, x["name"], pipe(alts), cap["id"] if cap else "",
                     cap["lat"] if cap else "", cap["lon"] if cap else "",
                     row["pop"], x["continent"]])
    return res, rows


COUNTRY_COLS = ["iso2", "iso3", "name", "altnames", "lat", "lon", "point_source",
                "capital_geonameid", "seat_lat", "seat_lon", "population", "continent"]
ADMIN1_COLS = ["code", "iso2", "name", "altnames", "lat", "lon", "point_source",
               "seat_geonameid", "seat_lat", "seat_lon", "seat_source", "ne_fips",
               "population"]
ADMIN2_COLS = ["code", "iso2", "admin1", "name", "altnames", "lat", "lon", "point_source",
               "seat_geonameid", "seat_lat", "seat_lon", "seat_source"]


def with_point(row, at, pt, seat_lat, seat_lon):
    """Insert the unit's own point before its seat columns; no point: the seat."""
    if pt:
        own = [pt[0], pt[1], pt[2]]
    elif row[seat_lat] != "":
        own = [row[seat_lat], row[seat_lon], "seat"]
    else:
        own = ["", "", "none"]
    return row[:at] + own + row[at:]


def write_unit_tables(out, crows, a1rows, a2rows, basemap, cities, rule):
    """Give every country, admin1 and admin2 its own point (own_points.py) and write
    countries.tsv, admin1.tsv and admin2.tsv. Returns point-source counts."""
    pts = own_points.compute(basemap, rule)
    seats = {r[0]: (r[6], r[7]) for r in a2rows if r[6] != ""}
    a2pts = own_points.admin2_points(
        ((r["iso2"] + "." + r["a1"] + "." + r["a2"], float(r["lat"]), float(r["lon"]))
         for r in cities if r["a2"]), seats)
    crows = [with_point(r, 4, pts["countries"].get(r[0]), 5, 6) for r in crows]
    a1rows = [with_point(r, 4, pts["provinces"].get(r[0]), 5, 6) for r in a1rows]
    a2rows = [with_point(r, 5, a2pts.get(r[0]), 6, 7) for r in a2rows]
    write_tsv(os.path.join(out, "countries.tsv"), COUNTRY_COLS, crows)
    write_tsv(os.path.join(out, "admin1.tsv"), ADMIN1_COLS, a1rows)
    write_tsv(os.path.join(out, "admin2.tsv"), ADMIN2_COLS, a2rows)
    stats = {}
    for name, rows, at in (("C", crows, 6), ("A1", a1rows, 6), ("A2", a2rows, 7)):
        c = {}
        for r in rows:
            c[r[at]] = c.get(r[at], 0) + 1
        stats[name + "_POINTS"] = ", ".join("%s %d" % (k, c[k]) for k in sorted(c))
    return stats


FEATURE_KINDS = ("site", "valley", "gorge", "island", "region", "pass", "mountain")
FEATURE_COLS = ["name", "altnames", "kind", "feature", "lat", "lon", "iso2", "admin1",
                "source"]


def build_features(src, countries, basemap, out):
    """features.tsv: the named sites, valleys, gorges, islands, passes and regions of
    features_source.tsv, checked, with the admin1 code of the province they lie in
    (Natural Earth polygon of basemap.gpkg). A point inside another country's polygon
    is an error: it catches a wrong sign or swapped coordinates."""
    cloc = own_points.Locator(basemap, "countries", "iso2")
    ploc = own_points.Locator(basemap, "provinces", "code")
    rows, seen = [], set()
    cols = [c for c in FEATURE_COLS if c != "admin1"]
    for d in read_source_tsv(src, cols):
        where = "%s:%d" % (os.path.basename(src), d["_line"])
        if d["iso2"] not in countries:
            raise SystemExit("%s: unknown iso2 %r" % (where, d["iso2"]))
        if d["kind"] not in FEATURE_KINDS:
            raise SystemExit("%s: kind %r is not one of %s" % (where, d["kind"],
                                                                ", ".join(FEATURE_KINDS)))
        if not re.fullmatch(r"[A-Z0-9]{2,5}", d["feature"]) or not d["source"]:
            raise SystemExit("%s: needs a GeoNames feature code and a source" % where)
        try:
            lat, lon = float(d["lat"]), float(d["lon"])
        except ValueError:
            raise SystemExit("%s: bad coordinates" % where)
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise SystemExit("%s: coordinates out of range" % where)
        name = d["name"]
        if not name or clean(name) != name or fold(name) in seen:
            raise SystemExit("%s: bad or repeated name %r" % (where, name))
        seen.add(fold(name))
        inc = cloc.find(lat, lon)
        if inc and inc != d["iso2"]:
            raise SystemExit("%s: %s lies in %s, not %s" % (where, name, inc, d["iso2"]))
        a1 = ploc.find(lat, lon)
        if a1[:2] != d["iso2"]:
            a1 = ""
        alts = uniq_names([n.strip() for n in d["altnames"].split("|") if n.strip()],
                          exclude=(name,))
        rows.append([name, pipe(alts), d["kind"], d["feature"], "%.5f" % lat, "%.5f" % lon,
                     d["iso2"], a1, d["source"]])
    rows.sort(key=lambda r: (r[6], fold(r[0]), r[0].encode("utf-8")))
    write_tsv(os.path.join(out, "features.tsv"), FEATURE_COLS, rows)
    return len(rows)


def build_demonyms(src, countries, admin1, out):
    rows = []
    seen = set()
    for d in read_source_tsv(src, ["word", "iso2", "admin1", "form"]):
        w, iso2, a1, form = d["word"], d["iso2"], d["admin1"], d["form"]
        where = "%s:%d" % (os.path.basename(src), d["_line"])
        if iso2 not in countries:
            raise SystemExit("%s: unknown iso2 %r" % (where, iso2))
        if a1 and (a1 not in admin1 or a1[:2] != iso2):
            raise SystemExit("%s: unknown admin1 %r for %s" % (where, a1, iso2))
        if form not in ("adj", "noun", "plural"):
            raise SystemExit("%s: bad form %r" % (where, form))
        if not w or clean(w) != w:
            raise SystemExit("%s: bad word %r" % (where, w))
        key = (w, iso2, a1)
        if key in seen:
            raise SystemExit("%s: duplicate %r" % (where, key))
        seen.add(key)
        rows.append([w, iso2, a1, form])
    rows.sort(key=lambda r: (r[0].encode("utf-8"), r[1], r[2], r[3]))
    write_tsv(os.path.join(out, "demonyms.tsv"), ["word", "iso2", "admin1", "form"], rows)
    return len(rows)


def disputed_type(name):
    n = (name or "").lower()
    if "ceasefire" in n or "line of control" in n:
        return "ceasefire line"
    if "former" in n:
        return "former boundary"
    if n.endswith("claim"):
        return "claim"
    return "disputed"


LAND_SIMPLIFY_DEG = "0.005"

LAYER_DESC = {
    "countries": "Natural Earth 10m admin-0 countries (public domain), with "
                 "incmap's ISO codes, long names and continents; see SOURCES.md",
    "provinces": "Natural Earth 10m admin-1 states/provinces (public domain), "
                 "with the matching GeoNames admin1 code; see SOURCES.md",
    "disputed": "Natural Earth 10m disputed boundaries (public domain); type "
                "derived from the name; see SOURCES.md",
    "land": "Natural Earth 10m land via npm world-atlas (public domain), "
            "thinned to 0.005 deg, one feature per polygon",
}


def build_basemap(ne_gpkg, land, countries_ne, cmap, prov_match, ne_prov_rows,
                  disputed, admin1, idx, work, out):
    """Write basemap.gpkg with layers countries, provinces, disputed, land."""
    # Attribute tables computed here are joined to the NE geometries in SQLite.
    ctab = os.path.join(work, "country_attr.csv")
    with open(ctab, "w", encoding="utf-8", newline="\n") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["src_fid", "iso2", "iso3", "name", "name_long", "continent", "pop_est"])
        for c in countries_ne:
            iso2 = c["iso2"]
            info = cmap.get(iso2)
            w.writerow([c["src_fid"], iso2, info["iso3"] if info else (c["ISO_A3"] or ""),
                        clean(c["NAME"]) or (info["name"] if info else ""),
                        info["name"] if info else clean(c["NAME"]),
                        info["continent"] if info else "", info["pop"] if info else 0])
    ptab = os.path.join(work, "province_attr.csv")
    with open(ptab, "w", encoding="utf-8", newline="\n") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["src_fid", "iso2", "code", "name"])
        for p in ne_prov_rows:
            iso2, code, _ = prov_match[int(p["src_fid"])]
            name = clean(p["name"])
            # A polygon placed in another code by its seats keeps a stale NE
            # label (Daykundi is labelled 'Uruzgan'): use the GeoNames name.
            if code and name and code not in name_codes(idx, iso2, name) \
                    and name_codes(idx, iso2, name):
                name = admin1[code]["name"]
            w.writerow([p["src_fid"], iso2, code, name])
    dtab = os.path.join(work, "disputed_attr.csv")
    with open(dtab, "w", encoding="utf-8", newline="\n") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["src_fid", "type"])
        for d in disputed:
            w.writerow([d["src_fid"], disputed_type(d["name"])])

    stage = os.path.join(work, "stage.gpkg")
    if os.path.exists(stage):
        os.remove(stage)
    shutil.copyfile(ne_gpkg, stage)
    for t in (ctab, ptab, dtab):
        run(["ogr2ogr", "-update", "-f", "GPKG", stage, t,
             "-nln", os.path.splitext(os.path.basename(t))[0]])

    dst = os.path.join(work, "basemap.gpkg")
    if os.path.exists(dst):
        os.remove(dst)
    common = ["-f", "GPKG", "-a_srs", "EPSG:4326", "-lco", "SPATIAL_INDEX=YES",
              "-lco", "GEOMETRY_NAME=geom", "-lco", "FID=fid"]
    layers = [
        ("countries", "MULTIPOLYGON",
         "SELECT c.geom AS geom, a.iso2 AS iso2, a.iso3 AS iso3, a.name AS name, "
         "a.name_long AS name_long, a.continent AS continent, "
         "CAST(a.pop_est AS INTEGER) AS pop_est FROM countries c "
         "JOIN country_attr a ON CAST(a.src_fid AS INTEGER) = c.fid ORDER BY c.fid"),
        ("provinces", "MULTIPOLYGON",
         "SELECT p.geom AS geom, a.iso2 AS iso2, a.code AS code, a.name AS name, "
         "p.fips AS fips FROM states_provinces p "
         "JOIN province_attr a ON CAST(a.src_fid AS INTEGER) = p.fid ORDER BY p.fid"),
        ("disputed", "MULTILINESTRING",
         "SELECT d.geom AS geom, d.name AS name, a.type AS type FROM disputed_borders d "
         "JOIN disputed_attr a ON CAST(a.src_fid AS INTEGER) = d.fid ORDER BY d.fid"),
    ]
    for i, (name, gtype, sql) in enumerate(layers):
        cmd = ["ogr2ogr"] + common + ["-nln", name, "-nlt", gtype, "-sql", sql,
                                      "-lco", "DESCRIPTION=" + LAYER_DESC[name]]
        if i:
            cmd.insert(1, "-update")
        run(cmd + [dst, stage])
    # world-atlas' 10m land has about twice the vertices of the qgis-common
    # countries it lies under; thinning it to that density (0.005 deg, about
    # 500 m) keeps geodata/ lean without a visible difference at map scale.
    # One feature per island so the spatial index can skip most of the world.
    run(["ogr2ogr", "-update"] + common + ["-nln", "land", "-nlt", "MULTIPOLYGON",
                                           "-simplify", LAND_SIMPLIFY_DEG,
                                           "-explodecollections",
                                           "-sql", "SELECT * FROM land",
                                           "-lco", "DESCRIPTION=" + LAYER_DESC["land"],
                                           dst, land])
    # Drop the TopoJSON 'id' column (empty) and compact the file.
    run(["ogrinfo", "-q", dst, "-sql", "ALTER TABLE land DROP COLUMN id"])
    run(["ogrinfo", "-q", dst, "-sql", "VACUUM"])
    final = os.path.join(out, "basemap.gpkg")
    shutil.copyfile(dst, final + ".tmp")
    os.replace(final + ".tmp", final)


def write_sources(tables, out, versions, date, stats):
    with open(os.path.join(tables, "SOURCES.md.in"), encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r"\A<!--.*?-->\n", "", text, flags=re.S)
    for k, v in versions.items():
        text = text.replace("@" + k + "@", v)
    text = text.replace("@GPKG_DATE@", date)
    for k, v in stats.items():
        text = text.replace("@" + k + "@", str(v))
    left = re.findall(r"@[A-Za-z0-9_.-]+@", text)
    if left:
        raise SystemExit("SOURCES.md.in: unreplaced " + " ".join(sorted(set(left))))
    with open(os.path.join(out, "SOURCES.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for a in ("cities500", "admin1", "admin2", "ne-gpkg", "land", "tables",
              "work", "out", "versions", "gpkg-date"):
        ap.add_argument("--" + a, required=True)
    o = ap.parse_args()
    os.makedirs(o.work, exist_ok=True)
    os.makedirs(o.out, exist_ok=True)
    versions = dict(kv.split("=", 1) for kv in o.versions.split(","))

    cities = load_cities(o.cities500)
    print("places: %d rows" % len(cities), file=sys.stderr)
    build_places(cities, o.out)

    with open(o.admin1, encoding="utf-8") as f:
        admin1 = {clean(a["code"]): {"name": clean(a["name"])} for a in json.load(f)}
    with open(o.admin2, encoding="utf-8") as f:
        admin2 = {clean(a["code"]): clean(a["name"]) for a in json.load(f)}

    ne_countries = ogr_csv(o.ne_gpkg,
                           "SELECT fid + 0 AS src_fid, iso_a2, NAME, ISO_A3, FIPS_10_ "
                           "FROM countries ORDER BY fid",
                           os.path.join(o.work, "ne_countries.csv"))
    for c in ne_countries:
        c["iso2"] = c["iso_a2"] if valid_iso2(c["iso_a2"]) else ""
    ne_prov = ogr_csv(o.ne_gpkg,
                      "SELECT fid + 0 AS src_fid, iso_a2, name, fips, woe_label, woe_name, "
                      "adm0_a3, gn_name FROM states_provinces ORDER BY fid",
                      os.path.join(o.work, "ne_prov.csv"))
    disputed = ogr_csv(o.ne_gpkg,
                       "SELECT fid + 0 AS src_fid, name FROM disputed_borders ORDER BY fid",
                       os.path.join(o.work, "ne_disputed.csv"))

    cextra = {}
    for r in read_source_tsv(os.path.join(o.tables, "country_extra.tsv"),
                             ["iso2", "iso3", "name", "continent", "altnames"]):
        if r["iso2"] in cextra:
            raise SystemExit("country_extra.tsv: duplicate %s" % r["iso2"])
        cextra[r["iso2"]] = r
    aextra = {}
    for r in read_source_tsv(os.path.join(o.tables, "admin_extra.tsv"),
                             ["code", "altnames"]):
        if r["code"] not in admin1:
            raise SystemExit("admin_extra.tsv:%d: unknown admin1 %s" % (r["_line"], r["code"]))
        aextra.setdefault(r["code"], []).extend(
            n.strip() for n in r["altnames"].split("|") if n.strip())

    a3 = ne_iso_maps(ne_countries)
    idx = admin1_name_index(admin1, aextra)
    votes = seat_votes(o.ne_gpkg, cities, o.work)
    match = match_provinces(ne_prov, admin1, a3, votes, idx)
    a1rows = build_admin1(admin1, cities, ne_prov, match, aextra, idx, o.out)
    a2extra = {}
    for r in read_source_tsv(os.path.join(o.tables, "admin2_extra.tsv"),
                             ["code", "altnames"]):
        if r["code"] not in admin2:
            raise SystemExit("admin2_extra.tsv:%d: unknown admin2 %s" % (r["_line"], r["code"]))
        a2extra.setdefault(r["code"], []).extend(
            n.strip() for n in r["altnames"].split("|") if n.strip())
    a2rows, a2stats = build_admin2(admin2, cities, a2extra, o.out)
    capx = {}
    for r in read_source_tsv(os.path.join(o.tables, "capital_extra.tsv"),
                             ["iso2", "geonameid", "name"]):
        if r["iso2"] not in cextra or r["iso2"] in capx:
            raise SystemExit("capital_extra.tsv:%d: unknown or repeated %s"
                             % (r["_line"], r["iso2"]))
        capx[r["iso2"]] = (int(r["geonameid"]), r["name"])
    cmap, crows = build_countries(ne_countries, cextra, capx, cities, o.out)
    ndem = build_demonyms(os.path.join(o.tables, "demonyms_source.tsv"), cmap, admin1, o.out)
    build_basemap(o.ne_gpkg, o.land, ne_countries, cmap, match, ne_prov, disputed,
                  admin1, idx, o.work, o.out)
    pstats = write_unit_tables(o.out, crows, a1rows, a2rows,
                               os.path.join(o.out, "basemap.gpkg"), cities,
                               "main-body")
    nfeat = build_features(os.path.join(o.tables, "features_source.tsv"), cmap,
                           os.path.join(o.out, "basemap.gpkg"), o.out)

    a1stats = {}
    for r in a1rows:
        a1stats[r[7]] = a1stats.get(r[7], 0) + 1
    stats = {
        "N_PLACES": len(cities), "N_ADMIN1": len(admin1), "N_ADMIN2": len(admin2),
        "N_COUNTRIES": len(cmap), "N_DEMONYMS": ndem, "N_FEATURES": nfeat,
        "N_PROV": len(ne_prov),
        "N_PROV_CODED": sum(1 for v in match.values() if v[1]),
        "A1_SEATS": ", ".join("%s %d" % (k, a1stats[k]) for k in sorted(a1stats)),
        "A2_SEATS": ", ".join("%s %d" % (k, a2stats[k]) for k in sorted(a2stats)),
    }
    stats.update(pstats)
    write_sources(o.tables, o.out, versions, o.gpkg_date, stats)
    for k in sorted(stats):
        print("%s: %s" % (k, stats[k]), file=sys.stderr)


if __name__ == "__main__":
    main()
