#!/usr/bin/env bash
# The execution environment, offline: `ansible-builder create` (no container runtime, no network) on a copy of
# execution-environment.yml with the collection tarball built from this checkout where the file expects it, then
# the generated build context is checked:
#   - the galaxy requirements name siterecovery.mobility (the tarball, present in the context) and every
#     dependency of galaxy.yml (ansible.windows) with galaxy.yml's version range;
#   - no whole 'ansible' package is installed (with pip or otherwise) by the Containerfile or its requirements;
#   - the galaxy stage resolves offline: the context's requirements.yml installed the way the Containerfile does,
#     with ansible.windows taken from the lab virtualenv instead of a Galaxy server;
#   - the installed collection's meta/execution-environment.yml points at its requirements.txt and bindep.txt,
#     which exist and list pywinrm and the system packages (per platform and bindep profile); and the builder's
#     own introspection (scripts/introspect.py of the context) picks them up.
# Exits non-zero, with every finding, when anything is wrong.
source "$(dirname "$0")/common.sh"
lab_env
BUILDER="$IMPORTER_VENV/bin/ansible-builder"
[ -x "$BUILDER" ] || die "$BUILDER is missing: run scripts/lab/bootstrap.sh"
EE_FILE=${SRM_EE_FILE:-$ROOT/execution-environment.yml}  # SRM_EE_FILE: check a variant of the definition
[ -f "$EE_FILE" ] || die "$EE_FILE is missing"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/definition/ee" "$work/build" "$work/collections/ansible_collections/ansible"

cd "$ROOT" || exit 1
ansible-galaxy collection build --force --output-path "$work/build" .
tarball=$(ls "$work"/build/siterecovery-mobility-*.tar.gz)
# where execution-environment.yml's additional_build_files expects it (docs/awx.md builds it there)
cp "$EE_FILE" "$work/definition/execution-environment.yml"
cp "$tarball" "$work/definition/ee/siterecovery-mobility.tar.gz"

context="$work/context"
"$BUILDER" create -f "$work/definition/execution-environment.yml" -c "$context" \
  --output-filename Containerfile -v 2 || die "ansible-builder create failed"
[ -f "$context/Containerfile" ] || die "ansible-builder create wrote no Containerfile"
[ -f "$context/_build/requirements.yml" ] || die "the build context has no galaxy requirements (_build/requirements.yml)"
echo "--- Containerfile"
cat "$context/Containerfile"
echo "--- _build/requirements.yml"
cat "$context/_build/requirements.yml"

# The galaxy stage as the Containerfile runs it (in /build, the context's _build), offline: ansible.windows is
# already in the target path, from the lab's 'ansible' package, so no Galaxy server is needed.
windows=
for candidate in "$VENV"/lib/python3*/site-packages/ansible_collections/ansible/windows; do
  if [ -d "$candidate" ]; then windows=$candidate; fi
done
[ -n "$windows" ] || die "no ansible.windows in $VENV to stand in for Galaxy"
cp -a "$windows" "$work/collections/ansible_collections/ansible/"
echo "--- galaxy stage (offline)"
(cd "$context/_build" && ANSIBLE_COLLECTIONS_PATH="$work/collections" ANSIBLE_GALAXY_DISABLE_GPG_VERIFY=1 \
  ansible-galaxy collection install --offline -r requirements.yml -p "$work/collections") \
  || die "the context's galaxy requirements do not install offline (see above)"

# The builder stage's introspection, with the script the context carries, over what the galaxy stage installed.
echo "--- introspection"
introspect_args=(introspect "$work/collections" --write-pip "$work/introspected/requirements.txt"
  --write-bindep "$work/introspected/bindep.txt")
[ ! -f "$context/_build/bindep.txt" ] || introspect_args+=(--user-bindep "$context/_build/bindep.txt")
[ ! -f "$context/_build/requirements.txt" ] || introspect_args+=(--user-pip "$context/_build/requirements.txt")
introspect_rc=0
"$IMPORTER_VENV/bin/python" "$context/_build/scripts/introspect.py" "${introspect_args[@]}" || introspect_rc=$?

echo "--- checks"
checks_rc=0
"$IMPORTER_VENV/bin/python" - "$ROOT" "$context" "$work/collections" "$work/introspected" <<'PY' || checks_rc=$?
import os
import re
import sys

import yaml
from bindep.depends import Depends
from packaging.requirements import Requirement

root, context, collections, introspected = sys.argv[1:5]
build = os.path.join(context, '_build')
installed = os.path.join(collections, 'ansible_collections', 'siterecovery', 'mobility')
problems = []


def read(path):
    with open(path) as handle:
        return handle.read()


# 1. the galaxy requirements: the tarball and galaxy.yml's dependencies with their ranges
with open(os.path.join(root, 'galaxy.yml')) as handle:
    dependencies = yaml.safe_load(handle).get('dependencies') or {}
with open(os.path.join(build, 'requirements.yml')) as handle:
    galaxy = yaml.safe_load(handle) or {}
entries = [entry if isinstance(entry, dict) else {'name': entry} for entry in galaxy.get('collections') or []]
tarballs = [entry for entry in entries if str(entry.get('name', '')).endswith('.tar.gz')
            and 'siterecovery-mobility' in os.path.basename(str(entry['name']))]
if not tarballs:
    problems.append('the galaxy requirements do not name siterecovery.mobility (its tarball)')
for entry in tarballs:
    if entry.get('type') != 'file':
        problems.append('siterecovery.mobility tarball %s: type must be file' % entry['name'])
    path = entry['name'] if os.path.isabs(entry['name']) else os.path.join(build, entry['name'])
    path = path.replace('/build/', build + '/', 1) if path.startswith('/build/') else path
    if not os.path.isfile(path):
        problems.append('siterecovery.mobility tarball %s is not in the build context (additional_build_files?)'
                        % entry['name'])
by_name = {entry.get('name'): entry for entry in entries}
for name, wanted in sorted(dependencies.items()):
    if name not in by_name:
        problems.append('the galaxy requirements do not name %s, a dependency in galaxy.yml' % name)
    elif str(by_name[name].get('version', '*')) != str(wanted):
        problems.append('%s: version %r in the galaxy requirements, %r in galaxy.yml'
                        % (name, by_name[name].get('version', '*'), wanted))
if 'ansible.windows' not in by_name:
    problems.append('the galaxy requirements do not name ansible.windows')

# 2. no whole 'ansible' package: a token 'ansible' on its own (not ansible-core, /usr/share/ansible, ...)
whole = re.compile(r'(?<![\w./-])ansible(?![\w./-])')
scanned = [os.path.join(context, 'Containerfile')]
scanned += [os.path.join(build, name) for name in ('requirements.txt',) if os.path.exists(os.path.join(build, name))]
scanned += [os.path.join(introspected, 'requirements.txt')]
for path in scanned:
    if not os.path.exists(path):
        continue
    for number, line in enumerate(read(path).splitlines(), 1):
        if whole.search(line.split('  # from collection')[0]):
            problems.append('%s:%d installs the whole ansible package: %s'
                            % (os.path.relpath(path, context if path.startswith(context) else introspected),
                               number, line.strip()))
containerfile = read(os.path.join(context, 'Containerfile'))
if not re.search(r'ansible-galaxy collection install .*-r requirements\.yml', containerfile):
    problems.append('the Containerfile does not install the galaxy requirements')

# 3. the collection's metadata for ansible-builder, as installed from the tarball
meta_path = os.path.join(installed, 'meta', 'execution-environment.yml')
files = {}
if not os.path.isfile(meta_path):
    problems.append('the collection (as installed from its tarball) has no meta/execution-environment.yml')
else:
    meta = yaml.safe_load(read(meta_path)) or {}
    for kind, expected in (('python', 'requirements.txt'), ('system', 'bindep.txt')):
        name = (meta.get('dependencies') or {}).get(kind)
        if not name:
            problems.append('meta/execution-environment.yml: no dependencies.%s (%s)' % (kind, expected))
        elif os.path.isabs(name):
            problems.append('meta/execution-environment.yml: dependencies.%s must be relative: %s' % (kind, name))
        elif not os.path.isfile(os.path.join(installed, name)):
            problems.append('meta/execution-environment.yml: dependencies.%s names %s, which the installed '
                            'collection does not have (build_ignore?)' % (kind, name))
        else:
            files[kind] = os.path.join(installed, name)

if 'python' in files:
    requirements = {}
    for line in read(files['python']).splitlines():
        line = line.split('#')[0].strip()
        if line:
            requirement = Requirement(line)
            requirements[requirement.name.lower()] = requirement
    if 'pywinrm' not in requirements:
        problems.append('%s does not list pywinrm (WinRM for the Windows hosts)' % os.path.basename(files['python']))
    elif 'kerberos' not in requirements['pywinrm'].extras:
        problems.append('%s: pywinrm without its kerberos extra (the example inventory uses Kerberos)'
                        % os.path.basename(files['python']))

# the system packages each platform needs, at run time (bindep's default profile) and to build (compile)
NEEDED = {
    'rpm': (['platform:rpm', 'platform:redhat', 'platform:centos'],
            {'default': ['openssh-clients', 'krb5-workstation'], 'compile': ['gcc', 'krb5-devel']}),
    'dpkg': (['platform:dpkg', 'platform:debian'],
             {'default': ['openssh-client', 'krb5-user'], 'compile': ['gcc', 'libkrb5-dev']}),
}
if 'system' in files:
    try:
        depends = Depends(read(files['system']))
    except Exception as error:  # bindep raises its own DependsException on a syntax error
        problems.append('%s does not parse: %s' % (os.path.basename(files['system']), error))
    else:
        for platform, (profiles, wanted) in sorted(NEEDED.items()):
            for profile, packages in sorted(wanted.items()):
                active = {rule[0] for rule in depends.active_rules(profiles + [profile])}
                for package in packages:
                    if package not in active:
                        problems.append('%s: %s is not listed for %s hosts (profile %s)'
                                        % (os.path.basename(files['system']), package, platform, profile))

# 4. what ansible-builder's introspection found in the installed collections
for kind, name, wanted in (('python', 'requirements.txt', 'pywinrm'), ('system', 'bindep.txt', 'openssh-clients'),
                           ('system', 'bindep.txt', 'krb5-workstation')):
    path = os.path.join(introspected, name)
    lines = read(path).splitlines() if os.path.exists(path) else []
    if not any(re.match(re.escape(wanted) + r'\b', line) and line.endswith('from collection siterecovery.mobility')
               for line in lines):
        problems.append("ansible-builder's introspection did not find %s (%s) from siterecovery.mobility"
                        % (wanted, kind))

if problems:
    for problem in problems:
        print('[ee] PROBLEM: %s' % problem)
    sys.exit(1)
print('[ee] the build context installs siterecovery.mobility and %s as collections, no whole ansible package; '
      'the collection brings its Python and system requirements' % ', '.join(sorted(dependencies)))
PY
[ "$introspect_rc" -eq 0 ] || die "ansible-builder's introspection failed with $introspect_rc (see above)"
[ "$checks_rc" -eq 0 ] || die "the execution environment's build context has the problems above"
echo "ee: ansible-builder create on $(basename "$EE_FILE") passed every check"
