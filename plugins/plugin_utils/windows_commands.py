# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Mobility Service agent on a Windows host: the setup to run, the command
lines (every path double-quoted following the Windows (MSVCRT) parsing rules;
only file paths, never a secret), the secret folder's access list and
Microsoft Defender's exclusions."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.siterecovery.mobility.plugins.module_utils.agent import (
    PLATFORMS, ROLES)
from ansible_collections.siterecovery.mobility.plugins.plugin_utils.windows_common import (
    ADMINISTRATORS_SID, CLASSIC_AGENT_DATA_DIR, CONFIGURATOR_EXE, DEFAULT_CS_PORT, DEFAULT_INSTALL_DIR,
    MODERN_SETUP_EXE, PRODUCT_CODE, SETUP_EXE, SYSTEM_SID, UNINSTALL_LOG, WindowsAgentError, BAD_PATH_CHARS,
    HOST_NAME, is_blank, to_boolean, checked_choice, checked_cs_type, executable_name, is_text, join_path,
    normalize_path, quote_path)


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
    cs_type = checked_cs_type(cs_type)
    action = checked_choice(action, ('install', 'reinstall', 'upgrade'), 'action')
    if is_text(file_names) or not isinstance(file_names, (list, tuple)):
        raise WindowsAgentError('file_names must be a list of file names, got %s' % type(file_names).__name__)
    names = []
    for entry in file_names:
        if isinstance(entry, dict):
            entry = entry.get('filename') or entry.get('path')
        if is_text(entry) and entry.strip():
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
    where = ' in %s' % folder if is_text(folder) and folder.strip() else ''
    wait = ''
    if waited is not None and not is_blank(waited):
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
    if isinstance(timeout, bool) or not (isinstance(timeout, int) or (is_text(timeout) and timeout.strip().isdigit())):
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
    exe = join_path(normalize_path(exe_dir, 'exe_dir'), executable_name(executable, SETUP_EXE))
    location = DEFAULT_INSTALL_DIR if is_blank(install_dir) else normalize_path(install_dir, 'install_dir')
    return (quote_path(exe), checked_cs_type(cs_type), checked_choice(role, ROLES, 'role'), checked_choice(platform, PLATFORMS, 'platform'),
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
    if is_blank(value):
        return None
    if isinstance(value, bool) or not (isinstance(value, int) or (is_text(value) and value.strip().isdigit())):
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
    cs_type = checked_cs_type(cs_type)
    exe = quote_path(join_path(normalize_path(agent_dir, 'agent_dir'), CONFIGURATOR_EXE))
    if cs_type == 'CSPrime':
        if is_blank(source_config_file):
            raise WindowsAgentError('the modernized registration (cs_type CSPrime) needs source_config_file (config.json)')
        cmd = '%s /SourceConfigFilePath %s /CSType CSPrime' % (
            exe, quote_path(normalize_path(source_config_file, 'source_config_file')))
        if to_boolean(credential_less_discovery, 'credential_less_discovery'):
            cmd += ' /CredentialLessDiscovery true'
        return cmd
    if is_blank(cs_address) or is_blank(passphrase_file):
        raise WindowsAgentError('the classic registration (cs_type CSLegacy) needs cs_address and passphrase_file')
    if not is_text(cs_address) or not HOST_NAME.match(cs_address.strip()):
        raise WindowsAgentError('cs_address must be an IP address or a host name, got %r' % (cs_address,))
    port = _port(cs_port, 'cs_port')
    passphrase_path = normalize_path(passphrase_file, 'passphrase_file', secret=True)
    return '%s /CSEndPoint %s%s /PassphraseFilePath %s' % (
        exe, cs_address.strip(), ' /CSPort %d' % port if port not in (None, DEFAULT_CS_PORT) else '',
        quote_path(passphrase_path))


def windows_uninstall_command(log_file=None):
    """``MsiExec.exe /qn /x {275197FC-...} /L+*V "<log>"``; the log defaults to
    ``C:\\ProgramData\\ASRSetupLogs\\UnifiedAgentMSIUninstall.log``."""
    log = UNINSTALL_LOG if is_blank(log_file) else normalize_path(log_file, 'log_file')
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
    kind = checked_choice(kind, ('file', 'directory'), 'kind')
    target = {} if is_blank(path) else {'path': normalize_path(path, 'path')}
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
    if not is_text(path) or not path.strip() or BAD_PATH_CHARS.search(path.replace('?', '').replace('*', '')):
        raise WindowsAgentError('%s must be a path, got %r' % (what, path))
    value = path.strip().replace('/', '\\')
    stripped = value.rstrip('\\')
    return stripped + '\\' if re.match(r'^[A-Za-z]:$', stripped) else stripped


def defender_exclusions(install_dir=None):
    """The folders Windows Defender should skip for the agent: the classic
    data folder, the default installation folder (the vendor's documents
    disagree on which one matters, so both) and ``install_dir`` when different."""
    wanted = [CLASSIC_AGENT_DATA_DIR, DEFAULT_INSTALL_DIR]
    if not is_blank(install_dir):
        wanted.append(normalize_path(install_dir, 'install_dir'))
    return _unique(wanted)


def _unique(paths):
    seen, result = set(), []
    for path in paths:
        if _exclusion_key(path) not in seen:
            seen.add(_exclusion_key(path))
            result.append(path)
    return result


def read_exclusions(current):
    if current is None:
        return []
    if is_text(current):
        current = current.splitlines()
    if not isinstance(current, (list, tuple)):
        raise WindowsAgentError('current_exclusions must be a list of paths (Get-MpPreference ExclusionPath), got %s'
                                % type(current).__name__)
    paths = []
    for entry in current:
        if entry is None or (is_text(entry) and not entry.strip()):
            continue
        if not is_text(entry):
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
    if is_blank(wanted):
        targets = defender_exclusions(install_dir)
    else:
        if is_text(wanted) or not isinstance(wanted, (list, tuple)):
            raise WindowsAgentError('wanted must be a list of paths, got %s' % type(wanted).__name__)
        targets = [_exclusion(path, 'a wanted exclusion') for path in wanted]
        if not is_blank(install_dir):
            targets.append(normalize_path(install_dir, 'install_dir'))
        targets = _unique(targets)
    existing = [_exclusion_key(path) for path in read_exclusions(current_exclusions)]
    missing = []
    for path in targets:
        key = _exclusion_key(path)
        if not any(key == have or key.startswith(have + '\\') for have in existing if have):
            missing.append(path)
    return missing
