#!/usr/bin/env python3
"""The interactive page in a real browser (Debian's headless Chromium, driven over the
DevTools protocol by cdp.py).

From the bundled sample report: `incmap extract` writes the incidents layer (GeoJSON)
and `incmap web` makes pages from the layer and from the report. In the browser:
  - the page loads with no console error, no exception, no CSP violation, and makes no
    request for anything but its own file;
  - the markers (single incidents and clusters, by the count each stands for) add up to
    the layer's features with a geometry, for both pages;
  - clicking an incident on the map (real mouse events; clusters clicked until they
    split) shows its card with that incident's sentence, the place highlighted;
  - dragging over the timeline sets a period and the visible count becomes the number
    of features dated in it (counted here from the layer, not by the page); switching an
    event type off lowers it to the right number again; the search box too;
  - a screenshot is saved in the folder given as argv[1] (tests/web/ of the build).
Skips (77) when chromium or python3-websocket is missing.
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdp  # noqa: E402

BIN = os.environ.get('INCMAP_BIN', 'incmap')
DATA = os.environ.get('INCMAP_DATA', '')
failures = []


def check(cond, what):
    print(('ok   ' if cond else 'FAIL ') + what)
    if not cond:
        failures.append(what)


def run(*args):
    r = subprocess.run([BIN] + list(args), capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit('incmap %s failed (%d): %s' % (' '.join(args), r.returncode, r.stderr))
    return r


def date_start(s):
    """The first day of what a date knows, as the page reads it: YYYY[-MM[-DD]]."""
    if not s:
        return None
    parts = s.split('-')
    y = parts[0]
    m = parts[1] if len(parts) > 1 else '01'
    d = parts[2] if len(parts) > 2 else '01'
    return '%s-%s-%s' % (y, m, d)


def page_problems(b, page_url):
    outside = [u for u in b.requests if u != page_url and not u.startswith(('data:', 'blob:'))]
    return b.problems(), outside


def marker_total(b):
    return b.eval('Array.from(document.querySelectorAll(".im-marker")).'
                  'reduce(function(s,e){return s+ +e.getAttribute("data-n")},0)')


def visible(b):
    return int(b.eval('document.getElementById("count").getAttribute("data-visible")'))


def click_an_incident(b):
    """Click clusters until a single incident's marker is on the map, then click it;
    returns its index in the data."""
    for _ in range(20):
        if b.eval('!!document.querySelector(".im-incident")'):
            break
        b.click('.im-cluster')
        b.eval('new Promise(function(r){setTimeout(r,400)})')
    idx = b.eval('document.querySelector(".im-incident").getAttribute("data-id")')
    b.click('.im-incident[data-id="%s"]' % idx)
    return int(idx)


def main():
    why = cdp.Browser.available()
    if why:
        print('SKIP: ' + why)
        return 77
    shots = sys.argv[1] if len(sys.argv) > 1 else tempfile.gettempdir()
    os.makedirs(shots, exist_ok=True)
    report = os.path.join(DATA, 'sample-report.txt')
    tmp = tempfile.mkdtemp(prefix='incmap-web-')
    layer = os.path.join(tmp, 'incidents.geojson')
    run('extract', report, '-o', layer, '-q')
    feats = json.load(open(layer))['features']
    placed = [f for f in feats if f.get('geometry')]
    check(len(placed) > 5, 'the sample gives incidents to show (%d)' % len(placed))
    page_layer = os.path.join(tmp, 'layer.html')
    page_report = os.path.join(tmp, 'report.html')
    run('web', layer, '-o', page_layer, '-q', '--banner', 'UNCLASSIFIED//TEST')
    run('web', report, '-o', page_report, '-q')
    # an existing page is kept unless --overwrite, and no temporary file is left
    before = open(page_report, 'rb').read()
    r = subprocess.run([BIN, 'web', layer, '-o', page_report, '-q'], capture_output=True,
                       text=True)
    check(r.returncode == 1 and 'exists' in r.stderr and
          open(page_report, 'rb').read() == before, 'an existing page is not replaced')
    run('web', report, '-o', page_report, '-q', '--overwrite')
    check(not [n for n in os.listdir(tmp) if '.tmp-' in n], 'no temporary file is left')
    # a page that cannot be written whole (a file-size limit) leaves nothing behind
    import resource
    import signal

    def small_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (100000, 100000))
    cut = os.path.join(tmp, 'cut.html')
    r = subprocess.run([BIN, 'web', report, '-o', cut, '-q'], capture_output=True, text=True,
                       preexec_fn=small_files)
    check(r.returncode == 1 and len(r.stderr.splitlines()) == 1 and cut in r.stderr and
          not [n for n in os.listdir(tmp) if n.startswith('cut.html')],
          'a failed write says so in one line and leaves no file (%r)' % r.stderr)

    with cdp.Browser() as b:
        # ---- the page from the report: loads clean, markers add up ----------------
        url = 'file://' + page_report
        b.open(url)
        probs, outside = page_problems(b, url)
        check(not probs, 'report page: no console error or CSP violation %s' % probs)
        check(not outside, 'report page: no request outside the file %s' % outside)
        check(marker_total(b) == len(placed), 'report page: markers stand for %s incidents, '
              'the layer has %d' % (marker_total(b), len(placed)))

        # ---- the page from the layer ----------------------------------------------
        url = 'file://' + page_layer
        b.requests.clear()
        b.open(url)
        probs, outside = page_problems(b, url)
        check(not probs, 'layer page: no console error or CSP violation %s' % probs)
        check(not outside, 'layer page: no request outside the file %s' % outside)
        check(b.eval('document.getElementById("banner-top").textContent') == 'UNCLASSIFIED//TEST'
              and not b.eval('document.getElementById("banner-bottom").hidden'),
              'the banner is shown at top and bottom')
        csp = b.eval('document.querySelector("meta[http-equiv=Content-Security-Policy]")'
                     '.getAttribute("content")')
        check(csp and "default-src 'none'" in csp and "connect-src 'none'" in csp,
              'a Content-Security-Policy forbids loading: %s' % (csp or '')[:60])
        total = marker_total(b)
        check(total == len(placed), 'layer page: markers stand for %s incidents, the layer '
              'has %d features' % (total, len(placed)))
        check(b.eval('window.incmap.markersShown()') == len(placed),
              'the page counts the same incidents on its markers')
        check(visible(b) == len(feats), 'the table lists every incident (%d)' % visible(b))
        n_links = len(json.load(open(layer.replace('.geojson', '_links.geojson')))['features'])
        heads = b.eval('document.querySelectorAll(".im-arrowhead").length')
        check(n_links > 0 and heads == n_links, 'the links layer\'s %d links are arrows (%d '
              'heads)' % (n_links, heads))
        b.screenshot(os.path.join(shots, 'web-overview.png'))

        # ---- an incident's card ----------------------------------------------------
        idx = click_an_incident(b)
        props = feats[idx]['properties']
        card_id = b.eval('document.getElementById("card").getAttribute("data-id")')
        check(card_id == str(idx), 'clicking incident %d opens its card (%s)' % (idx, card_id))
        sentence = b.eval('(document.querySelector("#card .im-sentence")||{}).textContent')
        check(sentence == props['notes'], 'the card shows the incident\'s sentence: %r'
              % (sentence or '')[:70])
        mark = b.eval('(document.querySelector("#card .im-sentence mark")||{}).textContent')
        want = props.get('place_txt') or props.get('location')
        check(mark is not None and mark.lower() == (want or '').lower(),
              'the place is highlighted in it (%r)' % mark)
        card = b.eval('document.getElementById("card").textContent')
        check(props['event_type'] in card and props['sub_type'] in card and
              props['event_date'] in card, 'the card gives date, type and sub-type')
        check(('Paragraph' + str(props['para'])) in card and props['source'] in card,
              'the card gives the paragraph and the source file')
        b.screenshot(os.path.join(shots, 'web-card.png'))

        # ---- brushing the timeline -------------------------------------------------
        b.click('#zoom-all')
        box = b.eval('(function(){var r=document.getElementById("hist").'
                     'getBoundingClientRect();return [r.left,r.top,r.width,r.height];})()')
        b.eval('document.getElementById("hist").scrollIntoView({block:"center"})')
        box = b.eval('(function(){var r=document.getElementById("hist").'
                     'getBoundingClientRect();return [r.left,r.top,r.width,r.height];})()')
        y = box[1] + box[3] / 2
        b.drag(box[0] + box[2] * 0.55, y, box[0] + box[2] * 0.9)
        frm = b.eval('document.getElementById("range").getAttribute("data-from")')
        to = b.eval('document.getElementById("range").getAttribute("data-to")')
        in_range = [f for f in feats if date_start(f['properties']['event_date']) and
                    frm <= date_start(f['properties']['event_date']) < (to or '')]
        check(frm is not None and 0 < len(in_range) < len(feats),
              'the brush selects a period (%s to %s) holding some incidents' % (frm, to))
        check(visible(b) == len(in_range), 'after brushing, %d visible; %d dated in the '
              'period' % (visible(b), len(in_range)))
        check(marker_total(b) == sum(1 for f in in_range if f.get('geometry')),
              'the map follows the brush (%s markers)' % marker_total(b))

        # ---- switching a type off ----------------------------------------------------
        types = {}
        for f in in_range:
            types[f['properties']['event_type']] = types.get(f['properties']['event_type'], 0) + 1
        top = max(types, key=types.get)
        cls = b.eval('window.incmap && JSON.parse(document.getElementById("incmap-data")'
                     '.textContent).style.classes.findIndex(function(c){return c.event_type'
                     '===%s})' % json.dumps(top))
        b.click('input[data-type="%d"]' % cls)
        want_n = len(in_range) - types[top]
        check(visible(b) == want_n, 'with %s off, %d visible; expected %d'
              % (top, visible(b), want_n))
        check(marker_total(b) == want_n, 'the map follows the type toggle')
        b.screenshot(os.path.join(shots, 'web-filtered.png'))
        # the CSV export holds exactly the filtered incidents
        downloads = os.path.join(tmp, 'downloads')
        os.makedirs(downloads)
        b.call('Browser.setDownloadBehavior', behavior='allow', downloadPath=downloads)
        b.click('#csv')
        for _ in range(100):
            if os.path.exists(os.path.join(downloads, 'incidents.csv')):
                break
            b.eval('new Promise(function(r){setTimeout(r,100)})')
        path = os.path.join(downloads, 'incidents.csv')
        rows = list(csv.DictReader(open(path, encoding='utf-8'))) if os.path.exists(path) else []
        want_ids = sorted(f['properties']['event_id'] for f in in_range
                          if f['properties']['event_type'] != top)
        check(sorted(r['event_id'] for r in rows) == want_ids,
              'the CSV export holds the %d filtered incidents (%d rows)' % (want_n, len(rows)))
        b.click('input[data-type="%d"]' % cls)
        b.click('#clear-range')
        check(visible(b) == len(feats), 'clearing the period shows every incident again')

        # ---- search over places and actors --------------------------------------------
        word = placed[0]['properties']['location']
        b.type_text('#search', word)
        b.eval('new Promise(function(r){setTimeout(r,400)})')
        fields = ('location', 'admin2', 'admin1', 'country', 'place_txt', 'actor1', 'actor2',
                  'assoc_act1')
        want_n = sum(1 for f in feats if word.lower() in
                     '\n'.join(f['properties'].get(k) or '' for k in fields).lower())
        check(visible(b) == want_n, 'searching %r finds %d; expected %d' % (word, visible(b), want_n))

        # ---- the print stylesheet ------------------------------------------------------
        check(b.eval('Array.from(document.styleSheets).some(function(s){return Array.from('
                     's.cssRules).some(function(r){return r.media && r.media.mediaText==='
                     '"print"})})'), 'the page has a print stylesheet')
        probs, outside = page_problems(b, url)
        check(not probs and not outside, 'no error and no outside request after all that')
    if failures:
        print('%d check(s) failed' % len(failures))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
