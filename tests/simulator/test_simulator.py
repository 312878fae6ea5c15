"""End-to-end tests of the Mobility Service simulator (tests/simulator).

They build real tarballs, run the simulated configuration server on a
loopback port and install into ONE throw-away Debian 12 container (label
org.siterecovery.lab=1, name srm-simtest-*), checking the results through
``docker exec``. Each test starts from a clean host (``lab.reset()``), so
the tests do not depend on their order.

Without Docker or the base image the container tests are skipped, unless
SRM_SIMTEST_REQUIRE_DOCKER=1 is set (then they fail).
"""

import base64
import configparser
import gzip
import hashlib
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tarfile
import time
import urllib.request
import uuid

import pytest

import build_installer

HERE = os.path.dirname(os.path.abspath(__file__))
CSCTL = os.path.join(HERE, 'csctl')
CS_SERVER = os.path.join(HERE, 'cs_server.py')
OS_DETAILS = os.path.join(HERE, 'installer', 'OS_details.sh')
# the lab's base image of the mode SRM_LAB_PYTHON selects (scripts/lab/common.sh exports it)
IMAGE = os.environ.get('LAB_BASE_IMAGE', 'siterecovery-lab/base:bookworm')
LABEL = 'org.siterecovery.lab=1'
TAG = 'DEBIAN12-64'
V_OLD, V_NEW, V_NEWER = '9.65.7464.1', '9.66.7567.1', '9.67.7612.1'
PASSPHRASE = 'Sim-Passphrase-7f3a9c2e'
WRONG_PASSPHRASE = 'Wrong-Passphrase-0b1d44'
VXCONF = '/usr/local/ASR/Vx/bin/UnifiedAgentConfigurator.sh'
CLASSIC_INSTALL = './install -r MS -v VmWare -d /usr/local/ASR -q -c CSLegacy'
# DEBIAN9-64: the agent is a systemd unit there
SYSTEMD_IMAGE = os.environ.get('LAB_PERSONA_REPO', 'siterecovery-lab/persona') + ':debian9'
PRIME_INSTALL = './install -q -r MS -v VmWare -c CSPrime'


# --- helpers -----------------------------------------------------------------

def free_port(preferred=44391):
    """The preferred loopback port when it is free, else any free one."""
    for port in (preferred, 0):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(('127.0.0.1', port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RuntimeError('no free loopback port')


def sha256(path):
    with open(path, 'rb') as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def docker_problem():
    """Why the container tests cannot run here, or None."""
    if not shutil.which('docker'):
        return 'docker is not installed'
    probe = subprocess.run(['docker', 'image', 'inspect', IMAGE], capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        return 'docker or the image %s is not available' % IMAGE
    return None


def kv(text):
    """key=value lines to a dict."""
    return dict(line.split('=', 1) for line in text.splitlines() if '=' in line)


class Result:
    def __init__(self, proc, elapsed):
        self.rc, self.out, self.err, self.elapsed = proc.returncode, proc.stdout, proc.stderr, elapsed

    @property
    def text(self):
        return self.out + self.err

    def __repr__(self):
        return 'Result(rc=%s, out=%r, err=%r)' % (self.rc, self.out[-800:], self.err[-800:])


class Snapshot:
    """What a host looks like, read with one docker exec."""

    SCRIPT = r'''
show() { if [ -e "$1" ]; then echo "@@file $1"; cat "$1"; else echo "@@missing $1"; fi; }
show /usr/local/.vx_version
show /usr/local/ASR/Vx/etc/drscout.conf
show /etc/vxagent/usr/vxplatformtype.dat
echo "@@svagents $(pgrep -x svagents | tr '\n' ' ')"
echo "@@appservice $(pgrep -x appservice | tr '\n' ' ')"
if [ -x /etc/init.d/vxagent ]; then rc=0; /etc/init.d/vxagent status >/dev/null 2>&1 || rc=$?; echo "@@status $rc"
elif [ -f /etc/systemd/system/vxagent.service ]; then rc=0; systemctl is-active --quiet vxagent || rc=$?; echo "@@status $rc"
else echo "@@status none"; fi
for p in /usr/local/ASR /usr/local/ASR/Vx/bin /usr/local/ASR/uninstall.sh /etc/vxagent /etc/init.d/vxagent \
         /etc/systemd/system/vxagent.service /etc/vxagent/bin/vxagent /etc/vxagent/backup/.vx_version \
         /usr/local/ASR/Vx/bin/start /usr/local/ASR/Vx/bin/stop /usr/local/ASR/Vx/bin/UnifiedAgentConfigurator.sh; do
    [ -e "$p" ] && echo "@@exists $p"
done
true
'''

    def __init__(self, output):
        self.files, self.exists, current = {}, set(), None
        for line in output.splitlines():
            if line.startswith('@@file '):
                current = line[7:]
                self.files[current] = ''
            elif line.startswith('@@missing '):
                current = None
            elif line.startswith('@@svagents'):
                self.svagents = line.split()[1:]
            elif line.startswith('@@appservice'):
                self.appservice = line.split()[1:]
            elif line.startswith('@@status '):
                self.status = line.split()[1]
            elif line.startswith('@@exists '):
                self.exists.add(line[9:])
            elif current:
                self.files[current] += line + '\n'

    @property
    def vx(self):
        text = self.files.get('/usr/local/.vx_version')
        return None if text is None else kv(text)

    @property
    def drscout(self):
        text = self.files.get('/usr/local/ASR/Vx/etc/drscout.conf')
        if text is None:
            return None
        parser = configparser.ConfigParser(interpolation=None)
        parser.optionxform = str
        parser.read_string(text)
        return parser

    @property
    def platform(self):
        text = self.files.get('/etc/vxagent/usr/vxplatformtype.dat')
        return None if text is None else kv(text)

    @property
    def host_id(self):
        return self.drscout['vxagent']['HostId']

    @property
    def nothing_installed(self):
        return not self.files and not self.exists and not self.svagents and not self.appservice


class Lab:
    """The container, the configuration server and the built packages."""

    def __init__(self, name, port, state_dir, tmp, env):
        self.name, self.port, self.state_dir, self.tmp, self.env = name, port, state_dir, tmp, env

    def sh(self, script, user=None, timeout=60):
        cmd = ['docker', 'exec']
        if user is not None:
            cmd += ['-u', str(user)]
        cmd += [self.name, 'bash', '-c', script]
        start = time.monotonic()
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        return Result(proc, time.monotonic() - start)

    def install(self, pkg, command, user=None):
        return self.sh('cd /opt/pkg/%s && %s' % (pkg, command), user=user)

    def snapshot(self):
        result = self.sh(Snapshot.SCRIPT)
        assert result.rc == 0, result
        return Snapshot(result.out)

    def log(self):
        return self.sh('cat /var/log/ua_install.log 2>/dev/null || true').out

    def set_fault(self, text):
        result = self.sh('mkdir -p /etc/asr-simulator && printf "%%s\\n" %s > /etc/asr-simulator/fault'
                         % ' '.join("'%s'" % line for line in text.split('\n')))
        assert result.rc == 0, result

    def csctl(self, *args):
        return subprocess.run([CSCTL, args[0], '--port', str(self.port), '--state-dir', self.state_dir]
                              + list(args[1:]), capture_output=True, text=True, env=self.env, timeout=30, check=False)

    def cs(self, method, path):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        request = urllib.request.Request('https://127.0.0.1:%d%s' % (self.port, path), method=method)
        with urllib.request.urlopen(request, context=context, timeout=10) as response:
            return json.loads(response.read().decode())

    def cs_hosts(self):
        return {host['host_id']: host for host in self.cs('GET', '/hosts')}

    def cs_log(self):
        with open(os.path.join(self.state_dir, 'cs_server.log'), encoding='utf-8') as handle:
            return handle.read()

    def reset(self):
        """Back to a host without agent, fault file or log; CS without hosts."""
        result = self.sh(r'''
rm -rf /etc/asr-simulator
if [ -x /usr/local/ASR/uninstall.sh ]; then /usr/local/ASR/uninstall.sh -Y >/dev/null 2>&1 || true; fi
for p in /var/run/svagents.pid /var/run/appservice.pid; do
    if [ -f "$p" ]; then kill -9 "$(cat "$p")" 2>/dev/null || true; rm -f "$p"; fi
done
rm -rf /usr/local/ASR /usr/local/.vx_version /etc/vxagent /etc/init.d/vxagent /root/*.json /opt/ASRcustom \
    /var/log/InstallerErrors.json /root/errors.json
: > /var/log/ua_install.log
''')
        assert result.rc == 0, result
        assert self.csctl('start').returncode == 0
        self.cs('DELETE', '/hosts')

    def classic_registered(self, pkg='new'):
        """Install the classic agent from ``pkg`` and register it."""
        result = self.install(pkg, CLASSIC_INSTALL)
        assert result.rc == 0, result
        result = self.sh('%s -c CSLegacy' % self.register)
        assert result.rc == 0, result
        return self.snapshot()

    @property
    def register(self):
        """The classic registration with the lab's server (not on 443: -p)."""
        return '%s -i 127.0.0.1 -P /root/cs.pass -p %d' % (VXCONF, self.port)


@pytest.fixture(scope='module')
def lab(request, tmp_path_factory):
    problem = docker_problem()
    if problem:
        if os.environ.get('SRM_SIMTEST_REQUIRE_DOCKER') == '1':
            pytest.fail(problem)
        pytest.skip(problem)
    tmp = tmp_path_factory.mktemp('simlab')
    port = free_port()
    state_dir = str(tmp / ('cs-%d' % port))
    env = dict(os.environ, SRM_LAB_STATE=str(tmp))
    passfile = tmp / 'cs.pass'
    passfile.write_text(PASSPHRASE + '\n')
    passfile.chmod(0o600)
    lab = Lab('srm-simtest-%s' % uuid.uuid4().hex[:10], port, state_dir, tmp, env)

    started = lab.csctl('start', '--passphrase-file', str(passfile))
    request.addfinalizer(lambda: lab.csctl('stop'))
    assert started.returncode == 0, started.stderr

    pkgs = tmp / 'pkgs'
    builds = {
        'old': (TAG, V_OLD, None), 'new': (TAG, V_NEW, None), 'newer': (TAG, V_NEWER, None),
        'rhel': ('RHEL8-64', V_NEW, None), 'faulty': (TAG, V_NEW, 'install-exit:17'),
    }
    for key, (tag, version, fault) in builds.items():
        path = build_installer.build_installer(tag, version, str(pkgs / key), fault=fault)
        os.rename(path, str(pkgs / ('%s.tar.gz' % key)))
        os.rmdir(str(pkgs / key))

    run = subprocess.run(['docker', 'run', '-d', '--init', '--network', 'host', '--label', LABEL,
                          '--name', lab.name, IMAGE, 'sleep', 'infinity'], capture_output=True, text=True, check=False)
    request.addfinalizer(lambda: subprocess.run(['docker', 'rm', '-f', lab.name], capture_output=True, check=False))
    assert run.returncode == 0, run.stderr
    (tmp / 'bad.pass').write_text(WRONG_PASSPHRASE + '\n')
    for src, dst in ((pkgs, '/opt/pkgs'), (passfile, '/root/cs.pass'), (tmp / 'bad.pass', '/root/bad.pass')):
        copy = subprocess.run(['docker', 'cp', str(src), '%s:%s' % (lab.name, dst)], capture_output=True, text=True, check=False)
        assert copy.returncode == 0, copy.stderr
    setup = lab.sh(r'''
set -e
for key in old new newer rhel faulty; do
    mkdir -p /opt/pkg/$key && tar -xzf /opt/pkgs/$key.tar.gz -C /opt/pkg/$key
done
chmod -R a+rX /opt/pkg
chmod 600 /root/cs.pass /root/bad.pass
''')
    assert setup.rc == 0, setup
    return lab


@pytest.fixture
def host(lab):
    lab.reset()
    return lab


# --- tarball -----------------------------------------------------------------

def test_build_is_deterministic_and_vendor_shaped(tmp_path):
    first = build_installer.build_installer(TAG, V_NEW, str(tmp_path / 'a'), pad_mb=1, date='5Sep2025')
    second = build_installer.build_installer(TAG, V_NEW, str(tmp_path / 'b'), pad_mb=1, date='5Sep2025')
    other = build_installer.build_installer(TAG, V_NEW, str(tmp_path / 'c'), pad_mb=1, date='5Sep2025',
                                            fault='install-exit:3')
    assert os.path.basename(first) == 'Microsoft-ASR_UA_9.66.7567.1_DEBIAN12-64_GA_05Sep2025_release.tar.gz'
    assert sha256(first) == sha256(second)
    assert sha256(first) != sha256(other)
    # Default date: derived from the version only.
    assert build_installer.build_installer(TAG, V_NEW, str(tmp_path / 'd')).endswith(
        '_GA_%s_release.tar.gz' % build_installer.default_date(V_NEW))

    with open(first, 'rb') as handle:
        header = handle.read(10)
    assert header[4:8] == b'\0\0\0\0'  # gzip mtime 0
    assert os.path.getsize(first) > 1024 * 1024  # the padding does not compress
    with tarfile.open(first) as tar:
        members = tar.getmembers()
        names = [m.name for m in members]
        build_info = tar.extractfile('payload/.build_info').read().decode()
        install = tar.getmember('install')
    assert names == sorted(names)
    assert {'install', 'OS_details.sh', 'payload/uninstall.sh', 'payload/pad.bin',
            'payload/Vx/bin/UnifiedAgentConfigurator.sh', 'payload/Vx/bin/start', 'payload/Vx/bin/stop',
            'payload/Vx/bin/svagents', 'payload/Vx/bin/appservice', 'payload/init.d/vxagent',
            'payload/systemd/vxagent.service'} <= set(names)
    assert {n.split('/')[0] for n in names} == {'install', 'OS_details.sh', 'payload'}
    assert {(m.uid, m.gid, m.uname, m.gname, m.mtime) for m in members} == {(0, 0, 'root', 'root', 1757030400)}
    assert install.mode == 0o755
    assert dict(kv(build_info)) == {'VERSION': V_NEW, 'TAG': TAG, 'BUILD_DATE': '05Sep2025', 'PAD_MB': '1'}
    with gzip.open(other) as raw, tarfile.open(fileobj=raw) as tar:
        assert 'FAULT=install-exit:3\n' in tar.extractfile('payload/.build_info').read().decode()


def test_build_rejects_bad_input(tmp_path):
    for kwargs in ({'tag': 'CENTOS8-64'}, {'version': '9.66'}, {'date': '31Feb2025'},
                   {'fault': 'install-explode'}, {'fault': 'configure-exit:256'}, {'suffix': 'RELEASE'}):
        args = dict(tag=TAG, version=V_NEW, out_dir=str(tmp_path))
        args.update(kwargs)
        with pytest.raises(build_installer.BuildError):
            build_installer.build_installer(**args)
    cli = subprocess.run([sys.executable, os.path.join(HERE, 'build_installer.py'), '--tag', TAG, '--version', V_NEW,
                          '--out-dir', str(tmp_path), '--print-sha256'], capture_output=True, text=True, check=False)
    assert cli.returncode == 0, cli.stderr
    digest, path = cli.stdout.split()
    assert digest == sha256(path)
    # the vendor spells the end of the name both ways
    capital = build_installer.build_installer(TAG, V_NEW, str(tmp_path / 'R'), date='5Sep2025', suffix='Release')
    assert os.path.basename(capital) == 'Microsoft-ASR_UA_9.66.7567.1_DEBIAN12-64_GA_05Sep2025_Release.tar.gz'


# --- OS detection (no container needed: fake /etc trees) --------------------

@pytest.mark.parametrize('files, arch, expected', [
    ({'oracle-release': 'Oracle Linux Server release 6.3', 'redhat-release': 'Red Hat Enterprise Linux release 6.3'},
     'x86_64', ''),
    ({'oracle-release': 'Oracle Linux Server release 6.4', 'redhat-release': 'Red Hat Enterprise Linux release 6.4'},
     'x86_64', 'OL6-64'),
    ({'oracle-release': 'Oracle Linux Server release 9.2'}, 'x86_64', 'OL9-64'),
    ({'oracle-release': 'Oracle Linux Server release 9.1'}, 'x86_64', ''),  # left the support matrix
    ({'oracle-release': 'Oracle Linux Server release 10.0'}, 'x86_64', 'OL10-64'),
    ({'redhat-release': 'Red Hat Enterprise Linux release 10.0 (Coughlan)'}, 'x86_64', 'RHEL10-64'),
    ({'redhat-release': 'CentOS Stream release 9'}, 'x86_64', ''),
    ({'redhat-release': 'CentOS Stream release 8'}, 'x86_64', ''),
    ({'redhat-release': 'CentOS release 6.10 (Final)'}, 'x86_64', 'RHEL6-64'),
    ({'debian_version': '9.0'}, 'x86_64', ''),
    ({'debian_version': '9.13'}, 'x86_64', 'DEBIAN9-64'),
    ({'redhat-release': 'Red Hat Enterprise Linux Server release 5.1 (Tikanga)'}, 'x86_64', ''),
    ({'redhat-release': 'Red Hat Enterprise Linux Server release 5.11 (Tikanga)'}, 'x86_64', 'RHEL5-64'),
    ({'redhat-release': 'CentOS Linux release 7.9.2009 (Core)'}, 'x86_64', 'RHEL7-64'),
    ({'redhat-release': 'Rocky Linux release 8.8 (Green Obsidian)'}, 'x86_64', 'RHEL8-64'),
    ({'redhat-release': 'AlmaLinux release 9.2 (Turquoise Kodkod)'}, 'x86_64', 'RHEL9-64'),
    ({'redhat-release': 'Fedora release 38 (Thirty Eight)'}, 'x86_64', ''),
    ({'SuSE-release': 'SUSE Linux Enterprise Server 11 (x86_64)\nVERSION = 11\nPATCHLEVEL = 4\n'},
     'x86_64', 'SLES11-SP4-64'),
    ({'SuSE-release': 'SUSE Linux Enterprise Server 11 (x86_64)\nVERSION = 11\nPATCHLEVEL = 2\n'}, 'x86_64', ''),
    ({'SuSE-release': 'SUSE Linux Enterprise Server 12 (x86_64)\nVERSION = 12\nPATCHLEVEL = 5\n'},
     'x86_64', 'SLES12-64'),
    ({'os-release': 'NAME="SLES"\nVERSION_ID="15.4"\nID="sles"\n'}, 'x86_64', 'SLES15-64'),
    ({'os-release': 'NAME="openSUSE Leap"\nVERSION_ID="15.5"\nID="opensuse-leap"\n'}, 'x86_64', 'SLES15-64'),
    ({'os-release': 'ID=ubuntu\n', 'lsb-release': 'DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=22.04\n',
      'debian_version': 'bookworm/sid'}, 'x86_64', 'UBUNTU-22.04-64'),
    ({'lsb-release': 'DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=23.10\n', 'debian_version': 'trixie/sid'}, 'x86_64', ''),
    ({'os-release': 'ID=debian\nVERSION_ID="12"\n', 'debian_version': '12.5'}, 'x86_64', 'DEBIAN12-64'),
    ({'debian_version': '7.11'}, 'x86_64', 'DEBIAN7-64'),
    ({'debian_version': 'trixie/sid'}, 'x86_64', ''),
    ({'debian_version': '12.5'}, 'aarch64', ''),
    ({}, 'x86_64', ''),
])
def test_os_details_detection(tmp_path, files, arch, expected):
    (tmp_path / 'etc').mkdir()
    for name, text in files.items():
        (tmp_path / 'etc' / name).write_text(text + ('' if text.endswith('\n') else '\n'))
    env = dict(os.environ, ASR_SIM_ROOT=str(tmp_path), ASR_SIM_ARCH=arch)
    proc = subprocess.run(['bash', OS_DETAILS], capture_output=True, text=True, env=env, check=False)
    assert proc.stdout.strip() == expected
    assert (proc.returncode == 0) == bool(expected)


# --- configuration server ----------------------------------------------------

def test_cs_server_refuses_non_loopback(tmp_path):
    proc = subprocess.run([sys.executable, CS_SERVER, '--listen', '0.0.0.0', '--port', '1',
                           '--state-dir', str(tmp_path)], capture_output=True, text=True, timeout=30, check=False)
    assert proc.returncode == 2
    assert 'loopback' in proc.stderr


def test_csctl_lifecycle_is_idempotent(lab):
    assert lab.csctl('status').returncode == 0
    again = lab.csctl('start')
    assert again.returncode == 0 and 'already running' in again.stdout
    assert lab.cs('GET', '/health')['status'] == 'ok'


# --- container: install ------------------------------------------------------

def test_classic_install_writes_documented_state(host):
    result = host.install('new', CLASSIC_INSTALL)
    assert result.rc == 0, result
    snap = host.snapshot()
    assert snap.vx == {
        'INSTALLATION_DIR': '/usr/local/ASR/Vx',
        'PROD_VERSION': V_NEW,
        'BUILD_TAG': 'RELEASE_9.66.7567.1_GA_7567_%s_%s_%s_INMAGE' % (
            build_installer.default_date(V_NEW)[2:5], build_installer.default_date(V_NEW)[:2],
            build_installer.default_date(V_NEW)[5:]),
        'OS_BUILT_FOR': TAG,
        'AGENT_CONFIGURATION_STATUS': '',
        'VERSION': V_NEW,
    }
    conf = snap.drscout
    assert uuid.UUID(conf['vxagent']['HostId'])
    assert dict(conf['vxagent']) == {'HostId': conf['vxagent']['HostId'], 'VmPlatform': 'VmWare', 'CSType': 'CSLegacy',
                                     'LogLevel': '3', 'DataPagePoolMemoryUsageInPercentage': '6'}
    assert dict(conf['vxagent.transport']) == {'Hostname': '', 'Port': '80', 'Https': '1',
                                               'CSIPforTelemetry': ''}
    # the vendor's template writes "Hostname = " with spaces around "="
    assert '\nHostname = \n' in snap.files['/usr/local/ASR/Vx/etc/drscout.conf']
    assert '/etc/vxagent/backup/.vx_version' in snap.exists
    assert snap.platform == {'VMPLATFORM': 'VmWare', 'CS_TYPE': 'CSLegacy'}
    assert len(snap.svagents) == 1 and len(snap.appservice) == 1
    assert snap.status == '0'
    assert {'/usr/local/ASR/uninstall.sh', '/usr/local/ASR/Vx/bin/start', '/usr/local/ASR/Vx/bin/stop',
            '/usr/local/ASR/Vx/bin/UnifiedAgentConfigurator.sh', '/etc/init.d/vxagent'} <= snap.exists
    assert 'Installing Mobility Service 9.66.7567.1' in host.log()

    # Same version again: nothing to do, nothing changed.
    again = host.install('new', CLASSIC_INSTALL)
    assert again.rc == 0 and 'already installed' in again.out, again
    assert host.snapshot().host_id == snap.host_id

    # The init script and the control scripts drive the daemons.
    stopped = host.sh('/etc/init.d/vxagent stop >/dev/null; /etc/init.d/vxagent status; echo "rc=$?"; '
                      'pgrep -x svagents || echo none')
    assert 'rc=3' in stopped.out and stopped.out.strip().endswith('none'), stopped
    started = host.sh('/usr/local/ASR/Vx/bin/start >/dev/null && /etc/init.d/vxagent status')
    assert started.rc == 0, started


def test_invalid_options_are_refused(host):
    cases = [
        ('./install -r MS -v VMware -q -c CSLegacy', 'invalid platform'),
        ('./install -r MS -v VmWare -q -c CSClassic', 'invalid configuration server type'),
        ('./install -r XX -v VmWare -q', 'invalid role'),
        ('./install -r MS -q -c CSLegacy', 'missing platform'),
        ('./install -r MS -v VmWare -q -a Update', 'invalid action'),
        ('./install -r MS -v VmWare -q -d relative/dir', 'invalid installation directory'),
        ('./install -r MS -v VmWare -q -x', 'unknown option -x'),
        ('./install -r MS -v VmWare -c CSLegacy', 'use -q'),  # no terminal, no -q
    ]
    for command, message in cases:
        result = host.install('new', command)
        assert result.rc == 96, (command, result)
        assert message in result.err, (command, result)
    upgrade = host.install('new', './install -q -v VmWare -a Upgrade -c CSLegacy')
    assert upgrade.rc == 5 and 'nothing to upgrade' in upgrade.err, upgrade
    no_agent = host.sh('/opt/pkg/new/payload/Vx/bin/UnifiedAgentConfigurator.sh -i 127.0.0.1 -P /root/cs.pass -p %d'
                       % host.port)
    assert no_agent.rc == 4, no_agent
    assert host.snapshot().nothing_installed
    assert 'ERROR: invalid platform' in host.log()


def test_wrong_os_package_is_refused(host):
    result = host.install('rhel', CLASSIC_INSTALL)
    assert result.rc == 97, result
    assert 'RHEL8-64' in result.err and 'DEBIAN12-64' in result.err
    errors = json.loads(host.sh('cat /var/log/InstallerErrors.json').out)
    assert 'RHEL8-64' in errors['Errors'][0]['Message']
    host.sh('rm -f /var/log/InstallerErrors.json')
    moved = host.install('rhel', CLASSIC_INSTALL + ' -e /root/errors.json')
    assert moved.rc == 97, moved
    assert host.sh('test -s /root/errors.json && ! test -e /var/log/InstallerErrors.json').rc == 0
    snap = host.snapshot()
    assert not snap.files and not snap.svagents
    detected = host.sh('/opt/pkg/new/OS_details.sh')
    assert (detected.rc, detected.out) == (0, 'DEBIAN12-64\n')


def test_non_root_is_refused(host):
    result = host.install('new', CLASSIC_INSTALL, user=65534)
    assert result.rc == 3, result
    assert 'must be run as root' in result.err
    assert host.snapshot().nothing_installed


# --- container: registration -------------------------------------------------

def test_classic_registration(host):
    host.install('new', CLASSIC_INSTALL)
    before = host.snapshot()
    pids_before = before.svagents
    # A shim in place of the simulator's interpreter (SIM_PYTHON) records what the registration client gets
    # as argv/env, then runs the interpreter the configurator would have taken.
    real = host.sh('p=/opt/siterecovery-sim/python/bin/python3; [ -x $p ] || p=$(command -v python3); echo $p').out.strip()
    assert real
    host.sh('mkdir -p /opt/shim && printf "%s\n" "#!/bin/bash" '
            '"printf \'%s\\n\' \\"\\$*\\" >> /tmp/py-argv.log" "env >> /tmp/py-env.log" '
            '"exec ' + real + ' \\"\\$@\\"" > /opt/shim/python3 && chmod 755 /opt/shim/python3 '
            '&& rm -f /tmp/py-argv.log /tmp/py-env.log')
    result = host.sh('SIM_PYTHON=/opt/shim/python3 %s -c CSLegacy' % host.register)
    assert result.rc == 0, result
    assert 'Registration with 127.0.0.1:%d succeeded' % host.port in result.out

    snap = host.snapshot()
    assert snap.vx['AGENT_CONFIGURATION_STATUS'] == 'Succeeded'
    assert snap.drscout['vxagent.transport']['Hostname'] == '127.0.0.1'
    assert snap.drscout['vxagent.transport']['CSIPforTelemetry'] == '127.0.0.1'
    assert snap.drscout['vxagent.transport']['Port'] == str(host.port)
    assert 'Hostname = 127.0.0.1\n' in snap.files['/usr/local/ASR/Vx/etc/drscout.conf']
    # the backup of .vx_version follows the registration
    assert host.sh('cmp /usr/local/.vx_version /etc/vxagent/backup/.vx_version').rc == 0
    assert snap.platform['CS_TYPE'] == 'CSLegacy'
    assert snap.status == '0' and snap.svagents != pids_before  # services were restarted

    hosts = host.cs_hosts()
    assert list(hosts) == [snap.host_id]
    record = hosts[snap.host_id]
    assert (record['os_tag'], record['version'], record['cs_type'], record['registrations']) == \
        (TAG, V_NEW, 'CSLegacy', 1)

    traces = host.sh('cat /tmp/py-argv.log; echo ----; cat /tmp/py-env.log').out
    assert 'sim_register.py' in traces  # the shim did see the call
    assert PASSPHRASE not in traces
    assert PASSPHRASE not in host.log() and PASSPHRASE not in result.text
    assert PASSPHRASE not in host.cs_log()

    # Again with the same server: only validated, services not restarted.
    again = host.sh(host.register)
    assert again.rc == 0 and 'validated again' in again.out, again
    assert host.snapshot().svagents == snap.svagents
    assert host.cs_hosts()[snap.host_id]['registrations'] == 2


def test_wrong_passphrase_is_reported_without_leaking(host):
    host.install('new', CLASSIC_INSTALL)
    result = host.sh('%s -c CSLegacy' % host.register.replace('/root/cs.pass', '/root/bad.pass'))
    assert result.rc == 6, result
    log = host.log()
    assert 'invalid passphrase' in log and 'invalid passphrase' in result.err
    for secret in (WRONG_PASSPHRASE, PASSPHRASE):
        assert secret not in log and secret not in result.text and secret not in host.cs_log()
    snap = host.snapshot()
    assert snap.vx['AGENT_CONFIGURATION_STATUS'] == ''
    assert snap.drscout['vxagent.transport']['Hostname'] == ''
    assert host.cs_hosts() == {}

    missing = host.sh(host.register.replace('/root/cs.pass', '/root/nope.pass'))
    assert missing.rc == 5 and 'does not exist' in missing.err, missing
    empty = host.sh(': > /root/empty.pass; %s' % host.register.replace('/root/cs.pass', '/root/empty.pass'))
    assert empty.rc == 5 and 'is empty' in empty.err, empty
    usage = host.sh('%s -D maybe' % host.register)
    assert usage.rc == 2, usage
    bad_port = host.sh('%s -p 44x' % host.register)
    assert bad_port.rc == 2 and 'invalid port' in bad_port.err, bad_port


def test_unreachable_server_and_persistence(host):
    registered = host.classic_registered()
    assert host.csctl('stop').returncode == 0
    try:
        assert host.csctl('status').returncode == 3
        result = host.sh('%s -c CSLegacy' % host.register)
        assert result.rc == 7, result
        line = 'the configuration server 127.0.0.1:%d could not be reached' % host.port
        assert line in host.log() and line in result.err
        assert host.snapshot().vx['AGENT_CONFIGURATION_STATUS'] == 'Succeeded'  # unchanged
    finally:
        assert host.csctl('start').returncode == 0
    # Registrations survive a server restart.
    assert registered.host_id in host.cs_hosts()

    # Without -p the configurator talks to port 443, like the vendor's.
    default_port = host.sh('%s -i 127.0.0.1 -P /root/cs.pass' % VXCONF)
    assert default_port.rc == 7 and '127.0.0.1:443 could not be reached' in default_port.err, default_port


def test_registered_elsewhere_is_refused_with_13(host):
    registered = host.classic_registered()
    moved = host.sh(host.register.replace('-i 127.0.0.1', '-i 127.0.0.2'))
    assert moved.rc == 13, moved
    assert 'registered to the configuration server 127.0.0.1' in moved.err
    snap = host.snapshot()
    assert snap.drscout['vxagent.transport']['Hostname'] == '127.0.0.1'
    assert snap.host_id == registered.host_id


# --- container: upgrade / downgrade ------------------------------------------

def test_classic_upgrade_keeps_identity_and_downgrade_is_refused(host):
    old = host.classic_registered('old')
    assert old.vx['PROD_VERSION'] == V_OLD

    plain = host.install('new', CLASSIC_INSTALL)
    assert plain.rc == 5 and 'already installed' in plain.err, plain
    assert host.snapshot().vx['PROD_VERSION'] == V_OLD

    # the vendor's installer ends every successful upgrade with 98
    upgraded = host.install('new', './install -q -v VmWare')
    assert upgraded.rc == 98, upgraded
    assert 'Upgrade succeeded but requires a restart' in upgraded.out
    snap = host.snapshot()
    assert snap.vx['PROD_VERSION'] == snap.vx['VERSION'] == V_NEW
    assert snap.vx['BUILD_TAG'].startswith('RELEASE_9.66.7567.1_GA_7567_')
    assert snap.vx['AGENT_CONFIGURATION_STATUS'] == 'Succeeded'
    assert snap.host_id == old.host_id
    assert snap.drscout['vxagent.transport']['Hostname'] == '127.0.0.1'
    assert snap.platform == {'VMPLATFORM': 'VmWare', 'CS_TYPE': 'CSLegacy'}
    assert snap.status == '0'

    downgrade = host.install('old', './install -q -v VmWare')
    assert downgrade.rc == 15 and 'downgrade not supported' in downgrade.err, downgrade
    also = host.install('old', './install -q -v VmWare -a Upgrade')
    assert also.rc == 15, also
    assert host.snapshot().vx['PROD_VERSION'] == V_NEW

    explicit = host.install('newer', './install -q -v VmWare -a Upgrade')
    assert explicit.rc == 98, explicit
    snap = host.snapshot()
    assert (snap.vx['PROD_VERSION'], snap.host_id) == (V_NEWER, old.host_id)
    assert snap.vx['AGENT_CONFIGURATION_STATUS'] == 'Succeeded'


# --- container: modernized ---------------------------------------------------

def test_modernized_install_registration_and_upgrade(host):
    result = host.install('new', PRIME_INSTALL)
    assert result.rc == 0, result
    last = result.out.strip().splitlines()[-1]
    assert last.startswith('Agent Config Input: ')
    token = json.loads(base64.b64decode(last.split(': ', 1)[1]))
    snap = host.snapshot()
    assert token['HostId'] == snap.host_id and token['OsType'] == TAG and token['Version'] == V_NEW
    assert snap.platform == {'VMPLATFORM': 'VmWare', 'CS_TYPE': 'CSPrime'}
    assert snap.vx['AGENT_CONFIGURATION_STATUS'] == ''

    classic = host.sh('%s -c CSLegacy' % host.register)
    assert classic.rc == 8, classic

    config = str(host.tmp / 'config.json')
    made = host.csctl('config-json', '--out', config)
    assert made.returncode == 0, made.stderr
    with open(config, encoding='utf-8') as handle:
        document = json.load(handle)
    assert (document['address'], document['port']) == ('127.0.0.1', host.port)
    assert oct(os.stat(config).st_mode & 0o777) == '0o600'
    subprocess.run(['docker', 'cp', config, '%s:/root/config.json' % host.name], check=True)

    broken = host.sh('echo "{\\"address\\": \\"127.0.0.1\\"}" > /root/broken.json; '
                     '%s -S /root/broken.json -c CSPrime -q' % VXCONF)
    assert broken.rc == 5 and 'config.json' in broken.err, broken
    not_json = host.sh('echo nope > /root/nojson.json; %s -S /root/nojson.json -c CSPrime -q' % VXCONF)
    assert not_json.rc == 5 and 'not valid JSON' in not_json.err, not_json
    forged = dict(document, key='0' * 64)
    host.sh("echo '%s' > /root/forged.json" % json.dumps(forged))
    rejected = host.sh('%s -S /root/forged.json -c CSPrime -q' % VXCONF)
    assert rejected.rc == 6 and 'invalid key' in rejected.err, rejected
    missing_c = host.sh('%s -S /root/config.json -q' % VXCONF)
    assert missing_c.rc == 2, missing_c

    registered = host.sh('%s -S /root/config.json -c CSPrime -q -D true' % VXCONF)
    assert registered.rc == 0, registered
    assert registered.out == ''  # -q
    snap = host.snapshot()
    assert snap.vx['AGENT_CONFIGURATION_STATUS'] == 'Succeeded'
    assert snap.drscout['vxagent.transport']['Hostname'] == '127.0.0.1'
    record = host.cs_hosts()[snap.host_id]
    assert (record['cs_type'], record['credential_less_discovery'], record['version'], record['registrations']) \
        == ('CSPrime', True, V_NEW, 1)
    assert document['key'] not in host.log() and document['key'] not in host.cs_log()
    assert document['key'] not in registered.text + rejected.text

    # -c CSLegacy over a modernized agent fails with 97, like the vendor's
    switch = host.install('newer', './install -q -v VmWare -a Upgrade -c CSLegacy')
    assert switch.rc == 97 and 'cannot be changed back' in switch.err, switch

    upgraded = host.install('newer', './install -q -v VmWare -a Upgrade -c CSPrime')
    assert upgraded.rc == 98, upgraded
    assert upgraded.out.strip().splitlines()[-1].startswith('Agent Config Input: ')
    after = host.snapshot()
    assert (after.vx['PROD_VERSION'], after.host_id) == (V_NEWER, snap.host_id)
    assert after.vx['AGENT_CONFIGURATION_STATUS'] == 'Succeeded'
    record = host.cs_hosts()[snap.host_id]
    assert (record['version'], record['registrations']) == (V_NEWER, 2)  # registered again by itself


# --- container: fault injection ----------------------------------------------

def test_fault_install_exit_runtime_and_build_time(host):
    host.set_fault('install-exit:42')
    result = host.install('new', CLASSIC_INSTALL)
    assert result.rc == 42, result
    assert 'fault injection install-exit:42' in host.log()
    assert host.snapshot().nothing_installed

    host.sh('rm -f /etc/asr-simulator/fault')
    baked = host.install('faulty', CLASSIC_INSTALL)
    assert baked.rc == 17, baked
    assert host.snapshot().nothing_installed

    # "none" in the host's fault file drops the build-time faults.
    host.set_fault('# lab override\nnone')
    cleared = host.install('faulty', CLASSIC_INSTALL)
    assert cleared.rc == 0, cleared
    assert host.snapshot().vx['PROD_VERSION'] == V_NEW


def test_fault_install_die_midway_then_recovery(host):
    host.set_fault('install-die-midway')
    died = host.install('new', CLASSIC_INSTALL)
    assert died.rc == 137, died  # SIGKILL
    snap = host.snapshot()
    assert snap.vx == {'INSTALLATION_DIR': '/usr/local/ASR/Vx'}  # incomplete: no PROD_VERSION
    assert '/usr/local/ASR/Vx/bin' in snap.exists and '/etc/init.d/vxagent' not in snap.exists
    assert snap.svagents == [] and snap.drscout is None

    # The configurator treats it as not installed.
    assert host.sh(host.register).rc == 4

    # Same command again, fault file still there: recovers and completes.
    again = host.install('new', CLASSIC_INSTALL)
    assert again.rc == 0, again
    assert 'Recovering from an interrupted installation' in again.err
    snap = host.snapshot()
    assert snap.vx['PROD_VERSION'] == V_NEW and snap.status == '0'
    assert host.sh('test -e /etc/vxagent/.sim_install_in_progress').rc == 1


def test_fault_slow_and_configure_and_uninstall_exit(host):
    host.set_fault('install-slow:2')
    slow = host.install('new', CLASSIC_INSTALL)
    assert slow.rc == 0, slow
    assert slow.elapsed >= 2.0
    assert host.snapshot().vx['PROD_VERSION'] == V_NEW

    host.set_fault('configure-exit:9')
    failed = host.sh(host.register)
    assert failed.rc == 9, failed
    assert host.snapshot().vx['AGENT_CONFIGURATION_STATUS'] == ''

    host.set_fault('configure-slow:1')
    slow_conf = host.sh(host.register)
    assert slow_conf.rc == 0 and slow_conf.elapsed >= 1.0, slow_conf

    host.set_fault('configure-echo-input')
    before = host.snapshot()
    echoed = host.sh('%s -c CSLegacy' % host.register)
    assert echoed.rc == 5, echoed
    assert PASSPHRASE in echoed.out and PASSPHRASE in echoed.err and PASSPHRASE in host.log()
    assert host.snapshot().vx == before.vx and host.snapshot().drscout == before.drscout  # nothing changed

    host.set_fault('uninstall-exit:4')
    kept = host.sh('cd /usr/local/ASR && ./uninstall.sh -Y')
    assert kept.rc == 4, kept
    snap = host.snapshot()
    assert snap.vx['PROD_VERSION'] == V_NEW and snap.status == '0'


# --- container: uninstall ----------------------------------------------------

def test_uninstall_removes_everything(host):
    host.classic_registered()
    assert host.sh('cd /usr/local/ASR && ./uninstall.sh').rc == 2  # no -Y, no terminal
    assert host.sh('cd /usr/local/ASR && ./uninstall.sh -Y', user=65534).rc == 3
    assert host.snapshot().status == '0'

    result = host.sh('cd /usr/local/ASR && ./uninstall.sh -Y')
    assert result.rc == 0, result
    snap = host.snapshot()
    assert snap.nothing_installed, snap.files
    assert host.sh('pgrep -x svagents || pgrep -x appservice').rc == 1
    assert host.sh('ls /var/run/svagents.pid /var/run/appservice.pid').rc != 0
    assert 'Mobility Service agent uninstalled' in host.log()

    # -d DIR installs into DIR/ASR (the default /usr/local/ASR excepted); found from .vx_version and removed.
    custom = host.install('new', './install -r MS -v VmWare -d /opt/ASRcustom -q -c CSLegacy')
    assert custom.rc == 0, custom
    snap = host.snapshot()
    assert snap.vx['INSTALLATION_DIR'] == '/opt/ASRcustom/ASR/Vx' and snap.status == '0'
    gone = host.sh('cd /opt/ASRcustom/ASR && ./uninstall.sh -Y && ! test -e /opt/ASRcustom/ASR && '
                   '! test -e /usr/local/.vx_version && ! pgrep -x svagents')
    assert gone.rc == 0, gone


def test_damaged_version_file_is_restored_from_its_backup(host):
    registered = host.classic_registered()
    host.sh('printf "garbage\\n\\001\\002\\n" > /usr/local/.vx_version')
    again = host.install('new', CLASSIC_INSTALL)
    assert again.rc == 0 and 'restored it from /etc/vxagent/backup/.vx_version' in again.err, again
    assert host.snapshot().vx == registered.vx
    host.sh('echo garbage > /usr/local/.vx_version; echo garbage > /etc/vxagent/backup/.vx_version')
    refused = host.install('new', CLASSIC_INSTALL)
    assert refused.rc == 97 and 'no usable copy' in refused.err, refused


def test_fault_install_exit_97_writes_the_errors_file(host):
    host.set_fault('install-exit:97')
    result = host.install('new', CLASSIC_INSTALL)
    assert result.rc == 97, result
    errors = json.loads(host.sh('cat /var/log/InstallerErrors.json').out)
    assert 'install-exit:97' in errors['Errors'][0]['Message']


@pytest.fixture(scope='module')
def systemd_host(lab, request):
    """A persona whose tag runs the agent as a systemd unit (DEBIAN9-64), with the lab's systemctl stand-in."""
    name = lab.name + '-systemd'
    run = subprocess.run(['docker', 'run', '-d', '--init', '--network', 'host', '--label', LABEL, '--name', name,
                          SYSTEMD_IMAGE, 'sleep', 'infinity'], capture_output=True, text=True, check=False)
    request.addfinalizer(lambda: subprocess.run(['docker', 'rm', '-f', name], capture_output=True, check=False))
    assert run.returncode == 0, run.stderr
    other = Lab(name, lab.port, lab.state_dir, lab.tmp, lab.env)
    for version in (V_NEW, V_NEWER):
        path = build_installer.build_installer('DEBIAN9-64', version, str(lab.tmp / 'systemd' / version))
        subprocess.run(['docker', 'cp', path, '%s:/root/%s.tar.gz' % (name, version)], check=True)
        assert other.sh('mkdir -p /opt/pkg/%s && tar -xzf /root/%s.tar.gz -C /opt/pkg/%s' % (
            version, version, version)).rc == 0
    subprocess.run(['docker', 'cp', str(lab.tmp / 'cs.pass'), '%s:/root/cs.pass' % name], check=True)
    return other


def test_systemd_tag_runs_the_agent_as_a_unit(systemd_host):
    host = systemd_host
    result = host.install(V_NEW, CLASSIC_INSTALL)
    assert result.rc == 0, result
    snap = host.snapshot()
    assert {'/etc/systemd/system/vxagent.service', '/etc/vxagent/bin/vxagent'} <= snap.exists
    assert '/etc/init.d/vxagent' not in snap.exists
    assert snap.status == '0' and len(snap.svagents) == 1
    assert host.sh('systemctl is-enabled vxagent').out.strip() == 'enabled'
    registered = host.sh('%s -c CSLegacy' % host.register)
    assert registered.rc == 0, registered
    upgraded = host.install(V_NEWER, './install -q -v VmWare')
    assert upgraded.rc == 98, upgraded
    assert host.snapshot().status == '0'
    assert host.sh('systemctl stop vxagent; systemctl is-active vxagent').out.strip() == 'inactive'
    # the daemon starts in the background: give it a few seconds on a loaded machine
    assert host.sh('systemctl start vxagent && for i in 1 2 3 4 5 6 7 8 9 10; do '
                   'pgrep -x svagents && exit 0; sleep 0.5; done; exit 1').rc == 0
    gone = host.sh('cd /usr/local/ASR && ./uninstall.sh -Y')
    assert gone.rc == 0, gone
    snap = host.snapshot()
    assert not snap.exists and snap.svagents == []
    assert host.sh('systemctl is-active vxagent').rc != 0
