/* The parts of the .qgs that make the project open as a finished map: the incidents'
 * temporal properties (each feature an instant at its event_date, a day long, for
 * QGIS's temporal controller), a basemap layer (the Natural Earth countries of
 * incmap's own basemap.gpkg, referred to where this incmap finds its data: nothing is
 * fetched from a network) and a print layout with the map, a title, a legend, a scale
 * bar and the credits. The XML follows QGIS 3.22's project format. */
#include "write_private.h"

#include <math.h>
#include <stdio.h>

/* Fixed identifiers: the same project text for the same layers, run after run. */
#define MAP_UUID "{6d1c7a52-2f0e-4f5a-9b1e-0a1c2d3e4f51}"
#define BASEMAP_ID "basemap_countries"
#define BASEMAP_NAME "Countries (basemap)"

void im_qgs_temporal(im_sb *sb)
{
    im_sb_printf(sb,
                 "    <temporal enabled=\"1\" mode=\"1\" startField=\"event_date\" "
                 "endField=\"\" durationField=\"\" durationUnit=\"d\" fixedDuration=\"1\" "
                 "accumulate=\"0\" limitMode=\"0\" startExpression=\"\" endExpression=\"\">\n"
                 "      <fixedRange>\n        <start></start>\n        <end></end>\n"
                 "      </fixedRange>\n    </temporal>\n");
}

void im_qgs_basemap_tree(im_sb *sb, const char *basemap)
{
    im_sb_printf(sb, "    <layer-tree-layer id=\"" BASEMAP_ID "\" name=\"" BASEMAP_NAME "\" "
                     "source=\"");
    im_sb_xml(sb, basemap);
    im_sb_printf(sb, "|layername=countries\" providerKey=\"ogr\" checked=\"Qt::Checked\" "
                     "expanded=\"0\">\n      <customproperties/>\n    </layer-tree-layer>\n");
}

/* The countries as the printed maps draw them: pale land, thin grey borders. */
void im_qgs_basemap_layer(im_sb *sb, const char *basemap)
{
    im_sb_printf(sb,
                 "  <maplayer type=\"vector\" geometry=\"Polygon\" wkbType=\"MultiPolygon\" "
                 "autoRefreshEnabled=\"0\" hasScaleBasedVisibilityFlag=\"0\" "
                 "minScale=\"1e+08\" maxScale=\"0\" readOnly=\"1\" "
                 "refreshOnNotifyEnabled=\"0\">\n"
                 "    <extent>\n      <xmin>-180</xmin>\n      <ymin>-90</ymin>\n"
                 "      <xmax>180</xmax>\n      <ymax>90</ymax>\n    </extent>\n"
                 "    <id>" BASEMAP_ID "</id>\n    <datasource>");
    im_sb_xml(sb, basemap);
    im_sb_printf(sb,
                 "|layername=countries</datasource>\n"
                 "    <layername>" BASEMAP_NAME "</layername>\n"
                 "    <srs>\n      <spatialrefsys nativeFormat=\"Wkt\">\n"
                 "        <proj4>+proj=longlat +datum=WGS84 +no_defs</proj4>\n"
                 "        <srid>4326</srid>\n        <authid>EPSG:4326</authid>\n"
                 "        <description>WGS 84</description>\n"
                 "        <projectionacronym>longlat</projectionacronym>\n"
                 "        <ellipsoidacronym>EPSG:7030</ellipsoidacronym>\n"
                 "        <geographicflag>true</geographicflag>\n"
                 "      </spatialrefsys>\n    </srs>\n"
                 "    <provider encoding=\"UTF-8\">ogr</provider>\n"
                 "    <attribution>Natural Earth (public domain)</attribution>\n"
                 "    <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" "
                 "enableorderby=\"0\" forceraster=\"0\">\n      <symbols>\n"
                 "        <symbol type=\"fill\" name=\"0\" alpha=\"1\" clip_to_extent=\"1\" "
                 "force_rhr=\"0\">\n"
                 "          <layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\">\n"
                 "            <Option type=\"Map\">\n"
                 "              <Option type=\"QString\" name=\"color\" value=\"242,239,233,255\"/>\n"
                 "              <Option type=\"QString\" name=\"outline_color\" "
                 "value=\"160,160,160,255\"/>\n"
                 "              <Option type=\"QString\" name=\"outline_width\" value=\"0.2\"/>\n"
                 "              <Option type=\"QString\" name=\"outline_width_unit\" value=\"MM\"/>\n"
                 "              <Option type=\"QString\" name=\"style\" value=\"solid\"/>\n"
                 "              <Option type=\"QString\" name=\"outline_style\" value=\"solid\"/>\n"
                 "            </Option>\n          </layer>\n        </symbol>\n"
                 "      </symbols>\n      <rotation/>\n      <sizescale/>\n    </renderer-v2>\n"
                 "    <blendMode>0</blendMode>\n  </maplayer>\n");
}

/* Common attributes of a layout item at x, y (mm), w × h. */
static void item_head(im_sb *sb, int type, const char *id, const char *uuid, double x,
                      double y, double w, double h, bool frame, int z)
{
    im_sb_printf(sb,
                 "    <LayoutItem type=\"%d\" id=\"%s\" uuid=\"%s\" templateUuid=\"%s\" "
                 "position=\"%g,%g,mm\" positionOnPage=\"%g,%g,mm\" size=\"%g,%g,mm\" "
                 "referencePoint=\"0\" itemRotation=\"0\" zValue=\"%d\" visibility=\"1\" "
                 "positionLock=\"false\" frame=\"%s\" background=\"%s\" blendMode=\"0\" "
                 "opacity=\"1\" excludeFromExports=\"0\" outlineWidthM=\"0.3,mm\" "
                 "frameJoinStyle=\"miter\"",
                 type, id, uuid, uuid, x, y, x, y, w, h, z, frame ? "true" : "false",
                 frame ? "true" : "false");
}

/* Label text, XML-escaped by the caller. */
static void label(im_sb *sb, const char *id, const char *uuid, const char *text, double x,
                  double y, double w, double h, int pt, bool bold)
{
    item_head(sb, 65641, id, uuid, x, y, w, h, false, 3);
    im_sb_printf(sb, " labelText=\"");
    im_sb_xml(sb, text);
    im_sb_printf(sb, "\" htmlState=\"0\" marginX=\"0\" marginY=\"0\" halign=\"1\" "
                     "valign=\"32\">\n      <LabelFont description=\"Noto Sans,%d,-1,5,%d,0,0,"
                     "0,0,0\" style=\"\"/>\n      <FontColor red=\"34\" green=\"34\" "
                     "blue=\"34\" alpha=\"255\"/>\n    </LayoutItem>\n",
                 pt, bold ? 75 : 50);
}

void im_qgs_layout(im_sb *sb, const double *e, const char *credits)
{
    im_sb_printf(sb, "  <Layouts>\n  <Layout name=\"incmap briefing map\" units=\"mm\" "
                     "printResolution=\"300\" worldFileMap=\"\">\n"
                     "    <Grid resUnits=\"mm\" resolution=\"10\" offsetX=\"0\" offsetY=\"0\" "
                     "offsetUnits=\"mm\"/>\n    <PageCollection>\n");
    item_head(sb, 65638, "", "{6d1c7a52-2f0e-4f5a-9b1e-0a1c2d3e4f50}", 0, 0, 297, 210,
              false, 0);
    im_sb_printf(sb, ">\n      <symbol type=\"fill\" name=\"\" alpha=\"1\" clip_to_extent=\"1\" "
                     "force_rhr=\"0\">\n        <layer class=\"SimpleFill\" enabled=\"1\" "
                     "pass=\"0\" locked=\"0\">\n          <Option type=\"Map\">\n"
                     "            <Option name=\"color\" type=\"QString\" "
                     "value=\"255,255,255,255\"/>\n            <Option name=\"style\" "
                     "type=\"QString\" value=\"solid\"/>\n            <Option "
                     "name=\"outline_style\" type=\"QString\" value=\"no\"/>\n"
                     "          </Option>\n        </layer>\n      </symbol>\n"
                     "    </LayoutItem>\n    </PageCollection>\n");
    /* the map: 205 × 165 mm, the data's extent widened to the item's shape (in degrees
       scaled by the cosine of the mid latitude, as the canvas shows them) */
    double w = e[2] - e[0], h = e[3] - e[1], k = cos((e[1] + e[3]) / 2 * M_PI / 180);
    double box[4] = {e[0], e[1], e[2], e[3]};
    if (k < 0.2)
        k = 0.2;
    if (w * k / h > 205.0 / 165.0) {
        double nh = w * k * 165.0 / 205.0;
        box[1] -= (nh - h) / 2;
        box[3] += (nh - h) / 2;
    } else {
        double nw = h * 205.0 / 165.0 / k;
        box[0] -= (nw - w) / 2;
        box[2] += (nw - w) / 2;
    }
    e = box;
    item_head(sb, 65639, "Map 1", MAP_UUID, 10, 28, 205, 165, true, 1);
    im_sb_printf(sb, " keepLayerSet=\"false\" drawCanvasItems=\"true\" mapRotation=\"0\" "
                     "labelMargin=\"0,mm\" followPreset=\"false\" followPresetName=\"\" "
                     "isTemporal=\"0\">\n      <Extent xmin=\"%.6f\" ymin=\"%.6f\" "
                     "xmax=\"%.6f\" ymax=\"%.6f\"/>\n      <LayerSet/>\n"
                     "      <AtlasMap atlasDriven=\"0\" scalingMode=\"2\" margin=\"0.1\"/>\n"
                     "    </LayoutItem>\n",
                 e[0], e[1], e[2], e[3]);
    label(sb, "title", "{6d1c7a52-2f0e-4f5a-9b1e-0a1c2d3e4f52}", "Incidents", 10, 8, 205, 12,
          20, true);
    /* the legend beside the map, the scale bar under it */
    item_head(sb, 65642, "legend", "{6d1c7a52-2f0e-4f5a-9b1e-0a1c2d3e4f53}", 222, 28, 65, 120,
              true, 2);
    im_sb_printf(sb, " title=\"Legend\" map_uuid=\"" MAP_UUID "\" resizeToContents=\"1\" "
                     "legendFilterByAtlas=\"0\" symbolWidth=\"6\" symbolHeight=\"4\" "
                     "columnCount=\"1\" splitLayer=\"0\" equalColumnWidth=\"0\" "
                     "wrapChar=\"\" titleAlignment=\"1\">\n"
                     "      <FontColor red=\"34\" green=\"34\" blue=\"34\" alpha=\"255\"/>\n"
                     "    </LayoutItem>\n");
    item_head(sb, 65646, "scalebar", "{6d1c7a52-2f0e-4f5a-9b1e-0a1c2d3e4f54}", 222, 155, 65,
              14, false, 2);
    im_sb_printf(sb, " mapUuid=\"" MAP_UUID "\" style=\"Single Box\" unitType=\"km\" "
                     "unitLabel=\"km\" numSegments=\"2\" numSegmentsLeft=\"0\" "
                     "numUnitsPerSegment=\"100\" segmentSizeMode=\"1\" "
                     "minBarWidth=\"20\" maxBarWidth=\"55\" "
                     "distanceUnits=\"km\" "
                     "height=\"3\" labelBarSpace=\"2\" boxContentSpace=\"1\" "
                     "alignment=\"0\">\n    </LayoutItem>\n");
    label(sb, "credits", "{6d1c7a52-2f0e-4f5a-9b1e-0a1c2d3e4f55}", credits, 10, 196, 277, 10,
          7, false);
    im_sb_printf(sb, "  </Layout>\n  </Layouts>\n");
}
