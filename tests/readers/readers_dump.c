/* Test helper: read a file through im_reader_read and print what the reader found,
 * as lines the tests compare: "format", "meta title|author|date", "stats ...",
 * "para N [where]: text", "note N endnote=0|1 ref=OFFSET [word before]: text".
 * With --no-ocr pages without text are not recognised. With --clean the file goes
 * through the text stage instead (im_text_create) and its clean paragraphs are
 * printed one a line, each footnote number the stage took off a sentence put back
 * after it as "[[fn:N]]" (make_docs.py turns those into real footnotes). Exits 1 with the reader's
 * message on stderr when the reader refuses the file. Not part of the program.
 */
#include "incmap/ctx.h"
#include "incmap/reader.h"
#include "incmap/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int clean(im_ctx *ctx, const char *bytes, size_t len)
{
    im_text *t = NULL;
    if (im_text_create(ctx, bytes, len, &t) != IM_OK) {
        fprintf(stderr, "readers_dump: %s\n", im_ctx_last_error(ctx));
        return 1;
    }
    const char *data = im_text_data(t, NULL);
    for (size_t p = 0; p < im_text_paragraph_count(t); p++) {
        const im_paragraph *par = im_text_paragraph(t, p);
        size_t at = par->start;
        for (size_t k = 0; k < par->n_sentences; k++) {
            const im_sentence *s = im_text_sentence(t, par->first_sentence + k);
            fwrite(data + at, 1, s->end - at, stdout);
            for (size_t f = 0; f < s->n_footnotes; f++)
                printf("[[fn:%d]]", s->footnotes[f]);
            at = s->end;
        }
        fwrite(data + at, 1, par->end - at, stdout);
        putchar('\n');
    }
    im_text_destroy(t);
    return 0;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    for (size_t got; b && (got = fread(b + n, 1, cap - n, f)) > 0;) {
        n += got;
        if (n == cap)
            b = realloc(b, cap *= 2);
    }
    fclose(f);
    *len = n;
    return b;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: readers_dump FILE [--no-ocr] [--text]\n");
        return 2;
    }
    im_reader_options o = IM_READER_OPTIONS_INIT;
    bool text_only = false, clean_only = false;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--no-ocr"))
            o.ocr = false;
        else if (!strcmp(argv[i], "--text"))
            text_only = true;
        else if (!strcmp(argv[i], "--clean"))
            clean_only = true;
    }
    size_t len;
    char *bytes = slurp(argv[1], &len);
    if (!bytes) {
        fprintf(stderr, "readers_dump: cannot read %s\n", argv[1]);
        return 2;
    }
    im_ctx *ctx = im_ctx_create(argv[0]);
    if (clean_only) {
        int rc = clean(ctx, bytes, len);
        im_ctx_destroy(ctx);
        free(bytes);
        return rc;
    }
    im_document *doc = NULL;
    im_status st = im_reader_read(ctx, bytes, len, &o, &doc);
    if (st != IM_OK) {
        fprintf(stderr, "%s: %s\n", argv[1], im_ctx_last_error(ctx));
        im_ctx_destroy(ctx);
        free(bytes);
        return 1;
    }
    size_t n;
    const char *text = im_document_text(doc, &n);
    if (text_only) {
        fwrite(text, 1, n, stdout);
    } else {
        im_doc_meta m = im_document_meta(doc);
        im_doc_stats s = im_document_stats(doc);
        printf("format %s\n", im_doc_format_name(im_document_format(doc)));
        printf("meta title=%s|author=%s|date=%s\n", m.title, m.author, m.date);
        printf("stats pages=%zu ocr_pages=%zu ocr_confidence=%d empty_pages=%zu "
               "dropped_lines=%zu joined_hyphens=%zu\n", s.pages, s.ocr_pages,
               s.ocr_confidence, s.empty_pages, s.dropped_lines, s.joined_hyphens);
        for (size_t i = 0; i < im_document_paragraph_count(doc); i++) {
            const im_doc_paragraph *p = im_document_paragraph(doc, i);
            im_doc_source src = im_document_source(doc, p->start);
            printf("para %zu [%s]: %.*s\n", i + 1, src.where, (int)(p->end - p->start),
                   text + p->start);
        }
        for (size_t i = 0; i < im_document_note_count(doc); i++) {
            const im_doc_note *note = im_document_note(doc, i);
            size_t a = note->ref_offset >= 12 ? note->ref_offset - 12 : 0;
            printf("note %d endnote=%d ref=%zu [%.*s]: %s\n", note->number, note->endnote,
                   note->ref_offset, (int)(note->ref_offset - a), text + a, note->text);
        }
    }
    im_document_destroy(doc);
    im_ctx_destroy(ctx);
    free(bytes);
    return 0;
}
