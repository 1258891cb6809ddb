#!/usr/bin/env python3
"""Trains the event-type model of the incident extractor: an averaged perceptron that
reads an event sentence and names ACLED's sub-event type (the event type follows from
it: every sub-event type belongs to one type). Standard library only, fixed seed: the
same inputs give the same weights file byte for byte.

  train_event_model.py [--eval-dir DIR] [--own FILE] [--out FILE] [--holdout]
                       [--limit N] [--epochs N]

Inputs: every DIR/*/docs.jsonl with its gold.tsv (ACLED's notes and their coding; by
default ../shared/eval/acled-dev or $INCMAP_EVAL_DIR/acled-dev), and our own sentences
(geodata/incidents/event_sentences.tsv). Output: geodata/incidents/event_model.tsv,
and event_model_index.tsv, compiled by tools/gen_tables.py and read by
src/incidents/event_model.c.

--holdout trains on the notes whose id hashes outside one fifth and prints the type and
sub-type accuracy on that fifth (the honest number), writing nothing unless --out is
given; with --holdout-folder NAME the whole folder NAME is held out instead (a corpus
the model has never seen anything of). --limit N uses the first N notes of each folder (the reproducibility test).

The features must be computed exactly as event_model.c computes them (see features()):
the label some ACLED notes begin with ("Arrests:", "Looting:") and metadata tags in
brackets ("[size=…]") are dropped, because they state the answer instead of describing
the event and a report never has them.
"""
import argparse
import csv
import glob
import hashlib
import json
import os
import random
import sys

SEED = 20260
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_classes(path):
    """ACLED's (event type, sub-event type) pairs in class order (event_classes.tsv)."""
    rows = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if line and not line.startswith('#') and not line.startswith('event_type:'):
                t, sub = line.split('\t')
                rows.append((t, sub))
    return rows


CLASSES = load_classes(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                    'geodata', 'incidents', 'event_classes.tsv'))
CLASS_OF = {sub: i for i, (_, sub) in enumerate(CLASSES)}
OWN_WEIGHT = 3          # each own sentence counts as this many examples
MIN_COUNT = 2           # a feature seen fewer times in training is dropped
SCALE = 100             # weights are stored as integers: round(average * SCALE)
MIN_WEIGHT = 3          # |stored weight| below this is pruned
BUCKETS = 65536         # hash buckets of the weights table


# Non-ASCII punctuation that separates words like a space does (quotes, dashes, no-break
# space); any other non-ASCII character is part of a word.
SEPARATORS = '\u00a0\u2013\u2014\u2018\u2019\u201c\u201d'


def is_alnum(ch):
    return ch.isascii() and ch.isalnum() or (ord(ch) >= 0x80 and ch not in SEPARATORS)


def strip_label(text):
    """Drop a leading label of one to four words and a colon ("Movement of forces: ")."""
    i, words = 0, 0
    n = len(text)
    while i < n and text[i] == ' ':
        i += 1
    if i >= n or not ('A' <= text[i] <= 'Z'):
        return text
    while True:
        s = i
        while i < n and (text[i].isascii() and text[i].isalpha() or text[i] in '/-'):
            i += 1
        if i == s:
            return text
        words += 1
        if i < n and text[i] == ':' and i + 1 < n and text[i + 1] == ' ':
            return text[i + 2:]
        if words >= 4 or i >= n or text[i] != ' ':
            return text
        i += 1


def load_column(name):
    """The first column of a geodata/incidents table (after comments and header)."""
    rows = []
    with open(os.path.join(HERE, 'geodata', 'incidents', name), encoding='utf-8') as f:
        header = False
        for line in f:
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            if not header:
                header = True
                continue
            rows.append(line.split('\t'))
    return rows


SKIP = {r[0] for r in load_column('model_skip_words.tsv')}
TRIGGERS = [(r[0], r[1]) for r in load_column('triggers.tsv')]
# classify.c's kinds in precedence order (kind_codes there).
KINDS = ['suicide', 'airstrike', 'rocket', 'bombing', 'assault', 'attack', 'prison', 'clash',
         'operation', 'extradition', 'arrest', 'plot', 'smuggling', 'abduction', 'riot',
         'protest', 'looting', 'development', 'other']


def ascii_alnum(ch):
    return ch.isascii() and ch.isalnum()


def phrase_at(s, i, phrase):
    """classify.c's phrase_at: the end of `phrase` matched at s[i], or 0."""
    if i > 0 and ascii_alnum(s[i - 1]):
        return 0
    p, n = i, len(s)
    for q in phrase:
        if q == '*':
            while p < n and (ascii_alnum(s[p]) or s[p] == '-'):
                p += 1
            return p
        if q == ' ':
            if p >= n or s[p] not in ' -':
                return 0
            while p < n and s[p] in ' -':
                p += 1
            continue
        if p >= n or (s[p].lower() if s[p].isascii() else s[p]) != q:
            return 0
        p += 1
    if p < n and ascii_alnum(s[p]):
        return 0
    return p


def note_kind(text):
    """The highest-precedence trigger kind of the text (as classify.c finds it, without
    its check for hypothetical mentions), or None."""
    best = None
    for i, ch in enumerate(text):
        if not (ch.isascii() and ch.isalpha()) or (i > 0 and ascii_alnum(text[i - 1])):
            continue
        c = ch.lower()
        for phrase, kind in TRIGGERS:
            if phrase[0] != c or not phrase_at(text, i, phrase):
                continue
            if (ch.isupper() and i > 2 and text[i - 1] == ' ' and text[i - 2] not in '.:;' and
                    not (i + 1 < len(text) and text[i + 1].isascii() and text[i + 1].isupper())):
                continue
            k = KINDS.index(kind)
            if best is None or k < best:
                best = k
    return KINDS[best] if best is not None else None


def tokens(text):
    """Lower-cased words (ASCII letters and digits, or any non-ASCII character but the
    separators); "[…=…]" tags are skipped, words with a digit are left out, and so are
    the names of months and days next to one ("On 9 May 2020")."""
    text = strip_label(text)
    raw = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == '[':
            e = text.find(']', i + 1, i + 80)
            if e > 0 and '=' in text[i + 1:e]:
                i = e + 1
                continue
        if not is_alnum(ch):
            i += 1
            continue
        s = i
        while i < n and is_alnum(text[i]):
            i += 1
        w = ''.join(c.lower() if c.isascii() else c for c in text[s:i])
        raw.append((w, any(c.isdigit() and c.isascii() for c in w)))
    out = []
    for k, (w, digit) in enumerate(raw):
        if digit:
            continue
        if w in SKIP and ((k > 0 and raw[k - 1][1]) or (k + 1 < len(raw) and raw[k + 1][1])):
            continue
        out.append(w)
    return out


def features(text, kind=None):
    t = tokens(text)
    f = ['bias']
    if kind:
        f.append('k ' + kind)
    f += ['w ' + w for w in t]
    f += ['b %s %s' % (a, b) for a, b in zip(t, t[1:])]
    return f


def load_acled(eval_dir, limit, held_folder=None):
    docs = []
    for folder in sorted(glob.glob(os.path.join(eval_dir, '*', 'docs.jsonl'))):
        d = os.path.dirname(folder)
        gold = {}
        with open(os.path.join(d, 'gold.tsv'), encoding='utf-8') as f:
            for r in csv.DictReader(f, delimiter='\t', quoting=csv.QUOTE_NONE):
                gold[r['id']] = r['sub_event_type']
        with open(folder, encoding='utf-8') as f:
            for k, line in enumerate(f):
                if limit and k >= limit:
                    break
                j = json.loads(line)
                sub = gold.get(j['id'])
                if sub in CLASS_OF:
                    docs.append((j['id'], j['text'], CLASS_OF[sub],
                                 os.path.basename(d) == held_folder))
    return docs


def load_own(path):
    docs = []
    with open(path, encoding='utf-8') as f:
        header = None
        for k, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            cells = line.split('\t')
            if header is None:
                header = cells
                continue
            sub, text = cells[0], cells[1]
            if sub not in CLASS_OF:
                sys.exit('%s:%d: unknown sub-event type %r' % (path, k, sub))
            for r in range(OWN_WEIGHT):
                docs.append(('own%d.%d' % (k, r), text, CLASS_OF[sub]))
    return docs


def held_out(doc_id):
    return hashlib.md5(doc_id.encode('utf-8')).digest()[0] % 5 == 0


def predict(model, feats):
    """Class with the highest score; ties go to the lower class index."""
    score = [0] * len(CLASSES)
    for f in feats:
        row = model.get(f)
        if row:
            for c, v in row.items():
                score[c] += v
    best = 0
    for c in range(1, len(CLASSES)):
        if score[c] > score[best]:
            best = c
    return best


def train(docs, epochs):
    """Averaged perceptron (weights averaged over every step, kept lazily per feature)."""
    counts = {}
    feats_of = []
    for _, text, _ in docs:
        fs = features(text, note_kind(text))
        feats_of.append(fs)
        for f in set(fs):
            counts[f] = counts.get(f, 0) + 1
    data = [([f for f in fs if counts[f] >= MIN_COUNT], y) for fs, (_, _, y) in zip(feats_of, docs)]
    w, total, stamp = {}, {}, {}
    step = 1
    rng = random.Random(SEED)
    order = list(range(len(data)))
    n = len(CLASSES)
    for _ in range(epochs):
        rng.shuffle(order)
        for i in order:
            feats, y = data[i]
            score = [0] * n
            for f in feats:
                row = w.get(f)
                if row:
                    for c, v in row.items():
                        score[c] += v
            guess = 0
            for c in range(1, n):
                if score[c] > score[guess]:
                    guess = c
            if guess != y:
                for f in feats:
                    row = w.setdefault(f, {})
                    trow = total.setdefault(f, {})
                    srow = stamp.setdefault(f, {})
                    for c, delta in ((y, 1), (guess, -1)):
                        old = row.get(c, 0)
                        trow[c] = trow.get(c, 0) + (step - srow.get(c, 0)) * old
                        srow[c] = step
                        row[c] = old + delta
            step += 1
    model = {}
    for f, row in w.items():
        out = {}
        for c, v in row.items():
            tot = total[f].get(c, 0) + (step - stamp[f].get(c, 0)) * v
            q = int(round(tot * SCALE / step))
            if abs(q) >= MIN_WEIGHT:
                out[c] = q
        if out:
            model[f] = out
    return model


def fnv1a(data):
    """32-bit FNV-1a hash of bytes (event_model.c computes the same)."""
    h = 2166136261
    for b in data:
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


def write_model(model, path, n_docs, n_own):
    """The weights, grouped in BUCKETS hash buckets of the feature (so a look-up reads
    one bucket), and beside them the index table: the first row of every bucket."""
    rows = []
    for f, row in model.items():
        if '\t' in f or '\n' in f:
            continue
        fb = f.encode('utf-8')
        for c, v in row.items():
            rows.append((fnv1a(fb) % BUCKETS, fb, c, v))
    rows.sort()
    lines = [
        '# The event-type model of the incident extractor (src/incidents/event_model.c): the',
        '# weights of an averaged perceptron over the words and word pairs of an event',
        '# sentence, one row per (feature, class). Generated by scripts/train_event_model.py',
        '# (deterministic: rerun it to reproduce this file byte for byte) from %d ACLED event' % n_docs,
        '# notes of ../shared/eval/acled-dev (Armed Conflict Location & Event Data Project',
        '# (ACLED); acleddata.com: the notes themselves are not in this project) and %d of our' % n_own,
        '# own sentences (event_sentences.tsv). Do not edit by hand.',
        '# Columns: bucket, the 32-bit FNV-1a hash of the feature modulo %d (rows are in' % BUCKETS,
        '# bucket order; event_model_index.tsv gives where each bucket starts); feature ("bias",',
        '# "w WORD" or "b WORD WORD", lower case, a word with a digit is "0"); class, the index',
        '# of the sub-event type in event_classes.tsv; weight, the averaged weight times %d,' % SCALE,
        '# rounded (smaller than %d in magnitude: pruned).' % MIN_WEIGHT,
        'bucket:int\tfeature:str\tclass:int\tweight:int',
    ]
    for b, f, c, v in rows:
        lines.append('%d\t%s\t%d\t%d' % (b, f.decode('utf-8'), c, v))
    with open(path, 'w', encoding='utf-8', newline='\n') as out:
        out.write('\n'.join(lines) + '\n')
    start = [0] * (BUCKETS + 1)
    for b, _, _, _ in rows:
        start[b + 1] += 1
    for b in range(BUCKETS):
        start[b + 1] += start[b]
    index = [
        '# Where each hash bucket of event_model.tsv starts: row b is bucket b and the index',
        '# of its first row there (the last row, one past the buckets, is the number of rows).',
        '# Generated with it by scripts/train_event_model.py. Do not edit by hand.',
        'bucket:int\tstart:int',
    ] + ['%d\t%d' % (b, v) for b, v in enumerate(start)]
    ipath = os.path.join(os.path.dirname(path), 'event_model_index.tsv')
    with open(ipath, 'w', encoding='utf-8', newline='\n') as out:
        out.write('\n'.join(index) + '\n')


def main():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    base = os.environ.get('INCMAP_EVAL_DIR', os.path.join(here, '..', 'shared', 'eval'))
    ap = argparse.ArgumentParser(description='Train the event-type model.')
    ap.add_argument('--eval-dir', default=os.path.join(base, 'acled-dev'))
    ap.add_argument('--own', default=os.path.join(here, 'geodata', 'incidents', 'event_sentences.tsv'))
    ap.add_argument('--out', default=None)
    ap.add_argument('--holdout', action='store_true')
    ap.add_argument('--holdout-folder', default=None,
                    help='with --holdout: hold out this whole folder instead of a fifth')
    ap.add_argument('--limit', type=int, default=0)
    ap.add_argument('--epochs', type=int, default=10)
    a = ap.parse_args()
    if not os.path.isdir(a.eval_dir):
        sys.stderr.write('train_event_model.py: %s: no such folder\n' % a.eval_dir)
        return 2
    acled = load_acled(a.eval_dir, a.limit, a.holdout_folder)
    own = load_own(a.own)
    if a.holdout:
        out_of = (lambda d: d[3]) if a.holdout_folder else (lambda d: held_out(d[0]))
        tr = [d[:3] for d in acled if not out_of(d)] + own
        te = [d[:3] for d in acled if out_of(d)]
        model = train(tr, a.epochs)
        ok_t = ok_s = 0
        for _, text, y in te:
            g = predict(model, features(text, note_kind(text)))
            ok_s += g == y
            ok_t += CLASSES[g][0] == CLASSES[y][0]
        print('held-out %d notes: type %.3f, sub-type %.3f' % (len(te), ok_t / max(1, len(te)),
                                                               ok_s / max(1, len(te))))
        if a.out:
            write_model(model, a.out, len(tr) - len(own), len(own) // OWN_WEIGHT)
        return 0
    model = train([d[:3] for d in acled] + own, a.epochs)
    out = a.out or os.path.join(here, 'geodata', 'incidents', 'event_model.tsv')
    write_model(model, out, len(acled), len(own) // OWN_WEIGHT)
    return 0


if __name__ == '__main__':
    sys.exit(main())
