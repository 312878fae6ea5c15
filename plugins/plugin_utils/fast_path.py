# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fast path: is a host's agent already as wanted, from the one read of the host?

A host whose agent is installed, running and registered where the inventory
wants it, with nothing to add for its antivirus, needs nothing else: its
deployment ends after the preflight's read. The read is the Linux probe
(``mobility_agent_info``) or the Windows read (``windows_read.host_state``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.siterecovery.mobility.plugins.plugin_utils import windows_commands, windows_plan, windows_read

NO_ANTIVIRUS = 'none found, none needed'
DEFENDER = 'Microsoft Defender'


def _no(why):
    return {'converged': False, 'why': why, 'record': {}}


def _record(version, cs_address, antivirus):
    record = {'reason': 'version %s is installed, running and registered%s'
                        % (version, (' to %s' % cs_address) if cs_address else ''),
              'version_before': version, 'version_after': version, 'antivirus': antivirus}
    if cs_address:
        record['registration_target'] = cs_address
    return record


def _linux(probe, antivirus):
    if not probe.get('installed'):
        return _no('the agent is not installed')
    if not probe.get('registered'):
        return _no('the agent is not registered')
    if not (probe.get('services') or {}).get('vxagent'):
        return _no('the agent\'s service vxagent is not running')
    if probe.get('registration') != 'same':
        return _no('the agent is not known to be registered where the inventory wants it (%s)'
                   % (probe.get('registration') or 'not compared'))
    if antivirus and probe.get('existing_paths'):
        return _no('antivirus exclusions are kept for %s' % ', '.join(probe['existing_paths']))
    return {'converged': True, 'why': '', 'record': _record(probe.get('version'), probe.get('cs_address'), NO_ANTIVIRUS)}


def _windows(state, antivirus, cs_type, cs_address, install_dir):
    plan = windows_plan.windows_plan(state['registry'], 'present', '', cs_type, cs_address=cs_address)
    if plan['install'] != 'none' or plan['register'] or plan['refusal'] or plan['warning']:
        return _no(plan['reason'])
    if (plan['registration'] or {}).get('target') != 'same':
        return _no('the agent is not known to be registered where the inventory wants it')
    if state.get('service') != 'started':
        return _no('the agent\'s service %s is %s' % (windows_read.SERVICE, state.get('service') or 'not read'))
    defender = state.get('defender') or {}
    found = NO_ANTIVIRUS
    if antivirus:
        if defender.get('present'):
            if defender.get('exclusions') is None:
                return _no('Microsoft Defender\'s exclusions could not be read')
            if windows_commands.defender_exclusions_to_add(defender['exclusions'], install_dir=install_dir or None):
                return _no('Microsoft Defender lacks exclusions for the agent')
            found = DEFENDER
        elif state.get('defender') is None:
            return _no('Microsoft Defender was not looked at')
    registered = (plan['registration'] or {}).get('registered_address')
    return {'converged': True, 'why': '', 'record': _record(plan['installed_version'], registered or cs_address, found)}


def fast_path(read, os_dir, enabled=True, state='present', setting_findings=None, antivirus=True,
              cs_type=None, cs_address=None, install_dir=None):
    """Whether the host's deployment can end after its preflight.

    ``read``: the Linux probe's result or the Windows :func:`windows_read.host_state`
    (None or {} when the host was not read). ``os_dir``: ``linux`` or
    ``windows``. The other arguments are the role's settings: the fast path is
    ``enabled``, ``state`` must be ``present``, and a setting with findings
    always takes the whole way. A forced registration does not: a registration
    to the wanted server is never redone. ``antivirus``: the role
    keeps antivirus exclusions (a Linux host with an antivirus product takes
    the whole way; a Windows host passes when Microsoft Defender already has
    the exclusions).

    Returns ``{'converged': bool, 'why': why not, 'record': the report fields
    of a converged host (reason, version_before, version_after, antivirus,
    registration_target), else {}}``.
    """
    if not enabled:
        return _no('the fast path is turned off (mobility_service_fast_path)')
    if state != 'present':
        return _no('state is %s' % state)
    if setting_findings:
        return _no('the settings have findings')
    if not isinstance(read, dict) or not read or read.get('skipped') or read.get('failed'):
        return _no('the host was not read')
    if os_dir == 'windows':
        return _windows(read, antivirus, cs_type, cs_address, install_dir)
    if os_dir == 'linux':
        return _linux(read, antivirus)
    raise ValueError('os_dir must be linux or windows, got %r' % (os_dir,))
