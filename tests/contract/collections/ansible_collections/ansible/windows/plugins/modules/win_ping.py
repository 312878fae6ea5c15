# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Contract-test fake of ansible.windows.win_ping: answers 'pong' (or 'data')."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.ansible.windows.plugins.module_utils.contract import main


def answer(args, scenario):
    return {'changed': False, 'ping': args.get('data') or 'pong'}


if __name__ == '__main__':
    main('win_ping', answer)
