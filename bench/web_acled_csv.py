#!/usr/bin/env python3
"""Writes an ACLED-like point layer (CSV) for bench/web.sh from the ACLED development
notes in ../shared/eval/acled-dev at run time (nothing of them is kept in the
repository): ACLED's own coding (gold.tsv) with each event's note (docs.jsonl) as
`notes`, and ISO2 codes from geodata/countries.tsv for the page's regions.

  web_acled_csv.py ACLED_DEV_DIR COUNTRIES_TSV N OUT.csv

Takes the first N events over the folders in name order; exits 77 when there are
fewer (the data set is missing or smaller).
"""
import csv
import json
import os
import sys


def main(argv):
    src, countries, n, out = argv[1], argv[2], int(argv[3]), argv[4]
    iso3to2, name2 = {}, {}
    with open(countries, encoding='utf-8') as f:
        for row in csv.DictReader((l for l in f if not l.startswith('#')), delimiter='\t'):
            iso3to2[row['iso3']] = row['iso2']
            name2[row['name']] = row['iso2']
    rows = []
    for folder in sorted(os.listdir(src)):
        gold = os.path.join(src, folder, 'gold.tsv')
        docs = os.path.join(src, folder, 'docs.jsonl')
        if not os.path.isfile(gold):
            continue
        notes = {}
        if os.path.isfile(docs):
            with open(docs, encoding='utf-8') as f:
                for line in f:
                    d = json.loads(line)
                    notes[d['id']] = d.get('text', '')
        with open(gold, encoding='utf-8') as f:
            for r in csv.DictReader(f, delimiter='\t', quoting=csv.QUOTE_NONE):
                r['notes'] = notes.get(r['id'], '')
                r['iso2'] = iso3to2.get(r.get('iso3', ''), name2.get(r.get('country', ''), ''))
                rows.append(r)
                if len(rows) == n:
                    break
        if len(rows) == n:
            break
    if len(rows) < n:
        print('only %d ACLED events in %s (need %d)' % (len(rows), src, n))
        return 77
    fields = ['event_id_cnty', 'event_date', 'time_precision', 'event_type', 'sub_event_type',
              'actor1', 'assoc_actor_1', 'actor2', 'country', 'iso2', 'admin1', 'admin2',
              'location', 'latitude', 'longitude', 'geo_precision', 'fatalities', 'notes']
    with open(out, 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f)
        w.writerow(fields)
        for r in rows:
            r['event_id_cnty'] = r['id']
            w.writerow([r.get(k, '') for k in fields])
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
