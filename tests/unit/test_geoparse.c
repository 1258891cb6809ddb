/* The geoparser on short sentences: that its word lists stay sorted (look-ups bisect
 * them), how the tokenizer cuts possessives, dotted abbreviations, hyphens and
 * apostrophes, and which mentions recognition and resolution make of sentences
 * written for each rule, and that the per-chunk cache keys on a chunk's surroundings.
 * Runs against the build's real gazetteer (INCMAP_DATA). The
 * longer documents by region are the golden tests in tests/data/geoparse/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "im_test.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incmap/incmap.h"
#include "incmap/geoparse.h"
#include "incmap/text.h"
#include "src/geoparse/geoparse_private.h"
#include "src/geoparse/resolve_private.h"

#include "gaz_fixture.h"

static void lexicon_is_sorted(void **state)
{
    (void)state;
    const char *bad = "";
    if (!gp_lexicon_sorted(&bad))
        fail_msg("word list out of order at '%s'", bad);
    assert_null(bad);
}

/* Every weight the resolver reads is in geodata/lexicon/weights.tsv. */
static void weights_all_present(void **state)
{
    (void)state;
    rs_weights w;
    const char *missing = "";
    if (!rs_weights_load(&w, &missing))
        fail_msg("weights.tsv lacks '%s'", missing);
    assert_true(w.qualifier > w.unit_strong);
    assert_true(w.confidence_scale > 0);
    assert_true(gp_weight("strong_town_population") > 0);
}

static void word_classes(void **state)
{
    (void)state;
    assert_true(gp_word_classes("march") & WORD_MONTH);
    assert_true(gp_word_classes("christmas") & WORD_MONTH);
    assert_true(gp_word_classes("mobile") & WORD_AMBIGUOUS);
    assert_true(gp_word_classes("the") & WORD_DETERMINER);
    assert_true(gp_word_classes("cartel") & WORD_ORG_HEAD);
    assert_true(gp_word_classes("central") & WORD_REGION_START);
    assert_false(gp_word_classes("kabul") & (WORD_COMMON | WORD_PERSON | WORD_MONTH));
    assert_true(gp_word_classes("christopher") & WORD_GIVEN);
    assert_true(gp_word_classes("sandra") & WORD_GIVEN);
    assert_false(gp_word_classes("herat") & WORD_GIVEN);
    assert_true(gp_word_classes("samples") & WORD_FREQUENT);
    assert_false(gp_word_classes("kabul") & WORD_FREQUENT);
    assert_true(gp_word_classes("president") & WORD_TITLE);
    assert_true(gp_word_classes("said") & WORD_SPEECH);
    assert_true(gp_word_classes("virus") & WORD_EPONYM);
    assert_true(gp_word_classes("area") & WORD_UNIT);
    /* seed-only entries are gone (issue 13) */
    assert_false(gp_word_classes("gulmurod") & WORD_PERSON);
    assert_false(gp_word_classes("hoop") & WORD_NONPLACE);
    bool plural = false, weak = true;
    assert_int_equal(gp_unit_word("provinces", &plural, &weak), IM_PLACE_ADMIN1);
    assert_true(plural);
    assert_false(weak);
    assert_int_equal(gp_unit_word("state", &plural, &weak), IM_PLACE_ADMIN1);
    assert_int_equal(gp_unit_word("district", NULL, NULL), IM_PLACE_ADMIN2);
    assert_int_equal(gp_unit_word("town", NULL, NULL), IM_PLACE_CITY);
    assert_int_equal(gp_unit_word("capital", NULL, NULL), IM_PLACE_ANY);
}

/* Tokens as "core" plus marks: [P] possessive, [A] dotted abbreviation, [C] all
 * capitals, and the gap after: '-' hyphen, ',' comma, '|' other; space is ' '. */
static void describe_tokens(const im_text *text, const gp_tokens *toks, char *out, size_t len)
{
    const char *s = im_text_data(text, NULL);
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < toks->n && o < len; i++) {
        const gp_token *t = &toks->items[i];
        o += (size_t)snprintf(out + o, len - o, "%.*s%s%s%s", (int)(t->core_end - t->start),
                              s + t->start, t->flags & TOK_POSS ? "[P]" : "",
                              t->flags & TOK_ABBREV ? "[A]" : "",
                              t->flags & TOK_ALLCAPS ? "[C]" : "");
        if (i + 1 < toks->n && o < len) {
            const char *gap = t->gap_after == GAP_HYPHEN  ? "-"
                              : t->gap_after == GAP_COMMA ? ", "
                              : t->gap_after == GAP_SPACE ? " "
                                                          : " | ";
            o += (size_t)snprintf(out + o, len - o, "%s", gap);
        }
    }
}

static void tokenizer_cases(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"Afghanistan's Zabol province", "Afghanistan[P] Zabol province"},
        {"Afghanistan\xE2\x80\x99s Zabol province", "Afghanistan[P] Zabol province"},
        {"the militants' base", "the militants[P] base"},
        {"the U.S. embassy", "the U.S.[A][C] embassy"},
        {"St. Petersburg and Ft. Worth", "St.[A] Petersburg and Ft.[A] Worth"},
        {"US-led forces", "US[C]-led forces"},
        {"Mazar-i-Sharif", "Mazar-i-Sharif"},
        {"Shi'a clerics and the Qur\xE2\x80\x99" "an",
         "Shi'a clerics and the Qur\xE2\x80\x99" "an"},
        {"Kabul, Herat and Kunduz", "Kabul, Herat and Kunduz"},
        {"KABUL \xE2\x80\x94 Gunmen", "KABUL[C] | Gunmen"},
        {"al-Tajiki's men", "al-Tajiki[P] men"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        im_text *text = NULL;
        assert_int_equal(im_text_create(f->ctx, cases[i].text, strlen(cases[i].text), &text),
                         IM_OK);
        gp_tokens toks = {0};
        gp_tokenize(text, 0, im_text_sentence_count(text), &toks);
        char got[512];
        describe_tokens(text, &toks, got, sizeof got);
        gp_tokens_free(&toks);
        im_text_destroy(text);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("tokens of \"%s\": got \"%s\", want \"%s\"", cases[i].text, got,
                     cases[i].want);
    }
}

/* Words of every length up to past the 47-byte cut, folded eight bytes at a time:
 * each token's folded form and flags, for a word in mid-text and one that ends the
 * text (where the fold may not read a whole eight bytes), and words that go on past
 * their ASCII run (Mazār) or through an apostrophe (Shi'a). */
static void tokenizer_word_lengths(void **state)
{
    fixture *f = *state;
    static const char letters[] = "KabulHeRAT9kunduzZ0xyMNOP";
    for (size_t n = 1; n <= 60; n++) {
        char word[64], want[64], text[160];
        for (size_t i = 0; i < n; i++) {
            word[i] = letters[i % (sizeof letters - 1)];
            want[i] = (char)(word[i] >= 'A' && word[i] <= 'Z' ? word[i] - 'A' + 'a' : word[i]);
        }
        word[n] = '\0';
        want[n < 47 ? n : 47] = '\0';
        for (int at_end = 0; at_end < 2; at_end++) {
            snprintf(text, sizeof text, at_end ? "In %s" : "In %s we met.", word);
            im_text *t = NULL;
            assert_int_equal(im_text_create(f->ctx, text, strlen(text), &t), IM_OK);
            gp_tokens toks = {0};
            gp_tokenize(t, 0, im_text_sentence_count(t), &toks);
            assert_int_equal(toks.n, at_end ? 2 : 4);
            const gp_token *k = &toks.items[1];
            assert_string_equal(k->lower, want);
            assert_int_equal(k->lower_len, strlen(want));
            assert_int_equal(k->end - k->start, n);
            assert_true(k->flags & TOK_CAP);
            assert_int_equal(!!(k->flags & TOK_DIGIT), n > 10);
            assert_int_equal(!!(k->flags & TOK_ALLCAPS), 0);
            if (!at_end)
                assert_string_equal(toks.items[2].lower, "we");
            gp_tokens_free(&toks);
            im_text_destroy(t);
        }
    }
    static const struct {
        const char *text, *lower;
    } more[] = {
        {"to Maz\xC4\x81r now", "mazar"},
        {"to Shi'a now", "shia"},
        {"to ABCDEFGHIJ", "abcdefghij"},
    };
    for (size_t i = 0; i < sizeof more / sizeof more[0]; i++) {
        im_text *t = NULL;
        assert_int_equal(im_text_create(f->ctx, more[i].text, strlen(more[i].text), &t), IM_OK);
        gp_tokens toks = {0};
        gp_tokenize(t, 0, im_text_sentence_count(t), &toks);
        assert_string_equal(toks.items[1].lower, more[i].lower);
        gp_tokens_free(&toks);
        im_text_destroy(t);
    }
}

/* The evidence strings: each distinct string kept once and found again (also after
 * the set has grown many times), and the memo of keys, where a key that differs from
 * a remembered one in any single field is unknown. */
static void evidence_strings_and_keys(void **state)
{
    (void)state;
    gp_mentions ms = {0};
    gp_evidence *ev = gp_evidence_create(&ms);
    size_t a = gp_evidence_intern(ev, "apposition Iran; prior (PPLA)");
    size_t b = gp_evidence_intern(ev, "prior (PPL)");
    assert_true(a > 0 && b > 0 && a != b);
    assert_int_equal(gp_evidence_intern(ev, "apposition Iran; prior (PPLA)"), a);
    assert_int_equal(gp_evidence_intern(ev, ""), gp_evidence_intern(ev, ""));
    size_t offs[3000];
    for (size_t i = 0; i < 3000; i++) {
        char e[32];
        snprintf(e, sizeof e, "string %zu", i);
        offs[i] = gp_evidence_intern(ev, e);
    }
    for (size_t i = 0; i < 3000; i++) {
        char e[32];
        snprintf(e, sizeof e, "string %zu", i);
        assert_int_equal(gp_evidence_intern(ev, e), offs[i]);
        assert_string_equal(ms.evidence + offs[i] - 1, e);
    }
    assert_string_equal(ms.evidence + b - 1, "prior (PPL)");

    static const char note[] = "dateline", other_note[] = "dateline";
    gp_evidence_key k = {note, 7, IM_PLACE_NONE, {1, 0, 1}};
    assert_int_equal(gp_evidence_recall(ev, &k), 0);
    gp_evidence_remember(ev, &k, a);
    assert_int_equal(gp_evidence_recall(ev, &k), a);
    gp_evidence_key differ[] = {{other_note, 7, IM_PLACE_NONE, {1, 0, 1}},
                                {NULL, 7, IM_PLACE_NONE, {1, 0, 1}},
                                {note, 8, IM_PLACE_NONE, {1, 0, 1}},
                                {note, 7, 3, {1, 0, 1}},
                                {note, 7, IM_PLACE_NONE, {1, 0, 0}}};
    for (size_t i = 0; i < sizeof differ / sizeof differ[0]; i++)
        assert_int_equal(gp_evidence_recall(ev, &differ[i]), 0);
    for (size_t byte = 0; byte < sizeof k.decided; byte++) {
        gp_evidence_key kb = k;
        kb.decided[byte] ^= 1;
        assert_int_equal(gp_evidence_recall(ev, &kb), 0);
    }
    for (uint32_t i = 0; i < 3000; i++) {
        gp_evidence_key ki = {NULL, i, i % 7, {(unsigned char)(i % 5)}};
        gp_evidence_remember(ev, &ki, offs[i]);
    }
    for (uint32_t i = 0; i < 3000; i++) {
        gp_evidence_key ki = {NULL, i, i % 7, {(unsigned char)(i % 5)}};
        assert_int_equal(gp_evidence_recall(ev, &ki), offs[i]);
    }
    assert_int_equal(gp_evidence_recall(ev, &k), a);
    gp_evidence_destroy(ev);
    free(ms.evidence);
}

/* The whole file at `path` as a NUL-terminated string, or NULL. */
static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    *len = fread(buf, 1, (size_t)n, fp);
    buf[*len] = '\0';
    fclose(fp);
    return buf;
}

/* Resolve the mentions of `doc` twice, describing mentions decided alike once and
 * each afresh: every mention must get the same place, confidence and evidence. */
static void check_evidence_memo(fixture *f, const char *doc, size_t len)
{
    im_text *text = NULL;
    assert_int_equal(im_text_create(f->ctx, doc, len, &text), IM_OK);
    gp_memo *memo = gp_memo_create();
    gp_tokens toks = {0};
    toks.memo = memo;
    gp_mentions once = {0}, afresh = {0};
    gp_tokenize(text, 0, im_text_sentence_count(text), &toks);
    gp_recognise(f->gz, memo, NULL, text, &toks, &once);
    afresh = once;
    afresh.items = malloc(once.n * sizeof *once.items + 1);
    memcpy(afresh.items, once.items, once.n * sizeof *once.items);
    char **w1 = NULL, **w2 = NULL;
    size_t n1 = 0, n2 = 0;
    char focus1[3], focus2[3];
    gp_resolve(f->gz, memo, text, &once, true, &w1, &n1, focus1);
    gp_resolve(f->gz, memo, text, &afresh, false, &w2, &n2, focus2);
    assert_true(once.n > 0);
    size_t described = 0;
    for (size_t i = 0; i < once.n; i++) {
        const gp_mention *a = &once.items[i], *b = &afresh.items[i];
        assert_int_equal(a->m.type, b->m.type);
        assert_int_equal(a->m.place, b->m.place);
        assert_true(a->m.confidence == b->m.confidence);
        assert_int_equal(a->dropped, b->dropped);
        assert_int_equal(!a->evidence, !b->evidence);
        if (a->evidence) {
            assert_string_equal(once.evidence + a->evidence - 1,
                                afresh.evidence + b->evidence - 1);
            described++;
        }
    }
    assert_true(described > 0);
    assert_string_equal(focus1, focus2);
    assert_int_equal(n1, n2);
    for (size_t i = 0; i < n1; i++) {
        assert_string_equal(w1[i], w2[i]);
        free(w1[i]);
        free(w2[i]);
    }
    free(w1);
    free(w2);
    free(once.items);
    free(once.evidence);
    free(afresh.items);
    free(afresh.evidence);
    gp_tokens_free(&toks);
    gp_memo_destroy(memo);
    im_text_destroy(text);
}

/* Describing mentions decided alike once (gp_evidence_key) gives every mention the
 * evidence describing it afresh would: on each golden document, on all of them run
 * together (more contexts meet), and on the seed report repeated, whose names come
 * back with and without strong evidence. */
static void evidence_memo_matches_describing_afresh(void **state)
{
    fixture *f = *state;
    static const char *const docs[] = {"americas", "central_asia", "europe", "iran",
                                       "south_asia", "traps", "us_local", "world"};
    /* the same place and qualifier, decided by an apposition, a possessive and "in" */
    static const char qualified[] = "Police in Shiraz, Iran, arrested two men. Later, "
                                    "Iran's Shiraz was calm. Shiraz in Iran reopened.\n";
    check_evidence_memo(f, qualified, sizeof qualified - 1);
    /* the same place and context, qualified by its country and by its province */
    static const char two_qualifiers[] = "In Fars, police in Shiraz, Iran, arrested two men.\n"
                                         "In Iran, police in Shiraz, Fars, arrested two men.\n";
    check_evidence_memo(f, two_qualifiers, sizeof two_qualifiers - 1);
    /* the same place and context, one mention with a note (a misspelling) */
    static const char noted[] = "Fighting in Kunduzz, Afghanistan, ended.\n"
                                "Fighting in Kunduz, Afghanistan, ended.\n";
    check_evidence_memo(f, noted, sizeof noted - 1);
    const char *data = getenv("INCMAP_TEST_DATA");
    if (!data)
        IM_SKIP("INCMAP_TEST_DATA is not set");
    size_t all_len = 0;
    char *all = NULL;
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/geoparse/%s.txt", data, docs[i]);
        size_t len = 0;
        char *doc = slurp(path, &len);
        assert_non_null(doc);
        check_evidence_memo(f, doc, len);
        all = realloc(all, all_len + len + 2);
        memcpy(all + all_len, doc, len);
        all_len += len;
        all[all_len++] = '\n';
        free(doc);
    }
    check_evidence_memo(f, all, all_len);
    free(all);
    const char *seed_dir = getenv("INCMAP_SEED_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/000_014557cbd6477717.txt", seed_dir ? seed_dir : ".");
    size_t len = 0;
    char *seed = seed_dir ? slurp(path, &len) : NULL;
    if (seed) {
        char *thrice = malloc(3 * len + 1);
        for (size_t k = 0; k < 3; k++)
            memcpy(thrice + k * len, seed, len);
        check_evidence_memo(f, thrice, 3 * len);
        free(thrice);
        free(seed);
    }
}

/* The tokenizer finds a word's ASCII letters and digits eight bytes at a time: random
 * words of letters and digits (ending in a letter), at every offset and ending the
 * text, get the flags
 * their letters say (capital first, lower-case first, a digit, all capitals) and the
 * folded form. */
static void tokenizer_random_words(void **state)
{
    fixture *f = *state;
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    uint32_t seed = 11;
    for (int round = 0; round < 300; round++) {
        char text[1024];
        size_t n = 0, starts[64], lens[64], words = 0;
        size_t count = 1 + round % 40;
        for (size_t w = 0; w < count; w++) {
            seed = seed * 1103515245u + 12345u;
            size_t len = 1 + (seed >> 16) % 23;
            if (w > 0) { /* a space, or a byte just outside 0-9, A-Z or a-z */
                static const char seps[] = " ,/:@[`{";
                text[n++] = seps[(seed >> 8) % (sizeof seps - 1)];
            }
            starts[words] = n;
            lens[words++] = len;
            for (size_t i = 0; i < len; i++) {
                seed = seed * 1103515245u + 12345u;
                /* mostly one case, so all-capital words and long runs occur */
                size_t pick = (seed >> 16) % 100;
                text[n++] = pick < 60 ? alphabet[(round % 3) * 26 % 62 + pick % 10]
                                      : alphabet[pick % 62];
            }
            /* a letter last: digits glued to a word would be taken for a footnote */
            if (text[n - 1] <= '9')
                text[n - 1] = alphabet[(seed >> 4) % 52];
        }
        text[n] = '\0';
        im_text *t = NULL;
        assert_int_equal(im_text_create(f->ctx, text, n, &t), IM_OK);
        gp_tokens toks = {0};
        gp_tokenize(t, 0, im_text_sentence_count(t), &toks);
        assert_int_equal(toks.n, words);
        for (size_t w = 0; w < words; w++) {
            const gp_token *k = &toks.items[w];
            const char *word = text + starts[w];
            assert_int_equal(k->start, starts[w]);
            assert_int_equal(k->end, starts[w] + lens[w]);
            size_t upper = 0, lower = 0, digits = 0;
            for (size_t i = 0; i < lens[w]; i++) {
                upper += word[i] >= 'A' && word[i] <= 'Z';
                lower += word[i] >= 'a' && word[i] <= 'z';
                digits += word[i] >= '0' && word[i] <= '9';
            }
            assert_int_equal(!!(k->flags & TOK_CAP), word[0] >= 'A' && word[0] <= 'Z');
            assert_int_equal(!!(k->flags & TOK_LOWER), word[0] >= 'a' && word[0] <= 'z');
            assert_int_equal(!!(k->flags & TOK_DIGIT), digits > 0);
            assert_int_equal(!!(k->flags & TOK_ALLCAPS), lower == 0 && upper >= 2);
            bool saint = lens[w] >= 2 && (word[0] | 0x20) == 's' && (word[1] | 0x20) == 'a';
            for (size_t i = 0; i < lens[w] && !saint; i++)
                assert_int_equal(k->lower[i], word[i] | (word[i] >= 'A' ? 0x20 : 0));
            if (!saint)
                assert_int_equal(k->lower[lens[w]], '\0');
        }
        gp_tokens_free(&toks);
        im_text_destroy(t);
    }
}

/* Mentions as "surface/type/kind/iso2" joined by " | " (demonyms included). */
static void describe_mentions(const im_geoparse *gp, char *out, size_t len)
{
    static const char *const types[] = {"place", "region", "unresolved", "demonym"};
    static const char *const kinds[] = {"country", "admin1", "admin2", "city"};
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < im_geoparse_count(gp) && o < len; i++) {
        const im_mention *m = im_geoparse_mention(gp, i);
        const char *kind = m->type == IM_MENTION_PLACE && (unsigned)m->kind < 4 ? kinds[m->kind]
                                                                                 : "-";
        o += (size_t)snprintf(out + o, len - o, "%s%s/%s/%s/%s", i ? " | " : "", m->surface,
                              types[m->type], kind, m->iso2[0] ? m->iso2 : "-");
    }
}

static void recognition_cases(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *text, *want;
    } cases[] = {
        /* prepositions, lists, unit words, possessives */
        {"Officials met in Kabul on Monday.", "Kabul/place/city/AF"},
        {"Fighters moved from Kunar and Nangarhar provinces.",
         "Kunar/place/admin1/AF | Nangarhar/place/admin1/AF"},
        {"He was born in Afghanistan's Zabol province.",
         "Afghanistan/place/country/AF | Zabol/place/admin1/AF"},
        {"Residents of Herat reported power cuts.", "Herat/place/city/AF"},
        /* appositions and qualifiers choose among namesakes */
        {"Police in Paris, Texas, arrested him.",
         "Paris/place/city/US | Texas/place/admin1/US"},
        {"Protesters marched through Atlanta, Georgia.",
         "Atlanta/place/city/US | Georgia/place/admin1/US"},
        {"A court in Hyderabad in Sindh province freed him.",
         "Hyderabad/place/city/PK | Sindh/place/admin1/PK"},
        {"Shelling hit the northern Lebanese city of Tripoli.",
         "Lebanese/demonym/-/LB | Tripoli/place/city/LB"},
        {"The Texas town has a small tower.", "Texas/place/admin1/US"},
        {"He grew up in Lebanon, Missouri.",
         "Lebanon/place/city/US | Missouri/place/admin1/US"},
        {"Storms struck the U.S. state of Georgia.",
         "U.S./place/country/US | Georgia/place/admin1/US"},
        {"A tornado hit Rome, Ga., and Pasadena, Calif.",
         "Rome/place/city/US | Ga/place/admin1/US | Pasadena/place/city/US | "
         "Calif/place/admin1/US"},
        {"He moved to Austin, TX, last year.", "Austin/place/city/US | TX/place/admin1/US"},
        {"The sheriff of Lamar County said the fire spread toward Paris.",
         "Lamar County/place/admin2/US | Paris/place/city/US"},
        /* datelines and names with an article */
        {"BAGHDAD \xE2\x80\x94 A bomb exploded.", "BAGHDAD/place/city/IQ"},
        {"Flights to El Paso resumed.", "El Paso/place/city/US"},
        /* not places: organisations, people, months, feasts, verbs, platforms */
        {"The Islamic Movement of Uzbekistan claimed it.", ""},
        {"The Tehran Times quoted him.", ""},
        {"Paris Hilton visited Sydney.", "Sydney/place/city/AU"},
        {"Chad Miller declined to comment.", ""},
        {"Manchester United drew with Real Madrid.", ""},
        {"The talks will resume in March.", ""},
        {"A Christmas market opened.", ""},
        {"Reading the statement, he wept.", ""},
        {"Mobile phones were seized.", ""},
        {"The message was posted on Telegram.", ""},
        {"Sandra Jansen spoke first. Later Jansen left.", ""},
        {"Hartl said the border was shut.", ""},
        {"The Council on Foreign Relations and the Institute for Near East Policy met.", ""},
        {"Cases of Lyme disease rose.", ""},
        {"I'd say so. I\xE2\x80\x99ve heard it.", ""},
        {"Rev. Lee and Sen. Moore arrived in Denver.", "Denver/place/city/US"},
        /* regions and demonyms */
        {"Recruits came from Central Asia and the tribal areas.",
         "Central Asia/region/-/- | tribal areas/region/-/PK"},
        {"Tajik guards crossed into Afghanistan.",
         "Tajik/demonym/-/TJ | Afghanistan/place/country/AF"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        im_text *text = NULL;
        im_geoparse *gp = NULL;
        assert_int_equal(im_text_create(f->ctx, cases[i].text, strlen(cases[i].text), &text),
                         IM_OK);
        assert_int_equal(im_geoparse_run(f->ctx, f->gz, text, &gp), IM_OK);
        char got[1024];
        describe_mentions(gp, got, sizeof got);
        im_geoparse_destroy(gp);
        im_text_destroy(text);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("\"%s\":\n  got  \"%s\"\n  want \"%s\"", cases[i].text, got, cases[i].want);
    }
}

/* Containment, focus and approximate matches (issue 17): the named surface must not
 * become a place in the given country, whatever else it becomes (the container itself,
 * unresolved, or a place the gazetteer may learn later). */
static void no_namesake_elsewhere(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *text, *surface, *not_iso2;
    } cases[] = {
        {"Officials in Sistan and Baluchestan province reported a blast near Saravan city, "
         "while Zahedan and Chabahar stayed calm.", "Saravan", "LA"},
        {"Tourists still visit Memphis, Egypt, and Santorini, Greece.", "Memphis", "US"},
        {"Tourists still visit Memphis, Egypt, and Santorini, Greece.", "Santorini", "PT"},
        {"Gunmen attacked a checkpoint in Khar, Pakistan.", "Khar", "BT"},
        {"The Adders were found in the garden.", "Adders", "DZ"},
        {"Cleanest streets were in the north.", "Cleanest", "RO"},
        {"Troops entered the Tirah valley of Khyber district.", "Tirah", "IL"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        im_text *text = NULL;
        im_geoparse *gp = NULL;
        assert_int_equal(im_text_create(f->ctx, cases[i].text, strlen(cases[i].text), &text),
                         IM_OK);
        assert_int_equal(im_geoparse_run(f->ctx, f->gz, text, &gp), IM_OK);
        for (size_t k = 0; k < im_geoparse_count(gp); k++) {
            const im_mention *m = im_geoparse_mention(gp, k);
            if (m->type == IM_MENTION_PLACE && !strcmp(m->surface, cases[i].surface) &&
                !strcmp(m->iso2, cases[i].not_iso2))
                fail_msg("\"%s\": %s resolved to a namesake in %s", cases[i].text,
                         cases[i].surface, m->iso2);
        }
        im_geoparse_destroy(gp);
        im_text_destroy(text);
    }
}

/* Long inputs are cut into windows of whole sentences: a text repeated many times
 * must give each copy the same mentions. */
static void windows_do_not_change_results(void **state)
{
    fixture *f = *state;
    const char *unit = "Gunmen attacked a mosque in Kunduz, officials in Kabul said. "
                       "Shiraz, Iran, and Herat were quiet.\n";
    size_t ul = strlen(unit), copies = 4000;
    char *big = malloc(ul * copies + 1);
    for (size_t i = 0; i < copies; i++)
        memcpy(big + i * ul, unit, ul);
    big[ul * copies] = '\0';
    im_text *text = NULL;
    im_geoparse *gp = NULL;
    assert_int_equal(im_text_create(f->ctx, big, ul * copies, &text), IM_OK);
    assert_int_equal(im_geoparse_run(f->ctx, f->gz, text, &gp), IM_OK);
    size_t n = im_geoparse_count(gp);
    assert_int_equal(n % copies, 0);
    size_t per = n / copies;
    assert_true(per >= 4);
    for (size_t i = per; i < n; i++) {
        const im_mention *a = im_geoparse_mention(gp, i % per), *b = im_geoparse_mention(gp, i);
        assert_string_equal(a->surface, b->surface);
        assert_int_equal(a->place, b->place);
        assert_int_equal(b->orig_start - a->orig_start, (i / per) * ul);
    }
    im_geoparse_destroy(gp);
    im_text_destroy(text);
    free(big);
}

/* Recognition results are cached per chunk and its surroundings (chunks.c): the same
 * words around a name give the same key, other words another, and a document that
 * repeats a sentence gets the same mentions for it, replayed from the cache. */
static void chunk_cache_keys(void **state)
{
    fixture *f = *state;
    const char *doc = "They met near Mary on Monday. Mary said so. They met near Mary on Monday.";
    im_text *text = NULL;
    assert_int_equal(im_text_create(f->ctx, doc, strlen(doc), &text), IM_OK);
    gp_tokens toks = {0};
    gp_tokenize(text, 0, im_text_sentence_count(text), &toks);
    const char *s = im_text_data(text, NULL);
    size_t mary[3], n_mary = 0;
    for (size_t i = 0; i < toks.n && n_mary < 3; i++)
        if (!strcmp(toks.items[i].lower, "mary"))
            mary[n_mary++] = i;
    assert_int_equal(n_mary, 3);
    unsigned char key[3][1024];
    size_t len[3];
    for (size_t k = 0; k < 3; k++) {
        len[k] = gp_chunk_key(s, toks.items, toks.n, mary[k], mary[k], key[k], sizeof key[k]);
        assert_true(len[k] > 0);
    }
    assert_true(len[0] == len[2] && !memcmp(key[0], key[2], len[0]));
    assert_false(len[0] == len[1] && !memcmp(key[0], key[1], len[0]));
    gp_tokens_free(&toks);

    im_geoparse *gp = NULL;
    assert_int_equal(im_geoparse_run(f->ctx, f->gz, text, &gp), IM_OK);
    const im_mention *first[8], *third[8];
    size_t n_first = 0, n_third = 0;
    for (size_t i = 0; i < im_geoparse_count(gp); i++) {
        const im_mention *m = im_geoparse_mention(gp, i);
        if (m->sentence == 0 && n_first < 8)
            first[n_first++] = m;
        if (m->sentence == 2 && n_third < 8)
            third[n_third++] = m;
    }
    assert_int_equal(n_first, n_third);
    for (size_t i = 0; i < n_first; i++) {
        assert_string_equal(first[i]->surface, third[i]->surface);
        assert_int_equal(first[i]->type, third[i]->type);
        assert_int_equal(first[i]->start + 44, third[i]->start);
    }
    im_geoparse_destroy(gp);
    im_text_destroy(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lexicon_is_sorted),
        cmocka_unit_test(word_classes),
        cmocka_unit_test(weights_all_present),
        cmocka_unit_test(tokenizer_cases),
        cmocka_unit_test(tokenizer_word_lengths),
        cmocka_unit_test(tokenizer_random_words),
        cmocka_unit_test(recognition_cases),
        cmocka_unit_test(no_namesake_elsewhere),
        cmocka_unit_test(windows_do_not_change_results),
        cmocka_unit_test(chunk_cache_keys),
        cmocka_unit_test(evidence_strings_and_keys),
        cmocka_unit_test(evidence_memo_matches_describing_afresh),
    };
    return im_test_exit(cmocka_run_group_tests_name("geoparse", tests, setup, teardown));
}
