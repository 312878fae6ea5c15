# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Contract-test fake of ansible.windows.win_copy: changed as scenario['copy_changed'] says (a bool, or regexes of
the dest paths that change); the SHA-256 of what it copied is kept in scenario['staged'] ({dest: sha256}) for a
later checksum on the host."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import os
import re

from ansible_collections.ansible.windows.plugins.module_utils.contract import main


def answer(args, scenario):
    src, content, dest = args.get('src'), args.get('content'), args['dest']
    if (src is None) == (content is None):
        return {'failed': True, 'msg': 'src (or content) is required' if src is None else 'src and content are mutually exclusive'}
    if src is not None and not args.get('remote_src'):
        # The real action plugin reads src on the controller; here the controller is this machine.
        if not os.path.isfile(src):
            return {'failed': True, 'msg': "Could not find or access '%s' on the Ansible Controller." % src}
        with open(src, 'rb') as handle:
            data = handle.read()
    else:
        data = (content or '').encode('utf-8')
    if not scenario.check_mode:
        # what is on the host now, for a later checksum there (win_powershell's Get-FileHash)
        scenario.data.setdefault('staged', {})[dest] = hashlib.sha256(data).hexdigest()
    wanted = scenario.data.get('copy_changed', True)
    changed = wanted if isinstance(wanted, bool) else any(re.search(pattern, dest) for pattern in wanted)
    return {'changed': changed, 'dest': dest, 'checksum': hashlib.sha1(data).hexdigest(), 'size': len(data),
            'operation': 'file_copy', 'original_basename': os.path.basename(src) if src else None}


if __name__ == '__main__':
    main('win_copy', answer)
