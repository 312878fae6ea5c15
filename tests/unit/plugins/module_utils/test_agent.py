# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of the agent's state, decisions and command lines."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import inspect
import os
import time
import stat

import pytest

from ansible_collections.siterecovery.mobility.plugins.module_utils import agent
from ansible_collections.siterecovery.mobility.tests.unit.plugins.module_utils.fake_host import (
    BUILD_TAG, HOST_ID, VERSION, FakeHost)

PASSPHRASE = 'Zq8-sEcReT-pa55phrase'


@pytest.fixture
def host(tmp_path):
    return FakeHost(tmp_path / 'root')


def mode_of(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def state(**overrides):
    """A read_state() result: an installed, unregistered classic agent unless overridden."""
    values = {
        'installed': True, 'partial': False, 'damaged': None, 'version': VERSION, 'build_tag': BUILD_TAG, 'build_number': '7567',
        'os_built_for': 'RHEL8-64', 'configuration_status': None, 'registered': False,
        'vx_dir': '/usr/local/ASR/Vx', 'install_dir': '/usr/local/ASR', 'cs_address': None,
        'host_id': HOST_ID, 'platform': 'VmWare', 'cs_type': 'CSLegacy',
    }
    values.update(overrides)
    return values


NOT_INSTALLED = state(installed=False, version=None, build_tag=None, build_number=None, os_built_for=None,
                      host_id=None, platform=None, cs_type=None)
PARTIAL = dict(NOT_INSTALLED, partial=True)
REGISTERED = state(configuration_status='Succeeded', registered=True, cs_address='10.0.0.5')
MODERNIZED = state(configuration_status='Succeeded', registered=True, cs_address=None, cs_type='CSPrime')


# --- parsing ---------------------------------------------------------------

def test_parse_key_values_quotes_comments_and_blank_lines():
    text = '\n'.join([
        '# written by the installer',
        '',
        '   ',
        'INSTALLATION_DIR="/usr/local/ASR/Vx"',
        "  PROD_VERSION = '9.66.7567.1'  ",
        'not a pair',
        '  # OS_BUILT_FOR=commented',
        'EXTRA=a=b',
    ])
    assert agent.parse_key_values(text) == {
        'INSTALLATION_DIR': '/usr/local/ASR/Vx',
        'PROD_VERSION': '9.66.7567.1',
        'EXTRA': 'a=b',
    }


def test_parse_key_values_of_nothing():
    assert agent.parse_key_values(None) == {}
    assert agent.parse_key_values('') == {}


def test_parse_ini_sections_case_comments_and_duplicates():
    text = '\n'.join([
        'TopLevel=1',
        '; a comment',
        '# another',
        '[vxagent]',
        'HostId = abc',
        'HostId=def',
        '[ vxagent.transport ]',
        'HostName=10.0.0.5',
        'Port=443',
        'garbage line',
    ])
    assert agent.parse_ini(text) == {
        '': {'TopLevel': '1'},
        'vxagent': {'HostId': 'def'},
        'vxagent.transport': {'HostName': '10.0.0.5', 'Port': '443'},
    }
    assert agent.parse_ini(None) == {'': {}}


@pytest.mark.parametrize('tag, expected', [
    ('RELEASE_9.67.0.0_GA_7789_Apr_30_2026_INMAGE', '7789'),
    (BUILD_TAG, '7567'),
    ('RELEASE_9.67.0.0_GA_beta_Apr_30_2026_INMAGE', None),
    ('RELEASE_9.67.0.0_GA', None),
    ('RELEASE_9.67.0.0_7789_Apr_30_2026_INMAGE', None),
    ('', None),
    (None, None),
])
def test_build_number(tag, expected):
    assert agent.build_number(tag) == expected


# --- state from a fake host root -------------------------------------------

def test_state_without_agent(host):
    result = agent.read_state(root=host.root)
    assert result == {
        'installed': False, 'partial': False, 'damaged': None, 'version': None, 'build_tag': None,
        'build_number': None, 'os_built_for': None, 'configuration_status': None, 'registered': False,
        'vx_dir': '/usr/local/ASR/Vx', 'install_dir': '/usr/local/ASR', 'cs_address': None, 'host_id': None,
        'platform': None, 'cs_type': None, 'cs_port': None, 'version_file': None, 'service_manager': None,
    }


def test_state_of_an_interrupted_install(host):
    host.vx_version(INSTALLATION_DIR='/usr/local/ASR/Vx')
    result = agent.read_state(root=host.root)
    assert result['installed'] is False
    assert result['partial'] is True
    assert result['version'] is None
    assert result['registered'] is False
    assert result['install_dir'] == '/usr/local/ASR'


def test_state_of_an_empty_version_file_is_partial(host):
    host.write(agent.VX_VERSION_FILE, '')
    result = agent.read_state(root=host.root)
    assert (result['installed'], result['partial']) == (False, True)


def test_state_installed_not_registered(host):
    host.install(status='NotConfigured', cs_address=None)
    result = agent.read_state(root=host.root)
    assert result['installed'] is True
    assert result['partial'] is False
    assert result['version'] == VERSION
    assert result['build_tag'] == BUILD_TAG
    assert result['build_number'] == '7567'
    assert result['os_built_for'] == 'RHEL8-64'
    assert result['configuration_status'] == 'NotConfigured'
    assert result['registered'] is False
    assert result['cs_address'] is None
    assert result['host_id'] == HOST_ID


def test_state_installed_without_status_is_not_registered(host):
    host.install(status=None)
    result = agent.read_state(root=host.root)
    assert result['configuration_status'] is None
    assert result['registered'] is False


def test_state_registered_classic(host):
    host.install(status='Succeeded', cs_address='10.0.0.5', cs_type='CSLegacy')
    result = agent.read_state(root=host.root)
    assert result == {
        'installed': True, 'partial': False, 'damaged': None, 'version': VERSION, 'build_tag': BUILD_TAG, 'build_number': '7567',
        'os_built_for': 'RHEL8-64', 'configuration_status': 'Succeeded', 'registered': True,
        'vx_dir': '/usr/local/ASR/Vx', 'install_dir': '/usr/local/ASR', 'cs_address': '10.0.0.5',
        'host_id': HOST_ID, 'platform': 'VmWare', 'cs_type': 'CSLegacy', 'cs_port': 443,
        'version_file': agent.VX_VERSION_FILE, 'service_manager': None,
    }


def test_state_registered_modernized(host):
    host.install(status='Succeeded', cs_address=None, cs_type='CSPrime')
    result = agent.read_state(root=host.root)
    assert result['registered'] is True
    assert result['cs_type'] == 'CSPrime'
    assert result['cs_address'] is None


def test_state_platform_from_platform_file_when_drscout_has_none(host):
    host.install(status='Succeeded')
    host.write('/usr/local/ASR/Vx/etc/drscout.conf', '[vxagent]\nHostId=x\n')
    host.platform_file('CSLegacy', platform='Azure')
    assert agent.read_state(root=host.root)['platform'] == 'Azure'


@pytest.mark.parametrize('vx_dir, install_dir', [
    ('/opt/asr/Vx', '/opt/asr'),
    ('/opt/asr/Vx/', '/opt/asr'),
    ('/opt/agent', '/opt/agent'),
])
def test_state_custom_installation_dir(host, vx_dir, install_dir):
    host.install(vx_dir=vx_dir, status='Succeeded', cs_address='10.0.0.9')
    result = agent.read_state(root=host.root)
    assert result['vx_dir'] == vx_dir
    assert result['install_dir'] == install_dir
    # drscout.conf is read from the custom directory, not the default one
    assert result['cs_address'] == '10.0.0.9'
    assert not host.exists('/usr/local/ASR/Vx/etc/drscout.conf')


def test_state_tolerates_quotes_comments_and_blank_lines(host):
    host.write(agent.VX_VERSION_FILE, '\n'.join([
        '# Mobility Service',
        '',
        'INSTALLATION_DIR="/opt/asr/Vx"',
        "PROD_VERSION='9.67.0.0'",
        '   ',
        'BUILD_TAG=RELEASE_9.67.0.0_GA_7789_Apr_30_2026_INMAGE',
        '# AGENT_CONFIGURATION_STATUS=Failed',
        'AGENT_CONFIGURATION_STATUS = Succeeded ',
        '',
    ]))
    host.write('/opt/asr/Vx/etc/drscout.conf', '; generated\n\n[vxagent.transport]\n# old: 10.0.0.1\nHostName = 10.0.0.5\n')
    result = agent.read_state(root=host.root)
    assert result['version'] == '9.67.0.0'
    assert result['install_dir'] == '/opt/asr'
    assert result['build_number'] == '7789'
    assert result['configuration_status'] == 'Succeeded'
    assert result['registered'] is True
    assert result['cs_address'] == '10.0.0.5'


def test_state_malformed_build_tag(host):
    host.install(build_tag='RELEASE_9.67.0.0_GA_x_Apr_30_2026_INMAGE')
    result = agent.read_state(root=host.root)
    assert result['build_tag'] == 'RELEASE_9.67.0.0_GA_x_Apr_30_2026_INMAGE'
    assert result['build_number'] is None


def test_state_succeeded_without_version_is_not_registered(host):
    host.vx_version(INSTALLATION_DIR='/usr/local/ASR/Vx', AGENT_CONFIGURATION_STATUS='Succeeded')
    result = agent.read_state(root=host.root)
    assert result['registered'] is False
    assert result['partial'] is True


# --- versions ----------------------------------------------------------------

@pytest.mark.parametrize('left, right, expected', [
    ('9.9', '9.10', -1),
    ('9.10', '9.9', 1),
    ('9.66.7567.1', '9.66', 1),
    ('9.66', '9.66.7567.1', -1),
    ('9.66', '9.66.0.0', 0),
    ('9.66.0.0', '9.66', 0),
    ('9.66.7567.1', '9.66.7567.1', 0),
    ('9.67.0.0', '9.66.7567.1', 1),
])
def test_compare_versions(left, right, expected):
    assert agent.compare_versions(left, right) == expected


# --- install decisions -------------------------------------------------------

NEWER = '9.67.0.0'
OLDER = '9.65.0.0'


@pytest.mark.parametrize('desired', ['present', 'latest'])
def test_install_when_not_installed(desired):
    action, reason = agent.decide_install(NOT_INSTALLED, desired, VERSION)
    assert action == 'install'
    assert reason == 'the agent is not installed'


@pytest.mark.parametrize('desired', ['present', 'latest'])
def test_install_completes_an_interrupted_install(desired):
    action, reason = agent.decide_install(PARTIAL, desired, VERSION)
    assert action == 'install'
    assert 'did not complete' in reason


@pytest.mark.parametrize('package_version', [VERSION, NEWER, OLDER])
def test_present_leaves_an_installed_agent_alone(package_version):
    action, reason = agent.decide_install(state(), 'present', package_version)
    assert action == 'none'
    assert VERSION in reason


def test_latest_same_version_is_nothing():
    assert agent.decide_install(state(), 'latest', VERSION)[0] == 'none'
    assert agent.decide_install(state(version='9.66.0.0'), 'latest', '9.66')[0] == 'none'


def test_latest_newer_package_upgrades():
    action, reason = agent.decide_install(state(), 'latest', NEWER)
    assert action == 'upgrade'
    assert VERSION in reason and NEWER in reason


def test_latest_upgrade_compares_numerically():
    assert agent.decide_install(state(version='9.9.0.0'), 'latest', '9.10.0.0')[0] == 'upgrade'


def test_latest_refuses_a_downgrade():
    with pytest.raises(agent.AgentError) as err:
        agent.decide_install(state(), 'latest', OLDER)
    message = str(err.value)
    assert 'downgrade' in message
    assert VERSION in message and OLDER in message
    assert 'state=absent' in message


@pytest.mark.parametrize('current, expected_action', [
    (state(), 'uninstall'),
    (PARTIAL, 'uninstall'),
    (NOT_INSTALLED, 'none'),
])
def test_absent(current, expected_action):
    action, reason = agent.decide_install(current, 'absent')
    assert action == expected_action
    if current is PARTIAL:
        assert 'incomplete installation' in reason
    elif current is NOT_INSTALLED:
        assert reason == 'the agent is not installed'
    else:
        assert VERSION in reason


# --- command lines -----------------------------------------------------------

@pytest.mark.parametrize('cs_type', ['CSLegacy', 'CSPrime'])
def test_install_command_always_passes_the_cs_type(cs_type):
    assert agent.install_command(cs_type=cs_type) == [
        './install', '-r', 'MS', '-v', 'VmWare', '-d', '/usr/local/ASR', '-q', '-c', cs_type]


def test_install_command_options():
    assert agent.install_command('MT', 'Azure', '/opt/asr', 'CSLegacy') == [
        './install', '-r', 'MT', '-v', 'Azure', '-d', '/opt/asr', '-q', '-c', 'CSLegacy']


def test_upgrade_command_classic():
    assert agent.upgrade_command('CSLegacy') == ['./install', '-q', '-v', 'VmWare']
    assert agent.upgrade_command(None, platform='Azure') == ['./install', '-q', '-v', 'Azure']


def test_upgrade_command_modernized():
    assert agent.upgrade_command('CSPrime') == [
        './install', '-q', '-r', 'MS', '-v', 'VmWare', '-a', 'Upgrade', '-c', 'CSPrime']


def test_uninstall_command():
    assert agent.uninstall_command('/usr/local/ASR') == ['/usr/local/ASR/uninstall.sh', '-Y']
    assert agent.uninstall_command('/opt/asr') == ['/opt/asr/uninstall.sh', '-Y']


def test_configure_command_classic():
    assert agent.configure_command('/usr/local/ASR/Vx', 'CSLegacy', '10.0.0.5', '/tmp/secret/passphrase') == [
        '/usr/local/ASR/Vx/bin/UnifiedAgentConfigurator.sh', '-i', '10.0.0.5', '-P', '/tmp/secret/passphrase',
        '-c', 'CSLegacy']


def test_configure_command_modernized():
    assert agent.configure_command('/opt/asr/Vx', 'CSPrime', source_config_file='/root/config.json') == [
        '/opt/asr/Vx/bin/UnifiedAgentConfigurator.sh', '-S', '/root/config.json', '-c', 'CSPrime', '-q']


def test_configure_command_modernized_credential_less():
    cmd = agent.configure_command('/usr/local/ASR/Vx', 'CSPrime', source_config_file='/root/config.json',
                                  credential_less_discovery=True)
    assert cmd[-2:] == ['-D', 'true']
    assert cmd[1:6] == ['-S', '/root/config.json', '-c', 'CSPrime', '-q']


def test_configure_command_modernized_ignores_classic_inputs():
    cmd = agent.configure_command('/usr/local/ASR/Vx', 'CSPrime', '10.0.0.5', '/tmp/pass', '/root/config.json')
    assert '-i' not in cmd and '-P' not in cmd and '10.0.0.5' not in cmd


@pytest.mark.parametrize('cs_address, passphrase_file', [
    (None, '/tmp/pass'),
    ('10.0.0.5', None),
    ('', '/tmp/pass'),
    (None, None),
])
def test_configure_command_classic_needs_address_and_passphrase(cs_address, passphrase_file):
    with pytest.raises(agent.AgentError, match='cs_address and a passphrase'):
        agent.configure_command('/usr/local/ASR/Vx', 'CSLegacy', cs_address, passphrase_file)


def test_configure_command_modernized_needs_config_file():
    with pytest.raises(agent.AgentError, match='source_config_file'):
        agent.configure_command('/usr/local/ASR/Vx', 'CSPrime', '10.0.0.5', '/tmp/pass')


def test_no_command_line_carries_a_passphrase(tmp_path):
    with agent.secret_file(PASSPHRASE, base=str(tmp_path)) as path:
        commands = [
            agent.configure_command('/usr/local/ASR/Vx', 'CSLegacy', '10.0.0.5', path),
            agent.configure_command('/usr/local/ASR/Vx', 'CSPrime', '10.0.0.5', path, '/root/config.json', True),
            agent.install_command(), agent.upgrade_command('CSLegacy'), agent.upgrade_command('CSPrime'),
            agent.uninstall_command('/usr/local/ASR'),
        ]
    assert all(PASSPHRASE not in ' '.join(cmd) for cmd in commands)
    assert path in commands[0]
    # the configurator's interface has no parameter that could take the passphrase itself, only its file
    parameters = inspect.signature(agent.configure_command).parameters
    assert 'passphrase_file' in parameters
    assert not [name for name in parameters if 'passphrase' in name and name != 'passphrase_file']


# --- registration decisions --------------------------------------------------

def test_registration_needs_an_installed_agent():
    for current in (NOT_INSTALLED, PARTIAL):
        with pytest.raises(agent.AgentError, match='not installed'):
            agent.decide_registration(current, 'CSLegacy', '10.0.0.5')


def test_registration_of_an_unregistered_agent():
    action, reason, warning = agent.decide_registration(state(configuration_status='Failed'), 'CSLegacy', '10.0.0.5')
    assert action == 'register'
    assert 'Failed' in reason
    action, reason, warning = agent.decide_registration(state(), 'CSLegacy', '10.0.0.5')
    assert action == 'register'
    assert 'empty' in reason and warning is None


def test_registration_to_the_same_server_is_nothing():
    action, reason, warning = agent.decide_registration(REGISTERED, 'CSLegacy', '10.0.0.5')
    assert action == 'none'
    assert '10.0.0.5' in reason and warning is None


@pytest.mark.parametrize('registered_to, wanted', [
    ('CS01.contoso.com', 'cs01.contoso.com'),
    ('cs01.contoso.com.', 'cs01.contoso.com'),
    ('cs01.contoso.com', 'CS01.CONTOSO.COM.'),
])
def test_registration_compares_names_sensibly(registered_to, wanted):
    current = dict(REGISTERED, cs_address=registered_to)
    assert agent.decide_registration(current, 'CSLegacy', wanted)[:1] == ('none',)


@pytest.mark.parametrize('registered_to, wanted', [('cs01.contoso.com', '10.0.0.5'), ('10.0.0.5', 'cs01'),
                                                   ('cs01', 'cs01.contoso.com')])
def test_registration_that_cannot_be_told_is_left_with_a_warning(registered_to, wanted):
    current = dict(REGISTERED, cs_address=registered_to)
    action, reason, warning = agent.decide_registration(current, 'CSLegacy', wanted)
    assert action == 'none'
    assert warning == reason
    assert registered_to in warning and wanted in warning and 'cannot be told' in warning


@pytest.mark.parametrize('force', [False, True])
def test_registration_to_another_server_is_refused_with_the_vendors_way(force):
    # the configurator refuses to move an agent (exit 13): force cannot do it either
    with pytest.raises(agent.RegisteredElsewhere) as err:
        agent.decide_registration(REGISTERED, 'CSLegacy', '10.0.0.6', force=force)
    message = str(err.value)
    assert '10.0.0.5' in message and '10.0.0.6' in message
    assert 'uninstall' in message and 'enabled again' in message
    assert 'mobility_service_reinstall_if_registered_elsewhere' in message


def test_a_registration_to_the_wanted_server_is_never_redone_even_with_force():
    # force left in an inventory must not re-register every host on every run
    for wanted in ('10.0.0.5', '10.0.0.5.'):
        action, reason, warning = agent.decide_registration(REGISTERED, 'CSLegacy', wanted, force=True)
        assert (action, warning) == ('none', None)
        assert reason == 'the agent is registered to 10.0.0.5'
    assert agent.decide_registration(MODERNIZED, 'CSPrime', force=True)[0] == 'none'


def test_force_registers_an_agent_whose_server_cannot_be_told():
    current = dict(REGISTERED, cs_address='cs01')
    action, reason, warning = agent.decide_registration(current, 'CSLegacy', '10.0.0.5', force=True)
    assert (action, warning) == ('register', None)
    assert reason.startswith('force is set') and 'cs01' in reason


def test_registration_with_another_cs_type_is_refused():
    with pytest.raises(agent.AgentError) as err:
        agent.decide_registration(REGISTERED, 'CSPrime')
    message = str(err.value)
    assert 'CSLegacy' in message and 'CSPrime' in message and '10.0.0.5' in message
    with pytest.raises(agent.AgentError, match='registered as CSPrime, not CSLegacy'):
        agent.decide_registration(MODERNIZED, 'CSLegacy', '10.0.0.5')


def test_registration_with_another_cs_type_and_force_is_refused():
    with pytest.raises(agent.RegisteredElsewhere, match='registered as CSPrime, not CSLegacy'):
        agent.decide_registration(MODERNIZED, 'CSLegacy', '10.0.0.5', force=True)


def test_registered_modernized_agent_is_left_alone():
    action, reason, warning = agent.decide_registration(MODERNIZED, 'CSPrime')
    assert action == 'none'
    assert reason == 'the agent is registered with its replication appliance'


def test_registered_to_unknown_server_cannot_be_told():
    action, reason, warning = agent.decide_registration(state(configuration_status='Succeeded', registered=True),
                                                        'CSLegacy', '10.0.0.5')
    assert action == 'none'
    assert 'an unknown server' in warning and '10.0.0.5' in warning


# --- messages ----------------------------------------------------------------

def test_scrub_masks_every_occurrence():
    text = 'passphrase %s accepted? %s' % (PASSPHRASE, PASSPHRASE)
    assert agent.scrub(text, [PASSPHRASE]) == 'passphrase ******** accepted? ********'


def test_scrub_masks_lines_of_a_multi_line_secret():
    secret = 'first-line-secret\nsecond-line-secret\nab'
    text = 'read second-line-secret from the file; ab stays'
    assert agent.scrub(text, [secret]) == 'read ******** from the file; ab stays'


def test_scrub_without_secrets():
    assert agent.scrub('nothing to hide', []) == 'nothing to hide'
    assert agent.scrub('nothing to hide', [None, '']) == 'nothing to hide'
    assert agent.scrub(None, [PASSPHRASE]) == ''


def test_log_tail_last_lines_masked(host):
    lines = ['line %d' % number for number in range(1, 31)] + ['using passphrase %s' % PASSPHRASE]
    host.write(agent.INSTALL_LOG, '\n'.join(lines) + '\n')
    tail = agent.log_tail(lines=3, secrets=[PASSPHRASE], root=host.root)
    assert tail == 'line 29\nline 30\nusing passphrase ********'


def test_log_tail_default_is_twenty_lines(host):
    host.write(agent.INSTALL_LOG, '\n'.join('line %d' % number for number in range(1, 51)))
    tail = agent.log_tail(root=host.root).splitlines()
    assert len(tail) == 20
    assert tail[0] == 'line 31' and tail[-1] == 'line 50'


def test_log_tail_of_a_missing_log(host):
    assert agent.log_tail(root=host.root) == ''


@pytest.mark.parametrize('rc, fragments', [
    (0, ['exited with code 0']),
    (1, ['exited with code 1']),
    (128, ['exited with code 128']),
    (-9, ['killed by signal 9', 'exit code -9', 'run it again']),
    (-15, ['killed by signal 15']),
    (137, ['killed by signal 9', 'exit code 137']),
    (192, ['killed by signal 64']),
    (193, ['exited with code 193']),
    (255, ['exited with code 255']),
    (None, ['did not run']),
])
def test_describe_exit(rc, fragments):
    sentence = agent.describe_exit(rc)
    for fragment in fragments:
        assert fragment in sentence
    if rc is not None and (0 <= rc <= 128 or rc > 192):
        assert 'signal' not in sentence


def test_failure_message_content():
    stdout = 'passphrase %s\n' % PASSPHRASE + '\n'.join('out %d' % number for number in range(1, 13))
    message = agent.failure_message('The configurator', 3, stdout, 'ERROR: %s rejected\n' % PASSPHRASE,
                                    'log line\nlog %s' % PASSPHRASE, [PASSPHRASE])
    assert message.startswith('The configurator exited with code 3.\n')
    # the last ten lines of the output, the tool's error (stderr) last so a chatty stdout cannot push it out
    assert 'Output: out 4\nout 5\n' in message
    assert 'out 12\nERROR: ******** rejected\n' in message
    assert 'out 3\n' not in message
    assert message.endswith('Last lines of /var/log/ua_install.log:\nlog line\nlog ********')
    assert PASSPHRASE not in message


def test_failure_message_masks_secrets_in_output():
    message = agent.failure_message('The configurator', 1, 'using %s' % PASSPHRASE, '', '', [PASSPHRASE])
    assert 'Output: using ********' in message
    assert PASSPHRASE not in message
    assert 'Last lines' not in message


def test_failure_message_without_output_or_log():
    assert agent.failure_message('The installer', 1) == 'The installer exited with code 1.'


# --- private files -----------------------------------------------------------

def test_private_directory_lifecycle(tmp_path):
    with agent.private_directory(base=str(tmp_path)) as path:
        assert os.path.isdir(path)
        assert mode_of(path) == 0o700
        assert os.path.dirname(path) == str(tmp_path)
        assert os.path.basename(path).startswith('asr-mobility.')
        with open(os.path.join(path, 'content'), 'w') as handle:
            handle.write('extracted')
    assert not os.path.exists(path)


@pytest.mark.parametrize('exception', [RuntimeError('installer exploded'), SystemExit(1)])
def test_private_directory_removed_when_the_block_raises(tmp_path, exception):
    seen = []
    with pytest.raises(type(exception)):
        with agent.private_directory(base=str(tmp_path)) as path:
            seen.append(path)
            raise exception
    assert seen and not os.path.exists(seen[0])
    assert os.listdir(str(tmp_path)) == []


def test_secret_file_lifecycle(tmp_path):
    content = PASSPHRASE + '\n second line '
    with agent.secret_file(content, base=str(tmp_path)) as path:
        directory = os.path.dirname(path)
        assert os.path.basename(path) == 'passphrase'
        assert os.path.basename(directory).startswith('asr-secret.')
        assert mode_of(path) == 0o600
        assert mode_of(directory) == 0o700
        with open(path) as handle:
            assert handle.read() == content
    assert not os.path.exists(path)
    assert not os.path.exists(directory)
    assert os.listdir(str(tmp_path)) == []


@pytest.mark.parametrize('exception', [ValueError('configurator failed'), SystemExit(1)])
def test_secret_file_removed_when_the_block_raises(tmp_path, exception):
    seen = []
    with pytest.raises(type(exception)):
        with agent.secret_file(PASSPHRASE, name='pass', base=str(tmp_path)) as path:
            seen.append(path)
            assert os.path.isfile(path)
            raise exception
    assert seen[0].endswith('/pass')
    assert not os.path.exists(seen[0])
    assert not os.path.exists(os.path.dirname(seen[0]))
    assert os.listdir(str(tmp_path)) == []


def test_secret_file_ignores_a_permissive_umask(tmp_path):
    old = os.umask(0)
    try:
        with agent.secret_file(PASSPHRASE, base=str(tmp_path)) as path:
            assert mode_of(path) == 0o600
            assert mode_of(os.path.dirname(path)) == 0o700
    finally:
        os.umask(old)


# --- processes ---------------------------------------------------------------

def test_running_processes(host):
    host.process(123, 'svagents')
    host.process(456, 'appservice', status='Z')
    host.process(789, 'bash')
    host.write('/proc/self/stat', '1 (appservice) S 0\n')
    os.makedirs(host.path('/proc/999'))  # the process ended while /proc was read
    assert agent.running_processes(proc=host.path('/proc')) == {'svagents': True, 'appservice': False}


def test_running_processes_zombie_and_live_instance(host):
    host.process(456, 'appservice', status='Z')
    host.process(457, 'appservice', status='R')
    assert agent.running_processes(proc=host.path('/proc'))['appservice'] is True


def test_running_processes_names_with_spaces_and_parentheses(host):
    host.process(10, 'my (svagents) x')
    host.process(11, 'svagents) (x')
    assert agent.running_processes(names=('my (svagents) x', 'svagents'), proc=host.path('/proc')) == {
        'my (svagents) x': True, 'svagents': False}


def test_running_processes_without_proc(host):
    assert agent.running_processes(proc=host.path('/no/proc')) == {'svagents': False, 'appservice': False}


# --- a damaged state file ------------------------------------------------------
@pytest.mark.parametrize('content, words', [
    ('\x00\x13garbage\x00', 'binary data'),
    ('INSTALLATION_DIR=/usr/local/ASR/Vx\nthis is not a key\nPROD_VERSION=9.66.7567.1\n', "line 2 is not KEY=VALUE: 'this is not a key'"),
    ('INSTALLATION_DIR=/usr/local/ASR/Vx\nPROD_VERSION=nine\n', "PROD_VERSION='nine'"),
    # a version must be a clean dotted number: what follows the number would be ignored by a comparison
    ('PROD_VERSION=9.66abc\n', "PROD_VERSION='9.66abc'"),
    ('PROD_VERSION=9.66.7567.1-beta\n', "PROD_VERSION='9.66.7567.1-beta'"),
    ('PROD_VERSION=9..66\n', "PROD_VERSION='9..66'"),
    ('PROD_VERSION=9.66.\n', "PROD_VERSION='9.66.'"),
])
def test_a_damaged_version_file_is_neither_installed_nor_partial(host, content, words):
    host.write(agent.VX_VERSION_FILE, content)
    result = agent.read_state(root=host.root)
    assert (result['installed'], result['partial'], result['registered']) == (False, False, False)
    assert words in result['damaged'] and agent.VX_VERSION_FILE in result['damaged']


def test_an_interrupted_install_is_not_damage():
    assert agent.version_file_damage('INSTALLATION_DIR=/usr/local/ASR/Vx\n') is None
    assert agent.version_file_damage('# comment\n\nPROD_VERSION=9.66.7567.1\n') is None
    assert agent.version_file_damage(None) is None


@pytest.mark.parametrize('desired', ['present', 'latest'])
def test_a_damaged_agent_is_refused_unless_removed(desired):
    damaged = dict(NOT_INSTALLED, damaged='/usr/local/.vx_version contains binary data')
    with pytest.raises(agent.AgentError) as err:
        agent.decide_install(damaged, desired, VERSION)
    assert 'binary data' in str(err.value) and 'nothing was changed' in str(err.value)
    action, reason = agent.decide_install(damaged, 'absent')
    assert action == 'uninstall' and 'damaged' in reason


# --- running the vendor's tools with an upper bound -----------------------------
def test_run_bounded_returns_code_and_output(tmp_path):
    rc, out, err, timed_out = agent.run_bounded(['sh', '-c', 'pwd; echo oops >&2; exit 3'], cwd=str(tmp_path), timeout=60)
    assert (rc, out.strip(), err.strip(), timed_out) == (3, str(tmp_path), 'oops', False)


def test_run_bounded_gives_the_tool_no_stdin():
    rc, out, _err, _timed_out = agent.run_bounded(['sh', '-c', 'cat; echo end'], timeout=60)
    assert (rc, out) == (0, 'end\n')


def test_run_bounded_stops_the_whole_process_group(tmp_path):
    marker = tmp_path / 'child.pid'
    # the tool starts a child that would outlive it, then hangs
    script = 'sleep 300 & echo $! > %s; echo started; wait' % marker
    rc, out, _err, timed_out = agent.run_bounded(['sh', '-c', script], timeout=1, grace=2)
    assert rc is None and timed_out and 'started' in out
    child = int(marker.read_text())
    # the child is gone too: no process, or a zombie waiting for its new parent to reap it (a busy machine may
    # still show it dying for a moment after the signal)
    state = None
    for _attempt in range(50):
        try:
            with open('/proc/%d/stat' % child) as handle:
                state = handle.read().split(') ', 1)[1][0]
        except (IOError, OSError):
            state = 'gone'
        if state in ('Z', 'X', 'gone'):
            break
        time.sleep(0.1)
    assert state in ('Z', 'X', 'gone'), 'the child %d is still alive (state %s)' % (child, state)


def test_run_bounded_escalates_to_sigkill(tmp_path):
    script = "trap '' TERM; echo stubborn; sleep 300"
    rc, out, _err, timed_out = agent.run_bounded(['sh', '-c', script], timeout=1, grace=1)
    assert rc is None and timed_out and 'stubborn' in out


def test_timeout_message_says_what_to_do():
    message = agent.timeout_message('The installer', 30, 'step 1', '', 'log line ' + PASSPHRASE, [PASSPHRASE])
    assert 'did not finish within 30 seconds' in message and 'running the same task again' in message
    assert 'step 1' in message and PASSPHRASE not in message


# --- the vendor's files and codes as its own scripts write them ----------------

VENDOR_DRSCOUT = '\n'.join([
    '[vxagent]',
    'HostId=%s' % HOST_ID,
    'VmPlatform=VmWare',
    'CSType=CSPrime',
    '',
    '[vxagent.transport]',
    'Hostname = 10.0.0.5',
    'Port = 8443',
    '   Hostname = 10.9.9.9',  # not at the start of its line: the installer's grep ^Hostname does not see it
    'Https=1',
])


def test_state_reads_drscout_as_the_vendor_writes_it(host):
    host.vx_version(INSTALLATION_DIR='/usr/local/ASR/Vx', PROD_VERSION=VERSION, AGENT_CONFIGURATION_STATUS='Succeeded')
    host.write('/usr/local/ASR/Vx/etc/drscout.conf', VENDOR_DRSCOUT)
    host.platform_file('CSLegacy')  # drscout's CSType wins, as in the installer
    result = agent.read_state(root=host.root)
    assert result['cs_address'] == '10.0.0.5'
    assert result['cs_port'] == 8443
    assert result['cs_type'] == 'CSPrime'


def test_ini_value_ignores_the_case_of_keys():
    sections = agent.parse_ini('[vxagent.transport]\nHostName=10.0.0.7\n')
    assert agent.ini_value(sections, 'vxagent.transport', 'Hostname') == '10.0.0.7'
    assert agent.ini_value(sections, 'vxagent.transport', 'Port') is None
    assert agent.ini_value(sections, 'missing', 'Port') is None


@pytest.mark.parametrize('platform_cs_type, expected', [(None, 'CSLegacy'), ('CSPrime', 'CSPrime')])
def test_cs_type_falls_back_like_the_installer(host, platform_cs_type, expected):
    host.install(status='Succeeded', cs_address='10.0.0.5', cs_type=None)
    if platform_cs_type:
        host.platform_file(platform_cs_type)
    assert agent.read_state(root=host.root)['cs_type'] == expected


def test_damaged_version_file_is_read_from_its_backup(host):
    host.install(status='Succeeded', cs_address='10.0.0.5')
    host.write(agent.VX_VERSION_BACKUP, host.read(agent.VX_VERSION_FILE))
    host.write(agent.VX_VERSION_FILE, 'INSTALLATION_DIR=/usr/local/ASR/Vx\n\x00\x01garbage\n')
    result = agent.read_state(root=host.root)
    assert result['damaged'] is None
    assert result['installed'] and result['registered'] and result['version'] == VERSION
    assert result['version_file'] == agent.VX_VERSION_BACKUP
    assert agent.decide_install(result, 'present') == ('none', 'version %s is installed' % VERSION)


def test_damaged_version_file_with_a_damaged_backup_is_refused(host):
    host.install(status='Succeeded')
    host.write(agent.VX_VERSION_FILE, 'garbage\n')
    host.write(agent.VX_VERSION_BACKUP, 'more garbage\n')
    result = agent.read_state(root=host.root)
    assert result['installed'] is False
    assert agent.VX_VERSION_BACKUP in result['damaged'] and 'not usable' in result['damaged']
    with pytest.raises(agent.AgentError, match='damaged'):
        agent.decide_install(result, 'present')


@pytest.mark.parametrize('unit', agent.SYSTEMD_UNITS)
def test_service_is_the_systemd_unit_where_one_is_installed(host, unit):
    host.install()
    host.write(unit, '[Service]\n')
    assert agent.read_state(root=host.root)['service_manager'] == 'systemd'
    assert agent.service_command('systemd', 'status') == ['systemctl', 'is-active', 'vxagent']
    assert agent.service_command('systemd', 'start') == ['systemctl', 'start', 'vxagent']


def test_service_is_the_init_script_otherwise(host):
    host.install()
    assert agent.read_state(root=host.root)['service_manager'] is None
    with pytest.raises(agent.AgentError, match='no service'):
        agent.service_command(None, 'status')
    host.write(agent.INIT_SCRIPT, '#!/bin/sh\n', mode=0o755)
    assert agent.read_state(root=host.root)['service_manager'] == 'sysv'
    assert agent.service_command('sysv', 'stop') == [agent.INIT_SCRIPT, 'stop']


@pytest.mark.parametrize('install_dir, home', [
    ('/usr/local/ASR', '/usr/local/ASR'), ('/usr/local/ASR/', '/usr/local/ASR'), (None, '/usr/local/ASR'),
    ('/opt', '/opt/ASR'), ('/opt/', '/opt/ASR'), ('/data/agents', '/data/agents/ASR'), ('/opt/ASR', '/opt/ASR/ASR'),
])
def test_agent_home_is_where_the_vendors_installer_puts_the_agent(install_dir, home):
    assert agent.agent_home(install_dir) == home


@pytest.mark.parametrize('port, tail', [
    (443, ['-i', '10.0.0.5', '-P', '/tmp/p', '-c', 'CSLegacy']),
    (None, ['-i', '10.0.0.5', '-P', '/tmp/p', '-c', 'CSLegacy']),
    (8443, ['-i', '10.0.0.5', '-P', '/tmp/p', '-p', '8443', '-c', 'CSLegacy']),
    ('44380', ['-i', '10.0.0.5', '-P', '/tmp/p', '-p', '44380', '-c', 'CSLegacy']),
])
def test_configure_command_passes_a_port_other_than_443(port, tail):
    cmd = agent.configure_command('/usr/local/ASR/Vx', 'CSLegacy', '10.0.0.5', '/tmp/p', cs_port=port)
    assert cmd[1:] == tail


@pytest.mark.parametrize('rc, action, outcome, fragment', [
    (0, 'install', 'ok', 'succeeded'),
    (0, 'upgrade', 'ok', 'succeeded'),
    (98, 'upgrade', 'restart', 'restart of the machine is recommended'),
    (98, 'install', 'restart', 'restart of the machine is recommended'),
    (209, 'upgrade', 'restart', 'older installer'),
    (209, 'install', 'failed', 'older installer'),
    (97, 'install', 'failed', 'failed with errors'),
    (96, 'install', 'failed', 'command-line options'),
    (11, 'upgrade', 'failed', 'upgrade from the installed version is not supported'),
    (15, 'upgrade', 'failed', 'downgrade'),
    (1, 'install', 'failed', 'exited with code 1'),
    (-9, 'install', 'failed', 'killed by signal 9'),
])
def test_install_outcome_follows_the_vendors_codes(rc, action, outcome, fragment):
    got, words = agent.install_outcome(rc, action)
    assert got == outcome
    assert fragment in words


def test_failure_message_names_the_vendors_meaning_and_the_error_details():
    message = agent.failure_message('The installer', 97, '', '', '', [PASSPHRASE], meanings=agent.INSTALLER_MEANINGS,
                                    details='{"Errors": [{"Message": "disk full %s"}]}' % PASSPHRASE)
    assert message.startswith('The installer failed with errors (exit code 97).\n')
    assert 'Details from /var/log/InstallerErrors.json: {"Errors": [{"Message": "disk full ********"}]}' in message
    assert PASSPHRASE not in message


def test_errors_file_of_an_earlier_run_is_never_reported(host):
    path = host.write(agent.INSTALLER_ERRORS, '{"Errors": ["old"]}')
    os.utime(path, (1000, 1000))
    before = agent.file_mtime(root=host.root)
    assert before == 1000
    assert agent.errors_file_since(before, root=host.root) == ''
    host.write(agent.INSTALLER_ERRORS, '{"Errors": ["new %s"]}' % PASSPHRASE + ' ' * 3000)
    details = agent.errors_file_since(before, secrets=[PASSPHRASE], root=host.root)
    assert details == '{"Errors": ["new ********"]}'
    host.write(agent.INSTALLER_ERRORS, 'x' * 3000)
    assert agent.errors_file_since(None, root=host.root).endswith('x [...]')
    assert agent.file_mtime('/no/such/file', root=host.root) is None


def test_registration_target_verdicts():
    assert agent.registration_target(state(), 'CSLegacy', '10.0.0.5')[0] == 'unregistered'
    assert agent.registration_target(REGISTERED, 'CSLegacy', '10.0.0.5')[0] == 'same'
    assert agent.registration_target(REGISTERED, 'CSLegacy', '10.0.0.6')[0] == 'different'
    assert agent.registration_target(REGISTERED, 'CSLegacy', 'cs01.contoso.com')[0] == 'cannot tell'
    assert agent.registration_target(REGISTERED, 'CSPrime')[0] == 'different'
    assert agent.registration_target(MODERNIZED, 'CSPrime')[0] == 'same'
