/* Streaming a point layer through the filter (see filter.h): one feature at a time
 * from any OGR source to any OGR destination (or to a tally), so memory stays flat
 * however large the input. Countries are located once per point in the basemap; the
 * output goes to a temporary name beside the target and is renamed when complete. */
#include "incmap/filter.h"
#include "incmap/alloc.h"
#include "incmap/layer_write.h"
#include "incmap/outfile.h"
#include "incmap/regions.h"
#include "filter_internal.h"
#include "filter_private.h"
#include "src/layers/layers_mem.h"

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

/* The formats are layer_write.h's one table; "-" is GeoJSON only. */
const char *im_output_driver(const char *format, const char *path)
{
    im_layer_format fmt;
    if (path && !strcmp(path, "-") && format && !im_layer_format_lookup(format, NULL, &fmt))
        return NULL;
    if (!im_layer_format_lookup(format, path, &fmt))
        return NULL;
    if (path && !strcmp(path, "-") && fmt != IM_FORMAT_GEOJSON)
        return NULL;
    return im_layer_format_driver(fmt);
}

typedef struct fields {
    int date, type, sub, kind, fatal;
} fields;

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

typedef struct tally {
    char key[64];
    size_t n;
} tally;

typedef struct tallies {
    tally *items;
    size_t n, cap;
} tallies;

static void count_key(tallies *t, const char *key)
{
    for (size_t i = 0; i < t->n; i++) {
        if (!strcmp(t->items[i].key, key)) {
            t->items[i].n++;
            return;
        }
    }
    t->items = im_xgrow(t->items, &t->cap, t->n + 1, sizeof *t->items);
    snprintf(t->items[t->n].key, sizeof t->items[t->n].key, "%s", key);
    t->items[t->n++].n = 1;
}

static int by_count(const void *a, const void *b)
{
    const tally *x = a, *y = b;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return strcmp(x->key, y->key);
}

static void print_tally(FILE *out, const char *what, tallies *t)
{
    if (t->n > 1)
        qsort(t->items, t->n, sizeof *t->items, by_count);
    for (size_t i = 0; i < t->n; i++)
        fprintf(out, "%s\t%s\t%zu\n", what, t->items[i].key, t->items[i].n);
    free(t->items);
}

/* Does the feature's date interval meet the filter's? */
static bool date_ok(const im_filter *f, OGRFeatureH feat, int idx)
{
    if (f->since == LONG_MIN && f->until == LONG_MAX)
        return true;
    if (idx < 0 || !OGR_F_IsFieldSetAndNotNull(feat, idx))
        return false;
    long a, b;
    if (!im_parse_date_range(OGR_F_GetFieldAsString(feat, idx), &a, &b))
        return false;
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
    im_polyset *countries, *provinces, *selected;
} geo;

/* The countries a point must be in: --country, the union of --region, or both
 * (intersected). False when no country criterion applies. */
static bool selected_countries(const im_filter *f, strlist *out)
{
    bool any_region = false, world = false;
    strlist from_regions = {0};
    for (size_t r = 0; r < f->regions.n; r++) {
        const im_region *reg = im_region_find(f->regions.items[r]);
        if (!reg)
            continue;
        any_region = true;
        if (!strcmp(reg->countries, "*")) {
            world = true;
            continue;
        }
        for (const char *p = reg->countries; *p; p += p[2] ? 3 : 2) {
            char code[3] = {p[0], p[1], 0};
            if (!strlist_has(&from_regions, code))
                strlist_add(&from_regions, code);
            if (!p[2])
                break;
        }
    }
    bool region_limits = any_region && !world;
    if (f->countries.n) {
        for (size_t i = 0; i < f->countries.n; i++)
            if (!region_limits || strlist_has(&from_regions, f->countries.items[i]))
                strlist_add(out, f->countries.items[i]);
    } else if (region_limits) {
        for (size_t i = 0; i < from_regions.n; i++)
            strlist_add(out, from_regions.items[i]);
    }
    for (size_t i = 0; i < from_regions.n; i++)
        free(from_regions.items[i]);
    free(from_regions.items);
    return f->countries.n || region_limits;
}

/* Append "<expr>" to an SQL conjunction. */
static void sql_and(char **sql, const char *expr)
{
    char *n = *sql ? im_xasprintf("%s AND %s", *sql, expr) : im_xstrdup(expr);
    free(*sql);
    *sql = n;
}

/* A string literal with every quote doubled: no value can end the literal. */
static char *sql_quote(const char *v)
{
    size_t n = 0;
    for (const char *p = v; *p; p++)
        n += *p == '\'' ? 2 : 1;
    char *out = im_xmalloc(n + 3), *o = out;
    *o++ = '\'';
    for (const char *p = v; *p; p++) {
        if (*p == '\'')
            *o++ = '\'';
        *o++ = *p;
    }
    *o++ = '\'';
    *o = '\0';
    return out;
}

/* Criteria the data source can evaluate itself (SQLite for a GeoPackage) so rejected
 * rows never become OGR features. Each is a superset of the exact test in C, which
 * still runs on every feature: types in their usual capitalisations, dates only on
 * real Date fields, fatalities as a number. */
static char *pushdown(const im_filter *f, OGRLayerH layer, const fields *fl)
{
    char *sql = NULL;
    if (f->where) {
        char *w = im_xasprintf("(%s)", f->where);
        sql_and(&sql, w);
        free(w);
    }
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(layer);
    if (f->types.n) {
        char *any = NULL;
        int idx[3] = {fl->type, fl->sub, fl->kind};
        for (int k = 0; k < 3; k++) {
            if (idx[k] < 0)
                continue;
            const char *name = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, idx[k]));
            for (size_t i = 0; i < f->types.n; i++) {
                char lower[128], upper[128], title[128];
                snprintf(lower, sizeof lower, "%s", f->types.items[i]);
                for (char *c = lower; *c; c++)
                    *c = (char)tolower((unsigned char)*c);
                snprintf(upper, sizeof upper, "%s", lower);
                for (char *c = upper; *c; c++)
                    *c = (char)toupper((unsigned char)*c);
                snprintf(title, sizeof title, "%s", lower);
                title[0] = (char)toupper((unsigned char)title[0]);
                const char *forms[] = {f->types.items[i], lower, upper, title};
                for (int v = 0; v < 4; v++) {
                    char *q = sql_quote(forms[v]);
                    char *e = im_xasprintf("\"%s\" = %s", name, q);
                    char *n = any ? im_xasprintf("%s OR %s", any, e) : im_xstrdup(e);
                    free(any);
                    any = n;
                    free(e);
                    free(q);
                }
            }
        }
        if (any) {
            char *e = im_xasprintf("(%s)", any);
            sql_and(&sql, e);
            free(e);
            free(any);
        }
    }
    if (f->min_fatalities >= 0 && fl->fatal >= 0) {
        OGRFieldType t = OGR_Fld_GetType(OGR_FD_GetFieldDefn(d, fl->fatal));
        if (t == OFTInteger || t == OFTInteger64 || t == OFTReal) {
            char *e = im_xasprintf("\"%s\" >= %ld",
                                   OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, fl->fatal)),
                                   f->min_fatalities);
            sql_and(&sql, e);
            free(e);
        }
    }
    if (fl->date >= 0 && (f->since != LONG_MIN || f->until != LONG_MAX)) {
        OGRFieldType t = OGR_Fld_GetType(OGR_FD_GetFieldDefn(d, fl->date));
        const char *name = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, fl->date));
        if (t == OFTDate || t == OFTDateTime) {
            char buf[16];
            if (f->since != LONG_MIN) {
                civil_from_days(f->since, buf);
                char *e = im_xasprintf("\"%s\" >= '%s'", name, buf);
                sql_and(&sql, e);
                free(e);
            }
            if (f->until != LONG_MAX) {
                civil_from_days(f->until + 1, buf);
                char *e = im_xasprintf("\"%s\" < '%s'", name, buf);
                sql_and(&sql, e);
                free(e);
            }
        }
    }
    return sql;
}

/* Codes of the requested provinces: each value may be a GeoNames code (AF.18) or a
 * name, matched against the basemap's provinces layer. */
static void admin1_codes(const char *basemap, const strlist *wanted, strlist *codes)
{
    GDALDatasetH ds = GDALOpenEx(basemap, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    OGRLayerH l = ds ? GDALDatasetGetLayerByName(ds, "provinces") : NULL;
    if (l) {
        OGRFeatureDefnH d = OGR_L_GetLayerDefn(l);
        int ic = OGR_FD_GetFieldIndex(d, "code"), in = OGR_FD_GetFieldIndex(d, "name");
        OGRFeatureH feat;
        OGR_L_ResetReading(l);
        OGR_L_SetIgnoredFields(l, (const char *[]){"OGR_GEOMETRY", NULL});
        while (ic >= 0 && in >= 0 && (feat = OGR_L_GetNextFeature(l))) {
            const char *code = OGR_F_GetFieldAsString(feat, ic);
            if (code[0] && (strlist_has(wanted, code) ||
                            strlist_has(wanted, OGR_F_GetFieldAsString(feat, in))) &&
                !strlist_has(codes, code))
                strlist_add(codes, code);
            OGR_F_Destroy(feat);
        }
    }
    if (ds)
        GDALClose(ds);
}

/* A Shapefile is published and discarded with its sidecars. */
static const char *const shp_sidecars[] = {".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix",
                                           NULL};

static bool exists(const char *path, bool shapefile)
{
    struct stat st;
    if (stat(path, &st) == 0)
        return true;
    (void)shapefile;
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
    geo g = {NULL, NULL, NULL};
    char *tmp = NULL;
    bool shapefile = false;
    tallies t_region = {0}, t_country = {0}, t_type = {0};
    strlist codes = {0}, sel = {0};
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
    bool limits = selected_countries(f, &sel);
    if (opts->count &&
        (st = im_polyset_load(ctx, basemap, "countries", "iso2", NULL, 0, &g.countries)) != IM_OK)
        goto done;
    if (!opts->count && limits &&
        (st = im_polyset_load(ctx, basemap, "countries", "iso2", (const char *const *)sel.items,
                              sel.n, &g.selected)) != IM_OK)
        goto done;
    if (f->admin1.n) {
        admin1_codes(basemap, &f->admin1, &codes);
        if (!codes.n) {
            st = im_ctx_fail(ctx, IM_ERR_USAGE_VALUE, "--admin1 '%s' matches no province name "
                             "or code (e.g. 'Nangarhar' or 'AF.18')", f->admin1.items[0]);
            goto done;
        }
        st = im_polyset_load(ctx, basemap, "provinces", "code", (const char *const *)codes.items,
                             codes.n, &g.provinces);
        if (st != IM_OK)
            goto done;
    }
    if (f->within && !f->within_ps &&
        (st = im_polyset_load(ctx, f->within, NULL, NULL, NULL, 0, &f->within_ps)) != IM_OK)
        goto done;

    /* read only the features that can pass: the source's spatial index does the rest */
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
        if (limits && !g.selected)
            narrowed = false;
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
        /* GeoJSON takes the format table's options (its precision), as the layer
           writers do, but not GDAL's RFC7946 mode: WGS 84 lon/lat points without a crs
           member are RFC 7946 already, and that mode's per-feature reprojection step
           costs time (and in GDAL 3.6 leaks a point per feature). Other formats keep
           GDAL's defaults, since the filter passes someone else's schema through (a CSV
           stays without a WKT column). */
        char *lco_pg[] = {"OVERWRITE=YES", NULL};
        char *lco_json[8] = {NULL};
        size_t n_json = 0;
        for (const char *const *o = im_layer_format_options(IM_FORMAT_GEOJSON);
             *o && n_json + 1 < sizeof lco_json / sizeof *lco_json; o++)
            if (strncmp(*o, "RFC7946=", 8))
                lco_json[n_json++] = (char *)*o;
        bool json = !strcmp(drv_name, "GeoJSON");
        char **lco = json ? lco_json : pg && opts->overwrite ? lco_pg : NULL;
        out_layer = GDALDatasetCreateLayer(out, OGR_L_GetName(layer), json ? NULL : wgs, wkbPoint,
                                           lco);
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
        keep = keep && (dates_done || date_ok(f, feat, fl.date)) &&
               (types_done || type_ok(f, feat, &fl));
        if (keep && f->min_fatalities >= 0)
            keep = fl.fatal >= 0 && OGR_F_IsFieldSetAndNotNull(feat, fl.fatal) &&
                   OGR_F_GetFieldAsInteger64(feat, fl.fatal) >= f->min_fatalities;
        const char *iso2 = "";
        if (keep && g.selected) {
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
        } else if (keep && g.countries) {
            int c = im_polyset_locate(g.countries, x, y, f->coast_km);
            iso2 = im_polyset_key(g.countries, c);
            if (f->countries.n && !strlist_has(&f->countries, iso2))
                keep = false;
            if (keep && f->regions.n) {
                bool in_region = false;
                for (size_t r = 0; r < f->regions.n && !in_region; r++)
                    in_region = c >= 0 && im_region_has_country(im_region_find(f->regions.items[r]),
                                                                iso2);
                keep = in_region;
            }
        }
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
            if (!im_out_publish(tmp, opts->output, shapefile ? shp_sidecars : NULL)) {
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
        im_out_discard(tmp, shapefile ? shp_sidecars : NULL);
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
    for (size_t i = 0; i < sel.n; i++)
        free(sel.items[i]);
    free(sel.items);
    free(t_region.items);
    free(t_country.items);
    free(t_type.items);
    for (size_t i = 0; i < codes.n; i++)
        free(codes.items[i]);
    free(codes.items);
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
