/* The document builder every reader writes into: paragraphs as lines of one UTF-8
 * buffer, white space collapsed, a source span wherever the origin changes, notes and
 * metadata. It is not a decoder: readers hand it UTF-8 (libxml2 and poppler give
 * nothing else) and it only checks the total size.
 */
#include "readers_private.h"

#include "incmap/alloc.h"

#include <stdlib.h>
#include <string.h>

im_document *rd_document_new(im_doc_format format, size_t max_text)
{
    im_document *d = im_xcalloc(1, sizeof *d);
    d->format = format;
    d->max_text = max_text;
    d->cap = 4096;
    d->buf = im_xmalloc(d->cap);
    d->buf[0] = '\0';
    d->text = d->buf;
    d->names_cap = 256;
    d->names = im_xmalloc(d->names_cap);
    d->names[0] = '\0';
    d->names_len = 1; /* offset 0 is the empty name */
    return d;
}

static void put(im_document *d, const char *s, size_t n)
{
    if (d->len + n + 1 > d->max_text + 1) {
        d->overflow = true;
        return;
    }
    d->buf = im_xgrow(d->buf, &d->cap, d->len + n + 1, 1);
    memcpy(d->buf + d->len, s, n);
    d->len += n;
    d->buf[d->len] = '\0';
    d->text = d->buf;
}

void rd_mark(im_document *d, unsigned page, unsigned element, const char *where)
{
    size_t name = 0;
    if (where && *where) {
        size_t n = strlen(where) + 1;
        if (d->n_spans && d->spans[d->n_spans - 1].where &&
            !strcmp(d->names + d->spans[d->n_spans - 1].where, where))
            name = d->spans[d->n_spans - 1].where;
        else {
            d->names = im_xgrow(d->names, &d->names_cap, d->names_len + n, 1);
            memcpy(d->names + d->names_len, where, n);
            name = d->names_len;
            d->names_len += n;
        }
    }
    if (d->n_spans && d->spans[d->n_spans - 1].start == d->len)
        d->n_spans--; /* nothing came from the previous origin */
    d->spans = im_xgrow(d->spans, &d->cap_spans, d->n_spans + 1, sizeof *d->spans);
    d->spans[d->n_spans++] = (rd_span){d->len, page, element, name};
}

void rd_para_begin(im_document *d, unsigned page, unsigned element, const char *where)
{
    if (d->in_para)
        rd_para_end(d);
    d->in_para = true;
    d->para_start = d->len;
    rd_mark(d, page, element, where);
}

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* U+00A0 (no-break space) counts as space too. */
static size_t space_len(const char *s, size_t i, size_t n)
{
    if (is_space((unsigned char)s[i]))
        return 1;
    if (i + 1 < n && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0)
        return 2;
    return 0;
}

void rd_append(im_document *d, const char *s, size_t n)
{
    if (!d->in_para)
        rd_para_begin(d, 0, 0, NULL);
    for (size_t i = 0; i < n;) {
        size_t sp = space_len(s, i, n);
        if (sp) {
            if (d->len > d->para_start && d->buf[d->len - 1] != ' ')
                put(d, " ", 1);
            i += sp;
            continue;
        }
        size_t j = i;
        while (j < n && !space_len(s, j, n) && s[j])
            j++;
        put(d, s + i, j - i);
        i = j;
        if (i < n && !s[i])
            i++; /* a NUL never enters the text */
    }
}

size_t rd_offset(const im_document *d)
{
    return d->len;
}

void rd_para_end(im_document *d)
{
    if (!d->in_para)
        return;
    d->in_para = false;
    while (d->len > d->para_start && d->buf[d->len - 1] == ' ')
        d->buf[--d->len] = '\0';
    if (d->len == d->para_start)
        return;
    d->paras = im_xgrow(d->paras, &d->cap_paras, d->n_paras + 1, sizeof *d->paras);
    d->paras[d->n_paras++] = (im_doc_paragraph){d->para_start, d->len};
    put(d, "\n", 1);
}

static char *collapse(const char *s, size_t n)
{
    char *out = im_xmalloc(n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t sp = space_len(s, i, n);
        if (sp || !s[i]) {
            if (k && out[k - 1] != ' ')
                out[k++] = ' ';
            i += sp ? sp - 1 : 0;
            continue;
        }
        out[k++] = s[i];
    }
    while (k && out[k - 1] == ' ')
        k--;
    out[k] = '\0';
    return out;
}

void rd_note_add(im_document *d, int number, bool endnote, const char *text, size_t len,
                 size_t ref_offset)
{
    char *t = collapse(text, len);
    if (!*t) {
        free(t);
        return;
    }
    d->notes = im_xgrow(d->notes, &d->cap_notes, d->n_notes + 1, sizeof *d->notes);
    d->notes[d->n_notes++] = (im_doc_note){number, endnote, t, ref_offset};
}

void rd_meta_set(char **field, const char *s, bool replace)
{
    if (!s || (*field && **field && !replace))
        return;
    char *t = collapse(s, strlen(s));
    if (!*t) {
        free(t);
        return;
    }
    free(*field);
    *field = t;
}

im_status rd_document_finish(im_ctx *ctx, im_document *d)
{
    rd_para_end(d);
    if (d->overflow)
        return im_ctx_fail(ctx, IM_ERR_INPUT_TOO_LARGE,
                           "its text is longer than %zu bytes", d->max_text);
    /* a marker after the last paragraph points at the end of the text */
    for (size_t i = 0; i < d->n_notes; i++)
        if (d->notes[i].ref_offset > d->len)
            d->notes[i].ref_offset = d->len;
    return IM_OK;
}

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

bool rd_date_normalise(const char *s, char out[11])
{
    if (!s)
        return false;
    while (*s == ' ' || *s == '\t' || *s == '\n')
        s++;
    if (s[0] == 'D' && s[1] == ':')
        s += 2;
    size_t n = strlen(s);
    if (n < 4 || !digits(s, 4))
        return false;
    int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    if (year < 1000 || year > 2999)
        return false;
    memcpy(out, s, 4);
    out[4] = '\0';
    const char *p = s + 4;
    bool dashed = *p == '-';
    if (dashed)
        p++;
    if (strlen(p) < 2 || !digits(p, 2))
        return true;
    int month = (p[0] - '0') * 10 + (p[1] - '0');
    if (month < 1 || month > 12)
        return true;
    out[4] = '-';
    memcpy(out + 5, p, 2);
    out[7] = '\0';
    p += 2;
    if (dashed) {
        if (*p != '-')
            return true;
        p++;
    }
    if (strlen(p) < 2 || !digits(p, 2))
        return true;
    int day = (p[0] - '0') * 10 + (p[1] - '0');
    if (day < 1 || day > 31)
        return true;
    out[7] = '-';
    memcpy(out + 8, p, 2);
    out[10] = '\0';
    return true;
}
