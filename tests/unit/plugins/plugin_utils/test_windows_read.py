# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one read of a Windows host: its parameters, and what the role takes from its result."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.siterecovery.mobility.plugins.plugin_utils import windows_common, windows_plan, windows_read

UNINSTALL = windows_common.REGISTRY_KEYS['uninstall']
PRODUCTS = windows_common.REGISTRY_KEYS['products']
AGENT = 'C:\\Program Files (x86)\\Microsoft Azure Site Recovery\\agent'
DRSCOUT = AGENT + '\\Application Data\\etc\\drscout.conf'
CONF = '[vxagent]\r\nCSType=CSLegacy\r\n[vxagent.transport]\r\nHostname = 10.0.0.5\r\n'
# What files/windows_read_host.ps1 returns for a registered agent on Windows Server 2019 (16 GiB, 12 GiB free).
READ = {
    'registry': {
        UNINSTALL: {'exists': True, 'properties': {'DisplayVersion': '9.66.7567.1', 'DisplayName': windows_common.DISPLAY_NAME}},
        PRODUCTS: {'exists': True, 'properties': {'PostInstallActions': 'Succeeded', 'AgentConfigurationStatus': 'Succeeded',
                                                  'InstallDirectory': AGENT}},
    },
    'files': {DRSCOUT: CONF, AGENT + '\\agent\\Application Data\\etc\\drscout.conf': 'not this one'},
    'file_errors': {},
    'service': {'exists': True, 'status': 'Running'},
    'space': {'drive': 'C:\\', 'free_mb': 40960},
    'system': {'version': '10.0.17763.0', 'platform': 'Win32NT', 'caption': 'Microsoft Windows Server 2019 Datacenter',
               'os_architecture': '64-bit', 'mem_total_bytes': 16 * 1024 ** 3, 'mem_available_bytes': 12 * 1024 ** 3 - 1},
    'defender': {'present': True, 'exclusions': ['C:\\ProgramData\\ASR\\agent']},
    'unreachable': [{'host': '10.0.0.6', 'port': 9443}],
    'errors': {},
}


def test_parameters_name_the_registry_keys_the_service_and_what_is_asked():
    parameters = windows_read.read_parameters('D:/ASR/', [{'host': '10.0.0.5', 'port': 443}, {'host': 'ps01', 'port': '9443'}],
                                              facts=True, defender='yes')
    assert parameters == {'Registry': [PRODUCTS, UNINSTALL], 'Service': 'svagents', 'EndpointHost': ['10.0.0.5', 'ps01'],
                          'EndpointPort': [443, 9443], 'ReachSeconds': 5, 'SpacePath': 'D:\\ASR', 'Facts': True,
                          'Defender': True, 'Drscout': True}


def test_parameters_without_extras_and_an_unusable_folder_measures_nothing():
    parameters = windows_read.read_parameters('relative\\folder', drscout=False)
    assert (parameters['SpacePath'], parameters['EndpointHost'], parameters['Facts'], parameters['Drscout']) == (
        '', [], False, False)


@pytest.mark.parametrize('endpoint, message', [
    ({'host': 'cs 01', 'port': 443}, 'an endpoint must be'),
    ({'host': 'cs01', 'port': 70000}, 'the port of cs01 must be a number from 1 to 65535'),
    ('cs01:443', 'an endpoint must be'),
])
def test_bad_endpoints_are_refused(endpoint, message):
    with pytest.raises(windows_common.WindowsAgentError, match=message):
        windows_read.read_parameters('', [endpoint])


def test_the_state_of_a_registered_agent():
    state = windows_read.host_state({'changed': False, 'result': READ})
    assert state['registry']['drscout'] == {'exists': True, 'content': CONF}
    assert state['agent']['version'] == '9.66.7567.1' and state['agent']['agent_dir'] == AGENT
    assert state['service'] == 'started'
    assert state['install_free_mb'] == 40960
    assert state['unreachable_endpoints'] == [{'host': '10.0.0.6', 'port': 9443}]
    assert state['defender'] == {'present': True, 'exclusions': ['C:\\ProgramData\\ASR\\agent']}
    plan = windows_plan.windows_plan(state['registry'], 'present', '', 'CSLegacy', cs_address='10.0.0.5')
    assert plan['install'] == 'none' and not plan['register'] and plan['registration']['target'] == 'same'


def test_facts_are_computed_as_ansible_windows_setup_does():
    # setup: distribution_version is the OS version, the major version its first number, memory in MiB rounded up
    assert windows_read.host_state(READ)['facts'] == {
        'os_family': 'Windows', 'system': 'Win32NT', 'distribution': 'Microsoft Windows Server 2019 Datacenter',
        'distribution_version': '10.0.17763.0', 'distribution_major_version': '10', 'architecture': '64-bit',
        'memtotal_mb': 16384, 'memfree_mb': 12288}


def test_parts_not_read_are_none_or_empty():
    state = windows_read.host_state({'registry': {}})
    assert state['facts'] == {} and state['service'] is None and state['defender'] is None
    assert state['install_free_mb'] is None and state['unreachable_endpoints'] == [] and state['errors'] == {}
    assert state['registry'] == {'uninstall': {'exists': False}, 'products': {'exists': False}, 'drscout': None}


def test_registry_paths_and_file_paths_are_matched_as_windows_matches_them():
    read = dict(READ, registry=dict((path.lower(), value) for path, value in READ['registry'].items()),
                files={DRSCOUT.upper().replace('\\', '/'): CONF})
    state = windows_read.host_state(read)
    assert state['agent']['product'] is True
    assert state['registry']['drscout']['content'] == CONF


@pytest.mark.parametrize('files, errors, expected', [
    ({}, {}, {'exists': False}),
    ({}, {DRSCOUT: 'Access to the path is denied.'}, {'failed': True, 'msg': 'Access to the path is denied.'}),
])
def test_a_missing_or_unreadable_drscout_conf(files, errors, expected):
    state = windows_read.host_state(dict(READ, files=files, file_errors=errors))
    assert state['registry']['drscout'] == expected
    plan = windows_plan.windows_plan(state['registry'], 'present', '', 'CSLegacy', cs_address='10.0.0.5')
    assert plan['registration']['target'] == 'cannot tell' and plan['warning']


def test_drscout_conf_is_left_out_when_not_wanted_or_without_an_agent():
    assert windows_read.host_state(READ, drscout=False)['registry']['drscout'] is None
    assert windows_read.host_state(dict(READ, registry={}))['registry']['drscout'] is None


@pytest.mark.parametrize('service, expected', [
    ({'exists': False}, 'absent'), ({'exists': True, 'status': 'Stopped'}, 'stopped'),
    ({'exists': True, 'status': 'StartPending'}, 'start_pending'), ({'exists': True, 'status': 'Running'}, 'started'),
])
def test_service_states_are_named_as_win_service_info_names_them(service, expected):
    assert windows_read.host_state(dict(READ, service=service))['service'] == expected


def test_powershell_lists_of_one_and_unreadable_defender_exclusions():
    read = dict(READ, unreachable={'host': 'cs01', 'port': '443'},
                defender={'present': True, 'exclusions': None}, errors={'defender': '0x800106ba'})
    state = windows_read.host_state(read)
    assert state['unreachable_endpoints'] == [{'host': 'cs01', 'port': 443}]
    assert state['defender'] == {'present': True, 'exclusions': None}
    assert state['errors'] == {'defender': '0x800106ba'}


@pytest.mark.parametrize('read, message', [
    ({'failed': True, 'msg': 'Access is denied'}, 'the host could not be read: Access is denied'),
    ({'changed': False, 'result': {}}, 'the read of the host has no registry data'),
    ('text', 'must be a dictionary'),
])
def test_a_failed_or_unusable_read_is_an_error(read, message):
    with pytest.raises(windows_common.WindowsAgentError, match=message):
        windows_read.host_state(read)
