# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which of the mobility_service role's Linux steps run for a host, from the preflight's probe.

The modules decide the details themselves (``decide_install``, ``decide_registration`` in
``module_utils/agent.py``); this only tells the role which module to call, so that no decision is written
again in the task files."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

STATES = ('present', 'latest', 'absent')
CS_TYPES = {'CSLegacy': 'classic', 'CSPrime': 'modernized'}


class StepsError(ValueError):
    """A setting the steps cannot be told from."""


def _flag(value):
    """A boolean, also from the text a template may give ('True', 'false')."""
    if isinstance(value, str):
        return value.strip().lower() in ('true', 'yes', 'on', '1')
    return bool(value)


def linux_steps(probe, state='present', cs_type='CSLegacy', installed=None, predicted=False):
    """``{'install': bool, 'register': 'classic' | 'modernized' | None}`` for a Linux host.

    ``probe``: the preflight's ``mobility_agent_info`` result. ``installed``:
    whether the agent is installed now (the probe's, unless a step removed
    it since); None takes the probe's. ``predicted``: check mode predicted an
    installation, so there is no agent to register yet.

    The installer step runs when the agent is not installed, or to upgrade
    (``latest``). The classic registration always goes to the module, which
    registers only when needed; the modernized one is left out when the agent
    is already registered to the wanted appliance, so that no config.json is
    needed then."""
    if state not in STATES:
        raise StepsError('state must be one of %s, got %r' % (', '.join(STATES), state))
    if cs_type not in CS_TYPES:
        raise StepsError('cs_type must be one of %s, got %r' % (', '.join(CS_TYPES), cs_type))
    probe = probe if isinstance(probe, dict) else {}
    installed = _flag(probe.get('installed')) if installed is None else _flag(installed)
    if state == 'absent':
        return {'install': False, 'register': None}
    register = None
    if not _flag(predicted) and not (cs_type == 'CSPrime' and probe.get('registration') == 'same'):
        register = CS_TYPES[cs_type]
    return {'install': not installed or state == 'latest', 'register': register}
