# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Contract-test fake of ansible.windows.win_wait_for: a port answers unless 'host:port' is
in scenario['unreachable']; results are the real module's (no 'state', a failure has 'msg')."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.ansible.windows.plugins.module_utils.contract import main


def answer(args, scenario):
    host, port = args.get('host', '127.0.0.1'), args.get('port')
    if port is not None and '%s:%s' % (host, port) in (scenario.data.get('unreachable') or []):
        return {'failed': True, 'msg': 'timeout while waiting for %s:%s to start listening' % (host, port),
                'elapsed': float(args.get('timeout', 300)), 'wait_attempts': 3}
    return {'changed': False, 'elapsed': 0.05, 'wait_attempts': 1}


if __name__ == '__main__':
    main('win_wait_for', answer)
