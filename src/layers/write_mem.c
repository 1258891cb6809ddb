/* im_layers_memory (layers_mem.h): the incidents layer built in GDAL's Memory driver
 * with the writers' own schema and row code (write_ogr.c), so a reader of layers sees
 * what a written file would hold, without the file. No paths, no files. */
#include "src/layers/layers_mem.h"
#include "write_private.h"

im_status im_layers_memory(im_ctx *ctx, const im_incident_set *set, GDALDatasetH *out)
{
    *out = NULL;
    GDALAllRegister();
    im_layer_src srcs[3];
    im_layer_srcs(srcs, set, NULL, NULL);
    /* GeoJSON's behaviour (no text limit, rows without geometry kept) without its file
     * options, which the Memory driver does not take */
    static const char *const no_options[] = {NULL};
    im_format_info fi = *im_format_get(IM_FORMAT_GEOJSON);
    fi.driver = "Memory";
    fi.lco = no_options;
    im_gdal_capture cap;
    im_gdal_capture_begin(&cap);
    GDALDriverH drv = GDALGetDriverByName(fi.driver);
    GDALDatasetH ds = drv ? GDALCreate(drv, "incidents", 0, 0, 0, GDT_Unknown, NULL) : NULL;
    im_status st = ds ? im_ogr_write_layer(ctx, ds, &fi, &srcs[0], false, "incidents in memory")
                      : im_ctx_fail(ctx, IM_ERR_GDAL, "cannot make a layer in memory: %s",
                                    cap.msg[0] ? cap.msg : "no Memory driver");
    im_gdal_capture_end(&cap);
    if (st != IM_OK && ds)
        GDALClose(ds);
    else
        *out = ds;
    return st;
}
