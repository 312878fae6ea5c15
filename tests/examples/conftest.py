# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the examples' tests share: a collections tree holding this collection, and the example vault's password."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(scope='module')
def collections_path(tmp_path_factory):
    """A tree holding this collection: scripts/test's, or a temporary one."""
    base = os.environ.get('COLLECTIONS_DIR')
    if not base or not os.path.isdir(os.path.join(base, 'ansible_collections', 'siterecovery', 'mobility')):
        base = str(tmp_path_factory.mktemp('collections'))
        os.makedirs(os.path.join(base, 'ansible_collections', 'siterecovery'))
        os.symlink(ROOT, os.path.join(base, 'ansible_collections', 'siterecovery', 'mobility'))
    return base


@pytest.fixture(scope='module')
def vault_password(tmp_path_factory):
    """The password the example inventory's vault is encrypted with (documented in inventories/example)."""
    path = tmp_path_factory.mktemp('vault') / 'password'
    path.write_text('example-vault-password\n')
    return str(path)
