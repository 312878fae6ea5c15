# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Expected SHA-256 of installers."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.siterecovery.mobility.plugins.plugin_utils import checksums

A = 'a' * 64
B = 'B' * 64
NAME = 'Microsoft-ASR_UA_9.66.7567.1_RHEL8-64_GA_20Sep2025_release.tar.gz'
SUMS = '# made with sha256sum\n%s  %s\n%s *installers/other.exe\n\n' % (A, NAME, B)


def test_parse_sha256sum_output():
    assert checksums.parse_sha256sums(SUMS) == {NAME: A, 'other.exe': B.lower()}


def test_malformed_line_is_refused_with_its_number():
    with pytest.raises(checksums.ChecksumError, match='line 2'):
        checksums.parse_sha256sums('%s  %s\nnot a checksum line\n' % (A, NAME))


def test_expected_from_sums():
    assert checksums.expected_sha256(NAME, SUMS) == A


def test_override_wins_and_may_carry_a_prefix():
    assert checksums.expected_sha256(NAME, SUMS, {NAME: 'sha256:' + 'C' * 64}) == 'c' * 64


def test_bad_override_is_refused():
    with pytest.raises(checksums.ChecksumError, match='not a SHA-256'):
        checksums.expected_sha256(NAME, SUMS, {NAME: 'abc'})


def test_overrides_must_be_a_dict():
    with pytest.raises(checksums.ChecksumError, match='dictionary'):
        checksums.expected_sha256(NAME, SUMS, ['x'])


def test_unknown_file_names_where_to_add_it():
    with pytest.raises(checksums.ChecksumError) as err:
        checksums.expected_sha256('Microsoft-ASR_UA_9.66.7567.1_RHEL9-64_GA_20Sep2025_release.tar.gz', SUMS)
    assert 'SHA256SUMS' in str(err.value) and 'mobility_service_checksums' in str(err.value)


def _found(name, digest, local=None):
    entry = {'item': {'filename': name, 'path': 'C:\\repo\\' + name, 'checksum': digest}, 'stat': {'exists': local is not None}}
    if local is not None:
        entry['stat']['checksum'] = local
    return entry


def test_harvest_plan_fetches_only_what_the_controller_lacks():
    plan = checksums.harvest_plan([_found(NAME, B), _found('x.exe', A, local=A), _found('y.exe', A, local='c' * 64)])
    assert plan['fetch'] == [{'filename': NAME, 'path': 'C:\\repo\\' + NAME, 'checksum': B.lower()}]
    assert plan['present'] == ['x.exe']
    assert plan['conflicts'] == ['y.exe']


def test_harvest_plan_compares_digests_without_case():
    assert checksums.harvest_plan([_found(NAME, B, local=B.lower())])['present'] == [NAME]


def test_harvest_plan_of_nothing():
    assert checksums.harvest_plan([]) == {'fetch': [], 'present': [], 'conflicts': [], 'elsewhere': [],
                                          'server_conflicts': []}


@pytest.mark.parametrize('name', ['..', '', 'sub/x.exe', 'sub\\x.exe'])
def test_harvest_plan_refuses_names_with_a_path(name):
    with pytest.raises(checksums.ChecksumError, match='not a plain file name'):
        checksums.harvest_plan([_found(name, A)])


def test_harvest_plan_needs_the_servers_sha256():
    with pytest.raises(checksums.ChecksumError, match='no SHA-256 for ' + NAME):
        checksums.harvest_plan([_found(NAME, 'abc123')])


# ---------------------------------------------------------------- several servers harvested at once

OTHER = 'Microsoft-ASR_UA_9.66.7567.1_Windows_GA_20Sep2025_release.exe'


def _server_file(name, digest):
    return {'filename': name, 'path': 'C:\\repo\\' + name, 'checksum': digest}


def test_the_first_server_holding_a_file_fetches_it_the_others_do_not():
    servers = {'cs01': [_server_file(NAME, A)], 'ps02': [_server_file(NAME, A.upper()), _server_file(OTHER, B)]}
    first = checksums.harvest_plan([_found(NAME, A)], host='cs01', servers=servers)
    second = checksums.harvest_plan([_found(NAME, A), _found(OTHER, B)], host='ps02', servers=servers)
    assert [entry['filename'] for entry in first['fetch']] == [NAME]
    assert [entry['filename'] for entry in second['fetch']] == [OTHER]
    assert second['elsewhere'] == [{'file': NAME, 'server': 'cs01'}]
    assert first['server_conflicts'] == second['server_conflicts'] == []


def test_servers_holding_different_files_under_one_name_are_refused_naming_both():
    servers = {'cs01': [_server_file(NAME, A)], 'ps02': [_server_file(NAME, B)], 'ps03': [_server_file(OTHER, A)]}
    for host in ('cs01', 'ps02'):
        plan = checksums.harvest_plan([_found(NAME, A if host == 'cs01' else B)], host=host, servers=servers)
        assert plan['fetch'] == []
        assert [conflict['file'] for conflict in plan['server_conflicts']] == [NAME]
        message = plan['server_conflicts'][0]['message']
        assert 'cs01' in message and 'ps02' in message and A in message and B.lower() in message
        assert 'ps03' not in message
        assert plan['server_conflicts'][0]['servers'] == {'cs01': A, 'ps02': B.lower()}


def test_a_server_without_the_files_list_does_not_count():
    servers = {'cs01': None, 'ps02': [_server_file(NAME, A)]}
    plan = checksums.harvest_plan([_found(NAME, A)], host='ps02', servers=servers)
    assert [entry['filename'] for entry in plan['fetch']] == [NAME]


def test_harvest_plan_without_other_servers_keeps_the_single_server_plan():
    plan = checksums.harvest_plan([_found(NAME, B)])
    assert [entry['filename'] for entry in plan['fetch']] == [NAME]
    assert plan['elsewhere'] == [] and plan['server_conflicts'] == []


# ---------------------------------------------------------------- harvested hashes wait for approval

RHEL9 = 'Microsoft-ASR_UA_9.66.7567.1_RHEL9-64_GA_20Sep2025_release.tar.gz'
HARVESTED = '# harvested\n%s  %s\n%s  %s\n' % (B, RHEL9, A, NAME)


def test_a_harvested_file_is_left_out_until_approved():
    names = ['/inst/' + NAME, '/inst/' + RHEL9, '/inst/' + OTHER]
    split = checksums.approved_installers(names, SUMS, {}, HARVESTED)
    # NAME is in SHA256SUMS (approved), OTHER has no line anywhere (the checksum check will refuse it by name)
    assert split == {'approved': ['/inst/' + NAME, '/inst/' + OTHER], 'pending': [RHEL9]}


def test_a_pinned_checksum_approves_a_harvested_file():
    split = checksums.approved_installers([RHEL9], '', {RHEL9: 'sha256:' + B}, HARVESTED)
    assert split == {'approved': [RHEL9], 'pending': []}


def test_pending_files_can_be_limited_to_one_tag():
    split = checksums.approved_installers([NAME, RHEL9], '', {}, HARVESTED, tag='RHEL8-64')
    assert split == {'approved': [], 'pending': [NAME], 'tag_approved': 0}
    split = checksums.approved_installers(['/i/' + NAME, '/i/' + RHEL9], SUMS, {}, HARVESTED, tag='RHEL8-64')
    assert split == {'approved': ['/i/' + NAME], 'pending': [], 'tag_approved': 1}


def test_no_harvested_file_means_everything_is_approved():
    assert checksums.approved_installers([NAME], '', {}, '') == {'approved': [NAME], 'pending': []}


def test_a_malformed_harvested_file_is_refused():
    with pytest.raises(checksums.ChecksumError, match='SHA256SUMS.harvested line 1'):
        checksums.approved_installers([NAME], '', {}, 'garbage\n')
