# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Contract-test fake of ansible.windows.win_find: the files of scenario['find'][folder] that match the patterns.

scenario['find'][folder] is a list of file names, or a dictionary of file name to a file on this machine: then
the result's path is that local file (so that a real ansible.builtin.fetch under connection local can read it)
and its checksum is computed with checksum_algorithm, as the real module does when get_checksum is true.

scenario['appear'][folder] = {'after': n, 'files': [names]}: those files are only listed from the (n+1)th listing
of the folder on, as the files of a self-extractor that is still at work (scenario['listings'] counts them)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import fnmatch
import hashlib

from ansible_collections.ansible.windows.plugins.module_utils.contract import main


def answer(args, scenario):
    folders = scenario.data.get('find') or {}
    paths = args['paths'] if isinstance(args['paths'], list) else [args['paths']]
    patterns = args.get('patterns') or args.get('regex') or args.get('regexp') or ['*']
    files, examined = [], 0
    for path in paths:
        names = next((names for folder, names in folders.items() if folder.lower() == path.rstrip('\\').lower()), [])
        key = path.rstrip('\\').lower()
        listings = scenario.data.setdefault('listings', {})
        listings[key] = listings.get(key, 0) + 1
        later = next((rule for folder, rule in (scenario.data.get('appear') or {}).items()
                      if folder.lower() == key), None)
        if later and listings[key] > later.get('after', 0):
            names = list(names) + list(later.get('files') or [])
        examined += len(names)
        local = names if isinstance(names, dict) else {}
        for name in names:
            if any(fnmatch.fnmatch(name.lower(), pattern.lower()) for pattern in patterns):
                found = {'filename': name, 'path': local.get(name) or path.rstrip('\\') + '\\' + name, 'exists': True,
                         'isdir': False, 'extension': '.' + name.rsplit('.', 1)[-1] if '.' in name else '',
                         'size': 1048576, 'attributes': 'Archive'}
                if name in local and args.get('get_checksum', True) not in (False, 'false', 'no'):
                    with open(local[name], 'rb') as handle:
                        found['checksum'] = hashlib.new(args.get('checksum_algorithm') or 'sha1', handle.read()).hexdigest()
                files.append(found)
    return {'changed': False, 'examined': examined, 'matched': len(files), 'files': sorted(files, key=lambda f: f['path'])}


if __name__ == '__main__':
    main('win_find', answer)
