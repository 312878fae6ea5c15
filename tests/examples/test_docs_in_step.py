# -*- coding: utf-8 -*-
"""The documentation and the roles' argument specifications say the same: every role variable the docs name
exists, every option a role takes is in its README, and a default the README shows is the one the role uses."""

from __future__ import absolute_import, division, print_function

import glob
import os
import re

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ROLES = sorted(os.path.basename(path) for path in glob.glob(os.path.join(ROOT, 'roles', '*')))
DOCS = sorted([os.path.join(ROOT, 'README.md')] + glob.glob(os.path.join(ROOT, 'docs', '*.md'))
              + glob.glob(os.path.join(ROOT, 'roles', '*', 'README.md')))
# what a role variable looks like: the roles' prefixes, and the collection's own 'mobility_' names
VARIABLE = re.compile(r'\b(?:mobility_[a-z0-9_]+|push_repository_[a-z0-9_]+)')
# names of that shape that are not options: roles, modules, facts the roles set, groups the rollout makes, a
# playbook variable; each must still be found in the code (see the test below), so that none can go stale
NOT_OPTIONS = {
    'mobility_service', 'mobility_rollout', 'mobility_agent', 'mobility_agent_info', 'mobility_agent_registration',
    'mobility_service_report', 'push_repository_report', 'push_repository_passphrase', 'mobility_target_hosts',
    'mobility_rollout_host',
}
# the groups the rollout's gate sorts the hosts into (group_by key 'mobility_rollout_<group>', report.GROUPS)
GROUPS = {'mobility_rollout_ready', 'mobility_rollout_rejected', 'mobility_rollout_converged'}


def specs(role):
    """{option: its specification} over every entry point of a role."""
    with open(os.path.join(ROOT, 'roles', role, 'meta', 'argument_specs.yml')) as handle:
        entry_points = yaml.safe_load(handle)['argument_specs']
    options = {}
    for entry_point in entry_points.values():
        options.update(entry_point.get('options') or {})
    return options


def all_options():
    options = set()
    for role in ROLES:
        options |= set(specs(role))
    return options


def code_text():
    texts = []
    for pattern in ('roles/**/*.yml', 'playbooks/*.yml', 'plugins/**/*.py'):
        for path in glob.glob(os.path.join(ROOT, pattern), recursive=True):
            with open(path) as handle:
                texts.append(handle.read())
    return '\n'.join(texts)


@pytest.mark.parametrize('doc', DOCS, ids=lambda path: os.path.relpath(path, ROOT))
def test_every_role_variable_a_doc_names_exists(doc):
    with open(doc) as handle:
        named = set(VARIABLE.findall(handle.read()))
    unknown = sorted(named - all_options() - NOT_OPTIONS - GROUPS)
    assert unknown == [], '%s names variables no role takes: %s' % (os.path.relpath(doc, ROOT), ', '.join(unknown))


def test_the_names_that_are_not_options_are_in_the_code():
    code = code_text()
    stale = sorted(name for name in NOT_OPTIONS if not re.search(r'\b%s\b' % name, code))
    assert stale == []
    with open(os.path.join(ROOT, 'roles', 'mobility_rollout', 'tasks', 'gate.yml')) as handle:
        assert 'key: mobility_rollout_{{ _mobility_rollout_group }}' in handle.read()
    with open(os.path.join(ROOT, 'plugins', 'plugin_utils', 'report.py')) as handle:
        groups = re.search(r'^GROUPS = \(([^)]*)\)', handle.read(), re.M).group(1)
    assert sorted('mobility_rollout_' + name.strip().strip("'") for name in groups.split(',') if name.strip()) == sorted(GROUPS)
    assert not (NOT_OPTIONS | GROUPS) & all_options()


@pytest.mark.parametrize('role', ROLES)
def test_every_option_of_a_role_is_in_its_readme(role):
    with open(os.path.join(ROOT, 'roles', role, 'README.md')) as handle:
        readme = handle.read()
    missing = sorted(name for name in specs(role) if not re.search(r'`%s`' % name, readme))
    assert missing == []


@pytest.mark.parametrize('role', ROLES)
def test_the_defaults_a_readme_shows_are_the_roles(role):
    options = specs(role)
    shown = 0
    with open(os.path.join(ROOT, 'roles', role, 'README.md')) as handle:
        for line in handle:
            match = re.match(r'^\| `([a-z0-9_]+)` \| `([^`]*)` \|', line)
            if not match or match.group(1) not in options or 'default' not in options[match.group(1)]:
                continue
            name, text = match.groups()
            value = yaml.safe_load(text)
            default = options[name]['default']
            assert value == default or (value is None and default == ''), (
                '%s: the README shows %r, the argument specification says %r' % (name, text, default))
            shown += 1
    assert shown > 0
