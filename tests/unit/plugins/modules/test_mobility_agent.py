# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""mobility_agent: install, upgrade and uninstall driven through main()."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import stat

import pytest

from ansible_collections.siterecovery.mobility.plugins.module_utils import agent
from ansible_collections.siterecovery.mobility.plugins.modules import mobility_agent
from ansible_collections.siterecovery.mobility.tests.unit.plugins.module_utils.facts_fixtures import linux
from ansible_collections.siterecovery.mobility.tests.unit.plugins.modules.module_harness import TIMED_OUT

VERSION = '9.66.7567.1'
NEWER = '9.67.0.0'
OLDER = '9.65.0.0'
RHEL8 = linux('RedHat', '8.6', '8', 'Ootpa', 'RedHat')


def tarball_name(version=VERSION, tag='RHEL8-64'):
    return 'Microsoft-ASR_UA_%s_%s_GA_20Sep2025_release.tar.gz' % (version, tag)


@pytest.fixture
def facts(monkeypatch):
    """The facts the module sees; RHEL 8.6 x86_64 unless a test changes them."""
    current = dict(RHEL8)
    monkeypatch.setattr(mobility_agent, 'host_facts', lambda module: current)
    return current


@pytest.fixture
def installer(tmp_path):
    """An (empty) vendor tarball on the host; call it for another name."""
    def make(version=VERSION, tag='RHEL8-64', name=None):
        path = tmp_path / (name or tarball_name(version, tag))
        path.write_text('')
        return str(path)
    return make


@pytest.fixture
def vendor(harness):
    """A run_command handler behaving like tar and the vendor's tools on the fake host."""
    state = {'workdirs': [], 'package_version': VERSION, 'install_rc': 0, 'uninstall_removes': True,
             'upgrade_rc': 98}

    def handler(call):
        cmd, kwargs = call['cmd'], call['kwargs']
        if cmd[0] == 'tar':
            workdir = cmd[cmd.index('-C') + 1]
            assert os.path.isdir(workdir)
            state['workdirs'].append((workdir, stat.S_IMODE(os.stat(workdir).st_mode)))
            return 0, '', ''
        if cmd[0] == './install':
            assert kwargs.get('cwd') == state['workdirs'][-1][0]
            if state['install_rc'] != 0:
                harness.host.write(agent.INSTALL_LOG, 'Installing\nERROR: kernel 4.18.0-999 is not supported\n')
                return state['install_rc'], 'Installing Mobility Service\n', 'ERROR: unsupported kernel\n'
            before = agent.read_state()
            cs_type = cmd[cmd.index('-c') + 1] if '-c' in cmd else before['cs_type']
            if '-d' in cmd:  # the vendor's rule: any folder but the default gets an ASR subfolder
                folder = cmd[cmd.index('-d') + 1]
                vx_dir = (folder if folder == '/usr/local/ASR' else folder + '/ASR') + '/Vx'
            else:
                vx_dir = before['vx_dir']
            harness.host.install(version=state['package_version'], vx_dir=vx_dir, cs_type=cs_type)
            if before['installed']:  # the vendor's installer ends every successful upgrade with 98
                return state['upgrade_rc'], 'Upgrade succeeded but requires a restart\n', ''
            return 0, 'Installation completed\n', ''
        if cmd[0].endswith('/uninstall.sh'):
            if state['uninstall_removes']:
                harness.host.uninstall()
            return 0, 'Uninstalled\n', ''
        raise AssertionError('unexpected command %r' % (cmd,))

    harness.runner.handler = handler
    return state


# --- install -----------------------------------------------------------------

def test_install_on_a_clean_host(harness, facts, installer, vendor):
    tarball = installer()
    result = harness.exit(mobility_agent.main, {'installer': tarball})

    workdir, mode = vendor['workdirs'][0]
    assert mode == 0o700
    assert harness.runner.commands == [
        ['tar', '-xzf', tarball, '-C', workdir],
        ['./install', '-r', 'MS', '-v', 'VmWare', '-d', '/usr/local/ASR', '-q', '-c', 'CSLegacy'],
    ]
    assert harness.runner.calls[1]['kwargs']['cwd'] == workdir
    assert not os.path.exists(workdir)
    assert harness.leftovers() == []

    assert result['changed'] is True
    assert result['action'] == 'install'
    assert result['reason'] == 'the agent is not installed'
    assert result['version'] == VERSION
    assert result['previous_version'] is None
    assert result['build_tag'] == 'RELEASE_%s_GA_7567_Sep_20_2025_INMAGE' % VERSION
    assert result['os_built_for'] == 'RHEL8-64'
    assert result['install_dir'] == '/usr/local/ASR'
    assert result['diff'] == {'before': 'version: None\n', 'after': 'version: %s\n' % VERSION}
    assert result['package'] == {'file': tarball_name(), 'version': VERSION, 'tag': 'RHEL8-64',
                                 'date': '20Sep2025', 'kind': 'tar.gz'}


def test_install_with_options(harness, facts, installer, vendor):
    result = harness.exit(mobility_agent.main, {
        'installer': installer(), 'role': 'MT', 'platform': 'Azure', 'install_dir': '/opt/asr', 'cs_type': 'CSPrime'})
    assert harness.runner.commands[1] == [
        './install', '-r', 'MT', '-v', 'Azure', '-d', '/opt/asr', '-q', '-c', 'CSPrime']
    assert result['install_dir'] == '/opt/asr/ASR'  # the vendor's installer adds ASR to any folder but the default
    assert result['changed'] is True


def test_install_completes_an_interrupted_install(harness, facts, installer, vendor):
    harness.host.vx_version(INSTALLATION_DIR='/usr/local/ASR/Vx')
    result = harness.exit(mobility_agent.main, {'installer': installer()})
    assert [cmd[0] for cmd in harness.runner.commands] == ['tar', './install']
    assert result['action'] == 'install'
    assert 'did not complete' in result['reason']
    assert result['version'] == VERSION
    assert result['previous_version'] is None


def test_present_when_installed_does_nothing(harness, facts, installer, vendor):
    harness.host.install(version=VERSION, status='Succeeded', cs_address='10.0.0.5')
    result = harness.exit(mobility_agent.main, {'installer': installer(NEWER)})
    assert harness.runner.calls == []
    assert result['changed'] is False
    assert result['action'] == 'none'
    assert result['version'] == VERSION
    assert result['previous_version'] == VERSION
    assert 'diff' not in result


def test_latest_with_the_same_version_does_nothing(harness, facts, installer, vendor):
    harness.host.install(version=VERSION)
    result = harness.exit(mobility_agent.main, {'installer': installer(VERSION), 'state': 'latest'})
    assert harness.runner.calls == []
    assert result['changed'] is False


@pytest.mark.parametrize('installed_cs_type, param_cs_type, expected', [
    ('CSLegacy', 'CSLegacy', ['./install', '-q', '-v', 'VmWare']),
    ('CSPrime', 'CSLegacy', ['./install', '-q', '-r', 'MS', '-v', 'VmWare', '-a', 'Upgrade', '-c', 'CSPrime']),
    ('CSLegacy', 'CSPrime', ['./install', '-q', '-v', 'VmWare']),
    # neither drscout.conf's CSType nor the platform file: the installer takes the agent for classic
    (None, 'CSPrime', ['./install', '-q', '-v', 'VmWare']),
])
def test_latest_with_a_newer_package_upgrades(harness, facts, installer, vendor, installed_cs_type, param_cs_type,
                                              expected):
    harness.host.install(version=VERSION, cs_type=installed_cs_type)
    vendor['package_version'] = NEWER
    tarball = installer(NEWER)
    result = harness.exit(mobility_agent.main, {'installer': tarball, 'state': 'latest', 'cs_type': param_cs_type})
    workdir = vendor['workdirs'][0][0]
    assert harness.runner.commands == [['tar', '-xzf', tarball, '-C', workdir], expected]
    assert harness.runner.calls[1]['kwargs']['cwd'] == workdir
    assert not os.path.exists(workdir)
    assert result['changed'] is True
    assert result['action'] == 'upgrade'
    assert result['version'] == NEWER
    assert result['previous_version'] == VERSION
    assert result['diff'] == {'before': 'version: %s\n' % VERSION, 'after': 'version: %s\n' % NEWER}
    # 98, the vendor's code for every successful upgrade, is success with a restart recommended
    assert result['restart_recommended'] is True
    assert any('restart of the machine is recommended' in message for message in harness.warnings)


@pytest.mark.parametrize('rc', [0, 98, 209])
def test_upgrade_succeeds_with_the_vendors_success_codes(harness, facts, installer, vendor, rc):
    harness.host.install(version=VERSION)
    vendor['package_version'] = NEWER
    vendor['upgrade_rc'] = rc
    result = harness.exit(mobility_agent.main, {'installer': installer(NEWER), 'state': 'latest'})
    assert result['changed'] is True and result['version'] == NEWER
    assert result['restart_recommended'] is (rc != 0)


def test_failure_97_carries_the_installers_error_details(harness, facts, installer, vendor):
    vendor['install_rc'] = 97
    old = harness.host.write(agent.INSTALLER_ERRORS, '{"Errors": ["from an earlier run"]}')
    os.utime(old, (1000, 1000))

    def failing(call):
        if call['cmd'][0] == './install':
            harness.host.write(agent.INSTALLER_ERRORS, '{"Errors": [{"Message": "not enough space in /usr/local"}]}')
            return 97, '', 'ERROR: installation failed\n'
        return 0, '', ''
    harness.runner.handler = failing
    result = harness.fail(mobility_agent.main, {'installer': installer()})
    assert result['rc'] == 97
    assert 'failed with errors (exit code 97)' in result['msg']
    assert 'not enough space in /usr/local' in result['msg'] and 'earlier run' not in result['msg']


def test_a_fresh_install_never_takes_209_for_success(harness, facts, installer, vendor):
    harness.runner.handler = lambda call: (0, '', '') if call['cmd'][0] == 'tar' else (209, '', '')
    result = harness.fail(mobility_agent.main, {'installer': installer()})
    assert result['rc'] == 209


def test_install_dir_means_what_the_vendors_d_means(harness, facts, installer, vendor):
    result = harness.exit(mobility_agent.main, {'installer': installer(), 'install_dir': '/opt'})
    assert harness.runner.commands[1][harness.runner.commands[1].index('-d') + 1] == '/opt'
    assert result['install_dir'] == '/opt/ASR'
    # the installed agent is found from its state file, whatever install_dir says now
    again = harness.exit(mobility_agent.main, {'installer': installer(), 'install_dir': '/elsewhere'})
    assert again['changed'] is False and again['install_dir'] == '/opt/ASR'


def test_latest_with_an_older_package_is_refused(harness, facts, installer, vendor):
    harness.host.install(version=VERSION)
    result = harness.fail(mobility_agent.main, {'installer': installer(OLDER), 'state': 'latest'})
    assert harness.runner.calls == []
    assert 'downgrade' in result['msg']
    assert VERSION in result['msg'] and OLDER in result['msg']
    assert result['previous_version'] == VERSION
    assert result['package']['version'] == OLDER


# --- refusals before anything runs -------------------------------------------

def test_installer_for_another_os_is_refused(harness, facts, installer, vendor):
    result = harness.fail(mobility_agent.main, {'installer': installer(tag='UBUNTU-20.04-64')})
    assert harness.runner.calls == []
    assert 'UBUNTU-20.04-64' in result['msg'] and 'RHEL8-64' in result['msg']
    assert 'RedHat 8.6' in result['msg']
    assert 'nothing was changed' in result['msg']
    assert result['host_tag'] == 'RHEL8-64'
    assert result['package']['tag'] == 'UBUNTU-20.04-64'


def test_installer_for_another_os_is_refused_even_when_installed(harness, facts, installer, vendor):
    harness.host.install(version=VERSION)
    result = harness.fail(mobility_agent.main, {'installer': installer(NEWER, tag='RHEL7-64'), 'state': 'latest'})
    assert harness.runner.calls == []
    assert 'RHEL7-64' in result['msg'] and 'RHEL8-64' in result['msg']


@pytest.mark.parametrize('name', [
    'mobility-agent.tar.gz',
    'Microsoft-ASR_UA_9.66.7567.1_RHEL8-64_GA_20Sep2025_release.zip',
    'Microsoft-ASR_UA_9.66.7567.1_Windows_GA_20Sep2025_release.exe',
    'Microsoft-ASR_UA_9.66.7567.1_RHEL8-64_GA_20Foo2025_release.tar.gz',
])
def test_badly_named_installer_is_refused(harness, facts, installer, vendor, name):
    path = installer(name=name)
    result = harness.fail(mobility_agent.main, {'installer': path})
    assert harness.runner.calls == []
    assert result['msg'].startswith('installer %s is not a Linux Mobility Service tarball' % path)


def test_missing_installer_is_refused(harness, facts, tmp_path, vendor):
    path = str(tmp_path / tarball_name())
    result = harness.fail(mobility_agent.main, {'installer': path})
    assert harness.runner.calls == []
    assert result['msg'] == 'installer %s does not exist on the host' % path


def test_unsupported_host_is_refused(harness, facts, installer, vendor):
    facts.update(architecture='aarch64', machine='aarch64', userspace_architecture='aarch64')
    result = harness.fail(mobility_agent.main, {'installer': installer()})
    assert harness.runner.calls == []
    assert result['msg'].startswith('this host is not supported: ')
    assert 'aarch64' in result['msg']


@pytest.mark.parametrize('state', ['present', 'latest'])
def test_installer_is_required_unless_absent(harness, facts, vendor, state):
    result = harness.fail(mobility_agent.main, {'state': state})
    assert 'installer' in result['msg']
    assert harness.runner.calls == []


# --- failures ----------------------------------------------------------------

def test_failing_installer_reports_exit_code_and_log(harness, facts, installer, vendor):
    vendor['install_rc'] = 3
    result = harness.fail(mobility_agent.main, {'installer': installer()})
    workdir = vendor['workdirs'][0][0]
    assert not os.path.exists(workdir)
    assert harness.leftovers() == []
    assert result['rc'] == 3
    assert result['msg'].startswith('The installer exited with code 3')
    assert 'ERROR: unsupported kernel' in result['msg']
    assert 'Last lines of /var/log/ua_install.log:\nInstalling\nERROR: kernel 4.18.0-999 is not supported' in result['msg']
    assert result['cmd'] == './install -r MS -v VmWare -d /usr/local/ASR -q -c CSLegacy'
    assert result['stderr'] == 'ERROR: unsupported kernel\n'


def test_installer_killed_by_a_signal(harness, facts, installer, vendor):
    vendor['install_rc'] = -9
    result = harness.fail(mobility_agent.main, {'installer': installer()})
    assert 'killed by signal 9' in result['msg']
    assert result['rc'] == -9


def test_failing_extraction_stops_before_the_installer(harness, facts, installer):
    harness.runner.handler = lambda call: (2, '', 'gzip: stdin: not in gzip format\n')
    tarball = installer()
    result = harness.fail(mobility_agent.main, {'installer': tarball})
    assert [cmd[0] for cmd in harness.runner.commands] == ['tar']
    assert result['msg'] == 'extracting %s failed: gzip: stdin: not in gzip format' % tarball
    assert result['rc'] == 2
    assert harness.leftovers() == []


def test_installer_exiting_zero_without_installing_fails(harness, facts, installer):
    harness.runner.handler = lambda call: (0, '', '')
    harness.host.write(agent.INSTALL_LOG, 'Prerequisite check skipped\n')
    result = harness.fail(mobility_agent.main, {'installer': installer()})
    assert result['msg'].startswith('the installer exited with 0 but version no is installed, not %s' % VERSION)
    assert 'Prerequisite check skipped' in result['msg']
    assert result['version'] is None


def test_upgrade_exiting_zero_without_upgrading_fails(harness, facts, installer, vendor):
    harness.host.install(version=VERSION)
    vendor['package_version'] = VERSION  # the installer leaves the old version in place
    result = harness.fail(mobility_agent.main, {'installer': installer(NEWER), 'state': 'latest'})
    assert 'version %s is installed, not %s' % (VERSION, NEWER) in result['msg']
    assert result['version'] == VERSION


# --- check mode --------------------------------------------------------------

def test_check_mode_install_runs_nothing(harness, facts, installer, vendor):
    result = harness.exit(mobility_agent.main, {'installer': installer()}, check_mode=True)
    assert harness.runner.calls == []
    assert harness.leftovers() == []
    assert not harness.host.exists(agent.VX_VERSION_FILE)
    assert result['changed'] is True
    assert result['action'] == 'install'
    assert result['version'] == VERSION
    assert result['previous_version'] is None
    assert result['diff'] == {'before': 'version: None\n', 'after': 'version: %s\n' % VERSION}


def test_check_mode_install_predicts_the_requested_directory(harness, facts, installer, vendor):
    result = harness.exit(mobility_agent.main, {'installer': installer(), 'install_dir': '/opt/asr'}, check_mode=True)
    assert harness.runner.calls == []
    assert result['install_dir'] == '/opt/asr/ASR'
    assert result['action'] == 'install'


def test_check_mode_upgrade_runs_nothing(harness, facts, installer, vendor):
    harness.host.install(version=VERSION)
    result = harness.exit(mobility_agent.main, {'installer': installer(NEWER), 'state': 'latest'}, check_mode=True)
    assert harness.runner.calls == []
    assert result['changed'] is True
    assert result['action'] == 'upgrade'
    assert result['version'] == NEWER
    assert result['previous_version'] == VERSION
    assert agent.read_state()['version'] == VERSION


def test_check_mode_uninstall_runs_nothing(harness, facts, vendor):
    harness.host.install(version=VERSION)
    result = harness.exit(mobility_agent.main, {'state': 'absent'}, check_mode=True)
    assert harness.runner.calls == []
    assert result['changed'] is True
    assert result['action'] == 'uninstall'
    assert result['version'] is None
    assert result['previous_version'] == VERSION
    assert harness.host.exists(agent.VX_VERSION_FILE)


# --- uninstall ---------------------------------------------------------------

@pytest.mark.parametrize('vx_dir, install_dir', [('/usr/local/ASR/Vx', '/usr/local/ASR'), ('/opt/asr/Vx', '/opt/asr')])
def test_absent_uninstalls(harness, facts, vendor, vx_dir, install_dir):
    harness.host.install(version=VERSION, vx_dir=vx_dir, status='Succeeded', cs_address='10.0.0.5')
    result = harness.exit(mobility_agent.main, {'state': 'absent'})
    assert harness.runner.commands == [[install_dir + '/uninstall.sh', '-Y']]
    assert harness.runner.calls[0]['kwargs']['cwd'] == install_dir
    assert result['changed'] is True
    assert result['action'] == 'uninstall'
    assert result['version'] is None
    assert result['previous_version'] == VERSION
    assert result['diff'] == {'before': 'version: %s\n' % VERSION, 'after': 'version: None\n'}
    assert 'package' not in result


def test_absent_when_nothing_is_installed(harness, facts, vendor):
    result = harness.exit(mobility_agent.main, {'state': 'absent'})
    assert harness.runner.calls == []
    assert result['changed'] is False
    assert result['action'] == 'none'
    assert result['version'] is None


def test_absent_removes_an_interrupted_install(harness, facts, vendor):
    harness.host.vx_version(INSTALLATION_DIR='/opt/asr/Vx')
    result = harness.exit(mobility_agent.main, {'state': 'absent'})
    assert harness.runner.commands == [['/opt/asr/uninstall.sh', '-Y']]
    assert result['changed'] is True


def test_absent_fails_when_the_agent_is_still_there(harness, facts, vendor):
    harness.host.install(version=VERSION)
    vendor['uninstall_removes'] = False
    result = harness.fail(mobility_agent.main, {'state': 'absent'})
    assert result['msg'] == 'the uninstaller finished but /usr/local/.vx_version is still there'
    assert result['version'] == VERSION


def test_failing_uninstaller(harness, facts):
    harness.host.install(version=VERSION)
    harness.host.write(agent.INSTALL_LOG, 'Stopping services\nfailed to unload the driver\n')
    harness.runner.handler = lambda call: (1, '', 'driver busy\n')
    result = harness.fail(mobility_agent.main, {'state': 'absent'})
    assert result['rc'] == 1
    assert result['msg'].startswith('The uninstaller exited with code 1')
    assert 'driver busy' in result['msg']
    assert 'failed to unload the driver' in result['msg']


def test_an_installer_that_hangs_is_stopped_and_reported(harness, facts, installer, vendor):
    tarball = installer()

    def hanging(call):
        if call['cmd'][0] == 'tar':
            return 0, '', ''
        harness.host.write(agent.INSTALL_LOG, 'Installing\nstarting services\n')
        return TIMED_OUT, 'Installing Mobility Service\n', ''

    harness.runner.handler = hanging
    result = harness.fail(mobility_agent.main, {'installer': tarball, 'timeout': 30})
    assert result['timed_out'] is True
    assert 'The installer did not finish within 30 seconds' in result['msg']
    assert 'starting services' in result['msg']  # the log's tail
    assert harness.runner.calls[1]['kwargs']['timeout'] == 30
    assert harness.leftovers() == []  # the extraction directory is gone


def test_a_damaged_version_file_is_refused_before_anything_runs(harness, facts, installer, vendor):
    harness.host.write(agent.VX_VERSION_FILE, 'PROD_VERSION=9.66.7567.1\n\x00\x00garbage\n')
    result = harness.fail(mobility_agent.main, {'installer': installer()})
    assert 'damaged' in result['msg'] and 'binary data' in result['msg']
    assert harness.runner.calls == []
