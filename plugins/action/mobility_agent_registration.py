# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""mobility_agent_registration: decided on the controller, done on the host with POSIX sh."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleError

from ansible_collections.siterecovery.mobility.plugins.module_utils import agent_specs
from ansible_collections.siterecovery.mobility.plugins.plugin_utils import linux_agent
from ansible_collections.siterecovery.mobility.plugins.plugin_utils.agent_action import AgentAction, local_secret_file


class ActionModule(AgentAction):
    SPEC = agent_specs.REGISTRATION

    def act(self, host, params, check_mode):
        if params.get('source_config_src'):
            try:
                params['source_config_src'] = self._find_needle('files', params['source_config_src'])
            except AnsibleError as exc:
                raise linux_agent.HostFailure('%s does not exist on the controller: %s' % (params['source_config_src'], exc))
        return linux_agent.register(host, params, check_mode, local_secret_file=local_secret_file)
