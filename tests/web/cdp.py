"""A small Chrome DevTools Protocol client for the web page tests and benchmark.

Starts Debian's headless Chromium on a private profile with every host name made
unresolvable (so a page that tried the network would fail loudly, not quietly succeed),
attaches to its page over the DevTools websocket (python3-websocket) and records what
the tests check: console errors, uncaught exceptions, log entries (CSP violations
land there) and every network request the page makes.

    with Browser() as b:
        b.open('file:///.../index.html')
        b.eval('document.title')
        b.click_at(x, y)

`Browser.available()` says why it cannot run (no chromium, no python3-websocket), so
callers can skip with exit 77.
"""
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request

try:
    import websocket  # python3-websocket (Debian)
except ImportError:  # pragma: no cover - reported by available()
    websocket = None

CHROMIUM_NAMES = ('chromium', 'chromium-browser', 'google-chrome')


def chromium_path():
    for name in CHROMIUM_NAMES:
        p = shutil.which(name)
        if p:
            return p
    return None


class BrowserError(Exception):
    pass


class Browser:
    def __init__(self, width=1400, height=1100):
        self.width, self.height = width, height
        self.proc = None
        self.profile = None
        self.ws = None
        self.next_id = 0
        self.console_errors = []
        self.exceptions = []
        self.log_errors = []
        self.requests = []
        self.events = []

    @staticmethod
    def available():
        if websocket is None:
            return 'python3-websocket is not installed'
        if not chromium_path():
            return 'chromium is not installed'
        return None

    def __enter__(self):
        self.profile = tempfile.mkdtemp(prefix='incmap-chromium-')
        args = [chromium_path(), '--headless=new', '--no-sandbox', '--disable-gpu',
                '--no-first-run', '--no-default-browser-check', '--disable-extensions',
                '--disable-background-networking', '--disable-sync',
                '--disable-component-update', '--disable-default-apps',
                '--host-resolver-rules=MAP * ~NOTFOUND', '--remote-allow-origins=*',
                '--remote-debugging-port=0', '--user-data-dir=' + self.profile,
                '--window-size=%d,%d' % (self.width, self.height), 'about:blank']
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(self.profile, 'DevToolsActivePort')
        deadline = time.time() + 30
        while not os.path.exists(port_file) or os.path.getsize(port_file) == 0:
            if time.time() > deadline or self.proc.poll() is not None:
                self.__exit__(None, None, None)
                raise BrowserError('chromium did not start')
            time.sleep(0.05)
        port = open(port_file).read().split()[0]
        page = None
        while page is None and time.time() < deadline:
            with urllib.request.urlopen('http://127.0.0.1:%s/json/list' % port) as r:
                pages = [t for t in json.load(r) if t.get('type') == 'page']
            page = pages[0] if pages else None
            time.sleep(0.05) if page is None else None
        if page is None:
            raise BrowserError('chromium has no page')
        self.ws = websocket.create_connection(page['webSocketDebuggerUrl'], timeout=60,
                                              suppress_origin=True)
        for domain in ('Page', 'Runtime', 'Log', 'Network'):
            self.call(domain + '.enable')
        return self

    def __exit__(self, *exc):
        if self.ws:
            try:
                self.ws.close()
            except Exception:
                pass
        if self.proc:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        if self.profile:
            shutil.rmtree(self.profile, ignore_errors=True)
        return False

    # ---- protocol -------------------------------------------------------------
    def _record(self, msg):
        method, p = msg.get('method'), msg.get('params', {})
        self.events.append(method)
        if method == 'Runtime.consoleAPICalled' and p.get('type') in ('error', 'assert'):
            self.console_errors.append(' '.join(str(a.get('value', a.get('description', '')))
                                                for a in p.get('args', [])))
        elif method == 'Runtime.exceptionThrown':
            d = p.get('exceptionDetails', {})
            self.exceptions.append(d.get('exception', {}).get('description') or d.get('text'))
        elif method == 'Log.entryAdded' and p.get('entry', {}).get('level') == 'error':
            self.log_errors.append(p['entry'].get('text'))
        elif method == 'Network.requestWillBeSent':
            self.requests.append(p.get('request', {}).get('url'))

    def call(self, method, **params):
        self.next_id += 1
        my = self.next_id
        self.ws.send(json.dumps({'id': my, 'method': method, 'params': params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get('id') == my:
                if 'error' in msg:
                    raise BrowserError('%s: %s' % (method, msg['error']))
                return msg.get('result', {})
            self._record(msg)

    def wait_event(self, method, timeout=30):
        self.ws.settimeout(timeout)
        try:
            while True:
                msg = json.loads(self.ws.recv())
                self._record(msg)
                if msg.get('method') == method:
                    return msg.get('params', {})
        finally:
            self.ws.settimeout(60)

    # ---- conveniences -----------------------------------------------------------
    def eval(self, expr):
        r = self.call('Runtime.evaluate', expression=expr, returnByValue=True, awaitPromise=True)
        if 'exceptionDetails' in r:
            raise BrowserError('%s: %s' % (expr, r['exceptionDetails'].get('text')))
        return r.get('result', {}).get('value')

    def open(self, url, ready='document.body && document.body.getAttribute("data-ready")',
             timeout=30):
        """Navigate and wait until `ready` is true; returns seconds from navigation."""
        t0 = time.time()
        self.call('Page.navigate', url=url)
        self.wait_event('Page.loadEventFired', timeout)
        while not self.eval(ready):
            if time.time() - t0 > timeout:
                raise BrowserError('%s: the page never became ready' % url)
            time.sleep(0.02)
        return time.time() - t0

    def mouse(self, kind, x, y, buttons=1):
        self.call('Input.dispatchMouseEvent', type=kind, x=x, y=y, button='left',
                  buttons=buttons if kind != 'mouseReleased' else 0, clickCount=1)

    def click_at(self, x, y):
        self.mouse('mouseMoved', x, y, 0)
        self.mouse('mousePressed', x, y)
        self.mouse('mouseReleased', x, y)

    def drag(self, x0, y, x1, steps=8):
        self.mouse('mouseMoved', x0, y, 0)
        self.mouse('mousePressed', x0, y)
        for k in range(1, steps + 1):
            self.mouse('mouseMoved', x0 + (x1 - x0) * k / steps, y)
        self.mouse('mouseReleased', x1, y)

    def center_of(self, selector):
        """Viewport centre of the first element matching `selector`, scrolled into view.
        Inside the map the map is scrolled into view instead: scrolling a marker into
        view would scroll Leaflet's own panes, which it does not expect."""
        r = self.eval('(function(){var e=document.querySelector(%s); if(!e) return null;'
                      'var s=e.closest(".leaflet-container")||e;'
                      's.scrollIntoView({block:s===e?"center":"nearest"});'
                      'var b=e.getBoundingClientRect();'
                      'return [b.left+b.width/2, b.top+b.height/2];})()' % json.dumps(selector))
        if r is None:
            raise BrowserError('no element matches %s' % selector)
        return r

    def click(self, selector):
        x, y = self.center_of(selector)
        self.click_at(x, y)

    def type_text(self, selector, text):
        self.click(selector)
        self.call('Input.insertText', text=text)

    def screenshot(self, path):
        import base64
        data = self.call('Page.captureScreenshot', format='png')['data']
        with open(path, 'wb') as f:
            f.write(base64.b64decode(data))

    def problems(self):
        """Console errors, exceptions and error log entries seen so far."""
        return self.console_errors + [str(e) for e in self.exceptions] + self.log_errors
