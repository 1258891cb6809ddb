/* PostGIS output: the three layers as tables incidents, places and links (geometry
 * column `geom`, EPSG:4326, GiST index) and QGIS's layer_styles rows, written in one
 * transaction so a failure leaves the database as it was. Existing tables are
 * replaced only with `overwrite` (dropped inside the same transaction).
 *
 * The connection string is GDAL's ("PG:dbname=… host=… port=…"); this file never
 * builds one and never prints it (it may hold a password).
 */
#include "write_private.h"
#include "incmap/alloc.h"

#include <cpl_error.h>
#include <ogr_api.h>
#include <stdio.h>
#include <string.h>

/* The database and schema QGIS will match layer_styles rows against. */
static void current_names(GDALDatasetH ds, char *db, size_t db_len, char *schema,
                          size_t schema_len)
{
    snprintf(db, db_len, "%s", "");
    snprintf(schema, schema_len, "%s", "public");
    OGRLayerH res = GDALDatasetExecuteSQL(
        ds, "SELECT current_database() AS db, current_schema() AS sch", NULL, NULL);
    if (!res)
        return;
    OGRFeatureH f = OGR_L_GetNextFeature(res);
    if (f) {
        snprintf(db, db_len, "%s", OGR_F_GetFieldAsString(f, 0));
        if (OGR_F_IsFieldSetAndNotNull(f, 1))
            snprintf(schema, schema_len, "%s", OGR_F_GetFieldAsString(f, 1));
        OGR_F_Destroy(f);
    }
    GDALDatasetReleaseResultSet(ds, res);
}

static int layer_index(GDALDatasetH ds, const char *name)
{
    for (int i = 0; i < GDALDatasetGetLayerCount(ds); i++)
        if (!strcmp(OGR_L_GetName(GDALDatasetGetLayer(ds, i)), name))
            return i;
    return -1;
}

im_status im_pg_write(im_ctx *ctx, const char *conn, const im_write_opts *opts,
                      const im_layer_src srcs[3])
{
    const im_format_info *fi = im_format_get(IM_FORMAT_PG);
    const char *shown = "the PostGIS database";
    im_gdal_capture cap;
    im_gdal_capture_begin(&cap);
    im_status st = IM_OK;
    const char *drivers[] = {"PostgreSQL", NULL};
    GDALDatasetH ds = GDALOpenEx(conn, GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers, NULL, NULL);
    bool txn = false;
    if (!ds) {
        st = im_ctx_fail(ctx, IM_ERR_IO, "cannot open %s: %s", shown,
                         cap.msg[0] ? cap.msg : "connection refused");
        goto done;
    }
    for (int k = 0; k < 3 && st == IM_OK; k++)
        if (!opts->overwrite && GDALDatasetGetLayerByName(ds, srcs[k].name))
            st = im_ctx_fail(ctx, IM_ERR_IO_EXISTS,
                             "table '%s' exists in %s (use --overwrite to replace it)",
                             srcs[k].name, shown);
    if (st != IM_OK)
        goto done;
    txn = GDALDatasetStartTransaction(ds, FALSE) == OGRERR_NONE;
    if (!txn) {
        st = im_ctx_fail(ctx, IM_ERR_GDAL, "cannot start a transaction in %s: %s", shown,
                         cap.msg);
        goto done;
    }
    for (int k = 0; k < 3 && st == IM_OK; k++) {
        GDALDatasetGetLayerByName(ds, srcs[k].name);   /* make the driver list it */
        int i = layer_index(ds, srcs[k].name);
        if (i >= 0 && GDALDatasetDeleteLayer(ds, i) != OGRERR_NONE)
            st = im_ctx_fail(ctx, IM_ERR_GDAL, "cannot replace table '%s': %s", srcs[k].name,
                             cap.msg);
    }
    for (int k = 0; k < 3 && st == IM_OK; k++)
        st = im_ogr_write_layer(ctx, ds, fi, &srcs[k], false, shown);
    if (st == IM_OK) {
        char db[256], schema[256];
        current_names(ds, db, sizeof db, schema, sizeof schema);
        st = im_styles_table_write(ctx, ds, db, schema, "geom", shown, false);
    }
    if (st == IM_OK && cap.msg[0])
        st = im_ctx_fail(ctx, IM_ERR_GDAL, "cannot write to %s: %s", shown, cap.msg);
    if (st == IM_OK && GDALDatasetCommitTransaction(ds) != OGRERR_NONE)
        st = im_ctx_fail(ctx, IM_ERR_GDAL, "cannot commit to %s: %s", shown, cap.msg);
    else if (st != IM_OK)
        GDALDatasetRollbackTransaction(ds);
done:
    if (ds)
        GDALClose(ds);
    im_gdal_capture_end(&cap);
    return st;
}
