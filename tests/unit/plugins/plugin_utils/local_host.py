# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A host for the Linux actions' shell scripts, on the controller: every
script runs with ``sh`` against a directory that stands for the host's ``/``
(the scripts prefix it to every host path), and ``put`` copies like the
connection's file transfer does. Fake vendor tools are shell scripts too."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import io
import os
import re
import shutil
import stat
import subprocess
import tarfile
import tempfile

from ansible_collections.siterecovery.mobility.plugins.plugin_utils import posix


class LocalHost(object):
    def __init__(self, root, uploads):
        self.root = str(root)
        self.uploads = str(uploads)
        self.scripts = []
        self.puts = []

    def run(self, script):
        text = script.text()
        self.scripts.append(text)
        # the scripts test reachability with bash's /dev/tcp: the unit tests connect to loopback only
        for target in re.findall(r'/dev/tcp/\$0/\$1"\' (\S+) ', text):
            assert target.strip("'").startswith('127.'), 'a unit test would connect to %s' % target
        proc = subprocess.run(['sh', '-c', text], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120,
                              check=False)
        out = posix.parse(proc.stdout.decode('utf-8', 'replace'), script.token)
        assert out.value('done') == '1', 'the script did not complete:\n%s\n%s' % (
            proc.stderr.decode('utf-8', 'replace'), text)
        return out

    def put(self, local_path, name):
        folder = tempfile.mkdtemp(prefix='upload.', dir=self.uploads)
        remote = os.path.join(folder, name)
        shutil.copy(local_path, remote)
        self.puts.append(remote)
        return remote


def executable(path, text):
    folder = os.path.dirname(path)
    if not os.path.isdir(folder):
        os.makedirs(folder)
    with open(path, 'w') as handle:
        handle.write(text)
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def tarball(path, install_script):
    """A vendor tarball holding ``install`` (a shell script)."""
    data = install_script.encode('utf-8')
    if not os.path.isdir(os.path.dirname(path)):
        os.makedirs(os.path.dirname(path))
    with tarfile.open(path, 'w:gz') as archive:
        info = tarfile.TarInfo('install')
        info.size = len(data)
        info.mode = 0o755
        archive.addfile(info, io.BytesIO(data))
    return path
