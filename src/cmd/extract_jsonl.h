/* Corpus mode of `incmap extract` (extract_jsonl.c): reports as JSON Lines. */
#ifndef INCMAP_EXTRACT_JSONL_H
#define INCMAP_EXTRACT_JSONL_H

#include "commands.h"
#include "incmap/incidents.h"

/* Parse a report date "YYYY-MM-DD" (a real calendar day) into *out (day precision). */
bool im_parse_report_date(const char *s, im_date *out);

/* Geoparse and extract every report of the JSON Lines file at `path` ("-" = standard
 * input) with `jobs` threads, appending in input order to the three sets. `fallback`
 * (may be NULL) is the report date of lines without "date". On failure prints one line
 * naming the file (and line) and returns the exit code; the sets then hold what the
 * lines before gave, and the caller writes nothing. */
int im_extract_jsonl(im_ctx *ctx, const char *path, const im_date *fallback, int jobs,
                     im_incident_set *inc, im_place_rows *places, im_link_set *links);

#endif
