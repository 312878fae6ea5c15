# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The checksum filters of plugins/filter/rollout.py."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.siterecovery.mobility.plugins.filter.rollout import FilterModule

A = 'a' * 64
B = 'B' * 64
NAME = 'Microsoft-ASR_UA_9.66.7567.1_RHEL8-64_GA_20Sep2025_release.tar.gz'
SUMS = '# made with sha256sum\n%s  %s\n%s *installers/other.exe\n\n' % (A, NAME, B)


def test_the_files_filter_lists_the_names_of_any_valid_index():
    files = FilterModule().filters()['sha256sums_files']
    # blank and comment lines, a path and the binary-mode star, as sha256sum writes them
    assert files(SUMS) == [NAME, 'other.exe']
    assert files('') == []
    with pytest.raises(AnsibleFilterError, match='line 2'):
        files('%s  %s\nnot a checksum line\n' % (A, NAME))
