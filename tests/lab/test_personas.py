# -*- coding: utf-8 -*-
"""Every persona image must look, to Ansible's real fact gathering, like the
distribution it stands for; and the installer catalog must choose that
distribution's installer from those real facts.

The expected values are what the named distribution reports on a real system.
"""

from __future__ import absolute_import, division, print_function

import os

import pytest

from ansible.errors import AnsibleFilterError
from ansible_collections.siterecovery.mobility.plugins.filter.catalog import installer_tag

# persona: (distribution, version, major, release, os_family, installer tag or None)
EXPECTED = {
    'rhel7': ('RedHat', '7.9', '7', 'Maipo', 'RedHat', 'RHEL7-64'),
    'rhel8': ('RedHat', '8.6', '8', 'Ootpa', 'RedHat', 'RHEL8-64'),
    'centos6': ('CentOS', '6.10', '6', 'Final', 'RedHat', 'RHEL6-64'),
    'ol7': ('OracleLinux', '7.9', '7', None, 'RedHat', 'OL7-64'),
    'ol63': ('OracleLinux', '6.3', '6', None, 'RedHat', None),
    'sles11sp3': ('SLES', '11.3', '11', '3', 'Suse', 'SLES11-SP3-64'),
    'sles12sp3': ('SLES', '12.3', '12', '3', 'Suse', 'SLES12-64'),
    'sles15': ('SLES', '15.4', '15', '4', 'Suse', 'SLES15-64'),
    'ubuntu1604': ('Ubuntu', '16.04', '16', 'xenial', 'Debian', 'UBUNTU-16.04-64'),
    'ubuntu2004': ('Ubuntu', '20.04', '20', 'focal', 'Debian', 'UBUNTU-20.04-64'),
    'debian9': ('Debian', '9.13', '9', 'stretch', 'Debian', 'DEBIAN9-64'),
    'rocky9': ('Rocky', '9.3', '9', 'Blue Onyx', 'RedHat', 'RHEL9-64'),
    'debian12': ('Debian', None, '12', 'bookworm', 'Debian', 'DEBIAN12-64'),
    # a distribution the installer catalog does not know
    'fedora40': ('Fedora', '40', '40', '', 'RedHat', None),
}

# SRM_LAB_PYTHON (scripts/lab/common.sh): 'private' personas have no Python that Ansible's discovery finds,
# like the real fleet; each has a '<persona>-python' variant with Debian's python3 back in /usr/bin.
LAB_PYTHON = os.environ.get('SRM_LAB_PYTHON', 'system')
PYTHON_VARIANT = '-python' if LAB_PYTHON == 'private' else ''


@pytest.fixture(scope='module')
def python_fleet(fleet_factory):
    """Every persona with a Python that Ansible finds: with private-Python personas, their '-python' variant."""
    fleet = fleet_factory()
    fleet.start(sorted(EXPECTED), variant=PYTHON_VARIANT)
    return fleet


@pytest.fixture(scope='module')
def facts(python_fleet):
    return python_fleet.facts()


@pytest.mark.parametrize('persona', sorted(EXPECTED))
def test_persona_reports_its_distribution(facts, persona):
    distribution, version, major, release, family = EXPECTED[persona][:5]
    got = facts[persona]
    assert got['distribution'] == distribution
    assert got['distribution_major_version'] == major
    assert got['os_family'] == family
    assert got['system'] == 'Linux'
    assert got['architecture'] == 'x86_64'
    if version is not None:
        assert got['distribution_version'] == version
    else:
        assert got['distribution_version'].startswith(major + '.')
    if release is not None:
        assert got['distribution_release'] == release


@pytest.mark.parametrize('persona', sorted(EXPECTED))
def test_catalog_picks_the_installer_from_real_facts(facts, persona):
    tag = EXPECTED[persona][5]
    if tag is None:
        with pytest.raises(AnsibleFilterError) as err:
            installer_tag(facts[persona])
        assert '%s %s' % (EXPECTED[persona][0], EXPECTED[persona][1]) in str(err.value)
    else:
        assert installer_tag(facts[persona]) == tag


# persona: the init system its real distribution runs (systemd personas carry the lab's systemctl stand-in)
INIT = {
    'rhel7': 'systemd', 'rhel8': 'systemd', 'centos6': 'sysv', 'ol7': 'systemd', 'ol63': 'sysv',
    'sles11sp3': 'sysv', 'sles12sp3': 'systemd', 'sles15': 'systemd', 'ubuntu1604': 'systemd',
    'ubuntu2004': 'systemd', 'debian9': 'systemd', 'rocky9': 'systemd', 'debian12': 'systemd', 'fedora40': 'systemd',
}


def test_every_persona_names_its_init_system():
    assert sorted(INIT) == sorted(EXPECTED)


@pytest.fixture(scope='module')
def units(fleet_factory):
    """Each persona's answers to systemctl with a test unit whose process can die."""
    fleet = fleet_factory()
    fleet.start(sorted(INIT))
    script = """command -v systemctl >/dev/null || { echo none; exit 0; }
mkdir -p /etc/systemd/system
cat >/etc/systemd/system/t.service <<'UNIT'
[Service]
Type=forking
ExecStart=/bin/sh -c 'sleep 300 >/dev/null 2>&1 & echo $! >/run/t.pid'
ExecStop=/bin/sh -c 'kill $(cat /run/t.pid)'
PIDFile=/run/t.pid
UNIT
systemctl is-active t; echo "rc=$?"
systemctl start t; systemctl is-active t; echo "rc=$?"
kill "$(cat /run/t.pid)"; sleep 0.3; systemctl is-active t; echo "rc=$?"
systemctl start t; systemctl stop t; systemctl is-active t; echo "rc=$?"
systemctl start t; systemctl is-active --quiet t; echo "rc=$?"
"""
    return {persona: fleet.exec(name, script) for persona, name in fleet.names.items()}


@pytest.mark.parametrize('persona', sorted(INIT))
def test_persona_has_its_init_system(units, persona):
    if INIT[persona] == 'sysv':
        assert units[persona].split() == ['none']
    else:
        # inactive, started, its process died, stopped: what the vendor's tools and the collection look at
        assert units[persona].split() == ['inactive', 'rc=3', 'active', 'rc=0', 'inactive', 'rc=3', 'inactive', 'rc=3',
                                          'rc=0']


# --- where the persona's Python is ---------------------------------------------------------------------------
# The real fleet (RHEL 5-8, SLES 11-15, Ubuntu 14.04-20.04, Debian 7-10) has no Python that current ansible-core
# can use. Private-Python personas (SRM_LAB_PYTHON=private) copy that: Debian's python3 lives only in the
# simulator's own folder, where the vendor's native registration client has its stand-in, and no candidate of
# Ansible's interpreter discovery exists. System personas keep python3 in /usr/bin, found by discovery.
SIM_PYTHON = '/opt/siterecovery-sim/python/bin/python3'


def discovery_candidates():
    """The interpreters ansible-core's discovery tries, in its order (INTERPRETER_PYTHON_FALLBACK)."""
    from ansible import constants as C
    return list(C.config.get_config_value('INTERPRETER_PYTHON_FALLBACK'))


def test_discovery_candidates_are_known():
    candidates = discovery_candidates()
    assert '/usr/bin/python3' in candidates and 'python3' in candidates


@pytest.fixture(scope='module')
def probe(fleet_factory):
    """Each persona (as its mode builds it): what discovery's shell commands find, and the simulator's Python."""
    fleet = fleet_factory()
    fleet.start(sorted(EXPECTED))
    # what discovery runs through the connection: one "command -v" per candidate, each on its own
    names = discovery_candidates() + ['python', 'python2', 'python3']
    script = ''.join("command -v '%s' && echo 'FOUND %s';" % (name, name) for name in names)
    script += """
p=%s; [ -x "$p" ] || p=$(command -v python3)
echo "SIM $p"
"$p" -c 'import ssl, json, uuid, http.client; print("SIMOK")'
""" % SIM_PYTHON
    answers = {persona: fleet.exec(name, script) for persona, name in fleet.names.items()}
    return fleet, answers


@pytest.mark.parametrize('persona', sorted(EXPECTED))
def test_discovery_finds_a_python_only_in_system_mode(probe, persona):
    found = [line.split(' ', 1)[1] for line in probe[1][persona].splitlines() if line.startswith('FOUND ')]
    if LAB_PYTHON == 'private':
        assert found == []
    else:
        assert 'python3' in found and '/usr/bin/python3' in found


@pytest.mark.parametrize('persona', sorted(EXPECTED))
def test_simulator_has_its_python(probe, persona):
    out = probe[1][persona].splitlines()
    # the interpreter UnifiedAgentConfigurator.sh takes for sim_register.py
    assert ('SIM %s' % SIM_PYTHON if LAB_PYTHON == 'private' else 'SIM /usr/bin/python3') in out
    assert 'SIMOK' in out


@pytest.fixture(scope='module')
def adhoc(probe):
    fleet = probe[0]
    return {
        'raw': fleet.adhoc('ansible.builtin.raw', 'cat /etc/os-release 2>/dev/null || cat /etc/redhat-release'),
        'ping': fleet.adhoc('ansible.builtin.ping', ANSIBLE_PYTHON_INTERPRETER='auto_silent'),
    }


@pytest.mark.parametrize('persona', sorted(EXPECTED))
def test_raw_works_without_python(adhoc, persona):
    result = adhoc['raw'][persona]
    assert not result.get('failed') and not result.get('unreachable'), result
    assert result['rc'] == 0
    # the persona's identity: os-release, or redhat-release on EL6 (which has no os-release)
    assert EXPECTED[persona][2] in result['stdout']
    assert ('VERSION_ID=' in result['stdout']) == (persona not in ('centos6', 'ol63'))


@pytest.mark.parametrize('persona', sorted(EXPECTED))
def test_python_modules_fail_on_private_python_personas(adhoc, persona):
    result = adhoc['ping'][persona]
    if LAB_PYTHON == 'private':
        # discovery finds nothing and falls back to /usr/bin/python3, which is not there
        assert result.get('failed') or result.get('unreachable'), result
        assert result.get('ping') is None
        assert 'not found' in result.get('module_stdout', '') + result.get('module_stderr', '') + result.get('msg', '')
    else:
        assert result.get('ping') == 'pong', result
        assert result['ansible_facts']['discovered_interpreter_python'].startswith('/usr/bin/python3')


@pytest.fixture(scope='module')
def python_ping(python_fleet):
    return python_fleet.adhoc('ansible.builtin.ping', ANSIBLE_PYTHON_INTERPRETER='auto_silent')


@pytest.mark.parametrize('persona', sorted(EXPECTED))
def test_python_variant_is_found_by_discovery(python_ping, persona):
    """The fleet of the fact tests: discovery finds /usr/bin/python3 (a '-python' variant in private mode)."""
    result = python_ping[persona]
    assert result.get('ping') == 'pong', result
    assert result['ansible_facts']['discovered_interpreter_python'].startswith('/usr/bin/python3')


def test_testinfra_reaches_the_persona_without_python(probe, tmp_path):
    """The molecule scenarios' verifier: testinfra's ansible backend runs host.run and host.file through its own
    docker backend (docker exec) for a community.docker.docker host, so they need no Python on the host."""
    import testinfra
    name = probe[0].names['rhel8']
    inventory = tmp_path / 'inventory.yml'
    inventory.write_text('all:\n  hosts:\n    %s:\n      ansible_connection: community.docker.docker\n' % name)
    host = testinfra.get_host('ansible://%s' % name, ansible_inventory=str(inventory))
    assert host.backend.ansible_runner.get_host(name).backend.NAME == 'docker'
    assert host.run('uname -s').stdout.strip() == 'Linux'
    release = host.file('/etc/redhat-release')
    assert release.exists and release.mode == 0o644 and '8.6' in release.content_string
    assert host.file(SIM_PYTHON).exists == (LAB_PYTHON == 'private')


# ---------------------------------------------------------------- the probe tells what setup tells

IDENTITY_KEYS = ('system', 'distribution', 'distribution_version', 'distribution_major_version', 'distribution_release',
                 'os_family', 'architecture', 'memtotal_mb')


@pytest.fixture(scope='module')
def setup_facts(python_fleet):
    return python_fleet.facts(subset='min,hardware')


@pytest.fixture(scope='module')
def probe_facts(probe):
    """The collection's probe (mobility_agent_info, an action plugin running POSIX sh) on the personas of the
    lab's mode: without a Python in private mode."""
    return probe[0].adhoc('siterecovery.mobility.mobility_agent_info')


@pytest.mark.parametrize('persona', sorted(EXPECTED))
def test_probe_identity_equals_setup(setup_facts, probe_facts, persona):
    """What the probe reads from the identity files is what Ansible's setup reports, key by key (setup on the
    persona's twin with a Python, the probe on the persona as the mode builds it)."""
    result = probe_facts[persona]
    assert not result.get('failed') and not result.get('unreachable'), result
    probed = result['host_facts']
    assert dict((key, probed.get(key)) for key in IDENTITY_KEYS) == \
        dict((key, setup_facts[persona].get(key)) for key in IDENTITY_KEYS)
    # the probe is the catalog's input: the same installer as from the gathered facts
    tag = EXPECTED[persona][5]
    if tag is not None:
        assert installer_tag(probed) == tag
