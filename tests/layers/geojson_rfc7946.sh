#!/bin/sh
# GeoJSON output passes a strict RFC 7946 validator (@placemarkio/check-geojson under
# node, plus check_geojson.js's own checks). Exit 77 when node or the package is
# missing (scripts/setup.sh installs them).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
command -v node >/dev/null 2>&1 || { echo "SKIP: node is not installed"; exit 77; }
[ -d "$here/node_modules/@placemarkio/check-geojson" ] || {
    echo "SKIP: run 'npm install --prefix tests/layers @placemarkio/check-geojson'"
    exit 77
}
scratch
make_outputs "$SCRATCH" geojson
"$INCMAP_BIN" extract "$(seed_report)" -o "$SCRATCH/one.geojson" -q
node "$here/check_geojson.js" "$SCRATCH"/geojson/*.geojson "$SCRATCH"/one*.geojson
