/* The incident extractor's entry point: reads a document sentence by sentence
 * (clauses.c cuts sentences into event spans, span.c turns a span into incidents with
 * place.c's place and actors.c's actors), then merges retellings (merge.c), numbers
 * the incidents in text order and draws the links (links.c). Dates resolve against the
 * report's own date (given, or stated at the top: "Published 3 January 2024") until the
 * text gives one, then against the last date the text gave.
 *
 * This file holds no rule: only the order of the phases and the state they share. */
#include "extract_private.h"
#include "lex.h"
#include "geodata/incidents/tab_date_words.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

EV_LEX_DEFINE(date_words)

/* The report's own date when its first sentences state it: a full date right after
 * "Published", "Updated", "Posted" or "Dated" (date_words.tsv, role published). */
static void find_dateline(xstate *x)
{
    size_t n = im_text_sentence_count(x->text);
    for (size_t si = 0; si < n && si < 3; si++) {
        const im_sentence *st = im_text_sentence(x->text, si);
        const char *s = x->s + st->start;
        size_t len = st->end - st->start;
        im_date_match dm[4];
        size_t nd = im_dates_find(s, len, NULL, dm, 4);
        for (size_t i = 0; i < nd && i < 4; i++) {
            if (!dm[i].date.day)
                continue;
            size_t e = dm[i].start;
            while (e > 0 && !isalpha((unsigned char)s[e - 1]))
                e--;
            size_t b = e;
            while (b > 0 && isalpha((unsigned char)s[b - 1]))
                b--;
            if (e > b && ev_lex_row_date_words(s + b, e - b, "published")) {
                x->anchor = dm[i].date;
                x->anchor_is_report = true;
                x->dateline = si;
                return;
            }
        }
    }
}

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
    x.dateline = SIZE_MAX;
    if (!x.anchor_is_report)
        find_dateline(&x);
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
