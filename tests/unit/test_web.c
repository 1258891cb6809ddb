/* Unit tests for the web page writer (web.h): strings are escaped so they cannot end
 * the data's <script> element or open a comment, invalid UTF-8 is replaced, the title
 * is HTML-escaped, and a whole page carries the CSP, our three scripts and no other,
 * the incidents with the style's class and size, and a basemap from the geodata. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incmap/ctx.h"
#include "incmap/style.h"
#include "incmap/web.h"

/* What a writer printed, as a new string. */
static char *json_of(const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    im_web_json_string(f, s);
    fclose(f);
    return buf;
}

static char *html_of(const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    im_web_html_text(f, s);
    fclose(f);
    return buf;
}

static void expect_json(const char *in, const char *want)
{
    char *got = json_of(in);
    assert_string_equal(got, want);
    free(got);
}

static void test_json_escapes_markup(void **state)
{
    (void)state;
    expect_json("</script><script>x()</script>",
                "\"\\u003c/script\\u003e\\u003cscript\\u003ex()\\u003c/script\\u003e\"");
    expect_json("<!-- a & b -->", "\"\\u003c!-- a \\u0026 b --\\u003e\"");
    expect_json("<img src=x onerror=\"f()\">",
                "\"\\u003cimg src=x onerror=\\\"f()\\\"\\u003e\"");
    expect_json("say \"hi\"\\ now", "\"say \\\"hi\\\"\\\\ now\"");
}

static void test_json_controls_and_separators(void **state)
{
    (void)state;
    expect_json("a\nb\tc\rd\x01" "e\x7f", "\"a\\nb\\tc\\rd\\u0001e\\u007f\"");
    /* U+2028 and U+2029 end a line in older JavaScript: escaped */
    expect_json("x\xe2\x80\xa8y\xe2\x80\xa9z", "\"x\\u2028y\\u2029z\"");
    expect_json(NULL, "null");
    expect_json("", "\"\"");
}

static void test_json_utf8(void **state)
{
    (void)state;
    /* valid UTF-8 passes as it is; invalid bytes become U+FFFD, one each */
    expect_json("Kandah\xc4\x81r", "\"Kandah\xc4\x81r\"");
    expect_json("\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"");
    expect_json("a\xffz", "\"a\\ufffdz\"");
    expect_json("\xc3", "\"\\ufffd\"");                  /* cut short */
    expect_json("\xc0\xbc", "\"\\ufffd\\ufffd\"");       /* overlong '<' */
    expect_json("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\""); /* a UTF-16 surrogate */
}

static void test_html_text(void **state)
{
    (void)state;
    char *got = html_of("<b>\"Tom\" & 'Jerry'</b>");
    assert_string_equal(got, "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;");
    free(got);
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

static void add(im_incident_set *set, const char *type, int dead, double lat, double lon,
                const char *iso2, const char *notes)
{
    im_incident *inc = im_incident_set_add(set);
    im_set_str(&inc->event_type, type);
    im_set_str(&inc->event_date, "2021-08-26");
    inc->year = 2021;
    inc->time_prec = 1;
    inc->fatalities = dead;
    inc->latitude = lat;
    inc->longitude = lon;
    inc->has_coords = true;
    memcpy(inc->iso2, iso2, 3);
    im_set_str(&inc->notes, notes);
    im_set_str(&inc->location, "Kabul");
}

static void test_page(void **state)
{
    (void)state;
    if (!im_web_available())
        skip();
    im_ctx *ctx = im_ctx_create(NULL);
    im_incident_set set = {0};
    add(&set, "Battles", 4, 34.53, 69.17, "AF", "</script><script>alert(1)</script>");
    add(&set, "explosion", IM_UNKNOWN, 36.7, 67.1, "AF", "<!-- comment");
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    im_web_opts wo = IM_WEB_OPTS_INIT;
    wo.source_name = "<b>report</b>.txt";
    wo.banner = "SECRET";
    im_status st = im_web_write(ctx, f, &wo, &set, NULL);
    fclose(f);
    assert_int_equal(st, IM_OK);
    assert_non_null(strstr(buf, "<meta http-equiv=\"Content-Security-Policy\" content=\""
                                "default-src 'none'; script-src 'sha256-"));
    /* the policy names no source of its own: nothing can be fetched from anywhere */
    const char *csp = strstr(buf, "content=\"default-src");
    const char *csp_end = strchr(csp + 9, '"');
    assert_non_null(strstr(buf, "connect-src 'none'"));
    assert_null(memchr(csp, ':', (size_t)(strstr(csp, "img-src") - csp)));
    assert_true(strstr(csp, "img-src data: blob:;") < csp_end);
    /* the data, Leaflet, page_lib.js and page.js: each script the policy allows by hash */
    assert_int_equal(count(buf, "<script"), 4);
    assert_int_equal(count(buf, "</script>"), 4);
    assert_int_equal(count(buf, "'sha256-"), 3);
    assert_int_equal(count(buf, "<!--"), 0);
    assert_non_null(strstr(buf, "<title>Incidents in &lt;b&gt;report&lt;/b&gt;.txt</title>"));
    assert_non_null(strstr(buf, ",\"\\u003c/script\\u003e\\u003cscript\\u003e"));
    assert_non_null(strstr(buf, "{\"fields\":[\"event_id\",\"event_date\","));
    /* the class and the size are the style's: "explosion" is ACLED's explosions, and
     * unknown fatalities get the unknown size */
    const im_style *sty = im_style_default();
    char want[96];
    snprintf(want, sizeof want, ",1,%.3f]", sty->unknown_size_mm);
    assert_non_null(strstr(buf, want));
    snprintf(want, sizeof want, ",0,%.3f]", im_style_symbol_size(sty, 4));
    assert_non_null(strstr(buf, want));
    /* the basemap: Afghanistan is a focus country, with its provinces */
    assert_non_null(strstr(buf, "\"iso2\":\"AF\",\"name\":\"Afghanistan\",\"focus\":true"));
    assert_non_null(strstr(buf, "\"provinces\":{\"type\":\"FeatureCollection\""));
    /* the zoom presets: regions holding an incident, Afghanistan among them */
    assert_non_null(strstr(buf, "{\"name\":\"afghanistan\",\"title\":\"Afghanistan\""));
    assert_null(strstr(buf, "{\"name\":\"north-america\""));
    free(buf);
    im_incident_set_clear(&set);
    im_ctx_destroy(ctx);
}

static void test_page_missing_basemap(void **state)
{
    (void)state;
    if (!im_web_available())
        skip();
    im_ctx *ctx = im_ctx_create(NULL);
    im_ctx_set_data_dir(ctx, "/nonexistent/incmap-data");
    im_incident_set set = {0};
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    im_web_opts wo = IM_WEB_OPTS_INIT;
    im_status st = im_web_write(ctx, f, &wo, &set, NULL);
    fclose(f);
    assert_int_equal(st, IM_ERR_DATA_MISSING);
    assert_non_null(strstr(im_ctx_last_error(ctx), "basemap.gpkg"));
    free(buf);
    im_ctx_destroy(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_escapes_markup),
        cmocka_unit_test(test_json_controls_and_separators),
        cmocka_unit_test(test_json_utf8),
        cmocka_unit_test(test_html_text),
        cmocka_unit_test(test_page),
        cmocka_unit_test(test_page_missing_basemap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
