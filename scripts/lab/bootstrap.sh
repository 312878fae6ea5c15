#!/usr/bin/env bash
# Set up everything the lab needs on a Debian 12 machine, as root, without
# questions (CI=true, no stdin). Idempotent: a re-run with everything present
# takes seconds.
#   1. Debian packages: Docker engine (docker.io), mmdebstrap, rsync, openssl,
#      and the shell linter that ansible-test sanity runs
#   2. a running dockerd
#   3. base and persona images (scripts/lab/images.sh)
#   4. a pinned virtualenv (tests/requirements-lab.txt), linked as .venv, and
#      one for galaxy-importer and antsibull-changelog (tests/requirements-importer.txt)
#   5. the collection tree ANSIBLE_COLLECTIONS_PATH points at
#   6. ansible-test's offline pip bootstrap
#   7. the lab's SSH key pair (the ssh molecule scenario's containers trust its public half)
# With --no-docker only what the Docker-free stages need (DOCKER_FREE_STAGES in common.sh): steps 1 (without the
# engine and mmdebstrap), 4, 5 and 6; nothing of Docker is installed, started or built.
source "$(dirname "$0")/common.sh"
export DEBIAN_FRONTEND=noninteractive
docker=yes
case ${1:-} in
  --no-docker) docker=no ;;
  '') ;;
  *) die "unknown option '$1' (bootstrap.sh [--no-docker])" ;;
esac

# 1. packages
need=()
packages=(rsync openssl ca-certificates make shellcheck openssh-client)
[ "$docker" = no ] || packages+=(docker.io mmdebstrap)
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "installing ${need[*]} needs root"
  log "installing Debian packages: ${need[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if [ "$docker" = yes ]; then
  # 2. engine
  "$ROOT/scripts/lab/dockerd.sh"
  # 3. images
  "$ROOT/scripts/lab/images.sh"
fi

# 4. virtualenv
if [ ! -x "$VENV/bin/ansible-playbook" ] || [ ! -f "$VENV/.complete" ]; then
  log "creating virtualenv $VENV (about a minute)"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  mkdir -p "$SRM_LAB_HOME"
  "$VENV/bin/pip" install -q --disable-pip-version-check -r "$ROOT/tests/requirements-lab.txt" \
    >"$SRM_LAB_HOME/pip.log" 2>&1 || { tail -n 30 "$SRM_LAB_HOME/pip.log" >&2; die "pip install failed"; }
  touch "$VENV/.complete"
fi
ln -sfn "$VENV" "$ROOT/.venv"
# the ecosystem stage's tools, kept apart from the lab's (see tests/requirements-importer.txt)
if [ ! -x "$IMPORTER_VENV/bin/python" ] || [ ! -f "$IMPORTER_VENV/.complete" ]; then
  log "creating virtualenv $IMPORTER_VENV (about a minute)"
  rm -rf "$IMPORTER_VENV"
  python3 -m venv "$IMPORTER_VENV"
  "$IMPORTER_VENV/bin/pip" install -q --disable-pip-version-check -r "$ROOT/tests/requirements-importer.txt" \
    >"$SRM_LAB_HOME/pip-importer.log" 2>&1 || { tail -n 30 "$SRM_LAB_HOME/pip-importer.log" >&2; die "pip install failed"; }
  touch "$IMPORTER_VENV/.complete"
fi

# 5. collections tree: ansible_collections/siterecovery/mobility -> this checkout
mkdir -p "$COLLECTIONS_DIR/ansible_collections/siterecovery" "$CHECKOUT_HOME/ansible-home/tmp"
ln -sfn "$ROOT" "$COLLECTIONS_DIR/ansible_collections/siterecovery/mobility"

# 6. ansible-test downloads get-pip.py from a host this machine cannot reach;
#    a stand-in that runs ensurepip in a subprocess does the same job offline.
getpip="$HOME/.ansible/test/cache/get_pip_24_2.py"
if [ ! -f "$getpip" ]; then
  mkdir -p "$(dirname "$getpip")"
  cat >"$getpip" <<'PY'
"""Offline stand-in for get-pip.py used by ansible-test's managed venvs."""
import subprocess
import sys

subprocess.check_call([sys.executable, '-m', 'ensurepip', '--upgrade'])
args = [a for a in sys.argv[1:] if not a.startswith('-')]
if args:
    subprocess.check_call([sys.executable, '-m', 'pip', 'install', '--disable-pip-version-check'] + args)
PY
fi
# 7. SSH key of the lab (no passphrase; it only opens the lab's own containers on loopback)
if [ ! -f "$SRM_LAB_HOME/ssh/id_ed25519" ]; then
  mkdir -p "$SRM_LAB_HOME/ssh" && chmod 700 "$SRM_LAB_HOME/ssh"
  ssh-keygen -q -t ed25519 -N '' -C siterecovery-lab -f "$SRM_LAB_HOME/ssh/id_ed25519"
fi
log "lab ready: venv $VENV, collections $COLLECTIONS_DIR"
