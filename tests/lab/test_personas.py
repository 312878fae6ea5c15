# -*- coding: utf-8 -*-
"""Every persona image must look, to Ansible's real fact gathering, like the
distribution it stands for; and the installer catalog must choose that
distribution's installer from those real facts.

The expected values are what the named distribution reports on a real system.
"""

from __future__ import absolute_import, division, print_function

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


@pytest.fixture(scope='module')
def facts(fleet_factory):
    fleet = fleet_factory()
    fleet.start(sorted(EXPECTED))
    return fleet.facts()


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
