# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Contract-test fake of ansible.windows.win_service: services and their states in
scenario['services']; a restart leaves the state of scenario['after_restart'] (default started)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.ansible.windows.plugins.module_utils.contract import main

RUNNING = {'started': 'running', 'stopped': 'stopped', 'paused': 'paused'}


def answer(args, scenario):
    name, state = args['name'], args.get('state')
    services = scenario.data.get('services') or {}
    if name not in services:
        if state == 'absent':
            return {'changed': False, 'exists': False}
        return {'failed': True, 'msg': "Service '%s' is not installed, need to set 'path' to create a new service" % name}
    after = {'restarted': (scenario.data.get('after_restart') or {}).get(name, 'started'),
             'started': 'started', 'stopped': 'stopped', 'paused': 'paused'}.get(state, services[name])
    changed = state == 'restarted' or after != services[name]
    scenario.apply({'services': {name: after}})
    return {'changed': changed, 'exists': True, 'name': name, 'display_name': name,
            'state': RUNNING.get(after, after), 'start_mode': 'auto'}


if __name__ == '__main__':
    main('win_service', answer)
