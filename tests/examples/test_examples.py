# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shipped examples work as documented: the example inventory loads with
the documented vault password, has the groups the playbooks need and decrypts
the passphrase; every playbook passes a syntax check against it."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import glob
import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(ROOT, 'inventories', 'example')
BIN = os.path.dirname(sys.executable)


def run(*cmd, **kwargs):
    collections = kwargs.pop('collections', None)
    env = dict(os.environ, ANSIBLE_NOCOLOR='1')
    if collections:
        env['ANSIBLE_COLLECTIONS_PATH'] = collections
    env.pop('ANSIBLE_CONFIG', None)
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300, check=False, **kwargs)


def test_example_inventory_has_the_playbooks_groups(vault_password):
    proc = run(os.path.join(BIN, 'ansible-inventory'), '-i', os.path.join(EXAMPLE, 'hosts.yml'),
               '--vault-password-file', vault_password, '--list')
    assert proc.returncode == 0, proc.stderr
    inventory = json.loads(proc.stdout)
    assert inventory['asr_configuration_servers']['hosts'] == ['asr-cs01']
    assert inventory['asr_process_servers']['hosts'] == ['asr-ps01']
    assert sorted(inventory['asr_protected_machines']['children']) == ['asr_linux', 'asr_windows']
    hostvars = inventory['_meta']['hostvars']
    assert hostvars['win2019-sql01']['ansible_connection'] == 'winrm'
    assert hostvars['asr-cs01']['ansible_connection'] == 'winrm'
    assert hostvars['rhel8-web01']['ansible_become'] is True


def test_example_vault_decrypts_with_the_documented_password(vault_password):
    proc = run(os.path.join(BIN, 'ansible'), '-i', os.path.join(EXAMPLE, 'hosts.yml'), 'rhel8-web01',
               '--vault-password-file', vault_password, '-m', 'ansible.builtin.debug', '-a', 'var=mobility_service_passphrase',
               '-c', 'local')
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert 'Example-Passphrase-Not-Real' in proc.stdout


@pytest.mark.parametrize('playbook', sorted(os.path.basename(path)[:-4]
                                            for path in glob.glob(os.path.join(ROOT, 'playbooks', '*.yml'))))
def test_playbook_syntax_against_the_example_inventory(playbook, vault_password, collections_path):
    proc = run(os.path.join(BIN, 'ansible-playbook'), '-i', os.path.join(EXAMPLE, 'hosts.yml'), '--vault-password-file',
               vault_password, '--syntax-check', 'siterecovery.mobility.' + playbook, collections=collections_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_vmware_inventory_groups_choose_the_machines_to_protect(tmp_path):
    """vmware.yml's compose, groups and keyed_groups, evaluated by the constructed plugin (the same
    Constructable code the VMware plugin uses) over sample hosts as the VMware plugin reports them."""
    import yaml
    with open(os.path.join(ROOT, 'inventories', 'vmware', 'vmware.yml')) as handle:
        vmware = yaml.safe_load(handle)
    assert vmware['plugin'] == 'community.vmware.vmware_vm_inventory'
    constructed = tmp_path / 'vmware.constructed.yml'
    constructed.write_text(yaml.safe_dump({'plugin': 'ansible.builtin.constructed', 'strict': True,
                                           'compose': vmware['compose'], 'groups': vmware['groups'],
                                           'keyed_groups': vmware['keyed_groups']}))
    proc = run(os.path.join(BIN, 'ansible-inventory'), '-i', os.path.join(ROOT, 'inventories', 'vmware', 'sample_hosts.yml'),
               '-i', str(constructed), '--list')
    assert proc.returncode == 0, proc.stderr
    inventory = json.loads(proc.stdout)
    assert sorted(inventory['asr_protected_machines']['hosts']) == ['rhel8-web01', 'win2019-sql01']
    assert inventory['asr_windows']['hosts'] == ['win2019-sql01']
    assert inventory['asr_linux']['hosts'] == ['rhel8-web01']
    assert inventory['guest_rhel8_64Guest']['hosts'] == ['rhel8-web01']
    hostvars = inventory['_meta']['hostvars']

    def plain(value):  # ansible-inventory marks templated values as unsafe in its JSON
        return value['__ansible_unsafe'] if isinstance(value, dict) and '__ansible_unsafe' in value else value

    assert plain(hostvars['win2019-sql01']['ansible_connection']) == 'winrm'
    assert plain(hostvars['rhel8-web01']['ansible_connection']) == 'ssh'
    assert plain(hostvars['rhel8-web01']['ansible_host']) == '192.0.2.21'
