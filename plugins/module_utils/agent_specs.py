# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The options of the Linux agent modules, in one place: the module files
(documentation and argument checks) and the controller-side actions that do
the work both read them from here."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.siterecovery.mobility.plugins.module_utils import agent

INFO = dict(
    argument_spec=dict(
        free_space_paths=dict(type='list', elements='path', default=[]),
        probe_paths=dict(type='list', elements='path', default=[]),
        expected_cs_type=dict(type='str', choices=list(agent.CS_TYPES)),
        expected_cs_address=dict(type='str'),
        reach=dict(type='list', elements='raw', default=[]),
    ),
)

AGENT = dict(
    argument_spec=dict(
        installer=dict(type='path'),
        src=dict(type='path'),
        checksum=dict(type='str'),
        staging_dir=dict(type='path', default='/var/tmp'),
        state=dict(type='str', default='present', choices=['present', 'latest', 'absent']),
        role=dict(type='str', default='MS', choices=list(agent.ROLES)),
        platform=dict(type='str', default='VmWare', choices=list(agent.PLATFORMS)),
        install_dir=dict(type='path', default=agent.DEFAULT_INSTALL_DIR),
        cs_type=dict(type='str', default='CSLegacy', choices=list(agent.CS_TYPES)),
        timeout=dict(type='int', default=agent.DEFAULT_TIMEOUT),
        mask=dict(type='list', elements='str', default=[], no_log=True),
    ),
    mutually_exclusive=[('installer', 'src')],
    required_if=[('state', 'present', ['installer', 'src'], True), ('state', 'latest', ['installer', 'src'], True)],
    required_by={'checksum': ('src',)},
)

REGISTRATION = dict(
    argument_spec=dict(
        cs_address=dict(type='str'),
        passphrase=dict(type='str', no_log=True),
        passphrase_file=dict(type='path', no_log=False),  # a path, not the secret itself
        source_config_file=dict(type='path'),
        source_config_src=dict(type='path'),
        credential_less_discovery=dict(type='bool', default=False),
        force=dict(type='bool', default=False),
        cs_port=dict(type='int', default=443),
        timeout=dict(type='int', default=600),
        cs_type=dict(type='str', default='CSLegacy', choices=list(agent.CS_TYPES)),
    ),
    mutually_exclusive=[('passphrase', 'passphrase_file'), ('source_config_file', 'source_config_src')],
    required_if=[
        ('cs_type', 'CSLegacy', ['cs_address']),
        ('cs_type', 'CSLegacy', ['passphrase', 'passphrase_file'], True),
        ('cs_type', 'CSPrime', ['source_config_file', 'source_config_src'], True),
    ],
)
