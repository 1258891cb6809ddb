/* Streaming a point layer through the filter (see filter.h): one feature at a time
 * from any OGR source to any OGR destination (or to a tally), so memory stays flat
 * however large the input. Countries are located once per point in the basemap; the
 * output goes to a temporary name beside the target and is renamed when complete. */
#include "incmap/filter.h"
#include "incmap/alloc.h"
#include "incmap/regions.h"
#include "filter_internal.h"
#include "filter_private.h"

#include <errno.h>
#include <gdal.h>
#include <ogr_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct alias {
    const char *name, *driver, *ext;
} aliases[] = {
    {"gpkg", "GPKG", ".gpkg"},          {"geopackage", "GPKG", NULL},
    {"geojson", "GeoJSON", ".geojson"}, {"json", "GeoJSON", ".json"},
    {"shp", "ESRI Shapefile", ".shp"},  {"shapefile", "ESRI Shapefile", NULL},
    {"kml", "KML", ".kml"},             {"csv", "CSV", ".csv"},
    {"fgb", "FlatGeobuf", ".fgb"},      {"flatgeobuf", "FlatGeobuf", NULL},
    {"geojsonseq", "GeoJSONSeq", ".geojsonl"},
};

const char *im_output_driver(const char *format, const char *path)
{
    if (path && !strncmp(path, "PG:", 3))
        return "PostgreSQL";
    if (path && !strcmp(path, "-"))
        return format && strcasecmp(format, "geojson") ? NULL : "GeoJSON";
    if (format) {
        if (!strncmp(format, "PG", 2) || !strcasecmp(format, "postgis"))
            return "PostgreSQL";
        for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
            if (!strcasecmp(format, aliases[i].name) || !strcasecmp(format, aliases[i].driver))
                return aliases[i].driver;
        return NULL;
    }
    const char *dot = path ? strrchr(path, '.') : NULL;
    for (size_t i = 0; dot && i < sizeof aliases / sizeof aliases[0]; i++)
        if (aliases[i].ext && !strcasecmp(dot, aliases[i].ext))
            return aliases[i].driver;
    return NULL;
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
    im_polyset *countries, *provinces;
} geo;

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

/* "dir/x.gpkg" → "dir/x.tmp-123.gpkg" */
static char *temp_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(path, '.');
    if (!dot || (slash && dot < slash))
        return im_xasprintf("%s.tmp-%ld", path, (long)getpid());
    return im_xasprintf("%.*s.tmp-%ld%s", (int)(dot - path), path, (long)getpid(), dot);
}

static const char *const shp_sidecars[] = {".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix",
                                           NULL};

/* Move a finished temporary output into place (all sidecars for a shapefile). */
static bool publish(const char *tmp, const char *path, bool shapefile)
{
    if (!shapefile)
        return rename(tmp, path) == 0;
    size_t tl = strlen(tmp) - 4, pl = strlen(path) - 4;
    bool ok = true;
    for (const char *const *s = shp_sidecars; *s; s++) {
        char *a = im_xasprintf("%.*s%s", (int)tl, tmp, *s);
        char *b = im_xasprintf("%.*s%s", (int)pl, path, *s);
        if (access(a, F_OK) == 0 && rename(a, b) != 0)
            ok = false;
        free(a);
        free(b);
    }
    return ok;
}

static void discard(const char *tmp, bool shapefile)
{
    if (!shapefile) {
        unlink(tmp);
        return;
    }
    size_t tl = strlen(tmp) - 4;
    for (const char *const *s = shp_sidecars; *s; s++) {
        char *a = im_xasprintf("%.*s%s", (int)tl, tmp, *s);
        unlink(a);
        free(a);
    }
}

static bool exists(const char *path, bool shapefile)
{
    struct stat st;
    if (stat(path, &st) == 0)
        return true;
    (void)shapefile;
    return false;
}

im_status im_filter_run(im_ctx *ctx, im_filter *f, const char *input, const char *basemap,
                        const im_filter_run_opts *opts, im_filter_stats *stats)
{
    memset(stats, 0, sizeof *stats);
    GDALAllRegister();
    im_gdal_capture cap;
    im_gdal_capture_begin(&cap);
    im_status st = IM_OK;
    GDALDatasetH in = NULL, out = NULL;
    OGRCoordinateTransformationH ct = NULL;
    geo g = {NULL, NULL};
    char *tmp = NULL;
    bool shapefile = false;
    tallies t_region = {0}, t_country = {0}, t_type = {0};
    strlist codes = {0};

    const char *src = strcmp(input, "-") ? input : "/vsistdin/";
    const char *const csv_opts[] = {"X_POSSIBLE_NAMES=lon,longitude,LONGITUDE,x",
                                    "Y_POSSIBLE_NAMES=lat,latitude,LATITUDE,y",
                                    "KEEP_GEOM_COLUMNS=YES", "AUTODETECT_TYPE=YES", NULL};
    in = GDALOpenEx(src, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, csv_opts, NULL);
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
    if (f->where && OGR_L_SetAttributeFilter(layer, f->where) != OGRERR_NONE) {
        st = im_ctx_fail(ctx, IM_ERR_USAGE_VALUE, "filter: --where '%s' is not valid OGR SQL: %s",
                         f->where, cap.msg[0] ? cap.msg : "rejected");
        goto done;
    }
    cap.msg[0] = '\0';
    ct = im_to_wgs84(OGR_L_GetSpatialRef(layer));
    if (f->has_bbox && !ct)
        OGR_L_SetSpatialFilterRect(layer, f->bbox[0], f->bbox[1], f->bbox[2], f->bbox[3]);
    bool need_country = f->countries.n || f->regions.n || opts->count;
    if (need_country &&
        (st = im_polyset_load(ctx, basemap, "countries", "iso2", NULL, 0, &g.countries)) != IM_OK)
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
                                                        : temp_name(opts->output);
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
        char *lco_json[] = {"RFC7946=YES", NULL};
        char *lco_pg[] = {"OVERWRITE=YES", NULL};
        out_layer = GDALDatasetCreateLayer(out, OGR_L_GetName(layer), wgs, wkbPoint,
                                           !strcmp(drv_name, "GeoJSON") ? lco_json
                                           : pg && opts->overwrite      ? lco_pg
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
    }

    fields fl = find_fields(layer);
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
        keep = keep && date_ok(f, feat, fl.date) && type_ok(f, feat, &fl);
        if (keep && f->min_fatalities >= 0)
            keep = fl.fatal >= 0 && OGR_F_IsFieldSetAndNotNull(feat, fl.fatal) &&
                   OGR_F_GetFieldAsInteger64(feat, fl.fatal) >= f->min_fatalities;
        const char *iso2 = "";
        if (keep && g.countries) {
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
                OGR_F_SetFrom(o, feat, TRUE);
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
    if (st != IM_OK && tmp && strcmp(tmp, "/vsistdout/") && strncmp(tmp, "PG:", 3))
        discard(tmp, shapefile);
    free(tmp);
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    if (in)
        GDALClose(in);
    im_polyset_destroy(g.countries);
    im_polyset_destroy(g.provinces);
    free(t_region.items);
    free(t_country.items);
    free(t_type.items);
    for (size_t i = 0; i < codes.n; i++)
        free(codes.items[i]);
    free(codes.items);
    im_gdal_capture_end(&cap);
    return st;
}
