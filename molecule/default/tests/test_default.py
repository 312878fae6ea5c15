# -*- coding: utf-8 -*-
"""Verify the converged hosts: agent files, processes, and the registration as
the simulated configuration server sees it."""

from __future__ import absolute_import, division, print_function

import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'shared'))
from verify_helpers import ini_value, key_values  # noqa: E402  pylint: disable=wrong-import-position
from verify_helpers import registered_hosts as _registered_hosts  # noqa: E402  pylint: disable=wrong-import-position

AGENT_VERSION = '9.66.7567.1'
EXPECTED_TAG = {
    'srm-mol-default-rhel8': 'RHEL8-64',
    'srm-mol-default-ubuntu2004': 'UBUNTU-20.04-64',
    'srm-mol-default-sles15': 'SLES15-64',
    'srm-mol-default-debian12': 'DEBIAN12-64',
}


@pytest.fixture(scope='module')
def registered_hosts():
    return _registered_hosts(os.environ['SRM_CS_URL'])


def test_version_file(host):
    vx = host.file('/usr/local/.vx_version')
    assert vx.exists
    values = key_values(vx.content_string)
    assert values['PROD_VERSION'] == AGENT_VERSION
    assert values['OS_BUILT_FOR'] == EXPECTED_TAG[host.backend.get_hostname()]
    assert values['INSTALLATION_DIR'] == '/usr/local/ASR/Vx'
    assert values['AGENT_CONFIGURATION_STATUS'] == 'Succeeded'


def test_agent_points_at_the_configuration_server(host):
    conf = host.file('/usr/local/ASR/Vx/etc/drscout.conf').content_string
    assert ini_value(conf, 'vxagent.transport', 'Hostname') == '127.0.0.1'


def test_agent_processes_run(host):
    assert host.process.filter(comm='svagents')
    assert host.process.filter(comm='appservice')
    # the vendor's systemd tags (Ubuntu 20.04, SLES 15) run the agent as a unit, the others through the init script
    if host.file('/etc/systemd/system/vxagent.service').exists:
        assert host.backend.get_hostname() in ('srm-mol-default-ubuntu2004', 'srm-mol-default-sles15')
        assert host.run('systemctl is-active vxagent').rc == 0
    else:
        assert host.run('/etc/init.d/vxagent status').rc == 0


def test_no_secret_or_installer_left_behind(host):
    assert host.run('ls -d /tmp/asr-secret.* /tmp/asr-mobility.* 2>/dev/null').stdout.strip() == ''
    found = host.run("grep -rl 'molecule-default-passphrase' /tmp /root /var/log /usr/local/ASR /etc/vxagent 2>/dev/null")
    assert found.stdout.strip() == ''


def test_registration_is_visible_on_the_configuration_server(host, registered_hosts):
    conf = host.file('/usr/local/ASR/Vx/etc/drscout.conf').content_string
    host_id = ini_value(conf, 'vxagent', 'HostId')
    assert host_id
    ids = [entry.get('host_id') for entry in registered_hosts]
    assert host_id in ids
