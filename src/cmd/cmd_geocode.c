/* `incmap geocode NAME...`: ranked gazetteer candidates for each name, as TSV (with a
 * header) or JSON. Exact names and alternate names only, unless --fuzzy also asks for
 * transliteration variants (approximate matches, marked "variant" in the match
 * column), which the geoparser never uses. Exit 1 when some name has no candidate at
 * all, so scripts notice. */
#include "commands.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const im_opt_spec specs[] = {
    {"country", 'c', IM_OPT_VALUE, "ISO2", "only places in this country (e.g. AF)", IM_OPT_TEXT, 0, 0, NULL},
    {"kind", 'k', IM_OPT_VALUE, "KIND", "only this kind: country, admin1, admin2, city or feature", IM_OPT_TEXT, 0, 0, NULL},
    {"limit", 'n', IM_OPT_VALUE, "N", "at most N candidates per name (default 5)", IM_OPT_TEXT, 0, 0, NULL},
    {"fuzzy", 0, IM_OPT_FLAG, NULL,
     "also suggest approximate matches (transliteration variants), marked as such", IM_OPT_TEXT, 0, 0, NULL},
    {"json", 0, IM_OPT_FLAG, NULL, "print JSON instead of TSV", IM_OPT_TEXT, 0, 0, NULL},
    IM_CLI_OPT_HELP,
};

/* --kind values, in im_place_kind order */
static const char *kind_names[] = {"country", "admin1", "admin2", "city", "feature"};

static const char *match_str(im_match m)
{
    return m == IM_MATCH_NAME ? "name" : m == IM_MATCH_ALT ? "alternate" : "variant";
}

static const char *unit_name(const im_gazetteer *gz, uint32_t id)
{
    if (id == IM_PLACE_NONE)
        return "";
    im_place p;
    im_gazetteer_get(gz, id, &p);
    return p.name;
}

static void print_row(FILE *out, const im_gazetteer *gz, const char *query, size_t rank,
                      const im_candidate *c, bool json)
{
    im_place p;
    im_gazetteer_get(gz, c->id, &p);
    const char *a1 = p.kind == IM_PLACE_ADMIN1 ? p.name : unit_name(gz, p.admin1);
    const char *a2 = p.kind == IM_PLACE_ADMIN2 ? p.name : unit_name(gz, p.admin2);
    if (json) {
        fputs(rank ? ",\n    {" : "\n    {", out);
        fputs("\"name\": ", out);
        im_cli_json_string(out, p.name);
        fprintf(out, ", \"kind\": \"%s\", \"iso2\": \"%s\", \"admin1\": ", p.kind_name,
                p.iso2);
        im_cli_json_string(out, a1);
        fputs(", \"admin2\": ", out);
        im_cli_json_string(out, a2);
        if (p.has_coords)
            fprintf(out, ", \"lat\": %.5f, \"lon\": %.5f", p.lat, p.lon);
        else
            fputs(", \"lat\": null, \"lon\": null", out);
        if (p.has_seat)
            fprintf(out, ", \"seat_lat\": %.5f, \"seat_lon\": %.5f", p.seat_lat, p.seat_lon);
        else
            fputs(", \"seat_lat\": null, \"seat_lon\": null", out);
        fprintf(out, ", \"population\": %llu, \"geonameid\": ",
                (unsigned long long)p.population);
        if (p.geonameid)
            fprintf(out, "%u", p.geonameid);
        else
            fputs("null", out);
        fprintf(out, ", \"feature\": \"%s\", \"match\": \"%s\", \"score\": %.3f}",
                p.feature, match_str(c->match), c->score);
        return;
    }
    fprintf(out, "%s\t%zu\t%s\t%s\t%s\t%s\t%s\t", query, rank + 1, p.name, p.kind_name,
            p.iso2, a1, a2);
    if (p.has_coords)
        fprintf(out, "%.5f\t%.5f\t", p.lat, p.lon);
    else
        fputs("\t\t", out);
    fprintf(out, "%llu\t", (unsigned long long)p.population);
    if (p.geonameid)
        fprintf(out, "%u", p.geonameid);
    fprintf(out, "\t%.3f\t%s\n", c->score, match_str(c->match));
}

int cmd_geocode(im_ctx *ctx, int argc, char **argv)
{
    im_opts opts;
    size_t n_specs = sizeof specs / sizeof specs[0];
    int rc = im_cli_parse(&opts, specs, n_specs, argc, argv);
    if (rc >= 0)
        goto done;
    rc = IM_EXIT_USAGE;
    if (opts.n_args == 0) {
        im_cli_usage_error("geocode", "no NAME given");
        goto done;
    }
    im_lookup_opts lo = IM_LOOKUP_OPTS_INIT;
    const char *country = im_opts_get(&opts, "country");
    const char *kind = im_opts_get(&opts, "kind");
    const char *limit_s = im_opts_get(&opts, "limit");
    bool json = im_opts_count(&opts, "json") > 0;
    lo.variants = im_opts_count(&opts, "fuzzy") > 0;
    long limit = 5;
    if (limit_s) {
        char *end;
        errno = 0;
        limit = strtol(limit_s, &end, 10);
        if (errno || *end || end == limit_s || limit < 1 || limit > 1000) {
            im_cli_usage_error("geocode", "--limit '%s' is not a whole number from 1 to 1000",
                               limit_s);
            goto done;
        }
    }
    if (kind) {
        lo.kind = IM_PLACE_ANY;
        for (int k = 0; k < 5; k++)
            if (strcmp(kind, kind_names[k]) == 0)
                lo.kind = (im_place_kind)k;
        if (lo.kind == IM_PLACE_ANY) {
            im_cli_usage_error("geocode", "--kind '%s' is not one of country, admin1, admin2, "
                               "city, feature", kind);
            goto done;
        }
    }
    const im_gazetteer *gz = im_cli_gazetteer(ctx, &rc);
    if (!gz)
        goto done;
    if (country) {
        if (im_gazetteer_country(gz, country) == IM_PLACE_NONE) {
            im_cli_usage_error("geocode", "--country '%s' is not an ISO 3166-1 alpha-2 code "
                               "incmap knows", country);
            goto done;
        }
        lo.iso2 = country;
    }
    im_candidate *cands = im_xcalloc((size_t)limit, sizeof *cands);
    rc = IM_EXIT_OK;
    if (json)
        fputs("[", stdout);
    else
        fputs("query\trank\tname\tkind\tiso2\tadmin1\tadmin2\tlat\tlon\tpopulation\t"
              "geonameid\tscore\tmatch\n", stdout);
    for (size_t i = 0; i < opts.n_args; i++) {
        const char *q = opts.args[i];
        size_t total = im_gazetteer_lookup(gz, q, strlen(q), &lo, cands, (size_t)limit);
        size_t shown = total < (size_t)limit ? total : (size_t)limit;
        if (json) {
            fputs(i ? ",\n  {\"query\": " : "\n  {\"query\": ", stdout);
            im_cli_json_string(stdout, q);
            fputs(", \"candidates\": [", stdout);
        }
        for (size_t r = 0; r < shown; r++)
            print_row(stdout, gz, q, r, &cands[r], json);
        if (json)
            fputs(shown ? "\n  ]}" : "]}", stdout);
        if (total == 0) {
            im_cli_error("geocode: no place named '%s'", q);
            rc = IM_EXIT_FAILURE;
        }
    }
    if (json)
        fputs("\n]\n", stdout);
    free(cands);
    rc = im_cli_finish_stdout(rc);
done:
    im_opts_free(&opts);
    return rc;
}
