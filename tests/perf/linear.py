#!/usr/bin/env python3
"""Linear time: `incmap extract` on a SMALL and a LARGE synthetic report (gen_report.py,
default 5 MB and 50 MB) must cost at most RATIO times as much CPU for the large one
(default 15 for 10x the size; quadratic work gives ~100x).

Why CPU time and not wall-clock or instruction counts: on a loaded 2-core CI machine
wall-clock time swings with whatever else runs, while the child's user+sys time
(wait4 rusage) counts only its own work; the bound leaves 1.5x of headroom over
linear, and the fixed start-up cost (gazetteer, GDAL) only lowers the ratio. Counting
instructions with callgrind would be exact but runs 50-100x slower: minutes for the
50 MB input. The small run is the best of three and a failing ratio is measured once
more before the test fails, so one unlucky run cannot fail it.
Usage: linear.py [SMALL_MB LARGE_MB RATIO]; INCMAP_BIN names the program."""
import os
import resource
import signal
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def cpu_seconds(binary, report, limit=None):
    """CPU seconds of one run; None when it exceeded `limit` CPU seconds (a run that
    is far from linear is stopped by RLIMIT_CPU instead of running for an hour)."""
    def cap():
        if limit:
            resource.setrlimit(resource.RLIMIT_CPU, (int(limit) + 1, int(limit) + 2))
    proc = subprocess.Popen([binary, 'extract', report, '-o', '-', '-q'],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            preexec_fn=cap)
    err = proc.stderr.read().decode(errors='replace')
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0
    proc.stderr.close()
    if limit and os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGXCPU,
                                                                     signal.SIGKILL):
        return None
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit('incmap extract %s failed (%d): %s' % (report, code, err[:500]))
    return usage.ru_utime + usage.ru_stime


def main():
    small_mb, large_mb, ratio = 5, 50, 15.0
    if len(sys.argv) == 4:
        small_mb, large_mb, ratio = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    binary = os.environ['INCMAP_BIN']
    with tempfile.TemporaryDirectory(prefix='incmap-linear-') as tmp:
        paths = {}
        for mb in (small_mb, large_mb):
            paths[mb] = os.path.join(tmp, '%dmb.txt' % mb)
            subprocess.run([sys.executable, os.path.join(HERE, 'gen_report.py'), paths[mb],
                            str(mb * 1000 * 1000)], check=True)
        got = None
        for attempt in range(2):
            small = min(cpu_seconds(binary, paths[small_mb]) for _ in range(3))
            large = cpu_seconds(binary, paths[large_mb], limit=2 * ratio * small + 10)
            if large is None:
                print('FAIL: %d MB used over %.0f s CPU (%d MB: %.2f s): not linear' %
                      (large_mb, 2 * ratio * small + 10, small_mb, small))
                return 1
            got = large / max(small, 1e-3)
            print('attempt %d: %d MB %.2f s CPU, %d MB %.2f s CPU: ratio %.1f (bound %.1f, '
                  'linear %.1f)' % (attempt + 1, small_mb, small, large_mb, large, got, ratio,
                                    large_mb / small_mb))
            if got < ratio:
                return 0
    print('FAIL: %d MB costs %.1fx the CPU of %d MB: not linear' % (large_mb, got, small_mb))
    return 1


if __name__ == '__main__':
    sys.exit(main())
