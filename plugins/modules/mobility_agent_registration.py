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
    and reinstall the agent, then register it, which the role M(siterecovery.mobility.mobility_service) does when
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
        Required for O(cs_type=CSPrime).
    type: path
  credential_less_discovery:
    description: Modernized only. Registers for credential-less discovery (the configurator's C(-D true)).
    type: bool
    default: false
  force:
    description:
      - Run the configurator even when the agent is already registered to this server (it validates the
        registration again). It cannot move an agent registered elsewhere.
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
notes:
  - Needs root on the managed host (use O(ignore:become=true)).
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

import socket

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.siterecovery.mobility.plugins.module_utils import agent


def reachable(host, port, timeout=5):
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except (OSError, socket.error):
        return False
    sock.close()
    return True


def describe(state):
    return 'registered: %s\ncs_address: %s\ncs_type: %s\n' % (
        state['registered'], state['cs_address'], state['cs_type'])


def main():
    module = AnsibleModule(
        argument_spec=dict(
            cs_address=dict(type='str'),
            passphrase=dict(type='str', no_log=True),
            passphrase_file=dict(type='path', no_log=False),  # a path, not the secret itself
            source_config_file=dict(type='path'),
            credential_less_discovery=dict(type='bool', default=False),
            force=dict(type='bool', default=False),
            cs_port=dict(type='int', default=443),
            timeout=dict(type='int', default=600),
            cs_type=dict(type='str', default='CSLegacy', choices=list(agent.CS_TYPES)),
        ),
        mutually_exclusive=[('passphrase', 'passphrase_file')],
        required_if=[
            ('cs_type', 'CSLegacy', ['cs_address']),
            ('cs_type', 'CSLegacy', ['passphrase', 'passphrase_file'], True),
            ('cs_type', 'CSPrime', ['source_config_file']),
        ],
        supports_check_mode=True,
    )
    params = module.params
    cs_type = params['cs_type']
    secrets = [params['passphrase']] if params['passphrase'] else []
    before = agent.read_state()
    try:
        action, reason, warning = agent.decide_registration(before, cs_type, params['cs_address'], params['force'])
    except agent.AgentError as exc:
        module.fail_json(msg=str(exc), registered=before['registered'], cs_address=before['cs_address'],
                         cs_type=before['cs_type'], registered_elsewhere=isinstance(exc, agent.RegisteredElsewhere))
    if warning:
        module.warn(warning)

    input_file = params['passphrase_file'] if cs_type == 'CSLegacy' else params['source_config_file']
    if cs_type == 'CSLegacy' and params['passphrase'] is not None and not params['passphrase'].strip():
        module.fail_json(msg='passphrase is empty')
    if input_file:
        try:
            with open(input_file, 'r') as handle:
                content = handle.read().strip()
        except (IOError, OSError) as exc:
            module.fail_json(msg='cannot read %s on the host: %s' % (input_file, exc.strerror))
        if not content:
            module.fail_json(msg='%s is empty' % input_file)
        if cs_type == 'CSLegacy':
            secrets.append(content)  # mask the passphrase read from the file too

    result = dict(changed=action == 'register', reason=reason, previous_cs_address=before['cs_address'])
    expected = dict(before, registered=True, cs_type=cs_type,
                    cs_address=params['cs_address'] if cs_type == 'CSLegacy' else before['cs_address'])
    if action == 'none':
        module.exit_json(registered=before['registered'], cs_address=before['cs_address'],
                         cs_type=before['cs_type'], **result)
    result['diff'] = {'before': describe(before), 'after': describe(expected)}
    if module.check_mode:
        module.exit_json(registered=True, cs_address=expected['cs_address'], cs_type=cs_type, **result)

    def configure(passphrase_file):
        cmd = agent.configure_command(before['vx_dir'], cs_type, params['cs_address'], passphrase_file,
                                      params['source_config_file'], params['credential_less_discovery'],
                                      params['cs_port'])
        return agent.run_bounded(cmd, timeout=params['timeout'])

    if cs_type == 'CSLegacy' and params['passphrase'] is not None:
        with agent.secret_file(params['passphrase']) as path:
            rc, out, err, timed_out = configure(path)
    else:
        rc, out, err, timed_out = configure(params['passphrase_file'])

    if timed_out:
        now = agent.read_state()
        module.fail_json(msg=agent.timeout_message('The configurator', params['timeout'], out, err,
                                                   agent.log_tail(secrets=secrets), secrets),
                         timed_out=True, registered=now['registered'], cs_address=now['cs_address'],
                         cs_type=now['cs_type'])
    if rc != 0:
        target = params['cs_address']
        if rc == 13:
            now = agent.read_state()
            module.fail_json(msg=agent.failure_message(
                'Registration refused: the agent is registered to %s, not %s. %s The configurator' % (
                    now['cs_address'] or 'another configuration server', target or 'the appliance', agent.MOVE_ADVICE),
                rc, out, err, agent.log_tail(secrets=secrets), secrets, meanings=agent.CONFIGURATOR_EXITS),
                rc=rc, registered=now['registered'], cs_address=now['cs_address'], cs_type=now['cs_type'],
                registered_elsewhere=True)
        if cs_type == 'CSLegacy' and not reachable(target, params['cs_port']):
            cause = 'the configuration server %s could not be reached on port %d from this host' % (
                target, params['cs_port'])
        elif cs_type == 'CSLegacy':
            cause = ('the configuration server %s answered on port %d but the registration failed: '
                     'check the passphrase' % (target, params['cs_port']))
        else:
            cause = 'the registration with the replication appliance failed: check config.json and the appliance'
        now = agent.read_state()  # a failed registration may leave an earlier one in place
        module.fail_json(msg=agent.failure_message('Registration failed (%s). The configurator' % cause, rc,
                                                   out, err, agent.log_tail(secrets=secrets), secrets),
                         rc=rc, registered=now['registered'], cs_address=now['cs_address'], cs_type=now['cs_type'])

    after = agent.read_state()
    if not after['registered']:
        module.fail_json(msg='the configurator exited with 0 but the agent reports configuration status %s.\n%s' % (
            after['configuration_status'] or 'empty', agent.log_tail(secrets=secrets)),
            registered=False, cs_address=after['cs_address'], cs_type=after['cs_type'])
    module.exit_json(registered=True, cs_address=after['cs_address'], cs_type=after['cs_type'] or cs_type, **result)


if __name__ == '__main__':
    main()
