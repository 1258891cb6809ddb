/* GeoJSON layer writing through OGR (see layer_write.h). Field names follow DESIGN.md
 * (≤ 10 characters, ACLED vocabulary); unknown numbers are written as JSON null, never
 * as -1. GDAL errors are captured for the duration of a write and reported on the
 * context with the file name. */
#include "incmap/layer_write.h"
#include "incmap/alloc.h"

#include <cpl_error.h>
#include <errno.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct capture {
    char msg[512];
} capture;

static void CPL_STDCALL on_gdal_error(CPLErr level, CPLErrorNum num, const char *msg)
{
    (void)num;
    capture *c = CPLGetErrorHandlerUserData();
    if (c && level >= CE_Failure && !c->msg[0])
        snprintf(c->msg, sizeof c->msg, "%s", msg);
}

typedef enum { F_STR, F_INT, F_REAL } ftype;
typedef struct field {
    const char *name;
    ftype type;
} field;

static const field incident_fields[] = {
    {"event_id", F_STR},   {"event_date", F_STR}, {"year", F_INT},      {"time_prec", F_INT},
    {"event_type", F_STR}, {"sub_type", F_STR},   {"kind", F_STR},      {"actor1", F_STR},
    {"actor2", F_STR},     {"assoc_act1", F_STR}, {"country", F_STR},   {"iso2", F_STR},
    {"admin1", F_STR},     {"admin2", F_STR},     {"location", F_STR},  {"latitude", F_REAL},
    {"longitude", F_REAL}, {"geo_prec", F_INT},   {"fatalities", F_INT}, {"injuries", F_INT},
    {"notes", F_STR},      {"source", F_STR},     {"place_txt", F_STR}, {"geonameid", F_INT},
    {"geo_conf", F_REAL},  {"doc_id", F_STR},     {"para", F_INT},      {"span_start", F_INT},
    {"span_end", F_INT},   {"region", F_STR},
};

static const field place_fields[] = {
    {"name", F_STR},     {"kind", F_STR},      {"iso2", F_STR},      {"admin1", F_STR},
    {"latitude", F_REAL}, {"longitude", F_REAL}, {"geonameid", F_INT}, {"mentions", F_INT},
    {"geo_conf", F_REAL}, {"surfaces", F_STR},  {"evidence", F_STR},  {"doc_id", F_STR},
};

static const field link_fields[] = {
    {"kind", F_STR}, {"from_name", F_STR}, {"to_name", F_STR}, {"event_id", F_STR},
    {"evidence", F_STR},
};

static OGRLayerH create_layer(GDALDatasetH ds, const char *name, OGRwkbGeometryType geom,
                              const field *fields, size_t n)
{
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(srs, 4326);
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    char *opts[] = {"RFC7946=YES", "COORDINATE_PRECISION=6", "WRITE_BBOX=NO", NULL};
    OGRLayerH layer = GDALDatasetCreateLayer(ds, name, srs, geom, opts);
    OSRDestroySpatialReference(srs);
    if (!layer)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        OGRFieldDefnH fd = OGR_Fld_Create(fields[i].name, fields[i].type == F_STR ? OFTString
                                                          : fields[i].type == F_INT ? OFTInteger
                                                                                    : OFTReal);
        OGRErr err = OGR_L_CreateField(layer, fd, TRUE);
        OGR_Fld_Destroy(fd);
        if (err != OGRERR_NONE)
            return NULL;
    }
    return layer;
}

static void set_str(OGRFeatureH f, const char *name, const char *v)
{
    int i = OGR_F_GetFieldIndex(f, name);
    if (i >= 0)
        OGR_F_SetFieldString(f, i, v ? v : "");
}

static void set_int(OGRFeatureH f, const char *name, long v, bool known)
{
    int i = OGR_F_GetFieldIndex(f, name);
    if (i < 0)
        return;
    if (known)
        OGR_F_SetFieldInteger(f, i, (int)v);
    else
        OGR_F_SetFieldNull(f, i);
}

static void set_real(OGRFeatureH f, const char *name, double v)
{
    int i = OGR_F_GetFieldIndex(f, name);
    if (i >= 0)
        OGR_F_SetFieldDouble(f, i, v);
}

static bool put(OGRLayerH layer, OGRFeatureH f, OGRGeometryH g)
{
    if (g)
        OGR_F_SetGeometryDirectly(f, g);
    bool ok = OGR_L_CreateFeature(layer, f) == OGRERR_NONE;
    OGR_F_Destroy(f);
    return ok;
}

static bool write_incidents(OGRLayerH layer, const im_incident_set *set)
{
    for (size_t i = 0; set && i < set->n; i++) {
        const im_incident *inc = &set->items[i];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
        set_str(f, "event_id", inc->event_id);
        set_str(f, "event_date", inc->event_date);
        set_int(f, "year", inc->year, inc->year > 0);
        set_int(f, "time_prec", inc->time_prec, true);
        set_str(f, "event_type", inc->event_type);
        set_str(f, "sub_type", inc->sub_type);
        set_str(f, "kind", inc->kind);
        set_str(f, "actor1", inc->actor1);
        set_str(f, "actor2", inc->actor2);
        set_str(f, "assoc_act1", inc->assoc_act1);
        set_str(f, "country", inc->country);
        set_str(f, "iso2", inc->iso2);
        set_str(f, "admin1", inc->admin1);
        set_str(f, "admin2", inc->admin2);
        set_str(f, "location", inc->location);
        set_real(f, "latitude", inc->latitude);
        set_real(f, "longitude", inc->longitude);
        set_int(f, "geo_prec", inc->geo_prec, true);
        set_int(f, "fatalities", inc->fatalities, inc->fatalities != IM_UNKNOWN);
        set_int(f, "injuries", inc->injuries, inc->injuries != IM_UNKNOWN);
        set_str(f, "notes", inc->notes);
        set_str(f, "source", inc->source);
        set_str(f, "place_txt", inc->place_txt);
        set_int(f, "geonameid", (long)inc->geonameid, inc->geonameid != 0);
        set_real(f, "geo_conf", inc->geo_conf);
        set_str(f, "doc_id", inc->doc_id);
        set_int(f, "para", inc->para, inc->para > 0);
        set_int(f, "span_start", inc->span_start, true);
        set_int(f, "span_end", inc->span_end, true);
        set_str(f, "region", inc->region);
        OGRGeometryH g = NULL;
        if (inc->has_coords) {
            g = OGR_G_CreateGeometry(wkbPoint);
            OGR_G_SetPoint_2D(g, 0, inc->longitude, inc->latitude);
        }
        if (!put(layer, f, g))
            return false;
    }
    return true;
}

static bool write_places(OGRLayerH layer, const im_place_rows *rows)
{
    for (size_t i = 0; rows && i < rows->n; i++) {
        const im_place_row *r = &rows->items[i];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
        set_str(f, "name", r->name);
        set_str(f, "kind", r->kind);
        set_str(f, "iso2", r->iso2);
        set_str(f, "admin1", r->admin1);
        set_real(f, "latitude", r->latitude);
        set_real(f, "longitude", r->longitude);
        set_int(f, "geonameid", (long)r->geonameid, r->geonameid != 0);
        set_int(f, "mentions", r->mentions, true);
        set_real(f, "geo_conf", r->confidence);
        set_str(f, "surfaces", r->surfaces);
        set_str(f, "evidence", r->evidence);
        set_str(f, "doc_id", r->doc_id);
        OGRGeometryH g = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_SetPoint_2D(g, 0, r->longitude, r->latitude);
        if (!put(layer, f, g))
            return false;
    }
    return true;
}

static bool write_links(OGRLayerH layer, const im_link_set *links)
{
    for (size_t i = 0; links && i < links->n; i++) {
        const im_link *l = &links->items[i];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
        set_str(f, "kind", l->kind);
        set_str(f, "from_name", l->from_name);
        set_str(f, "to_name", l->to_name);
        set_str(f, "event_id", l->event_id);
        set_str(f, "evidence", l->evidence);
        OGRGeometryH g = OGR_G_CreateGeometry(wkbLineString);
        OGR_G_AddPoint_2D(g, l->from_lon, l->from_lat);
        OGR_G_AddPoint_2D(g, l->to_lon, l->to_lat);
        if (!put(layer, f, g))
            return false;
    }
    return true;
}

typedef enum { L_INCIDENTS, L_PLACES, L_LINKS } which;

/* Write one layer into `path` (a temporary name; the caller renames). */
static im_status write_one(im_ctx *ctx, const char *path, const char *shown, which w,
                           const im_incident_set *inc, const im_place_rows *places,
                           const im_link_set *links)
{
    capture cap = {""};
    CPLPushErrorHandlerEx(on_gdal_error, &cap);
    GDALDriverH drv = GDALGetDriverByName("GeoJSON");
    GDALDatasetH ds = drv ? GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL) : NULL;
    im_status st = IM_OK;
    if (!ds) {
        st = im_ctx_fail(ctx, IM_ERR_IO, "cannot create '%s': %s", shown,
                         cap.msg[0] ? cap.msg : "GeoJSON driver unavailable");
        goto done;
    }
    OGRLayerH layer = NULL;
    bool ok = false;
    if (w == L_INCIDENTS) {
        layer = create_layer(ds, "incidents", wkbPoint, incident_fields,
                             sizeof incident_fields / sizeof incident_fields[0]);
        ok = layer && write_incidents(layer, inc);
    } else if (w == L_PLACES) {
        layer = create_layer(ds, "places", wkbPoint, place_fields,
                             sizeof place_fields / sizeof place_fields[0]);
        ok = layer && write_places(layer, places);
    } else {
        layer = create_layer(ds, "links", wkbLineString, link_fields,
                             sizeof link_fields / sizeof link_fields[0]);
        ok = layer && write_links(layer, links);
    }
    GDALClose(ds); /* void in GDAL 3.6: failures surface through the captured error */
    if (cap.msg[0])
        ok = false;
    if (!ok)
        st = im_ctx_fail(ctx, IM_ERR_GDAL, "cannot write '%s': %s", shown,
                         cap.msg[0] ? cap.msg : "OGR refused a feature");
done:
    CPLPopErrorHandler();
    return st;
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

im_status im_write_layers(im_ctx *ctx, const char *out, const im_write_opts *opts,
                          const im_incident_set *incidents, const im_place_rows *places,
                          const im_link_set *links)
{
    im_write_opts def = IM_WRITE_OPTS_INIT;
    if (!opts)
        opts = &def;
    GDALAllRegister();
    if (opts->format && strcasecmp(opts->format, "geojson") && strcasecmp(opts->format, "json"))
        return im_ctx_fail(ctx, IM_ERR_USAGE_VALUE,
                           "-f '%s': this command writes GeoJSON only for now", opts->format);
    if (!strcmp(out, "-"))
        return write_one(ctx, "/vsistdout/", "standard output", L_INCIDENTS, incidents, NULL,
                         NULL);
    char *paths[3];
    if (ends_with(out, ".geojson") || ends_with(out, ".json")) {
        size_t stem = strlen(out) - (ends_with(out, ".json") && !ends_with(out, ".geojson") ? 5 : 8);
        paths[0] = im_xstrdup(out);
        paths[1] = im_xasprintf("%.*s_places%s", (int)stem, out, out + stem);
        paths[2] = im_xasprintf("%.*s_links%s", (int)stem, out, out + stem);
    } else {
        struct stat st;
        if (stat(out, &st) != 0) {
            if (mkdir(out, 0777) != 0)
                return im_ctx_fail(ctx, IM_ERR_IO, "cannot create folder '%s': %s", out,
                                   strerror(errno));
        } else if (!S_ISDIR(st.st_mode)) {
            return im_ctx_fail(ctx, IM_ERR_IO_EXISTS,
                               "'%s' exists and is not a folder (give NAME.geojson or a folder)",
                               out);
        }
        paths[0] = im_xasprintf("%s/incidents.geojson", out);
        paths[1] = im_xasprintf("%s/places.geojson", out);
        paths[2] = im_xasprintf("%s/links.geojson", out);
    }
    im_status st = IM_OK;
    char *tmps[3] = {NULL, NULL, NULL};
    for (int i = 0; i < 3 && st == IM_OK; i++)
        if (!opts->overwrite && exists(paths[i]))
            st = im_ctx_fail(ctx, IM_ERR_IO_EXISTS,
                             "'%s' exists (use --overwrite to replace it)", paths[i]);
    for (int i = 0; i < 3 && st == IM_OK; i++) {
        tmps[i] = im_xasprintf("%s.tmp-%ld", paths[i], (long)getpid());
        st = write_one(ctx, tmps[i], paths[i], (which)i, incidents, places, links);
    }
    for (int i = 0; i < 3 && st == IM_OK; i++)
        if (rename(tmps[i], paths[i]) != 0)
            st = im_ctx_fail(ctx, IM_ERR_IO, "cannot rename into '%s': %s", paths[i],
                             strerror(errno));
    for (int i = 0; i < 3; i++) {
        if (tmps[i] && st != IM_OK)
            unlink(tmps[i]);
        free(tmps[i]);
        free(paths[i]);
    }
    return st;
}
