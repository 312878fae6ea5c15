#!/usr/bin/env bash
# Does ansible-doc render the documentation of the collection's content?
#   doc_check.sh --list        one 'TYPE NAME' line per module, filter and role of the tree
#   doc_check.sh TYPE NAME     ansible-doc -t TYPE siterecovery.mobility.NAME must exit 0,
#                              print something and warn about nothing
# The list comes from the tree, so new content is covered without editing this file:
# modules are plugins/modules/*.py, roles are roles/*/, filters are the documentation
# files next to the filter plugins (plugins/filter/*.yml) together with every filter
# the plugins register (ansible-doc -l), so a filter without documentation is listed too.
source "$(dirname "$0")/common.sh"
lab_env
FQCN=siterecovery.mobility

if [ "${1:-}" = --list ]; then
  for f in "$ROOT"/plugins/modules/*.py; do
    name=$(basename "$f" .py)
    [ "$name" = __init__ ] || echo "module $name"
  done
  {
    for f in "$ROOT"/plugins/filter/*.yml "$ROOT"/plugins/filter/*.yaml; do
      [ -e "$f" ] || continue
      name=$(basename "$f"); echo "${name%.*}"
    done
    ansible-doc -t filter -l "$FQCN" --json \
      | python3 -c 'import json, sys; print("\n".join(k.split(".")[-1] for k in json.load(sys.stdin)))'
  } | sort -u | sed 's/^/filter /'
  for d in "$ROOT"/roles/*/; do
    echo "role $(basename "$d")"
  done
  exit 0
fi

[ $# -eq 2 ] || die "usage: $0 --list | $0 TYPE NAME"
kind=$1 name=$2
out=$(mktemp)
trap 'rm -f "$out"' EXIT
rc=0
ansible-doc -t "$kind" "$FQCN.$name" >"$out" 2>&1 || rc=$?
cat "$out"
[ "$rc" -eq 0 ] || die "ansible-doc -t $kind $FQCN.$name exited with $rc"
[ -s "$out" ] || die "ansible-doc -t $kind $FQCN.$name printed nothing"
if grep -nE '\[(DEPRECATION )?WARNING\]' "$out"; then
  die "ansible-doc -t $kind $FQCN.$name warned (lines above)"
fi
