# Benchmark instrumentation for tests/bench (never part of the collection).
# Loaded in the controller's main process before any worker forks, it wraps two
# ansible-core internals, so every worker inherits the wrappers:
#   - WorkerProcess._run: one line per host and task with the worker's wall
#     time and CPU time (its own and its children's, e.g. docker or ssh);
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

from ansible.executor.process import worker as _worker
from ansible.plugins.action import ActionBase
from ansible.plugins.callback import CallbackBase

_DIR = os.environ.get('SRM_BENCH_METER_DIR', '')
_STATE = {'host': None}


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


if not getattr(_worker.WorkerProcess, '_bench_meter', False):
    _original_run = _worker.WorkerProcess._run
    _original_transfer = ActionBase._transfer_file

    def _run(self):
        _STATE['host'] = self._host.get_name()
        start, cpu = time.monotonic(), _cpu()
        try:
            return _original_run(self)
        finally:
            _append('tasks.jsonl', {'host': _STATE['host'], 'task': self._task.get_name(),
                                    'action': self._task.action, 'wall': time.monotonic() - start,
                                    'cpu': _cpu() - cpu})

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
