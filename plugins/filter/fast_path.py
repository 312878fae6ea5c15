# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fast-path filter of the role (see plugins/plugin_utils/fast_path.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError
from ansible_collections.siterecovery.mobility.plugins.plugin_utils.windows_common import WindowsAgentError
from ansible_collections.siterecovery.mobility.plugins.plugin_utils import fast_path as decision


def fast_path(read, os_dir, enabled=True, state='present', setting_findings=None, antivirus=True,
              cs_type=None, cs_address=None, install_dir=None):
    """Whether a host's deployment can end after its preflight, and its report fields then."""
    try:
        return decision.fast_path(read, os_dir, enabled, state, setting_findings, antivirus, cs_type,
                                  cs_address, install_dir)
    except (ValueError, WindowsAgentError) as exc:
        raise AnsibleFilterError(str(exc))


class FilterModule(object):
    """The fast-path filter."""

    def filters(self):
        return {'fast_path': fast_path}
