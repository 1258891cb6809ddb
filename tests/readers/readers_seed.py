#!/usr/bin/env python3
"""The seed report as the PDF it came from: its clean text (the text stage's
paragraphs, with the footnote numbers it cut off put back as markers, from
readers_dump --clean) is set as a two-column PDF with real superscript footnotes,
running heads and page numbers (make_docs.py), and scored by the eval scripts in
place of the seed. The scores must equal those of the seed as text, and the reader
must find every footnote. The seed is read from INCMAP_SEED_DIR at run time and never
kept; skipped (77) when it or the gold files are absent, or without python3-cairo."""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = '000_014557cbd6477717.txt'
SCORERS = [('incident_score.py', ('incidents:', 'matched:')),
           ('geoparse_score.py', ('distinct places:', 'resolution:', 'non-places',
                                  'Peshawar'))]


def cairo_python():
    for py in (sys.executable, '/usr/bin/python3'):
        if os.path.exists(py) and subprocess.run([py, '-c', 'import cairo'],
                                                 capture_output=True).returncode == 0:
            return py
    return None


def scores(seed_dir):
    lines = []
    for script, keys in SCORERS:
        env = dict(os.environ, INCMAP_SEED_DIR=seed_dir)
        p = subprocess.run([sys.executable, os.path.join(HERE, '..', 'eval', script)],
                           capture_output=True, text=True, env=env)
        lines += [l for l in p.stdout.splitlines() if l.startswith(keys)]
    return lines


def main():
    seed_dir = os.environ.get('INCMAP_SEED_DIR', '')
    seed = os.path.join(seed_dir, SEED)
    gold = os.path.join(os.environ.get('INCMAP_EVAL_DIR', ''), 'seed-incidents.tsv')
    py = cairo_python()
    if not os.path.exists(seed) or not os.path.exists(gold) or not py:
        print('1..0 # SKIP seed, gold or python3-cairo missing')
        return 77
    tmp = tempfile.mkdtemp(prefix='incmap-seedpdf-')
    try:
        clean = os.path.join(tmp, 'clean.txt')
        with open(clean, 'w', encoding='utf-8') as f:
            p = subprocess.run([os.environ['READERS_DUMP'], seed, '--clean'], stdout=f)
        if p.returncode != 0:
            print('not ok - readers_dump --clean failed')
            return 1
        with open(clean, encoding='utf-8') as f:
            markers = f.read().count('[[fn:')
        pdf_dir = os.path.join(tmp, 'seed')
        os.makedirs(pdf_dir)
        # the PDF keeps the seed's name: incmap picks the reader by content
        pdf = os.path.join(pdf_dir, SEED)
        subprocess.run([py, os.path.join(HERE, 'make_docs.py'), 'pdf', clean, pdf], check=True)
        dump = subprocess.run([os.environ['READERS_DUMP'], pdf], capture_output=True)
        notes = sum(1 for l in dump.stdout.split(b'\n') if l.startswith(b'note '))
        failed = 0
        ok = dump.returncode == 0 and notes == markers and markers > 0
        print('%s - the PDF reader finds all %d footnotes (%d)' % ('ok' if ok else 'not ok',
                                                                   markers, notes))
        failed += not ok
        want, got = scores(seed_dir), scores(pdf_dir)
        ok = want == got and len(want) >= 6
        print('%s - the seed as a two-column PDF scores as the seed as text' %
              ('ok' if ok else 'not ok'))
        for w, g in zip(want, got):
            print('#   text: %s\n#   pdf:  %s' % (w, g))
        failed += not ok
        return 1 if failed else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
