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
access denied would). The role's private staging folder (a script with the parameter ``Parent``) is
``<Parent>\\asr-mobility.contract`` (scenario['staging_problem'] makes it
unsafe); a script calling Get-FileHash gets the SHA-256 of what the fake
win_copy copied to its ``Path`` (scenario['tampered'] = {path: sha256}
replaces it, as a user swapping the file would).
The role's read of a host (a script with the parameters ``Registry`` and
``Service``, files/windows_read_host.ps1) gets what that script reports: the
registry keys named by ``Registry`` from scenario['registry'], the
drscout.conf files in the folders their ``InstallDirectory`` values name (or
its ``agent`` subfolder) from scenario['files'] and scenario['file_errors'],
the service from scenario['services'], the free space of ``SpacePath``'s drive
from scenario['free_mb'] (scenario['space_error'] makes it unmeasurable), the
endpoints of ``EndpointHost``/``EndpointPort`` listed in scenario['unreachable']
as unreachable, the system from the host's facts (scenario['facts'] over
Windows Server 2019's) when ``Facts`` is true, and Defender when ``Defender``
is true. Other scripts are answered by the first rule of
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


# ServiceControllerStatus names of the states the scenarios use (win_service_info's names).
STATUS = {'started': 'Running', 'stopped': 'Stopped', 'paused': 'Paused', 'start_pending': 'StartPending',
          'stop_pending': 'StopPending'}


def read_host(params, scenario):
    """What files/windows_read_host.ps1 returns on the scenario's host."""
    result = {'registry': {}, 'files': {}, 'file_errors': {}, 'errors': {}}
    for path in params.get('Registry') or []:
        key, values = scenario.registry_key(path)
        result['registry'][path] = {'exists': key is not None, 'properties': dict(values or {})}
    if params.get('Drscout', True):
        errors = scenario.data.get('file_errors') or {}
        for entry in result['registry'].values():
            folder = next((value for name, value in entry['properties'].items() if name.lower() == 'installdirectory'), None)
            if not folder:
                continue
            folder = folder.strip().rstrip('\\')
            for candidate in (folder + '\\Application Data\\etc\\drscout.conf',
                              folder + '\\agent\\Application Data\\etc\\drscout.conf'):
                error = next((msg for name, msg in errors.items() if name.lower() == candidate.lower()), None)
                text = scenario.file(candidate)
                if error:
                    result['file_errors'][candidate] = error
                elif text is not None:
                    result['files'][candidate] = text
    if params.get('Service'):
        state = (scenario.data.get('services') or {}).get(params['Service'])
        result['service'] = {'exists': True, 'status': STATUS[state]} if state else {'exists': False}
    if params.get('SpacePath'):
        if scenario.data.get('space_error'):
            result['errors']['space'] = scenario.data['space_error']
        else:
            result['space'] = {'drive': params['SpacePath'][:2] + '\\', 'free_mb': scenario.data.get('free_mb', 40960)}
    if params.get('Facts'):
        facts = scenario.facts()
        result['system'] = {'version': facts.get('distribution_version'), 'platform': facts.get('system'),
                            'caption': facts.get('distribution'), 'os_architecture': facts.get('architecture'),
                            'mem_total_bytes': facts.get('memtotal_mb', 0) * 1024 * 1024,
                            'mem_available_bytes': facts.get('memfree_mb', 0) * 1024 * 1024}
    if params.get('Defender'):
        defender = scenario.data.setdefault('defender', {'present': False, 'exclusions': []})
        result['defender'] = ({'present': True, 'exclusions': list(defender.get('exclusions') or [])}
                              if defender.get('present') else {'present': False, 'exclusions': []})
    unreachable = scenario.data.get('unreachable') or []
    result['unreachable'] = [{'host': host, 'port': int(port)}
                             for host, port in zip(params.get('EndpointHost') or [], params.get('EndpointPort') or [])
                             if '%s:%s' % (host, port) in unreachable]
    return result


def answer(args, scenario):
    script = args.get('script') or ''
    params = args.get('parameters') or {}
    if 'Parent' in params:
        # the role's private staging folder (files/windows_private_folder.ps1)
        if scenario.data.get('staging_problem'):
            return _result({'problem': scenario.data['staging_problem']}, False)
        return _result({'path': params['Parent'].rstrip('\\') + '\\asr-mobility.contract'}, True)
    if 'Get-FileHash' in script:
        # a file the fake win_copy copied (scenario['staged']), unless scenario['tampered'] says what replaced it
        path = params.get('Path') or ''
        tampered = scenario.data.get('tampered') or {}
        staged = scenario.data.get('staged') or {}
        found = next((value for name, value in list(tampered.items()) + list(staged.items())
                      if name.lower() == path.lower()), None)
        return _result({'sha256': found}, not UNCHANGED.search(script))
    if 'Registry' in params and 'Service' in params:
        if scenario.data.get('read_failure'):
            # a terminating error in the script: the real module fails with the error record, and no msg
            message = scenario.data['read_failure']
            return {'failed': True, 'result': {}, 'output': [], 'warning': [], 'host_out': '', 'host_err': '',
                    'error': [{'output': message, 'exception': {'message': message, 'type': 'System.UnauthorizedAccessException'}}]}
        return _result(read_host(params, scenario), not UNCHANGED.search(script))
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
