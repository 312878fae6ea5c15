# -*- coding: utf-8 -*-
"""Helpers for the lab tests: containers from the lab's images, labelled so
that the lab's clean-up finds them, removed when the tests end."""

from __future__ import absolute_import, division, print_function

import json
import os
import subprocess
import uuid

import pytest

LAB_LABEL = 'org.siterecovery.lab'
# the persona images of the mode SRM_LAB_PYTHON selects (scripts/lab/common.sh exports it)
PERSONA_REPO = os.environ.get('LAB_PERSONA_REPO', 'siterecovery-lab/persona')


def run(cmd, check=True, **kwargs):
    return subprocess.run(cmd, capture_output=True, text=True, check=check, **kwargs)


class Fleet(object):
    """A set of running persona containers, reached with `docker exec`."""

    def __init__(self, prefix):
        self.prefix = prefix
        self.names = {}

    def start(self, personas, network='none', variant=''):
        """Start the personas' containers; variant is a tag suffix, e.g. '-python'."""
        for persona in personas:
            name = '%s-%s' % (self.prefix, persona)
            run(['docker', 'run', '-d', '--rm', '--network', network, '--label', '%s=1' % LAB_LABEL,
                 '--label', '%s.owner=pytest' % LAB_LABEL, '--name', name,
                 '%s:%s%s' % (PERSONA_REPO, persona, variant), 'sleep', 'infinity'])
            self.names[persona] = name

    def exec(self, name, script):
        """Run a shell script in a container as root; its standard output."""
        return run(['docker', 'exec', name, 'sh', '-c', script]).stdout

    def remove(self):
        if self.names:
            run(['docker', 'rm', '-f'] + list(self.names.values()), check=False)

    def adhoc(self, module, args='', **env):
        """Run one Ansible module on every container (ansible -m, docker exec); {persona: result}.

        A host that fails stays in the answer: its result says 'failed' or 'unreachable'."""
        env = dict(os.environ, ANSIBLE_LOAD_CALLBACK_PLUGINS='1', ANSIBLE_STDOUT_CALLBACK='ansible.builtin.json',
                   ANSIBLE_DEPRECATION_WARNINGS='0', **env)
        inventory = ','.join(self.names.values()) + ','
        cmd = ['ansible', 'all', '-i', inventory, '-c', 'community.docker.docker', '-f', '20', '-m', module]
        out = run(cmd + (['-a', args] if args else []), env=env, check=False).stdout
        results = json.loads(out[out.index('{'):])['plays'][0]['tasks'][0]['hosts']
        by_name = {v: k for k, v in self.names.items()}
        return {by_name[host]: res for host, res in results.items()}

    def facts(self, subset='min'):
        """Gather facts with Ansible's real setup module; {persona: ansible_facts}."""
        env = dict(os.environ, ANSIBLE_LOAD_CALLBACK_PLUGINS='1', ANSIBLE_STDOUT_CALLBACK='ansible.builtin.json',
                   ANSIBLE_PYTHON_INTERPRETER='/usr/bin/python3', ANSIBLE_DEPRECATION_WARNINGS='0')
        inventory = ','.join(self.names.values()) + ','
        out = run(['ansible', 'all', '-i', inventory, '-c', 'community.docker.docker', '-f', '20',
                   '-m', 'ansible.builtin.setup', '-a', 'gather_subset=%s' % subset], env=env).stdout
        results = json.loads(out[out.index('{'):])['plays'][0]['tasks'][0]['hosts']
        by_name = {v: k for k, v in self.names.items()}
        # setup returns 'ansible_'-prefixed keys; playbooks see them in ansible_facts without it.
        return {by_name[host]: {k[len('ansible_'):] if k.startswith('ansible_') else k: v
                                for k, v in res['ansible_facts'].items()}
                for host, res in results.items()}


@pytest.fixture(scope='module')
def fleet_factory():
    fleets = []

    def make():
        fleet = Fleet('srm-pytest-%s' % uuid.uuid4().hex[:6])
        fleets.append(fleet)
        return fleet
    yield make
    for fleet in fleets:
        fleet.remove()
