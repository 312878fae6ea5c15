# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of the installer catalog."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.siterecovery.mobility.plugins.module_utils import catalog
from ansible_collections.siterecovery.mobility.tests.unit.plugins.module_utils.facts_fixtures import (
    SUPPORTED, UNSUPPORTED)

# Every tag of the vendor's installer list (2020 list plus later additions).
DOCUMENTED_TAGS = {
    'Windows', 'RHEL5-64', 'RHEL6-64', 'RHEL7-64', 'RHEL8-64', 'RHEL9-64',
    'OL6-64', 'OL7-64', 'OL8-64', 'OL9-64',
    'SLES11-SP3-64', 'SLES11-SP4-64', 'SLES12-64', 'SLES15-64',
    'UBUNTU-14.04-64', 'UBUNTU-16.04-64', 'UBUNTU-18.04-64', 'UBUNTU-20.04-64',
    'UBUNTU-22.04-64', 'UBUNTU-24.04-64',
    'DEBIAN7-64', 'DEBIAN8-64', 'DEBIAN9-64', 'DEBIAN10-64', 'DEBIAN11-64', 'DEBIAN12-64',
}


@pytest.mark.parametrize('facts, expected', [case[1:] for case in SUPPORTED], ids=[case[0] for case in SUPPORTED])
def test_supported_systems_get_their_tag(facts, expected):
    assert catalog.installer_tag(facts) == expected


@pytest.mark.parametrize('facts, fragments', [case[1:] for case in UNSUPPORTED], ids=[case[0] for case in UNSUPPORTED])
def test_unsupported_systems_are_refused_with_what_was_found(facts, fragments):
    with pytest.raises(catalog.CatalogError) as err:
        catalog.installer_tag(facts)
    for fragment in fragments:
        assert fragment in str(err.value)


def test_table_covers_every_documented_tag_and_nothing_else():
    assert set(catalog.KNOWN_TAGS) == DOCUMENTED_TAGS
    assert len(catalog.KNOWN_TAGS) == len(set(catalog.KNOWN_TAGS))


def test_every_tag_is_reached_by_some_fixture():
    reached = {case[2] for case in SUPPORTED}
    assert reached == DOCUMENTED_TAGS


def test_refusal_lists_the_supported_systems():
    facts = dict(SUPPORTED[0][1], distribution='Gentoo', distribution_version='2.14',
                 distribution_major_version='2')
    with pytest.raises(catalog.CatalogError) as err:
        catalog.installer_tag(facts)
    message = str(err.value)
    assert 'Gentoo 2.14' in message
    for tag in ('RHEL8-64', 'UBUNTU-24.04-64', 'SLES15-64', 'DEBIAN12-64'):
        assert tag in message


def test_missing_architecture_is_named():
    facts = dict(SUPPORTED[0][1])
    del facts['architecture']
    with pytest.raises(catalog.CatalogError, match="'unknown'"):
        catalog.installer_tag(facts)


def test_facts_must_be_a_dict():
    with pytest.raises(catalog.CatalogError, match='dictionary'):
        catalog.installer_tag(['RedHat'])


def test_extra_rows_add_a_distribution():
    facts = {'system': 'Linux', 'architecture': 'x86_64', 'distribution': 'MyEL',
             'distribution_version': '9.1', 'distribution_major_version': '9'}
    with pytest.raises(catalog.CatalogError):
        catalog.installer_tag(facts)
    extra = [{'tag': 'RHEL9-64', 'distributions': ['MyEL'], 'versions': {'major': '9'}}]
    assert catalog.installer_tag(facts, extra) == 'RHEL9-64'


def test_extra_rows_are_checked_before_the_table():
    facts = SUPPORTED[6][1]  # RHEL 8.6
    extra = [{'tag': 'RHEL9-64', 'distributions': ['RedHat'], 'versions': {'exact': ['8.6']}}]
    assert catalog.installer_tag(facts, extra) == 'RHEL9-64'


@pytest.mark.parametrize('row', [{'tag': 'X'}, {'tag': 'X', 'distributions': ['A'], 'versions': '9'}, 'X'])
def test_malformed_extra_rows_are_refused(row):
    with pytest.raises(catalog.CatalogError, match='extra catalog row'):
        catalog.installer_tag(SUPPORTED[0][1], [row])


@pytest.mark.parametrize('tag, version, expected', [
    ('SLES11-SP3-64', None, True),
    ('SLES11-SP3-64', '9.35.0.0', False),
    ('SLES11-SP3-64', '9.36.0.0', True),
    ('SLES11-SP4-64', '9.66.7567.1', True),
    ('RHEL5-64', '9.40.1.1', True),
    ('DEBIAN7-64', '9.36', True),
    ('DEBIAN8-64', '9.50.0.0', True),
    ('UBUNTU-14.04-64', '9.41.0.0', False),
    ('UBUNTU-14.04-64', '9.42.0.0', True),
    ('DEBIAN9-64', '9.51.0.0', False),
    ('DEBIAN9-64', '9.52.0.0', True),
    ('RHEL8-64', '9.66.7567.1', False),
    ('Windows', None, False),
    ('UBUNTU-20.04-64', None, False),
])
def test_manual_download(tag, version, expected):
    assert catalog.needs_manual_download(tag, version) is expected


def test_manual_download_list_for_a_current_version():
    assert set(catalog.manual_download_tags('9.66.7567.1')) == {
        'SLES11-SP3-64', 'SLES11-SP4-64', 'RHEL5-64', 'DEBIAN7-64', 'DEBIAN8-64',
        'UBUNTU-14.04-64', 'DEBIAN9-64'}


def test_manual_download_unknown_tag():
    with pytest.raises(catalog.CatalogError, match='unknown installer tag'):
        catalog.needs_manual_download('RHEL4-64')


@pytest.mark.parametrize('name, expected', [
    ('Microsoft-ASR_UA_9.66.7569.1_RHEL6-64_GA_22Sep2025_release.tar.gz',
     {'version': '9.66.7569.1', 'tag': 'RHEL6-64', 'date': '22Sep2025', 'kind': 'tar.gz'}),
    ('/srv/asr/Microsoft-ASR_UA_9.64.7374.1_Windows_GA_11Mar2025_release.exe',
     {'version': '9.64.7374.1', 'tag': 'Windows', 'date': '11Mar2025', 'kind': 'exe'}),
    ('Microsoft-ASR_UA_9.30.0.0_UBUNTU-16.04-64_GA_22Oct2019_release.tar.gz',
     {'version': '9.30.0.0', 'tag': 'UBUNTU-16.04-64', 'date': '22Oct2019', 'kind': 'tar.gz'}),
    ('C:\\Temp\\Microsoft-ASR_UA_9.65.0.0_SLES11-SP3-64_GA_23Apr2025_release.tar.gz',
     {'version': '9.65.0.0', 'tag': 'SLES11-SP3-64', 'date': '23Apr2025', 'kind': 'tar.gz'}),
])
def test_parse_installer_name(name, expected):
    info = catalog.parse_installer_name(name)
    assert info['file'] == name.replace('\\', '/').rsplit('/', 1)[-1]
    for key, value in expected.items():
        assert info[key] == value


@pytest.mark.parametrize('name', [
    'SHA256SUMS',
    'README.txt',
    'Microsoft-ASR_UA_9.66.7567.1_RHEL8-64_GA_20Sep2025_release.tar.gz.sha256',
    'Microsoft-ASR_UA_9.66.7567.1_RHEL8-64_GA_20Sep2025_release.zip',
    'Microsoft-ASR_UA_9.66.7567.1_RHEL8-64_GA_20Sep2025_release.exe',
    'Microsoft-ASR_UA_9.66.7567.1_Windows_GA_20Sep2025_release.tar.gz',
    'Microsoft-ASR_UA_9.66.7567.1_RHEL8-64_GA_20Foo2025_release.tar.gz',
    'Microsoft-ASR_UA_latest_RHEL8-64_GA_20Sep2025_release.tar.gz',
    'Microsoft-ASR_UA_9.66.7567.1_RHEL8-64_GA_20Sep2025.tar.gz',
])
def test_unrelated_names_are_ignored(name):
    assert catalog.parse_installer_name(name) is None


FILES = [
    'SHA256SUMS',
    'Microsoft-ASR_UA_9.64.7374.1_RHEL8-64_GA_11Mar2025_release.tar.gz',
    'Microsoft-ASR_UA_9.66.7567.1_RHEL8-64_GA_20Sep2025_release.tar.gz',
    'Microsoft-ASR_UA_9.65.0.0_RHEL8-64_GA_23Apr2025_release.tar.gz',
    'Microsoft-ASR_UA_9.66.7569.1_RHEL6-64_GA_22Sep2025_release.tar.gz',
    'Microsoft-ASR_UA_9.66.7567.1_Windows_GA_20Sep2025_release.exe',
    'Microsoft-ASR_UA_9.9.0.0_RHEL8-64_GA_01Jan2016_release.tar.gz',
]


def test_select_newest_for_tag():
    assert catalog.select_installer(FILES, 'RHEL8-64')['version'] == '9.66.7567.1'
    assert catalog.select_installer(FILES, 'RHEL6-64')['version'] == '9.66.7569.1'
    assert catalog.select_installer(FILES, 'Windows')['kind'] == 'exe'


def test_select_compares_versions_numerically():
    names = ['Microsoft-ASR_UA_9.9.0.0_DEBIAN9-64_GA_01Jan2016_release.tar.gz',
             'Microsoft-ASR_UA_9.10.0.0_DEBIAN9-64_GA_01Jan2016_release.tar.gz']
    assert catalog.select_installer(names, 'DEBIAN9-64')['version'] == '9.10.0.0'


def test_select_same_version_prefers_latest_date():
    names = ['Microsoft-ASR_UA_9.66.7567.1_RHEL9-64_GA_20Sep2025_release.tar.gz',
             'Microsoft-ASR_UA_9.66.7567.1_RHEL9-64_GA_02Oct2025_release.tar.gz',
             'Microsoft-ASR_UA_9.66.7567.1_RHEL9-64_GA_28Aug2025_release.tar.gz']
    assert catalog.select_installer(names, 'RHEL9-64')['date'] == '02Oct2025'


@pytest.mark.parametrize('pin, expected', [
    ('9.65', '9.65.0.0'), ('9.64.7374.1', '9.64.7374.1'), ('9.66', '9.66.7567.1'), ('9', '9.66.7567.1'), ('', '9.66.7567.1'),
])
def test_select_with_pin(pin, expected):
    assert catalog.select_installer(FILES, 'RHEL8-64', pin)['version'] == expected


def test_select_pin_not_available_lists_versions():
    with pytest.raises(catalog.CatalogError) as err:
        catalog.select_installer(FILES, 'RHEL8-64', '9.63')
    assert '9.63' in str(err.value)
    assert '9.9.0.0, 9.64.7374.1, 9.65.0.0, 9.66.7567.1' in str(err.value)


def test_select_bad_pin():
    with pytest.raises(catalog.CatalogError, match="invalid version pin 'latest'"):
        catalog.select_installer(FILES, 'RHEL8-64', 'latest')


def test_select_missing_tag_names_what_was_found():
    with pytest.raises(catalog.CatalogError) as err:
        catalog.select_installer(FILES, 'SLES15-64')
    assert 'SLES15-64' in str(err.value)
    assert 'RHEL6-64, RHEL8-64, Windows' in str(err.value)


def test_select_from_empty_directory():
    with pytest.raises(catalog.CatalogError, match='no installer for tag RHEL8-64 among 0 file'):
        catalog.select_installer([], 'RHEL8-64')


@pytest.mark.parametrize('version, expected', [
    ('9.66.7567.1', (9, 66, 7567, 1)), ('7.9.2009', (7, 9, 2009)), ('8.6-beta', (8, 6)), ('', ()), (None, ()),
    ('n/a', ()), ('15', (15,)),
])
def test_version_tuple(version, expected):
    assert catalog.version_tuple(version) == expected


def _doc_rows():
    import os
    here = os.path.dirname(__file__)
    path = os.path.join(here, '..', '..', '..', '..', 'docs', 'installer-catalog.md')
    rows = {}
    with open(path) as handle:
        for line in handle:
            cells = [c.strip() for c in line.strip().strip('|').split('|')]
            if len(cells) == 3 and cells[0].startswith('`'):
                rows[cells[0].strip('`')] = cells[2]
    return rows


def test_user_documentation_lists_every_tag_with_its_manual_download_version():
    rows = _doc_rows()
    assert set(rows) == set(catalog.KNOWN_TAGS)
    for row in catalog.INSTALLER_TABLE:
        assert rows[row['tag']] == row.get('manual_since', '–'), row['tag']


def test_select_installers_per_tag_newest_of_each():
    chosen = catalog.select_installers_per_tag(FILES)
    assert [(c['tag'], c['version']) for c in chosen] == [
        ('RHEL6-64', '9.66.7569.1'), ('RHEL8-64', '9.66.7567.1'), ('Windows', '9.66.7567.1')]


def test_select_installers_per_tag_with_pin_falls_back_where_missing():
    chosen = catalog.select_installers_per_tag(FILES, '9.65')
    assert [(c['tag'], c['version']) for c in chosen] == [
        ('RHEL6-64', '9.66.7569.1'), ('RHEL8-64', '9.65.0.0'), ('Windows', '9.66.7567.1')]


def test_select_installers_per_tag_only_the_tags_asked_for():
    assert [c['tag'] for c in catalog.select_installers_per_tag(FILES, tags=['RHEL8-64'])] == ['RHEL8-64']
    with pytest.raises(catalog.CatalogError, match='no installer for tag SLES11-SP3-64'):
        catalog.select_installers_per_tag(FILES, tags=['SLES11-SP3-64'])


def test_select_installers_per_tag_flags_manual_downloads():
    names = ['Microsoft-ASR_UA_9.66.7567.1_SLES11-SP3-64_GA_20Sep2025_release.tar.gz',
             'Microsoft-ASR_UA_9.66.7567.1_RHEL8-64_GA_20Sep2025_release.tar.gz']
    flags = dict((c['tag'], c['manual_download']) for c in catalog.select_installers_per_tag(names))
    assert flags == {'SLES11-SP3-64': True, 'RHEL8-64': False}
