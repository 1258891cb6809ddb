/* The `places` layer: one row per distinct gazetteer entry a document names, with its
 * mention count, the spellings used, and the best confidence and evidence. Regions,
 * unresolved names and demonyms are not points and stay out. */
#include "incmap/incidents.h"
#include "incmap/alloc.h"

#include <stdlib.h>
#include <string.h>


void im_incidents_places(const im_gazetteer *gz, const im_geoparse *gp, const char *doc_id,
                         im_place_rows *out)
{
    size_t first = out->n;
    for (size_t i = 0; i < im_geoparse_count(gp); i++) {
        const im_mention *m = im_geoparse_mention(gp, i);
        if (m->type != IM_MENTION_PLACE)
            continue;
        im_place p;
        im_gazetteer_get(gz, m->place, &p);
        if (!p.has_coords)
            continue;
        im_place_row *row = NULL;
        for (size_t k = first; k < out->n; k++)
            if (out->items[k].geonameid == p.geonameid && !strcmp(out->items[k].name, p.name) &&
                !strcmp(out->items[k].kind, p.kind_name))
                row = &out->items[k];
        if (!row) {
            out->items = im_xgrow(out->items, &out->cap, out->n + 1, sizeof *out->items);
            row = &out->items[out->n++];
            memset(row, 0, sizeof *row);
            row->name = im_xstrdup(p.name);
            row->kind = im_xstrdup(p.kind_name);
            row->iso2 = im_xstrdup(p.iso2);
            const char *a1 = "";
            im_place u;
            if (p.kind == IM_PLACE_ADMIN1) {
                a1 = p.name;
            } else if (p.admin1 != IM_PLACE_NONE) {
                im_gazetteer_get(gz, p.admin1, &u);
                a1 = u.name;
            }
            row->admin1 = im_xstrdup(a1);
            row->latitude = p.lat;
            row->longitude = p.lon;
            row->seat_lat = p.seat_lat;
            row->seat_lon = p.seat_lon;
            row->has_seat = p.has_seat;
            row->geonameid = p.geonameid;
            row->surfaces = im_xstrdup(m->surface);
            row->evidence = im_xstrdup(m->evidence ? m->evidence : "");
            row->doc_id = im_xstrdup(doc_id ? doc_id : "");
        } else if (!strstr(row->surfaces, m->surface)) {
            char *s = im_xasprintf("%s|%s", row->surfaces, m->surface);
            free(row->surfaces);
            row->surfaces = s;
        }
        row->mentions++;
        if (m->confidence > row->confidence) {
            row->confidence = m->confidence;
            free(row->evidence);
            row->evidence = im_xstrdup(m->evidence ? m->evidence : "");
        }
    }
}
