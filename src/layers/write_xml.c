/* A growing string and XML escaping for the QML and QGIS project writers. Plain text
 * building only: what the documents say is decided in write_qml.c and write_qgs.c.
 */
#include "write_private.h"
#include "incmap/alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void im_sb_printf(im_sb *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    sb->s = im_xgrow(sb->s, &sb->cap, sb->n + (size_t)n + 1, 1);
    va_start(ap, fmt);
    vsnprintf(sb->s + sb->n, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->n += (size_t)n;
}

void im_sb_xml(im_sb *sb, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': im_sb_printf(sb, "&amp;"); break;
        case '<': im_sb_printf(sb, "&lt;"); break;
        case '>': im_sb_printf(sb, "&gt;"); break;
        case '"': im_sb_printf(sb, "&quot;"); break;
        case '\'': im_sb_printf(sb, "&apos;"); break;
        case '\n': im_sb_printf(sb, "&#xa;"); break;
        default: im_sb_printf(sb, "%c", *s); break;
        }
    }
}

char *im_xml_escape(const char *s)
{
    im_sb sb = {NULL, 0, 0};
    im_sb_printf(&sb, "%s", "");
    im_sb_xml(&sb, s);
    return sb.s;
}
