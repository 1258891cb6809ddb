#!/usr/bin/env python3
"""The closing line of scripts/test.sh, counted from meson's testlog.json files (one JSON
object per test run): `tests: N passed, N failed, N skipped`. OK counts as passed, SKIP
as skipped, EXPECTEDFAIL as passed; FAIL, TIMEOUT, ERROR and UNEXPECTEDPASS as failed.
With CI=true in the environment, every --must-run name (shell patterns allowed) must
have run and passed in the plain build's log (the first file): a must-run test that was
skipped, or a pattern that matches no test, is an error on its own line, and the exit
status is 1. Exits 1 also when any test failed.

Usage: test_summary.py [--must-run "NAME PATTERN ..."] TESTLOG.json..."""
import fnmatch
import json
import os
import sys

PASSED = {'OK', 'EXPECTEDFAIL'}
SKIPPED = {'SKIP'}


def read_log(path):
    runs = []
    try:
        with open(path, encoding='utf-8') as f:
            for line in f:
                if line.strip():
                    runs.append(json.loads(line))
    except FileNotFoundError:
        print('test_summary: %s is missing (that build ran no tests)' % path,
              file=sys.stderr)
    return runs


def main(argv):
    must = []
    if argv[:1] == ['--must-run']:
        must = argv[1].split()
        argv = argv[2:]
    logs = [read_log(p) for p in argv]
    passed = failed = skipped = 0
    for runs in logs:
        for r in runs:
            res = r.get('result')
            if res in PASSED:
                passed += 1
            elif res in SKIPPED:
                skipped += 1
            else:
                failed += 1
    problems = []
    if os.environ.get('CI') == 'true' and logs:
        first = {r['name']: r.get('result') for r in logs[0]}
        for pattern in must:
            # meson names a test "project:suite / name": match the name alone or whole
            names = [n for n in first if fnmatch.fnmatchcase(n.split(' / ', 1)[-1], pattern)
                     or fnmatch.fnmatchcase(n, pattern)]
            if not names:
                problems.append('CI: must-run test %s did not run' % pattern)
            for n in names:
                if first[n] in SKIPPED:
                    problems.append('CI: must-run test %s was skipped' % n)
    for p in problems:
        print(p)
    print('tests: %d passed, %d failed, %d skipped' % (passed, failed, skipped))
    return 1 if failed or problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
