#!/usr/bin/env python3
"""scripts/test_summary.py counts honestly: on made-up meson logs, a SKIP is counted as
skipped and not passed, a TIMEOUT as failed (exit 1); with CI=true a skipped must-run
test, or a must-run pattern that matches nothing, fails the run, and without CI the
same logs pass. Usage: check_test_summary.py SCRIPT"""
import json
import os
import subprocess
import sys
import tempfile


def run(script, logs, must, ci):
    env = dict(os.environ)
    env.pop('CI', None)
    if ci:
        env['CI'] = 'true'
    r = subprocess.run([sys.executable, script, '--must-run', must, *logs],
                       capture_output=True, text=True, env=env)
    return r.returncode, r.stdout.strip().splitlines()


def main():
    script = sys.argv[1]
    tmp = tempfile.mkdtemp(prefix='incmap-summary-')
    a, b = os.path.join(tmp, 'a.json'), os.path.join(tmp, 'b.json')
    with open(a, 'w') as f:
        # meson's names: "project:suite / name"
        for name, res in [('incmap:unit / opts', 'OK'), ('incmap:layers / layers_qgis', 'SKIP'),
                          ('incmap:eval / geoparse-dev', 'OK')]:
            f.write(json.dumps({'name': name, 'result': res}) + '\n')
    with open(b, 'w') as f:
        f.write(json.dumps({'name': 'opts', 'result': 'OK'}) + '\n')
    problems = []
    rc, out = run(script, [a, b], 'layers_qgis *dev*', False)
    if rc != 0 or out[-1] != 'tests: 3 passed, 0 failed, 1 skipped':
        problems.append('local run: %d %r' % (rc, out))
    rc, out = run(script, [a, b], 'layers_qgis *dev*', True)
    if rc != 1 or 'CI: must-run test incmap:layers / layers_qgis was skipped' not in out:
        problems.append('CI, skipped must-run: %d %r' % (rc, out))
    rc, out = run(script, [a, b], 'opts *acled*', True)
    if rc != 1 or 'CI: must-run test *acled* did not run' not in out:
        problems.append('CI, absent must-run: %d %r' % (rc, out))
    rc, out = run(script, [a], 'opts *dev*', True)
    if rc != 0:
        problems.append('CI, all must-run passed: %d %r' % (rc, out))
    with open(b, 'a') as f:
        f.write(json.dumps({'name': 'slow', 'result': 'TIMEOUT'}) + '\n')
    rc, out = run(script, [a, b], '', False)
    if rc != 1 or out[-1] != 'tests: 3 passed, 1 failed, 1 skipped':
        problems.append('a timeout: %d %r' % (rc, out))
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
