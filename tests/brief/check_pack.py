#!/usr/bin/env python3
"""The main job end to end (brief issue): `incmap brief` on the bundled sample writes a
complete pack, and the pack is valid: every expected file present; every layer opens
with OGR and its feature count equals the numbers summary.md states; PNG maps have the
exact pixel size for A4 landscape at 150 dpi; PDF maps are PDFs with embedded fonts;
the numbers printed in every PDF's key table (read back with pdftotext) are those of
summary.md — same location number, place and incident Nos., and each incident row's
date that of the same No. in the incident list; summary.md lists every file of the pack
exactly once; maps drawn by three worker processes are byte for byte those drawn by
one; re-running without --overwrite refuses and leaves the pack intact."""
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


KEY_HEAD = re.compile(r'^(\d+)\s+(.+?) — (\d+) incidents?(?:, -?\d+ killed|: Nos?\. ([\d,– ]+))\s*$')


def numbers(text):
    """'4, 5, 7, 10–14' -> [4, 5, 7, 10, 11, 12, 13, 14] (the compact key's ranges)."""
    out = []
    for part in text.split(','):
        part = part.strip()
        if '–' in part:
            a, b = part.split('–')
            out.extend(range(int(a), int(b) + 1))
        elif part:
            out.append(int(part))
    return out
KEY_ROW = re.compile(r'^\s*No\. (\d+) · (\S+) · ')


def summary_numbers(summary):
    """{loc: (place, [No.])} from "Numbered locations", {No.: date} from "Incidents"."""
    locs, dates = {}, {}
    section = summary.split('## Numbered locations', 1)
    if len(section) == 2:
        for m in re.finditer(r'^\| (\d+) \| (.+?) \| (\d+) \| ([\d, ]+) \|$',
                             section[1].split('\n## ', 1)[0], re.M):
            nos = [int(x) for x in m.group(4).split(',')]
            if len(nos) != int(m.group(3)):
                raise ValueError('location %s lists %d Nos. for %s incidents' %
                                 (m.group(1), len(nos), m.group(3)))
            locs[int(m.group(1))] = (m.group(2), nos)
    incidents = summary.split('## Incidents', 1)[-1].split('\n## ', 1)[0]
    for m in re.finditer(r'^\| (\d+) \| (\d*) \| ([^|]+?) \|', incidents, re.M):
        dates[int(m.group(1))] = (m.group(3), int(m.group(2)) if m.group(2) else 0)
    return locs, dates


def key_tables(pdf):
    """The key table of a PDF map as {loc: (place, count, [No.], {No.: date})}, read from
    the panel (the right quarter of a landscape page) with pdftotext -layout."""
    info = subprocess.run(['pdfinfo', pdf], capture_output=True, text=True).stdout
    m = re.search(r'Page size:\s+([\d.]+) x ([\d.]+) pts', info)
    w, h = (float(m.group(1)), float(m.group(2))) if m else (842.0, 595.0)
    x0 = int(w * 0.74)
    text = subprocess.run(['pdftotext', '-layout', '-x', str(x0), '-y', '0', '-W',
                           str(int(w) - x0), '-H', str(int(h)), pdf, '-'],
                          capture_output=True, text=True).stdout
    lines = text.split('Key to numbered locations', 1)
    if len(lines) < 2:
        return None
    table, cur = {}, None
    for line in lines[1].splitlines():
        line = line.rstrip()
        head = KEY_HEAD.match(line.strip())
        row = KEY_ROW.match(line)
        if head:
            nos = numbers(head.group(4)) if head.group(4) else []
            cur = int(head.group(1))
            table[cur] = (head.group(2), int(head.group(3)), nos, {})
        elif row and cur is not None:
            table[cur][2].append(int(row.group(1)))
            table[cur][3][int(row.group(1))] = row.group(2)
        elif cur is not None and re.match(r'^[\d,– ]+$', line.strip() or 'x') and \
                table[cur][2] and not table[cur][3]:
            table[cur][2].extend(numbers(line))
        else:
            cur = None
    return table


def check_numbering(pack, pdfs, summary, problems):
    """Every map's key table numbers agree with summary.md's; returns tables found."""
    try:
        locs, dates = summary_numbers(summary)
    except ValueError as e:
        problems.append('summary.md: %s' % e)
        return 0
    for no, (place, nos) in locs.items():
        for i in nos:
            if dates.get(i, (None, 0))[1] != no:
                problems.append('summary.md: incident %d is in location %d but its loc. '
                                'column says %s' % (i, no, dates.get(i, (None, '?'))[1]))
    found = 0
    for rel in pdfs:
        table = key_tables(os.path.join(pack, rel))
        if not table:
            continue
        found += 1
        for no, (place, count, nos, row_dates) in table.items():
            if no not in locs:
                problems.append('%s: key location %d is not in summary.md' % (rel, no))
                continue
            s_place, s_nos = locs[no]
            if place != s_place or count != len(s_nos) or sorted(nos) != sorted(s_nos):
                problems.append('%s: key %d = %s, %d incidents, Nos. %s; summary.md: %s, Nos. %s'
                                % (rel, no, place, count, nos, s_place, s_nos))
            for i, d in row_dates.items():
                if dates.get(i, ('?', 0))[0] != d:
                    problems.append('%s: key No. %d dated %s, summary.md says %s' %
                                    (rel, i, d, dates.get(i, ('?', 0))[0]))
    return found


def main():
    binary = os.environ['INCMAP_BIN']
    if not shutil.which('ogrinfo'):
        print('1..0 # SKIP no ogrinfo')
        return 77
    tmp = tempfile.mkdtemp(prefix='incmap-brief-')
    problems = []
    try:
        pack = os.path.join(tmp, 'pack')
        r = subprocess.run([binary, 'brief', '-o', pack, '-q', '-j', '3'], capture_output=True,
                           text=True)
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
        on_disk = sorted(os.path.relpath(os.path.join(d, f), pack)
                         for d, _, fs in os.walk(pack) for f in fs)
        if sorted(listed) != on_disk:
            problems.append('summary.md lists %d files (%d distinct), the pack holds %d: %s' %
                            (len(listed), len(set(listed)), len(on_disk),
                             sorted(set(listed) ^ set(on_disk))[:5]))
        serial = os.path.join(tmp, 'serial')
        r1 = subprocess.run([binary, 'brief', '-o', serial, '-q', '-j', '1'],
                            capture_output=True, text=True)
        if r1.returncode:
            problems.append('brief -j 1 failed (%d): %s' % (r1.returncode, r1.stderr))
        else:
            for rel in on_disk:
                if rel.endswith('.png') and open(os.path.join(pack, rel), 'rb').read() != \
                        open(os.path.join(serial, rel), 'rb').read():
                    problems.append('%s differs between -j 3 and -j 1' % rel)
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
        if shutil.which('pdftotext') and shutil.which('pdfinfo'):
            if '## Numbered locations' not in summary:
                problems.append('summary.md has no "Numbered locations" (the sample has '
                                'co-located incidents)')
            if not check_numbering(pack, pdfs, summary, problems):
                problems.append('no PDF map has a key table pdftotext can read')
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
