/* Fuzz target: option values. The input is an argv (NUL-separated words) parsed
 * against a spec array shaped like the commands' (flags, values, lists, short forms);
 * each word is also tried as a paper size (im_paper_size), a bbox (im_parse_bbox, and
 * a map's im_parse_bbox_across), a day (im_parse_iso_day, map's --date) and a date or
 * period (im_parse_date_range).
 * Checks: a failed parse leaves a one-line NUL-terminated message; a successful one
 * returns only borrowed argv strings; paper sizes stay within 50..2000 mm; a bbox is
 * finite and within its documented ranges; a day is a calendar day; a period does not
 * end before it starts. */
#include "fuzz_common.h"
#include "incmap/filter.h"
#include "incmap/incidents.h"
#include "incmap/opts.h"
#include "incmap/render.h"

#include <math.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

static const im_opt_spec specs[] = {
    {"output", 'o', IM_OPT_VALUE, "FILE", "output", IM_OPT_TEXT, 0, 0, NULL},
    {"bbox", 0, IM_OPT_VALUE, "W,S,E,N", "extent", IM_OPT_TEXT, 0, 0, NULL},
    {"paper", 0, IM_OPT_VALUE, "SIZE", "paper", IM_OPT_TEXT, 0, 0, NULL},
    {"layer", 'l', IM_OPT_LIST, "NAME", "layers", IM_OPT_TEXT, 0, 0, NULL},
    {"overwrite", 0, IM_OPT_FLAG, NULL, "replace", IM_OPT_TEXT, 0, 0, NULL},
    {"quiet", 'q', IM_OPT_FLAG, NULL, "quiet", IM_OPT_TEXT, 0, 0, NULL},
    {"help", 'h', IM_OPT_FLAG, NULL, "help", IM_OPT_TEXT, 0, 0, NULL},
};
enum { N_SPECS = sizeof specs / sizeof specs[0], MAX_ARGS = 64 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 1);
    FUZZ_CHECK(buf);
    memcpy(buf, data, size);
    buf[size] = '\0';
    char *argv[MAX_ARGS + 1];
    int argc = 0;
    argv[argc++] = (char *)"cmd";
    for (size_t i = 0; i <= size && argc < MAX_ARGS;) {
        argv[argc++] = buf + i;
        i += strlen(buf + i) + 1;
    }
    argv[argc] = NULL;

    im_opts opts;
    char err[128];
    memset(err, 'x', sizeof err);
    if (im_opts_parse(&opts, specs, N_SPECS, argc, argv, err, sizeof err)) {
        for (size_t i = 0; i < opts.n_args; i++)
            FUZZ_CHECK(opts.args[i] >= buf && opts.args[i] <= buf + size);
        size_t n = 0;
        const char *const *layers = im_opts_list(&opts, "layer", &n);
        FUZZ_CHECK(n == (size_t)im_opts_count(&opts, "layer"));
        for (size_t i = 0; i < n; i++)
            FUZZ_CHECK(layers[i] != NULL);
        const char *paper = im_opts_get(&opts, "paper");
        double w = 0, h = 0;
        if (paper && im_paper_size(paper, im_opts_count(&opts, "quiet") > 0, &w, &h))
            FUZZ_CHECK(w >= 50 && w <= 2000 && h >= 50 && h <= 2000);
    } else {
        FUZZ_CHECK(memchr(err, '\0', sizeof err) != NULL);
        FUZZ_CHECK(strchr(err, '\n') == NULL);
    }
    im_opts_free(&opts);
    for (int i = 1; i < argc; i++) {
        double w = 0, h = 0;
        if (im_paper_size(argv[i], i & 1, &w, &h))
            FUZZ_CHECK(w >= 50 && w <= 2000 && h >= 50 && h <= 2000);
        double bb[4];
        char why[96];
        memset(why, 'x', sizeof why);
        if (im_parse_bbox(argv[i], bb, why, sizeof why)) {
            FUZZ_CHECK(bb[0] >= -180 && bb[0] < bb[2] && bb[2] <= 180);
            FUZZ_CHECK(bb[1] >= -90 && bb[1] < bb[3] && bb[3] <= 90);
        } else {
            FUZZ_CHECK(memchr(why, '\0', sizeof why) != NULL);
        }
        memset(why, 'x', sizeof why);
        if (im_parse_bbox_across(argv[i], bb, why, sizeof why)) {
            FUZZ_CHECK(isfinite(bb[0]) && isfinite(bb[2]));
            FUZZ_CHECK(bb[0] >= -180 && bb[0] <= 180 && bb[0] < bb[2] && bb[2] <= bb[0] + 360);
            FUZZ_CHECK(bb[1] >= -90 && bb[1] < bb[3] && bb[3] <= 90);
        } else {
            FUZZ_CHECK(memchr(why, '\0', sizeof why) != NULL);
        }
        int y, m, d;
        if (im_parse_iso_day(argv[i], &y, &m, &d))
            FUZZ_CHECK(strlen(argv[i]) == 10 && y >= 1 && m >= 1 && m <= 12 && d >= 1 &&
                       d <= 31 && im_date_valid(y, m, d));
        long first = 0, last = 0;
        if (im_parse_date_range(argv[i], &first, &last))
            FUZZ_CHECK(first <= last && last - first <= 366);
    }
    char *usage = im_opts_usage("cmd", "summary", specs, N_SPECS);
    FUZZ_CHECK(usage);
    free(usage);
    free(buf);
    return 0;
}
