# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Contract-test fake of ansible.windows.win_service_info: the services of scenario['services'] with their states."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.ansible.windows.plugins.module_utils.contract import main


def answer(args, scenario):
    services = scenario.data.get('services') or {}
    names = [args['name']] if args.get('name') else sorted(services)
    found = [{'name': name, 'display_name': name, 'state': services[name], 'start_mode': 'auto'}
             for name in names if name in services]
    return {'changed': False, 'exists': bool(found), 'services': found}


if __name__ == '__main__':
    main('win_service_info', answer)
