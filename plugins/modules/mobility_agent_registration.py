#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: mobility_agent_registration
short_description: Register the Azure Site Recovery Mobility Service agent on Linux
version_added: 0.1.0
author: siterecovery.mobility maintainers (@siterecovery)
description:
  - Registers an installed agent with a configuration server (classic, O(cs_type=CSLegacy)) using its
    address and passphrase, or with a replication appliance (modernized, O(cs_type=CSPrime)) using the
    C(config.json) the appliance produced.
  - Decides from the agent's own files, without running the vendor's configurator, whether anything is to
    be done. Server names are compared without regard to case or a trailing dot; a name and an IP address
    cannot be told apart without resolving the name, so such an agent is left as it is, with a warning.
  - An agent registered to another configuration server (or for the other architecture) is never moved, as the
    vendor's configurator refuses that (exit code 13). The task fails saying so. The vendor's way is to uninstall
    and reinstall the agent, then register it, which the role C(siterecovery.mobility.mobility_service) does when
    asked to (replication of the machine must then be enabled again).
  - The passphrase never appears on a command line, in the result, in a warning or in a log; it is written
    to a root-only file in a private directory for the configurator call and removed in every case.
  - A failed registration says whether the configuration server could not be reached or refused the
    registration, with the tail of the vendor's log (secrets masked).
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - siterecovery.mobility.agent
options:
  cs_address:
    description:
      - IP address or name of the configuration server. Required for O(cs_type=CSLegacy).
    type: str
  passphrase:
    description:
      - The configuration server's passphrase. Keep it in a vault.
      - Mutually exclusive with O(passphrase_file).
    type: str
  passphrase_file:
    description:
      - Path on the managed host of a file holding the passphrase.
      - Mutually exclusive with O(passphrase).
    type: path
  source_config_file:
    description:
      - Path on the managed host of the C(config.json) downloaded from the replication appliance.
        O(cs_type=CSPrime) needs it or O(source_config_src).
    type: path
  source_config_src:
    description:
      - Path on the controller of the C(config.json) of this machine. It is sent for the registration into a
        folder only root can enter and removed afterwards.
      - Mutually exclusive with O(source_config_file).
    type: path
  credential_less_discovery:
    description: Modernized only. Registers for credential-less discovery (the configurator's C(-D true)).
    type: bool
    default: false
  force:
    description:
      - Run the configurator for an agent whose configuration server cannot be told (a name where O(cs_address)
        is an address, or the other way round); the configurator refuses it if that is another server.
      - A registration that already points at O(cs_address) is never redone, and an agent registered elsewhere
        cannot be moved.
    type: bool
    default: false
  cs_port:
    description:
      - Port the configuration server listens on for agent registration. Any other port than V(443) is passed to
        the configurator (C(-p)); it also tells an unreachable server from a refused registration after a failure.
    type: int
    default: 443
  timeout:
    description:
      - Seconds the configurator may run. When it runs longer, it is stopped (its whole process group gets
        SIGTERM, then SIGKILL) and the task fails saying so; the agent's files are then re-read to tell what
        is registered. V(0) waits forever.
    type: int
    default: 600
attributes:
  check_mode:
    support: full
    details: Predicts whether the agent would be registered, without running the configurator.
  diff_mode:
    support: full
    details: Shows the registration target before and after.
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
  - Needs root on the managed host (use O(ignore:become=true)).
  - Runs as an action plugin with POSIX C(sh) on the host; no Python is needed there. O(passphrase) travels to the
    host as a file through the connection's own transfer, into a folder only root can enter, removed afterwards;
    it never appears on a command line.
seealso:
  - module: siterecovery.mobility.mobility_agent
  - module: siterecovery.mobility.mobility_agent_info
"""

EXAMPLES = r"""
- name: Register with the configuration server (classic)
  siterecovery.mobility.mobility_agent_registration:
    cs_address: 10.0.0.5
    passphrase: "{{ vault_asr_passphrase }}"
  become: true

- name: Register with a replication appliance (modernized)
  siterecovery.mobility.mobility_agent_registration:
    cs_type: CSPrime
    source_config_file: /root/asr/config.json
  become: true

- name: Register with a configuration server that listens on port 8443, passphrase from a file on the host
  siterecovery.mobility.mobility_agent_registration:
    cs_address: cs01.contoso.com
    cs_port: 8443
    passphrase_file: /root/asr/passphrase.txt
  become: true
"""

RETURN = r"""
registered:
  description: Whether the agent is registered after the run (in check mode, would be).
  returned: always
  type: bool
  sample: true
cs_address:
  description: The configuration server the agent points at after the run (C(Hostname) of drscout.conf).
  returned: always
  type: str
  sample: 10.0.0.5
cs_type:
  description: The architecture the agent is registered for.
  returned: always
  type: str
  sample: CSLegacy
previous_cs_address:
  description: The configuration server the agent pointed at before the run.
  returned: always
  type: str
  sample: null
registered_elsewhere:
  description: The task failed because the agent is registered to another server or for the other architecture.
  returned: on failure
  type: bool
  sample: true
reason:
  description: Why the configurator was (or was not) run.
  returned: always
  type: str
  sample: the agent is not registered (configuration status empty)
"""

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.siterecovery.mobility.plugins.module_utils import agent_specs


def main():
    # The work is done by the action plugin of the same name, on the controller, with POSIX sh on the
    # host. This file holds the documentation and the options (checked the same way by the action).
    module = AnsibleModule(supports_check_mode=True, **agent_specs.REGISTRATION)
    module.fail_json(msg='siterecovery.mobility.mobility_agent_registration runs on the controller as an action plugin; it cannot run '
                         'on the host as a Python module')


if __name__ == '__main__':
    main()
