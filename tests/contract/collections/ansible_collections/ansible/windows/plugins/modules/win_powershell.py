# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Contract-test fake of ansible.windows.win_powershell.

Microsoft Defender is emulated from scenario['defender'] = {'present': bool,
'exclusions': [paths]}: a script calling Get-MpPreference gets
``$Ansible.Result`` as the role's script builds it; a script calling
Add-MpPreference adds its ``Path`` parameter (script parameters are the only
input the fake reads, as they are the only input a real script gets apart from
its text). A script that reads a file with ReadAllText gets ``{'exists': bool,
'content': text}`` for its ``Path`` parameter from scenario['files'] ({path:
text}; scenario['file_errors'] = {path: message} makes the read fail, as an
access denied would). Other scripts are answered by the first rule of
scenario['powershell'] ({'match': regex, 'result': ..., 'changed': ...,
'failed': ...}); no rule is a failure.

Like the real module, a result is changed unless the script sets
``$Ansible.Changed = $false`` in the part of it that runs: when Defender is
absent, that part ends at the script's first ``return``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.ansible.windows.plugins.module_utils.contract import main

UNCHANGED = re.compile(r'\$Ansible\.Changed\s*=\s*\$false', re.IGNORECASE)
RETURN_STATEMENT = re.compile(r'\breturn\b', re.IGNORECASE)


def _result(result, changed):
    return {'changed': changed, 'result': result, 'output': [], 'error': [], 'warning': [], 'host_out': '', 'host_err': ''}


def answer(args, scenario):
    script = args.get('script') or ''
    defender = scenario.data.setdefault('defender', {'present': False, 'exclusions': []})
    if 'Add-MpPreference' in script:
        if not defender.get('present'):
            return {'failed': True, 'msg': "The term 'Add-MpPreference' is not recognized as the name of a cmdlet"}
        path = (args.get('parameters') or {}).get('Path')
        if not path:
            return {'failed': True, 'msg': "Cannot validate argument on parameter 'ExclusionPath'. The argument is null or empty."}
        defender.setdefault('exclusions', []).append(path)
        return _result({}, True)
    if 'Get-MpPreference' in script:
        runs = script
        if not defender.get('present'):
            found = RETURN_STATEMENT.search(script)
            runs = script[:found.end()] if found else script
            result = {'defender': False}
        else:
            result = {'defender': True, 'exclusions': list(defender.get('exclusions') or [])}
        return _result(result, not UNCHANGED.search(runs))
    if 'ReadAllText' in script:
        # a script that returns {exists, content} of the file named by its Path parameter
        path = (args.get('parameters') or {}).get('Path')
        errors = scenario.data.get('file_errors') or {}
        error = next((msg for name, msg in errors.items() if name.lower() == (path or '').lower()), None)
        if error:
            return {'failed': True, 'msg': error, 'result': {}}
        text = scenario.file(path)
        return _result({'exists': True, 'content': text} if text is not None else {'exists': False},
                       not UNCHANGED.search(script))
    for rule in scenario.data.get('powershell') or []:
        if re.search(rule['match'], script):
            outcome = _result(rule.get('result'), rule.get('changed', True))
            if rule.get('failed'):
                outcome.update(failed=True, msg=rule.get('msg', 'the script failed'))
            return outcome
    return {'failed': True, 'msg': 'contract fake: the scenario has no answer for this script: %s' % script[:200]}


if __name__ == '__main__':
    main('win_powershell', answer)
