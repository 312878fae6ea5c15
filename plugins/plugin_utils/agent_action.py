# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The base of the Linux agent actions: options checked on the controller,
shell scripts run through the task's connection (with its become), files
sent with the connection's own transfer. No Python runs on the host."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import shutil
import tempfile
from contextlib import contextmanager

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.siterecovery.mobility.plugins.plugin_utils import posix
from ansible_collections.siterecovery.mobility.plugins.plugin_utils.linux_agent import HostFailure


class ConnectionHost(object):
    """A host reached through an action plugin's connection."""

    root = ''

    def __init__(self, action):
        self.action = action
        self.tmpdir = None

    def run(self, script):
        text = script.text()
        res = self.action._low_level_execute_command(text, sudoable=True)
        out = posix.parse(res.get('stdout', ''), script.token)
        if out.value('done') is None:
            # the script did not run to its end: become failed, no sh, the connection broke
            raise HostFailure('the shell script on the host did not complete (exit code %s): %s' % (
                res.get('rc'), (res.get('stderr') or res.get('stdout') or '').strip()[-2000:] or 'no output'),
                rc=res.get('rc'))
        return out

    def put(self, local_path, name):
        if self.tmpdir is None:
            self.tmpdir = self.action._make_tmp_path()
        remote = self.action._connection._shell.join_path(self.tmpdir, name)
        self.action._transfer_file(local_path, remote)
        return remote

    def cleanup(self):
        if self.tmpdir is not None:
            self.action._remove_tmp_path(self.tmpdir)
            self.tmpdir = None


@contextmanager
def local_secret_file(text):
    """A controller file only its owner can read, holding ``text``; removed
    at the end of the block."""
    folder = tempfile.mkdtemp(prefix='asr-secret.')
    try:
        os.chmod(folder, 0o700)
        path = os.path.join(folder, 'passphrase')
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, 'w') as handle:
            handle.write(text)
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class AgentAction(ActionBase):
    """Subclasses set SPEC (module_utils/agent_specs) and act(host, params, check_mode)."""

    TRANSFERS_FILES = False
    _requires_connection = True
    SPEC = None

    def act(self, host, params, check_mode):
        raise NotImplementedError

    def run(self, tmp=None, task_vars=None):
        result = super(AgentAction, self).run(tmp, task_vars)
        del tmp
        try:
            dummy, params = self.validate_argument_spec(**self.SPEC)
        except AnsibleActionFail as exc:
            result.update(failed=True, msg=str(exc))
            return result
        host = ConnectionHost(self)
        try:
            values, warnings = self.act(host, params, self._task.check_mode)
            result.update(values)
            if warnings:
                result['warnings'] = warnings
        except HostFailure as exc:
            result.update(exc.fields)
            result.update(failed=True, msg=exc.msg)
        finally:
            host.cleanup()
        return result
