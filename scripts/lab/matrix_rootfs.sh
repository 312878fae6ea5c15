#!/bin/sh
# mmdebstrap customize hook of the ansible-core matrix images (scripts/lab/matrix.sh build), run after
# scripts/lab/controller_rootfs.sh has made /opt/controller/venv:
#   matrix_rootfs.sh ROOTFS
# ansible-test's managed virtual environments fetch a get-pip.py from a host this machine cannot reach; this
# puts an offline stand-in into the image's ~/.ansible/test/cache, named for the pip version that the image's
# ansible-test asks for (scripts/lab/bootstrap.sh does the same for the lab venv): it installs pip with the
# venv's own ensurepip, then the requested packages (that pip version) from PyPI. Appends
# 'pip-bootstrap <version>' to /opt/controller/versions.
set -eu
ROOTFS=${1:?root file system}

reqs=$(ls "$ROOTFS"/opt/controller/venv/lib/python3*/site-packages/ansible_test/_internal/python_requirements.py)
pip=$(sed -n "s/^ *pip=.\([0-9][0-9.]*\).,\$/\1/p" "$reqs" | head -n 1)
[ -n "$pip" ] || { echo "matrix_rootfs.sh: no pip version in $reqs" >&2; exit 1; }
mkdir -p "$ROOTFS/root/.ansible/test/cache"
cat >"$ROOTFS/root/.ansible/test/cache/get_pip_$(echo "$pip" | tr . _).py" <<"PY"
"""Offline stand-in for the get-pip.py of ansible-test managed virtual environments."""
import subprocess
import sys

subprocess.check_call([sys.executable, "-m", "ensurepip", "--upgrade"])
wanted = [arg for arg in sys.argv[1:] if not arg.startswith("-")]
if wanted:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "--disable-pip-version-check"] + wanted)
PY
echo "pip-bootstrap $pip" >>"$ROOTFS/opt/controller/versions"
