/* Shared between the files of src/web/: the pieces of the page's JSON data. */
#ifndef INCMAP_WEB_PRIVATE_H
#define INCMAP_WEB_PRIVATE_H

#include "incmap/web.h"

#include <stdio.h>
#include <stdlib.h>

/* web_json.c: the data the page script reads. Incidents are
 * {"fields":[names], "rows":[[values in that order], ...]}. */
void web_write_incidents(FILE *out, const im_incident_set *set);
void web_write_links(FILE *out, const im_link_set *links);
void web_write_regions(FILE *out, const im_web_opts *opts, const im_incident_set *set);
void web_write_style(FILE *out);

/* web_basemap.c: {"style":{colours}, "countries":FC, "provinces":FC, "disputed":FC}
 * from basemap.gpkg, simplified for the screen. */
im_status web_write_basemap(im_ctx *ctx, FILE *out, const im_incident_set *set);

#endif
