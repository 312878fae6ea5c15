# -*- coding: utf-8 -*-
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.siterecovery.mobility.plugins.filter import agent as agent_filters
from ansible_collections.siterecovery.mobility.plugins.filter.agent import FilterModule


@pytest.mark.parametrize('folder, home', [('/usr/local/ASR', '/usr/local/ASR'), ('/opt', '/opt/ASR'),
                                          ('/data/asr/', '/data/asr/ASR')])
def test_agent_home_filter(folder, home):
    assert FilterModule().filters()['agent_home'](folder) == home


@pytest.mark.parametrize('host, expected', [
    ({}, 'linux'),
    ({'connection': 'ssh'}, 'linux'),
    ({'connection': 'community.docker.docker'}, 'linux'),
    ({'connection': 'winrm'}, 'windows'),
    ({'connection': 'ansible.builtin.psrp'}, 'windows'),
    ({'connection': 'ssh', 'shell_type': 'powershell'}, 'windows'),
    ({'connection': 'local', 'os_family': 'Windows'}, 'windows'),
    ({'connection': 'ssh', 'os_family': 'RedHat'}, 'linux'),
])
def test_host_os_dir(host, expected):
    assert agent_filters.host_os_dir(host) == expected
