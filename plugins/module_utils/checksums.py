# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Expected SHA-256 of installer files, from a ``SHA256SUMS`` file (the
output format of ``sha256sum``: ``<hex>  <name>`` or ``<hex> *<name>``) or
from a dictionary given by the user."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

_LINE = re.compile(r'^([0-9a-fA-F]{64}) [ *](.+)$')


class ChecksumError(ValueError):
    """No usable checksum."""


def parse_sha256sums(text):
    """``{file name: hex digest}``; paths are reduced to their base name,
    blank and comment lines skipped, malformed lines refused."""
    sums = {}
    for number, line in enumerate((text or '').splitlines(), 1):
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        match = _LINE.match(line)
        if not match:
            raise ChecksumError('SHA256SUMS line %d is not in sha256sum format: %r' % (number, line[:80]))
        sums[match.group(2).replace('\\', '/').rsplit('/', 1)[-1]] = match.group(1).lower()
    return sums


def expected_sha256(file_name, sums_text='', overrides=None):
    """The digest ``file_name`` must have: ``overrides`` (a dict) first, then
    the SHA256SUMS text. Raises ChecksumError when neither knows the file."""
    overrides = overrides or {}
    if not isinstance(overrides, dict):
        raise ChecksumError('the checksums variable must be a dictionary of file name: sha256')
    if file_name in overrides:
        value = str(overrides[file_name]).strip().lower()
        if value.startswith('sha256:'):
            value = value[len('sha256:'):]
        if not re.match(r'^[0-9a-f]{64}$', value):
            raise ChecksumError('the checksum given for %s is not a SHA-256 hex digest: %r' % (file_name, value))
        return value
    sums = parse_sha256sums(sums_text)
    if file_name in sums:
        return sums[file_name]
    raise ChecksumError('no SHA-256 is known for %s: add it to SHA256SUMS next to the installers '
                        '(sha256sum output) or to mobility_service_checksums' % file_name)


def harvest_plan(controller_results):
    """Which installers of a server's repository to copy to the controller.

    ``controller_results`` is the ``results`` list of a looped ``stat`` on the
    controller: every entry has ``item`` (a file found on the server, with
    ``filename``, ``path`` and its SHA-256 ``checksum``) and ``stat``. Returns
    ``{'fetch': [server files the controller lacks], 'present': [names with
    the same content], 'conflicts': [names whose controller copy differs]}``.
    A controller file is never planned for overwriting."""
    plan = {'fetch': [], 'present': [], 'conflicts': []}
    for entry in controller_results or []:
        found = entry.get('item') or {}
        name = found.get('filename') or ''
        if not name or '/' in name or '\\' in name or name in ('.', '..'):
            raise ChecksumError('not a plain file name from the server: %r' % (name,))
        digest = str(found.get('checksum') or '').lower()
        if not re.match(r'^[0-9a-f]{64}$', digest):
            raise ChecksumError('the server gave no SHA-256 for %s (got %r)' % (name, digest[:80]))
        local = entry.get('stat') or {}
        if not local.get('exists'):
            plan['fetch'].append(dict(found, checksum=digest))
        elif str(local.get('checksum') or '').lower() == digest:
            plan['present'].append(name)
        else:
            plan['conflicts'].append(name)
    return plan
