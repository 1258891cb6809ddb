#!/usr/bin/env python3
"""Prints the map benchmark as ratios: hyperfine means (PNG and PDF) relative to incmap,
peak memory from /usr/bin/time -v, output sizes and pixel dimensions, and what
pdftotext finds of the 60 labels in each PDF. usage: report.py OUTDIR"""
import csv
import json
import os
import struct
import subprocess
import sys

out = sys.argv[1]
tools = ['incmap', 'mapnik', 'cartopy', 'gmt']
files = {'incmap': 'incmap_refmap', 'mapnik': 'mapnik_refmap', 'cartopy': 'cartopy_refmap',
         'gmt': 'gmt_refmap'}
mem = {}
with open(os.path.join(out, 'memory.tsv')) as f:
    for tool, fmt, kb in csv.reader(f, delimiter='\t'):
        mem[(tool, fmt)] = int(kb or 0)


def png_size(path):
    with open(path, 'rb') as f:
        head = f.read(24)
    return struct.unpack('>II', head[16:24])


def labels_found(pdf, names):
    try:
        text = subprocess.run(['pdftotext', pdf, '-'], capture_output=True, text=True).stdout
    except FileNotFoundError:
        return None
    return sum(1 for n in names if n in text)


def placed_labels(summary):
    try:
        text = open(summary).read()
    except OSError:
        return None
    import re
    m = re.search(r'labels (\d+) placed', text)
    return int(m.group(1)) if m else None


bench = os.environ.get('BENCH', '../shared/bench')
names = []
if os.path.exists(os.path.join(bench, 'points.tsv')):
    with open(os.path.join(bench, 'points.tsv'), encoding='utf-8') as f:
        rows = list(csv.DictReader(f, delimiter='\t'))
    names = [r['name_local'] for r in rows]
    ascii_names = [r['name'] for r in rows]

for fmt in ('png', 'pdf'):
    with open(os.path.join(out, 'times_%s.json' % fmt)) as f:
        res = {r['command']: r for r in json.load(f)['results']}
    base = res['incmap']['mean']
    print('\n%s (A4 landscape%s), %d runs each' % (fmt.upper(), ', 300 dpi' if fmt == 'png' else '',
                                                 len(res['incmap']['times'])))
    print('%-8s %9s %9s %12s %10s %12s' % ('tool', 'mean s', 'x incmap', 'peak MiB', 'size KiB',
                                          'pixels' if fmt == 'png' else 'labels/60'))
    for t in tools:
        if t not in res:
            continue
        path = os.path.join(out, files[t] + '.' + fmt)
        size = os.path.getsize(path) / 1024 if os.path.exists(path) else 0
        if fmt == 'png':
            extra = '%dx%d' % png_size(path) if os.path.exists(path) else '-'
        else:
            # incmap lists the labels it had no room for in the notes, so count only
            # what its own placement report says it placed
            if t == 'incmap':
                placed = placed_labels(os.path.join(out, 'incmap_summary.txt'))
                extra = '-' if placed is None else str(placed)
            else:
                n = labels_found(path, ascii_names) if names else None
                extra = '-' if n is None else str(n)
        print('%-8s %9.3f %9.2f %12.1f %10.0f %12s' % (t, res[t]['mean'], res[t]['mean'] / base,
                                                     mem.get((t, fmt), 0) / 1024, size, extra))
print('\nlabels/60: Mapnik, cartopy, GMT = names pdftotext finds in the PDF (haloed text '
      'drawn as outlines is not found); incmap = labels placed without overlap (the rest '
      'are listed by name in the map notes).')
summary = os.path.join(out, 'incmap_summary.txt')
if os.path.exists(summary):
    print('\n' + open(summary).read().strip())
