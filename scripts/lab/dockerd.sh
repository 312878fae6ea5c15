#!/usr/bin/env bash
# Make sure a Docker engine answers; start Debian's dockerd when none does.
source "$(dirname "$0")/common.sh"

if docker info >/dev/null 2>&1; then
  exit 0
fi
command -v dockerd >/dev/null || die "dockerd is not installed (run scripts/lab/bootstrap.sh)"
log "starting dockerd"
mkdir -p "$SRM_LAB_HOME"
setsid nohup dockerd >>"$SRM_LAB_HOME/dockerd.log" 2>&1 </dev/null &
for _ in $(seq 1 120); do
  docker info >/dev/null 2>&1 && exit 0
  sleep 0.5
done
tail -n 20 "$SRM_LAB_HOME/dockerd.log" >&2 || true
die "dockerd did not answer within 60 s (log: $SRM_LAB_HOME/dockerd.log)"
