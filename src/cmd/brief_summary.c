/* summary.md of a briefing pack: counts by region, type and year, the incident list
 * numbered as on the maps (the rule of render.h, im_map_number_locations), places that could not be resolved, warnings, the files of
 * the pack and the sources and licences. Program side (it writes a file); the numbers
 * come straight from the records the layers were written from, so they agree. */
#include "brief.h"
#include "im_config.h"
#include "incmap/outfile.h"
#include "incmap/render.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct count {
    char key[96];
    size_t n;
} count;

static void tally(count *c, size_t *n, size_t max, const char *key)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp(c[i].key, key)) {
            c[i].n++;
            return;
        }
    if (*n < max) {
        snprintf(c[*n].key, sizeof c[*n].key, "%s", key);
        c[(*n)++].n = 1;
    }
}

static int by_n(const void *a, const void *b)
{
    const count *x = a, *y = b;
    return x->n != y->n ? (x->n > y->n ? -1 : 1) : strcmp(x->key, y->key);
}

static int by_key(const void *a, const void *b)
{
    return strcmp(((const count *)a)->key, ((const count *)b)->key);
}

static void table(FILE *f, const char *title, const char *col, count *c, size_t n, bool sort_key)
{
    qsort(c, n, sizeof *c, sort_key ? by_key : by_n);
    fprintf(f, "\n### %s\n\n| %s | incidents |\n|---|---:|\n", title, col);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "| %s | %zu |\n", c[i].key[0] ? c[i].key : "(none)", c[i].n);
}

/* Markdown table cells may not hold "|" or newlines. */
static void cell(FILE *f, const char *s)
{
    for (; s && *s; s++)
        fputs(*s == '|' ? "/" : *s == '\n' ? " " : (char[]){*s, 0}, f);
}

im_status brief_write_summary(im_ctx *ctx, const brief_pack *pack, const char *path)
{
    im_outfile out;
    FILE *f = im_outfile_open(ctx, &out, path, NULL);
    if (!f)
        return IM_ERR_IO;
    const im_incident_set *set = pack->incidents;
    time_t now = time(NULL);
    char today[16];
    strftime(today, sizeof today, "%Y-%m-%d", gmtime(&now));
    size_t dated = 0, known = 0;
    long fatal = 0;
    char first[11] = "", last[11] = "";
    count regions[64], types[64], years[128];
    size_t nr = 0, nt = 0, ny = 0;
    for (size_t i = 0; i < set->n; i++) {
        const im_incident *inc = &set->items[i];
        if (inc->event_date && inc->event_date[0]) {
            dated++;
            if (!first[0] || strcmp(inc->event_date, first) < 0)
                snprintf(first, sizeof first, "%s", inc->event_date);
            if (strcmp(inc->event_date, last) > 0)
                snprintf(last, sizeof last, "%s", inc->event_date);
        }
        if (inc->fatalities != IM_UNKNOWN) {
            known++;
            fatal += inc->fatalities;
        }
        tally(regions, &nr, 64, inc->region ? inc->region : "");
        tally(types, &nt, 64, inc->event_type ? inc->event_type : "");
        char y[8];
        snprintf(y, sizeof y, "%d", inc->year);
        tally(years, &ny, 128, inc->year ? y : "undated");
    }
    fprintf(f, "# Briefing pack: %s\n\n", pack->name);
    const char *slash = strrchr(pack->source, '/');
    fprintf(f, "Made %s by incmap %s from `%s`.\n\n", today, IM_VERSION,
            slash ? slash + 1 : pack->source);
    fprintf(f, "## Overview\n\n");
    fprintf(f, "- **%zu incidents** (%zu dated", set->n, dated);
    if (first[0])
        fprintf(f, ", %s to %s", first, last);
    fprintf(f, ")\n- **%zu places** named and located\n", pack->places ? pack->places->n : 0);
    fprintf(f, "- **%ld fatalities** reported in the %zu incidents that state a number\n", fatal,
            known);
    fprintf(f, "- **%zu links** (attackers' origins, routes)\n", pack->links ? pack->links->n : 0);
    fprintf(f, "\n## Counts\n");
    table(f, "By region", "region", regions, nr, false);
    table(f, "By event type (ACLED)", "event type", types, nt, false);
    table(f, "By year", "year", years, ny, true);
    /* one numbering for the pack (render.h): No. k is feature k of the incidents
     * layer; locations shared by several incidents are numbered by their first */
    int *loc = im_xcalloc(set->n ? set->n : 1, sizeof *loc);
    size_t *named_by = im_xcalloc(set->n ? set->n : 1, sizeof *named_by);
    size_t n_loc = im_map_number_locations(set, loc, named_by);
    fprintf(f, "\n## Incidents\n\nNumbering, the same on every map of the pack: incident "
               "No. *k* is feature *k* of the incidents layer (event_id order); the maps' key "
               "tables list incidents by these numbers. A position shared by two or more "
               "incidents is a numbered location (the number in a map's cluster symbol, "
               "column *loc.* here), numbered in the order of its lowest-numbered incident "
               "over the whole pack, so a place has the same number on every map.\n\n");
    fprintf(f, "| No. | loc. | date | place | country | type | sub-type | fatalities | "
               "injuries | actor | nationality | paragraph |\n"
               "|---:|---:|---|---|---|---|---|---:|---:|---|---|---:|\n");
    for (size_t i = 0; i < set->n; i++) {
        const im_incident *inc = &set->items[i];
        fprintf(f, "| %zu | ", i + 1);
        if (loc[i])
            fprintf(f, "%d", loc[i]);
        fprintf(f, " | %s | ", inc->event_date && inc->event_date[0] ? inc->event_date
                                                                     : "undated");
        cell(f, inc->location);
        fputs(" | ", f);
        cell(f, inc->country);
        fputs(" | ", f);
        cell(f, inc->event_type);
        fputs(" | ", f);
        cell(f, inc->sub_type);
        if (inc->fatalities != IM_UNKNOWN)
            fprintf(f, " | %d", inc->fatalities);
        else
            fputs(" | ?", f);
        if (inc->injuries != IM_UNKNOWN)
            fprintf(f, " | %d | ", inc->injuries);
        else
            fputs(" | ? | ", f);
        cell(f, inc->actor1);
        fputs(" | ", f);
        cell(f, inc->assoc_act1);
        fprintf(f, " | %d |\n", inc->para);
    }
    if (n_loc) {
        fprintf(f, "\n## Numbered locations\n\nThe numbers in the maps' cluster symbols; "
                   "each lists its incidents by No.\n\n| loc. | place | incidents | No. |\n"
                   "|---:|---|---:|---|\n");
        for (size_t k = 0; k < n_loc; k++) {
            const im_incident *named = &set->items[named_by[k]];
            fprintf(f, "| %zu | ", k + 1);
            cell(f, named->location && named->location[0] ? named->location : "(unnamed)");
            size_t members = 0;
            for (size_t i = 0; i < set->n; i++)
                members += loc[i] == (int)k + 1;
            fprintf(f, " | %zu | ", members);
            for (size_t i = 0, shown = 0; i < set->n; i++)
                if (loc[i] == (int)k + 1)
                    fprintf(f, "%s%zu", shown++ ? ", " : "", i + 1);
            fputs(" |\n", f);
        }
    }
    free(loc);
    free(named_by);
    fprintf(f, "\n## Places that could not be resolved\n\n");
    size_t unresolved = 0;
    for (size_t i = 0; i < pack->n_unresolved; i++, unresolved++)
        fprintf(f, "- %s\n", pack->unresolved[i]);
    if (!unresolved)
        fprintf(f, "None.\n");
    fprintf(f, "\n## Warnings\n\n");
    if (!pack->n_warnings)
        fprintf(f, "None.\n");
    for (size_t i = 0; i < pack->n_warnings; i++)
        fprintf(f, "- %s\n", pack->warnings[i]);
    fprintf(f, "\n## Files\n\n");
    for (size_t i = 0; i < pack->n_files; i++)
        fprintf(f, "- `%s`\n", pack->files[i]);
    fprintf(f, "\n## Sources and licences\n\n- The report: `%s`\n"
               "- GeoNames (cities500, admin1/admin2 names), CC BY 4.0, https://www.geonames.org\n"
               "- Natural Earth (countries, provinces, disputed boundaries, land), public domain, "
               "https://www.naturalearthdata.com\n"
               "- Leaflet (the map library inside index.html), (c) Vladimir Agafonkin and "
               "CloudMade, BSD 2-Clause licence, https://leafletjs.com\n\nIncident coding follows ACLED's conventions "
               "(event types, geo_precision, time_precision) so the layers merge with ACLED "
               "exports; incmap is not affiliated with ACLED. Boundaries are shown as Natural "
               "Earth draws them and imply no endorsement.\n",
            slash ? slash + 1 : pack->source);
    return im_outfile_close(ctx, &out, true);
}
