/* Reading a report robustly: decoding, mojibake repair, footnotes, segmentation.
 *
 * im_text_create turns the raw bytes of a report into clean UTF-8 (LF line ends, no
 * BOM, mojibake repaired, glued footnote numbers removed) split into paragraphs and
 * sentences, and keeps a map from every clean byte offset back to the original input
 * bytes so later stages can cite spans of the file the analyst gave them.
 *
 * What it is not: a Unicode normaliser (no NFC, typographic apostrophes and quotes are
 * kept as they are; downstream folding handles them), a language detector, or a
 * tokenizer. It never fails on odd bytes: anything it cannot decode or repair is kept
 * or replaced by U+FFFD and counted in the statistics.
 */
#ifndef INCMAP_TEXT_H
#define INCMAP_TEXT_H

#include <stddef.h>

#include "incmap/ctx.h"
#include "incmap/status.h"

/* Largest input im_text_create accepts (256 MiB); larger gives IM_ERR_INPUT_TOO_LARGE.
 * Reading and geoparsing hold about 8 bytes per input byte on news prose (`incmap
 * places` peaks at 382 MB on 50 MB of the seed report repeated), more on text that is
 * nearly all place names, so this keeps a report within a few GiB of memory; a larger
 * corpus is split into documents (places --jsonl). */
#define IM_TEXT_MAX_INPUT ((size_t)256 << 20)

typedef struct im_text im_text;

/* How the input bytes were decoded. The choice is made once per input: a BOM decides;
 * without one, input that is entirely valid UTF-8 is UTF-8 and anything else is read
 * as Windows-1252 (whose five undefined bytes become the C1 controls of the same
 * value), so no byte sequence is ever rejected. */
typedef enum im_text_encoding {
    IM_ENC_UTF8,
    IM_ENC_UTF8_BOM,
    IM_ENC_UTF16LE,  /* only with a BOM (FF FE) */
    IM_ENC_UTF16BE,  /* only with a BOM (FE FF) */
    IM_ENC_CP1252
} im_text_encoding;

/* What im_text_create did to the input. */
typedef struct im_text_stats {
    im_text_encoding encoding;
    size_t mojibake_repairs; /* runs of mojibake (GBK-decoded UTF-8, or Windows-1252
                                decoded UTF-8) turned back into the intended text */
    size_t mojibake_guessed; /* of those, repairs where a lost byte had to be guessed
                                (U+FFFD after E2 80: a quote, dash or ellipsis) */
    size_t unrecoverable;    /* runs that look damaged but do not decode; kept as is */
    size_t footnotes;        /* footnote numbers removed from the text */
    size_t paragraphs;
    size_t sentences;
} im_text_stats;

/* One sentence: the byte range [start, end) of the clean text, without surrounding
 * whitespace, and the footnote numbers that were glued to it, in text order. */
typedef struct im_sentence {
    size_t start, end;
    size_t para;           /* 0-based paragraph index */
    const int *footnotes;  /* borrowed from the im_text; NULL when n_footnotes is 0 */
    size_t n_footnotes;
} im_sentence;

/* One paragraph: a non-empty line of the input (blank lines also separate), as the
 * byte range [start, end) of the clean text without leading or trailing whitespace. */
typedef struct im_paragraph {
    size_t start, end;
    size_t first_sentence, n_sentences;
} im_paragraph;

/* Decode, repair and segment `len` bytes (which need not be NUL-terminated and may
 * contain any byte values). On success `*out` receives a text the caller owns (free
 * with im_text_destroy). Fails only with IM_ERR_INPUT_TOO_LARGE (len above
 * IM_TEXT_MAX_INPUT) or IM_ERR_INPUT (bytes NULL with len > 0), recorded on `ctx`;
 * `*out` is then NULL. Time and memory are linear in `len`. */
im_status im_text_create(im_ctx *ctx, const char *bytes, size_t len, im_text **out);

/* A footnote marker a document reader found (include/incmap/reader.h): its number
 * and the offset in the input bytes where it stood (the markers themselves are not in
 * the input). */
typedef struct im_text_note {
    size_t offset;
    int number;
} im_text_note;

/* im_text_create for a reader's text: the footnote markers in `notes` (any order) are
 * attached to their sentences as if they had been glued numbers the footnote stage
 * cut out. With n_notes 0 it is im_text_create. */
im_status im_text_create_noted(im_ctx *ctx, const char *bytes, size_t len,
                               const im_text_note *notes, size_t n_notes, im_text **out);

/* Free a text and everything borrowed from it. Accepts NULL. */
void im_text_destroy(im_text *text);

/* The clean text: valid UTF-8, LF line ends, NUL-terminated (it contains no NUL
 * bytes). `*len` (if `len` is not NULL) receives its length in bytes. Borrowed. */
const char *im_text_data(const im_text *t, size_t *len);

/* The byte offset in the ORIGINAL input that produced clean byte `clean_offset`.
 * Offsets inside a character that was transcoded or repaired map to the start of
 * the original bytes it came from; `clean_offset` equal to the clean length maps to
 * the original length. Offsets beyond the end are clamped to it. O(log n). */
size_t im_text_orig_offset(const im_text *t, size_t clean_offset);

/* The ORIGINAL offset for an exclusive END offset of the clean text: where the
 * original bytes of clean byte `clean_end - 1` end. It differs from
 * im_text_orig_offset only where input was deleted: the sentence "He fled." cut from
 * "He fled.12 Then" ends before the "12" with im_text_orig_end, after it with
 * im_text_orig_offset. Use it for span ends. */
size_t im_text_orig_end(const im_text *t, size_t clean_end);

/* Mapping many offsets: a cursor remembers where its previous look-up landed in each
 * stage's map, so offsets asked in increasing order (the mentions of a long report)
 * cost a few steps each instead of a binary search per stage. The answers are those
 * of im_text_orig_offset and im_text_orig_end, whatever the order; order only
 * decides the speed. Start a cursor zeroed (IM_TEXT_CURSOR_INIT) and use it with one
 * text only; mapping both starts and ends goes faster with a cursor for each. */
typedef struct im_text_cursor {
    size_t anchor[3]; /* private: per stage, the anchor of the previous look-up */
} im_text_cursor;
#define IM_TEXT_CURSOR_INIT {{0, 0, 0}}
size_t im_text_cursor_offset(const im_text *t, im_text_cursor *c, size_t clean_offset);
size_t im_text_cursor_end(const im_text *t, im_text_cursor *c, size_t clean_end);

/* Paragraphs in text order. im_text_paragraph returns NULL when i is out of range;
 * the pointer is borrowed and lives as long as `t`. */
size_t im_text_paragraph_count(const im_text *t);
const im_paragraph *im_text_paragraph(const im_text *t, size_t i);

/* Sentences in text order across all paragraphs. Same conventions as paragraphs. */
size_t im_text_sentence_count(const im_text *t);
const im_sentence *im_text_sentence(const im_text *t, size_t i);

/* A copy of the statistics of what was done to the input. */
im_text_stats im_text_get_stats(const im_text *t);

/* The name of an encoding ("utf-8", "utf-8-bom", "utf-16le", "utf-16be", "cp1252"). */
const char *im_text_encoding_name(im_text_encoding enc);

#endif
