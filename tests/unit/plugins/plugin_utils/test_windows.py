# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of the Windows decisions and command lines."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import inspect

import pytest

from ansible_collections.siterecovery.mobility.plugins.plugin_utils import windows_commands, windows_common, windows_outcome, windows_plan

VERSION = '9.66.7567.1'
NEWER = '9.67.7789.1'
OLDER = '9.65.7400.1'
PASSPHRASE = 'Zq8-sEcReT-pa55phrase'
INSTALL_DIR = 'C:\\Program Files (x86)\\Microsoft Azure Site Recovery'
AGENT_DIR = INSTALL_DIR + '\\agent'
DRSCOUT_PATH = AGENT_DIR + '\\Application Data\\etc\\drscout.conf'
EXTRACTED = 'C:\\Windows\\Temp\\asr-mobility\\extracted'
INSTALLER_LOG = 'C:\\ProgramData\\ASRSetupLogs\\ASRUnifiedAgentInstaller.log'
CONFIGURATOR_LOG = 'C:\\ProgramData\\ASRSetupLogs\\ASRUnifiedAgentConfigurator.log'
UNINSTALL_LOG = 'C:\\ProgramData\\ASRSetupLogs\\UnifiedAgentMSIUninstall.log'


def reg_key(exists=True, **values):
    """A win_reg_stat result for a key with these values (full property dictionaries)."""
    if not exists:
        return {'changed': False, 'exists': False}
    return {'changed': False, 'exists': True, 'sub_keys': [],
            'properties': dict((name, {'raw_value': value, 'type': 'REG_SZ', 'value': value})
                               for name, value in values.items())}


def registry(product=True, version=VERSION, post='Succeeded', status='Succeeded', directory=INSTALL_DIR, products=True):
    """Registry data as the role gathers it; None for a value leaves it out."""
    uninstall = reg_key(product, **dict((k, v) for k, v in (
        ('DisplayVersion', version), ('DisplayName', windows_common.DISPLAY_NAME)) if v is not None))
    product_values = dict((k, v) for k, v in (
        ('PostInstallActions', post), ('AgentConfigurationStatus', status), ('InstallDirectory', directory)) if v is not None)
    return {'uninstall': uninstall, 'products': reg_key(products, **product_values)}


def plan(reg, state='present', package=VERSION, cs_type='CSLegacy', force=False):
    return windows_plan.windows_plan(reg, state, package, cs_type, force)


# ---------------------------------------------------------------- registry shapes

def test_registry_state_of_the_win_reg_stat_shape():
    assert windows_plan.registry_state(registry()) == {
        'product': True, 'products_key': True, 'version': VERSION, 'post_install_actions': 'Succeeded',
        'configuration_status': 'Succeeded', 'install_dir': INSTALL_DIR, 'agent_dir': AGENT_DIR,
        'drscout_path': DRSCOUT_PATH}


def test_flattened_shape_gives_the_same_state():
    flat = {'DisplayVersion': VERSION, 'PostInstallActions': 'Succeeded', 'AgentConfigurationStatus': 'Succeeded',
            'InstallDirectory': INSTALL_DIR}
    assert windows_plan.registry_state(flat) == windows_plan.registry_state(registry())


def test_sections_may_hold_plain_values_and_names_ignore_case():
    reg = {'uninstall': {'exists': True, 'properties': {'displayversion': VERSION}},
           'products': {'POSTINSTALLACTIONS': 'succeeded', 'agentconfigurationstatus': 'Succeeded'}}
    state = windows_plan.registry_state(reg)
    assert state['version'] == VERSION
    assert state['post_install_actions'] == 'succeeded'
    assert plan(reg)['install'] == 'none'


def test_empty_registry_data_means_nothing_installed():
    for reg in ({}, {'uninstall': {'exists': False}, 'products': {'exists': False}}, {'uninstall': None}):
        state = windows_plan.registry_state(reg)
        assert state['product'] is False and state['version'] is None and state['install_dir'] is None


def test_install_directory_naming_the_agent_folder_is_understood():
    state = windows_plan.registry_state(registry(directory=AGENT_DIR + '\\'))
    assert state['install_dir'] == INSTALL_DIR
    assert state['agent_dir'] == AGENT_DIR


def test_unusable_install_directory_is_ignored():
    state = windows_plan.registry_state(registry(directory='relative\\dir'))
    assert state['install_dir'] is None and state['agent_dir'] is None


@pytest.mark.parametrize('bad', [None, 'text', ['list'], {'uninstall': 'yes'}, {'products': {'properties': ['x']}}])
def test_registry_data_must_be_dictionaries(bad):
    with pytest.raises(windows_common.WindowsAgentError, match='dictionar'):
        windows_plan.registry_state(bad)


# ---------------------------------------------------------------- plan: every registry situation

@pytest.mark.parametrize('state', ['present', 'latest'])
def test_no_product_means_install_and_register(state):
    result = plan(registry(product=False, products=False), state, package=NEWER)
    assert result == {'install': 'install', 'register': True, 'installed_version': None, 'install_dir': None,
                      'agent_dir': None, 'reason': 'the Mobility Service is not installed (no MSI product %s)'
                      % windows_common.PRODUCT_CODE, 'uninstall_first': False, 'registration': None, 'refusal': None,
                      'warning': None}


def test_no_product_needs_no_package_version_for_present():
    assert plan({}, 'present', package='')['install'] == 'install'


def test_leftover_products_key_without_product_means_install():
    result = plan(registry(product=False), 'present')
    assert result['install'] == 'install' and result['register'] is True


@pytest.mark.parametrize('post', [None, '', 'Failed', 'InProgress'])
@pytest.mark.parametrize('state', ['present', 'latest'])
def test_incomplete_installation_is_installed_again(post, state):
    result = plan(registry(post=post), state)
    assert result['install'] == 'reinstall'
    assert result['register'] is True
    assert 'did not complete' in result['reason']
    assert result['installed_version'] == VERSION and result['install_dir'] == INSTALL_DIR


def test_products_key_missing_counts_as_incomplete():
    assert plan(registry(products=False))['install'] == 'reinstall'


def test_reinstall_with_an_older_package_is_refused():
    with pytest.raises(windows_common.DowngradeError, match='refusing to downgrade'):
        plan(registry(post='Failed'), 'present', package=OLDER)


@pytest.mark.parametrize('status', [None, 'Failed', 'NotStarted'])
@pytest.mark.parametrize('state', ['present', 'latest'])
def test_installed_not_configured_is_registered(status, state):
    result = plan(registry(status=status), state)
    assert result['install'] == 'none'
    assert result['register'] is True
    assert 'not registered' in result['reason']


def test_installed_not_configured_and_newer_package_upgrades_and_registers():
    result = plan(registry(status='Failed'), 'latest', package=NEWER)
    assert (result['install'], result['register']) == ('upgrade', True)


@pytest.mark.parametrize('state, package, install', [
    ('present', VERSION, 'none'),
    ('present', NEWER, 'none'),    # present never upgrades
    ('present', OLDER, 'none'),    # ... nor downgrades
    ('present', None, 'none'),
    ('latest', VERSION, 'none'),
    ('latest', '9.66.7567.1.0', 'none'),
    ('latest', NEWER, 'upgrade'),
    ('latest', '9.100.1.1', 'upgrade'),
])
def test_installed_and_configured(state, package, install):
    result = plan(registry(), state, package=package)
    assert result['install'] == install
    assert result['register'] is False
    assert result['installed_version'] == VERSION
    assert result['install_dir'] == INSTALL_DIR and result['agent_dir'] == AGENT_DIR


def test_upgrade_reason_names_both_versions():
    assert plan(registry(), 'latest', package=NEWER)['reason'] == (
        'version %s is installed, the package has %s; the agent is registered' % (VERSION, NEWER))


def test_latest_refuses_an_older_package():
    with pytest.raises(windows_common.DowngradeError) as err:
        plan(registry(), 'latest', package=OLDER)
    assert VERSION in str(err.value) and OLDER in str(err.value) and 'state absent' in str(err.value)
    assert isinstance(err.value, windows_common.WindowsAgentError)


def test_latest_needs_the_package_version_and_the_installed_version():
    with pytest.raises(windows_common.WindowsAgentError, match='package_version'):
        plan(registry(), 'latest', package='')
    with pytest.raises(windows_common.WindowsAgentError, match='DisplayVersion'):
        plan(registry(version=None), 'latest', package=NEWER)


def test_present_with_unknown_installed_version():
    result = plan(registry(version=None), 'present')
    assert result['install'] == 'none' and result['installed_version'] is None
    assert 'version unknown' in result['reason']


@pytest.mark.parametrize('state', ['present', 'latest'])
def test_force_register(state):
    result = plan(registry(), state, force=True)
    assert result['register'] is True and 'forced' in result['reason']
    assert plan(registry(), state, force='yes')['register'] is True


def test_absent_uninstalls_an_installed_product():
    for reg in (registry(), registry(post='Failed', status=None), registry(products=False)):
        result = plan(reg, 'absent', package=None, cs_type=None)
        assert result['install'] == 'uninstall' and result['register'] is False


def test_absent_without_product_does_nothing():
    assert plan({}, 'absent', cs_type=None) == {
        'install': 'none', 'register': False, 'reason': 'the Mobility Service is not installed',
        'installed_version': None, 'install_dir': None, 'agent_dir': None, 'uninstall_first': False,
        'registration': None, 'refusal': None, 'warning': None}
    leftover = plan(registry(product=False), 'absent', cs_type=None)
    assert leftover['install'] == 'none' and 'left by an earlier installation' in leftover['reason']


def test_absent_ignores_force_register_and_package():
    assert plan(registry(), 'absent', package=OLDER, force=True)['register'] is False


@pytest.mark.parametrize('kwargs, fragment', [
    ({'state': 'installed'}, 'desired_state'),
    ({'cs_type': 'CSModern'}, 'cs_type'),
    ({'cs_type': None}, 'cs_type'),
    ({'package': 'abc'}, 'package_version'),
    ({'force': 'maybe'}, 'force_register'),
])
def test_plan_refuses_bad_arguments(kwargs, fragment):
    with pytest.raises(windows_common.WindowsAgentError, match=fragment):
        plan(registry(), **kwargs)


def test_choices_are_case_insensitive():
    assert plan(registry(), 'LATEST', package=NEWER, cs_type='csprime')['install'] == 'upgrade'


# ---------------------------------------------------------------- exit codes

def outcome(rc, step='install', **kwargs):
    return windows_outcome.windows_exit_outcome(rc, step, **kwargs)


def test_zero_is_success():
    assert outcome(0) == {'rc': 0, 'success': True, 'changed': True, 'reboot_required': False, 'warning': None,
                          'meaning': 'successful', 'message': 'Mobility Service installation succeeded.',
                          'log': INSTALLER_LOG}


@pytest.mark.parametrize('rc', [3010, 1641])
@pytest.mark.parametrize('step', ['install', 'upgrade', 'register', 'uninstall'])
def test_reboot_codes_succeed_and_ask_for_a_restart(rc, step):
    result = outcome(rc, step)
    assert result['success'] is True and result['reboot_required'] is True and result['warning'] is None
    assert 'restart' in result['message'] and str(rc) in result['message']


def test_reboot_meanings_differ():
    assert outcome(3010)['meaning'] == 'succeeded; a restart is recommended'
    assert outcome(1641)['meaning'] == 'succeeded; a restart is mandatory'


@pytest.mark.parametrize('step, log', [('install', INSTALLER_LOG), ('register', CONFIGURATOR_LOG)])
def test_98_succeeds_with_a_warning(step, log):
    result = outcome(98, step)
    warning = result['warning'] or ''
    assert result['success'] is True and result['reboot_required'] is False
    assert 'JSON' in warning and log in warning


@pytest.mark.parametrize('rc', windows_outcome.VSS_EXIT_CODES)
@pytest.mark.parametrize('step', ['install', 'upgrade'])
def test_vss_failures_leave_the_agent_installed(rc, step):
    result = outcome(rc, step)
    warning = result['warning'] or ''
    assert result['success'] is True and result['changed'] is True
    assert 'VSS provider' in warning and 'by hand' in warning
    assert 'application-consistent' in warning
    assert INSTALLER_LOG in result['message']


def test_vss_codes_45_52_63_meanings():
    assert outcome(45)['meaning'] == 'VSS provider installation failed'
    assert outcome(52)['meaning'] == 'VSS provider installation failed: the service already exists'
    assert outcome(63)['meaning'] == 'VSS provider installation failed: COM+ prerequisite failure'


def test_vss_failures_are_fatal_before_9_23_and_outside_the_installer():
    assert outcome(52, agent_version='9.22.5000.1')['success'] is False
    assert outcome(52, agent_version='9.23.0.0')['success'] is True
    assert outcome(63, 'register')['success'] is False


@pytest.mark.parametrize('rc, step, meaning', [
    (14, 'register', 'invalid passphrase or configuration server endpoint'),
    (13, 'register', 'the agent points to a different configuration server'),
    (62, 'install', 'a system restart is pending'),
    (1, 'install', 'failed'),
    (15, 'upgrade', 'downgrade is not supported'),
    (19, 'register', 'invalid source configuration file (config.json)'),
    (97, 'install', 'failed with errors (details in a JSON file)'),
])
def test_documented_failures(rc, step, meaning):
    result = outcome(rc, step)
    assert result['success'] is False and result['changed'] is False and result['reboot_required'] is False
    assert result['meaning'] == meaning
    assert 'exit code %d (%s)' % (rc, meaning) in result['message']


def test_failure_messages_are_sentences_with_hint_and_log():
    assert outcome(14, 'register')['message'] == (
        'Mobility Service registration failed with exit code 14 (invalid passphrase or configuration server '
        'endpoint); check the passphrase and the configuration server address; see the log %s.' % CONFIGURATOR_LOG)
    assert outcome(62)['message'] == (
        'Mobility Service installation failed with exit code 62 (a system restart is pending); '
        'restart the machine, then run again; see the log %s.' % INSTALLER_LOG)


@pytest.mark.parametrize('step, log', [
    ('install', INSTALLER_LOG), ('upgrade', INSTALLER_LOG), ('register', CONFIGURATOR_LOG),
    ('configure', CONFIGURATOR_LOG), ('uninstall', UNINSTALL_LOG)])
def test_unknown_code_names_the_step_log(step, log):
    result = outcome(12345, step)
    assert result['success'] is False
    assert result['meaning'] == 'unknown exit code 12345'
    assert 'unknown exit code 12345; see the log %s' % log in result['message']
    assert result['log'] == log


def test_crash_codes_are_shown_in_hex():
    assert outcome(-1073741819)['meaning'] == 'unknown exit code -1073741819 (0xC0000005)'


def test_msiexec_codes():
    gone = outcome(1605, 'uninstall')
    assert gone['success'] is True and gone['changed'] is False and gone['reboot_required'] is False
    assert '1605' in gone['message']
    assert outcome(0, 'uninstall')['changed'] is True
    busy = outcome(1618, 'uninstall')
    assert busy['success'] is False and busy['meaning'] == 'another installation is already in progress'
    # 1605 is no success for the setup, 98 and VSS codes mean nothing to MsiExec
    assert outcome(1605, 'install')['success'] is False
    assert outcome(98, 'uninstall')['success'] is False
    assert outcome(52, 'uninstall')['success'] is False


def test_exit_outcome_log_override_and_string_rc():
    result = outcome('3010', 'uninstall', log='D:/logs/uninstall.log')
    assert result['rc'] == 3010 and result['log'] == 'D:\\logs\\uninstall.log'


@pytest.mark.parametrize('rc', [None, True, 'abc', 1.5, ''])
def test_exit_outcome_needs_an_integer(rc):
    with pytest.raises(windows_common.WindowsAgentError, match='rc must be an integer'):
        outcome(rc)


def test_exit_outcome_refuses_an_unknown_step():
    with pytest.raises(windows_common.WindowsAgentError, match='step'):
        outcome(0, 'reboot')


def test_every_documented_code_has_a_meaning():
    documented = {0, 1, 2, 3, 10, 11, 13, 14, 15, 16, 17, 18, 19, 41, 42, 43, 44, 45, 47, 48, 50, 51, 52, 53, 54, 55,
                  56, 57, 62, 63, 64, 65, 75, 76, 77, 78, 79, 90, 97, 98, 99, 100, 101, 102, 103, 118, 119, 128, 129,
                  130, 131, 132, 1641, 3010}
    assert set(windows_outcome.SETUP_EXIT_CODES) == documented
    successes = set(code for code in documented if outcome(code)['success'])
    assert successes == {0, 98, 1641, 3010} | set(windows_outcome.VSS_EXIT_CODES)


# ---------------------------------------------------------------- command lines

def test_install_command_classic():
    assert windows_commands.windows_install_command(EXTRACTED, 'CSLegacy') == (
        '"C:\\Windows\\Temp\\asr-mobility\\extracted\\UnifiedAgent.exe" /Role MS '
        '/InstallLocation "C:\\Program Files (x86)\\Microsoft Azure Site Recovery" /Platform VmWare /Silent /CSType CSLegacy')


def test_install_command_modernized():
    assert windows_commands.windows_install_command(EXTRACTED, 'CSPrime', executable='UnifiedAgentInstaller.exe') == (
        '"C:\\Windows\\Temp\\asr-mobility\\extracted\\UnifiedAgentInstaller.exe" /Platform VmWare /Silent /Role MS '
        '/CSType CSPrime /InstallLocation "C:\\Program Files (x86)\\Microsoft Azure Site Recovery"')
    assert windows_commands.windows_install_command(EXTRACTED, 'CSPrime').startswith(
        '"C:\\Windows\\Temp\\asr-mobility\\extracted\\UnifiedAgent.exe" ')


def test_install_command_options_and_quoting():
    assert windows_commands.windows_install_command('D:/My Files/asr/', 'cslegacy', role='mt', platform='azure',
                                                    install_dir='E:\\Site Recovery\\') == (
        '"D:\\My Files\\asr\\UnifiedAgent.exe" /Role MT /InstallLocation "E:\\Site Recovery" /Platform Azure '
        '/Silent /CSType CSLegacy')
    assert '/InstallLocation "%s"' % INSTALL_DIR in windows_commands.windows_install_command(EXTRACTED, 'CSLegacy', install_dir='')


def test_upgrade_command_modernized():
    assert windows_commands.windows_upgrade_command(EXTRACTED, 'CSPrime', install_dir='D:\\ASR Agent') == (
        '"C:\\Windows\\Temp\\asr-mobility\\extracted\\UnifiedAgent.exe" /Role MS /Platform VmWare /Silent '
        '/InstallationType Upgrade /CSType CSPrime /InstallLocation "D:\\ASR Agent"')


def test_upgrade_command_classic():
    assert windows_commands.windows_upgrade_command(EXTRACTED, 'CSLegacy', install_dir='D:\\ignored') == (
        '"C:\\Windows\\Temp\\asr-mobility\\extracted\\UnifiedAgent.exe" /Platform VmWare /Silent')


def test_configure_command_classic():
    assert windows_commands.windows_configure_command(AGENT_DIR, 'CSLegacy', cs_address='10.1.2.3',
                                                      passphrase_file='C:\\Windows\\Temp\\asr secret\\passphrase.txt') == (
        '"C:\\Program Files (x86)\\Microsoft Azure Site Recovery\\agent\\UnifiedAgentConfigurator.exe" '
        '/CSEndPoint 10.1.2.3 /PassphraseFilePath "C:\\Windows\\Temp\\asr secret\\passphrase.txt"')


def test_configure_command_modernized():
    base = ('"C:\\Program Files (x86)\\Microsoft Azure Site Recovery\\agent\\UnifiedAgentConfigurator.exe" '
            '/SourceConfigFilePath "C:\\Windows\\Temp\\asr\\config.json" /CSType CSPrime')
    assert windows_commands.windows_configure_command(AGENT_DIR, 'CSPrime', source_config_file='C:\\Windows\\Temp\\asr\\config.json') == base
    assert windows_commands.windows_configure_command(AGENT_DIR, 'CSPrime', cs_address='ignored', passphrase_file='ignored',
                                                      source_config_file='C:\\Windows\\Temp\\asr\\config.json',
                                                      credential_less_discovery=True) == base + ' /CredentialLessDiscovery true'
    assert windows_commands.windows_configure_command(AGENT_DIR, 'CSPrime', source_config_file='C:\\Windows\\Temp\\asr\\config.json',
                                                      credential_less_discovery='false') == base


@pytest.mark.parametrize('kwargs, fragment', [
    ({'cs_type': 'CSLegacy', 'passphrase_file': 'C:\\p.txt'}, 'needs cs_address and passphrase_file'),
    ({'cs_type': 'CSLegacy', 'cs_address': 'cs01', 'passphrase_file': ''}, 'needs cs_address and passphrase_file'),
    ({'cs_type': 'CSLegacy', 'cs_address': 'cs01 /X', 'passphrase_file': 'C:\\p.txt'}, 'cs_address'),
    ({'cs_type': 'CSPrime'}, 'needs source_config_file'),
    ({'cs_type': 'CSPrime', 'source_config_file': 'config.json'}, 'source_config_file'),
    ({'cs_type': 'CSPrime', 'source_config_file': 'C:\\c.json', 'credential_less_discovery': 'perhaps'},
     'credential_less_discovery'),
    ({'cs_type': 'Classic', 'cs_address': 'cs01', 'passphrase_file': 'C:\\p.txt'}, 'cs_type'),
])
def test_configure_command_refusals(kwargs, fragment):
    with pytest.raises(windows_common.WindowsAgentError, match=fragment):
        windows_commands.windows_configure_command(AGENT_DIR, **kwargs)


def test_uninstall_command():
    assert windows_commands.windows_uninstall_command() == (
        'MsiExec.exe /qn /x {275197FC-14FD-4560-A5EB-38217F80CBD1} /L+*V '
        '"C:\\ProgramData\\ASRSetupLogs\\UnifiedAgentMSIUninstall.log"')
    assert windows_commands.windows_uninstall_command('') == windows_commands.windows_uninstall_command()
    assert windows_commands.windows_uninstall_command('D:\\Logs dir\\u.log').endswith('/L+*V "D:\\Logs dir\\u.log"')


def test_extract_command():
    assert windows_commands.windows_extract_command(
        'C:\\Windows\\Temp\\asr mobility\\Microsoft-ASR_UA_9.66.7567.1_Windows_GA_20Sep2025_release.exe',
        'C:\\Windows\\Temp\\asr mobility\\extracted\\') == (
        '"C:\\Windows\\Temp\\asr mobility\\Microsoft-ASR_UA_9.66.7567.1_Windows_GA_20Sep2025_release.exe" '
        '/q /x:"C:\\Windows\\Temp\\asr mobility\\extracted"')
    with pytest.raises(windows_common.WindowsAgentError, match='.exe'):
        windows_commands.windows_extract_command('C:\\Temp\\installer.tar.gz', 'C:\\Temp\\x')


def test_trailing_backslash_before_a_quote_is_doubled():
    # "C:\" would make the closing quote literal for the MSVCRT parser.
    assert windows_commands.windows_extract_command('C:\\MobilityServiceInstaller.exe', 'D:\\') == (
        '"C:\\MobilityServiceInstaller.exe" /q /x:"D:\\\\"')
    assert windows_common.quote_path('D:\\') == '"D:\\\\"'
    assert windows_common.quote_path('D:\\dir') == '"D:\\dir"'


@pytest.mark.parametrize('path', [
    'relative\\dir', 'C:', 'C:relative', 'C:\\a"b', 'C:\\a|b', 'C:\\a\nb', 'C:\\a*', 'C:\\a:b', '', '   ', None, 5])
def test_paths_must_be_absolute_and_clean(path):
    with pytest.raises(windows_common.WindowsAgentError, match='exe_dir must be an absolute Windows path'):
        windows_commands.windows_install_command(path, 'CSLegacy')


def test_unc_paths_are_accepted():
    assert windows_commands.windows_install_command('\\\\fileserver\\share\\asr', 'CSLegacy').startswith(
        '"\\\\fileserver\\share\\asr\\UnifiedAgent.exe" ')


@pytest.mark.parametrize('executable', ['..\\evil.exe', 'C:\\x\\UnifiedAgent.exe', 'setup.bat', 'a" /X "b.exe'])
def test_executable_must_be_a_plain_exe_name(executable):
    with pytest.raises(windows_common.WindowsAgentError, match='executable'):
        windows_commands.windows_install_command(EXTRACTED, 'CSPrime', executable=executable)


@pytest.mark.parametrize('builder', [windows_commands.windows_install_command, windows_commands.windows_upgrade_command])
@pytest.mark.parametrize('kwargs, fragment', [({'role': 'PS'}, 'role'), ({'platform': 'HyperV'}, 'platform'),
                                              ({'install_dir': 'Program Files'}, 'install_dir')])
def test_setup_commands_refuse_bad_options(builder, kwargs, fragment):
    with pytest.raises(windows_common.WindowsAgentError, match=fragment):
        builder(EXTRACTED, 'CSPrime', **kwargs)


# ---------------------------------------------------------------- no secret on a command line

def test_no_command_builder_takes_a_secret_value():
    builders = (windows_commands.windows_install_command, windows_commands.windows_upgrade_command, windows_commands.windows_configure_command,
                windows_commands.windows_uninstall_command, windows_commands.windows_extract_command)
    for builder in builders:
        spec = inspect.getfullargspec(builder)
        assert spec.varargs is None and spec.varkw is None
        for name in spec.args:
            assert 'passphrase' not in name or name.endswith('_file')
            assert 'password' not in name and 'secret' not in name


@pytest.mark.parametrize('value', [PASSPHRASE, 'my passphrase with spaces', 'C:relative-' + PASSPHRASE,
                                   'C:\\a"' + PASSPHRASE])
def test_a_passphrase_given_as_passphrase_file_is_refused_without_echo(value):
    with pytest.raises(windows_common.WindowsAgentError) as err:
        windows_commands.windows_configure_command(AGENT_DIR, 'CSLegacy', cs_address='cs01', passphrase_file=value)
    assert PASSPHRASE not in str(err.value) and value not in str(err.value)
    assert 'not shown' in str(err.value)


def test_passphrase_file_of_another_type_is_not_echoed():
    with pytest.raises(windows_common.WindowsAgentError) as err:
        windows_commands.windows_configure_command(AGENT_DIR, 'CSLegacy', cs_address='cs01', passphrase_file=['Zq8-sEcReT'])
    assert 'Zq8-sEcReT' not in str(err.value)


# ---------------------------------------------------------------- setup executable

@pytest.mark.parametrize('names, cs_type, action, expected', [
    (['UnifiedAgent.exe', 'UnifiedAgentInstaller.exe'], 'CSPrime', 'install', 'UnifiedAgentInstaller.exe'),
    (['UnifiedAgent.exe'], 'CSPrime', 'install', 'UnifiedAgent.exe'),
    (['UnifiedAgent.exe', 'UnifiedAgentInstaller.exe'], 'CSLegacy', 'install', 'UnifiedAgent.exe'),
    (['UnifiedAgent.exe', 'UnifiedAgentInstaller.exe'], 'CSPrime', 'reinstall', 'UnifiedAgentInstaller.exe'),
    (['UnifiedAgent.exe', 'UnifiedAgentInstaller.exe'], 'CSPrime', 'upgrade', 'UnifiedAgent.exe'),
    (['UnifiedAgentInstaller.exe'], 'CSPrime', 'upgrade', 'UnifiedAgentInstaller.exe'),
    (['unifiedagent.EXE', 'readme.txt'], 'CSLegacy', 'install', 'unifiedagent.EXE'),
    (['C:\\x\\UnifiedAgentInstaller.exe', 'C:/x/UnifiedAgent.exe'], 'CSPrime', 'install', 'UnifiedAgentInstaller.exe'),
    ([{'filename': 'UnifiedAgent.exe', 'path': 'C:\\x\\UnifiedAgent.exe'}], 'CSPrime', 'install', 'UnifiedAgent.exe'),
    ([{'path': 'C:\\x\\UnifiedAgentInstaller.exe'}, None, 7], 'CSPrime', 'install', 'UnifiedAgentInstaller.exe'),
])
def test_pick_setup_executable(names, cs_type, action, expected):
    assert windows_commands.pick_setup_executable(names, cs_type, action) == expected


def test_pick_setup_executable_errors():
    with pytest.raises(windows_common.WindowsAgentError, match='no UnifiedAgent.exe among the 2 extracted file'):
        windows_commands.pick_setup_executable(['UnifiedAgentInstaller.exe', 'readme.txt'], 'CSLegacy')
    with pytest.raises(windows_common.WindowsAgentError, match='UnifiedAgentInstaller.exe or UnifiedAgent.exe among the 0'):
        windows_commands.pick_setup_executable([], 'CSPrime')
    with pytest.raises(windows_common.WindowsAgentError, match='list'):
        windows_commands.pick_setup_executable('UnifiedAgent.exe', 'CSPrime')
    with pytest.raises(windows_common.WindowsAgentError, match='cs_type'):
        windows_commands.pick_setup_executable(['UnifiedAgent.exe'], None)


# ---------------------------------------------------------------- secret ACL

def test_secret_acl_for_a_file():
    assert windows_commands.windows_secret_acl('C:/Windows/Temp/asr/passphrase.txt') == {
        'entries': [
            {'path': 'C:\\Windows\\Temp\\asr\\passphrase.txt', 'user': 'S-1-5-18', 'rights': 'FullControl',
             'type': 'allow', 'state': 'present'},
            {'path': 'C:\\Windows\\Temp\\asr\\passphrase.txt', 'user': 'S-1-5-32-544', 'rights': 'FullControl',
             'type': 'allow', 'state': 'present'},
        ],
        'inheritance': {'path': 'C:\\Windows\\Temp\\asr\\passphrase.txt', 'state': 'absent', 'reorganize': False},
    }


def test_secret_acl_for_a_directory_and_without_path():
    acl = windows_commands.windows_secret_acl('', kind='directory')
    assert acl['inheritance'] == {'state': 'absent', 'reorganize': False}
    assert [entry['user'] for entry in acl['entries']] == [windows_common.SYSTEM_SID, windows_common.ADMINISTRATORS_SID]
    for entry in acl['entries']:
        assert 'path' not in entry
        assert entry['inherit'] == 'ContainerInherit, ObjectInherit' and entry['propagation'] == 'None'
        assert entry['rights'] == 'FullControl' and entry['type'] == 'allow'


def test_secret_acl_grants_nobody_else_and_refuses_bad_input():
    users = set(entry['user'] for entry in windows_commands.windows_secret_acl(None)['entries'])
    assert users == {'S-1-5-18', 'S-1-5-32-544'}
    with pytest.raises(windows_common.WindowsAgentError, match='kind'):
        windows_commands.windows_secret_acl('C:\\x', kind='registry')
    with pytest.raises(windows_common.WindowsAgentError, match='path'):
        windows_commands.windows_secret_acl('relative.txt')


# ---------------------------------------------------------------- antivirus exclusions

MODERN = 'C:\\Program Files (x86)\\Microsoft Azure Site Recovery'
CLASSIC = 'C:\\ProgramData\\ASR\\agent'


def test_default_exclusions_are_both_documented_folders():
    assert windows_commands.defender_exclusions() == [CLASSIC, MODERN]
    assert windows_commands.defender_exclusions(MODERN.upper() + '\\') == [CLASSIC, MODERN]
    assert windows_commands.defender_exclusions('D:\\ASR') == [CLASSIC, MODERN, 'D:\\ASR']


@pytest.mark.parametrize('current', [None, [], '', '\n', [None, '']])
def test_nothing_excluded_yet(current):
    assert windows_commands.defender_exclusions_to_add(current) == [CLASSIC, MODERN]


def test_exclusions_are_idempotent():
    missing = windows_commands.defender_exclusions_to_add(['D:\\Other'], install_dir='D:\\ASR')
    assert missing == [CLASSIC, MODERN, 'D:\\ASR']
    # once added, nothing is missing any more
    again = windows_commands.defender_exclusions_to_add(['D:\\Other'] + missing, install_dir='D:\\ASR')
    assert isinstance(again, list) and not again


def test_exclusions_compare_case_and_trailing_backslash_insensitively():
    current = ['c:\\programdata\\asr\\AGENT\\', 'C:/Program Files (x86)/Microsoft Azure Site Recovery']
    assert not windows_commands.defender_exclusions_to_add(current)
    assert windows_commands.defender_exclusions_to_add('c:\\programdata\\asr\\agent\r\n') == [MODERN]


def test_an_excluded_parent_covers_its_subfolders_but_not_lookalikes():
    assert windows_commands.defender_exclusions_to_add(['C:\\ProgramData\\ASR', 'C:\\Program Files (x86)'],
                                                       install_dir='D:\\ASR') == ['D:\\ASR']
    assert windows_commands.defender_exclusions_to_add(['C:\\ProgramData\\AS'], wanted=[CLASSIC]) == [CLASSIC]


def test_explicit_wanted_list():
    assert windows_commands.defender_exclusions_to_add([], wanted=['E:\\A\\', 'e:\\a', 'E:\\B'], install_dir='E:\\B\\') == [
        'E:\\A', 'E:\\B']
    assert not windows_commands.defender_exclusions_to_add(['E:\\A'], wanted=[])


@pytest.mark.parametrize('current, wanted, fragment', [
    ({'a': 1}, None, 'current_exclusions'),
    ([5], None, 'current_exclusions'),
    (['N/A: Must be an administrator to view exclusions'], None, 'could not be read'),
    ([], 'C:\\x', 'wanted'),
    ([], ['C:\\a"b'], 'wanted exclusion'),
])
def test_exclusion_input_errors(current, wanted, fragment):
    with pytest.raises(windows_common.WindowsAgentError, match=fragment):
        windows_commands.defender_exclusions_to_add(current, wanted)


# ---------------------------------------------------------------- where the agent is registered (drscout.conf)

CS = '10.0.0.5'
OTHER_CS = '10.0.0.9'


def drscout(hostname=CS, cs_type='CSLegacy', port='443'):
    """drscout.conf as the agent keeps it (CRLF, spaces around '='); None leaves a key out."""
    lines = ['[vxagent]', 'HostId = 5b0b1c2e-0000-4000-8000-000000000001', 'VmPlatform = VmWare']
    if cs_type is not None:
        lines.append('CSType=%s' % cs_type)
    lines += ['', '[vxagent.transport]']
    if hostname is not None:
        lines.append('Hostname = %s' % hostname)
    lines += ['Port = %s' % port, '']
    return '\r\n'.join(lines)


def test_drscout_path_is_in_the_agent_folder():
    assert windows_plan.registry_state(registry(directory='D:\\ASR\\agent'))['drscout_path'] == (
        'D:\\ASR\\agent\\Application Data\\etc\\drscout.conf')
    assert windows_plan.registry_state(registry(directory=None))['drscout_path'] is None


def test_parse_drscout():
    assert windows_plan.parse_drscout(drscout()) == {'cs_address': CS, 'cs_port': '443', 'cs_type': 'CSLegacy'}


def test_parse_drscout_reads_keys_like_the_vendor_without_case_and_spaces():
    text = ('\ufeff; written by the agent\n[VxAgent]\n  hostname = not-this-one\ncstype = csprime\n'
            '[other]\nHostname=nor-this-one\n[ vxagent.TRANSPORT ]\n# comment\nHOSTNAME\t=\tcs01.contoso.com \nport=8443\n')
    assert windows_plan.parse_drscout(text) == {'cs_address': 'cs01.contoso.com', 'cs_port': '8443', 'cs_type': 'CSPrime'}


@pytest.mark.parametrize('text', [None, '', 'garbage without sections', drscout(hostname='', cs_type=None)])
def test_parse_drscout_without_the_keys(text):
    found = windows_plan.parse_drscout(text)
    assert found['cs_address'] is None and found['cs_type'] is None


@pytest.mark.parametrize('data, cs_type, cs_address, target', [
    (drscout(), 'CSLegacy', CS, 'same'),
    (drscout('CS01.Contoso.com.'), 'CSLegacy', 'cs01.contoso.com', 'same'),
    (drscout(OTHER_CS), 'CSLegacy', CS, 'different'),
    (drscout('cs02.contoso.com'), 'CSLegacy', 'cs01.contoso.com', 'different'),
    (drscout(CS, cs_type='CSPrime'), 'CSLegacy', CS, 'different'),      # modernized agent, classic wanted
    (drscout(CS, cs_type='CSLegacy'), 'CSPrime', '', 'different'),      # classic agent, modernized wanted
    (drscout(CS, cs_type='CSPrime'), 'CSPrime', '', 'same'),            # the appliance itself is not compared
    (drscout(CS, cs_type=None), 'CSLegacy', CS, 'same'),
    (drscout(CS, cs_type=None), 'CSPrime', '', 'cannot tell'),
    (drscout('cs01'), 'CSLegacy', CS, 'cannot tell'),                   # a name and an address
    (drscout(None), 'CSLegacy', CS, 'cannot tell'),
    (drscout(''), 'CSLegacy', CS, 'cannot tell'),
    (drscout(), 'CSLegacy', '', 'cannot tell'),
    ('', 'CSLegacy', CS, 'cannot tell'),
    ({'exists': False}, 'CSLegacy', CS, 'cannot tell'),
    ({'failed': True, 'msg': 'Access to the path is denied.'}, 'CSLegacy', CS, 'cannot tell'),
    ({'changed': False, 'result': {'exists': True, 'content': drscout()}}, 'CSLegacy', CS, 'same'),
    ({'changed': False, 'result': {'exists': True, 'content': drscout(OTHER_CS)}}, 'CSLegacy', CS, 'different'),
    ({'changed': False, 'result': {'exists': False}}, 'CSLegacy', CS, 'cannot tell'),
])
def test_registration_check(data, cs_type, cs_address, target):
    assert windows_plan.registration_check(data, cs_type, cs_address)['target'] == target


def test_registration_check_details():
    check = windows_plan.registration_check(drscout(OTHER_CS), 'CSLegacy', CS)
    assert check == {'target': 'different', 'registered_address': OTHER_CS, 'registered_cs_type': 'CSLegacy',
                     'detail': check['detail']}
    unreadable = windows_plan.registration_check({'failed': True, 'msg': 'Access to the path is denied.'}, 'CSLegacy', CS)
    assert 'could not be read' in unreadable['detail'] and 'Access to the path is denied.' in unreadable['detail']
    assert 'Hostname' in windows_plan.registration_check(drscout(None), 'CSLegacy', CS)['detail']
    assert 'CSType' in windows_plan.registration_check(drscout(cs_type=None), 'CSPrime', '')['detail']
    assert 'lookup' in windows_plan.registration_check(drscout('cs01'), 'CSLegacy', CS)['detail']


@pytest.mark.parametrize('data', [None, {'skipped': True, 'changed': False}, {'changed': False, 'skipped': True,
                                                                              'skip_reason': 'Conditional result was False'}])
def test_registration_not_read_is_not_checked(data):
    assert windows_plan.registration_check(data, 'CSLegacy', CS) is None


def registered_plan(data, cs_type='CSLegacy', cs_address=CS, state='present', package=VERSION, reinstall=False,
                    force=False, **reg):
    reg_data = registry(**reg)
    reg_data['drscout'] = data
    return windows_plan.windows_plan(reg_data, state, package, cs_type, force, cs_address=cs_address,
                                     reinstall_if_registered_elsewhere=reinstall)


@pytest.mark.parametrize('state, package', [('present', VERSION), ('latest', VERSION)])
def test_registered_to_the_wanted_server_is_left_alone(state, package):
    result = registered_plan(drscout(), state=state, package=package)
    assert (result['install'], result['register'], result['uninstall_first']) == ('none', False, False)
    assert result['refusal'] is None and result['warning'] is None
    assert result['registration']['target'] == 'same'


@pytest.mark.parametrize('state, package', [('present', VERSION), ('latest', NEWER)])
def test_registered_elsewhere_is_refused(state, package):
    result = registered_plan(drscout(OTHER_CS), state=state, package=package)
    assert (result['install'], result['register'], result['uninstall_first']) == ('none', False, False)
    refusal = result['refusal']
    assert 'configuration server %s' % OTHER_CS in refusal and 'configuration server %s' % CS in refusal
    assert refusal.index(OTHER_CS) < refusal.index(CS)  # registered first, then wanted
    assert 'exit code 13' in refusal and 'uninstall' in refusal
    assert 'replication of this machine must be enabled again' in refusal
    assert 'mobility_service_reinstall_if_registered_elsewhere' in refusal
    assert result['reason'] == refusal
    assert result['registration']['target'] == 'different'


@pytest.mark.parametrize('state', ['present', 'latest'])
def test_forcing_never_redoes_a_registration_to_the_wanted_server(state):
    # force left in an inventory must not re-register every host on every run
    result = registered_plan(drscout(), state=state, force=True)
    assert result['register'] is False and 'forced' not in result['reason']


def test_forcing_registers_an_agent_whose_server_cannot_be_told():
    result = registered_plan(drscout('cs01'), force=True)
    assert result['register'] is True and 'registration is forced' in result['reason']


def test_forcing_the_registration_does_not_move_a_windows_agent():
    result = registered_plan(drscout(OTHER_CS), force=True)
    assert result['register'] is False and result['refusal']
    assert 'mobility_service_force_registration' in result['refusal']


@pytest.mark.parametrize('data, wanted_type, wanted', [
    (drscout(CS, cs_type='CSPrime'), 'CSLegacy', CS),
    (drscout(CS, cs_type='CSLegacy'), 'CSPrime', ''),
])
def test_a_cs_type_mismatch_is_registered_elsewhere(data, wanted_type, wanted):
    result = registered_plan(data, cs_type=wanted_type, cs_address=wanted)
    assert result['install'] == 'none' and result['refusal']
    assert 'CSPrime' in result['refusal'] and 'CSLegacy' in result['refusal']


@pytest.mark.parametrize('state, package', [('present', VERSION), ('present', NEWER), ('latest', NEWER)])
def test_registered_elsewhere_is_reinstalled_when_allowed(state, package):
    result = registered_plan(drscout(OTHER_CS), state=state, package=package, reinstall='true')
    assert (result['install'], result['register'], result['uninstall_first']) == ('install', True, True)
    assert result['refusal'] is None
    assert OTHER_CS in result['reason'] and CS in result['reason'] and 'uninstall' in result['reason']
    assert 'replication of this machine must be enabled again' in result['warning']


def test_reinstalling_elsewhere_never_downgrades():
    with pytest.raises(windows_common.DowngradeError, match='refusing to downgrade'):
        registered_plan(drscout(OTHER_CS), package=OLDER, reinstall=True)
    # the plan made before the installer is chosen does not know the package yet
    assert registered_plan(drscout(OTHER_CS), package='', reinstall=True)['uninstall_first'] is True


@pytest.mark.parametrize('data', [drscout('cs01'), drscout(None), {'exists': False}, {'failed': True, 'msg': 'denied'}])
def test_cannot_tell_leaves_the_agent_with_a_warning(data):
    result = registered_plan(data, reinstall=True)
    assert (result['install'], result['register'], result['uninstall_first']) == ('none', False, False)
    assert result['refusal'] is None
    assert result['warning'].startswith('cannot tell whether the agent is registered to configuration server %s' % CS)
    assert result['warning'] in result['reason']
    assert result['registration']['target'] == 'cannot tell'


def test_an_unregistered_agent_is_registered_whatever_drscout_says():
    result = registered_plan(drscout(OTHER_CS), status='Failed')
    assert (result['install'], result['register']) == ('none', True)
    assert result['registration'] is None and result['refusal'] is None


def test_registration_is_not_compared_without_drscout_data_nor_for_absent():
    assert plan(registry())['registration'] is None
    assert registered_plan(None)['registration'] is None
    result = registered_plan(drscout(OTHER_CS), state='absent', cs_type=None)
    assert result['install'] == 'uninstall' and result['refusal'] is None


def test_plan_refuses_a_bad_reinstall_flag():
    with pytest.raises(windows_common.WindowsAgentError, match='reinstall_if_registered_elsewhere'):
        registered_plan(drscout(OTHER_CS), reinstall='sometimes')


def test_exit_code_13_explains_the_way_out():
    message = outcome(13, 'register')['message']
    assert 'exit code 13 (the agent points to a different configuration server)' in message
    assert 'uninstall' in message and 'replication of this machine must be enabled again' in message
    assert 'mobility_service_reinstall_if_registered_elsewhere' in message and CONFIGURATOR_LOG in message


# ---------------------------------------------------------------- configuration server port (classic)

CLASSIC_ARGS = {'cs_address': '10.1.2.3', 'passphrase_file': 'C:\\T\\p.txt'}


@pytest.mark.parametrize('port', [None, '', 443, '443'])
def test_the_default_port_is_not_passed(port):
    assert '/CSPort' not in windows_commands.windows_configure_command(AGENT_DIR, 'CSLegacy', cs_port=port, **CLASSIC_ARGS)


@pytest.mark.parametrize('port', [8443, '8443'])
def test_another_port_is_passed_to_the_configurator(port):
    assert windows_commands.windows_configure_command(AGENT_DIR, 'CSLegacy', cs_port=port, **CLASSIC_ARGS).endswith(
        'UnifiedAgentConfigurator.exe" /CSEndPoint 10.1.2.3 /CSPort 8443 /PassphraseFilePath "C:\\T\\p.txt"')


def test_the_port_is_for_the_classic_registration_only():
    assert '/CSPort' not in windows_commands.windows_configure_command(AGENT_DIR, 'CSPrime', source_config_file='C:\\c.json',
                                                                       cs_port=8443)


@pytest.mark.parametrize('port', [0, 65536, -1, 'https', True, 1.5])
def test_a_bad_port_is_refused(port):
    with pytest.raises(windows_common.WindowsAgentError, match='cs_port'):
        windows_commands.windows_configure_command(AGENT_DIR, 'CSLegacy', cs_port=port, **CLASSIC_ARGS)


# ---------------------------------------------------------------- waiting for the self-extractor

def test_extracted_setup_found():
    assert windows_commands.extracted_setup(['vcredist_x64.exe', 'UnifiedAgent.exe'], 'CSLegacy') == {
        'found': True, 'executable': 'UnifiedAgent.exe', 'message': None}
    assert windows_commands.extracted_setup([{'filename': 'UnifiedAgentInstaller.exe'}], 'CSPrime')['executable'] == (
        'UnifiedAgentInstaller.exe')


def test_extracted_setup_not_there_yet():
    result = windows_commands.extracted_setup(['vcredist_x64.exe'], 'CSLegacy', folder=EXTRACTED, waited=300)
    assert result['found'] is False and result['executable'] is None
    message = result['message']
    assert 'UnifiedAgent.exe' in message and EXTRACTED in message and 'vcredist_x64.exe' in message
    assert '300 seconds' in message and 'mobility_service_extract_timeout' in message
    assert windows_commands.extracted_setup([], 'CSPrime')['message'].startswith(
        'the self-extractor left no UnifiedAgentInstaller.exe or UnifiedAgent.exe')


def test_extracted_setup_input_errors():
    with pytest.raises(windows_common.WindowsAgentError, match='list'):
        windows_commands.extracted_setup('UnifiedAgent.exe', 'CSLegacy')
    with pytest.raises(windows_common.WindowsAgentError, match='cs_type'):
        windows_commands.extracted_setup([], 'Classic')


@pytest.mark.parametrize('timeout, expected', [
    (300, {'seconds': 300, 'interval': 5, 'retries': 60}),
    (1800, {'seconds': 1800, 'interval': 15, 'retries': 120}),
    (600, {'seconds': 600, 'interval': 10, 'retries': 60}),
    (7200, {'seconds': 7200, 'interval': 15, 'retries': 480}),
    ('125', {'seconds': 125, 'interval': 2, 'retries': 63}),
    (3, {'seconds': 3, 'interval': 1, 'retries': 3}),
    (0, {'seconds': 0, 'interval': 1, 'retries': 0}),
])
def test_wait_schedule(timeout, expected):
    schedule = windows_commands.wait_schedule(timeout)
    assert schedule == expected
    assert schedule['retries'] * schedule['interval'] >= schedule['seconds']


@pytest.mark.parametrize('timeout', [-1, 'soon', True, None, 1.5])
def test_wait_schedule_needs_whole_seconds(timeout):
    with pytest.raises(windows_common.WindowsAgentError, match='timeout'):
        windows_commands.wait_schedule(timeout)


# ---------------------------------------------------------------- time limits (async results of win_command)

CONTROLLER_TIMEOUT = {'failed': True, 'msg': 'async task did not complete within the requested time - 1800s',
                      'async_result': {'ansible_job_id': 'j1', 'started': 1, 'finished': 0}}
WATCHDOG_TIMEOUT = {'failed': True, 'finished': 1, 'ansible_job_id': 'j2',
                    'msg': 'failure during async watchdog: timed out waiting for module completion'}


@pytest.mark.parametrize('rc, step', [(0, 'install'), (3010, 'upgrade'), (14, 'register'), (1603, 'uninstall')])
def test_run_outcome_of_a_finished_command_is_its_exit_outcome(rc, step):
    result = {'changed': True, 'rc': rc, 'stdout': '', 'finished': 1, 'ansible_job_id': 'j'}
    expected = dict(windows_outcome.windows_exit_outcome(rc, step), timed_out=False)
    assert windows_outcome.windows_run_outcome(result, step, timeout=600) == expected


@pytest.mark.parametrize('result', [CONTROLLER_TIMEOUT, WATCHDOG_TIMEOUT, {'failed': 1, 'finished': 1, 'msg': 'Timeout exceeded'}])
def test_a_setup_that_does_not_end_in_time_is_a_clear_failure(result):
    found = windows_outcome.windows_run_outcome(result, 'install', timeout=1800, tool='UnifiedAgentInstaller.exe')
    assert found['success'] is False and found['changed'] is False and found['timed_out'] is True
    message = found['message']
    assert message.startswith('Mobility Service installation: UnifiedAgentInstaller.exe did not finish within 1800 seconds')
    assert 'mobility_service_install_timeout' in message and INSTALLER_LOG in message


@pytest.mark.parametrize('step, tool, setting, log', [
    ('register', 'UnifiedAgentConfigurator.exe', 'mobility_service_register_timeout', CONFIGURATOR_LOG),
    ('uninstall', 'MsiExec.exe', 'mobility_service_install_timeout', UNINSTALL_LOG),
    ('upgrade', 'UnifiedAgent.exe', 'mobility_service_install_timeout', INSTALLER_LOG),
])
def test_each_tool_and_its_limit_are_named(step, tool, setting, log):
    message = windows_outcome.windows_run_outcome(CONTROLLER_TIMEOUT, step, timeout='600')['message']
    assert '%s did not finish within 600 seconds (%s)' % (tool, setting) in message and log in message


def test_a_command_that_could_not_run_is_no_timeout():
    found = windows_outcome.windows_run_outcome({'failed': True, 'msg': 'The system cannot find the file specified'}, 'register')
    assert found['success'] is False and found['timed_out'] is False
    assert 'could not be run' in found['message'] and 'The system cannot find the file specified' in found['message']


def test_a_skipped_command_changes_nothing():
    found = windows_outcome.windows_run_outcome({'skipped': True, 'changed': False}, 'install')
    assert found['success'] is True and found['changed'] is False and found['timed_out'] is False


@pytest.mark.parametrize('result', [None, 3010, 'rc'])
def test_run_outcome_needs_a_task_result(result):
    with pytest.raises(windows_common.WindowsAgentError, match='result'):
        windows_outcome.windows_run_outcome(result, 'install')
