# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Installer catalog of the Azure Site Recovery Mobility Service agent.

One place for the domain data every other part of the collection needs:

* which installer tag fits which operating system (``installer_tag``),
* which tags must be downloaded by hand into a configuration server's
  push-install repository (``needs_manual_download``),
* how vendor installer file names are built and how to pick the newest
  (or a pinned) installer among many files (``parse_installer_name``,
  ``select_installer``).

The table follows the vendor's published installer list: every operating
system of the 2020 list, plus the tags that were added later (RHEL 9 and its
rebuilds, Oracle Linux 9, Ubuntu 22.04/24.04, Debian 10-12). Installers exist
for x86_64 only. Pure Python, no Ansible imports, so that the module, filter
and unit tests all share it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

SUPPORTED_ARCHITECTURES = ('x86_64',)
WINDOWS_ARCHITECTURES = ('64-bit',)

# Distribution names exactly as Ansible's fact gathering reports them.
_EL = ('RedHat', 'CentOS')
_EL_REBUILDS = ('RedHat', 'CentOS', 'Rocky', 'AlmaLinux')
_SLES = ('SLES', 'SLES_SAP')

# One row per installer tag. ``versions`` are matched against the
# distribution version as Ansible reports it (``distribution_version``):
#   'min'/'max' bound the version (inclusive, compared numerically);
#   'major' matches ``distribution_major_version``;
#   'exact' lists accepted versions.
# ``manual_since`` is the agent version from which the vendor no longer ships
# that installer in the configuration server's push-install repository, so it
# has to be downloaded by hand and copied there (classic architecture).
INSTALLER_TABLE = (
    {'tag': 'Windows', 'system': 'Win32NT', 'distributions': ('*',),
     'versions': {'min': '6.1.7601'},
     'label': 'Windows Server 2008 R2 SP1 and later, Windows 7 SP1 and later'},
    {'tag': 'RHEL5-64', 'distributions': _EL, 'versions': {'min': '5.2', 'max': '5.11'},
     'manual_since': '9.36', 'label': 'RHEL / CentOS 5.2-5.11'},
    {'tag': 'RHEL6-64', 'distributions': _EL, 'versions': {'major': '6'},
     'label': 'RHEL / CentOS 6'},
    {'tag': 'RHEL7-64', 'distributions': _EL, 'versions': {'major': '7'},
     'label': 'RHEL / CentOS 7'},
    {'tag': 'RHEL8-64', 'distributions': _EL_REBUILDS, 'versions': {'major': '8'},
     'label': 'RHEL / CentOS / Rocky / AlmaLinux 8'},
    {'tag': 'RHEL9-64', 'distributions': _EL_REBUILDS, 'versions': {'major': '9'},
     'label': 'RHEL / CentOS Stream / Rocky / AlmaLinux 9'},
    {'tag': 'OL6-64', 'distributions': ('OracleLinux',), 'versions': {'min': '6.4', 'max': '6.99'},
     'label': 'Oracle Linux 6.4 and later 6.x'},
    {'tag': 'OL7-64', 'distributions': ('OracleLinux',), 'versions': {'major': '7'},
     'label': 'Oracle Linux 7'},
    {'tag': 'OL8-64', 'distributions': ('OracleLinux',), 'versions': {'major': '8'},
     'label': 'Oracle Linux 8'},
    {'tag': 'OL9-64', 'distributions': ('OracleLinux',), 'versions': {'major': '9'},
     'label': 'Oracle Linux 9'},
    {'tag': 'SLES11-SP3-64', 'distributions': _SLES, 'versions': {'exact': ('11.3',)},
     'manual_since': '9.36', 'label': 'SUSE Linux Enterprise Server 11 SP3'},
    {'tag': 'SLES11-SP4-64', 'distributions': _SLES, 'versions': {'exact': ('11.4',)},
     'manual_since': '9.36', 'label': 'SUSE Linux Enterprise Server 11 SP4'},
    {'tag': 'SLES12-64', 'distributions': _SLES, 'versions': {'min': '12.1', 'max': '12.5'},
     'label': 'SUSE Linux Enterprise Server 12 SP1-SP5'},
    {'tag': 'SLES15-64', 'distributions': _SLES + ('openSUSE Leap',), 'versions': {'major': '15'},
     'label': 'SUSE Linux Enterprise Server 15 (all service packs), openSUSE Leap 15'},
    {'tag': 'UBUNTU-14.04-64', 'distributions': ('Ubuntu',), 'versions': {'exact': ('14.04',)},
     'manual_since': '9.42', 'label': 'Ubuntu 14.04'},
    {'tag': 'UBUNTU-16.04-64', 'distributions': ('Ubuntu',), 'versions': {'exact': ('16.04',)},
     'label': 'Ubuntu 16.04'},
    {'tag': 'UBUNTU-18.04-64', 'distributions': ('Ubuntu',), 'versions': {'exact': ('18.04',)},
     'label': 'Ubuntu 18.04'},
    {'tag': 'UBUNTU-20.04-64', 'distributions': ('Ubuntu',), 'versions': {'exact': ('20.04',)},
     'label': 'Ubuntu 20.04'},
    {'tag': 'UBUNTU-22.04-64', 'distributions': ('Ubuntu',), 'versions': {'exact': ('22.04',)},
     'label': 'Ubuntu 22.04'},
    {'tag': 'UBUNTU-24.04-64', 'distributions': ('Ubuntu',), 'versions': {'exact': ('24.04',)},
     'label': 'Ubuntu 24.04'},
    {'tag': 'DEBIAN7-64', 'distributions': ('Debian',), 'versions': {'major': '7'},
     'manual_since': '9.36', 'label': 'Debian 7'},
    {'tag': 'DEBIAN8-64', 'distributions': ('Debian',), 'versions': {'major': '8'},
     'manual_since': '9.36', 'label': 'Debian 8'},
    {'tag': 'DEBIAN9-64', 'distributions': ('Debian',), 'versions': {'major': '9'},
     'manual_since': '9.52', 'label': 'Debian 9'},
    {'tag': 'DEBIAN10-64', 'distributions': ('Debian',), 'versions': {'major': '10'},
     'label': 'Debian 10'},
    {'tag': 'DEBIAN11-64', 'distributions': ('Debian',), 'versions': {'major': '11'},
     'label': 'Debian 11'},
    {'tag': 'DEBIAN12-64', 'distributions': ('Debian',), 'versions': {'major': '12'},
     'label': 'Debian 12'},
)

KNOWN_TAGS = tuple(row['tag'] for row in INSTALLER_TABLE)

_NAME_RE = re.compile(
    r'^Microsoft-ASR_UA_(?P<version>\d+(?:\.\d+){1,3})_(?P<tag>[A-Za-z0-9.-]+?)_GA_'
    r'(?P<date>\d{1,2}[A-Za-z]{3}\d{4})_release\.(?P<ext>tar\.gz|exe)$')
_MONTHS = ('jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec')


class CatalogError(ValueError):
    """Raised for an unsupported system or an unusable installer choice."""


def version_tuple(version):
    """Return a comparable tuple of integers for a dotted version string.

    Non-numeric parts (``7.9.2009`` is fine, ``8.6-beta`` keeps ``8.6``) end
    the parse; an empty or non-numeric string gives an empty tuple.
    """
    parts = []
    for piece in str(version or '').strip().split('.'):
        match = re.match(r'^(\d+)', piece)
        if not match:
            break
        parts.append(int(match.group(1)))
        if match.group(1) != piece:
            break
    return tuple(parts)


def _cmp_prefix(version, bound):
    """Compare ``version`` with ``bound`` on the bound's precision.

    ``5.11`` against bound ``5.11`` is equal, ``6.10`` against max ``6.99`` is
    below; a version with fewer parts than the bound is padded with zeros.
    """
    v = version_tuple(version)
    b = version_tuple(bound)
    v = (v + (0,) * len(b))[:len(b)]
    return (v > b) - (v < b)


def _effective_version(facts):
    """The distribution version, with SUSE service packs folded in.

    SLES reports ``11.3`` for 11 SP3 from ``/etc/os-release``; when only the
    major version is known, the service pack comes from
    ``distribution_release`` (the PATCHLEVEL of ``/etc/SuSE-release``).
    """
    version = str(facts.get('distribution_version') or '')
    release = str(facts.get('distribution_release') or '')
    if facts.get('distribution') in _SLES and len(version_tuple(version)) == 1 and release.isdigit():
        version = '%s.%s' % (version_tuple(version)[0], release)
    return version


def _row_matches_version(row, facts):
    rule = row['versions']
    version = _effective_version(facts)
    major = str(facts.get('distribution_major_version') or '')
    if not version_tuple(version) and not major:
        return False
    if 'major' in rule:
        found = major or '.'.join(str(p) for p in version_tuple(version)[:1])
        if found != rule['major']:
            return False
    if 'exact' in rule:
        if not any(_cmp_prefix(version, want) == 0 and len(version_tuple(version)) >= len(version_tuple(want))
                   for want in rule['exact']):
            return False
    if 'min' in rule and _cmp_prefix(version, rule['min']) < 0:
        return False
    if 'max' in rule and _cmp_prefix(version, rule['max']) > 0:
        return False
    return True


def _describe(facts):
    distribution = facts.get('distribution') or facts.get('system') or 'unknown system'
    version = facts.get('distribution_version') or facts.get('distribution_major_version') or ''
    return ('%s %s' % (distribution, version)).strip()


def supported_systems(table=None):
    """Human-readable list of what the table supports, one entry per tag."""
    return ['%s (%s)' % (row['label'], row['tag']) for row in (table or INSTALLER_TABLE)]


def _validate_rows(rows):
    for row in rows:
        if not isinstance(row, dict) or not row.get('tag') or not row.get('distributions') \
                or not isinstance(row.get('versions'), dict):
            raise CatalogError(
                "an extra catalog row needs 'tag', 'distributions' (list) and 'versions' "
                "(dict with major, exact, min or max); got %r" % (row,))


def installer_tag(facts, extra_rows=None):
    """Return the installer tag that fits a host, from its gathered facts.

    ``facts`` is ``ansible_facts`` (keys without the ``ansible_`` prefix). Only
    the standard keys ``system``, ``os_family``, ``distribution``,
    ``distribution_version``, ``distribution_major_version``,
    ``distribution_release`` and ``architecture`` are used. ``extra_rows``
    (same shape as :data:`INSTALLER_TABLE` rows, checked first) lets a user
    add or override a mapping without changing the collection.

    Raises :class:`CatalogError` naming what was found and what is supported.
    """
    if not isinstance(facts, dict):
        raise CatalogError('installer_tag expects the host facts as a dictionary, got %s'
                           % type(facts).__name__)
    extra_rows = list(extra_rows or [])
    _validate_rows(extra_rows)
    table = tuple(extra_rows) + INSTALLER_TABLE
    system = str(facts.get('system') or '')
    architecture = str(facts.get('architecture') or '')
    is_windows = system == 'Win32NT' or facts.get('os_family') == 'Windows'

    if is_windows:
        if architecture not in WINDOWS_ARCHITECTURES:
            raise CatalogError(
                'unsupported architecture %r on %s: the Mobility Service installers exist for '
                '64-bit systems only' % (architecture or 'unknown', _describe(facts)))
        for row in table:
            if row.get('system') == 'Win32NT' and _row_matches_version(row, facts):
                return row['tag']
        raise CatalogError(
            'unsupported Windows version %s (%s): supported are %s'
            % (facts.get('distribution_version') or 'unknown', _describe(facts),
               '; '.join(supported_systems([r for r in table if r.get('system') == 'Win32NT']))))

    if system and system != 'Linux':
        raise CatalogError('unsupported system %r (%s): supported are Linux and Windows'
                           % (system, _describe(facts)))
    if architecture not in SUPPORTED_ARCHITECTURES:
        raise CatalogError(
            'unsupported architecture %r on %s: the Mobility Service installers exist for '
            'x86_64 only' % (architecture or 'unknown', _describe(facts)))

    distribution = str(facts.get('distribution') or '')
    linux_rows = [r for r in table if r.get('system', 'Linux') == 'Linux']
    known = [r for r in linux_rows if distribution in r['distributions']]
    for row in known:
        if _row_matches_version(row, facts):
            return row['tag']
    if known:
        raise CatalogError('unsupported version %s: for %s the supported versions are %s'
                           % (_describe(facts), distribution, '; '.join(supported_systems(known))))
    raise CatalogError('unsupported distribution %s: supported are %s'
                       % (_describe(facts), '; '.join(supported_systems(linux_rows))))


def needs_manual_download(tag, agent_version=None):
    """True when the vendor expects this tag's installer to be copied by hand
    into the push-install repository (for ``agent_version``, or for any
    current version when not given)."""
    for row in INSTALLER_TABLE:
        if row['tag'] == tag:
            since = row.get('manual_since')
            if not since:
                return False
            if agent_version is None:
                return True
            return version_tuple(agent_version) >= version_tuple(since)
    raise CatalogError('unknown installer tag %r: known tags are %s' % (tag, ', '.join(KNOWN_TAGS)))


def manual_download_tags(agent_version=None):
    """All tags whose installer must be downloaded by hand."""
    return [row['tag'] for row in INSTALLER_TABLE if needs_manual_download(row['tag'], agent_version)]


def _date_key(date):
    match = re.match(r'^(\d{1,2})([A-Za-z]{3})(\d{4})$', date or '')
    if not match or match.group(2).lower() not in _MONTHS:
        return (0, 0, 0)
    return (int(match.group(3)), _MONTHS.index(match.group(2).lower()) + 1, int(match.group(1)))


def parse_installer_name(name):
    """Parse a vendor installer file name (a base name or a path).

    Returns a dict with ``file``, ``version``, ``tag``, ``date`` and ``kind``
    (``tar.gz`` or ``exe``), or ``None`` for a name that is not a Mobility
    Service installer.
    """
    base = str(name).replace('\\', '/').rsplit('/', 1)[-1]
    match = _NAME_RE.match(base)
    if not match:
        return None
    info = match.groupdict()
    if _date_key(info['date']) == (0, 0, 0):
        return None
    kind = info.pop('ext')
    if (kind == 'exe') != (info['tag'] == 'Windows'):
        return None
    info['kind'] = kind
    info['file'] = base
    return info


def version_matches_pin(version, pin):
    """A pin matches a version when it is equal on the pin's precision:
    ``9.66`` matches ``9.66.7567.1``; ``9.66.7567.1`` matches only itself."""
    pin_t = version_tuple(pin)
    return bool(pin_t) and version_tuple(version)[:len(pin_t)] == pin_t


def select_installer(names, tag, version=None):
    """Pick the installer for ``tag`` among file names.

    Unrelated files are ignored. With ``version`` (a pin such as ``9.66`` or
    ``9.66.7567.1``) only matching versions are considered. Among the
    candidates the highest version wins, then the latest date.
    Returns the parsed dict (see :func:`parse_installer_name`) of the choice.
    Raises :class:`CatalogError` when nothing fits, naming what was found.
    """
    if version is not None and str(version).strip() != '' and not version_tuple(version):
        raise CatalogError('invalid version pin %r: expected a dotted number such as 9.66 or 9.66.7567.1'
                           % (version,))
    parsed = [p for p in (parse_installer_name(n) for n in names or []) if p]
    for_tag = [p for p in parsed if p['tag'] == tag]
    if not for_tag:
        raise CatalogError('no installer for tag %s among %d file(s)%s' % (
            tag, len(list(names or [])),
            (': found tags %s' % ', '.join(sorted(set(p['tag'] for p in parsed)))) if parsed else ''))
    candidates = for_tag
    if version is not None and str(version).strip() != '':
        candidates = [p for p in for_tag if version_matches_pin(p['version'], version)]
        if not candidates:
            raise CatalogError('no installer for tag %s matches version %s: available versions are %s' % (
                tag, version, ', '.join(sorted(set(p['version'] for p in for_tag), key=version_tuple))))
    return max(candidates, key=lambda p: (version_tuple(p['version']), _date_key(p['date']), p['file']))


def select_installers_per_tag(names, version=None, tags=None):
    """The installer to stage for every tag found among ``names`` (or only
    for ``tags``): the newest, or the pinned ``version`` where that tag has
    it. A tag asked for in ``tags`` without any file raises CatalogError.
    Sorted by tag; each entry also says whether the vendor expects that
    installer to be downloaded by hand (``manual_download``)."""
    parsed = [p for p in (parse_installer_name(n) for n in names or []) if p]
    found = sorted(set(p['tag'] for p in parsed))
    wanted = list(tags) if tags else found
    chosen = []
    for tag in sorted(wanted):
        pinned = version if version and any(
            version_matches_pin(p['version'], version) for p in parsed if p['tag'] == tag) else None
        choice = dict(select_installer(names, tag, pinned))
        known = tag in KNOWN_TAGS
        choice['manual_download'] = known and needs_manual_download(tag, choice['version'])
        chosen.append(choice)
    return chosen
