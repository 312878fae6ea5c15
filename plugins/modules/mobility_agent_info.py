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
  - Runs as an action plugin. The host needs no Python, only a POSIX C(sh) with coreutils, C(sed), C(awk) and
    C(grep), which RHEL 5 and SLES 11 have. One shell command reads everything, and the controller decides. It
    also reports the host's identity (RV(host_facts), read from the same files as the vendor's OS detection),
    memory, init system and C(noexec) mounts, so that no fact gathering is needed.
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
  reach:
    description:
      - Endpoints to test from the host, as C({host, port}) dictionaries or C(host:port) strings. All are tried
        at once, for at most 5 seconds, with C(bash)'s C(/dev/tcp) (C(sh) has no sockets). See RV(reachable).
    type: list
    elements: raw
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
  action:
    description: Runs on the controller as an action plugin; the host gets POSIX shell commands only.
    support: full
  become:
    description: Uses the task's become (C(sudo), C(su), ...) for every command on the host.
    support: full
  connection:
    description: Works with any connection that runs shell commands (C(ssh), C(community.docker.docker), C(local)).
    support: full
notes:
  - Reading the agent's files usually needs root (use O(ignore:become=true)).
  - Works through any connection that runs shell commands (C(ssh), C(community.docker.docker), C(local)), with
    or without pipelining, with C(sudo) or C(su) as the become method.
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
host_facts:
  description:
    - The host's identity and memory as C(setup) would report them (C(system), C(distribution),
      C(distribution_version), C(distribution_major_version), C(distribution_release), C(os_family),
      C(architecture), C(memtotal_mb), C(memfree_mb), C(memory_mb)), read from C(/etc/os-release),
      C(/etc/redhat-release), C(/etc/SuSE-release), C(/etc/lsb-release), C(/etc/debian_version), C(uname -m) and
      C(/proc/meminfo).
  returned: always
  type: dict
  sample: {distribution: RedHat, distribution_version: '8.6', distribution_major_version: '8', os_family: RedHat}
reachable:
  description:
    - One entry per O(reach) endpoint, C(reachable) being V(true), V(false), or V(null) when the host has no
      C(bash) to test with.
  returned: always
  type: list
  elements: dict
  sample: [{host: 10.0.0.5, port: 443, reachable: true}]
unreachable_endpoints:
  description: The O(reach) endpoints the host could not connect to, as C(host:port).
  returned: always
  type: list
  elements: str
  sample: ['10.0.0.5:9443']
init_system:
  description: The host's init system (C(systemd), else the name of process 1).
  returned: always
  type: str
  sample: systemd
noexec_paths:
  description: The paths of O(free_space_paths) that lie on a file system mounted C(noexec).
  returned: always
  type: list
  elements: str
  sample: [/tmp]
user_id:
  description: The user id the probe ran as (V(0) with become to root).
  returned: always
  type: int
  sample: 0
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

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.siterecovery.mobility.plugins.module_utils import agent_specs


def main():
    # The work is done by the action plugin of the same name, on the controller, with POSIX sh on the
    # host. This file holds the documentation and the options (checked the same way by the action).
    module = AnsibleModule(supports_check_mode=True, **agent_specs.INFO)
    module.fail_json(msg='siterecovery.mobility.mobility_agent_info runs on the controller as an action plugin; it cannot run '
                         'on the host as a Python module')


if __name__ == '__main__':
    main()
