# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Preflight findings from facts."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.siterecovery.mobility.plugins.plugin_utils import preflight

GB = 1024 * 1024 * 1024
MB = 1024 * 1024


def facts(**overrides):
    base = {
        'system': 'Linux', 'os_family': 'RedHat', 'architecture': 'x86_64', 'distribution': 'RedHat',
        'distribution_version': '8.6', 'distribution_major_version': '8', 'distribution_release': 'Ootpa',
        'memtotal_mb': 16000, 'memory_mb': {'nocache': {'free': 8000, 'used': 8000}},
        'mounts': [{'mount': '/', 'size_available': 20 * GB}, {'mount': '/boot', 'size_available': 100 * MB}],
    }
    base.update(overrides)
    return base


def test_a_healthy_host_passes():
    assert preflight.preflight_findings(facts()) == {'installer_tag': 'RHEL8-64', 'findings': [], 'warnings': []}


def test_unsupported_os_is_a_finding_with_the_catalog_message():
    result = preflight.preflight_findings(facts(distribution='OracleLinux', distribution_version='6.3',
                                                distribution_major_version='6'))
    assert result['installer_tag'] is None
    assert len(result['findings']) == 1
    assert 'OracleLinux 6.3' in result['findings'][0]


MEMORY_1500 = 'memory: 1500 MB of 16000 MB free, the agent uses about 10 % of the memory (1600 MB)'


def test_little_free_memory_is_a_warning_not_a_finding():
    result = preflight.preflight_findings(facts(memory_mb={'nocache': {'free': 1500}}))
    assert result == {'installer_tag': 'RHEL8-64', 'findings': [], 'warnings': [MEMORY_1500]}


def test_little_free_memory_is_a_finding_when_the_user_requires_it():
    result = preflight.preflight_findings(facts(memory_mb={'nocache': {'free': 1500}}), memory_required=True)
    assert result == {'installer_tag': 'RHEL8-64', 'findings': [MEMORY_1500], 'warnings': []}
    assert preflight.preflight_findings(facts(), memory_required=True)['findings'] == []


def test_memory_threshold_is_configurable_and_rounded_up():
    assert preflight.preflight_findings(facts(memtotal_mb=1001, memory_mb={'nocache': {'free': 61}}),
                                        memory_percent=6)['warnings'] == []
    assert preflight.preflight_findings(facts(memtotal_mb=1001, memory_mb={'nocache': {'free': 60}}),
                                        memory_percent=6)['warnings'] == [
        'memory: 60 MB of 1001 MB free, the agent uses about 6 % of the memory (61 MB)']


def test_root_too_small():
    result = preflight.preflight_findings(facts(mounts=[{'mount': '/', 'size_available': 1 * GB}]))
    assert result['findings'] == ['disk: 1024 MB free on / (mount /), 2048 MB needed']


def test_install_dir_on_its_own_small_mount():
    mounts = [{'mount': '/', 'size_available': 20 * GB}, {'mount': '/usr/local', 'size_available': 100 * MB}]
    result = preflight.preflight_findings(facts(mounts=mounts))
    assert result['findings'] == ['disk: 100 MB free on /usr/local/ASR (mount /usr/local), 250 MB needed']


def test_same_mount_too_small_is_reported_per_requirement():
    result = preflight.preflight_findings(facts(mounts=[{'mount': '/', 'size_available': 200 * MB}]))
    assert result['findings'] == ['disk: 200 MB free on / (mount /), 2048 MB needed',
                                  'disk: 200 MB free on /usr/local/ASR (mount /), 250 MB needed']


def test_unknown_mounts_and_memory_are_not_guessed():
    result = preflight.preflight_findings(facts(mounts=[], memory_mb={}))
    assert result['findings'] == []


def test_windows_skips_the_linux_disk_checks():
    win = {'system': 'Win32NT', 'os_family': 'Windows', 'architecture': '64-bit',
           'distribution': 'Microsoft Windows Server 2019 Datacenter', 'distribution_version': '10.0.17763.0',
           'distribution_major_version': '10', 'memtotal_mb': 8192, 'mounts': []}
    assert preflight.preflight_findings(win) == {'installer_tag': 'Windows', 'findings': [], 'warnings': []}


WIN = {'system': 'Win32NT', 'os_family': 'Windows', 'architecture': '64-bit',
       'distribution': 'Microsoft Windows Server 2019 Datacenter', 'distribution_version': '10.0.17763.0',
       'distribution_major_version': '10', 'memtotal_mb': 8192, 'memfree_mb': 6000}
WIN_DIR = 'C:\\Program Files (x86)\\Microsoft Azure Site Recovery'


def test_windows_memory_is_the_available_memory():
    low = dict(WIN, memfree_mb=700)
    assert preflight.preflight_findings(low)['warnings'] == [
        'memory: 700 MB of 8192 MB free, the agent uses about 10 % of the memory (820 MB)']
    assert preflight.preflight_findings(low)['findings'] == []
    assert preflight.preflight_findings(WIN)['warnings'] == []


def test_linux_ignores_memfree_in_favour_of_free_without_caches():
    linux = facts(memfree_mb=10)
    assert preflight.preflight_findings(linux)['warnings'] == []


def test_windows_install_folder_space_measured_by_the_role():
    found = preflight.preflight_findings(WIN, install_dir=WIN_DIR, min_install_free_mb=500, install_free_mb=499)
    assert found['findings'] == ['disk: 499 MB free for %s, 500 MB needed' % WIN_DIR]
    assert preflight.preflight_findings(WIN, install_dir=WIN_DIR, min_install_free_mb=500, install_free_mb=500)['findings'] == []
    assert preflight.preflight_findings(WIN, install_dir=WIN_DIR, min_install_free_mb=500, install_free_mb=None)['findings'] == []


def test_linux_does_not_use_a_measured_install_free_mb():
    assert preflight.preflight_findings(facts(), install_free_mb=1)['findings'] == []


@pytest.mark.parametrize('endpoint, text', [
    ('10.0.0.5:443', '10.0.0.5:443'),
    ({'host': '10.0.0.6', 'port': 9443}, '10.0.0.6:9443'),
])
def test_unreachable_endpoints(endpoint, text):
    result = preflight.preflight_findings(facts(), unreachable=[endpoint])
    assert result['findings'] == ['network: %s cannot be reached from this host' % text]


@pytest.mark.parametrize('converged, survey, counted', [
    (False, False, True), (False, True, True), (True, True, True),
    # a registered, running agent has shown that it reaches its server: only a survey reports the port then
    (True, False, False),
])
def test_unreachable_ports_of_a_converged_host_count_only_in_a_survey(converged, survey, counted):
    result = preflight.preflight_findings(facts(), unreachable=['10.0.0.5:443'], converged=converged, survey=survey)
    assert result['findings'] == (['network: 10.0.0.5:443 cannot be reached from this host'] if counted else [])


@pytest.mark.parametrize('path, expected', [
    ('/usr/local/ASR', '/usr/local'), ('/usr/localx', '/'), ('/', '/'), ('/usr/local', '/usr/local'),
])
def test_mount_for(path, expected):
    mounts = [{'mount': '/'}, {'mount': '/usr/local'}, {'mount': '/usr/local/other'}]
    assert preflight.mount_for(path, mounts)['mount'] == expected


GOOD_SETTINGS = {
    'state': 'present', 'cs_type': 'CSLegacy', 'cs_address': '10.0.0.5', 'ps_address': '', 'cs_port': 443,
    'ps_port': 9443, 'version': '', 'installer_dir': '/srv/asr', 'installer_url': '', 'install_timeout': 1800,
    'register_timeout': 600, 'passphrase_set': True, 'config_file_set': False,
}


def settings(**changes):
    values = dict(GOOD_SETTINGS)
    values.update(changes)
    return values


def test_good_settings_have_no_findings():
    assert preflight.settings_findings(settings()) == []
    assert preflight.settings_findings(settings(cs_type='CSPrime', config_file_set=True, passphrase_set=False,
                                                cs_address='')) == []


@pytest.mark.parametrize('address', ['10.0.0.5', 'cs01', 'cs01.corp.example', 'fd00::5', 'CS-01.example.'])
def test_addresses_and_names_accepted(address):
    assert preflight.is_address_or_name(address)


@pytest.mark.parametrize('address', ['300.1.1.1', '10.0.0', 'cs 01', '-cs01', 'cs_01.example', '', 'a' * 64, 'http://cs01'])
def test_bad_addresses_refused(address):
    assert not preflight.is_address_or_name(address)


@pytest.mark.parametrize('changes, variable, allowed', [
    ({'cs_address': '300.1.1.1'}, "mobility_service_cs_address='300.1.1.1'", 'IP address or a host name'),
    ({'cs_type': 'CSFoo'}, "mobility_service_cs_type='CSFoo'", 'allowed are CSLegacy, CSPrime'),
    ({'state': 'installed'}, "mobility_service_state='installed'", 'allowed are present, latest, absent'),
    ({'version': '9.x'}, "mobility_service_version='9.x'", 'dotted numbers such as 9.66'),
    ({'version': 'latest'}, "mobility_service_version='latest'", 'dotted numbers'),
    ({'cs_port': 70000}, "mobility_service_cs_port=70000", 'from 1 to 65535'),
    ({'ps_port': 'https'}, "mobility_service_ps_port='https'", 'from 1 to 65535'),
    ({'ps_address': 'ps 01'}, "mobility_service_ps_address='ps 01'", 'IP address or a host name'),
    ({'install_timeout': -5}, "mobility_service_install_timeout=-5", 'whole number'),
    ({'installer_url': 'ftp://repo/asr'}, "mobility_service_installer_url='ftp://repo/asr'", 'http:// or https://'),
])
def test_bad_settings_name_variable_value_and_what_is_allowed(changes, variable, allowed):
    findings = preflight.settings_findings(settings(**changes))
    assert len(findings) == 1, findings
    assert variable in findings[0] and allowed in findings[0]


def test_an_http_repository_needs_pinned_checksums():
    # its SHA256SUMS comes from the same server, over a channel anyone on the way can change
    findings = preflight.settings_findings(settings(installer_dir='', installer_url='http://repo.example.com/asr'))
    assert len(findings) == 1, findings
    assert "mobility_service_installer_url='http://repo.example.com/asr'" in findings[0]
    assert 'https://' in findings[0] and 'mobility_service_checksums' in findings[0]
    assert preflight.settings_findings(settings(installer_dir='', installer_url='http://repo.example.com/asr',
                                                checksums_pinned=True)) == []
    assert preflight.settings_findings(settings(installer_dir='', installer_url='https://repo.example.com/asr')) == []


def test_missing_secret_is_a_finding_without_any_value():
    findings = preflight.settings_findings(settings(passphrase_set=False))
    assert len(findings) == 1 and 'mobility_service_passphrase is empty or undefined' in findings[0]
    assert 'vault' in findings[0]


def test_modernized_without_config_json_is_judged_later():
    # a registered modernized agent upgrades and re-registers without config.json: only the host can tell
    assert preflight.settings_findings(settings(cs_type='CSPrime', config_file_set=False, passphrase_set=False)) == []


def test_no_installer_source_and_no_server():
    findings = preflight.settings_findings(settings(installer_dir='', cs_address=''))
    assert any('installer_dir and mobility_service_installer_url are both empty' in f for f in findings)
    assert any('mobility_service_cs_address is empty' in f for f in findings)


def test_removal_needs_neither_server_nor_installers():
    assert preflight.settings_findings(settings(state='absent', installer_dir='', cs_address='',
                                                passphrase_set=False)) == []


def test_measured_free_space_wins_over_the_mounts_fact():
    # the mounts fact says 20 GB on /; the host measured less on / and in a tmpfs installation folder
    found = preflight.preflight_findings(facts(), measured_free_mb={'/': 100, '/usr/local/ASR': 50})['findings']
    assert found == ['disk: 100 MB free for /, 2048 MB needed', 'disk: 50 MB free for /usr/local/ASR, 250 MB needed']


def test_measured_free_space_that_suffices_is_no_finding():
    small_mounts = [{'mount': '/', 'size_available': 10 * MB}]
    result = preflight.preflight_findings(facts(mounts=small_mounts), measured_free_mb={'/': 4096, '/usr/local/ASR': 4096})
    assert result['findings'] == []


@pytest.mark.parametrize('changes', [
    {'distribution_version': '9.1', 'distribution_major_version': '9'},
    {'distribution': 'Ubuntu', 'os_family': 'Debian', 'distribution_version': '22.04', 'distribution_major_version': '22'},
    {'distribution_version': '10.0', 'distribution_major_version': '10'},
])
def test_a_classic_rollout_to_a_modernized_only_system_is_refused(changes):
    host = facts(**changes)
    refused = preflight.preflight_findings(host, cs_type='CSLegacy')
    assert refused['installer_tag'] is None and len(refused['findings']) == 1
    assert 'modernized architecture only (CSPrime)' in refused['findings'][0]
    accepted = preflight.preflight_findings(host, cs_type='CSPrime')
    assert accepted['installer_tag'] and accepted['findings'] == []


def test_a_classic_rollout_to_a_system_that_takes_both_passes():
    assert preflight.preflight_findings(facts(), cs_type='CSLegacy')['findings'] == []


@pytest.mark.parametrize('value, good', [('', True), ('9.60', True), ('9.60.6956.1', True), ('latest', False),
                                         ('9.x', False)])
def test_the_server_version_setting(value, good):
    findings = preflight.settings_findings(settings(server_version=value))
    if good:
        assert findings == []
    else:
        assert len(findings) == 1 and "mobility_service_server_version=%r" % value in findings[0]


def test_a_folder_on_a_noexec_mount_is_a_finding():
    facts = {'system': 'Linux', 'os_family': 'RedHat', 'distribution': 'RedHat', 'distribution_version': '8.6',
             'distribution_major_version': '8', 'distribution_release': 'Ootpa', 'architecture': 'x86_64'}
    result = preflight.preflight_findings(facts, noexec_paths=['/var/tmp/asr-mobility'])
    assert any(f.startswith('noexec: /var/tmp/asr-mobility is on a file system mounted noexec') for f in result['findings'])
    assert preflight.preflight_findings(facts)["findings"] == []
