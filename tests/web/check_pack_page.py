#!/usr/bin/env python3
"""`incmap brief` puts the interactive page in the pack: index.html, listed in
summary.md, carrying the pack's incidents (as many as the GeoJSON incidents layer),
its links, the regions asked for as zoom presets (in the order asked), and the banner.
Read from the file itself -- the page's data element -- so it runs without a browser.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

BIN = os.environ.get('INCMAP_BIN', 'incmap')
DATA = os.environ.get('INCMAP_DATA', '')
failures = []


def check(cond, what):
    print(('ok   ' if cond else 'FAIL ') + what)
    if not cond:
        failures.append(what)


def page_data(path):
    html = open(path, encoding='utf-8').read()
    m = re.search(r'<script type="application/json" id="incmap-data">(.*?)</script>', html, re.S)
    return html, json.loads(m.group(1)) if m else None


def main():
    tmp = tempfile.mkdtemp(prefix='incmap-web-pack-')
    pack = os.path.join(tmp, 'pack')
    r = subprocess.run([BIN, 'brief', os.path.join(DATA, 'sample-report.txt'), '-o', pack, '-q',
                        '--formats', 'geojson', '--regions', 'iran,afghanistan', '--banner',
                        'SECRET//REL TEST'], capture_output=True, text=True)
    if r.returncode:
        print('brief failed (%d): %s' % (r.returncode, r.stderr))
        return 1
    page = os.path.join(pack, 'index.html')
    check(os.path.isfile(page), 'the pack holds index.html')
    if not os.path.isfile(page):
        return 1
    summary = open(os.path.join(pack, 'summary.md'), encoding='utf-8').read()
    check('- `index.html`' in summary, 'summary.md lists index.html')
    check('Leaflet' in summary and 'BSD 2-Clause' in summary, 'summary.md credits Leaflet')
    html, d = page_data(page)
    check(d is not None, 'the page carries its data element')
    feats = json.load(open(os.path.join(pack, 'geojson', 'incidents.geojson')))['features']
    check(len(d['incidents']['rows']) == len(feats), 'the page has the layer\'s %d incidents '
          '(%d)' % (len(feats), len(d['incidents']['rows'])))
    links = json.load(open(os.path.join(pack, 'geojson', 'links.geojson')))['features']
    check(len(d['links']) == len(links), 'the page has the pack\'s %d links (%d)'
          % (len(links), len(d['links'])))
    check([x['name'] for x in d['regions']] == ['iran', 'afghanistan'],
          'the regions asked for are the zoom presets: %s' % [x['name'] for x in d['regions']])
    check(d['banner'] == 'SECRET//REL TEST', 'the banner travels with the page')
    check('http-equiv="Content-Security-Policy"' in html, 'the page has its CSP')
    markup = re.sub(r'<(script|style)\b[^>]*>.*?</\1>', '', html, flags=re.S | re.I)
    check(len(markup) < 10000 and not re.search(r'(src|href|action)\s*=', markup, re.I),
          'the markup outside scripts and styles links to nothing (%d bytes)' % len(markup))
    if failures:
        print('%d check(s) failed' % len(failures))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
