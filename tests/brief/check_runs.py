#!/usr/bin/env python3
"""How a briefing run behaves around the pack (issue 15, "Runs"):
  - modes: under umask 022 the pack folder and its subfolders are 0755 and its files
    0644; under umask 077, 0700 and 0600 (never world-writable 0777);
  - SIGINT and SIGTERM during a run remove the staging folder PACK.tmp-XXXXXX, leave
    no pack, and the process ends by that signal;
  - a staging folder left by a run killed outright (SIGKILL) is removed by the next
    run, which says so in a warning and succeeds; a staging folder whose run is still
    alive is left alone;
  - -q prints nothing on success (no progress, warnings or summary line) and still
    prints an error; -v names each stage with its time in seconds."""
import glob
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time

FAST = ['--formats', 'geojson,shp', '--regions', 'afghanistan', '-j', '1']


def brief(binary, out, *extra, umask=None):
    pre = (lambda: os.umask(umask)) if umask is not None else None
    return subprocess.run([binary, 'brief', '-o', out, *FAST, *extra], capture_output=True,
                          text=True, preexec_fn=pre)


def modes(folder):
    """{relative path: permission bits} of the folder and everything in it."""
    out = {'.': stat.S_IMODE(os.stat(folder).st_mode)}
    for d, dirs, files in os.walk(folder):
        for n in dirs + files:
            p = os.path.join(d, n)
            out[os.path.relpath(p, folder)] = stat.S_IMODE(os.lstat(p).st_mode)
    return out


def check_modes(binary, tmp, problems):
    for mask, want_dir, want_file in [(0o022, 0o755, 0o644), (0o077, 0o700, 0o600)]:
        pack = os.path.join(tmp, 'modes-%03o' % mask, 'pack')   # parents made too
        r = brief(binary, pack, '-q', umask=mask)
        if r.returncode:
            problems.append('umask %03o: brief failed: %s' % (mask, r.stderr))
            continue
        for rel, mode in sorted(modes(os.path.dirname(pack)).items()):
            full = os.path.join(os.path.dirname(pack), rel)
            want = want_dir if os.path.isdir(full) else want_file
            if mode != want:
                problems.append('umask %03o: %s is %03o, want %03o' % (mask, rel, mode, want))


def start_and_wait_for_stage(binary, pack, *extra):
    """Start a run; return (process, staging folder) once the stage exists."""
    p = subprocess.Popen([binary, 'brief', '-o', pack, *FAST, '-q', *extra],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and p.poll() is None:
        stages = glob.glob(pack + '.tmp-*')
        if stages and os.path.exists(os.path.join(stages[0], 'geojson')):
            return p, stages[0]
        time.sleep(0.005)
    return p, None


def check_signals(binary, tmp, problems):
    for sig in (signal.SIGINT, signal.SIGTERM):
        pack = os.path.join(tmp, 'sig-%d' % sig, 'pack')
        os.makedirs(os.path.dirname(pack))
        p, stage = start_and_wait_for_stage(binary, pack)
        if not stage:
            p.wait()
            problems.append('%s: the run ended before its stage could be seen' % sig.name)
            continue
        p.send_signal(sig)
        _, err = p.communicate(timeout=60)
        if p.returncode != -sig:
            problems.append('%s: exit %s, want death by the signal (%s)' %
                            (sig.name, p.returncode, err.strip()))
        left = os.listdir(os.path.dirname(pack))
        if left:
            problems.append('%s: left %s behind' % (sig.name, left))


def check_stale(binary, tmp, problems):
    pack = os.path.join(tmp, 'stale', 'pack')
    os.makedirs(os.path.dirname(pack))
    p, stage = start_and_wait_for_stage(binary, pack)
    if not stage:
        p.wait()
        return problems.append('SIGKILL: the run ended before its stage could be seen')
    p.kill()
    p.wait()
    if not os.path.isdir(stage):
        return problems.append('SIGKILL: the stage should survive a killed run')
    # a stage whose owner is alive (this test) is not touched
    alive = pack + '.tmp-ALIVE1'
    os.makedirs(alive)
    with open(os.path.join(alive, '.incmap-owner'), 'w') as f:
        f.write('%d\n' % os.getpid())
    r = brief(binary, pack)
    if r.returncode:
        return problems.append('the run after a killed one failed: %s' % r.stderr)
    if os.path.exists(stage):
        problems.append('the next run left the stale stage %s' % stage)
    if 'interrupted run' not in r.stderr or stage not in r.stderr:
        problems.append('the next run did not say it removed %s: %r' % (stage, r.stderr))
    if not os.path.isdir(alive):
        problems.append("the next run removed a live run's stage")
    if os.path.exists(os.path.join(pack, '.incmap-owner')):
        problems.append('the owner file went into the pack')
    shutil.rmtree(alive)


def check_verbosity(binary, tmp, problems):
    pack = os.path.join(tmp, 'quiet')
    r = brief(binary, pack, '-q')
    if r.returncode or r.stderr:
        problems.append('-q: exit %d, stderr should be empty: %r' % (r.returncode, r.stderr))
    r = brief(binary, pack, '-q')   # the pack exists: an error, printed even with -q
    if r.returncode != 1 or 'already holds a pack' not in r.stderr:
        problems.append('-q: an error must still be printed: %d %r' % (r.returncode, r.stderr))
    r = brief(binary, os.path.join(tmp, 'verbose'), '-v')
    for stage in ['reading and geoparsing', 'writing layers', 'drawing maps',
                  'writing the summary']:
        if not re.search(r': %s took \d+\.\d\d s$' % re.escape(stage), r.stderr, re.M):
            problems.append('-v: no timing for %r in %r' % (stage, r.stderr))
    if r.returncode or 'incidents,' not in r.stderr:
        problems.append('-v: exit %d, the summary line is missing: %r' % (r.returncode, r.stderr))


def main():
    binary = os.environ['INCMAP_BIN']
    tmp = tempfile.mkdtemp(prefix='incmap-runs-')
    problems = []
    try:
        check_modes(binary, tmp, problems)
        check_signals(binary, tmp, problems)
        check_stale(binary, tmp, problems)
        check_verbosity(binary, tmp, problems)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
