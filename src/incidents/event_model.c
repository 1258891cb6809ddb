/* ACLED event type and sub-event type of an event sentence, by the learned model: an
 * averaged perceptron over the sentence's words and word pairs whose weights
 * (geodata/incidents/event_model.tsv) are trained by scripts/train_event_model.py. The
 * rows are grouped by a hash of their feature, so a look-up reads one small bucket
 * (event_model_index.tsv says where each starts). The features are computed here
 * exactly as that script computes them: a leading label of
 * one to four words and a colon ("Arrests: ") and "[name=value]" tags are dropped, words
 * are runs of ASCII letters and digits or non-ASCII characters (not quotes, dashes or
 * no-break spaces), lower-cased, and a word with a digit is "0". Deciding whether the
 * text reports an event at all is not the model's job (classify.c). */
#include "incidents_private.h"

#include "geodata/incidents/tab_event_classes.h"
#include "geodata/incidents/tab_event_model.h"
#include "geodata/incidents/tab_event_model_index.h"
#include "geodata/incidents/tab_model_skip_words.h"

#include <ctype.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#define MAX_WORD 48
#define N_CLASSES 32
#define MAX_TOKENS 1024   /* words of a sentence looked at (training sees all) */

/* Length of a non-ASCII separator (quote, dash, no-break space) at s[i], or 0. */
static size_t separator_at(const char *s, size_t len, size_t i)
{
    const unsigned char *u = (const unsigned char *)s + i;
    if (i + 1 < len && u[0] == 0xC2 && u[1] == 0xA0)
        return 2;
    if (i + 2 < len && u[0] == 0xE2 && u[1] == 0x80 &&
        (u[2] == 0x93 || u[2] == 0x94 || u[2] == 0x98 || u[2] == 0x99 || u[2] == 0x9C ||
         u[2] == 0x9D))
        return 3;
    return 0;
}

static bool word_byte(const char *s, size_t len, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80)
        return isalnum(c) != 0;
    return separator_at(s, len, i) == 0;
}

/* Where the text starts once a leading "Label words: " is dropped. */
static size_t after_label(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && s[i] == ' ')
        i++;
    if (i >= len || !isupper((unsigned char)s[i]))
        return 0;
    for (int words = 1;; words++) {
        size_t b = i;
        while (i < len && (isalpha((unsigned char)s[i]) || s[i] == '/' || s[i] == '-'))
            i++;
        if (i == b)
            return 0;
        if (i + 1 < len && s[i] == ':' && s[i + 1] == ' ')
            return i + 2;
        if (words >= 4 || i >= len || s[i] != ' ')
            return 0;
        i++;
    }
}

/* 32-bit FNV-1a, as scripts/train_event_model.py buckets the features. */
static uint32_t fnv1a(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* Add the weights of feature key[0..n): its rows are in its hash bucket. */
static void add_feature(long *score, const char *key, size_t n)
{
    size_t buckets = tab_event_model_index_count - 1;
    if (!buckets)
        return;
    size_t b = fnv1a(key, n) % buckets;
    size_t lo = (size_t)tab_event_model_index[b].start;
    size_t hi = (size_t)tab_event_model_index[b + 1].start;
    for (size_t i = lo; i < hi && i < tab_event_model_count; i++) {
        const struct tab_event_model *r = &tab_event_model[i];
        if (!strncmp(r->feature, key, n) && !r->feature[n] && r->class >= 0 &&
            r->class < N_CLASSES)
            score[r->class] += r->weight;
    }
}

static int classify(const char *s, size_t len, ev_kind kind);

int ev_model_classify(const char *s, size_t len, ev_kind kind, const char **type,
                      const char **sub)
{
    /* A sentence that tells several events is asked about once per event: remember the
       last answer of this thread, keyed by the sentence's length and hash and the kind. */
    static _Thread_local struct {
        size_t len;
        uint32_t hash;
        ev_kind kind;
        int cls;
    } last = {0, 0, EV_NONE, -1};
    uint32_t h = fnv1a(s, len);
    int cls = last.cls >= 0 && last.len == len && last.hash == h && last.kind == kind
                  ? last.cls : classify(s, len, kind);
    last.len = len;
    last.hash = h;
    last.kind = kind;
    last.cls = cls;
    if (type)
        *type = tab_event_classes[cls].event_type;
    if (sub)
        *sub = tab_event_classes[cls].sub_type;
    return cls;
}

typedef struct tok {
    size_t start, end;
    bool digit;
} tok;

/* The words of s[0..len) after the label, at most `max`. */
static size_t split(const char *s, size_t len, tok *t, size_t max)
{
    size_t n = 0;
    for (size_t i = after_label(s, len); i < len && n < max;) {
        if (s[i] == '[') {
            size_t e = i + 1;
            bool tag = false;
            while (e < len && e < i + 80 && s[e] != ']')
                tag |= s[e++] == '=';
            if (e < len && e < i + 80 && tag) {
                i = e + 1;
                continue;
            }
        }
        if (!word_byte(s, len, i)) {
            size_t sep = (unsigned char)s[i] >= 0x80 ? separator_at(s, len, i) : 1;
            i += sep ? sep : 1;
            continue;
        }
        t[n].start = i;
        t[n].digit = false;
        while (i < len && word_byte(s, len, i)) {
            unsigned char c = (unsigned char)s[i++];
            t[n].digit |= c < 0x80 && isdigit(c);
        }
        t[n++].end = i;
    }
    return n;
}

/* The lower-cased word into buf (MAX_WORD + 1 bytes); 0 when it is longer. */
static size_t lower(const char *s, const tok *t, char *buf)
{
    size_t n = t->end - t->start;
    if (n > MAX_WORD)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[t->start + i];
        buf[i] = (char)(c < 0x80 ? tolower(c) : c);
    }
    buf[n] = '\0';
    return n;
}

static int classify(const char *s, size_t len, ev_kind kind)
{
    long score[N_CLASSES] = {0};
    tok t[MAX_TOKENS];
    size_t nt = split(s, len, t, MAX_TOKENS);
    char prev[MAX_WORD + 1] = "", word[MAX_WORD + 1], key[2 * MAX_WORD + 4];
    size_t prev_n = 0;
    bool have_prev = false;
    add_feature(score, "bias", 4);
    const char *code = ev_kind_code(kind);
    if (code) {
        int kn = snprintf(key, sizeof key, "k %s", code);
        if (kn > 0 && (size_t)kn < sizeof key)
            add_feature(score, key, (size_t)kn);
    }
    for (size_t k = 0; k < nt; k++) {
        if (t[k].digit)
            continue;
        size_t n = lower(s, &t[k], word);
        /* a month or day name next to a number is part of a date */
        if (n && tab_model_skip_words_find(word, n) &&
            ((k > 0 && t[k - 1].digit) || (k + 1 < nt && t[k + 1].digit)))
            continue;
        if (n) {
            key[0] = 'w';
            key[1] = ' ';
            memcpy(key + 2, word, n);
            add_feature(score, key, n + 2);
        }
        if (have_prev && n && prev_n) {
            key[0] = 'b';
            key[1] = ' ';
            memcpy(key + 2, prev, prev_n);
            key[2 + prev_n] = ' ';
            memcpy(key + 3 + prev_n, word, n);
            add_feature(score, key, prev_n + n + 3);
        }
        memcpy(prev, word, n + 1);
        prev_n = n;
        have_prev = true;
    }
    size_t nc = tab_event_classes_count < N_CLASSES ? tab_event_classes_count : N_CLASSES;
    size_t best = 0;
    for (size_t c = 1; c < nc; c++)
        if (score[c] > score[best])
            best = c;
    return (int)best;
}
