#!/usr/bin/env bash
# The ansible-core matrix (make matrix; docs/lab.md "The ansible-core matrix"): ansible-test units and sanity,
# with --venv (no containers of ansible-test's own), on every ansible-core release series the collection
# claims in meta/runtime.yml, on a snapshot of the committed tree; results in docs/compatibility.md.
#   scripts/lab/matrix.sh [run]        the whole matrix; writes docs/compatibility.md (SRM_MATRIX_DOC: elsewhere)
#   scripts/lab/matrix.sh doc          write docs/compatibility.md again from the last run's results
#   scripts/lab/matrix.sh build        only build the images of the series that need one (idempotent)
#   scripts/lab/matrix.sh newest       ask PyPI (from each image's pip) whether a series has a newer release than
#                                      its pin (one look-up per series; not part of the matrix)
# SRM_MATRIX_SERIES="2.19 2.21" runs only those series; SRM_MATRIX_REF (default HEAD) the commit to test.
#
# The series and where each runs:
#   2.19  the lab venv (tests/requirements-lab.txt: 2.19.14, the last 2.19) on the machine's Python 3.11
#   2.20  siterecovery-lab/matrix:2.20, Debian trixie's Python 3.13, ansible-core MATRIX_CORE_2_20 below
#   2.21  siterecovery-lab/matrix:2.21, the same with the 2.21 pin of scripts/lab/controller.sh (the
#         controllers stage's second controller), read from that script so that both move together
# The images are built like the controller image (scripts/lab/controller.sh): mmdebstrap --variant=minbase of
# trixie, the same customize hook (scripts/lab/controller_rootfs.sh: /opt/controller/venv from PyPI, the
# collection's dependency ansible.windows from the 'ansible' wheel), plus shellcheck (ansible-test's shellcheck
# test, as on this machine) and, by scripts/lab/matrix_rootfs.sh, the offline stand-in for the get-pip.py that
# ansible-test would download (scripts/lab/bootstrap.sh makes the same for the lab venv). Labelled org.siterecovery.lab=1, role=controller
# (scripts/lab/clean.sh --images removes them) and purpose=matrix; rebuilt only when the recipe changes.
#
# The tree under test: 'git archive' of SRM_MATRIX_REF (the committed tree; never the working tree, which may
# be half-edited), unpacked and synced (rsync --delete, tests/output kept: ansible-test's venvs are reused) into
# $SRM_LAB_HOME/matrix-<checkout key>/<series>/ansible_collections/siterecovery/mobility. A container runs with
# --network host (PyPI for ansible-test's requirements), labels org.siterecovery.lab=1, .owner=matrix and
# .checkout=<checkout key>, only that series folder mounted, the machine's CA bundle read-only, no Docker socket
# and no extra privilege. Logs: $SRM_LAB_HOME/matrix-<checkout key>/logs/<series>-{units,sanity}.log.
# Exits non-zero when a unit test or a sanity test failed on any series.
source "$(dirname "$0")/common.sh"

MATRIX_DIR=$SRM_LAB_HOME/matrix-$CHECKOUT_KEY
MATRIX_DOC=${SRM_MATRIX_DOC:-$ROOT/docs/compatibility.md}
MATRIX_REF=${SRM_MATRIX_REF:-HEAD}
read -r -a SERIES <<<"${SRM_MATRIX_SERIES:-2.19 2.20 2.21}"
OWNER=matrix
LABELS=(--label "$LAB_LABEL=1" --label "$LAB_LABEL.owner=$OWNER" --label "$LAB_LABEL.checkout=$CHECKOUT_KEY")

# Pins of the image series, when last bumped (2026-12-03): the newest 2.20.x, and the 'ansible' release of the
# 2.20 line whose wheel provides ansible.windows (never installed). 2.21 comes from scripts/lab/controller.sh.
MATRIX_CORE_2_20=ansible-core==2.20.10
MATRIX_COLLECTIONS_FROM_2_20=ansible==13.8.0
MATRIX_SUITE=trixie
MATRIX_PACKAGES=python3,python3-venv,ca-certificates,shellcheck,tini
MATRIX_COLLECTIONS="ansible/windows"
HOOK=$ROOT/scripts/lab/controller_rootfs.sh
MATRIX_HOOK=$ROOT/scripts/lab/matrix_rootfs.sh  # the offline get-pip.py stand-in for ansible-test

controller_pin() { sed -n "s/^$1=//p" "$ROOT/scripts/lab/controller.sh"; }

pins() {  # pins SERIES: sets CORE and FROM
  case $1 in
    2.20) CORE=$MATRIX_CORE_2_20; FROM=$MATRIX_COLLECTIONS_FROM_2_20 ;;
    2.21) CORE=$(controller_pin CONTROLLER_CORE); FROM=$(controller_pin CONTROLLER_COLLECTIONS_FROM) ;;
    *) die "no image for ansible-core $1 (series: 2.20, 2.21; 2.19 runs in the lab venv)" ;;
  esac
  [[ $CORE == ansible-core==$1.* ]] || die "ansible-core $1: the pin '$CORE' is not of that series"
}

image() { echo "siterecovery-lab/matrix:$1"; }


recipe() {  # recipe SERIES
  pins "$1"
  (echo "$MATRIX_SUITE"; echo "$MATRIX_PACKAGES"; echo "$CORE"; echo "$FROM"; echo "$MATRIX_COLLECTIONS"; echo v1
   cat "$HOOK" "$MATRIX_HOOK") | _hash
}

image_label() { docker image inspect -f "{{ index .Config.Labels \"$LAB_LABEL.$2\" }}" "$(image "$1")" 2>/dev/null || true; }

build_one() {  # build_one SERIES
  local series=$1 want work core
  pins "$series"
  want=$(recipe "$series")
  [ "$(image_label "$series" recipe)" = "$want" ] && return 0
  command -v mmdebstrap >/dev/null || die "mmdebstrap is not installed (run scripts/lab/bootstrap.sh)"
  mkdir -p "$SRM_LAB_HOME"
  exec 7>"$SRM_LAB_HOME/matrix-build.lock"  # one build at a time; every checkout shares the images
  flock 7
  if [ "$(image_label "$series" recipe)" != "$want" ]; then
    work=$(mktemp -d "$SRM_LAB_HOME/matrix-build.XXXXXX")
    log "building $(image "$series"): Debian $MATRIX_SUITE with mmdebstrap, $CORE from PyPI (about a minute)"
    if ! mmdebstrap --quiet --variant=minbase --include="$MATRIX_PACKAGES" \
        --customize-hook="sh '$HOOK' \"\$1\" '$CORE' '$FROM' '$MATRIX_COLLECTIONS'" \
        --customize-hook="sh '$MATRIX_HOOK' \"\$1\"" \
        --customize-hook="copy-out /opt/controller/versions '$work'" \
        "$MATRIX_SUITE" "$work/rootfs.tar" "$SRM_DEBIAN_MIRROR"; then
      rm -rf "$work"; die "building $(image "$series") failed"
    fi
    core=$(awk '$1 == "ansible-core" {print $2}' "$work/versions")
    [ -n "$core" ] || { rm -rf "$work"; die "the build did not record an ansible-core version"; }
    docker import \
      -c "LABEL $LAB_LABEL=1" -c "LABEL $LAB_LABEL.role=controller" -c "LABEL $LAB_LABEL.purpose=matrix" \
      -c "LABEL $LAB_LABEL.recipe=$want" -c "LABEL $LAB_LABEL.ansible-core=$core" \
      -c 'ENV PATH=/opt/controller/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      -c 'ENV LANG=C.UTF-8' -c 'ENV ANSIBLE_COLLECTIONS_PATH=/opt/controller/collections' \
      -c 'ENTRYPOINT ["/usr/bin/tini","--"]' -c 'CMD ["ansible-test","--version"]' \
      "$work/rootfs.tar" "$(image "$series")" >/dev/null
    log "built $(image "$series"):"
    sed 's/^/[lab]   /' "$work/versions" >&2
    rm -rf "$work"
    docker image prune -f --filter "label=$LAB_LABEL" >/dev/null
  fi
  exec 7>&-
}

build() {
  "$ROOT/scripts/lab/dockerd.sh"
  local series
  for series in "${SERIES[@]}"; do
    [ "$series" = 2.19 ] || build_one "$series"
  done
}

in_image() {  # in_image SERIES WORKDIR COMMAND...: a throw-away container of the series' image
  local series=$1 workdir=$2
  shift 2
  docker run --rm -i --network host "${LABELS[@]}" --label "$LAB_LABEL.role=matrix-run" \
    -v "$MATRIX_DIR/$series:$MATRIX_DIR/$series" -w "$workdir" \
    -v /etc/ssl/certs/ca-certificates.crt:/etc/ssl/certs/ca-certificates.crt:ro \
    -v "$MATRIX_DIR/pip.conf:/etc/pip.conf:ro" \
    "$(image "$series")" "$@"
}

newest() {
  build
  local series core newest_core rc=0
  for series in "${SERIES[@]}"; do
    [ "$series" != 2.19 ] || { echo "2.19: the lab venv's pin (tests/requirements-lab.txt); 2.19 is out of support"; continue; }
    pins "$series"
    newest_core=$(in_image "$series" / sh -c "pip index versions ansible-core 2>/dev/null" |
      sed -n 's/^Available versions: //p' | tr -d , | tr ' ' '\n' | grep -E "^${series//./\\.}\.[0-9]+$" | head -n 1 || true)
    core=${CORE#ansible-core==}
    echo "$series: newest ansible-core ${newest_core:-?} (pinned: $core)"
    [ "$newest_core" = "$core" ] || rc=1
  done
  return "$rc"
}

versions_of() {  # versions_of SERIES: prints 'CORE PYTHON'
  if [ "$1" = 2.19 ]; then
    "$VENV/bin/python" -c 'import ansible.release, platform; print(ansible.release.__version__, platform.python_version())'
  else
    in_image "$1" / cat /opt/controller/versions | awk '$1 == "ansible-core" {c = $2} $1 == "python" {p = $2} END {print c, p}'
  fi
}

# sanity_summary LOG RC: 'passed|failed RUN FAILED_NAMES SKIPPED_NAMES' (names comma-separated, '-' for none)
sanity_summary() {
  local log=$1 rc=$2 run failed skipped
  run=$(grep -c '^Running sanity test "' "$log" || true)
  failed=$(awk '/^FATAL: The [0-9]+ sanity test\(s\) listed below/ {on = 1; next}
                on && /^[a-z0-9-]+$/ {print} on && !/^[a-z0-9-]+$/ {on = 0}' "$log" | paste -sd, -)
  skipped=$(sed -n 's/^WARNING: Skipping sanity test "\([^"]*\)".*/\1/p' "$log" | sort -u | paste -sd, -)
  if [ "$rc" -eq 0 ]; then echo "passed $run ${failed:--} ${skipped:--}"
  else echo "failed $run ${failed:-?} ${skipped:--}"; fi
}

run_series() {  # run_series SERIES: units and sanity; writes $MATRIX_DIR/results/SERIES
  local series=$1 tree py core python start rc p f s units_time sanity_time
  tree=$MATRIX_DIR/$series/ansible_collections/siterecovery/mobility
  mkdir -p "$tree"
  rsync -a --delete --exclude tests/output "$MATRIX_DIR/snapshot/" "$tree/"
  rm -rf "$tree/tests/output/junit"
  read -r core python < <(versions_of "$series")
  [ -n "$python" ] || die "ansible-core $series: no version found"
  py=${python%.*}
  log "ansible-core $core (Python $python): units"
  local runner=(in_image "$series" "$tree")
  # shellcheck disable=SC2016  # expanded by the inner shell
  [ "$series" != 2.19 ] || runner=(bash -c 'cd "$0" && PATH="$VENV/bin:$PATH" && exec "$@"' "$tree")
  start=$SECONDS rc=0
  "${runner[@]}" ansible-test units --venv --python "$py" --color no >"$MATRIX_DIR/logs/$series-units.log" 2>&1 || rc=$?
  units_time=$((SECONDS - start))
  read -r p f s < <(python3 "$ROOT/scripts/lab/junit_count.py" "$tree"/tests/output/junit/*units*.xml)
  [ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || f=1  # a crash without a report still fails
  log "ansible-core $core: units $p passed, $f failed, $s skipped (${units_time}s); sanity"
  start=$SECONDS rc=0
  "${runner[@]}" ansible-test sanity --venv --python "$py" --color no >"$MATRIX_DIR/logs/$series-sanity.log" 2>&1 || rc=$?
  sanity_time=$((SECONDS - start))
  local summary
  summary=$(sanity_summary "$MATRIX_DIR/logs/$series-sanity.log" "$rc")
  log "ansible-core $core: sanity $summary (${sanity_time}s)"
  echo "$series $core $python $p $f $s $units_time $summary $sanity_time" >"$MATRIX_DIR/results/$series"
}

write_doc() {  # write_doc COMMIT DATE WALL
  local commit=$1 date=$2 wall=$3 series core python p f s ut sres srun sfail sskip st where
  {
    echo "# Compatibility: ansible-core releases"
    echo
    echo "Written by \`make matrix\` (\`scripts/lab/matrix.sh\`; docs/lab.md, \"The ansible-core matrix\"): do not edit"
    echo "by hand. Each supported ansible-core series on its newest release; the tested commit's \`meta/runtime.yml\`"
    echo "says \`requires_ansible: $(sed -n 's/^requires_ansible: *//p' "$MATRIX_DIR/snapshot/meta/runtime.yml")\`."
    echo
    echo "- Date: $date (UTC)"
    echo "- Commit: \`$commit\` (\`git archive\` of the committed tree; uncommitted changes are not tested)"
    echo "- Command: \`make matrix\`; on each release, in a copy of the tree:"
    echo "  \`ansible-test units --venv --python X.Y --color no\` and \`ansible-test sanity --venv --python X.Y --color no\`"
    echo "- Wall time: ${wall}s on this 2-core machine (per-release times below; a first run also builds the images"
    echo "  and ansible-test's virtual environments)"
    echo
    echo "| release | ansible-core | Python | controller | units | sanity |"
    echo "|---|---|---|---|---|---|"
    for series in "${SERIES[@]}"; do
      read -r series core python p f s ut sres srun sfail sskip st <"$MATRIX_DIR/results/$series"
      if [ "$series" = 2.19 ]; then where="lab venv (this machine)"; else where="\`$(image "$series")\` (Debian trixie)"; fi
      local sanity_cell="$sres: $srun tests run"
      [ "$sfail" = - ] || sanity_cell+=", failed: ${sfail//,/, }"
      [ "$sskip" = - ] || sanity_cell+=", skipped: ${sskip//,/, }"
      echo "| $series | $core | $python | $where | $p passed, $f failed, $s skipped (${ut}s) | $sanity_cell (${st}s) |"
    done
    local failures
    failures=$(for series in "${SERIES[@]}"; do
      # no failure line is the good case: grep's exit code 1 must not end the script
      grep -h -m 5 -E '^FAILED |^ERROR: [^F]' "$MATRIX_DIR/logs/$series-units.log" "$MATRIX_DIR/logs/$series-sanity.log" |
        sed "s/^/- $series: /" || true
    done)
    if [ -n "$failures" ]; then
      echo
      echo "Failures (the first lines of each log; \`ansible-test units\` stops after the first group that fails):"
      echo
      echo "$failures"
    fi
    echo
    echo "End to end: the \`controllers\` stage of \`make test\` (\`scripts/test controllers\`; docs/lab.md, \"The"
    echo "\`controllers\` stage\") runs the push installation on four Python-less personas (rhel8, ubuntu2004, sles15,"
    echo "centos6) fresh, re-run, upgrade, survey and uninstall from the oldest and the newest release above: the lab"
    echo "venv's ansible-core and \`siterecovery-lab/controller:2.21\` (the same 2.21 pin as this matrix); its checks"
    echo "are named by the release they ran on (\`ansible-core-<version>-<step>\`)."
  } >"$MATRIX_DOC.tmp"
  mv "$MATRIX_DOC.tmp" "$MATRIX_DOC"
}

run_all() {
  local series commit date start=$SECONDS bad=0
  [ -x "$VENV/bin/ansible-test" ] || die "no lab venv at $VENV (run scripts/lab/bootstrap.sh)"
  mkdir -p "$MATRIX_DIR/logs" "$MATRIX_DIR/results"
  exec 9>"$MATRIX_DIR/lock"
  flock -n 9 || die "another scripts/lab/matrix.sh is running for this checkout ($ROOT)"
  trap 'docker ps -aq --filter "label=$LAB_LABEL.owner=$OWNER" --filter "label=$LAB_LABEL.checkout=$CHECKOUT_KEY" |
          xargs -r docker rm -f >/dev/null 2>&1 || true' EXIT
  printf '[global]\ncert = /etc/ssl/certs/ca-certificates.crt\ndisable-pip-version-check = true\ntimeout = 180\n' \
    >"$MATRIX_DIR/pip.conf"
  build
  commit=$(git -C "$ROOT" rev-parse --verify "$MATRIX_REF^{commit}")
  date=$(date -u +%Y-%m-%d)
  log "snapshot of $commit"
  rm -rf "$MATRIX_DIR/snapshot" "$MATRIX_DIR/results"/*
  mkdir -p "$MATRIX_DIR/snapshot"
  git -C "$ROOT" archive --format=tar "$commit" | tar -x -C "$MATRIX_DIR/snapshot"
  for series in "${SERIES[@]}"; do
    run_series "$series"
  done
  echo "$commit $date $((SECONDS - start))" >"$MATRIX_DIR/results/run"
  write_doc "$commit" "$date" $((SECONDS - start))
  log "wrote $MATRIX_DOC ($((SECONDS - start))s)"
  for series in "${SERIES[@]}"; do
    read -r -a r <"$MATRIX_DIR/results/$series"
    printf '[matrix] ansible-core %-8s Python %-7s units %s passed, %s failed, %s skipped; sanity %s (%s run, failed: %s)\n' \
      "${r[1]}" "${r[2]}" "${r[3]}" "${r[4]}" "${r[5]}" "${r[7]}" "${r[8]}" "${r[9]}"
    [ "${r[4]}" -eq 0 ] && [ "${r[7]}" = passed ] || bad=1
  done
  return "$bad"
}

case ${1:-run} in
  run) run_all ;;
  build) build ;;
  doc) [ -f "$MATRIX_DIR/results/run" ] || die "no matrix results yet (scripts/lab/matrix.sh run)"
       read -r -a r <"$MATRIX_DIR/results/run"; write_doc "${r[@]}" ;;
  newest) mkdir -p "$MATRIX_DIR"
          printf '[global]\ncert = /etc/ssl/certs/ca-certificates.crt\ndisable-pip-version-check = true\n' >"$MATRIX_DIR/pip.conf"
          newest ;;
  *) die "usage: scripts/lab/matrix.sh [run] | doc | build | newest" ;;
esac
