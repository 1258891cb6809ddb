/* Fuzz target: toponym recognition and resolution (im_geoparse_run) on a fuzzed
 * report, with the real gazetteer of the build tree. Checks that every mention lies
 * inside the clean text and the original input, in text order, with a surface,
 * a confidence in 0..1 and a sentence that exists. */
#include "fuzz_common.h"
#include "incmap/geoparse.h"
#include "incmap/text.h"

#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_gazetteer();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    im_ctx *ctx = fuzz_ctx();
    const im_gazetteer *gz = fuzz_gazetteer();
    im_text *t = NULL;
    im_geoparse *gp = NULL;
    FUZZ_CHECK(im_text_create(ctx, (const char *)data, size, &t) == IM_OK);
    FUZZ_CHECK(im_geoparse_run(ctx, gz, t, &gp) == IM_OK && gp);
    size_t len = 0;
    im_text_data(t, &len);
    size_t ns = im_text_sentence_count(t), prev = 0;
    for (size_t i = 0; i < im_geoparse_count(gp); i++) {
        const im_mention *m = im_geoparse_mention(gp, i);
        FUZZ_CHECK(m);
        FUZZ_CHECK(m->start < m->end && m->end <= len && m->start >= prev);
        FUZZ_CHECK(m->orig_start <= m->orig_end && m->orig_end <= size);
        FUZZ_CHECK(m->sentence < ns);
        FUZZ_CHECK(m->surface && strlen(m->surface) > 0);
        FUZZ_CHECK(m->confidence >= 0.0 && m->confidence <= 1.0);
        FUZZ_CHECK(strlen(m->iso2) <= 2);
        if (m->type == IM_MENTION_PLACE) {
            im_place p;
            FUZZ_CHECK(m->place < im_gazetteer_count(gz));
            im_gazetteer_get(gz, m->place, &p);
            FUZZ_CHECK(p.name != NULL);
        }
        prev = m->start;
    }
    for (size_t i = 0; i < im_geoparse_warning_count(gp); i++)
        FUZZ_CHECK(im_geoparse_warning(gp, i) != NULL);
    FUZZ_CHECK(im_geoparse_focus(gp) != NULL);
    im_geoparse_destroy(gp);
    im_text_destroy(t);
    return 0;
}
