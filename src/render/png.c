/* PNG encoding of a finished cairo image surface into memory, for maps.
 *
 * cairo_surface_write_to_png compresses with zlib at its default level and filters
 * nothing well for maps; here rows get the Up filter (flat map areas become runs of
 * zeros) and GDAL's CPLZLibDeflate (libdeflate when GDAL has it) compresses them, which
 * is several times faster for the same size class. Output is 8-bit RGB, no alpha —
 * the page is opaque. To keep peak memory down the rows are filtered in place, over
 * the surface's pixels. Writing the bytes to a file is the caller's business.
 */
#include "render_private.h"
#include "incmap/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_vsi.h>

/* CRC-32 of PNG chunks; the table is built per encoding (2 048 steps) rather than
 * kept in a mutable global. */
typedef struct crc_table {
    uint32_t t[256];
} crc_table;

static void crc_init(crc_table *ct)
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        ct->t[n] = c;
    }
}

static uint32_t crc(const crc_table *ct, const unsigned char *buf, size_t len)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < len; i++)
        c = ct->t[(c ^ buf[i]) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* Append one chunk (length, type, data, CRC) at out + *len. */
static void chunk(const crc_table *ct, unsigned char *out, size_t *len, const char type[4],
                  const unsigned char *data, size_t n)
{
    unsigned char *p = out + *len;
    put32(p, (uint32_t)n);
    memcpy(p + 4, type, 4);
    if (n)
        memcpy(p + 8, data, n);
    put32(p + 8 + n, crc(ct, p + 4, n + 4));
    *len += n + 12;
}

im_status im_png_encode(im_ctx *ctx, cairo_surface_t *surface, int level, unsigned char **out,
                        size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    cairo_surface_flush(surface);
    cairo_format_t fmt = cairo_image_surface_get_format(surface);
    if (fmt != CAIRO_FORMAT_RGB24 && fmt != CAIRO_FORMAT_ARGB32)
        return im_ctx_fail(ctx, IM_ERR_RENDER, "PNG encoding needs an RGB image surface");
    int w = cairo_image_surface_get_width(surface), h = cairo_image_surface_get_height(surface);
    int stride = cairo_image_surface_get_stride(surface);
    const unsigned char *src = cairo_image_surface_get_data(surface);
    if (!src || w <= 0 || h <= 0)
        return im_ctx_fail(ctx, IM_ERR_RENDER, "PNG encoding: empty surface");
    size_t row = 1 + 3 * (size_t)w, raw_len = row * (size_t)h;
    /* filtered rows are written over the surface's own pixels: row y's output ends
     * before row y+1's pixels start (1 + 3w <= stride), and row y is copied out
     * before its output is written, so nothing unread is overwritten */
    unsigned char *raw = cairo_image_surface_get_data(surface);
    unsigned char *prev = im_xcalloc(3 * (size_t)w, 1), *cur = im_xmalloc(3 * (size_t)w);
    for (int y = 0; y < h; y++) {
        const uint32_t *px = (const uint32_t *)(const void *)(src + (size_t)y * (size_t)stride);
        for (int x = 0; x < w; x++) {
            uint32_t v = px[x];   /* native-endian xRGB */
            cur[3 * x] = (unsigned char)(v >> 16);
            cur[3 * x + 1] = (unsigned char)(v >> 8);
            cur[3 * x + 2] = (unsigned char)v;
        }
        unsigned char *dst = raw + row * (size_t)y;
        dst[0] = 2;   /* Up */
        for (size_t i = 0; i < 3 * (size_t)w; i++)
            dst[1 + i] = (unsigned char)(cur[i] - prev[i]);
        unsigned char *t = prev;
        prev = cur;
        cur = t;
    }
    free(prev);
    free(cur);
    size_t zlen = 0;
    void *z = CPLZLibDeflate(raw, raw_len, level, NULL, 0, &zlen);
    cairo_surface_mark_dirty(surface);
    if (!z)
        return im_ctx_fail(ctx, IM_ERR_RENDER, "PNG encoding: compression failed");
    unsigned char *png = im_xmalloc(8 + 25 + 12 + zlen + 12);
    size_t len = 8;
    memcpy(png, "\x89PNG\r\n\x1a\n", 8);
    unsigned char ihdr[13];
    put32(ihdr, (uint32_t)w);
    put32(ihdr + 4, (uint32_t)h);
    ihdr[8] = 8;    /* bit depth */
    ihdr[9] = 2;    /* truecolour */
    ihdr[10] = ihdr[11] = ihdr[12] = 0;
    crc_table ct;
    crc_init(&ct);
    chunk(&ct, png, &len, "IHDR", ihdr, sizeof ihdr);
    chunk(&ct, png, &len, "IDAT", z, zlen);
    chunk(&ct, png, &len, "IEND", NULL, 0);
    VSIFree(z);
    *out = png;
    *out_len = len;
    return IM_OK;
}
