/* QGIS's `layer_styles` table, written through OGR so the GeoPackage registers it as
 * an attributes table (as QGIS itself does) and PostGIS gets it in the database: one
 * default style (useAsDefault) per layer, its QML from write_qml.c. QGIS looks a
 * style up by table name and geometry column (and, in PostGIS, catalog and schema),
 * so those must match what write.c created.
 *
 * Rows for our three layers that an earlier write left are replaced; other rows (a
 * user's own styles) are kept. QGIS reads styleQML; styleSLD (write_sld.c) is for
 * other readers of the table.
 */
#include "write_private.h"
#include "incmap/alloc.h"

#include <cpl_error.h>
#include <ogr_api.h>
#include <stdlib.h>
#include <string.h>

typedef struct style_field {
    const char *name;
    OGRFieldType type;
    OGRFieldSubType sub;
    int width;
} style_field;

/* QGIS's schema (QgsOgrProviderUtils / the PostgreSQL provider). */
static const style_field fields[] = {
    {"f_table_catalog", OFTString, OFSTNone, 256},
    {"f_table_schema", OFTString, OFSTNone, 256},
    {"f_table_name", OFTString, OFSTNone, 256},
    {"f_geometry_column", OFTString, OFSTNone, 256},
    {"styleName", OFTString, OFSTNone, 30},
    {"styleQML", OFTString, OFSTNone, 0},
    {"styleSLD", OFTString, OFSTNone, 0},
    {"useAsDefault", OFTInteger, OFSTBoolean, 0},
    {"description", OFTString, OFSTNone, 0},
    {"owner", OFTString, OFSTNone, 30},
    {"ui", OFTString, OFSTNone, 30},
    {"update_time", OFTDateTime, OFSTNone, 0},
};

static OGRLayerH create_table(GDALDatasetH ds, bool pg)
{
    OGRLayerH layer = GDALDatasetCreateLayer(ds, "layer_styles", NULL, wkbNone, NULL);
    if (!layer)
        return NULL;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        OGRFieldDefnH fd = OGR_Fld_Create(fields[i].name, fields[i].type);
        OGR_Fld_SetSubType(fd, fields[i].sub);
        if (fields[i].width)
            OGR_Fld_SetWidth(fd, fields[i].width);
        if (fields[i].type == OFTDateTime)
            OGR_Fld_SetDefault(fd, "CURRENT_TIMESTAMP");
        OGRErr err = OGR_L_CreateField(layer, fd, TRUE);
        OGR_Fld_Destroy(fd);
        if (err != OGRERR_NONE)
            return NULL;
    }
    if (pg) {
        /* the PostgreSQL provider also files the geometry type of the style */
        OGRFieldDefnH fd = OGR_Fld_Create("type", OFTString);
        OGRErr err = OGR_L_CreateField(layer, fd, TRUE);
        OGR_Fld_Destroy(fd);
        if (err != OGRERR_NONE)
            return NULL;
    }
    return layer;
}

static void set(OGRFeatureH f, const char *name, const char *value)
{
    int i = OGR_F_GetFieldIndex(f, name);
    if (i < 0) {
        /* PostgreSQL launders names to lower case */
        char low[32];
        size_t n = strlen(name) < sizeof low - 1 ? strlen(name) : sizeof low - 1;
        for (size_t k = 0; k < n; k++)
            low[k] = (char)(name[k] >= 'A' && name[k] <= 'Z' ? name[k] + 32 : name[k]);
        low[n] = '\0';
        i = OGR_F_GetFieldIndex(f, low);
    }
    if (i >= 0)
        OGR_F_SetFieldString(f, i, value);
}

im_status im_styles_table_write(im_ctx *ctx, GDALDatasetH ds, const char *catalog,
                                const char *schema, const char *geom_col, const char *shown,
                                bool acled)
{
    bool pg = !strcmp(GDALGetDriverShortName(GDALGetDatasetDriver(ds)), "PostgreSQL");
    OGRLayerH layer = GDALDatasetGetLayerByName(ds, "layer_styles");
    CPLErrorReset();
    if (layer) {
        char *sql = im_xasprintf("DELETE FROM layer_styles WHERE f_table_name IN "
                                 "('incidents', 'places', 'links') AND f_table_schema = '%s'",
                                 schema);
        OGRLayerH res = GDALDatasetExecuteSQL(ds, sql, NULL, NULL);
        if (res)
            GDALDatasetReleaseResultSet(ds, res);
        free(sql);
    } else {
        layer = create_table(ds, pg);
    }
    if (!layer)
        return im_ctx_fail(ctx, IM_ERR_GDAL, "cannot create layer_styles in '%s': %s", shown,
                           CPLGetLastErrorMsg());
    static const char *const names[] = {"incidents", "places", "links"};
    for (int k = 0; k < 3; k++) {
        char *qml = im_layer_qml((im_layer_kind)k, acled);
        char *sld = im_layer_sld((im_layer_kind)k);
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
        set(f, "f_table_catalog", catalog);
        set(f, "f_table_schema", schema);
        set(f, "f_table_name", names[k]);
        set(f, "f_geometry_column", geom_col);
        set(f, "styleName", names[k]);
        set(f, "styleQML", qml);
        set(f, "styleSLD", sld);
        set(f, "useAsDefault", "1");
        set(f, "description", "incmap default style (ACLED event types, Okabe-Ito colours)");
        set(f, "owner", "");
        set(f, "ui", "");
        set(f, "type", k == 2 ? "Line" : "Point");
        /* update_time is left unset: the table's default stamps it */
        OGRErr err = OGR_L_CreateFeature(layer, f);
        OGR_F_Destroy(f);
        free(qml);
        free(sld);
        if (err != OGRERR_NONE)
            return im_ctx_fail(ctx, IM_ERR_GDAL, "cannot write the %s style to '%s': %s",
                               names[k], shown, CPLGetLastErrorMsg());
    }
    return IM_OK;
}
