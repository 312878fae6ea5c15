# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Preflight checks of a protected machine, from its gathered facts.

Documented requirements: the installer must exist for the operating system
(x86_64 only); the agent uses about 6-10 % of the machine's memory; Linux
needs 2 GB free on ``/`` and 250 MB in the installation folder, Windows 500 MB
in the installation folder. Connectivity (configuration server on 443,
process server on 9443) is tested from the host by the role itself; its
results come in as ``unreachable``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

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
                       min_install_free_mb=250, unreachable=None, extra_rows=None, install_free_mb=None):
    """Check a host. Returns ``{'installer_tag': tag or None, 'findings': [..]}``,
    each finding a sentence naming what was found and what is needed.

    ``unreachable`` lists endpoints the host could not reach (``address:port``
    strings or ``{host, port}`` dicts); each becomes a finding.
    ``install_free_mb`` is the free space measured for the installation folder
    on Windows (whose facts have no mounts); None means unknown: no finding.
    """
    findings = []
    tag = None
    try:
        tag = installer_tag(facts, extra_rows)
    except CatalogError as exc:
        findings.append(str(exc))

    total = facts.get('memtotal_mb')
    free = (((facts.get('memory_mb') or {}).get('nocache') or {}).get('free'))
    if free is None and facts.get('os_family') == 'Windows':
        free = facts.get('memfree_mb')  # Windows reports the available physical memory here
    if total and free is not None:
        need = int(-(-int(total) * int(memory_percent) // 100))  # rounded up
        if int(free) < need:
            findings.append('memory: %d MB of %d MB free, the agent needs about %d %% (%d MB)'
                            % (int(free), int(total), int(memory_percent), need))

    if facts.get('os_family') != 'Windows':
        mounts = facts.get('mounts') or []
        for label, path, need in (('disk', '/', min_root_free_mb), ('disk', install_dir, min_install_free_mb)):
            finding = _free_space_finding(label, path, mounts, int(need))
            if finding and finding not in findings:
                findings.append(finding)
    elif install_free_mb is not None and int(install_free_mb) < int(min_install_free_mb):
        findings.append('disk: %d MB free for %s, %d MB needed' % (int(install_free_mb), install_dir, int(min_install_free_mb)))

    for endpoint in unreachable or []:
        if isinstance(endpoint, dict):
            endpoint = '%s:%s' % (endpoint.get('host'), endpoint.get('port'))
        findings.append('network: %s cannot be reached from this host' % endpoint)
    return {'installer_tag': tag, 'findings': findings}
