# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Contract tests: the facts ansible.windows' setup gathers on Windows Server
2019 Datacenter, merged with scenario['facts'] (keys without 'ansible_')."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import sys

from ansible.module_utils.basic import _load_params

WINDOWS_SERVER_2019 = {
    'system': 'Win32NT',
    'os_family': 'Windows',
    'os_name': 'Microsoft Windows Server 2019 Datacenter',
    'distribution': 'Microsoft Windows Server 2019 Datacenter',
    'distribution_version': '10.0.17763.0',
    'distribution_major_version': '10',
    'kernel': '10.0.17763.0',
    'architecture': '64-bit',
    'architecture2': 'x86_64',
    'os_installation_type': 'Server',
    'os_product_type': 'server',
    'hostname': 'WIN2019',
    'fqdn': 'win2019.contoso.test',
    'memtotal_mb': 16384,
    'memfree_mb': 12288,
    'swaptotal_mb': 0,
    'powershell_version': 5,
    'windows_domain_member': False,
    'windows_domain': 'WORKGROUP',
    'env': {'TEMP': 'C:\\Users\\ansible\\AppData\\Local\\Temp', 'SystemRoot': 'C:\\Windows',
            'ProgramData': 'C:\\ProgramData'},
}


def main():
    _load_params()
    facts = dict(WINDOWS_SERVER_2019)
    path = os.environ.get('CONTRACT_SCENARIO')
    if path:
        with open(path) as handle:
            facts.update(json.load(handle).get('facts') or {})
    sys.stdout.write(json.dumps({'changed': False, 'ansible_facts': dict(('ansible_' + key, value) for key, value in facts.items())}) + '\n')
    sys.exit(0)  # a module that returns instead of exiting is reported as failed


if __name__ == '__main__':
    main()
