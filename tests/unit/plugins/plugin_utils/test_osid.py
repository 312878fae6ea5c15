# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""osid: facts from identity files, equal to ansible-core's own fact gathering.

The reference is ansible-core itself, never osid: each fixture becomes a host
root in a temporary directory (regular files and symbolic links), and
ansible-core's collectors run against that root. Their file reads are sent
below the root, the bundled ``distro`` library is given the root as its
``root_dir`` (so it neither reads the machine's own files nor runs the
machine's ``lsb_release``), and the module object answers like a host without
``lsb_release`` and ``dpkg``. osid gets what the shell command would print:
the content of each ``IDENTITY_FILES`` entry that exists, links followed.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib.util
import os
import platform

import pytest

import ansible.module_utils
from ansible.module_utils.common import sys_info
from ansible.module_utils.facts import utils as fact_utils
from ansible.module_utils.facts.hardware import linux as ansible_linux_hardware
from ansible.module_utils.facts.system import distribution as ansible_distribution
from ansible.module_utils.facts.system import platform as ansible_platform

from ansible_collections.siterecovery.mobility.plugins.plugin_utils import osid
from ansible_collections.siterecovery.mobility.tests.unit.plugins.plugin_utils import osid_fixtures

PERSONAS = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'lab', 'personas'))
# The persona built from the lab's base image without replacing its identity files.
BASE_IMAGE_PERSONA = 'debian12'
MEMORY_KEYS = ('memtotal_mb', 'memfree_mb', 'memory_mb')


def _load_bundled_distro():
    """ansible-core's own copy of the distro library (the one a target uses
    when its Python has no distro package), whatever this machine has."""
    path = os.path.join(os.path.dirname(ansible.module_utils.__file__), 'distro', '_distro.py')
    spec = importlib.util.spec_from_file_location('osid_test_bundled_distro', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BUNDLED_DISTRO = _load_bundled_distro()


# --- a host root on disk ----------------------------------------------------

def make_root(base, files, links):
    """Write the regular files and the links below ``base``; returns its path."""
    root = str(base)
    os.makedirs(os.path.join(root, 'etc'))
    for path, text in files.items():
        local = os.path.join(root, path.lstrip('/'))
        if not os.path.isdir(os.path.dirname(local)):
            os.makedirs(os.path.dirname(local))
        with open(local, 'w') as handle:
            handle.write(text)
    for path, target in links.items():
        local = os.path.join(root, path.lstrip('/'))
        if not os.path.isdir(os.path.dirname(local)):
            os.makedirs(os.path.dirname(local))
        os.symlink(target, local)
    return root


def read_identity_files(root):
    """What the shell command prints: each identity file that exists, read
    through its links."""
    found = {}
    for path in osid.IDENTITY_FILES:
        local = os.path.join(root, path.lstrip('/'))
        if os.path.isfile(local):
            with open(local) as handle:
                found[path] = handle.read()
    return found


class Rooted:
    """Host paths mapped below a root, for the collectors' own file functions."""

    def __init__(self, root):
        self.root = root

    def local(self, path):
        assert path.startswith('/'), path
        return os.path.join(self.root, path.lstrip('/'))


class RootedOsPath:
    def __init__(self, rooted):
        self._rooted = rooted

    def isfile(self, path):
        return os.path.isfile(self._rooted.local(path))

    def getsize(self, path):
        return os.path.getsize(self._rooted.local(path))

    def exists(self, path):
        return os.path.exists(self._rooted.local(path))

    def islink(self, path):
        return os.path.islink(self._rooted.local(path))

    def realpath(self, path):
        return os.path.realpath(self._rooted.local(path))

    def __getattr__(self, name):
        return getattr(os.path, name)


class RootedOs:
    """Stands for the ``os`` module inside one of ansible-core's modules."""

    def __init__(self, rooted):
        self._rooted = rooted
        self.path = RootedOsPath(rooted)

    def access(self, path, mode):
        return os.access(self._rooted.local(path), mode)

    def __getattr__(self, name):
        return getattr(os, name)


class HostWithoutLsbRelease:
    """The module object: no lsb_release, no dpkg, no other command."""

    def __init__(self):
        self.commands = []

    def get_bin_path(self, name, *args, **kwargs):
        return None

    def run_command(self, args, *more, **kwargs):
        self.commands.append(args)
        return 127, '', 'command not found'

    def debug(self, message):
        pass


# --- ansible-core as the reference ------------------------------------------

def ansible_distribution_facts(monkeypatch, root, lsb_release=None):
    rooted = Rooted(root)
    distro = BUNDLED_DISTRO.LinuxDistribution(root_dir=root, include_lsb=False, include_uname=False,
                                              include_oslevel=False)
    if lsb_release is not None:
        # what the library keeps after running lsb_release -a on the host
        distro.__dict__['_lsb_release_info'] = distro._parse_lsb_release_content(lsb_release.splitlines())
    monkeypatch.setattr(sys_info, 'distro', distro)
    monkeypatch.setattr(platform, 'system', lambda: 'Linux')
    monkeypatch.setattr(platform, 'release', lambda: '5.14.0-0.test.x86_64')
    monkeypatch.setattr(platform, 'version', lambda: '#1 SMP PREEMPT_DYNAMIC test')
    monkeypatch.setattr(ansible_distribution, 'os', RootedOs(rooted))
    monkeypatch.setattr(ansible_distribution, 'get_file_content',
                        lambda path, *args, **kwargs: fact_utils.get_file_content(rooted.local(path), *args, **kwargs))
    monkeypatch.setattr(ansible_distribution, 'get_file_lines',
                        lambda path, *args, **kwargs: fact_utils.get_file_lines(rooted.local(path), *args, **kwargs))
    facts = ansible_distribution.DistributionFactCollector().collect(module=HostWithoutLsbRelease())
    return dict((key, facts[key]) for key in osid.DISTRIBUTION_KEYS)


def ansible_platform_facts(monkeypatch, machine):
    monkeypatch.setattr(platform, 'system', lambda: 'Linux')
    monkeypatch.setattr(platform, 'machine', lambda: machine)
    monkeypatch.setattr(platform, 'architecture', lambda *args, **kwargs: ('64bit', 'ELF'))
    monkeypatch.setattr(ansible_platform.socket, 'getfqdn', lambda *args: 'host.example.com')
    monkeypatch.setattr(ansible_platform, 'get_file_content', lambda *args, **kwargs: None)
    facts = ansible_platform.PlatformFactCollector().collect(module=HostWithoutLsbRelease())
    return {'system': facts['system'], 'architecture': facts['architecture']}


def ansible_memory_facts(monkeypatch, root, meminfo):
    """get_memory_facts with /proc/meminfo holding ``meminfo`` (None: no such file)."""
    if meminfo is not None:
        make_root(root, {'/proc/meminfo': meminfo}, {})
    else:
        os.makedirs(str(root))
    rooted = Rooted(str(root))
    monkeypatch.setattr(ansible_linux_hardware, 'os', RootedOs(rooted))
    monkeypatch.setattr(ansible_linux_hardware, 'get_file_lines',
                        lambda path, *args, **kwargs: fact_utils.get_file_lines(rooted.local(path), *args, **kwargs))
    facts = ansible_linux_hardware.LinuxHardware(HostWithoutLsbRelease()).get_memory_facts()
    return dict((key, value) for key, value in facts.items() if key in MEMORY_KEYS)


def ansible_facts(monkeypatch, tmp_path, case, machine, meminfo):
    facts = ansible_distribution_facts(monkeypatch, make_root(tmp_path / 'host', case['files'], case['links']),
                                       case.get('lsb_release'))
    facts.update(ansible_platform_facts(monkeypatch, machine))
    facts.update(ansible_memory_facts(monkeypatch, tmp_path / 'memory', meminfo))
    return facts


# --- distributions ------------------------------------------------------------

@pytest.mark.parametrize('case', osid_fixtures.FIXTURES, ids=[case['id'] for case in osid_fixtures.FIXTURES])
def test_facts_equal_ansible_core(case, tmp_path, monkeypatch):
    meminfo = osid_fixtures.MEMINFO['rhel-9']
    expected = ansible_facts(monkeypatch, tmp_path, case, 'x86_64', meminfo)
    files = read_identity_files(str(tmp_path / 'host'))
    assert osid.facts_from_files(files, 'x86_64\n', meminfo, lsb_release=case.get('lsb_release')) == expected
    # the documented answer is ansible-core's
    assert tuple(expected[key] for key in osid.DISTRIBUTION_KEYS) == case['expected']


@pytest.mark.parametrize('case', osid_fixtures.FIXTURES, ids=[case['id'] for case in osid_fixtures.FIXTURES])
def test_the_command_reads_every_identity_file_of_a_real_host(case):
    assert set(case['files']) | set(case['links']) <= set(osid.IDENTITY_FILES)


def test_the_reference_reads_no_file_of_this_machine(tmp_path, monkeypatch):
    # this machine has identity files and lsb_release; an empty root must still give nothing
    facts = ansible_distribution_facts(monkeypatch, make_root(tmp_path, {}, {}))
    assert facts['distribution'] == 'OtherLinux' and facts['distribution_version'] == 'NA'


def test_facts_from_files_keys():
    files = {'/etc/os-release': osid_fixtures.debian_os_release('12', 'bookworm'), '/etc/debian_version': '12.5\n'}
    assert set(osid.facts_from_files(files, 'x86_64')) == {
        'system', 'architecture', 'distribution', 'distribution_version', 'distribution_major_version',
        'distribution_release', 'os_family'}
    assert set(osid.facts_from_files(files, 'x86_64', osid_fixtures.MEMINFO['rhel-5'])) == {
        'system', 'architecture', 'distribution', 'distribution_version', 'distribution_major_version',
        'distribution_release', 'os_family', 'memtotal_mb', 'memfree_mb', 'memory_mb'}


# --- the lab's personas -------------------------------------------------------

def persona_names():
    return sorted(name for name in os.listdir(PERSONAS) if os.path.isdir(os.path.join(PERSONAS, name)))


def persona_host(name):
    """Files and links of a persona's image (see scripts/lab/images.sh): the
    base image's identity files only for the persona that keeps them, then the
    persona's rootfs, then its links."""
    files, links = {}, {}
    if name == BASE_IMAGE_PERSONA:
        files.update(osid_fixtures.PERSONA_BASE_IMAGE['files'])
        links.update(osid_fixtures.PERSONA_BASE_IMAGE['links'])
    rootfs = os.path.join(PERSONAS, name, 'rootfs')
    for directory, _dirs, names in os.walk(rootfs):
        for base in names:
            local = os.path.join(directory, base)
            path = '/' + os.path.relpath(local, rootfs)
            if os.path.islink(local):
                links[path] = os.readlink(local)
            else:
                with open(local) as handle:
                    files[path] = handle.read()
    links_file = os.path.join(PERSONAS, name, 'links')
    if os.path.isfile(links_file):
        with open(links_file) as handle:
            for line in handle:
                words = line.split()
                if words:
                    path, target = words
                    files.pop('/' + path, None)
                    links['/' + path] = target
    return {'id': name, 'files': files, 'links': links}


PERSONA_EXPECTED = {
    'centos6': ('CentOS', '6.10', '6', 'Final', 'RedHat'),
    'debian12': ('Debian', '12.5', '12', 'bookworm', 'Debian'),
    'debian9': ('Debian', '9.13', '9', 'stretch', 'Debian'),
    'fedora40': ('Fedora', '40', '40', '', 'RedHat'),
    'ol63': ('OracleLinux', '6.3', '6', 'NA', 'RedHat'),
    'ol7': ('OracleLinux', '7.9', '7', 'NA', 'RedHat'),
    'rhel7': ('RedHat', '7.9', '7', 'Maipo', 'RedHat'),
    'rhel8': ('RedHat', '8.6', '8', 'Ootpa', 'RedHat'),
    'rocky9': ('Rocky', '9.3', '9', 'Blue Onyx', 'RedHat'),
    'sles11sp3': ('SLES', '11.3', '11', '3', 'Suse'),
    'sles12sp3': ('SLES', '12.3', '12', '3', 'Suse'),
    'sles15': ('SLES', '15.4', '15', '4', 'Suse'),
    'ubuntu1604': ('Ubuntu', '16.04', '16', 'xenial', 'Debian'),
    'ubuntu2004': ('Ubuntu', '20.04', '20', 'focal', 'Debian'),
}


@pytest.mark.parametrize('name', persona_names())
def test_lab_persona(name, tmp_path, monkeypatch):
    case = persona_host(name)
    expected = ansible_facts(monkeypatch, tmp_path, case, 'x86_64', None)
    files = read_identity_files(str(tmp_path / 'host'))
    assert osid.facts_from_files(files, 'x86_64') == expected
    assert set(case['files']) | set(case['links']) <= set(osid.IDENTITY_FILES)
    if name in PERSONA_EXPECTED:
        assert tuple(expected[key] for key in osid.DISTRIBUTION_KEYS) == PERSONA_EXPECTED[name]


# --- architecture and memory ------------------------------------------------------

@pytest.mark.parametrize('machine', ['x86_64', 'i386', 'i486', 'i586', 'i686', 'i86pc', 'aarch64', 'ppc64le',
                                     's390x', 'armv7l', ''])
def test_architecture_equals_ansible_core(machine, monkeypatch):
    expected = ansible_platform_facts(monkeypatch, machine)
    assert {'system': 'Linux', 'architecture': osid.architecture(machine + '\n')} == expected


@pytest.mark.parametrize('name', sorted(osid_fixtures.MEMINFO) + [None])
def test_memory_equals_ansible_core(name, tmp_path, monkeypatch):
    meminfo = osid_fixtures.MEMINFO.get(name)
    expected = ansible_memory_facts(monkeypatch, tmp_path / 'proc-root', meminfo)
    facts = osid.facts_from_files({}, 'x86_64', meminfo)
    assert dict((key, value) for key, value in facts.items() if key in MEMORY_KEYS) == expected


def test_memory_figures():
    facts = osid.memory_facts(osid_fixtures.MEMINFO['rhel-9'])
    assert facts['memtotal_mb'] == 3664 and facts['memfree_mb'] == 269
    assert facts['memory_mb']['nocache'] == {'free': 269 + 2696 + 4, 'used': 3664 - (269 + 2696 + 4)}
    assert facts['memory_mb']['swap'] == {'total': 2047, 'free': 2042, 'used': 5, 'cached': 0}
