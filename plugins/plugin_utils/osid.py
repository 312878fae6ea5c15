# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Facts of a Linux host computed on the controller from its identity files.

A host without Python cannot run ``setup``. It can still print, with one POSIX
shell command, the files listed in ``IDENTITY_FILES`` (plus ``uname -m`` and
``/proc/meminfo``). ``facts_from_files`` turns that text into the facts
ansible-core 2.19's fact gathering would report on the same host:

* ``system`` and ``architecture``, as the ``platform`` collector computes them;
* ``distribution``, ``distribution_version``, ``distribution_major_version``,
  ``distribution_release`` and ``os_family``, as the ``distribution``
  collector computes them;
* ``memtotal_mb``, ``memfree_mb`` and ``memory_mb``, as the Linux hardware
  collector computes them from ``/proc/meminfo``.

How ansible-core reaches its answer, in two stages:

1. A baseline from the bundled ``distro`` library: the ``ID``, the version
   and the code name found in os-release, else in the output of the
   ``lsb_release -a`` command, else in the first line of the first
   ``/etc/<name>-release`` (or ``_release``, ``-version``, ``_version``) file
   in alphabetical order.  CentOS and Debian take the most precise version
   among all sources (``7.9.2009`` beats ``7``; ``12.5`` from
   ``/etc/debian_version`` beats ``12``); CentOS keeps two components.
2. A walk over a fixed, ordered list of (file, family) pairs.  The first file
   that exists, is not empty and whose content the family's rule accepts sets
   the distribution name and may correct the baseline (SUSE service packs,
   the Debian code name, CentOS Stream ...).

Both stages are re-created here for the distributions the collection
supports: Red Hat Enterprise Linux 5-9, CentOS 6-8 and CentOS Stream, Oracle
Linux 6-9, Rocky Linux, AlmaLinux, Fedora, Amazon Linux, SUSE Linux Enterprise
11-15, openSUSE Leap, Ubuntu and Debian.  Other distributions get a best
effort (the name and version from os-release) that is not guaranteed to match.

What files cannot tell:

* whether the host has the ``lsb_release`` command, which the distro library
  runs.  Pass its output as ``lsb_release`` when it has; without it the host
  is taken not to have the command.  It changes the answer where os-release
  carries no code name (Ubuntu 14.04, whose server installs have the command:
  ``trusty`` with it, ``Trusty Tahr`` without) and where there is no
  os-release at all (Oracle Linux 6 with redhat-lsb-core: ``n/a`` with it,
  ``NA`` without); elsewhere the answer is the same either way;
* SLES for SAP whose os-release has no ``VARIANT_ID`` is recognised by
  ansible-core from the target of the ``/etc/products.d/baseproduct`` link,
  which a file's content does not show: such a host reports ``SLES`` here;
* a Debian host whose os-release gives no code name, for which ansible-core
  asks ``dpkg`` about the tzdata package: the release stays ``NA`` here;
* Debian derivatives other than Ubuntu and Raspbian (Kali, Devuan, Mint,
  Cumulus ...), Arch, Alpine, Gentoo, Slackware, CoreOS and Flatcar.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import posixpath
import re
import shlex

# The files the shell command prints: os-release (either place), the release
# files of the supported families, /etc/lsb-release and /etc/debian_version,
# which ansible-core reads, and every other /etc/*-release file of those
# distributions, which the distro library may pick for its baseline. A file
# that does not exist is left out of the dictionary given to facts_from_files;
# a file that exists but is empty is given as ''. The command must follow
# symbolic links (cat does): several of these files are links to another one.
IDENTITY_FILES = (
    '/etc/os-release',
    '/usr/lib/os-release',
    '/etc/redhat-release',
    '/etc/centos-release',
    '/etc/oracle-release',
    '/etc/rocky-release',
    '/etc/almalinux-release',
    '/etc/fedora-release',
    '/etc/amazon-linux-release',
    '/etc/system-release',
    '/etc/SuSE-release',
    '/etc/lsb-release',
    '/etc/debian_version',
)

DISTRIBUTION_KEYS = ('distribution', 'distribution_version', 'distribution_major_version',
                     'distribution_release', 'os_family')

# os_family of each distribution name; a name not listed is its own family.
_FAMILIES = {
    'RedHat': ('RedHat', 'RHEL', 'Fedora', 'CentOS', 'Scientific', 'SLC', 'Ascendos', 'CloudLinux', 'PSBM',
               'OracleLinux', 'OVS', 'OEL', 'Amazon', 'Amzn', 'Virtuozzo', 'XenServer', 'Alibaba', 'EulerOS',
               'openEuler', 'AlmaLinux', 'Rocky', 'TencentOS', 'EuroLinux', 'Kylin Linux Advanced Server',
               'MIRACLE'),
    'Debian': ('Debian', 'Ubuntu', 'Raspbian', 'Neon', 'KDE neon', 'Linux Mint', 'SteamOS', 'Devuan', 'Kali',
               'Cumulus Linux', 'Pop!_OS', 'Parrot', 'Pardus GNU/Linux', 'Uos', 'Deepin', 'OSMC',
               'Linux Mint Debian Edition'),
    'Suse': ('SuSE', 'SLES', 'SLED', 'openSUSE', 'openSUSE Tumbleweed', 'SLES_SAP', 'SUSE_LINUX', 'openSUSE Leap',
             'ALP-Dolomite', 'SL-Micro', 'openSUSE MicroOS'),
    'Archlinux': ('Archlinux', 'Antergos', 'Manjaro'),
    'Mandrake': ('Mandrake', 'Mandriva'),
    'Slackware': ('Slackware',),
    'Altlinux': ('Altlinux',),
    'SMGL': ('SMGL',),
    'Gentoo': ('Gentoo', 'Funtoo'),
    'Alpine': ('Alpine',),
    'ClearLinux': ('Clear Linux OS', 'Clear Linux Mix'),
}
OS_FAMILY = dict((name, family) for family, names in _FAMILIES.items() for name in names)


def facts_from_files(files, machine, meminfo=None, lsb_release=None):
    """Facts of a Linux host, equal to those ``setup`` reports.

    ``files``: ``{absolute path: content}`` of the files of ``IDENTITY_FILES``
    that exist on the host (a missing key is a missing file).
    ``machine``: the output of ``uname -m``.
    ``meminfo``: the content of ``/proc/meminfo``, or None to leave the memory
    facts out.
    ``lsb_release``: the output of ``lsb_release -a`` if the host has that
    command, else None.
    """
    facts = {'system': 'Linux', 'architecture': architecture(machine)}
    facts.update(distribution_facts(files, lsb_release))
    if meminfo is not None:
        facts.update(memory_facts(meminfo))
    return facts


def architecture(machine):
    """``architecture`` from the machine hardware name (``uname -m``):
    ``x86_64`` as it is, any ``i386`` to ``i686`` (or ``i86pc``) as ``i386``,
    anything else unchanged."""
    machine = (machine or '').strip()
    if machine != 'x86_64' and re.search(r'i([3456]86|86pc)', machine):
        return 'i386'
    return machine


# --- memory -----------------------------------------------------------------

_REPORTED_MEMINFO = ('MemTotal', 'MemFree')
_USED_MEMINFO = ('MemTotal', 'MemFree', 'Buffers', 'Cached', 'SwapTotal', 'SwapFree', 'SwapCached')


def memory_facts(meminfo):
    """``memtotal_mb``, ``memfree_mb`` and ``memory_mb`` from the text of
    ``/proc/meminfo``.  Every value is the kB figure divided by 1024 and
    rounded down; a figure missing from the text gives None (or no
    ``*_mb`` key) as on a real host."""
    mb = {}
    for line in (meminfo or '').strip().splitlines():
        key, colon, value = line.partition(':')
        if colon and key in _USED_MEMINFO:
            mb[key] = int(value.strip().split(' ')[0]) // 1024

    def difference(minuend, subtrahend):
        if minuend is None or subtrahend is None:
            return None
        return minuend - subtrahend

    total, free = mb.get('MemTotal'), mb.get('MemFree')
    cache_parts = (mb.get('Cached'), free, mb.get('Buffers'))
    free_without_cache = None if None in cache_parts else sum(cache_parts)
    facts = dict(('%s_mb' % key.lower(), mb[key]) for key in _REPORTED_MEMINFO if key in mb)
    facts['memory_mb'] = {
        'real': {'total': total, 'used': difference(total, free), 'free': free},
        'nocache': {'free': free_without_cache, 'used': difference(total, free_without_cache)},
        'swap': {
            'total': mb.get('SwapTotal'),
            'free': mb.get('SwapFree'),
            'used': difference(mb.get('SwapTotal'), mb.get('SwapFree')),
            'cached': mb.get('SwapCached'),
        },
    }
    return facts


# --- stage 1: the baseline of the distro library ------------------------------

# Files under /etc named like a release file that are not one.
_NOT_RELEASE_FILES = frozenset(('debian_version', 'lsb-release', 'oem-release', 'os-release', 'system-release',
                                'plesk-release', 'iredmail-release', 'board-release', 'ec2_version'))
_RELEASE_FILE_NAME = re.compile(r'(\w+)[-_](release|version)$')
# A release line is "<name> [release] <version> [(<code name>)]"; it is read
# backwards so that the version is the last number-like word and the code name
# the last parenthesised group.
_RELEASE_LINE_BACKWARDS = re.compile(r'(?:[^)]*\)(.*)\()? *(?:STL )?([\d.+\-a-z]*\d) *(?:esaeler *)?(.+)')
# Identifiers as the distro library normalises them, per source.
_OS_RELEASE_IDS = {'ol': 'oracle', 'opensuse-leap': 'opensuse'}
_LSB_IDS = {'enterpriseenterpriseas': 'oracle', 'enterpriseenterpriseserver': 'oracle',
            'redhatenterpriseworkstation': 'rhel', 'redhatenterpriseserver': 'rhel',
            'redhatenterprisecomputenode': 'rhel'}
_RELEASE_FILE_IDS = {'redhat': 'rhel'}
_CODENAME_IN_VERSION = re.compile(r'\((\D+)\)|,\s*(\D+)')


def _first_line(text):
    """The first line of ``text`` with its line end ('' for an empty text)."""
    return re.match(r'[^\r\n]*(?:\r\n|\r|\n)?', text).group(0)


def _parse_release_line(line):
    """``name``, ``version_id`` and ``codename`` of a release line."""
    match = _RELEASE_LINE_BACKWARDS.match(line.strip()[::-1])
    if not match:
        return {'name': line.strip()} if line else {}
    info = {'name': match.group(3)[::-1]}
    if match.group(2):
        info['version_id'] = match.group(2)[::-1]
    if match.group(1):
        info['codename'] = match.group(1)[::-1]
    return info


def _parse_os_release(text):
    """The shell-style assignments of an os-release file, keys in lower case,
    plus ``codename`` when the file names one."""
    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace_split = True
    props = {}
    for word in lexer:
        key, equals, value = word.partition('=')
        if equals:
            props[key.lower()] = value
    if 'version' in props:
        found = _CODENAME_IN_VERSION.search(props['version'])
        if found:
            props['codename'] = props['release_codename'] = found.group(1) or found.group(2)
    if 'version_codename' in props:
        props['codename'] = props['version_codename']
    elif 'ubuntu_codename' in props:
        props['codename'] = props['ubuntu_codename']
    return props


def _parse_lsb_release(output):
    """``Key: value`` lines of ``lsb_release -a``, keys in lower case with
    ``_`` for blanks."""
    props = {}
    for line in (output or '').splitlines():
        key, colon, value = line.partition(':')
        if colon:
            props[key.replace(' ', '_').lower()] = value.strip()
    return props


class _Baseline:
    """The view of the distro library on the host's files."""

    def __init__(self, files, lsb_release):
        if '/etc/os-release' in files:
            self.os_release = _parse_os_release(files['/etc/os-release'])
        elif '/usr/lib/os-release' in files:
            self.os_release = _parse_os_release(files['/usr/lib/os-release'])
        else:
            self.os_release = {}
        self.lsb = _parse_lsb_release(lsb_release)
        self.release_file = self._release_file(files)
        self.debian_version = _first_line(files.get('/etc/debian_version', '')).rstrip()

    @staticmethod
    def _release_file(files):
        """The information of the first /etc release file that has a first line."""
        names = sorted(posixpath.basename(path) for path in files
                       if posixpath.dirname(path) == '/etc' and posixpath.basename(path) not in _NOT_RELEASE_FILES)
        for name in names:
            match = _RELEASE_FILE_NAME.match(name)
            if not match:
                continue
            info = _parse_release_line(_first_line(files['/etc/' + name]))
            if 'name' not in info:
                continue
            info['id'] = 'cloudlinux' if 'cloudlinux' in info['name'].lower() else match.group(1)
            return info
        return {}

    def id(self):
        for value, aliases in ((self.os_release.get('id'), _OS_RELEASE_IDS),
                               (self.lsb.get('distributor_id'), _LSB_IDS),
                               (self.release_file.get('id'), _RELEASE_FILE_IDS)):
            if value:
                value = value.lower().replace(' ', '_')
                return aliases.get(value, value)
        return ''

    def version(self, best=False):
        candidates = [
            self.os_release.get('version_id', ''),
            self.lsb.get('release', ''),
            self.release_file.get('version_id', ''),
            _parse_release_line(self.os_release.get('pretty_name', '')).get('version_id', ''),
            _parse_release_line(self.lsb.get('description', '')).get('version_id', ''),
        ]
        if self.id() == 'debian' or 'debian' in self.os_release.get('id_like', '').split():
            candidates.append(self.debian_version)
        if not best:
            return next((candidate for candidate in candidates if candidate), '')
        # the first of the candidates with the most dots
        chosen = ''
        for candidate in candidates:
            if chosen == '' or candidate.count('.') > chosen.count('.'):
                chosen = candidate
        return chosen

    def codename(self):
        if 'codename' in self.os_release:
            return self.os_release['codename']
        return self.lsb.get('codename') or self.release_file.get('codename') or ''

    def facts(self):
        """distribution, distribution_version, distribution_major_version and
        distribution_release before any release file rule."""
        ident = self.id()
        name = {'Amzn': 'Amazon', 'Rhel': 'Redhat'}.get(ident.capitalize(), ident.capitalize()) or 'OtherLinux'
        version = self.version()
        if ident == 'centos':
            version = '.'.join(self.version(best=True).split('.')[:2])
        elif ident == 'debian':
            version = self.version(best=True)
        codename = self.os_release.get('version_codename')
        if codename is None:
            codename = self.os_release.get('ubuntu_codename')
        if codename is None and ident == 'ubuntu':
            codename = self.lsb.get('codename')
        if codename is None:
            codename = self.codename() or None
        version = version or 'NA'
        return {
            'distribution': name,
            'distribution_version': version,
            'distribution_major_version': version.split('.')[0] or 'NA',
            'distribution_release': 'NA' if codename is None else codename,
        }


# --- stage 2: the release file rules -----------------------------------------
# Each rule gets the file content (surrounding blanks and quotes removed), the
# raw content, the path and the facts so far; it returns None when the content
# is not its family's, else the facts it sets or corrects.

def _named_after(marker, name):
    """The distribution is ``name`` if ``marker`` is in the file, else the
    file's first word (CentOS, Fedora, Rocky, AlmaLinux ... in
    /etc/redhat-release)."""
    def rule(data, raw, path, facts):
        return {'distribution': name if marker in data else data.split()[0]}
    return rule


def _centos_rule(data, raw, path, facts):
    if 'CentOS Stream' in data:
        return {'distribution_release': 'Stream'}
    if 'TencentOS Server' in data:
        return {'distribution': 'TencentOS'}
    return None


def _amazon_rule(data, raw, path, facts):
    if 'Amazon' not in data:
        return None
    found = {'distribution': 'Amazon'}
    if path == '/etc/os-release':
        version = re.search(r'VERSION_ID="(.*)"', data)
        if version:
            found['distribution_version'] = version.group(1)
            found['distribution_major_version'] = version.group(1).split('.')[0]
    else:
        numbers = [word for word in data.split() if word.isdigit()]
        found['distribution_version'] = numbers[0] if numbers else 'NA'
    return found


def _suse_rule(data, raw, path, facts):
    if 'suse' not in data.lower():
        return None
    lowered = data.lower()
    found = {}
    if path == '/etc/os-release':
        for line in data.splitlines():
            name = re.match(r'NAME=(.*)', line)
            if name:
                found['distribution'] = name.group(1).strip('"')
            version = re.match(r'VERSION_ID="?([0-9]+\.?[0-9]*)"?', line)
            if version:
                found['distribution_version'] = version.group(1)
                found['distribution_major_version'] = version.group(1).split('.')[0]
            # openSUSE: the release is the minor version; SLE: the service pack, 0 for none
            minor = re.match(r'VERSION_ID="?[0-9]+\.?([0-9]*)"?', line)
            if 'open' in lowered:
                if minor:
                    found['distribution_release'] = minor.group(1)
            elif 'enterprise' in lowered and minor:
                found['distribution_release'] = minor.group(1) or '0'
    elif path == '/etc/SuSE-release':
        if 'open' in lowered:
            found['distribution'] = raw.splitlines()[0].split()[0]
            for line in data.splitlines():
                codename = re.search('CODENAME *= *([^\n]+)', line)
                if codename:
                    found['distribution_release'] = codename.group(1).strip()
        elif 'enterprise' in lowered:
            if 'Server' in data:
                found['distribution'] = 'SLES'
            elif 'Desktop' in data:
                found['distribution'] = 'SLED'
            for line in data.splitlines():
                patchlevel = re.search('PATCHLEVEL = ([0-9]+)', line)
                if patchlevel:
                    found['distribution_release'] = patchlevel.group(1)
                    found['distribution_version'] = facts['distribution_version'] + '.' + patchlevel.group(1)
    variant = re.search(r'^VARIANT_ID="?([^"\n]*)"?', data, re.MULTILINE)
    if variant and variant.group(1) in ('server-sap', 'sles-sap'):
        found['distribution'] = 'SLES_SAP'
    elif variant and variant.group(1) == 'transactional':
        found['distribution'] = 'SL-Micro'
    return found


def _debian_rule(data, raw, path, facts):
    if 'Debian' in data or 'Raspbian' in data:
        found = {'distribution': 'Debian'}
        release = re.search(r'PRETTY_NAME=[^(]+ \(?([^)]+?)\)', data)
        if release:
            found['distribution_release'] = release.group(1)
        return found
    if 'Ubuntu' in data:
        return {'distribution': 'Ubuntu'}
    return None


def _clear_linux_rule(data, raw, path, facts):
    name = re.search('NAME="(.*)"', data)
    if name and 'Clear Linux' not in name.group(1):
        return None
    found = {}
    if name:
        found['distribution'] = name.group(1)
    version = re.search('VERSION_ID=(.*)', data)
    if version:
        found['distribution_version'] = found['distribution_major_version'] = version.group(1)
    release = re.search('ID=(.*)', data)
    if release:
        found['distribution_release'] = release.group(1)
    return found


def _os_release_rule(data, raw, path, facts):
    """Last resort: NAME, and VERSION when no version is known yet."""
    found = {}
    for line in data.splitlines():
        name = re.match('NAME=(.*)', line)
        if name:
            found['distribution'] = name.group(1).strip('"')
        version = re.match('VERSION=(.*)', line)
        if version and facts['distribution_version'] == 'NA':
            found['distribution_version'] = version.group(1).strip('"')
    return found


# (file, distribution name when the rule accepts the file, rule), in the order
# ansible-core tries them; families of other systems are left out.
_RELEASE_FILE_RULES = (
    ('/etc/oracle-release', 'OracleLinux', _named_after('Oracle Linux', 'OracleLinux')),
    ('/etc/centos-release', 'CentOS', _centos_rule),
    ('/etc/redhat-release', 'RedHat', _named_after('Red Hat', 'RedHat')),
    ('/etc/os-release', 'Amazon', _amazon_rule),
    ('/etc/system-release', 'Amazon', _amazon_rule),
    ('/etc/os-release', 'SUSE', _suse_rule),
    ('/etc/SuSE-release', 'SUSE', _suse_rule),
    ('/etc/os-release', 'Debian', _debian_rule),
    ('/etc/lsb-release', 'Debian', _debian_rule),
    ('/usr/lib/os-release', 'ClearLinux', _clear_linux_rule),
    ('/etc/os-release', 'NA', _os_release_rule),
)
_QUOTES = '\'"\\'


def distribution_facts(files, lsb_release=None):
    """``distribution``, ``distribution_version``,
    ``distribution_major_version``, ``distribution_release`` and
    ``os_family`` (see ``facts_from_files`` for the arguments)."""
    files = files or {}
    facts = _Baseline(files, lsb_release).facts()
    for path, name, rule in _RELEASE_FILE_RULES:
        raw = (files.get(path) or '').strip()
        if not raw:
            continue  # missing or empty: the next pair
        found = rule(raw.strip(_QUOTES), raw, path, facts)
        if found is not None:
            facts['distribution'] = name
            facts.update(found)
            break
    facts['os_family'] = OS_FAMILY.get(facts['distribution'], facts['distribution'])
    return dict((key, facts[key]) for key in DISTRIBUTION_KEYS)
