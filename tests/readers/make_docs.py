#!/usr/bin/env python3
"""Makes the reader fixtures from a plain-text report, so the tests never need
checked-in binaries: a two-column PDF with running heads, page numbers, hyphenated
line ends and superscript footnote markers (cairo), a scanned page (text drawn into an
image, the image wrapped in a PDF without a text layer), a DOCX with footnotes and
core.xml dates (zipfile), and a saved news page buried in boilerplate (HTML).

  make_docs.py KIND REPORT.txt OUT [--date YYYY-MM-DD]

KIND is pdf, scan, docx or html. A paragraph is a line of REPORT; a footnote number
glued to the end of a sentence ("... widely reported.1") becomes a real footnote whose
text is "Note N, a source for the test." (no place names, so the notes cannot change
what the body yields). The output is the same report for every kind."""
import re
import sys
import zipfile
from xml.sax.saxutils import escape

GLUED = re.compile(r'(?<=[a-z\)\]\.,;:"\u201d\u2019%])(\d{1,3})(?=\s|$)')
A4 = (595.0, 842.0)


def paragraphs(path):
    with open(path, encoding='utf-8') as f:
        return [line.strip() for line in f if line.strip()]


EXPLICIT = re.compile(r'\[\[fn:(\d+)\]\]')


def split_notes(par, last):
    """[(text, note_number or None)] pieces of a paragraph; numbers must increase.
    Markers written as [[fn:N]] (readers_dump --clean) are taken as they are."""
    pieces, pos = [], 0
    if '[[fn:' in par:
        for m in EXPLICIT.finditer(par):
            pieces.append((par[pos:m.start()], int(m.group(1))))
            pos, last = m.end(), max(last, int(m.group(1)))
        pieces.append((par[pos:], None))
        return pieces, last
    for m in GLUED.finditer(par):
        n = int(m.group(1))
        if n != last + 1:
            continue
        pieces.append((par[pos:m.start()], n))
        pos, last = m.end(), n
    pieces.append((par[pos:], None))
    return pieces, last


def note_text(n):
    return 'Note %d, a source for the test.' % n


# ---------------------------------------------------------------- PDF (cairo)
def make_pdf(pars, out, date):
    import cairo
    surf = cairo.PDFSurface(out, *A4)
    if date:
        surf.set_metadata(cairo.PDFMetadata.CREATE_DATE, date + 'T09:00:00Z')
    surf.set_metadata(cairo.PDFMetadata.TITLE, 'Regional threat note')
    surf.set_metadata(cairo.PDFMetadata.AUTHOR, 'incmap tests')
    cr = cairo.Context(surf)
    cr.select_font_face('DejaVu Serif')
    body, small, lead = 10.0, 7.0, 13.0
    margin, gap = 56.0, 24.0
    colw = (A4[0] - 2 * margin - gap) / 2
    top, bottom = 90.0, A4[1] - 70.0
    state = {'page': 1, 'col': 0, 'y': top, 'notes': [], 'reserved': 0.0}

    def width(s, size=body):
        cr.set_font_size(size)
        return cr.text_extents(s).x_advance

    def furniture():
        cr.set_font_size(8)
        head = 'Regional Threat Note \u2014 incmap test edition'
        cr.move_to((A4[0] - width(head, 8)) / 2, 50)
        cr.show_text(head)
        num = str(state['page'])
        cr.move_to((A4[0] - width(num, 8)) / 2, A4[1] - 36)
        cr.show_text(num)

    def flush_notes():
        x = margin + state['col'] * (colw + gap)
        y = bottom - state['reserved'] + 4
        if state['notes']:
            cr.move_to(x, y)
            cr.line_to(x + 60, y)
            cr.set_line_width(0.5)
            cr.stroke()
        y += 10
        for n in state['notes']:
            cr.set_font_size(small)
            cr.move_to(x, y)
            cr.show_text('%d %s' % (n, note_text(n)))
            y += 9
        state['notes'], state['reserved'] = [], 0.0

    def next_column():
        flush_notes()
        if state['col'] == 0:
            state['col'] = 1
        else:
            surf.show_page()
            state['page'] += 1
            state['col'] = 0
            furniture()
        state['y'] = top

    def draw_line(words, x0, notes):
        x = x0
        for i, (w, n) in enumerate(words):
            cr.set_font_size(body)
            cr.move_to(x, state['y'])
            cr.show_text(w)
            x += width(w)
            if n is not None:
                cr.set_font_size(6)
                cr.move_to(x + 0.3, state['y'] - 4)
                cr.show_text(str(n))
                x += width(str(n), 6) + 0.3
            if i + 1 < len(words):
                x += width(' ')

    furniture()
    last = 0
    hyphen_done = 0
    for par in pars:
        pieces, last = split_notes(par, last)
        words = []
        for text, n in pieces:
            ws = text.split()
            if not ws and n is None:
                continue
            words += [(w, None) for w in ws]
            if n is not None and not ws and words:
                prev = words[-1][1]
                words[-1] = (words[-1][0], '%s,%d' % (prev, n) if prev else str(n))
            elif n is not None and words:
                words[-1] = (words[-1][0], str(n))
        indent = 12.0
        while words:
            avail = colw - indent
            line, used = [], 0.0
            while words:
                w, n = words[0]
                wl = width(w) + (width(str(n), 6) if n is not None else 0)
                sp = width(' ') if line else 0
                if used + sp + wl <= avail:
                    line.append(words.pop(0))
                    used += sp + wl
                    continue
                # break a long plain lowercase word with a hyphen now and then
                if (n is None and re.fullmatch(r'[a-z]{7,}', w) and hyphen_done < 40):
                    head = w[:len(w) // 2] + '-'
                    if used + sp + width(head) <= avail:
                        line.append((head, None))
                        words[0] = (w[len(w) // 2:], None)
                        hyphen_done += 1
                break
            if not line:
                line.append(words.pop(0))
            need = sum(len(n.split(',')) for _, n in line if n is not None) * 9.0
            if state['y'] + lead > bottom - state['reserved'] - need - 14:
                next_column()
            state['notes'] += [int(k) for _, n in line if n is not None for k in n.split(',')]
            if state['notes']:
                state['reserved'] = 14 + 9.0 * len(state['notes'])
            draw_line(line, margin + state['col'] * (colw + gap) + indent, None)
            state['y'] += lead
            indent = 0.0
        state['y'] += 5
    flush_notes()
    surf.finish()


# ------------------------------------------------------- scanned page (cairo image)
def make_scan(pars, out, date):
    import cairo
    dpi = 200.0
    scale = dpi / 72.0
    w, h = int(A4[0] * scale), int(A4[1] * scale)
    surf = cairo.PDFSurface(out, *A4)
    pcr = cairo.Context(surf)
    pages = []

    def new_image():
        img = cairo.ImageSurface(cairo.FORMAT_RGB24, w, h)
        cr = cairo.Context(img)
        cr.set_source_rgb(1, 1, 1)
        cr.paint()
        cr.set_source_rgb(0, 0, 0)
        cr.scale(scale, scale)
        cr.select_font_face('DejaVu Sans')
        cr.set_font_size(11)
        pages.append(img)
        return cr

    cr = new_image()
    y, x0, right, last = 70.0, 60.0, A4[0] - 60.0, 0

    def show(line):
        nonlocal cr, y
        if y > A4[1] - 60:
            cr = new_image()
            y = 70.0
        cr.move_to(x0, y)
        cr.show_text(line)
        y += 15

    for par in pars:
        pieces, last = split_notes(par, last)
        line = ''
        for word in ''.join(t for t, _ in pieces).split():
            trial = (line + ' ' + word).strip()
            if cr.text_extents(trial).x_advance > right - x0:
                show(line)
                line = word
            else:
                line = trial
        show(line)
        y += 11
    for img in pages:
        pcr.save()
        pcr.scale(1 / scale, 1 / scale)
        pcr.set_source_surface(img, 0, 0)
        pcr.paint()
        pcr.restore()
        surf.show_page()
    surf.finish()


# ----------------------------------------------------------------- DOCX (zipfile)
W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'


def run(text):
    return '<w:r><w:t xml:space="preserve">%s</w:t></w:r>' % escape(text)


def make_docx(pars, out, date):
    body, notes, last = [], [], 0
    for i, par in enumerate(pars):
        pieces, last = split_notes(par, last)
        runs = []
        for text, n in pieces:
            # split runs mid-word the way Word does after edits
            cut = len(text) // 3
            runs.append(run(text[:cut]) + run(text[cut:]))
            if n is not None:
                runs.append('<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
                            '<w:footnoteReference w:id="%d"/></w:r>' % n)
                notes.append(n)
        style = '<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>' if i == 0 else ''
        body.append('<w:p>%s%s</w:p>' % (style, ''.join(runs)))
    body.append('<w:p><w:r><w:delText>Deleted text about Paris.</w:delText></w:r></w:p>')
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<w:document xmlns:w="%s"><w:body>%s<w:sectPr/></w:body></w:document>'
           % (W, ''.join(body)))
    fn = ['<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
          '</w:footnote>', '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
          '<w:continuationSeparator/></w:r></w:p></w:footnote>']
    for n in notes:
        fn.append('<w:footnote w:id="%d"><w:p><w:r><w:footnoteRef/></w:r>%s</w:p></w:footnote>'
                  % (n, run(' ' + note_text(n))))
    footnotes = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<w:footnotes xmlns:w="%s">%s</w:footnotes>' % (W, ''.join(fn)))
    core = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            '<dc:title>Regional threat note</dc:title><dc:creator>incmap tests</dc:creator>'
            '<dcterms:created xsi:type="dcterms:W3CDTF">%sT09:00:00Z</dcterms:created>'
            '</cp:coreProperties>' % (date or '2024-01-01'))
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
             'openxmlformats.org/package/2006/content-types"><Default Extension="xml" '
             'ContentType="application/xml"/><Override PartName="/word/document.xml" '
             'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
             'document.main+xml"/></Types>')
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', types)
        z.writestr('word/document.xml', doc)
        z.writestr('word/footnotes.xml', footnotes)
        z.writestr('docProps/core.xml', core)


# ------------------------------------------------------------ saved news page (HTML)
def make_html(pars, out, date):
    last, body = 0, []
    for i, par in enumerate(pars):
        pieces, last = split_notes(par, last)
        html = ''.join(escape(t) + ('<sup><a href="#fn%d">%d</a></sup>' % (n, n)
                                    if n is not None else '') for t, n in pieces)
        body.append('<h1>%s</h1>' % html if i == 0 else '<p>%s</p>' % html)
    notes = ''.join('<li id="fn%d">%s <a href="#r%d">\u21a9</a></li>' % (n, note_text(n), n)
                    for n in range(1, last + 1))
    body.append('<h2>Notes</h2><ol class="notes">%s</ol>' % notes)
    menu = ''.join('<li><a href="/%s">%s</a></li>' % (c.lower(), c)
                   for c in ['Kabul', 'Moscow', 'Paris', 'World', 'Opinion', 'Sport'])
    page = f'''<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Regional threat note | The Daily Example</title>
<meta property="og:title" content="Regional threat note">
<meta name="author" content="incmap tests">
<meta property="article:published_time" content="{date or '2024-01-01'}T08:00:00+00:00">
<style>body {{ font-family: serif }} .x:before {{ content: "Berlin" }}</style>
<script>var cities = ["Tokyo", "Madrid"]; document.write("Lagos 2019, 3 killed");</script>
<script type="application/ld+json">{{"@type": "NewsArticle", "dateline": "Cairo"}}</script>
</head><body>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies. By staying in Lisbon or
anywhere else you accept them.</p><button>Accept</button></div>
<header class="site-header"><a href="/">The Daily Example</a><nav><ul>{menu}</ul></nav></header>
<div class="layout"><div class="main-column">
<div class="byline">By incmap tests, <time datetime="{date or '2024-01-01'}">a date</time></div>
<div class="story-body">{''.join(body)}</div>
<div class="share"><a href="#">Share on social media</a></div>
</div>
<aside class="sidebar"><h2>Most read</h2><ul><li><a href="/a">Kabul 2020, 14 killed in
blast at Kabul market</a></li><li><a href="/b">Storms hit Manila</a></li></ul></aside>
</div>
<!-- comment: Baghdad 2015, 30 killed -->
<section class="comments"><h3>Comments</h3><form><textarea>Ankara</textarea></form>
<div class="comment"><p>I lived in Karachi for years and this is wrong.</p></div></section>
<footer><p>Copyright The Daily Example, London. Offices in Nairobi and Delhi.</p></footer>
<noscript>Enable scripts to read about Rome.</noscript>
</body></html>
'''
    with open(out, 'w', encoding='utf-8') as f:
        f.write(page)


def main():
    if len(sys.argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    kind, src, out = sys.argv[1:4]
    date = sys.argv[5] if len(sys.argv) > 5 and sys.argv[4] == '--date' else None
    pars = paragraphs(src)
    {'pdf': make_pdf, 'scan': make_scan, 'docx': make_docx, 'html': make_html}[kind](
        pars, out, date)
    return 0


if __name__ == '__main__':
    sys.exit(main())
