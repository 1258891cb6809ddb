/* The page itself (web.h): the HTML around the data, with the Content-Security-Policy,
 * the embedded map library and the page's own stylesheet and scripts (generated into
 * web_assets.c at build time by tools/embed_web.py), and the data element the script
 * reads. The page's behaviour is in page.js (with page_lib.js's helpers); its look in
 * page.css.
 *
 * Only the title is written as HTML here (escaped); every other string reaches the
 * document through the JSON data and the script's textContent.
 */
#include "web_private.h"
#include "incmap/alloc.h"
#include "src/web/web_assets.h"

#include <errno.h>
#include <string.h>

bool im_web_available(void)
{
    return im_web_have_leaflet;
}

/* The document's fixed structure; page.js fills it. */
static const char body_html[] =
    "<body>\n"
    "<div class=\"banner\" id=\"banner-top\" hidden></div>\n"
    "<header><h1 id=\"title\"></h1><p id=\"subtitle\"></p></header>\n"
    "<main>\n"
    "<div id=\"map\" role=\"region\" aria-label=\"Map of the incidents\"></div>\n"
    "<aside id=\"side\">\n"
    "<input id=\"search\" type=\"search\" placeholder=\"Search places and actors\" "
    "aria-label=\"Search places and actors\">\n"
    "<section id=\"card\" aria-live=\"polite\"><p class=\"hint\">Click an incident on "
    "the map or in the table.</p></section>\n"
    "<section id=\"types\"><h2>Event types</h2><ul></ul></section>\n"
    "<section id=\"regions\"><h2>Regions</h2><ul></ul></section>\n"
    "</aside>\n"
    "</main>\n"
    "<section id=\"timeline\"><h2>Timeline <span id=\"range\"></span> <button type=\"button\" "
    "id=\"clear-range\" hidden>Clear</button></h2>\n"
    "<svg id=\"hist\" role=\"img\" aria-label=\"Incidents over time; drag to select a "
    "period\"></svg></section>\n"
    "<section id=\"list\"><h2>Incidents <span id=\"count\"></span> <button type=\"button\" "
    "id=\"csv\">Export CSV</button></h2>\n"
    "<table id=\"table\"><thead><tr><th>Date</th><th>Type</th><th>Sub-type</th><th>Place"
    "</th><th>Country</th><th>Fatalities</th><th>Injuries</th><th>Actors</th></tr></thead>"
    "<tbody></tbody></table><p id=\"more\"></p></section>\n"
    "<footer id=\"credits\"></footer>\n"
    "<div class=\"banner\" id=\"banner-bottom\" hidden></div>\n";

static void put_asset(FILE *out, const char *open, const unsigned char *data, size_t len,
                      const char *close)
{
    fputs(open, out);
    fwrite(data, 1, len, out);
    fputs(close, out);
}

im_status im_web_write(im_ctx *ctx, FILE *out, const im_web_opts *opts,
                       const im_incident_set *set, const im_link_set *links)
{
    if (!im_web_have_leaflet)
        return im_ctx_fail(ctx, IM_ERR_DATA_MISSING, "this incmap was built without the map "
                           "library (install libjs-leaflet, then reconfigure and rebuild)");
    const char *source = opts->source_name ? opts->source_name : "";
    char *title = opts->title ? NULL : im_xasprintf("Incidents in %s", source);
    const char *shown = opts->title ? opts->title : title;
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                 "<meta http-equiv=\"Content-Security-Policy\" content=\"%s\">\n"
                 "<meta name=\"referrer\" content=\"no-referrer\">\n"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                 "<meta name=\"generator\" content=\"incmap\">\n<title>",
            im_web_csp);
    im_web_html_text(out, shown);
    fputs("</title>\n", out);
    put_asset(out, "<style>\n", im_web_leaflet_css, im_web_leaflet_css_len, "</style>\n");
    put_asset(out, "<style>\n", im_web_page_css, im_web_page_css_len, "</style>\n");
    fputs("</head>\n", out);
    fputs(body_html, out);
    fputs("<script type=\"application/json\" id=\"incmap-data\">{\"title\":", out);
    im_web_json_string(out, shown);
    fputs(",\"source\":", out);
    im_web_json_string(out, source);
    fputs(",\"banner\":", out);
    im_web_json_string(out, opts->banner);
    fputs(",\"made\":", out);
    im_web_json_string(out, opts->made);
    fputs(",\n\"style\":", out);
    web_write_style(out);
    fputs(",\n\"regions\":", out);
    web_write_regions(out, opts, set);
    fputs(",\n\"links\":", out);
    web_write_links(out, links);
    fputs(",\n\"incidents\":", out);
    web_write_incidents(out, set);
    fputs(",\n\"basemap\":", out);
    im_status st = web_write_basemap(ctx, out, set);
    free(title);
    if (st != IM_OK)
        return st;
    fputs("}</script>\n", out);
    for (size_t i = 0; i < im_web_n_scripts; i++)
        put_asset(out, "<script>", im_web_scripts[i].data, im_web_scripts[i].len,
                  "</script>\n");
    fputs("</body>\n</html>\n", out);
    if (fflush(out) != 0 || ferror(out))
        return im_ctx_fail(ctx, IM_ERR_IO, "cannot write the page: %s",
                           errno ? strerror(errno) : "write error");
    return IM_OK;
}
