# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Contract-test fake of ansible.windows.win_command: rc, stdout and stderr (and effects) of
the first rule of scenario['commands'] whose regex matches the command line. A rule with ``hang``
(seconds) is a program that does not end: the fake sleeps that long before it answers."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.ansible.windows.plugins.module_utils.contract import main


def answer(args, scenario):
    line = args.get('cmd') or args.get('_raw_params') or ' '.join(args.get('argv') or [])
    if not line.strip():
        return {'failed': True, 'msg': 'no command given', 'rc': 256}
    rule = scenario.command_rule(line)
    scenario.apply(rule.get('effects'))
    rc, stdout, stderr = int(rule.get('rc', 0)), rule.get('stdout', ''), rule.get('stderr', '')
    result = {'changed': True, 'cmd': line, 'rc': rc, 'stdout': stdout, 'stderr': stderr,
              'stdout_lines': stdout.splitlines(), 'stderr_lines': stderr.splitlines(),
              'start': '2025-09-20 10:00:00.000000', 'end': '2025-09-20 10:00:01.000000', 'delta': '0:00:01.000000'}
    if rc != 0:
        result.update(failed=True, msg='non-zero return code')
    if rule.get('hang'):
        result['_contract_hang'] = rule['hang']
    return result


if __name__ == '__main__':
    main('win_command', answer)
