# Benchmark instrumentation for tests/bench (never part of the collection).
# Loaded in the controller's main process before any worker forks, it wraps
# ansible-core internals, so every worker inherits the wrappers:
#   - WorkerProcess._run: one line per host and task (one task result) with the
#     worker's wall time and CPU time (its own and its children's, e.g. docker
#     or ssh), its status, whether it is a run_once task, and the calls it made
#     on its connection: 'reached' is true when a command or file went to the
#     host, false for tasks done on the controller alone (set_fact, debug,
#     assert, include_*, validate_argument_spec, skipped tasks, tasks delegated
#     to localhost);
#   - TaskExecutor._get_connection: counts exec_command, put_file and
#     fetch_file per connection plugin for the line above;
#   - ActionBase._transfer_file: one line per file handed to the connection's
#     put_file, with its size on the controller.
# In the main process it also notes how long each task took for the whole
# play batch (like profile_tasks). Everything goes to $SRM_BENCH_METER_DIR.
from __future__ import annotations

DOCUMENTATION = """
name: bench_meter
type: aggregate
short_description: records per-task timings and file transfers for tests/bench
description:
  - Writes JSON lines into the directory named by the environment variable SRM_BENCH_METER_DIR.
requirements:
  - enabled with callbacks_enabled
"""

import json
import os
import resource
import time

from ansible.executor import task_executor as _task_executor
from ansible.executor.process import worker as _worker
from ansible.plugins.action import ActionBase
from ansible.plugins.callback import CallbackBase

_DIR = os.environ.get('SRM_BENCH_METER_DIR', '')
_STATE = {'host': None, 'calls': {}, 'result': None}
_CALLS = ('exec_command', 'put_file', 'fetch_file')


def _append(name, record):
    if not _DIR:
        return
    line = json.dumps(record, sort_keys=True) + '\n'
    # O_APPEND and a single write per line: lines of concurrent workers do not interleave
    fd = os.open(os.path.join(_DIR, name), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode())
    finally:
        os.close(fd)


def _cpu():
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _status(result):
    if not isinstance(result, dict):
        return '?'
    for key in ('unreachable', 'failed', 'skipped'):
        if result.get(key):
            return key
    return 'changed' if result.get('changed') else 'ok'


def _flag(value):
    # a run_once that is still a template counts as false; the collection's are literal
    return value if isinstance(value, bool) else str(value).lower() in ('true', 'yes', '1')


def _counted(connection):
    name = getattr(connection, '_load_name', None) or getattr(connection, 'transport', '?')
    for method in _CALLS:
        original = getattr(connection, method, None)
        if original is None or getattr(original, '_bench_meter', False):
            continue

        def call(*args, _original=original, **kwargs):
            _STATE['calls'][name] = _STATE['calls'].get(name, 0) + 1
            return _original(*args, **kwargs)
        call._bench_meter = True
        setattr(connection, method, call)
    return connection


if not getattr(_worker.WorkerProcess, '_bench_meter', False):
    _original_run = _worker.WorkerProcess._run
    _original_transfer = ActionBase._transfer_file
    _original_execute = _task_executor.TaskExecutor.run
    _original_connection = _task_executor.TaskExecutor._get_connection

    def _run(self):
        _STATE.update(host=self._host.get_name(), calls={}, result=None)
        start, cpu = time.monotonic(), _cpu()
        try:
            return _original_run(self)
        finally:
            calls = _STATE['calls']
            _append('tasks.jsonl', {'host': _STATE['host'], 'task': self._task.get_name(),
                                    'action': self._task.action, 'wall': time.monotonic() - start,
                                    'cpu': _cpu() - cpu, 'status': _status(_STATE['result']),
                                    'run_once': _flag(getattr(self._task, 'run_once', False)),
                                    'delegate_to': self._task.delegate_to or None, 'calls': calls,
                                    'reached': any(n and not n.endswith('local') for n in calls)})

    def _execute(self):
        _STATE['result'] = _original_execute(self)
        return _STATE['result']

    def _get_connection(self, cvars, templar, current_connection):
        return _counted(_original_connection(self, cvars, templar, current_connection))

    def _transfer_file(self, local_path, remote_path):
        try:
            size = os.path.getsize(local_path)
        except OSError:
            size = None
        _append('transfers.jsonl', {'host': _STATE['host'], 'src': local_path, 'dest': remote_path,
                                    'size': size, 'action': self._task.action,
                                    'connection': getattr(self._connection, '_load_name', '?')})
        return _original_transfer(self, local_path, remote_path)

    _worker.WorkerProcess._run = _run
    _task_executor.TaskExecutor.run = _execute
    _task_executor.TaskExecutor._get_connection = _get_connection
    ActionBase._transfer_file = _transfer_file
    _worker.WorkerProcess._bench_meter = True


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'bench_meter'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._current = None
        self._walls = []

    def _close(self):
        if self._current is not None:
            name, start = self._current
            self._walls.append({'task': name, 'wall': time.monotonic() - start})
            self._current = None

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._close()
        self._current = (task.get_name(), time.monotonic())

    def v2_playbook_on_handler_task_start(self, task):
        self.v2_playbook_on_task_start(task, False)

    def v2_playbook_on_play_start(self, play):
        self._close()

    def v2_playbook_on_stats(self, stats):
        self._close()
        if _DIR:
            with open(os.path.join(_DIR, 'task_walls.json'), 'w') as handle:
                json.dump(self._walls, handle)
