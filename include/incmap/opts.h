/* Command-line options declared as data.
 *
 * Each command lists its options in an array of im_opt_spec; the same array drives
 * parsing and the usage text, so the two cannot drift apart. GNU-style long options
 * (--name value, --name=value), short forms (-o FILE, -oFILE), `--` to end options and
 * `-` as an ordinary positional argument. This is parsing only: it never prints.
 */
#ifndef INCMAP_OPTS_H
#define INCMAP_OPTS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum im_opt_type {
    IM_OPT_FLAG,    /* takes no value; may be repeated (count) */
    IM_OPT_VALUE,   /* takes one value; the last one given wins */
    IM_OPT_LIST     /* takes one value each time; every value is kept */
} im_opt_type;

typedef struct im_opt_spec {
    const char *name;       /* long name without dashes, e.g. "output" */
    char short_name;        /* e.g. 'o', or 0 */
    im_opt_type type;
    const char *metavar;    /* e.g. "FILE"; NULL for flags */
    const char *help;       /* one line */
} im_opt_spec;

typedef struct im_opt_value {
    int count;              /* how many times the option was given */
    const char *value;      /* last value (VALUE/LIST), borrowed from argv */
    const char **values;    /* all values (LIST), owned by im_opts */
    size_t n_values;
} im_opt_value;

typedef struct im_opts {
    const im_opt_spec *specs;
    size_t n_specs;
    im_opt_value *values;   /* one per spec */
    const char **args;      /* positional arguments, borrowed from argv */
    size_t n_args;
} im_opts;

/* Parse argv[1..argc-1] (argv[0] is the command name). On a usage error returns
 * false and writes one line into err (e.g. "unknown option '--foo'"). `out` must be
 * released with im_opts_free whatever the result. */
bool im_opts_parse(im_opts *out, const im_opt_spec *specs, size_t n_specs,
                   int argc, char **argv, char *err, size_t err_len);
void im_opts_free(im_opts *opts);

/* Value of option `name`: NULL when not given. Aborts if `name` is not declared (a
 * programming error). */
const char *im_opts_get(const im_opts *opts, const char *name);
/* How many times option `name` was given. */
int im_opts_count(const im_opts *opts, const char *name);
/* All values of a LIST option. */
const char *const *im_opts_list(const im_opts *opts, const char *name, size_t *n);

/* Usage text: the `synopsis` line, `summary`, then one aligned line per option.
 * Returns a new string (caller frees). */
char *im_opts_usage(const char *synopsis, const char *summary,
                    const im_opt_spec *specs, size_t n_specs);

#endif
