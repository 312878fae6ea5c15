# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The report filters wrap the report module and turn its errors into filter errors."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.siterecovery.mobility.plugins.filter.rollout import FilterModule

FILTERS = FilterModule().filters()


def test_filter_names():
    assert set(FILTERS) == {'rollout_report', 'rollout_host_facts', 'rollout_answer_status', 'rollout_gate',
                            'rollout_report_table',
                            'rollout_summary', 'rollout_retry_hosts',
                            'rollout_wave_verdict'}


def test_report_then_renderings():
    built = FILTERS['rollout_report'](['a', 'b'], {'a': {'result': 'changed', 'finished': True}, 'b': None},
                                      playbook='uninstall')
    assert built['totals']['changed'] == 1 and built['totals']['skipped'] == 1
    assert FILTERS['rollout_retry_hosts'](built) == ['b']
    assert FILTERS['rollout_summary'](built)[0].startswith('uninstall: 2 hosts')
    assert FILTERS['rollout_report_table'](built)['rows'][1]['cells'][0] == 'a'


def test_errors_are_filter_errors():
    with pytest.raises(AnsibleFilterError, match='list of host names'):
        FILTERS['rollout_report']('a', {})
    with pytest.raises(AnsibleFilterError, match='unknown result'):
        FILTERS['rollout_report'](['a'], {'a': {'result': 'weird', 'finished': True}})


@pytest.mark.parametrize('name', ['rollout_report_table', 'rollout_summary', 'rollout_retry_hosts'])
def test_renderings_need_a_report(name):
    with pytest.raises(AnsibleFilterError, match='expects a report'):
        FILTERS[name]({'hosts': []})


def test_the_gate_and_the_answer_through_the_filters():
    gated = FILTERS['rollout_gate']({'findings': ['os: x']}, {'waiting': True})
    assert gated['group'] == 'rejected' and gated['status']['result'] == 'failed'
    with pytest.raises(AnsibleFilterError, match='rollout status is not a dictionary'):
        FILTERS['rollout_report'](['a'], {'a': None}, statuses={'a': 'waiting'})
    assert FILTERS['rollout_answer_status'](True) == {'waiting': True}


def test_the_facts_of_hosts_that_never_set_them_are_none():
    hostvars = {'a': {'mobility_service_report': {'result': 'changed'}}, 'b': {}}
    assert FILTERS['rollout_host_facts'](hostvars, ['a', 'b', 'gone'], 'mobility_service_report') == {
        'a': {'result': 'changed'}, 'b': None, 'gone': None}
    with pytest.raises(AnsibleFilterError, match='list of host names'):
        FILTERS['rollout_host_facts'](hostvars, 'a', 'x')
