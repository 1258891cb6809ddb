/* Fuzz target: the whole report pipeline of `incmap extract` without the file I/O —
 * decode, geoparse, extract incidents and links, list places. Checks that each
 * incident's evidence span lies inside the input, its date is a real calendar date
 * that matches its year, and its ACLED codes are in range. */
#include "fuzz_common.h"
#include "incmap/geoparse.h"
#include "incmap/incidents.h"
#include "incmap/text.h"

#include <stdio.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_gazetteer();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    im_ctx *ctx = fuzz_ctx();
    const im_gazetteer *gz = fuzz_gazetteer();
    im_text *t = NULL;
    im_geoparse *gp = NULL;
    im_incident_set set = {0};
    im_place_rows places = {0};
    im_link_set links = {0};
    FUZZ_CHECK(im_text_create(ctx, (const char *)data, size, &t) == IM_OK);
    FUZZ_CHECK(im_geoparse_run(ctx, gz, t, &gp) == IM_OK);
    FUZZ_CHECK(im_incidents_extract(ctx, gz, t, gp, "fuzz", &set, &links) == IM_OK);
    im_incidents_places(gz, gp, "fuzz", &places);
    for (size_t i = 0; i < set.n; i++) {
        const im_incident *inc = &set.items[i];
        FUZZ_CHECK(inc->event_id && inc->event_date && inc->event_type);
        FUZZ_CHECK(inc->span_start >= 0 && inc->span_start <= inc->span_end &&
                   (size_t)inc->span_end <= size);
        FUZZ_CHECK(inc->time_prec >= 0 && inc->time_prec <= 3);
        FUZZ_CHECK(inc->fatalities >= IM_UNKNOWN && inc->injuries >= IM_UNKNOWN);
        int y = 0, mo = 0, d = 0;
        if (*inc->event_date) {
            int n = sscanf(inc->event_date, "%d-%d-%d", &y, &mo, &d);
            FUZZ_CHECK(n >= 1 && y == inc->year && im_date_valid(y, mo, d));
        } else {
            FUZZ_CHECK(inc->year == 0);
        }
        if (inc->has_coords)
            FUZZ_CHECK(inc->latitude >= -90 && inc->latitude <= 90 &&
                       inc->longitude >= -180 && inc->longitude <= 180);
    }
    for (size_t i = 0; i < places.n; i++)
        FUZZ_CHECK(places.items[i].name && places.items[i].mentions > 0);
    for (size_t i = 0; i < links.n; i++)
        FUZZ_CHECK(links.items[i].kind && links.items[i].from_name && links.items[i].to_name);
    im_incident_set_clear(&set);
    im_place_rows_clear(&places);
    im_link_set_clear(&links);
    im_geoparse_destroy(gp);
    im_text_destroy(t);
    return 0;
}
