#!/usr/bin/env python3
"""Bad-input fixtures for the CLI cases (tests/cli/badinput.tsv), built at test time in
a temporary folder: make_fixtures.py DIR, or build(DIR) from run_cases.py.

Nothing here is copied from the shared seed report; every file is generated. Returns
(and as a script prints) the fixtures that cannot be made on this machine, with the
reason, so the cases using them are skipped with a note instead of failing:
  unreadable.txt  chmod 000 stops no one when the tests run as root (CI does); the
                  /proc/self/mem case (a read that fails with EIO) covers read errors
                  for root and everyone else.
Some names resolve outside DIR: `readonly` is DIR/readonly (mode 555) for ordinary
users and /sys (where even root cannot create files) for root."""
import os
import sys

REPORT = ('On 3 May 2021, a suicide bomber attacked a police checkpoint in Kabul, '
          'killing 12 people and wounding 30 others. Militants later crossed from '
          'Tajikistan into Kunduz province.\n')
# ~64 KiB of words with a place now and then: a long line with little to print.
FILLER = ('officials met the elders to discuss water rights and the harvest while '
          'traders waited for the road to reopen ') * 600 + 'Fighting was reported near Herat. '

BIG_SIZE = 200 * 1024 * 1024


def write(path, data, mode='wb'):
    with open(path, mode) as f:
        f.write(data)


def big_line(path, size):
    """One line of `size` bytes (no newline at all), written in 64 KiB pieces."""
    unit = FILLER.encode()
    with open(path, 'wb') as f:
        n = 0
        while n + len(unit) <= size:
            f.write(unit)
            n += len(unit)
        f.write(b'x' * (size - n))


def readonly_dir(base):
    path = os.path.join(base, 'readonly')
    os.mkdir(path)
    os.chmod(path, 0o555)
    probe = os.path.join(path, '.probe')
    try:
        open(probe, 'w').close()
        os.unlink(probe)
    except OSError:
        return path, None
    # root ignores the mode: use a folder nobody can create files in.
    try:
        open('/sys/.incmap-probe', 'w').close()
    except OSError:
        return '/sys', None
    return path, 'no read-only folder: running as root and /sys is writable'


def build(base, big=True):
    """Create every fixture under `base`. Returns ({name: path outside base},
    {name: reason it is unavailable})."""
    paths, skips = {}, {}
    # PDF, DOCX and HTML made to hurt the readers (tests/readers/bad_docs.py)
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'readers'))
    import bad_docs
    bad_docs.build(base)
    write(os.path.join(base, 'empty.txt'), b'')
    # Binary: a PNG-like header and every byte value, NULs included.
    write(os.path.join(base, 'binary.bin'),
          b'\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR' + bytes((i * 151 + 7) % 256 for i in range(8192)))
    os.mkdir(os.path.join(base, 'adir'))
    write(os.path.join(base, 'report.txt'), REPORT, 'w')
    write(os.path.join(base, 'existing.geojson'), b'{"type": "FeatureCollection", "features": []}\n')
    write(os.path.join(base, 'noplaces.txt'),
          'The committee met on Tuesday and nothing further happened.\n', 'w')
    write(os.path.join(base, 'baddate.txt'),
          'On 30 February 2023, a bomb killed 4 people in Kabul.\n', 'w')
    write(os.path.join(base, 'invalid-utf8.txt'),
          b'A bomb killed 3 people in Kabul \xff\xfe\xc3( on 3 May 2021.\n')
    write(os.path.join(base, 'utf16-nobom.txt'), REPORT.encode('utf-16-le'))
    write(os.path.join(base, 'utf16be-nobom.txt'), REPORT.encode('utf-16-be'))
    write(os.path.join(base, 'reports.jsonl'),
          '{"id": "a", "text": "Fighting in Kabul."}\n{"id": "b", "text": \n', 'w')
    unreadable = os.path.join(base, 'unreadable.txt')
    write(unreadable, REPORT, 'w')
    os.chmod(unreadable, 0)
    try:
        open(unreadable).close()
        skips['unreadable.txt'] = ('running as root: chmod 000 does not stop root '
                                   '(see the /proc/self/mem case)')
    except OSError:
        pass
    # A sparse file above the 256 MiB input limit: refused before any byte is read.
    with open(os.path.join(base, 'huge-sparse.txt'), 'wb') as f:
        f.truncate((1 << 30) + 4096)
    if big:
        big_line(os.path.join(base, 'big-200mb.txt'), BIG_SIZE)
    # Layers: a GeoPackage whose SQLite pages are garbage, a GeoJSON cut mid-feature.
    write(os.path.join(base, 'corrupt.gpkg'),
          b'SQLite format 3\x00\x10\x00\x01\x01\x00\x40\x20\x20' +
          bytes((i * 37 + 11) % 256 for i in range(8192)))
    write(os.path.join(base, 'truncated.geojson'),
          b'{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": '
          b'{"type": "Point", "coordinates": [69.17, 34.5')
    # Geodata: an empty data folder, and damaged copies of the real gazetteer.
    os.mkdir(os.path.join(base, 'data-empty'))
    gaz = os.path.join(os.environ.get('INCMAP_DATA', ''), 'incmap.gaz')
    try:
        with open(gaz, 'rb') as f:
            real = f.read()
    except OSError:
        real = b''
        for name in ('data-truncated', 'data-half', 'data-garbage', 'data-zero'):
            skips[name] = 'no built gazetteer at %r (set INCMAP_DATA)' % gaz
    if real:
        for name, data in (('data-truncated', real[:64]), ('data-half', real[:len(real) // 2]),
                           ('data-garbage', real[:16] + bytes(len(real) - 16)),
                           ('data-zero', b'')):
            os.mkdir(os.path.join(base, name))
            write(os.path.join(base, name, 'incmap.gaz'), data)
    # A folder where a pack would go, holding a file of the user's named `maps`.
    os.mkdir(os.path.join(base, 'maps-blocked'))
    write(os.path.join(base, 'maps-blocked', 'maps'), b'')
    path, reason = readonly_dir(base)
    paths['readonly'] = path
    if reason:
        skips['readonly'] = reason
    return paths, skips


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit('usage: make_fixtures.py DIR')
    _, unavailable = build(sys.argv[1])
    for name, why in sorted(unavailable.items()):
        print('unavailable: %s: %s' % (name, why))
