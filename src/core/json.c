/* The JSON Lines member reader of json.h. A small recursive-descent scanner with a
 * depth limit, so hostile input cannot exhaust the stack. */
#include "incmap/json.h"
#include "incmap/alloc.h"

#include <stdlib.h>
#include <string.h>

typedef struct scan {
    const char *s;
    size_t len, pos;
} scan;

static void ws(scan *sc)
{
    while (sc->pos < sc->len && (sc->s[sc->pos] == ' ' || sc->s[sc->pos] == '\t' ||
                                 sc->s[sc->pos] == '\n' || sc->s[sc->pos] == '\r'))
        sc->pos++;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool hex4(scan *sc, unsigned *v)
{
    if (sc->pos + 4 > sc->len)
        return false;
    *v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(sc->s[sc->pos + (size_t)i]);
        if (h < 0)
            return false;
        *v = (*v << 4) | (unsigned)h;
    }
    sc->pos += 4;
    return true;
}

static size_t put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Parse a string at sc->pos (on the opening quote). With `out`, decode into a new
 * buffer. */
static bool string(scan *sc, char **out, size_t *out_len)
{
    if (sc->pos >= sc->len || sc->s[sc->pos] != '"')
        return false;
    sc->pos++;
    char *buf = out ? im_xmalloc(sc->len - sc->pos + 1) : NULL;
    size_t o = 0;
    while (sc->pos < sc->len) {
        char c = sc->s[sc->pos++];
        if (c == '"') {
            if (out) {
                buf[o] = '\0';
                *out = buf;
                *out_len = o;
            }
            return true;
        }
        if ((unsigned char)c < 0x20)
            break;
        if (c != '\\') {
            if (buf)
                buf[o++] = c;
            continue;
        }
        if (sc->pos >= sc->len)
            break;
        char e = sc->s[sc->pos++];
        char lit = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e == 'b' ? '\b'
                 : e == 'f' ? '\f' : e == '/' ? '/' : e == '\\' ? '\\' : e == '"' ? '"' : 0;
        if (lit) {
            if (buf)
                buf[o++] = lit;
            continue;
        }
        if (e != 'u')
            break;
        unsigned cp;
        if (!hex4(sc, &cp))
            break;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            unsigned lo;
            if (sc->pos + 6 <= sc->len && sc->s[sc->pos] == '\\' && sc->s[sc->pos + 1] == 'u') {
                sc->pos += 2;
                if (!hex4(sc, &lo) || lo < 0xDC00 || lo > 0xDFFF)
                    cp = 0xFFFD;
                else
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else {
                cp = 0xFFFD;
            }
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            cp = 0xFFFD;
        }
        if (buf)
            o += put_utf8(buf + o, cp);
    }
    free(buf);
    return false;
}

static bool value(scan *sc, int depth, size_t *raw_start)
{
    ws(sc);
    if (sc->pos >= sc->len || depth > 64)
        return false;
    *raw_start = sc->pos;
    char c = sc->s[sc->pos];
    if (c == '"')
        return string(sc, NULL, NULL);
    if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        sc->pos++;
        ws(sc);
        if (sc->pos < sc->len && sc->s[sc->pos] == close) {
            sc->pos++;
            return true;
        }
        for (;;) {
            size_t dummy;
            if (c == '{') {
                ws(sc);
                if (!string(sc, NULL, NULL))
                    return false;
                ws(sc);
                if (sc->pos >= sc->len || sc->s[sc->pos++] != ':')
                    return false;
            }
            if (!value(sc, depth + 1, &dummy))
                return false;
            ws(sc);
            if (sc->pos >= sc->len)
                return false;
            char d = sc->s[sc->pos++];
            if (d == close)
                return true;
            if (d != ',')
                return false;
        }
    }
    size_t start = sc->pos;
    /* strchr also finds the terminating NUL: a NUL byte is not part of a number. */
    while (sc->pos < sc->len && sc->s[sc->pos] &&
           strchr("+-.0123456789eEtruefalsn", sc->s[sc->pos]))
        sc->pos++;
    return sc->pos > start;
}

bool im_json_get_member(const char *json, size_t len, const char *key, char **out,
                        size_t *out_len)
{
    scan sc = {json, len, 0};
    *out = NULL;
    ws(&sc);
    if (sc.pos >= len || json[sc.pos] != '{')
        return false;
    sc.pos++;
    for (;;) {
        ws(&sc);
        char *name = NULL;
        size_t name_len;
        if (!string(&sc, &name, &name_len))
            return false;
        ws(&sc);
        if (sc.pos >= len || json[sc.pos++] != ':') {
            free(name);
            return false;
        }
        ws(&sc);
        bool wanted = strcmp(name, key) == 0;
        free(name);
        if (wanted && sc.pos < len && json[sc.pos] == '"')
            return string(&sc, out, out_len);
        size_t raw;
        if (!value(&sc, 0, &raw))
            return false;
        if (wanted) {
            *out = im_xstrndup(json + raw, sc.pos - raw);
            *out_len = sc.pos - raw;
            return true;
        }
        ws(&sc);
        if (sc.pos >= len || json[sc.pos] != ',')
            return false;
        sc.pos++;
    }
}
