# -*- coding: utf-8 -*-
"""Shared helpers of the scenarios' testinfra checks."""

from __future__ import absolute_import, division, print_function

import json
import ssl
import urllib.request


def key_values(text):
    return dict(line.split('=', 1) for line in text.splitlines() if '=' in line)


def ini_value(text, section, key):
    current = None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith('[') and line.endswith(']'):
            current = line[1:-1]
        elif current == section and line.split('=', 1)[0].strip() == key:
            return line.split('=', 1)[1].strip()
    return None


def registered_hosts(url):
    """The configuration server's list of registered hosts."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the simulator's self-signed certificate
    with urllib.request.urlopen(url + '/hosts', context=context, timeout=10) as resp:
        return json.load(resp)


def agent_service_running(host):
    """Whether the agent's service runs, asked the way the host runs it: the systemd unit vxagent where the
    installer put one (the vendor's systemd tags), else the init script."""
    if host.file('/etc/systemd/system/vxagent.service').exists:
        assert not host.file('/etc/init.d/vxagent').exists
        return host.run('systemctl is-active vxagent').rc == 0
    return host.run('/etc/init.d/vxagent status').rc == 0
