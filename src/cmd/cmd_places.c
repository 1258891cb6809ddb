/* `incmap places FILE...`: one row per place mention — document, offsets in the
 * original file, surface, resolution, confidence and evidence — as TSV, JSON or
 * GeoJSON. Regions and unresolved names are listed and marked; warnings go to stderr.
 * With --jsonl each input line is a document {"id": ..., "text": ...} and offsets
 * count Unicode code points of "text", as external scorers expect. */
#include "commands.h"
#include "incmap/json.h"

#include <stdlib.h>
#include <string.h>

static const im_opt_spec specs[] = {
    {"format", 'f', IM_OPT_VALUE, "FORMAT", "tsv (default), json or geojson", IM_OPT_TEXT, 0, 0, NULL},
    {"jsonl", 0, IM_OPT_FLAG, NULL, "inputs are JSON Lines {\"id\":…, \"text\":…}", IM_OPT_TEXT, 0, 0, NULL},
    {"demonyms", 0, IM_OPT_FLAG, NULL, "also list demonyms (nationalities), e.g. Tajik", IM_OPT_TEXT, 0, 0, NULL},
    {"no-ocr", 0, IM_OPT_FLAG, NULL, "do not OCR PDF pages without text (say so instead)",
     IM_OPT_TEXT, 0, 0, NULL},
    IM_CLI_OPT_HELP,
};

typedef enum { OUT_TSV, OUT_JSON, OUT_GEOJSON } out_format;

typedef struct printer {
    out_format format;
    bool demonyms;
    size_t rows;
} printer;

static const char *type_str(im_mention_type t)
{
    switch (t) {
    case IM_MENTION_PLACE: return "place";
    case IM_MENTION_REGION: return "region";
    case IM_MENTION_UNRESOLVED: return "unresolved";
    case IM_MENTION_DEMONYM: return "demonym";
    }
    return "unknown";
}


/* Code-point offsets of byte offsets in `s`, counted from where the last question
 * left off: mentions come in text order, so a document costs one pass, not one pass
 * per mention (which made long --jsonl documents quadratic). */
typedef struct cp_cursor {
    const char *s;
    size_t byte, cp;
} cp_cursor;

static size_t codepoints(cp_cursor *c, size_t b)
{
    for (; c->byte < b; c->byte++)
        if (((unsigned char)c->s[c->byte] & 0xC0) != 0x80)
            c->cp++;
    for (; c->byte > b; c->byte--)
        if (((unsigned char)c->s[c->byte - 1] & 0xC0) != 0x80)
            c->cp--;
    return c->cp;
}

static void tsv_field(const char *s)
{
    for (; *s; s++)
        putchar(*s == '\t' || *s == '\n' ? ' ' : *s);
}

static void print_mention(printer *pr, const im_gazetteer *gz, const char *doc,
                          const im_mention *m, size_t start, size_t end)
{
    if (m->type == IM_MENTION_DEMONYM && !pr->demonyms)
        return;
    im_place p;
    bool placed = m->type == IM_MENTION_PLACE;
    const char *name = m->region ? m->region : "", *admin1 = "";
    if (placed) {
        im_gazetteer_get(gz, m->place, &p);
        name = p.name;
        if (p.kind == IM_PLACE_ADMIN1) {
            admin1 = p.name;
        } else if (p.admin1 != IM_PLACE_NONE) {
            im_place a1;
            im_gazetteer_get(gz, p.admin1, &a1);
            admin1 = a1.name;
        }
    }
    bool coords = placed && p.has_coords;
    const char *sep = pr->rows++ ? ",\n" : "\n";
    if (pr->format == OUT_TSV) {
        printf("%s\t%zu\t%zu\t", doc, start, end);
        tsv_field(m->surface);
        printf("\t%s\t", type_str(m->type));
        tsv_field(name);
        printf("\t%s\t%s\t", placed ? p.kind_name : "", m->iso2);
        tsv_field(admin1);
        if (coords)
            printf("\t%.5f\t%.5f\t", p.lat, p.lon);
        else
            printf("\t\t\t");
        if (coords && p.geonameid)
            printf("%u", p.geonameid);
        if (coords && p.has_seat)
            printf("\t%.5f\t%.5f", p.seat_lat, p.seat_lon);
        else
            printf("\t\t");
        printf("\t%.3f\t", m->confidence);
        tsv_field(m->evidence ? m->evidence : "");
        putchar('\n');
        return;
    }
    if (pr->format == OUT_GEOJSON) {
        printf("%s{\"type\": \"Feature\", \"geometry\": ", sep);
        if (coords)
            printf("{\"type\": \"Point\", \"coordinates\": [%.5f, %.5f]}", p.lon, p.lat);
        else
            printf("null");
        printf(", \"properties\": {");
    } else {
        printf("%s{", sep);
    }
    printf("\"doc\": ");
    im_cli_json_string(stdout, doc);
    printf(", \"start\": %zu, \"end\": %zu, \"surface\": ", start, end);
    im_cli_json_string(stdout, m->surface);
    printf(", \"type\": \"%s\", \"name\": ", type_str(m->type));
    im_cli_json_string(stdout, name);
    printf(", \"kind\": \"%s\", \"iso2\": \"%s\", \"admin1\": ", placed ? p.kind_name : "",
           m->iso2);
    im_cli_json_string(stdout, admin1);
    if (coords)
        printf(", \"lat\": %.5f, \"lon\": %.5f", p.lat, p.lon);
    else
        printf(", \"lat\": null, \"lon\": null");
    if (coords && p.geonameid)
        printf(", \"geonameid\": %u", p.geonameid);
    else
        printf(", \"geonameid\": null");
    /* the capital or seat: where an event known only to this unit is put */
    if (coords && p.has_seat)
        printf(", \"seat_lat\": %.5f, \"seat_lon\": %.5f", p.seat_lat, p.seat_lon);
    else
        printf(", \"seat_lat\": null, \"seat_lon\": null");
    printf(", \"confidence\": %.3f, \"evidence\": ", m->confidence);
    im_cli_json_string(stdout, m->evidence ? m->evidence : "");
    printf(pr->format == OUT_GEOJSON ? "}}" : "}");
}

/* Geoparse one document and print its rows. `cp_offsets`: report code points. */
static int run_document(im_ctx *ctx, const im_gazetteer *gz, printer *pr, const char *doc,
                        const char *bytes, size_t len, bool cp_offsets)
{
    im_text *text = NULL;
    im_geoparse *gp = NULL;
    im_status st = im_text_create(ctx, bytes, len, &text);
    if (st == IM_OK)
        st = im_geoparse_run(ctx, gz, text, &gp);
    if (st != IM_OK) {
        im_cli_error("%s: %s", doc, im_ctx_last_error(ctx));
        im_text_destroy(text);
        return im_status_exit_code(st);
    }
    cp_cursor starts = {bytes, 0, 0}, ends = {bytes, 0, 0};
    for (size_t i = 0; i < im_geoparse_count(gp); i++) {
        const im_mention *m = im_geoparse_mention(gp, i);
        size_t a = m->orig_start, b = m->orig_end;
        if (cp_offsets) {
            a = codepoints(&starts, a);
            b = codepoints(&ends, b);
        }
        print_mention(pr, gz, doc, m, a, b);
    }
    /* one line about a file that gave nothing or was not UTF-8 (not per JSON line) */
    if (!cp_offsets) {
        if (len == 0)
            fprintf(stderr, "incmap: warning: '%s' is empty\n", doc);
        else if (im_geoparse_count(gp) == 0)
            fprintf(stderr, "incmap: warning: '%s': no places found\n", doc);
        else if (im_text_get_stats(text).encoding == IM_ENC_CP1252)
            fprintf(stderr, "incmap: warning: '%s' is not valid UTF-8; read as Windows-1252\n",
                    doc);
    }
    for (size_t i = 0; i < im_geoparse_warning_count(gp); i++)
        fprintf(stderr, "incmap: warning: %s: %s\n", doc, im_geoparse_warning(gp, i));
    im_geoparse_destroy(gp);
    im_text_destroy(text);
    return IM_EXIT_OK;
}

static int run_jsonl(im_ctx *ctx, const im_gazetteer *gz, printer *pr, const char *path,
                     char *data, size_t len)
{
    size_t line_no = 0;
    for (size_t pos = 0; pos < len;) {
        char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len;
        line_no++;
        size_t l = end - pos;
        bool blank = true;
        for (size_t k = pos; k < end; k++)
            if (data[k] != ' ' && data[k] != '\t' && data[k] != '\r')
                blank = false;
        if (!blank) {
            char *id = NULL, *text = NULL;
            size_t id_len, text_len;
            if (!im_json_get_member(data + pos, l, "text", &text, &text_len)) {
                im_cli_error("%s: line %zu: not a JSON object with a \"text\" string", path,
                             line_no);
                return IM_EXIT_FAILURE;
            }
            if (!im_json_get_member(data + pos, l, "id", &id, &id_len))
                id = im_xasprintf("%s:%zu", path, line_no);
            int rc = run_document(ctx, gz, pr, id, text, text_len, true);
            free(id);
            free(text);
            if (rc)
                return rc;
        }
        pos = end + 1;
    }
    return IM_EXIT_OK;
}

int cmd_places(im_ctx *ctx, int argc, char **argv)
{
    im_opts opts;
    int rc = im_cli_parse(&opts, specs, sizeof specs / sizeof specs[0], argc, argv);
    if (rc >= 0)
        goto done;
    printer pr = {OUT_TSV, im_opts_count(&opts, "demonyms") > 0, 0};
    im_cli_set_no_ocr(im_opts_count(&opts, "no-ocr") > 0);
    const char *format = im_opts_get(&opts, "format");
    if (format) {
        if (!strcmp(format, "tsv"))
            pr.format = OUT_TSV;
        else if (!strcmp(format, "json"))
            pr.format = OUT_JSON;
        else if (!strcmp(format, "geojson"))
            pr.format = OUT_GEOJSON;
        else {
            rc = im_cli_usage_error("places", "--format '%s' is not tsv, json or geojson",
                                    format);
            goto done;
        }
    }
    if (opts.n_args == 0) {
        rc = im_cli_usage_error("places", "no FILE given ('-' reads standard input)");
        goto done;
    }
    const im_gazetteer *gz = im_cli_gazetteer(ctx, &rc);
    if (!gz)
        goto done;
    if (pr.format == OUT_TSV)
        puts("doc\tstart\tend\tsurface\ttype\tname\tkind\tiso2\tadmin1\tlat\tlon\tgeonameid\t"
             "seat_lat\tseat_lon\tconfidence\tevidence");
    else if (pr.format == OUT_JSON)
        fputs("[", stdout);
    else
        fputs("{\"type\": \"FeatureCollection\", \"features\": [", stdout);
    rc = IM_EXIT_OK;
    for (size_t i = 0; i < opts.n_args && rc == IM_EXIT_OK; i++) {
        char *data;
        size_t len;
        rc = im_cli_read_input(opts.args[i], &data, &len);
        if (rc)
            break;
        if (im_opts_count(&opts, "jsonl"))
            rc = run_jsonl(ctx, gz, &pr, opts.args[i], data, len);
        else
            rc = run_document(ctx, gz, &pr, opts.args[i], data, len, false);
        free(data);
    }
    if (pr.format == OUT_JSON)
        fputs("\n]\n", stdout);
    else if (pr.format == OUT_GEOJSON)
        fputs("\n]}\n", stdout);
    rc = im_cli_finish_stdout(rc);
done:
    im_opts_free(&opts);
    return rc;
}
