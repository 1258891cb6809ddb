#!/bin/sh
# Build and run every test: a plain build (gcc, warnings as errors), an
# AddressSanitizer + UndefinedBehaviorSanitizer build (clang), the libFuzzer smoke run
# and valgrind. Every suite runs even after a failure; the closing line counts the
# results of all of them from meson's testlog.json files:
#   tests: N passed, N failed, N skipped
# A skipped test (exit 77) is counted as skipped, never as passed. With CI=true, a test
# of MUST_RUN below that was skipped (or did not run at all) fails the run: on CI the
# validators, QGIS, PostGIS and the evaluations have what they need.
set -u
cd "$(dirname "$0")/.."

# Tests that must run on CI (meson test names; shell patterns allowed, a pattern must
# match at least one test). The dev-corpus and ACLED evaluations join this list under
# the names their tests/eval/meson.build gives them.
MUST_RUN='layers_geojson_rfc7946 layers_gpkg_validate layers_qgis layers_postgis
filter-vs-ogr2ogr geocode-coverage geoparse-score geoparse-golden incident-score
*dev* *acled*'

status=0
scripts/build.sh build -Dwerror=true || exit 1
meson test -C build --print-errorlogs || status=1
CC=clang scripts/build.sh build-asan -Dwerror=true -Db_sanitize=address,undefined \
  -Db_lundef=false -Dbuildtype=debug || exit 1
meson test -C build-asan --print-errorlogs || status=1
# libFuzzer smoke run of every fuzz target (20 s each) and valgrind of the pipeline
CC=clang scripts/build.sh build-fuzz -Dfuzz=true -Dtests=false \
  -Db_sanitize=address,undefined -Db_lundef=false || exit 1
meson test -C build-fuzz --suite fuzz-smoke --print-errorlogs || status=1
scripts/valgrind.sh build || status=1

python3 scripts/test_summary.py --must-run "$MUST_RUN" build/meson-logs/testlog.json \
  build-asan/meson-logs/testlog.json build-fuzz/meson-logs/testlog.json || status=1
exit $status
