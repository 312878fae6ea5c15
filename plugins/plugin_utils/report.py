# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fleet's rollout report: one record per targeted host, run totals, and
renderings (JSON-ready dictionary, what the role's HTML page shows, console lines,
retry list).

Input is what the playbooks know at the end of a run: the hosts the run
targeted, each host's ``mobility_service_report`` fact (the mobility_service
role's, or nothing when the role never ran there), each host's
``mobility_rollout_host`` fact (the mobility_rollout role's: what the rollout
itself decided, see :func:`gate`), and why the rollout stopped early, if it
did. The two facts are merged by :func:`merged`: each role owns its own.

A host's result is one of ``RESULTS``:

- ``changed`` / ``unchanged``: the role finished on the host (in check mode:
  would change / would not change);
- ``failed``: the role, or the preflight, failed the host; ``reason`` says why;
- ``unreachable``: the host's report was started but the role never finished,
  because the connection was lost (Ansible takes such a host out of the play
  without running any rescue) or the run ended during its wave (the report
  is written before each wave for that case);
- ``skipped``: the host passed the preflight and was waiting for its wave
  (report key ``waiting``) when the rollout stopped, or it has no report at
  all (not part of this run's selection).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


SCHEMA = 'siterecovery.mobility/rollout-report'
SCHEMA_VERSION = 1
RESULTS = ('failed', 'unreachable', 'skipped', 'changed', 'unchanged')
# The per-host fields, in order; every record has all of them.
HOST_FIELDS = ('host', 'result', 'reason', 'os', 'state', 'installer_tag', 'installer_file', 'version_before',
               'version_after', 'registration_target', 'antivirus', 'reboot_required', 'restart_recommended',
               'findings', 'warnings', 'moved_from')
_COLOURS = {'failed': '#f8d0d0', 'unreachable': '#f8e0b0', 'skipped': '#e4e4e4', 'changed': '#d0e8f8',
            'unchanged': '#d8f0d8'}


# The fields of a host's mobility_rollout_host fact, which win over the mobility_service role's report.
STATUS_FIELDS = ('result', 'reason', 'waiting', 'finished')
# The groups the gate sorts the hosts into (mobility_rollout_<group>).
GROUPS = ('ready', 'converged', 'rejected')


class ReportError(ValueError):
    """The input cannot make a report."""


def merged(report, status):
    """A host's record before :func:`host_record`: the mobility_service role's report with what the rollout
    decided (``status``: result and reason of a host the rollout rejected or could not reach, ``waiting``,
    ``finished``) over it. None when neither exists."""
    if not report and not status:
        return None
    if report and not isinstance(report, dict):
        return report  # host_record names the bad input
    if status and not isinstance(status, dict):
        raise ReportError('a rollout status is not a dictionary: %r' % (status,))
    record = dict(report or {})
    for field in STATUS_FIELDS:
        if field in (status or {}):
            record[field] = status[field]
    return record


def answer_status(reached, unreachable=False, message='', os_dir='linux'):
    """The rollout's status of a host after it was reached (or not) at the start of the run."""
    if reached:
        return {'waiting': True}
    if unreachable:
        return {'result': 'unreachable', 'reason': 'unreachable: %s' % _limit(message or 'no answer', 500)}
    shell = 'PowerShell' if os_dir == 'windows' else 'shell'
    return {'result': 'failed', 'reason': 'the host\'s %s failed: %s' % (shell, _limit(message or 'no answer', 500))}


def gate(report, status, survey=False, converged=False, state='present'):
    """The rollout's gate for one host after its preflight: ``{'status': the new mobility_rollout_host,
    'group': ready | converged | rejected}``.

    A host the rollout already rejected (unreachable, or a preflight that failed) stays rejected; a host with
    findings is rejected (not when uninstalling: an agent is removed whatever the system); a survey ends for
    the others here, as does a host the fast path found converged; the rest wait for their wave."""
    status = dict(status or {})
    report = report if isinstance(report, dict) else {}
    if status.get('result') in ('failed', 'unreachable'):
        return {'status': status, 'group': 'rejected'}
    findings = report.get('findings') or []
    if findings and state != 'absent':
        status.update(result='failed', reason='preflight failed: ' + '; '.join(str(f) for f in findings),
                      waiting=False)
        return {'status': status, 'group': 'rejected'}
    if survey or converged:
        status.update(finished=True, waiting=False)
        return {'status': status, 'group': 'converged'}
    status.update(waiting=True)
    return {'status': status, 'group': 'ready'}


def _limit(text, size):
    text = str(text)
    return text if len(text) <= size else text[:size - 3] + '...'


def host_record(host, report, stopped_reason=''):
    """The report record of one host from its ``mobility_service_report`` fact (or None)."""
    record = dict((field, None) for field in HOST_FIELDS)
    record.update(host=host, reason='', findings=[], warnings=[], reboot_required=False, restart_recommended=False)
    if not report:
        record['result'] = 'skipped'
        record['reason'] = ('not reached: %s' % stopped_reason) if stopped_reason else 'not reached in this run'
        return record
    if not isinstance(report, dict):
        raise ReportError('the report of %s is not a dictionary: %r' % (host, report))
    for field in HOST_FIELDS[2:]:
        if report.get(field) is not None:
            record[field] = report[field]
    result = report.get('result')
    if result == 'unreachable':
        record['result'] = 'unreachable'
        record['reason'] = str(report.get('reason') or 'the host could not be reached')
    elif result == 'failed':
        record['result'] = 'failed'
        record['reason'] = str(report.get('reason') or 'failed (no reason was recorded)')
    elif report.get('waiting') and not report.get('finished'):
        record['result'] = 'skipped'
        record['reason'] = ('not reached: %s' % stopped_reason) if stopped_reason else 'not reached in this run'
    elif not report.get('finished'):
        record['result'] = 'unreachable'
        record['reason'] = ('the deployment did not finish: the host stopped answering, or the run ended before '
                            'it was done')
    elif result in ('changed', 'unchanged'):
        record['result'] = result
        record['reason'] = str(report.get('reason') or '')
    else:
        raise ReportError('the report of %s has an unknown result %r (known: %s)' % (host, result, ', '.join(RESULTS)))
    record['findings'] = list(record['findings'] or [])
    record['warnings'] = list(record['warnings'] or [])
    record['reboot_required'] = bool(record['reboot_required'])
    record['restart_recommended'] = bool(record['restart_recommended'])
    return record


def build_report(targets, reports, playbook='push_install', check_mode=False, started=None, finished=None,
                 stopped_reason='', statuses=None):
    """The whole report: ``targets`` (host names, in any order), ``reports``
    ({host: mobility_service_report or None}), ``statuses`` ({host:
    mobility_rollout_host or None}). Hosts are sorted by name."""
    if isinstance(targets, str) or not isinstance(targets, (list, tuple)):
        raise ReportError('targets must be a list of host names, got %r' % (targets,))
    reports = reports or {}
    statuses = statuses or {}
    hosts = [host_record(host, merged(reports.get(host), statuses.get(host)), stopped_reason)
             for host in sorted(set(targets))]
    totals = dict((result, 0) for result in RESULTS)
    for record in hosts:
        totals[record['result']] += 1
    totals['hosts'] = len(hosts)
    return {
        'schema': SCHEMA,
        'schema_version': SCHEMA_VERSION,
        'playbook': playbook,
        'check_mode': bool(check_mode),
        'started': started,
        'finished': finished,
        'stopped_reason': stopped_reason or None,
        'totals': totals,
        'hosts': hosts,
    }


def _ordered(report):
    """Failures first, then unreachable, skipped, changed, unchanged; by name within a result."""
    return sorted(report['hosts'], key=lambda record: (RESULTS.index(record['result']), record['host']))


def _short(text):
    return _limit(' '.join(str(text).split()), 300)


def summary_lines(report):
    """Short console summary: a totals line, then one line per host that needs attention, the hosts to
    restart, then one line per host with warnings."""
    totals = report['totals']
    mode = ' (check mode)' if report['check_mode'] else ''
    counts = ', '.join('%d %s' % (totals[result], result) for result in RESULTS)
    lines = ['%s%s: %d hosts - %s' % (report['playbook'], mode, totals['hosts'], counts)]
    if report.get('stopped_reason'):
        lines.append('rollout stopped: %s' % report['stopped_reason'])
    for record in _ordered(report):
        if record['result'] in ('failed', 'unreachable', 'skipped'):
            lines.append('%s %s: %s' % (record['result'].upper(), record['host'], _short(record['reason'])))
    restarts = (('restart_recommended', 'RESTART recommended (upgraded, the new driver loads at the next restart)'),
                ('reboot_required', 'REBOOT required (Windows setup asked for it)'))
    for field, text in restarts:
        hosts = [record['host'] for record in report['hosts'] if record.get(field)]
        if hosts:
            lines.append('%s: %s' % (text, ', '.join(hosts)))
    for record in report['hosts']:  # by host name
        if record.get('warnings'):
            lines.append('WARNING %s: %s' % (record['host'], _short('; '.join(str(w) for w in record['warnings']))))
    return lines


def retry_hosts(report):
    """Hosts to run again (``--limit @file``): failed, unreachable and skipped ones."""
    return [record['host'] for record in report['hosts'] if record['result'] in ('failed', 'unreachable', 'skipped')]


def _cell(value):
    """A field as the page shows it: text (lists joined with '; '), empty for nothing; not yet escaped."""
    if value is None or value == []:
        return ''
    if isinstance(value, list):
        value = '; '.join(str(item) for item in value)
    return str(value)


def _restart(record):
    """Windows asked for a reboot (3010 / 1641), or the Linux installer recommends a restart (98)."""
    if record.get('reboot_required'):
        return 'required'
    return 'recommended' if record.get('restart_recommended') else ''


# The columns of the HTML page, in order.
HTML_COLUMNS = ('host', 'result', 'reason', 'os', 'installer_tag', 'installer_file', 'version_before', 'version_after',
                'registration_target', 'findings', 'warnings', 'restart')


def html_view(report):
    """What the role's HTML page (``roles/mobility_rollout/templates/report.html.j2``) shows, as plain text (the
    template escapes every value): title, times, why the rollout stopped, totals, colours, and the table with
    failures first."""
    totals = report['totals']
    return {
        'title': 'Mobility Service rollout: %s%s' % (report['playbook'], ' (check mode)' if report['check_mode'] else ''),
        'started': _cell(report.get('started')) or '?',
        'finished': _cell(report.get('finished')) or '?',
        'stopped_reason': _cell(report.get('stopped_reason')),
        'hosts': totals['hosts'],
        'totals': [{'result': result, 'count': totals[result]} for result in RESULTS],
        'colours': [{'result': result, 'colour': _COLOURS[result]} for result in RESULTS],
        'columns': [column.replace('_', ' ') for column in HTML_COLUMNS],
        'rows': [{'result': record['result'],
                  'cells': [_cell(dict(record, restart=_restart(record)).get(column)) for column in HTML_COLUMNS]}
                 for record in _ordered(report)],
    }


def wave_verdict(reports, max_fail_percentage, wave=1, statuses=None):
    """Whether the rollout goes on after a wave.

    ``reports`` are the ``mobility_service_report`` facts (or None) of the
    hosts the wave started with, ``statuses`` their ``mobility_rollout_host``
    facts in the same order (or None). A host counts as failed when its report is
    missing or unfinished (lost connection) or says ``failed``. The rollout
    stops when the failed share is above ``max_fail_percentage`` (0-100);
    100 never stops. Returns ``{'stop', 'failed', 'size', 'percent', 'reason'}``."""
    try:
        threshold = float(max_fail_percentage)
    except (TypeError, ValueError):
        raise ReportError('the maximum failure percentage must be a number from 0 to 100, got %r' % (max_fail_percentage,))
    if not 0 <= threshold <= 100:
        raise ReportError('the maximum failure percentage must be a number from 0 to 100, got %r' % (max_fail_percentage,))
    reports = list(reports or [])
    statuses = list(statuses or [])
    if statuses and len(statuses) != len(reports):
        raise ReportError('a wave has %d reports and %d rollout statuses' % (len(reports), len(statuses)))
    reports = [merged(report, statuses[index] if statuses else None) for index, report in enumerate(reports)]
    failed = sum(1 for report in reports
                 if not isinstance(report, dict) or report.get('result') == 'failed' or not report.get('finished'))
    size = len(reports)
    percent = (100.0 * failed / size) if size else 0.0
    stop = percent > threshold
    name = 'wave %s%s' % (wave, ' (canary)' if str(wave) == '1' else '')
    reason = '%s: %d of %d hosts failed (%s %%), more than the %s %% allowed' % (
        name, failed, size, _number(percent), _number(threshold)) if stop else ''
    return {'stop': stop, 'failed': failed, 'size': size, 'percent': round(percent, 1), 'reason': reason}


def _number(value):
    return ('%.1f' % value).rstrip('0').rstrip('.')
