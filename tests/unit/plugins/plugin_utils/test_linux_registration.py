# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""mobility_agent_registration on Linux: linux_agent.register, its shell
scripts run against a fake host root with a fake configurator (what the
module tests checked through main()): decisions, the configurator's command
line, what happens to the passphrase, and the reachability test, which the
script makes on the host with bash's /dev/tcp (here only ever 127.0.0.1)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import socket
import time

import pytest

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.siterecovery.mobility.plugins.action import mobility_agent_registration as action
from ansible_collections.siterecovery.mobility.plugins.module_utils import agent, agent_specs
from ansible_collections.siterecovery.mobility.plugins.plugin_utils import linux_agent
from ansible_collections.siterecovery.mobility.plugins.plugin_utils.linux_agent import HostFailure
from ansible_collections.siterecovery.mobility.tests.unit.plugins.plugin_utils.linux_fakes import (
    CONFIGURATOR, SecretFiles, configurator, configurator_seen, lines_of, loose_secret_file, nothing_left, run_action)

PASSPHRASE = 'Xy7-vault-pa55phrase-K9'
CLASSIC = {'cs_address': '127.0.0.5', 'passphrase': PASSPHRASE}
LOCAL = '127.0.0.1'  # the only address a configurator that fails may be given: the script tests it


@pytest.fixture
def listening():
    """A port on 127.0.0.1 that accepts connections."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind((LOCAL, 0))
    server.listen(5)
    try:
        yield server.getsockname()[1]
    finally:
        server.close()


@pytest.fixture
def closed():
    """A port on 127.0.0.1 nothing listens on."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind((LOCAL, 0))
    port = server.getsockname()[1]
    server.close()
    return port


def params(**values):
    """The options as the action hands them over (the spec's defaults)."""
    base = dict(cs_address=None, passphrase=None, passphrase_file=None, source_config_file=None,
                source_config_src=None, credential_less_discovery=False, force=False, cs_port=443, timeout=60,
                cs_type='CSLegacy')
    base.update(values)
    return base


def register(host, check_mode=False, secret_files=None, **values):
    return linux_agent.register(host, params(**values), check_mode=check_mode,
                                local_secret_file=secret_files or SecretFiles())


def fail(host, check_mode=False, secret_files=None, grace=linux_agent.GRACE, **values):
    """The failure as the action reports it: the fields and msg."""
    with pytest.raises(HostFailure) as info:
        linux_agent.register(host, params(**values), check_mode=check_mode, grace=grace,
                             local_secret_file=secret_files or SecretFiles())
    return dict(info.value.fields, msg=info.value.msg)


def serialized(result):
    return json.dumps(result, sort_keys=True, default=str)


def configurator_args(fake):
    """The configurator's path and arguments, or None when it did not run."""
    return lines_of(fake, '/configure-args')


def only_probed(fake, host):
    """Only the read-only probe ran: no configurator, no transfer, no private folder."""
    return (len(host.scripts) == 1 and host.puts == [] and os.listdir(fake.path('/var/tmp')) == []
            and configurator_args(fake) is None)


def reach_tested(host):
    """The exit code of the reachability test of the last script (None: it did not run)."""
    return host.outputs[-1].int_value('reach')


def assert_secret_kept(fake, host, result, warnings=()):
    assert PASSPHRASE not in serialized(result) and PASSPHRASE not in serialized(list(warnings))
    assert all(PASSPHRASE not in argument for argument in configurator_args(fake) or [])
    # the scripts go through the connection (and its logs): the passphrase travels as a file only
    assert all(PASSPHRASE not in script for script in host.scripts)
    assert nothing_left(fake, host)


# --- classic with a passphrase -----------------------------------------------

def test_classic_registration_with_a_passphrase(fake, host):
    fake.install(status='NotConfigured')
    configurator(fake)
    # whatever mode the transfer leaves the file with, the configurator gets a root-only copy
    secrets = SecretFiles(loose_secret_file)
    result, warnings = register(host, secret_files=secrets, **CLASSIC)

    seen = configurator_seen(fake)
    assert configurator_args(fake) == [fake.path(CONFIGURATOR), '-i', '127.0.0.5', '-P', seen['path'],
                                       '-c', 'CSLegacy']
    assert seen['exists'] is True
    assert fake.read('/configure-input') == PASSPHRASE
    assert seen['mode'] == 0o600
    assert seen['dir_mode'] == 0o700
    assert os.path.dirname(os.path.dirname(seen['path'])) == fake.path('/var/tmp')
    assert not os.path.exists(seen['path'])
    assert not os.path.exists(os.path.dirname(seen['path']))
    assert len(host.puts) == 1 and secrets.all_removed()  # the controller's copy is gone too
    assert_secret_kept(fake, host, result, warnings)

    assert result['changed'] is True
    assert result['registered'] is True
    assert result['cs_address'] == '127.0.0.5'
    assert result['cs_type'] == 'CSLegacy'
    assert result['previous_cs_address'] is None
    assert result['reason'] == 'the agent is not registered (configuration status NotConfigured)'
    assert result['diff'] == {
        'before': 'registered: False\ncs_address: None\ncs_type: CSLegacy\n',
        'after': 'registered: True\ncs_address: 127.0.0.5\ncs_type: CSLegacy\n',
    }
    assert warnings == []


def test_the_passphrase_is_an_option_never_logged():
    # the module logged passphrase=NOT_LOGGING_PARAMETER; the action's spec marks it the same way
    result = ArgumentSpecValidator(**agent_specs.REGISTRATION).validate(
        {'cs_address': '127.0.0.5', 'passphrase': PASSPHRASE})
    assert result.errors.errors == [] and PASSPHRASE in result._no_log_values
    result = ArgumentSpecValidator(**agent_specs.REGISTRATION).validate(
        {'cs_address': '127.0.0.5', 'passphrase_file': '/root/passphrase.txt'})
    assert result.errors.errors == [] and result._no_log_values == set()  # a path, not the secret


def test_already_registered_to_the_same_server(fake, host):
    fake.install(status='Succeeded', cs_address='127.0.0.5')
    configurator(fake)
    result, warnings = register(host, **CLASSIC)
    assert only_probed(fake, host)
    assert result['changed'] is False
    assert result['registered'] is True
    assert result['cs_address'] == '127.0.0.5'
    assert result['previous_cs_address'] == '127.0.0.5'
    assert 'diff' not in result
    assert_secret_kept(fake, host, result, warnings)


@pytest.mark.parametrize('force', [False, True])
def test_registered_elsewhere_is_refused_with_the_vendors_way(fake, host, force):
    # the configurator cannot move an agent (exit 13), so nothing runs, force or not
    fake.install(status='Succeeded', cs_address='10.0.0.9')
    configurator(fake)
    result = fail(host, force=force, **CLASSIC)
    assert only_probed(fake, host)
    assert '10.0.0.9' in result['msg'] and '127.0.0.5' in result['msg']
    assert 'uninstall' in result['msg'] and 'enabled again' in result['msg']
    assert result['registered_elsewhere'] is True
    assert result['registered'] is True
    assert result['cs_address'] == '10.0.0.9'
    assert_secret_kept(fake, host, result)


def test_force_never_redoes_a_registration_to_this_server(fake, host):
    fake.install(status='Succeeded', cs_address='127.0.0.5')
    configurator(fake)
    result, dummy = register(host, force=True, **CLASSIC)
    assert only_probed(fake, host)
    assert result['changed'] is False and 'force' not in result['reason']


def test_force_registers_an_agent_whose_server_cannot_be_told(fake, host):
    fake.install(status='Succeeded', cs_address='cs01.contoso.com')
    configurator(fake)
    result, dummy = register(host, force=True, **CLASSIC)
    assert configurator_args(fake)[0] == fake.path(CONFIGURATOR) and len(host.scripts) == 2
    assert result['changed'] is True and 'force is set' in result['reason']


@pytest.mark.parametrize('registered_to', ['CS01.contoso.com.', 'cs01.CONTOSO.com'])
def test_the_same_server_in_other_letters_is_the_same(fake, host, registered_to):
    fake.install(status='Succeeded', cs_address=registered_to)
    configurator(fake)
    result, dummy = register(host, cs_address='cs01.contoso.com', passphrase=PASSPHRASE)
    assert only_probed(fake, host)
    assert result['changed'] is False


def test_a_name_and_an_address_are_left_with_a_warning(fake, host):
    fake.install(status='Succeeded', cs_address='cs01.contoso.com')
    configurator(fake)
    result, warnings = register(host, **CLASSIC)
    assert only_probed(fake, host)
    assert result['changed'] is False
    assert any('cannot be told' in warning for warning in warnings)


def test_configurator_exit_13_says_what_to_do(fake, host, closed):
    # our files said unregistered, but the configurator knows better: registered elsewhere
    fake.install(status='Failed', cs_address='10.0.0.9')
    configurator(fake, rc=13)
    result = fail(host, cs_address=LOCAL, cs_port=closed, passphrase=PASSPHRASE)
    assert result['rc'] == 13
    assert 'registered to a different configuration server (exit code 13)' in result['msg']
    assert 'registered to 10.0.0.9, not %s' % LOCAL in result['msg']
    assert 'uninstall' in result['msg'] and 'enabled again' in result['msg']
    assert result['registered_elsewhere'] is True
    assert reach_tested(host) is None  # the server answered: 13 is its refusal
    assert_secret_kept(fake, host, result)


@pytest.mark.parametrize('port, expected', [(443, []), (8443, ['-p', '8443'])])
def test_a_configuration_server_port_other_than_443_is_passed(fake, host, port, expected):
    fake.install()
    configurator(fake)
    register(host, cs_port=port, **CLASSIC)
    cmd = configurator_args(fake)
    assert cmd[5:-2] == expected and cmd[-2:] == ['-c', 'CSLegacy']


def test_registered_as_modernized_is_refused_for_classic(fake, host):
    fake.install(status='Succeeded', cs_type='CSPrime')
    configurator(fake)
    result = fail(host, **CLASSIC)
    assert only_probed(fake, host)
    assert 'registered as CSPrime, not CSLegacy' in result['msg']


def test_agent_not_installed(fake, host):
    result = fail(host, **CLASSIC)
    assert only_probed(fake, host)
    assert 'not installed' in result['msg']
    assert result['registered'] is False


def test_configurator_uses_the_agents_own_directory(fake, host):
    fake.install(vx_dir='/opt/asr/Vx')
    configurator(fake, vx_dir='/opt/asr/Vx')
    register(host, **CLASSIC)
    assert configurator_args(fake)[0] == fake.path('/opt/asr/Vx/bin/UnifiedAgentConfigurator.sh')


# --- failures ----------------------------------------------------------------

def test_failure_with_an_unreachable_server(fake, host, closed):
    fake.install()
    configurator(fake, rc=1, stderr='Failed to connect\n')
    result = fail(host, cs_address=LOCAL, cs_port=closed, passphrase=PASSPHRASE)
    assert reach_tested(host) not in (None, 0)
    assert result['msg'].startswith('Registration failed (the configuration server %s could not be reached '
                                    'on port %d from this host). The configurator exited with code 1' % (LOCAL, closed))
    assert 'Failed to connect' in result['msg']
    assert result['rc'] == 1
    assert result['registered'] is False
    seen = configurator_seen(fake)
    assert fake.read('/configure-input') == PASSPHRASE
    assert not os.path.exists(os.path.dirname(seen['path']))
    assert_secret_kept(fake, host, result)


def test_failure_with_a_reachable_server_points_at_the_passphrase(fake, host, listening):
    fake.install()
    configurator(fake, rc=2)
    result = fail(host, cs_address=LOCAL, cs_port=listening, passphrase=PASSPHRASE)
    assert reach_tested(host) == 0
    assert 'answered on port %d' % listening in result['msg']
    assert 'check the passphrase' in result['msg']
    assert 'could not be reached' not in result['msg']
    assert_secret_kept(fake, host, result)


def test_failure_masks_the_passphrase_in_output_and_log(fake, host, closed):
    fake.install()
    fake.write(agent.INSTALL_LOG, 'Registering\nAuthentication failed for passphrase %s\nDone\n' % PASSPHRASE)
    configurator(fake, rc=1, stdout='using passphrase %s\n' % PASSPHRASE, stderr='rejected: %s\n' % PASSPHRASE)
    result = fail(host, cs_address=LOCAL, cs_port=closed, passphrase=PASSPHRASE)
    assert 'Authentication failed for passphrase ********' in result['msg']
    assert 'using passphrase ********' in result['msg']
    assert 'rejected: ********' in result['msg']
    assert 'Last lines of /var/log/ua_install.log:\nRegistering\n' in result['msg']
    # masked on the host already: the connection never carried it back
    assert all(PASSPHRASE not in '\n'.join(out.other + list(out.files.values())) for out in host.outputs)
    assert_secret_kept(fake, host, result)


def test_configurator_exiting_zero_without_registering(fake, host):
    fake.install(status='NotConfigured')
    fake.write(agent.INSTALL_LOG, 'secret is %s\n' % PASSPHRASE)
    configurator(fake, registers=False)
    result = fail(host, **CLASSIC)
    assert result['msg'].startswith('the configurator exited with 0 but the agent reports configuration status '
                                    'NotConfigured')
    assert 'secret is ********' in result['msg']
    assert result['registered'] is False
    assert_secret_kept(fake, host, result)


def test_secret_folder_is_removed_when_the_configurator_cannot_run(fake, host, closed):
    # the agent's files are there but its configurator is not (the module's run_command failed the module)
    fake.install()
    secrets = SecretFiles()
    result = fail(host, secret_files=secrets, cs_address=LOCAL, cs_port=closed, passphrase=PASSPHRASE)
    assert result['rc'] == 127
    assert 'UnifiedAgentConfigurator.sh' in result['msg'] and 'No such file or directory' in result['msg']
    assert secrets.all_removed()
    assert_secret_kept(fake, host, result)


# --- check mode --------------------------------------------------------------

def test_check_mode_runs_nothing(fake, host):
    fake.install(status='Failed', cs_address='10.0.0.9')
    configurator(fake)
    result, warnings = register(host, check_mode=True, **CLASSIC)
    assert only_probed(fake, host)
    assert result['changed'] is True
    assert result['registered'] is True
    assert result['cs_address'] == '127.0.0.5'
    assert result['previous_cs_address'] == '10.0.0.9'
    assert result['diff']['after'] == 'registered: True\ncs_address: 127.0.0.5\ncs_type: CSLegacy\n'
    assert agent.read_state(fake.root)['cs_address'] == '10.0.0.9'
    assert_secret_kept(fake, host, result, warnings)


def test_check_mode_modernized_predicts_from_the_controllers_config_json(fake, host, tmp_path):
    # the config.json is not sent in check mode, and nothing it would need on the host is asked for
    fake.install(cs_type='CSPrime')
    configurator(fake)
    source = tmp_path / 'config.json'
    source.write_text(CONFIG_JSON)
    result, warnings = register(host, check_mode=True, cs_type='CSPrime', source_config_src=str(source))
    assert only_probed(fake, host)
    assert result['changed'] is True and result['registered'] is True and result['cs_type'] == 'CSPrime'


# --- passphrase file -----------------------------------------------------------

def test_passphrase_file_is_used_as_given(fake, host):
    fake.install()
    configurator(fake)
    fake.write('/root/passphrase.txt', '%s\n' % PASSPHRASE)
    result, dummy = register(host, cs_address='127.0.0.5', passphrase_file='/root/passphrase.txt')
    assert configurator_args(fake) == [fake.path(CONFIGURATOR), '-i', '127.0.0.5', '-P',
                                       fake.path('/root/passphrase.txt'), '-c', 'CSLegacy']
    assert fake.read('/root/passphrase.txt') == '%s\n' % PASSPHRASE
    assert host.puts == [] and nothing_left(fake, host)
    assert result['changed'] is True
    assert result['registered'] is True


def test_passphrase_read_from_a_file_is_masked_too(fake, host, closed):
    fake.install()
    fake.write(agent.INSTALL_LOG, 'tried passphrase %s\n' % PASSPHRASE)
    fake.write('/root/passphrase.txt', '%s\n' % PASSPHRASE)
    configurator(fake, rc=1, stderr='bad: %s\n' % PASSPHRASE)
    result = fail(host, cs_address=LOCAL, cs_port=closed, passphrase_file='/root/passphrase.txt')
    assert PASSPHRASE not in json.dumps(result)
    assert 'tried passphrase ********' in result['msg']
    assert 'bad: ********' in result['msg']


@pytest.mark.parametrize('value', ['', '   '])
def test_empty_passphrase_is_refused(fake, host, value):
    fake.install()
    configurator(fake)
    result = fail(host, cs_address='127.0.0.5', passphrase=value)
    assert only_probed(fake, host)
    assert result['msg'] == 'passphrase is empty'


@pytest.mark.parametrize('content', ['', '  \n\n'])
def test_empty_passphrase_file_is_refused(fake, host, content):
    fake.install()
    configurator(fake)
    fake.write('/root/passphrase.txt', content)
    result = fail(host, cs_address='127.0.0.5', passphrase_file='/root/passphrase.txt')
    assert configurator_args(fake) is None and nothing_left(fake, host)
    assert result['msg'] == '/root/passphrase.txt is empty'


def test_missing_passphrase_file_is_refused(fake, host):
    fake.install()
    configurator(fake)
    result = fail(host, cs_address='127.0.0.5', passphrase_file='/root/nowhere.txt')
    assert configurator_args(fake) is None and nothing_left(fake, host)
    assert result['msg'] == 'cannot read /root/nowhere.txt on the host: No such file or directory'


@pytest.mark.parametrize('args, fragment', [
    ({'cs_address': '127.0.0.5'}, 'passphrase'),
    ({'passphrase': PASSPHRASE}, 'cs_address'),
    ({'cs_address': '127.0.0.5', 'passphrase': PASSPHRASE, 'passphrase_file': '/root/p'}, 'mutually exclusive'),
    ({'cs_type': 'CSPrime'}, 'source_config_file'),
    ({'cs_type': 'CSPrime', 'source_config_file': '/root/c.json', 'source_config_src': 'c.json'},
     'mutually exclusive'),
])
def test_argument_rules(args, fragment):
    checked = ArgumentSpecValidator(**agent_specs.REGISTRATION).validate(args)
    assert fragment in checked.errors.msg
    # the action refuses the task before it uses the connection
    result, connection = run_action(action, args)
    assert result['failed'] is True and fragment in result['msg']
    assert connection.mock_calls == []
    assert PASSPHRASE not in serialized(result)


def test_the_action_reports_a_failure_without_the_passphrase(fake, host, closed, monkeypatch):
    fake.install()
    fake.write(agent.INSTALL_LOG, 'tried passphrase %s\n' % PASSPHRASE)
    configurator(fake, rc=1, stdout='using passphrase %s\n' % PASSPHRASE)
    result, connection = run_action(action, {'cs_address': LOCAL, 'cs_port': closed, 'passphrase': PASSPHRASE},
                                    host=host, monkeypatch=monkeypatch)
    assert result['failed'] is True and result['rc'] == 1 and result['registered'] is False
    assert 'Registration failed' in result['msg'] and 'using passphrase ********' in result['msg']
    assert connection.mock_calls == []  # everything went to the test's host
    assert_secret_kept(fake, host, result)


# --- modernized ------------------------------------------------------------------

def test_modernized_registration(fake, host):
    fake.install(cs_type='CSPrime')
    configurator(fake)
    fake.write('/root/config.json', '{"ApplianceIp": "192.168.1.20"}')
    result, dummy = register(host, cs_type='CSPrime', source_config_file='/root/config.json')
    assert configurator_args(fake) == [fake.path(CONFIGURATOR), '-S', fake.path('/root/config.json'),
                                       '-c', 'CSPrime', '-q']
    assert nothing_left(fake, host)
    assert result['changed'] is True
    assert result['registered'] is True
    assert result['cs_type'] == 'CSPrime'


def test_modernized_credential_less_discovery(fake, host):
    fake.install(cs_type='CSPrime')
    configurator(fake)
    fake.write('/root/config.json', '{}')
    register(host, cs_type='CSPrime', source_config_file='/root/config.json', credential_less_discovery=True)
    assert configurator_args(fake) == [fake.path(CONFIGURATOR), '-S', fake.path('/root/config.json'),
                                       '-c', 'CSPrime', '-q', '-D', 'true']


def test_modernized_already_registered(fake, host):
    fake.install(status='Succeeded', cs_type='CSPrime')
    configurator(fake)
    fake.write('/root/config.json', '{}')
    result, dummy = register(host, cs_type='CSPrime', source_config_file='/root/config.json')
    assert only_probed(fake, host)
    assert result['changed'] is False


def test_modernized_failure_does_not_probe_a_server(fake, host):
    fake.install(cs_type='CSPrime')
    configurator(fake, rc=1)
    fake.write('/root/config.json', '{}')
    result = fail(host, cs_type='CSPrime', source_config_file='/root/config.json')
    assert '/dev/tcp' not in host.scripts[-1] and reach_tested(host) is None
    assert 'check config.json and the appliance' in result['msg']


# a config.json as the appliance writes one: its key is the secret, on a line of its own or not
CONFIG_KEY = 'Srm-Appliance-Key-Q7d2vX9p'
CONFIG_JSON = '{\n  "ApplianceIp": "192.168.1.20",\n  "Key": "%s",\n  "Port": 443\n}\n' % CONFIG_KEY


def no_config_json(fake, host, result):
    """Nothing of config.json in the result, in what came back from the host, or in the scripts."""
    shown = json.dumps(result) + '\n'.join('\n'.join(out.other + list(out.files.values())) for out in host.outputs)
    for piece in (CONFIG_KEY, '"Key": "%s"' % CONFIG_KEY, '192.168.1.20'):
        assert piece not in shown, piece
    assert all(CONFIG_KEY not in script for script in host.scripts)
    assert nothing_left(fake, host)


@pytest.mark.parametrize('where', ['host', 'controller'])
def test_a_configurator_echoing_config_json_shows_none_of_it(fake, host, tmp_path, where):
    fake.install(cs_type='CSPrime')
    # the configurator repeats its input: the whole document, and the key alone in its log
    configurator(fake, rc=5, stdout='input was:\n%s' % CONFIG_JSON, stderr='cannot use key %s\n' % CONFIG_KEY)
    fake.write(agent.INSTALL_LOG, 'Registering\nrejected key=%s from %s\n' % (CONFIG_KEY, CONFIG_JSON.replace('\n', ' ')))
    if where == 'host':
        fake.write('/root/config.json', CONFIG_JSON)
        result = fail(host, cs_type='CSPrime', source_config_file='/root/config.json')
    else:
        source = tmp_path / 'config.json'
        source.write_text(CONFIG_JSON)
        result = fail(host, cs_type='CSPrime', source_config_src=str(source))
    assert result['rc'] == 5 and 'Registering' in result['msg'] and 'cannot use key ********' in result['msg']
    no_config_json(fake, host, result)


def test_secret_pieces_of_a_config_json():
    pieces = agent.secret_pieces(CONFIG_JSON)
    assert pieces[0] == CONFIG_JSON
    assert CONFIG_KEY in pieces and '"Key": "%s",' % CONFIG_KEY in pieces and '192.168.1.20' in pieces
    # names are not secrets, short values are not masked on their own
    assert 'ApplianceIp' not in pieces and 'Key' not in pieces
    assert agent.scrub('the key %s, the Port' % CONFIG_KEY, [CONFIG_JSON]) == 'the key ********, the Port'


def test_modernized_empty_config_file_is_refused(fake, host):
    fake.install(cs_type='CSPrime')
    configurator(fake)
    fake.write('/root/config.json', '')
    result = fail(host, cs_type='CSPrime', source_config_file='/root/config.json')
    assert configurator_args(fake) is None and nothing_left(fake, host)
    assert result['msg'] == '/root/config.json is empty'


# --- the reachability test, made on the host ---------------------------------------

def test_reachable_with_a_listening_port(fake, host, listening):
    fake.install()
    configurator(fake, rc=1)
    fail(host, cs_address=LOCAL, cs_port=listening, passphrase=PASSPHRASE)
    assert reach_tested(host) == 0
    assert "bash -c 'exec 3<>\"/dev/tcp/$0/$1\"' %s %d" % (LOCAL, listening) in host.scripts[-1]


def test_unreachable_with_a_closed_port(fake, host, closed):
    fake.install()
    configurator(fake, rc=1)
    started = time.time()
    fail(host, cs_address=LOCAL, cs_port=closed, passphrase=PASSPHRASE)
    assert reach_tested(host) not in (None, 0)
    assert time.time() - started < 5  # refused at once, not waited for


def test_a_configurator_that_hangs_is_stopped_and_reported(fake, host, closed):
    fake.install()
    configurator(fake, body="echo 'contacting %s'\nsleep 60" % PASSPHRASE)
    started = time.time()
    result = fail(host, grace=1, cs_address=LOCAL, cs_port=closed, passphrase=PASSPHRASE, timeout=1)
    assert time.time() - started < 20
    assert 'The configurator did not finish within 1 seconds' in result['msg']
    assert 'contacting ********' in result['msg']
    assert result['timed_out'] is True and result['registered'] is False
    assert_secret_kept(fake, host, result)
