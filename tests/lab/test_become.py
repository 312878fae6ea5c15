# -*- coding: utf-8 -*-
"""A non-root login user that becomes root, as on the real fleet: the Linux modules over
ansible.builtin.ssh as 'deploy', root through sudo (without and with a password) and through su
(root's password), with pipelining on and off, on personas without a Python Ansible can find.

mobility_agent_info must read the host as root (user id 0) and tell the persona's distribution;
mobility_agent (installer sent from the controller with src and checked with checksum) and
mobility_agent_registration (passphrase sent as a file) must change the host through sudo and
through su, leaving neither their private folder under /var/tmp nor anything in deploy's
~/.ansible/tmp, where the connection put the files as deploy. A become that fails (no sudo
password, a wrong su password) must fail the task, never run the script as deploy.
"""

from __future__ import absolute_import, division, print_function

import json
import os
import secrets
import shutil
import socket
import sys
import tempfile
import time
import uuid

import pytest

from conftest import LAB_LABEL, PERSONA_REPO, run

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SIMULATOR = os.path.join(ROOT, 'tests', 'simulator')
AGENT_VERSION = '9.66.7567.1'
# persona: (distribution, installer tag, deploy's sudo rule: 'nopasswd' or 'password')
PERSONAS = {
    'rhel8': ('RedHat', 'RHEL8-64', 'nopasswd'),
    'sles11sp3': ('SLES', 'SLES11-SP3-64', 'password'),   # SysV init
    'ubuntu2004': ('Ubuntu', 'UBUNTU-20.04-64', 'password'),
}
# the become of the change: sudo without a password, sudo with one, su
CHANGE_BECOME = {'rhel8': 'sudo', 'ubuntu2004': 'sudo', 'sles11sp3': 'su'}
# first ports tried on 127.0.0.1 (docs/lab.md, Network): sshd of each persona, configuration server
SSH_PORT = int(os.environ.get('SRM_BECOME_SSH_PORT', '22360'))
CS_PORT = int(os.environ.get('SRM_BECOME_CS_PORT', '44360'))


def port_free(port):
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(('127.0.0.1', port))
        except OSError:
            return False
    return True


def free_ports(first, count, avoid=()):
    ports = [port for port in range(first, first + 100) if port not in avoid and port_free(port)][:count]
    if len(ports) < count:
        pytest.fail('not %d free loopback ports from %d' % (count, first))
    return ports


def wait_for_sshd(port, deadline):
    while True:
        try:
            with socket.create_connection(('127.0.0.1', port), timeout=2) as conn:
                if conn.recv(8).startswith(b'SSH-'):
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail('sshd on 127.0.0.1:%d did not answer' % port)
        time.sleep(0.2)


class Lab(object):
    """The personas (host network, sshd on loopback), their users and the controller's files."""

    def __init__(self, work):
        self.work = work
        self.prefix = 'srm-pytest-become-%s' % uuid.uuid4().hex[:6]
        self.names, self.ports = {}, {}
        self.deploy_password = 'Dp-' + secrets.token_hex(8)
        self.root_password = 'Rt-' + secrets.token_hex(8)
        self.passphrase = 'Cs-' + secrets.token_hex(12)
        self.key = os.path.join(work, 'id_ed25519')
        self.cs_port = None
        self.cs_state = os.path.join(work, 'cs')

    def keys(self):
        os.makedirs(os.path.join(self.work, 'hostkey'))
        run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', 'srm-become-test', '-f', self.key])
        run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', 'srm-become-host',
             '-f', os.path.join(self.work, 'hostkey', 'ssh_host_ed25519_key')])

    def start(self):
        self.keys()
        ports = free_ports(SSH_PORT, len(PERSONAS))
        for persona, port in zip(sorted(PERSONAS), ports):
            name = '%s-%s' % (self.prefix, persona)
            self.names[persona], self.ports[persona] = name, port
            run(['docker', 'run', '-d', '--rm', '--network', 'host', '--name', name,
                 '--label', '%s=1' % LAB_LABEL, '--label', '%s.owner=pytest' % LAB_LABEL,
                 '-v', '%s:/etc/ssh/srm-become:ro' % os.path.join(self.work, 'hostkey'),
                 '%s:%s' % (PERSONA_REPO, persona), 'sh', '-c',
                 'mkdir -p /run/sshd && exec /usr/sbin/sshd -D -e -o ListenAddress=127.0.0.1 '
                 '-o PasswordAuthentication=no -o HostKey=/etc/ssh/srm-become/ssh_host_ed25519_key -p %d' % port])
        with open(self.key + '.pub') as handle:
            public = handle.read().strip()
        for persona, name in self.names.items():
            rule = 'deploy ALL=(ALL) %sALL' % ('NOPASSWD: ' if PERSONAS[persona][2] == 'nopasswd' else '')
            self.setup(name, """set -e
command -v sudo >/dev/null || { echo 'no sudo in the image: rebuild it with scripts/lab/images.sh' >&2; exit 1; }
useradd -m -s /bin/sh deploy
install -d -m 700 -o deploy -g deploy /home/deploy/.ssh
printf '%%s\\n' '%s' >/home/deploy/.ssh/authorized_keys
chown deploy:deploy /home/deploy/.ssh/authorized_keys; chmod 600 /home/deploy/.ssh/authorized_keys
printf '%%s\\n' '%s' >/etc/sudoers.d/deploy; chmod 440 /etc/sudoers.d/deploy
visudo -cq
""" % (public, rule))
            # the passwords through stdin, never on a command line
            self.setup(name, 'chpasswd', 'deploy:%s\nroot:%s\n' % (self.deploy_password, self.root_password))
        deadline = time.monotonic() + 60
        for port in self.ports.values():
            wait_for_sshd(port, deadline)

    def start_cs(self):
        self.cs_port = free_ports(CS_PORT, 1)[0]
        passfile = os.path.join(self.work, 'passphrase')
        with open(os.open(passfile, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), 'w') as handle:
            handle.write(self.passphrase + '\n')
        run([os.path.join(SIMULATOR, 'csctl'), 'start', '--port', str(self.cs_port), '--state-dir', self.cs_state,
             '--passphrase-file', passfile])

    def cs_hosts(self):
        out = run([sys.executable, os.path.join(SIMULATOR, 'cs_server.py'), 'hosts', '--port', str(self.cs_port),
                   '--json']).stdout
        return json.loads(out)

    def setup(self, name, script, stdin=None):
        proc = run(['docker', 'exec', '-i', name, 'sh', '-c', script], input=stdin, check=False)
        if proc.returncode:
            pytest.fail('setting up %s failed: %s' % (name, proc.stderr.strip() or proc.stdout.strip()))

    def exec(self, name, script):
        return run(['docker', 'exec', name, 'sh', '-c', script]).stdout

    def remove(self):
        if self.names:
            run(['docker', 'rm', '-f'] + list(self.names.values()), check=False)
        if self.cs_port:
            run([os.path.join(SIMULATOR, 'csctl'), 'stop', '--port', str(self.cs_port), '--state-dir', self.cs_state],
                check=False)

    # ------------------------------------------------------------ Ansible

    def host(self, persona, **become):
        """Inventory variables of a persona reached over SSH as deploy."""
        hostvars = dict(ansible_connection='ansible.builtin.ssh', ansible_host='127.0.0.1',
                        ansible_port=self.ports[persona], ansible_user='deploy',
                        ansible_ssh_private_key_file=self.key,
                        ansible_ssh_common_args='-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null')
        hostvars.update(become)
        return hostvars

    def sudo(self, persona, password=True):
        become = dict(ansible_become=True, ansible_become_method='sudo', ansible_become_user='root')
        if PERSONAS[persona][2] == 'password' and password:
            become['ansible_become_password'] = self.deploy_password
        return self.host(persona, **become)

    def su(self, persona, password=None):
        return self.host(persona, ansible_become=True, ansible_become_method='su', ansible_become_user='root',
                         ansible_become_password=password or self.root_password)

    def inventory(self, hosts, name):
        path = os.path.join(self.work, name)
        with open(path, 'w') as handle:
            json.dump({'all': {'hosts': hosts}}, handle)
        return path

    def env(self, pipelining):
        return dict(os.environ, ANSIBLE_LOAD_CALLBACK_PLUGINS='1', ANSIBLE_STDOUT_CALLBACK='ansible.builtin.json',
                    ANSIBLE_DEPRECATION_WARNINGS='0', ANSIBLE_PIPELINING=str(pipelining),
                    ANSIBLE_HOST_KEY_CHECKING='False', ANSIBLE_TIMEOUT='30', ANSIBLE_FORKS='12',
                    # the ControlPersist masters' sockets live and die with the test
                    ANSIBLE_SSH_CONTROL_PATH_DIR=os.path.join(self.work, 'cp'))

    def ansible(self, cmd, pipelining):
        started = time.monotonic()
        proc = run(cmd, env=self.env(pipelining), check=False)
        assert '{' in proc.stdout, proc.stderr
        doc = json.loads(proc.stdout[proc.stdout.index('{'):])
        return doc, proc.stdout + proc.stderr, time.monotonic() - started


@pytest.fixture(scope='module')
def lab():
    # short: the ControlPersist sockets must fit a unix socket path
    work = tempfile.mkdtemp(prefix='srm-become.')
    lab = Lab(work)
    try:
        lab.start()
        yield lab
    finally:
        lab.remove()
        shutil.rmtree(work, ignore_errors=True)


# ------------------------------------------------------------------ reading the host as root

def info_inventory(lab):
    hosts = {}
    for persona in PERSONAS:
        hosts['%s-sudo' % persona] = lab.sudo(persona)
        hosts['%s-su' % persona] = lab.su(persona)
    # without become: the login user is not root
    hosts['rhel8-login'] = lab.host('rhel8')
    # become that must fail: sudo asks deploy's password and none is given; su with a wrong root password
    hosts['ubuntu2004-sudo-nopassword'] = lab.sudo('ubuntu2004', password=False)
    hosts['sles11sp3-su-wrong'] = lab.su('sles11sp3', password='wrong-' + secrets.token_hex(4))
    return hosts


@pytest.fixture(scope='module')
def info(lab):
    """{pipelining: {alias: result}} of mobility_agent_info, ad hoc, once with pipelining on and once off."""
    path = lab.inventory(info_inventory(lab), 'info.json')
    answers, outputs = {}, {}
    for pipelining in (True, False):
        doc, output, seconds = lab.ansible(['ansible', 'all', '-i', path, '-m', 'siterecovery.mobility.mobility_agent_info'],
                                           pipelining)
        answers[pipelining] = doc['plays'][0]['tasks'][0]['hosts']
        outputs[pipelining] = output
        sys.stderr.write('mobility_agent_info, pipelining %s: %.1f s\n' % (pipelining, seconds))
    return answers, outputs


@pytest.mark.parametrize('pipelining', [True, False], ids=['pipelining', 'no-pipelining'])
@pytest.mark.parametrize('method', ['sudo', 'su'])
@pytest.mark.parametrize('persona', sorted(PERSONAS))
def test_info_runs_as_root(info, persona, method, pipelining):
    result = info[0][pipelining]['%s-%s' % (persona, method)]
    assert not result.get('failed') and not result.get('unreachable'), result
    assert result['user_id'] == 0
    assert result['host_facts']['distribution'] == PERSONAS[persona][0]
    assert result['installed'] is False


@pytest.mark.parametrize('pipelining', [True, False], ids=['pipelining', 'no-pipelining'])
def test_login_user_is_not_root(info, pipelining):
    result = info[0][pipelining]['rhel8-login']
    assert not result.get('failed'), result
    assert result['user_id'] not in (None, 0)


@pytest.mark.parametrize('pipelining', [True, False], ids=['pipelining', 'no-pipelining'])
@pytest.mark.parametrize('alias', ['ubuntu2004-sudo-nopassword', 'sles11sp3-su-wrong'])
def test_failed_become_fails_the_task(info, alias, pipelining):
    """No script runs as deploy when become fails: the task fails and reports no user id."""
    result = info[0][pipelining][alias]
    assert result.get('failed') or result.get('unreachable'), result
    assert 'user_id' not in result
    assert 'password' in result.get('msg', '').lower(), result


def test_info_output_holds_no_password(lab, info):
    for output in info[1].values():
        assert lab.deploy_password not in output and lab.root_password not in output


# ------------------------------------------------------------------ changing the host as root

PLAYBOOK = """
- name: Install and register the agent as root through sudo or su
  hosts: all
  gather_facts: false
  tasks:
    - name: Agent from the controller's installer
      siterecovery.mobility.mobility_agent:
        src: "{{ installer }}"
        checksum: "sha256:{{ installer_sha256 }}"
        state: present
        cs_type: CSLegacy
      register: agent

    - name: Registered with the configuration server
      siterecovery.mobility.mobility_agent_registration:
        cs_address: 127.0.0.1
        cs_port: "{{ cs_port }}"
        passphrase: "{{ cs_passphrase }}"
      register: registration

    - name: The agent as root reads it
      siterecovery.mobility.mobility_agent_info:
        expected_cs_type: CSLegacy
        expected_cs_address: 127.0.0.1
"""


@pytest.fixture(scope='module')
def change(lab):
    """The playbook run twice: with pipelining off (it changes the hosts), then on (nothing left to change)."""
    lab.start_cs()
    installers = os.path.join(lab.work, 'installers')
    os.makedirs(installers)
    hosts = {}
    for persona, how in CHANGE_BECOME.items():
        line = run([sys.executable, os.path.join(SIMULATOR, 'build_installer.py'), '--tag', PERSONAS[persona][1],
                    '--version', AGENT_VERSION, '--out-dir', installers, '--print-sha256']).stdout.split()
        hostvars = lab.sudo(persona) if how == 'sudo' else lab.su(persona)
        hostvars.update(installer=line[1], installer_sha256=line[0], cs_port=lab.cs_port)
        hosts['%s-%s' % (persona, how)] = hostvars
    inventory = lab.inventory(hosts, 'change.json')
    playbook = os.path.join(lab.work, 'change.yml')
    with open(playbook, 'w') as handle:
        handle.write(PLAYBOOK)
    extra = os.path.join(lab.work, 'extra.json')
    with open(os.open(extra, os.O_WRONLY | os.O_CREAT, 0o600), 'w') as handle:
        json.dump({'cs_passphrase': lab.passphrase}, handle)
    runs = {}
    for pipelining in (False, True):
        doc, output, seconds = lab.ansible(['ansible-playbook', '-i', inventory, '-e', '@' + extra, playbook],
                                           pipelining)
        tasks = doc['plays'][0]['tasks']
        runs[pipelining] = ({alias: [task['hosts'][alias] for task in tasks] for alias in hosts}, output)
        sys.stderr.write('install and register, pipelining %s: %.1f s\n' % (pipelining, seconds))
    after = {persona: lab.exec(name, """cat /usr/local/.vx_version 2>/dev/null | sed -n 's/^VERSION=/version /p'
ls -d /var/tmp/asr-mobility.* 2>/dev/null | sed 's/^/staging /'
if [ -d /home/deploy/.ansible/tmp ]; then echo 'tmpdir'; fi
find /home/deploy/.ansible/tmp -mindepth 1 2>/dev/null | sed 's/^/left /'
""") for persona, name in lab.names.items()}
    return runs, after, lab.cs_hosts()


@pytest.mark.parametrize('persona', sorted(CHANGE_BECOME))
def test_change_installs_and_registers(change, persona):
    alias = '%s-%s' % (persona, CHANGE_BECOME[persona])
    agent, registration, info = change[0][False][0][alias]
    for result in (agent, registration, info):
        assert not result.get('failed') and not result.get('unreachable'), result
    # (the json callback puts the task's action name in 'action')
    assert agent['changed'] and agent['previous_version'] is None and agent['version'] == AGENT_VERSION
    assert agent['package']['tag'] == PERSONAS[persona][1]
    assert registration['changed'] and registration['registered'] and registration['cs_address'] == '127.0.0.1'
    assert info['user_id'] == 0 and info['installed'] and info['registration'] == 'same'


@pytest.mark.parametrize('persona', sorted(CHANGE_BECOME))
def test_second_run_changes_nothing(change, persona):
    alias = '%s-%s' % (persona, CHANGE_BECOME[persona])
    for result in change[0][True][0][alias]:
        assert not result.get('failed') and not result.get('unreachable'), result
        assert not result['changed'], result


@pytest.mark.parametrize('persona', sorted(CHANGE_BECOME))
def test_host_after_the_change(change, persona):
    """The agent is there; neither the private staging folder nor anything in deploy's ~/.ansible/tmp (where the
    connection put the installer and the passphrase as deploy) is left."""
    lines = change[1][persona].splitlines()
    assert 'version %s' % AGENT_VERSION in lines
    assert [line for line in lines if line.startswith(('staging ', 'left '))] == []
    # the files went through deploy's own temporary folder
    assert 'tmpdir' in lines


def test_configuration_server_registered_every_host(change):
    assert sorted(host['os_tag'] for host in change[2]) == sorted(PERSONAS[p][1] for p in CHANGE_BECOME)


def test_change_output_holds_no_secret(lab, change):
    for dummy, output in change[0].values():
        for secret in (lab.passphrase, lab.deploy_password, lab.root_password):
            assert secret not in output
