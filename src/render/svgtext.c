/* Text as SVG <text> elements. cairo 1.16's SVG surface turns every glyph into a
 * path, so a map's SVG would hold no searchable text; when a text sink is attached to
 * the cairo_t, im_text_draw sends each layout here instead of drawing glyphs, and the
 * collected elements (device coordinates of the SVG surface, points) are appended to
 * the SVG by the caller. Halos become a white stroke painted under the fill
 * (paint-order="stroke"). Only positions and styles are written here; no files.
 */
#include "render_private.h"
#include "incmap/alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const cairo_user_data_key_t sink_key;

struct im_svg_sink {
    char *buf;
    size_t len, cap;
};

static void append(im_svg_sink *s, const char *text, size_t n)
{
    s->buf = im_xgrow(s->buf, &s->cap, s->len + n + 1, 1);
    memcpy(s->buf + s->len, text, n);
    s->len += n;
    s->buf[s->len] = 0;
}

static void appendf(im_svg_sink *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void appendf(im_svg_sink *s, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0)
        append(s, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

static void append_escaped(im_svg_sink *s, const char *text, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *rep = text[i] == '<' ? "&lt;" : text[i] == '>' ? "&gt;"
                          : text[i] == '&' ? "&amp;" : text[i] == '"' ? "&quot;" : NULL;
        if (rep)
            append(s, rep, strlen(rep));
        else if (text[i] != '\n')
            append(s, text + i, 1);
    }
}

im_svg_sink *im_svg_sink_create(void)
{
    return im_xcalloc(1, sizeof(im_svg_sink));
}

void im_svg_sink_destroy(im_svg_sink *s)
{
    if (!s)
        return;
    free(s->buf);
    free(s);
}

const char *im_svg_sink_text(const im_svg_sink *s)
{
    return s && s->buf ? s->buf : "";
}

void im_svg_sink_attach(cairo_t *cr, im_svg_sink *s)
{
    cairo_set_user_data(cr, &sink_key, s, NULL);
}

im_svg_sink *im_svg_sink_of(cairo_t *cr)
{
    return cairo_get_user_data(cr, &sink_key);
}

/* Write each run of the layout as a <text>, at its baseline, in device space. */
void im_svg_sink_layout(im_svg_sink *s, cairo_t *cr, PangoLayout *layout, double x, double y,
                        double r, double g, double b, double halo_mm)
{
    const char *text = pango_layout_get_text(layout);
    PangoLayoutIter *it = pango_layout_get_iter(layout);
    double unit = 1;   /* device units per user unit (uniform scale assumed) */
    double ux = 1, uy = 0;
    cairo_user_to_device_distance(cr, &ux, &uy);
    unit = ux;
    do {
        PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
        if (!run)
            continue;
        PangoRectangle logical;
        pango_layout_iter_get_run_extents(it, NULL, &logical);
        double bx = x + (double)logical.x / PANGO_SCALE;
        double by = y + (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
        cairo_user_to_device(cr, &bx, &by);
        PangoFontDescription *fd = pango_font_describe(run->item->analysis.font);
        double size = (double)pango_font_description_get_size(fd) / PANGO_SCALE;
        /* a loaded font describes its size scaled by 72/25.4 at our 25.4-dpi context
         * (points of 1/72 of a user unit); back to points, then to device units */
        double size_dev = size * (25.4 / 72.0) * (25.4 / 72.0) * unit;
        const char *family = pango_font_description_get_family(fd);
        int weight = (int)pango_font_description_get_weight(fd);
        bool italic = pango_font_description_get_style(fd) != PANGO_STYLE_NORMAL;
        double fr = r, fg = g, fb = b, spacing = 0;
        for (GSList *a = run->item->analysis.extra_attrs; a; a = a->next) {
            PangoAttribute *attr = a->data;
            if (attr->klass->type == PANGO_ATTR_FOREGROUND) {
                PangoColor c = ((PangoAttrColor *)attr)->color;
                fr = c.red / 65535.0;
                fg = c.green / 65535.0;
                fb = c.blue / 65535.0;
            } else if (attr->klass->type == PANGO_ATTR_LETTER_SPACING) {
                spacing = (double)((PangoAttrInt *)attr)->value / PANGO_SCALE * unit;
            }
        }
        appendf(s, "<text x=\"%.2f\" y=\"%.2f\" font-family=\"%s, DejaVu Sans, sans-serif\" "
                   "font-size=\"%.2f\"%s%s fill=\"#%02x%02x%02x\"",
                bx, by, family ? family : "sans-serif", size_dev,
                weight >= 600 ? " font-weight=\"bold\"" : "",
                italic ? " font-style=\"italic\"" : "", (int)(fr * 255 + 0.5),
                (int)(fg * 255 + 0.5), (int)(fb * 255 + 0.5));
        if (spacing > 0)
            appendf(s, " letter-spacing=\"%.2f\"", spacing);
        if (halo_mm > 0)
            appendf(s, " stroke=\"#ffffff\" stroke-opacity=\"0.92\" stroke-width=\"%.2f\" "
                       "stroke-linejoin=\"round\" paint-order=\"stroke\"", 2 * halo_mm * unit);
        append(s, ">", 1);
        append_escaped(s, text + run->item->offset, (size_t)run->item->length);
        append(s, "</text>\n", 8);
        pango_font_description_free(fd);
    } while (pango_layout_iter_next_run(it));
    pango_layout_iter_free(it);
}
