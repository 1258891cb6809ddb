#!/bin/sh
# Web page benchmark (issue 16): 10,000 ACLED events -- ACLED's own coding and notes
# from ../shared/eval/acled-dev, converted to an ACLED-like CSV at run time by
# bench/web_acled_csv.py -- through `incmap web`, then the page opened RUNS times in
# headless Chromium (bench/web_measure.py over the DevTools protocol). Prints the time
# `incmap web` takes, the page's size, and when the page became interactive (its ready
# mark: data parsed, basemap, markers, timeline and table drawn; target under 1 s),
# with the machine's load average, which these timings depend on.
# usage: bench/web.sh [BUILD_DIR] [N] [RUNS]      (run from the repository root)
set -eu
build="${1:-build}"
n="${2:-10000}"
runs="${3:-5}"
bin="$build/incmap"
here=$(cd "$(dirname "$0")" && pwd)
acled="$here/../../shared/eval/acled-dev"
[ -x "$bin" ] || { echo "bench/web.sh: '$bin' not found; build first" >&2; exit 1; }
[ -d "$acled" ] || { echo "bench/web.sh: no ACLED notes in $acled" >&2; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/web_acled_csv.py" "$acled" "$here/../geodata/countries.tsv" "$n" "$work/acled.csv"
/usr/bin/time -f "%e %M" -o "$work/time" "$bin" web "$work/acled.csv" -o "$work/acled.html" -q
read -r secs kb < "$work/time"
echo "incmap web: $n incidents in $secs s, peak $((kb / 1024)) MB"
echo "page size: $(stat -c %s "$work/acled.html") bytes"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
/usr/bin/python3 "$here/web_measure.py" "$work/acled.html" "$runs"
