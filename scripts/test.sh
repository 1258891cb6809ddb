#!/bin/sh
# Build and run every test twice: a plain build (gcc, warnings as errors) and an
# AddressSanitizer + UndefinedBehaviorSanitizer build (clang). Exits non-zero on the
# first failing suite.
set -eu
cd "$(dirname "$0")/.."
scripts/build.sh build -Dwerror=true
meson test -C build --print-errorlogs
CC=clang scripts/build.sh build-asan -Dwerror=true -Db_sanitize=address,undefined \
  -Db_lundef=false -Dbuildtype=debug
meson test -C build-asan --print-errorlogs
# libFuzzer smoke run of every fuzz target (20 s each) and valgrind of the pipeline
CC=clang scripts/build.sh build-fuzz -Dfuzz=true -Dtests=false \
  -Db_sanitize=address,undefined -Db_lundef=false
meson test -C build-fuzz --suite fuzz-smoke --print-errorlogs
scripts/valgrind.sh build
# one plain closing line: every suite above passed, or the script stopped at the first
# failure (set -e)
passed=$(cat build/meson-logs/testlog.json build-asan/meson-logs/testlog.json \
  build-fuzz/meson-logs/testlog.json | grep -c '"result": "OK"')
echo "tests: $passed passed, 0 failed"
