# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures of the Linux action tests: a fake RHEL 8.6 host root and a
RecordingHost that runs the actions' scripts against it (see linux_fakes)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import pytest

from ansible_collections.siterecovery.mobility.tests.unit.plugins.module_utils.fake_host import FakeHost
from ansible_collections.siterecovery.mobility.tests.unit.plugins.plugin_utils.linux_fakes import (
    RHEL8_OS_RELEASE, RecordingHost)


@pytest.fixture
def fake(tmp_path):
    """The host's files: RHEL 8.6, 8 GB, empty /var/tmp and /var/log."""
    host = FakeHost(tmp_path / 'root')
    host.write('/etc/os-release', RHEL8_OS_RELEASE)
    host.write('/etc/redhat-release', 'Red Hat Enterprise Linux release 8.6 (Ootpa)\n')
    host.write('/proc/meminfo', 'MemTotal:        8000000 kB\nMemFree:         4000000 kB\n'
                                'Buffers:          100000 kB\nCached:          1000000 kB\n')
    os.makedirs(host.path('/var/tmp'))
    os.makedirs(host.path('/var/log'))
    return host


@pytest.fixture
def host(fake, tmp_path):
    """The host the actions' scripts run on (``scripts``, ``outputs``, ``puts`` record them)."""
    uploads = tmp_path / 'uploads'
    uploads.mkdir()
    return RecordingHost(fake.root, uploads)
