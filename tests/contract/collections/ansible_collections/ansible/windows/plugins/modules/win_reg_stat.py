# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Contract-test fake of ansible.windows.win_reg_stat: a key's values from scenario['registry'] (see module_utils/contract.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.ansible.windows.plugins.module_utils.contract import REGISTRY_PATH, main


def _property(value):
    if isinstance(value, bool) or not isinstance(value, (int, list)):
        return {'type': 'REG_SZ', 'value': value, 'raw_value': value}
    if isinstance(value, list):
        return {'type': 'REG_MULTI_SZ', 'value': value, 'raw_value': value}
    return {'type': 'REG_DWORD', 'value': value, 'raw_value': value}


def answer(args, scenario):
    path = args.get('path', args.get('key'))
    if not REGISTRY_PATH.match(path or ''):
        return {'failed': True, 'msg': 'path: %s is not a valid registry path, see module documentation for examples.' % path}
    key, values = scenario.registry_key(path)
    if key is None:
        return {'exists': False}
    name = next((args[alias] for alias in ('name', 'entry', 'value', 'property') if args.get(alias) is not None), None)
    if name is not None:
        found = [value for value_name, value in values.items() if value_name.lower() == name.lower()]
        return dict(exists=True, **_property(found[0])) if found else {'exists': False}
    prefix = key.lower() + '\\'
    sub_keys = sorted(set(other[len(prefix):].split('\\')[0] for other in scenario.data.get('registry', {})
                          if other.lower().startswith(prefix)))
    return {'exists': True, 'properties': dict((n, _property(v)) for n, v in values.items()), 'sub_keys': sub_keys}


if __name__ == '__main__':
    main('win_reg_stat', answer)
