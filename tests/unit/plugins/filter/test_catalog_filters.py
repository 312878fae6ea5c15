# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The filter plugin wraps the catalog and turns its errors into filter errors."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.siterecovery.mobility.plugins.filter.catalog import FilterModule

FILTERS = FilterModule().filters()
RHEL8 = {'system': 'Linux', 'architecture': 'x86_64', 'os_family': 'RedHat', 'distribution': 'RedHat',
         'distribution_version': '8.6', 'distribution_major_version': '8', 'distribution_release': 'Ootpa'}


def test_filter_names():
    assert {'installer_tag', 'installer_file_info', 'select_installer', 'select_installers_per_tag',
            'needs_manual_download'} == set(FILTERS)


def test_installer_tag_filter():
    assert FILTERS['installer_tag'](RHEL8) == 'RHEL8-64'


def test_installer_tag_filter_error_is_a_filter_error():
    with pytest.raises(AnsibleFilterError, match='aarch64'):
        FILTERS['installer_tag'](dict(RHEL8, architecture='aarch64'))


def test_select_installer_filter():
    names = ['x', 'Microsoft-ASR_UA_9.66.7567.1_RHEL8-64_GA_20Sep2025_release.tar.gz']
    assert FILTERS['select_installer'](names, 'RHEL8-64')['file'] == names[1]
    with pytest.raises(AnsibleFilterError, match='no installer for tag RHEL9-64'):
        FILTERS['select_installer'](names, 'RHEL9-64')


def test_file_info_and_manual_download_filters():
    assert FILTERS['installer_file_info']('foo.tar.gz') is None
    assert FILTERS['needs_manual_download']('DEBIAN9-64', '9.52.0.0') is True
    with pytest.raises(AnsibleFilterError):
        FILTERS['needs_manual_download']('NOPE')


RHEL91 = dict(RHEL8, distribution_version='9.1', distribution_major_version='9', distribution_release='Plow')


def test_installer_tag_filter_answers_for_a_cs_type():
    assert FILTERS['installer_tag'](RHEL91, cs_type='CSPrime') == 'RHEL9-64'
    assert FILTERS['installer_tag'](RHEL91, [], 'CSPrime') == 'RHEL9-64'
    with pytest.raises(AnsibleFilterError, match='modernized architecture only'):
        FILTERS['installer_tag'](RHEL91, cs_type='CSLegacy')


def test_select_installer_filter_caps_at_the_server_version():
    names = ['Microsoft-ASR_UA_9.64.7374.1_RHEL8-64_GA_11Mar2025_Release.tar.gz',
             'Microsoft-ASR_UA_9.66.7567.1_RHEL8-64_GA_20Sep2025_release.tar.gz']
    choice = FILTERS['select_installer'](names, 'RHEL8-64', '', '9.65')
    assert choice['file'] == names[0] and choice['capped'] is True
    assert FILTERS['select_installer'](names, 'RHEL8-64', server_version='9.64.7374.1')['file'] == names[0]
    with pytest.raises(AnsibleFilterError, match='9.60'):
        FILTERS['select_installer'](names, 'RHEL8-64', server_version='9.60')
    staged = FILTERS['select_installers_per_tag'](names, server_version='9.65')
    assert [c['file'] for c in staged] == [names[0]]


def test_file_info_filter_takes_the_capital_release_suffix():
    info = FILTERS['installer_file_info']('Microsoft-ASR_UA_9.55.0.0_RHEL7-64_GA_11Jul2023_Release.tar.gz')
    assert info['tag'] == 'RHEL7-64'


def test_preflight_filter_passes_the_cs_type_and_the_memory_rule():
    from ansible_collections.siterecovery.mobility.plugins.filter.preflight import FilterModule as Preflight
    preflight = Preflight().filters()['preflight_findings']
    host = dict(RHEL91, memtotal_mb=16000, memory_mb={'nocache': {'free': 100}})
    result = preflight(host, cs_type='CSLegacy')
    assert len(result['findings']) == 1 and 'modernized architecture only' in result['findings'][0]
    assert result['warnings'] == ['memory: 100 MB of 16000 MB free, the agent uses about 10 % of the memory (1600 MB)']
    required = preflight(host, cs_type='CSPrime', memory_required=True)
    assert required['findings'] == result['warnings'] and required['warnings'] == []
