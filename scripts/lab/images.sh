#!/usr/bin/env bash
# Build the lab's images from the Debian mirror (no registry is reachable):
#  - the base image: Debian 12 minbase + python3 and the few tools the lab uses;
#  - one persona image per directory of tests/lab/personas: the base plus the
#    identity files of another distribution, so Ansible's fact gathering
#    reports that distribution. Personas prove selection and flow, not vendor
#    packaging: the userland stays Debian's.
# SRM_LAB_PYTHON (common.sh) picks the set: "system" (LAB_BASE_IMAGE
# siterecovery-lab/base:bookworm, personas siterecovery-lab/persona:<name>,
# python3 in /usr/bin) or "private" (siterecovery-lab/base:bookworm-private,
# siterecovery-lab/persona-private:<name>: python3 moved out of every place
# Ansible's interpreter discovery looks, by private_python.sh; plus
# <name>-python, the same persona with its Python put back, for the tests that
# need Ansible's real Python modules). Both sets can live side by side.
# An image is rebuilt only when its recipe changed (recipe hash in a label).
source "$(dirname "$0")/common.sh"

# tini is PID 1 of every lab container: it reaps the agent daemons the simulator
# stops, so that pgrep and testinfra never see zombies. sudo, like the real
# hosts have it (su comes with util-linux), for a login user that becomes root.
BASE_PACKAGES=python3,procps,openssh-server,ca-certificates,openssl,tini,sudo
PRIVATE_PYTHON=$ROOT/scripts/lab/private_python.sh
hook=()
if [ "$SRM_LAB_PYTHON" = private ]; then
  base_recipe=$( (echo "$BASE_PACKAGES"; echo bookworm; echo v1; echo private; cat "$PRIVATE_PYTHON") | _hash)
  # run inside the new root file system, after the packages are in
  hook=(--customize-hook="chroot \"\$1\" /bin/sh -s hide <'$PRIVATE_PYTHON'")
else
  base_recipe=$( (echo "$BASE_PACKAGES"; echo bookworm; echo v1) | _hash)
fi

image_recipe() { docker image inspect -f "{{ index .Config.Labels \"$LAB_LABEL.recipe\" }}" "$1" 2>/dev/null || true; }

if [ "$(image_recipe "$LAB_BASE_IMAGE")" != "$base_recipe" ]; then
  command -v mmdebstrap >/dev/null || die "mmdebstrap is not installed (run scripts/lab/bootstrap.sh)"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  log "building $LAB_BASE_IMAGE with mmdebstrap (about 30 s)"
  mmdebstrap --quiet --variant=minbase --include="$BASE_PACKAGES" "${hook[@]}" bookworm "$work/rootfs.tar" \
    "$SRM_DEBIAN_MIRROR"
  docker import \
    -c "LABEL $LAB_LABEL=1" -c "LABEL $LAB_LABEL.role=base" -c "LABEL $LAB_LABEL.recipe=$base_recipe" \
    -c "LABEL $LAB_LABEL.python=$SRM_LAB_PYTHON" \
    -c 'ENV container=docker' -c 'ENTRYPOINT ["/usr/bin/tini","--"]' -c 'CMD ["sleep","infinity"]' \
    "$work/rootfs.tar" "$LAB_BASE_IMAGE" >/dev/null
  rm -rf "$work"
  trap - EXIT
fi
base_id=$(docker image inspect -f '{{.Id}}' "$LAB_BASE_IMAGE")
STANDINS=$ROOT/tests/lab/standins

for dir in "$ROOT"/tests/lab/personas/*/; do
  name=$(basename "$dir")
  image="$LAB_PERSONA_REPO:$name"
  # A persona whose distribution runs systemd (its file "init" says so) gets the lab's systemctl stand-in.
  init=$(cat "$dir/init" 2>/dev/null || echo sysv)
  recipe=$( (echo "$base_id"; cd "$dir" && find . -type f | LC_ALL=C sort | xargs sha256sum
             [ "$init" != systemd ] || sha256sum <"$STANDINS/systemctl") | _hash)
  [ "$(image_recipe "$image")" = "$recipe" ] && continue
  log "building persona $image"
  ctx=$(mktemp -d)
  mkdir -p "$ctx/rootfs"
  [ -d "$dir/rootfs" ] && cp -a "$dir/rootfs/." "$ctx/rootfs/"
  if [ "$init" = systemd ]; then
    mkdir -p "$ctx/rootfs/usr/bin"
    install -m 0755 "$STANDINS/systemctl" "$ctx/rootfs/usr/bin/systemctl"
  fi
  links=""
  if [ -f "$dir/links" ]; then
    while read -r path target; do
      [ -n "$path" ] && links="$links && ln -sfn $target /$path"
    done <"$dir/links"
  fi
  # Debian's own identity files go unless the persona ships its own version.
  remove="true"
  if [ "$name" != debian12 ]; then
    remove="rm -f /etc/os-release /usr/lib/os-release /etc/debian_version /etc/lsb-release"
  fi
  cat >"$ctx/Dockerfile" <<DOCKERFILE
FROM $LAB_BASE_IMAGE
RUN $remove
COPY rootfs/ /
RUN true $links
LABEL $LAB_LABEL=1 $LAB_LABEL.role=persona $LAB_LABEL.persona=$name $LAB_LABEL.recipe=$recipe
DOCKERFILE
  DOCKER_BUILDKIT=0 docker build -q -t "$image" "$ctx" >/dev/null 2>"$ctx/err" || { cat "$ctx/err" >&2; die "building $image failed"; }
  rm -rf "$ctx"
done

# Private mode: each persona again as <name>-python, its Python put back where Debian had it
# (links to the private interpreter), for the tests that need Ansible's real Python modules on
# an otherwise identical persona (the facts of tests/lab/test_personas.py).
if [ "$SRM_LAB_PYTHON" = private ]; then
  for dir in "$ROOT"/tests/lab/personas/*/; do
    name=$(basename "$dir")
    persona_id=$(docker image inspect -f '{{.Id}}' "$LAB_PERSONA_REPO:$name")
    image="$LAB_PERSONA_REPO:$name-python"
    recipe=$( (echo "$persona_id"; echo restore; cat "$PRIVATE_PYTHON") | _hash)
    [ "$(image_recipe "$image")" = "$recipe" ] && continue
    log "building persona $image"
    ctx=$(mktemp -d)
    cp "$PRIVATE_PYTHON" "$ctx/private_python.sh"
    cat >"$ctx/Dockerfile" <<DOCKERFILE
FROM $LAB_PERSONA_REPO:$name
COPY private_python.sh /tmp/private_python.sh
RUN sh /tmp/private_python.sh restore && rm /tmp/private_python.sh
LABEL $LAB_LABEL=1 $LAB_LABEL.role=persona $LAB_LABEL.persona=$name $LAB_LABEL.python=system $LAB_LABEL.recipe=$recipe
DOCKERFILE
    DOCKER_BUILDKIT=0 docker build -q -t "$image" "$ctx" >/dev/null 2>"$ctx/err" || { cat "$ctx/err" >&2; die "building $image failed"; }
    rm -rf "$ctx"
  done
fi
# Old builds of lab images that lost their tag.
docker image prune -f --filter "label=$LAB_LABEL" >/dev/null
