# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    """Options shared by the agent modules."""

    DOCUMENTATION = r"""
options:
  cs_type:
    description:
      - V(CSLegacy) for the classic architecture (configuration server and process servers).
      - V(CSPrime) for the modernized architecture (replication appliance).
      - Passed explicitly to the vendor's tools, which default to CSPrime in recent versions.
    type: str
    choices: [CSLegacy, CSPrime]
    default: CSLegacy
"""
