/* Writing the incidents, places and links layers with GDAL/OGR, for QGIS and GDAL.
 *
 * Formats: GeoPackage (all three layers in one file, spatial index, QGIS default
 * styles in `layer_styles`), GeoJSON (RFC 7946, one file per layer), ESRI Shapefile
 * (.shp .shx .dbf .prj .cpg, spatial index .qix, a .qml style beside each), KML
 * (LIBKML: name, description, ISO time stamps), CSV (ISO dates, UTF-8, lon/lat
 * columns and WKT, ACLED column names on request), FlatGeobuf and PostGIS (`PG:`
 * connection strings). Everything is EPSG:4326 in lon/lat order. On request (`qgis`)
 * file outputs also get a QGIS project (.qgs) referencing the layers with their
 * styles.
 *
 * Output is atomic: files are written into a temporary folder beside the target and
 * renamed into place when complete; an existing target is replaced only with
 * `overwrite`; on failure nothing is left behind (a folder created for the output is
 * removed again). PostGIS writes happen in one transaction. "-" writes the incidents
 * layer as GeoJSON (or CSV) to standard output.
 *
 * This module does not read layers (layers.h) and does not define the style
 * (style.h): it serialises the style into QML.
 */
#ifndef INCMAP_LAYER_WRITE_H
#define INCMAP_LAYER_WRITE_H

#include <stdbool.h>
#include <stddef.h>

#include "incmap/ctx.h"
#include "incmap/model.h"

typedef enum im_layer_format {
    IM_FORMAT_AUTO = 0,   /* infer from the output name (a folder: GeoJSON) */
    IM_FORMAT_GEOJSON,
    IM_FORMAT_GPKG,
    IM_FORMAT_SHP,
    IM_FORMAT_KML,
    IM_FORMAT_CSV,
    IM_FORMAT_FGB,
    IM_FORMAT_PG
} im_layer_format;

typedef enum im_layer_kind {
    IM_LAYER_INCIDENTS = 0,
    IM_LAYER_PLACES,
    IM_LAYER_LINKS
} im_layer_kind;

typedef struct im_write_opts {
    const char *format;       /* GDAL driver name or alias (gpkg, geojson, shp, kml, csv,
                                 fgb, "ESRI Shapefile", PostgreSQL…), or NULL to infer
                                 from the output name */
    bool overwrite;           /* replace existing outputs */
    bool acled;               /* CSV: ACLED column names (event_id_cnty, sub_event_type…) */
    bool qgis;                /* QGIS extras for file outputs: a project (.qgs) and a .qml
                                 style beside GeoJSON, FlatGeobuf and CSV layers
                                 (Shapefile always gets its .qml, GeoPackage its
                                 layer_styles) */
} im_write_opts;

#define IM_WRITE_OPTS_INIT {NULL, false, false, false}

/* Resolve a -f value and an output name to a format. `format` may be NULL (infer
 * from `out`: "PG:…" is PostGIS, otherwise the extension; a name without a known
 * extension is a folder, GeoJSON by default). A -f that contradicts the extension
 * is a usage error. Returns IM_OK or IM_ERR_USAGE_VALUE with the reason on ctx. */
im_status im_layer_format_resolve(im_ctx *ctx, const char *format, const char *out,
                                  im_layer_format *fmt);

/* The one table of output formats, for every writer (layers and the filter): the
 * format a -f value names (a short name, an alias or a GDAL driver name) or, without
 * one, the output implies ("PG:…" PostGIS, "-" GeoJSON, else the extension). false
 * when neither says; no message (im_layer_format_resolve explains). */
bool im_layer_format_lookup(const char *format, const char *out, im_layer_format *fmt);
/* The GDAL driver of a format ("GPKG", "LIBKML", ...), NULL for IM_FORMAT_AUTO. */
const char *im_layer_format_driver(im_layer_format fmt);
/* Its layer creation options (NULL-terminated, static; GeoJSON: RFC 7946, 6 decimals). */
const char *const *im_layer_format_options(im_layer_format fmt);

/* Canonical short name of a format ("gpkg", "geojson", "shp", "kml", "csv", "fgb",
 * "pg"); "auto" for IM_FORMAT_AUTO. Static string. */
const char *im_layer_format_name(im_layer_format fmt);

/* Write the three layers to `out`.
 *
 * Where they go depends on the format (resolved as im_layer_format_resolve does):
 * - a folder (created if its parent exists): per-layer formats write incidents.EXT,
 *   places.EXT, links.EXT inside; GeoPackage and KML write incmap.gpkg / incmap.kml;
 *   the project (with `qgis`) is incmap.qgs;
 * - NAME.EXT: GeoPackage and KML hold all three layers; per-layer formats write the
 *   incidents there and NAME_places.EXT, NAME_links.EXT beside it; the project is
 *   NAME.qgs;
 * - "PG:…": tables incidents, places, links and QGIS's layer_styles in the database
 *   (existing tables are replaced only with `overwrite`);
 * - "-": the incidents as GeoJSON (or CSV with -f csv) on standard output.
 * `places` and `links` may be NULL (empty layers). Returns IM_OK, IM_ERR_USAGE_VALUE
 * (format), IM_ERR_IO_EXISTS (a target exists), IM_ERR_IO or IM_ERR_GDAL, with the
 * message on ctx naming the file. Warnings (text cut to Shapefile's 254 bytes) go to
 * the ctx log. */
im_status im_write_layers(im_ctx *ctx, const char *out, const im_write_opts *opts,
                          const im_incident_set *incidents, const im_place_rows *places,
                          const im_link_set *links);

/* A complete QGIS style document (QML) for a layer: categorised on event_type with
 * the style.h colours and shapes, size by fatalities, precision marks, labels by
 * location and date (incidents); simple styles for places and links. `acled` uses
 * ACLED column names. Returns a new string (caller frees). */
char *im_layer_qml(im_layer_kind kind, bool acled);

/* The same style as OGC SLD 1.1 / Symbology Encoding, for tools that read SLD: one
 * rule per event type with its colour and mark, size from fatalities, labels by
 * location (incidents); simple styles for places and links. The precision marks
 * are QML-only. Returns a new string (caller frees). */
char *im_layer_sld(im_layer_kind kind);

#endif
