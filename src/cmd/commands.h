/* The command table and the helpers every cmd_<name>.c shares: option parsing with
 * --help, error lines on stderr and exit codes. Only the program (main.c and
 * cmd_*.c) includes this; the library never prints or exits. */
#ifndef INCMAP_COMMANDS_H
#define INCMAP_COMMANDS_H

#include "incmap/incmap.h"
#include "incmap/geoparse.h"
#include "incmap/text.h"
#include <stdbool.h>
#include <stdio.h>

typedef int (*im_cmd_fn)(im_ctx *ctx, int argc, char **argv);

typedef struct im_command {
    const char *name;
    im_cmd_fn run;
    const char *summary;    /* one line, for `incmap --help` */
    const char *synopsis;   /* the usage line of `incmap NAME --help` */
    const char *about;      /* what the command does, printed above its options */
} im_command;

/* The table, NULL-terminated by a zero entry. */
extern const im_command im_commands[];

int cmd_geocode(im_ctx *ctx, int argc, char **argv);
int cmd_regions(im_ctx *ctx, int argc, char **argv);
int cmd_map(im_ctx *ctx, int argc, char **argv);
int cmd_places(im_ctx *ctx, int argc, char **argv);
int cmd_extract(im_ctx *ctx, int argc, char **argv);
int cmd_filter(im_ctx *ctx, int argc, char **argv);
int cmd_brief(im_ctx *ctx, int argc, char **argv);
int cmd_web(im_ctx *ctx, int argc, char **argv);

/* The options several commands share, defined once (type, range, default, help) and
 * put into each command's spec array by name. --dpi is one decimal number from 50 to
 * 1200 dots per inch, 150 by default, for `map` and `brief` alike (A4 landscape: 1754 x
 * 1240 pixels); --paper is A4 by default. */
#define IM_CLI_OPT_DPI                                                                  \
    {"dpi", 0, IM_OPT_VALUE, "N", "PNG resolution in dots per inch", IM_OPT_REAL, 50, 1200, \
     "150"}
#define IM_CLI_OPT_PAPER                                                                \
    {"paper", 0, IM_OPT_VALUE, "SIZE", "page: A4, A3, letter or WxHmm (50 to 2000 mm)",   \
     IM_OPT_TEXT, 0, 0, "A4"}
#define IM_CLI_OPT_PORTRAIT                                                             \
    {"portrait", 0, IM_OPT_FLAG, NULL, "portrait pages (default landscape)", IM_OPT_TEXT, 0, \
     0, NULL}
#define IM_CLI_OPT_BANNER                                                               \
    {"banner", 0, IM_OPT_VALUE, "TEXT", "classification banner at the top and bottom of "   \
     "every map", IM_OPT_TEXT, 0, 0, NULL}
#define IM_CLI_OPT_OVERWRITE                                                            \
    {"overwrite", 0, IM_OPT_FLAG, NULL, "replace existing outputs", IM_OPT_TEXT, 0, 0, NULL}
#define IM_CLI_OPT_QUIET                                                                \
    {"quiet", 'q', IM_OPT_FLAG, NULL, "errors only: no progress, warnings or summary",     \
     IM_OPT_TEXT, 0, 0, NULL}
#define IM_CLI_OPT_VERBOSE                                                              \
    {"verbose", 'v', IM_OPT_FLAG, NULL, "each stage and its time on stderr", IM_OPT_TEXT, 0, \
     0, NULL}
#define IM_CLI_OPT_HELP {"help", 'h', IM_OPT_FLAG, NULL, "show this help", IM_OPT_TEXT, 0, 0, NULL}

/* How much a command says on stderr: -q errors only, -v each stage with its time. */
typedef enum im_cli_verbosity { IM_CLI_QUIET = -1, IM_CLI_NORMAL = 0, IM_CLI_VERBOSE = 1 } im_cli_verbosity;

/* The verbosity the options ask for (a spec without quiet/verbose counts as normal; -q
 * wins over -v); with -q the context's log delivers errors only. */
im_cli_verbosity im_cli_verbosity_of(im_ctx *ctx, const im_opts *opts);

/* Exit codes of DESIGN.md. */
enum { IM_EXIT_OK = 0, IM_EXIT_FAILURE = 1, IM_EXIT_USAGE = 2 };

/* Print "incmap: <message>" on stderr. */
void im_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The program's log callback: "incmap: [warning: ]message" on stderr. */
void im_cli_log_to_stderr(void *user, im_log_level level, const char *message);

/* The context's gazetteer; when it cannot be opened, prints why and sets *rc to the
 * exit code (NULL). */
const im_gazetteer *im_cli_gazetteer(im_ctx *ctx, int *rc);

/* Print the context's last error for a failed status and return its exit code. */
int im_cli_fail(im_ctx *ctx, im_status status);

/* Parse a command's options. Returns -1 to go on; otherwise the exit code to return
 * at once (0 after printing --help to stdout, 2 after a usage error on stderr).
 * Every command's spec array must declare "help". */
int im_cli_parse(im_opts *opts, const im_opt_spec *specs, size_t n_specs, int argc,
                 char **argv);

/* Print a usage error about an option or argument and return 2. */
int im_cli_usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Read a whole text input ("-" = standard input) into a NUL-terminated buffer the
 * caller frees. Refuses directories, files above IM_TEXT_MAX_INPUT (before reading),
 * binary data and UTF-16 without a byte-order mark: on failure prints one line naming
 * the file and returns 1. */
int im_cli_read_input(const char *path, char **data, size_t *len);
/* The same, for a report: a PDF, HTML page or Word file is read by its reader
 * (include/incmap/reader.h) and `*data` holds its text; `*doc` (when not NULL)
 * receives the document (metadata, notes, source map; NULL for plain text), which the
 * caller destroys. */
typedef struct im_document im_document;
int im_cli_read_input_doc(const char *path, char **data, size_t *len, im_document **doc);
/* Turn a document's bytes in `*data` into its text when they are not plain text
 * (src/cmd/cli_report.c); prints one line and returns 1 when the reader fails. */
int im_cli_report_convert(const char *path, char **data, size_t *len, im_document **doc);
/* --no-ocr: PDF pages without a text layer are reported, not recognised. */
void im_cli_set_no_ocr(bool no_ocr);

/* Flush standard output at the end of a command that wrote results there. When
 * anything failed to go out (disk full, a closed pipe), prints one line and returns
 * 1 if `rc` was 0 — a result must never be lost silently; otherwise returns `rc`. */
int im_cli_finish_stdout(int rc);

/* A report read, decoded and geoparsed (src/cli_report.c). */
typedef struct im_cli_report {
    char *data;                 /* the file's bytes */
    size_t len;                 /* their number */
    const im_gazetteer *gz;     /* borrowed from the context */
    im_text *text;
    im_geoparse *gp;
    char *doc;                  /* the file's stem ("stdin" for -), used as document id */
    im_document *source;        /* what a PDF/HTML/DOCX reader found (metadata with the
                                   report date, notes, pages); NULL for plain text */
} im_cli_report;

/* Read, decode and geoparse the report at `path` ("-" = stdin) into `out`; on failure
 * prints one line naming the file and returns the exit code (`out` is then empty).
 * Release with im_cli_report_close. */
int im_cli_report_open(im_ctx *ctx, const char *path, im_cli_report *out);
void im_cli_report_close(im_cli_report *r);

/* Is `path` a report (prose) rather than a layer? By its extension (.txt, .md, .html,
 * .pdf, .docx); the reader itself is then chosen by content. */
bool im_cli_is_report(const char *path);
/* Read, geoparse and extract a report into `out` (src/cli_report.c); on failure prints
 * one line naming the file and returns the exit code. */
int im_cli_load_report(im_ctx *ctx, const char *path, im_incident_set *out);
/* The same, also appending the extractor's links (origins, routes) to `links`
 * (may be NULL). */
typedef struct im_link_set im_link_set;
int im_cli_load_report_links(im_ctx *ctx, const char *path, im_incident_set *out,
                             im_link_set *links);

typedef struct im_map im_map;
/* Render `map` into `path` (.png at `dpi`, .pdf, .svg) beside-then-rename; refuses an
 * existing file unless overwrite (src/map_output.c). */
im_status map_write_file(im_ctx *ctx, im_map *map, const char *path, double dpi, bool overwrite);
/* The same for several files of one map (e.g. its PNG and PDF): every path is checked
 * before any is written, and the map is drawn once and replayed onto each. */
im_status map_write_files(im_ctx *ctx, im_map *map, const char *const *paths, size_t n,
                          double dpi, bool overwrite);

/* Write the interactive page (web.h) into `path` beside-then-rename; refuses an
 * existing file unless overwrite (src/cmd/cmd_web.c, shared with `incmap brief`). */
typedef struct im_web_opts im_web_opts;
im_status web_write_file(im_ctx *ctx, const char *path, const im_web_opts *wo,
                         const im_incident_set *set, const im_link_set *links, bool overwrite);

/* Write a JSON string literal (with quotes) for `s`. */
void im_cli_json_string(FILE *out, const char *s);

#endif
