#!/usr/bin/env bash
# Remove what the lab created: containers and images carrying the lab label,
# and the simulated configuration servers' processes (by their pidfiles).
source "$(dirname "$0")/common.sh"
docker ps -aq --filter "label=$LAB_LABEL" | xargs -r docker rm -f >/dev/null
if [ "${1:-}" = --images ]; then
  # Personas first: the base image cannot go while images built on it exist. The controller image stands alone.
  for role in persona base controller; do
    docker images -q --filter "label=$LAB_LABEL.role=$role" | sort -u | xargs -r docker rmi -f >/dev/null
  done
  docker image prune -f --filter "label=$LAB_LABEL" >/dev/null
fi
# Simulated configuration servers: every state directory with a pidfile.
find "$SRM_LAB_HOME" -maxdepth 3 -name cs_server.pid 2>/dev/null | while read -r pidfile; do
  "$ROOT/tests/simulator/csctl" stop --state-dir "$(dirname "$pidfile")" >/dev/null || true
done
log "lab containers removed${1:+ (and images)}"
