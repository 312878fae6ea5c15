# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Expected SHA-256 of installers."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.siterecovery.mobility.plugins.module_utils import checksums

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
    assert checksums.harvest_plan([]) == {'fetch': [], 'present': [], 'conflicts': []}


@pytest.mark.parametrize('name', ['..', '', 'sub/x.exe', 'sub\\x.exe'])
def test_harvest_plan_refuses_names_with_a_path(name):
    with pytest.raises(checksums.ChecksumError, match='not a plain file name'):
        checksums.harvest_plan([_found(name, A)])


def test_harvest_plan_needs_the_servers_sha256():
    with pytest.raises(checksums.ChecksumError, match='no SHA-256 for ' + NAME):
        checksums.harvest_plan([_found(NAME, 'abc123')])
