# -*- coding: utf-8 -*-
"""The quick stages (units, sanity, lint, ...) set up only the virtualenvs: with --no-docker the bootstrap never
touches the Docker engine, mmdebstrap or the lab's images, so that a change to Python is checked in a minute on a
machine without Docker. Stand-ins for docker, dockerd and mmdebstrap record any call and fail."""

from __future__ import absolute_import, division, print_function

import os
import stat
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COMMON = os.path.join(ROOT, 'scripts', 'lab', 'common.sh')


@pytest.fixture
def no_docker(tmp_path):
    """A PATH on which docker, dockerd and mmdebstrap only write down that they were called, and fail."""
    calls = tmp_path / 'calls'
    stubs = tmp_path / 'bin'
    stubs.mkdir()
    for tool in ('docker', 'dockerd', 'mmdebstrap'):
        path = stubs / tool
        # once 'dockerd' was started, 'docker info' answers, so that a full bootstrap goes on to the images
        # (and fails there at once) instead of waiting for an engine
        path.write_text('#!/bin/sh\necho "%s $*" >> "%s"\n'
                        'if [ "%s $1" = "docker info" ] && grep -q "^dockerd" "%s"; then exit 0; fi\nexit 1\n'
                        % (tool, calls, tool, calls))
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
    env = dict(os.environ, PATH='%s:%s' % (stubs, os.environ['PATH']))
    return env, calls


def test_the_bootstrap_of_the_quick_stages_never_calls_docker(no_docker):
    env, calls = no_docker
    proc = subprocess.run([os.path.join(ROOT, 'scripts', 'lab', 'bootstrap.sh'), '--no-docker'], env=env,
                          capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert not calls.exists(), calls.read_text()
    assert 'lab ready' in proc.stderr


def test_the_full_bootstrap_does_call_docker(no_docker):
    """The stand-ins work: without --no-docker the bootstrap reaches for the engine (and fails on the stand-in)."""
    env, calls = no_docker
    proc = subprocess.run([os.path.join(ROOT, 'scripts', 'lab', 'bootstrap.sh')], env=env,
                          capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode != 0
    called = calls.read_text().splitlines()
    assert called[0].startswith('docker ') and any(line.startswith('dockerd') for line in called)


@pytest.mark.parametrize('stages, docker', [
    ('units', False), ('units sanity lint', False), ('examples contract build ecosystem', False),
    ('units molecule', True), ('lab', True), ('simulator', True), ('controllers', True),
])
def test_only_the_stages_that_run_containers_need_docker(stages, docker):
    script = 'source "%s"; if stages_need_docker %s; then echo yes; else echo no; fi' % (COMMON, stages)
    out = subprocess.run(['bash', '-c', script], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ('yes' if docker else 'no')
