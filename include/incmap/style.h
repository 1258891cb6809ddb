/* The one incident style of incmap, as data.
 *
 * The briefing-map renderer draws incidents from this table, and the layer writers
 * turn the same table into QGIS QML and GeoPackage layer_styles, so a layer opened in
 * QGIS and the map agree: ACLED's six event types map to Okabe–Ito colour-blind-safe
 * colours, each with a redundant marker shape; symbol area grows with fatalities;
 * unknown fatalities get a distinct mark; location precision (ACLED geo_prec 1/2/3)
 * is shown as a filled symbol, a ring, or a dashed ring.
 *
 * This header is data and pure functions only: it does not draw (see render.h) and
 * does not write QML (see the layers module). Sizes are in millimetres on paper.
 */
#ifndef INCMAP_STYLE_H
#define INCMAP_STYLE_H

#include <stddef.h>

/* Marker shapes. Names (im_style_shape_name) match QGIS simple-marker names. */
typedef enum im_shape {
    IM_SHAPE_CIRCLE = 0,
    IM_SHAPE_SQUARE,
    IM_SHAPE_TRIANGLE,
    IM_SHAPE_DIAMOND,
    IM_SHAPE_PENTAGON,
    IM_SHAPE_STAR,
    IM_SHAPE_HEXAGON
} im_shape;

/* How the location precision of an incident is drawn. */
typedef enum im_precision_mark {
    IM_PREC_FILLED = 1,       /* geo_prec 1: town or site — solid symbol */
    IM_PREC_RING = 2,         /* geo_prec 2: near a town / district — ring, pale fill */
    IM_PREC_DASHED = 3        /* geo_prec 3: province or coarser — dashed ring */
} im_precision_mark;

/* An sRGB colour with components in 0..1, plus the "#rrggbb" spelling. */
typedef struct im_rgb {
    double r, g, b;
    const char *hex;
} im_rgb;

/* One category of the style: an ACLED event type (or the catch-all class). */
typedef struct im_style_class {
    const char *event_type;   /* ACLED's exact spelling, e.g. "Battles"; NULL = other */
    const char *label;        /* legend text, e.g. "Explosions / remote violence" */
    im_rgb fill;
    im_shape shape;
} im_style_class;

/* The whole style. Every field is constant data; take it with im_style_default(). */
typedef struct im_style {
    const im_style_class *classes;   /* the six ACLED types, in ACLED's order, then
                                        the catch-all "Other / unknown type" */
    size_t n_classes;                /* 7 */
    im_rgb outline;                  /* symbol outline colour */
    double outline_mm;               /* symbol outline width */
    double min_size_mm;              /* diameter for 0 fatalities */
    double size_per_fatality_mm2;    /* added area (mm²) per fatality */
    double max_size_mm;              /* cap on the diameter */
    double unknown_size_mm;          /* diameter when fatalities are unknown */
    const double *legend_fatalities; /* sizes shown in the legend (ascending) */
    size_t n_legend_fatalities;
    const im_rgb *year_ramp;         /* sequential colours for --color-by year */
    size_t n_year_ramp;
    const char *label_field;         /* "location" */
    const char *label_date_field;    /* "event_date" */
    double label_size_pt;            /* label font size */
} im_style;

/* The built-in style (static data; never NULL, never freed). */
const im_style *im_style_default(void);

/* Index of the class for an ACLED event type (case-insensitive; also accepts the
 * common short forms "battle", "explosion", "attack", "protest", "riot"). Unknown or
 * NULL types give the catch-all class (n_classes - 1). */
size_t im_style_class_index(const im_style *style, const char *event_type);

/* Symbol diameter in mm for a fatality count. Area grows linearly with fatalities:
 * d = sqrt(min² + 4/π · per_fatality · f), capped at max_size_mm. IM_UNKNOWN (-1) or any
 * negative count gives unknown_size_mm. */
double im_style_symbol_size(const im_style *style, int fatalities);

/* The precision mark for an ACLED geo_prec (1, 2, 3; anything else counts as 3 when
 * larger, 1 when smaller or zero). */
im_precision_mark im_style_precision_mark(int geo_prec);

/* Colour for a year on the ramp, given the first and last year shown (the middle
 * colour when they are the same year). */
im_rgb im_style_year_colour(const im_style *style, int year, int first, int last);

/* QGIS simple-marker name of a shape ("circle", "square", "triangle", ...). */
const char *im_style_shape_name(im_shape shape);

#endif
