# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures of the module tests."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.siterecovery.mobility.tests.unit.plugins.modules.module_harness import make_harness


@pytest.fixture
def harness(tmp_path, monkeypatch):
    """main() with mocked module I/O and the agent's files under tmp_path (see module_harness)."""
    return make_harness(tmp_path, monkeypatch)
