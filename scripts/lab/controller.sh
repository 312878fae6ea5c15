#!/usr/bin/env bash
# The lab's second controller: the newest ansible-core 2.21 (it needs Python >= 3.12; the machine's Python
# is 3.11, whose newest is the lab venv's 2.19), in an image of its own built from the Debian mirror and PyPI.
#   scripts/lab/controller.sh build               build siterecovery-lab/controller:2.21 when its recipe
#                                                 changed (idempotent; under a minute the first time)
#   scripts/lab/controller.sh run [--] CMD [ARG]  run CMD in it, e.g. ansible-playbook -i INV playbooks/...
#                                                 (builds the image first when needed)
#   scripts/lab/controller.sh versions            what the image holds (ansible-core, Python, collections)
#   scripts/lab/controller.sh newest              ask PyPI whether a newer 2.21.x or 'ansible' exists than
#                                                 the pins below (one look-up; not part of the tests)
# The image: mmdebstrap --variant=minbase of Debian trixie (Python 3.13) with python3-venv, ca-certificates,
# openssh-client and tini; /opt/controller/venv holds CONTROLLER_CORE from PyPI, and
# /opt/controller/collections the collections of CONTROLLER_COLLECTIONS, unzipped from the 'ansible' wheel
# CONTROLLER_COLLECTIONS_FROM (scripts/lab/controller_rootfs.sh, the customize hook). Imported with
# docker import, labelled org.siterecovery.lab=1 and role=controller, rebuilt only when its recipe changes.
# 'run' starts a throw-away container (--rm, labelled org.siterecovery.lab.owner=$SRM_CONTROLLER_OWNER,
# default "controller", and org.siterecovery.lab.checkout=<checkout key>) with --network host (the lab's hosts
# and servers listen on loopback only), no Docker socket and no extra privilege; mounted at the same paths as here:
#   the checkout, read-only (its reports/ folder read-write: the playbooks' default report folder),
#   $SRM_LAB_HOME read-write (installers, inventories, the lab's SSH key, this checkout's collections tree);
# the working directory is the caller's when it lies in one of them, else the checkout.
# ANSIBLE_COLLECTIONS_PATH = this checkout's collections tree (siterecovery.mobility -> the checkout, as in
# the lab venv) then the image's collections; the caller's other ANSIBLE_* variables are passed on.
# Reach hosts over SSH (the image has no Docker client, so the community.docker connection does not work).
source "$(dirname "$0")/common.sh"

# Pins: the newest ansible-core 2.21 and the newest 'ansible' release built on it (ansible 14.5.0 requires
# ansible-core ~=2.21.5) when last bumped (2026-12-03); 'newest' says when PyPI has newer ones.
CONTROLLER_SERIES=2.21
CONTROLLER_CORE=ansible-core==2.21.5
CONTROLLER_COLLECTIONS_FROM=ansible==14.5.0
# ansible.windows: the collection's dependency (galaxy.yml; the Windows tasks must resolve even with no
# Windows host); the others as in the lab venv, for ad-hoc use.
CONTROLLER_COLLECTIONS="ansible/windows ansible/posix community/docker community/library_inventory_filtering_v1"
CONTROLLER_SUITE=trixie
CONTROLLER_PACKAGES=python3,python3-venv,ca-certificates,openssh-client,tini
CONTROLLER_IMAGE=siterecovery-lab/controller:$CONTROLLER_SERIES
CONTROLLER_HOOK=$ROOT/scripts/lab/controller_rootfs.sh
export SRM_CONTROLLER_OWNER=${SRM_CONTROLLER_OWNER:-controller}

recipe() {
  (echo "$CONTROLLER_SUITE"; echo "$CONTROLLER_PACKAGES"; echo "$CONTROLLER_CORE"
   echo "$CONTROLLER_COLLECTIONS_FROM"; echo "$CONTROLLER_COLLECTIONS"; echo v1; cat "$CONTROLLER_HOOK") | _hash
}

image_label() { docker image inspect -f "{{ index .Config.Labels \"$LAB_LABEL.$1\" }}" "$CONTROLLER_IMAGE" 2>/dev/null || true; }

build() {
  "$ROOT/scripts/lab/dockerd.sh"
  local want work
  want=$(recipe)
  [ "$(image_label recipe)" = "$want" ] && return 0
  command -v mmdebstrap >/dev/null || die "mmdebstrap is not installed (run scripts/lab/bootstrap.sh)"
  mkdir -p "$SRM_LAB_HOME"
  # one build at a time on this machine (every checkout shares the image)
  exec 8>"$SRM_LAB_HOME/controller-build.lock"
  flock 8
  [ "$(image_label recipe)" = "$want" ] && return 0
  work=$(mktemp -d "$SRM_LAB_HOME/controller-build.XXXXXX")
  # shellcheck disable=SC2064  # the path is fixed now
  trap "rm -rf '$work'" EXIT
  log "building $CONTROLLER_IMAGE: Debian $CONTROLLER_SUITE with mmdebstrap, $CONTROLLER_CORE from PyPI, collections"
  log "from $CONTROLLER_COLLECTIONS_FROM (under a minute)"
  mmdebstrap --quiet --variant=minbase --include="$CONTROLLER_PACKAGES" \
    --customize-hook="sh '$CONTROLLER_HOOK' \"\$1\" '$CONTROLLER_CORE' '$CONTROLLER_COLLECTIONS_FROM' '$CONTROLLER_COLLECTIONS'" \
    --customize-hook="copy-out /opt/controller/versions '$work'" \
    "$CONTROLLER_SUITE" "$work/rootfs.tar" "$SRM_DEBIAN_MIRROR"
  local core
  core=$(awk '$1 == "ansible-core" {print $2}' "$work/versions")
  [ -n "$core" ] || die "the build did not record an ansible-core version"
  docker import \
    -c "LABEL $LAB_LABEL=1" -c "LABEL $LAB_LABEL.role=controller" -c "LABEL $LAB_LABEL.recipe=$want" \
    -c "LABEL $LAB_LABEL.ansible-core=$core" \
    -c 'ENV PATH=/opt/controller/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'ENV LANG=C.UTF-8' -c 'ENV ANSIBLE_COLLECTIONS_PATH=/opt/controller/collections' \
    -c 'ENTRYPOINT ["/usr/bin/tini","--"]' -c 'CMD ["ansible","--version"]' \
    "$work/rootfs.tar" "$CONTROLLER_IMAGE" >/dev/null
  log "built $CONTROLLER_IMAGE:"
  sed 's/^/[lab]   /' "$work/versions" >&2
  rm -rf "$work"
  trap - EXIT
  docker image prune -f --filter "label=$LAB_LABEL" >/dev/null
}

run() {
  [ "${1:-}" != -- ] || shift
  [ $# -gt 0 ] || die "usage: scripts/lab/controller.sh run [--] COMMAND [ARG...]"
  build
  # this checkout's collections tree, as scripts/lab/bootstrap.sh makes it
  mkdir -p "$COLLECTIONS_DIR/ansible_collections/siterecovery" "$ROOT/reports"
  ln -sfn "$ROOT" "$COLLECTIONS_DIR/ansible_collections/siterecovery/mobility"
  local workdir=$ROOT pwd_real
  pwd_real=$(pwd -P)
  case $pwd_real/ in "$ROOT"/* | "$SRM_LAB_HOME"/*) workdir=$pwd_real ;; esac
  local args=(--rm -i --network host
    --label "$LAB_LABEL=1" --label "$LAB_LABEL.owner=$SRM_CONTROLLER_OWNER" --label "$LAB_LABEL.role=controller-run"
    --label "$LAB_LABEL.checkout=$CHECKOUT_KEY"
    -v "$ROOT:$ROOT:ro" -v "$ROOT/reports:$ROOT/reports" -v "$SRM_LAB_HOME:$SRM_LAB_HOME"
    -w "$workdir"
    -e "ANSIBLE_COLLECTIONS_PATH=$COLLECTIONS_DIR:/opt/controller/collections"
    -e ANSIBLE_HOME=/root/.ansible -e ANSIBLE_LOCAL_TEMP=/root/.ansible/tmp)
  [ -t 0 ] && [ -t 1 ] && args+=(-t)
  local name
  while read -r name; do
    case $name in
      ANSIBLE_COLLECTIONS_PATH | ANSIBLE_COLLECTIONS_PATHS | ANSIBLE_HOME | ANSIBLE_LOCAL_TEMP) ;;
      ANSIBLE_*) args+=(-e "$name") ;;
    esac
  done < <(compgen -e)
  exec docker run "${args[@]}" "$CONTROLLER_IMAGE" "$@"
}

versions() {
  build
  docker run --rm --network none --label "$LAB_LABEL=1" --label "$LAB_LABEL.owner=$SRM_CONTROLLER_OWNER" \
    "$CONTROLLER_IMAGE" cat /opt/controller/versions
}

newest() {
  build
  docker run --rm --network host --label "$LAB_LABEL=1" --label "$LAB_LABEL.owner=$SRM_CONTROLLER_OWNER" \
    -v /etc/ssl/certs/ca-certificates.crt:/tmp/ca.crt:ro -e PIP_CERT=/tmp/ca.crt -e PIP_DISABLE_PIP_VERSION_CHECK=1 \
    -e CORE="$CONTROLLER_CORE" -e FROM="$CONTROLLER_COLLECTIONS_FROM" -e SERIES="$CONTROLLER_SERIES" \
    "$CONTROLLER_IMAGE" sh -c '
      core=$(pip index versions ansible-core 2>/dev/null | sed -n "s/^Available versions: //p" | tr -d , |
             tr " " "\n" | grep -E "^${SERIES}\.[0-9]+$" | head -n 1)
      ansible=$(pip index versions ansible 2>/dev/null | sed -n "s/^ansible (\(.*\))$/\1/p")
      echo "newest ansible-core $SERIES.x: ${core:-?} (pinned: $CORE)"
      echo "newest ansible: ${ansible:-?} (collections from: $FROM; check that it requires ansible-core ~=$SERIES)"
      [ "ansible-core==$core" = "$CORE" ]'
}

case ${1:-} in
  build) build ;;
  run) shift; run "$@" ;;
  versions) versions ;;
  newest) newest ;;
  *) die "usage: scripts/lab/controller.sh build | run [--] COMMAND [ARG...] | versions | newest" ;;
esac
