# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Mobility Service agent on a Linux host: its state, decisions and command lines.

Everything here follows the vendor's documented interface:

* ``/usr/local/.vx_version`` (key=value): ``INSTALLATION_DIR`` (the ``Vx``
  directory), ``PROD_VERSION``, ``BUILD_TAG``, ``OS_BUILT_FOR`` and
  ``AGENT_CONFIGURATION_STATUS`` (``Succeeded`` once registered); the
  installer keeps a copy in ``/etc/vxagent/backup/.vx_version``;
* ``<INSTALLATION_DIR>/etc/drscout.conf`` (INI): ``[vxagent] HostId``,
  ``VmPlatform`` and ``CSType``, ``[vxagent.transport] Hostname`` and ``Port``
  (the configuration server; the vendor writes ``Hostname = <addr>``);
* ``/etc/vxagent/usr/vxplatformtype.dat``: ``VMPLATFORM`` and ``CS_TYPE``;
* the service ``vxagent``: the init script ``/etc/init.d/vxagent`` or, on
  newer systems, a systemd unit;
* the installer ``install`` (``-r -v -d -q -c``, ``-a Upgrade``; ``-d DIR``
  installs into ``DIR/ASR`` unless DIR is ``/usr/local/ASR``), the
  configurator ``Vx/bin/UnifiedAgentConfigurator.sh`` (``-i -P [-p] -c``
  classic, ``-S -c CSPrime -q [-D true]`` modernized) and ``uninstall.sh -Y``;
* ``/var/log/ua_install.log`` for install and configuration, and
  ``/var/log/InstallerErrors.json`` for the details of a failed installation.

Exit codes are those the vendor's scripts define (see ``INSTALLER_EXITS``).
Pure Python, no module object needed, so the unit tests drive it directly.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
from contextlib import contextmanager

from ansible_collections.siterecovery.mobility.plugins.module_utils.catalog import version_tuple
from ansible_collections.siterecovery.mobility.plugins.module_utils.servers import (
    DIFFERENT, SAME, compare_servers)

VX_VERSION_FILE = '/usr/local/.vx_version'
VX_VERSION_BACKUP = '/etc/vxagent/backup/.vx_version'
PLATFORM_FILE = '/etc/vxagent/usr/vxplatformtype.dat'
INSTALL_LOG = '/var/log/ua_install.log'
INSTALLER_ERRORS = '/var/log/InstallerErrors.json'
INIT_SCRIPT = '/etc/init.d/vxagent'
SERVICE = 'vxagent'
# Where a systemd unit of the agent can be; the vendor's exact choice is not documented.
SYSTEMD_UNITS = tuple(d + '/vxagent.service' for d in (
    '/etc/systemd/system', '/usr/lib/systemd/system', '/lib/systemd/system'))
DEFAULT_INSTALL_DIR = '/usr/local/ASR'
DEFAULT_CS_PORT = 443
# Upper bounds for the vendor's tools (seconds); the modules' ``timeout`` option overrides them.
DEFAULT_TIMEOUT = 1800
# What a key of .vx_version looks like; any other non-blank line means the file is damaged.
_KEY_LINE_RE = re.compile(r'^[A-Za-z_][A-Za-z0-9_]*\s*=')
CS_TYPES = ('CSLegacy', 'CSPrime')
ROLES = ('MS', 'MT')
PLATFORMS = ('VmWare', 'Azure')
AGENT_PROCESSES = ('svagents', 'appservice')
MASK = '********'

# What the vendor's Linux installer means by its exit codes: (outcome, words).
# ``restart``: it succeeded and recommends a restart (98 after every successful
# upgrade; older agents answered 209 to an upgrade).
INSTALLER_EXITS = {
    0: ('ok', 'succeeded'),
    98: ('restart', 'succeeded with warnings: a restart of the machine is recommended'),
    209: ('restart', 'succeeded (an older installer\'s code after an upgrade): a restart of the machine is '
                     'recommended'),
    97: ('failed', 'failed with errors'),
    96: ('failed', 'rejected its command-line options'),
    11: ('failed', 'refused: an upgrade from the installed version is not supported'),
    15: ('failed', 'refused a downgrade'),
}
INSTALLER_MEANINGS = dict((code, words) for code, (outcome, words) in INSTALLER_EXITS.items())
# 209 counts as success only after an upgrade, where it was seen.
_UPGRADE_ONLY_SUCCESS = (209,)
CONFIGURATOR_EXITS = {
    13: 'refused: the agent is registered to a different configuration server',
}


class AgentError(Exception):
    """A decision the module must refuse, with a message for the user."""


def parse_key_values(text):
    """``KEY=VALUE`` lines into a dict; blank lines, comments and lines
    without ``=`` are ignored, surrounding quotes and spaces removed."""
    values = {}
    for line in (text or '').splitlines():
        line = line.strip()
        if not line or line.startswith('#') or '=' not in line:
            continue
        key, value = line.split('=', 1)
        values[key.strip()] = value.strip().strip('"').strip("'")
    return values


def parse_ini(text):
    """drscout.conf read the way the vendor's installer reads it:
    ``{section: {key: value}}``. A key starts at the beginning of its line
    (an indented line is not a key), spaces around ``=`` and the value's ends
    are trimmed. Keys keep their case (the agent's keys are CamelCase); the
    last duplicate wins. Look keys up with :func:`ini_value`."""
    sections = {}
    current = sections.setdefault('', {})
    for raw in (text or '').splitlines():
        line = raw.strip()
        if not line or line[0] in '#;':
            continue
        if line.startswith('[') and line.endswith(']'):
            current = sections.setdefault(line[1:-1].strip(), {})
        elif '=' in line and not raw[:1].isspace():
            key, value = line.split('=', 1)
            current[key.strip()] = value.strip()
    return sections


def ini_value(sections, section, key):
    """The value of ``key`` in ``section``, its case ignored (the vendor
    writes ``Hostname``, older tools and documents ``HostName``), or None."""
    values = sections.get(section) or {}
    if key in values:
        return values[key]
    wanted = key.lower()
    for name, value in values.items():
        if name.lower() == wanted:
            return value
    return None


def build_number(build_tag):
    """The build number of a BUILD_TAG such as
    ``RELEASE_9.67.0.0_GA_7789_Apr_30_2026_INMAGE`` (the field after GA)."""
    fields = (build_tag or '').split('_')
    if 'GA' in fields:
        index = fields.index('GA') + 1
        if index < len(fields) and fields[index].isdigit():
            return fields[index]
    return None


def _read(path, root=''):
    try:  # bytes that are not UTF-8 become U+FFFD: a damaged file must be reported, not crash the module
        with io.open(root + path, 'r', encoding='utf-8', errors='replace') as handle:
            return handle.read()
    except (IOError, OSError):
        return None


def _file_reader(root=''):
    return lambda path: _read(path, root)


def _file_exists(root=''):
    return lambda path: os.path.exists(root + path)


def read_version_file(root='', read=None):
    """``(text, damage, source)`` of the agent's version file: the original,
    or its backup when the original is damaged and the backup is not (the
    installer keeps that copy for this case). ``damage`` says why the file
    that was read cannot be trusted, or is None. ``read(path)`` gives a
    file's text or None (default: the files below ``root``)."""
    read = read or _file_reader(root)
    raw = read(VX_VERSION_FILE)
    damage = version_file_damage(raw)
    if damage:
        backup = read(VX_VERSION_BACKUP)
        if backup is not None and not version_file_damage(backup, VX_VERSION_BACKUP) \
                and parse_key_values(backup).get('PROD_VERSION'):
            return backup, None, VX_VERSION_BACKUP
        if backup is not None:
            damage = '%s; its backup %s is not usable either' % (damage, VX_VERSION_BACKUP)
    return raw, damage, VX_VERSION_FILE


def read_state(root=''):
    """The agent's state from its own files. ``root`` prefixes every path
    (tests use a temporary directory as the host's root)."""
    return state_from_files(_file_reader(root), _file_exists(root))


def drscout_path(vx_dir):
    return os.path.join(vx_dir, 'etc', 'drscout.conf')


def state_from_files(read, exists):
    """The agent's state from its files, whoever reads them: ``read(path)``
    returns a file's text or None, ``exists(path)`` whether a path exists.
    On the controller both answer from one probe of the host."""
    raw, damage, source = read_version_file(read=read)
    vx = parse_key_values(raw)
    vx_dir = vx.get('INSTALLATION_DIR') or os.path.join(DEFAULT_INSTALL_DIR, 'Vx')
    drscout = parse_ini(read(drscout_path(vx_dir)))
    platform_file = parse_key_values(read(PLATFORM_FILE))
    version = vx.get('PROD_VERSION') or None
    status = vx.get('AGENT_CONFIGURATION_STATUS') or None
    installed = bool(version) and not damage
    # the installer's own rule: CSType of drscout.conf, else the platform file, else classic
    cs_type = ini_value(drscout, 'vxagent', 'CSType') or platform_file.get('CS_TYPE') or (
        'CSLegacy' if installed else None)
    port = ini_value(drscout, 'vxagent.transport', 'Port')
    return {
        'installed': installed,
        # a version file the agent could not have written: neither an installation nor an interrupted one
        'damaged': damage,
        # a version file without a version: an install that was interrupted
        'partial': raw is not None and not version and not damage,
        'version': version,
        'build_tag': vx.get('BUILD_TAG') or None,
        'build_number': build_number(vx.get('BUILD_TAG')),
        'os_built_for': vx.get('OS_BUILT_FOR') or None,
        'configuration_status': status,
        'registered': installed and status == 'Succeeded',
        # the file the state was read from: the backup when the original is damaged
        'version_file': source if raw is not None else None,
        'vx_dir': vx_dir,
        'install_dir': os.path.dirname(vx_dir.rstrip('/')) if vx_dir.rstrip('/').endswith('/Vx') else vx_dir,
        'cs_address': ini_value(drscout, 'vxagent.transport', 'Hostname') or None,
        'cs_port': int(port) if (port or '').isdigit() else None,
        'host_id': ini_value(drscout, 'vxagent', 'HostId') or None,
        'platform': ini_value(drscout, 'vxagent', 'VmPlatform') or platform_file.get('VMPLATFORM') or None,
        'cs_type': cs_type,
        'service_manager': service_manager(exists=exists),
    }


def service_manager(root='', exists=None):
    """How the host runs the agent's service: ``systemd`` when a unit file
    of it exists, ``sysv`` for the init script, None when neither does."""
    exists = exists or _file_exists(root)
    if any(exists(unit) for unit in SYSTEMD_UNITS):
        return 'systemd'
    if exists(INIT_SCRIPT):
        return 'sysv'
    return None


def service_command(manager, action):
    """The command that checks (``status``), starts or stops the agent's
    service with the host's own mechanism."""
    if manager == 'systemd':
        return ['systemctl', 'is-active' if action == 'status' else action, SERVICE]
    if manager == 'sysv':
        return [INIT_SCRIPT, action]
    raise AgentError('the agent has no service on this host (neither a systemd unit nor %s)' % INIT_SCRIPT)


# A version as the installer writes it: numbers and dots, nothing else (a comparison would ignore the rest).
CLEAN_VERSION_RE = re.compile(r'^\d+(\.\d+)*$')


def version_file_damage(raw, path=VX_VERSION_FILE):
    """Why the content of ``.vx_version`` cannot be trusted, or None.

    The installer writes only ``KEY=VALUE`` lines, and ``PROD_VERSION`` is a
    dotted number. An interrupted installation leaves the file without
    ``PROD_VERSION``: that is not damage, running the installer again
    completes it."""
    if raw is None:
        return None
    if '\x00' in raw:
        return '%s contains binary data' % path
    for number, line in enumerate(raw.splitlines(), 1):
        text = line.strip()
        if text and not text.startswith('#') and not _KEY_LINE_RE.match(text):
            return '%s line %d is not KEY=VALUE: %r' % (path, number, text[:60])
    version = parse_key_values(raw).get('PROD_VERSION')
    if version and not CLEAN_VERSION_RE.match(version):
        return '%s has PROD_VERSION=%r, which is not a dotted version number' % (path, version[:60])
    return None


def compare_versions(left, right):
    """-1, 0 or 1 comparing dotted versions numerically (``9.9`` < ``9.10``)."""
    a, b = version_tuple(left), version_tuple(right)
    width = max(len(a), len(b))
    a, b = a + (0,) * (width - len(a)), b + (0,) * (width - len(b))
    return (a > b) - (a < b)


def decide_install(state, desired, package_version=None):
    """What ``mobility_agent`` must do: ``install``, ``upgrade``,
    ``uninstall`` or ``none``, with the reason.

    present: install only when the agent is absent (an interrupted install
    counts as absent: running the installer again completes it);
    latest: also upgrade when the package is newer, refuse a downgrade;
    absent: uninstall when anything of the agent is there.
    """
    present = state['installed'] or state['partial'] or bool(state.get('damaged'))
    if state.get('damaged') and desired != 'absent':
        raise AgentError(
            'the agent\'s files are damaged (%s); nothing was changed. Inspect the host, then remove the agent '
            '(state=absent runs its uninstaller) and install again' % state['damaged'])
    if desired == 'absent':
        if present:
            return 'uninstall', 'the agent is installed (%s)' % (
                state['version'] if state['installed'] else 'damaged or incomplete installation')
        return 'none', 'the agent is not installed'
    if not state['installed']:
        if state['partial']:
            return 'install', 'an earlier installation did not complete'
        return 'install', 'the agent is not installed'
    if desired == 'present':
        return 'none', 'version %s is installed' % state['version']
    order = compare_versions(package_version, state['version'])
    if order > 0:
        return 'upgrade', 'version %s is installed, the package has %s' % (state['version'], package_version)
    if order == 0:
        return 'none', 'version %s is installed' % state['version']
    raise AgentError(
        'refusing to downgrade: version %s is installed and the package has the older %s; '
        'uninstall first (state=absent) if a downgrade is really wanted' % (state['version'], package_version))


def agent_home(install_dir=DEFAULT_INSTALL_DIR):
    """Where ``install -d install_dir`` puts the agent: the default folder
    itself, any other folder's ``ASR`` subfolder (the vendor's rule)."""
    folder = (install_dir or DEFAULT_INSTALL_DIR).rstrip('/') or '/'
    if folder == DEFAULT_INSTALL_DIR:
        return folder
    return os.path.join(folder, 'ASR')


def install_command(role='MS', platform='VmWare', install_dir=DEFAULT_INSTALL_DIR, cs_type='CSLegacy'):
    """Fresh install, run from the extracted package. The CS type is always
    passed: newer installers default to CSPrime when it is omitted.
    ``install_dir`` is the vendor's ``-d``: see :func:`agent_home`."""
    return ['./install', '-r', role, '-v', platform, '-d', install_dir, '-q', '-c', cs_type]


def upgrade_command(cs_type, role='MS', platform='VmWare'):
    """Upgrade, run from the newer extracted package. Classic and modernized
    agents use different documented command lines."""
    if cs_type == 'CSPrime':
        return ['./install', '-q', '-r', role, '-v', platform, '-a', 'Upgrade', '-c', 'CSPrime']
    return ['./install', '-q', '-v', platform]


def uninstall_command(install_dir):
    """Uninstall, run from the install directory."""
    return [os.path.join(install_dir, 'uninstall.sh'), '-Y']


def configurator_path(vx_dir):
    return os.path.join(vx_dir, 'bin', 'UnifiedAgentConfigurator.sh')


def configure_command(vx_dir, cs_type, cs_address=None, passphrase_file=None, source_config_file=None,
                      credential_less_discovery=False, cs_port=DEFAULT_CS_PORT):
    """The configurator's command line. Only paths go on it, never secrets.
    A classic configuration server on another port than 443 gets ``-p``."""
    cmd = [configurator_path(vx_dir)]
    if cs_type == 'CSPrime':
        if not source_config_file:
            raise AgentError('the modernized registration (cs_type CSPrime) needs source_config_file')
        cmd += ['-S', source_config_file, '-c', 'CSPrime', '-q']
        if credential_less_discovery:
            cmd += ['-D', 'true']
        return cmd
    if not cs_address or not passphrase_file:
        raise AgentError('the classic registration (cs_type CSLegacy) needs cs_address and a passphrase')
    cmd += ['-i', cs_address, '-P', passphrase_file]
    if cs_port and int(cs_port) != DEFAULT_CS_PORT:
        cmd += ['-p', str(int(cs_port))]
    return cmd + ['-c', 'CSLegacy']


MOVE_ADVICE = (
    'The configurator refuses to move a registered agent (it exits 13); the vendor\'s way is to uninstall the agent, '
    'install it again and register it with the new server. That is disruptive: replication of this machine must be '
    'enabled again afterwards. The role does it when mobility_service_reinstall_if_registered_elsewhere is true; '
    'nothing was changed.')


class RegisteredElsewhere(AgentError):
    """The agent is registered to another server or architecture."""


def registration_target(state, cs_type, cs_address=None):
    """``(verdict, reason)`` about an installed agent and the wanted
    registration: ``unregistered``, ``same``, ``different`` or ``cannot tell``
    (the registered server and the wanted one are a name and an address, or
    the registered server is unknown)."""
    if not state['registered']:
        return 'unregistered', 'the agent is not registered (configuration status %s)' % (
            state['configuration_status'] or 'empty')
    if state['cs_type'] and state['cs_type'] != cs_type:
        return DIFFERENT, 'the agent is registered as %s%s, not %s' % (
            state['cs_type'], ' to %s' % state['cs_address'] if state['cs_address'] else '', cs_type)
    if cs_type != 'CSLegacy':
        return SAME, 'the agent is registered with its replication appliance'
    verdict = compare_servers(state['cs_address'], cs_address)
    if verdict == DIFFERENT:
        return DIFFERENT, 'the agent is registered to the configuration server %s, not %s' % (
            state['cs_address'], cs_address)
    if verdict == SAME:
        return SAME, 'the agent is registered to %s' % state['cs_address']
    return verdict, ('the agent is registered to %s; whether that is the configuration server %s cannot be told '
                     'without resolving names, so the registration was left as it is' % (
                         state['cs_address'] or 'an unknown server', cs_address))


def decide_registration(state, cs_type, cs_address=None, force=False):
    """``(action, reason, warning)``: ``register`` or ``none``. An agent
    registered to another server (or architecture) cannot be moved by the
    configurator: :class:`RegisteredElsewhere` says what to do instead.
    ``force`` runs the configurator for an agent whose server cannot be told
    (the configurator refuses it if it is another server); a registration to
    the wanted server is never redone, whatever ``force`` says."""
    if not state['installed']:
        raise AgentError('the Mobility Service agent is not installed: install it before registering')
    verdict, reason = registration_target(state, cs_type, cs_address)
    if verdict == DIFFERENT:
        raise RegisteredElsewhere('%s. %s' % (reason, MOVE_ADVICE))
    if verdict == 'unregistered':
        return 'register', reason, None
    if verdict == SAME:
        return 'none', reason, None
    if force:
        return 'register', 'force is set (%s)' % reason, None
    return 'none', reason, reason


# A JSON string, and the colon after it when it is a key.
_JSON_STRING_RE = re.compile(r'"((?:[^"\\]|\\.)*)"(\s*:)?')


def secret_pieces(secret):
    """What of a secret must never be shown: the whole text, each line of 4
    characters or more (spaces around it trimmed), and each JSON string value
    of 8 characters or more (a config.json's key shown on its own); longest
    first, so that a piece inside another is masked with it."""
    if not secret:
        return []
    pieces = set([secret] + [line.strip() for line in secret.splitlines() if len(line.strip()) >= 4])
    for match in _JSON_STRING_RE.finditer(secret):
        if not match.group(2) and len(match.group(1)) >= 8:
            pieces.add(match.group(1))
    return sorted(pieces, key=lambda piece: (-len(piece), piece))


def scrub(text, secrets):
    """Replace every piece of every secret (see :func:`secret_pieces`) in text."""
    text = text or ''
    for secret in secrets or ():
        for piece in secret_pieces(secret):
            text = text.replace(piece, MASK)
    return text


def log_tail(path=INSTALL_LOG, lines=20, secrets=(), root=''):
    """The last lines of the vendor's log, with secrets masked."""
    text = _read(path, root)
    if text is None:
        return ''
    return scrub('\n'.join(text.splitlines()[-lines:]), secrets)


def install_outcome(rc, action='install'):
    """``(outcome, words)`` for the installer's exit code after ``action``:
    outcome ``ok``, ``restart`` (succeeded, a restart is recommended) or
    ``failed``."""
    outcome, words = INSTALLER_EXITS.get(rc, ('failed', None))
    if rc in _UPGRADE_ONLY_SUCCESS and action != 'upgrade':
        outcome = 'failed'
    return outcome, words or describe_exit(rc)


def describe_exit(rc, meanings=None):
    """A sentence for an exit code: the vendor's meaning when ``meanings``
    (code: words) knows it, death by a signal, or the bare code."""
    if rc is None:
        return 'did not run'
    if meanings and rc in meanings:
        return '%s (exit code %d)' % (meanings[rc], rc)
    if rc < 0 or 128 < rc <= 128 + 64:
        signal = -rc if rc < 0 else rc - 128
        return 'was killed by signal %d (exit code %d); run it again to complete or clean up' % (signal, rc)
    return 'exited with code %d' % rc


def errors_file_since(mtime_before, path=INSTALLER_ERRORS, secrets=(), root='', limit=2000):
    """The installer's error details (``/var/log/InstallerErrors.json``) when
    the file was written after ``mtime_before`` (the file's mtime before the
    run, None when it did not exist): never an older run's report. Masked,
    and cut to ``limit`` characters; '' when there is nothing new."""
    try:
        mtime = os.stat(root + path).st_mtime
    except OSError:
        return ''
    if mtime_before is not None and mtime <= mtime_before:
        return ''
    text = scrub((_read(path, root) or '').strip(), secrets)
    return text if len(text) <= limit else text[:limit] + ' [...]'


def file_mtime(path=INSTALLER_ERRORS, root=''):
    try:
        return os.stat(root + path).st_mtime
    except OSError:
        return None


def failure_message(what, rc, stdout='', stderr='', log='', secrets=(), meanings=None, details=''):
    """A failure message: what failed, the exit code (with the vendor's
    meaning from ``meanings``), the tool's own words, ``details`` (the
    installer's error report) and the tail of its log; secrets masked."""
    parts = ['%s %s.' % (what, describe_exit(rc, meanings))]
    if details:
        parts.append('Details from %s: %s' % (INSTALLER_ERRORS, scrub(details, secrets)))
    output = scrub('\n'.join(p for p in ((stdout or '').strip(), (stderr or '').strip()) if p), secrets)
    if output:
        parts.append('Output: %s' % '\n'.join(output.splitlines()[-10:]))
    if log:
        parts.append('Last lines of %s:\n%s' % (INSTALL_LOG, scrub(log, secrets)))
    return '\n'.join(parts)


def free_space_mb(path):
    """Free MiB for root on the file system that holds ``path``, or would
    hold it once created (the nearest existing parent is measured)."""
    path = os.path.abspath(path)
    while not os.path.exists(path) and path != os.path.dirname(path):
        path = os.path.dirname(path)
    stats = os.statvfs(path)
    return stats.f_bfree * stats.f_frsize // (1024 * 1024)


def _signal_group(pid, signum):
    try:
        os.killpg(pid, signum)
    except OSError:
        pass  # the group is gone already


def run_bounded(cmd, cwd=None, timeout=DEFAULT_TIMEOUT, grace=10):
    """Run a vendor tool with an upper bound on its run time.

    The tool runs in a session of its own with stdin from /dev/null. When it
    has not finished after ``timeout`` seconds, its whole process group gets
    SIGTERM, then SIGKILL after ``grace`` seconds. Returns
    ``(rc, stdout, stderr, timed_out)``; ``rc`` is None after a timeout.
    """
    env = dict(os.environ, LANG='C', LC_ALL='C', LC_MESSAGES='C')
    with open(os.devnull, 'rb') as devnull:
        try:
            # run_command cannot start the tool in a session of its own, which the time limit needs to stop the
            # whole process group
            proc = subprocess.Popen(cmd, cwd=cwd, stdin=devnull, stdout=subprocess.PIPE,  # pylint: disable=ansible-bad-function
                                    stderr=subprocess.PIPE, env=env, start_new_session=True)
        except OSError as exc:  # not there, not executable: the shell's code for a command that cannot run
            return 127, '', 'cannot run %s: %s' % (cmd[0], exc.strerror), False
        timed_out = False
        try:
            out, err = proc.communicate(timeout=timeout or None)
        except subprocess.TimeoutExpired:
            timed_out = True
            _signal_group(proc.pid, signal.SIGTERM)
            try:
                out, err = proc.communicate(timeout=grace)
            except subprocess.TimeoutExpired:
                _signal_group(proc.pid, signal.SIGKILL)
                out, err = proc.communicate()
    return (None if timed_out else proc.returncode), _text(out), _text(err), timed_out


def _text(data):
    return (data or b'').decode('utf-8', 'replace')


def timeout_message(what, timeout, stdout='', stderr='', log='', secrets=()):
    """The failure message of a tool stopped by :func:`run_bounded`."""
    parts = ['%s did not finish within %d seconds and was stopped (SIGTERM, then SIGKILL). The host may hold an '
             'incomplete installation: running the same task again lets the installer complete it; raise the '
             'timeout if the tool is only slow.' % (what, timeout)]
    output = scrub('\n'.join(p for p in ((stdout or '').strip(), (stderr or '').strip()) if p), secrets)
    if output:
        parts.append('Output: %s' % '\n'.join(output.splitlines()[-10:]))
    if log:
        parts.append('Last lines of %s:\n%s' % (INSTALL_LOG, scrub(log, secrets)))
    return '\n'.join(parts)


@contextmanager
def private_directory(prefix='asr-mobility.', base=None):
    """A directory only its owner can enter (0700), removed afterwards
    whatever happens."""
    path = tempfile.mkdtemp(prefix=prefix, dir=base)
    try:
        os.chmod(path, 0o700)
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def secret_file(content, name='passphrase', base=None):
    """Write a secret to a 0600 file in a private 0700 directory for the
    duration of the block; the directory is removed in every case."""
    with private_directory(prefix='asr-secret.', base=base) as directory:
        path = os.path.join(directory, name)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, 'w') as handle:
            handle.write(content)
        yield path


def running_processes(names=AGENT_PROCESSES, proc='/proc'):
    """{name: bool} for processes with these command names (zombies excluded)."""
    found = dict((name, False) for name in names)
    try:
        pids = [p for p in os.listdir(proc) if p.isdigit()]
    except OSError:
        return found
    for pid in pids:
        try:
            with open(os.path.join(proc, pid, 'stat')) as handle:
                stat = handle.read()
        except (IOError, OSError):
            continue
        match = re.match(r'^\d+ \((.*)\) (\S)', stat)
        if match and match.group(1) in found and match.group(2) != 'Z':
            found[match.group(1)] = True
    return found
