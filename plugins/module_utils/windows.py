# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Mobility Service agent on a Windows host: decisions and command lines.

Windows hosts are driven by thin role tasks over ``ansible.windows`` modules;
every decision they need lives here, as pure Python, so that it can be unit
tested without Windows. The filter plugin ``plugins/filter/windows.py``
exposes these functions to the role.

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
    CS_TYPES, PLATFORMS, ROLES, compare_versions)
from ansible_collections.siterecovery.mobility.plugins.module_utils.catalog import version_tuple
from ansible_collections.siterecovery.mobility.plugins.module_utils.servers import (
    DIFFERENT, SAME, UNKNOWN, compare_servers)

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

_STRING_TYPES = (str, type(b''.decode('ascii')))  # text on Python 2 (unicode) and 3 (str)
_BAD_PATH_CHARS = re.compile(r'["<>|?*\x00-\x1f]')
_ABSOLUTE_PATH = re.compile(r'^(?:[A-Za-z]:\\|\\\\[^\\]+\\[^\\]+)')
_EXECUTABLE = re.compile(r'^[A-Za-z0-9][A-Za-z0-9 ._()-]*\.exe$', re.IGNORECASE)
_HOST = re.compile(r'^[A-Za-z0-9._:\[\]-]+$')
_TRUE = ('true', 'yes', 'on', '1')
_FALSE = ('false', 'no', 'off', '0')


class WindowsAgentError(ValueError):
    """A decision that must be refused or an unusable input, with a message for the user."""


class DowngradeError(WindowsAgentError):
    """The package is older than the installed agent: the vendor does not support downgrades."""


# ---------------------------------------------------------------- helpers

def _is_text(value):
    return isinstance(value, _STRING_TYPES)


def _blank(value):
    """None and empty strings both mean 'not given' (role variables default to '')."""
    return value is None or (_is_text(value) and not value.strip())


def _choice(value, choices, what):
    """The canonical spelling of a choice, matched case-insensitively."""
    if _is_text(value):
        for choice in choices:
            if value.strip().lower() == choice.lower():
                return choice
    raise WindowsAgentError('invalid %s %r: expected one of %s' % (what, value, ', '.join(choices)))


def _boolean(value, what):
    if isinstance(value, bool):
        return value
    if _is_text(value) and value.strip().lower() in _TRUE + _FALSE:
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
    if not _is_text(path) or not path.strip():
        raise WindowsAgentError('%s must be an absolute Windows path, got%s' % (what, shown or ' something else'))
    value = path.strip().replace('/', '\\')
    if _BAD_PATH_CHARS.search(value) or ':' in value[2:] or not _ABSOLUTE_PATH.match(value):
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


def _executable(name, default):
    if _blank(name):
        return default
    if not _is_text(name) or not _EXECUTABLE.match(name.strip()):
        raise WindowsAgentError('executable must be a file name ending in .exe, without a directory, got %r' % (name,))
    return name.strip()


def _cs_type(cs_type):
    return _choice(cs_type, CS_TYPES, 'cs_type')


# ---------------------------------------------------------------- registry and plan

def _lookup(values, name):
    """A registry value by name, case-insensitively (Windows value names are)."""
    for key, value in values.items():
        if _is_text(key) and key.lower() == name.lower():
            return value
    return None


def _value_of(prop):
    """A value as win_reg_stat reports it ({'value': ..., 'raw_value': ..., 'type': ...}) or a plain value."""
    if isinstance(prop, dict):
        prop = prop.get('value', prop.get('raw_value'))
    if prop is None:
        return None
    text = str(prop).strip()
    return text or None


def _section(section, name):
    """(exists, {value name: value}) of one key: a win_reg_stat result or a plain dict of values."""
    if section is None:
        return False, {}
    if not isinstance(section, dict):
        raise WindowsAgentError('registry[%r] must be a dictionary (a win_reg_stat result), got %s'
                                % (name, type(section).__name__))
    if 'exists' in section or 'properties' in section:
        properties = section.get('properties') or {}
        if not isinstance(properties, dict):
            raise WindowsAgentError('registry[%r].properties must be a dictionary' % (name,))
        values = dict((key, _value_of(value)) for key, value in properties.items())
        exists = section.get('exists')
        return (bool(properties) if exists is None else bool(exists)), values
    values = dict((key, _value_of(value)) for key, value in section.items())
    return bool(values), values


def registry_state(registry):
    """The agent's state from registry data, in a flat dictionary.

    ``registry`` is either the nested form the role gathers with
    ``ansible.windows.win_reg_stat`` (one result per key of
    :data:`REGISTRY_KEYS`)::

        {'uninstall': {'exists': True,
                       'properties': {'DisplayVersion': {'value': '9.66.7567.1', ...},
                                      'DisplayName': {'value': '...'}}},
         'products': {'exists': True,
                      'properties': {'PostInstallActions': {'value': 'Succeeded'},
                                     'AgentConfigurationStatus': {'value': 'Succeeded'},
                                     'InstallDirectory': {'value': 'C:\\\\...'}}}}

    (a property may also be a plain value; a key that does not exist is
    ``{'exists': False}`` or simply missing), or the flattened form
    ``{'DisplayVersion': '9.66.7567.1', 'PostInstallActions': 'Succeeded',
    'AgentConfigurationStatus': 'Succeeded', 'InstallDirectory': 'C:\\\\...'}``
    where the product counts as installed when ``DisplayVersion`` or
    ``DisplayName`` is there. Value names are matched case-insensitively.
    A key ``drscout`` (see :func:`registration_check`) is not registry data
    and is ignored here. ``drscout_path`` is where the agent's drscout.conf
    should be (None when the registry does not name the folder).
    """
    if not isinstance(registry, dict):
        raise WindowsAgentError('the registry data must be a dictionary (see the windows_plan documentation), got %s'
                                % type(registry).__name__)
    if 'uninstall' in registry or 'products' in registry:
        product, uninstall = _section(registry.get('uninstall'), 'uninstall')
        products_key, products = _section(registry.get('products'), 'products')
    else:
        flat = dict((key, _value_of(value)) for key, value in registry.items() if key != 'drscout')
        uninstall = products = flat
        product = bool(_lookup(flat, 'DisplayVersion') or _lookup(flat, 'DisplayName'))
        products_key = any(_lookup(flat, name) for name in ('PostInstallActions', 'AgentConfigurationStatus', 'InstallDirectory'))
    directory = _lookup(products, 'InstallDirectory')
    install_dir = agent_dir = None
    if directory:
        try:
            directory = normalize_path(directory, 'InstallDirectory')
        except WindowsAgentError:
            directory = None
    if directory:
        # The value may name the installation folder or its 'agent' subfolder.
        if directory.lower().endswith('\\agent'):
            install_dir, agent_dir = directory[:-len('\\agent')], directory
        else:
            install_dir, agent_dir = directory, join_path(directory, 'agent')
    return {
        'product': product,
        'products_key': products_key,
        'version': _lookup(uninstall, 'DisplayVersion'),
        'post_install_actions': _lookup(products, 'PostInstallActions'),
        'configuration_status': _lookup(products, 'AgentConfigurationStatus'),
        'install_dir': install_dir,
        'agent_dir': agent_dir,
        'drscout_path': join_path(agent_dir, DRSCOUT_IN_AGENT_DIR) if agent_dir else None,
    }


def _succeeded(value):
    return (value or '').strip().lower() == SUCCEEDED.lower()


def _package_version(package_version):
    if _blank(package_version):
        return None
    if not version_tuple(package_version):
        raise WindowsAgentError('invalid package_version %r: expected a dotted number such as 9.66.7567.1'
                                % (package_version,))
    return str(package_version).strip()


def _refuse_downgrade(installed, package):
    if installed and package and version_tuple(installed) and compare_versions(package, installed) < 0:
        raise DowngradeError(
            'refusing to downgrade: version %s is installed and the package has the older %s (the setup '
            'does not support downgrades, exit code 15); uninstall first (state absent) if a downgrade is '
            'really wanted' % (installed, package))


# ---------------------------------------------------------------- where the agent is registered

_SECTION = re.compile(r'^\s*\[\s*([^\]]*?)\s*\]\s*$')
_KEY_VALUE = re.compile(r'^\s*([^=#;\s][^=]*?)\s*=\s*(.*?)\s*$')


def parse_drscout(text):
    """What the agent's drscout.conf says about its registration.

    Returns ``{'cs_address': [vxagent.transport] Hostname, 'cs_port':
    [vxagent.transport] Port, 'cs_type': [vxagent] CSType as CSLegacy or
    CSPrime}``, each None when missing or empty. Sections and keys are matched
    without regard to case, spaces around ``=`` are allowed (the vendor's
    template writes ``Hostname = ``), lines starting with ``#`` or ``;`` are
    comments; a byte order mark and CRLF line ends are fine.
    """
    found = {'cs_address': None, 'cs_port': None, 'cs_type': None}
    if not _is_text(text):
        return found
    wanted = {('vxagent.transport', 'hostname'): 'cs_address', ('vxagent.transport', 'port'): 'cs_port',
              ('vxagent', 'cstype'): 'cs_type'}
    section = None
    for line in text.lstrip(u'\ufeff').splitlines():
        header = _SECTION.match(line)
        if header:
            section = header.group(1).lower()
            continue
        pair = _KEY_VALUE.match(line)
        if not pair or section is None:
            continue
        name = wanted.get((section, pair.group(1).lower()))
        if name and pair.group(2) and found[name] is None:
            found[name] = pair.group(2)
    if found['cs_type'] is not None:
        found['cs_type'] = next((choice for choice in CS_TYPES if choice.lower() == found['cs_type'].lower()), None)
    return found


def _drscout_text(data):
    """(text or None, why it could not be read or None) from what the role read; (None, None): not read at all."""
    if data is None:
        return None, None
    if _is_text(data):
        return data, None
    if not isinstance(data, dict):
        raise WindowsAgentError('drscout must be the text of drscout.conf or the result of reading it, got %s'
                                % type(data).__name__)
    if data.get('skipped'):
        return None, None
    if isinstance(data.get('result'), dict):  # an ansible.windows.win_powershell result
        if data.get('failed'):
            return None, 'drscout.conf could not be read (%s)' % (data.get('msg') or 'the read failed')
        data = data['result']
    if data.get('failed'):
        return None, 'drscout.conf could not be read (%s)' % (data.get('msg') or 'the read failed')
    if data.get('exists') is False:
        return None, 'drscout.conf was not found in the agent folder'
    if not _is_text(data.get('content')):
        return None, 'drscout.conf could not be read (%s)' % (data.get('msg') or 'no content')
    return data['content'], None


def _address(value):
    return value.strip() if _is_text(value) else ''


def _describe(cs_type, address):
    if cs_type == 'CSPrime':
        return 'a replication appliance (modernized, CSPrime)'
    if cs_type == 'CSLegacy':
        return 'configuration server %s (classic, CSLegacy)' % address if address else 'a classic configuration server (CSLegacy)'
    return 'configuration server %s' % address if address else 'an unknown server'


def registration_check(drscout, cs_type, cs_address=None):
    """Is the agent registered where the inventory wants it?

    ``drscout``: the text of the agent's drscout.conf, or the result of the
    role's read of it (an ``ansible.windows.win_powershell`` result whose
    ``result`` is ``{'exists': bool, 'content': text}``, or that dictionary
    itself). ``cs_type`` and ``cs_address``: what the inventory wants.

    Returns None when drscout.conf was not read at all (None or a skipped
    task), else ``{'target': 'same'|'different'|'cannot tell',
    'registered_address', 'registered_cs_type', 'detail'}``:

    * another CS type (registered CSPrime, CSLegacy wanted, or the other way
      round) is ``different``;
    * for CSLegacy the addresses are compared with
      :func:`servers.compare_servers`; a modernized agent's appliance is
      not compared (config.json decides it);
    * a file, a ``Hostname`` (classic) or a ``CSType`` (modernized) that cannot
      be read is ``cannot tell``, never ``different``.
    """
    cs_type = _cs_type(cs_type)
    text, unreadable = _drscout_text(drscout)
    if text is None and unreadable is None:
        return None
    found = parse_drscout(text)
    wanted = _address(cs_address)
    check = {'target': UNKNOWN, 'registered_address': found['cs_address'], 'registered_cs_type': found['cs_type'],
             'detail': unreadable}
    if unreadable:
        return check
    if found['cs_type'] and found['cs_type'] != cs_type:
        check.update(target=DIFFERENT, detail='the agent is registered as %s, %s is wanted' % (found['cs_type'], cs_type))
        return check
    if cs_type == 'CSPrime':
        if found['cs_type']:
            check.update(target=SAME, detail='the agent is registered to a replication appliance (CSPrime)')
        else:
            check['detail'] = 'drscout.conf does not say whether the agent is classic or modernized ([vxagent] CSType)'
        return check
    if not found['cs_address']:
        check['detail'] = 'drscout.conf names no configuration server ([vxagent.transport] Hostname)'
        return check
    if not wanted:
        check['detail'] = 'no configuration server address is given to compare with'
        return check
    check['target'] = compare_servers(found['cs_address'], wanted)
    if check['target'] == UNKNOWN:
        check['detail'] = ('the agent names %s and the inventory %s: only a lookup could tell whether they are one '
                           'server' % (found['cs_address'], wanted))
    else:
        check['detail'] = 'the agent is registered to %s' % found['cs_address']
    return check


def windows_plan(registry, desired_state, package_version=None, cs_type=None, force_register=False, cs_address=None,
                 reinstall_if_registered_elsewhere=False):
    """What the role must do on a Windows host.

    ``registry``: see :func:`registry_state`; its key ``drscout`` may hold
    the agent's drscout.conf as read by the role (see
    :func:`registration_check`). ``desired_state``: ``present``
    (install when absent, never upgrade), ``latest`` (also upgrade to a newer
    package; refuse an older one) or ``absent``. ``package_version``: the
    version of the installer at hand (needed by ``latest`` when the agent is
    installed). ``cs_type``: ``CSLegacy`` or ``CSPrime`` (ignored for
    ``absent``). ``force_register``: register even when registered already.
    ``cs_address``: the configuration server wanted (classic).
    ``reinstall_if_registered_elsewhere``: move an agent registered elsewhere.

    The vendor's own logic: no MSI product -> install; ``PostInstallActions``
    not ``Succeeded`` -> install again; ``AgentConfigurationStatus`` not
    ``Succeeded`` -> configure; otherwise upgrade when a newer package is wanted.

    A registered agent whose drscout.conf was read is compared with what is
    wanted (:func:`registration_check`): registered elsewhere is refused
    (``refusal``; the configurator would exit 13), or with
    ``reinstall_if_registered_elsewhere`` uninstalled (``uninstall_first``),
    installed and registered again; "cannot tell" leaves it with a ``warning``.

    Returns ``{'install': 'install'|'reinstall'|'upgrade'|'none'|'uninstall',
    'register': bool, 'reason': str, 'installed_version': str|None,
    'install_dir': str|None, 'agent_dir': str|None, 'uninstall_first': bool,
    'registration': registration_check() or None, 'refusal': str|None,
    'warning': str|None}``. ``install_dir`` is the
    installation folder of the installed agent (for ``/InstallLocation``) and
    ``agent_dir`` its ``agent`` subfolder (the configurator's folder); both
    are None when the registry does not tell. Raises :class:`DowngradeError`
    for a downgrade and :class:`WindowsAgentError` for unusable input.
    """
    state = _choice(desired_state, STATES, 'desired_state')
    force = _boolean(force_register, 'force_register')
    move = _boolean(reinstall_if_registered_elsewhere, 'reinstall_if_registered_elsewhere')
    package = _package_version(package_version)
    if state != 'absent':
        _cs_type(cs_type)
    found = registry_state(registry)
    plan = {'install': 'none', 'register': False, 'reason': '', 'installed_version': found['version'],
            'install_dir': found['install_dir'], 'agent_dir': found['agent_dir'], 'uninstall_first': False,
            'registration': None, 'refusal': None, 'warning': None}
    installed = 'version %s' % found['version'] if found['version'] else 'version unknown'

    if state == 'absent':
        if found['product']:
            plan.update(install='uninstall', reason='the Mobility Service is installed (%s)' % installed)
        elif found['products_key']:
            plan['reason'] = ('the Mobility Service is not installed (no MSI product %s); the InMage Systems '
                              'registry key left by an earlier installation is ignored' % PRODUCT_CODE)
        else:
            plan['reason'] = 'the Mobility Service is not installed'
        return plan

    if not found['product']:
        plan.update(install='install', register=True,
                    reason='the Mobility Service is not installed (no MSI product %s)' % PRODUCT_CODE)
        return plan
    if not _succeeded(found['post_install_actions']):
        _refuse_downgrade(found['version'], package)
        plan.update(install='reinstall', register=True,
                    reason='an earlier installation (%s) did not complete (PostInstallActions is %s): '
                           'install again, then register' % (installed, found['post_install_actions'] or 'not set'))
        return plan

    if _succeeded(found['configuration_status']):
        check = registration_check(registry.get('drscout'), cs_type, cs_address)
        plan['registration'] = check
        if check and check['target'] == DIFFERENT:
            _registered_elsewhere(plan, check, found['version'], package, cs_type, cs_address, move, force)
            return plan
        if check and check['target'] == UNKNOWN:
            plan['warning'] = ('cannot tell whether the agent is registered to %s: %s; its registration is left as '
                               'it is' % (_describe(_cs_type(cs_type), _address(cs_address)), check['detail']))

    if state == 'latest':
        if not found['version']:
            raise WindowsAgentError(
                'cannot decide on an upgrade: the installed Mobility Service has no DisplayVersion under %s'
                % REGISTRY_KEYS['uninstall'])
        if package is None:
            raise WindowsAgentError('state latest needs the package_version of the installer at hand')
        _refuse_downgrade(found['version'], package)
        if compare_versions(package, found['version']) > 0:
            plan['install'] = 'upgrade'
            reasons = ['version %s is installed, the package has %s' % (found['version'], package)]
        else:
            reasons = ['version %s is installed' % found['version']]
    else:
        reasons = ['the Mobility Service is installed (%s)' % installed]

    if not _succeeded(found['configuration_status']):
        plan['register'] = True
        reasons.append('the agent is not registered (AgentConfigurationStatus is %s)'
                       % (found['configuration_status'] or 'not set'))
    elif force and (plan['registration'] or {}).get('target') != SAME:
        # a registration to the wanted server is never redone, whatever force says
        plan['register'] = True
        reasons.append('registration is forced')
    else:
        reasons.append('the agent is registered')
    if plan['warning']:
        reasons.append(plan['warning'])
    plan['reason'] = '; '.join(reasons)
    return plan


def _registered_elsewhere(plan, check, installed_version, package, cs_type, cs_address, move, force):
    """Complete the plan for an agent registered elsewhere: move it, or refuse."""
    registered = _describe(check['registered_cs_type'], check['registered_address'])
    wanted = _describe(_cs_type(cs_type), _address(cs_address))
    where = 'the agent is registered to %s and the inventory wants %s' % (registered, wanted)
    if move:
        _refuse_downgrade(installed_version, package)
        plan.update(install='install', register=True, uninstall_first=True,
                    reason='%s: uninstall the agent, install it and register it again '
                           '(reinstall_if_registered_elsewhere)' % where,
                    warning='%s: the agent is moved by uninstalling and installing it again; replication of this '
                            'machine must be enabled again afterwards' % where)
        return
    plan['refusal'] = (
        '%s, so it is left as it is: the configurator does not move a registered agent (it ends with exit code 13)%s. '
        'The vendor\'s way is to uninstall the agent, install it and register it again, after which replication '
        'of this machine must be enabled again; set mobility_service_reinstall_if_registered_elsewhere: true to let '
        'the role do that' % (where, ', and mobility_service_force_registration does not change that' if force else ''))
    plan['reason'] = plan['refusal']


# ---------------------------------------------------------------- exit codes

def _exit_code(rc):
    if isinstance(rc, bool):
        raise WindowsAgentError('rc must be an integer exit code, got %r' % (rc,))
    if isinstance(rc, int):
        return rc
    if _is_text(rc) and re.match(r'^\s*-?\d+\s*$', rc):
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
    step = _choice(step, tuple(STEPS), 'step')
    what, default_log, table = STEPS[step]
    log = default_log if _blank(log) else normalize_path(log, 'log')
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
            _blank(agent_version) or version_tuple(agent_version) >= version_tuple(VSS_NON_FATAL_SINCE)):
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
    step = _choice(step, tuple(STEPS), 'step')
    if result.get('rc') is not None:
        return dict(windows_exit_outcome(result['rc'], step, agent_version, log), timed_out=False)
    what, default_log, _table = STEPS[step]
    default_tool, setting = STEP_TOOLS[step]
    log = default_log if _blank(log) else normalize_path(log, 'log')
    tool = default_tool if _blank(tool) else str(tool).strip()
    outcome = {'rc': None, 'success': False, 'changed': False, 'reboot_required': False, 'warning': None,
               'meaning': '', 'message': '', 'log': log, 'timed_out': False}
    if result.get('skipped'):
        outcome.update(success=True, meaning='skipped', message='%s was skipped.' % what)
        return outcome
    msg = str(result.get('msg') or '')
    pending = result.get('async_result')
    if _TIMED_OUT.search(msg) or (isinstance(pending, dict) and not pending.get('finished')):
        limit = 'within %s seconds (%s)' % (timeout, setting) if not _blank(timeout) else 'within its time limit (%s)' % setting
        outcome.update(timed_out=True, meaning='time limit reached', message=(
            '%s: %s did not finish %s and the role stopped waiting for it. It may still be running and leave the '
            '%s incomplete: let it end (or restart the machine), then run the role again; raise %s if the tool is '
            'only slow; see the log %s.' % (what, tool, limit, what[len('Mobility Service '):], setting, log)))
        return outcome
    outcome.update(meaning='not run', message='%s: %s could not be run: %s; see the log %s.'
                   % (what, tool, msg or 'no exit code was returned', log))
    return outcome


# ---------------------------------------------------------------- command lines

def pick_setup_executable(file_names, cs_type, action='install'):
    """The setup to run among the files of the extracted package.

    ``file_names``: names or paths (strings), or ``ansible.windows.win_find``
    file dictionaries (``filename`` / ``path``). Names match case-insensitively;
    the name is returned as listed. For a modernized (CSPrime) install
    ``UnifiedAgentInstaller.exe`` is preferred, else ``UnifiedAgent.exe``;
    classic installs use ``UnifiedAgent.exe``; an upgrade prefers
    ``UnifiedAgent.exe`` (the documented upgrade command) and falls back to
    ``UnifiedAgentInstaller.exe`` for CSPrime. Raises
    :class:`WindowsAgentError` naming what was found when nothing fits.
    """
    names, preferred, chosen = _setup_candidates(file_names, cs_type, action)
    if chosen:
        return chosen
    shown = ', '.join(sorted(names)[:20]) + (' ...' if len(names) > 20 else '')
    raise WindowsAgentError('no %s among the %d extracted file(s)%s: is this a Windows Mobility Service package?'
                            % (' or '.join(preferred), len(names), ': %s' % shown if names else ''))


def _setup_candidates(file_names, cs_type, action):
    """(the file names, the setups wanted in order, the one found or None)."""
    cs_type = _cs_type(cs_type)
    action = _choice(action, ('install', 'reinstall', 'upgrade'), 'action')
    if _is_text(file_names) or not isinstance(file_names, (list, tuple)):
        raise WindowsAgentError('file_names must be a list of file names, got %s' % type(file_names).__name__)
    names = []
    for entry in file_names:
        if isinstance(entry, dict):
            entry = entry.get('filename') or entry.get('path')
        if _is_text(entry) and entry.strip():
            names.append(entry.strip().replace('/', '\\').rsplit('\\', 1)[-1])
    by_lower = {}
    for name in names:
        by_lower.setdefault(name.lower(), name)
    if cs_type == 'CSLegacy':
        preferred = (SETUP_EXE,)
    elif action == 'upgrade':
        preferred = (SETUP_EXE, MODERN_SETUP_EXE)
    else:
        preferred = (MODERN_SETUP_EXE, SETUP_EXE)
    for candidate in preferred:
        if candidate.lower() in by_lower:
            return names, preferred, by_lower[candidate.lower()]
    return names, preferred, None


def extracted_setup(file_names, cs_type, action='install', folder=None, waited=None):
    """Has the self-extractor left the setup yet? For a wait that polls the extraction folder.

    ``file_names``: as for :func:`pick_setup_executable` (a listing of the
    folder). ``folder`` and ``waited`` (seconds) only go into the message.
    Returns ``{'found': bool, 'executable': the setup's name or None,
    'message': None, or why the setup is missing, naming the folder, the
    wait and the files found}``.
    """
    names, preferred, chosen = _setup_candidates(file_names, cs_type, action)
    if chosen:
        return {'found': True, 'executable': chosen, 'message': None}
    shown = ', '.join(sorted(names)[:20]) + (' ...' if len(names) > 20 else '')
    where = ' in %s' % folder if _is_text(folder) and folder.strip() else ''
    wait = ''
    if waited is not None and not _blank(waited):
        wait = ' within %s seconds (mobility_service_extract_timeout)' % waited
    left = 'it left %d other file(s): %s' % (len(names), shown) if names else 'it left no .exe file'
    return {'found': False, 'executable': None, 'message': (
        'the self-extractor left no %s%s%s; %s: is this a Windows Mobility Service package, and is the installer '
        'file complete?' % (' or '.join(preferred), where, wait, left))}


def wait_schedule(timeout):
    """How the role waits up to ``timeout`` seconds: ``{'seconds', 'interval', 'retries'}``.

    ``interval`` is the pause between two looks (``poll`` of an async task,
    ``delay`` of a retried one): a sixtieth of the wait, at least 1 and at
    most 15 seconds. ``retries`` more looks after the first one cover the wait
    (``retries * interval >= seconds``). ``0`` gives one look and no retry
    (an async task with ``async: 0`` runs without a limit).
    """
    if isinstance(timeout, bool) or not (isinstance(timeout, int) or (_is_text(timeout) and timeout.strip().isdigit())):
        raise WindowsAgentError('the timeout must be a whole number of seconds (0 or more), got %r' % (timeout,))
    seconds = int(timeout)
    if seconds < 0:
        raise WindowsAgentError('the timeout must be a whole number of seconds (0 or more), got %r' % (timeout,))
    interval = max(1, min(15, seconds // 60))
    return {'seconds': seconds, 'interval': interval, 'retries': -(-seconds // interval)}


def windows_extract_command(exe_path, dest):
    """Extract the vendor's package: ``"<exe>" /q /x:"<dest>"``."""
    exe_path = normalize_path(exe_path, 'exe_path')
    if not exe_path.lower().endswith('.exe'):
        raise WindowsAgentError('exe_path must name the installer .exe, got %r' % (exe_path,))
    return '%s /q /x:%s' % (quote_path(exe_path), quote_path(normalize_path(dest, 'dest')))


def _setup_arguments(exe_dir, cs_type, role, platform, install_dir, executable):
    exe = join_path(normalize_path(exe_dir, 'exe_dir'), _executable(executable, SETUP_EXE))
    location = DEFAULT_INSTALL_DIR if _blank(install_dir) else normalize_path(install_dir, 'install_dir')
    return (quote_path(exe), _cs_type(cs_type), _choice(role, ROLES, 'role'), _choice(platform, PLATFORMS, 'platform'),
            quote_path(location))


def windows_install_command(exe_dir, cs_type, role='MS', platform='VmWare', install_dir=DEFAULT_INSTALL_DIR, executable=None):
    """Fresh install (also a reinstall), run from the extracted package in ``exe_dir``.

    Classic: ``"<exe_dir>\\UnifiedAgent.exe" /Role MS /InstallLocation "<dir>"
    /Platform VmWare /Silent /CSType CSLegacy``; modernized:
    ``"<exe_dir>\\<executable>" /Platform VmWare /Silent /Role MS /CSType
    CSPrime /InstallLocation "<dir>"`` (the documented argument orders).
    ``executable`` defaults to ``UnifiedAgent.exe`` (see
    :func:`pick_setup_executable`); an empty ``install_dir`` means the default.
    """
    exe, cs_type, role, platform, location = _setup_arguments(exe_dir, cs_type, role, platform, install_dir, executable)
    if cs_type == 'CSPrime':
        return '%s /Platform %s /Silent /Role %s /CSType CSPrime /InstallLocation %s' % (exe, platform, role, location)
    return '%s /Role %s /InstallLocation %s /Platform %s /Silent /CSType CSLegacy' % (exe, role, location, platform)


def windows_upgrade_command(exe_dir, cs_type, role='MS', platform='VmWare', install_dir=DEFAULT_INSTALL_DIR, executable=None):
    """Upgrade, run from the newer extracted package in ``exe_dir``.

    Modernized: ``"<exe_dir>\\UnifiedAgent.exe" /Role MS /Platform VmWare
    /Silent /InstallationType Upgrade /CSType CSPrime /InstallLocation
    "<dir>"`` (pass the installed agent's folder, ``install_dir`` of
    :func:`windows_plan`); classic: ``"<exe_dir>\\UnifiedAgent.exe"
    /Platform VmWare /Silent`` (role and install_dir are not used).
    """
    exe, cs_type, role, platform, location = _setup_arguments(exe_dir, cs_type, role, platform, install_dir, executable)
    if cs_type == 'CSPrime':
        return '%s /Role %s /Platform %s /Silent /InstallationType Upgrade /CSType CSPrime /InstallLocation %s' % (
            exe, role, platform, location)
    return '%s /Platform %s /Silent' % (exe, platform)


def _port(value, what):
    if _blank(value):
        return None
    if isinstance(value, bool) or not (isinstance(value, int) or (_is_text(value) and value.strip().isdigit())):
        raise WindowsAgentError('%s must be a TCP port number (1-65535), got %r' % (what, value))
    port = int(value)
    if not 0 < port < 65536:
        raise WindowsAgentError('%s must be a TCP port number (1-65535), got %r' % (what, value))
    return port


def windows_configure_command(agent_dir, cs_type, cs_address=None, passphrase_file=None, source_config_file=None,
                              credential_less_discovery=False, cs_port=None):
    """Registration with the configurator in ``agent_dir`` (``<InstallLocation>\\agent``;
    run it with that folder as the working directory).

    Classic: ``"<agent_dir>\\UnifiedAgentConfigurator.exe" /CSEndPoint <cs>
    [/CSPort <cs_port>] /PassphraseFilePath "<file>"`` (``/CSPort`` only for
    a port other than 443); modernized: ``... /SourceConfigFilePath
    "<config.json>" /CSType CSPrime [/CredentialLessDiscovery true]``.
    Only paths go on the command line: there is no way to pass a passphrase,
    and ``passphrase_file`` is never repeated in an error message.
    Arguments the chosen cs_type does not use are ignored.
    """
    cs_type = _cs_type(cs_type)
    exe = quote_path(join_path(normalize_path(agent_dir, 'agent_dir'), CONFIGURATOR_EXE))
    if cs_type == 'CSPrime':
        if _blank(source_config_file):
            raise WindowsAgentError('the modernized registration (cs_type CSPrime) needs source_config_file (config.json)')
        cmd = '%s /SourceConfigFilePath %s /CSType CSPrime' % (
            exe, quote_path(normalize_path(source_config_file, 'source_config_file')))
        if _boolean(credential_less_discovery, 'credential_less_discovery'):
            cmd += ' /CredentialLessDiscovery true'
        return cmd
    if _blank(cs_address) or _blank(passphrase_file):
        raise WindowsAgentError('the classic registration (cs_type CSLegacy) needs cs_address and passphrase_file')
    if not _is_text(cs_address) or not _HOST.match(cs_address.strip()):
        raise WindowsAgentError('cs_address must be an IP address or a host name, got %r' % (cs_address,))
    port = _port(cs_port, 'cs_port')
    passphrase_path = normalize_path(passphrase_file, 'passphrase_file', secret=True)
    return '%s /CSEndPoint %s%s /PassphraseFilePath %s' % (
        exe, cs_address.strip(), ' /CSPort %d' % port if port not in (None, DEFAULT_CS_PORT) else '',
        quote_path(passphrase_path))


def windows_uninstall_command(log_file=None):
    """``MsiExec.exe /qn /x {275197FC-...} /L+*V "<log>"``; the log defaults to
    ``C:\\ProgramData\\ASRSetupLogs\\UnifiedAgentMSIUninstall.log``."""
    log = UNINSTALL_LOG if _blank(log_file) else normalize_path(log_file, 'log_file')
    return 'MsiExec.exe /qn /x %s /L+*V %s' % (PRODUCT_CODE, quote_path(log))


# ---------------------------------------------------------------- secrets and antivirus

def windows_secret_acl(path=None, kind='file'):
    """The access control for a file or folder holding a secret, as data for
    ``ansible.windows.win_acl`` and ``ansible.windows.win_acl_inheritance``.

    Only SYSTEM (S-1-5-18) and BUILTIN\\Administrators (S-1-5-32-544) keep
    access (FullControl); SIDs are used so that localized Windows works too.
    Returns ``{'entries': [win_acl arguments, ...], 'inheritance':
    win_acl_inheritance arguments}``: apply every entry first, then the
    inheritance change, which removes the inherited entries without copying
    them (``state: absent``, ``reorganize: false``). With ``path`` each
    argument dictionary carries it; ``kind`` ``directory`` adds the inherit
    flags so that files created inside get the same protection.
    """
    kind = _choice(kind, ('file', 'directory'), 'kind')
    target = {} if _blank(path) else {'path': normalize_path(path, 'path')}
    entries = []
    for sid in (SYSTEM_SID, ADMINISTRATORS_SID):
        entry = dict(target, user=sid, rights='FullControl', type='allow', state='present')
        if kind == 'directory':
            entry.update(inherit='ContainerInherit, ObjectInherit', propagation='None')
        entries.append(entry)
    return {'entries': entries, 'inheritance': dict(target, state='absent', reorganize=False)}


def _exclusion_key(path):
    return path.strip().replace('/', '\\').rstrip('\\').lower()


def _exclusion(path, what):
    if not _is_text(path) or not path.strip() or _BAD_PATH_CHARS.search(path.replace('?', '').replace('*', '')):
        raise WindowsAgentError('%s must be a path, got %r' % (what, path))
    value = path.strip().replace('/', '\\')
    stripped = value.rstrip('\\')
    return stripped + '\\' if re.match(r'^[A-Za-z]:$', stripped) else stripped


def defender_exclusions(install_dir=None):
    """The folders Windows Defender should skip for the agent: the classic
    data folder, the default installation folder (the vendor's documents
    disagree on which one matters, so both) and ``install_dir`` when different."""
    wanted = [CLASSIC_AGENT_DATA_DIR, DEFAULT_INSTALL_DIR]
    if not _blank(install_dir):
        wanted.append(normalize_path(install_dir, 'install_dir'))
    return _unique(wanted)


def _unique(paths):
    seen, result = set(), []
    for path in paths:
        if _exclusion_key(path) not in seen:
            seen.add(_exclusion_key(path))
            result.append(path)
    return result


def _current_exclusions(current):
    if current is None:
        return []
    if _is_text(current):
        current = current.splitlines()
    if not isinstance(current, (list, tuple)):
        raise WindowsAgentError('current_exclusions must be a list of paths (Get-MpPreference ExclusionPath), got %s'
                                % type(current).__name__)
    paths = []
    for entry in current:
        if entry is None or (_is_text(entry) and not entry.strip()):
            continue
        if not _is_text(entry):
            raise WindowsAgentError('current_exclusions must contain paths, got %r' % (entry,))
        if entry.strip().upper().startswith('N/A'):
            raise WindowsAgentError('the current Windows Defender exclusions could not be read (%s); run as an administrator'
                                    % entry.strip())
        paths.append(entry)
    return paths


def defender_exclusions_to_add(current_exclusions, wanted=None, install_dir=None):
    """The wanted exclusion paths that Windows Defender does not cover yet.

    ``current_exclusions``: Defender's ``ExclusionPath`` list (None, a list,
    or one string with one path per line). ``wanted``: the paths to exclude,
    :func:`defender_exclusions` by default; ``install_dir`` is added to them.
    Comparison ignores case and trailing backslashes, and a folder that is
    already excluded covers everything below it (Defender folder exclusions
    are recursive). Returns the missing paths in the order wanted, each once.
    """
    if _blank(wanted):
        targets = defender_exclusions(install_dir)
    else:
        if _is_text(wanted) or not isinstance(wanted, (list, tuple)):
            raise WindowsAgentError('wanted must be a list of paths, got %s' % type(wanted).__name__)
        targets = [_exclusion(path, 'a wanted exclusion') for path in wanted]
        if not _blank(install_dir):
            targets.append(normalize_path(install_dir, 'install_dir'))
        targets = _unique(targets)
    existing = [_exclusion_key(path) for path in _current_exclusions(current_exclusions)]
    missing = []
    for path in targets:
        key = _exclusion_key(path)
        if not any(key == have or key.startswith(have + '\\') for have in existing if have):
            missing.append(path)
    return missing


# ---------------------------------------------------------------- the one read of a host

# The agent's service.
SERVICE = 'svagents'
# How long the read waits for the servers' ports to answer, all at once.
REACH_SECONDS = 5
# ServiceControllerStatus names as ansible.windows.win_service_info reports them.
_SERVICE_STATES = {'running': 'started', 'stopped': 'stopped', 'startpending': 'start_pending',
                   'stoppending': 'stop_pending', 'continuepending': 'continue_pending',
                   'pausepending': 'pause_pending', 'paused': 'paused'}


def read_parameters(install_dir=None, endpoints=None, facts=False, defender=False, drscout=True):
    """The parameters of the role's read of a Windows host (``files/windows_read_host.ps1``).

    One PowerShell run reads the agent's registry keys (:data:`REGISTRY_KEYS`),
    its ``drscout.conf`` (``drscout``), the state of :data:`SERVICE`, and on
    request the free space of the drive of ``install_dir``, whether the
    ``endpoints`` (``[{'host', 'port'}]``) answer within :data:`REACH_SECONDS`,
    the system (``facts``) and Microsoft Defender's exclusions (``defender``).
    """
    hosts, ports = [], []
    for endpoint in endpoints or []:
        if not isinstance(endpoint, dict) or not _is_text(endpoint.get('host')) or not _HOST.match(endpoint['host']):
            raise WindowsAgentError('an endpoint must be {host: name or address, port: number}, got %r' % (endpoint,))
        try:
            port = int(endpoint.get('port'))
        except (TypeError, ValueError):
            port = 0
        if not 0 < port < 65536:
            raise WindowsAgentError('the port of %s must be a number from 1 to 65535, got %r'
                                    % (endpoint['host'], endpoint.get('port')))
        hosts.append(endpoint['host'])
        ports.append(port)
    return {
        'Registry': [REGISTRY_KEYS[name] for name in sorted(REGISTRY_KEYS)],
        'Service': SERVICE,
        'EndpointHost': hosts,
        'EndpointPort': ports,
        'ReachSeconds': REACH_SECONDS,
        'SpacePath': _measurable(install_dir),
        'Facts': _boolean(facts, 'facts'),
        'Defender': _boolean(defender, 'defender'),
        'Drscout': _boolean(drscout, 'drscout'),
    }


def _measurable(install_dir):
    """The folder whose drive is measured: '' for none, or for a path that is not valid (the installation
    itself names that error)."""
    if _blank(install_dir):
        return ''
    try:
        return normalize_path(install_dir, 'install_dir')
    except WindowsAgentError:
        return ''


def _by_path(table, path):
    """The entry of a {path: value} table for path, compared as Windows compares paths (case, slashes)."""
    wanted = path.replace('/', '\\').rstrip('\\').lower()
    for key, value in (table or {}).items():
        if _is_text(key) and key.replace('/', '\\').rstrip('\\').lower() == wanted:
            return True, value
    return False, None


def _ceil_mb(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return -(-number // (1024 * 1024))


def _facts(system):
    """The keys that ansible.windows' setup reports, from what the read found (the same sources)."""
    if not isinstance(system, dict) or not system:
        return {}
    version = _value_of(system.get('version'))
    facts = {'os_family': 'Windows', 'system': _value_of(system.get('platform')),
             'distribution': _value_of(system.get('caption')),
             'distribution_version': version,
             'distribution_major_version': version.split('.')[0] if version else None,
             'architecture': _value_of(system.get('os_architecture')),
             'memtotal_mb': _ceil_mb(system.get('mem_total_bytes')),
             'memfree_mb': _ceil_mb(system.get('mem_available_bytes'))}
    return dict((key, value) for key, value in facts.items() if value is not None)


def host_state(read, drscout=True):
    """What one read of a Windows host found, for the role's decisions.

    ``read``: the registered result of the role's ``ansible.windows.win_powershell``
    read (or its ``result``), see :func:`read_parameters`. A read that failed
    raises :class:`WindowsAgentError` with its message.

    Returns ``{'registry': {'uninstall', 'products', 'drscout'}`` (the form
    :func:`windows_plan` takes; ``drscout`` is ``{'exists': bool, 'content'}``,
    ``{'failed': True, 'msg'}`` or None when not read), ``'agent'``
    (:func:`registry_state`), ``'service'`` (``started``, ``stopped``, ... as
    win_service_info reports it, ``'absent'``, or None when not read),
    ``'facts'`` (setup's keys: ``os_family``, ``system``, ``distribution``,
    ``distribution_version``, ``distribution_major_version``, ``architecture``,
    ``memtotal_mb``, ``memfree_mb``; empty when not read), ``'install_free_mb'``
    (None when not measured), ``'unreachable_endpoints'`` (``[{'host', 'port'}]``),
    ``'defender'`` (``{'present': bool, 'exclusions': list or None}`` or None
    when not read) and ``'errors'`` (``{part: message}`` of the parts that
    could not be read)}``.
    """
    if not isinstance(read, dict):
        raise WindowsAgentError('the read of the host must be a dictionary (the win_powershell result), got %s'
                                % type(read).__name__)
    if read.get('failed'):
        raise WindowsAgentError('the host could not be read: %s' % (read.get('msg') or 'the read failed'))
    if 'registry' not in read and isinstance(read.get('result'), dict):
        read = read['result']
    if not isinstance(read.get('registry'), dict):
        raise WindowsAgentError('the read of the host has no registry data: %r' % (sorted(read),))
    registry = {}
    for name, path in REGISTRY_KEYS.items():
        found, section = _by_path(read['registry'], path)
        registry[name] = section if found and isinstance(section, dict) else {'exists': False}
    agent = registry_state(registry)
    registry['drscout'] = None
    if _boolean(drscout, 'drscout') and agent['product'] and agent['drscout_path']:
        failed, message = _by_path(read.get('file_errors'), agent['drscout_path'])
        exists, content = _by_path(read.get('files'), agent['drscout_path'])
        if failed:
            registry['drscout'] = {'failed': True, 'msg': str(message)}
        elif exists and _is_text(content):
            registry['drscout'] = {'exists': True, 'content': content}
        else:
            registry['drscout'] = {'exists': False}
    service = read.get('service')
    state = None
    if isinstance(service, dict):
        if not service.get('exists'):
            state = 'absent'
        else:
            status = str(service.get('status') or '').replace('_', '').lower()
            state = _SERVICE_STATES.get(status, status or 'unknown')
    space = read.get('space')
    free = space.get('free_mb') if isinstance(space, dict) else None
    unreachable = read.get('unreachable') or []
    if isinstance(unreachable, dict):  # PowerShell's JSON may give a list of one as the item itself
        unreachable = [unreachable]
    unreachable = [{'host': item.get('host'), 'port': int(item.get('port'))} for item in unreachable if isinstance(item, dict)]
    defender = read.get('defender')
    if isinstance(defender, dict):
        exclusions = defender.get('exclusions')
        defender = {'present': bool(defender.get('present')),
                    'exclusions': None if exclusions is None else _current_exclusions(exclusions)}
    else:
        defender = None
    errors = read.get('errors') if isinstance(read.get('errors'), dict) else {}
    return {'registry': registry, 'agent': agent, 'service': state, 'facts': _facts(read.get('system')),
            'install_free_mb': int(free) if free is not None else None, 'unreachable_endpoints': unreachable,
            'defender': defender, 'errors': dict((str(key), str(value)) for key, value in errors.items())}
