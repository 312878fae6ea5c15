# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fast path: a host whose agent is already as wanted ends after its preflight's read."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import inspect

import pytest

from ansible_collections.siterecovery.mobility.plugins.plugin_utils import windows_common, windows_read
from ansible_collections.siterecovery.mobility.plugins.plugin_utils.fast_path import fast_path

CS = '10.0.0.5'
LINUX = {'installed': True, 'registered': True, 'services': {'vxagent': True, 'svagents': True},
         'registration': 'same', 'existing_paths': [], 'version': '9.66.0.0', 'cs_address': CS}
AGENT = 'C:\\Program Files (x86)\\Microsoft Azure Site Recovery\\agent'
WINDOWS_READ = {
    'registry': {
        windows_common.REGISTRY_KEYS['uninstall']: {'exists': True, 'properties': {'DisplayVersion': '9.66.7567.1'}},
        windows_common.REGISTRY_KEYS['products']: {'exists': True, 'properties': {
            'PostInstallActions': 'Succeeded', 'AgentConfigurationStatus': 'Succeeded', 'InstallDirectory': AGENT}},
    },
    'files': {AGENT + '\\Application Data\\etc\\drscout.conf':
              '[vxagent]\nCSType=CSLegacy\n[vxagent.transport]\nHostname=%s\n' % CS},
    'service': {'exists': True, 'status': 'Running'},
    'defender': {'present': True, 'exclusions': ['C:\\ProgramData\\ASR\\agent', 'C:\\Program Files (x86)\\Microsoft Azure Site Recovery']},
}


def windows_state(**changes):
    read = copy.deepcopy(WINDOWS_READ)
    read.update(changes)
    return windows_read.host_state(read)


def decide(read, os_dir='linux', **settings):
    values = {'cs_type': 'CSLegacy', 'cs_address': CS}
    values.update(settings)
    return fast_path(read, os_dir, **values)


def test_a_converged_linux_host_and_its_report():
    assert decide(LINUX) == {'converged': True, 'why': '', 'record': {
        'reason': 'version 9.66.0.0 is installed, running and registered to %s' % CS, 'version_before': '9.66.0.0',
        'version_after': '9.66.0.0', 'antivirus': 'none found, none needed', 'registration_target': CS}}


def test_a_linux_agent_registered_to_an_unnamed_server_keeps_the_reports_target():
    assert 'registration_target' not in decide(dict(LINUX, cs_address=None))['record']


@pytest.mark.parametrize('change, why', [
    ({'installed': False}, 'not installed'),
    ({'registered': False}, 'not registered'),
    ({'services': {'vxagent': False}}, 'vxagent is not running'),
    ({'registration': 'cannot tell'}, 'cannot tell'),
    ({'registration': None}, 'not compared'),
    ({'existing_paths': ['/etc/clamav/clamd.conf']}, 'antivirus exclusions are kept for /etc/clamav/clamd.conf'),
])
def test_a_linux_host_that_needs_more(change, why):
    decision = decide(dict(LINUX, **change))
    assert decision['converged'] is False and why in decision['why'] and decision['record'] == {}


def test_a_forced_registration_does_not_leave_the_fast_path():
    # a registration to the wanted server is never redone, whatever force says: the decision does not take it
    assert 'force' not in inspect.signature(fast_path).parameters
    assert decide(LINUX)['converged'] is True and decide(windows_state(), 'windows')['converged'] is True


def test_an_antivirus_product_does_not_matter_when_exclusions_are_not_kept():
    assert decide(dict(LINUX, existing_paths=['/usr/bin/mdatp']), antivirus=False)['converged'] is True


@pytest.mark.parametrize('settings, why', [
    ({'enabled': False}, 'turned off'),
    ({'state': 'latest'}, 'state is latest'),
    ({'state': 'absent'}, 'state is absent'),
    ({'setting_findings': ['cs_address: missing']}, 'the settings have findings'),
])
def test_settings_that_take_the_whole_way(settings, why):
    for read, os_dir in ((LINUX, 'linux'), (windows_state(), 'windows')):
        decision = decide(read, os_dir, **settings)
        assert decision['converged'] is False and why in decision['why']


@pytest.mark.parametrize('read', [None, {}, {'skipped': True}, {'failed': True}])
def test_a_host_that_was_not_read_takes_the_whole_way(read):
    assert decide(read)['converged'] is False


def test_a_converged_windows_host_and_its_report():
    assert decide(windows_state(), 'windows') == {'converged': True, 'why': '', 'record': {
        'reason': 'version 9.66.7567.1 is installed, running and registered to %s' % CS,
        'version_before': '9.66.7567.1', 'version_after': '9.66.7567.1', 'antivirus': 'Microsoft Defender',
        'registration_target': CS}}


@pytest.mark.parametrize('changes, why', [
    ({'registry': {}}, 'not installed'),
    ({'service': {'exists': True, 'status': 'Stopped'}}, 'svagents is stopped'),
    ({'service': {'exists': False}}, 'svagents is absent'),
    ({'files': {}}, 'cannot tell'),
    ({'defender': {'present': True, 'exclusions': []}}, 'lacks exclusions'),
    ({'defender': {'present': True, 'exclusions': None}}, 'could not be read'),
    ({'defender': None}, 'was not looked at'),
])
def test_a_windows_host_that_needs_more(changes, why):
    decision = decide(windows_state(**changes), 'windows')
    assert decision['converged'] is False and why in decision['why'], decision


def test_a_windows_agent_registered_elsewhere_takes_the_whole_way_to_its_refusal():
    decision = decide(windows_state(), 'windows', cs_address='10.0.0.9')
    assert decision['converged'] is False and 'registered to configuration server %s' % CS in decision['why']


def test_windows_without_defender_or_without_exclusions_kept():
    assert decide(windows_state(defender={'present': False, 'exclusions': []}), 'windows')['record']['antivirus'] == (
        'none found, none needed')
    assert decide(windows_state(defender=None), 'windows', antivirus=False)['converged'] is True


def test_a_custom_installation_folder_must_be_excluded_too():
    assert decide(windows_state(), 'windows', install_dir='D:\\ASR')['converged'] is False


def test_an_unknown_kind_of_host_is_an_error():
    with pytest.raises(ValueError, match='os_dir must be linux or windows'):
        decide(LINUX, 'aix')
