#!/bin/sh
# Times `incmap geocode Kabul` as a whole process (hyperfine when installed, else a
# loop of N runs) and the gazetteer open alone. Run from the repository root after a
# build: bench/geocode.sh [BUILD_DIR]
set -eu
build="${1:-build}"
bin="$build/incmap"
[ -x "$bin" ] || { echo "bench/geocode.sh: '$bin' not found; build first" >&2; exit 1; }
if command -v hyperfine >/dev/null 2>&1; then
  hyperfine -N --warmup 5 --runs 100 "$bin geocode Kabul" 2>/dev/null | sed -n '1,3p'
else
  python3 - "$bin" <<'PY'
import statistics, subprocess, sys, time
t = []
for _ in range(100):
    s = time.perf_counter()
    subprocess.run([sys.argv[1], 'geocode', 'Kabul'], stdout=subprocess.DEVNULL, check=True)
    t.append((time.perf_counter() - s) * 1000)
print('incmap geocode Kabul: median %.2f ms over %d runs' % (statistics.median(t), len(t)))
PY
fi
INCMAP_DATA="$build/geodata" "$build/bench/bench_gaz_open" 1000
