# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Harness for the modules' main(): module arguments in, exit/fail kwargs out,
run_command recorded, the agent's files under a temporary host root.

Kept out of conftest.py so that tests import the same classes the fixture uses."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import tempfile

import pytest

from ansible.module_utils import basic
from ansible.module_utils.testing import patch_module_args

from ansible_collections.siterecovery.mobility.plugins.module_utils import agent
from ansible_collections.siterecovery.mobility.tests.unit.plugins.module_utils.fake_host import FakeHost


class ExitJson(Exception):
    """exit_json was called; ``result`` holds its kwargs."""

    def __init__(self, result):
        super(ExitJson, self).__init__(result)
        self.result = result


class FailJson(Exception):
    """fail_json was called; ``result`` holds its kwargs with msg."""

    def __init__(self, result):
        super(FailJson, self).__init__(result.get('msg'))
        self.result = result


TIMED_OUT = 'timed out'


class Runner(object):
    """A fake run_command (and agent.run_bounded) recording every call; ``handler(call)``, call being
    {cmd, kwargs}, may simulate the command's effects and return (rc, stdout, stderr); an rc of
    TIMED_OUT stands for a tool that run_bounded had to stop."""

    def __init__(self):
        self.calls = []
        self.handler = self.succeed

    @staticmethod
    def succeed(call):
        return 0, '', ''

    @property
    def commands(self):
        return [call['cmd'] for call in self.calls]

    def __call__(self, module, args, **kwargs):
        call = {'cmd': list(args), 'kwargs': kwargs}
        self.calls.append(call)
        return self.handler(call)


class Harness(object):
    def __init__(self, host, runner, logged, scratch, warnings):
        self.host = host
        self.runner = runner
        self.logged = logged
        self.scratch = scratch
        self.warnings = warnings

    def leftovers(self):
        """What is left in the directory private directories are created in."""
        return os.listdir(self.scratch)

    @staticmethod
    def _args(args, check_mode):
        args = dict(args)
        if check_mode:
            args['_ansible_check_mode'] = True
        return args

    def exit(self, main, args, check_mode=False):
        """Run main() and return the kwargs of exit_json (fail_json is an error)."""
        with patch_module_args(self._args(args, check_mode)):
            with pytest.raises(ExitJson) as info:
                main()
        return info.value.result

    def fail(self, main, args, check_mode=False):
        """Run main() and return the kwargs of fail_json (exit_json is an error)."""
        with patch_module_args(self._args(args, check_mode)):
            with pytest.raises(FailJson) as info:
                main()
        return info.value.result


def serialized(result):
    return json.dumps(result, sort_keys=True, default=str)


def make_harness(tmp_path, monkeypatch):
    """Patch AnsibleModule and the agent's file locations; return the Harness."""
    host = FakeHost(tmp_path / 'root')
    # private directories (extraction, secrets) are created here, so a test can see that none is left
    scratch = tmp_path / 'scratch'
    scratch.mkdir()
    monkeypatch.setattr(tempfile, 'tempdir', str(scratch))
    runner = Runner()
    logged = []

    def exit_json(module, **kwargs):
        raise ExitJson(kwargs)

    def fail_json(module, msg, **kwargs):
        kwargs['msg'] = msg
        raise FailJson(kwargs)

    def log(module, msg, log_args=None):
        logged.append(msg)

    warnings = []

    def warn(module, warning):
        warnings.append(warning)

    def run_command(module, args, **kwargs):
        return runner(module, args, **kwargs)

    monkeypatch.setattr(basic.AnsibleModule, 'exit_json', exit_json)
    monkeypatch.setattr(basic.AnsibleModule, 'fail_json', fail_json)
    monkeypatch.setattr(basic.AnsibleModule, 'run_command', run_command)
    monkeypatch.setattr(basic.AnsibleModule, 'log', log)
    monkeypatch.setattr(basic.AnsibleModule, 'warn', warn)

    real_read_state = agent.read_state
    real_log_tail = agent.log_tail
    real_running_processes = agent.running_processes

    def read_state(root=''):
        return real_read_state(root=host.root + root)

    def log_tail(path=agent.INSTALL_LOG, lines=20, secrets=(), root=''):
        return real_log_tail(path, lines, secrets, host.root + root)

    def running_processes(names=agent.AGENT_PROCESSES, proc='/proc'):
        return real_running_processes(names, host.path(proc))

    def run_bounded(cmd, cwd=None, timeout=agent.DEFAULT_TIMEOUT, grace=10):
        rc, out, err = runner(None, cmd, cwd=cwd, timeout=timeout)
        if rc == TIMED_OUT:
            return None, out, err, True
        return rc, out, err, False

    real_errors_file_since = agent.errors_file_since
    real_file_mtime = agent.file_mtime

    def errors_file_since(mtime_before, path=agent.INSTALLER_ERRORS, secrets=(), root='', limit=2000):
        return real_errors_file_since(mtime_before, path, secrets, host.root + root, limit)

    def file_mtime(path=agent.INSTALLER_ERRORS, root=''):
        return real_file_mtime(path, host.root + root)

    monkeypatch.setattr(agent, 'errors_file_since', errors_file_since)
    monkeypatch.setattr(agent, 'file_mtime', file_mtime)
    monkeypatch.setattr(agent, 'run_bounded', run_bounded)
    monkeypatch.setattr(agent, 'read_state', read_state)
    monkeypatch.setattr(agent, 'log_tail', log_tail)
    monkeypatch.setattr(agent, 'running_processes', running_processes)
    return Harness(host, runner, logged, str(scratch), warnings)
