/* Command-line options declared as data.
 *
 * Each command lists its options in an array of im_opt_spec; the same array drives
 * parsing and the usage text, so the two cannot drift apart. GNU-style long options
 * (--name value, --name=value), short forms (-o FILE, -oFILE), `--` to end options and
 * `-` as an ordinary positional argument. A spec carries the value's kind, range and
 * default, so numbers are checked in one place. This is parsing only: it never prints.
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

/* What a value must be. A number is checked against [min, max] while parsing, so a
 * command never sees one out of range; the usage shows the range and the default. */
typedef enum im_opt_kind {
    IM_OPT_TEXT = 0,   /* anything (the command checks it) */
    IM_OPT_INT,        /* a whole number */
    IM_OPT_REAL,       /* a decimal number */
    IM_OPT_CHOICE      /* one of the words of `metavar`, separated by '|' ("auto|all|none") */
} im_opt_kind;

typedef struct im_opt_spec {
    const char *name;       /* long name without dashes, e.g. "output" */
    char short_name;        /* e.g. 'o', or 0 */
    im_opt_type type;
    const char *metavar;    /* e.g. "FILE"; NULL for flags */
    const char *help;       /* one line, without the range or default (added to usage) */
    im_opt_kind kind;       /* IM_OPT_INT / IM_OPT_REAL: checked against min..max */
    double min, max;        /* the allowed range of a number, inclusive */
    const char *dflt;       /* the value when the option is not given, or NULL */
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

/* Value of option `name` as given: NULL when not given (im_opts_value for the default). Aborts if `name` is not declared (a
 * programming error). */
const char *im_opts_get(const im_opts *opts, const char *name);
/* Value of option `name`, or its spec's default when not given (NULL if none). */
const char *im_opts_value(const im_opts *opts, const char *name);
/* A number option (IM_OPT_INT / IM_OPT_REAL), already checked against its range: the
 * value given, else the default (0 when there is none). */
double im_opts_number(const im_opts *opts, const char *name);
/* An IM_OPT_CHOICE option: the position of its value (or of the default when not
 * given) among the words of its metavar; -1 when neither is there. */
int im_opts_choice(const im_opts *opts, const char *name);
/* How many times option `name` was given. */
int im_opts_count(const im_opts *opts, const char *name);
/* All values of a LIST option. */
const char *const *im_opts_list(const im_opts *opts, const char *name, size_t *n);

/* Usage text: the `synopsis` line, `summary`, then one aligned line per option (its
 * help, then "MIN to MAX" for numbers and "(default X)").
 * Returns a new string (caller frees). */
char *im_opts_usage(const char *synopsis, const char *summary,
                    const im_opt_spec *specs, size_t n_specs);

#endif
