# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Windows filters wrap the plugins/plugin_utils/windows_*.py helpers and turn their refusals into filter errors."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import jinja2
import pytest
import yaml

from ansible.errors import AnsibleFilterError

from ansible_collections.siterecovery.mobility.plugins.filter.windows import FilterModule
from ansible_collections.siterecovery.mobility.plugins.plugin_utils import windows_commands, windows_common

FILTERS = FilterModule().filters()
FILTER_DIR = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'plugins', 'filter')
NAMES = {'windows_plan', 'windows_exit_outcome', 'windows_install_command', 'windows_upgrade_command',
         'windows_configure_command', 'windows_uninstall_command', 'windows_extract_command',
         'windows_pick_setup_executable', 'windows_defender_exclusions_to_add', 'windows_secret_acl',
         'windows_agent_state', 'windows_run_outcome', 'windows_wait_schedule', 'windows_extracted_setup',
         'windows_read_parameters', 'windows_host_state'}
REGISTRY = {
    'uninstall': {'exists': True, 'properties': {'DisplayVersion': {'value': '9.66.7567.1', 'type': 'REG_SZ'}}},
    'products': {'exists': True, 'properties': {'PostInstallActions': {'value': 'Succeeded'},
                                                'AgentConfigurationStatus': {'value': 'Succeeded'},
                                                'InstallDirectory': {'value': windows_common.DEFAULT_INSTALL_DIR}}},
}


def render(template, **variables):
    """Render with the collection's filters under their short names, as Jinja would call them."""
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    env.filters.update(FILTERS)
    return env.from_string(template).render(**variables)


def test_filter_names():
    assert set(FILTERS) == NAMES


@pytest.mark.parametrize('name', sorted(NAMES))
def test_every_filter_has_its_documentation(name):
    with open(os.path.join(FILTER_DIR, name + '.yml')) as handle:
        doc = yaml.safe_load(handle)
    assert doc['DOCUMENTATION']['name'] == name
    assert doc['DOCUMENTATION']['version_added'] == '0.1.0'
    assert doc['DOCUMENTATION']['author'] == 'siterecovery.mobility maintainers (@siterecovery)'
    assert '_input' in doc['DOCUMENTATION']['options']
    assert 'siterecovery.mobility.%s' % name in doc['EXAMPLES']
    assert '_value' in doc['RETURN']


def test_plan_filter():
    assert FILTERS['windows_plan'](REGISTRY, 'latest', '9.67.7789.1', 'CSLegacy')['install'] == 'upgrade'
    assert render("{{ (reg | windows_plan('present', '', 'CSPrime', force_register=true)).register }}",
                  reg=REGISTRY) == 'True'


def test_plan_filter_errors_are_filter_errors():
    with pytest.raises(AnsibleFilterError, match='refusing to downgrade'):
        FILTERS['windows_plan'](REGISTRY, 'latest', '9.60.1.1', 'CSLegacy')
    with pytest.raises(AnsibleFilterError, match='desired_state'):
        FILTERS['windows_plan'](REGISTRY, 'installed', None, 'CSLegacy')


def test_read_filters():
    parameters = render("{{ 'C:/ASR/' | windows_read_parameters(endpoints=[{'host': 'cs01', 'port': '443'}], facts=true) }}")
    assert "'SpacePath': 'C:\\\\ASR'" in parameters and "'EndpointPort': [443]" in parameters
    with pytest.raises(AnsibleFilterError, match='the port of cs01 must be a number from 1 to 65535'):
        FILTERS['windows_read_parameters']('', endpoints=[{'host': 'cs01', 'port': 0}])
    state = FILTERS['windows_host_state']({'changed': False, 'result': {'registry': {}}})
    assert state['agent']['product'] is False and state['service'] is None
    with pytest.raises(AnsibleFilterError, match='the host could not be read: Access is denied'):
        FILTERS['windows_host_state']({'failed': True, 'msg': 'Access is denied'})


def test_exit_outcome_filter():
    assert render("{{ (3010 | windows_exit_outcome('install')).reboot_required }}") == 'True'
    assert FILTERS['windows_exit_outcome'](1605, step='uninstall')['changed'] is False
    with pytest.raises(AnsibleFilterError, match='rc must be an integer'):
        FILTERS['windows_exit_outcome'](None)


def test_command_filters():
    assert render("{{ dir | windows_install_command('CSPrime', executable='UnifiedAgentInstaller.exe') }}",
                  dir='C:\\Temp\\asr') == (
        '"C:\\Temp\\asr\\UnifiedAgentInstaller.exe" /Platform VmWare /Silent /Role MS /CSType CSPrime '
        '/InstallLocation "C:\\Program Files (x86)\\Microsoft Azure Site Recovery"')
    assert FILTERS['windows_upgrade_command']('C:\\Temp\\asr', 'CSLegacy') == '"C:\\Temp\\asr\\UnifiedAgent.exe" /Platform VmWare /Silent'
    assert render("{{ '' | windows_uninstall_command }}") == windows_commands.windows_uninstall_command()
    assert render("{{ 'C:\\\\i.exe' | windows_extract_command('C:\\\\x') }}") == '"C:\\i.exe" /q /x:"C:\\x"'
    assert render("{{ d | windows_configure_command('CSLegacy', cs_address='cs01', passphrase_file=f) }}",
                  d='C:\\A', f='C:\\T\\p') == '"C:\\A\\UnifiedAgentConfigurator.exe" /CSEndPoint cs01 /PassphraseFilePath "C:\\T\\p"'


def test_command_filter_errors_do_not_echo_a_passphrase():
    with pytest.raises(AnsibleFilterError) as err:
        FILTERS['windows_configure_command']('C:\\A', 'CSLegacy', cs_address='cs01', passphrase_file='Zq8-sEcReT')
    assert 'Zq8-sEcReT' not in str(err.value)
    with pytest.raises(AnsibleFilterError, match='exe_dir'):
        FILTERS['windows_install_command']('relative', 'CSLegacy')


def test_pick_exclusions_and_acl_filters():
    assert render("{{ files | windows_pick_setup_executable('CSPrime') }}",
                  files=['UnifiedAgent.exe', 'UnifiedAgentInstaller.exe']) == 'UnifiedAgentInstaller.exe'
    assert FILTERS['windows_defender_exclusions_to_add'](None, install_dir='D:\\ASR')[-1] == 'D:\\ASR'
    acl = FILTERS['windows_secret_acl']('C:\\T\\p', kind='file')
    assert [entry['user'] for entry in acl['entries']] == ['S-1-5-18', 'S-1-5-32-544']
    with pytest.raises(AnsibleFilterError, match='no UnifiedAgent.exe'):
        FILTERS['windows_pick_setup_executable']([], 'CSLegacy')
    with pytest.raises(AnsibleFilterError, match='could not be read'):
        FILTERS['windows_defender_exclusions_to_add'](['N/A: Must be an administrator to view exclusions'])
    with pytest.raises(AnsibleFilterError, match='kind'):
        FILTERS['windows_secret_acl']('', kind='registry')


DRSCOUT = '[vxagent]\r\nCSType = CSLegacy\r\n[vxagent.transport]\r\nHostname = 10.0.0.9\r\nPort = 443\r\n'


def test_agent_state_filter_names_drscout_conf():
    assert FILTERS['windows_agent_state'](REGISTRY)['drscout_path'] == (
        windows_common.DEFAULT_INSTALL_DIR + '\\agent\\Application Data\\etc\\drscout.conf')
    with pytest.raises(AnsibleFilterError, match='dictionary'):
        FILTERS['windows_agent_state']('text')


def test_plan_filter_compares_the_registration():
    registry = dict(REGISTRY, drscout={'changed': False, 'result': {'exists': True, 'content': DRSCOUT}})
    refused = render("{{ reg | windows_plan('present', '', 'CSLegacy', cs_address='10.0.0.5') }}", reg=registry)
    assert 'exit code 13' in refused
    moved = FILTERS['windows_plan'](registry, 'present', '', 'CSLegacy', cs_address='10.0.0.5',
                                    reinstall_if_registered_elsewhere=True)
    assert (moved['install'], moved['uninstall_first'], moved['register']) == ('install', True, True)
    with pytest.raises(AnsibleFilterError, match='reinstall_if_registered_elsewhere'):
        FILTERS['windows_plan'](registry, 'present', '', 'CSLegacy', reinstall_if_registered_elsewhere='often')


def test_configure_command_filter_passes_another_port():
    assert render("{{ d | windows_configure_command('CSLegacy', cs_address='cs01', passphrase_file=f, cs_port=8443) }}",
                  d='C:\\A', f='C:\\T\\p') == (
        '"C:\\A\\UnifiedAgentConfigurator.exe" /CSEndPoint cs01 /CSPort 8443 /PassphraseFilePath "C:\\T\\p"')
    with pytest.raises(AnsibleFilterError, match='cs_port'):
        FILTERS['windows_configure_command']('C:\\A', 'CSLegacy', cs_address='cs01', passphrase_file='C:\\p', cs_port=0)


def test_run_outcome_filter():
    timed_out = {'failed': True, 'msg': 'async task did not complete within the requested time - 600s',
                 'async_result': {'finished': 0}}
    assert render("{{ (r | windows_run_outcome('register', timeout=600)).timed_out }}", r=timed_out) == 'True'
    assert FILTERS['windows_run_outcome']({'rc': 3010}, 'install')['reboot_required'] is True
    with pytest.raises(AnsibleFilterError, match='result'):
        FILTERS['windows_run_outcome'](0)


def test_wait_and_extracted_setup_filters():
    assert render("{{ (300 | windows_wait_schedule).retries }}") == '60'
    with pytest.raises(AnsibleFilterError, match='timeout'):
        FILTERS['windows_wait_schedule'](-5)
    assert render("{{ (files | windows_extracted_setup('CSLegacy')).found }}", files=[{'filename': 'UnifiedAgent.exe'}]) == 'True'
    missing = FILTERS['windows_extracted_setup']([], 'CSLegacy', folder='C:\\x', waited=60)
    assert missing['found'] is False and 'C:\\x' in missing['message'] and '60 seconds' in missing['message']
