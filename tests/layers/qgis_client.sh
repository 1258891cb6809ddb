#!/bin/sh
# QGIS as a real client: headless PyQGIS loads every layer of every format and each
# .qgs, checks the categorised event_type style, and renders PNGs into PNG_DIR (kept
# for a person to look at). Exit 77 when python3-qgis is missing.
#
#   qgis_client.sh PNG_DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
"$SYSPY" -c "import qgis.core" 2>/dev/null || { echo "SKIP: python3-qgis is not installed"; exit 77; }
png_dir=${1:-$PWD/qgis-png}
scratch
make_outputs "$SCRATCH" gpkg shp geojson fgb csv kml
export QT_QPA_PLATFORM=offscreen
export XDG_RUNTIME_DIR="$SCRATCH/xdg"
mkdir -m 700 -p "$XDG_RUNTIME_DIR"
HOME="$SCRATCH" "$SYSPY" "$here/qgis_check.py" "$SCRATCH" "$png_dir"
