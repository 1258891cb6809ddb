/* Benchmark: geoparsing throughput on one large document, against the floor of merely
 * reading and decoding it. Reads FILE once per run and times, best of RUNS:
 *   floor     read the file + im_text_create (decode, repair, segment)
 *   geoparse  the same + im_geoparse_run
 * and prints both as MB/s (10^6 bytes of input per CPU second) with the mention count.
 * It is not a correctness check: bench/geoparse.sh builds the input and calls it.
 * usage: bench_geoparse_throughput FILE [RUNS]   (data found like incmap, or INCMAP_DATA) */
#include "incmap/geoparse.h"
#include "incmap/incmap.h"
#include "incmap/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Process CPU time, not wall time: the figure should not depend on what else the
 * machine is doing (a shared build host). */
static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The whole file in a malloc'ed buffer, or NULL. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 1 << 20;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* One timed pass; returns seconds or a negative value on failure. */
static double pass(im_ctx *ctx, const im_gazetteer *gz, const char *path, bool geoparse,
                   size_t *bytes, size_t *mentions)
{
    double t0 = now();
    size_t len = 0;
    char *data = slurp(path, &len);
    if (!data) {
        fprintf(stderr, "bench_geoparse_throughput: cannot read '%s'\n", path);
        return -1;
    }
    im_text *text = NULL;
    im_geoparse *gp = NULL;
    im_status st = im_text_create(ctx, data, len, &text);
    if (st == IM_OK && geoparse)
        st = im_geoparse_run(ctx, gz, text, &gp);
    double t = now() - t0;
    if (st != IM_OK)
        fprintf(stderr, "bench_geoparse_throughput: %s\n", im_ctx_last_error(ctx));
    *bytes = len;
    if (gp)
        *mentions = im_geoparse_count(gp);
    im_geoparse_destroy(gp);
    im_text_destroy(text);
    free(data);
    return st == IM_OK ? t : -1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_geoparse_throughput FILE [RUNS]\n");
        return 2;
    }
    int runs = argc > 2 ? atoi(argv[2]) : 3;
    if (runs < 1)
        runs = 1;
    im_ctx *ctx = im_ctx_create(argv[0]);
    const im_gazetteer *gz = im_ctx_get_gazetteer(ctx);
    if (!gz) {
        fprintf(stderr, "bench_geoparse_throughput: %s\n", im_ctx_last_error(ctx));
        im_ctx_destroy(ctx);
        return 1;
    }
    double best_floor = 1e30, best_parse = 1e30;
    size_t bytes = 0, mentions = 0;
    int rc = 0;
    for (int i = 0; i < runs && rc == 0; i++) {
        double f = pass(ctx, gz, argv[1], false, &bytes, &mentions);
        double g = pass(ctx, gz, argv[1], true, &bytes, &mentions);
        if (f < 0 || g < 0)
            rc = 1;
        if (f >= 0 && f < best_floor)
            best_floor = f;
        if (g >= 0 && g < best_parse)
            best_parse = g;
    }
    if (rc == 0) {
        double mb = (double)bytes / 1e6;
        printf("input: %.1f MB, %zu mentions\n", mb, mentions);
        printf("read+decode (floor): %8.1f MB/s  (%.3f s)\n", mb / best_floor, best_floor);
        printf("read+decode+geoparse: %7.1f MB/s  (%.3f s)\n", mb / best_parse, best_parse);
        printf("geoparse alone:      %8.1f MB/s\n", mb / (best_parse - best_floor));
    }
    im_ctx_destroy(ctx);
    return rc;
}
