#!/bin/sh
# Geoparsing throughput: builds a large input at run time (the shared seed report
# repeated to SIZE_MB, default 50, in a temporary directory that is removed
# afterwards; never committed) and runs bench_geoparse_throughput on it, which prints
# MB/s for geoparsing and for the floor of merely reading and decoding the text.
# Run from the repository root after a build: bench/geoparse.sh [BUILD_DIR] [SIZE_MB]
set -eu
build="${1:-build}"
size_mb="${2:-50}"
prog="$build/bench/bench_geoparse_throughput"
seed_dir="${INCMAP_SEED_DIR:-../shared/seed}"
[ -x "$prog" ] || { echo "bench/geoparse.sh: '$prog' not found; build first" >&2; exit 1; }
seed=$(ls "$seed_dir"/*.txt 2>/dev/null | head -n 1)
[ -n "$seed" ] || { echo "bench/geoparse.sh: no seed report in '$seed_dir'" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
want=$((size_mb * 1000000))
: > "$tmp/input.txt"
while [ "$(wc -c < "$tmp/input.txt")" -lt "$want" ]; do
  cat "$seed" "$seed" "$seed" "$seed" "$seed" "$seed" "$seed" "$seed" >> "$tmp/input.txt"
done
INCMAP_DATA="${INCMAP_DATA:-$build/geodata}" "$prog" "$tmp/input.txt" 3
