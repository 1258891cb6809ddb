#!/usr/bin/env python3
"""Every public header (include/incmap/*.h) is in the header self-test's list
(tests/headers/meson.build) and is included by the umbrella incmap.h, so a header added
later cannot escape either. Usage: check_headers.py INCLUDE_DIR MESON_BUILD"""
import os
import re
import sys


def main():
    inc, build = sys.argv[1], sys.argv[2]
    headers = sorted(f for f in os.listdir(inc) if f.endswith('.h'))
    listed = set(re.findall(r"'([a-z_0-9]+\.h)'", open(build).read()))
    umbrella = set(re.findall(r'#include "incmap/([a-z_0-9]+\.h)"',
                              open(os.path.join(inc, 'incmap.h')).read()))
    problems = ['%s is not in the self-test list of %s' % (h, build)
                for h in headers if h not in listed]
    problems += ['incmap.h does not include %s' % h
                 for h in headers if h != 'incmap.h' and h not in umbrella]
    problems += ['%s is listed but does not exist' % h for h in sorted(listed - set(headers))]
    for p in problems:
        print(p)
    print('%d public headers checked' % len(headers))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
