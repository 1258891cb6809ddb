/* The DOCX reader: a Word document is a zip of XML parts. word/document.xml gives
 * the paragraphs (w:p, their w:t runs joined; deleted text and field codes are not
 * text), footnote and endnote references become markers, word/footnotes.xml and
 * word/endnotes.xml give the notes, docProps/core.xml the title, author and date.
 *
 * Every part is inflated within the zip limits (zipread.c) and parsed by libxml2
 * without network access and without entity substitution; a part that declares a
 * DTD is refused outright (Word never writes one, and entity expansion is how a
 * billion-laughs file attacks a parser). libxml2 bounds the nesting depth itself.
 */
#define _GNU_SOURCE /* memmem */
#include "readers_private.h"
#include "zipread.h"

#include "incmap/alloc.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

typedef struct note_ref {
    long id;
    bool endnote;
    int number;
    size_t at;
} note_ref;

typedef struct docx_run {
    im_document *d;
    unsigned element;
    note_ref *refs;
    size_t n_refs, cap_refs;
    int n_foot, n_end;
} docx_run;

static bool is_w(const xmlNode *n, const char *local)
{
    return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
           !strcmp((const char *)n->ns->href, W_NS) && !strcmp((const char *)n->name, local);
}

static long w_id(const xmlNode *n)
{
    xmlChar *v = xmlGetNsProp(n, (const xmlChar *)"id", (const xmlChar *)W_NS);
    long id = v ? strtol((const char *)v, NULL, 10) : -1;
    xmlFree(v);
    return id;
}

/* Parse one XML part safely: no DTD, no network, no entity substitution. */
static xmlDoc *parse_part(im_ctx *ctx, const char *name, const char *xml, size_t len)
{
    if (len > (size_t)INT32_MAX) {
        im_ctx_fail(ctx, IM_ERR_INPUT_TOO_LARGE, "'%s' is larger than 2 GiB", name);
        return NULL;
    }
    if (memmem(xml, len, "<!DOCTYPE", 9) || memmem(xml, len, "<!ENTITY", 8)) {
        im_ctx_fail(ctx, IM_ERR_INPUT, "'%s' declares a DTD or entities, which a Word "
                    "document never does (refused: entity expansion attack?)", name);
        return NULL;
    }
    xmlDoc *doc = xmlReadMemory(xml, (int)len, name, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *e = xmlGetLastError();
        im_ctx_fail(ctx, IM_ERR_INPUT, "'%s' is not well-formed XML (%s)", name,
                    e && e->message ? strtok(e->message, "\n") : "libxml2 refused it");
    }
    return doc;
}

static void body_walk(docx_run *r, xmlNode *n, int depth);

static void para(docx_run *r, xmlNode *p, int depth)
{
    char where[32];
    snprintf(where, sizeof where, "w:p %u", ++r->element);
    rd_para_begin(r->d, 0, r->element, where);
    body_walk(r, p->children, depth + 1);
    rd_para_end(r->d);
}

static void body_walk(docx_run *r, xmlNode *n, int depth)
{
    for (xmlNode *c = n; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_w(c, "p")) {
            if (r->d->in_para) {
                /* a paragraph inside one (a text box): the outer one resumes after it */
                size_t el = r->element;
                rd_para_end(r->d);
                para(r, c, depth);
                char where[32];
                snprintf(where, sizeof where, "w:p %zu", el);
                rd_para_begin(r->d, 0, (unsigned)el, where);
            } else {
                para(r, c, depth);
            }
        } else if (is_w(c, "t")) {
            xmlChar *t = xmlNodeGetContent(c);
            if (t)
                rd_append(r->d, (const char *)t, strlen((const char *)t));
            xmlFree(t);
        } else if (is_w(c, "tab") || is_w(c, "br") || is_w(c, "cr")) {
            rd_append(r->d, " ", 1);
        } else if (is_w(c, "noBreakHyphen")) {
            rd_append(r->d, "-", 1);
        } else if (is_w(c, "footnoteReference") || is_w(c, "endnoteReference")) {
            bool end = is_w(c, "endnoteReference");
            r->refs = im_xgrow(r->refs, &r->cap_refs, r->n_refs + 1, sizeof *r->refs);
            r->refs[r->n_refs++] =
                (note_ref){w_id(c), end, end ? ++r->n_end : ++r->n_foot, rd_offset(r->d)};
        } else if (is_w(c, "del") || is_w(c, "delText") || is_w(c, "instrText") ||
                   is_w(c, "rPr") || is_w(c, "pPr")) {
            continue;
        } else if (c->children) {
            body_walk(r, c->children, depth + 1);
        }
    }
}

/* The notes of one part (footnotes.xml or endnotes.xml) that the body refers to. */
static im_status read_notes(im_ctx *ctx, rd_zip *z, docx_run *r, bool endnote)
{
    const char *name = endnote ? "word/endnotes.xml" : "word/footnotes.xml";
    char *xml;
    size_t len;
    im_status st = rd_zip_read(ctx, z, name, &xml, &len);
    if (st == IM_ERR_NOT_FOUND)
        return IM_OK;
    if (st != IM_OK)
        return st;
    xmlDoc *doc = parse_part(ctx, name, xml, len);
    free(xml);
    if (!doc)
        return IM_ERR_INPUT;
    const char *tag = endnote ? "endnote" : "footnote";
    xmlNode *root = xmlDocGetRootElement(doc);
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        if (!is_w(c, tag))
            continue;
        long id = w_id(c);
        for (size_t i = 0; i < r->n_refs; i++) {
            if (r->refs[i].id != id || r->refs[i].endnote != endnote)
                continue;
            /* gather the note's runs through a scratch document */
            im_document *scratch = rd_document_new(IM_DOC_DOCX, r->d->max_text);
            docx_run sr = {scratch, 0, NULL, 0, 0, 0, 0};
            rd_para_begin(scratch, 0, 0, NULL);
            for (xmlNode *p = c->children; p; p = p->next) {
                body_walk(&sr, p->children, 1);
                rd_append(scratch, " ", 1);
            }
            rd_para_end(scratch);
            rd_note_add(r->d, r->refs[i].number, endnote, scratch->buf, scratch->len,
                        r->refs[i].at);
            free(sr.refs);
            im_document_destroy(scratch);
            break;
        }
    }
    xmlFreeDoc(doc);
    return IM_OK;
}

static void core_props(im_ctx *ctx, rd_zip *z, im_document *d)
{
    char *xml;
    size_t len;
    if (rd_zip_read(ctx, z, "docProps/core.xml", &xml, &len) != IM_OK)
        return; /* metadata is optional: a missing or odd core.xml is no reason to fail */
    xmlDoc *doc = parse_part(ctx, "docProps/core.xml", xml, len);
    free(xml);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        xmlChar *v = xmlNodeGetContent(c);
        const char *name = (const char *)c->name;
        char date[11];
        if (!strcmp(name, "title"))
            rd_meta_set(&d->title, (const char *)v, true);
        else if (!strcmp(name, "creator"))
            rd_meta_set(&d->author, (const char *)v, true);
        else if (!strcmp(name, "created") && rd_date_normalise((const char *)v, date))
            rd_meta_set(&d->date, date, true);
        xmlFree(v);
    }
    if (doc)
        xmlFreeDoc(doc);
    im_ctx_clear_error(ctx);
}

im_status rd_read_docx(im_ctx *ctx, const char *bytes, size_t len, const im_reader_options *o,
                       im_document *d)
{
    rd_zip *z = rd_zip_open(ctx, bytes, len, &o->limits);
    if (!z)
        return IM_ERR_INPUT;
    docx_run r = {0};
    r.d = d;
    char *xml = NULL;
    size_t n = 0;
    xmlDoc *doc = NULL;
    im_status st = rd_zip_read(ctx, z, "word/document.xml", &xml, &n);
    if (st == IM_ERR_NOT_FOUND) {
        st = im_ctx_fail(ctx, IM_ERR_INPUT, "a zip archive without word/document.xml: not a "
                         "Word (DOCX) document");
        goto done;
    }
    if (st != IM_OK)
        goto done;
    doc = parse_part(ctx, "word/document.xml", xml, n);
    if (!doc) {
        st = IM_ERR_INPUT;
        goto done;
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    body_walk(&r, root, 0);
    rd_para_end(d);
    st = read_notes(ctx, z, &r, false);
    if (st == IM_OK)
        st = read_notes(ctx, z, &r, true);
    if (st == IM_OK)
        core_props(ctx, z, d);
done:
    if (doc)
        xmlFreeDoc(doc);
    free(xml);
    free(r.refs);
    rd_zip_close(z);
    return st;
}
