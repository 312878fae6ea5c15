# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which of the role's Linux steps run."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.siterecovery.mobility.plugins.plugin_utils import linux_steps as steps

INSTALLED_SAME = {'installed': True, 'registered': True, 'registration': 'same'}


@pytest.mark.parametrize('probe, state, installed, install', [
    ({'installed': False}, 'present', None, True),
    (INSTALLED_SAME, 'present', None, False),
    (INSTALLED_SAME, 'latest', None, True),
    # a step removed the agent since the probe (moved from another server)
    (INSTALLED_SAME, 'present', False, True),
    ({}, 'present', None, True),
])
def test_the_installer_runs_when_the_agent_is_missing_or_to_upgrade(probe, state, installed, install):
    assert steps.linux_steps(probe, state, 'CSLegacy', installed)['install'] is install


@pytest.mark.parametrize('cs_type, probe, predicted, register', [
    ('CSLegacy', INSTALLED_SAME, False, 'classic'),       # the module registers only when needed
    ('CSLegacy', {'installed': False}, True, None),       # check mode: no agent to register yet
    ('CSPrime', {'installed': False}, False, 'modernized'),
    ('CSPrime', dict(INSTALLED_SAME, registration='different'), False, 'modernized'),
    ('CSPrime', INSTALLED_SAME, False, None),             # already there: no config.json needed
    ('CSPrime', {'installed': False}, True, None),
])
def test_the_registration_step(cs_type, probe, predicted, register):
    assert steps.linux_steps(probe, 'present', cs_type, predicted=predicted)['register'] == register


def test_flags_given_as_text_count_as_booleans():
    moved = steps.linux_steps(INSTALLED_SAME, 'present', 'CSLegacy', 'False', 'False')
    assert moved == {'install': True, 'register': 'classic'}
    predicted = steps.linux_steps({'installed': 'true'}, 'present', 'CSLegacy', None, 'True')
    assert predicted == {'install': False, 'register': None}


def test_absent_runs_neither():
    assert steps.linux_steps(INSTALLED_SAME, 'absent', 'CSLegacy') == {'install': False, 'register': None}


@pytest.mark.parametrize('state, cs_type, message', [('gone', 'CSLegacy', 'state must be'), ('present', 'X', 'cs_type must be')])
def test_bad_settings_are_refused(state, cs_type, message):
    with pytest.raises(steps.StepsError, match=message):
        steps.linux_steps({}, state, cs_type)
