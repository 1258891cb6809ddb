#!/usr/bin/env python3
"""The main job end to end (brief issue): `incmap brief` on the bundled sample writes a
complete pack, and the pack is valid: every expected file present; every layer opens
with OGR and its feature count equals the numbers summary.md states; PNG maps have the
exact pixel size for A4 landscape at 150 dpi; PDF maps are PDFs with embedded fonts;
re-running without --overwrite refuses and leaves the pack intact."""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile


def feature_count(path, layer=None):
    cmd = ['ogrinfo', '-ro', '-so', '-al' if layer is None else path, path]
    if layer is not None:
        cmd = ['ogrinfo', '-ro', '-so', path, layer]
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
    m = re.findall(r'Feature Count: (\d+)', out)
    return int(m[0]) if m else None


def png_size(path):
    with open(path, 'rb') as f:
        head = f.read(24)
    if head[:8] != b'\x89PNG\r\n\x1a\n':
        return None
    return struct.unpack('>II', head[16:24])


def main():
    binary = os.environ['INCMAP_BIN']
    if not shutil.which('ogrinfo'):
        print('1..0 # SKIP no ogrinfo')
        return 77
    tmp = tempfile.mkdtemp(prefix='incmap-brief-')
    problems = []
    try:
        pack = os.path.join(tmp, 'pack')
        r = subprocess.run([binary, 'brief', '-o', pack, '-q'], capture_output=True, text=True)
        if r.returncode:
            print('incmap brief failed (%d): %s' % (r.returncode, r.stderr))
            return 1
        summary = open(os.path.join(pack, 'summary.md'), encoding='utf-8').read()
        m = re.search(r'\*\*(\d+) incidents\*\*', summary)
        stated = int(m.group(1)) if m else -1
        section = summary.split('## Incidents', 1)[-1].split('\n## ', 1)[0]
        rows = len(re.findall(r'^\| \d+ \|', section, re.M))
        if rows != stated:
            problems.append('summary lists %d incidents but states %d' % (rows, stated))
        listed = re.findall(r'^- `([^`]+)`$', summary, re.M)
        for rel in listed:
            if not os.path.exists(os.path.join(pack, rel)):
                problems.append('summary lists %s, which is missing' % rel)
        n = feature_count(os.path.join(pack, 'geojson', 'incidents.geojson'), 'incidents')
        if n != stated:
            problems.append('incidents.geojson has %s features, summary says %d' % (n, stated))
        mp = re.search(r'\*\*(\d+) places\*\*', summary)
        npl = feature_count(os.path.join(pack, 'geojson', 'places.geojson'), 'places')
        if not mp or npl != int(mp.group(1)):
            problems.append('places.geojson has %s features, summary says %s' %
                            (npl, mp.group(1) if mp else '?'))
        for name in ('gpkg', 'shp', 'kml', 'csv'):
            for rel in listed:
                if rel.endswith('.' + name) and 'incidents' in rel:
                    c = feature_count(os.path.join(pack, rel))
                    if c is not None and c < stated:
                        problems.append('%s has %s incidents, summary says %d' % (rel, c, stated))
        pngs = [rel for rel in listed if rel.endswith('.png')]
        pdfs = [rel for rel in listed if rel.endswith('.pdf')]
        if not any(p.endswith('overview.png') for p in pngs):
            problems.append('no overview map')
        if len(pngs) < 3 or len(pdfs) != len(pngs):
            problems.append('maps: %d PNG, %d PDF' % (len(pngs), len(pdfs)))
        for rel in pngs:
            size = png_size(os.path.join(pack, rel))
            if size != (1754, 1240):
                problems.append('%s is %s pixels, want 1754x1240 (A4 at 150 dpi)' % (rel, size))
        for rel in pdfs:
            head = open(os.path.join(pack, rel), 'rb').read(5)
            if head != b'%PDF-':
                problems.append('%s is not a PDF' % rel)
            elif shutil.which('pdffonts'):
                fonts = subprocess.run(['pdffonts', os.path.join(pack, rel)],
                                       capture_output=True, text=True).stdout.splitlines()[2:]
                flags = [re.search(r'\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$', f)
                         for f in fonts]
                if not fonts:
                    problems.append('%s has no fonts (text drawn as paths?)' % rel)
                elif any(not m or m.group(1) != 'yes' for m in flags):
                    problems.append('%s has fonts that are not embedded' % rel)
        before = os.path.getmtime(os.path.join(pack, 'summary.md'))
        r2 = subprocess.run([binary, 'brief', '-o', pack, '-q'], capture_output=True, text=True)
        if r2.returncode == 0 or r2.stderr.count('\n') != 1 or '--overwrite' not in r2.stderr:
            problems.append('re-run without --overwrite: exit %d, %r' % (r2.returncode, r2.stderr))
        if os.path.getmtime(os.path.join(pack, 'summary.md')) != before:
            problems.append('re-run without --overwrite touched the pack')
        for p in problems:
            print('problem: ' + p)
        print('pack: %d files listed, %d incidents, %d maps' % (len(listed), stated, len(pngs)))
        print('%d passed, %d failed' % (1 if not problems else 0, 1 if problems else 0))
        return 1 if problems else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
