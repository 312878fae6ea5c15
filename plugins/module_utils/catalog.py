# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Installer catalog of the Azure Site Recovery Mobility Service agent.

One place for the domain data every other part of the collection needs:

* which installer tag fits which operating system (``installer_tag``), and
  whether the classic architecture (CSLegacy) may protect it or only the
  modernized one (CSPrime) (``installer_tag(..., cs_type=...)``,
  ``supported_cs_types``),
* which tags must be downloaded by hand into a configuration server's
  push-install repository (``needs_manual_download``),
* how vendor installer file names are built and how to pick the newest
  (or a pinned) installer among many files, never one newer than the
  configuration server when its version is known (``parse_installer_name``,
  ``select_installer``).

The table follows the vendor's published installer list: every operating
system of the 2020 list, plus the tags that were added later (RHEL 9 and its
rebuilds, Oracle Linux 9, Ubuntu 22.04/24.04, Debian 10-12, RHEL 10 and
Oracle Linux 10), and the limits of the support matrix (systems it removed or
never listed, systems only the modernized architecture supports). Installers
exist for x86_64 only. Pure Python, no Ansible imports, so that the module,
filter and unit tests all share it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

SUPPORTED_ARCHITECTURES = ('x86_64',)
WINDOWS_ARCHITECTURES = ('64-bit',)
# The architectures of Azure Site Recovery for VMware and physical machines: classic (configuration server,
# process servers) and modernized (replication appliance).
CS_TYPES = ('CSLegacy', 'CSPrime')
_CS_TYPE_NAMES = {'CSLegacy': 'classic', 'CSPrime': 'modernized'}

# Distribution names exactly as Ansible's fact gathering reports them.
_EL = ('RedHat', 'CentOS')
_EL_REBUILDS = ('RedHat', 'CentOS', 'Rocky', 'AlmaLinux')
_EL10 = ('RedHat', 'Rocky', 'AlmaLinux')
_SLES = ('SLES', 'SLES_SAP')

# ansible-core reports CentOS Stream as distribution CentOS with distribution_release 'Stream'. The vendor's
# OS detection recognises "CentOS Linux release 8/9" only, never "CentOS Stream release ...".
_NO_CENTOS_STREAM = {
    'distributions': ('CentOS',), 'releases': ('Stream',),
    'reason': "CentOS Stream is not supported (the installer's OS detection recognises CentOS Linux only)"}

# One row per installer tag. ``versions`` are matched against the
# distribution version as Ansible reports it (``distribution_version``):
#   'min'/'max' bound the version (inclusive, compared numerically);
#   'major' matches ``distribution_major_version``;
#   'exact' lists accepted versions.
# ``manual_since`` is the agent version from which the vendor no longer ships
# that installer in the configuration server's push-install repository, so it
# has to be downloaded by hand and copied there (classic architecture).
# ``exclude`` lists systems a row would match but the vendor does not support:
# each entry has a ``reason`` and conditions that must all hold: ``versions``
# (a rule like the row's), ``releases`` (``distribution_release`` values,
# compared without case) and/or ``distributions`` (a subset of the row's).
# ``cs_types`` restricts the architectures the row's systems may use (all of
# CS_TYPES when absent); ``cs_types_versions`` (a version rule) limits that
# restriction to some versions.
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
     'exclude': (_NO_CENTOS_STREAM,),
     'label': 'RHEL / CentOS Linux / Rocky / AlmaLinux 8'},
    {'tag': 'RHEL9-64', 'distributions': _EL_REBUILDS, 'versions': {'major': '9'},
     'exclude': (_NO_CENTOS_STREAM,),
     'cs_types': ('CSPrime',), 'cs_types_versions': {'max': '9.1'},
     'label': 'RHEL / CentOS Linux / Rocky / AlmaLinux 9 (9.0 and 9.1: modernized only)'},
    {'tag': 'RHEL10-64', 'distributions': _EL10, 'versions': {'major': '10'},
     'cs_types': ('CSPrime',), 'label': 'RHEL / Rocky / AlmaLinux 10 (modernized only)'},
    {'tag': 'OL6-64', 'distributions': ('OracleLinux',), 'versions': {'min': '6.4', 'max': '6.99'},
     'label': 'Oracle Linux 6.4 and later 6.x'},
    {'tag': 'OL7-64', 'distributions': ('OracleLinux',), 'versions': {'major': '7'},
     'label': 'Oracle Linux 7'},
    {'tag': 'OL8-64', 'distributions': ('OracleLinux',), 'versions': {'major': '8'},
     'label': 'Oracle Linux 8'},
    {'tag': 'OL9-64', 'distributions': ('OracleLinux',), 'versions': {'major': '9'},
     'exclude': ({'versions': {'exact': ('9.0', '9.1')},
                  'reason': 'Oracle Linux 9.0 and 9.1 were removed from the support matrix (9.2 and later are '
                            'supported)'},),
     'label': 'Oracle Linux 9.2 and later 9.x'},
    {'tag': 'OL10-64', 'distributions': ('OracleLinux',), 'versions': {'major': '10'},
     'cs_types': ('CSPrime',), 'label': 'Oracle Linux 10 (modernized only)'},
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
     'cs_types': ('CSPrime',), 'label': 'Ubuntu 22.04 (modernized only)'},
    {'tag': 'UBUNTU-24.04-64', 'distributions': ('Ubuntu',), 'versions': {'exact': ('24.04',)},
     'label': 'Ubuntu 24.04'},
    {'tag': 'DEBIAN7-64', 'distributions': ('Debian',), 'versions': {'major': '7'},
     'manual_since': '9.36', 'label': 'Debian 7'},
    {'tag': 'DEBIAN8-64', 'distributions': ('Debian',), 'versions': {'major': '8'},
     'manual_since': '9.36', 'label': 'Debian 8'},
    {'tag': 'DEBIAN9-64', 'distributions': ('Debian',), 'versions': {'major': '9'},
     'exclude': ({'versions': {'exact': ('9.0',)},
                  'reason': 'Debian 9.0 is not supported by the support matrix (later 9.x releases are)'},),
     'manual_since': '9.52', 'label': 'Debian 9.1 and later 9.x'},
    {'tag': 'DEBIAN10-64', 'distributions': ('Debian',), 'versions': {'major': '10'},
     'label': 'Debian 10'},
    {'tag': 'DEBIAN11-64', 'distributions': ('Debian',), 'versions': {'major': '11'},
     'label': 'Debian 11'},
    {'tag': 'DEBIAN12-64', 'distributions': ('Debian',), 'versions': {'major': '12'},
     'label': 'Debian 12'},
)

KNOWN_TAGS = tuple(row['tag'] for row in INSTALLER_TABLE)

# The vendor spells the suffix both ``_release`` and ``_Release``: it is matched without case (spelled out
# letter by letter, as scoped inline flags need Python 3.6 and this file also runs on the managed hosts).
_RELEASE = ''.join('[%s%s]' % (letter.upper(), letter) for letter in 'release')
_NAME_RE = re.compile(
    r'^Microsoft-ASR_UA_(?P<version>\d+(?:\.\d+){1,3})_(?P<tag>[A-Za-z0-9.-]+?)_GA_'
    r'(?P<date>\d{1,2}[A-Za-z]{3}\d{4})_' + _RELEASE + r'\.(?P<ext>tar\.gz|exe)$')
_MONTHS = ('jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec')


class CatalogError(ValueError):
    """Raised for an unsupported system or an unusable installer choice."""


def same_version(left, right):
    """Whether two dotted versions are the same number (``9.66`` is ``9.66.0.0``)."""
    a, b = version_tuple(left), version_tuple(right)
    width = max(len(a), len(b))
    return a + (0,) * (width - len(a)) == b + (0,) * (width - len(b))


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


def _matches_rule(rule, facts):
    """Whether the host's version satisfies a version rule (see INSTALLER_TABLE)."""
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


def _row_matches_version(row, facts):
    return _matches_rule(row['versions'], facts)


def _exclusion(row, facts):
    """The reason a row's exclusion refuses the host, or None."""
    release = str(facts.get('distribution_release') or '').lower()
    for entry in row.get('exclude') or ():
        if 'distributions' in entry and facts.get('distribution') not in entry['distributions']:
            continue
        if 'releases' in entry and release not in [str(r).lower() for r in entry['releases']]:
            continue
        if 'versions' in entry and not _matches_rule(entry['versions'], facts):
            continue
        return entry['reason']
    return None


def _row_cs_types(row, facts):
    """The architectures the row allows for this host's version."""
    allowed = tuple(row.get('cs_types') or CS_TYPES)
    if row.get('cs_types_versions') and not _matches_rule(row['cs_types_versions'], facts):
        return CS_TYPES
    return tuple(cs for cs in CS_TYPES if cs in allowed)


def _describe(facts):
    distribution = facts.get('distribution') or facts.get('system') or 'unknown system'
    version = facts.get('distribution_version') or facts.get('distribution_major_version') or ''
    return ('%s %s' % (distribution, version)).strip()


def supported_systems(table=None):
    """Human-readable list of what the table supports, one entry per tag."""
    return ['%s (%s)' % (row['label'] if row.get('label') else ', '.join(row['distributions']), row['tag'])
            for row in (table or INSTALLER_TABLE)]


def _rule_ok(rule):
    return isinstance(rule, dict)


def _validate_rows(rows):
    for row in rows:
        if not isinstance(row, dict) or not row.get('tag') or not row.get('distributions') \
                or not _rule_ok(row.get('versions')):
            raise CatalogError(
                "an extra catalog row needs 'tag', 'distributions' (list) and 'versions' "
                "(dict with major, exact, min or max); got %r" % (row,))
        cs_types = row.get('cs_types')
        if cs_types is not None and (not isinstance(cs_types, (list, tuple)) or not cs_types
                                     or any(cs not in CS_TYPES for cs in cs_types)):
            raise CatalogError("an extra catalog row's 'cs_types' is a list of %s; got %r"
                               % (' and/or '.join(CS_TYPES), cs_types))
        if 'cs_types_versions' in row and not _rule_ok(row['cs_types_versions']):
            raise CatalogError("an extra catalog row's 'cs_types_versions' is a version rule (dict with major, "
                               "exact, min or max); got %r" % (row['cs_types_versions'],))
        exclude = row.get('exclude')
        if exclude is not None and (not isinstance(exclude, (list, tuple)) or not all(
                isinstance(e, dict) and e.get('reason')
                and any(k in e for k in ('versions', 'releases', 'distributions'))
                and ('versions' not in e or _rule_ok(e['versions'])) for e in exclude)):
            raise CatalogError("an extra catalog row's 'exclude' is a list of dicts, each with a 'reason' and "
                               "'versions', 'releases' and/or 'distributions'; got %r" % (exclude,))


def _check_cs_type(cs_type):
    if cs_type is not None and str(cs_type) != '' and cs_type not in CS_TYPES:
        raise CatalogError('unknown CS type %r: known are %s' % (cs_type, ', '.join(CS_TYPES)))


def _host_row(facts, extra_rows):
    """The first catalog row (extra rows first) that fits the host. Raises
    CatalogError naming what was found and what is supported, or why the
    vendor does not support the host."""
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
                return row
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
            reason = _exclusion(row, facts)
            if reason:
                raise CatalogError('unsupported version %s: %s' % (_describe(facts), reason))
            return row
    if known:
        raise CatalogError('unsupported version %s: for %s the supported versions are %s'
                           % (_describe(facts), distribution, '; '.join(supported_systems(known))))
    raise CatalogError('unsupported distribution %s: supported are %s'
                       % (_describe(facts), '; '.join(supported_systems(linux_rows))))


def installer_tag(facts, extra_rows=None, cs_type=None):
    """Return the installer tag that fits a host, from its gathered facts.

    ``facts`` is ``ansible_facts`` (keys without the ``ansible_`` prefix). Only
    the standard keys ``system``, ``os_family``, ``distribution``,
    ``distribution_version``, ``distribution_major_version``,
    ``distribution_release`` and ``architecture`` are used. ``extra_rows``
    (same shape as :data:`INSTALLER_TABLE` rows, checked first) lets a user
    add or override a mapping without changing the collection. With
    ``cs_type`` (``CSLegacy`` or ``CSPrime``), a system that architecture
    cannot protect is refused too.

    Raises :class:`CatalogError` naming what was found and what is supported.
    """
    _check_cs_type(cs_type)
    row = _host_row(facts, extra_rows)
    if cs_type:
        allowed = _row_cs_types(row, facts)
        if cs_type not in allowed:
            raise CatalogError(
                '%s (installer %s) is supported on the %s architecture only (%s): a %s (%s) rollout cannot '
                'protect it' % (_describe(facts), row['tag'], ' and '.join(_CS_TYPE_NAMES[c] for c in allowed),
                                ', '.join(allowed), _CS_TYPE_NAMES[cs_type], cs_type))
    return row['tag']


def supported_cs_types(facts, extra_rows=None):
    """The architectures (``CSLegacy``, ``CSPrime``) that can protect a host.
    Raises :class:`CatalogError` like :func:`installer_tag`."""
    return list(_row_cs_types(_host_row(facts, extra_rows), facts))


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


def _given(value):
    return value is not None and str(value).strip() != ''


def select_installer(names, tag, version=None, server_version=None):
    """Pick the installer for ``tag`` among file names.

    Unrelated files are ignored. With ``version`` (a pin such as ``9.66`` or
    ``9.66.7567.1``) only matching versions are considered. With
    ``server_version`` (the version of the configuration server and process
    servers the agent works with) only installers not newer than it are: the
    vendor upgrades the servers first, and an agent never runs a newer
    version than its server. Among the candidates the highest version wins,
    then the latest date.

    Returns the parsed dict (see :func:`parse_installer_name`) of the choice,
    with ``reason`` (a sentence saying why this one), ``capped`` (True when a
    newer installer was left out for the server's sake) and
    ``skipped_version`` (the newest installer left out, or None).
    Raises :class:`CatalogError` when nothing fits, naming what was found.
    """
    if _given(version) and not version_tuple(version):
        raise CatalogError('invalid version pin %r: expected a dotted number such as 9.66 or 9.66.7567.1'
                           % (version,))
    if _given(server_version) and not version_tuple(server_version):
        raise CatalogError('invalid server version %r: expected a dotted number such as 9.66 or 9.66.7567.1'
                           % (server_version,))
    parsed = [p for p in (parse_installer_name(n) for n in names or []) if p]
    for_tag = [p for p in parsed if p['tag'] == tag]
    if not for_tag:
        raise CatalogError('no installer for tag %s among %d file(s)%s' % (
            tag, len(list(names or [])),
            (': found tags %s' % ', '.join(sorted(set(p['tag'] for p in parsed)))) if parsed else ''))
    candidates = for_tag
    pinned = ''
    if _given(version):
        pinned = ' matching version %s' % str(version).strip()
        candidates = [p for p in for_tag if version_matches_pin(p['version'], version)]
        if not candidates:
            raise CatalogError('no installer for tag %s matches version %s: available versions are %s' % (
                tag, version, ', '.join(_versions(for_tag))))

    def newest(files):
        return max(files, key=lambda p: (version_tuple(p['version']), _date_key(p['date']), p['file']))

    best = newest(candidates)
    if not _given(server_version):
        return dict(best, capped=False, skipped_version=None,
                    reason='the newest installer for %s%s: %s' % (tag, pinned, best['version']))
    server = str(server_version).strip()
    allowed = [p for p in candidates if _cmp_prefix(p['version'], server) <= 0]
    if not allowed:
        raise CatalogError(
            'no installer for tag %s%s is old enough for the configuration server / process server version %s: '
            'the available ones are newer (%s); an agent must not be newer than its server: upgrade the server '
            'first, or add an installer of version %s or older' % (
                tag, pinned, server, ', '.join(_versions(candidates)), server))
    choice = newest(allowed)
    if same_version(choice['version'], best['version']):
        return dict(choice, capped=False, skipped_version=None,
                    reason='the newest installer for %s%s: %s (not newer than the server version %s)' % (
                        tag, pinned, choice['version'], server))
    return dict(choice, capped=True, skipped_version=best['version'],
                reason='installer %s chosen for %s, not the newer %s: the configuration server / process server '
                       'runs %s and an agent must not be newer than its server (upgrade the server to deploy %s)'
                       % (choice['version'], tag, best['version'], server, best['version']))


def _versions(parsed):
    return sorted(set(p['version'] for p in parsed), key=version_tuple)


def select_installers_per_tag(names, version=None, tags=None, server_version=None):
    """The installer to stage for every tag found among ``names`` (or only
    for ``tags``): the newest, or the pinned ``version`` where that tag has
    it, never newer than ``server_version`` when given (see
    :func:`select_installer`). A tag asked for in ``tags`` without any file,
    or without any file old enough, raises CatalogError. Sorted by tag; each
    entry also says whether the vendor expects that installer to be
    downloaded by hand (``manual_download``)."""
    parsed = [p for p in (parse_installer_name(n) for n in names or []) if p]
    found = sorted(set(p['tag'] for p in parsed))
    wanted = list(tags) if tags else found
    chosen = []
    for tag in sorted(wanted):
        pinned = version if version and any(
            version_matches_pin(p['version'], version) for p in parsed if p['tag'] == tag) else None
        choice = dict(select_installer(names, tag, pinned, server_version))
        known = tag in KNOWN_TAGS
        choice['manual_download'] = known and needs_manual_download(tag, choice['version'])
        chosen.append(choice)
    return chosen
