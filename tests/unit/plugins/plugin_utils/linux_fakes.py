# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fake vendor tools (shell scripts) and the recording host of the
Linux action tests (test_linux_install, test_linux_info,
test_linux_registration); the fixtures are in conftest.py.

Every fake tool writes what it was given below the fake host root (its
arguments one per line, its folder), so a test sees what ran and how. A
tool that did not run left nothing."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
from contextlib import contextmanager
from unittest import mock

from ansible_collections.siterecovery.mobility.plugins.module_utils import agent
from ansible_collections.siterecovery.mobility.plugins.plugin_utils import agent_action
from ansible_collections.siterecovery.mobility.tests.unit.plugins.module_utils.fake_host import HOST_ID
from ansible_collections.siterecovery.mobility.tests.unit.plugins.plugin_utils.local_host import (
    LocalHost, executable, tarball)

VERSION = '9.66.7567.1'
NEWER = '9.67.0.0'
OLDER = '9.65.0.0'
RHEL8_OS_RELEASE = 'NAME="Red Hat Enterprise Linux"\nVERSION="8.6 (Ootpa)"\nID="rhel"\nID_LIKE="fedora"\n' \
                   'VERSION_ID="8.6"\nPLATFORM_ID="platform:el8"\nPRETTY_NAME="Red Hat Enterprise Linux 8.6 (Ootpa)"\n'
CONFIGURATOR = '/usr/local/ASR/Vx/bin/UnifiedAgentConfigurator.sh'


def tarball_name(version=VERSION, tag='RHEL8-64'):
    return 'Microsoft-ASR_UA_%s_%s_GA_20Sep2025_release.tar.gz' % (version, tag)


class _Prefixed(object):
    """A script with shell lines in front (functions standing for host commands)."""

    def __init__(self, script, prelude):
        self.token = script.token
        self._text = prelude + script.text()

    def text(self):
        return self._text


class RecordingHost(LocalHost):
    """LocalHost that keeps what every script printed (``outputs``) and can
    put shell lines before every script (``prelude``): a function named like
    a host command (``uname``, ``systemctl``) stands for it, since the
    scripts put the system folders first on PATH."""

    def __init__(self, root, uploads):
        super(RecordingHost, self).__init__(root, uploads)
        self.prelude = ''
        self.outputs = []

    def run(self, script):
        out = super(RecordingHost, self).run(_Prefixed(script, self.prelude) if self.prelude else script)
        self.outputs.append(out)
        return out

    def cleanup(self):
        """What ConnectionHost.cleanup does: nothing is left to remove here."""

    def fake_command(self, name, body):
        """A shell function ``name`` in front of every script."""
        self.prelude += '%s() {\n%s\n}\n' % (name, body)


def lines_of(fake, path):
    """A file the fake tools wrote (one item a line), or None when it is not there."""
    if not fake.exists(path):
        return None
    return fake.read(path).splitlines()


def nothing_left(fake, host):
    """No private folder under the host's /var/tmp, no transferred file left."""
    return os.listdir(fake.path('/var/tmp')) == [] and not any(os.path.exists(path) for path in host.puts)


# ---------------------------------------------------------------- the installer

FAILING_INSTALL = '''printf 'Installing\\nERROR: kernel 4.18.0-999 is not supported\\n' >"$R/var/log/ua_install.log"
echo 'Installing Mobility Service'
echo 'ERROR: unsupported kernel' >&2'''


def installer_script(fake, version=VERSION, rc=None, upgrade_rc=98, installs=True, body=''):
    """The vendor's ``install``, as the old module tests' fake behaved.

    It writes its arguments (``/install-args``), its folder and that
    folder's mode (``/install-cwd``, ``/install-cwd-mode``), runs ``body``,
    then: with ``rc``, fails with that code (``FAILING_INSTALL`` unless
    ``body`` is given); otherwise installs ``version`` (unless not
    ``installs``) into the folder ``-d`` means (the vendor's rule: any folder
    but the default gets an ASR subfolder; an upgrade keeps the agent's
    folder and CS type unless ``-c``), and exits 0 after a fresh install,
    ``upgrade_rc`` after an upgrade (the vendor ends every upgrade with 98)."""
    return '''#!/bin/sh
R=%(root)s
printf '%%s\\n' "$@" >"$R/install-args"
pwd >"$R/install-cwd"
stat -c %%a . >"$R/install-cwd-mode"
old=$(sed -n 's/^PROD_VERSION=//p' "$R/usr/local/.vx_version" 2>/dev/null)
vx=$(sed -n 's/^INSTALLATION_DIR=//p' "$R/usr/local/.vx_version" 2>/dev/null)
cs=$(sed -n 's/^CS_TYPE=//p' "$R/etc/vxagent/usr/vxplatformtype.dat" 2>/dev/null)
while [ $# -gt 0 ]; do
  case $1 in
    -c) cs=$2; shift ;;
    -d) if [ "$2" = /usr/local/ASR ]; then vx=/usr/local/ASR/Vx; else vx="$2/ASR/Vx"; fi; shift ;;
  esac
  shift
done
%(body)s
if [ -n '%(rc)s' ]; then
  %(failing)s
  exit %(rc_value)s
fi
if %(installs)s; then
  mkdir -p "$R$vx/etc" "$R/etc/vxagent/usr" "$R/usr/local"
  printf 'INSTALLATION_DIR=%%s\\nPROD_VERSION=%(version)s\\nBUILD_TAG=RELEASE_%(version)s_GA_7567_Sep_20_2025_INMAGE\\nOS_BUILT_FOR=RHEL8-64\\n' \\
    "$vx" >"$R/usr/local/.vx_version"
  printf '[vxagent]\\nHostId=%(host_id)s\\nVmPlatform=VmWare\\n' >"$R$vx/etc/drscout.conf"
  if [ -n "$cs" ]; then
    echo "CSType=$cs" >>"$R$vx/etc/drscout.conf"
    printf 'VMPLATFORM=VmWare\\nCS_TYPE=%%s\\n' "$cs" >"$R/etc/vxagent/usr/vxplatformtype.dat"
  fi
fi
if [ -n "$old" ]; then
  echo 'Upgrade succeeded but requires a restart'
  exit %(upgrade_rc)d
fi
echo 'Installation completed'
exit 0
''' % dict(root=_sq(fake.root), body=body, rc='' if rc is None else rc, rc_value=0 if rc is None else rc,
           failing=':' if body else FAILING_INSTALL.replace('\n', '\n  '), installs='true' if installs else 'false',
           version=version, host_id=HOST_ID, upgrade_rc=upgrade_rc)


def installer_on_host(fake, package=VERSION, tag='RHEL8-64', name=None, **kwargs):
    """A vendor tarball under the host's /root, named for ``package`` and
    ``tag`` (or ``name``), holding installer_script(fake, **kwargs)
    (``version`` is what it installs); returns its host path."""
    path = '/root/' + (name or tarball_name(package, tag))
    tarball(fake.path(path), installer_script(fake, **kwargs))
    return path


def uninstaller(fake, install_dir='/usr/local/ASR', removes=True, rc=0, stderr=''):
    """The vendor's ``uninstall.sh``: writes its arguments and folder, removes
    the agent's state files (unless not ``removes``)."""
    return executable(fake.path(install_dir + '/uninstall.sh'), '''#!/bin/sh
R=%s
printf '%%s\\n' "$@" >"$R/uninstall-args"
pwd >"$R/uninstall-cwd"
if %s; then rm -f "$R%s" "$R%s"; fi
echo 'Uninstalled'
printf '%%s' %s >&2
exit %d
''' % (_sq(fake.root), 'true' if removes else 'false', agent.VX_VERSION_FILE, agent.PLATFORM_FILE, _sq(stderr), rc))


# ---------------------------------------------------------------- the configurator

def configurator(fake, vx_dir='/usr/local/ASR/Vx', rc=0, stdout='Registration completed\n', stderr='', registers=True,
                 body=''):
    """The vendor's ``UnifiedAgentConfigurator.sh``. It writes its path and
    arguments (``/configure-args``, one a line), and what its input file
    (``-P`` or ``-S``) looked like while it ran (``/configure-seen``: a JSON
    line with path, content, file and folder modes; ``/configure-input``: a
    copy). Then ``body``; then it prints ``stdout`` and ``stderr`` and,
    when ``rc`` is 0 and ``registers``, registers the agent the way the
    vendor's files show it: to the ``-i`` address, or (modernized) to the
    appliance 192.168.1.20."""
    return executable(fake.path(vx_dir + '/bin/UnifiedAgentConfigurator.sh'), '''#!/bin/sh
R=%(root)s
printf '%%s\\n' "$0" "$@" >"$R/configure-args"
addr=192.168.1.20; type=CSPrime
while [ $# -gt 0 ]; do
  case $1 in
    -i) addr=$2; type=CSLegacy; shift ;;
    -P|-S)
      if [ -f "$2" ]; then
        cp "$2" "$R/configure-input"
        printf '{"path": "%%s", "mode": "%%s", "dir_mode": "%%s"}\\n' "$2" "$(stat -c %%a "$2")" \\
          "$(stat -c %%a "$(dirname "$2")")" >"$R/configure-seen"
      else
        printf '{"path": "%%s"}\\n' "$2" >"$R/configure-seen"
      fi
      shift ;;
  esac
  shift
done
%(body)s
printf '%%s' %(stdout)s
printf '%%s' %(stderr)s >&2
if [ %(rc)d -ne 0 ]; then exit %(rc)d; fi
if %(registers)s; then
  sed -i '/^AGENT_CONFIGURATION_STATUS=/d' "$R/usr/local/.vx_version"
  echo AGENT_CONFIGURATION_STATUS=Succeeded >>"$R/usr/local/.vx_version"
  printf '[vxagent]\\nHostId=%(host_id)s\\nVmPlatform=VmWare\\nCSType=%%s\\n\\n[vxagent.transport]\\nHostname = %%s\\nPort = 443\\n' \\
    "$type" "$addr" >"$R%(vx_dir)s/etc/drscout.conf"
  mkdir -p "$R/etc/vxagent/usr"
  printf 'VMPLATFORM=VmWare\\nCS_TYPE=%%s\\n' "$type" >"$R/etc/vxagent/usr/vxplatformtype.dat"
fi
exit 0
''' % dict(root=_sq(fake.root), body=body, stdout=_sq(stdout), stderr=_sq(stderr), rc=rc,
           registers='true' if registers else 'false', host_id=HOST_ID, vx_dir=vx_dir))


def configurator_seen(fake):
    """What the configurator's input file looked like while it ran, or None."""
    if not fake.exists('/configure-seen'):
        return None
    seen = json.loads(fake.read('/configure-seen'))
    seen['exists'] = 'mode' in seen
    for key in ('mode', 'dir_mode'):
        if key in seen:
            seen[key] = int(seen[key], 8)
    return seen


@contextmanager
def loose_secret_file(text):
    """A controller file holding ``text`` that anyone may read (0644): the
    mode a file transfer may leave; the host side must not depend on it."""
    with agent_action.local_secret_file(text) as path:
        os.chmod(path, 0o644)
        yield path


class SecretFiles(object):
    """agent_action.local_secret_file, noting the controller paths it gave."""

    def __init__(self, factory=agent_action.local_secret_file):
        self.factory = factory
        self.paths = []

    @contextmanager
    def __call__(self, text):
        with self.factory(text) as path:
            self.paths.append(path)
            yield path

    def all_removed(self):
        return all(not os.path.exists(os.path.dirname(path)) for path in self.paths)


# ---------------------------------------------------------------- the actions

def run_action(action_module, args, host=None, check_mode=False, monkeypatch=None):
    """An action plugin's run() with a mocked task and connection. With
    ``host`` (and ``monkeypatch``), the action's scripts run on it instead
    of the connection. Returns (result, connection mock)."""
    task = mock.MagicMock(args=dict(args), async_val=0, check_mode=check_mode, action=action_module.__name__)
    connection = mock.MagicMock()
    connection._shell.tmpdir = None
    if host is not None:
        monkeypatch.setattr(agent_action, 'ConnectionHost', lambda action: host)
    action = action_module.ActionModule(task, connection, None, None, None)
    return action.run(task_vars={}), connection


def _sq(text):
    """``text`` in single quotes for sh."""
    return "'%s'" % text.replace("'", "'\\''")
