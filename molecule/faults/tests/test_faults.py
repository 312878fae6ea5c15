# -*- coding: utf-8 -*-
"""The fault and bad-input catalogue (docs/reliability.md), case by case,
after drive.py's runs: 0-interrupted, 1-faults (the whole fleet) and
2-rerun (after the operator's fixes, from the retry list).

For each case: the report names the host and says what was wrong (the value
and what is allowed, where there is a value), the host is as it was or was
recovered by the re-run, and the other hosts finished."""

from __future__ import absolute_import, division, print_function

import glob
import json
import os
import re
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'shared'))
from verify_helpers import key_values, registered_hosts  # noqa: E402  pylint: disable=wrong-import-position

LAB = os.environ['SRM_FAULTS_DIR']
RUNS = os.path.join(LAB, 'runs')
P = 'srm-mol-faults-'
PASSPHRASES = ('molecule-faults-passphrase', 'molecule-faults-other-server', 'not-the-passphrase')
VERSION = '9.66.7567.1'


def report(run):
    files = glob.glob(os.path.join(RUNS, run, '*.json'))
    assert len(files) == 1, files
    with open(files[0]) as handle:
        return json.load(handle)


def record(run, name):
    matches = [entry for entry in report(run)['hosts'] if entry['host'] == P + name]
    assert len(matches) == 1, 'no record of %s in %s' % (name, run)
    return matches[0]


def console(run):
    with open(os.path.join(RUNS, run, 'console.out')) as handle:
        return handle.read()


def exit_code(run):
    with open(os.path.join(RUNS, run, 'rc')) as handle:
        return int(handle.read())


def on_host(name, *cmd):
    """(rc, stdout) of a command in the host's container."""
    done = subprocess.run(['docker', 'exec', P + name] + list(cmd), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, check=False)
    return done.returncode, done.stdout.decode('utf-8', 'replace')


def agent_file(name):
    """The host's /usr/local/.vx_version as a dict, or None."""
    rc, out = on_host(name, 'cat', '/usr/local/.vx_version')
    return key_values(out) if rc == 0 else None


def assert_untouched(name):
    """No agent, nothing staged, no installer ran."""
    assert agent_file(name) is None
    assert on_host(name, 'test', '-e', '/etc/init.d/vxagent')[0] != 0
    assert on_host(name, 'test', '-e', '/etc/systemd/system/vxagent.service')[0] != 0
    rc, out = on_host(name, 'sh', '-c', 'ls -d /var/tmp/asr-mobility.* 2>/dev/null')
    assert out.strip() == '', out
    assert on_host(name, 'test', '-e', '/var/log/ua_install.log')[0] != 0


def assert_registered(name):
    values = agent_file(name)
    assert values is not None and values['PROD_VERSION'] == VERSION
    assert values['AGENT_CONFIGURATION_STATUS'] == 'Succeeded'
    assert on_host(name, 'sh', '-c', 'if [ -e /etc/systemd/system/vxagent.service ]; then systemctl is-active vxagent; '
                                     'else /etc/init.d/vxagent status; fi')[0] == 0


def failed_in_run1(name, *phrases):
    entry = record('1-faults', name)
    assert entry['result'] == 'failed', entry
    for phrase in phrases:
        assert phrase in entry['reason'], (phrase, entry['reason'])
    # the console's summary names the host and the reason too
    assert re.search(r'FAILED %s%s: ' % (P, re.escape(name)), console('1-faults'))
    return entry


# ---------------------------------------------------------------- unsupported systems

def test_f01_unsupported_distribution():
    failed_in_run1('02-fedora', 'unsupported distribution Fedora 40', 'supported are RHEL / CentOS')
    assert_untouched('02-fedora')


def test_f02_unsupported_version():
    failed_in_run1('03-ol63', 'unsupported version OracleLinux 6.3', 'Oracle Linux 6.4 and later 6.x (OL6-64)')
    assert_untouched('03-ol63')


def test_f03_unsupported_architecture():
    failed_in_run1('04-i686', "unsupported architecture 'i386'", 'x86_64 only')
    assert_untouched('04-i686')


# ---------------------------------------------------------------- the installer repository

def test_f04_installer_missing_from_the_repository():
    failed_in_run1('05-norepo', 'no installer for tag RHEL9-64', 'found tags DEBIAN12-64')
    assert_untouched('05-norepo')


def test_f05_tampered_installer_is_never_copied():
    entry = failed_in_run1('06-tampered', 'UBUNTU-20.04-64', 'has SHA-256', 'it was not copied to the host')
    found, expected = re.search(r'has SHA-256 ([0-9a-f]{64}), expected ([0-9a-f]{64})', entry['reason']).groups()
    assert found != expected
    assert_untouched('06-tampered')


def test_f06_package_for_another_system_under_a_matching_name():
    failed_in_run1('07-wrongos', 'failed with errors (exit code 97)', 'built for DEBIAN12-64', 'UBUNTU-16.04-64',
                   'Details from /var/log/InstallerErrors.json')
    assert agent_file('07-wrongos') is None  # the installer refused before changing anything
    assert on_host('07-wrongos', 'sh', '-c', 'ls -d /var/tmp/asr-mobility.* 2>/dev/null')[1].strip() == ''


# ---------------------------------------------------------------- registration

def test_f07_wrong_passphrase_then_fixed():
    failed_in_run1('08-badpass', 'check the passphrase', 'invalid passphrase')
    assert record('2-rerun', '08-badpass')['result'] == 'changed'
    assert_registered('08-badpass')


def test_f08_configuration_server_down_then_back():
    failed_in_run1('09-csdown', 'network: 127.0.0.1:44389 cannot be reached from this host')
    assert record('1-faults', '09-csdown')['installer_file'] is None  # rejected before the waves
    entry = record('2-rerun', '09-csdown')
    assert entry['result'] == 'changed' and entry['version_after'] == VERSION
    assert_registered('09-csdown')


def test_f09_agent_registered_to_another_server_moves_only_when_asked():
    # run 1: the vendor's configurator cannot move it (13); the host fails saying what the way out is
    failed_in_run1('14-elsewhere', 'registered to the configuration server 127.0.0.2, not 127.0.0.1',
                   'uninstall the agent, install it again', 'enabled again',
                   'mobility_service_reinstall_if_registered_elsewhere')
    # run 2: the operator asked for it: uninstalled, installed again, registered here
    entry = record('2-rerun', '14-elsewhere')
    assert entry['result'] == 'changed' and entry['moved_from'] == '127.0.0.2', entry
    rc, out = on_host('14-elsewhere', 'grep', '^Hostname', '/usr/local/ASR/Vx/etc/drscout.conf')
    assert rc == 0 and out.strip() == 'Hostname = 127.0.0.1'
    assert_registered('14-elsewhere')
    # the other server keeps its (now stale) record, as a real one would until it is cleaned up there
    assert [h['os_tag'] for h in registered_hosts(os.environ['SRM_OTHER_CS_URL'])] == ['OL7-64']


def test_f10_configurator_exits_non_zero_keeps_the_installation():
    failed_in_run1('21-configure', 'The configurator exited with code 1', 'Simulated failure')
    assert record('2-rerun', '21-configure')['result'] == 'failed'
    values = agent_file('21-configure')
    assert values['PROD_VERSION'] == VERSION and values['AGENT_CONFIGURATION_STATUS'] == ''


# ---------------------------------------------------------------- the installer run

def test_f11_installer_exits_non_zero():
    failed_in_run1('10-exit', 'The installer failed with errors (exit code 97)',
                   'Details from /var/log/InstallerErrors.json', 'Last lines of /var/log/ua_install.log',
                   'Simulated failure (fault injection install-exit:97)')
    assert agent_file('10-exit') is None
    assert record('2-rerun', '10-exit')['result'] == 'failed'  # the same failure, nothing worse
    assert on_host('10-exit', 'sh', '-c', 'ls -d /var/tmp/asr-mobility.* 2>/dev/null')[1].strip() == ''


def test_f12_installer_dies_midway_and_the_rerun_recovers():
    failed_in_run1('11-midway', 'The installer was killed by signal 9', 'run it again')
    entry = record('2-rerun', '11-midway')
    assert entry['result'] == 'changed' and entry['reason'] == 'an earlier installation did not complete'
    assert_registered('11-midway')


def test_f13_slow_installer_is_stopped_at_the_timeout():
    failed_in_run1('12-slow', 'The installer did not finish within 8 seconds and was stopped')
    assert record('2-rerun', '12-slow')['result'] == 'changed'  # installed by then: only registered
    assert_registered('12-slow')


def test_f14_install_folder_too_small():
    entry = failed_in_run1('13-disk')
    assert re.search(r'disk: \d+ MB free for /usr/local/ASR, 250 MB needed', entry['reason']), entry['reason']
    assert_untouched('13-disk')


def test_f15_damaged_version_file_is_left_as_it_was():
    failed_in_run1('15-damaged', "the agent's files are damaged", "/usr/local/.vx_version line 2 is not KEY=VALUE",
                   'nothing was changed')
    assert record('2-rerun', '15-damaged')['result'] == 'failed'
    rc, out = on_host('15-damaged', 'od', '-An', '-c', '/usr/local/.vx_version')
    assert rc == 0 and '001 377' in out  # the same bytes prepare.yml wrote


# ---------------------------------------------------------------- the fleet

def test_f16_host_lost_mid_rollout_then_back():
    entry = record('1-faults', '22-lost')
    assert entry['result'] == 'unreachable', entry
    assert entry['reason'].startswith('the host stopped answering during the deployment')
    entry = record('2-rerun', '22-lost')
    assert entry['result'] == 'changed'
    assert_registered('22-lost')


def test_f17_interrupted_playbook_then_rerun():
    assert exit_code('0-interrupted') != 0
    assert 'User interrupted execution' in console('0-interrupted')
    assert record('1-faults', '20-interrupted')['result'] in ('changed', 'unchanged')
    assert_registered('20-interrupted')


def test_f18_the_other_hosts_finish():
    built = report('1-faults')
    assert built['stopped_reason'] is None
    assert record('1-faults', '01-ok')['result'] == 'changed'
    assert_registered('01-ok')
    assert built['totals']['skipped'] == 0  # no host was left waiting
    assert exit_code('1-faults') == 2  # failed hosts make the run fail


def test_f19_retry_list_names_every_host_that_did_not_make_it():
    with open(os.path.join(RUNS, '1-faults', 'push_install.retry')) as handle:
        retry = set(handle.read().split())
    not_done = set(entry['host'] for entry in report('1-faults')['hosts'] if entry['result'] not in ('changed', 'unchanged'))
    assert retry == not_done and len(retry) == 21  # 23 hosts, of which 01 and 20 converged


# ---------------------------------------------------------------- bad input

def test_f20_configuration_server_address_that_is_no_address():
    failed_in_run1('16-badip', "mobility_service_cs_address='300.1.1.1'", 'an IP address or a host name')
    assert_untouched('16-badip')


def test_f21_unknown_cs_type():
    failed_in_run1('17-cstype', 'mobility_service_cs_type must be one of: CSLegacy, CSPrime, got: CSFoo')
    assert_untouched('17-cstype')


def test_f22_bad_version_pin():
    failed_in_run1('18-pin', "mobility_service_version='9.x'", 'dotted numbers such as 9.66')
    assert_untouched('18-pin')


def test_f23_missing_vault_secret():
    failed_in_run1('19-novault', "'vault_faults_passphrase' is undefined")
    assert_untouched('19-novault')


def test_f24_value_of_the_wrong_type():
    failed_in_run1('23-badconf', "mobility_service_install_timeout", "'soon'", 'cannot be converted to an int')
    assert_untouched('23-badconf')


# ---------------------------------------------------------------- secrets and the servers

@pytest.mark.parametrize('run', ['0-interrupted', '1-faults', '2-rerun'])
def test_no_passphrase_in_consoles_or_reports(run):
    texts = [console(run)] + [open(path).read() for path in glob.glob(os.path.join(RUNS, run, '*.*'))
                              if not path.endswith('.out')]
    for secret in PASSPHRASES:
        assert all(secret not in text for text in texts), secret


def test_only_the_converged_hosts_are_registered():
    # (the containers share the machine's host name: the operating system tags tell them apart)
    tags = sorted(h['os_tag'] for h in registered_hosts(os.environ['SRM_CS_URL']))
    assert tags == sorted(['DEBIAN12-64', 'RHEL8-64', 'RHEL7-64', 'SLES15-64', 'DEBIAN9-64', 'RHEL7-64', 'DEBIAN12-64',
                           'OL7-64'])
