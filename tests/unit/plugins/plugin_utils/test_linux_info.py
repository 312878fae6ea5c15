# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""mobility_agent_info on Linux: linux_agent.info, its probe run against a
fake host root (what the module tests checked through main())."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import pytest

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.siterecovery.mobility.plugins.action import mobility_agent_info as action
from ansible_collections.siterecovery.mobility.plugins.module_utils import agent, agent_specs
from ansible_collections.siterecovery.mobility.plugins.plugin_utils import linux_agent
from ansible_collections.siterecovery.mobility.tests.unit.plugins.module_utils.fake_host import (
    BUILD_TAG, HOST_ID, VERSION)
from ansible_collections.siterecovery.mobility.tests.unit.plugins.plugin_utils.linux_fakes import (
    lines_of, run_action)
from ansible_collections.siterecovery.mobility.tests.unit.plugins.plugin_utils.local_host import executable

KEYS = {'changed', 'free_space_mb', 'existing_paths', 'installed', 'partial', 'damaged', 'version', 'build_tag',
        'build_number', 'os_built_for', 'configuration_status', 'registered', 'cs_address', 'cs_type', 'platform',
        'host_id', 'install_dir', 'services', 'cs_port', 'version_file', 'registration', 'registration_reason'}
# what the controller-side action reports besides (the module gathered no facts)
HOST_KEYS = {'host_facts', 'init_system', 'noexec_paths', 'user_id', 'reachable', 'unreachable_endpoints'}


def info(host, **values):
    """The validated options (the spec's defaults) and linux_agent.info."""
    result = ArgumentSpecValidator(**agent_specs.INFO).validate(values)
    assert result.errors.errors == []
    return linux_agent.info(host, result.validated_parameters)


def init_script(fake, rc=0, output=''):
    """/etc/init.d/vxagent: writes its arguments, prints ``output``, exits ``rc``."""
    return executable(fake.path(agent.INIT_SCRIPT), "#!/bin/sh\nprintf '%%s\\n' \"$@\" >'%s/service-args'\n"
                                                    "printf '%%s' '%s'\nexit %d\n" % (fake.root, output, rc))


def test_no_agent(fake, host):
    result = info(host)
    assert len(host.scripts) == 1 and not fake.exists('/service-args')
    assert set(result) == KEYS | HOST_KEYS
    assert result['changed'] is False
    assert result['installed'] is False
    assert result['partial'] is False
    assert result['registered'] is False
    assert result['version'] is None
    assert result['cs_address'] is None
    assert result['services'] == {'vxagent': False, 'manager': None, 'svagents': False, 'appservice': False}


def test_installed_and_registered(fake, host):
    fake.install(status='Succeeded', cs_address='127.0.0.5', cs_type='CSLegacy')
    init_script(fake)
    fake.process(321, 'svagents')
    fake.process(322, 'appservice')
    result = info(host)
    assert lines_of(fake, '/service-args') == ['status']
    assert set(result) == KEYS | HOST_KEYS
    assert dict((key, result[key]) for key in KEYS) == {
        'changed': False, 'installed': True, 'partial': False, 'damaged': None, 'version': VERSION,
        'build_tag': BUILD_TAG, 'build_number': '7567', 'os_built_for': 'RHEL8-64',
        'configuration_status': 'Succeeded', 'registered': True, 'cs_address': '127.0.0.5', 'cs_type': 'CSLegacy',
        'platform': 'VmWare', 'host_id': HOST_ID, 'install_dir': '/usr/local/ASR', 'cs_port': 443,
        'version_file': agent.VX_VERSION_FILE, 'registration': None, 'registration_reason': None,
        'services': {'vxagent': True, 'manager': 'sysv', 'svagents': True, 'appservice': True}, 'free_space_mb': {},
        'existing_paths': [],
    }


def test_stopped_service_and_dead_processes(fake, host):
    fake.install(status='Succeeded', cs_address='127.0.0.5', vx_dir='/opt/asr/Vx')
    init_script(fake, rc=3, output='vxagent is stopped\n')
    fake.process(321, 'svagents', status='Z')
    result = info(host)
    assert result['services'] == {'vxagent': False, 'manager': 'sysv', 'svagents': False, 'appservice': False}
    assert result['install_dir'] == '/opt/asr'
    assert result['changed'] is False


def test_interrupted_install_is_reported_not_failed(fake, host):
    fake.vx_version(INSTALLATION_DIR='/usr/local/ASR/Vx')
    result = info(host)
    assert result['installed'] is False
    assert result['partial'] is True


def test_check_mode_reports_the_same(fake, host, monkeypatch):
    fake.install(status='NotConfigured', cs_type='CSPrime')
    result, connection = run_action(action, {}, host=host, check_mode=True, monkeypatch=monkeypatch)
    assert 'failed' not in result and connection.mock_calls == []
    assert result['installed'] is True
    assert result['registered'] is False
    assert result['configuration_status'] == 'NotConfigured'
    assert result['cs_type'] == 'CSPrime'
    again, dummy = run_action(action, {}, host=host, monkeypatch=monkeypatch)
    assert again == result


def test_free_space_of_existing_and_future_paths(fake, host):
    stats = os.statvfs(fake.root)
    expected = stats.f_bfree * stats.f_frsize // (1024 * 1024)
    result = info(host, free_space_paths=['/var/tmp', '/not/yet'])
    # the same file system: equal up to what other processes wrote in between (a few MiB at most)
    assert abs(result['free_space_mb']['/var/tmp'] - expected) <= 64
    assert abs(result['free_space_mb']['/not/yet'] - expected) <= 64
    assert not fake.exists('/not')


def test_a_state_file_with_bytes_that_are_not_utf8_is_reported_damaged(fake, host):
    full = fake.write(agent.VX_VERSION_FILE, '')
    with open(full, 'wb') as handle:
        handle.write(b'INSTALLATION_DIR=/usr/local/ASR/Vx\nPROD_VER\x01\xffSION\n')
    result = info(host)
    assert result['installed'] is False and 'line 2 is not KEY=VALUE' in result['damaged']


def test_probe_paths_report_the_ones_that_exist(fake, host):
    fake.write('/opt/microsoft/mdatp', '')
    result = info(host, probe_paths=['/etc/clamd.conf', '/opt/microsoft/mdatp'])
    assert result['existing_paths'] == ['/opt/microsoft/mdatp']


@pytest.mark.parametrize('rc, running', [(0, True), (3, False)])
def test_a_systemd_agent_is_checked_with_systemctl(fake, host, rc, running):
    # on the systemd tags the vendor installs a unit and no init script; a shell function stands for systemctl
    fake.install(status='Succeeded', cs_address='127.0.0.5')
    fake.write('/etc/systemd/system/vxagent.service', '[Service]\n')
    host.fake_command('systemctl', "printf '%%s\\n' \"$@\" >'%s/systemctl-args'\necho %s\nreturn %d" % (
        fake.root, 'active' if rc == 0 else 'inactive', rc))
    result = info(host)
    assert lines_of(fake, '/systemctl-args') == ['is-active', 'vxagent']
    assert result['services']['vxagent'] is running
    assert result['services']['manager'] == 'systemd'


@pytest.mark.parametrize('address, verdict', [('127.0.0.5', 'same'), ('127.0.0.6', 'different'),
                                              ('cs01.contoso.com', 'cannot tell')])
def test_registration_compared_with_the_wanted_one(fake, host, address, verdict):
    fake.install(status='Succeeded', cs_address='127.0.0.5', cs_type='CSLegacy')
    result = info(host, expected_cs_type='CSLegacy', expected_cs_address=address)
    assert result['registration'] == verdict
    assert '127.0.0.5' in result['registration_reason']


def test_registration_of_a_host_without_agent(fake, host):
    result = info(host, expected_cs_type='CSPrime')
    assert result['registration'] == 'unregistered'


def test_a_damaged_state_file_is_read_from_its_backup(fake, host):
    fake.install(status='Succeeded', cs_address='127.0.0.5')
    fake.write(agent.VX_VERSION_BACKUP, fake.read(agent.VX_VERSION_FILE))
    fake.write(agent.VX_VERSION_FILE, 'INSTALLATION_DIR=/usr/local/ASR/Vx\nPROD_VERSION\n')
    result = info(host)
    assert result['installed'] is True and result['damaged'] is None
    assert result['version_file'] == agent.VX_VERSION_BACKUP


@pytest.mark.parametrize('args, fragment', [
    ({'expected_cs_type': 'CSOther'}, 'expected_cs_type'),
    ({'free_space_paths': '/var/tmp', 'unknown': 1}, 'unknown'),
])
def test_argument_rules(args, fragment):
    result, connection = run_action(action, args)
    assert result['failed'] is True and fragment in result['msg']
    assert connection.mock_calls == []
