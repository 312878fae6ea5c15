#!/usr/bin/env bash
# Every entry of an ansible-test sanity ignore file (tests/sanity/ignore-*.txt)
# must say why it is there, in a comment on the same line:
#   plugins/modules/foo.py validate-modules:doc-default-does-not-match-spec  # the default depends on the OS
# Blank and comment-only lines are refused as well (ansible-test refuses them too).
# No ignore file at all passes. Note that galaxy-importer warns about any ignore
# file, so the ecosystem stage's galaxy-importer check fails as soon as one exists.
#   sanity_ignores_check.sh [FOLDER]   check FOLDER (default tests/sanity)
#   sanity_ignores_check.sh --self-test  prove the check rejects an entry without a reason
source "$(dirname "$0")/common.sh"

check_folder() {  # check_folder FOLDER: lists the unjustified entries, fails when there is one
  local folder=$1 file bad=0 n=0
  for file in "$folder"/ignore-*.txt; do
    [ -e "$file" ] || continue
    # ansible-test itself rejects blank and comment-only lines; an entry needs '#' and words after it
    if awk '/^[[:space:]]*(#|$)/ { printf "%s:%d: blank or comment-only line\n", FILENAME, FNR; bad = 1; next }
            !/[[:space:]]#[[:space:]]*[^[:space:]]/ { printf "%s:%d: no reason given: %s\n", FILENAME, FNR, $0; bad = 1 }
            END { exit bad }' "$file"; then :; else bad=1; fi
    n=$((n + 1))
  done
  [ "$bad" -eq 0 ] || return 1
  echo "$folder: $n ignore file(s), every entry justified"
}

if [ "${1:-}" = --self-test ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  mkdir "$tmp/good" "$tmp/bad"
  printf 'plugins/modules/a.py validate-modules:x  # a reason\nplugins/modules/b.py pylint:y # another\n' >"$tmp/good/ignore-2.19.txt"
  printf 'plugins/modules/a.py validate-modules:x  # a reason\nplugins/modules/b.py pylint:y\n' >"$tmp/bad/ignore-2.19.txt"
  printf 'plugins/modules/c.py pep8:E501 #\n' >"$tmp/bad/ignore-2.18.txt"
  check_folder "$tmp/good" || die "self-test: an entry with a reason was rejected"
  if out=$(check_folder "$tmp/bad"); then
    die "self-test: entries without a reason passed"
  fi
  echo "$out"
  [ "$(grep -c 'no reason given' <<<"$out")" -eq 2 ] || die "self-test: expected 2 unjustified entries"
  echo "self-test passed"
  exit 0
fi

check_folder "${1:-$ROOT/tests/sanity}"
