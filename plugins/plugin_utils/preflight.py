# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Preflight checks of a protected machine, from its gathered facts.

Documented requirements: the installer must exist for the operating system
(x86_64 only) and the architecture (classic CSLegacy or modernized CSPrime)
must support it; Linux needs 2 GB free on ``/`` and 250 MB in the
installation folder, Windows 500 MB in the installation folder. Connectivity
(configuration server on 443, process server on 9443) is tested from the
host by the role itself; its results come in as ``unreachable``.

Memory is not a prerequisite: the vendor documents what the agent uses (about
6-10 % of the machine's memory). Less free memory than that is a warning, and
a finding only when the user asks for it (``memory_required``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import re

from ansible_collections.siterecovery.mobility.plugins.module_utils.catalog import CatalogError, installer_tag

MB = 1024 * 1024


def mount_for(path, mounts):
    """The mount (from the ``mounts`` fact) holding ``path``: the longest
    mount point that is a prefix of it."""
    best = None
    for mount in mounts or []:
        point = mount.get('mount') or ''
        prefix = point.rstrip('/') + '/'
        if (path == point or (path.rstrip('/') + '/').startswith(prefix)) and \
                (best is None or len(point) > len(best.get('mount') or '')):
            best = mount
    return best


def _free_space_finding(label, path, mounts, need_mb):
    mount = mount_for(path, mounts)
    if mount is None or mount.get('size_available') is None:
        return None  # nothing known: do not guess
    free_mb = int(mount['size_available']) // MB
    if free_mb < need_mb:
        return '%s: %d MB free on %s (mount %s), %d MB needed' % (label, free_mb, path, mount.get('mount'), need_mb)
    return None


def preflight_findings(facts, install_dir='/usr/local/ASR', memory_percent=10, min_root_free_mb=2048,
                       min_install_free_mb=250, unreachable=None, extra_rows=None, install_free_mb=None,
                       measured_free_mb=None, cs_type=None, memory_required=False, noexec_paths=None,
                       converged=False, survey=False):
    """Check a host. Returns ``{'installer_tag': tag or None, 'findings': [..],
    'warnings': [..]}``, each finding or warning a sentence naming what was
    found and what is needed. Findings stop a host, warnings do not.

    ``cs_type`` (``CSLegacy`` or ``CSPrime``) is the architecture of the
    rollout: a system it cannot protect is a finding. Less free memory than
    ``memory_percent`` of the total is a warning, or a finding with
    ``memory_required``.

    ``unreachable`` lists endpoints the host could not reach (``address:port``
    strings or ``{host, port}`` dicts); each becomes a finding, except on a
    ``converged`` host (its registered, running agent has shown that it
    reaches its server) unless the run is a ``survey`` (a preflight only,
    which reports every port).
    ``install_free_mb`` is the free space measured for the installation folder
    on Windows (whose facts have no mounts); None means unknown: no finding.
    ``measured_free_mb`` ({path: MB}) is free space measured on a Linux host
    (``mobility_agent_info``); it wins over the ``mounts`` facts, which leave
    out some file systems (tmpfs, container roots). ``noexec_paths`` are the
    staging and installation folders that lie on a noexec mount.
    """
    findings = []
    warnings = []
    tag = None
    if converged and not survey:
        unreachable = []
    try:
        tag = installer_tag(facts, extra_rows, cs_type=cs_type or None)
    except CatalogError as exc:
        findings.append(str(exc))

    total = facts.get('memtotal_mb')
    free = (((facts.get('memory_mb') or {}).get('nocache') or {}).get('free'))
    if free is None and facts.get('os_family') == 'Windows':
        free = facts.get('memfree_mb')  # Windows reports the available physical memory here
    if total and free is not None:
        need = int(-(-int(total) * int(memory_percent) // 100))  # rounded up
        if int(free) < need:
            (findings if memory_required else warnings).append(
                'memory: %d MB of %d MB free, the agent uses about %d %% of the memory (%d MB)'
                % (int(free), int(total), int(memory_percent), need))

    if facts.get('os_family') != 'Windows':
        mounts = facts.get('mounts') or []
        measured = measured_free_mb or {}
        for label, path, need in (('disk', '/', min_root_free_mb), ('disk', install_dir, min_install_free_mb)):
            if measured.get(path) is not None:
                finding = None
                if int(measured[path]) < int(need):
                    finding = '%s: %d MB free for %s, %d MB needed' % (label, int(measured[path]), path, int(need))
            else:
                finding = _free_space_finding(label, path, mounts, int(need))
            if finding and finding not in findings:
                findings.append(finding)
    elif install_free_mb is not None and int(install_free_mb) < int(min_install_free_mb):
        findings.append('disk: %d MB free for %s, %d MB needed' % (int(install_free_mb), install_dir, int(min_install_free_mb)))

    for path in noexec_paths or []:
        findings.append('noexec: %s is on a file system mounted noexec, so the vendor\'s installer and agent cannot run '
                        'from there; choose a folder on another file system (mobility_service_staging_dir, '
                        'mobility_service_install_dir)' % path)
    for endpoint in unreachable or []:
        if isinstance(endpoint, dict):
            endpoint = '%s:%s' % (endpoint.get('host'), endpoint.get('port'))
        findings.append('network: %s cannot be reached from this host' % endpoint)
    return {'installer_tag': tag, 'findings': findings, 'warnings': warnings}


# The role's settings that can be checked before anything runs on a host.
STATES = ('present', 'latest', 'absent')
CS_TYPES = ('CSLegacy', 'CSPrime')
_HOST_LABEL_RE = re.compile(r'^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$')
_PIN_RE = re.compile(r'^\d+(\.\d+){0,3}$')


def is_address_or_name(value):
    """An IPv4/IPv6 address or a DNS host name (a dotted quad must be a valid address)."""
    text = str(value or '').strip()
    if not text:
        return False
    try:
        ipaddress.ip_address(text)
        return True
    except ValueError:
        pass
    if len(text) > 253 or re.match(r'^[\d.]+$', text):
        return False  # looks like an IPv4 address but is not one
    return all(_HOST_LABEL_RE.match(label) for label in text.rstrip('.').split('.'))


def _port_ok(value):
    try:
        return 1 <= int(value) <= 65535
    except (TypeError, ValueError):
        return False


def settings_findings(settings):
    """Findings about a host's settings, each naming the variable, the value
    and what is allowed. ``settings`` holds the role's variables without the
    ``mobility_service_`` prefix; secrets come in only as booleans
    (``passphrase_set``, ``config_file_set``), never as values;
    ``checksums_pinned`` says whether ``mobility_service_checksums`` pins
    installers' SHA-256 (an ``http://`` repository needs that)."""
    found = []
    prefix = 'mobility_service_'

    def bad(name, value, allowed):
        found.append('setting %s%s=%r: %s' % (prefix, name, value, allowed))

    state = settings.get('state', 'present')
    if state not in STATES:
        bad('state', state, 'allowed are %s' % ', '.join(STATES))
    cs_type = settings.get('cs_type', 'CSLegacy')
    if cs_type not in CS_TYPES:
        bad('cs_type', cs_type, 'allowed are %s' % ', '.join(CS_TYPES))
    version = str(settings.get('version') or '').strip()
    if version and not _PIN_RE.match(version):
        bad('version', version, 'a version pin is empty (the newest installer) or dotted numbers such as 9.66 '
            'or 9.66.7567.1')
    server_version = str(settings.get('server_version') or '').strip()
    if server_version and not _PIN_RE.match(server_version):
        bad('server_version', server_version, 'the configuration server\'s version is empty (unknown) or dotted '
            'numbers such as 9.66 or 9.66.7567.1')
    for name in ('cs_port', 'ps_port'):
        if name in settings and not _port_ok(settings[name]):
            bad(name, settings[name], 'a TCP port from 1 to 65535')
    ps_address = settings.get('ps_address')
    if ps_address and not is_address_or_name(ps_address):
        bad('ps_address', ps_address, 'an IP address or a host name')
    for name in ('install_timeout', 'register_timeout'):
        if name in settings:
            try:
                if int(settings[name]) < 0:
                    raise ValueError
            except (TypeError, ValueError):
                bad(name, settings[name], 'seconds as a whole number, 0 for no limit')
    if state == 'absent':
        return found
    if not settings.get('installer_dir') and not settings.get('installer_url'):
        found.append('setting %sinstaller_dir and %sinstaller_url are both empty: one of them must say where the '
                     'installers are' % (prefix, prefix))
    url = settings.get('installer_url')
    if url and not re.match(r'^https?://[^/\s]+', str(url)):
        bad('installer_url', url, 'an http:// or https:// URL')
    elif url and str(url).lower().startswith('http://') and not settings.get('checksums_pinned'):
        bad('installer_url', url, 'an http:// repository and its SHA256SUMS can be changed on the way: use https://, '
            'or pin the installers\' SHA-256 in %schecksums' % prefix)
    if cs_type == 'CSLegacy':
        address = settings.get('cs_address')
        if not address:
            found.append('setting %scs_address is empty: the classic registration (CSLegacy) needs the '
                         'configuration server\'s IP address or host name' % prefix)
        elif not is_address_or_name(address):
            bad('cs_address', address, 'an IP address or a host name of the configuration server')
        if not settings.get('passphrase_set'):
            found.append('setting %spassphrase is empty or undefined (is the vault variable it refers to defined '
                         'for this host?): the classic registration needs the configuration server\'s passphrase'
                         % prefix)
    # CSPrime: config.json is needed only by an agent that is not registered yet (an upgrade re-registers by
    # itself), which only the host can tell: the role checks it right before the registration
    return found
