#!/bin/sh
# mmdebstrap customize hook of the lab's second controller (scripts/lab/controller.sh build); runs on the
# build machine, as root, after the Debian packages are in the new root file system:
#   controller_rootfs.sh ROOTFS CORE_SPEC COLLECTIONS_WHEEL_SPEC "NS/NAME NS/NAME ..."
# 1. a virtualenv /opt/controller/venv with CORE_SPEC (e.g. ansible-core==2.21.5) from PyPI, made and filled
#    by the root file system's own Python (chroot), so it is that Python's (Debian trixie: 3.13);
# 2. the dependency collections, unzipped from the 'ansible' wheel COLLECTIONS_WHEEL_SPEC (pip download
#    --no-deps; the wheel is never installed) into /opt/controller/collections/ansible_collections/NS/NAME;
# 3. /opt/controller/versions: what was installed, for the image's label and the logs.
# The build machine's CA bundle (its TLS interception, if any) and resolver are lent to pip for the build
# and removed again: nothing of the build machine stays in the image.
set -eu
ROOTFS=${1:?root file system}
CORE_SPEC=${2:?ansible-core requirement}
WHEEL_SPEC=${3:?ansible wheel with the collections}
COLLECTIONS=${4:?collections to extract}

mkdir -p "$ROOTFS/opt/controller" "$ROOTFS/tmp/controller-build"
cp /etc/ssl/certs/ca-certificates.crt "$ROOTFS/tmp/controller-build/ca.crt"
resolv_backup=""
if [ -e "$ROOTFS/etc/resolv.conf" ] || [ -L "$ROOTFS/etc/resolv.conf" ]; then
  resolv_backup=$ROOTFS/tmp/controller-build/resolv.conf.image
  mv "$ROOTFS/etc/resolv.conf" "$resolv_backup"
fi
cp /etc/resolv.conf "$ROOTFS/etc/resolv.conf"

# shellcheck disable=SC2016  # expanded inside the chroot
chroot "$ROOTFS" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
  PIP_CERT=/tmp/controller-build/ca.crt PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 \
  PIP_DEFAULT_TIMEOUT=180 PYTHONDONTWRITEBYTECODE=1 \
  CORE_SPEC="$CORE_SPEC" WHEEL_SPEC="$WHEEL_SPEC" COLLECTIONS="$COLLECTIONS" \
  /bin/sh -euc '
    python3 -m venv /opt/controller/venv
    /opt/controller/venv/bin/pip install -q "$CORE_SPEC"
    /opt/controller/venv/bin/pip download -q --no-deps -d /tmp/controller-build/wheel "$WHEEL_SPEC"
    /opt/controller/venv/bin/python - /tmp/controller-build/wheel/*.whl /opt/controller/collections $COLLECTIONS <<"PY"
import json
import pathlib
import sys
import zipfile

wheel, dest, wanted = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3:]
prefixes = ["ansible_collections/%s/" % name for name in wanted]
found = set()
with zipfile.ZipFile(wheel) as archive:
    for member in archive.infolist():
        for prefix in prefixes:
            if member.filename.startswith(prefix) and not member.is_dir():
                archive.extract(member, dest)
                found.add(prefix)
missing = [p for p in prefixes if p not in found]
if missing:
    sys.exit("not in %s: %s" % (wheel, ", ".join(missing)))
for name in wanted:
    manifest = json.loads((dest / "ansible_collections" / name / "MANIFEST.json").read_text())
    info = manifest["collection_info"]
    print("collection %s.%s %s" % (info["namespace"], info["name"], info["version"]))
PY
  ' >"$ROOTFS/tmp/controller-build/collections.txt"

{
  chroot "$ROOTFS" /opt/controller/venv/bin/python -c \
    'import ansible.release, platform; print("ansible-core", ansible.release.__version__); print("python", platform.python_version())'
  echo "collections-from $(basename "$ROOTFS"/tmp/controller-build/wheel/*.whl)"
  cat "$ROOTFS/tmp/controller-build/collections.txt"
} >"$ROOTFS/opt/controller/versions"

rm -f "$ROOTFS/etc/resolv.conf"
[ -z "$resolv_backup" ] || mv "$resolv_backup" "$ROOTFS/etc/resolv.conf"
rm -rf "$ROOTFS/tmp/controller-build" "$ROOTFS/root/.cache"
