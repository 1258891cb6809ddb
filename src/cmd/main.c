/* incmap's entry point: global options (--help, --version), then dispatch to the
 * command named by the first argument. Nothing else happens here. */
#include "commands.h"
#include "im_config.h"

#include <cairo.h>
#include <gdal.h>
#include <proj.h>
#include <pango/pango.h>
#include <stdlib.h>
#include <string.h>

static void print_help(FILE *out)
{
    fputs("usage: incmap <command> [options] [arguments]\n\n"
          "Geospatial incident mapper: turns analytical reports into incident layers\n"
          "and briefing maps, and filters incident layers by region.\n\ncommands:\n",
          out);
    for (const im_command *c = im_commands; c->name; c++)
        fprintf(out, "  %-10s %s\n", c->name, c->summary);
    fputs("\n'incmap <command> --help' describes a command. Global options:\n"
          "  --help       this text\n  --version    versions, data sources and licences\n"
          "\nExit status: 0 success, 1 runtime failure, 2 usage error.\n",
          out);
}

static void print_version(void)
{
    PJ_INFO pj = proj_info();
    printf("incmap %s\n", IM_VERSION);
    printf("GDAL %s, PROJ %s, cairo %s, Pango %s\n", GDALVersionInfo("RELEASE_NAME"),
           pj.release, cairo_version_string(), pango_version_string());
    printf("\nData sources and licences:\n%s", im_gazetteer_sources());
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        im_cli_error("no command given (see 'incmap --help')");
        return IM_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        print_help(stdout);
        return IM_EXIT_OK;
    }
    if (strcmp(name, "--version") == 0) {
        print_version();
        return IM_EXIT_OK;
    }
    for (const im_command *c = im_commands; c->name; c++) {
        if (strcmp(c->name, name) == 0) {
            im_ctx *ctx = im_ctx_create(argv[0]);
            im_ctx_set_log(ctx, im_cli_log_to_stderr, NULL, IM_LOG_WARN);
            int rc = c->run(ctx, argc - 1, argv + 1);
            im_ctx_destroy(ctx);
            return rc;
        }
    }
    im_cli_error("'%s' is not a command (see 'incmap --help')", name);
    return IM_EXIT_USAGE;
}
