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
  - Reads the agent's own files (C(/usr/local/.vx_version) or its backup copy when it is damaged,
    C(drscout.conf), C(vxplatformtype.dat)) and checks its service with the host's own mechanism (the systemd unit
    C(vxagent) or the init script C(/etc/init.d/vxagent)) and its processes, for audits and for decisions in
    playbooks.
  - Read-only. Never fails on a host without the agent; RV(installed) is then C(false).
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
options:
  expected_cs_type:
    description:
      - The architecture the agent should be registered for. With it, RV(registration) compares the agent's
        registration with the wanted one.
    type: str
    choices: [CSLegacy, CSPrime]
  expected_cs_address:
    description: The configuration server the agent should be registered to (classic), for RV(registration).
    type: str
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
  description: The configuration server the agent points at (drscout.conf C([vxagent.transport] Hostname)).
  returned: always
  type: str
  sample: 10.0.0.5
cs_port:
  description: The configuration server's port the agent uses (drscout.conf C([vxagent.transport] Port)).
  returned: always
  type: int
  sample: 443
cs_type:
  description:
    - C(CSLegacy) or C(CSPrime), read as the vendor's installer reads it, from C([vxagent] CSType) of drscout.conf,
      else from vxplatformtype.dat; an installed agent with neither is classic.
  returned: always
  type: str
  sample: CSLegacy
version_file:
  description:
    - The state file the agent's state was read from; the backup C(/etc/vxagent/backup/.vx_version) when the
      original is damaged. V(null) without an agent.
  returned: always
  type: str
  sample: /usr/local/.vx_version
registration:
  description:
    - With O(expected_cs_type), how the agent's registration compares with the wanted one; V(null) otherwise.
    - V(same), V(different) (another server or architecture), V(unregistered), or V(cannot tell) (a name and an
      address, which only a name lookup could compare).
  returned: always
  type: str
  sample: same
registration_reason:
  description: A sentence explaining RV(registration).
  returned: always
  type: str
  sample: the agent is registered to 10.0.0.5
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
      description:
        - The C(vxagent) service reports running (C(systemctl is-active vxagent), or the init script's C(status),
          exits 0).
      type: bool
    manager:
      description: How the host runs the agent's service, V(systemd), V(sysv) or V(null) (no service found).
      type: str
    svagents:
      description: A C(svagents) process runs.
      type: bool
    appservice:
      description: An C(appservice) process runs.
      type: bool
  sample: {vxagent: true, manager: systemd, svagents: true, appservice: true}
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
                                              probe_paths=dict(type='list', elements='path', default=[]),
                                              expected_cs_type=dict(type='str', choices=list(agent.CS_TYPES)),
                                              expected_cs_address=dict(type='str')),
                           supports_check_mode=True)
    state = agent.read_state()
    services = agent.running_processes()
    manager = state.pop('service_manager')
    running = False
    if manager:
        rc = module.run_command(agent.service_command(manager, 'status'))[0]
        running = rc == 0
    services['vxagent'] = running
    services['manager'] = manager
    registration = reason = None
    if module.params['expected_cs_type'] and state['installed']:
        registration, reason = agent.registration_target(state, module.params['expected_cs_type'],
                                                         module.params['expected_cs_address'])
    elif module.params['expected_cs_type']:
        registration, reason = 'unregistered', 'the agent is not installed'
    state.pop('vx_dir')
    space = dict((path, agent.free_space_mb(path)) for path in module.params['free_space_paths'])
    existing = [path for path in module.params['probe_paths'] if os.path.exists(path)]
    module.exit_json(changed=False, services=services, free_space_mb=space, existing_paths=existing,
                     registration=registration, registration_reason=reason, **state)


if __name__ == '__main__':
    main()
