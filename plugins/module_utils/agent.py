# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Mobility Service agent on a Linux host: its state, decisions and command lines.

Everything here follows the vendor's documented interface:

* ``/usr/local/.vx_version`` (key=value): ``INSTALLATION_DIR`` (the ``Vx``
  directory), ``PROD_VERSION``, ``BUILD_TAG``, ``OS_BUILT_FOR`` and
  ``AGENT_CONFIGURATION_STATUS`` (``Succeeded`` once registered);
* ``<INSTALLATION_DIR>/etc/drscout.conf`` (INI): ``[vxagent] HostId`` and
  ``VmPlatform``, ``[vxagent.transport] HostName`` (the configuration server);
* ``/etc/vxagent/usr/vxplatformtype.dat``: ``VMPLATFORM`` and ``CS_TYPE``;
* the installer ``install`` (``-r -v -d -q -c``, ``-a Upgrade``), the
  configurator ``Vx/bin/UnifiedAgentConfigurator.sh`` (``-i -P -c`` classic,
  ``-S -c CSPrime -q [-D true]`` modernized) and ``uninstall.sh -Y``;
* ``/var/log/ua_install.log`` for install and configuration.

The vendor does not document the Linux exit codes; only 0 means success.
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

VX_VERSION_FILE = '/usr/local/.vx_version'
PLATFORM_FILE = '/etc/vxagent/usr/vxplatformtype.dat'
INSTALL_LOG = '/var/log/ua_install.log'
INIT_SCRIPT = '/etc/init.d/vxagent'
DEFAULT_INSTALL_DIR = '/usr/local/ASR'
# Upper bounds for the vendor's tools (seconds); the modules' ``timeout`` option overrides them.
DEFAULT_TIMEOUT = 1800
# What a key of .vx_version looks like; any other non-blank line means the file is damaged.
_KEY_LINE_RE = re.compile(r'^[A-Za-z_][A-Za-z0-9_]*\s*=')
CS_TYPES = ('CSLegacy', 'CSPrime')
ROLES = ('MS', 'MT')
PLATFORMS = ('VmWare', 'Azure')
AGENT_PROCESSES = ('svagents', 'appservice')
MASK = '********'


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
    """A tolerant INI reader: ``{section: {key: value}}``. Keys keep their
    case (the agent's keys are CamelCase); the last duplicate wins."""
    sections = {}
    current = sections.setdefault('', {})
    for line in (text or '').splitlines():
        line = line.strip()
        if not line or line[0] in '#;':
            continue
        if line.startswith('[') and line.endswith(']'):
            current = sections.setdefault(line[1:-1].strip(), {})
        elif '=' in line:
            key, value = line.split('=', 1)
            current[key.strip()] = value.strip()
    return sections


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


def read_state(root=''):
    """The agent's state from its own files. ``root`` prefixes every path
    (tests use a temporary directory as the host's root)."""
    raw = _read(VX_VERSION_FILE, root)
    vx = parse_key_values(raw)
    vx_dir = vx.get('INSTALLATION_DIR') or os.path.join(DEFAULT_INSTALL_DIR, 'Vx')
    drscout = parse_ini(_read(os.path.join(vx_dir, 'etc', 'drscout.conf'), root))
    platform_file = parse_key_values(_read(PLATFORM_FILE, root))
    version = vx.get('PROD_VERSION') or None
    damage = version_file_damage(raw)
    status = vx.get('AGENT_CONFIGURATION_STATUS') or None
    cs_type = platform_file.get('CS_TYPE') or None
    return {
        'installed': bool(version) and not damage,
        # a version file the agent could not have written: neither an installation nor an interrupted one
        'damaged': damage,
        # a version file without a version: an install that was interrupted
        'partial': raw is not None and not version and not damage,
        'version': version,
        'build_tag': vx.get('BUILD_TAG') or None,
        'build_number': build_number(vx.get('BUILD_TAG')),
        'os_built_for': vx.get('OS_BUILT_FOR') or None,
        'configuration_status': status,
        'registered': bool(version) and not damage and status == 'Succeeded',
        'vx_dir': vx_dir,
        'install_dir': os.path.dirname(vx_dir.rstrip('/')) if vx_dir.rstrip('/').endswith('/Vx') else vx_dir,
        'cs_address': drscout.get('vxagent.transport', {}).get('HostName') or None,
        'host_id': drscout.get('vxagent', {}).get('HostId') or None,
        'platform': drscout.get('vxagent', {}).get('VmPlatform') or platform_file.get('VMPLATFORM') or None,
        'cs_type': cs_type,
    }


def version_file_damage(raw):
    """Why the content of ``.vx_version`` cannot be trusted, or None.

    The installer writes only ``KEY=VALUE`` lines, and ``PROD_VERSION`` is a
    dotted number. An interrupted installation leaves the file without
    ``PROD_VERSION``: that is not damage, running the installer again
    completes it."""
    if raw is None:
        return None
    if '\x00' in raw:
        return '%s contains binary data' % VX_VERSION_FILE
    for number, line in enumerate(raw.splitlines(), 1):
        text = line.strip()
        if text and not text.startswith('#') and not _KEY_LINE_RE.match(text):
            return '%s line %d is not KEY=VALUE: %r' % (VX_VERSION_FILE, number, text[:60])
    version = parse_key_values(raw).get('PROD_VERSION')
    if version and not version_tuple(version):
        return '%s has PROD_VERSION=%r, which is not a dotted version number' % (VX_VERSION_FILE, version[:60])
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


def install_command(role='MS', platform='VmWare', install_dir=DEFAULT_INSTALL_DIR, cs_type='CSLegacy'):
    """Fresh install, run from the extracted package. The CS type is always
    passed: newer installers default to CSPrime when it is omitted."""
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
                      credential_less_discovery=False):
    """The configurator's command line. Only paths go on it, never secrets."""
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
    return cmd + ['-i', cs_address, '-P', passphrase_file, '-c', 'CSLegacy']


def decide_registration(state, cs_type, cs_address=None, force=False):
    """``register`` or ``none`` with the reason; refuses (AgentError) to move
    an agent registered elsewhere unless ``force``."""
    if not state['installed']:
        raise AgentError('the Mobility Service agent is not installed: install it before registering')
    if force:
        return 'register', 'force is set'
    if not state['registered']:
        return 'register', 'the agent is not registered (configuration status %s)' % (
            state['configuration_status'] or 'empty')
    if state['cs_type'] and state['cs_type'] != cs_type:
        raise AgentError(
            'the agent is registered as %s%s, not %s; set force to re-register it' % (
                state['cs_type'], ' to %s' % state['cs_address'] if state['cs_address'] else '', cs_type))
    if cs_type == 'CSLegacy' and (state['cs_address'] or '') != cs_address:
        raise AgentError(
            'the agent is registered to the configuration server %s, not %s; set force to re-register it'
            % (state['cs_address'] or 'unknown', cs_address))
    return 'none', 'the agent is registered%s' % (' to %s' % state['cs_address'] if state['cs_address'] else '')


def scrub(text, secrets):
    """Replace every secret (and its lines, for multi-line secrets) in text."""
    text = text or ''
    for secret in secrets or ():
        if not secret:
            continue
        for piece in [secret] + [p for p in secret.splitlines() if len(p.strip()) >= 4]:
            text = text.replace(piece, MASK)
    return text


def log_tail(path=INSTALL_LOG, lines=20, secrets=(), root=''):
    """The last lines of the vendor's log, with secrets masked."""
    text = _read(path, root)
    if text is None:
        return ''
    return scrub('\n'.join(text.splitlines()[-lines:]), secrets)


def describe_exit(rc):
    """A sentence for an exit code. The Linux codes are not documented by
    the vendor: only 0 (success) and death by a signal can be explained."""
    if rc is None:
        return 'did not run'
    if rc < 0 or 128 < rc <= 128 + 64:
        signal = -rc if rc < 0 else rc - 128
        return 'was killed by signal %d (exit code %d); run it again to complete or clean up' % (signal, rc)
    return 'exited with code %d (the vendor documents only 0 as success for the Linux tools)' % rc


def failure_message(what, rc, stdout='', stderr='', log='', secrets=()):
    """A failure message: what failed, the exit code, the tool's own words and
    the tail of its log; secrets masked."""
    parts = ['%s %s.' % (what, describe_exit(rc))]
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
            proc = subprocess.Popen(cmd, cwd=cwd, stdin=devnull, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    env=env, start_new_session=True)
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
