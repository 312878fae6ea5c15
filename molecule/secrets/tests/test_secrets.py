# -*- coding: utf-8 -*-
"""Secret hygiene after a push installation at -vvvv (drive.py): neither the
classic passphrase nor the contents of the modernized config.json appear in
the console output, the log file, the reports, any process list sampled
while the configurator ran, any file on the managed hosts (the agent's own
root-only credential store excepted) or on the controller (the secrets'
sources excepted), or the simulated installer's and server's logs. The third
host's configurator repeats its config.json on its output and in its log
(the simulator's fault configure-echo-input) and fails: what the collection
shows of that failure is masked."""

from __future__ import absolute_import, division, print_function

import glob
import json
import os
import stat
import subprocess

import pytest

LAB = os.environ['SRM_SECRETS_DIR']
RUNS = os.path.join(LAB, 'runs')
PASSPHRASE = os.environ['SRM_SECRETS_PASSPHRASE']
ECHO = 'srm-mol-secrets-3-echo'
HOSTS = ('srm-mol-secrets-1-classic', 'srm-mol-secrets-2-modernized', ECHO)
REGISTERED = HOSTS[:2]
# the agent's own copy of config.json (root only), as the vendor's agent keeps its registration
AGENT_STORE = '/etc/vxagent/usr/sim_config.json'
# the modernized hosts' own config.json, found by the role in mobility_service_source_config_dir
CONFIG_JSONS = dict((host, os.path.join(LAB, 'appliance', host + '.json')) for host in HOSTS[1:])


def secrets(whole_document=True):
    """What must never leak: the passphrase, each config.json's key, and (for
    text searched in Python, not with grep's line patterns) each whole document."""
    found = {'passphrase': PASSPHRASE}
    for host, path in CONFIG_JSONS.items():
        document = read(path)
        found['config.json key of %s' % host] = json.loads(document)['key']
        if whole_document:
            found['config.json of %s' % host] = document.strip()
    return found


def read(path):
    with open(path, errors='replace') as handle:
        return handle.read()


def report():
    """The rollout's JSON report: {host: record}."""
    paths = glob.glob(os.path.join(RUNS, 'reports', '*.json'))
    assert len(paths) == 1, paths
    with open(paths[0]) as handle:
        data = json.load(handle)
    return dict((record['host'], record) for record in data['hosts'])


def test_the_run_registered_two_hosts_and_failed_the_echo_at_full_verbosity():
    assert read(os.path.join(RUNS, 'rc')).strip() == '2'  # a host failed
    records = report()
    assert [records[host]['result'] for host in HOSTS] == ['changed', 'changed', 'failed']
    # the failure is told, and what the configurator repeated is masked in it
    reason = records[ECHO]['reason']
    assert 'Registration failed' in reason and 'with code 5' in reason and '********' in reason, reason
    console = read(os.path.join(RUNS, 'console.out'))
    assert 'ESTABLISH DOCKER CONNECTION' in console or '<srm-mol-secrets-1-classic> ' in console  # -vvv and more
    assert len(console) > 100000  # -vvvv prints every module result in full


@pytest.mark.parametrize('what', ['console.out', 'ansible.log', 'reports'])
def test_no_secret_in_the_run_output(what):
    paths = [os.path.join(RUNS, what)] if what != 'reports' else glob.glob(os.path.join(RUNS, 'reports', '*'))
    assert paths
    for path in paths:
        text = read(path)
        assert text
        for name, secret in secrets().items():
            assert secret not in text, '%s found in %s' % (name, path)


def test_the_configurator_was_sampled_running_on_every_host():
    samples = read(os.path.join(RUNS, 'ps-samples.txt')).split('## ')
    for host in REGISTERED:
        seen = [s for s in samples if s.startswith(host + ' ') and 'UnifiedAgentConfigurator.sh' in s]
        assert len(seen) >= 5, host  # it runs for 4 s or more (configure-slow fault)


def test_no_secret_in_any_process_list():
    text = read(os.path.join(RUNS, 'ps-samples.txt'))
    for name, secret in secrets().items():
        assert secret not in text, name


@pytest.mark.parametrize('host', HOSTS)
def test_no_secret_in_files_left_on_the_host(host):
    # the echoing configurator itself wrote its input into its log: that is the tool's doing, not the collection's
    allowed = {AGENT_STORE} if host != ECHO else {'/var/log/ua_install.log'}
    for name, secret in secrets(whole_document=False).items():
        done = subprocess.run(['docker', 'exec', host, 'grep', '-rlF', '--exclude-dir=proc', '--exclude-dir=sys',
                               '--exclude-dir=dev', '-e', secret, '/'], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, check=False)
        found = set(done.stdout.decode().split())
        assert found <= allowed, '%s on %s: %s' % (name, host, sorted(found))


def test_the_agent_store_is_root_only_and_only_on_the_modernized_host():
    for host in HOSTS:
        done = subprocess.run(['docker', 'exec', host, 'stat', '-c', '%a %U', AGENT_STORE], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, check=False)
        if host.endswith('modernized'):
            assert done.stdout.decode().split() == ['600', 'root']
        else:
            assert done.returncode != 0


def test_the_installer_log_was_written_and_holds_no_secret():
    for host in REGISTERED:
        log = subprocess.run(['docker', 'exec', host, 'cat', '/var/log/ua_install.log'], stdout=subprocess.PIPE,
                             check=True).stdout.decode()
        assert 'Registration with 127.0.0.1:44388 succeeded' in log
        for secret in secrets().values():
            assert secret not in log


def test_the_echoing_configurator_really_repeated_its_input():
    """Else the masking above was never put to the test."""
    log = subprocess.run(['docker', 'exec', ECHO, 'cat', '/var/log/ua_install.log'], stdout=subprocess.PIPE,
                         check=True).stdout.decode()
    assert json.loads(read(CONFIG_JSONS[ECHO]))['key'] in log


def test_no_secret_in_files_on_the_controller():
    """The controller's temporary folders, Ansible's home and the lab folder; the
    secrets' own sources (the passphrase file, config.json, the server's state, this
    scenario's molecule.yml and molecule's copy of the inventory, which hold the passphrase as a
    user's vault would) excepted."""
    sources = set(CONFIG_JSONS.values()) | {os.path.join(LAB, 'passphrase-127.0.0.1'),
                                            os.path.join(LAB, 'cs-127.0.0.1', 'passphrase')}
    places = [LAB, '/tmp', '/var/tmp', os.path.expanduser('~/.ansible')]
    if os.environ.get('ANSIBLE_HOME'):
        places.append(os.environ['ANSIBLE_HOME'])
    places = [p for p in places if os.path.isdir(p)]
    inventory_copy = os.environ.get('MOLECULE_EPHEMERAL_DIRECTORY') or os.path.dirname(
        os.path.dirname(os.environ['MOLECULE_INVENTORY_FILE']))
    for name, secret in secrets(whole_document=False).items():
        done = subprocess.run(['grep', '-rlF', '--exclude-dir=venv-*', '-e', secret] + places,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False)
        found = set(os.path.normpath(p) for p in done.stdout.decode().split()
                    if not p.startswith(inventory_copy + '/')
                    # this scenario's definition, where the test's passphrase is written, in any copy of the checkout
                    and not p.endswith('/molecule/secrets/molecule.yml'))
        assert found <= sources, '%s found in %s' % (name, sorted(found - sources))


def test_the_server_log_exists_and_holds_no_secret():
    log = read(os.path.join(LAB, 'cs-127.0.0.1', 'cs_server.log'))
    assert '/register' in log
    for secret in secrets().values():
        assert secret not in log


def test_the_sources_are_private():
    for path in list(CONFIG_JSONS.values()) + [os.path.join(LAB, 'passphrase-127.0.0.1')]:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
