# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""mobility_agent_info: one read-only shell probe of the host, no Python there."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.siterecovery.mobility.plugins.module_utils import agent_specs
from ansible_collections.siterecovery.mobility.plugins.plugin_utils import linux_agent
from ansible_collections.siterecovery.mobility.plugins.plugin_utils.agent_action import AgentAction


class ActionModule(AgentAction):
    SPEC = agent_specs.INFO

    def act(self, host, params, check_mode):
        return linux_agent.info(host, params), []
