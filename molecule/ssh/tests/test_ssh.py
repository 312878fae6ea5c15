# -*- coding: utf-8 -*-
"""The main playbook over SSH: agent installed and registered on every host,
the hosts were really reached through sshd on loopback, and the report says
what happened."""

from __future__ import absolute_import, division, print_function

import glob
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'shared'))
from verify_helpers import ini_value, key_values, registered_hosts  # noqa: E402  pylint: disable=wrong-import-position

PORTS = {'srm-mol-ssh-rhel8': 22401, 'srm-mol-ssh-ubuntu2004': 22402, 'srm-mol-ssh-sles15': 22403}


def test_the_connection_is_ssh_on_the_hosts_own_port(host):
    name = host.backend.get_hostname()
    variables = host.ansible.get_variables()
    # ansible.builtin.ssh by its short name, which testinfra maps to its own ssh backend (no Python on the host)
    assert variables['ansible_connection'] == 'ssh'
    assert (variables['ansible_host'], int(variables['ansible_port'])) == ('127.0.0.1', PORTS[name])
    # the session arrives through this host's sshd: SSH_CONNECTION names the server port
    assert host.check_output('echo $SSH_CONNECTION').split()[-1] == str(PORTS[name])


def listening(host, port):
    """Local addresses (dotted quads) listening on a TCP port, from /proc/net/tcp (no ss in the image)."""
    found = []
    for line in host.file('/proc/net/tcp').content_string.splitlines()[1:]:
        fields = line.split()
        address, port_hex = fields[1].split(':')
        if int(port_hex, 16) == port and fields[3] == '0A':  # 0A: LISTEN
            found.append('.'.join(str(int(address[i:i + 2], 16)) for i in (6, 4, 2, 0)))
    return found


def test_sshd_listens_on_loopback_only(host):
    assert listening(host, PORTS[host.backend.get_hostname()]) == ['127.0.0.1']


def test_agent_installed_and_registered(host):
    values = key_values(host.file('/usr/local/.vx_version').content_string)
    assert values['PROD_VERSION'] == '9.66.7567.1'
    assert values['AGENT_CONFIGURATION_STATUS'] == 'Succeeded'
    host_id = ini_value(host.file('/usr/local/ASR/Vx/etc/drscout.conf').content_string, 'vxagent', 'HostId')
    assert host_id in [entry['host_id'] for entry in registered_hosts(os.environ['SRM_CS_URL'])]


def test_reports_of_the_converge_and_the_idempotence_run():
    reports = []
    for path in sorted(glob.glob(os.path.join(os.environ['SRM_SSH_REPORTS'], 'push_install-*.json'))):
        with open(path) as handle:
            reports.append(json.load(handle))
    assert len(reports) == 2
    first, second = reports
    assert first['totals'] == {'hosts': 3, 'changed': 3, 'unchanged': 0, 'failed': 0, 'unreachable': 0, 'skipped': 0}
    assert second['totals'] == {'hosts': 3, 'changed': 0, 'unchanged': 3, 'failed': 0, 'unreachable': 0, 'skipped': 0}
