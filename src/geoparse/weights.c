/* The resolver's weights, read from geodata/lexicon/weights.tsv (compiled into the
 * library by tools/gen_tables.py) into a struct once per run, so scoring reads a field,
 * not a table. A weight the code names but the table lacks is a build defect the unit
 * test reports (rs_weights_load returns false naming it). */
#include "resolve_private.h"

#include "geodata/lexicon/tab_weights.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

bool rs_weights_load(rs_weights *w, const char **missing)
{
#define W(field) {#field, offsetof(rs_weights, field)}
    static const struct {
        const char *name;
        size_t offset;
    } fields[] = {
        W(alt_name_penalty), W(confidence_scale), W(container), W(discourse),
        W(focus_country), W(focus_min_share), W(focus_one_country), W(focus_scale),
        W(list_country), W(list_kind), W(lone_margin), W(outlier_km),
        W(outlier_population), W(para_admin1), W(para_admin2), W(para_country),
        W(para_region), W(para_town), W(prior_cap), W(prior_over_cap), W(qualifier),
        W(sentence_country), W(sentence_region), W(site_other), W(site_town),
        W(unit_strong), W(unit_weak), W(unit_with_seat), W(variant_confidence),
        W(weak_city_population), W(weak_confidence), W(weak_village_population),
    };
#undef W
    _Static_assert(sizeof fields / sizeof fields[0] == sizeof(rs_weights) / sizeof(double),
                   "every weight is read");
    *missing = NULL;
    bool ok = true;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const struct tab_weights *row = tab_weights_find(fields[i].name, strlen(fields[i].name));
        double *slot = (double *)(void *)((char *)w + fields[i].offset);
        if (row) {
            *slot = row->value;
        } else {
            *slot = 0.0;
            if (ok)
                *missing = fields[i].name;
            ok = false;
        }
    }
    return ok;
}

double gp_weight(const char *name)
{
    const struct tab_weights *row = tab_weights_find(name, strlen(name));
    if (!row)
        abort(); /* a weight missing from weights.tsv: the unit test names it */
    return row->value;
}
