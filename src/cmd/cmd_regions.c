/* `incmap regions`: the named regions with their countries, extents and projections,
 * as an aligned table or JSON. */
#include "commands.h"

#include <string.h>

static const im_opt_spec specs[] = {
    {"json", 0, IM_OPT_FLAG, NULL, "print JSON instead of a table", IM_OPT_TEXT, 0, 0, NULL},
    IM_CLI_OPT_HELP,
};

int cmd_regions(im_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    im_opts opts;
    int rc = im_cli_parse(&opts, specs, sizeof specs / sizeof specs[0], argc, argv);
    if (rc >= 0)
        goto done;
    if (opts.n_args) {
        rc = im_cli_usage_error("regions", "unexpected argument '%s'", opts.args[0]);
        goto done;
    }
    size_t n;
    const im_region *r = im_regions_all(&n);
    bool json = im_opts_count(&opts, "json") > 0;
    char proj[256];
    if (json)
        fputs("[", stdout);
    for (size_t i = 0; i < n; i++) {
        im_region_proj(&r[i], proj, sizeof proj);
        if (json) {
            fputs(i ? ",\n  {\"name\": " : "\n  {\"name\": ", stdout);
            im_cli_json_string(stdout, r[i].name);
            fputs(", \"title\": ", stdout);
            im_cli_json_string(stdout, r[i].title);
            fputs(", \"countries\": [", stdout);
            if (strcmp(r[i].countries, "*") != 0) {
                for (const char *p = r[i].countries; *p; p += p[2] ? 3 : 2) {
                    fprintf(stdout, "%s\"%.2s\"", p == r[i].countries ? "" : ", ", p);
                    if (!p[2])
                        break;
                }
            }
            fprintf(stdout, "], \"all_countries\": %s, \"extent\": [%.2f, %.2f, %.2f, %.2f], "
                            "\"projection\": ",
                    strcmp(r[i].countries, "*") == 0 ? "true" : "false", r[i].west,
                    r[i].south, r[i].east, r[i].north);
            im_cli_json_string(stdout, proj);
            fputs("}", stdout);
        } else {
            printf("%-14s %-26s extent %7.2f %6.2f %7.2f %6.2f\n", r[i].name, r[i].title,
                   r[i].west, r[i].south, r[i].east, r[i].north);
            printf("  countries:  %s\n  projection: %s\n",
                   strcmp(r[i].countries, "*") == 0 ? "all" : r[i].countries, proj);
        }
    }
    if (json)
        fputs("\n]\n", stdout);
    rc = IM_EXIT_OK;
done:
    im_opts_free(&opts);
    return rc;
}
