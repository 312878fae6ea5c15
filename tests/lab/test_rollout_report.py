# -*- coding: utf-8 -*-
"""The rollout's report when a whole wave is lost: push_install on two
personas whose canary answers during the preflight and stops answering when
its wave starts (its connection becomes SSH to a closed loopback port). With a
one-host canary, Ansible then ends the playbook before the report play: the
JSON and HTML report and the retry file must be there anyway, telling what
happened, and an older retry file must not be left to look current."""

from __future__ import absolute_import, division, print_function

import glob
import json
import os
import subprocess

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(scope='module')
def lost_canary(fleet_factory, tmp_path_factory):
    fleet = fleet_factory()
    fleet.start(['debian12', 'rhel8'])
    canary, other = fleet.names['debian12'], fleet.names['rhel8']
    work = tmp_path_factory.mktemp('rollout')
    reports = work / 'reports'
    reports.mkdir()
    (reports / 'push_install.retry').write_text('a-host-of-an-older-run\n')
    (work / 'installers').mkdir()
    # the canary is reached by docker exec until its wave starts, then by SSH to a port nobody listens on
    lost = "hostvars['localhost'].mobility_rollout_batch is defined"
    inventory = {'all': {'children': {'asr_protected_machines': {'hosts': {
        canary: {'ansible_connection': "{{ 'ssh' if %s else 'community.docker.docker' }}" % lost,
                 'ansible_host': "{{ '127.0.0.1' if %s else inventory_hostname }}" % lost,
                 'ansible_port': 1, 'ansible_user': 'root'},
        other: {'ansible_connection': 'community.docker.docker'},
    }}}}}
    (work / 'inventory.yml').write_text(yaml.safe_dump(inventory))
    variables = {'mobility_service_cs_address': '127.0.0.1', 'mobility_service_passphrase': 'not-used-here',
                 'mobility_service_installer_dir': str(work / 'installers'),
                 'mobility_service_check_connectivity': False, 'mobility_rollout_report_dir': str(reports),
                 'mobility_rollout_serial': [1, '100%']}
    (work / 'vars.json').write_text(json.dumps(variables))
    env = dict(os.environ, ANSIBLE_HOST_KEY_CHECKING='0', ANSIBLE_TIMEOUT='5', ANSIBLE_RETRY_FILES_ENABLED='0')
    done = subprocess.run(['ansible-playbook', '-i', str(work / 'inventory.yml'), '-e', '@' + str(work / 'vars.json'),
                           'siterecovery.mobility.push_install'], capture_output=True, text=True, env=env,
                          cwd=str(work), timeout=600, check=False)
    return {'done': done, 'reports': reports, 'canary': canary, 'other': other}


def test_the_run_fails_and_the_canary_was_lost(lost_canary):
    done = lost_canary['done']
    assert done.returncode != 0, done.stdout[-3000:]
    assert 'UNREACHABLE' in done.stdout, done.stdout[-3000:]


def test_the_report_is_written_although_the_report_play_never_ran(lost_canary):
    paths = glob.glob(str(lost_canary['reports'] / 'push_install-*.json'))
    assert len(paths) == 1, (paths, lost_canary['done'].stdout[-3000:])
    assert glob.glob(str(lost_canary['reports'] / 'push_install-*.html'))
    with open(paths[0]) as handle:
        records = dict((record['host'], record) for record in json.load(handle)['hosts'])
    canary, other = records[lost_canary['canary']], records[lost_canary['other']]
    assert canary['result'] == 'unreachable', canary
    assert 'did not finish' in canary['reason'], canary
    # the other host's wave never started
    assert other['result'] == 'skipped' and other['reason'].startswith('not reached'), other


def test_the_retry_file_is_this_runs(lost_canary):
    hosts = (lost_canary['reports'] / 'push_install.retry').read_text().split()
    assert sorted(hosts) == sorted([lost_canary['canary'], lost_canary['other']])
