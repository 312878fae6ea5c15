#!/usr/bin/env bash
# The inlined lib/common.sh defines more than each script uses:
# shellcheck disable=SC2034,SC2317
# Simulated registration tool of the Mobility Service agent (test fixture).
#
#   classic:     UnifiedAgentConfigurator.sh -i <CS IP or name> -P <passphrase file> [-p <port>] [-c CSLegacy]
#   modernized:  UnifiedAgentConfigurator.sh -S <config.json> -c CSPrime [-q] [-D true|false]
#
# The passphrase (or the key inside config.json) is handed to the
# registration client on its standard input only: it never appears in a
# command line, an environment variable, the log or this script's output.
set -eu
umask 022

SIM_COMPONENT=configurator
BIN=$(cd -- "$(dirname -- "$0")" && pwd -P)
VX=${BIN%/bin}
BUILD_INFO=$VX/etc/.build_info
CONF=$VX/etc/drscout.conf

#@include common.sh

# Exit codes (documented in README.md).
E_GENERIC=1
E_USAGE=2
# 3: not root (require_root)
E_NOT_INSTALLED=4
E_BAD_INPUT=5
E_REJECTED=6
E_UNREACHABLE=7
E_CS_TYPE=8
E_OTHER_CS=13 # the vendor's code: registered to a different configuration server
DEFAULT_PORT=443

usage() {
    cat <<'EOF'
Usage: UnifiedAgentConfigurator.sh -i <CS IP or name> -P <passphrase file> [-p <port>] [-c CSLegacy]
       UnifiedAgentConfigurator.sh -S <config.json> -c CSPrime [-q] [-D true|false]
  -i  configuration server address (classic)
  -P  file holding the configuration server passphrase (classic)
  -p  port of the configuration server (classic, default 443)
  -S  config.json exported from the replication appliance (modernized)
  -c  CSLegacy (classic) or CSPrime (modernized)
  -q  quiet
  -D  true: enable credential-less discovery (modernized)
EOF
}

# Progress for the caller: logged always, printed unless -q.
say() {
    sim_log INFO "$*"
    [ -n "$QUIET" ] || printf '%s\n' "$*"
}

usage_error() {
    usage >&2
    die "$E_USAGE" "$*"
}

CS_ARG="" PASS_FILE="" CONFIG="" CS_TYPE="" QUIET="" DISCOVERY=false PORT=$DEFAULT_PORT
ARGS_AS_GIVEN="$*"
while getopts ':i:P:p:S:c:qD:h' opt; do
    case $opt in
        i) CS_ARG=$OPTARG ;;
        P) PASS_FILE=$OPTARG ;;
        p) PORT=$OPTARG ;;
        S) CONFIG=$OPTARG ;;
        c) CS_TYPE=$OPTARG ;;
        q) QUIET=1 ;;
        D) DISCOVERY=$OPTARG ;;
        h)
            usage
            exit 0
            ;;
        :) usage_error "option -$OPTARG needs a value" ;;
        *) usage_error "unknown option -$OPTARG" ;;
    esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage_error "unexpected argument '$1'"

case $CS_TYPE in
    '' | CSLegacy | CSPrime) ;;
    *) usage_error "invalid configuration server type '-c $CS_TYPE': use CSLegacy or CSPrime" ;;
esac
case $PORT in
    '' | *[!0-9]*) usage_error "invalid port '-p $PORT'" ;;
esac
case $DISCOVERY in
    true | false) ;;
    *) usage_error "invalid value '-D $DISCOVERY': use true or false" ;;
esac
if [ -n "$CS_ARG" ] && [ -n "$CONFIG" ]; then
    usage_error "-i/-P (classic) and -S (modernized) cannot be combined"
elif [ -n "$CONFIG" ]; then
    [ "$CS_TYPE" = CSPrime ] || usage_error "-S <config.json> registers with a modernized appliance: add -c CSPrime"
    [ -z "$PASS_FILE" ] || usage_error "-P is for classic registration (-i); the modernized key is inside config.json"
    MODE=prime
elif [ -n "$CS_ARG" ]; then
    [ -n "$PASS_FILE" ] || usage_error "missing -P <passphrase file>"
    [ "$CS_TYPE" != CSPrime ] || usage_error "-c CSPrime registers with -S <config.json>; use -c CSLegacy with -i/-P"
    CS_TYPE=CSLegacy
    case $CS_ARG in
        *[!A-Za-z0-9.:_-]*) usage_error "invalid configuration server address '-i $CS_ARG'" ;;
    esac
    MODE=classic
else
    usage_error "nothing to do: give -i <CS> -P <passphrase file> or -S <config.json> -c CSPrime"
fi

require_root "UnifiedAgentConfigurator.sh"

if [ "$(kv_get "$VX_VERSION_FILE" INSTALLATION_DIR)" != "$VX" ] ||
    [ -z "$(kv_get "$VX_VERSION_FILE" PROD_VERSION)" ] || ! [ -f "$CONF" ]; then
    die "$E_NOT_INSTALLED" "The Mobility Service agent is not installed (or its installation is incomplete) in ${VX%/Vx}; install it before registering."
fi

sim_log INFO "Started: $0 $ARGS_AS_GIVEN"
fault_exit configure-exit

INSTALLED_CS_TYPE=$(ini_get "$CONF" vxagent CSType)
INSTALLED_CS_TYPE=${INSTALLED_CS_TYPE:-$(kv_get "$PLATFORM_FILE" CS_TYPE)}
if [ -n "$INSTALLED_CS_TYPE" ] && [ "$INSTALLED_CS_TYPE" != "$CS_TYPE" ]; then
    die "$E_CS_TYPE" "This agent was installed for $INSTALLED_CS_TYPE and cannot register as $CS_TYPE; reinstall it with -c $CS_TYPE."
fi

if [ "$MODE" = classic ]; then
    SECRET=$PASS_FILE
    if ! [ -f "$PASS_FILE" ] || ! [ -r "$PASS_FILE" ]; then
        die "$E_BAD_INPUT" "The passphrase file $PASS_FILE does not exist or cannot be read."
    fi
    if ! grep -q '[^[:space:]]' "$PASS_FILE"; then
        die "$E_BAD_INPUT" "The passphrase file $PASS_FILE is empty."
    fi
else
    SECRET=$CONFIG
    if ! [ -f "$CONFIG" ] || ! [ -r "$CONFIG" ]; then
        die "$E_BAD_INPUT" "The configuration file $CONFIG does not exist or cannot be read."
    fi
fi
# The vendor's registration client is a native binary; the simulator's stands in for it with an
# interpreter of its own, outside every place Ansible's interpreter discovery looks (the lab's
# private-Python personas, docs/lab.md), else python3 on PATH (personas with a system Python).
SIM_PYTHON=${SIM_PYTHON:-/opt/siterecovery-sim/python/bin/python3}
if ! [ -x "$SIM_PYTHON" ]; then
    SIM_PYTHON=$(command -v python3 2>/dev/null) ||
        die "$E_GENERIC" "the simulated registration client needs /opt/siterecovery-sim/python/bin/python3 or python3 on PATH"
fi

REGISTERED_TO=$(ini_get "$CONF" vxagent.transport Hostname)
if [ "$MODE" = classic ] && [ "$(kv_get "$VX_VERSION_FILE" AGENT_CONFIGURATION_STATUS)" = Succeeded ] &&
    [ -n "$REGISTERED_TO" ] && [ "$REGISTERED_TO" != "$CS_ARG" ]; then
    die "$E_OTHER_CS" "The agent is registered to the configuration server $REGISTERED_TO, not $CS_ARG; uninstall the agent and install it again to register it elsewhere."
fi

# Fault injection, not vendor behaviour: a configurator that repeats its input (the passphrase file or
# config.json) on its output and in its log, then fails; the collection must mask it wherever it shows output.
if fault_value configure-echo-input >/dev/null; then
    sim_log ERROR "cannot use the input: $(cat "$SECRET")"
    cat "$SECRET"
    cat "$SECRET" >&2
    die "$E_BAD_INPUT" "Registration failed: the input was not understood: $(tr '\n' ' ' <"$SECRET")"
fi

fault_sleep configure-slow

HOST_ID=$(ini_get "$CONF" vxagent HostId)
PLATFORM=$(ini_get "$CONF" vxagent VmPlatform)
set +e
# The secret travels on stdin; argv holds only what anyone may see.
RESULT=$("$SIM_PYTHON" "$BIN/sim_register.py" --mode "$MODE" --cs "$CS_ARG" --port "$PORT" \
    --host-id "$HOST_ID" --hostname "$(uname -n)" \
    --os-tag "$(kv_get "$VX_VERSION_FILE" OS_BUILT_FOR)" \
    --version "$(kv_get "$VX_VERSION_FILE" PROD_VERSION)" \
    --cs-type "$CS_TYPE" --platform "${PLATFORM:-VmWare}" --discovery "$DISCOVERY" \
    <"$SECRET" 2>&1)
rc=$?
set -e
# The client prints "CS=<address:port>" first, then a message.
CS_ADDR=$(printf '%s\n' "$RESULT" | sed -n 's/^CS=//p' | head -n 1)
CS_HOST=${CS_ADDR%:*}
MESSAGE=$(printf '%s\n' "$RESULT" | sed '/^CS=/d')
case $rc in
    0) ;;
    5) die "$E_BAD_INPUT" "$MESSAGE" ;;
    6) die "$E_REJECTED" "Registration failed: $MESSAGE" ;;
    7) die "$E_UNREACHABLE" "Registration failed: $MESSAGE" ;;
    *) die "$E_GENERIC" "Registration failed: ${MESSAGE:-the registration client ended with status $rc}" ;;
esac

if [ "$MODE" = prime ] && [ "$CONFIG" != "$SAVED_CONFIG" ]; then
    # Kept (root only) so that an upgrade can register again by itself.
    install -m 600 "$CONFIG" "$SAVED_CONFIG"
fi
CS_PORT_USED=${CS_ADDR##*:}
if [ "$(kv_get "$VX_VERSION_FILE" AGENT_CONFIGURATION_STATUS)" = Succeeded ] &&
    [ "$REGISTERED_TO" = "$CS_HOST" ]; then
    say "The agent is already registered with $CS_ADDR; the registration was validated again."
    exit 0
fi

ini_set "$CONF" vxagent.transport Hostname "$CS_HOST" " = "
ini_set "$CONF" vxagent.transport Port "$CS_PORT_USED" " = "
ini_set "$CONF" vxagent CSType "$CS_TYPE"
ini_set "$CONF" vxagent.transport CSIPforTelemetry "$CS_HOST"
kv_set "$PLATFORM_FILE" VMPLATFORM "${PLATFORM:-VmWare}"
kv_set "$PLATFORM_FILE" CS_TYPE "$CS_TYPE"
kv_set "$VX_VERSION_FILE" AGENT_CONFIGURATION_STATUS Succeeded
service_control stop >/dev/null 2>&1 || true
service_control start >/dev/null || die "$E_GENERIC" "registered, but the agent services did not start again"
say "Registration with $CS_ADDR succeeded (host id $HOST_ID, $CS_TYPE)."
exit 0
