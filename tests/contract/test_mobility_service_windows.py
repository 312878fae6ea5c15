# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Contract tests of the mobility_service role on Windows: which ansible.windows
modules the role's real tasks call, with which arguments, and how the role
reacts to the registry, services, Defender and the installers' exit codes.
The vendor's documented interface is written out here on purpose: a change in
the role or the filters that alters a command line must fail a test."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import functools
import http.server
import json
import os
import subprocess
import threading

import pytest

from conftest import HOST, WINDOWS_MODULES, ansible_command, sha256

PASSPHRASE = 'Contract-Passphrase-7f3a'
CS = '10.0.0.5'
PS = '10.0.0.6'
OTHER_CS = '10.0.0.9'
NEW = '9.66.7567.1'
OLD = '9.65.7423.1'
INSTALLER = 'Microsoft-ASR_UA_%s_Windows_GA_20Sep2025_release.exe' % NEW
OLD_INSTALLER = 'Microsoft-ASR_UA_%s_Windows_GA_10Jun2025_release.exe' % OLD
LINUX_INSTALLER = 'Microsoft-ASR_UA_%s_RHEL8-64_GA_20Sep2025_release.tar.gz' % NEW
UNINSTALL_KEY = 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{275197FC-14FD-4560-A5EB-38217F80CBD1}'
PRODUCTS_KEY = 'HKLM:\\SOFTWARE\\Wow6432Node\\InMage Systems\\Installed Products\\5'
DISPLAY_NAME = 'Microsoft Azure Site Recovery Mobility Service/Master Target Server'
INSTALL_DIR = 'C:\\Program Files (x86)\\Microsoft Azure Site Recovery'
AGENT_DIR = INSTALL_DIR + '\\agent'
CONFIGURATOR = '"%s\\UnifiedAgentConfigurator.exe"' % AGENT_DIR
STAGING_DIR = 'C:\\Windows\\Temp'
STAGING = STAGING_DIR + '\\asr-mobility.contract'  # this run's private folder (the fake's name for it)
EXTRACTED = STAGING + '\\extracted'
SECRET_DIR = 'C:\\Users\\ansible\\AppData\\Local\\Temp\\asr-secret.contract'
DATA_DIR = 'C:\\ProgramData\\ASR\\agent'
INSTALL_LOG = 'C:\\ProgramData\\ASRSetupLogs\\ASRUnifiedAgentInstaller.log'
CONFIGURATOR_LOG = 'C:\\ProgramData\\ASRSetupLogs\\ASRUnifiedAgentConfigurator.log'
UNINSTALL_LOG = 'C:\\ProgramData\\ASRSetupLogs\\UnifiedAgentMSIUninstall.log'
EXTRACT_CMD = '"%s\\%s" /q /x:"%s"' % (STAGING, INSTALLER, EXTRACTED)
CLASSIC_INSTALL_CMD = ('"%s\\UnifiedAgent.exe" /Role MS /InstallLocation "%s" /Platform VmWare /Silent /CSType CSLegacy'
                       % (EXTRACTED, INSTALL_DIR))
CLASSIC_CONFIGURE_CMD = '%s /CSEndPoint %s /PassphraseFilePath "%s\\passphrase.txt"' % (CONFIGURATOR, CS, SECRET_DIR)
UNINSTALL_CMD = 'MsiExec.exe /qn /x {275197FC-14FD-4560-A5EB-38217F80CBD1} /L+*V "%s"' % UNINSTALL_LOG
DRSCOUT = AGENT_DIR + '\\Application Data\\etc\\drscout.conf'
SETUP = r'\\UnifiedAgent(Installer)?\.exe" '
CONFIGURE = r'UnifiedAgentConfigurator\.exe" '


# ---------------------------------------------------------------- scenario builders

def registry(version=NEW, post='Succeeded', configured='Succeeded', install_dir=AGENT_DIR):
    """The agent's registry keys as the vendor's setup leaves them (None leaves a value out)."""
    products = {'PostInstallActions': post, 'InstallDirectory': install_dir, 'AgentConfigurationStatus': configured}
    return {UNINSTALL_KEY: {'DisplayName': DISPLAY_NAME, 'DisplayVersion': version, 'Publisher': 'Microsoft Corporation'},
            PRODUCTS_KEY: dict((k, v) for k, v in products.items() if v is not None)}


def drscout(hostname=CS, cs_type='CSLegacy'):
    """The agent's drscout.conf: the vendor's layout, CRLF, spaces around '=' in the transport section."""
    return ('[vxagent]\r\nHostId = 5b0b1c2e-0000-4000-8000-000000000001\r\nCSType=%s\r\n\r\n'
            '[vxagent.transport]\r\nHostname = %s\r\nPort = 443\r\n' % (cs_type, hostname))


def drscout_path(install_dir=AGENT_DIR):
    agent_dir = install_dir if install_dir.lower().endswith('\\agent') else install_dir + '\\agent'
    return agent_dir + '\\Application Data\\etc\\drscout.conf'


def host(installed=None, setup_rc=0, configure_rc=0, uninstall_rc=0, package=NEW, setup_files=('UnifiedAgent.exe',),
         defender=True, exclusions=(DATA_DIR, INSTALL_DIR), install_dir=AGENT_DIR, free_mb=40960, cs_type='CSLegacy',
         registered_to=CS, hang=None, **extra):
    """A Windows host: registry (installed: None or registry()), what setup, configurator and MsiExec
    answer and do, the extracted package's files, Defender and its exclusions, svagents, the free space of
    the installation folder's drive; a registered agent's drscout.conf names registered_to (None: no file).
    hang: a regex of the command that does not end."""
    registered = installed is not None and installed[PRODUCTS_KEY].get('AgentConfigurationStatus') == 'Succeeded'
    installs = setup_rc in (0, 1641, 3010, 45)
    conf = drscout_path(install_dir)
    scenario = {
        'registry': copy.deepcopy(installed or {}),
        'services': {'svagents': 'started' if registered else 'stopped'} if installed else {},
        'files': {conf: drscout(registered_to, cs_type)} if registered and registered_to is not None else {},
        'commands': ([{'match': hang, 'hang': 30}] if hang else []) + [
            {'match': r'Microsoft-ASR_UA_.*_Windows_GA_.*\.exe" /q /x:', 'rc': 0},
            {'match': SETUP, 'rc': setup_rc,
             'effects': {'registry': registry(package, 'Succeeded', None, install_dir),
                         'files': {conf: drscout('', cs_type)}} if installs else {}},
            {'match': CONFIGURE, 'rc': configure_rc,
             'effects': {'registry': {PRODUCTS_KEY: {'AgentConfigurationStatus': 'Succeeded'}},
                         'services': {'svagents': 'started'}, 'files': {conf: drscout(CS, cs_type)}}
             if configure_rc == 0 else {}},
            {'match': r'^MsiExec\.exe /qn /x ', 'rc': uninstall_rc,
             'effects': {'registry': {UNINSTALL_KEY: None, PRODUCTS_KEY: None}, 'services': {'svagents': None},
                         'files': {conf: None}}
             if uninstall_rc in (0, 3010) else {}},
        ],
        'find': {EXTRACTED: list(setup_files) + ['InMageVSSProvider.exe', 'vcredist_x64.exe']},
        'defender': {'present': defender, 'exclusions': list(exclusions)},
        'unreachable': [],
        'free_mb': free_mb,
    }
    scenario.update(extra)
    return scenario


# a registered agent left alone: the preflight's one read of the host
ALONE = ['win_powershell']


def read_parameters(hosts=(CS, CS), ports=(443, 9443), space=INSTALL_DIR, facts=True, defender=True, drscout=True):
    """The parameters of the role's read of the host (files/windows_read_host.ps1); by default the preflight's."""
    return {'Registry': [PRODUCTS_KEY, UNINSTALL_KEY], 'Service': 'svagents', 'EndpointHost': list(hosts),
            'EndpointPort': list(ports), 'ReachSeconds': 5, 'SpacePath': space, 'Facts': facts, 'Defender': defender,
            'Drscout': drscout}


# the reads after the preflight's: after an installation (no drscout.conf), and the verification's
AFTER_INSTALL = read_parameters((), (), '', False, False, False)
VERIFY = read_parameters((), (), '', False, False, True)


def reads(run):
    """The parameters of the role's reads of the host, in order."""
    return [args['parameters'] for args in run.calls_to('win_powershell') if 'Registry' in (args.get('parameters') or {})]


def role_vars(installers, **extra):
    # short time limits: the tasks poll once a second, and a test of a limit waits little
    values = {'mobility_service_installer_dir': installers, 'mobility_service_cs_address': CS,
              'mobility_service_passphrase': PASSPHRASE, 'mobility_service_install_timeout': 60,
              'mobility_service_register_timeout': 60, 'mobility_service_extract_timeout': 3}
    values.update(extra)
    return values


@pytest.fixture
def installers(installer_dir):
    return installer_dir([INSTALLER, OLD_INSTALLER, LINUX_INSTALLER])


def defender_calls(run):
    """The win_powershell calls that add Defender exclusions (not the reads of the host, nor the staging)."""
    return [args for args in run.calls_to('win_powershell') if 'Add-MpPreference' in args['script']]


def commands(run):
    return [args['cmd'] for args in run.calls_to('win_command')]


def failure(run):
    """The message the host failed with."""
    return run.task('Mobility Service | Fail the host')[-1]['msg']


def secret_dir_removed(run):
    return {'path': SECRET_DIR, 'state': 'absent'} in run.calls_to('win_file')


# ---------------------------------------------------------------- the fakes

def test_the_fake_collection_shadows_the_real_ansible_windows(contract, ansible_env):
    listing = subprocess.run([ansible_command('ansible-doc'), '-t', 'module', '-l', 'ansible.windows'],
                             capture_output=True, text=True, env=ansible_env, check=True).stdout
    assert sorted(line.split()[0] for line in listing.splitlines() if line.strip()) == [
        'ansible.windows.' + name for name in WINDOWS_MODULES]
    run = contract('probe.yml', {}, {})
    assert run.rc == 0, run
    assert run.task('Show which one answered')[0]['contract_probe']['contract_fake'] is True
    assert run.calls[0] == {'module': 'win_reg_stat', 'args': {'path': 'HKLM:\\SOFTWARE\\Contract\\Probe'},
                            'no_log': False, 'check_mode': False}
    # the fakes refuse what the real modules' argument specifications refuse
    assert run.modules() == ['win_reg_stat', 'win_file', 'win_acl']
    refusals = run.task('Show the refusals')[0]['msg']
    assert refusals['unknown_option'].startswith('Unsupported parameters for (ansible.windows.win_file) module: recurse.')
    assert refusals['bad_choice'] == 'value of type must be one of: allow, deny, got: permit'


# ---------------------------------------------------------------- (1) clean host, classic

def test_clean_host_classic_install_and_registration(contract, installers):
    run = contract('mobility_service.yml', host(), role_vars(installers))
    assert run.rc == 0, run
    acl = {'path': SECRET_DIR, 'rights': 'FullControl', 'type': 'allow', 'state': 'present',
           'inherit': 'ContainerInherit, ObjectInherit', 'propagation': 'None'}
    script = run.calls[0]['args']['script']
    expected = [
        ('win_powershell', {'script': script, 'parameters': read_parameters()}),
        ('win_powershell', {'script': run.calls[1]['args']['script'], 'parameters': {'Parent': STAGING_DIR}}),
        ('win_copy', {'src': '%s/%s' % (installers, INSTALLER), 'dest': '%s\\%s' % (STAGING, INSTALLER)}),
        ('win_powershell', {'script': run.calls[3]['args']['script'], 'parameters': {'Path': '%s\\%s' % (STAGING, INSTALLER)}}),
        ('win_command', {'cmd': EXTRACT_CMD}),
        ('win_find', {'paths': EXTRACTED, 'patterns': ['*.exe']}),
        ('win_command', {'cmd': CLASSIC_INSTALL_CMD, 'chdir': EXTRACTED}),
        ('win_file', {'path': STAGING, 'state': 'absent'}),
        ('win_powershell', {'script': script, 'parameters': AFTER_INSTALL}),
        ('win_tempfile', {'state': 'directory', 'prefix': 'asr-secret.'}),
        ('win_acl', dict(acl, user='S-1-5-18')),
        ('win_acl', dict(acl, user='S-1-5-32-544')),
        ('win_acl_inheritance', {'path': SECRET_DIR, 'state': 'absent', 'reorganize': False}),
        ('win_copy', {'content': PASSPHRASE, 'dest': SECRET_DIR + '\\passphrase.txt'}),
        ('win_command', {'cmd': CLASSIC_CONFIGURE_CMD, 'chdir': AGENT_DIR}),
        ('win_file', {'path': SECRET_DIR, 'state': 'absent'}),
        ('win_powershell', {'script': script, 'parameters': VERIFY}),
    ]
    assert [(call['module'], call['args']) for call in run.calls] == expected
    # the role's own read script, which changes nothing and so also runs in check mode
    assert 'SupportsShouldProcess' in script and '$Ansible.Changed = $false' in script
    # the staging folder is made with its access set (only SYSTEM and Administrators), and checked on the host
    assert 'SetAccessRuleProtection($true, $false)' in run.calls[1]['args']['script']
    assert 'Get-FileHash' in run.calls[3]['args']['script']
    assert [call['no_log'] for call in run.calls if call['module'] == 'win_copy'] == [False, True]
    assert run.report == {
        'host': HOST, 'os': 'Microsoft Windows Server 2019 Datacenter 10.0.17763.0', 'state': 'present',
        'installer_tag': 'Windows', 'installer_file': INSTALLER, 'version_before': None, 'version_after': NEW,
        'registration_target': CS, 'result': 'changed', 'reason': run.report['reason'], 'findings': [],
        'antivirus': 'Microsoft Defender', 'reboot_required': False, 'finished': True}
    assert 'not installed' in run.report['reason']
    assert run.output['stats'][HOST]['failures'] == 0


def test_a_second_run_on_the_installed_host_changes_nothing(contract, installers):
    first = contract('mobility_service.yml', host(), role_vars(installers))
    assert first.rc == 0, first
    assert first.scenario['services'] == {'svagents': 'started'}
    second = contract('mobility_service.yml', first.scenario, role_vars(installers))
    assert second.rc == 0, second
    assert second.modules() == ALONE
    assert second.output['stats'][HOST]['changed'] == 0, second
    assert second.report['result'] == 'unchanged' and second.report['version_before'] == NEW


def test_an_installer_with_a_wrong_checksum_never_leaves_the_controller(contract, installer_dir):
    installers = installer_dir([INSTALLER], sums_override={INSTALLER: '0' * 64})
    run = contract('mobility_service.yml', host(), role_vars(installers))
    assert run.rc != 0, run
    assert 'win_copy' not in run.modules() and 'win_command' not in run.modules()
    assert 'it was not copied to the host' in failure(run)
    assert run.report['result'] == 'failed'


def harvest_only(installers, name):
    """Move the SHA-256 of one installer from SHA256SUMS to SHA256SUMS.harvested (as push_repository's harvest
    writes it): the value of a server, nobody approved it."""
    with open(installers + '/SHA256SUMS') as handle:
        lines = handle.read().splitlines()
    with open(installers + '/SHA256SUMS', 'w') as handle:
        handle.write(''.join(line + '\n' for line in lines if not line.endswith(name)))
    with open(installers + '/SHA256SUMS.harvested', 'w') as handle:
        handle.write('# Harvested\n' + ''.join(line + '\n' for line in lines if line.endswith(name)))


def test_an_installer_only_a_harvest_vouches_for_is_left_out_with_a_warning(contract, installers):
    harvest_only(installers, INSTALLER)
    run = contract('mobility_service.yml', host(), role_vars(installers))
    assert run.rc == 0, run
    # the approved, older installer is the one staged
    assert [args.get('src', '').rsplit('/', 1)[-1] for args in run.calls_to('win_copy')][0] == OLD_INSTALLER, run.calls
    assert run.report['installer_file'] == OLD_INSTALLER
    assert [warning for warning in run.report['warnings'] if INSTALLER in warning and 'SHA256SUMS.harvested' in warning]


def test_a_host_whose_installers_all_wait_for_approval_is_refused_before_any_change(contract, installer_dir):
    installers = installer_dir([INSTALLER])
    harvest_only(installers, INSTALLER)
    run = contract('mobility_service.yml', host(), role_vars(installers))
    assert run.rc != 0, run
    assert run.modules() == ALONE
    message = failure(run)
    assert message.startswith(HOST + ': the installers for Windows (%s) wait for approval' % INSTALLER)
    assert 'nothing was changed on the host' in message
    assert run.report['result'] == 'failed'


def test_a_staging_folder_other_users_control_is_refused_before_anything_is_staged(contract, installers):
    problem = 'the staging folder D:\\Staging is owned by S-1-5-21-1-2-3-1001, not by SYSTEM, Administrators or TrustedInstaller'
    run = contract('mobility_service.yml', host(staging_problem=problem),
                   role_vars(installers, mobility_service_staging_dir='D:\\Staging'))
    assert run.rc != 0, run
    assert failure(run).startswith('%s: %s: another user could replace what is staged there' % (HOST, problem))
    assert 'win_copy' not in run.modules() and 'win_command' not in run.modules()
    assert run.calls_to('win_powershell')[1]['parameters'] == {'Parent': 'D:\\Staging'}


def test_an_installer_replaced_on_the_host_after_the_copy_never_runs(contract, installers):
    # what the checksum finds on the host is not what the controller verified (a user swapped it)
    scenario = host(tampered={'%s\\%s' % (STAGING, INSTALLER): 'f' * 64})
    run = contract('mobility_service.yml', scenario, role_vars(installers))
    assert run.rc != 0, run
    assert 'the installer on the host has SHA-256 %s, expected ' % ('f' * 64) in failure(run)
    assert 'win_command' not in run.modules()
    assert run.calls_to('win_file')[-1:] == [{'path': STAGING, 'state': 'absent'}]  # the folder goes
    assert run.report['result'] == 'failed'


def test_checksum_verification_can_be_turned_off(contract, installer_dir):
    installers = installer_dir([INSTALLER], sums_override={INSTALLER: '0' * 64})
    run = contract('mobility_service.yml', host(), role_vars(installers, mobility_service_verify_checksum=False))
    assert run.rc == 0, run
    assert commands(run) == [EXTRACT_CMD, CLASSIC_INSTALL_CMD, CLASSIC_CONFIGURE_CMD]


# ---------------------------------------------------------------- (2) installed and registered

@pytest.mark.parametrize('state', ['present', 'latest'])
def test_installed_and_registered_agent_is_left_alone(contract, installers, state):
    run = contract('mobility_service.yml', host(installed=registry()), role_vars(installers, mobility_service_state=state))
    assert run.rc == 0, run
    # present: the fast path ends after the preflight's read; latest compares with the installer, then verifies
    assert reads(run) == ([read_parameters()] if state == 'present' else [read_parameters(), VERIFY])
    assert run.modules() == ['win_powershell'] * len(reads(run))
    assert run.report['result'] == 'unchanged'
    assert run.report['version_before'] == NEW and run.report['version_after'] == NEW
    assert run.output['stats'][HOST]['changed'] == 0, run


# ---------------------------------------------------------------- (3) an earlier installation did not complete

def test_incomplete_installation_is_installed_again_then_registered(contract, installers):
    run = contract('mobility_service.yml', host(installed=registry(post='Failed', configured=None)), role_vars(installers))
    assert run.rc == 0, run
    assert commands(run) == [EXTRACT_CMD, CLASSIC_INSTALL_CMD, CLASSIC_CONFIGURE_CMD]
    assert run.report['result'] == 'changed'
    assert 'did not complete' in run.report['reason']
    assert secret_dir_removed(run)


def test_incomplete_installation_is_not_downgraded(contract, installer_dir):
    installers = installer_dir([OLD_INSTALLER])
    run = contract('mobility_service.yml', host(installed=registry(post='Failed')), role_vars(installers))
    assert run.rc != 0, run
    assert 'win_command' not in run.modules()
    assert 'refusing to downgrade' in failure(run)


# ---------------------------------------------------------------- (4) installed, not registered

def test_installed_but_unregistered_agent_is_only_configured(contract, installers):
    run = contract('mobility_service.yml', host(installed=registry(configured='Failed')), role_vars(installers))
    assert run.rc == 0, run
    assert commands(run) == [CLASSIC_CONFIGURE_CMD]
    assert run.calls_to('win_copy') == [{'content': PASSPHRASE, 'dest': SECRET_DIR + '\\passphrase.txt'}]
    assert run.report['result'] == 'changed'
    assert secret_dir_removed(run)


# ---------------------------------------------------------------- (5) upgrade

@pytest.mark.parametrize('cs_type, install_dir, files, expected', [
    ('CSLegacy', AGENT_DIR, ['UnifiedAgent.exe'], '"%s\\UnifiedAgent.exe" /Platform VmWare /Silent' % EXTRACTED),
    ('CSPrime', AGENT_DIR, ['UnifiedAgent.exe', 'UnifiedAgentInstaller.exe'],
     '"%s\\UnifiedAgent.exe" /Role MS /Platform VmWare /Silent /InstallationType Upgrade /CSType CSPrime /InstallLocation "%s"'
     % (EXTRACTED, INSTALL_DIR)),
    # The modernized upgrade names the folder the agent is installed in (the registry's), not the default.
    ('CSPrime', 'D:\\ASR\\agent', ['UnifiedAgentInstaller.exe', 'UnifiedAgent.exe'],
     '"%s\\UnifiedAgent.exe" /Role MS /Platform VmWare /Silent /InstallationType Upgrade /CSType CSPrime /InstallLocation "D:\\ASR"'
     % EXTRACTED),
], ids=['classic', 'modernized', 'modernized-elsewhere'])
def test_latest_upgrades_to_the_newer_package(contract, installers, cs_type, install_dir, files, expected):
    scenario = host(installed=registry(version=OLD, install_dir=install_dir), setup_files=files, install_dir=install_dir,
                    cs_type=cs_type)
    variables = role_vars(installers, mobility_service_state='latest', mobility_service_cs_type=cs_type)
    if cs_type == 'CSPrime':
        variables.update(mobility_service_cs_address='', mobility_service_passphrase='')
    run = contract('mobility_service.yml', scenario, variables)
    assert run.rc == 0, run
    assert commands(run) == [EXTRACT_CMD, expected]
    assert run.calls_to('win_command')[1]['chdir'] == EXTRACTED
    assert run.report['result'] == 'changed'
    assert (run.report['version_before'], run.report['version_after']) == (OLD, NEW)
    assert 'win_tempfile' not in run.modules()  # still registered: no registration


def test_present_never_upgrades(contract, installers):
    run = contract('mobility_service.yml', host(installed=registry(version=OLD)), role_vars(installers))
    assert run.rc == 0, run
    assert commands(run) == []
    assert run.report['result'] == 'unchanged'


# ---------------------------------------------------------------- (6), (7) restart needed

@pytest.mark.parametrize('rc', [3010, 1641])
@pytest.mark.parametrize('reboot', [False, True])
def test_setup_asking_for_a_restart_succeeds_and_reboots_only_when_allowed(contract, installers, rc, reboot):
    run = contract('mobility_service.yml', host(setup_rc=rc), role_vars(installers, mobility_service_reboot=reboot))
    assert run.rc == 0, run
    assert run.report['reboot_required'] is True
    assert run.report['result'] == 'changed'
    assert run.modules().count('win_reboot') == (1 if reboot else 0)
    if reboot:
        assert run.calls_to('win_reboot') == [{}]
        # the reboot comes after the setup and before the registration
        assert run.modules().index('win_reboot') > run.modules().index('win_find')
        assert run.modules().index('win_reboot') < run.modules().index('win_tempfile')
    assert commands(run)[-1] == CLASSIC_CONFIGURE_CMD


# ---------------------------------------------------------------- (8) VSS provider failure

def test_vss_provider_failure_is_a_success_with_a_warning(contract, installers):
    run = contract('mobility_service.yml', host(setup_rc=45), role_vars(installers))
    assert run.rc == 0, run
    warning = run.task('Mobility Service | Warn about what the setup reported')[0]
    assert not warning.get('skipped'), warning
    assert 'VSS provider' in warning['msg'] and 'InMageVSSProvider_Install.cmd' in warning['msg']
    assert INSTALL_LOG in warning['msg']
    assert run.report['result'] == 'changed'
    assert commands(run)[-1] == CLASSIC_CONFIGURE_CMD


def test_clean_install_shows_no_warning(contract, installers):
    run = contract('mobility_service.yml', host(), role_vars(installers))
    assert run.task('Mobility Service | Warn about what the setup reported')[0].get('skipped') is True


# ---------------------------------------------------------------- (9), (10) failures

def test_registration_refused_fails_the_host_and_still_removes_the_secret(contract, installers):
    run = contract('mobility_service.yml', host(configure_rc=14), role_vars(installers))
    assert run.rc != 0, run
    message = failure(run)
    assert 'invalid passphrase or configuration server endpoint' in message
    assert 'exit code 14' in message and CONFIGURATOR_LOG in message
    assert run.report['result'] == 'failed' and 'invalid passphrase' in run.report['reason']
    # the secret folder goes right after the configurator ran, and nothing else runs
    # no_log: a configurator may repeat its input on its output
    assert run.calls[-2] == {'module': 'win_command', 'args': {'cmd': CLASSIC_CONFIGURE_CMD, 'chdir': AGENT_DIR},
                             'no_log': True, 'check_mode': False}
    assert run.calls[-1]['args'] == {'path': SECRET_DIR, 'state': 'absent'}


def test_unknown_setup_exit_code_names_the_code_and_the_log(contract, installers):
    run = contract('mobility_service.yml', host(setup_rc=12345), role_vars(installers))
    assert run.rc != 0, run
    message = failure(run)
    assert 'unknown exit code 12345' in message and INSTALL_LOG in message
    assert 'Mobility Service installation failed' in message
    # the staged package is cleaned up, nothing is registered
    assert run.calls_to('win_file')[-1:] == [{'path': STAGING, 'state': 'absent'}]
    assert 'win_tempfile' not in run.modules()


def test_failed_setup_stops_before_registration(contract, installers):
    run = contract('mobility_service.yml', host(setup_rc=1), role_vars(installers))
    assert run.rc != 0, run
    assert 'exit code 1 (failed)' in failure(run)
    assert commands(run) == [EXTRACT_CMD, CLASSIC_INSTALL_CMD]


# ---------------------------------------------------------------- (11) modernized

@pytest.mark.parametrize('credential_less', [False, True])
def test_modernized_install_registers_with_config_json_in_the_private_folder(contract, installers, tmp_path, credential_less):
    config = tmp_path / 'config.json'
    config.write_text(json.dumps({'contract': 'appliance configuration'}))
    scenario = host(setup_files=['UnifiedAgent.exe', 'UnifiedAgentInstaller.exe'], cs_type='CSPrime')
    variables = role_vars(installers, mobility_service_cs_type='CSPrime', mobility_service_cs_address='',
                          mobility_service_passphrase='', mobility_service_source_config_file=str(config),
                          mobility_service_credential_less_discovery=credential_less)
    run = contract('mobility_service.yml', scenario, variables)
    assert run.rc == 0, run
    configure = '%s /SourceConfigFilePath "%s\\config.json" /CSType CSPrime' % (CONFIGURATOR, SECRET_DIR)
    if credential_less:
        configure += ' /CredentialLessDiscovery true'
    assert commands(run) == [
        EXTRACT_CMD,
        '"%s\\UnifiedAgentInstaller.exe" /Platform VmWare /Silent /Role MS /CSType CSPrime /InstallLocation "%s"'
        % (EXTRACTED, INSTALL_DIR),
        configure]
    assert run.calls_to('win_copy')[-1] == {'src': str(config), 'dest': SECRET_DIR + '\\config.json'}
    assert [call['no_log'] for call in run.calls if call['module'] == 'win_copy'] == [False, True]
    assert reads(run)[0]['EndpointHost'] == []  # no configuration server address, no process server
    assert secret_dir_removed(run)
    assert run.report['result'] == 'changed'


def test_modernized_registration_takes_this_machines_file_from_the_config_dir(contract, installers, tmp_path):
    folder = tmp_path / 'appliance'
    folder.mkdir()
    (folder / (HOST + '.json')).write_text(json.dumps({'contract': HOST}))
    (folder / 'other-host.json').write_text('{}')
    scenario = host(setup_files=['UnifiedAgentInstaller.exe'], cs_type='CSPrime')
    variables = role_vars(installers, mobility_service_cs_type='CSPrime', mobility_service_cs_address='',
                          mobility_service_passphrase='', mobility_service_source_config_dir=str(folder))
    run = contract('mobility_service.yml', scenario, variables)
    assert run.rc == 0, run
    assert run.calls_to('win_copy')[-1] == {'src': '%s/%s.json' % (folder, HOST), 'dest': SECRET_DIR + '\\config.json'}


# ---------------------------------------------------------------- (12) absent

def test_absent_uninstalls_an_installed_agent(contract, installers):
    run = contract('mobility_service.yml', host(installed=registry()), role_vars(installers, mobility_service_state='absent'))
    assert run.rc == 0, run
    assert run.modules() == ['win_powershell', 'win_command']
    assert reads(run) == [read_parameters((), (), '', True, False, False)]
    assert commands(run) == [UNINSTALL_CMD]
    assert run.report['result'] == 'changed'
    assert (run.report['version_before'], run.report['version_after']) == (NEW, None)
    assert run.scenario['registry'] == {}


def test_absent_without_the_agent_does_nothing(contract, installers):
    run = contract('mobility_service.yml', host(), role_vars(installers, mobility_service_state='absent'))
    assert run.rc == 0, run
    assert run.modules() == ['win_powershell']
    assert run.report['result'] == 'unchanged'


def test_absent_failing_msiexec_fails_the_host(contract, installers):
    run = contract('mobility_service.yml', host(installed=registry(), uninstall_rc=1603),
                   role_vars(installers, mobility_service_state='absent'))
    assert run.rc != 0, run
    assert 'fatal error during the uninstallation' in failure(run) and UNINSTALL_LOG in failure(run)


# ---------------------------------------------------------------- (13) Microsoft Defender

def test_defender_gets_only_the_missing_exclusions_as_a_parameter(contract, installers):
    # Defender lists one of the two folders already (other case, trailing backslash).
    scenario = host(installed=registry(), exclusions=['c:\\programdata\\asr\\agent\\'])
    run = contract('mobility_service.yml', scenario, role_vars(installers))
    assert run.rc == 0, run
    assert reads(run)[0]['Defender'] is True  # the preflight's read takes the exclusions
    scripts = defender_calls(run)
    assert len(scripts) == 1
    assert 'Add-MpPreference' in scripts[0]['script']
    assert scripts[0]['parameters'] == {'Path': INSTALL_DIR}
    assert INSTALL_DIR not in scripts[0]['script'] and 'Program Files' not in scripts[0]['script']
    assert run.scenario['defender']['exclusions'] == ['c:\\programdata\\asr\\agent\\', INSTALL_DIR]
    assert run.report['antivirus'] == 'Microsoft Defender'


def test_defender_exclusions_follow_a_custom_install_dir(contract, installers):
    scenario = host(exclusions=[])
    run = contract('mobility_service.yml', scenario, role_vars(installers, mobility_service_install_dir='D:\\ASR'))
    assert run.rc == 0, run
    assert [args['parameters'] for args in defender_calls(run)] == [
        {'Path': DATA_DIR}, {'Path': INSTALL_DIR}, {'Path': 'D:\\ASR'}]
    assert '/InstallLocation "D:\\ASR"' in commands(run)[1]


def test_without_defender_nothing_is_added_and_nothing_reported_changed(contract, installers):
    run = contract('mobility_service.yml', host(installed=registry(), defender=False), role_vars(installers))
    assert run.rc == 0, run
    assert defender_calls(run) == []
    assert run.report['antivirus'] == 'none found, none needed'
    read = run.task('Mobility Service | Read the host (Windows)')[0]
    assert read['changed'] is False
    assert run.output['stats'][HOST]['changed'] == 0, run


def test_antivirus_exclusions_can_be_turned_off(contract, installers):
    run = contract('mobility_service.yml', host(installed=registry()),
                   role_vars(installers, mobility_service_antivirus_exclusions=False))
    assert run.rc == 0, run
    assert defender_calls(run) == []
    assert reads(run) == [read_parameters(defender=False)]  # Defender is not even looked at


# ---------------------------------------------------------------- (14) the passphrase

def assert_passphrase_only_in_the_no_log_copy(run):
    holders = [call for call in run.calls if PASSPHRASE in json.dumps(call)]
    assert len(holders) == 1, holders
    assert holders[0]['module'] == 'win_copy' and holders[0]['no_log'] is True
    assert holders[0]['args']['content'] == PASSPHRASE
    assert PASSPHRASE not in json.dumps(dict((k, v) for k, v in holders[0]['args'].items() if k != 'content'))


@pytest.mark.parametrize('configure_rc', [0, 14, 17])
def test_the_passphrase_only_reaches_the_no_log_file_copy(contract, installers, configure_rc):
    scenario = host(configure_rc=configure_rc)
    run = contract('mobility_service.yml', scenario, role_vars(installers))
    assert (run.rc == 0) == (configure_rc == 0), run
    assert PASSPHRASE not in run.stdout and PASSPHRASE not in run.stderr
    assert PASSPHRASE not in json.dumps(run.report)
    assert_passphrase_only_in_the_no_log_copy(run)
    # the same at -vvv with the default output
    verbose = contract('mobility_service.yml', scenario, role_vars(installers), verbosity=3, callback='default')
    assert verbose.rc == run.rc, verbose
    assert 'Mobility Service | Run the configurator]' in verbose.stdout  # the run did get to the registration
    assert PASSPHRASE not in verbose.stdout and PASSPHRASE not in verbose.stderr
    assert_passphrase_only_in_the_no_log_copy(verbose)


@pytest.mark.parametrize('cs_type', ['CSLegacy', 'CSPrime'])
def test_a_configurator_repeating_its_input_shows_none_of_it(contract, installers, tmp_path, cs_type):
    key = 'Contract-Appliance-Key-9d3f1b7e'
    secret = PASSPHRASE if cs_type == 'CSLegacy' else key
    scenario = host(installed=registry(configured='Failed'), cs_type=cs_type)
    # the configurator repeats its input on both outputs, then fails
    scenario['commands'].insert(0, {'match': CONFIGURE, 'rc': 14, 'stdout': 'input: %s\r\n' % secret,
                                    'stderr': 'rejected %s\r\n' % secret})
    variables = role_vars(installers)
    if cs_type == 'CSPrime':
        config = tmp_path / 'config.json'
        config.write_text(json.dumps({'ApplianceIp': '10.0.0.7', 'Key': key}))
        variables.update(mobility_service_cs_type='CSPrime', mobility_service_cs_address='', mobility_service_passphrase='',
                         mobility_service_source_config_file=str(config))
    run = contract('mobility_service.yml', scenario, variables, verbosity=3, callback='default')
    assert run.rc != 0, run
    assert 'Mobility Service | Run the configurator]' in run.stdout  # the run got to the configurator
    assert 'exit code 14' in run.stdout  # and says how it ended
    assert secret not in run.stdout and secret not in run.stderr


# ---------------------------------------------------------------- (15) preflight

def test_preflight_checks_configuration_and_process_server_ports(contract, installers):
    run = contract('mobility_service.yml', host(installed=registry()),
                   role_vars(installers, mobility_service_ps_address=PS, mobility_service_cs_port=8443))
    assert run.rc == 0, run
    assert reads(run) == [read_parameters(hosts=(CS, PS), ports=(8443, 9443))]
    assert run.report['findings'] == []


def test_unreachable_process_server_fails_the_host_before_any_change(contract, installers):
    scenario = host(unreachable=['%s:9443' % PS])
    run = contract('mobility_service.yml', scenario, role_vars(installers, mobility_service_ps_address=PS))
    assert run.rc != 0, run
    finding = 'network: %s:9443 cannot be reached from this host' % PS
    assert finding in failure(run) and 'preflight failed' in failure(run)
    assert run.modules() == ['win_powershell']
    assert run.report['findings'] == [finding] and run.report['result'] == 'failed'


def test_a_host_that_cannot_be_read_fails_naming_why_before_any_change(contract, installers):
    scenario = host(installed=registry(), read_failure='Access is denied')
    run = contract('mobility_service.yml', scenario, role_vars(installers))
    assert run.rc != 0, run
    assert 'the host could not be read: Access is denied' in failure(run)
    assert run.modules() == ['win_powershell']
    assert run.report['result'] == 'failed' and 'Access is denied' in run.report['reason']


def test_preflight_only_surveys(contract, installers):
    scenario = host(unreachable=['%s:443' % CS])
    run = contract('mobility_service.yml', scenario, role_vars(installers, mobility_service_preflight_only=True))
    assert run.rc == 0, run
    assert run.modules() == ['win_powershell']
    assert run.task('Mobility Service | Show the survey')[0]['msg'] == '%s: network: %s:443 cannot be reached from this host' % (HOST, CS)


def test_unsupported_windows_is_a_finding(contract, installers):
    scenario = host(facts={'distribution': 'Microsoft Windows Server 2008 Standard', 'distribution_version': '6.0.6002.0',
                           'distribution_major_version': '6'})
    run = contract('mobility_service.yml', scenario, role_vars(installers))
    assert run.rc != 0, run
    assert 'unsupported Windows version 6.0.6002.0' in failure(run)
    assert run.modules() == ['win_powershell']


# ---------------------------------------------------------------- 16. installers from an HTTP(S) repository

@pytest.fixture
def http_repository():
    """serve(folder) -> base URL of a loopback HTTP server publishing the folder; stopped after the test."""
    servers = []

    def serve(folder):
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=folder)
        server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return 'http://127.0.0.1:%d' % server.server_address[1]

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def pinned(installers, *names):
    """mobility_service_checksums for the installers: an http:// repository's own SHA256SUMS is not trusted."""
    return dict((name, sha256(os.path.join(installers, name))) for name in names)


def test_an_http_repository_without_pinned_checksums_is_refused_before_anything(contract, installers, http_repository,
                                                                                tmp_path):
    url = http_repository(installers)
    variables = role_vars('', mobility_service_installer_url=url, mobility_service_cache_dir=str(tmp_path / 'cache'))
    run = contract('mobility_service.yml', host(), variables)
    assert run.rc != 0, run
    assert "setting mobility_service_installer_url='%s': an http:// repository" % url in failure(run)
    assert 'use https://' in failure(run) and 'mobility_service_checksums' in failure(run)
    assert run.modules() == ['win_powershell'] and not (tmp_path / 'cache').exists()


def test_installer_from_a_url_is_cached_verified_and_installed(contract, installers, http_repository, tmp_path):
    cache = tmp_path / 'cache'
    variables = role_vars('', mobility_service_installer_url=http_repository(installers),
                          mobility_service_cache_dir=str(cache), mobility_service_checksums=pinned(installers, INSTALLER))
    run = contract('mobility_service.yml', host(), variables)
    assert run.rc == 0, run
    with open('%s/%s' % (installers, INSTALLER), 'rb') as original:
        assert (cache / INSTALLER).read_bytes() == original.read()
    assert sorted(path.name for path in cache.iterdir()) == [INSTALLER]
    assert run.calls_to('win_copy')[0] == {'src': '%s/%s' % (cache, INSTALLER), 'dest': '%s\\%s' % (STAGING, INSTALLER)}
    assert commands(run) == [EXTRACT_CMD, CLASSIC_INSTALL_CMD, CLASSIC_CONFIGURE_CMD]
    assert run.report['installer_file'] == INSTALLER and run.report['result'] == 'changed'


def test_a_url_index_with_blank_and_comment_lines_still_selects(contract, installers, http_repository, tmp_path):
    index = os.path.join(installers, 'SHA256SUMS')
    with open(index) as handle:
        lines = handle.read().splitlines()
    with open(index, 'w') as handle:
        handle.write('# published %s\n\n' % NEW + '\n\n'.join(lines) + '\n\n')
    variables = role_vars('', mobility_service_installer_url=http_repository(installers),
                          mobility_service_cache_dir=str(tmp_path / 'cache'),
                          mobility_service_checksums=pinned(installers, INSTALLER))
    run = contract('mobility_service.yml', host(), variables)
    assert run.rc == 0, run
    assert run.report['installer_file'] == INSTALLER and commands(run)[0] == EXTRACT_CMD


def test_a_url_installer_not_matching_its_pinned_checksum_never_reaches_the_host(contract, installer_dir,
                                                                                 http_repository, tmp_path):
    # the server's SHA256SUMS agrees with the file it serves, but not with the checksum pinned here
    installers = installer_dir([INSTALLER])
    variables = role_vars('', mobility_service_installer_url=http_repository(installers),
                          mobility_service_cache_dir=str(tmp_path / 'cache'),
                          mobility_service_checksums={INSTALLER: '0' * 64})
    run = contract('mobility_service.yml', host(), variables)
    assert run.rc != 0, run
    assert 'win_copy' not in run.modules() and 'win_command' not in run.modules()
    assert run.report['result'] == 'failed'
    assert 'checksum' in run.report['reason'].lower()
    assert not (tmp_path / 'cache' / INSTALLER).exists()


# ---------------------------------------------------------------- 15b. memory and disk on Windows

def test_a_full_drive_fails_the_host_before_any_change(contract, installers):
    run = contract('mobility_service.yml', host(free_mb=300), role_vars(installers))
    assert run.rc != 0, run
    finding = 'disk: 300 MB free for %s, 500 MB needed' % INSTALL_DIR
    assert run.report['findings'] == [finding] and finding in failure(run)
    assert run.modules() == ['win_powershell']
    assert 'SupportsShouldProcess' in run.calls[0]['args']['script']  # so that it also runs in check mode


def test_the_free_space_needed_can_be_lowered(contract, installers):
    variables = role_vars(installers, mobility_service_min_install_free_mb=250)
    run = contract('mobility_service.yml', host(free_mb=300), variables)
    assert run.rc == 0, run
    assert run.report['findings'] == []


def test_too_little_available_memory_is_a_warning_or_when_required_a_finding(contract, installers):
    scenario = host(facts={'memtotal_mb': 16384, 'memfree_mb': 1000})
    sentence = 'memory: 1000 MB of 16384 MB free, the agent uses about 10 % of the memory (1639 MB)'
    run = contract('mobility_service.yml', scenario, role_vars(installers))
    assert run.rc == 0, run  # the vendor states no memory prerequisite
    assert run.report['findings'] == [] and run.report['warnings'] == [sentence]
    required = contract('mobility_service.yml', scenario, role_vars(installers, mobility_service_memory_required=True))
    assert required.rc != 0, required
    assert required.report['findings'] == [sentence]
    assert 'win_copy' not in required.modules() and 'win_command' not in required.modules()


def test_an_unmeasurable_drive_is_no_finding(contract, installers):
    scenario = host(space_error='UNC paths have no drive')
    run = contract('mobility_service.yml', scenario, role_vars(installers))
    assert run.rc == 0, run
    assert run.report['findings'] == []


# ---------------------------------------------------------------- 17. the self-extractor ends late

def find_calls(run):
    return [args for args in run.calls_to('win_find') if args['paths'] == EXTRACTED]


def test_the_setup_is_waited_for_until_the_self_extractor_has_left_it(contract, installers):
    scenario = host(setup_files=(), appear={EXTRACTED: {'after': 2, 'files': ['UnifiedAgent.exe']}})
    run = contract('mobility_service.yml', scenario, role_vars(installers))
    assert run.rc == 0, run
    assert len(find_calls(run)) == 3  # not there, not there, there
    assert commands(run) == [EXTRACT_CMD, CLASSIC_INSTALL_CMD, CLASSIC_CONFIGURE_CMD]
    assert run.report['result'] == 'changed'


def test_a_setup_that_never_appears_fails_naming_the_folder_and_the_wait(contract, installers):
    run = contract('mobility_service.yml', host(setup_files=()), role_vars(installers, mobility_service_extract_timeout=2))
    assert run.rc != 0, run
    message = failure(run)
    assert message.startswith('%s: the self-extractor left no UnifiedAgent.exe in %s within 2 seconds' % (HOST, EXTRACTED))
    assert 'mobility_service_extract_timeout' in message and 'vcredist_x64.exe' in message
    assert len(find_calls(run)) == 3  # the first look and two more, a second apart
    assert commands(run) == [EXTRACT_CMD]
    assert run.calls_to('win_file')[-1:] == [{'path': STAGING, 'state': 'absent'}]
    assert run.report['result'] == 'failed'


# ---------------------------------------------------------------- 18. registered to another configuration server

def test_an_agent_registered_elsewhere_is_refused_before_any_change(contract, installers):
    run = contract('mobility_service.yml', host(installed=registry(), registered_to=OTHER_CS), role_vars(installers))
    assert run.rc != 0, run
    message = failure(run)
    assert message.startswith('%s: the agent is registered to configuration server %s (classic, CSLegacy) and the '
                              'inventory wants configuration server %s (classic, CSLegacy)' % (HOST, OTHER_CS, CS))
    assert 'exit code 13' in message and 'mobility_service_reinstall_if_registered_elsewhere' in message
    assert commands(run) == [] and 'win_copy' not in run.modules()
    assert run.report['result'] == 'failed' and OTHER_CS in run.report['reason']


@pytest.mark.parametrize('registered_type, wanted_type', [('CSPrime', 'CSLegacy'), ('CSLegacy', 'CSPrime')])
def test_an_agent_of_the_other_cs_type_is_registered_elsewhere(contract, installers, tmp_path, registered_type, wanted_type):
    config = tmp_path / 'config.json'
    config.write_text('{}')
    variables = role_vars(installers, mobility_service_cs_type=wanted_type, mobility_service_source_config_file=str(config))
    if wanted_type == 'CSPrime':
        variables.update(mobility_service_cs_address='', mobility_service_passphrase='')
    run = contract('mobility_service.yml', host(installed=registry(), cs_type=registered_type), variables)
    assert run.rc != 0, run
    assert 'exit code 13' in failure(run) and registered_type in failure(run) and wanted_type in failure(run)
    assert commands(run) == []


def test_an_agent_registered_elsewhere_is_moved_when_allowed(contract, installers):
    scenario = host(installed=registry(), registered_to=OTHER_CS)
    run = contract('mobility_service.yml', scenario,
                   role_vars(installers, mobility_service_reinstall_if_registered_elsewhere=True))
    assert run.rc == 0, run
    # the package is staged and extracted first, so that a bad package leaves the agent as it was
    assert commands(run) == [EXTRACT_CMD, UNINSTALL_CMD, CLASSIC_INSTALL_CMD, CLASSIC_CONFIGURE_CMD]
    warning = run.task('Mobility Service | Warn about the registration')[0]['msg']
    assert warning.startswith('%s: the agent is registered to configuration server %s' % (HOST, OTHER_CS))
    assert 'replication of this machine must be enabled again' in warning
    assert warning.split(': ', 1)[1] in run.report['warnings']
    assert run.report['result'] == 'changed' and run.report['version_after'] == NEW
    assert run.scenario['files'] == {DRSCOUT: drscout(CS)}


@pytest.mark.parametrize('scenario_extra', [
    {'registered_to': 'cs01'},                                     # a name and an address: only a lookup could tell
    {'registered_to': None},                                       # no drscout.conf where it is expected
    {'file_errors': {DRSCOUT: 'Access to the path is denied.'}},   # a drscout.conf that cannot be read
], ids=['name-and-address', 'no-file', 'unreadable'])
def test_an_agent_whose_registration_cannot_be_told_is_left_with_a_warning(contract, installers, scenario_extra):
    run = contract('mobility_service.yml', host(installed=registry(), **scenario_extra),
                   role_vars(installers, mobility_service_reinstall_if_registered_elsewhere=True))
    assert run.rc == 0, run
    assert commands(run) == []
    warning = run.task('Mobility Service | Warn about the registration')[0]['msg']
    assert warning.startswith('%s: cannot tell whether the agent is registered to configuration server %s' % (HOST, CS))
    assert run.report['result'] == 'unchanged' and warning.split(': ', 1)[1] in run.report['warnings']


# ---------------------------------------------------------------- 19. time limits

def test_a_setup_that_never_ends_fails_the_host_at_its_time_limit(contract, installers):
    run = contract('mobility_service.yml', host(hang=SETUP), role_vars(installers, mobility_service_install_timeout=2))
    assert run.rc != 0, run
    message = failure(run)
    assert message.startswith('%s: Mobility Service installation: UnifiedAgent.exe did not finish within 2 seconds '
                              '(mobility_service_install_timeout)' % HOST)
    assert INSTALL_LOG in message
    assert commands(run) == [EXTRACT_CMD, CLASSIC_INSTALL_CMD]  # nothing is registered
    assert run.calls_to('win_file')[-1:] == [{'path': STAGING, 'state': 'absent'}]
    assert run.report['result'] == 'failed'


def test_a_configurator_that_never_ends_fails_the_host_and_the_secret_goes(contract, installers):
    run = contract('mobility_service.yml', host(installed=registry(configured='Failed'), hang=CONFIGURE),
                   role_vars(installers, mobility_service_register_timeout=2))
    assert run.rc != 0, run
    message = failure(run)
    assert message.startswith('%s: Mobility Service registration: UnifiedAgentConfigurator.exe did not finish within 2 '
                              'seconds (mobility_service_register_timeout)' % HOST)
    assert CONFIGURATOR_LOG in message
    assert secret_dir_removed(run)
    assert PASSPHRASE not in run.stdout


def test_an_msiexec_that_never_ends_fails_the_host_at_its_time_limit(contract, installers):
    run = contract('mobility_service.yml', host(installed=registry(), hang=r'^MsiExec'),
                   role_vars(installers, mobility_service_state='absent', mobility_service_install_timeout=2))
    assert run.rc != 0, run
    assert failure(run).startswith('%s: Mobility Service uninstallation: MsiExec.exe did not finish within 2 seconds '
                                   '(mobility_service_install_timeout)' % HOST)
    assert UNINSTALL_LOG in failure(run)


# ---------------------------------------------------------------- 20. a configuration server on another port

def test_the_configurator_gets_a_port_other_than_443(contract, installers):
    run = contract('mobility_service.yml', host(), role_vars(installers, mobility_service_cs_port=8443))
    assert run.rc == 0, run
    assert commands(run)[-1] == '%s /CSEndPoint %s /CSPort 8443 /PassphraseFilePath "%s\\passphrase.txt"' % (
        CONFIGURATOR, CS, SECRET_DIR)
    assert (reads(run)[0]['EndpointHost'], reads(run)[0]['EndpointPort']) == ([CS, CS], [8443, 9443])


# ---------------------------------------------------------------- 21. check mode predicts, never fails

@pytest.mark.parametrize('situation', ['clean', 'unregistered', 'upgrade', 'modernized', 'absent', 'registered'])
def test_check_mode_predicts_without_failing_or_changing_anything(contract, installers, tmp_path, situation):
    variables = role_vars(installers)
    scenario = {
        'clean': host(), 'unregistered': host(installed=registry(configured='Failed')),
        'upgrade': host(installed=registry(version=OLD)), 'absent': host(installed=registry()),
        'registered': host(installed=registry()),
        'modernized': host(setup_files=['UnifiedAgentInstaller.exe'], cs_type='CSPrime'),
    }[situation]
    if situation == 'upgrade':
        variables['mobility_service_state'] = 'latest'
    if situation == 'absent':
        variables['mobility_service_state'] = 'absent'
    if situation == 'modernized':
        config = tmp_path / 'config.json'
        config.write_text('{}')
        variables.update(mobility_service_cs_type='CSPrime', mobility_service_cs_address='', mobility_service_passphrase='',
                         mobility_service_source_config_file=str(config))
    before = copy.deepcopy(scenario)
    run = contract('mobility_service.yml', scenario, variables, check=True)
    assert run.rc == 0, run
    assert run.output['stats'][HOST]['failures'] == 0, run
    assert run.report['result'] == ('unchanged' if situation == 'registered' else 'changed'), run.report
    assert all(call['check_mode'] for call in run.calls)
    # nothing ran that changes the host
    for key in ('registry', 'services', 'files'):
        assert run.scenario[key] == before[key], key
