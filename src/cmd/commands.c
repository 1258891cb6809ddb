/* The command table and the small helpers shared by the cmd_*.c files. */
#include "commands.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const im_command im_commands[] = {
    {"brief", cmd_brief, "the main job: a report to a briefing pack (layers, maps, summary)"},
    {"geocode", cmd_geocode, "look names up in the embedded gazetteer"},
    {"regions", cmd_regions, "list the named regions, their countries and projections"},
    {"extract", cmd_extract, "extract incidents from reports into GIS layers"},
    {"filter", cmd_filter, "filter incidents by region, country, province, box, date and type"},
    {"places", cmd_places, "list every place a report names, resolved in context"},
    {"map", cmd_map, "draw an annotated briefing map (PNG, PDF, SVG)"},
    {NULL, NULL, NULL},
};

void im_cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("incmap: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void im_cli_log_to_stderr(void *user, im_log_level level, const char *message)
{
    (void)user;
    fprintf(stderr, "incmap: %s%s\n", level == IM_LOG_WARN ? "warning: " : "", message);
}

int im_cli_fail(im_ctx *ctx, im_status status)
{
    const char *msg = im_ctx_last_error(ctx);
    im_cli_error("%s", *msg ? msg : im_status_str(status));
    return im_status_exit_code(status);
}

int im_cli_parse(im_opts *opts, const im_opt_spec *specs, size_t n_specs, int argc,
                 char **argv, const char *synopsis, const char *summary)
{
    char err[256];
    if (!im_opts_parse(opts, specs, n_specs, argc, argv, err, sizeof err)) {
        im_cli_error("%s: %s (see 'incmap %s --help')", argv[0], err, argv[0]);
        return IM_EXIT_USAGE;
    }
    if (im_opts_count(opts, "help")) {
        char *usage = im_opts_usage(synopsis, summary, specs, n_specs);
        fputs(usage, stdout);
        free(usage);
        return IM_EXIT_OK;
    }
    return -1;
}

int im_cli_usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "incmap: %s: ", command);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, " (see 'incmap %s --help')\n", command);
    va_end(ap);
    return IM_EXIT_USAGE;
}

void im_cli_json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (*p < 0x20)
                fprintf(out, "\\u%04x", *p);
            else
                fputc(*p, out);
        }
    }
    fputc('"', out);
}

/* Why `data` is not a text report, or NULL when it may be one. Text never holds NUL
 * bytes except in UTF-16, which im_text_create reads only with a byte-order mark; so
 * NULs in the first 64 KiB of anything else mean UTF-16 without its BOM (NULs on one
 * side of most byte pairs, as in ASCII text) or binary data (like git's heuristic). */
static const char *not_text(const char *data, size_t len)
{
    const unsigned char *u = (const unsigned char *)data;
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        return NULL;
    size_t n = len < 65536 ? len : 65536, nul[2] = {0, 0};
    for (size_t i = 0; i < n; i++)
        if (!u[i])
            nul[i & 1]++;
    if (!nul[0] && !nul[1])
        return NULL;
    for (int side = 0; side < 2; side++)
        if (nul[side] * 4 >= n / 2 && nul[!side] * 16 <= nul[side])
            return "looks like UTF-16 without a byte-order mark (save it as UTF-8)";
    return "binary data, not a text report (it holds NUL bytes)";
}

int im_cli_read_input(const char *path, char **data, size_t *len)
{
    return im_cli_read_input_doc(path, data, len, NULL);
}

int im_cli_read_input_doc(const char *path, char **data, size_t *len, im_document **doc)
{
    if (doc)
        *doc = NULL;
    *data = NULL;
    *len = 0;
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        im_cli_error("cannot open '%s': %s", path, strerror(errno));
        return IM_EXIT_FAILURE;
    }
    struct stat st;
    bool stat_ok = !is_stdin && fstat(fileno(f), &st) == 0;
    if (stat_ok && S_ISDIR(st.st_mode)) {
        fclose(f);
        im_cli_error("cannot read '%s': it is a directory", path);
        return IM_EXIT_FAILURE;
    }
    /* refuse an oversized regular file before reading a byte of it */
    if (stat_ok && S_ISREG(st.st_mode) && (uintmax_t)st.st_size > IM_TEXT_MAX_INPUT) {
        fclose(f);
        im_cli_error("cannot read '%s': larger than %zu bytes", path,
                     (size_t)IM_TEXT_MAX_INPUT);
        return IM_EXIT_FAILURE;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = im_xmalloc(cap + 1);
    for (;;) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
        if (n == cap) {
            if (cap >= IM_TEXT_MAX_INPUT) {
                im_cli_error("cannot read '%s': larger than %zu bytes", path,
                             (size_t)IM_TEXT_MAX_INPUT);
                free(buf);
                if (!is_stdin)
                    fclose(f);
                return IM_EXIT_FAILURE;
            }
            cap *= 2;
            buf = im_xreallocarray(buf, cap + 1, 1);
        }
    }
    bool failed = ferror(f);
    int err = errno;
    if (!is_stdin)
        fclose(f);
    if (failed) {
        im_cli_error("cannot read '%s': %s", is_stdin ? "standard input" : path, strerror(err));
        free(buf);
        return IM_EXIT_FAILURE;
    }
    buf[n] = '\0';
    if (im_cli_report_convert(path, &buf, &n, doc)) {
        free(buf);
        return IM_EXIT_FAILURE;
    }
    const char *why = not_text(buf, n);
    if (why) {
        im_cli_error("cannot read '%s': %s", is_stdin ? "standard input" : path, why);
        free(buf);
        return IM_EXIT_FAILURE;
    }
    *data = buf;
    *len = n;
    return IM_EXIT_OK;
}

int im_cli_finish_stdout(int rc)
{
    const char *why = NULL;
    if (fflush(stdout) != 0)
        why = strerror(errno);
    else if (ferror(stdout))
        why = "write error";
    if (!why)
        return rc;
    if (rc == IM_EXIT_OK)
        im_cli_error("cannot write standard output: %s", why);
    return rc == IM_EXIT_OK ? IM_EXIT_FAILURE : rc;
}
