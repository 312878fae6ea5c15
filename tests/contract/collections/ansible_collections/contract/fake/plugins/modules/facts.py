# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Contract tests: the one fact that tells the role a host is Windows when its
connection does not (the tests reach the host with connection local). The role
gathers no facts: everything else it knows of the system comes from its read of
the host (the fake win_powershell answers it from scenario['facts'])."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import sys

from ansible.module_utils.basic import _load_params


def main():
    _load_params()
    sys.stdout.write(json.dumps({'changed': False, 'ansible_facts': {'ansible_os_family': 'Windows'}}) + '\n')
    sys.exit(0)  # a module that returns instead of exiting is reported as failed


if __name__ == '__main__':
    main()
