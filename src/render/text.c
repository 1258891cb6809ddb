/* Text for maps through Pango: layouts in page millimetres, measuring, and drawing
 * with a halo. The halo is stroked as a path and the text is then shown as text, so
 * PDF keeps every label searchable (pdftotext finds it) with fonts embedded; for SVG
 * the text goes to svgtext.c instead.
 *
 * Metrics hinting is off so a label measures the same on an image surface and a
 * PDF surface: placement decided once holds for every output. No placement here.
 */
#include "render_private.h"
#include "incmap/threads.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <gdal.h>
#include <string.h>

PangoContext *im_text_context(cairo_t *cr)
{
    PangoContext *pc = pango_cairo_create_context(cr);
    /* user space is millimetres: 25.4 units per inch makes sizes real points */
    pango_cairo_context_set_resolution(pc, 25.4);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(pc, fo);
    /* glyph positions rounded to whole user units would be whole millimetres */
    pango_context_set_round_glyph_positions(pc, FALSE);
    cairo_font_options_destroy(fo);
    return pc;
}

PangoLayout *im_text_layout(PangoContext *pc, const char *text, const char *family,
                            double size_pt, bool bold, bool italic)
{
    PangoLayout *layout = pango_layout_new(pc);
    PangoFontDescription *fd = pango_font_description_from_string(family ? family : IM_FONT);
    pango_font_description_set_size(fd, (gint)(size_pt * PANGO_SCALE + 0.5));
    if (bold)
        pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
    if (italic)
        pango_font_description_set_style(fd, PANGO_STYLE_ITALIC);
    pango_layout_set_font_description(layout, fd);
    pango_font_description_free(fd);
    /* no ligatures: "ﬁ" would hide "fi" from text search in the PDF */
    PangoAttrList *attrs = pango_attr_list_new();
    pango_attr_list_insert(attrs, pango_attr_font_features_new("liga=0, clig=0"));
    pango_layout_set_attributes(layout, attrs);
    pango_attr_list_unref(attrs);
    pango_layout_set_text(layout, text ? text : "", -1);
    return layout;
}

void im_text_size(PangoLayout *layout, double *w_mm, double *h_mm)
{
    PangoRectangle ink, logical;
    pango_layout_get_extents(layout, &ink, &logical);
    *w_mm = (double)logical.width / PANGO_SCALE;
    *h_mm = (double)logical.height / PANGO_SCALE;
}

void im_text_draw(cairo_t *cr, PangoLayout *layout, double x, double y, double r, double g,
                  double b, double halo_mm)
{
    im_svg_sink *sink = im_svg_sink_of(cr);
    if (sink) {
        im_svg_sink_layout(sink, cr, layout, x, y, r, g, b, halo_mm);
        return;
    }
    cairo_save(cr);
    cairo_move_to(cr, x, y);
    if (halo_mm > 0) {
        pango_cairo_layout_path(cr, layout);
        cairo_set_source_rgba(cr, 1, 1, 1, 0.92);
        cairo_set_line_width(cr, 2 * halo_mm);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(cr);
        cairo_move_to(cr, x, y);
    }
    cairo_set_source_rgb(cr, r, g, b);
    pango_cairo_show_layout(cr, layout);
    cairo_restore(cr);
}

void im_render_prepare(im_ctx *ctx)
{
    GDALAllRegister();
    char *basemap = im_ctx_data_path(ctx, "basemap.gpkg");
    for (int id = 0; basemap && id < IM_BM_LAYERS; id++)
        im_basemap_layer(ctx, basemap, (im_bm_layer_id)id);
    free(basemap);
    size_t n;
    im_basemap_cities(ctx, &n);
    im_ctx_clear_error(ctx); /* a map that needs the data will say what is missing */
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 8, 8);
    cairo_t *cr = cairo_create(s);
    PangoContext *pc = im_text_context(cr);
    /* the faces maps use: regular, bold, italic, with Latin and Cyrillic glyphs */
    for (int style = 0; style < 3; style++) {
        PangoLayout *l = im_text_layout(pc, "Kabul 1° Ürümqi Москва", NULL, 7, style == 1,
                                        style == 2);
        double w, h;
        im_text_size(l, &w, &h);
        g_object_unref(l);
    }
    g_object_unref(pc);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

void im_render_release_caches(void)
{
    /* Pango's font-sorting threads hold the font map while they run: tearing it down
     * under them trips cairo's own checks */
    im_wait_single_threaded(1000);
    /* Pango's default font map holds fontconfig patterns for every font it opened;
     * dropping it lets leak checkers see a clean exit */
    pango_cairo_font_map_set_default(NULL);
    cairo_debug_reset_static_data();
    /* fontconfig's configuration is freed only by FcFini; fontconfig is loaded
     * through cairo and Pango but not linked by us, so look it up */
    void *self = dlopen(NULL, RTLD_LAZY);
    if (self) {
        void (*fc_fini)(void) = NULL;
        void *sym = dlsym(self, "FcFini");
        memcpy(&fc_fini, &sym, sizeof fc_fini);
        if (fc_fini)
            fc_fini();
        dlclose(self);
    }
}
