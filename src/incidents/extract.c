/* The incident extractor's entry point: reads a document sentence by sentence
 * (clauses.c cuts sentences into event spans, span.c turns a span into incidents with
 * place.c's place and actors.c's actors), then merges retellings (merge.c), numbers
 * the incidents in text order and draws the links (links.c). Dates resolve against the
 * report's own date until the text gives one, then against the last date the text
 * gave.
 *
 * This file holds no rule: only the order of the phases and the state they share. */
#include "extract_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

im_status im_incidents_extract_dated(im_ctx *ctx, const im_gazetteer *gz, const im_text *text,
                                     const im_geoparse *gp, const char *doc_id,
                                     const im_date *report_date, im_incident_set *out,
                                     im_link_set *links)
{
    if (!gz || !text || !gp || !out)
        return im_ctx_fail(ctx, IM_ERR_USAGE, "incidents: missing gazetteer, text or geoparse");
    if (report_date && report_date->year &&
        !im_date_valid(report_date->year, report_date->month, report_date->day))
        return im_ctx_fail(ctx, IM_ERR_USAGE, "incidents: the report date is not a date");
    xstate x;
    memset(&x, 0, sizeof x);
    x.gz = gz;
    x.text = text;
    x.gp = gp;
    x.doc = doc_id ? doc_id : "doc";
    x.s = im_text_data(text, NULL);
    x.out = out;
    x.links = links;
    x.first = out->n;
    if (report_date && report_date->year) {
        x.anchor = *report_date;
        x.anchor_is_report = true;
    }
    snprintf(x.focus, sizeof x.focus, "%s", im_geoparse_focus(gp));
    for (size_t si = 0; si < im_text_sentence_count(text); si++)
        ev_extract_sentence(&x, si);
    ev_merge(&x);
    /* renumber after merging so ids are dense and in text order */
    for (size_t i = x.first; i < out->n; i++) {
        char id[300];
        snprintf(id, sizeof id, "%s-%zu", x.doc, i - x.first + 1);
        im_set_str(&out->items[i].event_id, id);
    }
    ev_make_links(&x);
    free(x.meta);
    return IM_OK;
}

im_status im_incidents_extract(im_ctx *ctx, const im_gazetteer *gz, const im_text *text,
                               const im_geoparse *gp, const char *doc_id,
                               im_incident_set *out, im_link_set *links)
{
    return im_incidents_extract_dated(ctx, gz, text, gp, doc_id, NULL, out, links);
}
