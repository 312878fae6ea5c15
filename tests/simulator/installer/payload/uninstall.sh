#!/usr/bin/env bash
# The inlined lib/common.sh defines more than each script uses:
# shellcheck disable=SC2034,SC2317
# Simulated uninstaller of the Mobility Service agent (test fixture).
# The installer copies it into the installation directory:
#   cd /usr/local/ASR; ./uninstall.sh -Y
# Stops the services and removes the installation directory,
# /usr/local/.vx_version, /etc/vxagent and the init script or systemd unit.
set -eu

SIM_COMPONENT=uninstall
HERE=$(cd -- "$(dirname -- "$0")" && pwd -P)

#@include common.sh

E_USAGE=2

usage() {
    echo "Usage: ./uninstall.sh -Y    (-Y: uninstall without asking)"
}

YES=""
ARGS_AS_GIVEN="$*"
while getopts ':Yh' opt; do
    case $opt in
        Y) YES=1 ;;
        h)
            usage
            exit 0
            ;;
        *)
            usage >&2
            die "$E_USAGE" "unknown option -$OPTARG"
            ;;
    esac
done
shift $((OPTIND - 1))
if [ $# -ne 0 ]; then
    usage >&2
    die "$E_USAGE" "unexpected argument '$1'"
fi

require_root "uninstall.sh"

if [ -z "$YES" ]; then
    if ! [ -t 0 ]; then
        usage >&2
        die "$E_USAGE" "confirmation needed: run with -Y to uninstall without a prompt"
    fi
    printf 'Uninstall the Mobility Service agent from %s? (Y/N) ' "$HERE"
    read -r answer
    case $answer in
        Y | y) ;;
        *)
            echo "Nothing was changed."
            exit 0
            ;;
    esac
fi

# The recorded installation wins over this script's own location.
VX=$(kv_get "$VX_VERSION_FILE" INSTALLATION_DIR)
BASE=${VX%/Vx}
if [ -z "$VX" ] || ! [ -d "$BASE" ]; then
    BASE=$HERE
fi
BUILD_INFO=$BASE/Vx/etc/.build_info

sim_log INFO "Started: $0 $ARGS_AS_GIVEN"
fault_exit uninstall-exit

# Never remove a system directory, whatever the records say.
case $BASE in
    /*/*) ;;
    *) die 1 "refusing to remove the top-level directory $BASE" ;;
esac
case $BASE in
    /usr/local | /usr/bin | /usr/sbin | /usr/lib | /usr/lib64 | /usr/share | /usr/include | \
        /var/lib | /var/log | /var/run | /var/tmp | /var/cache | /etc/* | /proc/* | /sys/* | /dev/* | /run/*)
        die 1 "refusing to remove the system directory $BASE"
        ;;
esac

info "Uninstalling the Mobility Service agent from $BASE."
service_control stop >/dev/null 2>&1 || true
if [ -x "$BASE/Vx/bin/stop" ]; then
    "$BASE/Vx/bin/stop" >/dev/null 2>&1 || true
fi
if [ -f "$SYSTEMD_UNIT" ] && command -v systemctl >/dev/null 2>&1; then
    systemctl disable vxagent >/dev/null 2>&1 || true
fi
# Whatever the stop script could not handle (missing or broken tree).
for name in $DAEMONS; do
    if pid=$(daemon_pid "$name"); then
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$(run_dir)/$name.pid"
done

rm -f "$INIT_SCRIPT" "$SYSTEMD_UNIT"
if command -v systemctl >/dev/null 2>&1; then
    systemctl daemon-reload >/dev/null 2>&1 || true
fi
rm -rf "$VXAGENT_ETC"
rm -f "$VX_VERSION_FILE"
rm -rf "$BASE"
info "Mobility Service agent uninstalled."
exit 0
