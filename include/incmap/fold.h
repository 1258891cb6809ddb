/* Name folding: the keys under which the gazetteer stores and finds names.
 *
 * im_fold turns "Mazār-e Sharīf", "MAZAR-E-SHARIF" and "Mazar e Sharif" into the same
 * key "mazar e sharif": Latin diacritics dropped, lower case, apostrophes and periods
 * removed ("U.S." → "us", "Ghazni's" stays "ghaznis"), hyphens, dashes, underscores and
 * runs of white space become one space, "saint"/"sankt"/"ste" become "st".
 * im_fold_variant goes further, to a consonant skeleton that equates the transliteration
 * variants met in reports (Kunduz/Qunduz, Termez/Tirmiz, Zabul/Zabol, Herat/Hirat,
 * Nangarhar/Ningarhar, Mazar-i-Sharif/Mazar-e-Sharif). Skeletons collide more often
 * than keys; callers must rank variant matches below exact ones.
 * Neither function allocates; both accept any byte sequence.
 */
#ifndef INCMAP_FOLD_H
#define INCMAP_FOLD_H

#include <stdbool.h>
#include <stddef.h>

/* Largest key incmap stores; longer names are cut at a token boundary. */
#define IM_FOLD_MAX 256

/* Fold `len` bytes of UTF-8 into `out` (NUL-terminated, at most IM_FOLD_MAX bytes
 * including NUL). Returns the key length. `*latin` (may be NULL) is set to false when
 * the input holds letters outside the Latin script (Cyrillic, Arabic, CJK…), whose
 * key would be meaningless. */
size_t im_fold(const char *s, size_t len, char out[IM_FOLD_MAX], bool *latin);

/* Consonant skeleton of an already folded key (see above); returns its length, 0 when
 * the key is too short to give a useful skeleton (fewer than 3 letters). */
size_t im_fold_variant(const char *key, char out[IM_FOLD_MAX]);

/* Decode one UTF-8 code point at s[*i] (advancing *i by at least one byte); invalid
 * bytes decode to U+FFFD. */
unsigned im_utf8_next(const char *s, size_t len, size_t *i);

#endif
