# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""mobility_agent_info driven through main()."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible_collections.siterecovery.mobility.plugins.module_utils import agent
from ansible_collections.siterecovery.mobility.plugins.modules import mobility_agent_info
from ansible_collections.siterecovery.mobility.tests.unit.plugins.module_utils.fake_host import (
    BUILD_TAG, HOST_ID, VERSION)

KEYS = {'changed', 'free_space_mb', 'existing_paths', 'installed', 'partial', 'damaged', 'version', 'build_tag', 'build_number', 'os_built_for',
        'configuration_status', 'registered', 'cs_address', 'cs_type', 'platform', 'host_id', 'install_dir',
        'services'}


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
    assert result['services'] == {'vxagent': False, 'svagents': False, 'appservice': False}


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
        'host_id': HOST_ID, 'install_dir': '/usr/local/ASR',
        'services': {'vxagent': True, 'svagents': True, 'appservice': True}, 'free_space_mb': {}, 'existing_paths': [],
    }


def test_stopped_service_and_dead_processes(harness):
    harness.host.install(status='Succeeded', cs_address='10.0.0.5', vx_dir='/opt/asr/Vx')
    harness.host.write('/etc/init.d/vxagent', '#!/bin/sh\n', mode=0o755)
    harness.host.process(321, 'svagents', status='Z')
    harness.runner.handler = lambda call: (3, 'vxagent is stopped\n', '')
    result = harness.exit(mobility_agent_info.main, {})
    assert result['services'] == {'vxagent': False, 'svagents': False, 'appservice': False}
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
