/* Fuzz target: `incmap filter`'s streaming path (im_filter_run) on foreign point
 * layers. The first byte picks the input format (GeoJSON or CSV) and the criteria
 * (a bbox, a date range with partial dates kept or not, an event type, a minimum of
 * fatalities, none); the rest becomes an in-memory file (/vsimem/). Criteria that
 * need the basemap's polygons (regions, countries, provinces) are left to the CLI
 * tests: loading the polygons would make every run a second long. Checks: either an
 * error whose message (one line) names the input or the output, leaving no output
 * behind, or a complete output with no more features kept than read. */
#include "fuzz_gdal.h"
#include "incmap/filter.h"

#include <dirent.h>

#include <cpl_vsi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The output is a real file (the filter renames it into place with rename(2)), in a
 * folder of this process's own, removed at exit. */
static char out_dir[64], out_path[96];

/* Entries in the output folder. */
static int entries(void)
{
    DIR *d = opendir(out_dir);
    FUZZ_CHECK(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static void remove_out_dir(void)
{
    unlink(out_path);
    rmdir(out_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    snprintf(out_dir, sizeof out_dir, "/tmp/incmap-fuzz-filter-XXXXXX");
    FUZZ_CHECK(mkdtemp(out_dir));
    snprintf(out_path, sizeof out_path, "%s/out.geojson", out_dir);
    atexit(remove_out_dir);
    fuzz_gdal_init();
    return 0;
}

static void add_criteria(im_filter *f, unsigned pick)
{
    char err[256];
    switch (pick % 6) {
    case 0:
        FUZZ_CHECK(im_filter_set_bbox(f, "60,29,75,39", err, sizeof err));
        break;
    case 1:
        FUZZ_CHECK(im_filter_set_since(f, "2021-05", err, sizeof err));
        FUZZ_CHECK(im_filter_set_until(f, "2022", err, sizeof err));
        break;
    case 2:
        FUZZ_CHECK(im_filter_set_since(f, "2021-05-03", err, sizeof err));
        im_filter_set_partial(f, IM_PARTIAL_EXCLUDE);
        break;
    case 3:
        im_filter_add_type(f, "Battles");
        im_filter_add_type(f, "Explosions/Remote violence");
        break;
    case 4:
        im_filter_set_min_fatalities(f, 1);
        break;
    default:
        break;   /* everything with a point passes */
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 65536)
        return 0;
    const char *input = (data[0] & 1) ? "/vsimem/fuzz_in.csv" : "/vsimem/fuzz_in.geojson";
    const char *output = out_path;
    fuzz_vsimem_file(input, data + 1, size - 1);
    im_ctx *ctx = fuzz_ctx();
    im_ctx_clear_error(ctx);
    im_filter *f = im_filter_create();
    add_criteria(f, (unsigned)data[0] >> 1);
    im_filter_run_opts ro = {output, "GeoJSON", true, false, NULL, NULL};
    im_filter_stats stats = {0};
    im_status st = im_filter_run(ctx, f, input, "/vsimem/no-basemap.gpkg", &ro, &stats);
    struct stat sb;
    bool written = stat(output, &sb) == 0;
    if (st == IM_OK) {
        FUZZ_CHECK(written && entries() == 1);   /* the output, no temporary left */
        FUZZ_CHECK(stats.kept <= stats.read);
        FUZZ_CHECK(stats.skipped_no_point <= stats.read);
    } else {
        const char *msg = im_ctx_last_error(ctx);
        FUZZ_CHECK(strstr(msg, "fuzz_in") != NULL || strstr(msg, out_dir) != NULL);
        FUZZ_CHECK(strchr(msg, '\n') == NULL);
        FUZZ_CHECK(!written && entries() == 0);
    }
    im_filter_destroy(f);
    unlink(output);
    VSIUnlink(input);
    return 0;
}
