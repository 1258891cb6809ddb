/* The interactive briefing page: one self-contained HTML file that opens from file://
 * with no network — the map library (Leaflet, embedded at build time from the Debian
 * package), a basemap built from incmap's own geodata, the incidents with the shared
 * style (style.h), links, the regions as zoom presets, and the page's own script for
 * cards, timeline, filters, search and table.
 *
 * Every string that comes from a report travels as JSON inside a
 * <script type="application/json"> element with '<', '>', '&' and the two JavaScript
 * line separators escaped, and the page script puts strings into the document only as
 * text, never as markup. A Content-Security-Policy meta allows only the page's own
 * scripts (by hash) and forbids loading anything.
 *
 * This module writes to a stream it is given; choosing, creating and renaming files is
 * the program's job (src/cmd/cmd_web.c, the `brief` pack).
 */
#ifndef INCMAP_WEB_H
#define INCMAP_WEB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "incmap/ctx.h"
#include "incmap/incidents.h"
#include "incmap/model.h"
#include "incmap/status.h"

typedef struct im_web_opts {
    const char *title;          /* page title; NULL: "Incidents in <source_name>" */
    const char *source_name;    /* the input's file name, for the title and credits */
    const char *banner;         /* classification banner (top and bottom), or NULL */
    const char *made;           /* date the page was made (YYYY-MM-DD), or NULL */
    const char *const *regions; /* zoom presets by region name; NULL: every built-in */
    size_t n_regions;           /* region that holds at least one incident */
} im_web_opts;

#define IM_WEB_OPTS_INIT {NULL, NULL, NULL, NULL, NULL, 0}

/* Whether this build carries the map library (Leaflet was installed when it was
 * configured). When false, im_web_write fails with IM_ERR_DATA_MISSING. */
bool im_web_available(void);

/* Write the whole page for `set` and `links` (may be NULL) to `out`. The basemap is
 * read from basemap.gpkg in the context's data directory. Returns IM_OK, or a status
 * with the message on the context (missing data, a write error on `out`). */
im_status im_web_write(im_ctx *ctx, FILE *out, const im_web_opts *opts,
                       const im_incident_set *set, const im_link_set *links);

/* Write `s` (UTF-8, may be NULL → null) as a JSON string literal that is also safe
 * inside an HTML <script> element: quotes, backslashes and control characters are
 * escaped as JSON requires, and '<', '>', '&', U+2028 and U+2029 as \u sequences, so
 * neither "</script" nor "<!--" can appear. Invalid UTF-8 bytes become U+FFFD. */
void im_web_json_string(FILE *out, const char *s);

/* Write `s` with &, <, >, " and ' as HTML character references (for the page title). */
void im_web_html_text(FILE *out, const char *s);

#endif
