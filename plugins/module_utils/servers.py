# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Is the server an agent is registered to the one the inventory names?

The agent records the configuration server as it was given at registration
time: an IP address or a name, in whatever case, perhaps with the trailing
dot of a fully qualified name. Nothing here resolves a name (a lookup would
send traffic from the controller), so a name and an address can never be told
apart: that answer is "cannot tell", never "different".

Pure Python, shared by the Linux modules and the Windows plan.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress

SAME = 'same'
DIFFERENT = 'different'
UNKNOWN = 'cannot tell'


def _normalize(value):
    text = str(value or '').strip().lower().rstrip('.')
    if text.startswith('[') and text.endswith(']'):
        text = text[1:-1]
    return text


def _address(text):
    try:
        return ipaddress.ip_address(type(u'')(text))
    except ValueError:
        return None


def compare_servers(registered, wanted):
    """``SAME``, ``DIFFERENT`` or ``UNKNOWN`` (see the module's docstring).

    Case and a trailing dot never matter; two addresses are compared as
    addresses (``::1`` is ``0:0::1``); a short name and a longer name that
    starts with it (``cs01`` and ``cs01.contoso.com``) may be one server;
    an empty side is unknown.
    """
    left, right = _normalize(registered), _normalize(wanted)
    if not left or not right:
        return UNKNOWN
    if left == right:
        return SAME
    left_ip, right_ip = _address(left), _address(right)
    if left_ip is not None and right_ip is not None:
        return SAME if left_ip == right_ip else DIFFERENT
    if left_ip is not None or right_ip is not None:
        return UNKNOWN  # a name and an address: only a lookup could tell
    short_left, short_right = left.split('.', 1)[0], right.split('.', 1)[0]
    if short_left == short_right and ('.' not in left or '.' not in right):
        return UNKNOWN
    return DIFFERENT
