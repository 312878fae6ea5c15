"""Runs the push installation at -vvvv while sampling the process lists of
the hosts and of the controller, and keeps everything for the verifier:
<lab-dir>/runs/console.out, ansible.log, reports/, ps-samples.txt, and the
playbook's exit code in rc (one host fails on purpose, so the run's exit code
is the verifier's to judge)."""

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time

HOSTS = ('srm-mol-secrets-1-classic', 'srm-mol-secrets-2-modernized', 'srm-mol-secrets-3-echo')


def sample(stop, samples):
    """Every process list of the hosts and of the controller, ~10 times a second."""
    while not stop.is_set():
        for host in HOSTS:
            done = subprocess.run(['docker', 'exec', host, 'ps', '-eo', 'pid,args', '--no-headers'],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False)
            samples.append('## %s %.1f\n%s' % (host, time.time(), done.stdout.decode('utf-8', 'replace')))
        done = subprocess.run(['ps', '-eo', 'pid,args', '--no-headers'], stdout=subprocess.PIPE, check=False)
        samples.append('## controller %.1f\n%s' % (time.time(), done.stdout.decode('utf-8', 'replace')))
        time.sleep(0.1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--inventory', required=True)
    parser.add_argument('--lab-dir', required=True)
    args = parser.parse_args()
    runs = os.path.join(args.lab_dir, 'runs')
    shutil.rmtree(runs, ignore_errors=True)
    os.makedirs(runs)

    stop, samples = threading.Event(), []
    sampler = threading.Thread(target=sample, args=(stop, samples))
    sampler.start()
    env = dict(os.environ, ANSIBLE_LOG_PATH=os.path.join(runs, 'ansible.log'))
    playbook = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
    variables = {'mobility_rollout_report_dir': os.path.join(runs, 'reports'), 'mobility_rollout_serial': ['100%']}
    try:
        with open(os.path.join(runs, 'console.out'), 'w') as out:
            rc = subprocess.run([playbook, '-vvvv', '-i', args.inventory, 'siterecovery.mobility.push_install',
                                 '-e', json.dumps(variables)], stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, env=env, check=False).returncode
    finally:
        stop.set()
        sampler.join()
    with open(os.path.join(runs, 'ps-samples.txt'), 'w') as handle:
        handle.write(''.join(samples))
    with open(os.path.join(runs, 'rc'), 'w') as handle:
        handle.write('%d\n' % rc)
    print('push_install -vvvv: exit code %d, %d process list samples' % (rc, len(samples)))
    # a host fails on purpose (its configurator repeats its input): the verifier judges the exit code kept in 'rc'
    return 0


if __name__ == '__main__':
    sys.exit(main())
