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
