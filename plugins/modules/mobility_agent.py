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
  - Runs as an action plugin. The host needs no Python, only a POSIX C(sh), coreutils, C(tar), C(gzip) and
    C(sha256sum). One shell command reads the host, the controller decides, and only a change sends the installer
    (O(src), with the connection's own file transfer) and one more command that runs it.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - siterecovery.mobility.agent
options:
  installer:
    description:
      - Path on the managed host to a vendor tarball named
        C(Microsoft-ASR_UA_<version>_<TAG>_GA_<DDMonYYYY>_release.tar.gz).
      - One of O(installer) and O(src) is required unless O(state=absent).
    type: path
  src:
    description:
      - Path on the controller of the vendor tarball (same naming as O(installer)). It is sent to the host only
        when it will be installed, into a new folder under O(staging_dir) that only root can enter, checked
        against O(checksum) right before extraction, and removed with that folder afterwards.
      - A relative path is looked up like the C(copy) module looks up C(src) (the role's or playbook's C(files)).
    type: path
  checksum:
    description:
      - SHA-256 of O(src) (64 hexadecimal digits, optionally after C(sha256:)), checked with C(sha256sum) on the host
        right before extraction; a mismatch changes nothing.
    type: str
  staging_dir:
    description:
      - The folder on the host where the private folder for transfer and extraction is made (created when
        missing). It must not be on a C(noexec) file system, as the vendor's installer runs from there.
    type: path
    default: /var/tmp
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
  mask:
    description:
      - Texts never to show in the result, for example the registration's passphrase and the content of
        config.json. The vendor's log, whose last lines a failure shows, is shared with the configurator, which
        may have repeated its input there.
      - Each text is masked whole, each of its lines of 4 characters or more, and each JSON string value of 8
        characters or more.
    type: list
    elements: str
    default: []
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

- name: Send the tarball from the controller, checked on the host, and install it
  siterecovery.mobility.mobility_agent:
    src: files/Microsoft-ASR_UA_9.66.7567.1_RHEL7-64_GA_20Sep2025_release.tar.gz
    checksum: "sha256:{{ rhel7_installer_sha256 }}"
    cs_type: CSLegacy
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

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.siterecovery.mobility.plugins.module_utils import agent_specs


def main():
    # The work is done by the action plugin of the same name, on the controller, with POSIX sh on the
    # host. This file holds the documentation and the options (checked the same way by the action).
    module = AnsibleModule(supports_check_mode=True, **agent_specs.AGENT)
    module.fail_json(msg='siterecovery.mobility.mobility_agent runs on the controller as an action plugin; it cannot run '
                         'on the host as a Python module')


if __name__ == '__main__':
    main()
