/* The geoparser's driver and result object: tokenize and recognise window by window
 * (tokens never outlive their window), resolve all mentions together, then copy them
 * into their public form with original-file offsets, surfaces and evidence strings the
 * result owns. It owns the per-run memo of gazetteer answers and cache of chunks. */
#include "geoparse_private.h"
#include "incmap/alloc.h"

#include <stdlib.h>
#include <string.h>

struct im_geoparse {
    im_mention *mentions;
    size_t n;
    char **strings;         /* the block of surfaces and evidence, freed with the
                               result */
    size_t n_strings;
    char **warnings;
    size_t n_warnings;
    char focus[3];
};

static const char *keep_string(im_geoparse *gp, size_t *cap, char *s)
{
    gp->strings = im_xgrow(gp->strings, cap, gp->n_strings + 1, sizeof *gp->strings);
    gp->strings[gp->n_strings++] = s;
    return s;
}

/* Tokens live only for a window of whole sentences of about this many bytes, so
 * memory follows the mentions, not the length of the text. Recognition reads a
 * window's tokens (about 100 bytes each, some 2500 here) right after tokenizing
 * wrote them; a window small enough for them to stay in the core's cache ran about
 * 2 % faster than 64 KB. Results do not depend on it (no rule crosses a sentence). */
#define WINDOW_BYTES 16384

im_status im_geoparse_run(im_ctx *ctx, const im_gazetteer *gz, const im_text *text,
                          im_geoparse **out)
{
    *out = NULL;
    if (!gz || !text)
        return im_ctx_fail(ctx, IM_ERR_USAGE, "geoparse: no gazetteer or no text");
    gp_tokens toks = {0};
    gp_mentions ms = {0};
    gp_memo *memo = gp_memo_create();
    gp_chunks *chunks = gp_chunks_create();
    toks.memo = memo;
    size_t n_sent = im_text_sentence_count(text);
    for (size_t first = 0; first < n_sent;) {
        size_t end = first + 1, from = im_text_sentence(text, first)->start;
        while (end < n_sent && im_text_sentence(text, end)->end - from < WINDOW_BYTES)
            end++;
        toks.n = 0;
        gp_tokenize(text, first, end, &toks);
        gp_recognise(gz, memo, chunks, text, &toks, &ms);
        first = end;
    }
    im_geoparse *gp = im_xcalloc(1, sizeof *gp);
    gp_resolve(gz, memo, text, &ms, true, &gp->warnings, &gp->n_warnings, gp->focus);

    const char *s = im_text_data(text, NULL);
    size_t strings_cap = 0;
    /* surfaces, notes and the distinct evidence strings go into one block, sized
       first: a malloc per mention cost more than copying the text, and mentions
       share their evidence */
    size_t block_len = ms.n_evidence;
    for (size_t i = 0; i < ms.n; i++) {
        const gp_mention *m = &ms.items[i];
        if (m->dropped)
            continue;
        block_len += m->m.end - m->m.start + 1;
        if (!m->evidence)
            block_len += strlen(m->note ? m->note : "") + 1;
    }
    char *block = im_xmalloc(block_len ? block_len : 1), *o = block + ms.n_evidence;
    if (ms.n_evidence)
        memcpy(block, ms.evidence, ms.n_evidence);
    keep_string(gp, &strings_cap, block);
    /* The public mentions are written over the private ones, in the same block: a
       private mention is the larger, so the i-th public one ends before the (i+1)-th
       private one starts, and the i-th private one is read whole first. On long
       inputs this saves a second array as large as the result. */
    _Static_assert(sizeof(gp_mention) >= sizeof(im_mention), "in-place copy");
    im_mention *pub = (im_mention *)(void *)ms.items;
    /* mentions come in text order: cursors make mapping their offsets back to the
       file a few steps each, not a binary search per stage */
    im_text_cursor starts = IM_TEXT_CURSOR_INIT, ends = IM_TEXT_CURSOR_INIT;
    for (size_t i = 0; i < ms.n; i++) {
        const gp_mention *m = &ms.items[i];
        if (m->dropped)
            continue;
        im_mention pm = m->m;
        const char *note = m->note ? m->note : "";
        pm.para = im_text_sentence(text, pm.sentence)->para;
        pm.orig_start = im_text_cursor_offset(text, &starts, pm.start);
        pm.orig_end = im_text_cursor_end(text, &ends, pm.end);
        size_t sl = pm.end - pm.start;
        memcpy(o, s + pm.start, sl);
        o[sl] = '\0';
        pm.surface = o;
        o += sl + 1;
        if (m->evidence) {
            pm.evidence = block + m->evidence - 1;
        } else {
            size_t nl = strlen(note) + 1;
            memcpy(o, note, nl);
            pm.evidence = o;
            o += nl;
        }
        if (pm.type != IM_MENTION_PLACE)
            pm.place = IM_PLACE_NONE;
        if (pm.type == IM_MENTION_REGION || pm.type == IM_MENTION_DEMONYM)
            pm.confidence = 0.9;
        memcpy(&pub[gp->n++], &pm, sizeof pm);
    }
    if (gp->n) {
        gp->mentions = im_xreallocarray(pub, gp->n, sizeof *pub);
    } else {
        free(ms.items);
        gp->mentions = im_xcalloc(1, sizeof *gp->mentions);
    }
    free(ms.evidence);
    gp_tokens_free(&toks);
    gp_memo_destroy(memo);
    gp_chunks_destroy(chunks);
    *out = gp;
    return IM_OK;
}

void im_geoparse_destroy(im_geoparse *gp)
{
    if (!gp)
        return;
    for (size_t i = 0; i < gp->n_strings; i++)
        free(gp->strings[i]);
    for (size_t i = 0; i < gp->n_warnings; i++)
        free(gp->warnings[i]);
    free(gp->strings);
    free(gp->warnings);
    free(gp->mentions);
    free(gp);
}

size_t im_geoparse_count(const im_geoparse *gp)
{
    return gp->n;
}

const im_mention *im_geoparse_mention(const im_geoparse *gp, size_t i)
{
    return &gp->mentions[i];
}

size_t im_geoparse_warning_count(const im_geoparse *gp)
{
    return gp->n_warnings;
}

const char *im_geoparse_warning(const im_geoparse *gp, size_t i)
{
    return gp->warnings[i];
}

const char *im_geoparse_focus(const im_geoparse *gp)
{
    return gp->focus;
}
