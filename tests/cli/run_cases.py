#!/usr/bin/env python3
"""Data-driven command-line tests: each row of a cases file runs `incmap` with the
given arguments and checks the exit code and what stdout and stderr contain.

Cases file columns (tab-separated, '#' starts a comment line):
  name  args  exit  stdout  stderr
args is split like a shell would (shlex). stdout/stderr: empty = not checked,
'-' = must be empty, otherwise every '&&'-separated part must occur (a part starting
with '!' must NOT occur). stderr lines of failures must be exactly one line.

Bad-input cases (badinput.tsv) may also use, in args:
  {FIXTURE:name}  a file or folder make_fixtures.py builds once per run in a temporary
                  folder (a case whose fixture cannot be made here is skipped, with the
                  reason); after a failing case the fixtures must be unchanged
  {OUT}           a fresh empty folder for this case; after a failing case it must
                  still be empty (no partial or temporary output left behind)
  NAME=VALUE      leading words set environment variables for the case;
                  STDOUT=PATH sends standard output to PATH (e.g. /dev/full)"""
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


class Fixtures:
    """The make_fixtures.py folder, built on first use and removed at exit."""

    def __init__(self):
        self.dir = None
        self.paths = {}
        self.skips = {}

    def path(self, name):
        if self.dir is None:
            import make_fixtures
            self.dir = tempfile.mkdtemp(prefix='incmap-fixtures-')
            self.paths, self.skips = make_fixtures.build(self.dir)
        return self.paths.get(name, os.path.join(self.dir, name))

    def snapshot(self):
        if self.dir is None:
            return None
        state = {}
        for root, dirs, files in os.walk(self.dir):
            for n in dirs + files:
                p = os.path.join(root, n)
                st = os.lstat(p)
                state[os.path.relpath(p, self.dir)] = (st.st_size, st.st_mtime_ns)
        return state

    def cleanup(self):
        if self.dir is None:
            return
        for root, dirs, _ in os.walk(self.dir):
            for d in dirs:
                os.chmod(os.path.join(root, d), 0o755)
        shutil.rmtree(self.dir, ignore_errors=True)


def expand(args, fixtures, out_dir):
    """Resolve placeholders; returns (argv words, env overrides, stdout path, skip)."""
    skip = None

    def fixture(m):
        nonlocal skip
        path = fixtures.path(m.group(1))
        if m.group(1) in fixtures.skips:
            skip = '%s: %s' % (m.group(1), fixtures.skips[m.group(1)])
        return path

    args = re.sub(r'\{FIXTURE:([^}]+)\}', fixture, args)
    args = args.replace('{OUT}', out_dir)
    words = shlex.split(args)
    env, stdout_path = {}, None
    while words and re.match(r'^[A-Z_][A-Z0-9_]*=', words[0]):
        key, value = words.pop(0).split('=', 1)
        if key == 'STDOUT':
            stdout_path = value
        else:
            env[key] = value
    return words, env, stdout_path, skip


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
    failed = passed = skipped = 0
    fixtures = Fixtures()
    try:
        failed, passed, skipped = run_files(binary, fixtures)
    finally:
        fixtures.cleanup()
    print('%d passed, %d failed, %d skipped' % (passed, failed, skipped))
    return 1 if failed else 0


def run_files(binary, fixtures):
    failed = passed = skipped = 0
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
                out_dir = tempfile.mkdtemp(prefix='incmap-out-') if '{OUT}' in args else ''
                try:
                    words, env, stdout_path, skip = expand(args, fixtures, out_dir)
                    if skip:
                        skipped += 1
                        print('skip %s (%s:%d): %s' % (name, path, lineno, skip))
                        continue
                    before = fixtures.snapshot() if '{FIXTURE:' in args else None
                    sink = open(stdout_path, 'w') if stdout_path else subprocess.PIPE
                    try:
                        proc = subprocess.run([binary] + words, stdout=sink,
                                              stderr=subprocess.PIPE, text=True,
                                              errors='replace',
                                              timeout=600 if before is not None else 60,
                                              stdin=subprocess.DEVNULL,
                                              env=dict(os.environ, **env))
                    finally:
                        if stdout_path:
                            sink.close()
                    proc.stdout = proc.stdout or ''
                    problems = []
                    if proc.returncode != 0 and before is not None and \
                            fixtures.snapshot() != before:
                        problems.append('a failing run changed the fixtures (partial output?)')
                    if proc.returncode != 0 and out_dir and os.listdir(out_dir):
                        problems.append('a failing run left files in {OUT}: %s' %
                                        sorted(os.listdir(out_dir)))
                finally:
                    if out_dir:
                        shutil.rmtree(out_dir, ignore_errors=True)
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
    return failed, passed, skipped


if __name__ == '__main__':
    sys.exit(main())
