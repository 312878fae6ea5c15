# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters over the Linux agent's layout (see plugins/module_utils/agent.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.siterecovery.mobility.plugins.module_utils import agent


def agent_home(install_dir):
    """Where the vendor's installer puts the agent for ``install -d install_dir``."""
    return agent.agent_home(install_dir)


class FilterModule(object):
    """Linux agent layout filters."""

    def filters(self):
        return {'agent_home': agent_home}
