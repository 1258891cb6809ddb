#!/usr/bin/env python3
"""Times an incmap page in headless Chromium for bench/web.sh (DevTools protocol,
tests/web/cdp.py): runs RUNS fresh loads and reports, per load, when the page became
interactive (the page script's ready mark, in ms from navigation start: data parsed,
map, markers, timeline and table drawn), the wall time of the load as seen from here,
and how long a filter change (switching the largest event type off) takes to redraw.
On a shared machine the wall times follow the load; the renderer's main-thread CPU
time from navigation to the ready mark (DevTools Performance.getMetrics ThreadTime)
is the steadier figure, and is printed beside them.
Also checks that the markers stand for every placed incident and that nothing was
logged as an error.

  web_measure.py PAGE.html [RUNS]
"""
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'web'))
import cdp  # noqa: E402


def main(argv):
    page, runs = os.path.abspath(argv[1]), int(argv[2]) if len(argv) > 2 else 5
    why = cdp.Browser.available()
    if why:
        print('SKIP: ' + why)
        return 77
    ready, wall, toggle, cpu = [], [], [], []

    def thread_time(b):
        m = b.call('Performance.getMetrics')['metrics']
        return next(x['value'] for x in m if x['name'] == 'ThreadTime')
    with cdp.Browser() as b:
        b.call('Performance.enable', timeDomain='threadTicks')
        for _ in range(runs):
            b.call('Page.navigate', url='about:blank')
            b.eval('1')
            t0 = thread_time(b)
            wall.append(b.open('file://' + page, timeout=60) * 1000)
            cpu.append((thread_time(b) - t0) * 1000)
            ready.append(b.eval('window.incmap.readyAt'))
            # the type with the most incidents off, then on again: time to redraw
            t = b.eval('(function(){var boxes=document.querySelectorAll("input[data-type]");'
                       'var best=null,n=-1;boxes.forEach(function(x){var c=+/\\((\\d+)\\)/.exec('
                       'x.parentNode.textContent)[1];if(c>n){n=c;best=x}});'
                       'var t0=performance.now();best.click();var t1=performance.now();'
                       'best.click();return t1-t0;})()')
            toggle.append(t)
        n = b.eval('(function(){var d=JSON.parse(document.getElementById("incmap-data")'
                   '.textContent).incidents, k=d.fields.indexOf("latitude");'
                   'return d.rows.filter(function(r){return r[k]!==null}).length})()')
        shown = b.eval('window.incmap.markersShown()')
        problems = b.problems()
    print('page: %s (%.1f MB)' % (page, os.path.getsize(page) / 1e6))
    print('interactive (ready mark, ms from navigation): median %.0f, max %.0f over %d loads'
          % (statistics.median(ready), max(ready), runs))
    print('load seen by the driver (ms):                 median %.0f, max %.0f'
          % (statistics.median(wall), max(wall)))
    print('main-thread CPU, navigation to ready (ms):    median %.0f, max %.0f'
          % (statistics.median(cpu), max(cpu)))
    print('type toggle redraw (ms):                      median %.0f, max %.0f'
          % (statistics.median(toggle), max(toggle)))
    print('markers stand for %s of %s placed incidents; console errors: %d'
          % (shown, n, len(problems)))
    print(json.dumps({'ready_ms': ready, 'wall_ms': wall, 'cpu_ms': cpu, 'toggle_ms': toggle}))
    return 0 if shown == n and not problems else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
