"""mock_modules of .ansible-lint against what the collection's YAML uses.

Galaxy's importer lints an upload with none of galaxy.yml's dependencies
installed, so every task of a dependency collection (ansible.windows) would be
reported as syntax-check[unknown-module]. .ansible-lint mocks those modules
instead. So that the mocks hide nothing, this check (run by importer_check.sh
on the unpacked tarball, the files Galaxy lints) insists on two things:

1. the mocked modules of each dependency collection are exactly the ones the
   linted YAML uses: no forgotten one, no stale one;
2. each of them is a module the real collection has (ansible-doc --list in the
   lab's environment, where the real collection is installed): a misspelt or
   removed module name can never be mocked into passing.

Usage: lint_mocks_check.py COLLECTION_ROOT
Exits 0 when both hold, 1 with the differences otherwise.
"""

import fnmatch
import json
import os
import re
import subprocess
import sys

import yaml

MODULE_KEYS = ('action', 'local_action')


class _AnyTagLoader(yaml.SafeLoader):
    """Safe loader that reads Ansible's own tags (!vault, !unsafe) as plain values."""


def _any_tag(loader, _suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_AnyTagLoader.add_multi_constructor('!', _any_tag)


def dependencies(root):
    """Collections the collection depends on (MANIFEST.json of a tarball, else galaxy.yml)."""
    manifest = os.path.join(root, 'MANIFEST.json')
    if os.path.exists(manifest):
        with open(manifest, encoding='utf-8') as f:
            return sorted(json.load(f)['collection_info'].get('dependencies') or {})
    with open(os.path.join(root, 'galaxy.yml'), encoding='utf-8') as f:
        return sorted(yaml.safe_load(f).get('dependencies') or {})


def excluded(relpath, patterns):
    for pattern in patterns:
        pattern = pattern.rstrip('/')
        if relpath == pattern or relpath.startswith(pattern + '/') or fnmatch.fnmatch(relpath, pattern):
            return True
    return False


def _names_in(node, found):
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str):
                found.add(key)
            if key in MODULE_KEYS:
                if isinstance(value, str) and value.split():
                    found.add(value.split()[0])
                elif isinstance(value, dict) and isinstance(value.get('module'), str):
                    found.add(value['module'])
            _names_in(value, found)
    elif isinstance(node, list):
        for item in node:
            _names_in(item, found)


def used_modules(root, collections, exclude_paths):
    """{fqcn: [files]} of the modules of COLLECTIONS the YAML under ROOT names."""
    pattern = re.compile(r'^(%s)\.\w+$' % '|'.join(re.escape(c) for c in collections))
    used = {}
    for folder, dirs, files in os.walk(root):
        rel_folder = os.path.relpath(folder, root)
        dirs[:] = sorted(d for d in dirs
                         if not excluded(os.path.normpath(os.path.join(rel_folder, d)), exclude_paths))
        for name in sorted(files):
            if not name.endswith(('.yml', '.yaml')):
                continue
            relpath = os.path.normpath(os.path.join(rel_folder, name))
            if excluded(relpath, exclude_paths):
                continue
            with open(os.path.join(root, relpath), encoding='utf-8') as f:
                try:
                    docs = list(yaml.load_all(f, Loader=_AnyTagLoader))
                except yaml.YAMLError as exc:
                    sys.exit('%s: not YAML: %s' % (relpath, exc))
            found = set()
            _names_in(docs, found)
            for fqcn in found:
                if pattern.match(fqcn):
                    used.setdefault(fqcn, []).append(relpath)
    return used


def real_modules(collection):
    """The modules COLLECTION has where it is installed (the lab's collections path)."""
    proc = subprocess.run(['ansible-doc', '--type', 'module', '--list', '--json', collection],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.exit('ansible-doc --list %s failed: %s' % (collection, proc.stderr.strip()))
    return set(json.loads(proc.stdout or '{}'))


def main(root):
    with open(os.path.join(root, '.ansible-lint'), encoding='utf-8') as f:
        config = yaml.safe_load(f) or {}
    collections = dependencies(root)
    if not collections:
        print('no dependency collections: nothing to mock')
        return 0
    mocks = set(config.get('mock_modules') or [])
    used = used_modules(root, collections, config.get('exclude_paths') or [])
    errors = []
    for collection in collections:
        prefix = collection + '.'
        mocked = {m for m in mocks if m.startswith(prefix)}
        wanted = {m for m in used if m.startswith(prefix)}
        for fqcn in sorted(wanted - mocked):
            errors.append('%s is used (%s) but not in mock_modules' % (fqcn, ', '.join(used[fqcn])))
        for fqcn in sorted(mocked - wanted):
            errors.append('%s is in mock_modules but no linted YAML uses it' % fqcn)
        if mocked:
            real = real_modules(collection)
            if not real:
                errors.append('%s is not installed where ansible-doc looks: cannot check its mocks' % collection)
            else:
                for fqcn in sorted(mocked - real):
                    errors.append('%s is in mock_modules but %s has no such module' % (fqcn, collection))
        print('%s: %d module(s) used, %d mocked' % (collection, len(wanted), len(mocked)))
    for error in errors:
        print('ERROR: ' + error)
    return 1 if errors else 0


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
