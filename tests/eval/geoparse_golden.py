#!/usr/bin/env python3
"""Golden geoparse tests: `incmap places --format json` on each document of
tests/data/geoparse/ against its <name>.expected.tsv (geoparse issue).

Each expected row names a surface string and which occurrence of it in the document
(1-based, whole words, case-sensitive), then what it must be:
  place   resolved to `kind` in `iso2`; `id` is a GeoNames id (cities; alternatives
          separated by '|'), an admin code (admin1 "IR.04", admin2 "PK.03.1168875",
          checked against the name in geodata/), the ISO2 code (countries) or empty;
  region  reported as a region (`id`, when given, is its canonical name);
  none    must be neither a place nor a region (organisations, people, months...).
Scores per document, over place and region rows:
  recall    = rows found and right / place and region rows
  precision = rows found and right / (right + wrong + `none` rows taken as places
              + place or region mentions that match no row)
It fails when a document is below 0.9 precision or recall, when a row whose note
contains "must" is wrong, or when a row cannot be located in its document (a broken
test is a failure, never a skip). It is not the seed scorer (geoparse_score.py): these
documents are our own sentences, written to exercise the rules by region and trap."""
import csv
import glob
import json
import os
import re
import subprocess
import sys

MIN_PRECISION = MIN_RECALL = 0.9
COLUMNS = ['surface', 'occurrence', 'type', 'kind', 'iso2', 'id', 'note']


def read_tsv(path):
    with open(path, encoding='utf-8', newline='') as f:
        lines = [line for line in f if line.strip() and not line.startswith('#')]
    return list(csv.DictReader(lines, delimiter='\t', quoting=csv.QUOTE_NONE))


def admin_names(geodata):
    """Admin code -> (iso2, name) from the committed geodata tables."""
    names = {}
    for table in ('admin1.tsv', 'admin2.tsv'):
        path = os.path.join(geodata, table)
        if os.path.exists(path):
            for row in read_tsv(path):
                names[row['code']] = (row['iso2'], row['name'])
    return names


def locate(data, surface, occurrence):
    """Byte range of the n-th whole-word occurrence of surface in data, or None."""
    pattern = re.compile(r'(?<!\w)' + re.escape(surface) + r'(?!\w)')
    text = data.decode('utf-8')
    for i, m in enumerate(pattern.finditer(text)):
        if i + 1 == occurrence:
            start = len(text[:m.start()].encode('utf-8'))
            return start, start + len(m.group(0).encode('utf-8'))
    return None


def right_place(row, m, admins):
    if m['type'] != 'place':
        return False
    if m['kind'] not in row['kind'].split('|') or m['iso2'] != row['iso2']:
        return False
    ident = row['id']
    if not ident or m['kind'] == 'country':
        return True
    for alt in ident.split('|'):
        if alt.isdigit() and m['geonameid'] == int(alt):
            return True
        if alt in admins and admins[alt] == (m['iso2'], m['name']):
            return True
    return False


def describe(m):
    if m['type'] == 'place':
        return '%s %s %s (%s)' % (m['kind'], m['iso2'], m['name'], m['geonameid'])
    return '%s %s' % (m['type'], m['name'])


def score_document(binary, txt, expected, admins):
    """Returns (precision, recall, failures) and prints the mistakes."""
    with open(txt, 'rb') as f:
        data = f.read()
    proc = subprocess.run([binary, 'places', '--format', 'json', txt],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        return 0.0, 0.0, ['incmap places failed: %s' % proc.stderr.strip()]
    mentions = [m for m in json.loads(proc.stdout) if m['type'] in ('place', 'region')]
    used = set()
    tp = fp = positives = 0
    failures = []
    for row in read_tsv(expected):
        if list(row) != COLUMNS:
            return 0.0, 0.0, ['%s: columns must be %s' % (expected, ' '.join(COLUMNS))]
        where = locate(data, row['surface'], int(row['occurrence']))
        if where is None:
            failures.append('%s #%s not in the document' % (row['surface'], row['occurrence']))
            continue
        hits = [i for i, m in enumerate(mentions)
                if m['start'] < where[1] and where[0] < m['end']]
        used.update(hits)
        got = [mentions[i] for i in hits]
        label = '%s #%s' % (row['surface'], row['occurrence'])
        if row['type'] == 'none':
            ok = not got
            fp += len(got)
            why = 'taken as ' + ', '.join(describe(m) for m in got)
        else:
            positives += 1
            if row['type'] == 'place':
                ok = any(right_place(row, m, admins) for m in got)
                want = '%s %s %s' % (row['kind'], row['iso2'], row['id'])
            else:
                ok = any(m['type'] == 'region' and (not row['id'] or m['name'] == row['id'])
                         for m in got)
                want = 'region %s' % row['id']
            tp += ok
            fp += len(got) - 1 if ok else len(got)
            why = 'want %s, got %s' % (want, ', '.join(describe(m) for m in got) or 'nothing')
        if not ok:
            must = 'must' in row['note'].split(':')[0].split()
            print('  %s %s: %s' % ('FAIL' if must else 'miss', label, why))
            if must:
                failures.append(label)
    for i, m in enumerate(mentions):
        if i not in used:
            fp += 1
            print('  extra %s at %d: %s' % (m['surface'], m['start'], describe(m)))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / positives if positives else 0.0
    return precision, recall, failures


def main():
    binary = os.environ['INCMAP_BIN']
    data_dir = os.path.join(os.environ['INCMAP_TEST_DATA'], 'geoparse')
    here = os.path.dirname(os.path.abspath(__file__))
    admins = admin_names(os.path.join(here, '..', '..', 'geodata'))
    docs = sorted(glob.glob(os.path.join(data_dir, '*.expected.tsv')))
    if not docs:
        print('no golden documents in %s' % data_dir)
        return 1
    failed = 0
    for expected in docs:
        name = os.path.basename(expected)[:-len('.expected.tsv')]
        print('%s:' % name)
        p, r, failures = score_document(binary, os.path.join(data_dir, name + '.txt'),
                                        expected, admins)
        bad = p < MIN_PRECISION or r < MIN_RECALL or failures
        failed += bool(bad)
        print('%-14s precision %.3f  recall %.3f  %s%s' %
              (name, p, r, 'FAIL' if bad else 'ok',
               ' (%s)' % '; '.join(failures) if failures else ''))
    print('%d of %d documents passed' % (len(docs) - failed, len(docs)))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
