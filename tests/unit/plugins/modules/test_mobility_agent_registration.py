# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""mobility_agent_registration driven through main(): decisions, the
configurator's command line and what happens to the passphrase."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import socket
import stat

import pytest

from ansible_collections.siterecovery.mobility.plugins.module_utils import agent
from ansible_collections.siterecovery.mobility.plugins.modules import mobility_agent_registration as registration
from ansible_collections.siterecovery.mobility.tests.unit.plugins.modules.module_harness import TIMED_OUT, FailJson, serialized

PASSPHRASE = 'Xy7-vault-pa55phrase-K9'
CONFIGURATOR = '/usr/local/ASR/Vx/bin/UnifiedAgentConfigurator.sh'
CLASSIC = {'cs_address': '10.0.0.5', 'passphrase': PASSPHRASE}


@pytest.fixture
def probes(monkeypatch):
    """Replaces the reachability probe; records its calls."""
    state = {'reachable': True, 'calls': []}

    def reachable(host, port, timeout=5):
        state['calls'].append((host, port))
        return state['reachable']

    monkeypatch.setattr(registration, 'reachable', reachable)
    return state


@pytest.fixture
def configurator(harness, probes):
    """A run_command handler behaving like the vendor's configurator; it notes
    what the passphrase file looked like while it ran."""
    state = {'rc': 0, 'stdout': 'Registration completed\n', 'stderr': '', 'seen': [], 'registers': True}

    def handler(call):
        cmd = call['cmd']
        assert cmd[0].endswith('/bin/UnifiedAgentConfigurator.sh'), cmd
        if '-P' in cmd:
            path = cmd[cmd.index('-P') + 1]
            seen = {'path': path, 'exists': os.path.isfile(path)}
            if seen['exists']:
                with open(path) as handle:
                    seen['content'] = handle.read()
                seen['mode'] = stat.S_IMODE(os.stat(path).st_mode)
                seen['dir_mode'] = stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode)
            state['seen'].append(seen)
        if state['rc'] != 0:
            return state['rc'], state['stdout'], state['stderr']
        before = agent.read_state()
        if '-i' in cmd and before['registered'] and before['cs_address'] != cmd[cmd.index('-i') + 1]:
            # the vendor's configurator: registered to a different configuration server, whatever the options
            return 13, '', 'ERROR: the agent is registered to %s\n' % before['cs_address']
        if state['registers']:
            if '-c' in cmd and cmd[cmd.index('-c') + 1] == 'CSPrime':
                harness.host.install(version=before['version'], vx_dir=before['vx_dir'], status='Succeeded',
                                     cs_address='192.168.1.20', cs_type='CSPrime')
            else:
                harness.host.install(version=before['version'], vx_dir=before['vx_dir'], status='Succeeded',
                                     cs_address=cmd[cmd.index('-i') + 1], cs_type='CSLegacy')
        return 0, state['stdout'], state['stderr']

    harness.runner.handler = handler
    return state


def assert_secret_kept(harness, result):
    assert PASSPHRASE not in serialized(result)
    for cmd in harness.runner.commands:
        assert all(PASSPHRASE not in argument for argument in cmd)
    assert all(PASSPHRASE not in message for message in harness.logged)
    assert harness.leftovers() == []


# --- classic with a passphrase -----------------------------------------------

def test_classic_registration_with_a_passphrase(harness, configurator):
    harness.host.install(status='NotConfigured')
    result = harness.exit(registration.main, CLASSIC)

    assert len(harness.runner.calls) == 1
    seen = configurator['seen'][0]
    assert harness.runner.commands[0] == [CONFIGURATOR, '-i', '10.0.0.5', '-P', seen['path'], '-c', 'CSLegacy']
    assert seen['exists'] is True
    assert seen['content'] == PASSPHRASE
    assert seen['mode'] == 0o600
    assert seen['dir_mode'] == 0o700
    assert os.path.dirname(os.path.dirname(seen['path'])) == harness.scratch
    assert not os.path.exists(seen['path'])
    assert not os.path.exists(os.path.dirname(seen['path']))
    assert_secret_kept(harness, result)
    assert 'passphrase=NOT_LOGGING_PARAMETER' in harness.logged[0]

    assert result['changed'] is True
    assert result['registered'] is True
    assert result['cs_address'] == '10.0.0.5'
    assert result['cs_type'] == 'CSLegacy'
    assert result['previous_cs_address'] is None
    assert result['reason'] == 'the agent is not registered (configuration status NotConfigured)'
    assert result['diff'] == {
        'before': 'registered: False\ncs_address: None\ncs_type: CSLegacy\n',
        'after': 'registered: True\ncs_address: 10.0.0.5\ncs_type: CSLegacy\n',
    }


def test_already_registered_to_the_same_server(harness, configurator):
    harness.host.install(status='Succeeded', cs_address='10.0.0.5')
    result = harness.exit(registration.main, CLASSIC)
    assert harness.runner.calls == []
    assert result['changed'] is False
    assert result['registered'] is True
    assert result['cs_address'] == '10.0.0.5'
    assert result['previous_cs_address'] == '10.0.0.5'
    assert 'diff' not in result
    assert_secret_kept(harness, result)


@pytest.mark.parametrize('force', [False, True])
def test_registered_elsewhere_is_refused_with_the_vendors_way(harness, configurator, force):
    # the configurator cannot move an agent (exit 13), so nothing runs, force or not
    harness.host.install(status='Succeeded', cs_address='10.0.0.9')
    result = harness.fail(registration.main, dict(CLASSIC, force=force))
    assert harness.runner.calls == []
    assert '10.0.0.9' in result['msg'] and '10.0.0.5' in result['msg']
    assert 'uninstall' in result['msg'] and 'enabled again' in result['msg']
    assert result['registered_elsewhere'] is True
    assert result['registered'] is True
    assert result['cs_address'] == '10.0.0.9'
    assert_secret_kept(harness, result)


def test_force_validates_a_registration_to_this_server_again(harness, configurator):
    harness.host.install(status='Succeeded', cs_address='10.0.0.5')
    result = harness.exit(registration.main, dict(CLASSIC, force=True))
    assert len(harness.runner.calls) == 1
    assert result['changed'] is True and 'force is set' in result['reason']


@pytest.mark.parametrize('registered_to', ['CS01.contoso.com.', 'cs01.CONTOSO.com'])
def test_the_same_server_in_other_letters_is_the_same(harness, configurator, registered_to):
    harness.host.install(status='Succeeded', cs_address=registered_to)
    result = harness.exit(registration.main, dict(CLASSIC, cs_address='cs01.contoso.com'))
    assert harness.runner.calls == []
    assert result['changed'] is False


def test_a_name_and_an_address_are_left_with_a_warning(harness, configurator):
    harness.host.install(status='Succeeded', cs_address='cs01.contoso.com')
    result = harness.exit(registration.main, CLASSIC)
    assert harness.runner.calls == []
    assert result['changed'] is False
    assert any('cannot be told' in warning for warning in harness.warnings)


def test_configurator_exit_13_says_what_to_do(harness, configurator):
    # our files said unregistered, but the configurator knows better: registered elsewhere
    harness.host.install(status='Failed', cs_address='10.0.0.9')
    configurator['rc'] = 13
    result = harness.fail(registration.main, CLASSIC)
    assert result['rc'] == 13
    assert 'registered to a different configuration server (exit code 13)' in result['msg']
    assert 'uninstall' in result['msg'] and 'enabled again' in result['msg']
    assert result['registered_elsewhere'] is True
    assert_secret_kept(harness, result)


@pytest.mark.parametrize('port, expected', [(443, []), (8443, ['-p', '8443'])])
def test_a_configuration_server_port_other_than_443_is_passed(harness, configurator, port, expected):
    harness.host.install()
    harness.exit(registration.main, dict(CLASSIC, cs_port=port))
    cmd = harness.runner.commands[0]
    assert cmd[5:-2] == expected and cmd[-2:] == ['-c', 'CSLegacy']


def test_registered_as_modernized_is_refused_for_classic(harness, configurator):
    harness.host.install(status='Succeeded', cs_type='CSPrime')
    result = harness.fail(registration.main, CLASSIC)
    assert harness.runner.calls == []
    assert 'registered as CSPrime, not CSLegacy' in result['msg']


def test_agent_not_installed(harness, configurator):
    result = harness.fail(registration.main, CLASSIC)
    assert harness.runner.calls == []
    assert 'not installed' in result['msg']
    assert result['registered'] is False


def test_configurator_uses_the_agents_own_directory(harness, configurator):
    harness.host.install(vx_dir='/opt/asr/Vx')
    harness.exit(registration.main, CLASSIC)
    assert harness.runner.commands[0][0] == '/opt/asr/Vx/bin/UnifiedAgentConfigurator.sh'


# --- failures ----------------------------------------------------------------

def test_failure_with_an_unreachable_server(harness, configurator, probes):
    harness.host.install()
    probes['reachable'] = False
    configurator['rc'] = 1
    configurator['stderr'] = 'Failed to connect\n'
    result = harness.fail(registration.main, CLASSIC)
    assert probes['calls'] == [('10.0.0.5', 443)]
    assert result['msg'].startswith('Registration failed (the configuration server 10.0.0.5 could not be reached '
                                    'on port 443 from this host). The configurator exited with code 1')
    assert 'Failed to connect' in result['msg']
    assert result['rc'] == 1
    assert result['registered'] is False
    seen = configurator['seen'][0]
    assert seen['content'] == PASSPHRASE
    assert not os.path.exists(os.path.dirname(seen['path']))
    assert_secret_kept(harness, result)


def test_failure_with_a_reachable_server_points_at_the_passphrase(harness, configurator, probes):
    harness.host.install()
    configurator['rc'] = 2
    result = harness.fail(registration.main, dict(CLASSIC, cs_port=8443))
    assert probes['calls'] == [('10.0.0.5', 8443)]
    assert 'answered on port 8443' in result['msg']
    assert 'check the passphrase' in result['msg']
    assert 'could not be reached' not in result['msg']
    assert_secret_kept(harness, result)


def test_failure_masks_the_passphrase_in_output_and_log(harness, configurator):
    harness.host.install()
    harness.host.write(agent.INSTALL_LOG, 'Registering\nAuthentication failed for passphrase %s\nDone\n' % PASSPHRASE)
    configurator['rc'] = 1
    configurator['stdout'] = 'using passphrase %s\n' % PASSPHRASE
    configurator['stderr'] = 'rejected: %s\n' % PASSPHRASE
    result = harness.fail(registration.main, CLASSIC)
    assert 'Authentication failed for passphrase ********' in result['msg']
    assert 'using passphrase ********' in result['msg']
    assert 'rejected: ********' in result['msg']
    assert 'Last lines of /var/log/ua_install.log:\nRegistering\n' in result['msg']
    assert_secret_kept(harness, result)


def test_configurator_exiting_zero_without_registering(harness, configurator):
    harness.host.install(status='NotConfigured')
    harness.host.write(agent.INSTALL_LOG, 'secret is %s\n' % PASSPHRASE)
    configurator['registers'] = False
    result = harness.fail(registration.main, CLASSIC)
    assert result['msg'].startswith('the configurator exited with 0 but the agent reports configuration status '
                                    'NotConfigured')
    assert 'secret is ********' in result['msg']
    assert result['registered'] is False
    assert_secret_kept(harness, result)


def test_secret_directory_is_removed_when_run_command_fails_the_module(harness):
    """run_command itself may call fail_json (e.g. when the configurator is missing)."""
    harness.host.install()
    seen = []

    def handler(call):
        seen.append(call['cmd'][call['cmd'].index('-P') + 1])
        assert os.path.isfile(seen[0])
        raise FailJson({'msg': '[Errno 2] No such file or directory', 'rc': 2})

    harness.runner.handler = handler
    result = harness.fail(registration.main, CLASSIC)
    assert result['msg'] == '[Errno 2] No such file or directory'
    assert seen and not os.path.exists(os.path.dirname(seen[0]))
    assert harness.leftovers() == []


# --- check mode --------------------------------------------------------------

def test_check_mode_runs_nothing(harness, configurator):
    harness.host.install(status='Failed', cs_address='10.0.0.9')
    result = harness.exit(registration.main, CLASSIC, check_mode=True)
    assert harness.runner.calls == []
    assert result['changed'] is True
    assert result['registered'] is True
    assert result['cs_address'] == '10.0.0.5'
    assert result['previous_cs_address'] == '10.0.0.9'
    assert result['diff']['after'] == 'registered: True\ncs_address: 10.0.0.5\ncs_type: CSLegacy\n'
    assert agent.read_state()['cs_address'] == '10.0.0.9'
    assert_secret_kept(harness, result)


# --- passphrase file -----------------------------------------------------------

def test_passphrase_file_is_used_as_given(harness, configurator, tmp_path):
    harness.host.install()
    path = tmp_path / 'passphrase.txt'
    path.write_text('%s\n' % PASSPHRASE)
    result = harness.exit(registration.main, {'cs_address': '10.0.0.5', 'passphrase_file': str(path)})
    assert harness.runner.commands == [[CONFIGURATOR, '-i', '10.0.0.5', '-P', str(path), '-c', 'CSLegacy']]
    assert path.exists()
    assert harness.leftovers() == []
    assert result['changed'] is True
    assert result['registered'] is True


def test_passphrase_read_from_a_file_is_masked_too(harness, configurator, tmp_path):
    harness.host.install()
    harness.host.write(agent.INSTALL_LOG, 'tried passphrase %s\n' % PASSPHRASE)
    path = tmp_path / 'passphrase.txt'
    path.write_text('%s\n' % PASSPHRASE)
    configurator['rc'] = 1
    configurator['stderr'] = 'bad: %s\n' % PASSPHRASE
    result = harness.fail(registration.main, {'cs_address': '10.0.0.5', 'passphrase_file': str(path)})
    assert PASSPHRASE not in json.dumps(result)
    assert 'tried passphrase ********' in result['msg']
    assert 'bad: ********' in result['msg']


@pytest.mark.parametrize('value', ['', '   '])
def test_empty_passphrase_is_refused(harness, configurator, value):
    harness.host.install()
    result = harness.fail(registration.main, dict(CLASSIC, passphrase=value))
    assert harness.runner.calls == []
    assert result['msg'] == 'passphrase is empty'


@pytest.mark.parametrize('content', ['', '  \n\n'])
def test_empty_passphrase_file_is_refused(harness, configurator, tmp_path, content):
    harness.host.install()
    path = tmp_path / 'passphrase.txt'
    path.write_text(content)
    result = harness.fail(registration.main, {'cs_address': '10.0.0.5', 'passphrase_file': str(path)})
    assert harness.runner.calls == []
    assert result['msg'] == '%s is empty' % path


def test_missing_passphrase_file_is_refused(harness, configurator, tmp_path):
    harness.host.install()
    path = str(tmp_path / 'nowhere.txt')
    result = harness.fail(registration.main, {'cs_address': '10.0.0.5', 'passphrase_file': path})
    assert harness.runner.calls == []
    assert result['msg'] == 'cannot read %s on the host: No such file or directory' % path


@pytest.mark.parametrize('args, fragment', [
    ({'cs_address': '10.0.0.5'}, 'passphrase'),
    ({'passphrase': PASSPHRASE}, 'cs_address'),
    ({'cs_address': '10.0.0.5', 'passphrase': PASSPHRASE, 'passphrase_file': '/root/p'}, 'mutually exclusive'),
    ({'cs_type': 'CSPrime'}, 'source_config_file'),
])
def test_argument_rules(harness, configurator, args, fragment):
    harness.host.install()
    result = harness.fail(registration.main, args)
    assert fragment in result['msg']
    assert harness.runner.calls == []
    assert PASSPHRASE not in serialized(result)


# --- modernized ------------------------------------------------------------------

def test_modernized_registration(harness, configurator, tmp_path):
    harness.host.install(cs_type='CSPrime')
    config = tmp_path / 'config.json'
    config.write_text('{"ApplianceIp": "192.168.1.20"}')
    result = harness.exit(registration.main, {'cs_type': 'CSPrime', 'source_config_file': str(config)})
    assert harness.runner.commands == [[CONFIGURATOR, '-S', str(config), '-c', 'CSPrime', '-q']]
    assert harness.leftovers() == []
    assert result['changed'] is True
    assert result['registered'] is True
    assert result['cs_type'] == 'CSPrime'


def test_modernized_credential_less_discovery(harness, configurator, tmp_path):
    harness.host.install(cs_type='CSPrime')
    config = tmp_path / 'config.json'
    config.write_text('{}')
    harness.exit(registration.main, {'cs_type': 'CSPrime', 'source_config_file': str(config),
                                     'credential_less_discovery': True})
    assert harness.runner.commands == [[CONFIGURATOR, '-S', str(config), '-c', 'CSPrime', '-q', '-D', 'true']]


def test_modernized_already_registered(harness, configurator, tmp_path):
    harness.host.install(status='Succeeded', cs_type='CSPrime')
    config = tmp_path / 'config.json'
    config.write_text('{}')
    result = harness.exit(registration.main, {'cs_type': 'CSPrime', 'source_config_file': str(config)})
    assert harness.runner.calls == []
    assert result['changed'] is False


def test_modernized_failure_does_not_probe_a_server(harness, configurator, probes, tmp_path):
    harness.host.install(cs_type='CSPrime')
    config = tmp_path / 'config.json'
    config.write_text('{}')
    configurator['rc'] = 1
    result = harness.fail(registration.main, {'cs_type': 'CSPrime', 'source_config_file': str(config)})
    assert probes['calls'] == []
    assert 'check config.json and the appliance' in result['msg']


def test_modernized_empty_config_file_is_refused(harness, configurator, tmp_path):
    harness.host.install(cs_type='CSPrime')
    config = tmp_path / 'config.json'
    config.write_text('')
    result = harness.fail(registration.main, {'cs_type': 'CSPrime', 'source_config_file': str(config)})
    assert harness.runner.calls == []
    assert result['msg'] == '%s is empty' % config


# --- the reachability probe ------------------------------------------------------

def test_reachable_with_a_listening_port():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        server.bind(('127.0.0.1', 0))
        server.listen(1)
        assert registration.reachable('127.0.0.1', server.getsockname()[1], timeout=2) is True
    finally:
        server.close()


def test_unreachable_with_a_closed_port():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(('127.0.0.1', 0))
    port = server.getsockname()[1]
    server.close()
    assert registration.reachable('127.0.0.1', port, timeout=2) is False


def test_a_configurator_that_hangs_is_stopped_and_reported(harness, configurator):
    harness.host.install()
    configurator['rc'] = TIMED_OUT
    configurator['stdout'] = 'contacting ' + PASSPHRASE + '\n'
    result = harness.fail(registration.main, dict(CLASSIC, timeout=45))
    assert 'The configurator did not finish within 45 seconds' in result['msg']
    assert result['timed_out'] is True and result['registered'] is False
    assert harness.runner.calls[0]['kwargs']['timeout'] == 45
    assert_secret_kept(harness, result)
