# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters of the preflight: a host's findings, and the findings about the role's settings."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError
from ansible_collections.siterecovery.mobility.plugins.plugin_utils import preflight


def preflight_findings(facts, install_dir='/usr/local/ASR', memory_percent=10, min_root_free_mb=2048,
                       min_install_free_mb=250, unreachable=None, extra_rows=None, install_free_mb=None,
                       measured_free_mb=None, cs_type=None, memory_required=False, noexec_paths=None,
                       converged=False, survey=False):
    """Preflight result of a host: installer tag, findings (stop the host), warnings (do not)."""
    if not isinstance(facts, dict):
        raise AnsibleFilterError('preflight_findings expects the host facts as a dictionary')
    return preflight.preflight_findings(facts, install_dir, memory_percent, min_root_free_mb, min_install_free_mb,
                                        unreachable, extra_rows, install_free_mb, measured_free_mb, cs_type,
                                        bool(memory_required), noexec_paths, bool(converged), bool(survey))


def settings_findings(settings):
    """Findings about the role's settings of a host (variable, value, what is allowed)."""
    if not isinstance(settings, dict):
        raise AnsibleFilterError('settings_findings expects a dictionary of the role settings')
    return preflight.settings_findings(settings)


class FilterModule(object):
    """Preflight filters."""

    def filters(self):
        return {
            'preflight_findings': preflight_findings,
            'settings_findings': settings_findings,
        }
