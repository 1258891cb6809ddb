#!/usr/bin/python3
"""QGIS as a real client of incmap's layers (headless PyQGIS, Debian python3-qgis).

    qgis_check.py OUT_DIR PNG_DIR

OUT_DIR holds `incmap extract` outputs, one sub-folder per format (gpkg/, shp/,
geojson/, fgb/, csv/, kml/), each with the layers and an incmap.qgs. For every layer
this loads it the way QGIS does when a user drags it in (default style from
layer_styles or the .qml beside it), checks that incidents get the categorised
renderer on event_type with one category per ACLED type plus "all other values",
and renders a PNG. Then it opens each .qgs and checks the same on the project's
layers, CRS and extent. The GeoPackage's styleSLD (for readers other than QGIS) is
loaded through QGIS's SLD import too: seven rules in the style's colours, and every
incident drawn by exactly one of them. Exit 77 when PyQGIS is not installed.

Run with /usr/bin/python3 (Debian's interpreter, where python3-qgis lives) and
QT_QPA_PLATFORM=offscreen.
"""
import os
import sqlite3
import sys
import tempfile
import xml.dom.minidom

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
try:
    from qgis.core import (QgsApplication, QgsMapRendererCustomPainterJob, QgsMapSettings,
                           QgsProject, QgsRectangle, QgsRenderContext, QgsVectorLayer)
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor, QImage, QPainter
except ImportError as e:
    print(f"SKIP: PyQGIS not available ({e})")
    sys.exit(77)

EXPECTED_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians",
                  "Protests", "Riots", "Strategic developments", ""}
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def check_incidents_style(layer, where):
    r = layer.renderer()
    if r is None or r.type() != "categorizedSymbol":
        fail(f"{where}: renderer is {r.type() if r else None}, not categorizedSymbol")
        return
    if r.classAttribute() != "event_type":
        fail(f"{where}: categorised on {r.classAttribute()!r}, not event_type")
    values = {str(c.value()) for c in r.categories()}
    if values != EXPECTED_TYPES:
        fail(f"{where}: categories {sorted(values)}")
    colours = {c.symbol().color().name() for c in r.categories()}
    if "#d55e00" not in colours or "#0072b2" not in colours:
        fail(f"{where}: Okabe-Ito colours missing: {sorted(colours)}")
    if not layer.labelsEnabled():
        fail(f"{where}: labels are not enabled")


def check_sld(gpkg):
    """styleSLD of each layer: well-formed; the incidents' imports as seven rules."""
    rows = dict(sqlite3.connect(gpkg).execute(
        "SELECT f_table_name, styleSLD FROM layer_styles"))
    for name in ("incidents", "places", "links"):
        sld = rows.get(name) or ""
        try:
            xml.dom.minidom.parseString(sld.encode())
        except Exception as e:  # noqa: BLE001 - any parse error is the finding
            fail(f"{gpkg}: styleSLD of {name} is not XML: {e}")
    layer = QgsVectorLayer(f"{gpkg}|layername=incidents", "incidents", "ogr")
    with tempfile.NamedTemporaryFile("w", suffix=".sld", delete=False) as f:
        f.write(rows.get("incidents") or "")
    msg, ok = layer.loadSldStyle(f.name)
    os.unlink(f.name)
    r = layer.renderer()
    if not ok or r is None or r.type() != "RuleRenderer":
        fail(f"{gpkg}: QGIS cannot import the incidents' SLD ({msg!r})")
        return
    rules = r.rootRule().children()
    colours = {rule.symbol().color().name() for rule in rules}
    if len(rules) != 7 or "#d55e00" not in colours or "#999999" not in colours:
        fail(f"{gpkg}: SLD rules {len(rules)}, colours {sorted(colours)}")
    ctx = QgsRenderContext()
    r.startRender(ctx, layer.fields())
    drawn = [len(r.symbolsForFeature(feat, ctx)) for feat in layer.getFeatures()]
    r.stopRender(ctx)
    if not drawn or set(drawn) != {1}:
        fail(f"{gpkg}: SLD rules per incident {sorted(set(drawn))} (want exactly 1 each)")


def render(layers, extent, png):
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setOutputSize(QSize(1000, 700))
    settings.setDestinationCrs(layers[0].crs())
    settings.setExtent(extent)
    image = QImage(settings.outputSize(), QImage.Format_ARGB32_Premultiplied)
    image.fill(QColor(255, 255, 255))
    painter = QPainter(image)
    job = QgsMapRendererCustomPainterJob(settings, painter)
    job.start()
    job.waitForFinished()
    painter.end()
    if not image.save(png):
        fail(f"cannot save {png}")
        return
    # something was drawn: the image is not all white
    coloured = 0
    for y in range(0, image.height(), 4):
        for x in range(0, image.width(), 4):
            if image.pixelColor(x, y) != QColor(255, 255, 255):
                coloured += 1
    if coloured < 20:
        fail(f"{png}: nothing drawn ({coloured} coloured samples)")
    print(f"rendered {png} ({coloured} coloured samples)")


def layer_sources(fmt_dir, fmt):
    if fmt in ("gpkg", "kml"):
        path = os.path.join(fmt_dir, f"incmap.{fmt}")
        return [(f"{path}|layername={n}", n) for n in ("incidents", "places", "links")]
    return [(os.path.join(fmt_dir, f"{n}.{fmt}"), n) for n in ("incidents", "places", "links")]


def main():
    out_dir, png_dir = sys.argv[1], sys.argv[2]
    os.makedirs(png_dir, exist_ok=True)
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    formats = [f for f in ("gpkg", "shp", "geojson", "fgb", "csv", "kml")
               if os.path.isdir(os.path.join(out_dir, f))]
    if not formats:
        fail(f"no outputs under {out_dir}")
    for fmt in formats:
        fmt_dir = os.path.join(out_dir, fmt)
        loaded = []
        for source, name in layer_sources(fmt_dir, fmt):
            layer = QgsVectorLayer(source, name, "ogr")
            where = f"{fmt}:{name}"
            if not layer.isValid():
                fail(f"{where}: QGIS cannot load {source}")
                continue
            if layer.featureCount() <= 0:
                fail(f"{where}: no features")
            if layer.crs().authid() != "EPSG:4326":
                fail(f"{where}: CRS {layer.crs().authid()}")
            if name == "incidents" and fmt != "kml":   # KML carries no QGIS style
                check_incidents_style(layer, where)
            loaded.append(layer)
        if loaded and fmt != "kml":
            render(loaded, loaded[0].extent().buffered(1.0), os.path.join(png_dir, f"{fmt}.png"))
        if fmt == "gpkg":
            check_sld(os.path.join(fmt_dir, "incmap.gpkg"))
        # the project
        qgs = os.path.join(fmt_dir, "incmap.qgs")
        project = QgsProject.instance()
        project.clear()
        if not project.read(qgs):
            fail(f"{qgs}: QGIS cannot read it")
            continue
        if project.crs().authid() != "EPSG:4326":
            fail(f"{qgs}: project CRS {project.crs().authid()}")
        # the basemap (incmap's Natural Earth countries) lies under the data
        layers = {l.name(): l for l in project.mapLayers().values()
                  if l.name() != "Countries (basemap)"}
        if set(layers) != {"incidents", "places", "links"}:
            fail(f"{qgs}: layers {sorted(layers)}")
            continue
        for name, layer in layers.items():
            if not layer.isValid() or layer.featureCount() <= 0:
                fail(f"{qgs}: layer {name} invalid or empty")
        check_incidents_style(layers["incidents"], f"{qgs}:incidents")
        order = [layers[n] for n in ("incidents", "places", "links")]
        extent = QgsRectangle()
        for l in order:
            extent.combineExtentWith(l.extent())
        render(order, extent.buffered(1.0), os.path.join(png_dir, f"{fmt}_project.png"))
        project.clear()
    if failures:
        print(f"0 passed, {len(failures)} failed")
        return 1
    print(f"{len(formats)} formats checked in QGIS")
    return 0


if __name__ == "__main__":
    rc = main()
    sys.stdout.flush()
    # QGIS 3.22 can crash while tearing down (exitQgis, interpreter exit) once layers
    # have been rendered; the checks are done, so leave without the teardown.
    os._exit(rc)
