/* The HTML reader: a saved web page reduced to its article.
 *
 * libxml2's HTML parser (recovering, no network) builds the tree; elements that are
 * never article text are dropped by tag (geodata/readers/html_tags.tsv), by words of
 * their class, id or role (html_boilerplate.tsv), or by being hidden; comments never
 * count. Of what is left, the container whose paragraphs hold the most prose (a score
 * per paragraph by length and commas, given to its parent and half to its
 * grandparent) is the article, with its siblings that score nearly as well. Its block
 * elements become paragraphs; a superscript number linking to a note inside the page
 * is a footnote marker and the note it links to a footnote. The date, title and author
 * come from <meta> (html_meta.tsv), <time datetime> and <title>.
 */
#include "readers_private.h"

#include "incmap/alloc.h"
#include "geodata/readers/tab_html_boilerplate.h"
#include "geodata/readers/tab_html_meta.h"
#include "geodata/readers/tab_html_tags.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct html_run {
    im_document *d;
    int max_depth;
    bool too_deep;
    int meta_rank[3]; /* date, title, author: the best rank seen so far */
    unsigned element;
    xmlNode *best;
    double best_score;
    char **note_ids;  /* ids that footnote markers link to */
    size_t n_note_ids, cap_note_ids;
    /* scores per element: a small open-addressing map from node to score */
    xmlNode **keys;
    double *scores;
    size_t cap;
} html_run;

static const char *tag_role(const xmlNode *n)
{
    if (n->type != XML_ELEMENT_NODE || !n->name)
        return NULL;
    const char *name = (const char *)n->name;
    const struct tab_html_tags *t = tab_html_tags_find(name, strlen(name));
    return t ? t->role : NULL;
}

static bool words_mark_boilerplate(const char *s)
{
    if (!s)
        return false;
    for (size_t i = 0; s[i];) {
        while (s[i] && !((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
            i++;
        size_t j = i;
        char word[32];
        while (s[j] && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z')))
            j++;
        if (j > i && j - i < sizeof word) {
            for (size_t k = i; k < j; k++)
                word[k - i] = (char)(s[k] >= 'A' && s[k] <= 'Z' ? s[k] + 32 : s[k]);
            if (tab_html_boilerplate_find(word, j - i))
                return true;
        }
        i = j;
    }
    return false;
}

static bool attr_is(const xmlNode *n, const char *name, const char *value)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    bool yes = v && (!value || !strcasecmp((const char *)v, value));
    xmlFree(v);
    return yes;
}

static bool dropped(const xmlNode *n)
{
    if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE || n->type == XML_DTD_NODE)
        return true;
    if (n->type != XML_ELEMENT_NODE)
        return false;
    const char *role = tag_role(n);
    if (role && !strcmp(role, "drop"))
        return true;
    if (attr_is(n, "hidden", NULL) || attr_is(n, "aria-hidden", "true"))
        return true;
    static const char *const attrs[] = {"class", "id", "role"};
    for (size_t i = 0; i < 3; i++) {
        xmlChar *v = xmlGetProp(n, (const xmlChar *)attrs[i]);
        bool b = words_mark_boilerplate((const char *)v);
        xmlFree(v);
        if (b)
            return true;
    }
    return false;
}

static bool is_block(const xmlNode *n)
{
    const char *role = tag_role(n);
    return role && !strcmp(role, "block");
}

/* ---------------------------------------------------------------- metadata */
static void meta_offer(html_run *r, const char *field, int rank, const char *value)
{
    char date[11];
    int k = !strcmp(field, "date") ? 0 : !strcmp(field, "title") ? 1 : 2;
    if (r->meta_rank[k] && r->meta_rank[k] <= rank)
        return;
    if (k == 0) {
        if (!rd_date_normalise(value, date))
            return;
        value = date;
    }
    char **slot = k == 0 ? &r->d->date : k == 1 ? &r->d->title : &r->d->author;
    rd_meta_set(slot, value, true);
    if (*slot)
        r->meta_rank[k] = rank;
}

static void meta_of(html_run *r, const xmlNode *n)
{
    const char *tag = (const char *)n->name;
    if (!strcasecmp(tag, "title") && n->children) {
        xmlChar *t = xmlNodeGetContent(n);
        meta_offer(r, "title", 9, (const char *)t);
        xmlFree(t);
        return;
    }
    if (!strcasecmp(tag, "time")) {
        xmlChar *dt = xmlGetProp(n, (const xmlChar *)"datetime");
        if (dt)
            meta_offer(r, "date", 3, (const char *)dt);
        xmlFree(dt);
        return;
    }
    static const char *const keys[] = {"property", "name", "itemprop"};
    for (size_t i = 0; i < 3; i++) {
        xmlChar *k = xmlGetProp(n, (const xmlChar *)keys[i]);
        if (!k)
            continue;
        char low[64];
        size_t len = strlen((const char *)k);
        if (len < sizeof low) {
            for (size_t j = 0; j <= len; j++)
                low[j] = (char)(k[j] >= 'A' && k[j] <= 'Z' ? k[j] + 32 : k[j]);
            const struct tab_html_meta *m = tab_html_meta_find(low, len);
            xmlChar *v = xmlGetProp(n, (const xmlChar *)"content");
            if (!v)
                v = xmlGetProp(n, (const xmlChar *)"datetime");
            if (m && v)
                meta_offer(r, m->field, (int)m->rank, (const char *)v);
            xmlFree(v);
        }
        xmlFree(k);
    }
}

/* ---------------------------------------------------------------- scoring */
static double *score_slot(html_run *r, xmlNode *n)
{
    size_t h = ((size_t)(uintptr_t)n >> 4) * 2654435761u;
    for (size_t i = 0;; i++) {
        size_t k = (h + i) & (r->cap - 1);
        if (r->keys[k] == n || !r->keys[k]) {
            r->keys[k] = n;
            return &r->scores[k];
        }
    }
}

static void add_score(html_run *r, xmlNode *n, double s)
{
    if (!n || n->type != XML_ELEMENT_NODE)
        return;
    double *slot = score_slot(r, n);
    *slot += s;
    if (*slot > r->best_score) {
        r->best_score = *slot;
        r->best = n;
    }
}

/* The visible text length and commas under a block (dropped subtrees excluded). */
static void measure(const xmlNode *n, size_t *len, size_t *commas, int depth)
{
    for (const xmlNode *c = n->children; c && depth < 512; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            for (const xmlChar *s = c->content; s && *s; s++) {
                *len += *s > ' ';
                *commas += *s == ',';
            }
        } else if (c->type == XML_ELEMENT_NODE && !dropped(c)) {
            measure(c, len, commas, depth + 1);
        }
    }
}

static void walk_meta_and_score(html_run *r, xmlNode *n, int depth)
{
    for (xmlNode *c = n; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (depth > r->max_depth) {
            r->too_deep = true;
            return;
        }
        meta_of(r, c);
        if (dropped(c)) {
            /* no prose in here, but <head> holds the metadata */
            if (c->children && !strcasecmp((const char *)c->name, "head"))
                walk_meta_and_score(r, c->children, depth + 1);
            continue;
        }
        const char *tag = (const char *)c->name;
        if (!strcmp(tag, "p") || !strcmp(tag, "pre") || !strcmp(tag, "blockquote") ||
            !strcmp(tag, "li") || !strcmp(tag, "td")) {
            size_t len = 0, commas = 0;
            measure(c, &len, &commas, 0);
            if (len >= 25) {
                double s = 1.0 + (double)commas + (len / 100.0 < 3 ? len / 100.0 : 3);
                add_score(r, c->parent, s);
                if (c->parent)
                    add_score(r, c->parent->parent, s / 2);
            }
        }
        if (c->children)
            walk_meta_and_score(r, c->children, depth + 1);
    }
}

/* ---------------------------------------------------------------- emitting */
static bool only_number(const xmlNode *n, int *number)
{
    xmlChar *t = xmlNodeGetContent(n);
    const char *s = (const char *)t;
    int v = 0, digits = 0;
    for (; s && *s; s++) {
        if (*s >= '0' && *s <= '9' && digits < 5)
            v = v * 10 + (*s - '0'), digits++;
        else if (*s != ' ' && *s != '[' && *s != ']')
            digits = 99;
    }
    xmlFree(t);
    *number = v;
    return digits > 0 && digits < 6;
}

/* The id a marker links to ("#fn3" gives "fn3"), or NULL. */
static char *link_target(const xmlNode *n)
{
    for (const xmlNode *c = n; c; c = c->children) {
        if (c->type == XML_ELEMENT_NODE && !strcasecmp((const char *)c->name, "a")) {
            xmlChar *href = xmlGetProp(c, (const xmlChar *)"href");
            char *id = href && href[0] == '#' && href[1] ? im_xstrdup((char *)href + 1) : NULL;
            xmlFree(href);
            return id;
        }
        if (c->children && c->children->next)
            break;
    }
    return NULL;
}

static bool is_note_target(const html_run *r, const xmlNode *n)
{
    if (n->type != XML_ELEMENT_NODE || !r->n_note_ids)
        return false;
    xmlChar *id = xmlGetProp(n, (const xmlChar *)"id");
    bool yes = false;
    for (size_t i = 0; id && i < r->n_note_ids && !yes; i++)
        yes = r->note_ids[i] && !strcmp(r->note_ids[i], (const char *)id);
    xmlFree(id);
    return yes;
}

static void begin_block(html_run *r, xmlNode *n)
{
    xmlChar *path = xmlGetNodePath(n);
    rd_para_begin(r->d, 0, ++r->element, (const char *)path);
    xmlFree(path);
}

static bool heads_notes(const html_run *r, const xmlNode *n);
static void emit(html_run *r, xmlNode *n, int depth)
{
    for (xmlNode *c = n->children; c && depth <= r->max_depth; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content)
                rd_append(r->d, (const char *)c->content, strlen((const char *)c->content));
            continue;
        }
        if (c->type != XML_ELEMENT_NODE || dropped(c))
            continue;
        const char *role = tag_role(c);
        int number;
        char *target = NULL;
        /* a marker is a number linking to a note in the page: "km<sup>2</sup>" is text */
        if (role && !strcmp(role, "note") && only_number(c, &number) &&
            (target = link_target(c))) {
            r->note_ids = im_xgrow(r->note_ids, &r->cap_note_ids, r->d->n_notes + 1,
                                   sizeof *r->note_ids);
            r->note_ids[r->d->n_notes] = target;
            r->n_note_ids = r->d->n_notes + 1;
            r->d->notes = im_xgrow(r->d->notes, &r->d->cap_notes, r->d->n_notes + 1,
                                   sizeof *r->d->notes);
            r->d->notes[r->d->n_notes++] =
                (im_doc_note){number, false, im_xstrdup(""), rd_offset(r->d)};
            continue;
        }
        if (is_note_target(r, c) || heads_notes(r, c))
            continue; /* read as a note after the article */
        bool block = is_block(c);
        if (block)
            begin_block(r, c);
        emit(r, c, depth + 1);
        if (block)
            rd_para_end(r->d);
        else if (!strcasecmp((const char *)c->name, "br"))
            rd_append(r->d, " ", 1);
    }
    if (depth > r->max_depth)
        r->too_deep = true;
}

static xmlNode *find_id(xmlNode *n, const char *id, int depth)
{
    for (xmlNode *c = n; c && depth < 512; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (attr_is(c, "id", id))
            return c;
        xmlNode *f = c->children ? find_id(c->children, id, depth + 1) : NULL;
        if (f)
            return f;
    }
    return NULL;
}

/* A note's text without its links back into the page ("↩"). */
static void note_text(const xmlNode *n, char **buf, size_t *len, size_t *cap, int depth)
{
    for (const xmlNode *c = n->children; c && depth < 64; c = c->next) {
        if (c->type == XML_TEXT_NODE && c->content) {
            size_t k = strlen((const char *)c->content);
            *buf = im_xgrow(*buf, cap, *len + k + 1, 1);
            memcpy(*buf + *len, c->content, k);
            *len += k;
            (*buf)[*len] = '\0';
        } else if (c->type == XML_ELEMENT_NODE) {
            xmlChar *href = !strcasecmp((const char *)c->name, "a")
                                ? xmlGetProp(c, (const xmlChar *)"href") : NULL;
            bool back = href && href[0] == '#';
            xmlFree(href);
            if (!back)
                note_text(c, buf, len, cap, depth + 1);
        }
    }
}

/* A heading whose next element is a list of notes ("Notes", "References"). */
static bool heads_notes(const html_run *r, const xmlNode *n)
{
    const char *tag = (const char *)n->name;
    if (!(tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6' && !tag[2]))
        return false;
    const xmlNode *next = n->next;
    while (next && next->type != XML_ELEMENT_NODE)
        next = next->next;
    if (!next)
        return false;
    if (is_note_target(r, next))
        return true;
    const xmlNode *first = next->children;
    while (first && first->type != XML_ELEMENT_NODE)
        first = first->next;
    return first && is_note_target(r, first);
}

/* Give each footnote marker the text of the element it links to; markers whose
 * note cannot be found are forgotten. */
static void note_texts(html_run *r, xmlNode *root)
{
    im_document *d = r->d;
    size_t kept = 0;
    for (size_t i = 0; i < d->n_notes; i++) {
        xmlNode *target = i < r->n_note_ids && r->note_ids[i]
                              ? find_id(root, r->note_ids[i], 0) : NULL;
        char *t = NULL;
        size_t len = 0, cap = 0;
        if (target)
            note_text(target, &t, &len, &cap, 0);
        free((char *)d->notes[i].text);
        d->notes[i].text = NULL;
        if (t) {
            size_t before = d->n_notes;
            rd_note_add(d, d->notes[i].number, false, t, len, d->notes[i].ref_offset);
            if (d->n_notes > before)
                d->notes[kept++] = d->notes[--d->n_notes];
        }
        free(t);
    }
    d->n_notes = kept;
}

static size_t count_elements(const xmlNode *n, int depth)
{
    size_t k = 0;
    for (; n && depth < 1024; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            k += 1 + count_elements(n->children, depth + 1);
    return k;
}

static bool contains(const xmlNode *outer, const xmlNode *n)
{
    for (; n; n = n->parent)
        if (n == outer)
            return true;
    return false;
}

static xmlNode *find_h1(xmlNode *n, int depth)
{
    for (xmlNode *c = n; c && depth < 512; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || dropped(c))
            continue;
        if (!strcasecmp((const char *)c->name, "h1"))
            return c;
        xmlNode *h = c->children ? find_h1(c->children, depth + 1) : NULL;
        if (h)
            return h;
    }
    return NULL;
}

im_status rd_read_html(im_ctx *ctx, const char *bytes, size_t len, const im_reader_options *o,
                       im_document *d)
{
    if (len > (size_t)INT32_MAX)
        return im_ctx_fail(ctx, IM_ERR_INPUT_TOO_LARGE, "an HTML page larger than 2 GiB");
    bool declared = false;
    for (size_t i = 0; i + 7 <= len && i < 4096 && !declared; i++)
        declared = !strncasecmp(bytes + i, "charset", 7);
    xmlResetLastError();
    htmlDocPtr doc = htmlReadMemory(bytes, (int)len, NULL, declared ? NULL : "UTF-8",
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                        HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                        HTML_PARSE_COMPACT);
    /* libxml2 stops at its depth limit and, recovering, keeps what came before */
    const xmlError *e = xmlGetLastError();
    if (e && e->message && strstr(e->message, "depth")) {
        if (doc)
            xmlFreeDoc(doc);
        return im_ctx_fail(ctx, IM_ERR_INPUT, "an HTML page nested too deep (libxml2: %s)",
                           strtok(e->message, "\n"));
    }
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root) {
        if (doc)
            xmlFreeDoc(doc);
        return im_ctx_fail(ctx, IM_ERR_INPUT, "an HTML page libxml2 cannot parse");
    }
    html_run r = {0};
    r.d = d;
    r.max_depth = o->limits.max_depth;
    r.cap = 64;
    for (size_t elements = count_elements(root, 0); r.cap < elements * 2;)
        r.cap *= 2;
    r.keys = im_xcalloc(r.cap, sizeof *r.keys);
    r.scores = im_xcalloc(r.cap, sizeof *r.scores);
    im_status st = IM_OK;
    walk_meta_and_score(&r, root, 0);
    if (r.too_deep) {
        st = im_ctx_fail(ctx, IM_ERR_INPUT, "an HTML page nested more than %d elements deep",
                         r.max_depth);
        goto done;
    }
    xmlNode *article = r.best ? r.best : root;
    xmlNode *h1 = find_h1(root, 0);
    if (h1 && !contains(article, h1)) {
        begin_block(&r, h1);
        emit(&r, h1, 0);
        rd_para_end(d);
    }
    /* siblings that score nearly as well are part of the article too */
    xmlNode *first = article->parent && r.best ? article->parent->children : article;
    for (xmlNode *c = first; c; c = c->next) {
        if (c != article) {
            if (!r.best || c->type != XML_ELEMENT_NODE || dropped(c))
                continue;
            double *s = score_slot(&r, c);
            if (*s < r.best_score * 0.2)
                continue;
        }
        bool block = is_block(c);
        if (block)
            begin_block(&r, c);
        emit(&r, c, 0);
        rd_para_end(d);
        if (!r.best)
            break;
    }
    note_texts(&r, root);
    if (r.too_deep)
        st = im_ctx_fail(ctx, IM_ERR_INPUT, "an HTML page nested more than %d elements deep",
                         r.max_depth);
done:
    for (size_t i = 0; i < r.n_note_ids; i++)
        free(r.note_ids[i]);
    free(r.note_ids);
    free(r.keys);
    free(r.scores);
    xmlFreeDoc(doc);
    return st;
}
