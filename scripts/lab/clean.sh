#!/usr/bin/env bash
# Remove what the lab created: containers and images carrying the lab label,
# and the simulated configuration servers' processes (by their pidfiles).
source "$(dirname "$0")/common.sh"
ids=$(docker ps -aq --filter "label=$LAB_LABEL")
[ -z "$ids" ] || docker rm -f $ids >/dev/null
if [ "${1:-}" = --images ]; then
  imgs=$(docker images -q --filter "label=$LAB_LABEL" | sort -u)
  [ -z "$imgs" ] || docker rmi -f $imgs >/dev/null
fi
for pidfile in "$SRM_LAB_HOME"/cs-*/server.pid; do
  [ -f "$pidfile" ] || continue
  kill "$(cat "$pidfile")" 2>/dev/null || true
  rm -f "$pidfile"
done
log "lab containers removed${1:+ (and images)}"
