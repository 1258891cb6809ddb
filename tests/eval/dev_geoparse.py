#!/usr/bin/env python3
"""Scores `incmap places --jsonl` on the development news corpora (geoparse issue 17).

For each corpus under $INCMAP_EVAL_DIR/dev (TR-News, GeoVirus) it runs the geoparser on
docs.jsonl, converts its rows to the scorer's format (doc_id start end surface lat lon
geonameid; unresolved mentions keep empty coordinates) and prints the table of the
corpus' own compare.py, incmap beside the nine published peers. It fails when a score
falls below the floor in FLOORS. The issue's bar is precision >= .90, F1 >= .85,
acc@161 >= 85 % and end-to-end acc@161 above every peer (TR-News 53.4 %, GeoVirus
62.4 %); where the geoparser does not reach it yet, the floor sits just below what it
measures, so a regression fails while the gap stays visible in the printed table.

  dev_geoparse.py [--errors CORPUS]   also list that corpus' false positives, misses
                                      and resolutions over 161 km (for development)

Exit 77 when the corpora are absent."""
import json
import os
import subprocess
import sys
import tempfile

CORPORA = ('trnews', 'geovirus')
# corpus -> (precision, F1, acc@161, end-to-end acc@161); see the docstring. Measured
# when set: TR-News P .905 F1 .808 acc@161 .536 e2e .387; GeoVirus P .938 F1 .892
# acc@161 .489 e2e .411 (precision and F1 reach the bar except TR-News F1;
# acc@161 waits for countries and provinces at their own points, not their capitals)
FLOORS = {
    'trnews': (0.895, 0.80, 0.53, 0.38),
    'geovirus': (0.925, 0.88, 0.48, 0.40),
}


def predictions(binary, docs, out_path):
    proc = subprocess.run([binary, 'places', '--jsonl', docs], capture_output=True,
                          text=True)
    if proc.returncode != 0:
        sys.exit('incmap places --jsonl %s failed: %s' % (docs, proc.stderr.strip()))
    lines = proc.stdout.splitlines()
    header = lines[0].split('\t')
    col = {name: i for i, name in enumerate(header)}
    with open(out_path, 'w', encoding='utf-8') as f:
        f.write('doc_id\tstart\tend\tsurface\tlat\tlon\tgeonameid\n')
        for line in lines[1:]:
            cells = line.split('\t')
            if cells[col['type']] not in ('place', 'unresolved'):
                continue
            f.write('\t'.join([cells[col['doc']], cells[col['start']], cells[col['end']],
                               cells[col['surface']], cells[col['lat']], cells[col['lon']],
                               cells[col['geonameid']]]) + '\n')


def main():
    binary = os.environ['INCMAP_BIN']
    dev = os.path.join(os.environ.get('INCMAP_EVAL_DIR', ''), 'dev')
    if not all(os.path.exists(os.path.join(dev, c, 'docs.jsonl')) for c in CORPORA):
        print('1..0 # SKIP no development corpora under %s' % dev)
        return 77
    errors_for = sys.argv[2] if len(sys.argv) > 2 and sys.argv[1] == '--errors' else None
    failed = []
    with tempfile.TemporaryDirectory() as tmp:
        for corpus in CORPORA:
            predictions(binary, os.path.join(dev, corpus, 'docs.jsonl'),
                        os.path.join(tmp, corpus + '.tsv'))
        table = subprocess.run([sys.executable, os.path.join(dev, 'compare.py'),
                                '--pred', 'incmap=' + tmp], capture_output=True, text=True)
        print(table.stdout)
        for corpus in CORPORA:
            r = score_corpus(dev, corpus, os.path.join(tmp, corpus + '.tsv'))
            got = (r['precision'], r['f1'], r['acc161'], r['e2e'])
            print('%s: P %.3f F1 %.3f acc@161 %.3f end-to-end %.3f' % ((corpus,) + got))
            for name, value, floor in zip(('precision', 'F1', 'acc@161', 'end-to-end'),
                                          got, FLOORS[corpus]):
                if value < floor:
                    failed.append('%s %s %.3f < %.3f' % (corpus, name, value, floor))
            if corpus == errors_for:
                list_errors(dev, corpus, os.path.join(tmp, corpus + '.tsv'))
    for f in failed:
        print('FAIL ' + f)
    return 1 if failed else 0


def score_corpus(dev, corpus, pred):
    proc = subprocess.run([sys.executable, os.path.join(dev, 'score.py'),
                           os.path.join(dev, corpus), pred, '--json'],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit('score.py failed on %s: %s' % (corpus, proc.stderr.strip()))
    r = json.loads(proc.stdout)
    return {'precision': r['precision'] or 0.0, 'f1': r['f1'] or 0.0,
            'acc161': r['acc161'] or 0.0, 'e2e': r['acc161_end_to_end'] or 0.0}


def list_errors(dev, corpus, pred):
    """False positives, misses and far resolutions, by overlapping spans."""
    import math
    gold = {}
    with open(os.path.join(dev, corpus, 'gold.tsv'), encoding='utf-8') as f:
        next(f)
        for line in f:
            c = line.rstrip('\n').split('\t')
            gold.setdefault(c[0], []).append(c)
    pr = {}
    with open(pred, encoding='utf-8') as f:
        next(f)
        for line in f:
            c = line.rstrip('\n').split('\t')
            pr.setdefault(c[0], []).append(c)

    def km(a, b):
        r = math.pi / 180
        h = (math.sin((b[0] - a[0]) * r / 2) ** 2 + math.cos(a[0] * r) * math.cos(b[0] * r) *
             math.sin((b[1] - a[1]) * r / 2) ** 2)
        return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))

    for doc in sorted(set(gold) | set(pr), key=lambda d: (len(d), d)):
        gs, ps = gold.get(doc, []), pr.get(doc, [])
        for p in ps:
            hit = [g for g in gs if int(g[1]) < int(p[2]) and int(p[1]) < int(g[2])]
            if not hit:
                print('FP\t%s\t%s' % (doc, p[3]))
            elif hit[0][4] and p[4]:
                d = km((float(hit[0][4]), float(hit[0][5])), (float(p[4]), float(p[5])))
                if d > 161:
                    print('FAR\t%s\t%s\t%.0f km\tgold %s' % (doc, p[3], d, hit[0][6]))
        for g in gs:
            if g[4] and not any(int(g[1]) < int(p[2]) and int(p[1]) < int(g[2]) for p in ps):
                print('MISS\t%s\t%s' % (doc, g[3]))


if __name__ == '__main__':
    sys.exit(main())
