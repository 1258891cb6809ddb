/* Life cycle of incident records and sets (see model.h). */
#include "incmap/model.h"
#include "incmap/alloc.h"

#include <stdlib.h>
#include <string.h>

const char *const im_acled_event_types[6] = {
    "Battles", "Explosions/Remote violence", "Violence against civilians", "Protests",
    "Riots", "Strategic developments",
};

void im_incident_init(im_incident *inc)
{
    memset(inc, 0, sizeof *inc);
    inc->fatalities = IM_UNKNOWN;
    inc->injuries = IM_UNKNOWN;
    inc->time_prec = 3;
    inc->geo_prec = 3;
}

void im_incident_clear(im_incident *inc)
{
    if (!inc)
        return;
    char **strs[] = {&inc->event_id, &inc->event_date, &inc->event_type, &inc->sub_type,
                     &inc->kind, &inc->actor1, &inc->actor2, &inc->assoc_act1,
                     &inc->country, &inc->admin1, &inc->admin2, &inc->location,
                     &inc->notes, &inc->source, &inc->place_txt, &inc->doc_id,
                     &inc->region};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        free(*strs[i]);
    im_incident_init(inc);
}

im_incident *im_incident_set_add(im_incident_set *set)
{
    set->items = im_xgrow(set->items, &set->cap, set->n + 1, sizeof *set->items);
    im_incident *inc = &set->items[set->n++];
    im_incident_init(inc);
    return inc;
}

void im_incident_set_clear(im_incident_set *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->n; i++)
        im_incident_clear(&set->items[i]);
    free(set->items);
    memset(set, 0, sizeof *set);
}

void im_set_str(char **field, const char *value)
{
    free(*field);
    *field = value ? im_xstrdup(value) : NULL;
}

void im_place_rows_clear(im_place_rows *rows)
{
    if (!rows)
        return;
    for (size_t i = 0; i < rows->n; i++) {
        im_place_row *r = &rows->items[i];
        free(r->name);
        free(r->kind);
        free(r->iso2);
        free(r->admin1);
        free(r->surfaces);
        free(r->evidence);
        free(r->doc_id);
    }
    free(rows->items);
    memset(rows, 0, sizeof *rows);
}
