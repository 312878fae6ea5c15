# -*- coding: utf-8 -*-
"""After converge.yml's five runs: the hosts' state, and every run's report
checked against the documented schema and against what the run did."""

from __future__ import absolute_import, division, print_function

import glob
import json
import os
import sys

import jsonschema
import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'shared'))
from verify_helpers import key_values, registered_hosts  # noqa: E402  pylint: disable=wrong-import-position

RUNS = os.path.join(os.environ['SRM_ROLLOUT_DIR'], 'runs')
SCHEMA = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'docs', 'rollout-report.schema.json')
P = 'srm-mol-rollout-'
RHEL8, RHEL7, DEBIAN12, UBUNTU = P + '1-rhel8', P + '2-rhel7', P + '4-debian12', P + '5-ubuntu2004'
INSTALLED = [RHEL8, RHEL7, DEBIAN12, UBUNTU]
FAILING = P + '3-sles12sp3'
GHOST = P + '9-ghost'
RUN_NAMES = ['1-waves', '2-check', '3-resume', '4-again', '5-survey']


def report(run):
    files = glob.glob(os.path.join(RUNS, run, '*.json'))
    assert len(files) == 1, files
    with open(files[0]) as handle:
        return json.load(handle)


def results(run):
    return dict((record['host'], record['result']) for record in report(run)['hosts'])


def retry_file(run, playbook='push_install'):
    path = os.path.join(RUNS, run, playbook + '.retry')
    if not os.path.exists(path):
        return None
    with open(path) as handle:
        return handle.read().split()


# ---------------------------------------------------------------- the hosts

def test_agent_state(host):
    name = host.backend.get_hostname()
    version = host.file('/usr/local/.vx_version')
    if name == FAILING:
        assert not version.exists
    else:
        values = key_values(version.content_string)
        assert values['PROD_VERSION'] == '9.66.7567.1'
        assert values['AGENT_CONFIGURATION_STATUS'] == 'Succeeded'


def test_every_installed_host_registered_once():
    registered = [entry['os_tag'] for entry in registered_hosts(os.environ['SRM_CS_URL'])]
    assert sorted(registered) == sorted(['RHEL8-64', 'RHEL7-64', 'DEBIAN12-64', 'UBUNTU-20.04-64'])


# ---------------------------------------------------------------- the reports

@pytest.mark.parametrize('run', RUN_NAMES)
def test_report_follows_the_documented_schema(run):
    with open(SCHEMA) as handle:
        jsonschema.validate(report(run), json.load(handle))


@pytest.mark.parametrize('run', RUN_NAMES)
def test_report_has_an_html_page_with_every_host(run):
    pages = glob.glob(os.path.join(RUNS, run, '*.html'))
    assert len(pages) == 1
    with open(pages[0]) as handle:
        page = handle.read()
    for record in report(run)['hosts']:
        assert '<td>%s</td>' % record['host'] in page


def test_waves_stop_at_the_threshold():
    built = report('1-waves')
    assert results('1-waves') == {RHEL8: 'changed', RHEL7: 'changed', FAILING: 'failed', GHOST: 'unreachable',
                                  DEBIAN12: 'skipped', UBUNTU: 'skipped'}
    assert built['stopped_reason'] == 'wave 2: 1 of 2 hosts failed (50 %), more than the 40 % allowed'
    assert built['totals'] == {'hosts': 6, 'changed': 2, 'unchanged': 0, 'failed': 1, 'unreachable': 1, 'skipped': 2}
    by_host = dict((record['host'], record) for record in built['hosts'])
    assert 'exited with code 1' in by_host[FAILING]['reason']
    assert by_host[DEBIAN12]['reason'] == 'not reached: ' + built['stopped_reason']
    assert by_host[GHOST]['reason'].startswith('unreachable: ')
    assert by_host[RHEL8]['version_before'] is None and by_host[RHEL8]['version_after'] == '9.66.7567.1'
    assert by_host[RHEL8]['installer_tag'] == 'RHEL8-64' and by_host[RHEL8]['registration_target'] == '127.0.0.1'
    assert retry_file('1-waves') == sorted([DEBIAN12, GHOST, FAILING, UBUNTU])


def test_check_mode_reports_what_would_happen():
    built = report('2-check')
    assert built['check_mode'] is True
    assert results('2-check') == {DEBIAN12: 'changed', UBUNTU: 'changed', FAILING: 'changed',
                                  GHOST: 'unreachable'}


def test_resume_picks_up_the_retry_list():
    built = report('3-resume')
    assert built['check_mode'] is False and built['stopped_reason'] is None
    assert results('3-resume') == {DEBIAN12: 'changed', UBUNTU: 'changed', FAILING: 'failed',
                                   GHOST: 'unreachable'}
    assert retry_file('3-resume') == sorted([GHOST, FAILING])


def test_a_second_full_run_changes_nothing():
    assert results('4-again') == dict([(name, 'unchanged') for name in INSTALLED] + [(FAILING, 'failed'), (GHOST, 'unreachable')])


def test_the_survey_lists_every_host():
    built = report('5-survey')
    assert built['playbook'] == 'preflight'
    assert results('5-survey') == dict([(name, 'unchanged') for name in INSTALLED + [FAILING]] + [(GHOST, 'unreachable')])
    assert retry_file('5-survey') is None and retry_file('5-survey', 'preflight') == [GHOST]


def test_converged_hosts_take_the_fast_path():
    """A re-run reads a converged host's state once in the preflight and sends it through no wave."""
    with open(os.path.join(RUNS, '4-again.out')) as handle:
        output = handle.read()
    waves = output.split('PLAY [Deploy the Mobility Service agent in waves]', 1)[1].split('PLAY [Report the rollout]', 1)[0]
    for name in INSTALLED:
        assert name not in waves
    assert FAILING in waves  # the host that is not converged still gets its wave
    by_host = dict((record['host'], record) for record in report('4-again')['hosts'])
    for name in INSTALLED:
        assert by_host[name]['reason'] == 'version 9.66.7567.1 is installed, running and registered to 127.0.0.1'
        assert by_host[name]['version_before'] == by_host[name]['version_after'] == '9.66.7567.1'
