/* Briefing maps: a projected basemap, incidents drawn with the shared style
 * (style.h), collision-free labels and the map furniture, drawn with cairo and Pango.
 *
 * The renderer draws on a cairo_t it is given, in page millimetres scaled by the
 * caller's factor; it never opens output files. A caller (cmd_map.c, tests) makes an
 * image, PDF or SVG surface of the size im_map_page_size / im_map_pixel_size report,
 * calls im_map_draw and finishes the surface. Everything the map decided — label
 * boxes, dropped labels, overlaps, the scale bar's length and latitude, the north
 * angle — can be read back (im_map_get_stats, im_map_get_label) so tests assert on the
 * renderer's own placement data rather than on pixels.
 *
 * It does not read incident layers (layers.h) or geoparse reports; it takes an
 * im_incident_set that must outlive the map.
 */
#ifndef INCMAP_RENDER_H
#define INCMAP_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <cairo.h>
#include "incmap/ctx.h"
#include "incmap/model.h"

/* ---- projection ------------------------------------------------------------------ */

/* A PROJ transformation from WGS 84 lon/lat to a map projection, with its own PROJ
 * context. Opaque. */
typedef struct im_projection im_projection;

/* Build a projection from a PROJ string or "EPSG:nnnn". `*out` is owned by the caller
 * (im_projection_destroy). Fails with IM_ERR_PROJ, the message quoting PROJ. */
im_status im_projection_create(im_ctx *ctx, const char *definition, im_projection **out);
void im_projection_destroy(im_projection *p);

/* Forward (lon/lat degrees → metres). Returns false when the point has no image. */
bool im_projection_fwd(const im_projection *p, double lon, double lat, double *x, double *y);
/* Inverse (metres → lon/lat degrees). Returns false when the point is outside. */
bool im_projection_inv(const im_projection *p, double x, double y, double *lon, double *lat);
/* Forward in place on `n` interleaved lon,lat pairs; points without an image become
 * HUGE_VAL. */
void im_projection_fwd_array(const im_projection *p, double *xy, size_t n);

/* Scale factor along the parallel at lon/lat (PROJ's proj_factors; 1 is true scale),
 * or 0 when PROJ cannot tell. */
double im_projection_parallel_scale(const im_projection *p, double lon, double lat);
/* Geodesic distance in metres on the projection's ellipsoid between two lon/lat
 * points. */
double im_projection_geodesic(const im_projection *p, double lon1, double lat1,
                              double lon2, double lat2);
/* Projected envelope of a lon/lat box, its edges densified so curved edges count. */
bool im_projection_envelope(const im_projection *p, double west, double south, double east,
                            double north, double env[4]);

/* ---- maps ------------------------------------------------------------------------ */

typedef enum im_label_mode { IM_LABELS_AUTO = 0, IM_LABELS_ALL, IM_LABELS_NONE } im_label_mode;
typedef enum im_color_by { IM_COLOR_BY_TYPE = 0, IM_COLOR_BY_YEAR } im_color_by;
typedef enum im_size_by { IM_SIZE_BY_FATALITIES = 0, IM_SIZE_BY_NONE } im_size_by;

typedef struct im_map_opts {
    double page_w_mm, page_h_mm;  /* page size after orientation */
    const char *title;            /* NULL: "Incidents in <region>" */
    const char *subtitle;         /* NULL: period covered and counts */
    const char *banner;           /* classification banner top and bottom, or NULL */
    const char *region;           /* a region name (regions.h), or NULL */
    bool has_bbox;                /* use bbox (W,S,E,N degrees) as the extent */
    double bbox[4];
    const char *proj;             /* PROJ definition overriding the region's, or NULL */
    im_label_mode labels;
    im_color_by color_by;
    im_size_by size_by;
    const char *source_name;      /* the report or layer named in the sources line */
    const char *date_made;        /* "YYYY-MM-DD" printed as date made; NULL: today */
    const char *basemap_path;     /* NULL: basemap.gpkg in the data directory */
    bool cities;                  /* draw reference cities from the gazetteer */
    bool clusters;                /* number co-located incidents with a key table */
    const struct im_area *area;   /* any region (regions.h: a country, a province, a
                                     polygon file), instead of `region`; borrowed */
} im_map_opts;

#define IM_MAP_OPTS_INIT                                                              \
    {297.0, 210.0, NULL, NULL, NULL, NULL, false, {0, 0, 0, 0}, NULL, IM_LABELS_AUTO,    \
     IM_COLOR_BY_TYPE, IM_SIZE_BY_FATALITIES, NULL, NULL, NULL, true, true, NULL}

/* Page size for a paper name: "A4", "A3", "letter" or "WxHmm" (e.g. "250x180mm"),
 * portrait or landscape. Returns false (and leaves outputs alone) when the spec does
 * not parse or is out of 50..2000 mm. */
bool im_paper_size(const char *spec, bool landscape, double *w_mm, double *h_mm);

typedef struct im_map im_map;

/* ---- numbering shared by every map of a pack and its summary ----------------------
 *
 * One rule, so a number means the same thing on every map and in summary.md:
 * - incident No. k is the incident at index k-1 of the set, i.e. feature k of the
 *   incidents layer (the layer is written in the set's order, by event_id);
 * - a location is a position (lon/lat rounded to 1e-5 degrees) that two or more
 *   incidents with coordinates share; locations are numbered 1, 2, ... in the order of
 *   their lowest-numbered incident, over the whole set.
 * A map draws each location in its frame as one cluster symbol carrying that number,
 * and its key table lists the location's incidents by their No., whatever its extent:
 * two maps of the same set never number the same place differently. */

/* Fill `loc_no[i]` (set->n entries) with the location number of incident i, 0 when it
 * shares its position with no other incident (or has no coordinates). When `named_by`
 * is not NULL (set->n entries), named_by[k-1] is the index of the incident whose place
 * names location k: the most precise (lowest geo_prec), then the lowest-numbered.
 * Returns the number of locations. */
size_t im_map_number_locations(const im_incident_set *set, int *loc_no, size_t *named_by);

/* Prepare a map: choose extent and projection, read the basemap, project the
 * incidents and lay out the page. `incidents` is borrowed and must outlive the map;
 * `opts` strings are copied. `*out` is owned by the caller (im_map_destroy). Fails
 * with IM_ERR_USAGE_VALUE (unknown region, bad bbox), IM_ERR_PROJ or IM_ERR_DATA. */
im_status im_map_create(im_ctx *ctx, const im_map_opts *opts,
                        const im_incident_set *incidents, im_map **out);
void im_map_destroy(im_map *map);

/* Page size in millimetres. */
void im_map_page_size(const im_map *map, double *w_mm, double *h_mm);
/* Pixel size of a raster at `dpi`: each side is round(mm / 25.4 · dpi). */
void im_map_pixel_size(const im_map *map, double dpi, int *w_px, int *h_px);

/* Draw the whole page on `cr`, whose user space is in units of `units_per_mm` per
 * page millimetre (72/25.4 for PDF/SVG points, dpi/25.4 for pixels); the page's
 * top-left corner is the origin. Labels are placed on the first draw and reused on
 * later ones. Returns IM_ERR_RENDER (with cairo's reason) when cairo fails. */
im_status im_map_draw(im_map *map, cairo_t *cr, double units_per_mm);

/* Encode an RGB24/ARGB32 cairo image surface as an 8-bit RGB PNG in memory (alpha
 * dropped). The encoder works in place: the surface's pixels are overwritten, so
 * encode last. `level` is the deflate level (1 fast … 9 small; -1 default). `*out` is
 * owned by the caller (free). Returns IM_ERR_RENDER on a bad surface. */
im_status im_png_encode(im_ctx *ctx, cairo_surface_t *surface, int level, unsigned char **out,
                        size_t *out_len);

/* Load, once, what every map needs: the font configuration and the faces maps use,
 * GDAL's drivers, and the basemap (kept with the context). Optional: maps load what
 * they lack as they go; a process that forks workers to draw maps calls it first so
 * each worker inherits all of it instead of loading it again. */
void im_render_prepare(im_ctx *ctx);

/* Free the process-wide font caches Pango and cairo keep (fontconfig patterns, glyph
 * caches). Optional; call once before exit, after every map and surface is destroyed,
 * so leak checkers see a clean exit. Not thread-safe. */
void im_render_release_caches(void);

/* SVG keeps text as text: cairo 1.16's SVG surface draws glyphs as paths, so with this
 * on, im_map_draw leaves text out of the drawing and collects it as SVG <text>
 * elements (in the device units of the surface, i.e. points for an SVG surface),
 * which the caller inserts before the closing </svg>. Off by default. */
void im_map_set_svg_text(im_map *map, bool on);
/* The <text> elements of the last draw ("" when none). Borrowed from the map. */
const char *im_map_svg_text(const im_map *map);

/* Links (origin → incident arrows, routes) to draw as gently curved arrows under the
 * symbols, coloured by kind, with the head at the incident end; labels never overlap a
 * head. A link is drawn when its incident end is inside the frame; identical links
 * (same kind and ends) are drawn once. `links` is borrowed only during the call (the
 * geometry is computed at once); NULL or empty removes them. Call it before the first
 * im_map_draw; a later call forgets the placed labels so they are placed again. */
void im_map_set_links(im_map *map, const im_link_set *links);
/* Arrows drawn (after im_map_set_links). */
size_t im_map_link_count(const im_map *map);
/* The box of arrow `i`'s head (page mm, x0 y0 x1 y1); returns whether the head is drawn
 * (inside the frame), so tests can recount label/head overlaps on their own. */
bool im_map_get_link_head(const im_map *map, size_t i, double box[4]);

/* What the map decided, valid after im_map_draw. */
typedef struct im_map_stats {
    size_t incidents;          /* incidents given */
    size_t in_frame;           /* drawn inside the map frame */
    size_t symbols;            /* symbols drawn (a cluster counts once) */
    size_t clusters;           /* numbered clusters (locations, im_map_number_locations) */
    size_t links;              /* link arrows drawn (im_map_set_links) */
    size_t link_heads_in_frame; /* arrowheads inside the frame, all label obstacles */
    size_t labels_wanted;      /* symbols that should carry a label */
    size_t labels_placed;
    size_t labels_leader;      /* of those, placed away from the symbol with a leader */
    size_t labels_dropped;     /* could not be placed without overlap */
    size_t overlaps;           /* label/label, label/symbol, label/arrowhead and
                                  label/frame overlaps recounted from the placed boxes
                                  (0 unless broken) */
    double scale_denominator;  /* nominal, at the projection's true-scale lines */
    double scalebar_km;        /* what the bar claims */
    double scalebar_mm;        /* its length on paper */
    double scalebar_lon, scalebar_lat;  /* where it is true (the map centre) */
    double scalebar_x_m[2];    /* the bar's ends in projected metres through the centre */
    double north_deg;          /* true north at the centre, clockwise from page up */
    size_t in_region;          /* with a region: its incidents, counted in the subtitle
                                  whether or not the frame shows them */
    size_t muted;              /* symbols of incidents outside the region, drawn muted */
    size_t coarse;             /* incidents placed only at country or province level:
                                  listed in the margin, not drawn as points */
    size_t outliers;           /* incidents left out of a fitted frame as distant
                                  outliers (named in the margin) */
    size_t legend_years;       /* rows of the year legend (--color-by year) */
    size_t inset_hides;        /* symbols under the locator inset (0 unless broken) */
    size_t cluster_overflow;   /* cluster numbers wider than their disc (0 unless
                                  broken) */
    double frame_ll[4];        /* the frame's lon/lat envelope: west, south, east, north */
    char proj[256];            /* the PROJ definition used */
} im_map_stats;

void im_map_get_stats(const im_map *map, im_map_stats *out);

/* One label the placement considered. Boxes are in page millimetres, y down. */
typedef struct im_map_label {
    const char *text;          /* borrowed from the map */
    bool placed;
    bool leader;               /* drawn with a leader line to its symbol */
    double x0, y0, x1, y1;     /* text box (valid when placed) */
    double sym_x, sym_y, sym_r;  /* the symbol it labels */
} im_map_label;

size_t im_map_label_count(const im_map *map);
/* Fill `out` with label `i` (< im_map_label_count). */
void im_map_get_label(const im_map *map, size_t i, im_map_label *out);

/* The projection of the map (borrowed, lives as long as the map). */
const im_projection *im_map_get_projection(const im_map *map);

#endif
