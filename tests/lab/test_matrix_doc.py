# -*- coding: utf-8 -*-
"""scripts/lab/matrix.sh doc writes docs/compatibility.md from a matrix run's results: one row per release, and the
first failure lines of the logs when there are some (a run without any failure must not end the script)."""

from __future__ import absolute_import, division, print_function

import hashlib
import os
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MATRIX = os.path.join(ROOT, 'scripts', 'lab', 'matrix.sh')
RESULTS = {
    '2.19': '2.19 2.19.14 3.11.7 1224 0 0 25 passed 24 - - 57',
    '2.20': '2.20 2.20.10 3.13.5 1224 0 0 31 passed 24 - - 119',
    '2.21': '2.21 2.21.5 3.13.5 1224 0 0 36 passed 24 - - 130',
}


@pytest.fixture
def matrix_run(tmp_path):
    """A lab home with the results of a matrix run of this checkout; write(logs) -> (exit code, doc, stderr)."""
    key = hashlib.sha256(ROOT.encode()).hexdigest()[:12]
    folder = tmp_path / 'lab' / ('matrix-%s' % key)
    for sub in ('results', 'logs', 'snapshot/meta'):
        (folder / sub).mkdir(parents=True)
    (folder / 'snapshot' / 'meta' / 'runtime.yml').write_text('---\nrequires_ansible: ">=2.19.0,<2.22.0"\n')
    (folder / 'results' / 'run').write_text('0123abcd 2026-12-03 400\n')
    for series, line in RESULTS.items():
        (folder / 'results' / series).write_text(line + '\n')
    doc = tmp_path / 'compatibility.md'

    def write(logs):
        for series in RESULTS:
            for kind in ('units', 'sanity'):
                (folder / 'logs' / ('%s-%s.log' % (series, kind))).write_text(logs.get((series, kind), 'all good\n'))
        env = dict(os.environ, SRM_LAB_HOME=str(tmp_path / 'lab'), SRM_MATRIX_DOC=str(doc))
        proc = subprocess.run([MATRIX, 'doc'], env=env, capture_output=True, text=True, timeout=60, check=False)
        return proc.returncode, doc.read_text() if doc.exists() else '', proc.stderr

    return write


def test_a_run_without_failures_gives_the_table(matrix_run):
    rc, doc, stderr = matrix_run({})
    assert rc == 0, stderr
    assert '| 2.21 | 2.21.5 | 3.13.5 | `siterecovery-lab/matrix:2.21` (Debian trixie) | 1224 passed, 0 failed' in doc
    assert 'requires_ansible: ">=2.19.0,<2.22.0"' in doc and 'Failures' not in doc


def test_failure_lines_are_listed_by_release(matrix_run):
    rc, doc, stderr = matrix_run({('2.20', 'units'): 'x\nFAILED tests/unit/test_a.py::test_b\n'})
    assert rc == 0, stderr
    assert '- 2.20: FAILED tests/unit/test_a.py::test_b' in doc
