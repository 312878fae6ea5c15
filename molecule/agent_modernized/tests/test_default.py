# -*- coding: utf-8 -*-
"""After converge: agent 9.65 installed as CSPrime and registered with the
simulated appliance through config.json."""

from __future__ import absolute_import, division, print_function

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'shared'))
from verify_helpers import ini_value, key_values, registered_hosts  # noqa: E402  pylint: disable=wrong-import-position


def test_modernized_agent(host):
    values = key_values(host.file('/usr/local/.vx_version').content_string)
    assert values['PROD_VERSION'] == '9.65.0.0'
    assert values['AGENT_CONFIGURATION_STATUS'] == 'Succeeded'
    platform = key_values(host.file('/etc/vxagent/usr/vxplatformtype.dat').content_string)
    assert platform['CS_TYPE'] == 'CSPrime'


def test_the_appliance_lists_the_host(host):
    conf = host.file('/usr/local/ASR/Vx/etc/drscout.conf').content_string
    host_id = ini_value(conf, 'vxagent', 'HostId')
    hosts = {entry['host_id']: entry for entry in registered_hosts(os.environ['SRM_CS_URL'])}
    assert host_id in hosts
    assert hosts[host_id]['cs_type'] == 'CSPrime'


def test_config_json_key_not_copied_elsewhere(host):
    key = json.loads(host.file('/root/asr/config.json').content_string)['key']
    assert len(key) >= 32
    found = host.run("grep -rlF '%s' /tmp /var/log /usr/local/ASR /etc/vxagent/usr/vxplatformtype.dat 2>/dev/null" % key)
    assert found.stdout.strip() == ''
