#!/usr/bin/env python3
"""`man incmap` stands alone and tells the same as --help: the built page (incmap.1 in
the build folder) renders without groff warnings, names every command, and every
option every command's --help lists, and does not send the reader to files a clone
lacks (../shared)."""
import os
import re
import subprocess
import sys


def main():
    binary = os.environ['INCMAP_BIN']
    page = os.path.join(os.path.dirname(binary), 'incmap.1')
    if not os.path.exists(page):
        print('no man page at ' + page)
        return 1
    r = subprocess.run(['groff', '-man', '-Tutf8', '-ww', '-z', page], capture_output=True,
                       text=True)
    bad = []
    if r.returncode or r.stderr.strip():
        bad.append('groff: ' + r.stderr.strip())
    r = subprocess.run(['man', '-l', page], capture_output=True, text=True,
                       env=dict(os.environ, MANWIDTH='200', MAN_KEEP_FORMATTING='0'))
    text = re.sub(r'.\x08', '', r.stdout)
    top = subprocess.run([binary, '--help'], capture_output=True, text=True).stdout
    commands = re.findall(r'^\s{2}(\w+)\s{2,}', top.split('commands:')[1], re.M)
    for cmd in commands:
        if not re.search(r'^\s+%s$' % cmd, text, re.M):
            bad.append('no section for command ' + cmd)
        h = subprocess.run([binary, cmd, '--help'], capture_output=True, text=True).stdout
        for opt in re.findall(r'^\s+(?:-\w, )?(--[\w-]+)', h, re.M):
            if opt not in text:
                bad.append('%s: option %s missing' % (cmd, opt))
    for want in ('EXIT STATUS', 'ENVIRONMENT', 'INCMAP_DATA'):
        if want not in text:
            bad.append('no ' + want)
    if '../shared' in text or 'DESIGN.md' in text:
        bad.append('the page sends the reader to files a clone does not have')
    for b in bad:
        print('FAIL ' + b)
    print('%d commands checked' % len(commands))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
