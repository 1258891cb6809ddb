/* Criteria the data source can evaluate itself (see pushdown in filter_internal.h):
 * the filter's types, fatalities and dates as OGR SQL, every value quoted. */
#include "incmap/alloc.h"
#include "filter_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Append "<expr>" to an SQL conjunction. */
static void sql_and(char **sql, const char *expr)
{
    char *n = *sql ? im_xasprintf("%s AND %s", *sql, expr) : im_xstrdup(expr);
    free(*sql);
    *sql = n;
}

/* A string literal with every quote doubled: no value can end the literal. */
static char *sql_quote(const char *v)
{
    size_t n = 0;
    for (const char *p = v; *p; p++)
        n += *p == '\'' ? 2 : 1;
    char *out = im_xmalloc(n + 3), *o = out;
    *o++ = '\'';
    for (const char *p = v; *p; p++) {
        if (*p == '\'')
            *o++ = '\'';
        *o++ = *p;
    }
    *o++ = '\'';
    *o = '\0';
    return out;
}

/* Criteria the data source can evaluate itself (SQLite for a GeoPackage) so rejected
 * rows never become OGR features. Each is a superset of the exact test in C, which
 * still runs on every feature: types in their usual capitalisations, dates only on
 * real Date fields, fatalities as a number. */
char *pushdown(const im_filter *f, OGRLayerH layer, const fields *fl)
{
    char *sql = NULL;
    if (f->where) {
        char *w = im_xasprintf("(%s)", f->where);
        sql_and(&sql, w);
        free(w);
    }
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(layer);
    if (f->types.n) {
        char *any = NULL;
        int idx[3] = {fl->type, fl->sub, fl->kind};
        for (int k = 0; k < 3; k++) {
            if (idx[k] < 0)
                continue;
            const char *name = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, idx[k]));
            for (size_t i = 0; i < f->types.n; i++) {
                char lower[128], upper[128], title[128];
                snprintf(lower, sizeof lower, "%s", f->types.items[i]);
                for (char *c = lower; *c; c++)
                    *c = (char)tolower((unsigned char)*c);
                snprintf(upper, sizeof upper, "%s", lower);
                for (char *c = upper; *c; c++)
                    *c = (char)toupper((unsigned char)*c);
                snprintf(title, sizeof title, "%s", lower);
                title[0] = (char)toupper((unsigned char)title[0]);
                const char *forms[] = {f->types.items[i], lower, upper, title};
                for (int v = 0; v < 4; v++) {
                    char *q = sql_quote(forms[v]);
                    char *e = im_xasprintf("\"%s\" = %s", name, q);
                    char *n = any ? im_xasprintf("%s OR %s", any, e) : im_xstrdup(e);
                    free(any);
                    any = n;
                    free(e);
                    free(q);
                }
            }
        }
        if (any) {
            char *e = im_xasprintf("(%s)", any);
            sql_and(&sql, e);
            free(e);
            free(any);
        }
    }
    if (f->min_fatalities >= 0 && fl->fatal >= 0) {
        OGRFieldType t = OGR_Fld_GetType(OGR_FD_GetFieldDefn(d, fl->fatal));
        if (t == OFTInteger || t == OFTInteger64 || t == OFTReal) {
            char *e = im_xasprintf("\"%s\" >= %ld",
                                   OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, fl->fatal)),
                                   f->min_fatalities);
            sql_and(&sql, e);
            free(e);
        }
    }
    if (fl->date >= 0 && (f->since != LONG_MIN || f->until != LONG_MAX)) {
        OGRFieldType t = OGR_Fld_GetType(OGR_FD_GetFieldDefn(d, fl->date));
        const char *name = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, fl->date));
        if (t == OFTDate || t == OFTDateTime) {
            char buf[16];
            if (f->since != LONG_MIN) {
                civil_from_days(f->since, buf);
                char *e = im_xasprintf("\"%s\" >= '%s'", name, buf);
                sql_and(&sql, e);
                free(e);
            }
            if (f->until != LONG_MAX) {
                civil_from_days(f->until + 1, buf);
                char *e = im_xasprintf("\"%s\" < '%s'", name, buf);
                sql_and(&sql, e);
                free(e);
            }
        }
    }
    return sql;
}
