/* The style of style.h rendered as QGIS XML (QML): incidents categorised on
 * event_type with the Okabe–Ito colour and redundant marker shape of each ACLED type,
 * the catch-all class as QGIS's "all other values" category (value ""), symbol
 * diameter by fatalities with style.h's area rule as a data-defined size, the
 * precision marks as data-defined fill/outline (geo_prec 1 filled, 2 ring with pale
 * fill, 3 dashed ring), a hollow centre when fatalities are unknown, and labels by
 * location and date. Places and links get plain supporting styles.
 *
 * The ring details (fill alpha 0.22, a white 0.55 mm under-stroke, a 0.42 mm edge in
 * the class colour darkened to 85 %, the hollow centre at 0.34 of the diameter)
 * follow render/symbols.c, which draws them with constants style.h does not expose;
 * they are derived here so QGIS and the briefing maps agree. The XML targets QGIS
 * 3.22 (Debian 12) and loads in later versions.
 */
#include "write_private.h"
#include "incmap/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define RING_ALPHA 0.22
#define RING_EDGE_MM 0.42
#define RING_UNDER_MM 0.55
#define RING_DARKEN 0.85
#define HOLLOW_FRACTION 0.34

static int c255(double v)
{
    return (int)lround(v < 0 ? 0 : v > 1 ? 255 : v * 255.0);
}

static void prop(im_sb *sb, const char *k, const char *v)
{
    im_sb_printf(sb, "        <prop k=\"%s\" v=\"", k);
    im_sb_xml(sb, v);
    im_sb_printf(sb, "\"/>\n");
}

/* Data-defined properties: pairs of (key, expression), NULL-terminated. */
static void dd_props(im_sb *sb, const char *const *kv, const char *indent)
{
    im_sb_printf(sb, "%s<data_defined_properties>\n%s  <Option type=\"Map\">\n"
                     "%s    <Option type=\"QString\" name=\"name\" value=\"\"/>\n",
                 indent, indent, indent);
    if (kv && kv[0]) {
        im_sb_printf(sb, "%s    <Option type=\"Map\" name=\"properties\">\n", indent);
        for (size_t i = 0; kv[i]; i += 2) {
            im_sb_printf(sb,
                         "%s      <Option type=\"Map\" name=\"%s\">\n"
                         "%s        <Option type=\"bool\" name=\"active\" value=\"true\"/>\n"
                         "%s        <Option type=\"QString\" name=\"expression\" value=\"",
                         indent, kv[i], indent, indent);
            im_sb_xml(sb, kv[i + 1]);
            im_sb_printf(sb, "\"/>\n%s        <Option type=\"int\" name=\"type\" value=\"3\"/>\n"
                             "%s      </Option>\n",
                         indent, indent);
        }
        im_sb_printf(sb, "%s    </Option>\n", indent);
    } else {
        im_sb_printf(sb, "%s    <Option name=\"properties\"/>\n", indent);
    }
    im_sb_printf(sb, "%s    <Option type=\"QString\" name=\"type\" value=\"collection\"/>\n"
                     "%s  </Option>\n%s</data_defined_properties>\n",
                 indent, indent, indent);
}

typedef struct marker {
    const char *shape;
    char color[32], outline[32];
    double size, outline_mm;
    const char *outline_style;
} marker;

/* `locked` keeps a helper layer's colour when a user recolours the category, and
 * makes QGIS report the symbol's colour from the unlocked main layer. */
static void simple_marker(im_sb *sb, const marker *m, const char *const *dd, bool locked)
{
    char num[32];
    im_sb_printf(sb, "      <layer class=\"SimpleMarker\" enabled=\"1\" locked=\"%d\" "
                     "pass=\"0\">\n", locked);
    prop(sb, "angle", "0");
    prop(sb, "color", m->color);
    prop(sb, "horizontal_anchor_point", "1");
    prop(sb, "joinstyle", "miter");
    prop(sb, "name", m->shape);
    prop(sb, "offset", "0,0");
    prop(sb, "offset_unit", "MM");
    prop(sb, "outline_color", m->outline);
    prop(sb, "outline_style", m->outline_style);
    snprintf(num, sizeof num, "%g", m->outline_mm);
    prop(sb, "outline_width", num);
    prop(sb, "outline_width_unit", "MM");
    prop(sb, "scale_method", "diameter");
    snprintf(num, sizeof num, "%g", m->size);
    prop(sb, "size", num);
    prop(sb, "size_unit", "MM");
    prop(sb, "vertical_anchor_point", "1");
    dd_props(sb, dd, "        ");
    im_sb_printf(sb, "      </layer>\n");
}

static void symbol_open(im_sb *sb, const char *type, const char *name)
{
    im_sb_printf(sb, "    <symbol type=\"%s\" name=\"%s\" alpha=\"1\" clip_to_extent=\"1\" "
                     "force_rhr=\"0\">\n",
                 type, name);
    dd_props(sb, NULL, "      ");
}

static void incidents_renderer(im_sb *sb, bool acled)
{
    const im_style *st = im_style_default();
    const char *gp = acled ? "geo_precision" : "geo_prec";
    char size_expr[256], prec2[64], prec3[64];
    snprintf(size_expr, sizeof size_expr,
             "CASE WHEN \"fatalities\" IS NULL OR \"fatalities\" < 0 THEN %g "
             "ELSE min(%g, sqrt(%g + 4 / pi() * %g * \"fatalities\")) END",
             st->unknown_size_mm, st->max_size_mm, st->min_size_mm * st->min_size_mm,
             st->size_per_fatality_mm2);
    snprintf(prec2, sizeof prec2, "coalesce(\"%s\", 1) >= 2", gp);
    snprintf(prec3, sizeof prec3, "coalesce(\"%s\", 1) >= 3", gp);

    im_sb_printf(sb, "  <renderer-v2 type=\"categorizedSymbol\" attr=\"event_type\" "
                     "forceraster=\"0\" symbollevels=\"0\" enableorderby=\"1\" "
                     "referencescale=\"-1\">\n    <categories>\n");
    for (size_t k = 0; k < st->n_classes; k++) {
        const im_style_class *c = &st->classes[k];
        im_sb_printf(sb, "      <category render=\"true\" symbol=\"%zu\" value=\"", k);
        im_sb_xml(sb, c->event_type ? c->event_type : "");
        im_sb_printf(sb, "\" label=\"");
        im_sb_xml(sb, c->label);
        im_sb_printf(sb, "\"/>\n");
    }
    im_sb_printf(sb, "    </categories>\n    <symbols>\n");
    for (size_t k = 0; k < st->n_classes; k++) {
        const im_style_class *c = &st->classes[k];
        char name[24], fill[256], edge[256], width[256], style[256], hollow[256];
        int r = c255(c->fill.r), g = c255(c->fill.g), b = c255(c->fill.b);
        snprintf(name, sizeof name, "%zu", k);
        snprintf(fill, sizeof fill, "CASE WHEN %s THEN '%d,%d,%d,%d' ELSE '%d,%d,%d,255' END",
                 prec2, r, g, b, c255(RING_ALPHA), r, g, b);
        snprintf(edge, sizeof edge, "CASE WHEN %s THEN '%d,%d,%d,255' ELSE '%d,%d,%d,255' END",
                 prec2, c255(c->fill.r * RING_DARKEN), c255(c->fill.g * RING_DARKEN),
                 c255(c->fill.b * RING_DARKEN), c255(st->outline.r), c255(st->outline.g),
                 c255(st->outline.b));
        snprintf(width, sizeof width, "CASE WHEN %s THEN %g ELSE %g END", prec2, RING_EDGE_MM,
                 st->outline_mm);
        snprintf(style, sizeof style, "CASE WHEN %s THEN 'dash' ELSE 'solid' END", prec3);
        snprintf(hollow, sizeof hollow,
                 "CASE WHEN \"fatalities\" IS NULL OR \"fatalities\" < 0 THEN %g ELSE 0 END",
                 st->unknown_size_mm * HOLLOW_FRACTION);
        symbol_open(sb, "marker", name);
        /* 1. white under-stroke for rings */
        marker under = {im_style_shape_name(c->shape), "0,0,0,0", "255,255,255,255",
                        st->unknown_size_mm, RING_UNDER_MM, "solid"};
        const char *under_dd[] = {"size", size_expr, "enabled", prec2, NULL};
        simple_marker(sb, &under, under_dd, true);
        /* 2. the symbol: class colour and shape, precision by fill and edge */
        marker main = {im_style_shape_name(c->shape), "", "", st->unknown_size_mm,
                       st->outline_mm, "solid"};
        snprintf(main.color, sizeof main.color, "%d,%d,%d,255", r, g, b);
        snprintf(main.outline, sizeof main.outline, "%d,%d,%d,255", c255(st->outline.r),
                 c255(st->outline.g), c255(st->outline.b));
        const char *main_dd[] = {"size", size_expr, "fillColor", fill, "outlineColor", edge,
                                 "outlineWidth", width, "outlineStyle", style, NULL};
        simple_marker(sb, &main, main_dd, false);
        /* 3. hollow centre when fatalities are not stated */
        marker centre = {"circle", "255,255,255,255", "", st->unknown_size_mm * HOLLOW_FRACTION,
                         0.12, "solid"};
        snprintf(centre.outline, sizeof centre.outline, "%s", main.outline);
        const char *centre_dd[] = {"size", hollow, NULL};
        simple_marker(sb, &centre, centre_dd, true);
        im_sb_printf(sb, "    </symbol>\n");
    }
    im_sb_printf(sb, "    </symbols>\n    <rotation/>\n    <sizescale/>\n"
                     "    <orderby>\n      <orderByClause asc=\"0\" nullsFirst=\"0\">"
                     "coalesce(&quot;fatalities&quot;, 0)</orderByClause>\n    </orderby>\n"
                     "  </renderer-v2>\n");
}

static void labeling(im_sb *sb, const char *expr, double size_pt)
{
    im_sb_printf(sb, "  <labeling type=\"simple\">\n    <settings calloutType=\"simple\">\n"
                     "      <text-style fieldName=\"");
    im_sb_xml(sb, expr);
    im_sb_printf(sb,
                 "\" isExpression=\"1\" fontFamily=\"DejaVu Sans\" namedStyle=\"Book\" "
                 "fontSize=\"%g\" fontSizeUnit=\"Point\" fontWeight=\"50\" fontItalic=\"0\" "
                 "textColor=\"34,34,34,255\" textOpacity=\"1\" multilineHeight=\"1\" "
                 "allowHtml=\"0\" blendMode=\"0\" capitalization=\"0\" "
                 "textOrientation=\"horizontal\" useSubstitutions=\"0\">\n"
                 "        <text-buffer bufferDraw=\"1\" bufferSize=\"0.7\" "
                 "bufferSizeUnits=\"MM\" bufferColor=\"255,255,255,255\" "
                 "bufferOpacity=\"0.85\" bufferNoFill=\"1\" bufferJoinStyle=\"128\" "
                 "bufferBlendMode=\"0\"/>\n      </text-style>\n"
                 "      <text-format multilineAlign=\"0\" wrapChar=\"\" autoWrapLength=\"0\" "
                 "plussign=\"0\" formatNumbers=\"0\" decimals=\"3\" addDirectionSymbol=\"0\"/>\n"
                 "      <placement placement=\"6\" dist=\"0.8\" distUnits=\"MM\" "
                 "predefinedPositionOrder=\"TR,TL,BR,BL,R,L,TSR,BSR\" priority=\"5\" "
                 "offsetType=\"0\" quadOffset=\"4\"/>\n"
                 "      <rendering obstacle=\"1\" drawLabels=\"1\" scaleVisibility=\"0\" "
                 "displayAll=\"0\" upsidedownLabels=\"0\" limitNumLabels=\"0\" "
                 "fontLimitPixelSize=\"0\" labelPerPart=\"0\" mergeLines=\"0\"/>\n"
                 "    </settings>\n  </labeling>\n",
                 size_pt);
}

static void places_renderer(im_sb *sb)
{
    const im_style *st = im_style_default();
    im_sb_printf(sb, "  <renderer-v2 type=\"singleSymbol\" forceraster=\"0\" "
                     "symbollevels=\"0\" enableorderby=\"0\" referencescale=\"-1\">\n"
                     "    <symbols>\n");
    symbol_open(sb, "marker", "0");
    marker m = {"circle", "255,255,255,255", "", 1.4, 0.3, "solid"};
    snprintf(m.outline, sizeof m.outline, "%d,%d,%d,255", c255(st->outline.r),
             c255(st->outline.g), c255(st->outline.b));
    simple_marker(sb, &m, NULL, false);
    im_sb_printf(sb, "    </symbol>\n    </symbols>\n    <rotation/>\n    <sizescale/>\n"
                     "  </renderer-v2>\n");
}

static void links_renderer(im_sb *sb)
{
    const im_style *st = im_style_default();
    char col[32];
    snprintf(col, sizeof col, "%d,%d,%d,255", c255(st->outline.r), c255(st->outline.g),
             c255(st->outline.b));
    im_sb_printf(sb, "  <renderer-v2 type=\"singleSymbol\" forceraster=\"0\" "
                     "symbollevels=\"0\" enableorderby=\"0\" referencescale=\"-1\">\n"
                     "    <symbols>\n");
    symbol_open(sb, "line", "0");
    im_sb_printf(sb, "      <layer class=\"SimpleLine\" enabled=\"1\" locked=\"0\" pass=\"0\">\n");
    prop(sb, "capstyle", "round");
    prop(sb, "joinstyle", "round");
    prop(sb, "line_color", col);
    prop(sb, "line_style", "dash");
    prop(sb, "line_width", "0.35");
    prop(sb, "line_width_unit", "MM");
    prop(sb, "offset", "0");
    prop(sb, "offset_unit", "MM");
    dd_props(sb, NULL, "        ");
    im_sb_printf(sb, "      </layer>\n"
                     "      <layer class=\"MarkerLine\" enabled=\"1\" locked=\"0\" pass=\"0\">\n");
    prop(sb, "placement", "lastvertex");
    prop(sb, "rotate", "1");
    prop(sb, "offset", "0");
    prop(sb, "offset_unit", "MM");
    prop(sb, "interval", "3");
    prop(sb, "interval_unit", "MM");
    dd_props(sb, NULL, "        ");
    im_sb_printf(sb, "        <symbol type=\"marker\" name=\"@0@1\" alpha=\"1\" "
                     "clip_to_extent=\"1\" force_rhr=\"0\">\n");
    dd_props(sb, NULL, "          ");
    marker head = {"filled_arrowhead", "", "", 2.2, 0, "no"};
    snprintf(head.color, sizeof head.color, "%s", col);
    snprintf(head.outline, sizeof head.outline, "%s", col);
    simple_marker(sb, &head, NULL, false);
    im_sb_printf(sb, "        </symbol>\n      </layer>\n    </symbol>\n    </symbols>\n"
                     "    <rotation/>\n    <sizescale/>\n  </renderer-v2>\n");
}

char *im_qml_body(im_layer_kind kind, bool acled)
{
    const im_style *st = im_style_default();
    im_sb sb = {NULL, 0, 0};
    if (kind == IM_LAYER_INCIDENTS) {
        char expr[256];
        snprintf(expr, sizeof expr,
                 "concat(\"%s\", CASE WHEN coalesce(\"%s\", '') <> '' THEN '\\n' || \"%s\" "
                 "END)",
                 st->label_field, st->label_date_field, st->label_date_field);
        incidents_renderer(&sb, acled);
        labeling(&sb, expr, st->label_size_pt);
    } else if (kind == IM_LAYER_PLACES) {
        places_renderer(&sb);
    } else {
        links_renderer(&sb);
    }
    im_sb_printf(&sb, "  <layerGeometryType>%d</layerGeometryType>\n",
                 kind == IM_LAYER_LINKS ? 1 : 0);
    return sb.s;
}

char *im_layer_qml(im_layer_kind kind, bool acled)
{
    char *body = im_qml_body(kind, acled);
    char *doc = im_xasprintf("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
                             "<qgis version=\"3.22.16-Białowieża\" "
                             "styleCategories=\"Symbology|Labeling|Rendering\" "
                             "labelsEnabled=\"%d\">\n%s</qgis>\n",
                             kind == IM_LAYER_INCIDENTS, body);
    free(body);
    return doc;
}
