#!/bin/sh
# Filtering benchmark (filter issue): 1 M synthetic points from ../shared/bench's
# generator, filtered by bbox, attributes and polygons (Afghanistan + Tajikistan +
# Uzbekistan), written to GPKG and GeoJSON, by incmap and by the fastest ogr2ogr form,
# in the same run. Prints seconds, peak memory and the ratios (ogr2ogr / incmap).
# usage: bench/filter.sh [BUILD_DIR] [N]      (run from the repository root)
set -eu
build="${1:-build}"
n="${2:-1000000}"
bin="$build/incmap"
basemap="$build/geodata/basemap.gpkg"
shared="$(cd "$(dirname "$0")/../.." && pwd)/shared/bench"
[ -x "$bin" ] || { echo "bench/filter.sh: '$bin' not found; build first" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$shared/make_points.py" "$n" "$work" >/dev/null
ogr2ogr -f GPKG "$work/points.gpkg" "$work/points_$n.csv" -nln points -a_srs EPSG:4326 \
  -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat
# the union of the three countries, in the same file, for ogr2ogr's SQLite dialect
ogr2ogr -f GPKG -append "$work/points.gpkg" "$basemap" -nln aoi -dialect SQLite \
  -sql "SELECT ST_Union(geom) AS geom FROM countries WHERE iso2 IN ('AF','TJ','UZ')"

run() { # label, command...
  label=$1; shift
  rm -f "$work"/out.*
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || {
    echo "$label failed:"; cat "$work/err"; exit 1; }
  cat "$work/time"
}

printf '%-34s %9s %9s %8s %10s %10s\n' job "incmap s" "ogr2ogr s" ratio "incmap MB" "ogr2ogr MB"
for ext in gpkg geojson; do
  fmt=$([ "$ext" = gpkg ] && echo GPKG || echo GeoJSON)
  for job in bbox attribute polygon; do
    case $job in
      bbox)
        a=$(run "incmap $job" "$bin" filter "$work/points.gpkg" -q --bbox 60,29,75,39 -o "$work/out.$ext")
        b=$(run "ogr2ogr $job" ogr2ogr -f "$fmt" "$work/out.$ext" "$work/points.gpkg" points -spat 60 29 75 39) ;;
      attribute)
        a=$(run "incmap $job" "$bin" filter "$work/points.gpkg" -q --since 2021-08-15 --type attack -o "$work/out.$ext")
        b=$(run "ogr2ogr $job" ogr2ogr -f "$fmt" "$work/out.$ext" "$work/points.gpkg" points \
              -where "event_date >= '2021-08-15' AND event_type = 'attack'") ;;
      polygon)
        a=$(run "incmap $job" "$bin" filter "$work/points.gpkg" -q --country AF,TJ,UZ --coast-km 0 -o "$work/out.$ext")
        b=$(run "ogr2ogr $job" ogr2ogr -f "$fmt" "$work/out.$ext" "$work/points.gpkg" -dialect SQLite \
              -sql "SELECT p.* FROM points p, aoi a WHERE ST_Intersects(p.geom, a.geom)") ;;
    esac
    set -- $a; ta=$1; ma=$2
    set -- $b; tb=$1; mb=$2
    printf '%-34s %9s %9s %7.2fx %10d %10d\n' "$job -> $ext ($n points)" "$ta" "$tb" \
      "$(echo "$tb / $ta" | bc -l)" $((ma / 1024)) $((mb / 1024))
  done
done
