#!/usr/bin/env python3
"""A briefing pack appears whole or not at all (brief issue; "no half-written output").
`incmap brief` is run with a file-size limit that a map cannot fit under (SIGXFSZ
ignored, so the write fails with EFBIG as on a full disk) and maps drawn by two
worker processes:
  - into a new folder: exit 1, one stderr line naming the map's final path (not the
    staging folder's), and neither the folder nor any staging leftovers remain;
  - with --overwrite onto an existing pack: the old pack is untouched, byte for byte,
    and so is a file of the user's in the same folder;
and without the limit, --overwrite replaces the old pack's entries (a stale map of a
region no longer drawn goes) while the user's own file stays."""
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile


def limited(size):
    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    return apply


def brief(binary, out, *extra, limit=None):
    return subprocess.run([binary, 'brief', '-o', out, '-q', '-j', '2', '--formats', 'geojson',
                           '--regions', 'afghanistan', *extra], capture_output=True, text=True,
                          preexec_fn=limited(limit) if limit else None)


def snapshot(folder):
    return {os.path.relpath(os.path.join(d, f), folder): open(os.path.join(d, f), 'rb').read()
            for d, _, fs in os.walk(folder) for f in fs}


def main():
    binary = os.environ['INCMAP_BIN']
    tmp = tempfile.mkdtemp(prefix='incmap-atomic-')
    problems = []
    try:
        # 1. a new folder, a map too big to write
        fresh = os.path.join(tmp, 'fresh')
        r = brief(binary, fresh, limit=200 * 1024)
        lines = r.stderr.strip().splitlines()
        if r.returncode != 1:
            problems.append('limited run into a new folder: exit %d, want 1' % r.returncode)
        if len(lines) != 1 or fresh + '/maps/' not in r.stderr or '.tmp-' in r.stderr:
            problems.append('limited run: stderr should be one line naming %s/maps/...: %r' %
                            (fresh, r.stderr))
        if os.listdir(tmp):
            problems.append('limited run left %s behind' % os.listdir(tmp))

        # 2. an existing pack and a file of the user's, --overwrite, the same failure
        pack = os.path.join(tmp, 'pack')
        r = brief(binary, pack)
        if r.returncode:
            return print('brief failed (%d): %s' % (r.returncode, r.stderr)) or 1
        with open(os.path.join(pack, 'notes.txt'), 'w') as f:
            f.write('my own notes\n')
        with open(os.path.join(pack, 'maps', 'stale.png'), 'wb') as f:
            f.write(b'not a map of this pack\n')
        before = snapshot(pack)
        r = brief(binary, pack, '--overwrite', limit=200 * 1024)
        if r.returncode != 1 or len(r.stderr.strip().splitlines()) != 1:
            problems.append('limited --overwrite: exit %d, stderr %r' % (r.returncode, r.stderr))
        if snapshot(pack) != before:
            problems.append('a failed --overwrite changed the old pack')
        if sorted(os.listdir(tmp)) != ['pack']:
            problems.append('failed --overwrite left %s behind' % sorted(os.listdir(tmp)))

        # 3. --overwrite that succeeds: the old pack's entries replaced, the user's kept
        r = brief(binary, pack, '--overwrite')
        if r.returncode:
            problems.append('--overwrite failed (%d): %s' % (r.returncode, r.stderr))
        if not os.path.exists(os.path.join(pack, 'notes.txt')):
            problems.append('--overwrite removed the user\'s notes.txt')
        if os.path.exists(os.path.join(pack, 'maps', 'stale.png')):
            problems.append('--overwrite kept the old pack\'s maps/stale.png')
        if not os.path.exists(os.path.join(pack, 'summary.md')):
            problems.append('no summary.md after --overwrite')
        if sorted(os.listdir(tmp)) != ['pack']:
            problems.append('--overwrite left %s behind' % sorted(os.listdir(tmp)))
        for p in problems:
            print('problem: ' + p)
        print('%d passed, %d failed' % (1 if not problems else 0, 1 if problems else 0))
        return 1 if problems else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
