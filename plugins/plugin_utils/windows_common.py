# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Mobility Service agent on a Windows host: the vendor's names, paths and
constants, the errors, and the checks of paths, choices and booleans that the
other Windows helpers share.

Windows hosts are driven by thin role tasks over ``ansible.windows`` modules;
every decision they need lives in the ``windows_*`` helpers, as pure Python, so
that it can be unit tested without Windows. The filter plugin
``plugins/filter/windows.py`` exposes them to the role:

* ``windows_plan``: the registry and ``drscout.conf`` read into a state, and
  what to do (install, upgrade, register, nothing);
* ``windows_outcome``: what an exit code or a task result means;
* ``windows_commands``: the command lines, the secret folder's access list and
  Microsoft Defender's exclusions;
* ``windows_read``: the parameters of the role's one read of the host, and
  what it found.

Everything follows the vendor's documented interface:
* the installer ``Microsoft-ASR_UA_<ver>_Windows_GA_<date>_release.exe``,
  extracted with ``<exe> /q /x:<dir>``;
* the setup ``UnifiedAgent.exe`` (modernized packages may also ship
  ``UnifiedAgentInstaller.exe``): ``/Role /InstallLocation /Platform /Silent
  /CSType``, ``/InstallationType Upgrade`` for a modernized upgrade;
* the configurator ``<InstallLocation>\\agent\\UnifiedAgentConfigurator.exe``:
  ``/CSEndPoint /PassphraseFilePath`` (classic) or ``/SourceConfigFilePath
  /CSType CSPrime [/CredentialLessDiscovery true]`` (modernized);
* the MSI product code ``{275197FC-14FD-4560-A5EB-38217F80CBD1}`` (uninstall
  with ``MsiExec.exe /qn /x``);
* the registry: the product's ``Uninstall`` key (``DisplayVersion``) and
  ``HKLM\\SOFTWARE\\Wow6432Node\\InMage Systems\\Installed Products\\5``
  (``PostInstallActions``, ``AgentConfigurationStatus``, ``InstallDirectory``);
* the exit codes of the setup and the configurator, and the logs under
  ``%ProgramData%\\ASRSetupLogs``;
* the configuration server an agent is registered to, in its
  ``<InstallDirectory>\\agent\\Application Data\\etc\\drscout.conf``
  (``[vxagent.transport] Hostname``, ``[vxagent] CSType``; the folder is
  inferred from the vendor's setup, so a file that cannot be read only
  means "cannot tell").

Command lines are returned as one string for ``ansible.windows.win_command``
(``cmd``), with every path double-quoted following the Windows (MSVCRT)
parsing rules. Only file paths ever go on a command line, never a secret.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.siterecovery.mobility.plugins.module_utils.agent import (
    CS_TYPES)

PRODUCT_CODE = '{275197FC-14FD-4560-A5EB-38217F80CBD1}'
DISPLAY_NAME = 'Microsoft Azure Site Recovery Mobility Service/Master Target Server'
# Paths as ansible.windows.win_reg_stat takes them.
REGISTRY_KEYS = {
    'uninstall': 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\' + PRODUCT_CODE,
    'products': 'HKLM:\\SOFTWARE\\Wow6432Node\\InMage Systems\\Installed Products\\5',
}
DEFAULT_INSTALL_DIR = 'C:\\Program Files (x86)\\Microsoft Azure Site Recovery'
CLASSIC_AGENT_DATA_DIR = 'C:\\ProgramData\\ASR\\agent'
LOG_DIR = 'C:\\ProgramData\\ASRSetupLogs'
INSTALL_LOG = LOG_DIR + '\\ASRUnifiedAgentInstaller.log'
CONFIGURATOR_LOG = LOG_DIR + '\\ASRUnifiedAgentConfigurator.log'
UNINSTALL_LOG = LOG_DIR + '\\UnifiedAgentMSIUninstall.log'
SETUP_EXE = 'UnifiedAgent.exe'
MODERN_SETUP_EXE = 'UnifiedAgentInstaller.exe'
CONFIGURATOR_EXE = 'UnifiedAgentConfigurator.exe'
VSS_INSTALL_SCRIPT = 'InMageVSSProvider_Install.cmd'
MSIEXEC_EXE = 'MsiExec.exe'
# The agent's configuration, relative to its 'agent' folder (INFERRED from the vendor's setup).
DRSCOUT_IN_AGENT_DIR = 'Application Data\\etc\\drscout.conf'
DEFAULT_CS_PORT = 443
STATES = ('present', 'latest', 'absent')
SUCCEEDED = 'Succeeded'
# From this agent version on, a VSS provider failure leaves the agent installed.
VSS_NON_FATAL_SINCE = '9.23'
SYSTEM_SID = 'S-1-5-18'
ADMINISTRATORS_SID = 'S-1-5-32-544'

_STRING_TYPES = (str, type(b''.decode('ascii')))  # text on Python 2 (unicode) and 3 (str)
BAD_PATH_CHARS = re.compile(r'["<>|?*\x00-\x1f]')
_ABSOLUTE_PATH = re.compile(r'^(?:[A-Za-z]:\\|\\\\[^\\]+\\[^\\]+)')
_EXECUTABLE = re.compile(r'^[A-Za-z0-9][A-Za-z0-9 ._()-]*\.exe$', re.IGNORECASE)
HOST_NAME = re.compile(r'^[A-Za-z0-9._:\[\]-]+$')
_TRUE = ('true', 'yes', 'on', '1')
_FALSE = ('false', 'no', 'off', '0')


class WindowsAgentError(ValueError):
    """A decision that must be refused or an unusable input, with a message for the user."""


class DowngradeError(WindowsAgentError):
    """The package is older than the installed agent: the vendor does not support downgrades."""


# ---------------------------------------------------------------- helpers

def is_text(value):
    return isinstance(value, _STRING_TYPES)


def is_blank(value):
    """None and empty strings both mean 'not given' (role variables default to '')."""
    return value is None or (is_text(value) and not value.strip())


def checked_choice(value, choices, what):
    """The canonical spelling of a choice, matched case-insensitively."""
    if is_text(value):
        for choice in choices:
            if value.strip().lower() == choice.lower():
                return choice
    raise WindowsAgentError('invalid %s %r: expected one of %s' % (what, value, ', '.join(choices)))


def to_boolean(value, what):
    if isinstance(value, bool):
        return value
    if is_text(value) and value.strip().lower() in _TRUE + _FALSE:
        return value.strip().lower() in _TRUE
    raise WindowsAgentError('%s must be a boolean, got %r' % (what, value))


def normalize_path(path, what='path', secret=False):
    """An absolute Windows path, checked and normalised: forward slashes become
    backslashes, trailing backslashes are removed (a drive root keeps its own).

    Accepts ``X:\\...`` and UNC ``\\\\server\\share\\...`` paths only; refuses
    relative paths and characters Windows does not allow in paths (``"<>|?*``,
    control characters, a colon after the drive). With ``secret`` the value is
    never repeated in the error message (it might be a passphrase given by mistake).
    """
    shown = '' if secret else ' %r' % (path,)
    if not is_text(path) or not path.strip():
        raise WindowsAgentError('%s must be an absolute Windows path, got%s' % (what, shown or ' something else'))
    value = path.strip().replace('/', '\\')
    if BAD_PATH_CHARS.search(value) or ':' in value[2:] or not _ABSOLUTE_PATH.match(value):
        raise WindowsAgentError(
            '%s must be an absolute Windows path such as C:\\Windows\\Temp\\file, without the characters '
            '" < > | ? * :%s' % (what, shown if shown else ' (the value is not shown: it may be a secret)'))
    stripped = value.rstrip('\\')
    if re.match(r'^[A-Za-z]:$', stripped):
        return stripped + '\\'
    return stripped


def join_path(directory, name):
    """``directory\\name`` for a normalised directory (a drive root has its backslash)."""
    return directory.rstrip('\\') + '\\' + name


def quote_path(path):
    """A normalised path in double quotes for a Windows command line.

    Paths cannot contain double quotes, so only backslashes right before the
    closing quote matter: they are doubled (``"C:\\\\"``), as the MSVCRT and
    CommandLineToArgvW rules require.
    """
    trailing = len(path) - len(path.rstrip('\\'))
    return '"%s%s"' % (path, '\\' * trailing)


def executable_name(name, default):
    if is_blank(name):
        return default
    if not is_text(name) or not _EXECUTABLE.match(name.strip()):
        raise WindowsAgentError('executable must be a file name ending in .exe, without a directory, got %r' % (name,))
    return name.strip()


def checked_cs_type(cs_type):
    return checked_choice(cs_type, CS_TYPES, 'cs_type')
