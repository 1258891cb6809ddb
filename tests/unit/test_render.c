/* Rendering tests: exact PNG pixel sizes for several papers and resolutions, paper
 * parsing, the scale bar within 1 % of the geodesic distance it claims at the map
 * centre and the north arrow for each seed region, PDF text and fonts checked with
 * pdftotext/pdffonts (skipped when poppler-utils is missing), the PNG encoder's
 * pixels read back by libpng, SVG text kept as <text>
 * elements at the right sizes, and the basemap of each
 * region against a reference image with a tolerance (tests/data/render/ref_*.png;
 * INCMAP_UPDATE_REFS=1 rewrites them after an intended change). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "im_test.h"

#include <cairo-pdf.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "incmap/layers.h"
#include "incmap/render.h"

static const char *test_data(void)
{
    const char *d = getenv("INCMAP_TEST_DATA");
    return d ? d : "tests/data";
}

static im_map *make(im_ctx *ctx, const char *region, const char *paper, bool landscape,
                    const im_incident_set *set)
{
    im_map_opts o = IM_MAP_OPTS_INIT;
    o.region = region;
    o.date_made = "2026-01-01";
    assert_true(im_paper_size(paper, landscape, &o.page_w_mm, &o.page_h_mm));
    im_map *m = NULL;
    if (im_map_create(ctx, &o, set, &m) != IM_OK)
        fail_msg("map: %s", im_ctx_last_error(ctx));
    return m;
}

static void test_paper_sizes(void **state)
{
    (void)state;
    double w = 0, h = 0;
    assert_true(im_paper_size("A4", true, &w, &h));
    assert_true(w == 297 && h == 210);
    assert_true(im_paper_size("a3", false, &w, &h));
    assert_true(w == 297 && h == 420);
    assert_true(im_paper_size("letter", false, &w, &h));
    assert_true(fabs(w - 215.9) < 1e-9 && fabs(h - 279.4) < 1e-9);
    assert_true(im_paper_size("250x180mm", true, &w, &h));
    assert_true(w == 250 && h == 180);
    assert_false(im_paper_size("A9", true, &w, &h));
    assert_false(im_paper_size("10x10mm", true, &w, &h));
    assert_false(im_paper_size("300x200cm", true, &w, &h));
    assert_false(im_paper_size("300x200", true, &w, &h));
    assert_false(im_paper_size(NULL, true, &w, &h));
}

static void test_pixel_sizes(void **state)
{
    (void)state;
    static const struct {
        const char *paper;
        bool landscape;
        double dpi;
        int w, h;
    } cases[] = {
        {"A4", true, 300, 3508, 2480}, {"A4", false, 150, 1240, 1754},
        {"A3", true, 200, 3307, 2339}, {"letter", false, 96, 816, 1056},
        {"250x180mm", true, 100, 984, 709},
    };
    im_ctx *ctx = im_ctx_create(NULL);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        im_map *m = make(ctx, "afghanistan", cases[i].paper, cases[i].landscape, NULL);
        int w, h;
        im_map_pixel_size(m, cases[i].dpi, &w, &h);
        assert_int_equal(w, cases[i].w);
        assert_int_equal(h, cases[i].h);
        if (i == 1) {
            /* draw one for real: the surface is the size, and drawing succeeds */
            cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
            cairo_t *cr = cairo_create(s);
            assert_int_equal(im_map_draw(m, cr, cases[i].dpi / 25.4), IM_OK);
            assert_int_equal(cairo_image_surface_get_width(s), 1240);
            assert_int_equal(cairo_image_surface_get_height(s), 1754);
            cairo_destroy(cr);
            cairo_surface_destroy(s);
        }
        im_map_destroy(m);
    }
    im_ctx_destroy(ctx);
}

static void test_scale_bar_and_north(void **state)
{
    (void)state;
    static const char *const regions[] = {"afghanistan", "central-asia", "iran", "europe",
                                          "world", NULL};
    im_ctx *ctx = im_ctx_create(NULL);
    for (size_t i = 0; regions[i]; i++) {
        im_map *m = make(ctx, regions[i], "A4", true, NULL);
        im_map_stats st;
        im_map_get_stats(m, &st);
        const im_projection *p = im_map_get_projection(m);
        double cy_lon, cy_lat, x_c, y_c, lon0, lat0, lon1, lat1;
        assert_true(im_projection_fwd(p, st.scalebar_lon, st.scalebar_lat, &x_c, &y_c));
        (void)cy_lon;
        (void)cy_lat;
        assert_true(im_projection_inv(p, st.scalebar_x_m[0], y_c, &lon0, &lat0));
        assert_true(im_projection_inv(p, st.scalebar_x_m[1], y_c, &lon1, &lat1));
        double ground_km = im_projection_geodesic(p, lon0, lat0, lon1, lat1) / 1000;
        if (fabs(ground_km - st.scalebar_km) / st.scalebar_km > 0.01)
            fail_msg("%s: bar claims %g km, geodesic %g km", regions[i], st.scalebar_km,
                     ground_km);
        /* paper length: projected length at the nominal scale */
        double paper_km = st.scalebar_mm * st.scale_denominator / 1e6;
        assert_true(fabs(paper_km - (st.scalebar_x_m[1] - st.scalebar_x_m[0]) / 1000) < 1e-6);
        assert_true(st.scalebar_mm > 5 && st.scalebar_mm <= 50);
        /* true north at the centre of these maps (central meridian in the middle) */
        if (fabs(st.north_deg) > 1.0)
            fail_msg("%s: north %g°", regions[i], st.north_deg);
        im_map_destroy(m);
    }
    im_ctx_destroy(ctx);
}

static bool have(const char *tool)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", tool);
    return system(cmd) == 0;
}

static char *slurp_cmd(const char *cmd)
{
    FILE *f = popen(cmd, "r");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 >= cap)
            buf = realloc(buf, cap *= 2);
    }
    buf[n] = 0;
    pclose(f);
    return buf;
}

static void test_pdf_text_and_fonts(void **state)
{
    (void)state;
    if (!have("pdftotext") || !have("pdffonts"))
        IM_SKIP("pdftotext or pdffonts is not installed (poppler-utils)");
    char path[4096], dir[4096];
    const char *tmpdir = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/incmap-test-XXXXXX", tmpdir && *tmpdir ? tmpdir : P_tmpdir);
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/render/kabul_cluster.geojson", test_data());
    im_ctx *ctx = im_ctx_create(NULL);
    im_incident_set set = {NULL, 0, 0};
    assert_int_equal(im_layers_read(ctx, path, NULL, &set), IM_OK);
    im_map *m = make(ctx, "afghanistan", "A4", true, &set);
    char pdf[4200];
    snprintf(pdf, sizeof pdf, "%s/map.pdf", dir);
    cairo_surface_t *s = cairo_pdf_surface_create(pdf, 297 * 72 / 25.4, 210 * 72 / 25.4);
    cairo_t *cr = cairo_create(s);
    assert_int_equal(im_map_draw(m, cr, 72 / 25.4), IM_OK);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    char cmd[8400];
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' -", pdf);
    char *text = slurp_cmd(cmd);
    assert_non_null(text);
    static const char *const want[] = {
        "Incidents in Afghanistan", "Battles (4)", "Explosions / remote violence",
        "Fatalities (symbol area)", "Disputed boundary", "Key to numbered locations",
        "Kabul", "Mazār-e Sharīf", "Kandahār", "GeoNames (CC BY 4.0)", "Natural Earth",
        "Made 2026-01-01",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(text, want[i]))
            fail_msg("pdftotext lacks '%s'", want[i]);
    free(text);
    snprintf(cmd, sizeof cmd, "pdffonts '%s'", pdf);
    char *fonts = slurp_cmd(cmd);
    assert_non_null(fonts);
    /* every font line ends "emb sub uni object ID": all three yes */
    size_t lines = 0;
    for (char *line = strtok(fonts, "\n"); line; line = strtok(NULL, "\n")) {
        if (++lines <= 2)
            continue;
        if (!strstr(line, "yes yes yes"))
            fail_msg("font not embedded with a Unicode map: %s", line);
    }
    assert_true(lines > 2);
    free(fonts);
    unlink(pdf);
    rmdir(dir);
    im_map_destroy(m);
    im_incident_set_clear(&set);
    im_ctx_destroy(ctx);
}

typedef struct png_reader {
    const unsigned char *data;
    size_t len, pos;
} png_reader;

static cairo_status_t read_png(void *closure, unsigned char *out, unsigned int n)
{
    png_reader *r = closure;
    if (r->pos + n > r->len)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(out, r->data + r->pos, n);
    r->pos += n;
    return CAIRO_STATUS_SUCCESS;
}

/* The in-memory PNG encoder against libpng (through cairo): same pixels back. */
static void test_png_encoder(void **state)
{
    (void)state;
    im_ctx *ctx = im_ctx_create(NULL);
    const int w = 301, h = 203;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 0.2, 0.5, 0.8);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 1, 0.25, 0);
    cairo_arc(cr, 150, 100, 60, 0, 6.3);
    cairo_fill(cr);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    /* keep a copy: the encoder works in place */
    int stride = cairo_image_surface_get_stride(s);
    unsigned char *want = malloc((size_t)stride * h);
    memcpy(want, cairo_image_surface_get_data(s), (size_t)stride * h);
    unsigned char *png = NULL;
    size_t len = 0;
    assert_int_equal(im_png_encode(ctx, s, 3, &png, &len), IM_OK);
    assert_true(len > 8 && memcmp(png, "\x89PNG", 4) == 0);
    png_reader r = {png, len, 0};
    cairo_surface_t *back = cairo_image_surface_create_from_png_stream(read_png, &r);
    assert_int_equal(cairo_surface_status(back), CAIRO_STATUS_SUCCESS);
    assert_int_equal(cairo_image_surface_get_width(back), w);
    assert_int_equal(cairo_image_surface_get_height(back), h);
    const unsigned char *got = cairo_image_surface_get_data(back);
    int sb = cairo_image_surface_get_stride(back);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint32_t a, b;
            memcpy(&a, want + (size_t)y * stride + 4 * (size_t)x, 4);
            memcpy(&b, got + (size_t)y * sb + 4 * (size_t)x, 4);
            if ((a & 0xffffff) != (b & 0xffffff))
                fail_msg("pixel %d,%d: %06x != %06x", x, y, a & 0xffffff, b & 0xffffff);
        }
    cairo_surface_destroy(back);
    cairo_surface_destroy(s);
    free(png);
    free(want);
    im_ctx_destroy(ctx);
}

static void test_svg_text(void **state)
{
    (void)state;
    char path[4096];
    snprintf(path, sizeof path, "%s/render/kabul_cluster.geojson", test_data());
    im_ctx *ctx = im_ctx_create(NULL);
    im_incident_set set = {NULL, 0, 0};
    assert_int_equal(im_layers_read(ctx, path, NULL, &set), IM_OK);
    im_map *m = make(ctx, "afghanistan", "A4", true, &set);
    im_map_set_svg_text(m, true);
    cairo_surface_t *s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR, NULL);
    cairo_t *cr = cairo_create(s);
    assert_int_equal(im_map_draw(m, cr, 72 / 25.4), IM_OK);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    const char *svg = im_map_svg_text(m);
    static const char *const want[] = {
        ">Incidents in Afghanistan</text>", ">Mazār-e Sharīf</text>", ">Kandahār</text>",
        ">Battles (4)</text>", "font-size=\"15.00\"", "font-size=\"6.50\"",
        "paint-order=\"stroke\"",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(svg, want[i]))
            fail_msg("SVG text lacks %s", want[i]);
    im_map_destroy(m);
    im_incident_set_clear(&set);
    im_ctx_destroy(ctx);
}

/* Compare a basemap-only rendering with the stored reference image: mean absolute
 * difference under 1.5 % and under 2 % of pixels off by more than a quarter of the
 * range. Fonts and GDAL builds differ slightly between machines; the basemap must not. */
static void compare_ref(const char *region)
{
    char ref[4096];
    snprintf(ref, sizeof ref, "%s/render/ref_%s.png", test_data(), region);
    im_ctx *ctx = im_ctx_create(NULL);
    im_map *m = make(ctx, region, "A4", true, NULL);
    const double dpi = 60;
    int w, h;
    im_map_pixel_size(m, dpi, &w, &h);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(s);
    assert_int_equal(im_map_draw(m, cr, dpi / 25.4), IM_OK);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    const char *update = getenv("INCMAP_UPDATE_REFS");
    if (update && *update) {
        assert_int_equal(cairo_surface_write_to_png(s, ref), CAIRO_STATUS_SUCCESS);
    } else {
        cairo_surface_t *r = cairo_image_surface_create_from_png(ref);
        if (cairo_surface_status(r) != CAIRO_STATUS_SUCCESS)
            fail_msg("no reference image %s (run with INCMAP_UPDATE_REFS=1)", ref);
        assert_int_equal(cairo_image_surface_get_width(r), w);
        assert_int_equal(cairo_image_surface_get_height(r), h);
        const unsigned char *a = cairo_image_surface_get_data(s);
        const unsigned char *b = cairo_image_surface_get_data(r);
        int sa = cairo_image_surface_get_stride(s), sb = cairo_image_surface_get_stride(r);
        double sum = 0;
        size_t bad = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int worst = 0;
                for (int c = 0; c < 3; c++) {
                    int d = abs(a[y * sa + 4 * x + c] - b[y * sb + 4 * x + c]);
                    sum += d;
                    worst = d > worst ? d : worst;
                }
                bad += worst > 64;
            }
        double mean = sum / (3.0 * w * h) / 255.0, frac = (double)bad / ((double)w * h);
        if (mean > 0.015 || frac > 0.02)
            fail_msg("%s differs from its reference: mean %.4f, %.4f of pixels", region, mean,
                     frac);
        cairo_surface_destroy(r);
    }
    cairo_surface_destroy(s);
    im_map_destroy(m);
    im_ctx_destroy(ctx);
}

static void test_reference_basemaps(void **state)
{
    (void)state;
    compare_ref("afghanistan");
    compare_ref("central-asia");
    compare_ref("iran");
    compare_ref("europe");
}

static void test_errors(void **state)
{
    (void)state;
    im_ctx *ctx = im_ctx_create(NULL);
    im_map_opts o = IM_MAP_OPTS_INIT;
    im_map *m = NULL;
    o.region = "atlantis";
    assert_int_equal(im_map_create(ctx, &o, NULL, &m), IM_ERR_USAGE_VALUE);
    assert_null(m);
    o.region = NULL;
    /* no region, no bbox and nothing to fit */
    assert_int_equal(im_map_create(ctx, &o, NULL, &m), IM_ERR_INPUT);
    o.region = "iran";
    o.proj = "+proj=bogus";
    assert_int_equal(im_map_create(ctx, &o, NULL, &m), IM_ERR_PROJ);
    o.proj = NULL;
    o.basemap_path = "/nonexistent/basemap.gpkg";
    assert_int_equal(im_map_create(ctx, &o, NULL, &m), IM_ERR_DATA_MISSING);
    assert_null(m);
    im_ctx_destroy(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_paper_sizes),
        cmocka_unit_test(test_pixel_sizes),
        cmocka_unit_test(test_scale_bar_and_north),
        cmocka_unit_test(test_pdf_text_and_fonts),
        cmocka_unit_test(test_png_encoder),
        cmocka_unit_test(test_svg_text),
        cmocka_unit_test(test_reference_basemaps),
        cmocka_unit_test(test_errors),
    };
    int rc = im_test_exit(cmocka_run_group_tests(tests, NULL, NULL));
    im_render_release_caches();
    return rc;
}
