# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters that turn the hosts' report facts into the fleet's rollout report."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError
from ansible_collections.siterecovery.mobility.plugins.plugin_utils import report as _report


def rollout_report(targets, reports=None, playbook='push_install', check_mode=False, started=None, finished=None,
                   stopped_reason='', statuses=None):
    """The rollout report (a dictionary) of the targeted hosts."""
    try:
        return _report.build_report(list(targets) if isinstance(targets, (list, tuple)) else targets, reports,
                                    playbook, check_mode, started, finished, stopped_reason, statuses)
    except _report.ReportError as exc:
        raise AnsibleFilterError(str(exc))


def rollout_host_facts(hostvars, hosts, name):
    """``{host: its fact name, or None}`` for the hosts, from ``hostvars``: a host that never set the fact (the role
    did not run there) has None, where attribute access in a template would fail."""
    if isinstance(hosts, str) or not isinstance(hosts, (list, tuple)):
        raise AnsibleFilterError('rollout_host_facts expects a list of host names, got %r' % (hosts,))
    facts = {}
    for host in hosts:
        try:
            variables = hostvars[host]
        except KeyError:
            variables = {}
        try:
            facts[host] = variables[name] if name in variables else None
        except KeyError:
            facts[host] = None
    return facts


def rollout_answer_status(reached, unreachable=False, message='', os_dir='linux'):
    """The rollout's status of a host after it was reached, or why it could not be."""
    return _report.answer_status(bool(reached), bool(unreachable), message, os_dir)


def rollout_gate(report, status=None, survey=False, converged=False, state='present'):
    """The rollout's gate for a host after its preflight: its new status and its group."""
    try:
        return _report.gate(report, status, bool(survey), bool(converged), state)
    except _report.ReportError as exc:
        raise AnsibleFilterError(str(exc))


def _checked(report, name):
    if not isinstance(report, dict) or report.get('schema') != _report.SCHEMA:
        raise AnsibleFilterError('%s expects a report made by siterecovery.mobility.rollout_report' % name)
    return report


def rollout_report_table(report):
    """What the HTML page shows (the mobility_rollout role's template renders it)."""
    return _report.html_view(_checked(report, 'rollout_report_table'))


def rollout_summary(report):
    """The report as short console lines."""
    return _report.summary_lines(_checked(report, 'rollout_summary'))


def rollout_retry_hosts(report):
    """The hosts to run again: failed, unreachable, skipped."""
    return _report.retry_hosts(_checked(report, 'rollout_retry_hosts'))


def rollout_wave_verdict(reports, max_fail_percentage, wave=1, statuses=None):
    """Whether the rollout stops after a wave."""
    if not isinstance(reports, (list, tuple)):
        raise AnsibleFilterError('rollout_wave_verdict expects the list of the host reports of a wave')
    try:
        return _report.wave_verdict(reports, max_fail_percentage, wave, statuses)
    except _report.ReportError as exc:
        raise AnsibleFilterError(str(exc))


class FilterModule(object):
    """Rollout report filters."""

    def filters(self):
        return {
            'rollout_report': rollout_report,
            'rollout_host_facts': rollout_host_facts,
            'rollout_answer_status': rollout_answer_status,
            'rollout_gate': rollout_gate,
            'rollout_report_table': rollout_report_table,
            'rollout_summary': rollout_summary,
            'rollout_retry_hosts': rollout_retry_hosts,
            'rollout_wave_verdict': rollout_wave_verdict,
        }
