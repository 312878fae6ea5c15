# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Mobility Service agent on a Windows host: the parameters of the role's
one read of the host (files/windows_read_host.ps1), and what it found."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.siterecovery.mobility.plugins.plugin_utils.windows_commands import (
    read_exclusions)
from ansible_collections.siterecovery.mobility.plugins.plugin_utils.windows_common import (
    REGISTRY_KEYS, WindowsAgentError, HOST_NAME, is_blank, to_boolean, is_text, normalize_path)
from ansible_collections.siterecovery.mobility.plugins.plugin_utils.windows_plan import (
    registry_value, registry_state)

# ---------------------------------------------------------------- the one read of a host

# The agent's service.
SERVICE = 'svagents'
# How long the read waits for the servers' ports to answer, all at once.
REACH_SECONDS = 5
# ServiceControllerStatus names as ansible.windows.win_service_info reports them.
_SERVICE_STATES = {'running': 'started', 'stopped': 'stopped', 'startpending': 'start_pending',
                   'stoppending': 'stop_pending', 'continuepending': 'continue_pending',
                   'pausepending': 'pause_pending', 'paused': 'paused'}


def read_parameters(install_dir=None, endpoints=None, facts=False, defender=False, drscout=True):
    """The parameters of the role's read of a Windows host (``files/windows_read_host.ps1``).

    One PowerShell run reads the agent's registry keys (:data:`REGISTRY_KEYS`),
    its ``drscout.conf`` (``drscout``), the state of :data:`SERVICE`, and on
    request the free space of the drive of ``install_dir``, whether the
    ``endpoints`` (``[{'host', 'port'}]``) answer within :data:`REACH_SECONDS`,
    the system (``facts``) and Microsoft Defender's exclusions (``defender``).
    """
    hosts, ports = [], []
    for endpoint in endpoints or []:
        if not isinstance(endpoint, dict) or not is_text(endpoint.get('host')) or not HOST_NAME.match(endpoint['host']):
            raise WindowsAgentError('an endpoint must be {host: name or address, port: number}, got %r' % (endpoint,))
        try:
            port = int(endpoint.get('port'))
        except (TypeError, ValueError):
            port = 0
        if not 0 < port < 65536:
            raise WindowsAgentError('the port of %s must be a number from 1 to 65535, got %r'
                                    % (endpoint['host'], endpoint.get('port')))
        hosts.append(endpoint['host'])
        ports.append(port)
    return {
        'Registry': [REGISTRY_KEYS[name] for name in sorted(REGISTRY_KEYS)],
        'Service': SERVICE,
        'EndpointHost': hosts,
        'EndpointPort': ports,
        'ReachSeconds': REACH_SECONDS,
        'SpacePath': _measurable(install_dir),
        'Facts': to_boolean(facts, 'facts'),
        'Defender': to_boolean(defender, 'defender'),
        'Drscout': to_boolean(drscout, 'drscout'),
    }


def _measurable(install_dir):
    """The folder whose drive is measured: '' for none, or for a path that is not valid (the installation
    itself names that error)."""
    if is_blank(install_dir):
        return ''
    try:
        return normalize_path(install_dir, 'install_dir')
    except WindowsAgentError:
        return ''


def _by_path(table, path):
    """The entry of a {path: value} table for path, compared as Windows compares paths (case, slashes)."""
    wanted = path.replace('/', '\\').rstrip('\\').lower()
    for key, value in (table or {}).items():
        if is_text(key) and key.replace('/', '\\').rstrip('\\').lower() == wanted:
            return True, value
    return False, None


def _ceil_mb(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return -(-number // (1024 * 1024))


def _facts(system):
    """The keys that ansible.windows' setup reports, from what the read found (the same sources)."""
    if not isinstance(system, dict) or not system:
        return {}
    version = registry_value(system.get('version'))
    facts = {'os_family': 'Windows', 'system': registry_value(system.get('platform')),
             'distribution': registry_value(system.get('caption')),
             'distribution_version': version,
             'distribution_major_version': version.split('.')[0] if version else None,
             'architecture': registry_value(system.get('os_architecture')),
             'memtotal_mb': _ceil_mb(system.get('mem_total_bytes')),
             'memfree_mb': _ceil_mb(system.get('mem_available_bytes'))}
    return dict((key, value) for key, value in facts.items() if value is not None)


def host_state(read, drscout=True):
    """What one read of a Windows host found, for the role's decisions.

    ``read``: the registered result of the role's ``ansible.windows.win_powershell``
    read (or its ``result``), see :func:`read_parameters`. A read that failed
    raises :class:`WindowsAgentError` with its message.

    Returns ``{'registry': {'uninstall', 'products', 'drscout'}`` (the form
    :func:`windows_plan` takes; ``drscout`` is ``{'exists': bool, 'content'}``,
    ``{'failed': True, 'msg'}`` or None when not read), ``'agent'``
    (:func:`registry_state`), ``'service'`` (``started``, ``stopped``, ... as
    win_service_info reports it, ``'absent'``, or None when not read),
    ``'facts'`` (setup's keys: ``os_family``, ``system``, ``distribution``,
    ``distribution_version``, ``distribution_major_version``, ``architecture``,
    ``memtotal_mb``, ``memfree_mb``; empty when not read), ``'install_free_mb'``
    (None when not measured), ``'unreachable_endpoints'`` (``[{'host', 'port'}]``),
    ``'defender'`` (``{'present': bool, 'exclusions': list or None}`` or None
    when not read) and ``'errors'`` (``{part: message}`` of the parts that
    could not be read)}``.
    """
    if not isinstance(read, dict):
        raise WindowsAgentError('the read of the host must be a dictionary (the win_powershell result), got %s'
                                % type(read).__name__)
    if read.get('failed'):
        raise WindowsAgentError('the host could not be read: %s' % (read.get('msg') or 'the read failed'))
    if 'registry' not in read and isinstance(read.get('result'), dict):
        read = read['result']
    if not isinstance(read.get('registry'), dict):
        raise WindowsAgentError('the read of the host has no registry data: %r' % (sorted(read),))
    registry = {}
    for name, path in REGISTRY_KEYS.items():
        found, section = _by_path(read['registry'], path)
        registry[name] = section if found and isinstance(section, dict) else {'exists': False}
    agent = registry_state(registry)
    registry['drscout'] = None
    if to_boolean(drscout, 'drscout') and agent['product'] and agent['drscout_path']:
        failed, message = _by_path(read.get('file_errors'), agent['drscout_path'])
        exists, content = _by_path(read.get('files'), agent['drscout_path'])
        if failed:
            registry['drscout'] = {'failed': True, 'msg': str(message)}
        elif exists and is_text(content):
            registry['drscout'] = {'exists': True, 'content': content}
        else:
            registry['drscout'] = {'exists': False}
    service = read.get('service')
    state = None
    if isinstance(service, dict):
        if not service.get('exists'):
            state = 'absent'
        else:
            status = str(service.get('status') or '').replace('_', '').lower()
            state = _SERVICE_STATES.get(status, status or 'unknown')
    space = read.get('space')
    free = space.get('free_mb') if isinstance(space, dict) else None
    unreachable = read.get('unreachable') or []
    if isinstance(unreachable, dict):  # PowerShell's JSON may give a list of one as the item itself
        unreachable = [unreachable]
    unreachable = [{'host': item.get('host'), 'port': int(item.get('port'))} for item in unreachable if isinstance(item, dict)]
    defender = read.get('defender')
    if isinstance(defender, dict):
        exclusions = defender.get('exclusions')
        defender = {'present': bool(defender.get('present')),
                    'exclusions': None if exclusions is None else read_exclusions(exclusions)}
    else:
        defender = None
    errors = read.get('errors') if isinstance(read.get('errors'), dict) else {}
    return {'registry': registry, 'agent': agent, 'service': state, 'facts': _facts(read.get('system')),
            'install_free_mb': int(free) if free is not None else None, 'unreachable_endpoints': unreachable,
            'defender': defender, 'errors': dict((str(key), str(value)) for key, value in errors.items())}
