#!/bin/sh
# Corpus-mode throughput (issue 18): `incmap extract --jsonl` on the world-2020 ACLED
# notes (../shared/eval/acled-dev, read where they are, never copied) on one core
# (-j 1), and on REPEAT copies of them in one file made at run time in a temporary
# folder (removed afterwards), so the fixed start-up cost (loading GDAL, the tables)
# is spread as it is on a real feed. Prints notes per second of CPU time (user + sys,
# the steadier figure on a shared machine) and of wall time, best of RUNS runs.
# Target: 5,000 notes a second on one core.
# Run from the repository root after a build:
#   bench/extract_jsonl.sh [BUILD_DIR] [RUNS] [REPEAT] [JOBS]
set -eu
build="${1:-build}"
runs="${2:-3}"
repeat="${3:-4}"
jobs="${4:-1}"
prog="$build/incmap"
eval_dir="${INCMAP_EVAL_DIR:-../shared/eval}"
notes="$eval_dir/acled-dev/world-2020/docs.jsonl"
[ -x "$prog" ] || { echo "bench/extract_jsonl.sh: '$prog' not found; build first" >&2; exit 1; }
[ -f "$notes" ] || { echo "bench/extract_jsonl.sh: no '$notes'" >&2; exit 1; }
export INCMAP_DATA="${INCMAP_DATA:-$build/geodata}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
: > "$tmp/many.jsonl"
i=0
while [ "$i" -lt "$repeat" ]; do
  cat "$notes" >> "$tmp/many.jsonl"
  i=$((i + 1))
done
measure() {  # FILE LABEL
  n=$(grep -c . "$1")
  best_cpu=""; best_wall=""
  r=0
  while [ "$r" -lt "$runs" ]; do
    /usr/bin/time -f "%U %S %e" -o "$tmp/time" "$prog" extract -q --jsonl "$1" -j "$jobs" \
      --no-qgis --overwrite -o "$tmp/out.geojson"
    set -- "$1" "$2" $(cat "$tmp/time")
    cpu=$(awk -v u="$3" -v s="$4" 'BEGIN { print u + s }')
    wall=$5
    best_cpu=$(awk -v a="$cpu" -v b="${best_cpu:-$cpu}" 'BEGIN { print (a < b ? a : b) }')
    best_wall=$(awk -v a="$wall" -v b="${best_wall:-$wall}" 'BEGIN { print (a < b ? a : b) }')
    set -- "$1" "$2"
    r=$((r + 1))
  done
  awk -v l="$2" -v n="$n" -v c="$best_cpu" -v w="$best_wall" 'BEGIN {
    printf "%-28s %7d notes  cpu %6.2f s  %7.0f notes/s   wall %6.2f s  %7.0f notes/s\n",
      l, n, c, n / (c > 0 ? c : 0.01), w, n / (w > 0 ? w : 0.01) }'
}
echo "extract --jsonl -j $jobs, best of $runs runs (target: 5000 notes/s on one core)"
measure "$notes" "world-2020"
measure "$tmp/many.jsonl" "world-2020 x $repeat"
