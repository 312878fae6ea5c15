# -*- coding: utf-8 -*-
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.siterecovery.mobility.plugins.module_utils.servers import (
    DIFFERENT, SAME, UNKNOWN, compare_servers)


@pytest.mark.parametrize('registered, wanted, verdict', [
    ('10.0.0.5', '10.0.0.5', SAME),
    ('10.0.0.5', ' 10.0.0.5 ', SAME),
    ('10.0.0.5', '10.0.0.6', DIFFERENT),
    ('CS01.Contoso.com', 'cs01.contoso.com', SAME),
    ('cs01.contoso.com.', 'cs01.contoso.com', SAME),
    ('cs01.contoso.com', 'cs02.contoso.com', DIFFERENT),
    ('cs01', 'cs01.contoso.com', UNKNOWN),
    ('cs01.contoso.com', '10.0.0.5', UNKNOWN),
    ('10.0.0.5', 'cs01', UNKNOWN),
    ('::1', '0:0::1', SAME),
    ('[fd00::5]', 'fd00::5', SAME),
    ('fd00::5', 'fd00::6', DIFFERENT),
    (None, '10.0.0.5', UNKNOWN),
    ('', 'cs01', UNKNOWN),
])
def test_compare_servers(registered, wanted, verdict):
    assert compare_servers(registered, wanted) == verdict
