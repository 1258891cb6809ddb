#!/usr/bin/env python3
"""Write a synthetic report of about SIZE bytes to PATH: gen_report.py PATH SIZE [--dense]
[--single-line]. Paragraphs of incident sentences (varied places, dates, casualty
counts, event kinds) between filler sentences, so every stage of the pipeline has work
proportional to the size. Deterministic (fixed seed). Nothing is copied from the
shared seed report: the sentences are generated from the small vocabularies below."""
import random
import sys

PLACES = ['Kabul', 'Kunduz', 'Herat', 'Jalalabad', 'Kandahar', 'Mazar-i-Sharif', 'Ghazni',
          'Peshawar', 'Quetta', 'Dushanbe', 'Tashkent', 'Bishkek', 'Mashhad', 'Zahedan',
          'Khost', 'Faryab', 'Badakhshan', 'Nangarhar province', 'Helmand', 'Balkh']
MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
          'September', 'October', 'November', 'December']
KINDS = ['a suicide bomber attacked a police checkpoint in {p}',
         'militants ambushed an army convoy near {p}',
         'a roadside bomb struck a bus in {p}',
         'security forces raided a hideout in {p} and arrested {n} suspects',
         'clashes broke out between rival groups in {p}',
         'a rocket hit a market in {p}']
CASUALTIES = ['killing {n} people', 'killing {n} and wounding {m} others',
              'leaving {n} dead', 'with no casualties reported', 'wounding {m}']
FILLER = ('Officials said the situation remained tense. Elders met to discuss water '
          'rights and the coming harvest. Traders reported that prices had risen. ')


def sentence(rng):
    d = rng.randint(1, 28)
    date = rng.choice(['On {d} {mo} {y}, ', 'In {mo} {y}, ', 'On {mo} {d}, {y}, ', ''])
    date = date.format(d=d, mo=rng.choice(MONTHS), y=rng.randint(2010, 2024))
    kind = rng.choice(KINDS).format(p=rng.choice(PLACES), n=rng.randint(2, 40))
    cas = rng.choice(CASUALTIES).format(n=rng.randint(1, 60), m=rng.randint(1, 90))
    s = date + kind + ', ' + cas + '. '
    return s[0].upper() + s[1:]


def main():
    path, size = sys.argv[1], int(sys.argv[2])
    dense = '--dense' in sys.argv
    single = '--single-line' in sys.argv
    rng = random.Random(8)
    n = 0
    with open(path, 'w', encoding='utf-8') as f:
        while n < size:
            para = ''.join(sentence(rng) for _ in range(rng.randint(2, 6)))
            if not dense:
                para += FILLER * rng.randint(1, 4)
            para += ' ' if single else '\n\n'
            f.write(para)
            n += len(para.encode('utf-8'))


if __name__ == '__main__':
    main()
