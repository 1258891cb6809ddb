#!/bin/sh
# The GeoPackage passes GDAL's validate_gpkg.py (Debian python3-gdal), and the
# layer_styles table QGIS reads is there with one default style per layer. Exit 77
# when python3-gdal is missing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
validator=""
for v in /usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py \
         /usr/share/doc/python3-gdal/examples/validate_gpkg.py; do
    [ -f "$v" ] && { validator=$v; break; }
done
[ -n "$validator" ] || { echo "SKIP: validate_gpkg.py not found (python3-gdal)"; exit 77; }
scratch
make_outputs "$SCRATCH" gpkg
gpkg="$SCRATCH/gpkg/incmap.gpkg"
"$SYSPY" "$validator" "$gpkg"
echo "validate_gpkg: $gpkg is valid"
"$SYSPY" - "$gpkg" <<'PY'
import sys
from osgeo import ogr
ds = ogr.Open(sys.argv[1])
names = sorted(ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount()))
assert names == ["incidents", "layer_styles", "links", "places"], names
styles = ds.GetLayerByName("layer_styles")
rows = {f["f_table_name"]: f for f in styles}
assert sorted(rows) == ["incidents", "links", "places"], sorted(rows)
for name, f in rows.items():
    assert f["useAsDefault"] == 1 and f["f_geometry_column"] == "geom", name
assert "categorizedSymbol" in rows["incidents"]["styleQML"]
for name in ("incidents", "places", "links"):
    sql = f"SELECT HasSpatialIndex('{name}', 'geom')"
    res = ds.ExecuteSQL(sql)
    assert res.GetNextFeature().GetField(0) == 1, f"{name}: no spatial index"
    ds.ReleaseResultSet(res)
print("1 passed, 0 failed")
PY
