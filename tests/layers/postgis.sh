#!/bin/sh
# PostGIS output against a real server: starts a private PostgreSQL 15 + PostGIS 3
# (initdb into a scratch folder, a Unix socket there, no TCP), writes the layers with
# `incmap extract -o PG:…`, reads them back and compares them field by field with the
# GeoPackage written from the same report, filters by a spatial SQL query and
# compares with the same filter done on the GeoPackage, checks that existing tables
# are kept without --overwrite and replaced with it, that QGIS's layer_styles rows
# are there, and (when python3-qgis is installed) that QGIS loads the table styled.
# Stops the server on exit. Exit 77 only when the server binaries are absent.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
PGBIN=""
for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ] && PGBIN=$d
done
[ -n "$PGBIN" ] || { echo "SKIP: PostgreSQL server binaries not found (postgresql-15)"; exit 77; }
"$SYSPY" -c "from osgeo import ogr" 2>/dev/null || { echo "FAIL: python3-gdal is needed"; exit 1; }

scratch
# the server's files under /tmp, whatever TMPDIR is: the postgres account must reach
# them, and a Unix socket path must stay short
pg=$(mktemp -d /tmp/incmap-pg-XXXXXX)
chmod 755 "$pg"
mkdir -p "$pg/sock"
run=""
if [ "$(id -u)" -eq 0 ]; then
    # PostgreSQL refuses to run as root: use the postgres account Debian creates
    id postgres >/dev/null 2>&1 || { echo "FAIL: no postgres user to run the server"; exit 1; }
    chown -R postgres "$pg"
    run="runuser -u postgres --"
fi
port=$((54000 + $$ % 1000))
ON_EXIT="rm -rf $pg"
$run "$PGBIN/initdb" -D "$pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
    >"$SCRATCH/initdb.log" 2>&1 || { cat "$SCRATCH/initdb.log"; exit 1; }
$run "$PGBIN/pg_ctl" -D "$pg/data" -l "$pg/server.log" -w \
    -o "-k $pg/sock -p $port -c listen_addresses=''" start >/dev/null ||
    { cat "$pg/server.log"; exit 1; }
ON_EXIT="$run $PGBIN/pg_ctl -D $pg/data -m fast -w stop >/dev/null; rm -rf $pg"

psql() { "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$pg/sock" -p "$port" -U postgres "$@"; }
psql -d postgres -c "CREATE DATABASE incmap"
psql -d incmap -c "CREATE EXTENSION postgis" ||
    { echo "FAIL: the PostGIS extension is missing (postgresql-15-postgis-3)"; exit 1; }
conn="PG:dbname=incmap host=$pg/sock port=$port user=postgres"

report=$(seed_report)
"$INCMAP_BIN" extract "$report" -o "$conn" -q
"$INCMAP_BIN" extract "$report" -o "$SCRATCH/ref.gpkg" -q
fails=0

# 1. read back: field by field, coordinate by coordinate
"$SYSPY" "$here/compare_layers.py" "$SCRATCH/ref.gpkg" "$conn" || fails=$((fails + 1))

# 2. a spatial query in SQL, against the same filter on the reference
psql -d incmap -At -c "SELECT event_id FROM incidents
    WHERE ST_Intersects(geom, ST_MakeEnvelope(60, 29, 75, 39, 4326)) ORDER BY event_id" \
    >"$SCRATCH/pg_ids"
"$SYSPY" - "$SCRATCH/ref.gpkg" >"$SCRATCH/ref_ids" <<'PY'
import sys
from osgeo import ogr
ds = ogr.Open(sys.argv[1])   # keep the dataset alive while its layer is used
layer = ds.GetLayerByName("incidents")
ids = [f["event_id"] for f in layer if f.GetGeometryRef() is not None
       and 60 <= f.GetGeometryRef().GetX() <= 75 and 29 <= f.GetGeometryRef().GetY() <= 39]
print("\n".join(sorted(ids)))
PY
total=$(psql -d incmap -At -c "SELECT count(*) FROM incidents")
inside=$(wc -l <"$SCRATCH/pg_ids")
if ! cmp -s "$SCRATCH/pg_ids" "$SCRATCH/ref_ids" || [ "$inside" -eq 0 ] || [ "$inside" -ge "$total" ]; then
    echo "FAIL: spatial query gave $inside of $total incidents, not the reference's"
    diff "$SCRATCH/ref_ids" "$SCRATCH/pg_ids" || true
    fails=$((fails + 1))
else
    echo "spatial query: $inside of $total incidents in the box, as in the reference"
fi
srid=$(psql -d incmap -At -c "SELECT Find_SRID('public', 'incidents', 'geom')")
[ "$srid" = 4326 ] || { echo "FAIL: SRID $srid"; fails=$((fails + 1)); }
gist=$(psql -d incmap -At -c "SELECT count(*) FROM pg_indexes WHERE tablename = 'incidents'
    AND indexdef LIKE '%USING gist%'")
[ "$gist" -ge 1 ] || { echo "FAIL: no GiST index on incidents"; fails=$((fails + 1)); }

# 3. layer_styles as QGIS reads it
styles=$(psql -d incmap -At -c "SELECT count(*) FROM layer_styles WHERE f_table_catalog = 'incmap'
    AND f_table_schema = 'public' AND f_geometry_column = 'geom' AND useasdefault
    AND f_table_name IN ('incidents', 'places', 'links') AND styleqml LIKE '%categorizedSymbol%'")
[ "$styles" = 1 ] || { echo "FAIL: layer_styles has $styles categorised default rows"; fails=$((fails + 1)); }

# 4. no overwrite without --overwrite; replaced with it
before=$(psql -d incmap -At -c "SELECT count(*) FROM incidents")
if "$INCMAP_BIN" extract "$report" -o "$conn" -q 2>"$SCRATCH/err"; then
    echo "FAIL: a second write without --overwrite succeeded"; fails=$((fails + 1))
fi
grep -q "exists" "$SCRATCH/err" || { echo "FAIL: message: $(cat "$SCRATCH/err")"; fails=$((fails + 1)); }
after=$(psql -d incmap -At -c "SELECT count(*) FROM incidents")
[ "$before" = "$after" ] || { echo "FAIL: incidents changed $before -> $after"; fails=$((fails + 1)); }
"$INCMAP_BIN" extract "$report" -o "$conn" -q --overwrite || { echo "FAIL: --overwrite"; fails=$((fails + 1)); }
"$SYSPY" "$here/compare_layers.py" "$SCRATCH/ref.gpkg" "$conn" >/dev/null || fails=$((fails + 1))
styles=$(psql -d incmap -At -c "SELECT count(*) FROM layer_styles")
[ "$styles" = 3 ] || { echo "FAIL: $styles layer_styles rows after --overwrite"; fails=$((fails + 1)); }

# 5. QGIS opens the table with its default style from layer_styles
if "$SYSPY" -c "import qgis.core" 2>/dev/null; then
    QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$SCRATCH" HOME="$SCRATCH" "$SYSPY" - \
        "dbname='incmap' host=$pg/sock port=$port user='postgres' key='fid' srid=4326 type=Point checkPrimaryKeyUnicity='0' table=\"public\".\"incidents\" (geom)" <<'PY' || fails=$((fails + 1))
import os
import sys
from qgis.core import QgsApplication, QgsVectorLayer
app = QgsApplication([], False)
app.initQgis()
layer = QgsVectorLayer(sys.argv[1], "incidents", "postgres")
ok = layer.isValid() and layer.renderer().type() == "categorizedSymbol" \
    and layer.renderer().classAttribute() == "event_type"
print("QGIS loads the PostGIS layer styled" if ok else
      f"FAIL: QGIS: valid={layer.isValid()} renderer={layer.renderer().type() if layer.renderer() else None}")
sys.stdout.flush()
os._exit(0 if ok else 1)   # QGIS 3.22 may crash in its teardown
PY
fi

if [ "$fails" -ne 0 ]; then
    echo "0 passed, $fails failed"
    exit 1
fi
echo "postgis: write, read back, spatial query, overwrite and styles agree"
