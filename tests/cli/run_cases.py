#!/usr/bin/env python3
"""Data-driven command-line tests: each row of a cases file runs `incmap` with the
given arguments and checks the exit code and what stdout and stderr contain.

Cases file columns (tab-separated, '#' starts a comment line):
  name  args  exit  stdout  stderr
args is split like a shell would (shlex). stdout/stderr: empty = not checked,
'-' = must be empty, otherwise every '&&'-separated part must occur (a part starting
with '!' must NOT occur). stderr lines of failures must be exactly one line."""
import os
import shlex
import subprocess
import sys


def check(stream_name, text, spec, problems):
    if spec == '':
        return
    if spec == '-':
        if text:
            problems.append('%s should be empty, got %r' % (stream_name, text[:200]))
        return
    for part in spec.split('&&'):
        part = part.strip().replace('\\t', '\t').replace('\\n', '\n')
        if part.startswith('!'):
            if part[1:] in text:
                problems.append('%s must not contain %r' % (stream_name, part[1:]))
        elif part not in text:
            problems.append('%s lacks %r: %r' % (stream_name, part, text[:300]))


def main():
    binary = os.environ['INCMAP_BIN']
    failed = passed = 0
    for path in sys.argv[1:]:
        with open(path, encoding='utf-8') as f:
            for lineno, line in enumerate(f, 1):
                line = line.rstrip('\n')
                if not line or line.startswith('#'):
                    continue
                cols = line.split('\t')
                cols += [''] * (5 - len(cols))
                name, args, want_exit, want_out, want_err = cols[:5]
                args = args.replace('{DATA}', os.environ.get('INCMAP_TEST_DATA', 'tests/data'))
                proc = subprocess.run([binary] + shlex.split(args), capture_output=True,
                                      text=True, errors='replace', timeout=60,
                                      stdin=subprocess.DEVNULL)
                problems = []
                if str(proc.returncode) != want_exit:
                    problems.append('exit %d, want %s' % (proc.returncode, want_exit))
                check('stdout', proc.stdout, want_out, problems)
                check('stderr', proc.stderr, want_err, problems)
                if proc.returncode != 0 and proc.stderr.count('\n') > 1 and \
                        'usage' not in want_out:
                    problems.append('stderr has %d lines, want one: %r' %
                                    (proc.stderr.count('\n'), proc.stderr[:300]))
                if problems:
                    failed += 1
                    print('FAIL %s (%s:%d): incmap %s' % (name, path, lineno, args))
                    for p in problems:
                        print('    ' + p)
                else:
                    passed += 1
                    print('ok   %s' % name)
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
