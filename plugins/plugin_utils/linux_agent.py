# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Linux agent modules, run from the controller.

Each task reads the host with one POSIX shell script (see ``posix``), decides
in Python with ``module_utils/agent.py``, and, when something must change,
sends one more script that does it and reads the host again. No Python is
needed on the host. The functions here take a *host*: an object with
``root`` (prefix of every host path, '' on a real host), ``run(script)``
(returns the parsed output and the shell's exit code) and ``put(local_path,
name)`` (copies a controller file to the host through the connection and
returns its path there). The action plugins give them the connection; the
unit tests give them a directory on the controller.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re

from ansible_collections.siterecovery.mobility.plugins.module_utils import agent
from ansible_collections.siterecovery.mobility.plugins.module_utils import catalog
from ansible_collections.siterecovery.mobility.plugins.plugin_utils import osid
from ansible_collections.siterecovery.mobility.plugins.plugin_utils.preflight import mount_for
from ansible_collections.siterecovery.mobility.plugins.plugin_utils.posix import Raw, Script, quote

MEMINFO = '/proc/meminfo'
LSB_RELEASE = '/usr/bin/lsb_release'
MOUNTS = '/proc/mounts'
# Seconds between SIGTERM and SIGKILL for a tool that overran its time limit.
GRACE = 10
OUTPUT_LINES = 50
ERRORS_LIMIT = 4000
_SHA256_RE = re.compile(r'^[0-9a-fA-F]{64}$')


class HostFailure(Exception):
    """The task fails; ``fields`` go into the result beside ``msg``."""

    def __init__(self, msg, **fields):
        super(HostFailure, self).__init__(msg)
        self.msg = msg
        self.fields = fields


# ---------------------------------------------------------------- reading

def endpoints_of(reach):
    """``[(host, port)]`` of ``{host, port}`` dicts or ``host:port`` strings."""
    found = []
    for item in reach or []:
        if isinstance(item, dict):
            found.append((str(item['host']), int(item['port'])))
        elif isinstance(item, (tuple, list)):
            found.append((str(item[0]), int(item[1])))
        else:
            host, dummy, port = str(item).rpartition(':')
            found.append((host.strip('[]'), int(port)))
    return found


def probe_script(root='', free_space_paths=(), probe_paths=(), identity=True, files=(), reach=()):
    """The read-only probe: the agent's files and service, the processes,
    free space, the given paths, and (``identity``) the files the OS is told
    by, ``uname -m``, memory, mounts and the init system."""
    script = Script(root)
    script.agent_files().service_status().processes(agent.AGENT_PROCESSES)
    for path in free_space_paths:
        script.free_space(path)
    for path in probe_paths:
        script.exists(path)
    for path in files:
        script.exists(path)
    script.reachability(endpoints_of(reach))
    if identity:
        script.files(osid.IDENTITY_FILES).files((MEMINFO, MOUNTS))
        # setup's distro library also asks lsb_release where the host has it (Ubuntu 14.04's release name)
        script.add('if [ -x %s ]; then %s; %s -a 2>/dev/null; echo; echo "$T E"; fi' % (
            script.host(LSB_RELEASE), script.record('F', 'lsb_release'), script.host(LSB_RELEASE)))
        script.value('machine', '$(uname -m)').value('uid', '$(id -u)')
        script.value('init', '$(cat %s 2>/dev/null)' % script.host('/proc/1/comm'))
        script.exists('/run/systemd/system')
    return script


def agent_state(out):
    """agent.state_from_files over a probe's output."""
    return agent.state_from_files(out.read, out.exists)


def services_of(out, state):
    services = dict((name, name in out.processes) for name in agent.AGENT_PROCESSES)
    manager = state.get('service_manager')
    services['vxagent'] = manager is not None and out.int_value('service') == 0
    services['manager'] = manager
    return services


def parse_mounts(text):
    """/proc/mounts as the ``mounts`` facts name them (mount, device, fstype, options)."""
    mounts = []
    for line in (text or '').splitlines():
        fields = line.split()
        if len(fields) >= 4:
            unescape = fields[1].replace('\\040', ' ').replace('\\011', '\t')
            mounts.append({'device': fields[0], 'mount': unescape, 'fstype': fields[2], 'options': fields[3]})
    return mounts


def noexec_paths(paths, mounts):
    """The paths that lie on a file system mounted noexec."""
    found = []
    for path in paths:
        mount = mount_for(path, mounts)
        if mount and 'noexec' in (mount.get('options') or '').split(','):
            found.append(path)
    return found


def host_facts(out):
    """The setup-compatible facts of the probe (identity and memory)."""
    files = dict((path, out.files[path]) for path in osid.IDENTITY_FILES if path in out.files)
    return osid.facts_from_files(files, (out.value('machine') or '').strip(), out.read(MEMINFO),
                                 lsb_release=out.read('lsb_release'))


def init_system(out):
    if out.exists('/run/systemd/system') or (out.value('init') or '').strip() == 'systemd':
        return 'systemd'
    return (out.value('init') or '').strip() or None


def _reach(out, index, endpoint):
    rc = out.int_value('reach%d' % index)
    return {'host': endpoint[0], 'port': endpoint[1], 'reachable': None if rc in (None, 98) else rc == 0}


def info(host, params):
    """mobility_agent_info."""
    free_paths = params.get('free_space_paths') or []
    probe_paths = params.get('probe_paths') or []
    endpoints = endpoints_of(params.get('reach'))
    out = host.run(probe_script(host.root, free_paths, probe_paths, reach=endpoints))
    state = agent_state(out)
    services = services_of(out, state)
    registration = reason = None
    if params.get('expected_cs_type') and state['installed']:
        registration, reason = agent.registration_target(state, params['expected_cs_type'],
                                                         params.get('expected_cs_address'))
    elif params.get('expected_cs_type'):
        registration, reason = 'unregistered', 'the agent is not installed'
    state.pop('vx_dir')
    state.pop('service_manager')
    mounts = parse_mounts(out.read(MOUNTS))
    result = dict(changed=False, services=services,
                  free_space_mb=dict((path, out.free_mb(path)) for path in free_paths),
                  existing_paths=[path for path in probe_paths if path in out.existing],
                  registration=registration, registration_reason=reason,
                  host_facts=host_facts(out), init_system=init_system(out),
                  noexec_paths=noexec_paths(free_paths, mounts), user_id=out.int_value('uid'),
                  reachable=[_reach(out, index, endpoint) for index, endpoint in enumerate(endpoints)])
    # not 'unreachable': Ansible takes a result with a true 'unreachable' for a host it could not reach
    result['unreachable_endpoints'] = ['%s:%d' % (item['host'], item['port'])
                                       for item in result['reachable'] if item['reachable'] is False]
    result.update(state)
    return result


# ---------------------------------------------------------------- running

def _var_file(script, shell_path, label, tail=None, mask_with=None):
    """Print a file whose path is a shell expression (in the run's private folder)."""
    reader = 'tail -n %d %s' % (tail, shell_path) if tail else 'cat %s' % shell_path
    if mask_with:
        reader = '%s | mask' % reader
    script.add('if [ -f %s ]; then %s; %s; echo; echo "$T E"; fi' % (
        shell_path, script.record('F', quote(label)), reader))


# awk replaces, as plain text, every line (4 characters or more) of the secret file in its input, and every JSON
# string value of 8 characters or more (a string not followed by a colon), as agent.secret_pieces does
_MASK_FUNCTION = r'''mask() {
  awk -v m='%s' 'NR == FNR { sub(/[ \t\r]+$/, ""); sub(/^[ \t]+/, ""); if (length($0) >= 4) s[n++] = $0;
      t = $0; while (match(t, /"([^"\\]|\\.)*"/)) { v = substr(t, RSTART + 1, RLENGTH - 2); t = substr(t, RSTART + RLENGTH);
        if (length(v) >= 8 && t !~ /^[ \t]*:/) s[n++] = v } next }
    { l = $0; for (i = 0; i < n; i++) { o = ""; while ((k = index(l, s[i])) > 0) {
        o = o substr(l, 1, k - 1) m; l = substr(l, k + length(s[i])) } l = o l } print l }' "$secret" -
}''' % agent.MASK


# Whether root may stage in a folder: no other user may own it or any folder above it, nor write there unless the
# sticky bit keeps them from renaming or removing root's entries (as in /var/tmp); prints why not, or nothing
_UNSAFE_FUNCTION = r'''unsafe() {
  d=$1; r=$2; what="is"
  while :; do
    n=$(ls -ldnL "$d" 2>/dev/null) || { echo "cannot be examined (${d#"$r"})"; return; }
    o=$(echo "$n" | awk '{print $3}'); m=$(echo "$n" | cut -c1-10)
    if [ "$what" = is ]; then p=""; else p="is under ${d#"$r"}, which "; fi
    if [ "$o" != 0 ]; then echo "${p}is owned by uid $o, not root"; return; fi
    case $m in
      ?????????[tT]*) ;;
      ?????w*|????????w*) echo "${p}may be written by other users ($m, no sticky bit)"; return ;;
    esac
    [ "$d" = / ] || [ "$d" = "$r" ] || [ -z "$d" ] && return
    d=$(dirname "$d"); what=under
  done
}'''


def run_script(root, staging_dir, prepare, cmd, cwd, timeout, grace=GRACE, after=None, secret=None):
    """The script that runs one vendor tool like agent.run_bounded does: in a
    fresh private folder under ``staging_dir`` (removed at the end whatever
    happens), with stdin from /dev/null, in a session of its own, stopped
    (SIGTERM to its process group, SIGKILL ``grace`` seconds later) after
    ``timeout`` seconds. ``prepare`` adds the steps before (staging,
    checksum, extraction); they exit early to say what went wrong. The script
    prints the exit code, the tool's output, and reads the agent again."""
    script = Script(root)
    script.add(
        'umask 077',
        'base=%s' % script.host(staging_dir),
        'mkdir -p "$base" 2>/dev/null',
        _UNSAFE_FUNCTION,
        'if [ "$(id -u)" = 0 ]; then u=$(unsafe "$base" %s); if [ -n "$u" ]; then %s; %s; exit 0; fi; fi' % (
            quote(root), script.record('V', '"unsafe $u"'), script.record('V', '"done 1"')),
        'w=$(mktemp -d "$base/asr-mobility.XXXXXXXX" 2>/dev/null) || { w="$base/asr-mobility.$$"; '
        'mkdir -m 700 "$w" 2>/dev/null; } || { %s; exit 0; }' % script.record('V', '"nowork $base"'),
        'trap \'cd /; rm -rf "$w"\' 0',
        'trap \'exit 1\' 1 2 15',
        'secret=',
        _MASK_FUNCTION,
        'finish() { %s; exit 0; }' % script.record('V', '"done 1"'))
    if prepare:
        prepare(script)
    command = ' '.join(quote(word) if index or isinstance(word, Raw) or not word.startswith('/') else script.host(word)
                       for index, word in enumerate(cmd))
    script.add(
        'cd %s || { %s; finish; }' % (cwd if cwd.startswith('"') else script.host(cwd),
                                      script.record('V', '"nocwd %s"' % cwd.replace('"', ''))),
        'if command -v setsid >/dev/null 2>&1; then setsid %s </dev/null >"$w/out" 2>"$w/err" &' % command,
        'else %s </dev/null >"$w/out" 2>"$w/err" & fi' % command,
        'p=$!; dog=',
        'if [ %d -gt 0 ]; then' % int(timeout or 0),
        '  ( trap \'kill $s 2>/dev/null; exit 0\' 15; sleep %d & s=$!; wait $s; : >"$w/timedout";' % int(timeout or 0),
        '    kill -15 -$p 2>/dev/null || kill -15 $p 2>/dev/null; sleep %d & s=$!; wait $s;' % int(grace),
        '    kill -9 -$p 2>/dev/null || kill -9 $p 2>/dev/null ) </dev/null >/dev/null 2>&1 &',
        '  dog=$!',
        'fi',
        'wait $p; rc=$?',
        'if [ -n "$dog" ]; then kill $dog 2>/dev/null; fi',
        'cd /',
        script.record('V', '"rc $rc"'),
        'if [ -f "$w/timedout" ]; then %s; fi' % script.record('V', '"timed_out 1"'))
    _var_file(script, '"$w/out"', 'stdout', OUTPUT_LINES, secret)
    _var_file(script, '"$w/err"', 'stderr', OUTPUT_LINES, secret)
    if after:
        after(script)
    script.agent_files()
    _var_file(script, script.host(agent.INSTALL_LOG), agent.INSTALL_LOG, 20, secret)
    return script


def _tool_output(out):
    return out.read('stdout') or '', out.read('stderr') or ''


def _common_failures(out, staging_dir):
    if out.value('unsafe') is not None:
        why = out.value('unsafe')
        raise HostFailure('the staging folder %s %s: another user could replace what root stages there before it '
                          'runs; nothing was staged. Choose a folder that only root controls (the staging_dir option, '
                          'mobility_service_staging_dir in the role), such as /var/tmp or /root'
                          % (staging_dir, why))
    if out.value('nowork') is not None:
        raise HostFailure('cannot create a private folder in %s on the host (is it writable by the become user, '
                          'and is the file system full?)' % staging_dir)
    if out.value('nocwd') is not None:
        raise HostFailure('cannot enter %s on the host' % out.value('nocwd'))


# ---------------------------------------------------------------- mobility_agent

def _result_from(state):
    return dict((key, state[key]) for key in ('version', 'build_tag', 'os_built_for', 'install_dir'))


def _check_package(params, out, facts):
    """The installer's parsed name, checked against the host, before anything changes."""
    path = params.get('installer') or params.get('src')
    name = os.path.basename(path)
    if params.get('installer') and not out.exists(params['installer']):
        raise HostFailure('installer %s does not exist on the host' % params['installer'])
    if params.get('src') and not os.path.isfile(params['src']):
        raise HostFailure('installer %s does not exist on the controller' % params['src'])
    if params.get('checksum') and not _SHA256_RE.match(params['checksum'].split(':')[-1]):
        raise HostFailure('checksum %r is not a SHA-256 (64 hexadecimal digits, optionally after "sha256:")'
                          % params['checksum'])
    package = catalog.parse_installer_name(name)
    if package is None or package['kind'] != 'tar.gz':
        raise HostFailure('installer %s is not a Linux Mobility Service tarball: expected a name like '
                          'Microsoft-ASR_UA_<version>_<TAG>_GA_<DDMonYYYY>_release.tar.gz' % path)
    try:
        host_tag = catalog.installer_tag(facts)
    except catalog.CatalogError as exc:
        raise HostFailure('this host is not supported: %s' % exc, package=package)
    if host_tag != package['tag']:
        raise HostFailure(
            'installer %s is built for %s, but this host (%s %s) needs the %s installer; nothing was changed'
            % (name, package['tag'], facts.get('distribution'), facts.get('distribution_version'), host_tag),
            package=package, host_tag=host_tag)
    return package


def _stage_steps(host, params, package):
    """The run script's steps before the installer runs: the transferred
    tarball moved into the private folder (root's own), its SHA-256 checked
    right before extraction, then extracted into ``$w/x``."""
    upload = host.put(params['src'], os.path.basename(params['src'])) if params.get('src') else None
    expected = (params.get('checksum') or '').split(':')[-1].lower()

    def steps(script):
        if upload:
            script.add('inst="$w"/%s' % quote(os.path.basename(params['src'])),
                       'mv -f %s "$inst" || { %s; finish; }' % (quote(upload), script.record('V', '"nostage 1"')),
                       'if [ "$(id -u)" = 0 ]; then chown 0:0 "$inst" 2>/dev/null; fi',
                       'chmod 600 "$inst"')
        else:
            script.add('inst=%s' % script.host(params['installer']))
        if expected:
            script.add('sum=$(sha256sum "$inst" 2>/dev/null | awk \'{print $1}\')',
                       script.record('V', '"sha256 $sum"'),
                       'if [ "$sum" != %s ]; then finish; fi' % quote(expected))
        script.add('e=%s' % script.host(agent.INSTALLER_ERRORS),
                   'eb=$( (ls -l --time-style=+%s "$e" || ls -l "$e"; cksum <"$e") 2>/dev/null)',
                   'mkdir "$w/x" && tar -xzf "$inst" -C "$w/x" 2>"$w/tarerr"; t=$?',
                   'if [ $t -ne 0 ]; then %s; %s; cat "$w/tarerr"; echo; echo "$T E"; finish; fi' % (
                       script.record('V', '"tar $t"'), script.record('F', 'tarerr')))
    return steps


def _errors_after(script):
    script.add('ea=$( (ls -l --time-style=+%s "$e" || ls -l "$e"; cksum <"$e") 2>/dev/null)',
               'if [ -f "$e" ] && [ "$ea" != "$eb" ]; then %s; head -c %d "$e"; echo; echo "$T E"; fi' % (
                   script.record('F', 'errors'), ERRORS_LIMIT))


def install(host, params, check_mode=False, grace=GRACE):
    """mobility_agent: ``(result, warnings)``."""
    out = host.run(probe_script(host.root, files=[params['installer']] if params.get('installer') else ()))
    before = agent_state(out)
    package = None
    if params['state'] != 'absent':
        package = _check_package(params, out, host_facts(out))
    try:
        action, reason = agent.decide_install(before, params['state'], package and package['version'])
    except agent.AgentError as exc:
        raise HostFailure(str(exc), previous_version=before['version'], package=package)
    result = dict(changed=action != 'none', action=action, reason=reason, previous_version=before['version'],
                  restart_recommended=False)
    if package:
        result['package'] = package
    if action != 'none':
        after_version = None if action == 'uninstall' else package['version']
        result['diff'] = {'before': 'version: %s\n' % before['version'], 'after': 'version: %s\n' % after_version}
    if check_mode or action == 'none':
        result.update(_result_from(before))
        if check_mode and action != 'none':
            result['version'] = None if action == 'uninstall' else package['version']
            if action == 'install':
                result['install_dir'] = agent.agent_home(params['install_dir'])
        return result, []

    warnings = []
    staging = params.get('staging_dir') or '/var/tmp'
    if action == 'uninstall':
        script = run_script(host.root, staging, None, agent.uninstall_command(before['install_dir']),
                            before['install_dir'], params['timeout'], grace)
        what = 'The uninstaller'
    else:
        if action == 'install':
            cmd = agent.install_command(params['role'], params['platform'], params['install_dir'], params['cs_type'])
            what = 'The installer'
        else:
            cmd = agent.upgrade_command(before['cs_type'] or params['cs_type'], params['role'], params['platform'])
            what = 'The upgrade'
        script = run_script(host.root, staging, _stage_steps(host, params, package), cmd, '"$w/x"',
                            params['timeout'], grace, after=_errors_after)
    run = host.run(script)
    _common_failures(run, staging)
    # the vendor's log is shared with the configurator, which may have repeated its input there
    secrets = params.get('mask') or []
    log = agent.scrub(run.read(agent.INSTALL_LOG) or '', secrets)
    after = agent_state(run)
    if run.value('nostage') is not None:
        raise HostFailure('cannot move the transferred installer into the private folder under %s' % staging)
    if run.value('sha256') is not None and run.value('sha256') != (params.get('checksum') or '').split(':')[-1].lower():
        raise HostFailure('the installer on the host has SHA-256 %s, expected %s: it was not extracted and nothing '
                          'was changed' % (run.value('sha256') or '(unreadable)', params['checksum']),
                          **_result_from(before))
    if run.value('tar') is not None:
        raise HostFailure('extracting %s failed: %s' % (params.get('installer') or os.path.basename(params['src']),
                                                        (run.read('tarerr') or '').strip()),
                          rc=run.int_value('tar'))
    stdout, stderr = (agent.scrub(text, secrets) for text in _tool_output(run))
    rc = run.int_value('rc')
    if run.value('timed_out') is not None:
        raise HostFailure(agent.timeout_message(what, params['timeout'], stdout, stderr, log), timed_out=True,
                          cmd=' '.join(script_cmd_text(action, params, before)), **_result_from(after))
    if action == 'uninstall':
        if rc != 0:
            raise HostFailure(agent.failure_message(what, rc, stdout, stderr, log), rc=rc, stdout=stdout,
                              stderr=stderr)
        if after['installed'] or after['partial']:
            raise HostFailure('the uninstaller finished but %s is still there' % agent.VX_VERSION_FILE,
                              **_result_from(after))
    else:
        outcome, words = agent.install_outcome(rc, action)
        if outcome == 'failed':
            details = agent.scrub((run.read('errors') or '').strip(), secrets) if rc == 97 else ''
            if len(details) >= ERRORS_LIMIT:
                details = details[:2000] + ' [...]'
            raise HostFailure(agent.failure_message(what, rc, stdout, stderr, log, meanings=agent.INSTALLER_MEANINGS,
                                                    details=details),
                              rc=rc, cmd=' '.join(script_cmd_text(action, params, before)), stdout=stdout,
                              stderr=stderr)
        if outcome == 'restart':
            warnings.append('%s %s (exit code %d)' % (what, words, rc))
            result['restart_recommended'] = True
        if not after['version'] or agent.compare_versions(after['version'], package['version']) != 0:
            raise HostFailure('the installer exited with %d but version %s is installed, not %s.\nLast lines of %s:\n%s'
                              % (rc, after['version'] or 'no', package['version'], agent.INSTALL_LOG, log),
                              **_result_from(after))
    result.update(_result_from(after))
    return result, warnings


def script_cmd_text(action, params, before):
    if action == 'install':
        return agent.install_command(params['role'], params['platform'], params['install_dir'], params['cs_type'])
    if action == 'upgrade':
        return agent.upgrade_command(before['cs_type'] or params['cs_type'], params['role'], params['platform'])
    return agent.uninstall_command(before['install_dir'])


# ---------------------------------------------------------------- mobility_agent_registration

def _describe(state):
    return 'registered: %s\ncs_address: %s\ncs_type: %s\n' % (
        state['registered'], state['cs_address'], state['cs_type'])


def _now(state):
    return dict(registered=state['registered'], cs_address=state['cs_address'], cs_type=state['cs_type'])


def register(host, params, check_mode=False, grace=GRACE, local_secret_file=None):
    """mobility_agent_registration: ``(result, warnings)``. ``local_secret_file(text)``
    is a context manager giving a private controller file holding ``text``."""
    cs_type = params['cs_type']
    secrets = [params['passphrase']] if params.get('passphrase') else []
    out = host.run(probe_script(host.root, identity=False))
    before = agent_state(out)
    try:
        action, reason, warning = agent.decide_registration(before, cs_type, params.get('cs_address'),
                                                            params.get('force'))
    except agent.AgentError as exc:
        raise HostFailure(str(exc), registered_elsewhere=isinstance(exc, agent.RegisteredElsewhere), **_now(before))
    warnings = [warning] if warning else []
    if cs_type == 'CSLegacy' and params.get('passphrase') is not None and not params['passphrase'].strip():
        raise HostFailure('passphrase is empty')
    result = dict(changed=action == 'register', reason=reason, previous_cs_address=before['cs_address'])
    expected = dict(before, registered=True, cs_type=cs_type,
                    cs_address=params.get('cs_address') if cs_type == 'CSLegacy' else before['cs_address'])
    if action == 'none':
        result.update(_now(before))
        return result, warnings
    result['diff'] = {'before': _describe(before), 'after': _describe(expected)}
    if check_mode:
        result.update(registered=True, cs_address=expected['cs_address'], cs_type=cs_type)
        return result, warnings

    uploads = {}
    if cs_type == 'CSLegacy' and params.get('passphrase') is not None:
        with local_secret_file(params['passphrase']) as path:
            uploads['passphrase'] = host.put(path, 'passphrase')
    if cs_type == 'CSPrime' and params.get('source_config_src'):
        if not os.path.isfile(params['source_config_src']):
            raise HostFailure('%s does not exist on the controller' % params['source_config_src'])
        with open(params['source_config_src'], 'rb') as handle:
            secrets.append(handle.read().decode('utf-8', 'replace'))
        uploads['config'] = host.put(params['source_config_src'], 'config.json')
    input_label = params.get('passphrase_file') if cs_type == 'CSLegacy' else params.get('source_config_file')

    def steps(script):
        nostage = script.record('V', '"nostage 1"')
        if 'passphrase' in uploads:
            script.add('mv -f %s "$w/passphrase" || { %s; finish; }' % (quote(uploads['passphrase']), nostage),
                       'in="$w/passphrase"')
        elif 'config' in uploads:
            script.add('mv -f %s "$w/config.json" || { %s; finish; }' % (quote(uploads['config']), nostage),
                       'in="$w/config.json"')
        else:
            script.add('in=%s' % script.host(input_label))
        script.add('if [ "$(id -u)" = 0 ]; then chown 0:0 "$in" 2>/dev/null; fi; chmod 600 "$in"' if uploads else ':',
                   'if [ ! -r "$in" ]; then if [ -e "$in" ]; then r="Permission denied"; '
                   'else r="No such file or directory"; fi; %s; finish; fi' % script.record('V', '"noinput $r"'),
                   'if ! grep -q "[^[:space:]]" "$in"; then %s; finish; fi' % script.record('V', '"emptyinput 1"'))
        script.add('secret="$in"')  # the passphrase file or config.json: masked in everything shown

    input_path = Raw('"$in"')  # the configurator's input file is a shell variable of the script
    cmd = agent.configure_command(before['vx_dir'], cs_type, params.get('cs_address'),
                                  input_path if cs_type == 'CSLegacy' else None,
                                  input_path if cs_type == 'CSPrime' else None,
                                  params.get('credential_less_discovery'), params.get('cs_port'))

    def after(script):
        if cs_type == 'CSLegacy':
            script.add(
                'if [ $rc -ne 0 ] && [ $rc -ne 13 ] && command -v bash >/dev/null 2>&1; then',
                '  ( bash -c \'exec 3<>"/dev/tcp/$0/$1"\' %s %d ) >/dev/null 2>&1 </dev/null & c=$!' % (
                    quote(params['cs_address']), int(params['cs_port'])),
                '  ( sleep 5; kill -9 $c ) >/dev/null 2>&1 </dev/null & k=$!',
                '  wait $c; n=$?; kill $k 2>/dev/null; %s' % script.record('V', '"reach $n"'),
                'fi')

    script = run_script(host.root, '/var/tmp', steps, cmd, '/', params['timeout'], grace, after=after,
                        secret='"$in"')
    run = host.run(script)
    _common_failures(run, '/var/tmp')
    if run.value('nostage') is not None:
        raise HostFailure('cannot move the transferred file into the private folder under /var/tmp')
    label = 'the passphrase file' if cs_type == 'CSLegacy' and 'passphrase' in uploads else (
        'config.json' if 'config' in uploads else input_label)
    if run.value('noinput') is not None:
        raise HostFailure('cannot read %s on the host: %s' % (label, run.value('noinput')))
    if run.value('emptyinput') is not None:
        raise HostFailure('%s is empty' % label)
    stdout, stderr = _tool_output(run)
    stdout, stderr = agent.scrub(stdout, secrets), agent.scrub(stderr, secrets)
    log = agent.scrub(run.read(agent.INSTALL_LOG) or '', secrets)
    now = agent_state(run)
    rc = run.int_value('rc')
    if run.value('timed_out') is not None:
        raise HostFailure(agent.timeout_message('The configurator', params['timeout'], stdout, stderr, log, secrets),
                          timed_out=True, **_now(now))
    if rc != 0:
        target = params.get('cs_address')
        if rc == 13:
            raise HostFailure(agent.failure_message(
                'Registration refused: the agent is registered to %s, not %s. %s The configurator' % (
                    now['cs_address'] or 'another configuration server', target or 'the appliance', agent.MOVE_ADVICE),
                rc, stdout, stderr, log, secrets, meanings=agent.CONFIGURATOR_EXITS),
                rc=rc, registered_elsewhere=True, **_now(now))
        reach = run.int_value('reach')
        if cs_type == 'CSLegacy' and reach not in (None, 0):
            cause = 'the configuration server %s could not be reached on port %d from this host' % (
                target, params['cs_port'])
        elif cs_type == 'CSLegacy' and reach == 0:
            cause = ('the configuration server %s answered on port %d but the registration failed: '
                     'check the passphrase' % (target, params['cs_port']))
        elif cs_type == 'CSLegacy':
            cause = ('the registration with the configuration server %s on port %d failed (whether it answers could '
                     'not be tested: the host has no bash)' % (target, params['cs_port']))
        else:
            cause = 'the registration with the replication appliance failed: check config.json and the appliance'
        raise HostFailure(agent.failure_message('Registration failed (%s). The configurator' % cause, rc,
                                                stdout, stderr, log, secrets), rc=rc, **_now(now))
    if not now['registered']:
        raise HostFailure('the configurator exited with 0 but the agent reports configuration status %s.\n%s' % (
            now['configuration_status'] or 'empty', log), **_now(now))
    result.update(registered=True, cs_address=now['cs_address'], cs_type=now['cs_type'] or cs_type)
    return result, warnings
