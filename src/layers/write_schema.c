/* The field schema of the three layers (DESIGN.md) as one table per layer, with the
 * ACLED name of each column, and the functions that turn a model record into cells.
 *
 * Every writer (OGR formats, KML extras, QML field names) reads these tables; nothing
 * here knows a file format. Unknown numbers become null cells, never -1.
 */
#include "write_private.h"

#include <string.h>

static const im_col incident_cols[] = {
    {"event_id", "event_id_cnty", IM_COL_STR},
    {"event_date", NULL, IM_COL_DATE},
    {"year", NULL, IM_COL_INT},
    {"time_prec", "time_precision", IM_COL_INT},
    {"event_type", NULL, IM_COL_STR},
    {"sub_type", "sub_event_type", IM_COL_STR},
    {"kind", NULL, IM_COL_STR},
    {"actor1", NULL, IM_COL_STR},
    {"actor2", NULL, IM_COL_STR},
    {"assoc_act1", "assoc_actor_1", IM_COL_STR},
    {"inter1", NULL, IM_COL_INT},
    {"inter2", NULL, IM_COL_INT},
    {"interactn", "interaction", IM_COL_INT},
    {"country", NULL, IM_COL_STR},
    {"iso2", NULL, IM_COL_STR},
    {"admin1", NULL, IM_COL_STR},
    {"admin2", NULL, IM_COL_STR},
    {"location", NULL, IM_COL_STR},
    {"latitude", NULL, IM_COL_REAL},
    {"longitude", NULL, IM_COL_REAL},
    {"geo_prec", "geo_precision", IM_COL_INT},
    {"fatalities", NULL, IM_COL_INT},
    {"injuries", NULL, IM_COL_INT},
    {"notes", NULL, IM_COL_STR},
    {"source", NULL, IM_COL_STR},
    {"place_txt", NULL, IM_COL_STR},
    {"geonameid", NULL, IM_COL_INT},
    {"geo_conf", NULL, IM_COL_REAL},
    {"doc_id", NULL, IM_COL_STR},
    {"para", NULL, IM_COL_INT},
    {"span_start", NULL, IM_COL_INT},
    {"span_end", NULL, IM_COL_INT},
    /* ACLED's `region` is a world region ("South Asia"); ours is a named region */
    {"region", "im_region", IM_COL_STR},
};

static const im_col place_cols[] = {
    {"name", NULL, IM_COL_STR},      {"kind", NULL, IM_COL_STR},
    {"iso2", NULL, IM_COL_STR},      {"admin1", NULL, IM_COL_STR},
    {"latitude", NULL, IM_COL_REAL}, {"longitude", NULL, IM_COL_REAL},
    {"geonameid", NULL, IM_COL_INT}, {"seat_lat", NULL, IM_COL_REAL},
    {"seat_lon", NULL, IM_COL_REAL}, {"mentions", NULL, IM_COL_INT},
    {"geo_conf", NULL, IM_COL_REAL}, {"surfaces", NULL, IM_COL_STR},
    {"evidence", NULL, IM_COL_STR},  {"doc_id", NULL, IM_COL_STR},
};

static const im_col link_cols[] = {
    {"kind", NULL, IM_COL_STR},     {"from_name", NULL, IM_COL_STR},
    {"to_name", NULL, IM_COL_STR},  {"event_id", NULL, IM_COL_STR},
    {"evidence", NULL, IM_COL_STR},
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static im_val S(const char *s)
{
    return (im_val){s ? s : "", 0, 0, false};
}

static im_val I(long i, bool known)
{
    return (im_val){"", i, 0, !known};
}

static im_val R(double r)
{
    return (im_val){"", 0, r, false};
}

static im_val R_known(double r, bool known)
{
    return (im_val){"", 0, r, !known};
}

static void incident_row(const im_layer_src *src, size_t i, im_val *v, im_geom *g)
{
    const im_incident *inc = &((const im_incident_set *)src->data)->items[i];
    size_t k = 0;
    v[k++] = S(inc->event_id);
    v[k++] = S(inc->event_date);
    v[k++] = I(inc->year, inc->year > 0);
    v[k++] = I(inc->time_prec, inc->time_prec > 0);
    v[k++] = S(inc->event_type);
    v[k++] = S(inc->sub_type);
    v[k++] = S(inc->kind);
    v[k++] = S(inc->actor1);
    v[k++] = S(inc->actor2);
    v[k++] = S(inc->assoc_act1);
    v[k++] = I(inc->inter1, inc->inter1 > 0);
    v[k++] = I(inc->inter2, inc->inter2 > 0);
    v[k++] = I(inc->interaction, inc->interaction > 0);
    v[k++] = S(inc->country);
    v[k++] = S(inc->iso2);
    v[k++] = S(inc->admin1);
    v[k++] = S(inc->admin2);
    v[k++] = S(inc->location);
    v[k] = R(inc->latitude);
    v[k++].null = !inc->has_coords;
    v[k] = R(inc->longitude);
    v[k++].null = !inc->has_coords;
    v[k++] = I(inc->geo_prec, inc->geo_prec > 0);
    v[k++] = I(inc->fatalities, inc->fatalities >= 0);
    v[k++] = I(inc->injuries, inc->injuries >= 0);
    v[k++] = S(inc->notes);
    v[k++] = S(inc->source);
    v[k++] = S(inc->place_txt);
    v[k++] = I((long)inc->geonameid, inc->geonameid != 0);
    v[k++] = R(inc->geo_conf);
    v[k++] = S(inc->doc_id);
    v[k++] = I(inc->para, inc->para > 0);
    v[k++] = I(inc->span_start, true);
    v[k++] = I(inc->span_end, true);
    v[k++] = S(inc->region);
    g->n = inc->has_coords ? 1 : 0;
    g->x[0] = inc->longitude;
    g->y[0] = inc->latitude;
}

static void place_row(const im_layer_src *src, size_t i, im_val *v, im_geom *g)
{
    const im_place_row *r = &((const im_place_rows *)src->data)->items[i];
    size_t k = 0;
    v[k++] = S(r->name);
    v[k++] = S(r->kind);
    v[k++] = S(r->iso2);
    v[k++] = S(r->admin1);
    v[k++] = R(r->latitude);
    v[k++] = R(r->longitude);
    v[k++] = I((long)r->geonameid, r->geonameid != 0);
    v[k++] = R_known(r->seat_lat, r->has_seat);
    v[k++] = R_known(r->seat_lon, r->has_seat);
    v[k++] = I(r->mentions, true);
    v[k++] = R(r->confidence);
    v[k++] = S(r->surfaces);
    v[k++] = S(r->evidence);
    v[k++] = S(r->doc_id);
    g->n = 1;
    g->x[0] = r->longitude;
    g->y[0] = r->latitude;
}

static void link_row(const im_layer_src *src, size_t i, im_val *v, im_geom *g)
{
    const im_link *l = &((const im_link_set *)src->data)->items[i];
    size_t k = 0;
    v[k++] = S(l->kind);
    v[k++] = S(l->from_name);
    v[k++] = S(l->to_name);
    v[k++] = S(l->event_id);
    v[k++] = S(l->evidence);
    g->n = 2;
    g->x[0] = l->from_lon;
    g->y[0] = l->from_lat;
    g->x[1] = l->to_lon;
    g->y[1] = l->to_lat;
}

void im_layer_srcs(im_layer_src out[3], const im_incident_set *incidents,
                   const im_place_rows *places, const im_link_set *links)
{
    out[0] = (im_layer_src){IM_LAYER_INCIDENTS, "incidents", false, incident_cols,
                            N(incident_cols), incidents ? incidents->n : 0, incidents,
                            incident_row};
    out[1] = (im_layer_src){IM_LAYER_PLACES, "places", false, place_cols, N(place_cols),
                            places ? places->n : 0, places, place_row};
    out[2] = (im_layer_src){IM_LAYER_LINKS, "links", true, link_cols, N(link_cols),
                            links ? links->n : 0, links, link_row};
}

int im_layer_src_col(const im_layer_src *src, const char *name)
{
    for (size_t i = 0; i < src->n_cols; i++)
        if (!strcmp(src->cols[i].name, name))
            return (int)i;
    return -1;
}
