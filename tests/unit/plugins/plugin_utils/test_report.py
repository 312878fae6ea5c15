# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rollout report: results, totals, ordering, renderings."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible_collections.siterecovery.mobility.plugins.plugin_utils import report


def fact(result='changed', finished=True, **extra):
    value = {'host': 'x', 'os': 'RedHat 8.6', 'state': 'present', 'installer_tag': 'RHEL8-64',
             'installer_file': 'Microsoft-ASR_UA_9.66.7567.1_RHEL8-64_GA_20Sep2025_release.tar.gz',
             'version_before': None, 'version_after': '9.66.7567.1', 'registration_target': '10.0.0.5',
             'result': result, 'reason': '', 'findings': [], 'finished': finished}
    value.update(extra)
    return value


def test_results_from_the_facts():
    built = report.build_report(
        ['web2', 'web1', 'db1', 'old1', 'lost1', 'late1'],
        {'web1': fact('changed'), 'web2': fact('unchanged', version_before='9.66.7567.1'),
         'db1': fact('failed', finished=False, reason='installer exit code 1'),
         'old1': fact('failed', reason='preflight failed: unsupported version OracleLinux 6.3', installer_tag=None),
         'lost1': fact('unchanged', finished=False), 'late1': None})
    results = dict((record['host'], record['result']) for record in built['hosts'])
    assert results == {'db1': 'failed', 'late1': 'skipped', 'lost1': 'unreachable', 'old1': 'failed',
                       'web1': 'changed', 'web2': 'unchanged'}
    assert [record['host'] for record in built['hosts']] == sorted(results)
    assert built['totals'] == {'hosts': 6, 'changed': 1, 'unchanged': 1, 'failed': 2, 'unreachable': 1, 'skipped': 1}
    by_host = dict((record['host'], record) for record in built['hosts'])
    assert by_host['db1']['reason'] == 'installer exit code 1'
    assert by_host['lost1']['reason'].startswith('the deployment did not finish: the host stopped answering')
    assert by_host['late1']['reason'] == 'not reached in this run'
    assert by_host['old1']['installer_tag'] is None


def test_every_record_has_every_field_and_no_internal_one():
    built = report.build_report(['a', 'b'], {'a': fact(finished=True, _internal=1)})
    for record in built['hosts']:
        assert tuple(record) == report.HOST_FIELDS or sorted(record) == sorted(report.HOST_FIELDS)
        assert set(record) == set(report.HOST_FIELDS)
    json.dumps(built)  # serialisable as is


def test_header_fields():
    built = report.build_report([], {}, playbook='upgrade', check_mode=True, started='2026-11-22T08:00:00Z',
                                finished='2026-11-22T08:05:00Z', stopped_reason='')
    assert built['schema'] == 'siterecovery.mobility/rollout-report' and built['schema_version'] == 1
    assert (built['playbook'], built['check_mode'], built['stopped_reason']) == ('upgrade', True, None)
    assert built['totals']['hosts'] == 0 and built['hosts'] == []


def test_hosts_never_reached_carry_the_reason_the_rollout_stopped():
    built = report.build_report(['a', 'b'], {'a': fact('failed', reason='boom')},
                                stopped_reason='wave 1 (canary): 1 of 1 hosts failed')
    assert built['hosts'][1]['reason'] == 'not reached: wave 1 (canary): 1 of 1 hosts failed'
    assert built['stopped_reason'] == 'wave 1 (canary): 1 of 1 hosts failed'


def test_a_finished_report_with_an_unknown_result_is_refused():
    with pytest.raises(report.ReportError, match="unknown result 'done'"):
        report.build_report(['a'], {'a': fact('done')})


@pytest.mark.parametrize('targets', ['web1', None, {'a': 1}])
def test_targets_must_be_a_list(targets):
    with pytest.raises(report.ReportError, match='list of host names'):
        report.build_report(targets, {})


def test_a_report_that_is_not_a_dict_is_refused():
    with pytest.raises(report.ReportError, match='not a dictionary'):
        report.build_report(['a'], {'a': 'changed'})


def test_summary_lines_put_failures_first():
    built = report.build_report(['a', 'b', 'c', 'd'], {'a': fact(), 'b': fact('failed', reason='exit\n  code 5'),
                                                       'c': None, 'd': fact(finished=False)},
                                stopped_reason='wave 2: too many failures')
    assert report.summary_lines(built) == [
        'push_install: 4 hosts - 1 failed, 1 unreachable, 1 skipped, 1 changed, 0 unchanged',
        'rollout stopped: wave 2: too many failures',
        'FAILED b: exit code 5',
        'UNREACHABLE d: the deployment did not finish: the host stopped answering, or the run ended before it was done',
        'SKIPPED c: not reached: wave 2: too many failures']


def test_summary_marks_check_mode_and_shortens_long_reasons():
    built = report.build_report(['a'], {'a': fact('failed', reason='x' * 500)}, check_mode=True)
    lines = report.summary_lines(built)
    assert lines[0].startswith('push_install (check mode): 1 hosts')
    assert len(lines[1]) == len('FAILED a: ') + 300 and lines[1].endswith('...')


def test_retry_hosts():
    built = report.build_report(['a', 'b', 'c', 'd', 'e'], {'a': fact(), 'b': fact('failed'), 'c': None,
                                                            'd': fact(finished=False), 'e': fact('unchanged')})
    assert report.retry_hosts(built) == ['b', 'c', 'd']


def test_an_unreachable_report_keeps_its_reason():
    built = report.build_report(['a'], {'a': fact('unreachable', finished=False, reason='ssh: connection refused')})
    assert built['hosts'][0]['result'] == 'unreachable' and built['hosts'][0]['reason'] == 'ssh: connection refused'


def test_wave_verdict_counts_failed_lost_and_missing_hosts():
    reports = [fact(), fact('failed'), fact(finished=False), None, fact('unchanged')]
    verdict = report.wave_verdict(reports, 50, wave=3)
    assert (verdict['failed'], verdict['size'], verdict['percent'], verdict['stop']) == (3, 5, 60.0, True)
    assert verdict['reason'] == 'wave 3: 3 of 5 hosts failed (60 %), more than the 50 % allowed'


@pytest.mark.parametrize('failed, size, threshold, stop', [
    (0, 1, 0, False), (1, 1, 0, True), (1, 10, 10, False), (2, 10, 10, True), (1, 3, 33.3, True), (1, 3, 34, False),
    (4, 4, 100, False), (0, 0, 0, False)])
def test_wave_verdict_threshold_is_strictly_above(failed, size, threshold, stop):
    reports = [fact('failed')] * failed + [fact()] * (size - failed)
    assert report.wave_verdict(reports, threshold)['stop'] is stop


def test_canary_is_named():
    assert report.wave_verdict([fact('failed')], 0, wave=1)['reason'] == (
        'wave 1 (canary): 1 of 1 hosts failed (100 %), more than the 0 % allowed')


@pytest.mark.parametrize('threshold', [-1, 101, 'ten', None])
def test_wave_verdict_refuses_a_bad_threshold(threshold):
    with pytest.raises(report.ReportError, match='from 0 to 100, got'):
        report.wave_verdict([], threshold)


def test_hosts_waiting_for_their_wave_are_skipped_not_unreachable():
    waiting = fact('unchanged', finished=False, waiting=True)
    built = report.build_report(['a', 'b'], {'a': waiting, 'b': fact('unchanged', finished=True, waiting=True)},
                                stopped_reason='wave 2: too many failures')
    assert [(r['result'], r['reason']) for r in built['hosts']] == [
        ('skipped', 'not reached: wave 2: too many failures'), ('unchanged', '')]


# ---------------------------------------------------------------- warnings and a recommended restart

def test_warnings_and_the_recommended_restart_are_carried():
    built = report.build_report(['a', 'b'], {
        'a': fact(warnings=['memory: 500 MB of 8000 MB free, the agent uses about 10 % of the memory (800 MB)'],
                  restart_recommended=True),
        'b': fact()})
    first, second = built['hosts']
    assert first['warnings'] == ['memory: 500 MB of 8000 MB free, the agent uses about 10 % of the memory (800 MB)']
    assert first['restart_recommended'] is True
    assert (second['warnings'], second['restart_recommended']) == ([], False)
    never = report.build_report(['c'], {})['hosts'][0]
    assert (never['warnings'], never['restart_recommended']) == ([], False)


def test_summary_shows_the_warnings_of_every_host():
    built = report.build_report(['a', 'b', 'c'], {'a': fact(warnings=['memory: low', 'installer capped']),
                                                  'b': fact('failed', reason='boom', warnings=['memory: low']),
                                                  'c': fact()})
    assert report.summary_lines(built) == [
        'push_install: 3 hosts - 1 failed, 0 unreachable, 0 skipped, 2 changed, 0 unchanged',
        'FAILED b: boom',
        'WARNING a: memory: low; installer capped',
        'WARNING b: memory: low']


def test_summary_names_the_hosts_to_restart():
    built = report.build_report(['a', 'b', 'c', 'd'], {'a': fact(restart_recommended=True), 'b': fact(),
                                                       'c': fact(reboot_required=True),
                                                       'd': fact(restart_recommended=True)})
    assert report.summary_lines(built)[1:] == [
        'RESTART recommended (upgraded, the new driver loads at the next restart): a, d',
        'REBOOT required (Windows setup asked for it): c']


def _schema():
    import os
    path = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'docs', 'rollout-report.schema.json')
    with open(path) as handle:
        return json.load(handle)


def test_the_schema_describes_every_host_field():
    hosts = _schema()['properties']['hosts']['items']
    assert set(hosts['properties']) == set(report.HOST_FIELDS)
    assert set(hosts['required']) <= set(report.HOST_FIELDS)
    assert hosts['properties']['warnings'] == {'type': 'array', 'items': {'type': 'string'}}
    assert hosts['properties']['restart_recommended'] == {'type': 'boolean'}


def test_a_report_with_warnings_validates_against_the_schema():
    jsonschema = pytest.importorskip('jsonschema')
    built = report.build_report(['a', 'b'], {'a': fact(warnings=['memory: low'], restart_recommended=True)},
                                started='2026-11-22T08:00:00Z', finished='2026-11-22T08:05:00Z')
    jsonschema.validate(built, _schema())


def test_the_user_documentation_lists_every_host_field():
    import os
    path = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'docs', 'rollout-report.md')
    with open(path) as handle:
        text = handle.read()
    for field in report.HOST_FIELDS:
        assert '| `%s`' % field in text or '`, `%s`' % field in text, field


def test_the_page_view_is_plain_text_failures_first():
    built = report.build_report(['ok1', 'bad1'], {'ok1': fact(warnings=['a', 'b']),
                                                  'bad1': fact('failed', reason='<x> & y')}, stopped_reason='why')
    view = report.html_view(built)
    assert view['title'] == 'Mobility Service rollout: push_install'
    assert [row['result'] for row in view['rows']] == ['failed', 'changed']
    assert view['rows'][0]['cells'][:3] == ['bad1', 'failed', '<x> & y']
    assert view['columns'][0] == 'host' and view['columns'][-1] == 'restart' and 'installer tag' in view['columns']
    assert view['rows'][1]['cells'][view['columns'].index('warnings')] == 'a; b'
    assert view['stopped_reason'] == 'why' and view['hosts'] == 2
    assert {'result': 'failed', 'count': 1} in view['totals']


# ---------------------------------------------------------------- the rollout's own fact, merged

def test_the_rollouts_status_wins_over_the_roles_report():
    # rejected by the gate after a preflight that found nothing wrong with the role itself
    built = report.build_report(['a', 'b', 'c', 'd'], {
        'a': fact('unchanged', finished=False), 'b': fact(), 'd': fact('changed', finished=False)}, statuses={
        'a': {'result': 'failed', 'reason': 'preflight failed: x'}, 'b': {'waiting': False},
        'c': {'result': 'unreachable', 'reason': 'unreachable: ssh'}, 'd': {'waiting': True}})
    by_host = dict((record['host'], record) for record in built['hosts'])
    assert (by_host['a']['result'], by_host['a']['reason']) == ('failed', 'preflight failed: x')
    assert by_host['b']['result'] == 'changed'
    assert (by_host['c']['result'], by_host['c']['reason']) == ('unreachable', 'unreachable: ssh')
    assert by_host['d']['result'] == 'skipped'


def test_a_host_that_answered_and_was_never_gated_is_not_reached():
    built = report.build_report(['a'], {}, statuses={'a': report.answer_status(True)})
    assert (built['hosts'][0]['result'], built['hosts'][0]['reason']) == ('skipped', 'not reached in this run')


@pytest.mark.parametrize('unreachable, os_dir, expected', [
    (True, 'linux', {'result': 'unreachable', 'reason': 'unreachable: boom'}),
    (False, 'linux', {'result': 'failed', 'reason': 'the host\'s shell failed: boom'}),
    (False, 'windows', {'result': 'failed', 'reason': 'the host\'s PowerShell failed: boom'}),
])
def test_a_host_that_did_not_answer(unreachable, os_dir, expected):
    assert report.answer_status(False, unreachable, 'boom', os_dir) == expected
    assert len(report.answer_status(False, True, 'x' * 900)['reason']) == len('unreachable: ') + 500


@pytest.mark.parametrize('preflight, status, survey, converged, state, group, expected', [
    (fact('unchanged', finished=False), {'waiting': True}, False, False, 'present', 'ready', {'waiting': True}),
    (fact('unchanged', finished=False, findings=['os: x']), {'waiting': True}, False, False, 'present', 'rejected',
     {'waiting': False, 'result': 'failed', 'reason': 'preflight failed: os: x'}),
    # an agent is removed whatever the system
    (fact('unchanged', finished=False, findings=['os: x']), {'waiting': True}, False, False, 'absent', 'ready',
     {'waiting': True}),
    (fact('unchanged', finished=False), {'waiting': True}, False, True, 'present', 'converged',
     {'waiting': False, 'finished': True}),
    (fact('unchanged', finished=False), {'waiting': True}, True, False, 'present', 'converged',
     {'waiting': False, 'finished': True}),
    (None, {'result': 'unreachable', 'reason': 'r'}, False, False, 'present', 'rejected',
     {'result': 'unreachable', 'reason': 'r'}),
    (fact('unchanged', finished=False), {'waiting': True, 'result': 'failed', 'reason': 'preflight failed: bad'},
     False, True, 'present', 'rejected', {'waiting': True, 'result': 'failed', 'reason': 'preflight failed: bad'}),
])
def test_the_gate(preflight, status, survey, converged, state, group, expected):
    assert report.gate(preflight, status, survey, converged, state) == {'status': expected, 'group': group}


def test_the_wave_verdict_reads_the_rollouts_status_too():
    reports = [fact(), fact('unchanged', finished=False)]
    verdict = report.wave_verdict(reports, 10, wave=2, statuses=[{'waiting': False}, {'waiting': False}])
    assert (verdict['failed'], verdict['size']) == (1, 2)
    with pytest.raises(report.ReportError, match='2 reports and 1 rollout statuses'):
        report.wave_verdict(reports, 10, statuses=[{}])
