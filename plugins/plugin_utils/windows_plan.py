# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Mobility Service agent on a Windows host: its state from the registry
and drscout.conf, where it is registered, and the plan (install, upgrade,
register, nothing)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.siterecovery.mobility.plugins.module_utils.agent import (
    CS_TYPES, compare_versions)
from ansible_collections.siterecovery.mobility.plugins.module_utils.catalog import (
    version_tuple)
from ansible_collections.siterecovery.mobility.plugins.module_utils.servers import (
    DIFFERENT, SAME, UNKNOWN, compare_servers)
from ansible_collections.siterecovery.mobility.plugins.plugin_utils.windows_common import (
    DRSCOUT_IN_AGENT_DIR, DowngradeError, PRODUCT_CODE, REGISTRY_KEYS, STATES, SUCCEEDED, WindowsAgentError,
    is_blank, to_boolean, checked_choice, checked_cs_type, is_text, join_path, normalize_path)


# ---------------------------------------------------------------- registry and plan

def _lookup(values, name):
    """A registry value by name, case-insensitively (Windows value names are)."""
    for key, value in values.items():
        if is_text(key) and key.lower() == name.lower():
            return value
    return None


def registry_value(prop):
    """A value as win_reg_stat reports it ({'value': ..., 'raw_value': ..., 'type': ...}) or a plain value."""
    if isinstance(prop, dict):
        prop = prop.get('value', prop.get('raw_value'))
    if prop is None:
        return None
    text = str(prop).strip()
    return text or None


def _section(section, name):
    """(exists, {value name: value}) of one key: a win_reg_stat result or a plain dict of values."""
    if section is None:
        return False, {}
    if not isinstance(section, dict):
        raise WindowsAgentError('registry[%r] must be a dictionary (a win_reg_stat result), got %s'
                                % (name, type(section).__name__))
    if 'exists' in section or 'properties' in section:
        properties = section.get('properties') or {}
        if not isinstance(properties, dict):
            raise WindowsAgentError('registry[%r].properties must be a dictionary' % (name,))
        values = dict((key, registry_value(value)) for key, value in properties.items())
        exists = section.get('exists')
        return (bool(properties) if exists is None else bool(exists)), values
    values = dict((key, registry_value(value)) for key, value in section.items())
    return bool(values), values


def registry_state(registry):
    """The agent's state from registry data, in a flat dictionary.

    ``registry`` is either the nested form the role gathers with
    ``ansible.windows.win_reg_stat`` (one result per key of
    :data:`REGISTRY_KEYS`)::

        {'uninstall': {'exists': True,
                       'properties': {'DisplayVersion': {'value': '9.66.7567.1', ...},
                                      'DisplayName': {'value': '...'}}},
         'products': {'exists': True,
                      'properties': {'PostInstallActions': {'value': 'Succeeded'},
                                     'AgentConfigurationStatus': {'value': 'Succeeded'},
                                     'InstallDirectory': {'value': 'C:\\\\...'}}}}

    (a property may also be a plain value; a key that does not exist is
    ``{'exists': False}`` or simply missing), or the flattened form
    ``{'DisplayVersion': '9.66.7567.1', 'PostInstallActions': 'Succeeded',
    'AgentConfigurationStatus': 'Succeeded', 'InstallDirectory': 'C:\\\\...'}``
    where the product counts as installed when ``DisplayVersion`` or
    ``DisplayName`` is there. Value names are matched case-insensitively.
    A key ``drscout`` (see :func:`registration_check`) is not registry data
    and is ignored here. ``drscout_path`` is where the agent's drscout.conf
    should be (None when the registry does not name the folder).
    """
    if not isinstance(registry, dict):
        raise WindowsAgentError('the registry data must be a dictionary (see the windows_plan documentation), got %s'
                                % type(registry).__name__)
    if 'uninstall' in registry or 'products' in registry:
        product, uninstall = _section(registry.get('uninstall'), 'uninstall')
        products_key, products = _section(registry.get('products'), 'products')
    else:
        flat = dict((key, registry_value(value)) for key, value in registry.items() if key != 'drscout')
        uninstall = products = flat
        product = bool(_lookup(flat, 'DisplayVersion') or _lookup(flat, 'DisplayName'))
        products_key = any(_lookup(flat, name) for name in ('PostInstallActions', 'AgentConfigurationStatus', 'InstallDirectory'))
    directory = _lookup(products, 'InstallDirectory')
    install_dir = agent_dir = None
    if directory:
        try:
            directory = normalize_path(directory, 'InstallDirectory')
        except WindowsAgentError:
            directory = None
    if directory:
        # The value may name the installation folder or its 'agent' subfolder.
        if directory.lower().endswith('\\agent'):
            install_dir, agent_dir = directory[:-len('\\agent')], directory
        else:
            install_dir, agent_dir = directory, join_path(directory, 'agent')
    return {
        'product': product,
        'products_key': products_key,
        'version': _lookup(uninstall, 'DisplayVersion'),
        'post_install_actions': _lookup(products, 'PostInstallActions'),
        'configuration_status': _lookup(products, 'AgentConfigurationStatus'),
        'install_dir': install_dir,
        'agent_dir': agent_dir,
        'drscout_path': join_path(agent_dir, DRSCOUT_IN_AGENT_DIR) if agent_dir else None,
    }


def _succeeded(value):
    return (value or '').strip().lower() == SUCCEEDED.lower()


def _package_version(package_version):
    if is_blank(package_version):
        return None
    if not version_tuple(package_version):
        raise WindowsAgentError('invalid package_version %r: expected a dotted number such as 9.66.7567.1'
                                % (package_version,))
    return str(package_version).strip()


def _refuse_downgrade(installed, package):
    if installed and package and version_tuple(installed) and compare_versions(package, installed) < 0:
        raise DowngradeError(
            'refusing to downgrade: version %s is installed and the package has the older %s (the setup '
            'does not support downgrades, exit code 15); uninstall first (state absent) if a downgrade is '
            'really wanted' % (installed, package))


# ---------------------------------------------------------------- where the agent is registered

_SECTION = re.compile(r'^\s*\[\s*([^\]]*?)\s*\]\s*$')
_KEY_VALUE = re.compile(r'^\s*([^=#;\s][^=]*?)\s*=\s*(.*?)\s*$')


def parse_drscout(text):
    """What the agent's drscout.conf says about its registration.

    Returns ``{'cs_address': [vxagent.transport] Hostname, 'cs_port':
    [vxagent.transport] Port, 'cs_type': [vxagent] CSType as CSLegacy or
    CSPrime}``, each None when missing or empty. Sections and keys are matched
    without regard to case, spaces around ``=`` are allowed (the vendor's
    template writes ``Hostname = ``), lines starting with ``#`` or ``;`` are
    comments; a byte order mark and CRLF line ends are fine.
    """
    found = {'cs_address': None, 'cs_port': None, 'cs_type': None}
    if not is_text(text):
        return found
    wanted = {('vxagent.transport', 'hostname'): 'cs_address', ('vxagent.transport', 'port'): 'cs_port',
              ('vxagent', 'cstype'): 'cs_type'}
    section = None
    for line in text.lstrip(u'\ufeff').splitlines():
        header = _SECTION.match(line)
        if header:
            section = header.group(1).lower()
            continue
        pair = _KEY_VALUE.match(line)
        if not pair or section is None:
            continue
        name = wanted.get((section, pair.group(1).lower()))
        if name and pair.group(2) and found[name] is None:
            found[name] = pair.group(2)
    if found['cs_type'] is not None:
        found['cs_type'] = next((choice for choice in CS_TYPES if choice.lower() == found['cs_type'].lower()), None)
    return found


def _drscout_text(data):
    """(text or None, why it could not be read or None) from what the role read; (None, None): not read at all."""
    if data is None:
        return None, None
    if is_text(data):
        return data, None
    if not isinstance(data, dict):
        raise WindowsAgentError('drscout must be the text of drscout.conf or the result of reading it, got %s'
                                % type(data).__name__)
    if data.get('skipped'):
        return None, None
    if isinstance(data.get('result'), dict):  # an ansible.windows.win_powershell result
        if data.get('failed'):
            return None, 'drscout.conf could not be read (%s)' % (data.get('msg') or 'the read failed')
        data = data['result']
    if data.get('failed'):
        return None, 'drscout.conf could not be read (%s)' % (data.get('msg') or 'the read failed')
    if data.get('exists') is False:
        return None, 'drscout.conf was not found in the agent folder'
    if not is_text(data.get('content')):
        return None, 'drscout.conf could not be read (%s)' % (data.get('msg') or 'no content')
    return data['content'], None


def _address(value):
    return value.strip() if is_text(value) else ''


def _describe(cs_type, address):
    if cs_type == 'CSPrime':
        return 'a replication appliance (modernized, CSPrime)'
    if cs_type == 'CSLegacy':
        return 'configuration server %s (classic, CSLegacy)' % address if address else 'a classic configuration server (CSLegacy)'
    return 'configuration server %s' % address if address else 'an unknown server'


def registration_check(drscout, cs_type, cs_address=None):
    """Is the agent registered where the inventory wants it?

    ``drscout``: the text of the agent's drscout.conf, or the result of the
    role's read of it (an ``ansible.windows.win_powershell`` result whose
    ``result`` is ``{'exists': bool, 'content': text}``, or that dictionary
    itself). ``cs_type`` and ``cs_address``: what the inventory wants.

    Returns None when drscout.conf was not read at all (None or a skipped
    task), else ``{'target': 'same'|'different'|'cannot tell',
    'registered_address', 'registered_cs_type', 'detail'}``:

    * another CS type (registered CSPrime, CSLegacy wanted, or the other way
      round) is ``different``;
    * for CSLegacy the addresses are compared with
      :func:`servers.compare_servers`; a modernized agent's appliance is
      not compared (config.json decides it);
    * a file, a ``Hostname`` (classic) or a ``CSType`` (modernized) that cannot
      be read is ``cannot tell``, never ``different``.
    """
    cs_type = checked_cs_type(cs_type)
    text, unreadable = _drscout_text(drscout)
    if text is None and unreadable is None:
        return None
    found = parse_drscout(text)
    wanted = _address(cs_address)
    check = {'target': UNKNOWN, 'registered_address': found['cs_address'], 'registered_cs_type': found['cs_type'],
             'detail': unreadable}
    if unreadable:
        return check
    if found['cs_type'] and found['cs_type'] != cs_type:
        check.update(target=DIFFERENT, detail='the agent is registered as %s, %s is wanted' % (found['cs_type'], cs_type))
        return check
    if cs_type == 'CSPrime':
        if found['cs_type']:
            check.update(target=SAME, detail='the agent is registered to a replication appliance (CSPrime)')
        else:
            check['detail'] = 'drscout.conf does not say whether the agent is classic or modernized ([vxagent] CSType)'
        return check
    if not found['cs_address']:
        check['detail'] = 'drscout.conf names no configuration server ([vxagent.transport] Hostname)'
        return check
    if not wanted:
        check['detail'] = 'no configuration server address is given to compare with'
        return check
    check['target'] = compare_servers(found['cs_address'], wanted)
    if check['target'] == UNKNOWN:
        check['detail'] = ('the agent names %s and the inventory %s: only a lookup could tell whether they are one '
                           'server' % (found['cs_address'], wanted))
    else:
        check['detail'] = 'the agent is registered to %s' % found['cs_address']
    return check


def windows_plan(registry, desired_state, package_version=None, cs_type=None, force_register=False, cs_address=None,
                 reinstall_if_registered_elsewhere=False):
    """What the role must do on a Windows host.

    ``registry``: see :func:`registry_state`; its key ``drscout`` may hold
    the agent's drscout.conf as read by the role (see
    :func:`registration_check`). ``desired_state``: ``present``
    (install when absent, never upgrade), ``latest`` (also upgrade to a newer
    package; refuse an older one) or ``absent``. ``package_version``: the
    version of the installer at hand (needed by ``latest`` when the agent is
    installed). ``cs_type``: ``CSLegacy`` or ``CSPrime`` (ignored for
    ``absent``). ``force_register``: register even when registered already.
    ``cs_address``: the configuration server wanted (classic).
    ``reinstall_if_registered_elsewhere``: move an agent registered elsewhere.

    The vendor's own logic: no MSI product -> install; ``PostInstallActions``
    not ``Succeeded`` -> install again; ``AgentConfigurationStatus`` not
    ``Succeeded`` -> configure; otherwise upgrade when a newer package is wanted.

    A registered agent whose drscout.conf was read is compared with what is
    wanted (:func:`registration_check`): registered elsewhere is refused
    (``refusal``; the configurator would exit 13), or with
    ``reinstall_if_registered_elsewhere`` uninstalled (``uninstall_first``),
    installed and registered again; "cannot tell" leaves it with a ``warning``.

    Returns ``{'install': 'install'|'reinstall'|'upgrade'|'none'|'uninstall',
    'register': bool, 'reason': str, 'installed_version': str|None,
    'install_dir': str|None, 'agent_dir': str|None, 'uninstall_first': bool,
    'registration': registration_check() or None, 'refusal': str|None,
    'warning': str|None}``. ``install_dir`` is the
    installation folder of the installed agent (for ``/InstallLocation``) and
    ``agent_dir`` its ``agent`` subfolder (the configurator's folder); both
    are None when the registry does not tell. Raises :class:`DowngradeError`
    for a downgrade and :class:`WindowsAgentError` for unusable input.
    """
    state = checked_choice(desired_state, STATES, 'desired_state')
    force = to_boolean(force_register, 'force_register')
    move = to_boolean(reinstall_if_registered_elsewhere, 'reinstall_if_registered_elsewhere')
    package = _package_version(package_version)
    if state != 'absent':
        checked_cs_type(cs_type)
    found = registry_state(registry)
    plan = {'install': 'none', 'register': False, 'reason': '', 'installed_version': found['version'],
            'install_dir': found['install_dir'], 'agent_dir': found['agent_dir'], 'uninstall_first': False,
            'registration': None, 'refusal': None, 'warning': None}
    installed = 'version %s' % found['version'] if found['version'] else 'version unknown'

    if state == 'absent':
        if found['product']:
            plan.update(install='uninstall', reason='the Mobility Service is installed (%s)' % installed)
        elif found['products_key']:
            plan['reason'] = ('the Mobility Service is not installed (no MSI product %s); the InMage Systems '
                              'registry key left by an earlier installation is ignored' % PRODUCT_CODE)
        else:
            plan['reason'] = 'the Mobility Service is not installed'
        return plan

    if not found['product']:
        plan.update(install='install', register=True,
                    reason='the Mobility Service is not installed (no MSI product %s)' % PRODUCT_CODE)
        return plan
    if not _succeeded(found['post_install_actions']):
        _refuse_downgrade(found['version'], package)
        plan.update(install='reinstall', register=True,
                    reason='an earlier installation (%s) did not complete (PostInstallActions is %s): '
                           'install again, then register' % (installed, found['post_install_actions'] or 'not set'))
        return plan

    if _succeeded(found['configuration_status']):
        check = registration_check(registry.get('drscout'), cs_type, cs_address)
        plan['registration'] = check
        if check and check['target'] == DIFFERENT:
            _registered_elsewhere(plan, check, found['version'], package, cs_type, cs_address, move, force)
            return plan
        if check and check['target'] == UNKNOWN:
            plan['warning'] = ('cannot tell whether the agent is registered to %s: %s; its registration is left as '
                               'it is' % (_describe(checked_cs_type(cs_type), _address(cs_address)), check['detail']))

    if state == 'latest':
        if not found['version']:
            raise WindowsAgentError(
                'cannot decide on an upgrade: the installed Mobility Service has no DisplayVersion under %s'
                % REGISTRY_KEYS['uninstall'])
        if package is None:
            raise WindowsAgentError('state latest needs the package_version of the installer at hand')
        _refuse_downgrade(found['version'], package)
        if compare_versions(package, found['version']) > 0:
            plan['install'] = 'upgrade'
            reasons = ['version %s is installed, the package has %s' % (found['version'], package)]
        else:
            reasons = ['version %s is installed' % found['version']]
    else:
        reasons = ['the Mobility Service is installed (%s)' % installed]

    if not _succeeded(found['configuration_status']):
        plan['register'] = True
        reasons.append('the agent is not registered (AgentConfigurationStatus is %s)'
                       % (found['configuration_status'] or 'not set'))
    elif force and (plan['registration'] or {}).get('target') != SAME:
        # a registration to the wanted server is never redone, whatever force says
        plan['register'] = True
        reasons.append('registration is forced')
    else:
        reasons.append('the agent is registered')
    if plan['warning']:
        reasons.append(plan['warning'])
    plan['reason'] = '; '.join(reasons)
    return plan


def _registered_elsewhere(plan, check, installed_version, package, cs_type, cs_address, move, force):
    """Complete the plan for an agent registered elsewhere: move it, or refuse."""
    registered = _describe(check['registered_cs_type'], check['registered_address'])
    wanted = _describe(checked_cs_type(cs_type), _address(cs_address))
    where = 'the agent is registered to %s and the inventory wants %s' % (registered, wanted)
    if move:
        _refuse_downgrade(installed_version, package)
        plan.update(install='install', register=True, uninstall_first=True,
                    reason='%s: uninstall the agent, install it and register it again '
                           '(reinstall_if_registered_elsewhere)' % where,
                    warning='%s: the agent is moved by uninstalling and installing it again; replication of this '
                            'machine must be enabled again afterwards' % where)
        return
    plan['refusal'] = (
        '%s, so it is left as it is: the configurator does not move a registered agent (it ends with exit code 13)%s. '
        'The vendor\'s way is to uninstall the agent, install it and register it again, after which replication '
        'of this machine must be enabled again; set mobility_service_reinstall_if_registered_elsewhere: true to let '
        'the role do that' % (where, ', and mobility_service_force_registration does not change that' if force else ''))
    plan['reason'] = plan['refusal']
