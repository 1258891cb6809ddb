#!/usr/bin/env python3
"""incmap filter on an ACLED export against an independent count in Python.

Builds an export in ACLED's documented CSV layout (event_id_cnty, event_date, year,
time_precision, disorder_type, event_type, sub_event_type, ..., country, iso3, admin1,
admin2, location, latitude, longitude, ..., fatalities), its dates written in every
format ACLED's exports have used ("9-May-20", "09 May 2020", "2020-05-09", "9 May
2020", "May 9, 2020"), from the ACLED events of the development set
(INCMAP_EVAL_DIR/acled-dev/world-2020/gold.tsv; read at run time, never copied).
Then, for --country (ISO2, ISO3 and names), --admin1 (with --country), --since/--until
and --type, the count `incmap filter --count` prints must equal the count Python
computes from the same rows. Skips (77) when the development set is absent."""
import csv
import datetime
import os
import subprocess
import sys
import tempfile
from collections import Counter

MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
        'September', 'October', 'November', 'December']


def acled_date(d, style):
    if style == 0:
        return '%d-%s-%02d' % (d.day, MONTHS[d.month - 1], d.year % 100)
    if style == 1:
        return '%02d %s %d' % (d.day, LONG[d.month - 1], d.year)
    if style == 2:
        return d.isoformat()
    if style == 3:
        return '%d %s %d' % (d.day, LONG[d.month - 1], d.year)
    return '%s %d, %d' % (LONG[d.month - 1], d.day, d.year)


def count(binary, path, args):
    r = subprocess.run([binary, 'filter', path, '--count', '-q'] + args, capture_output=True,
                       text=True)
    if r.returncode:
        raise SystemExit('incmap filter %s failed: %s' % (' '.join(args), r.stderr.strip()))
    for line in r.stdout.splitlines():
        if line.startswith('total\tall\t'):
            return int(line.split('\t')[2])
    raise SystemExit('no total in: ' + r.stdout)


def main():
    gold = os.path.join(os.environ.get('INCMAP_EVAL_DIR', ''), 'acled-dev', 'world-2020',
                        'gold.tsv')
    if not os.path.exists(gold):
        print('1..0 # SKIP no ACLED development set at ' + gold)
        return 77
    binary = os.environ['INCMAP_BIN']
    rows = list(csv.DictReader(open(gold, encoding='utf-8'), delimiter='\t'))
    for r in rows:
        r['day'] = datetime.date.fromisoformat(r['event_date'])
    tmp = tempfile.mkdtemp(prefix='incmap-acled-')
    path = os.path.join(tmp, 'acled.csv')
    cols = ['event_id_cnty', 'event_date', 'year', 'time_precision', 'event_type',
            'sub_event_type', 'actor1', 'assoc_actor_1', 'actor2', 'assoc_actor_2', 'country',
            'iso3', 'admin1', 'admin2', 'location', 'latitude', 'longitude', 'geo_precision',
            'fatalities']
    with open(path, 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f)
        w.writerow(cols)
        for i, r in enumerate(rows):
            w.writerow([r['id'], acled_date(r['day'], i % 5), r['day'].year, r['time_precision'],
                        r['event_type'], r['sub_event_type'], r['actor1'], r['assoc_actor_1'],
                        r['actor2'], r['assoc_actor_2'], r['country'], r['iso3'], r['admin1'],
                        r['admin2'], r['location'], r['latitude'], r['longitude'],
                        r['geo_precision'], r['fatalities']])
    failures = []

    def check(name, args, expected):
        got = count(binary, path, args)
        status = 'ok' if got == expected else 'FAIL'
        print('%s %s: incmap %d, python %d' % (status, name, got, expected))
        if got != expected:
            failures.append(name)

    check('all', [], len(rows))
    by_iso3 = Counter(r['iso3'] for r in rows)
    for iso3, _ in by_iso3.most_common(6):
        name = next(r['country'] for r in rows if r['iso3'] == iso3)
        n = by_iso3[iso3]
        check('country-iso3-' + iso3, ['--country', iso3], n)
        check('country-name-' + iso3, ['--country', name], n)
    check('country-iso2-list', ['--country', 'SY,PK'],
          sum(r['iso3'] in ('SYR', 'PAK') for r in rows))
    # provinces: the most frequent admin1 of the countries with the most events
    for iso3, _ in by_iso3.most_common(5):
        admins = Counter(r['admin1'] for r in rows if r['iso3'] == iso3 and r['admin1'])
        for admin1, n in admins.most_common(2):
            check('admin1-%s-%s' % (iso3, admin1), ['--admin1', admin1, '--country', iso3], n)
    since, until = datetime.date(2020, 5, 1), datetime.date(2020, 5, 15)
    check('since', ['--since', '2020-05-01'], sum(r['day'] >= since for r in rows))
    check('until', ['--until', '2020-04-30'], sum(r['day'] < since for r in rows))
    check('since-until', ['--since', '2020-05-01', '--until', '2020-05-15'],
          sum(since <= r['day'] <= until for r in rows))
    for t, _ in Counter(r['event_type'] for r in rows).most_common():
        check('type-' + t, ['--type', t], sum(r['event_type'] == t for r in rows))
    for t, _ in Counter(r['sub_event_type'] for r in rows).most_common(4):
        check('subtype-' + t, ['--type', t], sum(r['sub_event_type'] == t for r in rows))
    check('type-explosion-word', ['--type', 'explosion'],
          sum(r['event_type'] == 'Explosions/Remote violence' for r in rows))
    iso3 = by_iso3.most_common(1)[0][0]
    check('combined', ['--country', iso3, '--type', 'Battles', '--since', '2020-05-01'],
          sum(r['iso3'] == iso3 and r['event_type'] == 'Battles' and r['day'] >= since
              for r in rows))
    for n in os.listdir(tmp):
        os.unlink(os.path.join(tmp, n))
    os.rmdir(tmp)
    if failures:
        print('%d of the counts differ: %s' % (len(failures), ', '.join(failures)))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
