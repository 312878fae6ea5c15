"""Runs the push installation across the faults fleet the way a user would,
with two interruptions no inventory variable can express: a playbook stopped
with Ctrl-C (SIGINT) while an installer runs, and a host that disappears
while its installer runs. Every run's console output, exit code and report
stay under <lab-dir>/runs/<run>/ for the verifier."""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time

PREFIX = 'srm-mol-faults-'
INTERRUPTED = PREFIX + '20-interrupted'
LOST = PREFIX + '22-lost'


MISTAKES = {
    PREFIX + '08-badpass': {'mobility_service_passphrase': 'not-the-passphrase'},
    PREFIX + '09-csdown': {'mobility_service_cs_port': 44389, 'mobility_service_ps_port': 44389},  # nothing listens
    PREFIX + '12-slow': {'mobility_service_install_timeout': 8},
}
RERUN = ('08-badpass', '09-csdown', '10-exit', '11-midway', '12-slow', '14-elsewhere', '15-damaged', '21-configure',
         '22-lost')
FIXES = dict(MISTAKES)
FIXES.update({
    PREFIX + '08-badpass': {'mobility_service_passphrase': 'molecule-faults-passphrase'},
    PREFIX + '09-csdown': {},
    PREFIX + '12-slow': {},
    # the operator accepts the vendor's way to move an agent: uninstall, install, register
    PREFIX + '14-elsewhere': {'mobility_service_reinstall_if_registered_elsewhere': True},
})


def write_inventory(path, host_vars):
    with open(path, 'w') as handle:
        json.dump({'asr_protected_machines': {'hosts': host_vars}}, handle, indent=2)  # JSON is YAML


def installer_running(container):
    """Whether the vendor's installer runs in the container now."""
    probe = subprocess.run(['docker', 'exec', container, 'pgrep', '-f', r'\./install -'],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return probe.returncode == 0


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise SystemExit('timed out after %d s waiting for %s' % (timeout, what))


class Run(object):
    def __init__(self, args, name, extra_args, extra_vars):
        self.dir = os.path.join(args.lab_dir, 'runs', name)
        os.makedirs(self.dir)
        variables = dict(extra_vars, mobility_rollout_report_dir=self.dir)
        playbook = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
        self.cmd = [playbook, '-i', args.inventory, '-i', args.extra_inventory] + extra_args + [
            'siterecovery.mobility.push_install', '-e', json.dumps(variables)]
        self.out = open(os.path.join(self.dir, 'console.out'), 'w')
        self.proc = subprocess.Popen(self.cmd, stdout=self.out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def wait(self, timeout=900):
        rc = self.proc.wait(timeout=timeout)
        self.out.close()
        with open(os.path.join(self.dir, 'rc'), 'w') as handle:
            handle.write('%d\n' % rc)
        return rc


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--inventory', required=True)
    parser.add_argument('--lab-dir', required=True)
    args = parser.parse_args()
    runs = os.path.join(args.lab_dir, 'runs')
    shutil.rmtree(runs, ignore_errors=True)
    os.makedirs(runs)

    # the inventory the operator keeps beside molecule's:
    # hosts 08, 09 and 12 start with a mistake each, fixed before the re-run
    args.extra_inventory = os.path.join(args.lab_dir, 'faults-inventory.yml')
    write_inventory(args.extra_inventory, MISTAKES)
    # 0: the operator presses Ctrl-C while host 20's installer runs
    run = Run(args, '0-interrupted', ['--limit', INTERRUPTED], {'mobility_rollout_serial': ['100%']})
    wait_for(lambda: installer_running(INTERRUPTED) or run.proc.poll() is not None, 300, 'the installer on host 20')
    run.proc.send_signal(signal.SIGINT)
    print('0-interrupted: exit code %d' % run.wait(120))
    # the installer goes on by itself on the host; the operator waits for it before starting again
    wait_for(lambda: not installer_running(INTERRUPTED), 120, 'the installer on host 20 to end')

    # 1: the whole fleet; host 22 disappears while its installer runs
    run = Run(args, '1-faults', [], {'mobility_rollout_serial': [1, '100%'], 'mobility_rollout_max_fail_percentage': 100})
    wait_for(lambda: installer_running(LOST) or run.proc.poll() is not None, 600, 'the installer on host 22')
    subprocess.run(['docker', 'kill', LOST], check=True, stdout=subprocess.DEVNULL)
    print('1-faults: exit code %d' % run.wait())

    # 2: the operator fixes what can be fixed and resumes with the retry file
    subprocess.run(['docker', 'start', LOST], check=True, stdout=subprocess.DEVNULL)
    write_inventory(args.extra_inventory, FIXES)
    # from the retry list, the hosts a fix or a second attempt can help, and some that stay as they are
    with open(os.path.join(runs, '1-faults', 'push_install.retry')) as handle:
        retry = handle.read().split()
    limit = os.path.join(args.lab_dir, 'rerun.limit')
    with open(limit, 'w') as handle:
        handle.write(''.join(host + '\n' for host in retry if host[len(PREFIX):] in RERUN))
    run = Run(args, '2-rerun', ['--limit', '@' + limit], {'mobility_rollout_max_fail_percentage': 100})
    print('2-rerun: exit code %d' % run.wait())


if __name__ == '__main__':
    main()
