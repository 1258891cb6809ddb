#!/bin/sh
# Run libFuzzer targets: scripts/fuzz.sh TARGET|all SECONDS [JOBS]
#
# Builds build-fuzz/ (clang-14, ASan+UBSan, -Dfuzz=true) on first use, then runs each
# target for SECONDS with the seed corpus fuzz/corpus/<target>/ (read-only) plus a
# working corpus in build-fuzz/fuzz-work/<target>/ that grows between runs. With
# `all`, targets run JOBS at a time (default: the number of CPUs) in the background.
# A finding (crash, leak, timeout, out-of-memory) is written to
# build-fuzz/fuzz-work/<target>/findings/ and makes the script exit 1; keep it under
# tests/regress/<target>/ once fixed. Each target's log ends with libFuzzer's final
# stats (execs/s, cov:, ft:); a summary line per target is printed.
#
# INCMAP_FUZZ_BUILD names an existing fuzz build folder (meson's fuzz-smoke tests set
# it), in which case nothing is configured or built here.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
usage() { echo "usage: scripts/fuzz.sh TARGET|all SECONDS [JOBS]" >&2; exit 2; }
[ $# -ge 2 ] || usage
target=$1
secs=$2
jobs=${3:-$(nproc 2>/dev/null || echo 2)}
case "$secs" in ''|*[!0-9]*) usage ;; esac

build=${INCMAP_FUZZ_BUILD:-}
if [ -z "$build" ]; then
  build=build-fuzz
  if [ ! -f "$build/build.ninja" ]; then
    CC=${CC:-clang-14} meson setup "$build" -Dfuzz=true -Dtests=false \
      -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debugoptimized >/dev/null
  fi
  ninja -C "$build" >/dev/null
fi
build=$(cd "$build" && pwd)
all=$(sed -n "s/^fuzz_names = \[\(.*\)\]/\1/p" fuzz/meson.build | tr -d "'" | tr ',' ' ')
if [ "$target" = all ]; then
  targets=$all
else
  targets=$target
  [ -x "$build/fuzz/fuzz_$target" ] || { echo "fuzz.sh: no target 'fuzz_$target' in $build/fuzz (targets:$all)" >&2; exit 2; }
fi
export INCMAP_DATA="${INCMAP_DATA:-$build/geodata}"
# Leaks count as findings; UBSan stops at the first report so it is one.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allocator_may_return_null=1}"
# fuzz/ubsan.supp lists known findings reported to their owners (see the file).
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:suppressions=$root/fuzz/ubsan.supp}"

run_one() {
  t=$1
  work="$build/fuzz-work/$t"
  mkdir -p "$work/corpus" "$work/findings"
  dict=""
  [ -f "fuzz/$t.dict" ] && dict="-dict=$root/fuzz/$t.dict"
  seeds="$root/fuzz/corpus/$t"
  [ -d "$seeds" ] || seeds=""
  # Run from the findings folder so crash-* files land there.
  if (cd "$work/findings" && "$build/fuzz/fuzz_$t" -max_total_time="$secs" -timeout=10 \
      -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 $dict \
      "$work/corpus" $seeds) >"$work/log" 2>&1; then rc=0; else rc=$?; fi
  execs=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/log" | tail -1)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
  cov=$(grep -E '^#[0-9]+' "$work/log" | tail -1 | sed -n 's/.*\(cov: [0-9]*\).*\(ft: [0-9]*\).*/\1 \2/p')
  found=$(ls "$work/findings" | head -3 | tr '\n' ' ' || true)
  printf '%-11s rc=%d runs=%s execs/s=%s %s %s\n' "$t" "$rc" "${runs:-?}" "${execs:-?}" \
    "${cov:-}" "${found:+findings: $found}"
  [ "$rc" -eq 0 ] && [ -z "$found" ]
}

status=0
mkdir -p "$build/fuzz-work"
if [ "$target" != all ]; then
  run_one "$target" || status=1
  [ $status -eq 0 ] || tail -40 "$build/fuzz-work/$target/log" >&2
  exit $status
fi
# all: run in batches of $jobs in the background.
set -- $targets
while [ $# -gt 0 ]; do
  pids=""
  i=0
  while [ $# -gt 0 ] && [ $i -lt "$jobs" ]; do
    run_one "$1" > "$build/fuzz-work/.summary.$1" 2>&1 &
    pids="$pids $!"
    shift
    i=$((i + 1))
  done
  for p in $pids; do wait "$p" || status=1; done
done
cat "$build"/fuzz-work/.summary.* && rm -f "$build"/fuzz-work/.summary.*
exit $status
