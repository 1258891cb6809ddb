/* Benchmark: how long opening the compiled gazetteer takes, alone, as the median of
 * many opens (each a fresh mmap of the same file). Prints milliseconds.
 * usage: bench_gaz_open [RUNS]   (finds the data like incmap does, or INCMAP_DATA) */
#include "incmap/incmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 1000;
    if (runs < 1)
        runs = 1;
    im_ctx *ctx = im_ctx_create(argv[0]);
    char *path = im_ctx_data_path(ctx, IM_GAZETTEER_FILE);
    if (!path) {
        fprintf(stderr, "bench_gaz_open: %s\n", im_ctx_last_error(ctx));
        return 1;
    }
    double *ms = calloc((size_t)runs, sizeof *ms);
    for (int i = 0; i < runs; i++) {
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        im_gazetteer *gz = NULL;
        if (im_gazetteer_open(ctx, path, &gz) != IM_OK) {
            fprintf(stderr, "bench_gaz_open: %s\n", im_ctx_last_error(ctx));
            return 1;
        }
        /* touch one entry so the mapping is really used */
        im_place p;
        im_gazetteer_get(gz, (uint32_t)(im_gazetteer_count(gz) / 2), &p);
        im_gazetteer_close(gz);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        ms[i] = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    }
    qsort(ms, (size_t)runs, sizeof *ms, cmp_double);
    printf("gazetteer open: median %.4f ms, min %.4f ms, max %.4f ms over %d runs\n",
           ms[runs / 2], ms[0], ms[runs - 1], runs);
    free(ms);
    free(path);
    im_ctx_destroy(ctx);
    return 0;
}
