#!/usr/bin/env python3
"""A hostile report shows its markup as text and runs nothing.

Two inputs of our own: tests/data/web/hostile-report.txt (sentences carrying <script>,
an onerror= image, a javascript: link and a comment that closes the script element)
through the extractor, and a GeoJSON layer written here with hostile strings in every
text field, plus a hostile --title and --banner. Each payload, if it ran, would set
window.__pwned.

Checked in the file: our <script> elements (the data, and one per hash in the CSP) and
no other; no payload appears
unescaped. Checked in headless Chromium: after opening every incident's card, nothing
ran (window.__pwned is undefined), nothing was even tried (no console error: a script
blocked by the page's CSP would log one), the document holds no element the payloads
would create (img, [onerror], javascript: links, extra scripts), and the card, title
and banner show the payloads as literal text.
Skips (77) when chromium or python3-websocket is missing.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdp  # noqa: E402

BIN = os.environ.get('INCMAP_BIN', 'incmap')
TEST_DATA = os.environ.get('INCMAP_TEST_DATA', '')
failures = []

SCRIPT = '<script>window.__pwned=11</script>'
IMG = '<img src=x onerror="window.__pwned=12">'
LINK = '<a href="javascript:window.__pwned=13">open</a>'
CLOSE = '</script><script>window.__pwned=14</script><!--'
SVG = '<svg onload="window.__pwned=15"></svg>'
PAYLOADS = [SCRIPT, IMG, LINK, CLOSE, SVG]


def check(cond, what):
    print(('ok   ' if cond else 'FAIL ') + what)
    if not cond:
        failures.append(what)


def run(*args):
    r = subprocess.run([BIN] + list(args), capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit('incmap %s failed (%d): %s' % (' '.join(args), r.returncode, r.stderr))


def hostile_layer(path):
    feats = []
    for i, p in enumerate(PAYLOADS):
        props = {k: p for k in ('event_type', 'sub_type', 'actor1', 'actor2', 'assoc_act1',
                                'country', 'admin1', 'admin2', 'notes', 'source',
                                'event_id_cnty')}
        props.update({'event_date': '2022-0%d-15' % (i + 1), 'location': 'Town ' + p,
                      'place_txt': 'Town ' + p, 'fatalities': i, 'geo_prec': 1 + i % 3,
                      'time_precision': 1})
        props['notes'] = 'Gunmen attacked Town %s on a market day. %s' % (p, p)
        feats.append({'type': 'Feature', 'properties': props,
                      'geometry': {'type': 'Point', 'coordinates': [65 + i, 33 + i * 0.5]}})
    with open(path, 'w') as f:
        json.dump({'type': 'FeatureCollection', 'features': feats}, f)


def check_file(path, label):
    html = open(path, encoding='utf-8').read()
    ours = 1 + html.count("'sha256-")   # the data, and each script the CSP allows by hash
    check(ours >= 3 and len(re.findall(r'<script', html, re.I)) == ours,
          '%s: the file holds our %d <script> elements and no other' % (label, ours))
    raw = [p for p in PAYLOADS + ['window.__pwned=1</script>', 'onerror="window.__pwned=2"',
                                  'href="javascript:'] if p in html]
    check(not raw, '%s: no payload appears unescaped %s' % (label, raw))


def check_page(b, path, label, expect_text):
    url = 'file://' + path
    b.requests.clear()
    b.open(url)
    n = b.eval('document.querySelectorAll("#table tbody tr").length')
    check(n > 0, '%s: the page lists %d incidents' % (label, n))
    cards = []
    for i in range(n):
        b.click('#table tbody tr:nth-child(%d)' % (i + 1))
        cards.append(b.eval('document.getElementById("card").textContent'))
    # click the markers too (a cluster zooms in and the markers change: best effort)
    for i in range(b.eval('document.querySelectorAll(".im-marker").length')):
        try:
            b.click('.im-marker:nth-of-type(%d)' % (i + 1))
        except cdp.BrowserError:
            pass
    b.eval('new Promise(function(r){setTimeout(r,300)})')
    check(b.eval('typeof window.__pwned') == 'undefined', '%s: no payload ran' % label)
    check(not b.problems(), '%s: nothing was even tried (no console error) %s'
          % (label, b.problems()))
    outside = [u for u in b.requests if u != url and not u.startswith(('data:', 'blob:'))]
    check(not outside, '%s: no request outside the file %s' % (label, outside))
    ours = 1 + open(path, encoding='utf-8').read().count("'sha256-")
    check(b.eval('document.scripts.length') == ours, '%s: no script element was added' % label)
    created = b.eval('document.querySelectorAll("img, iframe, object, embed, [onerror], '
                     '[onload], a[href^=\'javascript\' i]").length')
    check(created == 0, '%s: no element from the payloads exists (%s)' % (label, created))
    text = '\n'.join(cards)
    for t in expect_text:
        check(t in text, '%s: a card shows %r as text' % (label, t))


def main():
    why = cdp.Browser.available()
    if why:
        print('SKIP: ' + why)
        return 77
    tmp = tempfile.mkdtemp(prefix='incmap-web-safety-')
    report = os.path.join(TEST_DATA, 'web', 'hostile-report.txt')
    page_report = os.path.join(tmp, 'report.html')
    run('web', report, '-o', page_report, '-q')
    layer = os.path.join(tmp, 'hostile.geojson')
    hostile_layer(layer)
    page_layer = os.path.join(tmp, 'layer.html')
    run('web', layer, '-o', page_layer, '-q', '--title', 'Title ' + SCRIPT, '--banner', IMG)
    check_file(page_report, 'report page')
    check_file(page_layer, 'layer page')
    with cdp.Browser() as b:
        check_page(b, page_report, 'report page',
                   ['<script>window.__pwned=1</script>', 'onerror="window.__pwned=2"',
                    '<a href="javascript:window.__pwned=3">'])
        check_page(b, page_layer, 'layer page', PAYLOADS)
        check(b.eval('document.title') == 'Title ' + SCRIPT, 'the title is shown as text')
        check(b.eval('document.getElementById("banner-top").textContent') == IMG,
              'the banner is shown as text')
    if failures:
        print('%d check(s) failed' % len(failures))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
