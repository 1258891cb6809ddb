/* The cmocka fixture of unit tests that run against the build's real gazetteer
 * (INCMAP_DATA): a context and its gazetteer, opened in setup (which fails, saying why,
 * when the gazetteer cannot be opened) and closed in teardown. Include after <cmocka.h>
 * and the headers for im_ctx and im_gazetteer. */
#ifndef INCMAP_TEST_GAZ_FIXTURE_H
#define INCMAP_TEST_GAZ_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

typedef struct fixture {
    im_ctx *ctx;
    const im_gazetteer *gz;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->ctx = im_ctx_create(NULL);
    f->gz = im_ctx_get_gazetteer(f->ctx);
    if (!f->gz) {
        fprintf(stderr, "cannot open gazetteer: %s\n", im_ctx_last_error(f->ctx));
        im_ctx_destroy(f->ctx);
        free(f);
        *state = NULL;
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    if (!f)
        return 0;
    im_ctx_destroy(f->ctx);
    free(f);
    return 0;
}

#endif
