# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared code of the contract tests' fake ``ansible.windows`` modules.

Every fake module:

1. reads its raw arguments with ``_load_params`` (no AnsibleModule, so nothing
   is coerced or defaulted: the log shows exactly what the role sent);
2. appends one JSON line ``{"module", "args", "no_log", "check_mode"}`` to the
   file named by ``CONTRACT_LOG``;
3. checks the argument names, required arguments and choices against the
   specification of the REAL ansible.windows module (the JSON file named by
   ``CONTRACT_SPECS``, extracted by the tests from the real collection's
   documentation) and fails as AnsibleModule would;
4. answers from the scenario (the JSON file named by ``CONTRACT_SCENARIO``),
   which it may update (registry, services, Defender exclusions) so that a
   later call sees what an earlier one did; the update happens under a lock.
   In check mode a module the real collection runs without check mode
   support ends as skipped, and win_powershell skips a script that does not
   declare SupportsShouldProcess, as the real ones do.

A result always has ``changed``, ``contract_fake: true`` (the tests use the
marker to prove that the fake, not the real module, answered) and, as the real
modules return it, ``invocation.module_args``: so a task that forgot
``no_log`` shows its secret in the output here as it would on Windows.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import fcntl
import json
import os
import re
import sys
import time

from ansible.module_utils.basic import _load_params

# The facts ansible.windows' setup gathers on Windows Server 2019 Datacenter (keys without 'ansible_'); a
# scenario's 'facts' override them.
WINDOWS_SERVER_2019 = {
    'system': 'Win32NT',
    'os_family': 'Windows',
    'os_name': 'Microsoft Windows Server 2019 Datacenter',
    'distribution': 'Microsoft Windows Server 2019 Datacenter',
    'distribution_version': '10.0.17763.0',
    'distribution_major_version': '10',
    'kernel': '10.0.17763.0',
    'architecture': '64-bit',
    'architecture2': 'x86_64',
    'os_installation_type': 'Server',
    'os_product_type': 'server',
    'hostname': 'WIN2019',
    'fqdn': 'win2019.contoso.test',
    'memtotal_mb': 16384,
    'memfree_mb': 12288,
    'swaptotal_mb': 0,
    'powershell_version': 5,
    'windows_domain_member': False,
    'windows_domain': 'WORKGROUP',
    'env': {'TEMP': 'C:\\Users\\ansible\\AppData\\Local\\Temp', 'SystemRoot': 'C:\\Windows',
            'ProgramData': 'C:\\ProgramData'},
}


REGISTRY_PATH = re.compile(r'^HK(CC|CR|CU|LM|U):\\')
# Options the real module documents as a choice but accepts as a comma-separated list of choices.
COMMA_LISTS = {('win_acl', 'inherit')}
# Modules whose real implementation does not support check mode: Ansible runs them, and they end at once as
# skipped (win_command declares supports_check_mode $false, win_acl uses the legacy Parse-Args without it).
NO_CHECK_MODE = {'win_command', 'win_acl'}
# win_powershell runs a script in check mode only when it declares SupportsShouldProcess (the real module's test).
SHOULD_PROCESS = re.compile(r'\[CmdletBinding\((?:[\w=$]+,\s*)?SupportsShouldProcess(?:=\$true)?(?:,\s*[\w=$]+)?\)\]',
                            re.IGNORECASE)
# Options the real modules declare no_log (of those the roles could use).
NO_LOG_OPTIONS = {('win_service', 'password')}


def _append_log(entry):
    path = os.environ.get('CONTRACT_LOG')
    if not path:
        return
    with open(path, 'a') as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.write(json.dumps(entry, sort_keys=True) + '\n')


def spec_problem(name, args):
    """Why the real module would refuse these arguments, or None."""
    path = os.environ.get('CONTRACT_SPECS')
    if not path:
        return None
    with open(path) as handle:
        spec = json.load(handle).get(name)
    if spec is None:
        return 'contract fake: the real ansible.windows has no module %s' % name
    names = {}
    for option, details in spec.items():
        names[option] = option
        for alias in details.get('aliases') or []:
            names[alias] = option
    unknown = sorted(key for key in args if key not in names)
    if unknown:
        return 'Unsupported parameters for (ansible.windows.%s) module: %s. Supported parameters include: %s' % (
            name, ', '.join(unknown), ', '.join(sorted(names)))
    given = set(names[key] for key in args if args[key] is not None)
    missing = sorted(option for option, details in spec.items() if details.get('required') and option not in given)
    if missing:
        return 'missing required arguments: %s' % ', '.join(missing)
    for key, value in args.items():
        details = spec[names[key]]
        choices = details.get('choices')
        if value is None or not choices:
            continue
        values = value if isinstance(value, list) else [value]
        if (name, names[key]) in COMMA_LISTS and isinstance(value, str):
            values = [part.strip() for part in value.split(',')]
        bad = [item for item in values if str(item) not in [str(choice) for choice in choices]]
        if bad:
            return 'value of %s must be one of: %s, got: %s' % (key, ', '.join(str(c) for c in choices), value)
    return None


class Scenario(object):
    """The scenario file, locked while a fake reads and updates it."""

    def __init__(self):
        self.path = os.environ.get('CONTRACT_SCENARIO')
        self.handle = None
        self.data = {}
        self.check_mode = False

    def __enter__(self):
        if self.path:
            self.handle = open(self.path, 'r+')
            fcntl.flock(self.handle, fcntl.LOCK_EX)
            self.data = json.load(self.handle)
        return self

    def __exit__(self, *exc_info):
        if self.handle:
            self.handle.seek(0)
            self.handle.truncate()
            json.dump(self.data, self.handle, indent=1, sort_keys=True)
            self.handle.close()
        return False

    # ---- registry: {key path: {value name: value}}, key paths and value names compared case-insensitively
    def registry_key(self, path):
        for key, values in (self.data.get('registry') or {}).items():
            if key.lower() == path.lower():
                return key, values
        return None, None

    def facts(self):
        """The host's facts: Windows Server 2019's, with scenario['facts'] over them."""
        facts = dict(WINDOWS_SERVER_2019)
        facts.update(self.data.get('facts') or {})
        return facts

    # ---- files: {path: text}, paths compared case-insensitively
    def file(self, path):
        """The text of a file of scenario['files'], or None."""
        for name, text in (self.data.get('files') or {}).items():
            if name.lower() == (path or '').lower():
                return text
        return None

    def apply(self, effects):
        """Apply what a command did: {'registry': {path: {name: value|None}|None}, 'services': {name: state|None},
        'files': {path: text|None}}."""
        for path, values in ((effects or {}).get('registry') or {}).items():
            registry = self.data.setdefault('registry', {})
            key, current = self.registry_key(path)
            if values is None:
                registry.pop(key, None)
                continue
            current = dict(current or {})
            for value_name, value in values.items():
                for existing in [n for n in current if n.lower() == value_name.lower()]:
                    del current[existing]
                if value is not None:
                    current[value_name] = value
            registry.pop(key, None)
            registry[path] = current
        for service, state in ((effects or {}).get('services') or {}).items():
            services = self.data.setdefault('services', {})
            if state is None:
                services.pop(service, None)
            else:
                services[service] = state
        for path, text in ((effects or {}).get('files') or {}).items():
            files = self.data.setdefault('files', {})
            for existing in [name for name in files if name.lower() == path.lower()]:
                del files[existing]
            if text is not None:
                files[path] = text

    def command_rule(self, cmd):
        """The first command rule whose regex finds a match in cmd, or {} (rc 0, no output)."""
        for rule in self.data.get('commands') or []:
            if re.search(rule['match'], cmd):
                return rule
        return {}


def main(name, answer):
    """Run one fake module: answer(args, scenario) returns the result dictionary.

    A result may carry ``_contract_hang`` (seconds): the fake then sleeps that long after releasing the
    scenario, as a program that does not end would; only a time limit of the task (async) gets past it."""
    raw = _load_params()
    args = dict((key, value) for key, value in raw.items() if not key.startswith('_ansible_'))
    check_mode = bool(raw.get('_ansible_check_mode'))
    _append_log({'module': name, 'args': args, 'no_log': bool(raw.get('_ansible_no_log')), 'check_mode': check_mode})
    problem = spec_problem(name, args)
    if problem:
        result = {'failed': True, 'msg': problem}
    elif check_mode and name in NO_CHECK_MODE:
        result = {'skipped': True, 'changed': False, 'msg': 'remote module (%s) does not support check mode' % name}
    elif check_mode and name == 'win_powershell' and not SHOULD_PROCESS.search(args.get('script') or ''):
        result = {'changed': True, 'msg': 'skipped, running in check mode', 'result': {}, 'output': [], 'error': [],
                  'warning': [], 'host_out': '', 'host_err': ''}
    else:
        with Scenario() as scenario:
            scenario.check_mode = check_mode
            result = answer(args, scenario)
    hang = result.pop('_contract_hang', 0)
    if hang:
        time.sleep(float(hang))
    result.setdefault('changed', False)
    result['contract_fake'] = True
    # Like the real modules (Ansible.Basic): the arguments come back, only no_log options masked.
    result['invocation'] = {'module_args': dict((key, 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER' if (name, key) in NO_LOG_OPTIONS else value)
                                                for key, value in args.items())}
    sys.stdout.write(json.dumps(result) + '\n')
    sys.exit(1 if result.get('failed') else 0)
