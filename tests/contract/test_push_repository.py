# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Contract tests of the push_repository role (a Windows configuration server):
what it copies where, when it restarts InMage PushInstall, and how it reads the
configuration server's passphrase."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import json
import os

import pytest

from conftest import HOST

REPOSITORY = 'C:\\ProgramData\\ASR\\home\\svsystems\\pushinstallsvc\\repository'
BIN_DIR = 'C:\\ProgramData\\ASR\\home\\svsystems\\bin'
SERVICE = 'InMage PushInstall'
CS_PASSPHRASE = 'Contract-CS-Passphrase-91c2'
RHEL8 = 'Microsoft-ASR_UA_9.66.7567.1_RHEL8-64_GA_20Sep2025_release.tar.gz'
SLES11 = 'Microsoft-ASR_UA_9.66.7567.1_SLES11-SP3-64_GA_20Sep2025_release.tar.gz'
UBUNTU_OLD = 'Microsoft-ASR_UA_9.65.7423.1_UBUNTU-20.04-64_GA_10Jun2025_release.tar.gz'
UBUNTU = 'Microsoft-ASR_UA_9.66.7567.1_UBUNTU-20.04-64_GA_20Sep2025_release.tar.gz'
WINDOWS = 'Microsoft-ASR_UA_9.66.7567.1_Windows_GA_20Sep2025_release.exe'
# select_installers_per_tag: the newest of each tag, sorted by tag
STAGED = [RHEL8, SLES11, UBUNTU, WINDOWS]


def server(**extra):
    scenario = {'services': {SERVICE: 'started'}, 'copy_changed': True,
                'commands': [{'match': r'^genpassphrase\.exe -n$', 'rc': 0, 'stdout': CS_PASSPHRASE + '\r\n'}]}
    scenario.update(extra)
    return scenario


@pytest.fixture
def installers(installer_dir):
    return installer_dir([RHEL8, SLES11, UBUNTU_OLD, UBUNTU, WINDOWS, 'README.txt'])


def copies(folder, names):
    return [{'src': '%s/%s' % (folder, name), 'dest': '%s\\%s' % (REPOSITORY, name)} for name in names]


def restarts(run):
    return run.calls_to('win_service')


# ---------------------------------------------------------------- (a) empty repository

def test_empty_repository_gets_every_installer_and_one_restart(contract, installers):
    run = contract('push_repository.yml', server(), {'push_repository_installer_dir': installers})
    assert run.rc == 0, run
    assert [(call['module'], call['args']) for call in run.calls] == (
        [('win_file', {'path': REPOSITORY, 'state': 'directory'})]
        + [('win_copy', args) for args in copies(installers, STAGED)]
        + [('win_service', {'name': SERVICE, 'state': 'restarted'}), ('win_service_info', {'name': SERVICE})])
    assert run.report == {'host': HOST, 'staged': STAGED, 'unchanged': [], 'manual_download': [SLES11], 'harvested': [],
                          'harvest_conflicts': [], 'harvest_refused': [], 'pending_approval': []}
    assert run.scenario['services'][SERVICE] == 'started'


# ---------------------------------------------------------------- (b), (c) restart only on change

def test_nothing_copied_means_no_restart(contract, installers):
    run = contract('push_repository.yml', server(copy_changed=False), {'push_repository_installer_dir': installers})
    assert run.rc == 0, run
    assert run.modules() == ['win_file'] + ['win_copy'] * 4
    assert 'win_service' not in run.modules() and 'win_service_info' not in run.modules()
    assert run.report['staged'] == [] and run.report['unchanged'] == STAGED


def test_one_changed_file_means_exactly_one_restart(contract, installers):
    run = contract('push_repository.yml', server(copy_changed=[r'_RHEL8-64_']), {'push_repository_installer_dir': installers})
    assert run.rc == 0, run
    assert restarts(run) == [{'name': SERVICE, 'state': 'restarted'}]
    assert run.modules()[-2:] == ['win_service', 'win_service_info']
    assert run.report['staged'] == [RHEL8] and run.report['unchanged'] == [SLES11, UBUNTU, WINDOWS]


def test_a_service_that_does_not_come_back_fails_the_host(contract, installers):
    run = contract('push_repository.yml', server(after_restart={SERVICE: 'stopped'}),
                   {'push_repository_installer_dir': installers})
    assert run.rc != 0, run
    assert run.modules()[-2:] == ['win_service', 'win_service_info']
    assert run.task('Push repository | Check InMage PushInstall runs again')[0]['failed'] is True


# ---------------------------------------------------------------- (d) checksums

def test_checksum_mismatch_fails_before_anything_reaches_the_server(contract, installer_dir):
    installers = installer_dir([RHEL8, WINDOWS], sums_override={WINDOWS: 'f' * 64})
    run = contract('push_repository.yml', server(), {'push_repository_installer_dir': installers})
    assert run.rc != 0, run
    assert run.calls == []
    failed = [result for _task, _action, result in run.results() if result.get('failed')]
    message = json.dumps(failed)
    assert WINDOWS in message and 'f' * 64 in message and 'nothing was staged' in message


def test_installer_missing_from_sha256sums_is_refused(contract, installer_dir):
    installers = installer_dir([RHEL8])
    with open(installers + '/SHA256SUMS', 'w') as handle:
        handle.write('')
    run = contract('push_repository.yml', server(), {'push_repository_installer_dir': installers})
    assert run.rc != 0, run
    assert run.calls == []


# ---------------------------------------------------------------- (e) selection and report

def test_report_lists_the_installers_to_download_by_hand(contract, installers):
    run = contract('push_repository.yml', server(copy_changed=False), {'push_repository_installer_dir': installers})
    assert run.rc == 0, run
    assert run.report['manual_download'] == [SLES11]


def test_version_pin_and_tags_choose_what_is_staged(contract, installers):
    variables = {'push_repository_installer_dir': installers, 'push_repository_version': '9.65',
                 'push_repository_tags': ['UBUNTU-20.04-64', 'Windows'], 'push_repository_path': 'D:\\Repository'}
    run = contract('push_repository.yml', server(), variables)
    assert run.rc == 0, run
    assert run.calls_to('win_copy') == [{'src': '%s/%s' % (installers, name), 'dest': 'D:\\Repository\\' + name}
                                        for name in (UBUNTU_OLD, WINDOWS)]
    assert run.calls_to('win_file') == [{'path': 'D:\\Repository', 'state': 'directory'}]


# ---------------------------------------------------------------- (f) the configuration server's passphrase

def test_read_passphrase_runs_genpassphrase_and_never_shows_it(contract, installers):
    variables = {'push_repository_installer_dir': installers, 'push_repository_read_passphrase': True}
    run = contract('push_repository.yml', server(copy_changed=False), variables)
    assert run.rc == 0, run
    genpassphrase = [call for call in run.calls if call['module'] == 'win_command']
    assert genpassphrase == [{'module': 'win_command', 'args': {'cmd': 'genpassphrase.exe -n', 'chdir': BIN_DIR},
                              'no_log': True, 'check_mode': False}]
    # the fact holds the trimmed stdout: the playbook shows only its SHA-256
    shown = run.task('Contract | Passphrase read')[0]['msg']
    assert shown == hashlib.sha256(CS_PASSPHRASE.encode()).hexdigest()
    assert CS_PASSPHRASE not in run.stdout and CS_PASSPHRASE not in run.stderr
    verbose = contract('push_repository.yml', server(copy_changed=False), variables, verbosity=3, callback='default')
    assert verbose.rc == 0, verbose
    assert 'genpassphrase' in verbose.stdout
    assert CS_PASSPHRASE not in verbose.stdout and CS_PASSPHRASE not in verbose.stderr


def test_passphrase_is_not_read_unless_asked(contract, installers):
    run = contract('push_repository.yml', server(copy_changed=False), {'push_repository_installer_dir': installers})
    assert run.rc == 0, run
    assert 'win_command' not in run.modules()
    assert run.task('Contract | Passphrase read')[0].get('skipped') is True


# ---------------------------------------------------------------- (g) harvest the server's installers

@pytest.fixture
def server_repository(tmp_path):
    """Files of the server's repository, on this machine so that the real fetch can read them."""
    folder = tmp_path / 'server-repository'
    folder.mkdir()

    def make(contents):
        found = {}
        for name, content in contents.items():
            (folder / name).write_bytes(content)
            found[name] = str(folder / name)
        return found

    return make


def read(path):
    with open(path) as handle:
        return handle.read()


def test_harvest_fetches_what_the_controller_lacks_and_never_overwrites(contract, installer_dir, server_repository):
    installers = installer_dir([RHEL8, WINDOWS])
    with open('%s/%s' % (installers, RHEL8), 'rb') as handle:
        same_rhel8 = handle.read()
    ubuntu_bytes = b'installer shipped with the configuration server\n' * 100
    found = server_repository({RHEL8: same_rhel8, UBUNTU: ubuntu_bytes, WINDOWS: b'another build of the same name\n'})
    sums_before = read(installers + '/SHA256SUMS')
    with open('%s/%s' % (installers, WINDOWS), 'rb') as handle:
        windows_before = handle.read()

    variables = {'push_repository_installer_dir': installers, 'push_repository_harvest': True}
    run = contract('push_repository.yml', server(copy_changed=False, find={REPOSITORY: found}), variables)
    assert run.rc == 0, run
    assert run.calls[0] == {'module': 'win_find', 'no_log': False, 'check_mode': False, 'args': {
        'paths': REPOSITORY, 'patterns': ['Microsoft-ASR_UA_*'], 'get_checksum': True, 'checksum_algorithm': 'sha256'}}
    with open('%s/%s' % (installers, UBUNTU), 'rb') as handle:
        assert handle.read() == ubuntu_bytes
    with open('%s/%s' % (installers, WINDOWS), 'rb') as handle:
        assert handle.read() == windows_before
    # the server's SHA-256 is kept apart from the trusted SHA256SUMS, which is left as it was
    assert read(installers + '/SHA256SUMS') == sums_before
    harvested = read(installers + '/SHA256SUMS.harvested')
    assert harvested.startswith('# Harvested from push-install repositories')
    assert harvested.splitlines()[1:] == ['%s  %s' % (hashlib.sha256(ubuntu_bytes).hexdigest(), UBUNTU)]
    assert run.report['harvested'] == [UBUNTU]
    assert run.report['harvest_conflicts'] == [WINDOWS]
    assert WINDOWS in run.task('Push repository | Warn about controller files')[0]['msg']
    # the harvested installer waits for approval: not staged, and a warning says how to approve it
    assert run.report['pending_approval'] == [UBUNTU]
    warning = run.task('Push repository | Warn about the installers waiting for approval')[0]['msg']
    assert UBUNTU in warning and 'SHA256SUMS.harvested' in warning
    assert [args['src'].rsplit('/', 1)[-1] for args in run.calls_to('win_copy')] == [RHEL8, WINDOWS]
    assert 'win_service' not in run.modules()

    again = contract('push_repository.yml', server(copy_changed=False, find={REPOSITORY: found}), variables)
    assert again.rc == 0, again
    assert again.report['harvested'] == [] and again.report['harvest_conflicts'] == [WINDOWS]
    assert again.report['pending_approval'] == [UBUNTU]
    assert read(installers + '/SHA256SUMS') == sums_before
    assert read(installers + '/SHA256SUMS.harvested') == harvested

    # a person approves: the line moves to SHA256SUMS, and the installer is staged like the others
    with open(installers + '/SHA256SUMS', 'a') as handle:
        handle.write(harvested.splitlines()[1] + '\n')
    approved = contract('push_repository.yml', server(copy_changed=False, find={REPOSITORY: found}), variables)
    assert approved.rc == 0, approved
    assert approved.report['pending_approval'] == []
    assert [args['src'].rsplit('/', 1)[-1] for args in approved.calls_to('win_copy')] == [RHEL8, UBUNTU, WINDOWS]


def test_a_pinned_checksum_approves_a_harvested_installer(contract, installer_dir, server_repository):
    installers = installer_dir([RHEL8])
    ubuntu_bytes = b'installer shipped with the configuration server\n' * 100
    found = server_repository({UBUNTU: ubuntu_bytes})
    variables = {'push_repository_installer_dir': installers, 'push_repository_harvest': True,
                 'push_repository_checksums': {UBUNTU: hashlib.sha256(ubuntu_bytes).hexdigest()}}
    run = contract('push_repository.yml', server(copy_changed=False, find={REPOSITORY: found}), variables)
    assert run.rc == 0, run
    assert run.report['harvested'] == [UBUNTU] and run.report['pending_approval'] == []
    assert [args['src'].rsplit('/', 1)[-1] for args in run.calls_to('win_copy')] == [RHEL8, UBUNTU]


def test_servers_that_disagree_on_a_file_are_refused_naming_both(contract, installer_dir, server_repository, tmp_path):
    installers = installer_dir([RHEL8])
    sles_bytes = b'the same build on both servers\n' * 50
    shared = server_repository({SLES11: sles_bytes})
    one_place = tmp_path / 'cs01'
    other_place = tmp_path / 'ps02'
    one_place.mkdir()
    other_place.mkdir()
    (one_place / UBUNTU).write_bytes(b'build on the configuration server\n' * 10)
    (other_place / UBUNTU).write_bytes(b'another build on the process server\n' * 10)
    servers = {
        'cs01': server(copy_changed=False, find={REPOSITORY: {SLES11: shared[SLES11], UBUNTU: str(one_place / UBUNTU)}}),
        'ps02': server(copy_changed=False, find={REPOSITORY: {SLES11: shared[SLES11], UBUNTU: str(other_place / UBUNTU)}}),
    }
    variables = {'push_repository_installer_dir': installers, 'push_repository_harvest': True}
    runs = contract('push_repository.yml', None, variables, hosts=servers)
    assert runs['cs01'].rc == 0, runs['cs01']
    # the shared file is fetched once, by the first server; the disputed one by neither
    assert runs['cs01'].report['harvested'] == [SLES11] and runs['ps02'].report['harvested'] == []
    assert not os.path.exists('%s/%s' % (installers, UBUNTU))
    digests = dict((name, hashlib.sha256((place / UBUNTU).read_bytes()).hexdigest())
                   for name, place in (('cs01', one_place), ('ps02', other_place)))
    for name in ('cs01', 'ps02'):
        refused = runs[name].report['harvest_refused']
        assert [entry['file'] for entry in refused] == [UBUNTU]
        assert refused[0]['servers'] == digests
        warning = runs[name].task('Push repository | Warn about files the servers hold')[0]['msg']
        assert 'cs01' in warning and 'ps02' in warning and digests['cs01'] in warning and digests['ps02'] in warning
        assert runs[name].calls[0]['module'] == 'win_find'
    assert read(installers + '/SHA256SUMS.harvested').splitlines()[1:] == [
        '%s  %s' % (hashlib.sha256(sles_bytes).hexdigest(), SLES11)]


def test_harvest_of_an_empty_repository_changes_nothing_on_the_controller(contract, installer_dir):
    installers = installer_dir([RHEL8])
    before = sorted(os.listdir(installers))
    variables = {'push_repository_installer_dir': installers, 'push_repository_harvest': True}
    run = contract('push_repository.yml', server(copy_changed=False), variables)
    assert run.rc == 0, run
    assert run.modules() == ['win_find', 'win_file', 'win_copy']
    assert sorted(os.listdir(installers)) == before
    assert run.report['harvested'] == []


def test_a_server_that_does_not_harvest_leaves_the_others_harvest_alone(contract, installer_dir, server_repository):
    installers = installer_dir([RHEL8])
    ubuntu_bytes = b'installer shipped with the configuration server\n' * 100
    found = server_repository({UBUNTU: ubuntu_bytes})
    servers = {'cs01': server(copy_changed=False, find={REPOSITORY: found}), 'ps02': server(copy_changed=False)}
    runs = contract('push_repository.yml', None, {'push_repository_installer_dir': installers}, hosts=servers,
                    host_vars={'cs01': {'push_repository_harvest': True}})
    assert runs['cs01'].rc == 0, runs['cs01']
    assert runs['cs01'].report['harvested'] == [UBUNTU] and runs['ps02'].report['harvested'] == []
    assert 'win_find' not in runs['ps02'].modules()
