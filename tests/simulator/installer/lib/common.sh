# shellcheck shell=bash
# Not every script uses every constant below:
# shellcheck disable=SC2034
# Helpers shared by the simulator's shell scripts.
#
# build_installer.py copies this file in place of every line that reads
# "#@include common.sh", so each script in the tarball is self-contained:
# a half-removed installation (see the install-die-midway fault) must not
# leave uninstall.sh unable to find its library.
#
# Callers set SIM_COMPONENT (used in log lines) and BUILD_INFO (the
# .build_info file whose FAULT= lines hold the build-time faults).

# Paths of the documented interface.
VX_VERSION_FILE=/usr/local/.vx_version
VXAGENT_ETC=/etc/vxagent
PLATFORM_FILE=/etc/vxagent/usr/vxplatformtype.dat
# The installer keeps a copy of .vx_version here; a damaged original is read from it.
VX_VERSION_BACKUP=/etc/vxagent/backup/.vx_version
INIT_SCRIPT=/etc/init.d/vxagent
# On the tags of SYSTEMD_TAGS the agent is the systemd unit vxagent, whose
# script is SERVICE_SCRIPT; on the others it is the init script INIT_SCRIPT.
SYSTEMD_TAGS="SLES15-64 OL8-64 OL9-64 UBUNTU-20.04-64 UBUNTU-22.04-64 DEBIAN9-64 DEBIAN10-64 DEBIAN11-64 RHEL9-64"
SERVICE_SCRIPT=/etc/vxagent/bin/vxagent
SYSTEMD_UNIT=/etc/systemd/system/vxagent.service
UA_LOG=/var/log/ua_install.log
# Details of a failed installation (exit 97); the installer's -e moves it.
INSTALLER_ERRORS=/var/log/InstallerErrors.json
# Simulator-only paths.
FAULT_FILE=/etc/asr-simulator/fault
# Written while an install or upgrade runs, removed at its end; holds the
# .vx_version that was there before, so an interrupted run can be recovered.
INSTALL_MARKER=/etc/vxagent/.sim_install_in_progress
# Copy of the config.json of the last successful modernized registration,
# used to re-register automatically after an upgrade.
SAVED_CONFIG=/etc/vxagent/usr/sim_config.json
DAEMONS="svagents appservice"

# Appends one timestamped line to the install log. Never fails: a user who
# may not write the log (not root) still gets the message on stderr.
sim_log() {
    local level=$1
    shift
    { printf '%s [%s] %s: %s\n' "$(date '+%Y-%m-%d %H:%M:%S')" \
        "${SIM_COMPONENT:-simulator}" "$level" "$*" >>"$UA_LOG"; } 2>/dev/null || true
}

info() {
    sim_log INFO "$*"
    printf '%s\n' "$*"
}

warn() {
    sim_log WARNING "$*"
    printf 'WARNING: %s\n' "$*" >&2
}

# die CODE MESSAGE...: logs the message as an error, prints it on stderr and
# exits with CODE. The installer's 97 ("failed with errors") also writes the
# details to $ERRORS_FILE when the caller set it.
die() {
    local code=$1
    shift
    sim_log ERROR "$*"
    printf 'ERROR: %s\n' "$*" >&2
    if [ "$code" = 97 ] && [ -n "${ERRORS_FILE:-}" ]; then
        write_errors "$ERRORS_FILE" "$*"
    fi
    exit "$code"
}

# write_errors FILE MESSAGE: the installer's JSON error report (the layout
# is the simulator's own: the vendor's is not published).
write_errors() {
    local text
    text=$(printf '%s' "$2" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' | tr '\n\t' '  ')
    { mkdir -p "${1%/*}" && printf '{"Errors": [{"ErrorCode": "SimulatedInstallFailure", "Message": "%s"}]}\n' \
        "$text" >"$1"; } 2>/dev/null || true
}

# uses_systemd TAG: true when the agent of TAG is a systemd unit.
uses_systemd() {
    case " $SYSTEMD_TAGS " in
        *" $1 "*) return 0 ;;
    esac
    return 1
}

trim() {
    local s=$1
    s=${s#"${s%%[![:space:]]*}"}
    s=${s%"${s##*[![:space:]]}"}
    printf '%s' "$s"
}

# kv_get FILE KEY: value of the last KEY=value line of FILE (empty if none).
kv_get() {
    [ -r "$1" ] || return 0
    sed -n "s/^$2=//p" "$1" | tail -n 1
}

# kv_set FILE KEY VALUE: replaces (or appends) KEY=VALUE, atomically.
kv_set() {
    local file=$1 key=$2 value=$3 tmp
    tmp=$(mktemp "$file.XXXXXX")
    if [ -f "$file" ]; then
        awk -v k="$key" -v v="$value" '
            index($0, k "=") == 1 { if (!done) print k "=" v; done = 1; next }
            { print }
            END { if (!done) print k "=" v }' "$file" >"$tmp"
    else
        printf '%s=%s\n' "$key" "$value" >"$tmp"
    fi
    chmod 644 "$tmp"
    mv -f "$tmp" "$file"
    if [ "$file" = "$VX_VERSION_FILE" ]; then
        vx_version_backup
    fi
}

# vx_version_backup: copies .vx_version to its backup.
vx_version_backup() {
    mkdir -p "${VX_VERSION_BACKUP%/*}"
    cp -f "$VX_VERSION_FILE" "$VX_VERSION_BACKUP"
}

# vx_version_damaged FILE: true when FILE has a line that is not KEY=VALUE.
vx_version_damaged() {
    [ -f "$1" ] || return 1
    LC_ALL=C grep -qv -e '^[A-Za-z_][A-Za-z0-9_]*=' -e '^[[:space:]]*$' -e '^#' "$1"
}

# ini_get FILE SECTION KEY
# The vendor's drscout.conf has spaces around "=" on some keys ("Hostname = x");
# a key starts at the beginning of its line, the value is trimmed.
ini_get() {
    [ -r "$1" ] || return 0
    awk -v s="[$2]" -v k="$3" '
        /^\[/ { insec = ($0 == s); next }
        insec && index($0, k) == 1 && substr($0, length(k) + 1) ~ /^[ \t]*=/ {
            v = substr($0, length(k) + 1); sub(/^[ \t]*=[ \t]*/, "", v); sub(/[ \t\r]+$/, "", v); print v; exit
        }' "$1"
}

# ini_set: sets the key inside the section, adding the key (or the section)
# when missing; other lines are kept as they are.
# ini_set FILE SECTION KEY VALUE [SEP]: SEP is "=" (default) or " = ", the
# vendor's style for Hostname and Port.
ini_set() {
    local file=$1 section=$2 key=$3 value=$4 sep=${5:-=} tmp
    tmp=$(mktemp "$file.XXXXXX")
    awk -v s="[$section]" -v k="$key" -v v="$value" -v eq="$sep" '
        /^\[/ {
            if (insec && !done) { print k eq v; done = 1 }
            insec = ($0 == s)
        }
        insec && index($0, k) == 1 && substr($0, length(k) + 1) ~ /^[ \t]*=/ { if (!done) print k eq v; done = 1; next }
        { print }
        END {
            if (!done) { if (!insec) print s; print k eq v }
        }' "$file" >"$tmp"
    chmod 644 "$tmp"
    mv -f "$tmp" "$file"
}

# vercmp A B: prints -1, 0 or 1. Versions are dotted numbers; a missing or
# non-numeric part counts as 0.
vercmp() {
    local -a a b
    local i x y
    IFS=. read -r -a a <<<"$1"
    IFS=. read -r -a b <<<"$2"
    for i in 0 1 2 3 4 5; do
        x=${a[i]:-0}
        y=${b[i]:-0}
        case $x in '' | *[!0-9]*) x=0 ;; esac
        case $y in '' | *[!0-9]*) y=0 ;; esac
        if ((10#$x > 10#$y)); then
            echo 1
            return 0
        fi
        if ((10#$x < 10#$y)); then
            echo -1
            return 0
        fi
    done
    echo 0
}

require_root() {
    if [ "$(id -u)" -ne 0 ]; then
        die 3 "$1 must be run as root (current uid $(id -u))."
    fi
}

# --- fault injection -------------------------------------------------------
# Active fault entries, one per line: the build-time ones (FAULT= lines of
# $BUILD_INFO) first, then the lines of $FAULT_FILE, so that a later entry
# with the same name wins. A line "none" in $FAULT_FILE drops the build-time
# entries. Blank lines and "#" comments are ignored.
sim_faults() {
    local line
    if [ -n "${BUILD_INFO:-}" ] && [ -r "$BUILD_INFO" ]; then
        sed -n 's/^FAULT=//p' "$BUILD_INFO"
    fi | {
        local entries=""
        while IFS= read -r line; do
            entries="$entries$line"$'\n'
        done
        if [ -r "$FAULT_FILE" ]; then
            while IFS= read -r line || [ -n "$line" ]; do
                line=$(trim "${line%%#*}")
                [ -n "$line" ] || continue
                if [ "$line" = none ]; then
                    entries=""
                else
                    entries="$entries$line"$'\n'
                fi
            done <"$FAULT_FILE"
        fi
        printf '%s' "$entries"
    }
}

# fault_value NAME: prints the value of the last active entry NAME[:value];
# returns 1 when there is none.
fault_value() {
    local name=$1 line found=1 value=""
    while IFS= read -r line; do
        case $line in
            "$name") found=0 value="" ;;
            "$name":*) found=0 value=${line#"$name":} ;;
        esac
    done < <(sim_faults)
    [ "$found" -eq 0 ] || return 1
    printf '%s\n' "$value"
}

# fault_exit NAME: handles a "<NAME>:<code>" fault: logs and exits with it.
fault_exit() {
    local code
    code=$(fault_value "$1") || return 0
    case $code in
        '' | *[!0-9]*) warn "ignoring fault '$1:$code': the exit code must be 0-255" ;;
        *)
            if ((10#$code > 255)); then
                warn "ignoring fault '$1:$code': the exit code must be 0-255"
                return 0
            fi
            die "$((10#$code))" "Simulated failure (fault injection $1:$code); nothing was changed."
            ;;
    esac
}

# fault_sleep NAME: handles a "<NAME>:<seconds>" fault.
fault_sleep() {
    local secs
    secs=$(fault_value "$1") || return 0
    case $secs in
        '' | *[!0-9.]* | *.*.*) warn "ignoring fault '$1:$secs': seconds must be a number" ;;
        *)
            sim_log INFO "fault injection $1: sleeping $secs s"
            sleep "$secs"
            ;;
    esac
}

# --- daemons ---------------------------------------------------------------
run_dir() {
    if [ -d /var/run ]; then echo /var/run; else echo /run; fi
}

# daemon_pid NAME: prints the pid of the running daemon NAME (from its
# pidfile) and returns 0; returns 1 when it is not running. A zombie or a pid
# reused by another program counts as not running.
daemon_pid() {
    local name=$1 pidfile pid state
    pidfile="$(run_dir)/$name.pid"
    [ -r "$pidfile" ] || return 1
    pid=$(head -n 1 "$pidfile" 2>/dev/null) || return 1
    case $pid in '' | *[!0-9]*) return 1 ;; esac
    [ -r "/proc/$pid/comm" ] || return 1
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$name" ] || return 1
    state=$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null) || return 1
    [ "$state" != Z ] || return 1
    echo "$pid"
}

# service_control start|stop|status: the agent's service through the
# mechanism its installation uses (the systemd unit or the init script).
service_control() {
    local vx
    if [ -f "$SYSTEMD_UNIT" ] && command -v systemctl >/dev/null 2>&1; then
        if [ "$1" = status ]; then
            systemctl is-active --quiet vxagent
        else
            systemctl "$1" vxagent
        fi
    elif [ -x "$INIT_SCRIPT" ]; then
        "$INIT_SCRIPT" "$1"
    else
        vx=$(kv_get "$VX_VERSION_FILE" INSTALLATION_DIR)
        [ -n "$vx" ] && [ -x "$vx/bin/$1" ] && "$vx/bin/$1"
    fi
}
