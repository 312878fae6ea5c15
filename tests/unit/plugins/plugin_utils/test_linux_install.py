# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""mobility_agent on Linux: install, upgrade and uninstall by
linux_agent.install, its shell scripts run against a fake host root with a
fake vendor installer (what the module tests checked through main())."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import time

import pytest

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.siterecovery.mobility.plugins.action import mobility_agent as action
from ansible_collections.siterecovery.mobility.plugins.module_utils import agent, agent_specs
from ansible_collections.siterecovery.mobility.plugins.plugin_utils import linux_agent
from ansible_collections.siterecovery.mobility.plugins.plugin_utils.linux_agent import HostFailure
from ansible_collections.siterecovery.mobility.tests.unit.plugins.plugin_utils.linux_fakes import (
    NEWER, OLDER, VERSION, installer_on_host, lines_of, nothing_left, run_action, tarball_name, uninstaller)

INSTALL_ARGS = ['-r', 'MS', '-v', 'VmWare', '-d', '/usr/local/ASR', '-q', '-c', 'CSLegacy']


def params(**values):
    """The options as the action hands them over (the spec's defaults)."""
    base = dict(installer=None, src=None, checksum=None, staging_dir='/var/tmp', state='present', role='MS',
                platform='VmWare', install_dir='/usr/local/ASR', cs_type='CSLegacy', timeout=60, mask=[])
    base.update(values)
    return base


def install(host, check_mode=False, **values):
    return linux_agent.install(host, params(**values), check_mode=check_mode)


def fail(host, check_mode=False, grace=linux_agent.GRACE, **values):
    """The HostFailure of a run (its message and fields)."""
    with pytest.raises(HostFailure) as info:
        linux_agent.install(host, params(**values), check_mode=check_mode, grace=grace)
    return info.value


def only_probed(fake, host):
    """Only the read-only probe ran: no installer, uninstaller, transfer or private folder."""
    return (len(host.scripts) == 1 and host.puts == [] and os.listdir(fake.path('/var/tmp')) == []
            and not fake.exists('/install-args') and not fake.exists('/uninstall-args'))


def workdir_of(fake):
    return fake.read('/install-cwd').strip()


# --- install -----------------------------------------------------------------

def test_install_on_a_clean_host(fake, host):
    path = installer_on_host(fake)
    result, warnings = install(host, installer=path)

    workdir = workdir_of(fake)
    # a private folder (0700, of the run's own) under staging_dir, the package extracted into it
    assert os.path.dirname(os.path.dirname(workdir)) == fake.path('/var/tmp')
    assert fake.read('/install-cwd-mode').strip() == '700'
    assert lines_of(fake, '/install-args') == INSTALL_ARGS
    assert not os.path.exists(workdir)
    assert nothing_left(fake, host) and warnings == []

    assert result['changed'] is True
    assert result['action'] == 'install'
    assert result['reason'] == 'the agent is not installed'
    assert result['version'] == VERSION
    assert result['previous_version'] is None
    assert result['build_tag'] == 'RELEASE_%s_GA_7567_Sep_20_2025_INMAGE' % VERSION
    assert result['os_built_for'] == 'RHEL8-64'
    assert result['install_dir'] == '/usr/local/ASR'
    assert result['restart_recommended'] is False
    assert result['diff'] == {'before': 'version: None\n', 'after': 'version: %s\n' % VERSION}
    assert result['package'] == {'file': tarball_name(), 'version': VERSION, 'tag': 'RHEL8-64',
                                 'date': '20Sep2025', 'kind': 'tar.gz'}


def test_install_with_options(fake, host):
    result, dummy = install(host, installer=installer_on_host(fake), role='MT', platform='Azure',
                            install_dir='/opt/asr', cs_type='CSPrime')
    assert lines_of(fake, '/install-args') == ['-r', 'MT', '-v', 'Azure', '-d', '/opt/asr', '-q', '-c', 'CSPrime']
    assert result['install_dir'] == '/opt/asr/ASR'  # the vendor's installer adds ASR to any folder but the default
    assert result['changed'] is True


def test_install_completes_an_interrupted_install(fake, host):
    fake.vx_version(INSTALLATION_DIR='/usr/local/ASR/Vx')
    result, dummy = install(host, installer=installer_on_host(fake))
    assert lines_of(fake, '/install-args') == INSTALL_ARGS
    assert result['action'] == 'install'
    assert 'did not complete' in result['reason']
    assert result['version'] == VERSION
    assert result['previous_version'] is None


def test_present_when_installed_does_nothing(fake, host):
    fake.install(version=VERSION, status='Succeeded', cs_address='127.0.0.5')
    result, dummy = install(host, installer=installer_on_host(fake, NEWER))
    assert only_probed(fake, host)
    assert result['changed'] is False
    assert result['action'] == 'none'
    assert result['version'] == VERSION
    assert result['previous_version'] == VERSION
    assert 'diff' not in result


def test_latest_with_the_same_version_does_nothing(fake, host):
    fake.install(version=VERSION)
    result, dummy = install(host, installer=installer_on_host(fake, VERSION), state='latest')
    assert only_probed(fake, host)
    assert result['changed'] is False


@pytest.mark.parametrize('installed_cs_type, param_cs_type, expected', [
    ('CSLegacy', 'CSLegacy', ['-q', '-v', 'VmWare']),
    ('CSPrime', 'CSLegacy', ['-q', '-r', 'MS', '-v', 'VmWare', '-a', 'Upgrade', '-c', 'CSPrime']),
    ('CSLegacy', 'CSPrime', ['-q', '-v', 'VmWare']),
    # neither drscout.conf's CSType nor the platform file: the installer takes the agent for classic
    (None, 'CSPrime', ['-q', '-v', 'VmWare']),
])
def test_latest_with_a_newer_package_upgrades(fake, host, installed_cs_type, param_cs_type, expected):
    fake.install(version=VERSION, cs_type=installed_cs_type)
    result, warnings = install(host, installer=installer_on_host(fake, NEWER, version=NEWER), state='latest',
                               cs_type=param_cs_type)
    workdir = workdir_of(fake)
    assert lines_of(fake, '/install-args') == expected
    assert os.path.dirname(os.path.dirname(workdir)) == fake.path('/var/tmp')
    assert not os.path.exists(workdir) and nothing_left(fake, host)
    assert result['changed'] is True
    assert result['action'] == 'upgrade'
    assert result['version'] == NEWER
    assert result['previous_version'] == VERSION
    assert result['diff'] == {'before': 'version: %s\n' % VERSION, 'after': 'version: %s\n' % NEWER}
    # 98, the vendor's code for every successful upgrade, is success with a restart recommended
    assert result['restart_recommended'] is True
    assert any('restart of the machine is recommended' in message for message in warnings)


@pytest.mark.parametrize('rc', [0, 98, 209])
def test_upgrade_succeeds_with_the_vendors_success_codes(fake, host, rc):
    fake.install(version=VERSION)
    result, warnings = install(host, installer=installer_on_host(fake, NEWER, version=NEWER, upgrade_rc=rc),
                               state='latest')
    assert result['changed'] is True and result['version'] == NEWER
    assert result['restart_recommended'] is (rc != 0)
    assert (len(warnings) == 1 and '(exit code %d)' % rc in warnings[0]) if rc else warnings == []


def test_failure_97_carries_the_installers_error_details(fake, host):
    old = fake.write(agent.INSTALLER_ERRORS, '{"Errors": ["from an earlier run"]}')
    os.utime(old, (1000, 1000))
    body = '''printf '{"Errors": [{"Message": "not enough space in /usr/local"}]}' >"$R/var/log/InstallerErrors.json"
echo 'ERROR: installation failed' >&2'''
    failure = fail(host, installer=installer_on_host(fake, rc=97, body=body))
    assert failure.fields['rc'] == 97
    assert 'failed with errors (exit code 97)' in failure.msg
    assert 'not enough space in /usr/local' in failure.msg and 'earlier run' not in failure.msg


@pytest.mark.parametrize('rc, words', [
    (96, 'rejected its command-line options (exit code 96)'),
    (11, 'refused: an upgrade from the installed version is not supported (exit code 11)'),
    (15, 'refused a downgrade (exit code 15)'),
])
def test_the_vendors_failure_codes_are_explained(fake, host, rc, words):
    failure = fail(host, installer=installer_on_host(fake, rc=rc))
    assert failure.fields['rc'] == rc
    assert failure.msg.startswith('The installer %s.' % words)


def test_a_fresh_install_never_takes_209_for_success(fake, host):
    failure = fail(host, installer=installer_on_host(fake, rc=209))
    assert failure.fields['rc'] == 209


def test_install_dir_means_what_the_vendors_d_means(fake, host):
    path = installer_on_host(fake)
    result, dummy = install(host, installer=path, install_dir='/opt')
    args = lines_of(fake, '/install-args')
    assert args[args.index('-d') + 1] == '/opt'
    assert result['install_dir'] == '/opt/ASR'
    # the installed agent is found from its state file, whatever install_dir says now
    again, dummy = install(host, installer=path, install_dir='/elsewhere')
    assert again['changed'] is False and again['install_dir'] == '/opt/ASR'


def test_latest_with_an_older_package_is_refused(fake, host):
    fake.install(version=VERSION)
    failure = fail(host, installer=installer_on_host(fake, OLDER), state='latest')
    assert only_probed(fake, host)
    assert 'downgrade' in failure.msg
    assert VERSION in failure.msg and OLDER in failure.msg
    assert failure.fields['previous_version'] == VERSION
    assert failure.fields['package']['version'] == OLDER


# --- refusals before anything runs -------------------------------------------

def test_installer_for_another_os_is_refused(fake, host):
    failure = fail(host, installer=installer_on_host(fake, tag='UBUNTU-20.04-64'))
    assert only_probed(fake, host)
    assert 'UBUNTU-20.04-64' in failure.msg and 'RHEL8-64' in failure.msg
    assert 'RedHat 8.6' in failure.msg
    assert 'nothing was changed' in failure.msg
    assert failure.fields['host_tag'] == 'RHEL8-64'
    assert failure.fields['package']['tag'] == 'UBUNTU-20.04-64'


def test_installer_for_another_os_is_refused_even_when_installed(fake, host):
    fake.install(version=VERSION)
    failure = fail(host, installer=installer_on_host(fake, NEWER, tag='RHEL7-64'), state='latest')
    assert only_probed(fake, host)
    assert 'RHEL7-64' in failure.msg and 'RHEL8-64' in failure.msg


@pytest.mark.parametrize('name', [
    'mobility-agent.tar.gz',
    'Microsoft-ASR_UA_9.66.7567.1_RHEL8-64_GA_20Sep2025_release.zip',
    'Microsoft-ASR_UA_9.66.7567.1_Windows_GA_20Sep2025_release.exe',
    'Microsoft-ASR_UA_9.66.7567.1_RHEL8-64_GA_20Foo2025_release.tar.gz',
])
def test_badly_named_installer_is_refused(fake, host, name):
    path = installer_on_host(fake, name=name)
    failure = fail(host, installer=path)
    assert only_probed(fake, host)
    assert failure.msg.startswith('installer %s is not a Linux Mobility Service tarball' % path)


def test_missing_installer_is_refused(fake, host):
    path = '/root/' + tarball_name()
    failure = fail(host, installer=path)
    assert only_probed(fake, host)
    assert failure.msg == 'installer %s does not exist on the host' % path


def test_unsupported_host_is_refused(fake, host):
    # `uname -m` answers aarch64 (a shell function before the scripts stands for the host's uname)
    host.fake_command('uname', 'if [ "$1" = -m ]; then echo aarch64; else command uname "$@"; fi')
    failure = fail(host, installer=installer_on_host(fake))
    assert only_probed(fake, host)
    assert failure.msg.startswith('this host is not supported: ')
    assert 'aarch64' in failure.msg


@pytest.mark.parametrize('state', ['present', 'latest'])
def test_installer_is_required_unless_absent(state):
    result = ArgumentSpecValidator(**agent_specs.AGENT).validate({'state': state})
    assert 'installer' in result.errors.msg


@pytest.mark.parametrize('state', ['present', 'latest'])
def test_the_action_refuses_a_task_without_installer_before_connecting(state):
    result, connection = run_action(action, {'state': state})
    assert result['failed'] is True and 'installer' in result['msg']
    assert connection.mock_calls == []


@pytest.mark.parametrize('args, fragment', [
    ({'installer': '/root/a.tar.gz', 'src': 'a.tar.gz'}, 'mutually exclusive'),
    ({'installer': '/root/a.tar.gz', 'checksum': '0' * 64}, 'src'),
    ({'state': 'absent', 'role': 'XX'}, 'role'),
])
def test_other_argument_rules(args, fragment):
    result = ArgumentSpecValidator(**agent_specs.AGENT).validate(args)
    assert fragment in result.errors.msg


def test_absent_needs_no_installer():
    result = ArgumentSpecValidator(**agent_specs.AGENT).validate({'state': 'absent'})
    assert result.errors.errors == []
    assert result.validated_parameters['install_dir'] == agent.DEFAULT_INSTALL_DIR
    assert result.validated_parameters['timeout'] == agent.DEFAULT_TIMEOUT


# --- failures ----------------------------------------------------------------

def test_failing_installer_reports_exit_code_and_log(fake, host):
    failure = fail(host, installer=installer_on_host(fake, rc=3))
    assert not os.path.exists(workdir_of(fake))
    assert nothing_left(fake, host)
    assert failure.fields['rc'] == 3
    assert failure.msg.startswith('The installer exited with code 3')
    assert 'ERROR: unsupported kernel' in failure.msg
    assert 'Last lines of /var/log/ua_install.log:\nInstalling\nERROR: kernel 4.18.0-999 is not supported' \
        in failure.msg
    assert failure.fields['cmd'] == './install -r MS -v VmWare -d /usr/local/ASR -q -c CSLegacy'
    assert failure.fields['stderr'] == 'ERROR: unsupported kernel\n'


def test_installer_killed_by_a_signal(fake, host):
    # the shell reports a death by signal 9 as 128 + 9 (Python's run_command said -9)
    failure = fail(host, installer=installer_on_host(fake, rc=0, body='kill -9 $$'))
    assert 'killed by signal 9' in failure.msg
    assert failure.fields['rc'] == 137


def test_failing_extraction_stops_before_the_installer(fake, host):
    path = '/root/' + tarball_name()
    fake.write(path, 'this is not a gzip file\n')
    failure = fail(host, installer=path)
    assert not fake.exists('/install-args')
    assert failure.msg.startswith('extracting %s failed: ' % path)
    assert 'not in gzip format' in failure.msg
    assert failure.fields['rc'] == 2
    assert nothing_left(fake, host)


def test_failing_extraction_of_a_transferred_installer_names_the_file(fake, host, tmp_path):
    src = tmp_path / tarball_name()
    src.write_text('this is not a gzip file\n')
    failure = fail(host, src=str(src))
    assert failure.msg.startswith('extracting %s failed: ' % tarball_name())  # the controller's path means nothing there
    assert not fake.exists('/install-args') and nothing_left(fake, host)


def test_secrets_an_earlier_configurator_left_in_the_log_are_masked(fake, host):
    # a configurator that repeated its config.json wrote it into the log this installer's failure shows
    key = 'Srm-Appliance-Key-Q7d2vX9p'
    config = '{\n  "ApplianceIp": "192.168.1.20",\n  "Key": "%s"\n}\n' % key
    fake.write(agent.INSTALL_LOG, 'configurator: cannot use %s\nkey=%s\n' % (config.replace('\n', ' '), key))
    failure = fail(host, installer=installer_on_host(fake, rc=1, body='echo "retrying with %s"' % key),
                   mask=[config, 'a-passphrase-0x1'])
    assert 'retrying with ********' in failure.msg and 'key=********' in failure.msg
    assert key not in failure.msg and key not in json.dumps(failure.fields)


def test_installer_exiting_zero_without_installing_fails(fake, host):
    fake.write(agent.INSTALL_LOG, 'Prerequisite check skipped\n')
    failure = fail(host, installer=installer_on_host(fake, installs=False))
    assert failure.msg.startswith('the installer exited with 0 but version no is installed, not %s' % VERSION)
    assert 'Prerequisite check skipped' in failure.msg
    assert failure.fields['version'] is None


def test_the_installed_version_is_compared_numerically_with_the_package(fake, host):
    # a package named 9.67 that leaves PROD_VERSION=9.67.0.0 installed what it was asked to
    result, warnings = install(host, installer=installer_on_host(fake, '9.67', version='9.67.0.0'))
    assert result['changed'] is True and result['version'] == '9.67.0.0'


def test_upgrade_exiting_zero_without_upgrading_fails(fake, host):
    fake.install(version=VERSION)
    # the installer leaves the old version in place
    failure = fail(host, installer=installer_on_host(fake, NEWER, version=VERSION), state='latest')
    assert 'version %s is installed, not %s' % (VERSION, NEWER) in failure.msg
    assert failure.fields['version'] == VERSION


# --- check mode --------------------------------------------------------------

def test_check_mode_install_runs_nothing(fake, host):
    result, dummy = install(host, check_mode=True, installer=installer_on_host(fake))
    assert only_probed(fake, host)
    assert not fake.exists(agent.VX_VERSION_FILE)
    assert result['changed'] is True
    assert result['action'] == 'install'
    assert result['version'] == VERSION
    assert result['previous_version'] is None
    assert result['diff'] == {'before': 'version: None\n', 'after': 'version: %s\n' % VERSION}


def test_check_mode_install_predicts_the_requested_directory(fake, host):
    result, dummy = install(host, check_mode=True, installer=installer_on_host(fake), install_dir='/opt/asr')
    assert only_probed(fake, host)
    assert result['install_dir'] == '/opt/asr/ASR'
    assert result['action'] == 'install'


def test_check_mode_upgrade_runs_nothing(fake, host):
    fake.install(version=VERSION)
    result, dummy = install(host, check_mode=True, installer=installer_on_host(fake, NEWER), state='latest')
    assert only_probed(fake, host)
    assert result['changed'] is True
    assert result['action'] == 'upgrade'
    assert result['version'] == NEWER
    assert result['previous_version'] == VERSION
    assert agent.read_state(fake.root)['version'] == VERSION


def test_check_mode_uninstall_runs_nothing(fake, host):
    fake.install(version=VERSION)
    uninstaller(fake)
    result, dummy = install(host, check_mode=True, state='absent')
    assert only_probed(fake, host)
    assert result['changed'] is True
    assert result['action'] == 'uninstall'
    assert result['version'] is None
    assert result['previous_version'] == VERSION
    assert fake.exists(agent.VX_VERSION_FILE)


def test_check_mode_through_the_action(fake, host, monkeypatch):
    uninstaller(fake)
    fake.install(version=VERSION)
    result, connection = run_action(action, {'state': 'absent'}, host=host, check_mode=True, monkeypatch=monkeypatch)
    assert result['changed'] is True and result['action'] == 'uninstall' and 'failed' not in result
    assert only_probed(fake, host) and connection.mock_calls == []


# --- uninstall ---------------------------------------------------------------

@pytest.mark.parametrize('vx_dir, install_dir', [('/usr/local/ASR/Vx', '/usr/local/ASR'), ('/opt/asr/Vx', '/opt/asr')])
def test_absent_uninstalls(fake, host, vx_dir, install_dir):
    fake.install(version=VERSION, vx_dir=vx_dir, status='Succeeded', cs_address='127.0.0.5')
    uninstaller(fake, install_dir)
    result, dummy = install(host, state='absent')
    assert lines_of(fake, '/uninstall-args') == ['-Y']
    assert fake.read('/uninstall-cwd').strip() == fake.path(install_dir)
    assert result['changed'] is True
    assert result['action'] == 'uninstall'
    assert result['version'] is None
    assert result['previous_version'] == VERSION
    assert result['diff'] == {'before': 'version: %s\n' % VERSION, 'after': 'version: None\n'}
    assert 'package' not in result
    assert nothing_left(fake, host)


def test_absent_when_nothing_is_installed(fake, host):
    uninstaller(fake)
    result, dummy = install(host, state='absent')
    assert only_probed(fake, host)
    assert result['changed'] is False
    assert result['action'] == 'none'
    assert result['version'] is None


def test_absent_removes_an_interrupted_install(fake, host):
    fake.vx_version(INSTALLATION_DIR='/opt/asr/Vx')
    uninstaller(fake, '/opt/asr')
    result, dummy = install(host, state='absent')
    assert lines_of(fake, '/uninstall-args') == ['-Y']
    assert fake.read('/uninstall-cwd').strip() == fake.path('/opt/asr')
    assert result['changed'] is True


def test_absent_fails_when_the_agent_is_still_there(fake, host):
    fake.install(version=VERSION)
    uninstaller(fake, removes=False)
    failure = fail(host, state='absent')
    assert failure.msg == 'the uninstaller finished but /usr/local/.vx_version is still there'
    assert failure.fields['version'] == VERSION


def test_failing_uninstaller(fake, host):
    fake.install(version=VERSION)
    fake.write(agent.INSTALL_LOG, 'Stopping services\nfailed to unload the driver\n')
    uninstaller(fake, removes=False, rc=1, stderr='driver busy\n')
    failure = fail(host, state='absent')
    assert failure.fields['rc'] == 1
    assert failure.msg.startswith('The uninstaller exited with code 1')
    assert 'driver busy' in failure.msg
    assert 'failed to unload the driver' in failure.msg


def test_an_installer_that_hangs_is_stopped_and_reported(fake, host):
    body = '''printf 'Installing\\nstarting services\\n' >"$R/var/log/ua_install.log"
echo 'Installing Mobility Service'
sleep 60'''
    started = time.time()
    failure = fail(host, installer=installer_on_host(fake, body=body), timeout=1, grace=1)
    assert time.time() - started < 20
    assert failure.fields['timed_out'] is True
    assert 'The installer did not finish within 1 seconds' in failure.msg
    assert 'Installing Mobility Service' in failure.msg  # its output
    assert 'starting services' in failure.msg  # the log's tail
    assert failure.fields['cmd'] == './install ' + ' '.join(INSTALL_ARGS)
    assert nothing_left(fake, host)  # the extraction folder is gone


# --- the staging folder: nobody but root can touch what is staged there ---------------------------------

NOBODY = 65534


@pytest.mark.parametrize('prepare, why', [
    # a local user made the folder first (it is theirs: they could swap the installer)
    (lambda path: os.chown(path, NOBODY, NOBODY), 'is owned by uid %d, not root' % NOBODY),
    # anyone may write there, and without the sticky bit anyone may rename root's folder in it
    (lambda path: os.chmod(path, 0o777), 'may be written by other users'),
    (lambda path: os.chmod(path, 0o775), 'may be written by other users'),
])
def test_a_staging_folder_other_users_control_is_refused_before_anything_runs(fake, host, tmp_path, prepare, why):
    if os.geteuid() != 0:
        pytest.skip('needs root to give the folder to another user')
    staging = fake.path('/srv/staging')
    os.makedirs(staging)
    prepare(staging)
    source = tmp_path / tarball_name()
    source.write_bytes(b'not used')
    failure = fail(host, installer=None, src=str(source), checksum='0' * 64, staging_dir='/srv/staging')
    assert failure.msg.startswith('the staging folder /srv/staging %s' % why), failure.msg
    assert 'mobility_service_staging_dir' in failure.msg
    assert os.listdir(staging) == [] and not fake.exists('/install-args')


def test_a_staging_folder_under_a_folder_another_user_controls_is_refused(fake, host, tmp_path):
    if os.geteuid() != 0:
        pytest.skip('needs root to give the folder to another user')
    os.makedirs(fake.path('/home/user/staging'))
    os.chown(fake.path('/home/user'), NOBODY, NOBODY)
    source = tmp_path / tarball_name()
    source.write_bytes(b'not used')
    failure = fail(host, installer=None, src=str(source), checksum='0' * 64, staging_dir='/home/user/staging')
    assert failure.msg.startswith('the staging folder /home/user/staging is under /home/user, which is owned by uid %d'
                                  % NOBODY), failure.msg


def test_a_sticky_world_writable_staging_folder_is_fine(fake, host):
    # /var/tmp and /tmp: anyone may create entries, nobody may rename or remove root's
    os.chmod(fake.path('/var/tmp'), 0o1777)
    result, warnings = install(host, installer=installer_on_host(fake))
    assert result['changed'] is True


def _alive(pid_file):
    with open(pid_file) as handle:
        pid = int(handle.read().strip())
    try:
        os.kill(pid, 0)
        return pid, True
    except OSError:
        return pid, False


def test_a_daemon_the_installer_starts_holding_its_output_is_neither_waited_for_nor_killed(fake, host):
    # the installer starts the agent's daemon, which keeps the installer's stdout and stderr open, and exits 0:
    # the run ends with the installer (not with the daemon's output) and leaves the daemon running
    body = '''( trap '' 15; echo daemon started; sleep 30 ) &
echo $! >"$R/daemon.pid"'''
    started = time.time()
    result, warnings = install(host, installer=installer_on_host(fake, body=body), timeout=20)
    try:
        assert time.time() - started < 15
        assert result['changed'] is True and not result.get('timed_out')
        pid, alive = _alive(fake.path('/daemon.pid'))
        assert alive, 'the daemon %d the installer started was killed' % pid
    finally:
        os.kill(int(fake.read('/daemon.pid')), 9)


def test_a_setsid_child_does_not_defeat_the_time_limit(fake, host):
    # the installer hangs after starting a child in a session of its own: the limit still stops the installer
    body = '''if command -v setsid >/dev/null; then setsid sh -c 'sleep 30' </dev/null >/dev/null 2>&1 & fi
sleep 60'''
    started = time.time()
    failure = fail(host, installer=installer_on_host(fake, body=body), timeout=1, grace=1)
    assert time.time() - started < 20
    assert failure.fields['timed_out'] is True
    assert nothing_left(fake, host)


def test_a_damaged_version_file_is_refused_before_anything_runs(fake, host):
    fake.write(agent.VX_VERSION_FILE, 'PROD_VERSION=9.66.7567.1\n\x00\x00garbage\n')
    failure = fail(host, installer=installer_on_host(fake))
    assert 'damaged' in failure.msg and 'binary data' in failure.msg
    assert only_probed(fake, host)
