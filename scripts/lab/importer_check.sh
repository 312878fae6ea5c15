#!/usr/bin/env bash
# Galaxy's own validator on the collection tarball, offline (settings in
# tests/galaxy-importer.cfg). Passes when galaxy-importer exits 0 and its log
# has not one ERROR or WARNING line: ansible-lint findings, ansible-doc
# failures and sanity ignore files all show up as such lines.
source "$(dirname "$0")/common.sh"
lab_env
[ -x "$IMPORTER_VENV/bin/python" ] || die "$IMPORTER_VENV is missing: run scripts/lab/bootstrap.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/build" "$work/tmp" "$work/ansible-tmp"
cd "$ROOT" || exit 1
"$IMPORTER_VENV/bin/ansible-galaxy" collection build --force --output-path "$work/build" .
tarball=$(ls "$work"/build/siterecovery-mobility-*.tar.gz)
# The importer runs ansible-doc and ansible-lint from PATH: those of its own
# virtualenv come first. It sets the collections path of both itself, to the
# folder it unpacks the tarball into; the lab's path must not leak in.
rc=0
(cd "$work" && env -u ANSIBLE_COLLECTIONS_PATH \
    PATH="$IMPORTER_VENV/bin:$PATH" \
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
