# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters for the Windows tasks of the role (see the plugins/plugin_utils/windows_*.py helpers).

The role's Windows tasks stay thin over ansible.windows modules: every
decision and every command line comes from these filters.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError
from ansible_collections.siterecovery.mobility.plugins.plugin_utils import windows_commands as _commands
from ansible_collections.siterecovery.mobility.plugins.plugin_utils import windows_common as _common
from ansible_collections.siterecovery.mobility.plugins.plugin_utils import windows_outcome as _outcome
from ansible_collections.siterecovery.mobility.plugins.plugin_utils import windows_plan as _plan
from ansible_collections.siterecovery.mobility.plugins.plugin_utils import windows_read as _read


def _wrap(func, *args, **kwargs):
    """Call func, turning the module's refusals into filter errors."""
    try:
        return func(*args, **kwargs)
    except _common.WindowsAgentError as exc:
        raise AnsibleFilterError(str(exc))


def windows_plan(registry, desired_state, package_version=None, cs_type=None, force_register=False, cs_address=None,
                 reinstall_if_registered_elsewhere=False):
    """Install/upgrade/uninstall and registration decision from registry data (and drscout.conf)."""
    return _wrap(_plan.windows_plan, registry, desired_state, package_version, cs_type, force_register, cs_address,
                 reinstall_if_registered_elsewhere)


def windows_agent_state(registry):
    """The agent's state from registry data, flattened (with the path of its drscout.conf)."""
    return _wrap(_plan.registry_state, registry)


def windows_exit_outcome(rc, step='install', agent_version=None, log=None):
    """Meaning of an exit code of the setup, the configurator or MsiExec."""
    return _wrap(_outcome.windows_exit_outcome, rc, step, agent_version, log)


def windows_run_outcome(result, step='install', timeout=None, agent_version=None, log=None, tool=None):
    """Outcome of a time-limited run of the setup, the configurator or MsiExec, from the task result."""
    return _wrap(_outcome.windows_run_outcome, result, step, timeout, agent_version, log, tool)


def windows_wait_schedule(timeout):
    """Pause and number of looks for a bounded wait (async poll, until retries)."""
    return _wrap(_commands.wait_schedule, timeout)


def windows_extracted_setup(file_names, cs_type, action='install', folder=None, waited=None):
    """Whether the self-extractor has left the setup in the extraction folder."""
    return _wrap(_commands.extracted_setup, file_names, cs_type, action, folder, waited)


def windows_install_command(exe_dir, cs_type, role='MS', platform='VmWare', install_dir=_common.DEFAULT_INSTALL_DIR, executable=None):
    """Command line of a fresh install (or a reinstall)."""
    return _wrap(_commands.windows_install_command, exe_dir, cs_type, role, platform, install_dir, executable)


def windows_upgrade_command(exe_dir, cs_type, role='MS', platform='VmWare', install_dir=_common.DEFAULT_INSTALL_DIR, executable=None):
    """Command line of an upgrade."""
    return _wrap(_commands.windows_upgrade_command, exe_dir, cs_type, role, platform, install_dir, executable)


def windows_configure_command(agent_dir, cs_type, cs_address=None, passphrase_file=None, source_config_file=None,
                              credential_less_discovery=False, cs_port=None):
    """Command line of the registration; paths only, never a secret."""
    return _wrap(_commands.windows_configure_command, agent_dir, cs_type, cs_address, passphrase_file,
                 source_config_file, credential_less_discovery, cs_port)


def windows_uninstall_command(log_file=None):
    """MsiExec command line of the uninstallation; the input is the log file (empty: the default)."""
    return _wrap(_commands.windows_uninstall_command, log_file)


def windows_extract_command(exe_path, dest):
    """Command line that extracts the vendor's package."""
    return _wrap(_commands.windows_extract_command, exe_path, dest)


def windows_pick_setup_executable(file_names, cs_type, action='install'):
    """Setup executable to run among the extracted files."""
    return _wrap(_commands.pick_setup_executable, file_names, cs_type, action)


def windows_defender_exclusions_to_add(current_exclusions, wanted=None, install_dir=None):
    """Windows Defender exclusion paths still missing."""
    return _wrap(_commands.defender_exclusions_to_add, current_exclusions, wanted, install_dir)


def windows_secret_acl(path=None, kind='file'):
    """ACL data protecting a secret file or folder; the input is its path (may be empty)."""
    return _wrap(_commands.windows_secret_acl, path, kind)


def windows_read_parameters(install_dir=None, endpoints=None, facts=False, defender=False, drscout=True):
    """Parameters of the one read of a Windows host; the input is the installation folder (may be empty)."""
    return _wrap(_read.read_parameters, install_dir, endpoints, facts, defender, drscout)


def windows_host_state(read, drscout=True):
    """What the one read of a Windows host found: registry, drscout.conf, service, system, space, ports, Defender."""
    return _wrap(_read.host_state, read, drscout)


class FilterModule(object):
    """Windows filters of the Mobility Service role."""

    def filters(self):
        """Filter names to functions."""
        return {
            'windows_plan': windows_plan,
            'windows_agent_state': windows_agent_state,
            'windows_exit_outcome': windows_exit_outcome,
            'windows_run_outcome': windows_run_outcome,
            'windows_wait_schedule': windows_wait_schedule,
            'windows_extracted_setup': windows_extracted_setup,
            'windows_install_command': windows_install_command,
            'windows_upgrade_command': windows_upgrade_command,
            'windows_configure_command': windows_configure_command,
            'windows_uninstall_command': windows_uninstall_command,
            'windows_extract_command': windows_extract_command,
            'windows_pick_setup_executable': windows_pick_setup_executable,
            'windows_defender_exclusions_to_add': windows_defender_exclusions_to_add,
            'windows_secret_acl': windows_secret_acl,
            'windows_read_parameters': windows_read_parameters,
            'windows_host_state': windows_host_state,
        }
