/* One layer into one OGR dataset: the schema from write_schema.c, the format's
 * creation options from write_formats.c, and the per-format adjustments that OGR does
 * not make for us — Shapefile field widths that fit the data and text cut to 254 bytes
 * at a UTF-8 boundary (with a warning), KML's name/description/time stamp fields and
 * feature colours, ACLED column names, and a warning (not silence) when a format
 * cannot store rows without geometry.
 *
 * This file does not choose paths, rename or clean up (write.c does); GDAL's errors
 * are captured by the callers through src/core/gdal_errors.h.
 */
#include "write_private.h"
#include "incmap/alloc.h"

#include <cpl_error.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t im_utf8_fit(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max)
        return n;
    size_t k = max;
    /* step back over continuation bytes (10xxxxxx) to the start of a character */
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    return k;
}

static int digits(long v)
{
    int n = v < 0 ? 2 : 1;
    for (unsigned long u = v < 0 ? (unsigned long)-v : (unsigned long)v; u >= 10; u /= 10)
        n++;
    return n;
}

/* Shapefile: the narrowest width that holds every value of each column. */
static void fit_widths(const im_layer_src *src, size_t max_text, int *width)
{
    im_val *vals = im_xcalloc(src->n_cols, sizeof *vals);
    for (size_t c = 0; c < src->n_cols; c++)
        width[c] = 1;
    for (size_t i = 0; i < src->n_rows; i++) {
        im_geom g;
        src->row(src, i, vals, &g);
        for (size_t c = 0; c < src->n_cols; c++) {
            int w = 0;
            if (src->cols[c].type == IM_COL_STR || src->cols[c].type == IM_COL_DATE)
                w = (int)im_utf8_fit(vals[c].s, max_text);
            else if (src->cols[c].type == IM_COL_INT && !vals[c].null)
                w = digits(vals[c].i);
            if (w > width[c])
                width[c] = w;
        }
    }
    free(vals);
}

bool im_format_acled_names(const im_format_info *fi, bool acled)
{
    return acled && fi->format != IM_FORMAT_SHP;
}

/* Does the format store a real Date field? */
static bool has_dates(const im_format_info *fi)
{
    return fi->format == IM_FORMAT_GPKG || fi->format == IM_FORMAT_SHP ||
           fi->format == IM_FORMAT_PG;
}

static OGRFieldType ogr_type(im_col_type t, bool dates)
{
    if (t == IM_COL_DATE)
        return dates ? OFTDate : OFTString;
    return t == IM_COL_STR ? OFTString : t == IM_COL_INT ? OFTInteger : OFTReal;
}

/* "2022-05-10", "2022-05", "2022" → the first day of the period; false for "". */
static bool first_day(const char *s, int *y, int *m, int *d)
{
    *m = *d = 1;
    int n = sscanf(s, "%4d-%2d-%2d", y, m, d);
    return n >= 1 && *y > 0 && *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31;
}

static bool add_field(OGRLayerH layer, const char *name, OGRFieldType type, int width,
                      int precision)
{
    OGRFieldDefnH fd = OGR_Fld_Create(name, type);
    if (width > 0)
        OGR_Fld_SetWidth(fd, width);
    if (precision > 0)
        OGR_Fld_SetPrecision(fd, precision);
    OGRErr err = OGR_L_CreateField(layer, fd, TRUE);
    OGR_Fld_Destroy(fd);
    return err == OGRERR_NONE;
}

/* KML extra fields, in the order im_kml_extras returns them (the style is not a
 * field). The places layer already has `name`. */
static const char *const kml_fields[3] = {"name", "description", "timestamp"};

im_status im_ogr_write_layer(im_ctx *ctx, GDALDatasetH ds, const im_format_info *fi,
                             const im_layer_src *src, bool acled, const char *shown)
{
    bool kml = fi->format == IM_FORMAT_KML;
    im_status st = IM_OK;
    int *width = im_xcalloc(src->n_cols, sizeof *width);
    im_val *vals = im_xcalloc(src->n_cols, sizeof *vals);
    size_t *cut = im_xcalloc(src->n_cols, sizeof *cut);
    int kml_idx[3] = {-1, -1, -1};
    char *tmp = NULL;

    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(srs, 4326);
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    OGRLayerH layer = GDALDatasetCreateLayer(ds, src->name, srs,
                                             src->line ? wkbLineString : wkbPoint,
                                             (char **)fi->lco);
    OSRDestroySpatialReference(srs);
    if (!layer) {
        st = im_ctx_fail(ctx, IM_ERR_GDAL, "cannot create layer '%s' in '%s': %s", src->name,
                         shown, CPLGetLastErrorMsg());
        goto done;
    }
    if (fi->max_text)
        fit_widths(src, fi->max_text, width);
    for (size_t c = 0; c < src->n_cols; c++) {
        const im_col *col = &src->cols[c];
        const char *name = im_format_acled_names(fi, acled) && col->acled ? col->acled
                                                                          : col->name;
        bool shp = fi->max_text > 0;
        bool date = col->type == IM_COL_DATE && has_dates(fi);
        int w = date ? 0 : shp && col->type != IM_COL_REAL ? width[c] : shp ? 24 : 0;
        int prec = shp && col->type == IM_COL_REAL ? 15 : 0;
        if (!add_field(layer, name, ogr_type(col->type, has_dates(fi)), w, prec)) {
            st = im_ctx_fail(ctx, IM_ERR_GDAL, "cannot add field '%s' to '%s' in '%s': %s",
                             name, src->name, shown, CPLGetLastErrorMsg());
            goto done;
        }
    }
    if (kml) {
        OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
        for (int k = 0; k < 3; k++) {
            kml_idx[k] = OGR_FD_GetFieldIndex(defn, kml_fields[k]);
            if (kml_idx[k] < 0) {
                if (!add_field(layer, kml_fields[k], OFTString, 0, 0)) {
                    st = im_ctx_fail(ctx, IM_ERR_GDAL, "cannot add field '%s' to '%s': %s",
                                     kml_fields[k], shown, CPLGetLastErrorMsg());
                    goto done;
                }
                kml_idx[k] = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(layer), kml_fields[k]);
            }
        }
    }

    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    size_t unplaced = 0;
    for (size_t i = 0; i < src->n_rows && st == IM_OK; i++) {
        im_geom g;
        src->row(src, i, vals, &g);
        if (g.n == 0 && fi->needs_geometry) {
            unplaced++;
            continue;
        }
        OGRFeatureH f = OGR_F_Create(defn);
        for (size_t c = 0; c < src->n_cols; c++) {
            int fi_idx = (int)c;
            const im_val *v = &vals[c];
            int y, mo, d;
            if (v->null) {
                OGR_F_SetFieldNull(f, fi_idx);
            } else if (src->cols[c].type == IM_COL_DATE && has_dates(fi)) {
                if (first_day(v->s, &y, &mo, &d))
                    OGR_F_SetFieldDateTime(f, fi_idx, y, mo, d, 0, 0, 0, 0);
                else
                    OGR_F_SetFieldNull(f, fi_idx);
            } else if (src->cols[c].type == IM_COL_STR || src->cols[c].type == IM_COL_DATE) {
                size_t n = fi->max_text ? im_utf8_fit(v->s, fi->max_text) : strlen(v->s);
                if (n < strlen(v->s)) {
                    cut[c]++;
                    free(tmp);
                    tmp = im_xstrndup(v->s, n);
                    OGR_F_SetFieldString(f, fi_idx, tmp);
                } else {
                    OGR_F_SetFieldString(f, fi_idx, v->s);
                }
            } else if (src->cols[c].type == IM_COL_INT) {
                OGR_F_SetFieldInteger(f, fi_idx, (int)v->i);
            } else {
                OGR_F_SetFieldDouble(f, fi_idx, v->r);
            }
        }
        if (kml) {
            char *extra[4];
            im_kml_extras(src, i, vals, extra);
            for (int k = 0; k < 3; k++) {
                if (extra[k][0])
                    OGR_F_SetFieldString(f, kml_idx[k], extra[k]);
                else if (k == 2 || kml_idx[k] >= (int)src->n_cols)
                    OGR_F_SetFieldNull(f, kml_idx[k]);
            }
            OGR_F_SetStyleString(f, extra[3]);
            for (int k = 0; k < 4; k++)
                free(extra[k]);
        }
        if (g.n > 0) {
            OGRGeometryH geom = OGR_G_CreateGeometry(g.n == 1 ? wkbPoint : wkbLineString);
            for (int k = 0; k < g.n; k++)
                OGR_G_AddPoint_2D(geom, g.x[k], g.y[k]);
            OGR_F_SetGeometryDirectly(f, geom);
        }
        if (OGR_L_CreateFeature(layer, f) != OGRERR_NONE)
            st = im_ctx_fail(ctx, IM_ERR_GDAL, "cannot write feature %zu of '%s' to '%s': %s",
                             i + 1, src->name, shown, CPLGetLastErrorMsg());
        OGR_F_Destroy(f);
    }
    if (st == IM_OK && unplaced)
        im_log(ctx, IM_LOG_WARN,
               "%s: %zu %s without a location left out (the format needs a geometry)", shown,
               unplaced, src->name);
    for (size_t c = 0; c < src->n_cols && st == IM_OK; c++)
        if (cut[c])
            im_log(ctx, IM_LOG_WARN,
                   "%s: %zu value%s of %s.%s cut to %zu bytes (the format's limit)", shown,
                   cut[c], cut[c] == 1 ? "" : "s", src->name, src->cols[c].name, fi->max_text);
done:
    free(tmp);
    free(cut);
    free(vals);
    free(width);
    return st;
}
