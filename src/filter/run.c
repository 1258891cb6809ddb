/* Streaming a point layer through the filter (see filter.h): one feature at a time
 * from any OGR source to any OGR destination (or to a tally), so memory stays flat
 * however large the input. Countries are located once per point in the basemap; the
 * output goes to a temporary name beside the target and is renamed when complete. */
#include "incmap/filter.h"
#include "incmap/alloc.h"
#include "incmap/regions.h"
#include "incmap/layer_write.h"
#include "incmap/outfile.h"
#include "filter_internal.h"
#include "src/layers/layers_mem.h"
#include "filter_private.h"

#include <cpl_conv.h>
#include <ctype.h>
#include <errno.h>
#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "places.h"

static int field_of(OGRFeatureDefnH d, const char *const *names)
{
    for (; *names; names++) {
        int i = OGR_FD_GetFieldIndex(d, *names);
        if (i >= 0)
            return i;
    }
    return -1;
}

static fields find_fields(OGRLayerH layer)
{
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(layer);
    static const char *const date[] = {"event_date", "date", "EVENT_DATE", NULL};
    static const char *const type[] = {"event_type", "EVENT_TYPE", "type", NULL};
    static const char *const sub[] = {"sub_type", "sub_event_type", "SUB_EVENT_TYPE", NULL};
    static const char *const kind[] = {"kind", NULL};
    static const char *const fat[] = {"fatalities", "FATALITIES", "killed", NULL};
    return (fields){field_of(d, date), field_of(d, type), field_of(d, sub), field_of(d, kind),
                    field_of(d, fat)};
}

/* Does the feature's date interval meet the filter's? */
static bool date_ok(const im_filter *f, OGRFeatureH feat, int idx, im_filter_stats *stats)
{
    if (f->since == LONG_MIN && f->until == LONG_MAX)
        return true;
    if (idx < 0 || !OGR_F_IsFieldSetAndNotNull(feat, idx))
        return false;
    long a, b;
    const char *v = OGR_F_GetFieldAsString(feat, idx);
    if (!im_parse_date_range(v, &a, &b)) {
        if (v[0] && !stats->bad_dates++)
            snprintf(stats->bad_date, sizeof stats->bad_date, "%s", v);
        return false;
    }
    stats->good_dates++;
    if (f->partial == IM_PARTIAL_INCLUDE)
        return b >= f->since && a <= f->until;
    return a >= f->since && b <= f->until;
}

static bool type_ok(const im_filter *f, OGRFeatureH feat, const fields *fl)
{
    if (!f->types.n)
        return true;
    int idx[3] = {fl->type, fl->sub, fl->kind};
    for (int k = 0; k < 3; k++)
        if (idx[k] >= 0 && strlist_has(&f->types, OGR_F_GetFieldAsString(feat, idx[k])))
            return true;
    return false;
}

typedef struct geo {
    im_polyset *countries;     /* every country: a point's country by polygon */
    im_polyset *selected;      /* --country's countries (polygon test) */
    im_polyset *provinces;     /* --admin1's provinces (polygon test) */
    im_polyset *area_provs;    /* provinces the regions name, keyed by code */
    places pl;                 /* the data's own coding */
    strlist iso2;              /* --country resolved to ISO2 */
    strlist codes;             /* --admin1 resolved to province codes */
    bool data;                 /* countries by the data's coding */
} geo;

static void join(const strlist *l, char *out, size_t len)
{
    out[0] = '\0';
    for (size_t i = 0; i < l->n; i++) {
        size_t n = strlen(out);
        snprintf(out + n, len - n, "%s%s", n ? " " : "", l->items[i]);
    }
}

/* --country and --admin1 as codes: names and ISO3 resolved, an ambiguous province
 * refused (unless --country narrows it). */
static im_status resolve_criteria(im_ctx *ctx, const im_filter *f, geo *g)
{
    im_status st;
    if (!g->pl.names && (st = im_country_names_load(ctx, &g->pl.names)) != IM_OK)
        return st;
    for (size_t i = 0; i < f->countries.n; i++) {
        char iso2[3];
        if (!im_country_names_find(g->pl.names, f->countries.items[i], iso2))
            return im_ctx_fail(ctx, IM_ERR_USAGE_VALUE, "filter: --country '%s' is not a country "
                               "(an ISO2 or ISO3 code or an English name)",
                               f->countries.items[i]);
        if (!strlist_has(&g->iso2, iso2))
            strlist_add(&g->iso2, iso2);
    }
    char within[512];
    join(&g->iso2, within, sizeof within);
    for (size_t i = 0; i < f->admin1.n; i++) {
        im_admin1_match m;
        if (im_admin1_resolve(ctx, f->admin1.items[i], within, &m) != IM_OK) {
            char why[400];
            snprintf(why, sizeof why, "%s", im_ctx_last_error(ctx));
            return im_ctx_fail(ctx, IM_ERR_USAGE_VALUE, "filter: --admin1 %s", why);
        }
        for (size_t k = 0; k < m.n; k++)
            if (!strlist_has(&g->codes, m.code[k]))
                strlist_add(&g->codes, m.code[k]);
    }
    return IM_OK;
}

/* Does any area need the point's country, or provinces by polygon? */
static bool areas_need_country(const im_filter *f)
{
    for (size_t i = 0; i < f->n_areas; i++)
        if (f->areas[i].kind != IM_AREA_FILE && strcmp(f->areas[i].region.countries, "*"))
            return true;
    return false;
}

static im_status load_area_provinces(im_ctx *ctx, const im_filter *f, const char *basemap,
                                     geo *g)
{
    strlist codes = {0};
    for (size_t i = 0; i < f->n_areas; i++) {
        const char *p = f->areas[i].kind == IM_AREA_FILE ? NULL : f->areas[i].region.admin1;
        while (p && *p) {
            size_t n = strcspn(p, " ");
            char code[32];
            snprintf(code, sizeof code, "%.*s", (int)(n < 31 ? n : 31), p);
            if (code[0] && !strlist_has(&codes, code))
                strlist_add(&codes, code);
            p += n;
            p += *p == ' ';
        }
    }
    im_status st = IM_OK;
    if (codes.n)
        st = im_polyset_load(ctx, basemap, "provinces", "code", (const char *const *)codes.items,
                             codes.n, &g->area_provs);
    strlist_clear(&codes);
    return st;
}

/* The province code at a point among those the regions name (polygon test), or the
 * data's province code. */
static const char *area_province(geo *g, OGRFeatureH feat, const char *iso2, double x,
                                 double y, double coast_km)
{
    if (g->data && g->pl.admin1_field >= 0)
        return places_data_admin1(&g->pl, feat, iso2);
    if (!g->area_provs)
        return "";
    int c = im_polyset_locate(g->area_provs, x, y, coast_km);
    return c >= 0 ? im_polyset_key(g->area_provs, c) : "";
}

static bool in_areas(const im_filter *f, geo *g, OGRFeatureH feat, const char *iso2, double x,
                     double y)
{
    const char *prov = NULL;
    for (size_t i = 0; i < f->n_areas; i++) {
        const im_area *a = &f->areas[i];
        if (a->kind == IM_AREA_FILE) {
            if (a->polys && im_polyset_locate(a->polys, x, y, 0) >= 0)
                return true;
            continue;
        }
        if (!strcmp(a->region.countries, "*"))
            return true;
        if (iso2[0] && a->kind != IM_AREA_ADMIN1 && im_region_has_country(&a->region, iso2))
            return true;
        if (a->region.admin1) {
            if (!prov)
                prov = area_province(g, feat, iso2, x, y, f->coast_km);
            if (im_region_has_admin1(&a->region, prov))
                return true;
        }
    }
    return false;
}


/* The filter over the dataset `given` (taken: closed here), or over the file `input`
 * when `given` is NULL; `input` names the source in messages either way. */
static im_status run(im_ctx *ctx, im_filter *f, GDALDatasetH given, const char *input,
                     const char *basemap, const im_filter_run_opts *opts,
                     im_filter_stats *stats)
{
    memset(stats, 0, sizeof *stats);
    GDALAllRegister();
    im_gdal_capture cap;
    im_gdal_capture_begin(&cap);
    im_status st = IM_OK;
    GDALDatasetH in = NULL, out = NULL;
    OGRCoordinateTransformationH ct = NULL;
    geo g;
    memset(&g, 0, sizeof g);
    char *tmp = NULL;
    bool shapefile = false;
    tallies t_region = {0}, t_country = {0}, t_type = {0};
    char *pushed = NULL;
    int *field_map = NULL;

    const char *src = strcmp(input, "-") ? input : "/vsistdin/";
    const char *const csv_opts[] = {"X_POSSIBLE_NAMES=lon,longitude,LONGITUDE,x",
                                    "Y_POSSIBLE_NAMES=lat,latitude,LATITUDE,y",
                                    "KEEP_GEOM_COLUMNS=YES", "AUTODETECT_TYPE=YES", NULL};
    in = given ? given : GDALOpenEx(src, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, csv_opts, NULL);
    if (!in) {
        st = im_ctx_fail(ctx, IM_ERR_INPUT, "cannot read '%s' as a vector layer: %s", input,
                         cap.msg[0] ? cap.msg : "unknown format");
        goto done;
    }
    OGRLayerH layer = GDALDatasetGetLayer(in, 0);
    if (!layer) {
        st = im_ctx_fail(ctx, IM_ERR_INPUT, "'%s' has no layer", input);
        goto done;
    }
    fields fl = find_fields(layer);
    OGRFeatureH probe = OGR_L_GetNextFeature(layer);
    stats->empty_input = probe == NULL;
    OGR_F_Destroy(probe);
    OGR_L_ResetReading(layer);
    if (f->where && OGR_L_SetAttributeFilter(layer, f->where) != OGRERR_NONE) {
        st = im_ctx_fail(ctx, IM_ERR_USAGE_VALUE, "filter: --where '%s' is not valid OGR SQL: %s",
                         f->where, cap.msg[0] ? cap.msg : "rejected");
        goto done;
    }
    pushed = pushdown(f, layer, &fl);
    /* When the source took the pushed SQL, what it returns already meets the type test
       (the SQL is the stricter of the two) and, on a real Date field, the date test
       exactly: those C tests are skipped. Otherwise they run on every feature. */
    bool types_done = false, dates_done = false;
    if (pushed && OGR_L_SetAttributeFilter(layer, pushed) != OGRERR_NONE) {
        /* the source cannot take it: the exact tests in C still apply */
        OGR_L_SetAttributeFilter(layer, f->where);
    } else if (pushed) {
        types_done = f->types.n > 0;
        OGRFeatureDefnH dd = OGR_L_GetLayerDefn(layer);
        OGRFieldType dt = fl.date >= 0 ? OGR_Fld_GetType(OGR_FD_GetFieldDefn(dd, fl.date))
                                       : OFTString;
        dates_done = dt == OFTDate || dt == OFTDateTime;
    }
    cap.msg[0] = '\0';
    ct = im_to_wgs84(OGR_L_GetSpatialRef(layer));
    OGRFeatureDefnH in_defn = OGR_L_GetLayerDefn(layer);
    if (OGR_L_GetGeomType(layer) == wkbNone && OGR_FD_GetGeomFieldCount(in_defn) == 0) {
        st = im_ctx_fail(ctx, IM_ERR_INPUT, "filter: '%s' has no coordinates (no geometry, and no "
                         "latitude/longitude or lat/lon columns)", input);
        goto done;
    }
    if ((f->since != LONG_MIN || f->until != LONG_MAX) && fl.date < 0) {
        st = im_ctx_fail(ctx, IM_ERR_INPUT, "filter: --since/--until: '%s' has no event_date or date "
                         "field", input);
        goto done;
    }
    if (f->types.n && fl.type < 0 && fl.sub < 0 && fl.kind < 0) {
        st = im_ctx_fail(ctx, IM_ERR_INPUT, "filter: --type: '%s' has no event_type, sub_event_type or "
                         "kind field", input);
        goto done;
    }
    bool by_country = f->countries.n || f->admin1.n || areas_need_country(f) || opts->count;
    if (by_country && (st = resolve_criteria(ctx, f, &g)) != IM_OK)
        goto done;
    g.pl.gz = im_ctx_get_gazetteer(ctx);
    g.pl.country_field = -1;
    g.pl.admin1_field = -1;
    if (by_country && !(f->country_from && !strcmp(f->country_from, "polygon"))) {
        g.pl.country_field = places_country_field(in_defn, f->country_from);
        if (f->country_from && g.pl.country_field < 0) {
            st = im_ctx_fail(ctx, IM_ERR_USAGE_VALUE, "filter: --country-from '%s': '%s' has no such "
                             "field", f->country_from, input);
            goto done;
        }
        g.data = g.pl.country_field >= 0;
        if (g.data)
            g.pl.admin1_field = places_admin1_field(in_defn);
    }
    if ((opts->count || (areas_need_country(f) && !g.data)) &&
        (st = im_polyset_load(ctx, basemap, "countries", "iso2", NULL, 0, &g.countries)) != IM_OK)
        goto done;
    if (!g.data && g.iso2.n &&
        (st = im_polyset_load(ctx, basemap, "countries", "iso2", (const char *const *)g.iso2.items,
                              g.iso2.n, &g.selected)) != IM_OK)
        goto done;
    if (g.codes.n && !(g.data && g.pl.admin1_field >= 0) &&
        (st = im_polyset_load(ctx, basemap, "provinces", "code",
                              (const char *const *)g.codes.items, g.codes.n, &g.provinces)) !=
            IM_OK)
        goto done;
    if (!(g.data && g.pl.admin1_field >= 0) &&
        (st = load_area_provinces(ctx, f, basemap, &g)) != IM_OK)
        goto done;
    if (f->within && !f->within_ps &&
        (st = im_polyset_load(ctx, f->within, NULL, NULL, NULL, 0, &f->within_ps)) != IM_OK)
        goto done;

    /* read only the features that can pass: the source's spatial index does the rest
       (polygon tests only: the data's own coding may place a point elsewhere) */
    if (!ct) {
        double win[4] = {-180, -90, 180, 90}, b[4];
        bool narrowed = f->has_bbox;
        if (f->has_bbox)
            memcpy(win, f->bbox, sizeof win);
        const im_polyset *areas[3] = {g.selected, g.provinces, f->within_ps};
        double pad[3] = {f->coast_km, f->coast_km, f->buffer_km};
        for (int k = 0; k < 3; k++) {
            if (!areas[k] || !im_polyset_bounds(areas[k], b))
                continue;
            double d = pad[k] / 111.195 / 0.2; /* generous at high latitudes */
            win[0] = fmax(win[0], b[0] - d);
            win[1] = fmax(win[1], b[1] - pad[k] / 111.195);
            win[2] = fmin(win[2], b[2] + d);
            win[3] = fmin(win[3], b[3] + pad[k] / 111.195);
            narrowed = true;
        }
        if (narrowed && win[0] <= win[2] && win[1] <= win[3])
            OGR_L_SetSpatialFilterRect(layer, win[0], win[1], win[2], win[3]);
        else if (narrowed)
            OGR_L_SetSpatialFilterRect(layer, 0, 0, 0, 0); /* nothing can pass */
    }

    OGRLayerH out_layer = NULL;
    if (!opts->count) {
        const char *drv_name = im_output_driver(opts->format, opts->output);
        GDALDriverH drv = drv_name ? GDALGetDriverByName(drv_name) : NULL;
        if (!drv) {
            st = im_ctx_fail(ctx, IM_ERR_USAGE_VALUE,
                             "-f: cannot tell the output format of '%s' (use -f gpkg, geojson, "
                             "shp, kml, csv or fgb)", opts->format ? opts->format : opts->output);
            goto done;
        }
        bool to_stdout = !strcmp(opts->output, "-");
        bool pg = !strncmp(opts->output, "PG:", 3);
        shapefile = !strcmp(drv_name, "ESRI Shapefile");
        if (!to_stdout && !pg && !opts->overwrite && exists(opts->output, shapefile)) {
            st = im_ctx_fail(ctx, IM_ERR_IO_EXISTS, "'%s' exists (use --overwrite to replace it)",
                             opts->output);
            goto done;
        }
        if (shapefile && strlen(opts->output) > 4 &&
            strcasecmp(opts->output + strlen(opts->output) - 4, ".shp")) {
            st = im_ctx_fail(ctx, IM_ERR_USAGE_VALUE, "-o '%s': a shapefile output must end in .shp",
                             opts->output);
            goto done;
        }
        tmp = to_stdout ? im_xstrdup("/vsistdout/") : pg ? im_xstrdup(opts->output)
                                                        : im_out_temp_name(opts->output);
        /* the file is renamed into place only once complete, so SQLite need not sync
           every page of the temporary (ogr2ogr does the same for new files) */
        CPLSetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", "OFF");
        if (pg)
            out = GDALOpenEx(tmp, GDAL_OF_VECTOR | GDAL_OF_UPDATE, NULL, NULL, NULL);
        else
            out = GDALCreate(drv, tmp, 0, 0, 0, GDT_Unknown, NULL);
        if (!out) {
            st = im_ctx_fail(ctx, IM_ERR_IO, "cannot create '%s': %s", opts->output,
                             cap.msg[0] ? cap.msg : "driver refused");
            goto done;
        }
        OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL);
        OSRImportFromEPSG(wgs, 4326);
        OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
        /* GeoJSON: WGS 84 lon/lat with no crs member is RFC 7946 already; writing it
           without an SRS avoids the per-feature checks of GDAL's RFC7946 mode */
        char *lco_json[8] = {NULL};
        size_t n_json = 0;
        for (const char *const *o = im_layer_format_options(IM_FORMAT_GEOJSON);
             *o && n_json + 1 < sizeof lco_json / sizeof *lco_json; o++)
            if (strncmp(*o, "RFC7946=", 8))
                lco_json[n_json++] = (char *)*o;
        char *lco_pg[] = {"OVERWRITE=YES", NULL};
        bool json = !strcmp(drv_name, "GeoJSON");
        out_layer = GDALDatasetCreateLayer(out, OGR_L_GetName(layer), json ? NULL : wgs, wkbPoint,
                                           json                    ? lco_json
                                           : pg && opts->overwrite ? lco_pg
                                                                   : NULL);
        OSRDestroySpatialReference(wgs);
        OGRFeatureDefnH d = OGR_L_GetLayerDefn(layer);
        for (int i = 0; out_layer && i < OGR_FD_GetFieldCount(d); i++)
            OGR_L_CreateField(out_layer, OGR_FD_GetFieldDefn(d, i), TRUE);
        if (!out_layer) {
            st = im_ctx_fail(ctx, IM_ERR_GDAL, "cannot create a layer in '%s': %s", opts->output,
                             cap.msg[0] ? cap.msg : "driver refused");
            goto done;
        }
        GDALDatasetStartTransaction(out, FALSE);
        int nf = OGR_FD_GetFieldCount(d);
        field_map = im_xcalloc(nf ? (size_t)nf : 1, sizeof *field_map);
        OGRFeatureDefnH od = OGR_L_GetLayerDefn(out_layer);
        for (int i = 0; i < nf; i++)
            field_map[i] = OGR_FD_GetFieldIndex(od, OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, i)));
    }

    OGRFeatureH feat;
    OGR_L_ResetReading(layer);
    while ((feat = OGR_L_GetNextFeature(layer))) {
        stats->read++;
        if (opts->progress && stats->read % 65536 == 0)
            fprintf(opts->progress, "\rincmap: filter: %zu read, %zu kept", stats->read,
                    stats->kept);
        OGRGeometryH geom = OGR_F_GetGeometryRef(feat);
        OGRwkbGeometryType gt = geom ? wkbFlatten(OGR_G_GetGeometryType(geom)) : wkbUnknown;
        if (gt == wkbMultiPoint && OGR_G_GetGeometryCount(geom) > 0) {
            geom = OGR_G_GetGeometryRef(geom, 0);
            gt = wkbPoint;
        }
        if (gt != wkbPoint || OGR_G_IsEmpty(geom)) {
            stats->skipped_no_point++;
            OGR_F_Destroy(feat);
            continue;
        }
        double x = OGR_G_GetX(geom, 0), y = OGR_G_GetY(geom, 0), z = 0;
        if (ct && !OCTTransform(ct, 1, &x, &y, &z)) {
            stats->skipped_no_point++;
            OGR_F_Destroy(feat);
            continue;
        }
        bool keep = true;
        if (f->has_bbox)
            keep = x >= f->bbox[0] && x <= f->bbox[2] && y >= f->bbox[1] && y <= f->bbox[3];
        keep = keep && (dates_done || date_ok(f, feat, fl.date, stats)) &&
               (types_done || type_ok(f, feat, &fl));
        if (keep && f->min_fatalities >= 0)
            keep = fl.fatal >= 0 && OGR_F_IsFieldSetAndNotNull(feat, fl.fatal) &&
                   OGR_F_GetFieldAsInteger64(feat, fl.fatal) >= f->min_fatalities;
        const char *iso2 = "";
        if (keep && g.data) {
            iso2 = places_data_country(&g.pl, feat);
            if (g.iso2.n && !strlist_has(&g.iso2, iso2))
                keep = false;
        } else if (keep && g.selected) {
            int c = im_polyset_locate(g.selected, x, y, 0);
            /* at sea near a selected coast: kept unless it is on another country's land */
            if (c < 0 && f->coast_km > 0 && im_polyset_locate(g.selected, x, y, f->coast_km) >= 0) {
                if (!g.countries &&
                    (st = im_polyset_load(ctx, basemap, "countries", "iso2", NULL, 0,
                                          &g.countries)) != IM_OK) {
                    OGR_F_Destroy(feat);
                    goto done;
                }
                if (im_polyset_locate(g.countries, x, y, 0) < 0)
                    c = 0;
            }
            keep = c >= 0;
            if (keep)
                iso2 = im_polyset_key(g.selected, c);
        }
        if (keep && !g.data && g.countries && (!g.selected || opts->count || f->n_areas)) {
            int c = im_polyset_locate(g.countries, x, y, f->coast_km);
            if (c >= 0 || !g.selected)
                iso2 = c >= 0 ? im_polyset_key(g.countries, c) : "";
        }
        if (keep && f->n_areas)
            keep = in_areas(f, &g, feat, iso2, x, y);
        if (keep && g.codes.n && g.data && g.pl.admin1_field >= 0)
            keep = strlist_has(&g.codes, places_data_admin1(&g.pl, feat, iso2));
        if (keep && g.provinces)
            keep = im_polyset_locate(g.provinces, x, y, f->coast_km) >= 0;
        if (keep && f->within_ps)
            keep = im_polyset_locate(f->within_ps, x, y, f->buffer_km) >= 0;
        if (keep) {
            stats->kept++;
            if (opts->count) {
                count_key(&t_country, iso2[0] ? iso2 : "(none)");
                count_key(&t_type, fl.type >= 0 ? OGR_F_GetFieldAsString(feat, fl.type) : "");
                size_t nr;
                const im_region *rs = im_regions_all(&nr);
                for (size_t r = 0; r < nr; r++)
                    if (strcmp(rs[r].countries, "*") && im_region_has_country(&rs[r], iso2))
                        count_key(&t_region, rs[r].name);
            } else {
                OGRFeatureH o = OGR_F_Create(OGR_L_GetLayerDefn(out_layer));
                OGR_F_SetFromWithMap(o, feat, TRUE, field_map);
                OGRGeometryH pt = OGR_G_CreateGeometry(wkbPoint);
                OGR_G_SetPoint_2D(pt, 0, x, y);
                OGR_F_SetGeometryDirectly(o, pt);
                OGRErr e = OGR_L_CreateFeature(out_layer, o);
                OGR_F_Destroy(o);
                if (e != OGRERR_NONE) {
                    OGR_F_Destroy(feat);
                    st = im_ctx_fail(ctx, IM_ERR_GDAL, "cannot write to '%s': %s", opts->output,
                                     cap.msg[0] ? cap.msg : "feature refused");
                    goto done;
                }
            }
        }
        OGR_F_Destroy(feat);
    }
    if (opts->progress && stats->read >= 65536)
        fprintf(opts->progress, "\rincmap: filter: %zu read, %zu kept\n", stats->read, stats->kept);
    if (cap.msg[0]) {
        st = im_ctx_fail(ctx, IM_ERR_INPUT, "error while reading '%s': %s", input, cap.msg);
        goto done;
    }
    if (stats->bad_dates && !stats->good_dates && !dates_done) {
        st = im_ctx_fail(ctx, IM_ERR_INPUT, "filter: --since/--until: no date of field '%s' in '%s' "
                         "parses (e.g. '%s')",
                         OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(in_defn, fl.date)), input,
                         stats->bad_date);
        goto done;
    }
    stats->unknown_countries = g.pl.unknown_countries;
    if (opts->count) {
        FILE *co = opts->count_out ? opts->count_out : stdout;
        fprintf(co, "total\tall\t%zu\n", stats->kept);
        print_tally(co, "region", &t_region);
        print_tally(co, "country", &t_country);
        print_tally(co, "type", &t_type);
        t_region.items = t_country.items = t_type.items = NULL;
    } else {
        GDALDatasetCommitTransaction(out);
        GDALClose(out);
        out = NULL;
        if (cap.msg[0]) {
            st = im_ctx_fail(ctx, IM_ERR_IO, "cannot finish '%s': %s", opts->output, cap.msg);
            goto done;
        }
        if (strcmp(tmp, "/vsistdout/") && strncmp(tmp, "PG:", 3)) {
            if (!publish(tmp, opts->output, shapefile)) {
                st = im_ctx_fail(ctx, IM_ERR_IO, "cannot rename into '%s': %s", opts->output,
                                 strerror(errno));
                goto done;
            }
        }
    }
done:
    if (out)
        GDALClose(out);
    CPLSetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", NULL);
    if (st != IM_OK && tmp && strcmp(tmp, "/vsistdout/") && strncmp(tmp, "PG:", 3))
        discard(tmp, shapefile);
    free(tmp);
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    if (in)
        GDALClose(in);
    im_polyset_destroy(g.countries);
    im_polyset_destroy(g.provinces);
    im_polyset_destroy(g.selected);
    free(field_map);
    free(pushed);
    im_polyset_destroy(g.area_provs);
    places_free(&g.pl);
    strlist_clear(&g.iso2);
    strlist_clear(&g.codes);
    free(t_region.items);
    free(t_country.items);
    free(t_type.items);
    im_gdal_capture_end(&cap);
    return st;
}

im_status im_filter_run(im_ctx *ctx, im_filter *f, const char *input, const char *basemap,
                        const im_filter_run_opts *opts, im_filter_stats *stats)
{
    return run(ctx, f, NULL, input, basemap, opts, stats);
}

im_status im_filter_run_incidents(im_ctx *ctx, im_filter *f, const im_incident_set *incidents,
                                  const char *name, const char *basemap,
                                  const im_filter_run_opts *opts, im_filter_stats *stats)
{
    memset(stats, 0, sizeof *stats);
    GDALDatasetH mem = NULL;
    im_status st = im_layers_memory(ctx, incidents, &mem);
    return st == IM_OK ? run(ctx, f, mem, name, basemap, opts, stats) : st;
}
