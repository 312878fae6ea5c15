# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of the installer catalog."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.siterecovery.mobility.plugins.module_utils import catalog
from ansible_collections.siterecovery.mobility.tests.unit.plugins.module_utils.facts_fixtures import (
    SUPPORTED, UNSUPPORTED, linux)

# Every tag of the vendor's installer list (2020 list plus later additions).
DOCUMENTED_TAGS = {
    'Windows', 'RHEL5-64', 'RHEL6-64', 'RHEL7-64', 'RHEL8-64', 'RHEL9-64',
    'RHEL10-64', 'OL6-64', 'OL7-64', 'OL8-64', 'OL9-64', 'OL10-64',
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
            if len(cells) == 4 and cells[0].startswith('`'):
                rows[cells[0].strip('`')] = cells[2:]
    return rows


def test_user_documentation_lists_every_tag_with_its_manual_download_version():
    rows = _doc_rows()
    assert set(rows) == set(catalog.KNOWN_TAGS)
    for row in catalog.INSTALLER_TABLE:
        assert rows[row['tag']][1] == row.get('manual_since', '–'), row['tag']


def test_user_documentation_says_which_systems_are_modernized_only():
    rows = _doc_rows()
    for row in catalog.INSTALLER_TABLE:
        cell = rows[row['tag']][0]
        if 'CSLegacy' in row.get('cs_types', catalog.CS_TYPES):
            assert cell == '–', row['tag']
        elif row.get('cs_types_versions'):
            assert cell.startswith('CSPrime only:'), row['tag']
        else:
            assert cell == 'CSPrime only', row['tag']


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


# ---------------------------------------------------------------- file names: _release or _Release

@pytest.mark.parametrize('name', [
    'Microsoft-ASR_UA_9.55.0.0_RHEL7-64_GA_11Jul2023_Release.tar.gz',
    'Microsoft-ASR_UA_9.55.0.0_RHEL7-64_GA_11Jul2023_RELEASE.tar.gz',
    'Microsoft-ASR_UA_9.55.0.0_RHEL7-64_GA_11Jul2023_release.tar.gz',
])
def test_the_release_suffix_is_matched_without_case(name):
    info = catalog.parse_installer_name('/srv/asr/' + name)
    assert (info['version'], info['tag'], info['kind'], info['file']) == ('9.55.0.0', 'RHEL7-64', 'tar.gz', name)


def test_a_windows_installer_with_a_capital_release_suffix():
    name = 'Microsoft-ASR_UA_9.55.0.0_Windows_GA_11Jul2023_Release.exe'
    assert catalog.parse_installer_name(name)['kind'] == 'exe'


def test_selection_sees_both_spellings_of_the_suffix():
    names = ['Microsoft-ASR_UA_9.55.0.0_RHEL7-64_GA_11Jul2023_Release.tar.gz',
             'Microsoft-ASR_UA_9.54.0.0_RHEL7-64_GA_01May2023_release.tar.gz',
             'Microsoft-ASR_UA_9.55.0.0_Windows_GA_11Jul2023_Release.exe']
    assert catalog.select_installer(names, 'RHEL7-64')['file'] == names[0]
    assert [c['file'] for c in catalog.select_installers_per_tag(names)] == [names[0], names[2]]


@pytest.mark.parametrize('name', [
    'Microsoft-ASR_UA_9.55.0.0_RHEL7-64_GA_11Jul2023_Released.tar.gz',
    'Microsoft-ASR_UA_9.55.0.0_RHEL7-64_GA_11Jul2023_Relase.tar.gz',
])
def test_other_suffixes_are_still_ignored(name):
    assert catalog.parse_installer_name(name) is None


# ---------------------------------------------------------------- support matrix limits

def test_centos_stream_is_refused_with_the_reason():
    with pytest.raises(catalog.CatalogError) as err:
        catalog.installer_tag(linux('CentOS', '9', '9', 'Stream', 'RedHat'))
    message = str(err.value)
    assert 'CentOS Stream' in message and 'not supported' in message
    # CentOS Linux 8 is not CentOS Stream
    assert catalog.installer_tag(linux('CentOS', '8.5.2111', '8', 'Core', 'RedHat')) == 'RHEL8-64'


def test_an_extra_row_can_still_accept_a_refused_system():
    facts = linux('CentOS', '9', '9', 'Stream', 'RedHat')
    extra = [{'tag': 'RHEL9-64', 'distributions': ['CentOS'], 'versions': {'major': '9'}}]
    assert catalog.installer_tag(facts, extra) == 'RHEL9-64'


@pytest.mark.parametrize('version, supported', [('9.0', False), ('9.1', True), ('9.13', True), ('9', True)])
def test_debian_9_0_is_refused_but_not_later_9_releases(version, supported):
    facts = linux('Debian', version, '9', 'stretch', 'Debian')
    if supported:
        assert catalog.installer_tag(facts) == 'DEBIAN9-64'
    else:
        with pytest.raises(catalog.CatalogError, match=r'Debian 9\.0.*not supported'):
            catalog.installer_tag(facts)


@pytest.mark.parametrize('version', ['9.0', '9.1'])
def test_oracle_linux_9_0_and_9_1_are_refused(version):
    with pytest.raises(catalog.CatalogError, match='removed from the support matrix'):
        catalog.installer_tag(linux('OracleLinux', version, '9', '', 'RedHat'))


@pytest.mark.parametrize('facts, tag', [
    (linux('RedHat', '10.0', '10', 'Coughlan', 'RedHat'), 'RHEL10-64'),
    (linux('Rocky', '10.0', '10', 'Red Quartz', 'RedHat'), 'RHEL10-64'),
    (linux('OracleLinux', '10.0', '10', '', 'RedHat'), 'OL10-64'),
])
def test_el10_is_modernized_only(facts, tag):
    assert catalog.installer_tag(facts) == tag
    assert catalog.installer_tag(facts, cs_type='CSPrime') == tag
    assert catalog.supported_cs_types(facts) == ['CSPrime']
    with pytest.raises(catalog.CatalogError) as err:
        catalog.installer_tag(facts, cs_type='CSLegacy')
    assert 'modernized' in str(err.value) and 'CSPrime' in str(err.value) and 'CSLegacy' in str(err.value)


@pytest.mark.parametrize('facts, legacy', [
    (linux('RedHat', '9.0', '9', 'Plow', 'RedHat'), False),
    (linux('RedHat', '9.1', '9', 'Plow', 'RedHat'), False),
    (linux('Rocky', '9.1', '9', 'Blue Onyx', 'RedHat'), False),
    (linux('AlmaLinux', '9.0', '9', 'Emerald Puma', 'RedHat'), False),
    (linux('RedHat', '9.2', '9', 'Plow', 'RedHat'), True),
    (linux('RedHat', '9.6', '9', 'Plow', 'RedHat'), True),
    (linux('Ubuntu', '22.04', '22', 'jammy', 'Debian'), False),
    (linux('Ubuntu', '20.04', '20', 'focal', 'Debian'), True),
    (linux('Ubuntu', '24.04', '24', 'noble', 'Debian'), True),
])
def test_modernized_only_systems_of_the_matrix(facts, legacy):
    tag = catalog.installer_tag(facts)
    assert catalog.installer_tag(facts, cs_type='CSPrime') == tag
    if legacy:
        assert catalog.installer_tag(facts, cs_type='CSLegacy') == tag
        assert catalog.supported_cs_types(facts) == ['CSLegacy', 'CSPrime']
    else:
        with pytest.raises(catalog.CatalogError) as err:
            catalog.installer_tag(facts, cs_type='CSLegacy')
        message = str(err.value)
        assert '%s %s' % (facts['distribution'], facts['distribution_version']) in message
        assert 'modernized architecture only (CSPrime)' in message and 'classic (CSLegacy)' in message


def test_windows_takes_both_architectures():
    facts = SUPPORTED[-1][1]
    assert catalog.installer_tag(facts, cs_type='CSLegacy') == catalog.installer_tag(facts, cs_type='CSPrime')


def test_an_unknown_cs_type_is_refused():
    with pytest.raises(catalog.CatalogError, match="unknown CS type 'CSFoo'"):
        catalog.installer_tag(SUPPORTED[0][1], cs_type='CSFoo')


def test_extra_rows_can_restrict_the_architecture_by_version():
    facts = {'system': 'Linux', 'architecture': 'x86_64', 'distribution': 'MyEL',
             'distribution_version': '9.1', 'distribution_major_version': '9'}
    extra = [{'tag': 'RHEL9-64', 'distributions': ['MyEL'], 'versions': {'major': '9'},
              'cs_types': ['CSPrime'], 'cs_types_versions': {'max': '9.1'}}]
    assert catalog.installer_tag(facts, extra, cs_type='CSPrime') == 'RHEL9-64'
    with pytest.raises(catalog.CatalogError, match='modernized architecture only'):
        catalog.installer_tag(facts, extra, cs_type='CSLegacy')
    assert catalog.installer_tag(dict(facts, distribution_version='9.2'), extra, cs_type='CSLegacy') == 'RHEL9-64'


def test_extra_rows_can_refuse_a_version_with_a_reason():
    facts = {'system': 'Linux', 'architecture': 'x86_64', 'distribution': 'MyEL',
             'distribution_version': '9.0', 'distribution_major_version': '9'}
    extra = [{'tag': 'RHEL9-64', 'distributions': ['MyEL'], 'versions': {'major': '9'},
              'exclude': [{'versions': {'exact': ['9.0']}, 'reason': 'MyEL 9.0 has a broken kernel'}]}]
    with pytest.raises(catalog.CatalogError, match='MyEL 9.0 has a broken kernel'):
        catalog.installer_tag(facts, extra)


@pytest.mark.parametrize('row', [
    {'tag': 'X', 'distributions': ['A'], 'versions': {}, 'cs_types': ['CSFoo']},
    {'tag': 'X', 'distributions': ['A'], 'versions': {}, 'cs_types': 'CSPrime'},
    {'tag': 'X', 'distributions': ['A'], 'versions': {}, 'cs_types': ['CSPrime'], 'cs_types_versions': '9.1'},
    {'tag': 'X', 'distributions': ['A'], 'versions': {}, 'exclude': [{'versions': {'exact': ['1']}}]},
    {'tag': 'X', 'distributions': ['A'], 'versions': {}, 'exclude': {'reason': 'x'}},
    {'tag': 'X', 'distributions': ['A'], 'versions': {}, 'exclude': [{'reason': 'no condition'}]},
])
def test_malformed_restrictions_in_extra_rows_are_refused(row):
    with pytest.raises(catalog.CatalogError, match='extra catalog row'):
        catalog.installer_tag(SUPPORTED[0][1], [row])


# ---------------------------------------------------------------- never newer than the server

SERVER_FILES = [
    'Microsoft-ASR_UA_9.60.6956.1_RHEL8-64_GA_20Mar2024_release.tar.gz',
    'Microsoft-ASR_UA_9.64.7374.1_RHEL8-64_GA_11Mar2025_release.tar.gz',
    'Microsoft-ASR_UA_9.66.7567.1_RHEL8-64_GA_20Sep2025_release.tar.gz',
    'Microsoft-ASR_UA_9.66.7567.1_Windows_GA_20Sep2025_release.exe',
]


def test_without_a_server_version_the_newest_is_chosen_and_said_so():
    choice = catalog.select_installer(SERVER_FILES, 'RHEL8-64')
    assert choice['version'] == '9.66.7567.1' and choice['capped'] is False
    assert '9.66.7567.1' in choice['reason']


@pytest.mark.parametrize('server, expected', [
    ('9.64.7374.1', '9.64.7374.1'), ('9.64', '9.64.7374.1'), ('9.65.7423.1', '9.64.7374.1'),
    ('9.66.7567.1', '9.66.7567.1'), ('9.67', '9.66.7567.1'), ('', '9.66.7567.1'), (None, '9.66.7567.1'),
])
def test_the_server_version_caps_the_choice(server, expected):
    assert catalog.select_installer(SERVER_FILES, 'RHEL8-64', server_version=server)['version'] == expected


def test_a_capped_choice_names_the_server_and_the_skipped_installer():
    choice = catalog.select_installer(SERVER_FILES, 'RHEL8-64', server_version='9.65.7423.1')
    assert choice['capped'] is True and choice['skipped_version'] == '9.66.7567.1'
    assert '9.64.7374.1' in choice['reason'] and '9.65.7423.1' in choice['reason']
    assert '9.66.7567.1' in choice['reason'] and 'newer than' in choice['reason']


def test_a_later_build_of_the_same_release_is_newer_than_the_server():
    assert catalog.select_installer(SERVER_FILES, 'RHEL8-64', server_version='9.66.7000.1')['version'] == '9.64.7374.1'


def test_no_installer_old_enough_is_a_clear_failure():
    with pytest.raises(catalog.CatalogError) as err:
        catalog.select_installer(SERVER_FILES, 'RHEL8-64', server_version='9.55.0.0')
    message = str(err.value)
    assert 'RHEL8-64' in message and '9.55.0.0' in message
    assert '9.60.6956.1, 9.64.7374.1, 9.66.7567.1' in message and 'upgrade' in message


def test_a_pin_newer_than_the_server_is_a_clear_failure():
    with pytest.raises(catalog.CatalogError) as err:
        catalog.select_installer(SERVER_FILES, 'RHEL8-64', '9.66', server_version='9.64.7374.1')
    assert '9.66' in str(err.value) and '9.64.7374.1' in str(err.value)
    assert catalog.select_installer(SERVER_FILES, 'RHEL8-64', '9.60', server_version='9.64')['version'] == '9.60.6956.1'


def test_a_bad_server_version_is_refused():
    with pytest.raises(catalog.CatalogError, match="invalid server version 'latest'"):
        catalog.select_installer(SERVER_FILES, 'RHEL8-64', server_version='latest')


def test_staging_per_tag_respects_the_server_version():
    names = SERVER_FILES + ['Microsoft-ASR_UA_9.64.7374.1_Windows_GA_11Mar2025_release.exe']
    chosen = catalog.select_installers_per_tag(names, server_version='9.64.7374.1')
    assert [(c['tag'], c['version'], c['capped']) for c in chosen] == [
        ('RHEL8-64', '9.64.7374.1', True), ('Windows', '9.64.7374.1', True)]
    with pytest.raises(catalog.CatalogError, match='no installer for tag Windows'):
        catalog.select_installers_per_tag(SERVER_FILES, server_version='9.64.7374.1')
