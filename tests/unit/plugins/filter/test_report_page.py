# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rollout's HTML page: the mobility_rollout role's template (templates/report.html.j2) rendered from a report
with the collection's filter, as the role's template task renders it (trim_blocks, as Ansible's template module)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re

import jinja2

from ansible_collections.siterecovery.mobility.plugins.filter.rollout import FilterModule

FILTERS = FilterModule().filters()
TEMPLATES = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'roles', 'mobility_rollout', 'templates')


def fact(result='changed', finished=True, **extra):
    values = {'result': result, 'finished': finished, 'reason': '', 'findings': []}
    values.update(extra)
    return values


def page(report):
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), trim_blocks=True,
                                     undefined=jinja2.StrictUndefined)
    environment.filters['siterecovery.mobility.rollout_report_table'] = FILTERS['rollout_report_table']
    return environment.get_template('report.html.j2').render(_report=report)


def test_the_page_is_escaped_self_contained_and_failures_first():
    built = FILTERS['rollout_report'](['ok1', 'bad1'], {
        'ok1': fact(), 'bad1': fact('failed', reason='<script>alert(1)</script> & "x"')})
    html = page(built)
    assert html.startswith('<!DOCTYPE html>')
    assert '<script>' not in html and '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;x&#34;' in html
    assert not re.search(r'(src|href)=', html)
    rows = re.findall(r'<tr class="r-(\w+)"><td>([^<]*)</td>', html)
    assert rows == [('failed', 'bad1'), ('changed', 'ok1')]
    assert '<span class="r-failed">1 failed</span>' in html and '<span>2 hosts</span>' in html
    assert '.r-failed{background:#f8d0d0}' in html


def test_the_page_shows_why_the_rollout_stopped():
    html = page(FILTERS['rollout_report'](['a'], {}, stopped_reason='wave 1 (canary) failed'))
    assert 'Rollout stopped:</strong> wave 1 (canary) failed' in html
    assert 'Rollout stopped' not in page(FILTERS['rollout_report'](['a'], {'a': fact()}))


def test_the_page_shows_warnings_and_restarts():
    built = FILTERS['rollout_report'](['a', 'b', 'c'], {'a': fact(warnings=['memory: <low>'], restart_recommended=True),
                                                        'b': fact(reboot_required=True), 'c': fact()})
    html = page(built)
    assert '<th>warnings</th>' in html and '<th>restart</th>' in html
    assert '<td>memory: &lt;low&gt;</td><td>recommended</td>' in html
    assert '<td>required</td>' in html
