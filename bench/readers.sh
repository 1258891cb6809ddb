#!/bin/sh
# Readers: PDF text extraction against poppler's own pdftotext on the same files, and
# OCR throughput. The PDFs are made at run time in a temporary folder (removed after):
# the seed report's clean text set as a two-column PDF with footnotes, running heads
# and page numbers (tests/readers/make_docs.py), the same repeated to about 150 pages,
# and the bundled sample as a scanned (image-only) PDF for OCR.
# Each extraction runs RUNS times (default 5); the best CPU time (user + system) of
# each tool is kept and the ratio incmap / pdftotext printed (below 1: incmap faster).
# incmap's side is tests/readers/readers_dump --text: poppler, the layout pass
# (columns, running heads, footnotes, hyphens) and the text, as `incmap places` reads it.
# Run from the repository root after a build: bench/readers.sh [BUILD_DIR] [RUNS]
set -eu
build="${1:-build}"
runs="${2:-5}"
dump="$build/tests/readers/readers_dump"
seed_dir="${INCMAP_SEED_DIR:-../shared/seed}"
[ -x "$dump" ] || { echo "bench/readers.sh: '$dump' not found; build first" >&2; exit 1; }
command -v pdftotext >/dev/null || { echo "bench/readers.sh: pdftotext missing (poppler-utils)" >&2; exit 1; }
py=python3
python3 -c 'import cairo' 2>/dev/null || py=/usr/bin/python3
$py -c 'import cairo' 2>/dev/null || { echo "bench/readers.sh: python3-cairo missing" >&2; exit 1; }
seed=$(ls "$seed_dir"/*.txt 2>/dev/null | head -n 1)
[ -n "$seed" ] || { echo "bench/readers.sh: no seed report in '$seed_dir'" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

"$dump" "$seed" --clean > "$tmp/seed.txt"
for i in 1 2 3 4 5 6 7 8 9 10; do cat "$tmp/seed.txt"; done > "$tmp/seed10.txt"
$py tests/readers/make_docs.py pdf "$tmp/seed.txt" "$tmp/seed.pdf"
$py tests/readers/make_docs.py pdf "$tmp/seed10.txt" "$tmp/seed10.pdf"
$py tests/readers/make_docs.py scan samples/sample-report.txt "$tmp/scan.pdf"

python3 - "$dump" "$runs" "$tmp" <<'PY'
import os, subprocess, sys, time
dump, runs, tmp = sys.argv[1], int(sys.argv[2]), sys.argv[3]

def cpu(cmd, env=None):
    """Best CPU seconds (user + system) and wall seconds of `runs` runs."""
    best_cpu = best_wall = None
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        if status != 0:
            sys.exit('bench/readers.sh: %s failed' % ' '.join(cmd))
        c = ru.ru_utime + ru.ru_stime
        best_cpu = c if best_cpu is None else min(best_cpu, c)
        best_wall = wall if best_wall is None else min(best_wall, wall)
    return best_cpu, best_wall

def pages(pdf):
    out = subprocess.run(['pdfinfo', pdf], capture_output=True, text=True).stdout
    return int([l for l in out.splitlines() if l.startswith('Pages:')][0].split()[1])

# process start-up alone: incmap's reader on a one-line text file (its libraries:
# poppler, Tesseract, libxml2, libzip, cairo...), pdftotext printing its version
empty = os.path.join(tmp, 'empty.txt')
with open(empty, 'w') as f:
    f.write('x\n')
ours0, _ = cpu([dump, empty, '--text'])
peer0, _ = cpu(['pdftotext', '-v'])
print('start-up, CPU seconds: incmap %.3f, pdftotext %.3f' % (ours0, peer0))
print('PDF text extraction, best of %d runs, CPU seconds (wall):' % runs)
for name in ('seed.pdf', 'seed10.pdf'):
    pdf = os.path.join(tmp, name)
    ours, ours_w = cpu([dump, pdf, '--text'])
    peer, peer_w = cpu(['pdftotext', pdf, '/dev/null'])
    work = (ours - ours0) / (peer - peer0) if peer > peer0 else 0
    print('  %-11s %4d pages  incmap %.3f s (%.3f)  pdftotext %.3f s (%.3f)  ratio %.2f, '
          'without start-up %.2f' % (name, pages(pdf), ours, ours_w, peer, peer_w,
                                     ours / peer if peer else 0, work))
scan = os.path.join(tmp, 'scan.pdf')
env = dict(os.environ, OMP_THREAD_LIMIT='1')
c, w = cpu([dump, scan, '--text'], env)
n = pages(scan)
print('OCR (Tesseract, eng, 300 dpi, one thread), %d pages: %.2f pages/s of CPU, '
      '%.2f pages/s wall' % (n, n / c, n / w))
PY
