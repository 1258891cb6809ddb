/* Shared between the layer writers (src/layers/write*.c), not part of the public API.
 *
 * A layer to write is described once, format-neutrally, as an im_layer_src: its
 * columns (incmap name, ACLED name, type) and a function that gives the values and
 * geometry of row i. Every format writer walks that description, so the schema of
 * DESIGN.md lives in one table (write_schema.c) and cannot drift between formats.
 */
#ifndef INCMAP_LAYERS_WRITE_PRIVATE_H
#define INCMAP_LAYERS_WRITE_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

#include <gdal.h>

#include "incmap/layer_write.h"
#include "incmap/style.h"
#include "src/core/gdal_errors.h"

/* IM_COL_DATE: a "YYYY[-MM[-DD]]" string, written as a real Date field where the
 * format has one (GeoPackage, Shapefile, PostGIS) so QGIS's temporal
 * controller can use it; a partial date is stored as the first day of its period
 * (time_prec says how precise it is), as ACLED does. Text elsewhere. */
typedef enum im_col_type { IM_COL_STR, IM_COL_INT, IM_COL_REAL, IM_COL_DATE } im_col_type;

typedef struct im_col {
    const char *name;    /* incmap's name (DESIGN.md, ≤ 10 characters) */
    const char *acled;   /* the name in an ACLED export (CSV --acled), or NULL = same */
    im_col_type type;
} im_col;

/* One cell: `s` for strings (never NULL), `i` / `r` for numbers, `null` when the
 * number is unknown. */
typedef struct im_val {
    const char *s;
    long i;
    double r;
    bool null;
} im_val;

/* A row's geometry: a point (n = 1), a two-point line (n = 2) or none (n = 0). */
typedef struct im_geom {
    int n;
    double x[2], y[2];
} im_geom;

typedef struct im_layer_src im_layer_src;
struct im_layer_src {
    im_layer_kind kind;
    const char *name;            /* "incidents", "places", "links" */
    bool line;                   /* LineString layer (else Point) */
    const im_col *cols;
    size_t n_cols;
    size_t n_rows;
    const void *data;            /* the im_incident_set / im_place_rows / im_link_set */
    /* Fill vals[0..n_cols) and *geom for row i. */
    void (*row)(const im_layer_src *src, size_t i, im_val *vals, im_geom *geom);
};

/* The three layers over the caller's data (any pointer may be NULL: empty layer). */
void im_layer_srcs(im_layer_src out[3], const im_incident_set *incidents,
                   const im_place_rows *places, const im_link_set *links);

/* Index of column `name` in src (incmap name), or -1. */
int im_layer_src_col(const im_layer_src *src, const char *name);

/* ---- formats (write_formats.c) --------------------------------------------- */

typedef struct im_format_info {
    im_layer_format format;
    const char *name;        /* canonical alias: "gpkg", "geojson", ... */
    const char *driver;      /* GDAL driver name */
    const char *ext;         /* file extension without dot, NULL for PG */
    const char *aliases;     /* space-separated extra names accepted by -f */
    bool multi_layer;        /* all three layers in one file */
    bool qml_sidecar;        /* a .qml beside each layer file */
    const char *const *lco;  /* layer creation options */
    size_t max_text;         /* longest text in bytes (0: unlimited) */
    bool needs_geometry;     /* features without geometry cannot be stored */
} im_format_info;

const im_format_info *im_format_get(im_layer_format format);

/* ---- OGR (write_ogr.c) ----------------------------------------------------- */

/* Create `src`'s layer in `ds` with the format's options and write every row (the
 * caller brackets the dataset's transaction, if any).
 * `acled` names the columns the ACLED way (CSV). Warnings (text cut for Shapefile)
 * go to the ctx log. */
im_status im_ogr_write_layer(im_ctx *ctx, GDALDatasetH ds, const im_format_info *fi,
                             const im_layer_src *src, bool acled, const char *shown);

/* Cut `s` to at most `max` bytes without splitting a UTF-8 sequence: the length
 * to keep. */
size_t im_utf8_fit(const char *s, size_t max);

/* ---- PostGIS (write_pg.c) -------------------------------------------------- */

/* Write the three layers and their layer_styles rows into the database of `conn`
 * ("PG:…") in one transaction. */
im_status im_pg_write(im_ctx *ctx, const char *conn, const im_write_opts *opts,
                      const im_layer_src srcs[3]);

/* ---- KML extras (write_kml.c) ---------------------------------------------- */

/* The Placemark name, description, ISO time stamp ("" when undated) and OGR style
 * string for row `i`. Returns new strings in out[0..3] (caller frees each). */
void im_kml_extras(const im_layer_src *src, size_t i, const im_val *vals, char *out[4]);

/* ---- styles (write_qml.c, write_styles_table.c) ---------------------------- */

/* The inside of a QGIS style for a layer: <renderer-v2>, <labeling> and friends,
 * without the <qgis> root, so QML files, layer_styles and .qgs projects share it.
 * `acled` uses the ACLED column names. New string. */
char *im_qml_body(im_layer_kind kind, bool acled);

/* Write QGIS's `layer_styles` table (its own schema) into `ds` with one default
 * style per layer. `catalog`/`schema` as QGIS matches them ("" for GeoPackage);
 * `acled`: the layers carry ACLED's column names. */
im_status im_styles_table_write(im_ctx *ctx, GDALDatasetH ds, const char *catalog,
                                const char *schema, const char *geom_col,
                                const char *shown, bool acled);

/* ACLED's column names in this format (--acled): every format but the Shapefile, whose
 * ten-character names keep incmap's own. */
bool im_format_acled_names(const im_format_info *fi, bool acled);

/* ---- QGIS project (write_qgs.c) -------------------------------------------- */

typedef struct im_qgs_layer {
    im_layer_kind kind;
    const char *name;        /* layer name in the project */
    const char *source;      /* QGIS datasource ("./incidents.shp", "./x.gpkg|layername=...") */
    const char *provider;    /* "ogr" or "postgres" */
    bool acled;
} im_qgs_layer;

/* Write a .qgs at `path` (named `shown` in messages) with the layers (first drawn on
 * top), EPSG:4326, and the extent (west, south, east, north) padded a little. */
im_status im_qgs_write(im_ctx *ctx, const char *path, const char *shown,
                       const im_qgs_layer *layers, size_t n, const double extent[4]);

/* ---- text building (write_xml.c) ------------------------------------------ */

/* A growing string for the XML writers. Start with {NULL, 0, 0}; take `s` when done. */
typedef struct im_sb {
    char *s;
    size_t n, cap;
} im_sb;

void im_sb_printf(im_sb *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append `s` XML-escaped (safe in attributes and text). */
void im_sb_xml(im_sb *sb, const char *s);

/* Pieces of the .qgs (write_qgs_map.c): the incidents' temporal properties, the
 * basemap layer (its layer-tree entry and its map layer: the countries of the
 * GeoPackage at the absolute path `basemap`) and the print layout over the lon/lat
 * extent `e` with `credits` at its foot. */
void im_qgs_temporal(im_sb *sb);
void im_qgs_basemap_tree(im_sb *sb, const char *basemap);
void im_qgs_basemap_layer(im_sb *sb, const char *basemap);
void im_qgs_layout(im_sb *sb, const double *e, const char *credits);

/* XML-escape `s` into a new string. */
char *im_xml_escape(const char *s);

#endif
