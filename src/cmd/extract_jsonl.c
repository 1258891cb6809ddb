/* Corpus mode of `incmap extract --jsonl FILE` (program side): one report a line,
 * `{"id": ..., "text": ..., "date": "YYYY-MM-DD"}` (date optional: the report's date,
 * the anchor of year-less and relative dates; --date gives one for lines without).
 * Lines are read in batches, so the input is streamed; each batch is geoparsed and
 * extracted by N threads, each with its own context (contexts are independent, see
 * ctx.h), every document into its own slot, and the slots are appended in input order:
 * the output does not depend on N. Incidents carry the line's id as doc_id. A bad line
 * stops the run with one message naming the file and line, before anything is written. */
#include "extract_jsonl.h"

#include "incmap/alloc.h"
#include "incmap/json.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 1024

typedef struct doc {
    char *id, *text;
    size_t len;
    im_date date;
    im_incident_set inc;
    im_place_rows places;
    im_link_set links;
    im_status st;
    char err[256];
} doc;

typedef struct batch {
    doc *docs;
    size_t n, next;
    pthread_mutex_t lock;
    const char *data_dir;
    im_ctx *main_ctx;   /* used by the calling thread only */
} batch;

bool im_parse_report_date(const char *s, im_date *out)
{
    int y, m, d, used = 0;
    memset(out, 0, sizeof *out);
    if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 ||
        used != 10 || s[4] != '-' || s[7] != '-' || y < 1 || m < 1 || d < 1 ||
        !im_date_valid(y, m, d))
        return false;
    *out = (im_date){y, m, d, 1};
    return true;
}

static void run_doc(im_ctx *ctx, doc *d)
{
    const im_gazetteer *gz = im_ctx_get_gazetteer(ctx);
    im_text *text = NULL;
    im_geoparse *gp = NULL;
    d->st = gz ? im_text_create(ctx, d->text, d->len, &text) : IM_ERR_DATA_MISSING;
    if (d->st == IM_OK)
        d->st = im_geoparse_run(ctx, gz, text, &gp);
    if (d->st == IM_OK)
        d->st = im_incidents_extract_dated(ctx, gz, text, gp, d->id, &d->date, &d->inc,
                                           &d->links);
    if (d->st == IM_OK)
        im_incidents_places(gz, gp, d->id, &d->places);
    else
        snprintf(d->err, sizeof d->err, "%s", im_ctx_last_error(ctx));
    im_geoparse_destroy(gp);
    im_text_destroy(text);
}

static void run_share(batch *b, im_ctx *ctx)
{
    for (;;) {
        pthread_mutex_lock(&b->lock);
        size_t i = b->next++;
        pthread_mutex_unlock(&b->lock);
        if (i >= b->n)
            return;
        run_doc(ctx, &b->docs[i]);
    }
}

static void *worker(void *arg)
{
    batch *b = arg;
    im_ctx *ctx = im_ctx_create(NULL);
    if (b->data_dir)
        im_ctx_set_data_dir(ctx, b->data_dir);
    run_share(b, ctx);
    im_ctx_destroy(ctx);
    return NULL;
}

static void run_batch(batch *b, int jobs)
{
    b->next = 0;
    pthread_t th[64];
    int started = 0;
    for (int t = 1; t < jobs && (size_t)t < b->n; t++)
        if (pthread_create(&th[started], NULL, worker, b) == 0)
            started++;
    run_share(b, b->main_ctx);
    for (int t = 0; t < started; t++)
        pthread_join(th[t], NULL);
}

/* Append n items of `size` bytes from src to the array *items (count *n, capacity
 * *cap), then free src. */
static void append(void **items, size_t *n, size_t *cap, void *src, size_t count, size_t size)
{
    if (count) {
        *items = im_xgrow(*items, cap, *n + count, size);
        memcpy((char *)*items + *n * size, src, count * size);
        *n += count;
    }
    free(src);
}

/* Move a document's results to the end of the run's sets. */
static void collect(doc *d, im_incident_set *inc, im_place_rows *places, im_link_set *links)
{
    void *p = inc->items;
    append(&p, &inc->n, &inc->cap, d->inc.items, d->inc.n, sizeof *inc->items);
    inc->items = p;
    p = places->items;
    append(&p, &places->n, &places->cap, d->places.items, d->places.n, sizeof *places->items);
    places->items = p;
    if (links) {
        p = links->items;
        append(&p, &links->n, &links->cap, d->links.items, d->links.n, sizeof *links->items);
        links->items = p;
    } else {
        im_link_set_clear(&d->links);
    }
    memset(&d->inc, 0, sizeof d->inc);
    memset(&d->places, 0, sizeof d->places);
    memset(&d->links, 0, sizeof d->links);
}

static void doc_free(doc *d)
{
    free(d->id);
    free(d->text);
    im_incident_set_clear(&d->inc);
    im_place_rows_clear(&d->places);
    im_link_set_clear(&d->links);
    memset(d, 0, sizeof *d);
}

/* Parse one line into d; on failure a message (without the file and line) in err. */
static bool parse_line(const char *line, size_t len, const im_date *fallback, doc *d, char *err,
                       size_t err_len)
{
    char *date = NULL;
    size_t n;
    memset(d, 0, sizeof *d);
    if (!im_json_get_member(line, len, "id", &d->id, &n)) {
        snprintf(err, err_len, "not a JSON object with an \"id\"");
        return false;
    }
    if (!im_json_get_member(line, len, "text", &d->text, &d->len)) {
        snprintf(err, err_len, "\"%s\" has no \"text\" string", d->id);
        return false;
    }
    if (im_json_get_member(line, len, "date", &date, &n) && strcmp(date, "null")) {
        bool ok = im_parse_report_date(date, &d->date);
        if (!ok)
            snprintf(err, err_len, "\"%s\": date '%s' is not a YYYY-MM-DD date", d->id, date);
        free(date);
        return ok;
    }
    free(date);
    if (fallback)
        d->date = *fallback;
    return true;
}

int im_extract_jsonl(im_ctx *ctx, const char *path, const im_date *fallback, int jobs,
                     im_incident_set *inc, im_place_rows *places, im_link_set *links)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) {
        im_cli_error("%s: cannot open: %s", path, strerror(errno));
        return IM_EXIT_FAILURE;
    }
    if (!im_ctx_get_gazetteer(ctx)) {
        if (f != stdin)
            fclose(f);
        return im_cli_fail(ctx, IM_ERR_DATA_MISSING);
    }
    batch b = {.docs = im_xcalloc(BATCH, sizeof(doc)), .main_ctx = ctx,
               .data_dir = im_ctx_data_dir(ctx)};
    pthread_mutex_init(&b.lock, NULL);
    char *line = NULL, err[512];
    size_t cap = 0, lineno = 0;
    ssize_t got;
    int rc = IM_EXIT_OK;
    bool eof = false;
    while (!eof && rc == IM_EXIT_OK) {
        b.n = 0;
        while (b.n < BATCH) {
            got = getline(&line, &cap, f);
            if (got < 0) {
                eof = true;
                break;
            }
            lineno++;
            size_t len = (size_t)got;
            while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
                len--;
            size_t sp = 0;
            while (sp < len && (line[sp] == ' ' || line[sp] == '\t'))
                sp++;
            if (sp == len)
                continue;   /* blank lines separate nothing */
            if (!parse_line(line, len, fallback, &b.docs[b.n], err, sizeof err)) {
                im_cli_error("%s:%zu: %s", path, lineno, err);
                doc_free(&b.docs[b.n]);
                rc = IM_EXIT_FAILURE;
                break;
            }
            b.n++;
        }
        if (rc == IM_EXIT_OK && ferror(f)) {
            im_cli_error("%s: read error: %s", path, strerror(errno));
            rc = IM_EXIT_FAILURE;
        }
        if (rc == IM_EXIT_OK)
            run_batch(&b, jobs);
        for (size_t i = 0; i < b.n; i++) {
            if (rc == IM_EXIT_OK && b.docs[i].st != IM_OK) {
                im_cli_error("%s: \"%s\": %s", path, b.docs[i].id, b.docs[i].err);
                rc = im_status_exit_code(b.docs[i].st);
            }
            if (rc == IM_EXIT_OK)
                collect(&b.docs[i], inc, places, links);
            doc_free(&b.docs[i]);
        }
    }
    free(line);
    free(b.docs);
    pthread_mutex_destroy(&b.lock);
    if (f != stdin)
        fclose(f);
    return rc;
}
