/* Links: the connections a report states between places. "origin" links go from the
 * attackers' countries (ev_meta's nationalities) to the incident; "route" links from a
 * place after "from"/"through" to one after "into"/"to" in the same sentence. Also the
 * link set's destructor. This file does not make or change incidents. */
#include "extract_private.h"
#include "incmap/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void add_link(xstate *x, const char *kind, const im_place *from, const im_place *to,
                     const char *event_id, const char *evidence)
{
    if (!x->links)
        return;
    x->links->items = im_xgrow(x->links->items, &x->links->cap, x->links->n + 1,
                               sizeof *x->links->items);
    im_link *l = &x->links->items[x->links->n++];
    l->kind = im_xstrdup(kind);
    l->from_name = im_xstrdup(from->name);
    l->to_name = im_xstrdup(to->name);
    l->from_lat = from->lat;
    l->from_lon = from->lon;
    l->to_lat = to->lat;
    l->to_lon = to->lon;
    l->event_id = im_xstrdup(event_id ? event_id : "");
    l->evidence = im_xstrdup(evidence ? evidence : "");
}

void ev_make_links(xstate *x)
{
    for (size_t i = x->first; i < x->out->n; i++) {
        im_incident *inc = &x->out->items[i];
        const ev_meta *m = &x->meta[i - x->first];
        if (!inc->has_coords)
            continue;
        for (size_t k = 0; k < m->n_nat; k++) {
            if (!strcmp(m->nat[k], inc->iso2))
                continue;
            uint32_t c = im_gazetteer_country(x->gz, m->nat[k]);
            if (c == IM_PLACE_NONE)
                continue;
            im_place from = ev_place_of(x, c), to;
            memset(&to, 0, sizeof to);
            to.name = inc->location ? inc->location : "";
            to.lat = inc->latitude;
            to.lon = inc->longitude;
            if (from.has_coords)
                add_link(x, "origin", &from, &to, inc->event_id, "attackers' nationality");
        }
    }
    for (size_t i = 0; i + 1 < im_geoparse_count(x->gp); i++) {
        const im_mention *m = im_geoparse_mention(x->gp, i);
        if (m->type != IM_MENTION_PLACE)
            continue;
        char prev[24];
        ev_word_before(x->s, 0, m->start, prev, sizeof prev);
        if (strcmp(prev, "from") && strcmp(prev, "through"))
            continue;
        for (size_t j = i + 1; j < im_geoparse_count(x->gp) && j < i + 3; j++) {
            const im_mention *n = im_geoparse_mention(x->gp, j);
            if (n->sentence != m->sentence || n->start - m->end > 40)
                break;
            char p2[24];
            ev_word_before(x->s, 0, n->start, p2, sizeof p2);
            if (n->type != IM_MENTION_PLACE && n->type != IM_MENTION_REGION)
                continue;
            if (strcmp(p2, "into") && strcmp(p2, "to"))
                continue;
            if (n->type != IM_MENTION_PLACE)
                break;
            im_place from = ev_place_of(x, m->place), to = ev_place_of(x, n->place);
            if (from.has_coords && to.has_coords && from.id != to.id) {
                char ev[200];
                snprintf(ev, sizeof ev, "%.*s", (int)(n->end - m->start), x->s + m->start);
                add_link(x, "route", &from, &to, "", ev);
            }
            break;
        }
    }
}

void im_link_set_clear(im_link_set *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->n; i++) {
        im_link *l = &set->items[i];
        free(l->kind);
        free(l->from_name);
        free(l->to_name);
        free(l->event_id);
        free(l->evidence);
    }
    free(set->items);
    memset(set, 0, sizeof *set);
}
