#!/usr/bin/python3
"""The .qgs of a pack opens in QGIS as a finished map (issue 15): the incidents layer
is temporal on event_date (a real Date field in the GeoPackage and the Shapefile, so
the temporal controller can use it), a basemap layer lies under the data, and the
print layout holds the map, a title, a legend, a scale bar and the credits.

    qgs_finished_map.py   (env INCMAP_BIN, INCMAP_DATA)

Run with /usr/bin/python3 (Debian's python3-qgis); exit 77 without PyQGIS."""
import os
import shutil
import subprocess
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
try:
    from osgeo import ogr
    from qgis.core import QgsApplication, QgsProject
except ImportError:
    print("1..0 # SKIP PyQGIS (python3-qgis) not installed")
    sys.exit(77)


def main():
    tmp = tempfile.mkdtemp(prefix="incmap-qgs-")
    try:
        pack = os.path.join(tmp, "pack")
        r = subprocess.run([os.environ["INCMAP_BIN"], "brief", "-o", pack, "-q"],
                           capture_output=True, text=True)
        if r.returncode:
            print("brief failed: " + r.stderr)
            return 1
        bad = []
        for path, layer in ((os.path.join(pack, "incmap.gpkg"), "incidents"),
                            (os.path.join(pack, "shp", "incidents.shp"), "incidents")):
            ds = ogr.Open(path)
            d = ds.GetLayerByName(layer).GetLayerDefn()
            t = d.GetFieldDefn(d.GetFieldIndex("event_date")).GetType()
            if t != ogr.OFTDate:
                bad.append("%s: event_date is %s, not Date" % (path, ogr.GetFieldTypeName(t)))
        app = QgsApplication([], False)
        app.initQgis()
        project = QgsProject.instance()
        if not project.read(os.path.join(pack, "incmap.qgs")):
            bad.append("the project does not open")
        layers = {l.name(): l for l in project.mapLayers().values()}
        inc = layers.get("incidents")
        if not inc or not inc.temporalProperties().isActive():
            bad.append("incidents are not temporal")
        elif inc.temporalProperties().startField() != "event_date":
            bad.append("temporal field is %r" % inc.temporalProperties().startField())
        base = layers.get("Countries (basemap)")
        if not base or not base.isValid() or base.featureCount() <= 0:
            bad.append("no basemap layer with countries")
        elif "://" in base.source() or not os.path.exists(base.source().split("|")[0]):
            bad.append("the basemap is not a local file: %s" % base.source())
        order = [l.name() for l in project.layerTreeRoot().layerOrder()]
        if order and order[-1] != "Countries (basemap)":
            bad.append("the basemap is not at the bottom: %s" % order)
        layouts = project.layoutManager().layouts()
        if len(layouts) != 1:
            bad.append("%d print layouts" % len(layouts))
        else:
            kinds = [type(i).__name__ for i in layouts[0].items()]
            for want in ("QgsLayoutItemMap", "QgsLayoutItemLegend", "QgsLayoutItemScaleBar"):
                if want not in kinds:
                    bad.append("the layout has no " + want)
            texts = [i.text() for i in layouts[0].items() if type(i).__name__ ==
                     "QgsLayoutItemLabel"]
            if not any("Incidents" in t for t in texts):
                bad.append("the layout has no title")
            if not any("GeoNames" in t and "Natural Earth" in t for t in texts):
                bad.append("the layout has no credits")
        for b in bad:
            print("FAIL " + b)
        print("ok" if not bad else "%d problems" % len(bad))
        # QGIS's objects and GDAL's Python bindings both tear GDAL down when the
        # interpreter ends, and the second crashes: leave without that teardown
        sys.stdout.flush()
        shutil.rmtree(tmp, ignore_errors=True)
        os._exit(1 if bad else 0)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
