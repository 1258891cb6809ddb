/* A QGIS project (.qgs) over the layers just written: each layer referenced by a path
 * relative to the project (so the folder can be moved), its style embedded (the same
 * QML body as the .qml sidecars and layer_styles), project CRS EPSG:4326, and the
 * map canvas zoomed to the data's extent with a margin. Incidents are drawn on top of
 * places, places on top of links, all over the countries of incmap's own basemap
 * (Natural Earth; no tile server); the incidents are temporal (by
 * event_date) and a print layout is ready (write_qgs_map.c).
 *
 * This writes the XML only; write.c decides where the file goes and renames it into
 * place with the layers.
 */
#include "write_private.h"
#include "incmap/alloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void srs(im_sb *sb, const char *indent)
{
    im_sb_printf(sb,
                 "%s<spatialrefsys nativeFormat=\"Wkt\">\n"
                 "%s  <proj4>+proj=longlat +datum=WGS84 +no_defs</proj4>\n"
                 "%s  <srsid>3452</srsid>\n%s  <srid>4326</srid>\n"
                 "%s  <authid>EPSG:4326</authid>\n%s  <description>WGS 84</description>\n"
                 "%s  <projectionacronym>longlat</projectionacronym>\n"
                 "%s  <ellipsoidacronym>EPSG:7030</ellipsoidacronym>\n"
                 "%s  <geographicflag>true</geographicflag>\n%s</spatialrefsys>\n",
                 indent, indent, indent, indent, indent, indent, indent, indent, indent,
                 indent);
}

static void extent(im_sb *sb, const char *tag, const double e[4], const char *indent)
{
    im_sb_printf(sb,
                 "%s<%s>\n%s  <xmin>%.6f</xmin>\n%s  <ymin>%.6f</ymin>\n"
                 "%s  <xmax>%.6f</xmax>\n%s  <ymax>%.6f</ymax>\n%s</%s>\n",
                 indent, tag, indent, e[0], indent, e[1], indent, e[2], indent, e[3], indent,
                 tag);
}

im_status im_qgs_write(im_ctx *ctx, const char *path, const char *shown,
                       const im_qgs_layer *layers, size_t n, const double data_extent[4])
{
    /* the basemap is incmap's own, where this incmap finds its data (an absolute path:
       the project opens from anywhere on this machine); without it, no basemap */
    char *basemap = NULL;
    const char *dir = im_ctx_data_dir(ctx);
    if (dir) {
        char *rel = im_xasprintf("%s/basemap.gpkg", dir);
        basemap = realpath(rel, NULL);
        free(rel);
    }
    double e[4] = {-180, -90, 180, 90};
    if (data_extent && data_extent[0] <= data_extent[2] && data_extent[1] <= data_extent[3]) {
        double dx = data_extent[2] - data_extent[0], dy = data_extent[3] - data_extent[1];
        double pad_x = dx * 0.08 + 0.5, pad_y = dy * 0.08 + 0.5;
        e[0] = data_extent[0] - pad_x;
        e[1] = data_extent[1] - pad_y;
        e[2] = data_extent[2] + pad_x;
        e[3] = data_extent[3] + pad_y;
        e[0] = e[0] < -180 ? -180 : e[0];
        e[1] = e[1] < -90 ? -90 : e[1];
        e[2] = e[2] > 180 ? 180 : e[2];
        e[3] = e[3] > 90 ? 90 : e[3];
    }
    im_sb sb = {NULL, 0, 0};
    im_sb_printf(&sb, "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
                      "<qgis projectname=\"incmap\" version=\"3.22.16-Białowieża\">\n"
                      "  <homePath path=\"\"/>\n  <title>incmap incidents</title>\n"
                      "  <projectCrs>\n");
    srs(&sb, "    ");
    im_sb_printf(&sb, "  </projectCrs>\n  <layer-tree-group>\n    <customproperties/>\n");
    for (size_t i = 0; i < n; i++) {
        im_sb_printf(&sb, "    <layer-tree-layer id=\"%s_layer\" name=\"", layers[i].name);
        im_sb_xml(&sb, layers[i].name);
        im_sb_printf(&sb, "\" source=\"");
        im_sb_xml(&sb, layers[i].source);
        im_sb_printf(&sb, "\" providerKey=\"%s\" checked=\"Qt::Checked\" expanded=\"1\">\n"
                          "      <customproperties/>\n    </layer-tree-layer>\n",
                     layers[i].provider);
    }
    if (basemap)
        im_qgs_basemap_tree(&sb, basemap);
    im_sb_printf(&sb, "  </layer-tree-group>\n"
                      "  <mapcanvas name=\"theMapCanvas\" annotationsVisible=\"1\">\n"
                      "    <units>degrees</units>\n");
    extent(&sb, "extent", e, "    ");
    im_sb_printf(&sb, "    <rotation>0</rotation>\n    <destinationsrs>\n");
    srs(&sb, "      ");
    im_sb_printf(&sb, "    </destinationsrs>\n    <rendermaptile>0</rendermaptile>\n"
                      "  </mapcanvas>\n  <projectlayers>\n");
    for (size_t i = 0; i < n; i++) {
        bool line = layers[i].kind == IM_LAYER_LINKS;
        char *body = im_qml_body(layers[i].kind, layers[i].acled);
        im_sb_printf(&sb,
                     "  <maplayer type=\"vector\" geometry=\"%s\" wkbType=\"%s\" "
                     "labelsEnabled=\"%d\" autoRefreshEnabled=\"0\" "
                     "hasScaleBasedVisibilityFlag=\"0\" minScale=\"100000000\" maxScale=\"0\" "
                     "simplifyDrawingHints=\"0\" readOnly=\"0\" refreshOnNotifyEnabled=\"0\">\n",
                     line ? "Line" : "Point", line ? "LineString" : "Point",
                     layers[i].kind == IM_LAYER_INCIDENTS);
        extent(&sb, "extent", e, "    ");
        im_sb_printf(&sb, "    <id>%s_layer</id>\n    <datasource>", layers[i].name);
        im_sb_xml(&sb, layers[i].source);
        im_sb_printf(&sb, "</datasource>\n    <layername>");
        im_sb_xml(&sb, layers[i].name);
        im_sb_printf(&sb, "</layername>\n    <srs>\n");
        srs(&sb, "      ");
        im_sb_printf(&sb, "    </srs>\n    <provider encoding=\"UTF-8\">%s</provider>\n",
                     layers[i].provider);
        if (layers[i].kind == IM_LAYER_INCIDENTS)
            im_qgs_temporal(&sb);
        im_sb_printf(&sb, "%s  </maplayer>\n", body);
        free(body);
    }
    if (basemap)
        im_qgs_basemap_layer(&sb, basemap);
    im_sb_printf(&sb, "  </projectlayers>\n  <layerorder>\n");
    for (size_t i = 0; i < n; i++)
        im_sb_printf(&sb, "    <layer id=\"%s_layer\"/>\n", layers[i].name);
    if (basemap)
        im_sb_printf(&sb, "    <layer id=\"basemap_countries\"/>\n");
    im_sb_printf(&sb, "  </layerorder>\n  <properties>\n    <Paths>\n"
                      "      <Absolute type=\"bool\">false</Absolute>\n    </Paths>\n"
                      "    <SpatialRefSys>\n"
                      "      <ProjectionsEnabled type=\"int\">1</ProjectionsEnabled>\n"
                      "      <ProjectCrs type=\"QString\">EPSG:4326</ProjectCrs>\n"
                      "    </SpatialRefSys>\n"
                      "    <Measure>\n      <Ellipsoid type=\"QString\">EPSG:7030</Ellipsoid>\n"
                      "    </Measure>\n"
                      "  </properties>\n");
    im_qgs_layout(&sb, e, "Sources: incidents extracted by incmap; places: GeoNames (CC BY "
                          "4.0), Natural Earth (also the basemap). "
                          "Boundaries and names shown do not imply official endorsement or "
                          "acceptance.");
    im_sb_printf(&sb, "</qgis>\n");

    im_status st = IM_OK;
    FILE *f = fopen(path, "wb");
    if (!f) {
        st = im_ctx_fail(ctx, IM_ERR_IO, "cannot create '%s': %s", shown, strerror(errno));
    } else {
        bool ok = fwrite(sb.s, 1, sb.n, f) == sb.n;
        ok = fclose(f) == 0 && ok;
        if (!ok)
            st = im_ctx_fail(ctx, IM_ERR_IO, "cannot write '%s': %s", shown, strerror(errno));
    }
    free(sb.s);
    free(basemap);
    return st;
}
