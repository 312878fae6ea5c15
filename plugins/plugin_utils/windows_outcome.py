# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Mobility Service agent on a Windows host: what the exit code of the
setup, the configurator or msiexec, or a timed-out task, means."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.siterecovery.mobility.plugins.module_utils.catalog import (
    version_tuple)
from ansible_collections.siterecovery.mobility.plugins.plugin_utils.windows_common import (
    CONFIGURATOR_EXE, CONFIGURATOR_LOG, INSTALL_LOG, MSIEXEC_EXE, SETUP_EXE, UNINSTALL_LOG, VSS_INSTALL_SCRIPT,
    VSS_NON_FATAL_SINCE, WindowsAgentError, is_blank, checked_choice, is_text, normalize_path)

# Exit codes of UnifiedAgent*.exe and UnifiedAgentConfigurator.exe.
SETUP_EXIT_CODES = {
    0: 'successful',
    1: 'failed',
    2: 'invalid command line',
    3: 'invalid command-line arguments',
    10: 'invalid install location',
    11: 'upgrade is not supported from the installed version',
    13: 'the agent points to a different configuration server',
    14: 'invalid passphrase or configuration server endpoint',
    15: 'downgrade is not supported',
    16: '.NET Framework is not available',
    17: 'agent registration failed',
    18: 'VMware Tools are not available',
    19: 'invalid source configuration file (config.json)',
    41: 'another instance of the setup is running',
    42: 'unsupported operating system',
    43: 'unable to stop the services',
    44: 'unable to start the services',
    45: 'VSS provider installation failed',
    47: 'the indskflt driver is not in the UpperFilters registry value',
    48: 'failed to set the service startup type',
    50: 'VSS provider installation failed: out of memory',
    51: 'VSS provider installation failed: the service database is locked',
    52: 'VSS provider installation failed: the service already exists',
    53: 'VSS provider installation failed: the service is marked for deletion',
    54: 'VSS provider installation failed: cscript access denied',
    55: 'VSS provider installation failed: path not found',
    56: 'failed to create symbolic links',
    57: 'failed to install or configure the services',
    62: 'a system restart is pending',
    63: 'VSS provider installation failed: COM+ prerequisite failure',
    64: 'boot drivers are not available',
    65: 'the Mobility Service cannot be installed on an Azure Site Recovery server',
    75: 'changing the agent role is not allowed',
    76: 'changing the platform is not allowed',
    77: 'CDPCLI registration failed',
    78: 'invalid proxy details',
    79: 'proxy configuration failed',
    90: 'out of memory',
    97: 'failed with errors (details in a JSON file)',
    98: 'succeeded with warnings (details in a JSON file)',
    99: 'product prerequisite validation failed',
    100: 'the RCM credentials file is missing',
    101: 'the RCM credentials file is corrupt',
    102: 'the RCM credentials have expired',
    103: 'BIOS ID detection failed',
    118: 'BIOS ID mismatch',
    119: 'RCM registration failed',
    128: 'CSPrime login failed',
    129: 'the RCM proxy is not registered',
    130: 'agent configuration input failed',
    131: 'unconfigure failed',
    132: 'diagnose-and-fix failed',
    1641: 'succeeded; a restart is mandatory',
    3010: 'succeeded; a restart is recommended',
}
VSS_EXIT_CODES = (45, 50, 51, 52, 53, 54, 55, 63)
SETUP_HINTS = {
    13: ('the configurator does not move a registered agent: the way out is to uninstall the agent, install it '
         'and register it again (mobility_service_reinstall_if_registered_elsewhere: true lets the role do it), '
         'after which replication of this machine must be enabled again'),
    14: 'check the passphrase and the configuration server address',
    15: 'uninstall the agent first (state absent) to install an older version',
    19: 'download a fresh config.json from the replication appliance',
    41: 'wait for the other setup to finish and run again',
    62: 'restart the machine, then run again',
}

# Exit codes of MsiExec.exe (Windows Installer) for the uninstallation.
MSI_EXIT_CODES = {
    0: 'successful',
    1601: 'the Windows Installer service could not be accessed',
    1602: 'the uninstallation was cancelled',
    1603: 'fatal error during the uninstallation',
    1605: 'the product is not installed',
    1612: 'the installation source is not available',
    1618: 'another installation is already in progress',
    1619: 'the installation package could not be opened',
    1625: 'the uninstallation is forbidden by system policy',
    1639: 'invalid command-line argument',
    1641: 'succeeded; Windows Installer started a restart',
    3010: 'succeeded; a restart is required to complete it',
}

# step -> (what the user reads, default log, exit code table)
STEPS = {
    'install': ('Mobility Service installation', INSTALL_LOG, SETUP_EXIT_CODES),
    'upgrade': ('Mobility Service upgrade', INSTALL_LOG, SETUP_EXIT_CODES),
    'register': ('Mobility Service registration', CONFIGURATOR_LOG, SETUP_EXIT_CODES),
    'configure': ('Mobility Service registration', CONFIGURATOR_LOG, SETUP_EXIT_CODES),
    'uninstall': ('Mobility Service uninstallation', UNINSTALL_LOG, MSI_EXIT_CODES),
}
# step -> (the tool that runs, the role variable that limits its time)
STEP_TOOLS = {
    'install': (SETUP_EXE, 'mobility_service_install_timeout'),
    'upgrade': (SETUP_EXE, 'mobility_service_install_timeout'),
    'register': (CONFIGURATOR_EXE, 'mobility_service_register_timeout'),
    'configure': (CONFIGURATOR_EXE, 'mobility_service_register_timeout'),
    'uninstall': (MSIEXEC_EXE, 'mobility_service_install_timeout'),
}
# How an ansible.windows task run with async/poll reports a time limit that ran out: the controller gave up
# polling, the Windows watchdog stopped the module, or (connection local, in tests) the Python async wrapper did.
_TIMED_OUT = re.compile(r'did not complete within the requested time|timed out waiting for module completion'
                        r'|timeout exceeded', re.IGNORECASE)


# ---------------------------------------------------------------- exit codes

def _exit_code(rc):
    if isinstance(rc, bool):
        raise WindowsAgentError('rc must be an integer exit code, got %r' % (rc,))
    if isinstance(rc, int):
        return rc
    if is_text(rc) and re.match(r'^\s*-?\d+\s*$', rc):
        return int(rc)
    raise WindowsAgentError('rc must be an integer exit code, got %r' % (rc,))


def _code_text(rc):
    if rc < 0 or rc > 0xFFFF:
        return '%d (0x%08X)' % (rc, rc & 0xFFFFFFFF)
    return '%d' % rc


def windows_exit_outcome(rc, step='install', agent_version=None, log=None):
    """What an exit code of the setup, the configurator or MsiExec means.

    ``step``: ``install`` or ``upgrade`` (UnifiedAgent*.exe), ``register``
    (or ``configure``: UnifiedAgentConfigurator.exe) or ``uninstall``
    (MsiExec.exe). ``agent_version``: the package's version; VSS provider
    failures (45, 50-55, 63) only leave the agent installed from 9.23 on
    (assumed when not given). ``log``: the log to name instead of the step's
    default one.

    Returns ``{'rc': int, 'success': bool, 'changed': bool,
    'reboot_required': bool, 'warning': str|None, 'meaning': str,
    'message': str, 'log': str}``. ``changed`` is False for a failure and
    for MsiExec's 1605 (the product was not installed).
    """
    step = checked_choice(step, tuple(STEPS), 'step')
    what, default_log, table = STEPS[step]
    log = default_log if is_blank(log) else normalize_path(log, 'log')
    code = _exit_code(rc)
    known = code in table
    meaning = table[code] if known else 'unknown exit code %s' % _code_text(code)
    outcome = {'rc': code, 'success': False, 'changed': False, 'reboot_required': False, 'warning': None,
               'meaning': meaning, 'message': '', 'log': log}
    see_log = 'see the log %s' % log
    label = 'exit code %s: %s' % (_code_text(code), meaning)

    if code == 0 or (code == 1605 and step == 'uninstall'):
        outcome.update(success=True, changed=code == 0)
        outcome['message'] = '%s succeeded%s.' % (what, '' if code == 0 else ' without a change: %s (exit code 1605)' % meaning)
    elif code in (1641, 3010):
        outcome.update(success=True, changed=True, reboot_required=True)
        outcome['message'] = '%s succeeded; restart the machine to complete it (%s).' % (what, label)
    elif code == 98 and table is SETUP_EXIT_CODES:
        warning = 'warnings were reported (exit code 98); the details are in the JSON file the tool writes; %s' % see_log
        outcome.update(success=True, changed=True, warning=warning)
        outcome['message'] = '%s succeeded with a warning: %s.' % (what, warning)
    elif code in VSS_EXIT_CODES and step in ('install', 'upgrade') and (
            is_blank(agent_version) or version_tuple(agent_version) >= version_tuple(VSS_NON_FATAL_SINCE)):
        warning = (
            'the Mobility Service is installed but its VSS provider is not (%s); application-consistent '
            'snapshots need the VSS provider: install it by hand with %s in the agent folder; %s'
            % (label, VSS_INSTALL_SCRIPT, see_log))
        outcome.update(success=True, changed=True, warning=warning)
        outcome['message'] = '%s succeeded with a warning: %s.' % (what, warning)
    else:
        hint = SETUP_HINTS.get(code) if table is SETUP_EXIT_CODES else None
        if known:
            detail = 'exit code %s (%s)' % (_code_text(code), meaning)
        else:
            detail = meaning
        outcome['message'] = '%s failed with %s; %s%s.' % (what, detail, '%s; ' % hint if hint else '', see_log)
    return outcome


def windows_run_outcome(result, step='install', timeout=None, agent_version=None, log=None, tool=None):
    """What a run of the setup, the configurator or MsiExec came to, from the whole task result.

    ``result``: what ``ansible.windows.win_command`` registered, run with
    ``async``/``poll`` so that its time is limited: an exit code (judged by
    :func:`windows_exit_outcome`), a time limit that ran out (the controller
    gave up polling, or the watchdog on Windows stopped the module), a
    command that could not run, or a skipped task (check mode).
    ``timeout``: the limit in seconds, ``tool``: the program's name (by
    default the step's), both for the message. Returns the dictionary of
    :func:`windows_exit_outcome` with ``timed_out`` (bool) added; ``rc`` is
    None when there is no exit code.
    """
    if not isinstance(result, dict):
        raise WindowsAgentError('result must be the registered result of the task (a dictionary), got %s'
                                % type(result).__name__)
    step = checked_choice(step, tuple(STEPS), 'step')
    if result.get('rc') is not None:
        return dict(windows_exit_outcome(result['rc'], step, agent_version, log), timed_out=False)
    what, default_log, _table = STEPS[step]
    default_tool, setting = STEP_TOOLS[step]
    log = default_log if is_blank(log) else normalize_path(log, 'log')
    tool = default_tool if is_blank(tool) else str(tool).strip()
    outcome = {'rc': None, 'success': False, 'changed': False, 'reboot_required': False, 'warning': None,
               'meaning': '', 'message': '', 'log': log, 'timed_out': False}
    if result.get('skipped'):
        outcome.update(success=True, meaning='skipped', message='%s was skipped.' % what)
        return outcome
    msg = str(result.get('msg') or '')
    pending = result.get('async_result')
    if _TIMED_OUT.search(msg) or (isinstance(pending, dict) and not pending.get('finished')):
        limit = 'within %s seconds (%s)' % (timeout, setting) if not is_blank(timeout) else 'within its time limit (%s)' % setting
        outcome.update(timed_out=True, meaning='time limit reached', message=(
            '%s: %s did not finish %s and the role stopped waiting for it. It may still be running and leave the '
            '%s incomplete: let it end (or restart the machine), then run the role again; raise %s if the tool is '
            'only slow; see the log %s.' % (what, tool, limit, what[len('Mobility Service '):], setting, log)))
        return outcome
    outcome.update(meaning='not run', message='%s: %s could not be run: %s; see the log %s.'
                   % (what, tool, msg or 'no exit code was returned', log))
    return outcome
