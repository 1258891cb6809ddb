/* What a KML reader shows of a row beyond its attributes: the Placemark name, a
 * readable description, the ISO time stamp Google Earth's time slider uses, and the
 * feature colour (an OGR style string that LIBKML turns into an IconStyle/LineStyle).
 *
 * Dates are written by us as the strings the model holds ("2021-08-26", "2021-08",
 * "2021"), which are valid KML `when` values at day, month and year precision; GDAL's
 * own date fields would come out as 2021/08/26. No OGR calls here: write_ogr.c sets
 * the fields.
 */
#include "write_private.h"
#include "incmap/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *cell(const im_layer_src *src, const im_val *vals, const char *name)
{
    int c = im_layer_src_col(src, name);
    return c >= 0 ? vals[c].s : "";
}

static long num(const im_layer_src *src, const im_val *vals, const char *name, bool *known)
{
    int c = im_layer_src_col(src, name);
    *known = c >= 0 && !vals[c].null;
    return *known ? vals[c].i : 0;
}

static char *count_text(long v, bool known)
{
    return known ? im_xasprintf("%ld", v) : im_xstrdup("not stated");
}

void im_kml_extras(const im_layer_src *src, size_t i, const im_val *vals, char *out[4])
{
    (void)i;
    const im_style *style = im_style_default();
    if (src->kind == IM_LAYER_INCIDENTS) {
        const char *loc = cell(src, vals, "location");
        const char *type = cell(src, vals, "event_type");
        const char *date = cell(src, vals, "event_date");
        bool kf, ki, kp;
        long fat = num(src, vals, "fatalities", &kf);
        long inj = num(src, vals, "injuries", &ki);
        long gp = num(src, vals, "geo_prec", &kp);
        char *f = count_text(fat, kf), *j = count_text(inj, ki);
        const char *a1 = cell(src, vals, "actor1"), *a2 = cell(src, vals, "actor2");
        out[0] = im_xstrdup(loc[0] ? loc : type[0] ? type : cell(src, vals, "event_id"));
        out[1] = im_xasprintf("%s — %s%s%s\n%s%s%s (location precision %ld)\n"
                              "Fatalities: %s; injuries: %s\nActors: %s%s%s\n%s",
                              date[0] ? date : "undated", type,
                              cell(src, vals, "sub_type")[0] ? " / " : "",
                              cell(src, vals, "sub_type"), loc,
                              cell(src, vals, "country")[0] ? ", " : "",
                              cell(src, vals, "country"), kp ? gp : 0L, f, j,
                              a1[0] ? a1 : "not stated", a2[0] ? "; " : "", a2,
                              cell(src, vals, "notes"));
        out[2] = im_xstrdup(date);
        const im_style_class *cls = &style->classes[im_style_class_index(style, type)];
        out[3] = im_xasprintf("SYMBOL(c:%sFF,s:%.1f)", cls->fill.hex,
                              im_style_symbol_size(style, kf ? (int)fat : -1) / 2.6);
        free(f);
        free(j);
    } else if (src->kind == IM_LAYER_PLACES) {
        bool km;
        long mentions = num(src, vals, "mentions", &km);
        out[0] = im_xstrdup(cell(src, vals, "name"));
        out[1] = im_xasprintf("%s in %s, named %ld time%s\n%s", cell(src, vals, "kind"),
                              cell(src, vals, "iso2"), mentions, mentions == 1 ? "" : "s",
                              cell(src, vals, "evidence"));
        out[2] = im_xstrdup("");
        out[3] = im_xasprintf("SYMBOL(c:%sFF,s:0.8)", style->outline.hex);
    } else {
        out[0] = im_xasprintf("%s → %s", cell(src, vals, "from_name"),
                              cell(src, vals, "to_name"));
        out[1] = im_xasprintf("%s link\n%s", cell(src, vals, "kind"),
                              cell(src, vals, "evidence"));
        out[2] = im_xstrdup("");
        out[3] = im_xasprintf("PEN(c:%sFF,w:2px)", style->outline.hex);
    }
}
