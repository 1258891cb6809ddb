#!/bin/sh
# Run the longest pipeline under valgrind (memcheck) and fail on any error or leak:
#   scripts/valgrind.sh [--brief] [BUILD_DIR] [REPORT...]
#
# Runs `incmap extract` (with --brief: `incmap brief`, layers, maps and summary, a
# few minutes) on the shared seed report(s) (default ../shared/seed/*.txt) into a
# temporary folder with a plain build (default ./build, gcc; a sanitizer build cannot
# run under valgrind). Zero errors and zero leaks: definite, indirect and
# possible leaks all count; "still reachable" memory (libraries' one-time caches that
# live until exit) does not. The only suppressions, in scripts/valgrind.supp, are for
# GDAL/PROJ/fontconfig one-time allocations, each justified there.
#
# `brief` draws its maps in forked worker processes. A worker ends with _exit and
# leaves the caller's memory to the caller, so leaks are checked in a run with one
# worker (-j 1: everything in one process), and memory errors in a second run with
# two workers, which valgrind follows into each child (no leak check there).
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
cmd=extract
if [ "${1:-}" = --brief ]; then
  cmd=brief
  shift
fi
build=${1:-build}
[ $# -gt 0 ] && shift
if [ $# -gt 0 ]; then
  reports="$*"
else
  reports=$(ls "$root"/../shared/seed/*.txt)
fi
command -v valgrind >/dev/null || { echo "valgrind.sh: valgrind is not installed" >&2; exit 2; }
[ -x "$build/incmap" ] || { echo "valgrind.sh: no $build/incmap (build first)" >&2; exit 2; }
build=$(cd "$build" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export INCMAP_DATA="${INCMAP_DATA:-$build/geodata}"
status=0
# run_valgrind NAME VALGRIND-OPTIONS... -- INCMAP-ARGS...: one run, its logs in $tmp/NAME.*
run_valgrind() {
  name=$1
  shift
  opts=""
  while [ "$1" != -- ]; do opts="$opts $1"; shift; done
  shift
  # shellcheck disable=SC2086
  valgrind --tool=memcheck $opts --track-origins=yes \
    --suppressions="$root/scripts/valgrind.supp" --error-exitcode=99 \
    --log-file="$tmp/$name.%p.log" "$build/incmap" "$@" || status=$?
  cat "$tmp/$name".*.log > "$tmp/$name.all"
  grep -hE "ERROR SUMMARY|definitely lost|indirectly lost|possibly lost|still reachable|suppressed:" \
    "$tmp/$name.all" | sed "s/^==[0-9]*== */valgrind ($name): /"
  if grep -qE "ERROR SUMMARY: [1-9]" "$tmp/$name.all" && [ "$status" -eq 0 ]; then
    status=99
  fi
  if [ "$status" -ne 0 ]; then
    echo "valgrind.sh: incmap $cmd failed under valgrind (exit $status, $name run); log:" >&2
    grep -v "^==[0-9]*== *$" "$tmp/$name.all" | head -150 >&2
    exit 1
  fi
}
leaks="--leak-check=full --show-leak-kinds=definite,indirect,possible
  --errors-for-leak-kinds=definite,indirect,possible"
if [ "$cmd" = brief ]; then
  # shellcheck disable=SC2086
  run_valgrind leaks $leaks -- brief -j 1 $reports -o "$tmp/out"
  # shellcheck disable=SC2086
  run_valgrind workers --leak-check=no -- brief -j 2 $reports -o "$tmp/out2"
  processes=$(ls "$tmp"/workers.*.log | wc -l)
else
  # shellcheck disable=SC2086
  run_valgrind leaks $leaks -- $cmd $reports -o "$tmp/out"
  processes=1
fi
ls "$tmp/out" >/dev/null 2>&1 || { echo "valgrind.sh: no output written" >&2; exit 1; }
echo "valgrind.sh: clean: incmap $cmd $(echo $reports | wc -w) report(s), $processes process(es), 0 errors, 0 leaks"
