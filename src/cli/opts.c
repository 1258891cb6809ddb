/* Parser and usage printer for options declared as im_opt_spec arrays (opts.h).
 * It reports the first usage error as one line and never prints or exits itself:
 * the command decides what to do with the message. */
#include "incmap/opts.h"
#include "incmap/alloc.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "300", "1.5": the number `s` as the spec's kind allows, within its range. */
static bool parse_number(const im_opt_spec *spec, const char *s, double *out)
{
    char *end;
    errno = 0;
    double v;
    if (spec->kind == IM_OPT_INT) {
        long l = strtol(s, &end, 10);
        v = (double)l;
    } else {
        v = strtod(s, &end);
    }
    if (errno || end == s || *end || !isfinite(v) || v < spec->min || v > spec->max)
        return false;
    *out = v;
    return true;
}

/* The position of `value` among the '|'-separated words of `list`, or -1. */
static int choice_index(const char *list, const char *value)
{
    size_t n = strlen(value);
    int i = 0;
    for (const char *p = list; p && *p; i++) {
        size_t m = strcspn(p, "|");
        if (m == n && !strncmp(p, value, n))
            return i;
        p += m + (p[m] == '|');
    }
    return -1;
}

/* "auto, all or none" from "auto|all|none" */
static void choices_text(const char *list, char *buf, size_t len)
{
    buf[0] = '\0';
    size_t used = 0;
    for (const char *p = list; *p && used < len;) {
        size_t m = strcspn(p, "|");
        bool last = p[m] == '\0', first = p == list;
        int w = snprintf(buf + used, len - used, "%s%.*s", first ? "" : last ? " or " : ", ",
                         (int)m, p);
        used += w > 0 ? (size_t)w : 0;
        p += m + !last;
    }
}

/* "50 to 1200" (numbers print without trailing zeros) */
static void range_text(const im_opt_spec *spec, char *buf, size_t len)
{
    snprintf(buf, len, "%g to %g", spec->min, spec->max);
}

static const im_opt_spec *find_long(const im_opts *o, const char *name, size_t len,
                                    size_t *index)
{
    const im_opt_spec *match = NULL;
    for (size_t i = 0; i < o->n_specs; i++) {
        const char *n = o->specs[i].name;
        if (strlen(n) == len && strncmp(n, name, len) == 0) {
            *index = i;
            return &o->specs[i];
        }
    }
    return match;
}

static const im_opt_spec *find_short(const im_opts *o, char c, size_t *index)
{
    for (size_t i = 0; i < o->n_specs; i++) {
        if (o->specs[i].short_name == c) {
            *index = i;
            return &o->specs[i];
        }
    }
    return NULL;
}

static void record(im_opts *o, size_t index, const char *value)
{
    im_opt_value *v = &o->values[index];
    v->count++;
    if (!value)
        return;
    v->value = value;
    if (o->specs[index].type == IM_OPT_LIST) {
        v->values = im_xreallocarray(v->values, v->n_values + 1, sizeof *v->values);
        v->values[v->n_values++] = value;
    }
}

bool im_opts_parse(im_opts *out, const im_opt_spec *specs, size_t n_specs,
                   int argc, char **argv, char *err, size_t err_len)
{
    memset(out, 0, sizeof *out);
    out->specs = specs;
    out->n_specs = n_specs;
    out->values = im_xcalloc(n_specs ? n_specs : 1, sizeof *out->values);
    out->args = im_xcalloc((size_t)(argc > 0 ? argc : 1), sizeof *out->args);
    bool only_args = false;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_args || a[0] != '-' || a[1] == '\0') {
            out->args[out->n_args++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_args = true;
            continue;
        }
        size_t index = 0;
        const im_opt_spec *spec;
        const char *value = NULL;
        if (a[1] == '-') {
            const char *name = a + 2;
            const char *eq = strchr(name, '=');
            size_t len = eq ? (size_t)(eq - name) : strlen(name);
            spec = find_long(out, name, len, &index);
            if (!spec) {
                snprintf(err, err_len, "unknown option '--%.*s'", (int)len, name);
                goto fail;
            }
            if (eq) {
                if (spec->type == IM_OPT_FLAG) {
                    snprintf(err, err_len, "option '--%s' takes no value", spec->name);
                    goto fail;
                }
                value = eq + 1;
            }
        } else {
            spec = find_short(out, a[1], &index);
            if (!spec) {
                snprintf(err, err_len, "unknown option '-%c'", a[1]);
                goto fail;
            }
            if (a[2] != '\0') {
                if (spec->type == IM_OPT_FLAG) {
                    snprintf(err, err_len, "option '-%c' takes no value", a[1]);
                    goto fail;
                }
                value = a + 2;
            }
        }
        if (spec->type != IM_OPT_FLAG && !value) {
            if (i + 1 >= argc) {
                snprintf(err, err_len, "option '--%s' needs a value (%s)", spec->name,
                         spec->metavar ? spec->metavar : "VALUE");
                goto fail;
            }
            value = argv[++i];
        }
        double num;
        if (spec->kind == IM_OPT_CHOICE) {
            if (choice_index(spec->metavar, value) < 0) {
                char words[160];
                choices_text(spec->metavar, words, sizeof words);
                snprintf(err, err_len, "--%s '%s' is not %s", spec->name, value, words);
                goto fail;
            }
        } else if (spec->kind != IM_OPT_TEXT && value && !parse_number(spec, value, &num)) {
            char range[64];
            range_text(spec, range, sizeof range);
            snprintf(err, err_len, "--%s '%s' is not a %s from %s", spec->name, value,
                     spec->kind == IM_OPT_INT ? "whole number" : "number", range);
            goto fail;
        }
        record(out, index, value);
    }
    return true;
fail:
    /* One line, whatever the arguments held: a newline or escape sequence typed into
     * an option name must not split or garble the message on the terminal. */
    for (char *p = err; err_len && *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7F)
            *p = '?';
    return false;
}

void im_opts_free(im_opts *opts)
{
    if (!opts)
        return;
    for (size_t i = 0; opts->values && i < opts->n_specs; i++)
        free(opts->values[i].values);
    free(opts->values);
    free(opts->args);
    memset(opts, 0, sizeof *opts);
}

static size_t index_of(const im_opts *opts, const char *name)
{
    for (size_t i = 0; i < opts->n_specs; i++)
        if (strcmp(opts->specs[i].name, name) == 0)
            return i;
    fprintf(stderr, "incmap: internal error: option '--%s' is not declared\n", name);
    abort();
}

const char *im_opts_get(const im_opts *opts, const char *name)
{
    return opts->values[index_of(opts, name)].value;
}

const char *im_opts_value(const im_opts *opts, const char *name)
{
    size_t i = index_of(opts, name);
    return opts->values[i].value ? opts->values[i].value : opts->specs[i].dflt;
}

double im_opts_number(const im_opts *opts, const char *name)
{
    size_t i = index_of(opts, name);
    const char *v = opts->values[i].value ? opts->values[i].value : opts->specs[i].dflt;
    double num = 0;
    if (v && !parse_number(&opts->specs[i], v, &num)) {
        fprintf(stderr, "incmap: internal error: option '--%s' has no valid number\n", name);
        abort();
    }
    return num;
}

int im_opts_choice(const im_opts *opts, const char *name)
{
    size_t i = index_of(opts, name);
    const char *v = opts->values[i].value ? opts->values[i].value : opts->specs[i].dflt;
    return v ? choice_index(opts->specs[i].metavar, v) : -1;
}

int im_opts_count(const im_opts *opts, const char *name)
{
    return opts->values[index_of(opts, name)].count;
}

const char *const *im_opts_list(const im_opts *opts, const char *name, size_t *n)
{
    const im_opt_value *v = &opts->values[index_of(opts, name)];
    *n = v->n_values;
    return v->values;
}

char *im_opts_usage(const char *synopsis, const char *summary,
                    const im_opt_spec *specs, size_t n_specs)
{
    size_t cap = 1024, len = 0;
    char *buf = im_xmalloc(cap);
    buf[0] = '\0';
#define APPEND(...)                                                          \
    do {                                                                     \
        int n_ = snprintf(NULL, 0, __VA_ARGS__);                             \
        buf = im_xgrow(buf, &cap, len + (size_t)n_ + 1, 1);                  \
        snprintf(buf + len, cap - len, __VA_ARGS__);                         \
        len += (size_t)n_;                                                   \
    } while (0)
    APPEND("usage: %s\n", synopsis);
    if (summary && *summary)
        APPEND("\n%s\n", summary);
    if (n_specs)
        APPEND("\noptions:\n");
    for (size_t i = 0; i < n_specs; i++) {
        const im_opt_spec *s = &specs[i];
        char left[96];
        char shortpart[8] = "    ";
        if (s->short_name)
            snprintf(shortpart, sizeof shortpart, "-%c, ", s->short_name);
        snprintf(left, sizeof left, "%s--%s%s%s", shortpart, s->name,
                 s->metavar ? " " : "", s->metavar ? s->metavar : "");
        char range[64] = "";
        if (s->kind == IM_OPT_INT || s->kind == IM_OPT_REAL)
            range_text(s, range, sizeof range);
        APPEND("  %-30s %s%s%s%s%s%s\n", left, s->help ? s->help : "", range[0] ? ", " : "",
               range, s->dflt ? " (default " : "", s->dflt ? s->dflt : "", s->dflt ? ")" : "");
    }
#undef APPEND
    return buf;
}
