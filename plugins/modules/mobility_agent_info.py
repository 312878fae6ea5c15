#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: mobility_agent_info
short_description: Report the state of the Azure Site Recovery Mobility Service agent on Linux
version_added: 0.1.0
author: siterecovery.mobility maintainers (@siterecovery)
description:
  - Reads the agent's own files (C(/usr/local/.vx_version), C(drscout.conf), C(vxplatformtype.dat)) and
    checks its processes, for audits and for decisions in playbooks.
  - Read-only. Never fails on a host without the agent; RV(installed) is then C(false).
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
options:
  free_space_paths:
    description:
      - Paths whose free space to measure (for a preflight), reported in RV(free_space_mb). A path that does
        not exist yet is measured on its nearest existing parent directory, where it would be created.
    type: list
    elements: path
    default: []
  probe_paths:
    description:
      - Paths whose existence to report in RV(existing_paths), for example the files that show an antivirus
        product, so that one call answers everything a preflight asks.
    type: list
    elements: path
    default: []
attributes:
  check_mode:
    support: full
    details: Read-only; runs the same in check mode.
  diff_mode:
    support: none
  platform:
    support: full
    platforms: posix
notes:
  - Reading the agent's files usually needs root (use O(ignore:become=true)).
seealso:
  - module: siterecovery.mobility.mobility_agent
  - module: siterecovery.mobility.mobility_agent_registration
"""

EXAMPLES = r"""
- name: Audit the agent
  siterecovery.mobility.mobility_agent_info:
  become: true
  register: asr_agent

- name: Show the version and the configuration server
  ansible.builtin.debug:
    msg: "{{ asr_agent.version }} registered to {{ asr_agent.cs_address }}"
  when: asr_agent.installed
"""

RETURN = r"""
installed:
  description: Whether an agent version is installed.
  returned: always
  type: bool
  sample: true
partial:
  description: Whether an interrupted installation left a state file without a version.
  returned: always
  type: bool
  sample: false
damaged:
  description:
    - Why the agent's state file C(/usr/local/.vx_version) cannot be trusted (not written by the installer),
      or V(null). A damaged agent counts neither as installed nor as registered.
  returned: always
  type: str
  sample: null
version:
  description: C(PROD_VERSION) of the installed agent.
  returned: always
  type: str
  sample: 9.66.7567.1
build_tag:
  description: C(BUILD_TAG) of the installed agent.
  returned: always
  type: str
  sample: RELEASE_9.66.7567.1_GA_7567_Sep_20_2025_INMAGE
build_number:
  description: The build number taken from the build tag.
  returned: always
  type: str
  sample: '7567'
os_built_for:
  description: The installer tag the agent was built for.
  returned: always
  type: str
  sample: RHEL8-64
configuration_status:
  description: C(AGENT_CONFIGURATION_STATUS); C(Succeeded) once registered.
  returned: always
  type: str
  sample: Succeeded
registered:
  description: Whether the configuration status is C(Succeeded).
  returned: always
  type: bool
  sample: true
cs_address:
  description: The configuration server the agent points at (drscout.conf C([vxagent.transport] HostName)).
  returned: always
  type: str
  sample: 10.0.0.5
cs_type:
  description: C(CSLegacy) or C(CSPrime), from vxplatformtype.dat.
  returned: always
  type: str
  sample: CSLegacy
platform:
  description: C(VmWare) or C(Azure).
  returned: always
  type: str
  sample: VmWare
host_id:
  description: The agent's host identifier (drscout.conf C([vxagent] HostId)).
  returned: always
  type: str
  sample: 2a7a9aa1-6b87-43d6-a6ca-3d0e9936a988
install_dir:
  description: The installation directory.
  returned: always
  type: str
  sample: /usr/local/ASR
services:
  description: Whether the agent's service and processes run.
  returned: always
  type: dict
  contains:
    vxagent:
      description: The C(vxagent) service reports running (its init script's C(status) exits 0).
      type: bool
    svagents:
      description: A C(svagents) process runs.
      type: bool
    appservice:
      description: An C(appservice) process runs.
      type: bool
  sample: {vxagent: true, svagents: true, appservice: true}
free_space_mb:
  description: Free space in MiB available to root for each path of O(free_space_paths).
  returned: always
  type: dict
  sample: {"/": 20480, "/usr/local/ASR": 20480}
existing_paths:
  description: The paths of O(probe_paths) that exist, in the given order.
  returned: always
  type: list
  elements: str
  sample: [/usr/bin/mdatp]
"""

import os

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.siterecovery.mobility.plugins.module_utils import agent


def main():
    module = AnsibleModule(argument_spec=dict(free_space_paths=dict(type='list', elements='path', default=[]),
                                              probe_paths=dict(type='list', elements='path', default=[])),
                           supports_check_mode=True)
    state = agent.read_state()
    services = agent.running_processes()
    running = False
    if os.path.exists(agent.INIT_SCRIPT):
        rc = module.run_command([agent.INIT_SCRIPT, 'status'])[0]
        running = rc == 0
    services['vxagent'] = running
    state.pop('vx_dir')
    space = dict((path, agent.free_space_mb(path)) for path in module.params['free_space_paths'])
    existing = [path for path in module.params['probe_paths'] if os.path.exists(path)]
    module.exit_json(changed=False, services=services, free_space_mb=space, existing_paths=existing, **state)


if __name__ == '__main__':
    main()
