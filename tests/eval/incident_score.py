#!/usr/bin/env python3
"""Scores `incmap extract` on the seed report against ../shared/eval/seed-incidents.tsv
(incidents issue).

Gold rows whose note starts with [optional] count neither way: a prediction matching
one is ignored, and they are not in the recall denominator. A prediction matches a gold
row when the type families agree, the place is within 25 km (or in the same country
when the gold precision is 3) and the dates agree at the coarser of the two
precisions (an undated side agrees with anything). Matching is one-to-one, closest first.

Prints recall, precision, and over matched pairs: right date at the gold precision
(an undated gold row needs an undated prediction), place within 25 km (gold precision
3: same country), and exact fatalities where the gold gives a number.

Fails below 0.95 on any of the five numbers (the issue's thresholds)."""
import json
import math
import os
import subprocess
import sys

THRESHOLD = 0.95

FAMILY = {
    'attack': 1, 'suicide_attack': 1, 'rocket_attack': 1, 'assault': 1, 'prison_violence': 1,
    'clash': 2, 'airstrike': 3, 'security_operation': 3,
    'arrest': 4, 'plot': 4, 'extradition': 4, 'smuggling': 5, 'other': 6,
}


def km(a, b):
    r = math.pi / 180
    h = (math.sin((b[0] - a[0]) * r / 2) ** 2 +
         math.cos(a[0] * r) * math.cos(b[0] * r) * math.sin((b[1] - a[1]) * r / 2) ** 2)
    return 6371.0 * 2 * math.atan2(math.sqrt(h), math.sqrt(1 - h))


def load_tsv(path):
    with open(path, encoding='utf-8') as f:
        header = f.readline().rstrip('\n').split('\t')
        return [dict(zip(header, line.rstrip('\n').split('\t'))) for line in f if line.strip()]


def dates_agree(g, p):
    if not g or not p:
        return True
    n = min(len(g), len(p))
    return g[:n] == p[:n]


def main():
    binary = os.environ['INCMAP_BIN']
    eval_dir = os.environ['INCMAP_EVAL_DIR']
    seed = os.path.join(os.environ['INCMAP_SEED_DIR'], '000_014557cbd6477717.txt')
    gold_path = os.path.join(eval_dir, 'seed-incidents.tsv')
    if not os.path.exists(gold_path) or not os.path.exists(seed):
        print('1..0 # SKIP gold or seed missing')
        return 77
    topo = {t['id']: t for t in load_tsv(os.path.join(eval_dir, 'seed-toponyms.tsv'))}
    gold = load_tsv(gold_path)
    for g in gold:
        t = topo[g['place_id']]
        g['pt'] = (float(t['lat']), float(t['lon'])) if t['lat'] else None
        g['iso2'] = t['country_iso2']
        g['optional'] = g['note'].startswith('[optional]')
    proc = subprocess.run([binary, 'extract', '-q', '-o', '-', seed], capture_output=True,
                          text=True)
    if proc.returncode != 0:
        print('incmap extract failed: %s' % proc.stderr)
        return 1
    pred = [f['properties'] | {'pt': (f['geometry']['coordinates'][1],
                                      f['geometry']['coordinates'][0]) if f['geometry'] else None}
            for f in json.loads(proc.stdout)['features']]

    def match(g, p):
        if FAMILY.get(g['event_type'], 6) != FAMILY.get(p['kind'], 6):
            return None
        if not dates_agree(g['date'], p['event_date']):
            return None
        if g['geo_precision'] == '3':
            if g['iso2'] != p['iso2']:
                return None
            return km(g['pt'], p['pt']) if g['pt'] and p['pt'] else 0.0
        if not g['pt'] or not p['pt']:
            return None
        d = km(g['pt'], p['pt'])
        return d if d <= 25.0 else None

    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            d = match(g, p)
            if d is not None:
                # prefer the prediction that also has the gold date and type, then nearest
                exact = (p['event_date'] == g['date']) + (p['kind'] == g['event_type'])
                pairs.append((-exact, d, gi, pi))
    pairs.sort()
    g_taken, p_taken = {}, {}
    for _, d, gi, pi in pairs:
        if gi not in g_taken and pi not in p_taken:
            g_taken[gi] = pi
            p_taken[pi] = gi
    required = [gi for gi, g in enumerate(gold) if not g['optional']]
    found = [gi for gi in required if gi in g_taken]
    counted_pred = [pi for pi in range(len(pred))
                    if pi not in p_taken or not gold[p_taken[pi]]['optional']]
    good_pred = [pi for pi in counted_pred if pi in p_taken]
    recall = len(found) / len(required)
    precision = len(good_pred) / len(counted_pred) if counted_pred else 0.0

    date_ok = place_ok = fat_n = fat_ok = 0
    for gi in found:
        g, p = gold[gi], pred[g_taken[gi]]
        gd, pd = g['date'], p['event_date']
        if (not gd and not pd) or (gd and pd and pd[:len(gd)] == gd and len(pd) >= len(gd)):
            date_ok += 1
        else:
            print('date: %s gold %r, got %r' % (g['id'], gd, pd))
        if g['geo_precision'] == '3':
            ok = g['iso2'] == p['iso2']
        else:
            ok = bool(g['pt'] and p['pt'] and km(g['pt'], p['pt']) <= 25.0)
        place_ok += ok
        if not ok:
            print('place: %s gold %s, got %s' % (g['id'], topo[g['place_id']]['surface_forms'],
                                                 p['location']))
        if g['killed']:
            fat_n += 1
            if p['fatalities'] is not None and int(g['killed']) == p['fatalities']:
                fat_ok += 1
            else:
                print('fatalities: %s gold %s, got %s' % (g['id'], g['killed'], p['fatalities']))
    for gi in required:
        if gi not in g_taken:
            g = gold[gi]
            print('missed: %s P%s %s %s %s' % (g['id'], g['paragraph'], g['date'], g['event_type'],
                                                topo[g['place_id']]['surface_forms']))
    for pi in counted_pred:
        if pi not in p_taken:
            p = pred[pi]
            print('spurious: P%s %s %s %s | %s' % (p['para'], p['event_date'], p['kind'],
                                                   p['location'], p['notes'][:100]))
    n = len(found) or 1
    numbers = {
        'recall': recall,
        'precision': precision,
        'date at gold precision': date_ok / n,
        'place': place_ok / n,
        'fatalities': fat_ok / (fat_n or 1),
    }
    print('incidents: recall %.3f (%d/%d), precision %.3f (%d/%d)' %
          (recall, len(found), len(required), precision, len(good_pred), len(counted_pred)))
    print('matched: date %.3f, place %.3f, fatalities %.3f (%d/%d with a gold number)' %
          (date_ok / n, place_ok / n, fat_ok / (fat_n or 1), fat_ok, fat_n))
    failed = [k for k, v in numbers.items() if v < THRESHOLD]
    for k in failed:
        print('below %.2f: %s' % (THRESHOLD, k))
    print('%d passed, %d failed' % (len(numbers) - len(failed), len(failed)))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
