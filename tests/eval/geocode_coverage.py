#!/usr/bin/env python3
"""Gazetteer coverage against the seed gold standard (issue: foundation).

For every row of seed-toponyms.tsv with resolvable=yes, coordinates, and kind country,
admin1, admin2 or city, runs `incmap geocode --json --limit 5` on each surface form and
counts the row as covered when every form has a candidate within 25 km of the gold
point among its first five. Prints the misses and the share; fails below 95 %."""
import json
import math
import os
import subprocess
import sys

KINDS = {'country', 'admin1', 'admin2', 'city'}
THRESHOLD = 0.95
RADIUS_KM = 25.0


def km(lat1, lon1, lat2, lon2):
    r = math.pi / 180
    a = (math.sin((lat2 - lat1) * r / 2) ** 2 +
         math.cos(lat1 * r) * math.cos(lat2 * r) * math.sin((lon2 - lon1) * r / 2) ** 2)
    return 6371.0 * 2 * math.atan2(math.sqrt(a), math.sqrt(1 - a))


def main():
    binary = os.environ['INCMAP_BIN']
    gold = os.path.join(os.environ['INCMAP_EVAL_DIR'], 'seed-toponyms.tsv')
    if not os.path.exists(gold):
        print('1..0 # SKIP %s not found' % gold)
        return 77
    rows = []
    with open(gold, encoding='utf-8') as f:
        header = f.readline().rstrip('\n').split('\t')
        for line in f:
            row = dict(zip(header, line.rstrip('\n').split('\t')))
            if row['resolvable'] == 'yes' and row['kind'] in KINDS and row['lat']:
                rows.append(row)
    forms = sorted({form for row in rows for form in row['surface_forms'].split('|')})
    out = subprocess.run([binary, 'geocode', '--json', '--limit', '5', '--'] + forms,
                         capture_output=True, text=True)
    answers = {q['query']: q['candidates'] for q in json.loads(out.stdout)}
    misses = []
    for row in rows:
        lat, lon = float(row['lat']), float(row['lon'])
        for form in row['surface_forms'].split('|'):
            cands = answers.get(form, [])
            # the seed gold puts countries and units at their capital or seat
            if not any(c['seat_lat'] is not None and
                       km(lat, lon, c['seat_lat'], c['seat_lon']) <= RADIUS_KM
                       for c in cands):
                best = ', '.join('%s %s (%s)' % (c['name'], c['kind'], c['iso2'])
                                 for c in cands[:3]) or 'no candidate'
                misses.append('%s %s [%s]: %s' % (row['id'], form, row['kind'], best))
                break
    covered = len(rows) - len(misses)
    share = covered / len(rows)
    for m in misses:
        print('miss: ' + m)
    print('geocode coverage: %d of %d rows (%.1f %%), threshold %.0f %%' %
          (covered, len(rows), 100 * share, 100 * THRESHOLD))
    ok = share >= THRESHOLD
    print('%d passed, %d failed' % (1 if ok else 0, 0 if ok else 1))
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
