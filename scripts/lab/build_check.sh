#!/usr/bin/env bash
# Build the collection tarball and install it offline into a scratch path,
# then use a filter from the installed copy.
source "$(dirname "$0")/common.sh"
lab_env
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$ROOT" || exit 1
ansible-galaxy collection build --force --output-path "$work/build" .
tarball=$(ls "$work"/build/siterecovery-mobility-*.tar.gz)
# ansible.windows (the only dependency) comes with the 'ansible' package.
ansible-galaxy collection install --offline --force -p "$work/collections" "$tarball"
test -f "$work/collections/ansible_collections/siterecovery/mobility/plugins/module_utils/catalog.py"
! tar -tzf "$tarball" | grep -E '(^|/)(\.git|\.venv|tests/output|__pycache__)/' || { echo "build_ignore leaks files"; exit 1; }
ANSIBLE_COLLECTIONS_PATH="$work/collections" ansible localhost -m ansible.builtin.debug \
  -a "msg={{ {'system': 'Linux', 'architecture': 'x86_64', 'distribution': 'Ubuntu', 'distribution_version': '22.04', 'distribution_major_version': '22'} | siterecovery.mobility.installer_tag }}" \
  | tee "$work/out"
grep -q 'UBUNTU-22.04-64' "$work/out"
