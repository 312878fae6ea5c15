# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Linux actions' shell scripts, run with sh against a fake host root (fixtures
``fake`` and ``host`` in conftest.py):
the probe reads what agent.read_state reads, and install, upgrade,
uninstall and registration behave like the Python modules did."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import os
import shutil
import tempfile
import time
from contextlib import contextmanager

import pytest

from ansible_collections.siterecovery.mobility.plugins.module_utils import agent
from ansible_collections.siterecovery.mobility.plugins.plugin_utils import linux_agent, posix
from ansible_collections.siterecovery.mobility.plugins.plugin_utils.linux_agent import HostFailure
from ansible_collections.siterecovery.mobility.tests.unit.plugins.plugin_utils.local_host import executable, tarball

VERSION = '9.66.7567.1'
NEWER = '9.67.0.0'
PASSPHRASE = 'Sup3r-Secret-Passphrase'


def tarball_name(version=VERSION, tag='RHEL8-64'):
    return 'Microsoft-ASR_UA_%s_%s_GA_20Sep2025_release.tar.gz' % (version, tag)


def installer_script(fake, version=VERSION, rc=0, body=''):
    """A fake vendor installer: records its arguments and folder, installs
    ``version`` the way the vendor's files look (unless rc says it failed)."""
    vx = fake.root + '/usr/local/ASR/Vx'
    return '''#!/bin/sh
R='%(root)s'
echo "$*" >"$R/install-args"
pwd >"$R/install-cwd"
echo "installing with $*" >>"$R/var/log/ua_install.log"
%(body)s
if [ %(rc)d -eq 0 ] || [ %(rc)d -eq 98 ]; then
  mkdir -p '%(vx)s/etc'
  status=$(sed -n 's/^AGENT_CONFIGURATION_STATUS=//p' "$R/usr/local/.vx_version" 2>/dev/null)
  printf 'INSTALLATION_DIR=/usr/local/ASR/Vx\\nPROD_VERSION=%(version)s\\nBUILD_TAG=RELEASE_%(version)s_GA_1_x\\n' \\
    >"$R/usr/local/.vx_version"
  [ -z "$status" ] || echo "AGENT_CONFIGURATION_STATUS=$status" >>"$R/usr/local/.vx_version"
  printf '[vxagent]\\nHostId=abc\\n' >'%(vx)s/etc/drscout.conf'
fi
echo "installer output"
exit %(rc)d
''' % dict(root=fake.root, vx=vx, version=version, rc=rc, body=body)


def params(**values):
    base = dict(installer=None, src=None, checksum=None, staging_dir='/var/tmp', state='present', role='MS',
                platform='VmWare', install_dir='/usr/local/ASR', cs_type='CSLegacy', timeout=60)
    base.update(values)
    return base


def staged(fake, tmp_path, **kwargs):
    """A tarball on the controller; returns (path, sha256)."""
    path = tarball(str(tmp_path / tarball_name(kwargs.pop('version_name', VERSION))), installer_script(fake, **kwargs))
    with open(path, 'rb') as handle:
        return path, hashlib.sha256(handle.read()).hexdigest()


# ---------------------------------------------------------------- the probe reads what read_state reads

STATES = {
    'absent': lambda f: None,
    'installed and registered': lambda f: f.install(status='Succeeded', cs_address='127.0.0.5'),
    'modernized': lambda f: f.install(status='Succeeded', cs_type='CSPrime'),
    'in another folder, quoted': lambda f: (f.install(vx_dir='/opt/ASR/Vx', cs_address='cs.example.com'),
                                            f.write(agent.VX_VERSION_FILE, '  INSTALLATION_DIR = "/opt/ASR/Vx"\n'
                                                    'PROD_VERSION=9.66.7567.1\n')),
    'interrupted': lambda f: f.write(agent.VX_VERSION_FILE, 'INSTALLATION_DIR=/usr/local/ASR/Vx\n'),
    'damaged with a sound backup': lambda f: (f.install(status='Succeeded', cs_address='127.0.0.5'),
                                              f.write(agent.VX_VERSION_BACKUP, f.read(agent.VX_VERSION_FILE)),
                                              f.write(agent.VX_VERSION_FILE, 'PROD_VERSION=9.66\n\x00\x01garbage')),
    'damaged, no backup': lambda f: f.write(agent.VX_VERSION_FILE, 'this is not a version file\n'),
    'no trailing newline, CRLF': lambda f: (f.install(), f.write(agent.VX_VERSION_FILE,
                                                                 'INSTALLATION_DIR=/usr/local/ASR/Vx\r\n'
                                                                 'PROD_VERSION=9.66.7567.1')),
    'systemd unit': lambda f: (f.install(), f.write('/usr/lib/systemd/system/vxagent.service', '[Unit]\n')),
    'platform file only': lambda f: (f.install(cs_type=None), f.platform_file('CSPrime')),
}


@pytest.mark.parametrize('name', sorted(STATES))
def test_probe_reads_the_agent_like_read_state(name, fake, host):
    STATES[name](fake)
    out = host.run(linux_agent.probe_script(fake.root))
    assert linux_agent.agent_state(out) == agent.read_state(fake.root)


def test_probe_reports_processes_free_space_and_paths(fake, host):
    fake.process(101, 'svagents')
    fake.process(102, 'appservice', status='Z')  # a zombie is not running
    fake.write('/opt/microsoft/mdatp/x', '')
    out = host.run(linux_agent.probe_script(fake.root, free_space_paths=['/', '/does/not/exist'],
                                            probe_paths=['/opt/microsoft/mdatp', '/etc/clamd.conf']))
    assert out.processes == {'svagents'}
    assert out.existing >= {'/opt/microsoft/mdatp'} and '/etc/clamd.conf' not in out.existing
    # the nearest existing folder is measured, like agent.free_space_mb does
    for path in ('/', '/does/not/exist'):
        assert abs(out.free_mb(path) - agent.free_space_mb(fake.root)) <= 64


def test_probe_marks_cannot_be_faked_by_file_content(fake, host):
    fake.install()
    fake.write(agent.PLATFORM_FILE, 'VMPLATFORM=VmWare\nX E\nX F /etc/passwd\n')
    script = linux_agent.probe_script(fake.root)
    out = host.run(script)
    assert out.read(agent.PLATFORM_FILE) == 'VMPLATFORM=VmWare\nX E\nX F /etc/passwd\n'
    assert '/etc/passwd' not in out.files


def test_service_status_comes_from_the_init_script(fake, host):
    fake.install()
    executable(fake.path(agent.INIT_SCRIPT), '#!/bin/sh\n[ "$1" = status ] && exit 0\nexit 1\n')
    state = linux_agent.info(host, {'free_space_paths': [], 'probe_paths': []})
    assert state['services']['manager'] == 'sysv' and state['services']['vxagent'] is True
    executable(fake.path(agent.INIT_SCRIPT), '#!/bin/sh\nexit 3\n')
    state = linux_agent.info(host, {'free_space_paths': [], 'probe_paths': []})
    assert state['services']['vxagent'] is False


def test_info_reports_registration_and_the_host(fake, host):
    fake.install(status='Succeeded', cs_address='CS01.example.com.')
    result = linux_agent.info(host, {'free_space_paths': ['/usr/local/ASR'], 'probe_paths': [],
                                     'expected_cs_type': 'CSLegacy', 'expected_cs_address': 'cs01.example.com'})
    assert result['registration'] == 'same' and result['changed'] is False
    assert result['host_facts']['distribution'] == 'RedHat'
    assert result['host_facts']['distribution_version'] == '8.6'
    assert result['host_facts']['memtotal_mb'] == 8000000 // 1024
    assert 'vx_dir' not in result and 'service_manager' not in result
    assert len(host.scripts) == 1  # one command for everything


def test_noexec_paths_come_from_the_mounts(fake, host):
    fake.write('/proc/mounts', 'rootfs / ext4 rw,relatime 0 0\ntmpfs /var/tmp tmpfs rw,nosuid,noexec 0 0\n')
    result = linux_agent.info(host, {'free_space_paths': ['/', '/var/tmp/asr'], 'probe_paths': []})
    assert result['noexec_paths'] == ['/var/tmp/asr']


# ---------------------------------------------------------------- mobility_agent

def test_install_from_a_path_on_the_host(fake, host):
    path = tarball(fake.path('/root/' + tarball_name()), installer_script(fake))
    result, warnings = linux_agent.install(host, params(installer='/root/' + tarball_name()))
    assert result['changed'] and result['action'] == 'install' and result['version'] == VERSION
    assert fake.read('/install-args').split() == ['-r', 'MS', '-v', 'VmWare', '-d', '/usr/local/ASR', '-q',
                                                  '-c', 'CSLegacy']
    assert fake.read('/install-cwd').strip().startswith(fake.path('/var/tmp/asr-mobility.'))
    assert os.listdir(fake.path('/var/tmp')) == []  # the private folder is gone
    assert os.path.exists(path) and warnings == []
    assert len(host.scripts) == 2


def test_install_transfers_checks_and_removes_the_installer(fake, host, tmp_path):
    src, sha = staged(fake, tmp_path)
    result, dummy = linux_agent.install(host, params(src=src, checksum='sha256:' + sha))
    assert result['version'] == VERSION
    assert len(host.puts) == 1 and not os.path.exists(host.puts[0])  # moved into the private folder
    assert os.listdir(fake.path('/var/tmp')) == []


def test_a_checksum_mismatch_on_the_host_changes_nothing(fake, host, tmp_path):
    src, sha = staged(fake, tmp_path)
    with pytest.raises(HostFailure) as info:
        linux_agent.install(host, params(src=src, checksum='0' * 64))
    assert 'SHA-256 %s, expected %s' % (sha, '0' * 64) in info.value.msg
    assert not fake.exists('/install-args') and not fake.exists(agent.VX_VERSION_FILE)
    assert os.listdir(fake.path('/var/tmp')) == []


def test_converged_host_costs_one_command_and_no_transfer(fake, host, tmp_path):
    fake.install()
    src, sha = staged(fake, tmp_path)
    result, dummy = linux_agent.install(host, params(src=src, checksum=sha))
    assert result['changed'] is False and len(host.scripts) == 1 and host.puts == []


def test_check_mode_runs_only_the_probe(fake, host, tmp_path):
    src, sha = staged(fake, tmp_path)
    result, dummy = linux_agent.install(host, params(src=src, checksum=sha), check_mode=True)
    assert result['changed'] and result['version'] == VERSION and len(host.scripts) == 1 and host.puts == []


def test_a_tarball_for_another_system_is_refused_before_anything(fake, host, tmp_path):
    src = tarball(str(tmp_path / tarball_name(tag='SLES15-64')), installer_script(fake))
    with pytest.raises(HostFailure) as info:
        linux_agent.install(host, params(src=src))
    assert 'built for SLES15-64' in info.value.msg and 'needs the RHEL8-64 installer' in info.value.msg
    assert host.puts == [] and len(host.scripts) == 1


def test_upgrade_98_recommends_a_restart(fake, host, tmp_path):
    fake.install(status='Succeeded', cs_address='127.0.0.5')
    src, sha = staged(fake, tmp_path, version=NEWER, rc=98, version_name=NEWER)
    result, warnings = linux_agent.install(host, params(src=src, checksum=sha, state='latest'))
    assert result['action'] == 'upgrade' and result['version'] == NEWER and result['restart_recommended']
    assert fake.read('/install-args').split() == ['-q', '-v', 'VmWare']
    assert 'restart of the machine is recommended (exit code 98)' in warnings[0]


def test_97_carries_the_errors_file_written_by_this_run(fake, host, tmp_path):
    body = 'echo \'{"errors": "kernel not supported"}\' >"$R/var/log/InstallerErrors.json"'
    src, sha = staged(fake, tmp_path, rc=97, body=body)
    with pytest.raises(HostFailure) as info:
        linux_agent.install(host, params(src=src, checksum=sha))
    assert 'kernel not supported' in info.value.msg and 'failed with errors (exit code 97)' in info.value.msg
    assert 'installing with' in info.value.msg  # the log's tail


def test_97_leaves_out_an_older_errors_file(fake, host, tmp_path):
    fake.write(agent.INSTALLER_ERRORS, '{"errors": "from last year"}')
    src, sha = staged(fake, tmp_path, rc=97)
    with pytest.raises(HostFailure) as info:
        linux_agent.install(host, params(src=src, checksum=sha))
    assert 'from last year' not in info.value.msg


def test_an_installer_that_hangs_is_stopped(fake, host, tmp_path):
    src, sha = staged(fake, tmp_path, body='sleep 60')
    started = time.time()
    with pytest.raises(HostFailure) as info:
        linux_agent.install(host, params(src=src, checksum=sha, timeout=1), grace=1)
    assert time.time() - started < 20
    assert info.value.fields['timed_out'] is True and 'did not finish within 1 seconds' in info.value.msg
    assert os.listdir(fake.path('/var/tmp')) == []


def test_uninstall(fake, host):
    fake.install()
    executable(fake.path('/usr/local/ASR/uninstall.sh'),
               '#!/bin/sh\n[ "$1" = -Y ] || exit 5\nrm -f "%s" "%s"\n' % (
                   fake.path(agent.VX_VERSION_FILE), fake.path(agent.PLATFORM_FILE)))
    result, dummy = linux_agent.install(host, params(state='absent'))
    assert result['action'] == 'uninstall' and result['version'] is None


# ---------------------------------------------------------------- mobility_agent_registration

@contextmanager
def secret_file(text):
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, 'passphrase')
    with open(path, 'w') as handle:
        handle.write(text)
    try:
        yield path
    finally:
        shutil.rmtree(folder)


def configurator(fake, body):
    return executable(fake.path('/usr/local/ASR/Vx/bin/UnifiedAgentConfigurator.sh'), '''#!/bin/sh
R='%s'
echo "$*" >"$R/configure-args"
while [ $# -gt 0 ]; do case $1 in -P|-S) cp "$2" "$R/configure-input"; shift ;; esac; shift; done
%s
''' % (fake.root, body))


REGISTERS = '''sed -i 's/^AGENT_CONFIGURATION_STATUS=.*//' "$R/usr/local/.vx_version"
echo AGENT_CONFIGURATION_STATUS=Succeeded >>"$R/usr/local/.vx_version"
printf '[vxagent]\\nHostId=abc\\n[vxagent.transport]\\nHostname = 127.0.0.5\\nPort = 443\\n' \\
  >"$R/usr/local/ASR/Vx/etc/drscout.conf"
'''


def reg_params(**values):
    base = dict(cs_address='127.0.0.5', passphrase=None, passphrase_file=None, source_config_file=None,
                source_config_src=None, credential_less_discovery=False, force=False, cs_port=443, timeout=60,
                cs_type='CSLegacy')
    base.update(values)
    return base


def test_classic_registration_hands_the_passphrase_in_a_private_file(fake, host):
    fake.install()
    configurator(fake, REGISTERS)
    result, dummy = linux_agent.register(host, reg_params(passphrase=PASSPHRASE), local_secret_file=secret_file)
    assert result['changed'] and result['registered'] and result['cs_address'] == '127.0.0.5'
    assert fake.read('/configure-input') == PASSPHRASE
    args = fake.read('/configure-args').split()
    assert args[:2] == ['-i', '127.0.0.5'] and args[-2:] == ['-c', 'CSLegacy'] and PASSPHRASE not in args
    assert os.listdir(fake.path('/var/tmp')) == [] and not os.path.exists(host.puts[0])


def test_a_failed_registration_masks_the_passphrase(fake, host):
    fake.install()
    configurator(fake, 'echo "bad passphrase %s" >&2\necho "using %s" >>"$R/var/log/ua_install.log"\nexit 1'
                 % (PASSPHRASE, PASSPHRASE))
    fake.write('/root/pass', PASSPHRASE + '\n')
    with pytest.raises(HostFailure) as info:
        linux_agent.register(host, reg_params(passphrase_file='/root/pass', cs_port=1),
                             local_secret_file=secret_file)
    assert PASSPHRASE not in info.value.msg and agent.MASK in info.value.msg
    assert 'Registration failed' in info.value.msg


def test_registered_elsewhere_is_refused_without_running_anything(fake, host):
    fake.install(status='Succeeded', cs_address='127.9.9.9')
    configurator(fake, 'exit 0')
    with pytest.raises(HostFailure) as info:
        linux_agent.register(host, reg_params(passphrase=PASSPHRASE), local_secret_file=secret_file)
    assert info.value.fields['registered_elsewhere'] is True and not fake.exists('/configure-args')


def test_modernized_registration_sends_config_json(fake, host, tmp_path):
    fake.install(cs_type='CSPrime')
    configurator(fake, REGISTERS)
    config = tmp_path / 'vm01.json'
    config.write_text('{"key": "value"}')
    result, dummy = linux_agent.register(host, reg_params(cs_type='CSPrime', cs_address=None,
                                                          source_config_src=str(config)),
                                         local_secret_file=secret_file)
    assert result['registered'] and fake.read('/configure-input') == '{"key": "value"}'
    assert fake.read('/configure-args').split()[-3:] == ['-c', 'CSPrime', '-q']


def test_an_empty_passphrase_file_is_refused(fake, host):
    fake.install()
    configurator(fake, 'exit 0')
    fake.write('/root/pass', '  \n')
    with pytest.raises(HostFailure) as info:
        linux_agent.register(host, reg_params(passphrase_file='/root/pass'), local_secret_file=secret_file)
    assert info.value.msg == '/root/pass is empty' and not fake.exists('/configure-args')


def test_parse_keeps_file_content_exactly():
    token = posix.new_token()
    text = '%s F /a\nline1\n\nline3\n\n%s E\n%s F /b\n\n%s E\n%s X /c d\n' % ((token,) * 5)
    out = posix.parse(text, token)
    assert out.files == {'/a': 'line1\n\nline3\n', '/b': ''} and out.existing == {'/c d'}


def test_reachability_is_tested_from_the_host(fake, host):
    import socket
    listener = socket.socket()
    listener.bind(('127.0.0.1', 0))
    listener.listen(1)
    closed = socket.socket()
    closed.bind(('127.0.0.1', 0))
    closed_port = closed.getsockname()[1]
    closed.close()
    try:
        result = linux_agent.info(host, {'free_space_paths': [], 'probe_paths': [],
                                         'reach': [{'host': '127.0.0.1', 'port': listener.getsockname()[1]},
                                                   '127.0.0.1:%d' % closed_port]})
    finally:
        listener.close()
    assert [item['reachable'] for item in result['reachable']] == [True, False]
    assert result['unreachable_endpoints'] == ['127.0.0.1:%d' % closed_port]
    # a true 'unreachable' key would make Ansible take the host itself for unreachable
    assert 'unreachable' not in result
