/* The incident style table (see style.h): Okabe–Ito colours and marker shapes for
 * ACLED's event types, the fatality-to-size rule, the precision marks and the year
 * ramp. This file is the single definition; it holds no drawing code and no file
 * formats — render/symbols.c draws from it and the layer writers serialise it.
 */
#include "incmap/style.h"

#include <math.h>
#include <strings.h>

/* Okabe & Ito (2008), "Color Universal Design". Yellow (#F0E442) is left out: it
 * vanishes on the pale land fill. */
static const im_style_class classes[] = {
    {"Battles", "Battles", {0.000, 0.447, 0.698, "#0072b2"}, IM_SHAPE_SQUARE},
    {"Explosions/Remote violence", "Explosions / remote violence",
     {0.835, 0.369, 0.000, "#d55e00"}, IM_SHAPE_STAR},
    {"Violence against civilians", "Violence against civilians",
     {0.800, 0.475, 0.655, "#cc79a7"}, IM_SHAPE_TRIANGLE},
    {"Protests", "Protests", {0.000, 0.620, 0.451, "#009e73"}, IM_SHAPE_CIRCLE},
    {"Riots", "Riots", {0.902, 0.624, 0.000, "#e69f00"}, IM_SHAPE_DIAMOND},
    {"Strategic developments", "Strategic developments",
     {0.337, 0.706, 0.914, "#56b4e9"}, IM_SHAPE_HEXAGON},
    {NULL, "Other / unknown type", {0.600, 0.600, 0.600, "#999999"}, IM_SHAPE_PENTAGON},
};

static const double legend_fatalities[] = {1, 10, 50};

/* Viridis, sequential and colour-blind safe, stopped short of its pale yellow end,
 * which vanishes on the cream land fill. */
static const im_rgb year_ramp[] = {
    {0.267, 0.005, 0.329, "#440154"}, {0.231, 0.322, 0.545, "#3b528b"},
    {0.129, 0.569, 0.549, "#21918c"}, {0.369, 0.788, 0.384, "#5ec962"},
    {0.741, 0.875, 0.149, "#bddf26"},
};

static const im_style style = {
    .classes = classes,
    .n_classes = sizeof classes / sizeof classes[0],
    .outline = {0.2, 0.2, 0.2, "#333333"},
    .outline_mm = 0.18,
    .min_size_mm = 1.8,
    .size_per_fatality_mm2 = 0.45,
    .max_size_mm = 9.0,
    .unknown_size_mm = 2.6,
    .legend_fatalities = legend_fatalities,
    .n_legend_fatalities = sizeof legend_fatalities / sizeof legend_fatalities[0],
    .year_ramp = year_ramp,
    .n_year_ramp = sizeof year_ramp / sizeof year_ramp[0],
    .label_field = "location",
    .label_date_field = "event_date",
    .label_size_pt = 6.5,
};

const im_style *im_style_default(void)
{
    return &style;
}

/* Short forms seen in other incident data, mapped to ACLED's classes. */
static const struct {
    const char *word;
    size_t index;
} aliases[] = {
    {"battle", 0}, {"clash", 0}, {"armed clash", 0},
    {"explosion", 1}, {"explosions", 1}, {"remote violence", 1}, {"bombing", 1},
    {"attack", 2}, {"violence against civilians", 2},
    {"protest", 3}, {"riot", 4}, {"strategic development", 5},
};

size_t im_style_class_index(const im_style *st, const char *event_type)
{
    size_t other = st->n_classes - 1;
    if (!event_type || !*event_type)
        return other;
    for (size_t i = 0; i < other; i++)
        if (st->classes[i].event_type && strcasecmp(st->classes[i].event_type, event_type) == 0)
            return i;
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcasecmp(aliases[i].word, event_type) == 0)
            return aliases[i].index;
    return other;
}

double im_style_symbol_size(const im_style *st, int fatalities)
{
    if (fatalities < 0)
        return st->unknown_size_mm;
    double area = st->min_size_mm * st->min_size_mm +
                  4.0 / M_PI * st->size_per_fatality_mm2 * (double)fatalities;
    double d = sqrt(area);
    return d > st->max_size_mm ? st->max_size_mm : d;
}

im_precision_mark im_style_precision_mark(int geo_prec)
{
    if (geo_prec >= 3)
        return IM_PREC_DASHED;
    if (geo_prec == 2)
        return IM_PREC_RING;
    return IM_PREC_FILLED;
}

im_rgb im_style_year_colour(const im_style *st, int year, int first, int last)
{
    size_t n = st->n_year_ramp;
    if (last <= first)
        return st->year_ramp[n / 2];
    double t = (double)(year - first) / (double)(last - first);
    if (t < 0)
        t = 0;
    if (t > 1)
        t = 1;
    return st->year_ramp[(size_t)lround(t * (double)(n - 1))];
}

const char *im_style_shape_name(im_shape shape)
{
    static const char *const names[] = {"circle", "square", "triangle", "diamond",
                                        "pentagon", "star", "hexagon"};
    return (unsigned)shape < sizeof names / sizeof names[0] ? names[shape] : "circle";
}
