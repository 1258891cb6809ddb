#!/usr/bin/env python3
"""The event-type model's training (scripts/train_event_model.py) is reproducible byte for
byte: trained twice on a small sample of the ACLED notes (the first 150 of each
acled-dev folder, 3 epochs) and our own sentences, it writes the same weights and
index files, and they have the layout tools/gen_tables.py compiles (a header, rows in
bucket order, an index whose last entry counts the rows). Skips (77) without
$INCMAP_EVAL_DIR/acled-dev."""
import filecmp
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, '..', '..', 'scripts', 'train_event_model.py')


def train(out_dir, eval_dir):
    out = os.path.join(out_dir, 'event_model.tsv')
    subprocess.run([sys.executable, SCRIPT, '--eval-dir', eval_dir, '--limit', '150',
                    '--epochs', '3', '--out', out], check=True)
    return out, os.path.join(out_dir, 'event_model_index.tsv')


def rows(path):
    with open(path, encoding='utf-8') as f:
        lines = [l.rstrip('\n') for l in f if not l.startswith('#')]
    return lines[0], [l.split('\t') for l in lines[1:]]


def main():
    eval_dir = os.path.join(os.environ.get('INCMAP_EVAL_DIR', ''), 'acled-dev')
    if not os.path.isdir(eval_dir):
        print('1..0 # SKIP no acled-dev folder')
        return 77
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        ma, ia = train(a, eval_dir)
        mb, ib = train(b, eval_dir)
        same = filecmp.cmp(ma, mb, shallow=False) and filecmp.cmp(ia, ib, shallow=False)
        header, weights = rows(ma)
        iheader, index = rows(ia)
    ok = True
    if not same:
        print('not ok - two trainings on the same data wrote different files')
        ok = False
    if header != 'bucket:int\tfeature:str\tclass:int\tweight:int' or not weights:
        print('not ok - weights header %r, %d rows' % (header, len(weights)))
        ok = False
    buckets = [int(r[0]) for r in weights]
    if buckets != sorted(buckets) or int(index[-1][1]) != len(weights):
        print('not ok - rows out of bucket order or index does not count them')
        ok = False
    starts = [int(r[1]) for r in index]
    for b, (lo, hi) in enumerate(zip(starts, starts[1:])):
        if any(int(r[0]) != b for r in weights[lo:hi]):
            print('not ok - bucket %d: index points at rows of another bucket' % b)
            ok = False
            break
    if ok:
        print('ok - %d weights, reproducible, in bucket order' % len(weights))
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
