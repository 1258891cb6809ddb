/* The declarative option parser: long and short forms, values, lists, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "incmap/opts.h"

static const im_opt_spec specs[] = {
    {"output", 'o', IM_OPT_VALUE, "FILE", "where to write"},
    {"region", 0, IM_OPT_LIST, "NAME", "a region"},
    {"overwrite", 0, IM_OPT_FLAG, NULL, "replace"},
    {"quiet", 'q', IM_OPT_FLAG, NULL, "say less"},
};
#define N_SPECS (sizeof specs / sizeof specs[0])

static void parses_forms(void **state)
{
    (void)state;
    char *argv[] = {"cmd", "a.txt", "-o", "x.gpkg", "--region=iran", "--region", "europe",
                    "-q", "--overwrite", "--", "-b.txt", NULL};
    im_opts o;
    char err[128];
    assert_true(im_opts_parse(&o, specs, N_SPECS, 11, argv, err, sizeof err));
    assert_string_equal(im_opts_get(&o, "output"), "x.gpkg");
    size_t n;
    const char *const *regions = im_opts_list(&o, "region", &n);
    assert_int_equal(n, 2);
    assert_string_equal(regions[0], "iran");
    assert_string_equal(regions[1], "europe");
    assert_int_equal(im_opts_count(&o, "quiet"), 1);
    assert_int_equal(im_opts_count(&o, "overwrite"), 1);
    assert_int_equal(o.n_args, 2);
    assert_string_equal(o.args[0], "a.txt");
    assert_string_equal(o.args[1], "-b.txt");
    im_opts_free(&o);
}

static void short_value_glued_and_dash_arg(void **state)
{
    (void)state;
    char *argv[] = {"cmd", "-oout.json", "-", NULL};
    im_opts o;
    char err[128];
    assert_true(im_opts_parse(&o, specs, N_SPECS, 3, argv, err, sizeof err));
    assert_string_equal(im_opts_get(&o, "output"), "out.json");
    assert_int_equal(o.n_args, 1);
    assert_string_equal(o.args[0], "-");
    assert_null(im_opts_get(&o, "region"));
    im_opts_free(&o);
}

static void reports_errors(void **state)
{
    (void)state;
    struct {
        int argc;
        char *argv[4];
        const char *want;
    } cases[] = {
        {2, {"cmd", "--nope"}, "unknown option '--nope'"},
        {2, {"cmd", "-x"}, "unknown option '-x'"},
        {2, {"cmd", "--output"}, "option '--output' needs a value (FILE)"},
        {2, {"cmd", "--quiet=yes"}, "option '--quiet' takes no value"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        im_opts o;
        char err[128] = "";
        assert_false(im_opts_parse(&o, specs, N_SPECS, cases[i].argc, cases[i].argv, err,
                                   sizeof err));
        assert_string_equal(err, cases[i].want);
        im_opts_free(&o);
    }
}

static void usage_lists_every_option(void **state)
{
    (void)state;
    char *u = im_opts_usage("cmd FILE", "Does things.", specs, N_SPECS);
    assert_non_null(strstr(u, "usage: cmd FILE"));
    assert_non_null(strstr(u, "-o, --output FILE"));
    assert_non_null(strstr(u, "--region NAME"));
    assert_non_null(strstr(u, "--overwrite"));
    free(u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_forms),
        cmocka_unit_test(short_value_glued_and_dash_arg),
        cmocka_unit_test(reports_errors),
        cmocka_unit_test(usage_lists_every_option),
    };
    return cmocka_run_group_tests_name("opts", tests, NULL, NULL);
}
