# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Contract tests of the roles' Windows paths: the REAL role tasks run with
ansible-playbook on this machine (connection local) while every
ansible.windows module is a fake (tests/contract/collections) that records its
arguments in CONTRACT_LOG and answers from the scenario file CONTRACT_SCENARIO.

See docs/contract-tests.md. scripts/test contract runs these tests."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ast
import hashlib
import json
import os
import subprocess
import sys

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CONTRACT_DIR = os.path.join(ROOT, 'tests', 'contract')
FAKE_COLLECTIONS = os.path.join(CONTRACT_DIR, 'collections')
PLAYBOOKS = os.path.join(CONTRACT_DIR, 'playbooks')
# Every ansible.windows module the roles call (and win_reg_stat, which the probe of the fakes calls); each has a fake.
WINDOWS_MODULES = ('win_acl', 'win_acl_inheritance', 'win_command', 'win_copy', 'win_file', 'win_find', 'win_ping',
                   'win_powershell', 'win_reboot', 'win_reg_stat', 'win_service', 'win_service_info', 'win_tempfile')
HOST = 'win2019'


def real_windows_modules_dir():
    """plugins/modules of the real ansible.windows (from the 'ansible' package), not of the fake."""
    for entry in sys.path:
        candidate = os.path.join(entry, 'ansible_collections', 'ansible', 'windows', 'plugins', 'modules')
        if os.path.isfile(os.path.join(candidate, 'win_reg_stat.ps1')) and not candidate.startswith(FAKE_COLLECTIONS):
            return candidate
    return None


def module_spec(path):
    """{option: {type, required, choices, aliases}} from a real module's DOCUMENTATION."""
    with open(path) as handle:
        tree = ast.parse(handle.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], 'id', None) == 'DOCUMENTATION':
            options = yaml.safe_load(node.value.value).get('options') or {}
            return dict((name, dict((key, value) for key, value in details.items()
                                    if key in ('type', 'required', 'choices', 'aliases')))
                        for name, details in options.items())
    raise AssertionError('no DOCUMENTATION in %s' % path)


@pytest.fixture(scope='session')
def real_specs(tmp_path_factory):
    """The real ansible.windows modules' argument specifications, for the fakes to check against."""
    modules = real_windows_modules_dir()
    assert modules, 'the real ansible.windows collection (from the ansible package) is not installed'
    specs = dict((name, module_spec(os.path.join(modules, name + '.py'))) for name in WINDOWS_MODULES)
    path = tmp_path_factory.mktemp('specs') / 'ansible_windows_specs.json'
    path.write_text(json.dumps(specs, indent=1, sort_keys=True))
    return str(path)


@pytest.fixture(scope='session')
def collections_path(tmp_path_factory):
    """The fake collections FIRST, then a tree holding this collection (scripts/test's, or a temporary one)."""
    base = os.environ.get('COLLECTIONS_DIR')
    if not base or not os.path.isdir(os.path.join(base, 'ansible_collections', 'siterecovery', 'mobility')):
        base = str(tmp_path_factory.mktemp('collections'))
        os.makedirs(os.path.join(base, 'ansible_collections', 'siterecovery'))
        os.symlink(ROOT, os.path.join(base, 'ansible_collections', 'siterecovery', 'mobility'))
    return os.pathsep.join([FAKE_COLLECTIONS, base])


class Run(object):
    """One ansible-playbook run: exit code, output, the fake modules' calls, the parsed JSON callback output."""

    def __init__(self, rc, stdout, stderr, calls, scenario, output, host=HOST):
        self.rc, self.stdout, self.stderr, self.calls, self.scenario, self.output = rc, stdout, stderr, calls, scenario, output
        self.host = host

    def __repr__(self):
        shown = self.stdout[-6000:]
        if self.output is not None:  # the tasks that failed, rather than the end of the JSON
            shown = '\n'.join('%s: %s' % (task, result.get('msg')) for task, _action, result in self.results()
                              if result.get('failed')) or '(no task failed)'
        return 'Run(rc=%s, calls=%s)\n%s\nSTDERR:\n%s' % (self.rc, self.modules(), shown, self.stderr[-3000:])

    def modules(self):
        """The names of the modules called, in order."""
        return [call['module'] for call in self.calls]

    def calls_to(self, module):
        """The arguments of every call of a module, in order."""
        return [call['args'] for call in self.calls if call['module'] == module]

    def results(self):
        """[(task name, action, host result)] for the host, in order (handlers included)."""
        found = []
        for play in self.output['plays']:
            for task in play['tasks']:
                if self.host in task['hosts']:
                    result = task['hosts'][self.host]
                    found.append((task['task']['name'], result.get('action'), result))
        return found

    def task(self, name):
        """The results of the tasks whose name contains name."""
        return [result for task, _action, result in self.results() if name in task]

    @property
    def report(self):
        report = self.task('Contract | Report')[-1]
        return report.get('mobility_service_report', report.get('push_repository_report'))

    def windows_results(self):
        """Every executed ansible.windows invocation (loop items one by one), from the callback's view."""
        executed = []
        for _task, action, result in self.results():
            if not (action or '').startswith('ansible.windows.') or ('results' not in result and not ran(result)):
                continue
            items = result['results'] if 'results' in result else [result]
            executed.extend(item for item in items if ran(item))
        return executed


@pytest.fixture
def ansible_env(collections_path):
    """The environment of the Ansible commands the tests run: the fake collections first."""
    env = dict(os.environ)
    env.pop('ANSIBLE_CONFIG', None)
    env.update({'ANSIBLE_COLLECTIONS_PATH': collections_path, 'ANSIBLE_NOCOLOR': '1', 'ANSIBLE_FORCE_COLOR': '0',
                'ANSIBLE_RETRY_FILES_ENABLED': '0'})
    return env


def ansible_command(name):
    """An Ansible command of the Python running the tests (the lab's virtualenv)."""
    return os.path.join(os.path.dirname(sys.executable), name)


@pytest.fixture
def contract(tmp_path, ansible_env, real_specs):
    """contract(playbook, scenario, extra_vars, verbosity=0, callback='json', check=False) -> Run.

    host_vars={name: {variable: value}} are inventory variables of those hosts.
    With hosts={name: scenario} (and scenario None) the inventory holds those hosts, each with its own scenario and
    log of calls (the play hands them to the fakes through its environment): the result is {name: Run}."""

    def run(playbook, scenario, extra_vars, verbosity=0, callback='json', check=False, hosts=None, host_vars=None):
        scenarios = hosts if hosts is not None else {HOST: scenario}
        inventory_hosts, files = {}, {}
        for index, (name, host_scenario) in enumerate(scenarios.items()):
            suffix = '' if hosts is None else '-%d' % index
            log = tmp_path / ('calls%s.jsonl' % suffix)
            if log.exists():
                log.unlink()
            log.touch()
            scenario_file = tmp_path / ('scenario%s.json' % suffix)
            scenario_file.write_text(json.dumps(host_scenario, indent=1, sort_keys=True))
            files[name] = (log, scenario_file)
            inventory_hosts[name] = {'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable}
            inventory_hosts[name].update((host_vars or {}).get(name) or {})
            if hosts is not None:
                inventory_hosts[name]['contract_environment'] = {'CONTRACT_LOG': str(log),
                                                                 'CONTRACT_SCENARIO': str(scenario_file)}
        inventory = tmp_path / 'inventory.yml'
        inventory.write_text(yaml.safe_dump({'all': {'hosts': inventory_hosts}}))
        vars_file = tmp_path / 'vars.json'
        vars_file.write_text(json.dumps(extra_vars))
        env = dict(ansible_env)
        env.update({
            'ANSIBLE_STDOUT_CALLBACK': 'ansible.posix.json' if callback == 'json' else 'ansible.builtin.default',
            'ANSIBLE_REMOTE_TEMP': str(tmp_path / 'remote_tmp'), 'ANSIBLE_LOCAL_TEMP': str(tmp_path / 'local_tmp'),
            'ANSIBLE_ASYNC_DIR': str(tmp_path / 'async'), 'CONTRACT_SPECS': real_specs,
        })
        if hosts is None:
            env.update({'CONTRACT_LOG': str(files[HOST][0]), 'CONTRACT_SCENARIO': str(files[HOST][1])})
        cmd = [ansible_command('ansible-playbook'), '-i', str(inventory),
               '-e', '@' + str(vars_file), os.path.join(PLAYBOOKS, playbook)]
        if verbosity:
            cmd.append('-' + 'v' * verbosity)
        if check:
            cmd.append('--check')
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=str(tmp_path), timeout=600, check=False)
        output = None
        if callback == 'json':
            try:
                output = json.loads(proc.stdout[proc.stdout.index('{'):])
            except ValueError:
                raise AssertionError('no JSON from ansible-playbook (rc %s):\n%s\n%s' % (proc.returncode, proc.stdout, proc.stderr))
        runs = {}
        for name, (log, scenario_file) in files.items():
            calls = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
            result = Run(proc.returncode, proc.stdout, proc.stderr, calls, json.loads(scenario_file.read_text()), output,
                         host=name)
            if output is not None:
                # Only the fakes answered (or an async job was given up on: the fake is still at work), and every
                # answer is in the log: a task retried 'until' counts its attempts, one more when they ran out.
                executed = result.windows_results()
                assert all(item.get('contract_fake') or 'censored' in item or gave_up(item) for item in executed), result
                assert sum(answers(item) for item in executed) == len(calls), result
            runs[name] = result
        return runs if hosts is not None else runs[HOST]

    return run


def ran(result):
    """Whether a fake answered: not skipped by Ansible (a condition); a fake that ended as skipped itself (check
    mode) did answer."""
    return not result.get('skipped') or result.get('contract_fake')


def gave_up(result):
    """An async task whose time limit ran out before the fake answered: Ansible stopped polling, or the
    async wrapper stopped the job (on Windows the watchdog does)."""
    if 'async_result' in result:
        return not result['async_result'].get('finished', True)
    return 'ansible_job_id' in result and result.get('msg') == 'Timeout exceeded'


def answers(result):
    """How many times the module ran for this result: once, or once per attempt of a task retried 'until'."""
    if 'attempts' not in result:
        return 1
    # Ansible reports one attempt less when they ran out (the result is then failed)
    return result['attempts'] + (1 if result.get('failed') else 0)


def sha256(path):
    with open(path, 'rb') as handle:
        return hashlib.sha256(handle.read()).hexdigest()


@pytest.fixture
def installer_dir(tmp_path):
    """make(names, sums_override={name: sha256}) -> a controller directory of installer files and their SHA256SUMS."""

    def make(names, sums_override=None):
        folder = tmp_path / 'installers'
        folder.mkdir(exist_ok=True)
        lines = []
        for name in names:
            path = folder / name
            path.write_bytes(('contract test stand-in for %s\n' % name).encode() * 64)
            digest = (sums_override or {}).get(name, sha256(str(path)))
            lines.append('%s  %s' % (digest, name))
        (folder / 'SHA256SUMS').write_text('\n'.join(lines) + '\n')
        return str(folder)

    return make
