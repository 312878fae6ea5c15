# -*- coding: utf-8 -*-
"""After the role's main entry point: agent 9.65 (the pin) installed and
registered, no installer or secret left on the host, antivirus exclusions
where Defender for Endpoint or ClamAV is present."""

from __future__ import absolute_import, division, print_function

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'shared'))
from verify_helpers import ini_value, key_values, registered_hosts  # noqa: E402  pylint: disable=wrong-import-position


def test_pinned_version_installed_and_registered(host):
    values = key_values(host.file('/usr/local/.vx_version').content_string)
    assert values['PROD_VERSION'] == '9.65.0.0'
    assert values['AGENT_CONFIGURATION_STATUS'] == 'Succeeded'
    conf = host.file('/usr/local/ASR/Vx/etc/drscout.conf').content_string
    assert ini_value(conf, 'vxagent.transport', 'Hostname') == '127.0.0.1'


def test_agent_runs(host):
    assert host.process.filter(comm='svagents')
    assert host.process.filter(comm='appservice')


def test_no_installer_or_secret_left(host):
    # each run's private staging folder (under /var/tmp) is gone
    assert host.run('ls -d /var/tmp/asr-mobility.* 2>/dev/null').stdout.strip() == ''
    assert host.run('ls -d /tmp/asr-secret.* 2>/dev/null').stdout.strip() == ''
    found = host.run("grep -rl 'role-scenario-passphrase' /tmp /var/tmp /root /var/log /usr/local/ASR /etc/vxagent 2>/dev/null")
    assert found.stdout.strip() == ''


def test_defender_exclusions_where_defender_runs(host):
    store = host.file('/var/lib/asr-simulator/mdatp-exclusions')
    if host.backend.get_hostname() == 'srm-mol-role-ubuntu2004':
        assert store.content_string.split() == ['/usr/local/ASR/', '/etc/vxagent/']
    else:
        assert not store.exists
        assert not host.file('/usr/bin/mdatp').exists


def test_clamav_exclusions_where_clamav_is_configured(host):
    conf = host.file('/etc/clamav/clamd.conf')
    if host.backend.get_hostname() == 'srm-mol-role-sles12sp3':
        lines = conf.content_string.splitlines()
        assert lines[:2] == ['# clamd configuration (lab stand-in)', 'LocalSocket /run/clamav/clamd.ctl']
        assert lines[2:] == ['ExcludePath ^/usr/local/ASR/', 'ExcludePath ^/etc/vxagent/']
    else:
        assert not conf.exists


def test_registered_on_the_configuration_server(host):
    host_id = ini_value(host.file('/usr/local/ASR/Vx/etc/drscout.conf').content_string, 'vxagent', 'HostId')
    assert host_id in [entry['host_id'] for entry in registered_hosts(os.environ['SRM_CS_URL'])]
