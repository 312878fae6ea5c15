#!/usr/bin/env python
"""Build a simulated Mobility Service installer tarball (test fixture).

The tarball carries the vendor's file name and top-level layout (``install``
and ``OS_details.sh`` next to the payload) but only the simulator's scripts
from ``installer/`` beside this file. The output is byte-for-byte
reproducible: for the same inputs the SHA-256 is the same on every build.

    build_installer.py --tag DEBIAN12-64 --version 9.66.7567.1 --out-dir DIR \\
        [--date 20Sep2025] [--pad-mb N] [--fault SPEC ...] [--suffix release|Release] [--print-sha256]

Importable: ``build_installer(tag, version, out_dir, date=None, pad_mb=0,
fault=None, suffix='release') -> path``.
"""

import argparse
import calendar
import datetime
import gzip
import hashlib
import io
import os
import re
import sys
import tarfile
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.join(HERE, 'installer')
INCLUDE_LINE = '#@include common.sh'


def _catalog_tags():
    """The Linux installer tags of the collection's catalog (plugins/module_utils/catalog.py, pure Python): the
    one list of the vendor's tags, read by path so that this script needs no collections path."""
    import importlib.util
    path = os.path.join(HERE, '..', '..', 'plugins', 'module_utils', 'catalog.py')
    spec = importlib.util.spec_from_file_location('siterecovery_mobility_catalog', path)
    catalog = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(catalog)
    return tuple(tag for tag in catalog.KNOWN_TAGS if tag != 'Windows')


TAGS = _catalog_tags()
# The vendor spells the end of the name both ways.
SUFFIXES = ('release', 'Release')
MONTHS = ('Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec')

VERSION_RE = re.compile(r'^\d+\.\d+\.\d+\.\d+$')
DATE_RE = re.compile(r'^(\d{1,2})([A-Z][a-z]{2})(\d{4})$')
FAULT_RE = re.compile(
    r'^(?:(?:install-exit|configure-exit|uninstall-exit):\d{1,3}'
    r'|(?:install-slow|configure-slow):\d+(?:\.\d+)?'
    r'|install-die-midway|configure-echo-input)$')
MIB = 1024 * 1024


class BuildError(ValueError):
    """An input of the build is not usable."""


def default_date(version):
    """A release date derived from the version alone (deterministic).

    Later minor versions get later dates, like real releases: 9.66 falls in
    2023, 9.65 about six weeks earlier.
    """
    parts = [int(p) for p in version.split('.')]
    day = datetime.date(2015, 1, 1) + datetime.timedelta(days=parts[1] * 45 + parts[2] % 28)
    return '%02d%s%04d' % (day.day, MONTHS[day.month - 1], day.year)


def normalize_date(date):
    """Validate ``DDMonYYYY`` and return it with a two-digit day."""
    match = DATE_RE.match(date or '')
    if not match or match.group(2) not in MONTHS:
        raise BuildError("date %r is not DDMonYYYY (e.g. 20Sep2025)" % (date,))
    day, month, year = int(match.group(1)), MONTHS.index(match.group(2)) + 1, int(match.group(3))
    try:
        datetime.date(year, month, day)
    except ValueError as exc:
        raise BuildError('date %r: %s' % (date, exc)) from None
    return '%02d%s%04d' % (day, match.group(2), year)


def normalize_faults(fault):
    """Accept None, one spec, a list, or specs separated by newlines/commas."""
    if not fault:
        return []
    items = [fault] if isinstance(fault, str) else list(fault)
    specs = []
    for item in items:
        for spec in re.split(r'[\n,]', item):
            spec = spec.strip()
            if not spec:
                continue
            if not FAULT_RE.match(spec):
                raise BuildError(
                    'fault %r is not one of install-exit:<code>, install-slow:<seconds>, '
                    'install-die-midway, configure-exit:<code>, configure-slow:<seconds>, '
                    'configure-echo-input, uninstall-exit:<code>' % spec)
            if spec.split(':')[0].endswith('-exit') and int(spec.split(':')[1]) > 255:
                raise BuildError('fault %r: the exit code must be 0-255' % spec)
            specs.append(spec)
    return specs


def installer_name(tag, version, date, suffix='release'):
    return 'Microsoft-ASR_UA_%s_%s_GA_%s_%s.tar.gz' % (version, tag, date, suffix)


# The sources use the shebangs ansible-test sanity allows; the tarball gets
# absolute ones like the vendor's. A bash script started through env would
# also be named "bash" in ps, and the daemons must be found by their name.
SHEBANGS = {b'#!/usr/bin/env bash': b'#!/bin/bash', b'#!/usr/bin/env python': b'#!/usr/bin/env python3'}


def _read_source(relpath, common):
    """A script of installer/, with the shared library inlined."""
    with open(os.path.join(SOURCE_DIR, relpath), 'rb') as handle:
        data = handle.read().replace(b'\r\n', b'\n')
    first, sep, rest = data.partition(b'\n')
    data = SHEBANGS.get(first, first) + sep + rest
    if INCLUDE_LINE.encode() in data:
        data = data.replace(INCLUDE_LINE.encode() + b'\n', common)
    return data


def _source_files():
    """Paths (relative to installer/) of everything that goes in the tarball."""
    found = []
    for root, dirs, files in os.walk(SOURCE_DIR):
        dirs[:] = sorted(d for d in dirs if d not in ('lib', '__pycache__'))
        for name in files:
            if name.endswith(('.pyc', '~')):
                continue
            found.append(os.path.relpath(os.path.join(root, name), SOURCE_DIR).replace(os.sep, '/'))
    return sorted(found)


class _PadReader(io.RawIOBase):
    """``size`` pseudo-random bytes from SHAKE-256 of a seed, read in chunks.

    Incompressible (so the tarball has a realistic size) and the same for the
    same seed on every machine.
    """

    def __init__(self, seed, size):
        super().__init__()
        self._seed, self._left, self._counter, self._buf = seed, size, 0, b''

    def readable(self):
        return True

    def read(self, n=-1):
        if n is None or n < 0:
            n = self._left
        n = min(n, self._left)
        while len(self._buf) < n:
            block = hashlib.shake_256(self._seed + self._counter.to_bytes(8, 'big')).digest(MIB)
            self._counter += 1
            self._buf += block
        data, self._buf = self._buf[:n], self._buf[n:]
        self._left -= n
        return data


def _tarinfo(name, size, mode, mtime, kind=tarfile.REGTYPE):
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime, info.type = size, mode, mtime, kind
    info.uid = info.gid = 0
    info.uname = info.gname = 'root'
    return info


def build_installer(tag, version, out_dir, date=None, pad_mb=0, fault=None, suffix='release'):
    """Write the simulated installer tarball into ``out_dir``; return its path.

    ``fault`` (a spec, a list of specs, or specs separated by commas or
    newlines) is baked into ``payload/.build_info``; ``suffix`` is the end of
    the file name, ``release`` or ``Release``.
    """
    if tag not in TAGS:
        raise BuildError('unknown installer tag %r; known: %s' % (tag, ' '.join(TAGS)))
    if not VERSION_RE.match(version or ''):
        raise BuildError('version %r is not four dotted numbers (e.g. 9.66.7567.1)' % (version,))
    date = normalize_date(date) if date else default_date(version)
    faults = normalize_faults(fault)
    pad_mb = int(pad_mb)
    if pad_mb < 0:
        raise BuildError('pad_mb must be 0 or more')
    if suffix not in SUFFIXES:
        raise BuildError('suffix %r is not one of %s' % (suffix, ', '.join(SUFFIXES)))

    # Every member gets the release date (midnight UTC) as its mtime.
    mtime = calendar.timegm((int(date[5:]), MONTHS.index(date[2:5]) + 1, int(date[:2]), 0, 0, 0))

    build_info = ''.join([
        '# Written by build_installer.py; read by install, UnifiedAgentConfigurator.sh\n',
        '# and uninstall.sh. FAULT lines are the build-time fault injection.\n',
        'VERSION=%s\n' % version,
        'TAG=%s\n' % tag,
        'BUILD_DATE=%s\n' % date,
        'PAD_MB=%d\n' % pad_mb,
    ] + ['FAULT=%s\n' % spec for spec in faults]).encode()

    with open(os.path.join(SOURCE_DIR, 'lib', 'common.sh'), 'rb') as handle:
        common = handle.read().replace(b'\r\n', b'\n')
    common = b'# --- begin inlined lib/common.sh ---\n' + common + b'# --- end inlined lib/common.sh ---\n'

    files = {}
    for rel in _source_files():
        data = _read_source(rel, common)
        files[rel] = (data, 0o755 if data.startswith(b'#!') else 0o644)
    files['payload/.build_info'] = (build_info, 0o644)
    if pad_mb:
        files['payload/pad.bin'] = (None, 0o644)

    dirs = {'payload/Vx/etc'}
    for path in files:
        parent = os.path.dirname(path)
        while parent:
            dirs.add(parent)
            parent = os.path.dirname(parent)

    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, installer_name(tag, version, date, suffix))
    fd, tmp = tempfile.mkstemp(prefix='.build-', dir=out_dir)
    try:
        with os.fdopen(fd, 'wb') as raw:
            # filename='' and mtime=0 keep the gzip header free of build details.
            with gzip.GzipFile(filename='', mode='wb', fileobj=raw, compresslevel=6, mtime=0) as gz:
                with tarfile.open(fileobj=gz, mode='w', format=tarfile.GNU_FORMAT) as tar:
                    for name in sorted(set(files) | dirs):
                        if name in dirs:
                            tar.addfile(_tarinfo(name, 0, 0o755, mtime, tarfile.DIRTYPE))
                        elif name == 'payload/pad.bin':
                            size = pad_mb * MIB
                            seed = ('asr-simulator|%s|%s' % (version, tag)).encode()
                            tar.addfile(_tarinfo(name, size, 0o644, mtime), _PadReader(seed, size))
                        else:
                            data, mode = files[name]
                            tar.addfile(_tarinfo(name, len(data), mode, mtime), io.BytesIO(data))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, 'rb') as handle:
        for block in iter(lambda: handle.read(MIB), b''):
            digest.update(block)
    return digest.hexdigest()


def main(argv=None):
    parser = argparse.ArgumentParser(
        description='Build a simulated ASR Mobility Service installer tarball (test fixture).')
    parser.add_argument('--tag', required=True, help='installer tag, e.g. DEBIAN12-64')
    parser.add_argument('--version', required=True, help='agent version, e.g. 9.66.7567.1')
    parser.add_argument('--out-dir', required=True, help='directory for the tarball')
    parser.add_argument('--date', help='release date DDMonYYYY (default: derived from the version)')
    parser.add_argument('--pad-mb', type=int, default=0,
                        help='MiB of incompressible padding in the payload (default 0)')
    parser.add_argument('--fault', action='append', default=[],
                        help='fault to bake in (repeatable), e.g. install-exit:3')
    parser.add_argument('--suffix', default='release', choices=SUFFIXES,
                        help='end of the file name (default release)')
    parser.add_argument('--print-sha256', action='store_true',
                        help='print "<sha256>  <path>" instead of the path')
    args = parser.parse_args(argv)
    try:
        path = build_installer(args.tag, args.version, args.out_dir, date=args.date,
                               pad_mb=args.pad_mb, fault=args.fault, suffix=args.suffix)
    except BuildError as exc:
        parser.error(str(exc))
    print('%s  %s' % (sha256_of(path), path) if args.print_sha256 else path)
    return 0


if __name__ == '__main__':
    sys.exit(main())
