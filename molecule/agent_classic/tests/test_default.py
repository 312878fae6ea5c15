# -*- coding: utf-8 -*-
"""After converge: agent 9.65 installed for the host's OS, registered with the
first configuration server, which lists it."""

from __future__ import absolute_import, division, print_function

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'shared'))
from verify_helpers import agent_service_running, ini_value, key_values, registered_hosts  # noqa: E402  pylint: disable=wrong-import-position

EXPECTED_TAG = {
    'srm-mol-classic-rhel7': 'RHEL7-64',
    'srm-mol-classic-ubuntu2004': 'UBUNTU-20.04-64',
    'srm-mol-classic-sles15': 'SLES15-64',
}


def test_agent_installed_for_this_os(host):
    values = key_values(host.file('/usr/local/.vx_version').content_string)
    assert values['PROD_VERSION'] == '9.65.0.0'
    assert values['OS_BUILT_FOR'] == EXPECTED_TAG[host.backend.get_hostname()]
    assert values['AGENT_CONFIGURATION_STATUS'] == 'Succeeded'


def test_classic_registration(host):
    conf = host.file('/usr/local/ASR/Vx/etc/drscout.conf').content_string
    assert ini_value(conf, 'vxagent.transport', 'Hostname') == '127.0.0.1'
    platform = key_values(host.file('/etc/vxagent/usr/vxplatformtype.dat').content_string)
    assert platform['CS_TYPE'] == 'CSLegacy'


def test_agent_runs(host):
    assert host.process.filter(comm='svagents')
    assert agent_service_running(host)


def test_no_secret_left_on_the_host(host):
    found = host.run("grep -rl 'classic-first-server-secret' /tmp /root /var/log /usr/local/ASR /etc/vxagent 2>/dev/null")
    assert found.stdout.strip() == ''
    assert host.run('ls -d /tmp/asr-secret.* /tmp/asr-mobility.* 2>/dev/null').stdout.strip() == ''


def test_the_configuration_server_lists_the_host(host):
    conf = host.file('/usr/local/ASR/Vx/etc/drscout.conf').content_string
    host_id = ini_value(conf, 'vxagent', 'HostId')
    hosts = {entry['host_id']: entry for entry in registered_hosts(os.environ['SRM_CS_URL'])}
    assert host_id in hosts
    assert hosts[host_id]['cs_type'] == 'CSLegacy'
    assert hosts[host_id]['os_tag'] == EXPECTED_TAG[host.backend.get_hostname()]
