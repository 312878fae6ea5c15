# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""mobility_agent_info driven through main()."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import pytest

from ansible_collections.siterecovery.mobility.plugins.module_utils import agent
from ansible_collections.siterecovery.mobility.plugins.modules import mobility_agent_info
from ansible_collections.siterecovery.mobility.tests.unit.plugins.module_utils.fake_host import (
    BUILD_TAG, HOST_ID, VERSION)

KEYS = {'changed', 'free_space_mb', 'existing_paths', 'installed', 'partial', 'damaged', 'version', 'build_tag', 'build_number', 'os_built_for',
        'configuration_status', 'registered', 'cs_address', 'cs_type', 'platform', 'host_id', 'install_dir',
        'services', 'cs_port', 'version_file', 'registration', 'registration_reason'}


def test_no_agent(harness):
    result = harness.exit(mobility_agent_info.main, {})
    assert harness.runner.calls == []
    assert set(result) == KEYS
    assert result['changed'] is False
    assert result['installed'] is False
    assert result['partial'] is False
    assert result['registered'] is False
    assert result['version'] is None
    assert result['cs_address'] is None
    assert result['services'] == {'vxagent': False, 'manager': None, 'svagents': False, 'appservice': False}


def test_installed_and_registered(harness):
    harness.host.install(status='Succeeded', cs_address='10.0.0.5', cs_type='CSLegacy')
    harness.host.write('/etc/init.d/vxagent', '#!/bin/sh\n', mode=0o755)
    harness.host.process(321, 'svagents')
    harness.host.process(322, 'appservice')
    result = harness.exit(mobility_agent_info.main, {})
    assert harness.runner.commands == [[agent.INIT_SCRIPT, 'status']]
    assert set(result) == KEYS
    assert result == {
        'changed': False, 'installed': True, 'partial': False, 'damaged': None, 'version': VERSION, 'build_tag': BUILD_TAG,
        'build_number': '7567', 'os_built_for': 'RHEL8-64', 'configuration_status': 'Succeeded',
        'registered': True, 'cs_address': '10.0.0.5', 'cs_type': 'CSLegacy', 'platform': 'VmWare',
        'host_id': HOST_ID, 'install_dir': '/usr/local/ASR', 'cs_port': 443, 'version_file': agent.VX_VERSION_FILE,
        'registration': None, 'registration_reason': None,
        'services': {'vxagent': True, 'manager': 'sysv', 'svagents': True, 'appservice': True}, 'free_space_mb': {},
        'existing_paths': [],
    }


def test_stopped_service_and_dead_processes(harness):
    harness.host.install(status='Succeeded', cs_address='10.0.0.5', vx_dir='/opt/asr/Vx')
    harness.host.write('/etc/init.d/vxagent', '#!/bin/sh\n', mode=0o755)
    harness.host.process(321, 'svagents', status='Z')
    harness.runner.handler = lambda call: (3, 'vxagent is stopped\n', '')
    result = harness.exit(mobility_agent_info.main, {})
    assert result['services'] == {'vxagent': False, 'manager': 'sysv', 'svagents': False, 'appservice': False}
    assert result['install_dir'] == '/opt/asr'
    assert result['changed'] is False


def test_interrupted_install_is_reported_not_failed(harness):
    harness.host.vx_version(INSTALLATION_DIR='/usr/local/ASR/Vx')
    result = harness.exit(mobility_agent_info.main, {})
    assert result['installed'] is False
    assert result['partial'] is True


def test_check_mode_reports_the_same(harness):
    harness.host.install(status='NotConfigured', cs_type='CSPrime')
    result = harness.exit(mobility_agent_info.main, {}, check_mode=True)
    assert result['installed'] is True
    assert result['registered'] is False
    assert result['configuration_status'] == 'NotConfigured'
    assert result['cs_type'] == 'CSPrime'


def test_free_space_of_existing_and_future_paths(harness, tmp_path):
    stats = os.statvfs(str(tmp_path))
    expected = stats.f_bfree * stats.f_frsize // (1024 * 1024)
    future = str(tmp_path / 'not' / 'yet')
    result = harness.exit(mobility_agent_info.main, {'free_space_paths': [str(tmp_path), future]})
    # the same file system: equal up to what other processes wrote in between (a few MiB at most)
    assert abs(result['free_space_mb'][str(tmp_path)] - expected) <= 64
    assert abs(result['free_space_mb'][future] - expected) <= 64
    assert not os.path.exists(future)


def test_a_state_file_with_bytes_that_are_not_utf8_is_reported_damaged(harness):
    full = harness.host.write(agent.VX_VERSION_FILE, '')
    with open(full, 'wb') as handle:
        handle.write(b'INSTALLATION_DIR=/usr/local/ASR/Vx\nPROD_VER\x01\xffSION\n')
    result = harness.exit(mobility_agent_info.main, {})
    assert result['installed'] is False and 'line 2 is not KEY=VALUE' in result['damaged']


def test_probe_paths_report_the_ones_that_exist(harness, tmp_path):
    there = tmp_path / 'mdatp'
    there.write_text('')
    missing = str(tmp_path / 'clamd.conf')
    result = harness.exit(mobility_agent_info.main, {'probe_paths': [missing, str(there)]})
    assert result['existing_paths'] == [str(there)]


@pytest.mark.parametrize('rc, running', [(0, True), (3, False)])
def test_a_systemd_agent_is_checked_with_systemctl(harness, rc, running):
    # on the systemd tags the vendor installs a unit and no init script
    harness.host.install(status='Succeeded', cs_address='10.0.0.5')
    harness.host.write('/etc/systemd/system/vxagent.service', '[Service]\n')
    harness.runner.handler = lambda call: (rc, 'active\n' if rc == 0 else 'inactive\n', '')
    result = harness.exit(mobility_agent_info.main, {})
    assert harness.runner.commands == [['systemctl', 'is-active', 'vxagent']]
    assert result['services']['vxagent'] is running
    assert result['services']['manager'] == 'systemd'


@pytest.mark.parametrize('address, verdict', [('10.0.0.5', 'same'), ('10.0.0.6', 'different'),
                                              ('cs01.contoso.com', 'cannot tell')])
def test_registration_compared_with_the_wanted_one(harness, address, verdict):
    harness.host.install(status='Succeeded', cs_address='10.0.0.5', cs_type='CSLegacy')
    result = harness.exit(mobility_agent_info.main, {'expected_cs_type': 'CSLegacy', 'expected_cs_address': address})
    assert result['registration'] == verdict
    assert '10.0.0.5' in result['registration_reason']


def test_registration_of_a_host_without_agent(harness):
    result = harness.exit(mobility_agent_info.main, {'expected_cs_type': 'CSPrime'})
    assert result['registration'] == 'unregistered'


def test_a_damaged_state_file_is_read_from_its_backup(harness):
    harness.host.install(status='Succeeded', cs_address='10.0.0.5')
    harness.host.write(agent.VX_VERSION_BACKUP, harness.host.read(agent.VX_VERSION_FILE))
    harness.host.write(agent.VX_VERSION_FILE, 'INSTALLATION_DIR=/usr/local/ASR/Vx\nPROD_VERSION\n')
    result = harness.exit(mobility_agent_info.main, {})
    assert result['installed'] is True and result['damaged'] is None
    assert result['version_file'] == agent.VX_VERSION_BACKUP
