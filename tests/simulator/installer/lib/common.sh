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
INIT_SCRIPT=/etc/init.d/vxagent
UA_LOG=/var/log/ua_install.log
# Simulator-only paths.
FAULT_FILE=/etc/asr-simulator/fault
# Optional: a port number that replaces the build-time CS_PORT for classic
# registration (config.json carries its own port).
CS_PORT_FILE=/etc/asr-simulator/cs_port
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
# exits with CODE.
die() {
    local code=$1
    shift
    sim_log ERROR "$*"
    printf 'ERROR: %s\n' "$*" >&2
    exit "$code"
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
}

# ini_get FILE SECTION KEY
ini_get() {
    [ -r "$1" ] || return 0
    awk -v s="[$2]" -v k="$3" '
        /^\[/ { insec = ($0 == s); next }
        insec && index($0, k "=") == 1 { print substr($0, length(k) + 2); exit }' "$1"
}

# ini_set FILE SECTION KEY VALUE: sets the key inside the section, adding the
# key (or the section) when missing; other lines are kept as they are.
ini_set() {
    local file=$1 section=$2 key=$3 value=$4 tmp
    tmp=$(mktemp "$file.XXXXXX")
    awk -v s="[$section]" -v k="$key" -v v="$value" '
        /^\[/ {
            if (insec && !done) { print k "=" v; done = 1 }
            insec = ($0 == s)
        }
        insec && index($0, k "=") == 1 { if (!done) print k "=" v; done = 1; next }
        { print }
        END {
            if (!done) { if (!insec) print s; print k "=" v }
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
