# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The example AWX project (docs/awx-project, docs/awx.md): one wrapper per playbook of the
collection, each importing it by FQCN and passing a syntax check against the example inventory;
its collections/requirements.yml asks for this collection and galaxy.yml's dependencies."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import glob
import os
import subprocess
import sys

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROJECT = os.path.join(ROOT, 'docs', 'awx-project')
EXAMPLE = os.path.join(ROOT, 'inventories', 'example')
BIN = os.path.dirname(sys.executable)


def names(folder):
    return sorted(os.path.basename(path)[:-4] for path in glob.glob(os.path.join(folder, '*.yml')))


def load(path):
    with open(path) as handle:
        return yaml.safe_load(handle)


def test_every_playbook_of_the_collection_has_a_wrapper():
    assert names(PROJECT) == names(os.path.join(ROOT, 'playbooks'))


@pytest.mark.parametrize('wrapper', names(PROJECT))
def test_wrapper_imports_the_collections_playbook_by_fqcn(wrapper):
    plays = load(os.path.join(PROJECT, wrapper + '.yml'))
    assert [play.get('ansible.builtin.import_playbook') for play in plays] == ['siterecovery.mobility.' + wrapper]


@pytest.mark.parametrize('wrapper', names(PROJECT))
def test_wrapper_syntax_against_the_example_inventory(wrapper, vault_password, collections_path):
    env = dict(os.environ, ANSIBLE_NOCOLOR='1', ANSIBLE_COLLECTIONS_PATH=collections_path)
    env.pop('ANSIBLE_CONFIG', None)
    # AWX runs a job template's playbook from the project's root
    proc = subprocess.run([os.path.join(BIN, 'ansible-playbook'), '-i', os.path.join(EXAMPLE, 'hosts.yml'),
                           '--vault-password-file', vault_password, '--syntax-check', wrapper + '.yml'],
                          capture_output=True, text=True, env=env, cwd=PROJECT, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_project_collections_follow_galaxy_yml():
    wanted = dict(load(os.path.join(ROOT, 'galaxy.yml'))['dependencies'])
    collections = {entry['name']: entry.get('version', '*')
                   for entry in load(os.path.join(PROJECT, 'collections', 'requirements.yml'))['collections']}
    assert collections.pop('siterecovery.mobility', None) is not None
    assert collections == wanted
