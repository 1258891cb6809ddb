#!/bin/sh
# The main job's time and memory: `incmap brief` on a report (default: the shared seed
# report) into a temporary folder, RUNS times (default 5), for each worker count given
# in JOBS (default "1 N" with N the processors), printing per count the best and the
# median wall time, CPU time (user + system, all processes), the largest resident set
# of any one process, and the peak of the processes' summed proportional set size
# (PSS: shared pages split between the processes sharing them, so forked map
# workers are not counted twice), sampled every 10 ms from /proc in extra runs (the
# sampling takes CPU of its own, so the timed runs are not sampled).
# Run from the repository root after a build:
#   bench/brief.sh [BUILD_DIR] [RUNS] [REPORT]      JOBS="1 2" bench/brief.sh
set -eu
build="${1:-build}"
runs="${2:-5}"
report="${3:-$(ls "${INCMAP_SEED_DIR:-../shared/seed}"/*.txt 2>/dev/null | head -n 1)}"
prog="$build/incmap"
[ -x "$prog" ] || { echo "bench/brief.sh: '$prog' not found; build first" >&2; exit 1; }
[ -f "$report" ] || { echo "bench/brief.sh: no report '$report'" >&2; exit 1; }
jobs="${JOBS:-1 $(nproc)}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export INCMAP_DATA="${INCMAP_DATA:-$build/geodata}"
echo "report: $report"
for j in $jobs; do
  python3 - "$prog" "$report" "$tmp" "$runs" "$j" <<'EOF'
import os, resource, shutil, statistics, subprocess, sys, time
prog, report, tmp, runs, jobs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]

def pss_of_tree(root):
    """Summed PSS (kB) of root and its descendants."""
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            with open('/proc/%d/smaps_rollup' % pid) as f:
                for line in f:
                    if line.startswith('Pss:'):
                        total += int(line.split()[1])
                        break
            with open('/proc/%d/task/%d/children' % (pid, pid)) as f:
                todo.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return total

walls, cpus, pss_peaks = [], [], []
for i in range(2 * runs):
    sampled = i >= runs
    out = os.path.join(tmp, 'pack')
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.Popen([prog, 'brief', report, '-o', out, '-q', '-j', jobs],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    if sampled:
        while p.poll() is None:
            peak = max(peak, pss_of_tree(p.pid))
            time.sleep(0.01)
    p.wait()
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode:
        sys.exit('bench/brief.sh: incmap brief failed (%d)' % p.returncode)
    if sampled:
        pss_peaks.append(peak)
    else:
        walls.append(wall)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print('jobs %s: wall best %.3f s, median %.3f s; CPU median %.3f s; '
      'largest process %.0f MB; peak summed PSS %.0f MB (median of %d runs)'
      % (jobs, min(walls), statistics.median(walls), statistics.median(cpus),
         maxrss / 1024, statistics.median(pss_peaks) / 1024, runs))
EOF
done
