#!/usr/bin/env python3
"""Checks tools/gen_tables.py, the compiler of the knowledge tables under geodata/:
a good table compiles to C whose look-up finds every key (duplicates in order, absent
keys not), and each kind of malformed table is refused with its file and line."""
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GEN = os.path.join(ROOT, 'tools', 'gen_tables.py')

GOOD = ('# a comment\n'
        'word:key\tweight:float\tcount:int\tnote:str\n'
        '\n'
        'zeta\t1.5\t3\tcaf\u00e9 "quoted" ??=\n'
        'alpha\t-2\t\t\n'
        'alpha\t3\t1\tsecond\n'
        'al\t0.25\t-7\tprefix\n')
PROGRAM = r'''
#include "tab_t.h"
#include <stdio.h>
#include <string.h>
static int fails;
#define CHECK(c) do { if (!(c)) { printf("failed: %s\n", #c); fails++; } } while (0)
int main(void)
{
    CHECK(tab_t_count == 4);
    const struct tab_t *r = tab_t_find("alpha", 5);
    CHECK(r && r->weight == -2.0 && r->count == 0 && r[1].weight == 3.0);
    r = tab_t_find("al", 2);
    CHECK(r && r->count == -7 && strcmp(r->note, "prefix") == 0);
    r = tab_t_find("zeta", 4);
    CHECK(r && strcmp(r->note, "caf\xc3\xa9 \"quoted\" ?\?=") == 0);
    CHECK(tab_t_find("alp", 3) == NULL && tab_t_find("zz", 2) == NULL);
    CHECK(tab_t_find("a", 1) == NULL && tab_t_find("alphas", 6) == NULL);
    for (size_t i = 1; i < tab_t_count; i++)
        CHECK(strcmp(tab_t[i - 1].word, tab_t[i].word) <= 0);
    return fails != 0;
}
'''
BAD = {
    'cells': ('a:key\tb:int\nx\t1\t2\n', ':2: 3 cells'),
    'int': ('a:key\tb:int\nx\t1.5\n', "not an integer"),
    'float': ('a:key\tb:float\nx\tabc\n', 'not a number'),
    'type': ('a:key\tb:bool\nx\t1\n', 'header cell'),
    'key-late': ('a:str\tb:key\nx\ty\n', 'only the first column'),
    'empty-key': ('a:key\tb:int\n\t1\n', 'empty key'),
    'duplicate': ('a:key\tb:int\nx\t1\nx\t1\n', ':3: duplicated row'),
    'crlf': ('a:key\tb:int\r\nx\t1\r\n', 'carriage return'),
    'no-header': ('# only a comment\n', 'no header'),
}


def main():
    cc = os.environ.get('CC', 'cc')
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, 't.tsv')
        with open(src, 'w', encoding='utf-8') as f:
            f.write(GOOD)
        out_c, out_h = os.path.join(tmp, 'tab_t.c'), os.path.join(tmp, 'tab_t.h')
        subprocess.run([sys.executable, GEN, 't', src, out_c, out_h], check=True)
        main_c = os.path.join(tmp, 'main.c')
        with open(main_c, 'w') as f:
            f.write(PROGRAM)
        exe = os.path.join(tmp, 'check')
        subprocess.run([cc.split()[0], '-std=c17', '-Wall', '-Wextra', '-pedantic', '-Werror',
                        '-I', tmp, main_c, out_c, '-o', exe], check=True)
        run = subprocess.run([exe], capture_output=True, text=True)
        print(run.stdout, end='')
        if run.returncode != 0:
            failures += 1
        for name, (text, expect) in sorted(BAD.items()):
            path = os.path.join(tmp, name + '.tsv')
            with open(path, 'w', encoding='utf-8', newline='') as f:
                f.write(text)
            proc = subprocess.run([sys.executable, GEN, 'b', path, out_c + '.b', out_h + '.b'],
                                  capture_output=True, text=True)
            if proc.returncode == 0 or expect not in proc.stderr or path not in proc.stderr:
                print('malformed table %s: rc %d, stderr %r' % (name, proc.returncode, proc.stderr))
                failures += 1
    print('gen_tables: %s' % ('ok' if not failures else '%d failures' % failures))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
