# -*- coding: utf-8 -*-
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.siterecovery.mobility.plugins.filter.agent import FilterModule


@pytest.mark.parametrize('folder, home', [('/usr/local/ASR', '/usr/local/ASR'), ('/opt', '/opt/ASR'),
                                          ('/data/asr/', '/data/asr/ASR')])
def test_agent_home_filter(folder, home):
    assert FilterModule().filters()['agent_home'](folder) == home
