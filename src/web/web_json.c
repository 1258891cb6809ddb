/* The page's data as JSON (web.h): strings escaped so they are safe inside an HTML
 * <script> element, and the incidents, links, regions and style the page script
 * reads. Only data is written here; the page around it is page.c's, the basemap
 * web_basemap.c's.
 */
#include "web_private.h"
#include "incmap/regions.h"
#include "incmap/style.h"

#include <math.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at p (at most `left` bytes), or 0. */
static size_t utf8_len(const unsigned char *p, size_t left)
{
    unsigned c = p[0];
    size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
             : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (!n || n > left || (n == 2 && c < 0xC2) || (n == 4 && c > 0xF4))
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    if (n == 3 && ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0)))
        return 0; /* overlong, or a UTF-16 surrogate */
    if (n == 4 && ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90)))
        return 0;
    return n;
}

void im_web_json_string(FILE *out, const char *s)
{
    if (!s) {
        fputs("null", out);
        return;
    }
    const unsigned char *p = (const unsigned char *)s;
    size_t left = strlen(s);
    fputc('"', out);
    while (left) {
        unsigned c = *p;
        size_t n = 1;
        switch (c) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        case '<': fputs("\\u003c", out); break;
        case '>': fputs("\\u003e", out); break;
        case '&': fputs("\\u0026", out); break;
        default:
            if (c < 0x20 || c == 0x7F) {
                fprintf(out, "\\u%04x", c);
            } else if (c < 0x80) {
                fputc((int)c, out);
            } else if (!(n = utf8_len(p, left))) {
                fputs("\\ufffd", out);
                n = 1;
            } else if (n == 3 && c == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
                fputs(p[2] == 0xA8 ? "\\u2028" : "\\u2029", out);
            } else {
                fwrite(p, 1, n, out);
            }
        }
        p += n;
        left -= n;
    }
    fputc('"', out);
}

void im_web_html_text(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default: fputc(*s, out);
        }
    }
}

static void key_str(FILE *out, const char *key, const char *value, bool first)
{
    fprintf(out, "%s\"%s\":", first ? "" : ",", key);
    im_web_json_string(out, value ? value : "");
}

/* An incident is a row of values in the order of `incident_fields`: the names are
 * written once, not ten thousand times (a third of the page for an ACLED export). */
static const char *const incident_fields[] = {
    "event_id", "event_date", "year", "time_prec", "event_type", "sub_type", "actor1",
    "actor2", "assoc_act1", "iso2", "country", "admin1", "admin2", "location", "latitude",
    "longitude", "geo_prec", "fatalities", "injuries", "notes", "source", "place_txt",
    "doc_id", "para", "region", "cls", "size_mm",
};

static void val_str(FILE *out, const char *value)
{
    im_web_json_string(out, value ? value : "");
    fputc(',', out);
}

/* A count, or null when not stated. */
static void val_count(FILE *out, int value)
{
    if (value < 0)
        fputs("null,", out);
    else
        fprintf(out, "%d,", value);
}

static void write_incident(FILE *out, const im_incident *inc)
{
    fputc('[', out);
    val_str(out, inc->event_id);
    val_str(out, inc->event_date);
    fprintf(out, "%d,%d,", inc->year, inc->time_prec);
    val_str(out, inc->event_type);
    val_str(out, inc->sub_type);
    val_str(out, inc->actor1);
    val_str(out, inc->actor2);
    val_str(out, inc->assoc_act1);
    val_str(out, inc->iso2);
    val_str(out, inc->country);
    val_str(out, inc->admin1);
    val_str(out, inc->admin2);
    val_str(out, inc->location);
    if (inc->has_coords && isfinite(inc->latitude) && isfinite(inc->longitude))
        fprintf(out, "%.5f,%.5f,", inc->latitude, inc->longitude);
    else
        fputs("null,null,", out);
    fprintf(out, "%d,", inc->geo_prec);
    val_count(out, inc->fatalities);
    val_count(out, inc->injuries);
    val_str(out, inc->notes);
    val_str(out, inc->source);
    val_str(out, inc->place_txt);
    val_str(out, inc->doc_id);
    fprintf(out, "%d,", inc->para > 0 ? inc->para : 0);
    val_str(out, inc->region);
    /* the style's class and symbol diameter, decided here by style.h exactly as the
     * printed map decides them (ACLED spellings and the short forms alike) */
    const im_style *st = im_style_default();
    fprintf(out, "%zu,%.3f]", im_style_class_index(st, inc->event_type),
            im_style_symbol_size(st, inc->fatalities));
}

void web_write_incidents(FILE *out, const im_incident_set *set)
{
    fputs("{\"fields\":[", out);
    for (size_t i = 0; i < sizeof incident_fields / sizeof incident_fields[0]; i++)
        fprintf(out, "%s\"%s\"", i ? "," : "", incident_fields[i]);
    fputs("],\n\"rows\":[", out);
    for (size_t i = 0; i < set->n; i++) {
        if (i)
            fputs(",\n", out);
        write_incident(out, &set->items[i]);
    }
    fputs("]}", out);
}

void web_write_links(FILE *out, const im_link_set *links)
{
    fputc('[', out);
    size_t k = 0;
    for (size_t i = 0; links && i < links->n; i++) {
        const im_link *l = &links->items[i];
        if (!isfinite(l->from_lat) || !isfinite(l->from_lon) || !isfinite(l->to_lat) ||
            !isfinite(l->to_lon))
            continue;
        fputs(k++ ? ",\n{" : "{", out);
        key_str(out, "kind", l->kind, true);
        key_str(out, "from_name", l->from_name, false);
        key_str(out, "to_name", l->to_name, false);
        key_str(out, "event_id", l->event_id, false);
        fprintf(out, ",\"from\":[%.5f,%.5f],\"to\":[%.5f,%.5f]}", l->from_lat, l->from_lon,
                l->to_lat, l->to_lon);
    }
    fputc(']', out);
}

static bool region_has_incident(const im_region *r, const im_incident_set *set)
{
    for (size_t i = 0; i < set->n; i++)
        if (set->items[i].has_coords && im_region_has_country(r, set->items[i].iso2))
            return true;
    return false;
}

static void write_region(FILE *out, const im_region *r, bool first)
{
    fputs(first ? "{" : ",\n{", out);
    key_str(out, "name", r->name, true);
    key_str(out, "title", r->title, false);
    key_str(out, "countries", r->countries, false);
    fprintf(out, ",\"bbox\":[%.4f,%.4f,%.4f,%.4f]}", r->west, r->south, r->east, r->north);
}

void web_write_regions(FILE *out, const im_web_opts *opts, const im_incident_set *set)
{
    fputc('[', out);
    bool first = true;
    if (opts->regions) {
        for (size_t i = 0; i < opts->n_regions; i++) {
            const im_region *r = im_region_find(opts->regions[i]);
            if (r) {
                write_region(out, r, first);
                first = false;
            }
        }
    } else {
        size_t n;
        const im_region *all = im_regions_all(&n);
        for (size_t i = 0; i < n; i++) {
            if (strcmp(all[i].countries, "*") && region_has_incident(&all[i], set)) {
                write_region(out, &all[i], first);
                first = false;
            }
        }
    }
    fputc(']', out);
}

void web_write_style(FILE *out)
{
    const im_style *st = im_style_default();
    fputs("{\"classes\":[", out);
    for (size_t i = 0; i < st->n_classes; i++) {
        const im_style_class *c = &st->classes[i];
        fputs(i ? ",{" : "{", out);
        key_str(out, "event_type", c->event_type, true);
        key_str(out, "label", c->label, false);
        key_str(out, "fill", c->fill.hex, false);
        key_str(out, "shape", im_style_shape_name(c->shape), false);
        fputc('}', out);
    }
    fputs("]", out);
    key_str(out, "outline", st->outline.hex, false);
    fprintf(out, ",\"outline_mm\":%g,\"min_size_mm\":%g,\"size_per_fatality_mm2\":%g,"
                 "\"max_size_mm\":%g,\"unknown_size_mm\":%g,\"legend_fatalities\":[",
            st->outline_mm, st->min_size_mm, st->size_per_fatality_mm2, st->max_size_mm,
            st->unknown_size_mm);
    for (size_t i = 0; i < st->n_legend_fatalities; i++)
        fprintf(out, "%s[%g,%.3f]", i ? "," : "", st->legend_fatalities[i],
                im_style_symbol_size(st, (int)st->legend_fatalities[i]));
    fputs("]}", out);
}
