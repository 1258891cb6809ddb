/* Look-ups in the extractor's knowledge tables (the geodata/incidents/ tables, compiled by
 * tools/gen_tables.py). Tables whose rows are `word:key role:str ...` answer "is this
 * word a <role>?" through EV_LEX_HAS; the words are matched in lower case. Nothing here
 * knows a word: the words are in the tables. */
#ifndef INCMAP_INCIDENTS_LEX_H
#define INCMAP_INCIDENTS_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* Lower-case s[0..n) into buf (cap bytes). Returns the length, or 0 when it does not
 * fit (no table word is that long) or is empty. */
size_t ev_lower(const char *s, size_t n, char *buf, size_t cap);

/* Whether table TAB (rows `word:key role:str …`) has the row (word s[0..n), ROLE). */
#define EV_LEX_HAS(TAB, s, n, ROLE) (ev_lex_row_##TAB((s), (n), (ROLE)) != NULL)

/* Defines `static const struct tab_TAB *ev_lex_row_TAB(s, n, role)`: the row with the
 * lower-cased word s[0..n) and role (NULL role: any), or NULL. */
#define EV_LEX_DEFINE(TAB)                                                                  \
    static inline const struct tab_##TAB *ev_lex_row_##TAB(const char *s, size_t n,      \
                                                             const char *role)            \
    {                                                                                      \
        char low_[64];                                                                     \
        size_t l_ = ev_lower(s, n, low_, sizeof low_);                                     \
        if (!l_)                                                                           \
            return NULL;                                                                   \
        const struct tab_##TAB *r_ = tab_##TAB##_find(low_, l_);                           \
        for (; r_ && r_ < tab_##TAB + tab_##TAB##_count && strlen(r_->word) == l_ &&       \
               !memcmp(r_->word, low_, l_);                                                \
             r_++)                                                                         \
            if (!role || !strcmp(r_->role, role))                                          \
                return r_;                                                                 \
        return NULL;                                                                       \
    }

#endif
