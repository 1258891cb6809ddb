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
    {"output", 'o', IM_OPT_VALUE, "FILE", "where to write", IM_OPT_TEXT, 0, 0, NULL},
    {"region", 0, IM_OPT_LIST, "NAME", "a region", IM_OPT_TEXT, 0, 0, NULL},
    {"overwrite", 0, IM_OPT_FLAG, NULL, "replace", IM_OPT_TEXT, 0, 0, NULL},
    {"quiet", 'q', IM_OPT_FLAG, NULL, "say less", IM_OPT_TEXT, 0, 0, NULL},
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

/* A spec carries its value's kind, range and default: the parser refuses what is
 * outside, the command reads the number (or the default), the usage shows both. */
static const im_opt_spec num_specs[] = {
    {"dpi", 0, IM_OPT_VALUE, "N", "resolution", IM_OPT_REAL, 50, 1200, "150"},
    {"jobs", 'j', IM_OPT_VALUE, "N", "workers", IM_OPT_INT, 1, 64, NULL},
    {"paper", 0, IM_OPT_VALUE, "SIZE", "page", IM_OPT_TEXT, 0, 0, "A4"},
};

static void numbers_have_kind_range_and_default(void **state)
{
    (void)state;
    im_opts o;
    char err[128];
    char *none[] = {"cmd", NULL};
    assert_true(im_opts_parse(&o, num_specs, 3, 1, none, err, sizeof err));
    assert_true(im_opts_number(&o, "dpi") == 150.0);   /* the default */
    assert_null(im_opts_get(&o, "dpi"));                 /* not given */
    assert_string_equal(im_opts_value(&o, "paper"), "A4");
    assert_true(im_opts_number(&o, "jobs") == 0.0);     /* no default */
    im_opts_free(&o);

    char *given[] = {"cmd", "--dpi", "72.5", "-j", "64", "--paper", "A3", NULL};
    assert_true(im_opts_parse(&o, num_specs, 3, 7, given, err, sizeof err));
    assert_true(im_opts_number(&o, "dpi") == 72.5);
    assert_true(im_opts_number(&o, "jobs") == 64.0);
    assert_string_equal(im_opts_value(&o, "paper"), "A3");
    im_opts_free(&o);

    struct {
        const char *arg, *value, *want;
    } bad[] = {
        {"--dpi", "49.9", "--dpi '49.9' is not a number from 50 to 1200"},
        {"--dpi", "1201", "--dpi '1201' is not a number from 50 to 1200"},
        {"--dpi", "high", "--dpi 'high' is not a number from 50 to 1200"},
        {"--dpi", "nan", "--dpi 'nan' is not a number from 50 to 1200"},
        {"--dpi", "", "--dpi '' is not a number from 50 to 1200"},
        {"-j", "2.5", "--jobs '2.5' is not a whole number from 1 to 64"},
        {"-j", "0", "--jobs '0' is not a whole number from 1 to 64"},
        {"-j", "99999999999999999999", "--jobs '99999999999999999999' is not a whole number"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *argv[] = {"cmd", (char *)bad[i].arg, (char *)bad[i].value, NULL};
        assert_false(im_opts_parse(&o, num_specs, 3, 3, argv, err, sizeof err));
        assert_non_null(strstr(err, bad[i].want));
        im_opts_free(&o);
    }
    char *usage = im_opts_usage("cmd", NULL, num_specs, 3);
    assert_non_null(strstr(usage, "resolution, 50 to 1200 (default 150)"));
    assert_non_null(strstr(usage, "workers, 1 to 64\n"));
    assert_non_null(strstr(usage, "page (default A4)"));
    free(usage);
}

/* A choice is one of the words of its metavar; the command gets its position. */
static void choices_are_checked(void **state)
{
    (void)state;
    static const im_opt_spec specs_c[] = {
        {"labels", 0, IM_OPT_VALUE, "auto|all|none", "labels", IM_OPT_CHOICE, 0, 0, "auto"},
    };
    im_opts o;
    char err[128];
    char *none[] = {"cmd", NULL};
    assert_true(im_opts_parse(&o, specs_c, 1, 1, none, err, sizeof err));
    assert_int_equal(im_opts_choice(&o, "labels"), 0);   /* the default */
    im_opts_free(&o);
    char *last[] = {"cmd", "--labels", "none", NULL};
    assert_true(im_opts_parse(&o, specs_c, 1, 3, last, err, sizeof err));
    assert_int_equal(im_opts_choice(&o, "labels"), 2);
    im_opts_free(&o);
    const char *bad[] = {"some", "al", "allx", "", "auto|all"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *argv[] = {"cmd", "--labels", (char *)bad[i], NULL};
        assert_false(im_opts_parse(&o, specs_c, 1, 3, argv, err, sizeof err));
        assert_non_null(strstr(err, "is not auto, all or none"));
        im_opts_free(&o);
    }
    char *usage = im_opts_usage("cmd", NULL, specs_c, 1);
    assert_non_null(strstr(usage, "--labels auto|all|none"));
    assert_non_null(strstr(usage, "labels (default auto)"));
    free(usage);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_forms),
        cmocka_unit_test(short_value_glued_and_dash_arg),
        cmocka_unit_test(reports_errors),
        cmocka_unit_test(usage_lists_every_option),
        cmocka_unit_test(numbers_have_kind_range_and_default),
        cmocka_unit_test(choices_are_checked),
    };
    return cmocka_run_group_tests_name("opts", tests, NULL, NULL);
}
