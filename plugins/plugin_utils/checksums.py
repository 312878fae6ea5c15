# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Expected SHA-256 of installer files, from a ``SHA256SUMS`` file (the
output format of ``sha256sum``: ``<hex>  <name>`` or ``<hex> *<name>``) or
from a dictionary given by the user."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.siterecovery.mobility.plugins.module_utils.catalog import parse_installer_name

_LINE = re.compile(r'^([0-9a-fA-F]{64}) [ *](.+)$')


class ChecksumError(ValueError):
    """No usable checksum."""


def parse_sha256sums(text, label='SHA256SUMS'):
    """``{file name: hex digest}``; paths are reduced to their base name,
    blank and comment lines skipped, malformed lines refused (``label``
    names the file in the message)."""
    sums = {}
    for number, line in enumerate((text or '').splitlines(), 1):
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        match = _LINE.match(line)
        if not match:
            raise ChecksumError('%s line %d is not in sha256sum format: %r' % (label, number, line[:80]))
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


def _server_digests(name, servers):
    """``[(server, lower-case digest)]`` of the servers whose repository holds ``name``, in the servers' order."""
    holders = []
    for server, files in (servers or {}).items():
        for found in files or []:
            if isinstance(found, dict) and found.get('filename') == name:
                holders.append((server, str(found.get('checksum') or '').lower()))
                break
    return holders


def harvest_plan(controller_results, host=None, servers=None):
    """Which installers of a server's repository to copy to the controller.

    ``controller_results`` is the ``results`` list of a looped ``stat`` on the
    controller: every entry has ``item`` (a file found on the server, with
    ``filename``, ``path`` and its SHA-256 ``checksum``) and ``stat``. Returns
    ``{'fetch': [server files the controller lacks], 'present': [names with
    the same content], 'conflicts': [names whose controller copy differs],
    'elsewhere': [{'file', 'server'}], 'server_conflicts': [{'file',
    'servers', 'message'}]}``. A controller file is never planned for
    overwriting.

    With ``servers`` (``{server: files found in its repository}``, every
    server harvested in the same run, in order) and ``host`` (this server),
    a file the controller lacks is fetched by the first server holding it
    only (the others list it in ``elsewhere``), and a name that servers hold
    with different content is fetched by none: ``server_conflicts`` names
    every server and its SHA-256."""
    plan = {'fetch': [], 'present': [], 'conflicts': [], 'elsewhere': [], 'server_conflicts': []}
    for entry in controller_results or []:
        found = entry.get('item') or {}
        name = found.get('filename') or ''
        if not name or '/' in name or '\\' in name or name in ('.', '..'):
            raise ChecksumError('not a plain file name from the server: %r' % (name,))
        digest = str(found.get('checksum') or '').lower()
        if not re.match(r'^[0-9a-f]{64}$', digest):
            raise ChecksumError('the server gave no SHA-256 for %s (got %r)' % (name, digest[:80]))
        local = entry.get('stat') or {}
        if local.get('exists'):
            plan['present' if str(local.get('checksum') or '').lower() == digest else 'conflicts'].append(name)
            continue
        holders = _server_digests(name, servers) or [(host, digest)]
        if len(set(held for _server, held in holders)) > 1:
            plan['server_conflicts'].append({
                'file': name, 'servers': dict(holders),
                'message': '%s differs between the servers (%s): fetched from none of them' % (
                    name, ', '.join('%s has SHA-256 %s' % holder for holder in holders))})
        elif holders[0][0] in (host, None):
            plan['fetch'].append(dict(found, checksum=digest))
        else:
            plan['elsewhere'].append({'file': name, 'server': holders[0][0]})
    return plan


def approved_installers(names, sums_text='', overrides=None, harvested_text='', tag=None):
    """Split installer files into those that may be used and those waiting for approval.

    A file whose SHA-256 only a harvest recorded (a line of
    ``SHA256SUMS.harvested``: the server's word, trusted by nobody yet) is
    pending until a person moves its line to ``SHA256SUMS`` or pins it in
    ``overrides``. Every other file is returned as approved, also one that
    no list knows (the checksum check refuses it by name later). With
    ``tag``, pending names are limited to that tag's installers, and
    ``tag_approved`` counts the approved installers of the tag. Returns
    ``{'approved': [names as given], 'pending': [base names]}`` (and
    ``tag_approved``)."""
    harvested = parse_sha256sums(harvested_text, 'SHA256SUMS.harvested')
    approved_names = set(parse_sha256sums(sums_text)) | set(overrides or {})
    split = {'approved': [], 'pending': []}
    for name in names or []:
        base = str(name).replace('\\', '/').rsplit('/', 1)[-1]
        if base in harvested and base not in approved_names:
            parsed = parse_installer_name(base)
            if tag is None or (parsed and parsed['tag'] == tag):
                split['pending'].append(base)
            continue
        split['approved'].append(name)
    if tag is not None:
        split['tag_approved'] = sum(1 for name in split['approved']
                                    if (parse_installer_name(name) or {}).get('tag') == tag)
    return split
