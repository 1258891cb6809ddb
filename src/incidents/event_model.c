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

#include <ctype.h>
#include <stdint.h>
#include <string.h>

#define MAX_WORD 48
#define N_CLASSES 32

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

static int classify(const char *s, size_t len);

int ev_model_classify(const char *s, size_t len, const char **type, const char **sub)
{
    /* A sentence that tells several events is asked about once per event: remember the
       last answer of this thread, keyed by the sentence's length and hash. */
    static _Thread_local struct {
        size_t len;
        uint32_t hash;
        int cls;
    } last = {0, 0, -1};
    uint32_t h = fnv1a(s, len);
    int cls = last.cls >= 0 && last.len == len && last.hash == h ? last.cls : classify(s, len);
    last.len = len;
    last.hash = h;
    last.cls = cls;
    if (type)
        *type = tab_event_classes[cls].event_type;
    if (sub)
        *sub = tab_event_classes[cls].sub_type;
    return cls;
}

static int classify(const char *s, size_t len)
{
    long score[N_CLASSES] = {0};
    char prev[MAX_WORD + 1] = "", word[MAX_WORD + 1], key[2 * MAX_WORD + 4];
    size_t prev_n = 0;
    bool have_prev = false;
    add_feature(score, "bias", 4);
    for (size_t i = after_label(s, len); i < len;) {
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
        size_t b = i, n = 0;
        bool digit = false;
        while (i < len && word_byte(s, len, i)) {
            unsigned char c = (unsigned char)s[i++];
            digit |= c < 0x80 && isdigit(c);
            if (n < MAX_WORD)
                word[n++] = (char)(c < 0x80 ? tolower(c) : c);
        }
        /* a longer word is never a feature: keep it as a word no feature matches */
        if (i - b > MAX_WORD)
            n = 0;
        if (digit) {
            word[0] = '0';
            n = 1;
        }
        word[n] = '\0';
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
