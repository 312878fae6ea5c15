# shellcheck shell=bash
# Shared settings of the test lab; sourced by the other scripts.
# Everything the lab creates lives outside the checkout under SRM_LAB_HOME,
# and every container and image it creates carries the label LAB_LABEL.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export ROOT
export SRM_LAB_HOME=${SRM_LAB_HOME:-/var/tmp/siterecovery-lab}
export SRM_LAB_STATE=$SRM_LAB_HOME  # the simulator's csctl default state root
export LAB_LABEL=org.siterecovery.lab
# Where the Linux personas keep their Python (scripts/lab/images.sh, docs/lab.md):
#   private  (the default) python3 moved out of every place discovery looks, into LAB_SIM_PYTHON_DIR, for the
#            simulator's own use: like the real fleet, whose Pythons (2.4-3.6) ansible-core cannot use; each
#            persona also has a '<name>-python' twin with python3 in /usr/bin, for the yardsticks that need one
#   system   Debian's python3 in /usr/bin, found by Ansible's interpreter discovery
export SRM_LAB_PYTHON=${SRM_LAB_PYTHON:-private}
export LAB_SIM_PYTHON_DIR=/opt/siterecovery-sim/python/bin
case $SRM_LAB_PYTHON in
  system)
    export LAB_BASE_IMAGE=siterecovery-lab/base:bookworm
    export LAB_PERSONA_REPO=siterecovery-lab/persona ;;
  private)
    export LAB_BASE_IMAGE=siterecovery-lab/base:bookworm-private
    export LAB_PERSONA_REPO=siterecovery-lab/persona-private ;;
  *)
    printf '[lab] ERROR: SRM_LAB_PYTHON=%s: use system or private\n' "$SRM_LAB_PYTHON" >&2
    exit 1 ;;
esac
export SRM_DEBIAN_MIRROR=${SRM_DEBIAN_MIRROR:-http://deb.debian.org/debian}
export SRM_CS_PORT=${SRM_CS_PORT:-44380}

_hash() { sha256sum | cut -c1-12; }

# Test stages that need only the virtualenvs: no Docker engine, no image, no container.
export DOCKER_FREE_STAGES="units sanity lint examples contract build ecosystem"
# stages_need_docker STAGE...: true when one of the stages needs the Docker engine and the lab's images
stages_need_docker() {
  local stage
  for stage in "$@"; do
    [[ " $DOCKER_FREE_STAGES " == *" $stage "* ]] || return 0
  done
  return 1
}

# The simulated installers' recipe: what build_installer.py puts into them. Installers built from an older
# simulator are stale (e.g. another configurator) and must be built again.
simulator_recipe() {
  (cd "$ROOT/tests/simulator" && find installer build_installer.py -type f | LC_ALL=C sort | xargs sha256sum) | _hash
}

# One virtualenv per requirements pin set, shared by every checkout on the machine.
VENV_KEY=$( (cat "$ROOT/tests/requirements-lab.txt"; python3 --version) | _hash)
export VENV="$SRM_LAB_HOME/venv-$VENV_KEY"
# The ecosystem checks' tools (galaxy-importer, antsibull-changelog): a virtualenv apart,
# never on PATH by lab_env; scripts/lab/importer_check.sh and scripts/test call it by path.
IMPORTER_VENV_KEY=$( (cat "$ROOT/tests/requirements-importer.txt"; python3 --version) | _hash)
export IMPORTER_VENV="$SRM_LAB_HOME/venv-importer-$IMPORTER_VENV_KEY"
# One collections tree per checkout: ansible_collections/siterecovery/mobility -> the checkout.
CHECKOUT_KEY=$(printf '%s' "$ROOT" | _hash)
export CHECKOUT_HOME="$SRM_LAB_HOME/checkouts/$CHECKOUT_KEY"
export COLLECTIONS_DIR="$CHECKOUT_HOME/collections"
export TEST_TREE="$CHECKOUT_HOME/test-tree/ansible_collections/siterecovery/mobility"

lab_env() {
  export PATH="$VENV/bin:$PATH"
  export ANSIBLE_COLLECTIONS_PATH="$COLLECTIONS_DIR"
  export ANSIBLE_HOME="$CHECKOUT_HOME/ansible-home"
  export ANSIBLE_LOCAL_TEMP="$CHECKOUT_HOME/ansible-home/tmp"
  export ANSIBLE_NOCOLOR=1
  export ANSIBLE_FORCE_COLOR=0
  export PY_COLORS=0
  export ANSIBLE_LINT_NODEPS=1
  export SRM_SIMTEST_REQUIRE_DOCKER=1  # no Docker must fail the simulator tests, not skip them
}

log() { printf '[lab] %s\n' "$*" >&2; }
die() { printf '[lab] ERROR: %s\n' "$*" >&2; exit 1; }
