#!/usr/bin/env bash
# The collection's docsite files (docs/docsite/extra-docs.yml, links.yml, rst/) linted the way
# the Ansible docsite build reads them: antsibull-docs lint-collection-docs, from the ecosystem
# virtualenv (tests/requirements-importer.txt), offline. Passes when it reports nothing.
#   scripts/lab/docsite_check.sh                 extra docs, links and the references in the rst pages
#   scripts/lab/docsite_check.sh --plugin-docs   also the plugins' and roles' documentation as rendered
# A docsite build has galaxy.yml's dependencies installed, so ansible-doc (which resolves the
# references) gets the real ansible.windows of the lab's virtualenv, and nothing else of the lab.
source "$(dirname "$0")/common.sh"
lab_env
[ -x "$IMPORTER_VENV/bin/antsibull-docs" ] || die "$IMPORTER_VENV has no antsibull-docs: run scripts/lab/bootstrap.sh"
deps=$("$VENV/bin/python" -c '
import importlib.util, os, sys
spec = importlib.util.find_spec("ansible_collections")
found = [p for p in (spec.submodule_search_locations if spec else []) if os.path.isdir(os.path.join(p, "ansible", "windows"))]
print(os.path.dirname(found[0])) if found else sys.exit(1)') \
  || die "the lab's virtualenv $VENV has no ansible.windows"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$ROOT" || exit 1
env -i PATH="$IMPORTER_VENV/bin:/usr/local/bin:/usr/bin:/bin" HOME="$work" LANG=C.UTF-8 LC_ALL=C.UTF-8 \
  ANSIBLE_COLLECTIONS_PATH="$deps" ANSIBLE_LOCAL_TEMP="$work/ansible-tmp" \
  "$IMPORTER_VENV/bin/antsibull-docs" lint-collection-docs --check-extra-docs-refs "$@" . \
  || die "antsibull-docs lint-collection-docs found the problems above"
echo "docsite: docs/docsite lints clean"
