# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters over the Linux agent's layout (see plugins/module_utils/agent.py), the host's kind, and the role's
Linux steps."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError
from ansible_collections.siterecovery.mobility.plugins.module_utils import agent
from ansible_collections.siterecovery.mobility.plugins.plugin_utils import linux_steps as _steps


def agent_home(install_dir):
    """Where the vendor's installer puts the agent for ``install -d install_dir``."""
    return agent.agent_home(install_dir)


WINDOWS_CONNECTIONS = ('winrm', 'psrp')
WINDOWS_SHELLS = ('powershell', 'cmd')


def host_os_dir(host):
    """``windows`` or ``linux``: which tasks a host gets, told before any
    fact is gathered. ``host`` holds ``os_family`` (facts, when gathered),
    ``connection`` (ansible_connection) and ``shell_type``
    (ansible_shell_type). A Windows host is reached by WinRM or PSRP, or has
    a PowerShell or cmd shell (OpenSSH on Windows); every other host is a
    Linux host, read by a POSIX shell probe."""
    host = host or {}
    if (host.get('os_family') or '') == 'Windows':
        return 'windows'
    connection = (host.get('connection') or '').split('.')[-1]
    if connection in WINDOWS_CONNECTIONS or (host.get('shell_type') or '') in WINDOWS_SHELLS:
        return 'windows'
    return 'linux'


def linux_steps(probe, state='present', cs_type='CSLegacy', installed=None, predicted=False):
    """Which of the role's Linux steps run: the installer, and which registration."""
    try:
        return _steps.linux_steps(probe, state, cs_type, installed, predicted)
    except _steps.StepsError as exc:
        raise AnsibleFilterError(str(exc))


class FilterModule(object):
    """Linux agent layout filters."""

    def filters(self):
        return {'agent_home': agent_home, 'host_os_dir': host_os_dir, 'linux_steps': linux_steps}
