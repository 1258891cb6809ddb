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
