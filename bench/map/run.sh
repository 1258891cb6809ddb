#!/bin/sh
# The reference briefing map of ../shared/bench/README.md, drawn by incmap and by the
# GMT, cartopy and Mapnik peers in the same run: hyperfine times each (PNG 300 dpi and
# vector PDF), /usr/bin/time -v gives peak memory, and report.py prints ratios.
# Run from the repository root after a build:
#   bench/map/run.sh [BUILD_DIR] [OUTDIR]     (OUTDIR defaults to BUILD_DIR/bench-map)
# env: GPKG  Natural Earth world_map.gpkg for the peers (default: Debian qgis-common's)
#      BENCH shared bench folder (default: ../shared/bench beside the repository)
#      RUNS  hyperfine runs per command (default 10)
# Needs: hyperfine, gmt gmt-gshhg ghostscript, python3-cartopy python3-matplotlib
# python3-gdal python3-mapnik (Debian), and /usr/bin/time.
set -eu
build="${1:-build}"
out="${2:-$build/bench-map}"
bench="${BENCH:-../shared/bench}"
runs="${RUNS:-10}"
GPKG="${GPKG:-/usr/share/qgis/resources/data/world_map.gpkg}"
export GPKG
bin="$(cd "$build" && pwd)/incmap"
[ -x "$bin" ] || { echo "bench/map/run.sh: '$bin' not found; build first" >&2; exit 1; }
[ -f "$bench/points.tsv" ] || { echo "bench/map/run.sh: no $bench/points.tsv" >&2; exit 1; }
[ -f "$GPKG" ] || { echo "bench/map/run.sh: no $GPKG (set GPKG)" >&2; exit 1; }
bench="$(cd "$bench" && pwd)"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
here="$(cd "$(dirname "$0")" && pwd)"

lcc='+proj=lcc +lat_1=30 +lat_2=45 +lat_0=37 +lon_0=62 +datum=WGS84 +units=m +no_defs'
title='Incidents in Central Asia, Afghanistan and Iran (reference briefing map)'
incmap_cmd() {  # $1 = png|pdf
  printf "%s map '%s' -o '%s/incmap_refmap.%s' --bbox 44,24,80,50 --proj '%s' --paper A4 \
--landscape --dpi 300 --title '%s' --overwrite -q" "$bin" "$bench/points.tsv" "$out" "$1" \
    "$lcc" "$title"
}
peer_cmd() {  # $1 = peer, $2 = png|pdf
  case $1 in
    gmt) printf "bash '%s/gmt.sh' %s '%s'" "$bench" "$2" "$out" ;;
    cartopy) printf "/usr/bin/python3 '%s/cartopy_peer.py' %s '%s'" "$bench" "$2" "$out" ;;
    mapnik) printf "/usr/bin/python3 '%s/mapnik_peer.py' %s '%s'" "$bench" "$2" "$out" ;;
  esac
}

for fmt in png pdf; do
  hyperfine --warmup 1 --runs "$runs" --export-json "$out/times_$fmt.json" \
    -n incmap "$(incmap_cmd $fmt)" \
    -n mapnik "$(peer_cmd mapnik $fmt)" \
    -n cartopy "$(peer_cmd cartopy $fmt)" \
    -n gmt "$(peer_cmd gmt $fmt)"
done

: > "$out/memory.tsv"
for fmt in png pdf; do
  for tool in incmap mapnik cartopy gmt; do
    if [ "$tool" = incmap ]; then cmd="$(incmap_cmd $fmt)"; else cmd="$(peer_cmd $tool $fmt)"; fi
    kb=$(/usr/bin/time -v sh -c "$cmd" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}')
    printf '%s\t%s\t%s\n' "$tool" "$fmt" "$kb" >> "$out/memory.tsv"
  done
done

# what each drew: label counts from incmap's own placement report
"$bin" map "$bench/points.tsv" -o "$out/incmap_refmap.png" --bbox 44,24,80,50 --proj "$lcc" \
  --paper A4 --landscape --dpi 300 --title "$title" --overwrite 2> "$out/incmap_summary.txt"
BENCH="$bench" python3 "$here/report.py" "$out"
