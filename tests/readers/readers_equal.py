#!/usr/bin/env python3
"""The readers end to end: the bundled sample report made into a two-column PDF, a
scanned PDF, a DOCX and a saved news page (make_docs.py) must give the same places and
incidents as the report as plain text, and the readers must find what the documents
hold besides (notes with their markers, metadata dates, pages, boilerplate dropped).

  readers_equal.py KIND...    KIND: text pdf scan docx html (default: all)

Needs INCMAP_BIN and READERS_DUMP (tests/readers/readers_dump); the PDF kinds need
python3-cairo (found in /usr/bin/python3 when the python3 on PATH lacks it) and are
skipped with a note when it is missing, as is the scan when Tesseract's English data
is absent. Prints one line per check; exits 1 if any fails."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, '..', '..', 'samples', 'sample-report.txt')
DATE = '2024-05-01'
EXT = {'text': 'txt', 'pdf': 'pdf', 'scan': 'pdf', 'docx': 'docx', 'html': 'html'}
# Places named only in the saved page's furniture (menus, banners, sidebar, footer)
BOILERPLATE = ['Lisbon', 'Karachi', 'Manila', 'Tokyo', 'Madrid', 'Lagos', 'Berlin', 'Cairo',
               'Rome', 'London', 'Nairobi', 'Delhi', 'Baghdad', 'Ankara', 'Paris']
failures = []


def check(ok, what):
    print('%s - %s' % ('ok' if ok else 'not ok', what))
    if not ok:
        failures.append(what)


def cairo_python():
    for py in (sys.executable, '/usr/bin/python3'):
        if os.path.exists(py) and subprocess.run([py, '-c', 'import cairo'],
                                                 capture_output=True).returncode == 0:
            return py
    return None


def run(args, env=None):
    return subprocess.run(args, capture_output=True, text=True, env=env)


def places(binary, path):
    p = run([binary, 'places', '--format', 'json', path])
    if p.returncode != 0:
        return None, p.stderr
    rows = json.loads(p.stdout)
    return sorted((r['surface'], r['type'], r['name'], r.get('geonameid')) for r in rows), p.stderr


def incidents(binary, path):
    p = run([binary, 'extract', '-q', '-o', '-', path])
    if p.returncode != 0:
        return None, p.stderr
    out = []
    for f in json.loads(p.stdout)['features']:
        props = dict(f['properties'])
        props.pop('span_start', None)  # offsets differ: they count the text read
        props.pop('span_end', None)
        # the quoted sentence may differ in its footnotes only: a reader knows them
        # ("killing 47.[fn 3]") where the plain text leaves an ambiguous "killing 47.3"
        props['notes'] = re.sub(r' ?\[fn \d+\]|(?<=\.)\d{1,3}\b', '', props['notes'])
        out.append(json.dumps(props, sort_keys=True))
    return sorted(out), ''


def dump(path, *flags):
    p = run([os.environ['READERS_DUMP'], path] + list(flags))
    info = {'paras': [], 'notes': [], 'rc': p.returncode, 'stderr': p.stderr}
    for line in p.stdout.splitlines():
        key, _, rest = line.partition(' ')
        if key == 'meta':
            info['meta'] = dict(kv.split('=', 1) for kv in rest.split('|'))
        elif key == 'stats':
            info['stats'] = {k: int(v) for k, v in (kv.split('=') for kv in rest.split())}
        elif key == 'para':
            info['paras'].append(rest)
        elif key == 'note':
            info['notes'].append(rest)
        elif key == 'format':
            info['format'] = rest
    return info


def note_checks(kind, info):
    numbers = [int(n.split()[0]) for n in info['notes']]
    check(numbers == list(range(1, 25)), '%s: 24 footnotes numbered 1..24 (got %d)' %
          (kind, len(numbers)))
    # each marker sits right after the end of a sentence: "[...reported.]"
    at_end = all('.]' in n or '."]' in n for n in info['notes'])
    check(at_end, '%s: every footnote marker follows its sentence' % kind)
    check(all('a source for the test' in n for n in info['notes']),
          '%s: footnote texts kept apart from the body' % kind)


def main():
    binary = os.environ['INCMAP_BIN']
    kinds = sys.argv[1:] or ['text', 'pdf', 'docx', 'html', 'scan']
    py = cairo_python()
    tmp = tempfile.mkdtemp(prefix='incmap-readers-')
    try:
        os.makedirs(os.path.join(tmp, 'plain'))
        plain = os.path.join(tmp, 'plain', 'r.txt')
        shutil.copy(SAMPLE, plain)
        want_places, err = places(binary, plain)
        want_incidents, err2 = incidents(binary, plain)
        check(want_places is not None and want_incidents is not None,
              'plain text reads (%s%s)' % (err, err2))
        if want_places is None or want_incidents is None:
            return 1
        for kind in kinds:
            if kind == 'text':
                info = dump(plain, '--text')
                p = run([os.environ['READERS_DUMP'], plain, '--text'])
                with open(plain, encoding='utf-8') as f:
                    check(p.stdout == f.read(), 'text: plain text passes through unchanged')
                continue
            if kind in ('pdf', 'scan') and not py:
                print('ok - %s # SKIP python3-cairo is not installed' % kind)
                continue
            d = os.path.join(tmp, kind)
            os.makedirs(d)
            path = os.path.join(d, 'r.' + EXT[kind])
            gen = run([py or sys.executable, os.path.join(HERE, 'make_docs.py'), kind, SAMPLE,
                       path, '--date', DATE])
            check(gen.returncode == 0, '%s: fixture made %s' % (kind, gen.stderr.strip()))
            if gen.returncode != 0:
                continue
            info = dump(path)
            if kind == 'scan' and info['rc'] != 0 and 'language data' in info['stderr']:
                print('ok - scan # SKIP %s' % info['stderr'].strip())
                continue
            check(info['rc'] == 0, '%s: the reader reads it %s' % (kind, info['stderr'].strip()))
            if info['rc'] != 0:
                continue
            got_places, err = places(binary, path)
            check(got_places == want_places, '%s: same places as the plain text (%s)' %
                  (kind, '%d vs %d' % (len(got_places), len(want_places)) if got_places
                   else err.strip()))
            progress = err
            got_incidents, err = incidents(binary, path)
            same = got_incidents == want_incidents
            check(same, '%s: same incidents as the plain text (%s)' %
                  (kind, err.strip() or '%d vs %d' % (len(got_incidents), len(want_incidents))))
            if not same and got_incidents:
                for row in sorted(set(got_incidents) ^ set(want_incidents))[:4]:
                    print('#   differs: %s' % row[:300])
            meta, stats = info['meta'], info['stats']
            if kind == 'pdf':
                note_checks(kind, info)
                check(meta['date'] == DATE and meta['title'] == 'Regional threat note',
                      'pdf: date and title from the document information (%s)' % meta)
                check(stats['dropped_lines'] >= 4, 'pdf: running heads and page numbers '
                      'dropped (%d lines)' % stats['dropped_lines'])
                check(stats['joined_hyphens'] > 0, 'pdf: hyphenated line ends joined (%d)' %
                      stats['joined_hyphens'])
                check(any(p.startswith('%d [p. 2]' % (i + 1)) for i, p in
                          enumerate(info['paras'])), 'pdf: paragraphs cite their page (p. 2)')
                check(not any('incmap test edition' in p for p in info['paras']),
                      'pdf: no running head in the text')
            elif kind == 'docx':
                note_checks(kind, info)
                check(meta['date'] == DATE and meta['author'] == 'incmap tests',
                      'docx: date and author from docProps/core.xml (%s)' % meta)
                check(not any('Paris' in p for p in info['paras']),
                      'docx: deleted text (w:delText) is not read')
                check(info['paras'][1].startswith('2 [w:p 2]'), 'docx: paragraphs cite w:p')
            elif kind == 'html':
                note_checks(kind, info)
                check(meta['date'] == DATE and meta['title'] == 'Regional threat note',
                      'html: date from article:published_time, title from og:title (%s)' % meta)
                text = '\n'.join(info['paras'])
                leaked = [w for w in BOILERPLATE if w in text]
                check(not leaked, 'html: no menu, banner, sidebar, comment or footer text (%s)'
                      % leaked)
            elif kind == 'scan':
                check(stats['ocr_pages'] == 2 and stats['ocr_confidence'] >= 80,
                      'scan: 2 pages recognised, confidence %d' % stats['ocr_confidence'])
                check(all('(OCR)]' in p for p in info['paras']),
                      'scan: paragraphs cite their page as OCR')
                off = run([binary, 'places', '--no-ocr', path])
                check(off.returncode == 1 and 'page 1 has no text' in off.stderr and
                      off.stderr.count('\n') == 1,
                      'scan: --no-ocr says the page has no text, in one line (%s)' %
                      off.stderr.strip())
                check(progress.count('OCR page') == 2 and 'confidence' in progress,
                      'scan: a progress line with the confidence per page')
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print('%d failed' % len(failures))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
