/* Internals shared by the files of src/render: the map object, page geometry and
 * the small types the stages hand each other. Not installed; nothing outside
 * src/render includes it.
 *
 * Coordinates: "page" means millimetres from the page's top-left corner, y down.
 * Projected metres become page millimetres through map_to_page. Each stage fills its
 * part of im_map (basemap.c the basemap paths, symbols.c and cluster.c the symbols,
 * labels.c the labels, furniture.c nothing — it only draws) and map.c orders them.
 */
#ifndef INCMAP_RENDER_PRIVATE_H
#define INCMAP_RENDER_PRIVATE_H

#include "incmap/render.h"
#include "incmap/style.h"
#include "incmap/regions.h"

#include <pango/pangocairo.h>
#include <stdint.h>

typedef struct im_svg_sink im_svg_sink;

typedef struct im_pt {
    double x, y;
} im_pt;

typedef struct im_box {
    double x0, y0, x1, y1;
} im_box;

/* A projected feature: parts (rings or lines) of page points. */
typedef enum im_path_kind {
    IM_PATH_FOCUS = 0,       /* a country of the map's subject */
    IM_PATH_NEIGHBOUR,       /* any other country */
    IM_PATH_PROVINCE,        /* first-level unit boundary */
    IM_PATH_DISPUTED,        /* disputed boundary line */
    IM_PATH_GRATICULE,
    IM_PATH_INSET_LAND,      /* a country on the locator inset */
    IM_PATH_INSET_FOCUS
} im_path_kind;

typedef struct im_path {
    im_path_kind kind;
    im_pt *pts;
    size_t n, pts_cap;
    size_t *ends;            /* end index (exclusive) of each part */
    size_t n_parts, ends_cap;
    char *name;              /* country or province name, or NULL */
    im_pt label_at;          /* a point inside the polygon, page mm */
    double area_mm2;         /* on the page */
    double value;            /* graticule: the degree value; else 0 */
    bool is_meridian;        /* graticule only */
    /* What to stroke when it is not the outline: open lines that leave out the cuts
     * Natural Earth makes along the antimeridian, and holes an absorbed scrap fills.
     * NULL: stroke the outline. Owned. */
    struct im_path *border;
} im_path;

typedef struct im_paths {
    im_path *items;
    size_t n, cap;
} im_paths;

/* One symbol on the map: an incident, or a cluster of co-located incidents. */
typedef struct im_sym {
    im_pt at;                /* page mm */
    double d;                /* diameter mm */
    size_t cls;              /* style class */
    im_rgb colour;
    im_precision_mark prec;
    bool unknown;            /* fatalities not stated */
    size_t incident;         /* index of the (first) incident in the set */
    size_t count;            /* incidents it stands for (>1: cluster) */
    size_t *members;         /* cluster: indexes of its incidents (owned), else NULL */
    int fatalities;          /* cluster: known fatalities summed */
    int cluster_no;          /* 1-based number in the key table, 0 when not a cluster */
    const char *text;        /* label text (borrowed from the incident) */
    const char *date;        /* event_date or NULL */
    double priority;
    bool muted;              /* outside the map's region: drawn faint, not counted */
} im_sym;

/* A reference city of the basemap. */
typedef struct im_city {
    im_pt at;
    const char *name;        /* borrowed from the gazetteer */
    bool capital;
    bool placed;
    im_box box;
    uint64_t population;
} im_city;

/* A placed (or not) label: public fields plus the leader's start. */
typedef struct im_label {
    im_map_label pub;
    size_t sym;              /* index into syms */
    char *owned_text;
    im_pt leader_from, leader_to;
    im_pt anchor;            /* top-left of the text layout */
    int variant;             /* 0 name and date, 1 name, 2 name on two lines */
    double w, h;             /* size of the name alone */
    double w_wrap, h_wrap;   /* on two lines (0 for one-word names) */
    double w_date, h_date;   /* size with the date line (0 when undated) */
} im_label;

/* A link drawn as a curved arrow: the densified curve in page mm cut into the parts
 * that lie in (a margin around) the frame, and the head at the incident end. */
typedef enum im_arrow_kind { IM_ARROW_ORIGIN = 0, IM_ARROW_ROUTE, IM_ARROW_KINDS } im_arrow_kind;

typedef struct im_arrow {
    im_arrow_kind kind;
    im_pt *pts;              /* every part, one after the other */
    size_t n;
    size_t *ends;            /* end index (exclusive) of each part */
    size_t n_parts;
    bool has_head;           /* the tip is inside the frame */
    im_pt head[3];           /* tip, then the two barbs */
    im_box head_box;         /* the head's box: an obstacle for labels */
} im_arrow;

/* Symbols bucketed by page cell so label placement asks only the symbols near a
 * candidate box (a layer may hold a million points). Built by labels.c. */
typedef struct im_sym_grid {
    double x0, y0, cell, max_half;
    int nx, ny;
    size_t *start;           /* nx*ny+1 offsets into items */
    size_t *items;           /* symbol indexes, by cell */
} im_sym_grid;

struct im_map {
    im_ctx *ctx;
    im_map_opts opts;
    char *title, *subtitle, *banner, *source_name, *date_made, *region_title;
    const im_style *style;
    const im_incident_set *incidents;
    const struct im_region *region;
    im_area area;            /* the region the map is about (region points into it) */
    bool has_area, owns_area;
    bool *in_area;           /* per incident: in the area (all true without one) */
    size_t *coarse;          /* incidents placed at country/province level only */
    size_t n_coarse;
    size_t *outliers;        /* incidents left out of a fitted frame */
    size_t n_outliers;
    im_projection *proj;
    im_projection *inset_proj;
    char proj_def[256];

    double page_w, page_h;
    im_box frame;            /* the map frame, page mm */
    im_box panel;            /* legend and furniture area */
    bool panel_below;        /* portrait layout: panel under the map */
    double x0, y0, x1, y1;   /* projected extent shown in the frame */
    double mm_per_m;         /* page mm per projected metre */
    double lon_w, lat_s, lon_e, lat_n;   /* lon/lat envelope of the frame */
    bool spans_antimeridian; /* the frame holds longitudes on both sides of 180° */
    char focus[512];         /* ISO2 codes emphasised, space separated */
    bool auto_focus;         /* focus = the countries holding incidents */

    im_paths base;           /* countries, provinces, disputed lines, graticule */
    im_paths inset;          /* locator inset countries */
    im_box inset_box;        /* the inset's size (x0 = y0 = 0), page mm */
    bool inset_in_frame;     /* drawn in an empty corner of the map frame */
    im_box inset_frame_box;  /* that corner, page mm */
    im_pt inset_outline[4 * 16];   /* the frame as seen on the inset */
    size_t n_inset_outline;
    double inset_scale;      /* page mm per inset-projected metre */
    im_pt inset_origin;      /* inset-projected point at the inset box centre */

    im_sym *syms;
    size_t n_syms;
    int *loc_no;             /* per incident: location number (0: alone), see render.h */
    size_t *loc_named_by;    /* per location: the incident that names it */
    size_t n_locations;
    im_arrow *arrows;
    size_t n_arrows;
    size_t arrows_per_kind[IM_ARROW_KINDS];
    im_sym_grid grid;
    im_city *cities;
    size_t n_cities;
    im_label *labels;
    size_t n_labels;
    bool placed;
    bool strict_leaders;     /* labels pass: leaders may not cross other symbols */
    bool has_disputed, has_provinces;
    int year_first, year_last;

    im_map_stats stats;
    bool svg_text;           /* collect text as SVG elements instead of glyphs */
    im_svg_sink *svg;
};

/* Page coordinates of a projected point. */
static inline im_pt map_to_page(const im_map *m, double x, double y)
{
    im_pt p = {m->frame.x0 + (x - m->x0) * m->mm_per_m, m->frame.y0 + (m->y1 - y) * m->mm_per_m};
    return p;
}

/* Where an incident falls on the page, when it has coordinates that project inside
 * the map frame. */
static inline bool incident_in_frame(const im_map *m, const im_incident *inc, im_pt *at)
{
    double x, y;
    if (!inc->has_coords || !im_projection_fwd(m->proj, inc->longitude, inc->latitude, &x, &y))
        return false;
    *at = map_to_page(m, x, y);
    return at->x >= m->frame.x0 && at->x <= m->frame.x1 && at->y >= m->frame.y0 &&
           at->y <= m->frame.y1;
}

static inline bool box_overlap(im_box a, im_box b)
{
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

static inline bool box_inside(im_box inner, im_box outer)
{
    return inner.x0 >= outer.x0 && inner.x1 <= outer.x1 && inner.y0 >= outer.y0 &&
           inner.y1 <= outer.y1;
}

/* geometry.c: on page mm or lon/lat alike */
/* Clip segment p-q to box b in place; false when it misses the box. */
bool im_clip_segment(im_pt *p, im_pt *q, im_box b);
/* Does segment a-b cross box b over a stretch (touching a side or a corner is not
 * meeting; a point inside is)? */
bool im_segment_meets(im_pt a, im_pt b, im_box box);
/* Douglas–Peucker in place: keep what departs more than `tol` from the chord (0: keep
 * all). Returns the new count. */
size_t im_simplify(im_pt *pts, size_t n, double tol);
/* Clip the closed ring *pts (n points, reallocated) to box b; returns the new count.
 * The array has room for one point more, to close the ring again. */
size_t im_clip_ring(im_pt **pts, size_t n, im_box b);

/* basemap_cache.c: basemap.gpkg in memory, lon/lat, read once per context */
typedef enum im_bm_layer_id { IM_BM_COUNTRIES, IM_BM_PROVINCES, IM_BM_DISPUTED,
                              IM_BM_LAYERS } im_bm_layer_id;
typedef struct im_bm_part {
    size_t start, count;     /* points, in the layer's xy */
    bool ring;               /* a polygon's ring (else a line) */
    int polygon;             /* parts of one polygon share this number */
} im_bm_part;
typedef struct im_bm_feature {
    char iso2[3];
    char *name;              /* NULL when the layer has no name field */
    double w, s, e, n;       /* envelope, degrees */
    double label_lon, label_lat;   /* inside the polygon, when has_label */
    bool has_label;
    size_t part0, n_parts;   /* its parts in the layer's parts */
} im_bm_feature;
typedef struct im_bm_layer {
    im_bm_feature *features; /* in the file's order */
    size_t n;
    im_bm_part *parts;
    size_t n_parts, parts_cap;
    double *xy;              /* lon, lat pairs */
    size_t n_pts, xy_cap;
} im_bm_layer;
/* One layer of the basemap at `path`, loaded on first use and kept with the context.
 * NULL when the file cannot be opened (the reason recorded); a layer the file lacks
 * is empty. Borrowed from the context. */
const im_bm_layer *im_basemap_layer(im_ctx *ctx, const char *path, im_bm_layer_id id);
/* The gazetteer's cities a map may show for reference (capitals, and towns of at
 * least IM_BM_CITY_MIN people), found once per context; NULL with *n = 0 when the
 * gazetteer cannot be opened (the reason recorded). Names are the gazetteer's. */
#define IM_BM_CITY_MIN 150000
typedef struct im_bm_city {
    const char *name;
    double lon, lat;
    uint64_t population;
    bool capital;
} im_bm_city;
const im_bm_city *im_basemap_cities(im_ctx *ctx, size_t *n);
/* Does the feature's geometry meet the rectangle w,s,e,n (degrees)? */
bool im_bm_feature_hits(const im_bm_layer *l, const im_bm_feature *f, double w, double s,
                        double e, double n);
/* Is lon,lat inside the feature's polygons (even-odd over all its rings)? */
bool im_bm_feature_contains(const im_bm_layer *l, const im_bm_feature *f, double lon,
                            double lat);

/* basemap.c */
im_status im_basemap_load(im_map *m);
void im_basemap_draw_fills(im_map *m, cairo_t *cr);
void im_basemap_draw_lines(im_map *m, cairo_t *cr);
void im_basemap_draw_cities(im_map *m, cairo_t *cr, PangoContext *pc);
void im_basemap_place_names(im_map *m, cairo_t *cr, PangoContext *pc);
void im_basemap_draw_graticule_labels(im_map *m, cairo_t *cr, PangoContext *pc);
void im_paths_clear(im_paths *ps);
/* Free what one path owns (not the path itself). */
void im_path_free(im_path *p);
/* Append page points as one closed line (the first point repeated at the end). */
void im_path_add_closed(im_path *p, const im_pt *pts, size_t n);
/* How a lon/lat line becomes page mm: page = ((x, y) - (cx, cy)) · mm_per_m + (ox, oy)
 * with y flipped; points closer than `thin` mm to the last kept one are dropped, and
 * rings are clipped to `clip` (NULL: not clipped; lines are never clipped). Before
 * projecting, a line may be simplified in degrees (pre_tol_deg, 0: not) and a ring
 * clipped to a lon/lat box (clip_ll, NULL: not). */
typedef struct im_ring_xf {
    const im_projection *proj;
    double mm_per_m, ox, oy, cx, cy, thin;
    const im_box *clip;
    double pre_tol_deg;
    const im_box *clip_ll;
    bool seams;              /* a ring's runs along ±180° are left out of its border */
} im_ring_xf;
void im_path_add_ring(im_path *p, const double *lonlat, size_t n, const im_ring_xf *xf,
                      bool ring);

/* symbols.c */
/* frame.c: the region a map is about, its fitted frames and its margin notes. */
bool im_incident_coarse(const im_incident *inc);
im_status im_frame_area(im_map *m);
bool im_frame_region_fit(im_map *m, double ll[4]);
bool im_frame_robust_fit(im_map *m, double ll[4]);
char *im_frame_notes(const im_map *m);
void im_frame_clear(im_map *m);

void im_symbols_build(im_map *m);
void im_symbol_draw(cairo_t *cr, const im_style *style, im_pt at, double d, size_t cls,
                    im_rgb colour, im_precision_mark prec, bool unknown);
void im_symbols_draw(im_map *m, cairo_t *cr);

/* cluster.c */
void im_clusters_build(im_map *m);
/* Returns whether the number fits inside the disc. */
bool im_cluster_draw(cairo_t *cr, PangoContext *pc, im_pt at, double d, int number);

/* map.c: choose (again) the frame corner of the locator inset */
void im_map_place_inset(im_map *m);

/* links.c */
void im_links_draw(im_map *m, cairo_t *cr);
void im_links_clear(im_map *m);
/* Draw the legend's sample of an arrow of `kind` from a to b. */
void im_link_sample_draw(cairo_t *cr, im_arrow_kind kind, im_pt a, im_pt b);
/* Does box `b` meet an arrow, its curve or its head? */
bool im_links_cross_box(const im_map *m, im_box b);
/* Does box `b` overlap an arrowhead in the frame? */
bool im_links_head_hits(const im_map *m, im_box b);
/* Does segment from-to cross an arrowhead, by the caller's segment/box test? */
bool im_links_head_crossed(const im_map *m, im_pt from, im_pt to,
                           bool (*hits)(im_pt, im_pt, im_box));

/* labels.c */
void im_labels_place(im_map *m, PangoContext *pc);
void im_labels_draw_leaders(im_map *m, cairo_t *cr);
void im_labels_draw(im_map *m, cairo_t *cr, PangoContext *pc);
size_t im_labels_count_overlaps(const im_map *m);
void im_labels_grid_free(im_map *m);
/* Obstacles labels must avoid, also used by basemap names: does `b` hit a symbol,
 * a placed label or a furniture box inside the frame? */
bool im_labels_box_free(const im_map *m, im_box b);

/* text.c: Pango helpers. Sizes in points; positions in page mm. */
PangoLayout *im_text_layout(PangoContext *pc, const char *text, const char *family,
                            double size_pt, bool bold, bool italic);
void im_text_size(PangoLayout *layout, double *w_mm, double *h_mm);
void im_text_draw(cairo_t *cr, PangoLayout *layout, double x, double y, double r, double g,
                  double b, double halo_mm);
PangoContext *im_text_context(cairo_t *cr);

/* svgtext.c: text as SVG <text> when a sink is attached to the cairo_t */
im_svg_sink *im_svg_sink_create(void);
void im_svg_sink_destroy(im_svg_sink *s);
const char *im_svg_sink_text(const im_svg_sink *s);
void im_svg_sink_attach(cairo_t *cr, im_svg_sink *s);
im_svg_sink *im_svg_sink_of(cairo_t *cr);
void im_svg_sink_layout(im_svg_sink *s, cairo_t *cr, PangoLayout *layout, double x, double y,
                        double r, double g, double b, double halo_mm);

/* furniture.c */
void im_furniture_draw(im_map *m, cairo_t *cr, PangoContext *pc);

/* A column of the panel the furniture fills top to bottom (furniture.c, legend.c). */
typedef struct im_column {
    double x0, x1, y, y_end;
} im_column;
#define INK 0.15, 0.15, 0.15
#define GREY 0.40, 0.40, 0.40
/* Draw `s` at x, y (pt size, bold, colour r g b, wrapped at max_w mm when > 0);
 * returns its height in mm. */
double im_furniture_text_at(cairo_t *cr, PangoContext *pc, const char *s, double x, double y,
                            double pt, bool bold, double r, double g, double b, double max_w);
/* The legend in `col` (drawn when `draw`); returns its height and moves col->y on. */
double im_legend_draw(im_map *m, cairo_t *cr, PangoContext *pc, im_column *col, bool draw);
void im_furniture_layout(im_map *m);

#define IM_FONT "Noto Sans, DejaVu Sans, sans-serif"

#endif
