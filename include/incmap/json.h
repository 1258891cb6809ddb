/* A minimal JSON reader for JSON Lines input: one flat object per line, from which a
 * caller takes a few members (`{"id": ..., "text": ...}`). Strings are fully decoded
 * (escapes, \u surrogate pairs → UTF-8); other values are returned as their raw text.
 * Nested values are skipped correctly but not decoded. Never reads past `len`. */
#ifndef INCMAP_JSON_H
#define INCMAP_JSON_H

#include <stdbool.h>
#include <stddef.h>

/* Find member `key` of the object in `json[0..len)`. On success `*out` receives a new
 * NUL-terminated string (decoded for strings, raw for numbers/literals; caller frees)
 * and `*out_len` its length. Returns false when the text is not an object, is
 * malformed, or lacks the key. */
bool im_json_get_member(const char *json, size_t len, const char *key, char **out,
                        size_t *out_len);

#endif
