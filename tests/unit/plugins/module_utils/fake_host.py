# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A fake host root holding the agent's files, shared by the unit tests.

Every path is the host's absolute path prefixed with the root, the way
``agent.read_state(root=...)`` reads them.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible_collections.siterecovery.mobility.plugins.module_utils import agent

VERSION = '9.66.7567.1'
BUILD_TAG = 'RELEASE_9.66.7567.1_GA_7567_Sep_20_2025_INMAGE'
HOST_ID = '2a7a9aa1-6b87-43d6-a6ca-3d0e9936a988'


class FakeHost(object):
    """The agent's files below a temporary directory."""

    def __init__(self, root):
        self.root = str(root)
        if not os.path.isdir(self.root):
            os.makedirs(self.root)

    def path(self, path):
        return self.root + path

    def write(self, path, text, mode=None):
        full = self.path(path)
        if not os.path.isdir(os.path.dirname(full)):
            os.makedirs(os.path.dirname(full))
        with open(full, 'w') as handle:
            handle.write(text)
        if mode is not None:
            os.chmod(full, mode)
        return full

    def read(self, path):
        with open(self.path(path)) as handle:
            return handle.read()

    def exists(self, path):
        return os.path.exists(self.path(path))

    def remove(self, path):
        os.remove(self.path(path))

    def vx_version(self, **values):
        """Write /usr/local/.vx_version with these keys, in this order."""
        lines = ['%s=%s' % (key, value) for key, value in values.items()]
        return self.write(agent.VX_VERSION_FILE, '\n'.join(lines) + '\n')

    def drscout(self, vx_dir='/usr/local/ASR/Vx', host_id=HOST_ID, cs_address=None, platform='VmWare',
                cs_type=None, cs_port=443):
        """drscout.conf the way the vendor writes it: ``Hostname = <addr>``
        and ``Port = <port>`` with spaces around ``=``."""
        text = '[vxagent]\nHostId=%s\nVmPlatform=%s\n' % (host_id, platform)
        if cs_type is not None:
            text += 'CSType=%s\n' % cs_type
        if cs_address is not None:
            text += '\n[vxagent.transport]\nHostname = %s\nPort = %s\n' % (cs_address, cs_port)
        return self.write(os.path.join(vx_dir, 'etc', 'drscout.conf'), text)

    def platform_file(self, cs_type, platform='VmWare'):
        return self.write(agent.PLATFORM_FILE, 'VMPLATFORM=%s\nCS_TYPE=%s\n' % (platform, cs_type))

    def install(self, version=VERSION, vx_dir='/usr/local/ASR/Vx', status=None, cs_address=None,
                cs_type='CSLegacy', build_tag=None, os_built_for='RHEL8-64'):
        """An installed agent; registered when status is ``Succeeded``."""
        values = dict(INSTALLATION_DIR=vx_dir, PROD_VERSION=version,
                      BUILD_TAG=build_tag or 'RELEASE_%s_GA_7567_Sep_20_2025_INMAGE' % version,
                      OS_BUILT_FOR=os_built_for)
        if status is not None:
            values['AGENT_CONFIGURATION_STATUS'] = status
        self.vx_version(**values)
        self.drscout(vx_dir=vx_dir, cs_address=cs_address, cs_type=cs_type)
        if cs_type is not None:
            self.platform_file(cs_type)

    def uninstall(self):
        for path in (agent.VX_VERSION_FILE, agent.PLATFORM_FILE):
            if self.exists(path):
                self.remove(path)

    def process(self, pid, name, status='S'):
        """A /proc/<pid>/stat entry."""
        return self.write('/proc/%d/stat' % pid, '%d (%s) %s 1 %d %d 0 -1 4194560 1234 0 0 0\n' % (
            pid, name, status, pid, pid))
