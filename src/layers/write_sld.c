/* The style of style.h as OGC Styled Layer Descriptor 1.1 with Symbology Encoding,
 * for the styleSLD column of `layer_styles`: what tools other than QGIS read
 * (GeoServer, MapServer, QGIS's own SLD import). Incidents get one rule per ACLED
 * event type (PropertyIsEqualTo on event_type; the catch-all class as "null or none
 * of them") with the class colour and its well-known mark, a size interpolated from
 * fatalities through the area rule's values at 0, 1, 10, 50 and 200 (the
 * unknown-fatalities size as fallback), and labels by location. Places are white
 * circles, links dashed lines.
 *
 * Sizes are in SE's standard pixels of 0.28 mm. The precision rings and dashes, and
 * the hollow centre for unknown fatalities, need QGIS's data-defined properties and
 * stay in the QML (write_qml.c); SLD readers draw every incident filled.
 */
#include "write_private.h"
#include "incmap/alloc.h"
#include "incmap/style.h"

#include <math.h>
#include <stdlib.h>

#define SE_PIXEL_MM 0.28

static double px(double mm)
{
    return round(mm / SE_PIXEL_MM * 100) / 100;
}

/* SE's well-known names where they exist; QGIS's names for the rest. */
static const char *mark_name(im_shape s)
{
    switch (s) {
    case IM_SHAPE_SQUARE: return "square";
    case IM_SHAPE_TRIANGLE: return "triangle";
    case IM_SHAPE_STAR: return "star";
    case IM_SHAPE_DIAMOND: return "diamond";
    case IM_SHAPE_PENTAGON: return "pentagon";
    case IM_SHAPE_HEXAGON: return "hexagon";
    default: return "circle";
    }
}

static void css(im_sb *sb, const char *name, const char *value)
{
    im_sb_printf(sb, "<se:SvgParameter name=\"%s\">%s</se:SvgParameter>", name, value);
}

static void fill_stroke(im_sb *sb, const char *fill, const char *stroke, double stroke_mm)
{
    if (fill) {
        im_sb_printf(sb, "<se:Fill>");
        css(sb, "fill", fill);
        im_sb_printf(sb, "</se:Fill>");
    }
    im_sb_printf(sb, "<se:Stroke>");
    css(sb, "stroke", stroke);
    im_sb_printf(sb, "<se:SvgParameter name=\"stroke-width\">%g</se:SvgParameter>",
                 px(stroke_mm));
    im_sb_printf(sb, "</se:Stroke>");
}

/* Size from fatalities: linear between the area rule's diameters at a few counts. */
static void fatality_size(im_sb *sb, const im_style *st)
{
    static const int counts[] = {0, 1, 10, 50, 200};
    im_sb_printf(sb, "<se:Size><se:Interpolate fallbackValue=\"%g\"><se:LookupValue>"
                     "<ogc:PropertyName>fatalities</ogc:PropertyName></se:LookupValue>",
                 px(st->unknown_size_mm));
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
        im_sb_printf(sb, "<se:InterpolationPoint><se:Data>%d</se:Data><se:Value>%g</se:Value>"
                         "</se:InterpolationPoint>",
                     counts[i], px(im_style_symbol_size(st, counts[i])));
    im_sb_printf(sb, "</se:Interpolate></se:Size>");
}

static void type_is(im_sb *sb, const char *type)
{
    im_sb_printf(sb, "<ogc:PropertyIsEqualTo><ogc:PropertyName>event_type</ogc:PropertyName>"
                     "<ogc:Literal>");
    im_sb_xml(sb, type);
    im_sb_printf(sb, "</ogc:Literal></ogc:PropertyIsEqualTo>");
}

static void incident_rules(im_sb *sb)
{
    const im_style *st = im_style_default();
    for (size_t k = 0; k < st->n_classes; k++) {
        const im_style_class *c = &st->classes[k];
        im_sb_printf(sb, "<se:Rule><se:Name>");
        im_sb_xml(sb, c->label);
        im_sb_printf(sb, "</se:Name><se:Description><se:Title>");
        im_sb_xml(sb, c->label);
        im_sb_printf(sb, "</se:Title></se:Description>");
        im_sb_printf(sb, "<ogc:Filter>");
        if (c->event_type) {
            type_is(sb, c->event_type);
        } else {
            /* spelled out rather than ElseFilter, which QGIS's import reads as "all" */
            im_sb_printf(sb, "<ogc:Or><ogc:PropertyIsNull><ogc:PropertyName>event_type"
                             "</ogc:PropertyName></ogc:PropertyIsNull><ogc:Not><ogc:Or>");
            for (size_t j = 0; j < st->n_classes; j++)
                if (st->classes[j].event_type)
                    type_is(sb, st->classes[j].event_type);
            im_sb_printf(sb, "</ogc:Or></ogc:Not></ogc:Or>");
        }
        im_sb_printf(sb, "</ogc:Filter>");
        im_sb_printf(sb, "<se:PointSymbolizer><se:Graphic><se:Mark><se:WellKnownName>%s"
                         "</se:WellKnownName>",
                     mark_name(c->shape));
        fill_stroke(sb, c->fill.hex, st->outline.hex, st->outline_mm);
        im_sb_printf(sb, "</se:Mark>");
        fatality_size(sb, st);
        im_sb_printf(sb, "</se:Graphic></se:PointSymbolizer></se:Rule>\n");
    }
    /* labels for every incident: location, with a white halo */
    im_sb_printf(sb, "<se:Rule><se:Name>labels</se:Name><se:TextSymbolizer><se:Label>"
                     "<ogc:PropertyName>%s</ogc:PropertyName></se:Label><se:Font>",
                 st->label_field);
    css(sb, "font-family", "Noto Sans");
    im_sb_printf(sb, "<se:SvgParameter name=\"font-size\">%g</se:SvgParameter></se:Font>"
                     "<se:LabelPlacement><se:PointPlacement><se:AnchorPoint>"
                     "<se:AnchorPointX>0</se:AnchorPointX><se:AnchorPointY>0.5"
                     "</se:AnchorPointY></se:AnchorPoint><se:Displacement>"
                     "<se:DisplacementX>6</se:DisplacementX><se:DisplacementY>0"
                     "</se:DisplacementY></se:Displacement></se:PointPlacement>"
                     "</se:LabelPlacement><se:Halo><se:Radius>1.5</se:Radius><se:Fill>",
                 px(st->label_size_pt * 25.4 / 72));
    css(sb, "fill", "#ffffff");
    im_sb_printf(sb, "</se:Fill></se:Halo><se:Fill>");
    css(sb, "fill", "#222222");
    im_sb_printf(sb, "</se:Fill></se:TextSymbolizer></se:Rule>\n");
}

char *im_layer_sld(im_layer_kind kind)
{
    static const char *const names[] = {"incidents", "places", "links"};
    const im_style *st = im_style_default();
    im_sb sb = {NULL, 0, 0};
    im_sb_printf(&sb,
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<StyledLayerDescriptor version=\"1.1.0\" "
                 "xmlns=\"http://www.opengis.net/sld\" "
                 "xmlns:se=\"http://www.opengis.net/se\" "
                 "xmlns:ogc=\"http://www.opengis.net/ogc\" "
                 "xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
                 "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                 "xsi:schemaLocation=\"http://www.opengis.net/sld "
                 "http://schemas.opengis.net/sld/1.1.0/StyledLayerDescriptor.xsd\">\n"
                 "<NamedLayer><se:Name>%s</se:Name><UserStyle><se:Name>%s</se:Name>"
                 "<se:Description><se:Title>incmap default style</se:Title>"
                 "</se:Description><se:FeatureTypeStyle>\n",
                 names[kind], names[kind]);
    if (kind == IM_LAYER_INCIDENTS) {
        incident_rules(&sb);
    } else if (kind == IM_LAYER_PLACES) {
        im_sb_printf(&sb, "<se:Rule><se:Name>places</se:Name><se:PointSymbolizer><se:Graphic>"
                          "<se:Mark><se:WellKnownName>circle</se:WellKnownName>");
        fill_stroke(&sb, "#ffffff", st->outline.hex, 0.3);
        im_sb_printf(&sb, "</se:Mark><se:Size>%g</se:Size></se:Graphic></se:PointSymbolizer>"
                          "</se:Rule>\n",
                     px(1.4));
    } else {
        im_sb_printf(&sb, "<se:Rule><se:Name>links</se:Name><se:LineSymbolizer>");
        im_sb_printf(&sb, "<se:Stroke>");
        css(&sb, "stroke", st->outline.hex);
        im_sb_printf(&sb, "<se:SvgParameter name=\"stroke-width\">%g</se:SvgParameter>",
                     px(0.35));
        css(&sb, "stroke-dasharray", "7 4");
        im_sb_printf(&sb, "</se:Stroke></se:LineSymbolizer></se:Rule>\n");
    }
    im_sb_printf(&sb, "</se:FeatureTypeStyle></UserStyle></NamedLayer>\n"
                      "</StyledLayerDescriptor>\n");
    return sb.s;
}
