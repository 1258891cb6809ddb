#!/bin/sh
# Install the Debian 12 packages incmap needs. Idempotent: when every package is
# already installed it does nothing (no apt-get update), so it is cheap to run before
# every build. Run as root (or with sudo available).
#
#   scripts/setup.sh           build, run and test (the README's two commands)
#   scripts/setup.sh --bench   also the peer tools the benchmarks in bench/ compare with
#   scripts/setup.sh --geodata also what scripts/rebuild-geodata.sh needs (npm)
set -eu

BUILD="gcc clang meson ninja-build pkg-config libgdal-dev libproj-dev libcairo2-dev
  libpango1.0-dev libcmocka-dev libjs-leaflet libpoppler-glib-dev libtesseract-dev libzip-dev
  libxml2-dev"
RUN="gdal-bin proj-bin proj-data fonts-dejavu-core fonts-noto-core tesseract-ocr-eng"
TEST="python3 python3-cairo poppler-utils python3-gdal bc valgrind postgresql-15
  postgresql-15-postgis-3 postgresql-client-15 python3-qgis qgis-providers libclang-rt-14-dev
  clang-14 chromium python3-websocket"
BENCH="hyperfine gmt gmt-gshhg ghostscript python3-cartopy python3-matplotlib python3-gdal
  python3-mapnik"
GEODATA="ca-certificates"

want="$BUILD $RUN $TEST"
for arg in "$@"; do
  case "$arg" in
    --bench) want="$want $BENCH" ;;
    --geodata) want="$want $GEODATA" ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown option '$arg'" >&2; exit 2 ;;
  esac
done

missing=""
for pkg in $want; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $pkg"
  fi
done
# Node.js and npm (the GeoJSON validator, the geodata rebuild): any install will do;
# Debian's packages only when there is none, so a NodeSource install is left alone
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  missing="$missing nodejs npm"
fi
root=$(cd "$(dirname "$0")/.." && pwd)
validator="$root/tests/layers/node_modules/@placemarkio/check-geojson"
if [ -z "$missing" ]; then
  # the strict RFC 7946 validator the layer tests use (npm registry)
  [ -d "$validator" ] || npm install --silent --prefix "$root/tests/layers" --no-save \
    --no-package-lock @placemarkio/check-geojson >/dev/null 2>&1 ||
  echo "setup.sh: could not install @placemarkio/check-geojson: the RFC 7946 test will skip" >&2
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "setup.sh: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
[ -d "$validator" ] || npm install --silent --prefix "$root/tests/layers" --no-save \
  --no-package-lock @placemarkio/check-geojson >/dev/null 2>&1 ||
  echo "setup.sh: could not install @placemarkio/check-geojson: the RFC 7946 test will skip" >&2
