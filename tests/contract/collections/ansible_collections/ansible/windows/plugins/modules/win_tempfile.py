# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Contract-test fake of ansible.windows.win_tempfile: <scenario temp_dir>\\<prefix><scenario tempfile_token><suffix>."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.ansible.windows.plugins.module_utils.contract import main


def answer(args, scenario):
    base = args.get('path') or args.get('dest') or '%TEMP%'
    if base == '%TEMP%':
        base = scenario.data.get('temp_dir', 'C:\\Users\\ansible\\AppData\\Local\\Temp')
    name = (args.get('prefix') or 'ansible.') + scenario.data.get('tempfile_token', 'contract') + (args.get('suffix') or '')
    return {'changed': True, 'path': base.rstrip('\\') + '\\' + name}


if __name__ == '__main__':
    main('win_tempfile', answer)
