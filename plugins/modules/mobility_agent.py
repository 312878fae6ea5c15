#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: mobility_agent
short_description: Install, upgrade or uninstall the Azure Site Recovery Mobility Service agent on Linux
version_added: 0.1.0
author: siterecovery.mobility maintainers (@siterecovery)
description:
  - Wraps the vendor's installer the way an operator runs it by hand, extracting the tarball into a
    private temporary directory and running C(install) from there.
  - Decides from the agent's own state file C(/usr/local/.vx_version) whether to install, upgrade or do
    nothing; an installation that was interrupted is completed by installing again.
  - Refuses, before extracting anything, an installer built for another operating system.
  - Judges the installer's exit code the way the vendor's scripts define it. V(98) (returned after every
    successful upgrade) is success with a restart recommended (RV(restart_recommended)); V(97) is a failure whose
    message carries the details of C(/var/log/InstallerErrors.json); failures also report the tail of
    C(/var/log/ua_install.log). Secrets never appear in any of them.
  - A damaged C(/usr/local/.vx_version) (lines that are not C(KEY=VALUE), a version that is not a number) is
    read from the installer's backup copy C(/etc/vxagent/backup/.vx_version) when that one is sound; when both are
    damaged the task is refused with a message saying what is wrong, and only O(state=absent) acts on such a host.
  - Registration is the job of M(siterecovery.mobility.mobility_agent_registration).
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - siterecovery.mobility.agent
options:
  installer:
    description:
      - Path on the managed host to a vendor tarball named
        C(Microsoft-ASR_UA_<version>_<TAG>_GA_<DDMonYYYY>_release.tar.gz).
      - Required unless O(state=absent).
    type: path
  state:
    description:
      - V(present) installs the agent when it is absent and leaves an installed agent alone.
      - V(latest) also upgrades when the tarball's version is newer; an older tarball is refused, never
        silently downgraded.
      - V(absent) runs the vendor's C(uninstall.sh -Y) and confirms the agent is gone.
    type: str
    choices: [present, latest, absent]
    default: present
  role:
    description: V(MS) for the Mobility Service, V(MT) for a master target server.
    type: str
    choices: [MS, MT]
    default: MS
  platform:
    description: V(VmWare) for VMware VMs and physical servers, V(Azure) for Azure VMs.
    type: str
    choices: [VmWare, Azure]
    default: VmWare
  install_dir:
    description:
      - The installer's C(-d) folder for a fresh installation. As with the vendor's installer, the agent goes
        into this folder when it is the default C(/usr/local/ASR), and into its C(ASR) subfolder otherwise
        (V(/opt) installs into C(/opt/ASR)); RV(install_dir) reports where it went.
      - An installed agent keeps its own folder, read from C(INSTALLATION_DIR) of its state file.
    type: path
    default: /usr/local/ASR
  timeout:
    description:
      - Seconds the installer (or uninstaller) may run. When it runs longer, it is stopped (its whole process
        group gets SIGTERM, then SIGKILL) and the task fails saying so. Running the task again lets the
        installer complete an interrupted installation. V(0) waits forever.
    type: int
    default: 1800
attributes:
  check_mode:
    support: full
    details: Predicts install, upgrade or removal without extracting or running anything.
  diff_mode:
    support: full
    details: Shows the installed version before and after.
  platform:
    support: full
    platforms: posix
notes:
  - Needs root on the managed host (use O(ignore:become=true)).
  - The installer's C(-c) option is always passed, because recent installers default to CSPrime when it is
    omitted.
seealso:
  - module: siterecovery.mobility.mobility_agent_registration
  - module: siterecovery.mobility.mobility_agent_info
"""

EXAMPLES = r"""
- name: Install the agent for a configuration server (classic)
  siterecovery.mobility.mobility_agent:
    installer: /tmp/Microsoft-ASR_UA_9.66.7567.1_RHEL8-64_GA_20Sep2025_release.tar.gz
    cs_type: CSLegacy
  become: true

- name: Install for a replication appliance (modernized), upgrade when the tarball is newer
  siterecovery.mobility.mobility_agent:
    installer: /tmp/Microsoft-ASR_UA_9.66.7567.1_UBUNTU-22.04-64_GA_20Sep2025_release.tar.gz
    state: latest
    cs_type: CSPrime
  become: true

- name: Remove the agent
  siterecovery.mobility.mobility_agent:
    state: absent
  become: true
"""

RETURN = r"""
action:
  description: What was done (or, in check mode, would be done).
  returned: always
  type: str
  sample: install
reason:
  description: Why that action was chosen.
  returned: always
  type: str
  sample: the agent is not installed
version:
  description: Installed version after the run (C(null) when absent).
  returned: always
  type: str
  sample: 9.66.7567.1
previous_version:
  description: Installed version before the run (C(null) when there was none).
  returned: always
  type: str
  sample: 9.65.0.0
build_tag:
  description: C(BUILD_TAG) from the agent's state file after the run.
  returned: always
  type: str
  sample: RELEASE_9.66.7567.1_GA_7567_Sep_20_2025_INMAGE
os_built_for:
  description: The installer tag the installed agent was built for.
  returned: always
  type: str
  sample: RHEL8-64
install_dir:
  description: The agent's installation directory (C(INSTALLATION_DIR) of its state file without C(/Vx)).
  returned: always
  type: str
  sample: /usr/local/ASR
restart_recommended:
  description:
    - Whether the installer finished with a restart of the machine recommended (exit code 98, which the vendor's
      installer returns after every successful upgrade). The new version's driver is used after the restart.
  returned: always
  type: bool
  sample: false
package:
  description: The parsed installer file name (version, tag, date, kind), when an installer was given.
  returned: when installer is set
  type: dict
  sample: {version: 9.66.7567.1, tag: RHEL8-64, date: 20Sep2025, kind: tar.gz}
"""

import os

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.siterecovery.mobility.plugins.module_utils import agent
from ansible_collections.siterecovery.mobility.plugins.module_utils import catalog


def host_facts(module):
    """The standard facts the catalog reads, collected the way setup does."""
    from ansible.module_utils.facts.system.distribution import DistributionFactCollector
    from ansible.module_utils.facts.system.platform import PlatformFactCollector
    facts = {}
    for collector in (PlatformFactCollector(), DistributionFactCollector()):
        facts.update(collector.collect(module=module) or {})
    return facts


def check_package(module, installer):
    """Parse the tarball's name and make sure it fits this host, before
    anything is extracted."""
    if not os.path.isfile(installer):
        module.fail_json(msg='installer %s does not exist on the host' % installer)
    package = catalog.parse_installer_name(installer)
    if package is None or package['kind'] != 'tar.gz':
        module.fail_json(msg='installer %s is not a Linux Mobility Service tarball: expected a name like '
                             'Microsoft-ASR_UA_<version>_<TAG>_GA_<DDMonYYYY>_release.tar.gz' % installer)
    facts = host_facts(module)
    try:
        host_tag = catalog.installer_tag(facts)
    except catalog.CatalogError as exc:
        module.fail_json(msg='this host is not supported: %s' % exc, package=package)
    if host_tag != package['tag']:
        module.fail_json(
            msg='installer %s is built for %s, but this host (%s %s) needs the %s installer; nothing was changed'
                % (os.path.basename(installer), package['tag'], facts.get('distribution'),
                   facts.get('distribution_version'), host_tag),
            package=package, host_tag=host_tag)
    return package


def run_installer(module, installer, cmd, what, action):
    """Extract into a private directory, run the command there, clean up.
    Returns whether the installer recommends a restart."""
    errors_before = agent.file_mtime(agent.INSTALLER_ERRORS)
    with agent.private_directory() as workdir:
        rc, out, err = module.run_command(['tar', '-xzf', installer, '-C', workdir])
        if rc != 0:
            module.fail_json(msg='extracting %s failed: %s' % (installer, (err or out).strip()), rc=rc)
        rc, out, err, timed_out = agent.run_bounded(cmd, cwd=workdir, timeout=module.params['timeout'])
    if timed_out:
        module.fail_json(msg=agent.timeout_message(what, module.params['timeout'], out, err, agent.log_tail()),
                         timed_out=True, cmd=' '.join(cmd), **result_from(agent.read_state()))
    outcome, words = agent.install_outcome(rc, action)
    if outcome == 'failed':
        details = agent.errors_file_since(errors_before) if rc == 97 else ''
        module.fail_json(msg=agent.failure_message(what, rc, out, err, agent.log_tail(),
                                                   meanings=agent.INSTALLER_MEANINGS, details=details),
                         rc=rc, cmd=' '.join(cmd), stdout=out, stderr=err)
    if outcome == 'restart':
        module.warn('%s %s (exit code %d)' % (what, words, rc))
    return outcome == 'restart'


def result_from(state):
    return {
        'version': state['version'],
        'build_tag': state['build_tag'],
        'os_built_for': state['os_built_for'],
        'install_dir': state['install_dir'],
    }


def main():
    module = AnsibleModule(
        argument_spec=dict(
            installer=dict(type='path'),
            state=dict(type='str', default='present', choices=['present', 'latest', 'absent']),
            role=dict(type='str', default='MS', choices=list(agent.ROLES)),
            platform=dict(type='str', default='VmWare', choices=list(agent.PLATFORMS)),
            install_dir=dict(type='path', default=agent.DEFAULT_INSTALL_DIR),
            cs_type=dict(type='str', default='CSLegacy', choices=list(agent.CS_TYPES)),
            timeout=dict(type='int', default=agent.DEFAULT_TIMEOUT),
        ),
        required_if=[('state', 'present', ['installer']), ('state', 'latest', ['installer'])],
        supports_check_mode=True,
    )
    params = module.params
    before = agent.read_state()
    package = None
    if params['state'] != 'absent':
        package = check_package(module, params['installer'])
    try:
        action, reason = agent.decide_install(before, params['state'], package and package['version'])
    except agent.AgentError as exc:
        module.fail_json(msg=str(exc), previous_version=before['version'], package=package)

    result = dict(changed=action != 'none', action=action, reason=reason, previous_version=before['version'],
                  restart_recommended=False)
    if package:
        result['package'] = package
    if action != 'none':
        after_version = None if action == 'uninstall' else package['version']
        result['diff'] = {'before': 'version: %s\n' % before['version'], 'after': 'version: %s\n' % after_version}
    if module.check_mode or action == 'none':
        result.update(result_from(before))
        if module.check_mode and action != 'none':
            result['version'] = None if action == 'uninstall' else package['version']
            if action == 'install':
                result['install_dir'] = agent.agent_home(params['install_dir'])
        module.exit_json(**result)

    if action == 'install':
        result['restart_recommended'] = run_installer(
            module, params['installer'], agent.install_command(params['role'], params['platform'],
                                                               params['install_dir'], params['cs_type']),
            'The installer', action)
    elif action == 'upgrade':
        cs_type = before['cs_type'] or params['cs_type']
        result['restart_recommended'] = run_installer(
            module, params['installer'], agent.upgrade_command(cs_type, params['role'], params['platform']),
            'The upgrade', action)
    else:
        cmd = agent.uninstall_command(before['install_dir'])
        rc, out, err, timed_out = agent.run_bounded(cmd, cwd=before['install_dir'], timeout=params['timeout'])
        if timed_out:
            module.fail_json(msg=agent.timeout_message('The uninstaller', params['timeout'], out, err,
                                                       agent.log_tail()), timed_out=True)
        if rc != 0:
            module.fail_json(msg=agent.failure_message('The uninstaller', rc, out, err, agent.log_tail()),
                             rc=rc, stdout=out, stderr=err)

    after = agent.read_state()
    if action == 'uninstall' and (after['installed'] or after['partial']):
        module.fail_json(msg='the uninstaller finished but %s is still there' % agent.VX_VERSION_FILE,
                         **result_from(after))
    if action in ('install', 'upgrade') and after['version'] != package['version']:
        module.fail_json(msg='the installer exited with 0 but version %s is installed, not %s.\nLast lines of %s:\n%s' % (
            after['version'] or 'no', package['version'], agent.INSTALL_LOG, agent.log_tail()), **result_from(after))
    result.update(result_from(after))
    module.exit_json(**result)


if __name__ == '__main__':
    main()
