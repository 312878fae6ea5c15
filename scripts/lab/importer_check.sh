#!/usr/bin/env bash
# Galaxy's own validator on the collection tarball, offline (settings in
# tests/galaxy-importer.cfg). Passes when galaxy-importer exits 0 and its log
# has not one ERROR or WARNING line: ansible-lint findings, ansible-doc
# failures and sanity ignore files all show up as such lines.
#
# It runs the importer the way Galaxy does: no collection installed beside
# ansible-core (so none of galaxy.yml's dependencies), and nothing of the
# lab's environment. galaxy-importer starts ansible-lint in the unpacked
# tarball as
#   ansible-lint --profile production --exclude tests/integration/ --exclude tests/unit/
#     --format=pep8 --nocolor -x <its skip list> --offline
# with ANSIBLE_COLLECTIONS_PATH set to the folder it unpacked into; the
# tarball's own .ansible-lint is read there. Its ansible.windows tasks
# resolve only through that file's mock_modules, which must name exactly the
# ansible.windows modules the collection's YAML uses (checked below).
source "$(dirname "$0")/common.sh"
lab_env
[ -x "$IMPORTER_VENV/bin/python" ] || die "$IMPORTER_VENV is missing: run scripts/lab/bootstrap.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/build" "$work/tmp" "$work/ansible-tmp" "$work/home"
cd "$ROOT" || exit 1
# What Galaxy's importer has, and nothing more: its own virtualenv first on
# PATH (it runs ansible-doc and ansible-lint from there), an empty home (no
# ~/.ansible, no ansible.cfg), and none of lab_env's variables. Of those,
# ANSIBLE_COLLECTIONS_PATH would resolve modules Galaxy cannot, and
# ANSIBLE_LINT_NODEPS=1 makes ansible-lint drop every unknown-module finding.
clean_env=(env -i PATH="$IMPORTER_VENV/bin:/usr/local/bin:/usr/bin:/bin" HOME="$work/home" LANG=C.UTF-8 LC_ALL=C.UTF-8)
# Galaxy installs no dependency collection before it lints: neither may the
# importer's virtualenv have any (the 'ansible' package would bring ansible.windows).
extra=$(cd "$work" && "${clean_env[@]}" "$IMPORTER_VENV/bin/python" -c '
import importlib.util
spec = importlib.util.find_spec("ansible_collections")
print(" ".join(spec.submodule_search_locations or [spec.origin]) if spec else "")')
[ -z "$extra" ] || die "$IMPORTER_VENV has collections installed ($extra): Galaxy's importer has none (see tests/requirements-importer.txt)"
"${clean_env[@]}" "$IMPORTER_VENV/bin/ansible-galaxy" collection build --force --output-path "$work/build" .
tarball=$(ls "$work"/build/siterecovery-mobility-*.tar.gz)
# The mocks must be exactly the dependency modules the tarball's YAML uses, each one a real
# module: checked on the unpacked tarball, against the real collection of the lab's environment.
mkdir -p "$work/unpacked"
tar -xzf "$tarball" -C "$work/unpacked"
[ -f "$work/unpacked/.ansible-lint" ] || die "$(basename "$tarball") has no .ansible-lint: Galaxy's ansible-lint would lint without its mock_modules"
"$VENV/bin/python" "$ROOT/scripts/lab/lint_mocks_check.py" "$work/unpacked" \
  || die "mock_modules of .ansible-lint does not match the dependency modules the collection uses (above)"
rc=0
(cd "$work" && "${clean_env[@]}" \
    GALAXY_IMPORTER_CONFIG="$ROOT/tests/galaxy-importer.cfg" \
    GALAXY_IMPORTER_TMP_ROOT_DIR="$work/tmp" \
    GALAXY_IMPORTER_ANSIBLE_LOCAL_TMP="$work/ansible-tmp" \
    "$IMPORTER_VENV/bin/python" -m galaxy_importer.main "$tarball") >"$work/importer.log" 2>&1 || rc=$?
cat "$work/importer.log"
[ "$rc" -eq 0 ] || die "galaxy-importer exited with $rc"
grep -q '^Importer processing completed successfully' "$work/importer.log" || die "galaxy-importer did not complete"
if grep -nE '(^|[^[:alnum:]_])(ERROR|WARNING)([^[:alnum:]_]|$)' "$work/importer.log"; then
  die "galaxy-importer reported the ERROR/WARNING lines above"
fi
echo "galaxy-importer: $(basename "$tarball") imported without errors or warnings"
