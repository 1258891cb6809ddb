/* Reading any OGR point layer into an im_incident_set (see layers.h).
 *
 * This is the one place that adapts GDAL's error model for reading: a scoped CPL
 * error handler records the first failure on the im_ctx and forwards warnings to its
 * log. Field matching is by name (ACLED's names first, then incmap's, then common
 * ones); values are parsed from OGR's string form so a CSV without a .csvt reads
 * the same as a typed GeoPackage. It does not write layers, filter, or geocode.
 */
#include "incmap/layers.h"
#include "incmap/alloc.h"
#include "src/core/gdal_errors.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

/* Error state shared with the CPL handler while a read is in progress. */
/* Field indexes of the attributes we understand (-1 when absent). Each list also holds
 * the 10-character names a Shapefile launders ACLED's long names to. */
enum {
    F_ID, F_DATE, F_YEAR, F_TPREC, F_TYPE, F_SUB, F_KIND, F_ACT1, F_ACT2, F_ASSOC,
    F_INTER1, F_INTER2, F_INTERACT,
    F_COUNTRY, F_ISO2, F_ADM1, F_ADM2, F_LOC, F_GPREC, F_FAT, F_INJ, F_NOTES,
    F_SOURCE, F_PLACE, F_REGION, F_DOC, F_PARA, F_COUNT
};

static const char *const field_names[F_COUNT] = {
    [F_ID] = "event_id_cnty event_id_c event_id id fid_text",
    [F_DATE] = "event_date date",
    [F_YEAR] = "year",
    [F_TPREC] = "time_precision time_preci time_prec",
    [F_TYPE] = "event_type type",
    [F_SUB] = "sub_event_type sub_event_ sub_type",
    [F_KIND] = "kind",
    [F_ACT1] = "actor1",
    [F_ACT2] = "actor2",
    [F_ASSOC] = "assoc_actor_1 assoc_acto assoc_act1",
    [F_INTER1] = "inter1",
    [F_INTER2] = "inter2",
    [F_INTERACT] = "interaction interactn",
    [F_COUNTRY] = "country",
    [F_ISO2] = "iso2 cc country_code",
    [F_ADM1] = "admin1",
    [F_ADM2] = "admin2",
    [F_LOC] = "location name_local name place town city",
    [F_GPREC] = "geo_precision geo_precis geo_prec",
    [F_FAT] = "fatalities killed deaths dead",
    [F_INJ] = "injuries wounded injured",
    [F_NOTES] = "notes",
    [F_SOURCE] = "source",
    [F_PLACE] = "place_txt",
    [F_REGION] = "region",
    [F_DOC] = "doc_id",
    [F_PARA] = "para",
};

static int find_field(OGRFeatureDefnH defn, const char *names)
{
    char word[32];
    const char *p = names;
    while (*p) {
        size_t n = strcspn(p, " ");
        snprintf(word, sizeof word, "%.*s", (int)n, p);
        int idx = OGR_FD_GetFieldIndex(defn, word);
        if (idx >= 0)
            return idx;
        p += n;
        while (*p == ' ')
            p++;
    }
    return -1;
}

static const char *get_str(OGRFeatureH f, const int *idx, int which)
{
    int i = idx[which];
    if (i < 0 || !OGR_F_IsFieldSetAndNotNull(f, i))
        return NULL;
    return OGR_F_GetFieldAsString(f, i);
}

static int get_int(OGRFeatureH f, const int *idx, int which, int dflt)
{
    const char *s = get_str(f, idx, which);
    if (!s || !*s)
        return dflt;
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s)
        return dflt;
    return v < -1 ? dflt : v > 1000000 ? 1000000 : (int)v;
}

/* Normalise a date to "YYYY-MM-DD" (or "YYYY-MM", "YYYY"). Accepts ISO dates with -
 * or /, OGR's "YYYY/MM/DD hh:mm:ss", and ACLED's "15 August 2021". */
static void norm_date(const char *s, char *out, size_t len, int *year)
{
    static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                         "jul", "aug", "sep", "oct", "nov", "dec"};
    int y = 0, m = 0, d = 0;
    out[0] = 0;
    *year = 0;
    if (!s)
        return;
    while (isspace((unsigned char)*s))
        s++;
    if (sscanf(s, "%4d%*[-/]%2d%*[-/]%2d", &y, &m, &d) >= 1 && y > 999) {
        /* ISO order */
    } else {
        char mon[16] = "";
        y = m = d = 0;
        if (sscanf(s, "%d %15s %d", &d, mon, &y) == 3 || sscanf(s, "%d-%15[A-Za-z]-%d", &d, mon, &y) == 3) {
            for (int i = 0; i < 12; i++)
                if (strncasecmp(mon, months[i], 3) == 0)
                    m = i + 1;
            if (y < 100)
                y += 2000;
        }
        if (!m)
            y = d = 0;
    }
    if (y <= 0 || y > 9999)
        return;
    *year = y;
    if (m >= 1 && m <= 12 && d >= 1 && d <= 31)
        snprintf(out, len, "%04d-%02d-%02d", y, m, d);
    else if (m >= 1 && m <= 12)
        snprintf(out, len, "%04d-%02d", y, m);
    else
        snprintf(out, len, "%04d", y);
}

static bool has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    return n > e && path[n - e - 1] == '.' && strcasecmp(path + n - e, ext) == 0;
}

static void fill_record(im_incident *inc, OGRFeatureH f, const int *idx)
{
    char date[48];
    im_set_str(&inc->event_id, get_str(f, idx, F_ID));
    norm_date(get_str(f, idx, F_DATE), date, sizeof date, &inc->year);
    im_set_str(&inc->event_date, date);
    if (idx[F_YEAR] >= 0 && !inc->year)
        inc->year = get_int(f, idx, F_YEAR, 0);
    inc->time_prec = get_int(f, idx, F_TPREC, inc->event_date[0] ? 1 : 3);
    im_set_str(&inc->event_type, get_str(f, idx, F_TYPE));
    im_set_str(&inc->sub_type, get_str(f, idx, F_SUB));
    im_set_str(&inc->kind, get_str(f, idx, F_KIND));
    im_set_str(&inc->actor1, get_str(f, idx, F_ACT1));
    im_set_str(&inc->actor2, get_str(f, idx, F_ACT2));
    im_set_str(&inc->assoc_act1, get_str(f, idx, F_ASSOC));
    inc->inter1 = get_int(f, idx, F_INTER1, 0);
    inc->inter2 = get_int(f, idx, F_INTER2, 0);
    inc->interaction = get_int(f, idx, F_INTERACT, 0);
    im_set_str(&inc->country, get_str(f, idx, F_COUNTRY));
    const char *iso2 = get_str(f, idx, F_ISO2);
    /* some layers put the ISO code in "country" */
    if (!iso2 && inc->country && strlen(inc->country) == 2 &&
        isupper((unsigned char)inc->country[0]) && isupper((unsigned char)inc->country[1]))
        iso2 = inc->country;
    if (iso2 && strlen(iso2) == 2) {
        inc->iso2[0] = (char)toupper((unsigned char)iso2[0]);
        inc->iso2[1] = (char)toupper((unsigned char)iso2[1]);
        inc->iso2[2] = 0;
    }
    im_set_str(&inc->admin1, get_str(f, idx, F_ADM1));
    im_set_str(&inc->admin2, get_str(f, idx, F_ADM2));
    im_set_str(&inc->location, get_str(f, idx, F_LOC));
    inc->geo_prec = get_int(f, idx, F_GPREC, 1);
    if (inc->geo_prec < 1 || inc->geo_prec > 3)
        inc->geo_prec = inc->geo_prec < 1 ? 1 : 3;
    inc->fatalities = get_int(f, idx, F_FAT, IM_UNKNOWN);
    inc->injuries = get_int(f, idx, F_INJ, IM_UNKNOWN);
    im_set_str(&inc->notes, get_str(f, idx, F_NOTES));
    im_set_str(&inc->source, get_str(f, idx, F_SOURCE));
    im_set_str(&inc->place_txt, get_str(f, idx, F_PLACE));
    im_set_str(&inc->region, get_str(f, idx, F_REGION));
    /* where in its report the incident was read (incmap's own layers) */
    im_set_str(&inc->doc_id, get_str(f, idx, F_DOC));
    inc->para = get_int(f, idx, F_PARA, 0);
}

im_status im_layers_read(im_ctx *ctx, const char *path, const im_read_opts *opts,
                         im_incident_set *out)
{
    im_read_opts dflt = IM_READ_OPTS_INIT;
    if (!opts)
        opts = &dflt;
    im_status st = IM_OK;
    GDALDatasetH ds = NULL;
    OGRSpatialReferenceH wgs84 = NULL;
    OGRCoordinateTransformationH ct = NULL;
    im_gdal_capture sink;   /* GDAL's first warning is told only if the read succeeds */
    im_gdal_capture_begin(&sink);
    GDALAllRegister();

    char xopt[96], yopt[96];
    snprintf(xopt, sizeof xopt, "X_POSSIBLE_NAMES=%s",
             opts->x_field ? opts->x_field : "lon,longitude,long,x,lng");
    snprintf(yopt, sizeof yopt, "Y_POSSIBLE_NAMES=%s",
             opts->y_field ? opts->y_field : "lat,latitude,y");
    const char *csv_opts[] = {xopt, yopt, "KEEP_GEOM_COLUMNS=YES", NULL};
    bool csv = has_ext(path, "csv") || has_ext(path, "tsv") || has_ext(path, "txt") ||
               strncasecmp(path, "CSV:", 4) == 0;
    ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL,
                    csv ? csv_opts : NULL, NULL);
    if (!ds) {
        st = im_ctx_fail(ctx, IM_ERR_INPUT, "cannot open '%s' as a vector layer%s%s", path,
                         sink.msg[0] ? ": " : "", sink.msg);
        goto done;
    }
    OGRLayerH layer = opts->layer ? GDALDatasetGetLayerByName(ds, opts->layer)
                                  : GDALDatasetGetLayer(ds, 0);
    if (!layer) {
        st = im_ctx_fail(ctx, IM_ERR_INPUT, "'%s' has no layer %s%s%s", path,
                         opts->layer ? "'" : "", opts->layer ? opts->layer : "at all",
                         opts->layer ? "'" : "");
        goto done;
    }
    OGRSpatialReferenceH src = OGR_L_GetSpatialRef(layer);
    if (src) {
        wgs84 = OSRNewSpatialReference(NULL);
        OSRSetWellKnownGeogCS(wgs84, "WGS84");
        OSRSetAxisMappingStrategy(wgs84, OAMS_TRADITIONAL_GIS_ORDER);
        OGRSpatialReferenceH s2 = OSRClone(src);
        OSRSetAxisMappingStrategy(s2, OAMS_TRADITIONAL_GIS_ORDER);
        if (!OSRIsSame(s2, wgs84)) {
            ct = OCTNewCoordinateTransformation(s2, wgs84);
            if (!ct) {
                OSRRelease(s2);
                st = im_ctx_fail(ctx, IM_ERR_PROJ, "cannot transform the CRS of '%s' to "
                                 "WGS 84%s%s", path, sink.msg[0] ? ": " : "", sink.msg);
                goto done;
            }
        }
        OSRRelease(s2);
    }
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    int idx[F_COUNT];
    for (int i = 0; i < F_COUNT; i++)
        idx[i] = find_field(defn, field_names[i]);
    OGR_L_ResetReading(layer);
    OGRFeatureH f;
    size_t n = 0;
    while ((f = OGR_L_GetNextFeature(layer)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (g && wkbFlatten(OGR_G_GetGeometryType(g)) == wkbMultiPoint &&
            OGR_G_GetGeometryCount(g) > 0)
            g = OGR_G_GetGeometryRef(g, 0);
        if (!g || wkbFlatten(OGR_G_GetGeometryType(g)) != wkbPoint || OGR_G_IsEmpty(g)) {
            OGR_F_Destroy(f);
            continue;
        }
        double x = OGR_G_GetX(g, 0), y = OGR_G_GetY(g, 0), z = 0;
        if (ct && !OCTTransform(ct, 1, &x, &y, &z)) {
            OGR_F_Destroy(f);
            continue;
        }
        im_incident *inc = im_incident_set_add(out);
        fill_record(inc, f, idx);
        inc->longitude = x;
        inc->latitude = y;
        inc->has_coords = true;
        OGR_F_Destroy(f);
        if (opts->max_features && ++n >= opts->max_features)
            break;
    }
    if (sink.msg[0]) {
        st = im_ctx_fail(ctx, IM_ERR_GDAL, "reading '%s' failed: %s", path, sink.msg);
        goto done;
    }
done:
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    if (wgs84)
        OSRRelease(wgs84);
    if (ds)
        GDALClose(ds);
    im_gdal_capture_end(&sink);
    if (st == IM_OK && sink.warnings)
        im_log(ctx, IM_LOG_WARN, "GDAL: %s%s", sink.warning,
               sink.warnings > 1 ? " (and more warnings)" : "");
    return st;
}
