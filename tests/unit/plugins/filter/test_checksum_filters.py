# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The checksum filters of plugins/filter/rollout.py."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.siterecovery.mobility.plugins.filter.checksums import FilterModule
# the SHA256SUMS text the checksum module's tests read: the filter must read it the same way
from ansible_collections.siterecovery.mobility.tests.unit.plugins.plugin_utils.test_checksums import A, NAME, SUMS


def test_the_files_filter_lists_the_names_of_any_valid_index():
    files = FilterModule().filters()['sha256sums_files']
    # blank and comment lines, a path and the binary-mode star, as sha256sum writes them
    assert files(SUMS) == [NAME, 'other.exe']
    assert files('') == []
    with pytest.raises(AnsibleFilterError, match='line 2'):
        files('%s  %s\nnot a checksum line\n' % (A, NAME))


def test_the_approval_filter_leaves_pending_files_out_and_names_a_bad_line():
    approved = FilterModule().filters()['approved_installers']
    harvested = '%s  %s\n' % (A, 'other.exe')
    assert approved(['/i/' + NAME, '/i/other.exe'], '', None, harvested) == {
        'approved': ['/i/' + NAME], 'pending': ['other.exe']}
    with pytest.raises(AnsibleFilterError, match='SHA256SUMS.harvested line 1'):
        approved([NAME], '', None, 'x\n')


def test_the_harvest_filter_refuses_servers_that_are_not_a_dictionary():
    with pytest.raises(AnsibleFilterError, match='servers as a dictionary'):
        FilterModule().filters()['harvest_plan']([], 'cs01', ['cs01'])
