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
# shellcheck disable=SC2086
valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite,indirect,possible \
  --errors-for-leak-kinds=definite,indirect,possible --track-origins=yes \
  --suppressions="$root/scripts/valgrind.supp" --error-exitcode=99 \
  --log-file="$tmp/valgrind.log" \
  "$build/incmap" $cmd $reports -o "$tmp/out" || status=$?
grep -E "ERROR SUMMARY|definitely lost|indirectly lost|possibly lost|still reachable|suppressed:" \
  "$tmp/valgrind.log" | sed 's/^==[0-9]*== */valgrind: /'
ls "$tmp/out" >/dev/null 2>&1 || { echo "valgrind.sh: no output written" >&2; status=1; }
if [ "$status" -ne 0 ]; then
  echo "valgrind.sh: incmap $cmd failed under valgrind (exit $status); log:" >&2
  grep -v "^==[0-9]*== *$" "$tmp/valgrind.log" | head -150 >&2
  exit 1
fi
echo "valgrind.sh: clean: incmap $cmd $(echo $reports | wc -w) report(s), 0 errors, 0 leaks"
