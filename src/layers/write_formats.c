/* The output formats as data: GDAL driver, aliases accepted by -f, extension, whether
 * one file holds all layers, creation options, and per-format limits; plus the rule
 * that turns a -f value and an output name into a format.
 *
 * Adding a format is adding a row here (and a test). Nothing here opens a file.
 */
#include "write_private.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const geojson_lco[] = {"RFC7946=YES", "COORDINATE_PRECISION=6",
                                          "WRITE_BBOX=NO", "WRITE_NAME=YES", NULL};
static const char *const gpkg_lco[] = {"SPATIAL_INDEX=YES", "GEOMETRY_NAME=geom", "FID=fid",
                                       NULL};
static const char *const shp_lco[] = {"ENCODING=UTF-8", "SPATIAL_INDEX=YES", NULL};
static const char *const kml_lco[] = {NULL};
static const char *const csv_lco[] = {"GEOMETRY=AS_WKT", "CREATE_CSVT=YES",
                                      "STRING_QUOTING=IF_NEEDED", "SEPARATOR=COMMA", NULL};
static const char *const fgb_lco[] = {"SPATIAL_INDEX=YES", NULL};
static const char *const pg_lco[] = {"GEOMETRY_NAME=geom", "SPATIAL_INDEX=GIST",
                                     "FID=fid", "LAUNDER=NO", "PRECISION=NO", NULL};

static const im_format_info formats[] = {
    {IM_FORMAT_GEOJSON, "geojson", "GeoJSON", "geojson", "json", false, true, geojson_lco, 0,
     false},
    {IM_FORMAT_GPKG, "gpkg", "GPKG", "gpkg", "geopackage", true, false, gpkg_lco, 0, false},
    {IM_FORMAT_SHP, "shp", "ESRI Shapefile", "shp", "shapefile esri", false, true, shp_lco, 254,
     false},
    {IM_FORMAT_KML, "kml", "LIBKML", "kml", "libkml", true, false, kml_lco, 0, false},
    {IM_FORMAT_CSV, "csv", "CSV", "csv", "", false, true, csv_lco, 0, false},
    /* GDAL 3.6's FlatGeobuf writer drops features without geometry */
    {IM_FORMAT_FGB, "fgb", "FlatGeobuf", "fgb", "flatgeobuf", false, true, fgb_lco, 0, true},
    {IM_FORMAT_PG, "pg", "PostgreSQL", NULL, "postgis postgres pg:", true, false, pg_lco, 0,
     false},
};

#define N_FORMATS (sizeof formats / sizeof formats[0])

const im_format_info *im_format_get(im_layer_format format)
{
    for (size_t i = 0; i < N_FORMATS; i++)
        if (formats[i].format == format)
            return &formats[i];
    return NULL;
}

const char *im_layer_format_name(im_layer_format fmt)
{
    const im_format_info *fi = im_format_get(fmt);
    return fi ? fi->name : "auto";
}

static bool word_in(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; *p;) {
        size_t m = strcspn(p, " ");
        if (m == n && strncasecmp(p, word, n) == 0)
            return true;
        p += m;
        p += strspn(p, " ");
    }
    return false;
}

static const im_format_info *by_name(const char *name)
{
    for (size_t i = 0; i < N_FORMATS; i++) {
        const im_format_info *fi = &formats[i];
        if (!strcasecmp(name, fi->name) || !strcasecmp(name, fi->driver) ||
            (fi->ext && !strcasecmp(name, fi->ext)) || word_in(fi->aliases, name))
            return fi;
    }
    if (!strcasecmp(name, "KML"))    /* GDAL's other KML driver: we write with LIBKML */
        return im_format_get(IM_FORMAT_KML);
    return NULL;
}

static const im_format_info *by_extension(const char *out)
{
    const char *slash = strrchr(out, '/');
    const char *dot = strrchr(slash ? slash + 1 : out, '.');
    if (!dot || dot[1] == '\0')
        return NULL;
    for (size_t i = 0; i < N_FORMATS; i++)
        if (formats[i].ext && !strcasecmp(dot + 1, formats[i].ext))
            return &formats[i];
    if (!strcasecmp(dot + 1, "json"))
        return im_format_get(IM_FORMAT_GEOJSON);
    return NULL;
}

bool im_layer_format_lookup(const char *format, const char *out, im_layer_format *fmt)
{
    const im_format_info *fi = NULL;
    if (format && *format)
        fi = by_name(format) ? by_name(format)
             : !strncasecmp(format, "PG:", 3) ? im_format_get(IM_FORMAT_PG) : NULL;
    else if (out && !strncasecmp(out, "PG:", 3))
        fi = im_format_get(IM_FORMAT_PG);
    else if (out && !strcmp(out, "-"))
        fi = im_format_get(IM_FORMAT_GEOJSON);
    else if (out)
        fi = by_extension(out);
    if (fi)
        *fmt = fi->format;
    return fi != NULL;
}

const char *im_layer_format_driver(im_layer_format fmt)
{
    const im_format_info *fi = im_format_get(fmt);
    return fi ? fi->driver : NULL;
}

const char *const *im_layer_format_options(im_layer_format fmt)
{
    const im_format_info *fi = im_format_get(fmt);
    return fi ? fi->lco : NULL;
}

im_status im_layer_format_resolve(im_ctx *ctx, const char *format, const char *out,
                                  im_layer_format *fmt)
{
    const im_format_info *given = NULL, *implied = NULL;
    if (format && *format) {
        given = by_name(format);
        if (!given && !strncasecmp(format, "PG:", 3))
            given = im_format_get(IM_FORMAT_PG);
        if (!given)
            return im_ctx_fail(ctx, IM_ERR_USAGE_VALUE,
                               "unknown format '%s' (use gpkg, geojson, shp, kml, csv, fgb or "
                               "a PG: connection string)",
                               format);
    }
    if (out && !strncasecmp(out, "PG:", 3))
        implied = im_format_get(IM_FORMAT_PG);
    else if (out && strcmp(out, "-"))
        implied = by_extension(out);
    if (given && implied && given != implied)
        return im_ctx_fail(ctx, IM_ERR_USAGE_VALUE,
                           "-f %s does not match the output '%s' (a %s name)", format, out,
                           implied->name);
    if (given && given->format == IM_FORMAT_PG && !implied)
        return im_ctx_fail(ctx, IM_ERR_USAGE_VALUE,
                           "PostGIS output needs a PG: connection string as -o (got '%s')",
                           out ? out : "");
    const im_format_info *fi = given ? given : implied;
    *fmt = fi ? fi->format : IM_FORMAT_GEOJSON;
    return IM_OK;
}
