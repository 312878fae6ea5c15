# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The checksum filters of plugins/filter/rollout.py."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.siterecovery.mobility.plugins.filter.rollout import FilterModule
# the SHA256SUMS text the checksum module's tests read: the filter must read it the same way
from ansible_collections.siterecovery.mobility.tests.unit.plugins.module_utils.test_checksums import A, NAME, SUMS


def test_the_files_filter_lists_the_names_of_any_valid_index():
    files = FilterModule().filters()['sha256sums_files']
    # blank and comment lines, a path and the binary-mode star, as sha256sum writes them
    assert files(SUMS) == [NAME, 'other.exe']
    assert files('') == []
    with pytest.raises(AnsibleFilterError, match='line 2'):
        files('%s  %s\nnot a checksum line\n' % (A, NAME))
