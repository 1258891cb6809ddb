/* Writing a map to files (program side, shared by `incmap map` and `incmap brief`):
 * the surface follows the extension (PNG at an exact pixel size, PDF and SVG as
 * vectors with text as text), each file is written under a temporary name beside
 * its target and renamed into place, and an existing file is kept unless overwrite.
 * A map written to several files (brief: PNG and PDF) is drawn once into a cairo
 * recording in page millimetres and replayed onto each surface, which spares the
 * second pass through text layout and path building. SVG is always drawn directly:
 * its text goes to <text> elements through a sink on the cairo_t. */
#include "commands.h"
#include "incmap/outfile.h"
#include "incmap/render.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

typedef enum out_kind { OUT_PNG, OUT_PDF, OUT_SVG } out_kind;

static bool ends_with(const char *s, const char *ext)
{
    size_t n = strlen(s), e = strlen(ext);
    return n > e && strcasecmp(s + n - e, ext) == 0;
}

/* Put the map's <text> elements before the closing </svg> of the file cairo wrote. */
static im_status insert_svg_text(im_ctx *ctx, const char *path, const char *text)
{
    im_status st = IM_OK;
    FILE *f = fopen(path, "rb");
    if (!f)
        return im_ctx_fail(ctx, IM_ERR_IO, "cannot reopen '%s': %s", path, strerror(errno));
    size_t cap = 1 << 20, len = 0, got;
    char *buf = im_xmalloc(cap);
    while ((got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap)
            buf = im_xreallocarray(buf, cap *= 2, 1);
    }
    fclose(f);
    char *end = NULL;
    for (size_t i = len >= 6 ? len - 6 : 0; i > 0 && !end; i--)
        if (memcmp(buf + i, "</svg>", 6) == 0)
            end = buf + i;
    if (!end) {
        st = im_ctx_fail(ctx, IM_ERR_IO, "'%s' is not the SVG cairo was to write", path);
        goto done;
    }
    f = fopen(path, "wb");
    bool ok = f && fwrite(buf, 1, (size_t)(end - buf), f) == (size_t)(end - buf) &&
              fputs("<g id=\"incmap-text\">\n", f) >= 0 && fputs(text, f) >= 0 &&
              fputs("</g>\n", f) >= 0 &&
              fwrite(end, 1, len - (size_t)(end - buf), f) == len - (size_t)(end - buf);
    if (f && fclose(f) != 0)
        ok = false;
    if (!ok)
        st = im_ctx_fail(ctx, IM_ERR_IO, "cannot write '%s': %s", path, strerror(errno));
done:
    free(buf);
    return st;
}

/* Draw the map on `cr` at `units_per_mm`, or replay its recording there. */
static im_status draw_or_replay(im_map *map, cairo_t *cr, double units_per_mm,
                                cairo_surface_t *recording)
{
    if (!recording)
        return im_map_draw(map, cr, units_per_mm);
    cairo_save(cr);
    cairo_scale(cr, units_per_mm, units_per_mm);
    cairo_set_source_surface(cr, recording, 0, 0);
    cairo_paint(cr);
    cairo_restore(cr);
    return IM_OK;
}

static im_status render_to(im_ctx *ctx, im_map *map, out_kind kind, const char *path,
                           const char *shown, double dpi, cairo_surface_t *recording)
{
    cairo_surface_t *surface = NULL;
    cairo_t *cr = NULL;
    im_status st = IM_OK;
    double w_mm, h_mm, pt = 72.0 / 25.4;
    im_map_page_size(map, &w_mm, &h_mm);
    if (kind == OUT_PNG) {
        int w, h;
        im_map_pixel_size(map, dpi, &w, &h);
        surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
        cr = cairo_create(surface);
        /* exact pixel size: scale x and y separately so the page fills it */
        cairo_scale(cr, w / (w_mm * dpi / 25.4), h / (h_mm * dpi / 25.4));
        st = draw_or_replay(map, cr, dpi / 25.4, recording);
    } else {
        surface = kind == OUT_PDF ? cairo_pdf_surface_create(path, w_mm * pt, h_mm * pt)
                                  : cairo_svg_surface_create(path, w_mm * pt, h_mm * pt);
        if (kind == OUT_PDF)
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "incmap");
        im_map_set_svg_text(map, kind == OUT_SVG);
        cr = cairo_create(surface);
        st = draw_or_replay(map, cr, pt, kind == OUT_SVG ? NULL : recording);
    }
    if (st != IM_OK)
        goto done;
    cairo_surface_flush(surface);
    if (kind == OUT_PNG) {
        unsigned char *png = NULL;
        size_t len = 0;
        if ((st = im_png_encode(ctx, surface, 3, &png, &len)) != IM_OK)
            goto done;
        FILE *f = fopen(path, "wb");
        bool ok = f && fwrite(png, 1, len, f) == len;
        if (f && fclose(f) != 0)
            ok = false;
        free(png);
        if (!ok) {
            st = im_ctx_fail(ctx, IM_ERR_IO, "cannot write '%s': %s", shown, strerror(errno));
            goto done;
        }
    }
    cairo_destroy(cr);
    cr = NULL;
    cairo_surface_finish(surface);
    cairo_status_t cs = cairo_surface_status(surface);
    if (cs != CAIRO_STATUS_SUCCESS)
        st = im_ctx_fail(ctx, IM_ERR_IO, "cannot write '%s': %s", shown,
                         cairo_status_to_string(cs));
    if (st == IM_OK && kind == OUT_SVG)
        st = insert_svg_text(ctx, path, im_map_svg_text(map));
done:
    if (cr)
        cairo_destroy(cr);
    if (surface)
        cairo_surface_destroy(surface);
    return st;
}

static out_kind kind_of(const char *path)
{
    return ends_with(path, ".png") ? OUT_PNG : ends_with(path, ".pdf") ? OUT_PDF
         : ends_with(path, ".svg") ? OUT_SVG : (out_kind)-1;
}

static im_status write_one(im_ctx *ctx, im_map *map, const char *path, double dpi,
                           cairo_surface_t *recording)
{
    char *tmp = im_out_temp_name(path);
    im_status st = render_to(ctx, map, kind_of(path), tmp, path, dpi, recording);
    if (st == IM_OK && !im_out_publish(tmp, path, NULL))
        st = im_ctx_fail(ctx, IM_ERR_IO, "cannot rename into '%s': %s", path, strerror(errno));
    if (st != IM_OK)
        im_out_discard(tmp, NULL);
    free(tmp);
    return st;
}

/* The map drawn once, in page millimetres, for replaying. */
static im_status record(im_ctx *ctx, im_map *map, cairo_surface_t **out)
{
    double w_mm, h_mm;
    im_map_page_size(map, &w_mm, &h_mm);
    cairo_rectangle_t page = {0, 0, w_mm, h_mm};
    *out = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &page);
    cairo_t *cr = cairo_create(*out);
    im_status st = im_map_draw(map, cr, 1.0);
    cairo_destroy(cr);
    if (st == IM_OK && cairo_surface_status(*out) != CAIRO_STATUS_SUCCESS)
        st = im_ctx_fail(ctx, IM_ERR_RENDER, "recording the map failed: %s",
                         cairo_status_to_string(cairo_surface_status(*out)));
    return st;
}

im_status map_write_files(im_ctx *ctx, im_map *map, const char *const *paths, size_t n,
                          double dpi, bool overwrite)
{
    size_t replayable = 0;
    for (size_t i = 0; i < n; i++) {
        if ((int)kind_of(paths[i]) < 0)
            return im_ctx_fail(ctx, IM_ERR_USAGE_VALUE, "'%s': a map is .png, .pdf or .svg",
                               paths[i]);
        if (!overwrite && access(paths[i], F_OK) == 0)
            return im_ctx_fail(ctx, IM_ERR_IO_EXISTS,
                               "'%s' exists (use --overwrite to replace it)", paths[i]);
        replayable += kind_of(paths[i]) != OUT_SVG;
    }
    cairo_surface_t *recording = NULL;
    im_status st = IM_OK;
    if (replayable > 1)
        st = record(ctx, map, &recording);
    for (size_t i = 0; i < n && st == IM_OK; i++)
        st = write_one(ctx, map, paths[i], dpi, recording);
    if (recording)
        cairo_surface_destroy(recording);
    return st;
}

im_status map_write_file(im_ctx *ctx, im_map *map, const char *path, double dpi, bool overwrite)
{
    return map_write_files(ctx, map, &path, 1, dpi, overwrite);
}
