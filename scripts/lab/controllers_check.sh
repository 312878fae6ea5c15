#!/usr/bin/env bash
# The 'controllers' test stage (scripts/test, docs/lab.md "Controllers"): the same push installation, over
# SSH, against the same kind of Python-less personas, from each controller the lab has:
#   venv   the lab virtualenv's ansible-core (2.19, on the machine's Python 3.11)
#   image  siterecovery-lab/controller:2.21 (scripts/lab/controller.sh: the newest 2.21, on Python 3.13)
# Subcommands (scripts/test runs them in this order, one check per controller and step):
#   controllers_check.sh setup            simulated installers of two versions, a simulated configuration server
#                                         on the first free loopback port from 44392, and for each controller
#                                         its own fresh personas (rhel8, ubuntu2004, sles15, centos6), each with
#                                         sshd on its own loopback port (the first free ones from 22391)
#   controllers_check.sh version CTL      the ansible-core version of controller CTL (venv | image)
#   controllers_check.sh step CTL STEP    push     playbooks/push_install.yml with the older agent version on
#                                                  the fresh personas: every host changed, that version installed
#                                                  (the report, and the host's own version file)
#                                         rerun    the same again: changed=0 on every line of the recap, every
#                                                  host unchanged
#                                         upgrade  playbooks/upgrade.yml: every host at the newer version
#                                         survey   playbooks/preflight.yml: every host ready, nothing changed
#                                         uninstall  playbooks/uninstall.yml: every host changed, the agent gone
#   controllers_check.sh teardown         remove this checkout's containers of the stage (labels
#                                         org.siterecovery.lab.owner=controllers and .checkout=<checkout key>)
#                                         and stop its configuration server
#   controllers_check.sh all              all of it, for a developer: PASS/FAIL per controller and step
# Everything lives in $SRM_LAB_HOME/controllers-<checkout key>, so that checkouts do not disturb each other.
source "$(dirname "$0")/common.sh"
lab_env

DIR=$SRM_LAB_HOME/controllers-$CHECKOUT_KEY  # depth 3 for the pidfile: scripts/lab/clean.sh finds the server
OWNER=controllers
# the personas have no Python that Ansible finds, like the real fleet, whatever SRM_LAB_PYTHON says
PERSONA_REPO=siterecovery-lab/persona-private
# persona:installer tag; the agent is a systemd unit on rhel8, ubuntu2004 and sles15, an init script on centos6
PERSONAS=(rhel8:RHEL8-64 ubuntu2004:UBUNTU-20.04-64 sles15:SLES15-64 centos6:RHEL6-64)
FIRST_VERSION=9.65.7464.1
NEXT_VERSION=9.66.7567.1
CONTROLLERS=(venv image)
FIRST_SSH_PORT=${SRM_CONTROLLERS_SSH_PORT:-22391}
FIRST_CS_PORT=${SRM_CONTROLLERS_CS_PORT:-44392}
LABELS=(--label "$LAB_LABEL=1" --label "$LAB_LABEL.owner=$OWNER" --label "$LAB_LABEL.checkout=$CHECKOUT_KEY")

container() { echo "srm-ctl-$CHECKOUT_KEY-$1-$2"; }  # container CTL PERSONA

teardown() {
  docker ps -aq --filter "label=$LAB_LABEL.owner=$OWNER" --filter "label=$LAB_LABEL.checkout=$CHECKOUT_KEY" |
    xargs -r docker rm -f >/dev/null
  "$ROOT/tests/simulator/csctl" stop --state-dir "$DIR/cs" >/dev/null 2>&1 || true
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# free_port FIRST AVOID... : the first port from FIRST that nothing listens on and that is not in AVOID
free_port() {
  local port=$1 last=$(($1 + 100))
  shift
  while [ "$port" -lt "$last" ]; do
    if [[ " $* " != *" $port "* ]] && port_free "$port"; then echo "$port"; return 0; fi
    port=$((port + 1))
  done
  return 1
}

setup() {
  teardown
  # the private-Python personas, also when this machine's lab runs in system mode
  [ "$SRM_LAB_PYTHON" = private ] || SRM_LAB_PYTHON=private "$ROOT/scripts/lab/images.sh"
  [ -f "$SRM_LAB_HOME/ssh/id_ed25519.pub" ] || die "no lab SSH key (run scripts/lab/bootstrap.sh)"
  mkdir -p "$DIR/installers"
  chmod 700 "$DIR"
  [ -s "$DIR/passphrase" ] || (umask 077; openssl rand -hex 16 >"$DIR/passphrase")
  local entry tag version recipe
  recipe=$(simulator_recipe)  # installers of an older simulator are built again
  if [ "$(cat "$DIR/installers/.recipe" 2>/dev/null)" != "$recipe" ]; then
    rm -f "$DIR/installers"/Microsoft-ASR_UA_* && echo "$recipe" >"$DIR/installers/.recipe"
  fi
  for entry in "${PERSONAS[@]}"; do
    tag=${entry#*:}
    for version in "$FIRST_VERSION" "$NEXT_VERSION"; do
      ls "$DIR/installers/Microsoft-ASR_UA_${version}_${tag}"_GA_*_release.tar.gz >/dev/null 2>&1 && continue
      python3 "$ROOT/tests/simulator/build_installer.py" --tag "$tag" --version "$version" \
        --out-dir "$DIR/installers" >/dev/null
    done
  done
  (cd "$DIR/installers" && sha256sum Microsoft-ASR_UA_* >SHA256SUMS)
  local cs_port
  cs_port=$(free_port "$FIRST_CS_PORT") || die "no free loopback port from $FIRST_CS_PORT"
  rm -rf "$DIR/cs"
  "$ROOT/tests/simulator/csctl" start --port "$cs_port" --state-dir "$DIR/cs" --passphrase-file "$DIR/passphrase"

  local ctl persona name port used=() started=()
  for ctl in "${CONTROLLERS[@]}"; do
    rm -rf "${DIR:?}/$ctl"
    mkdir -p "$DIR/$ctl"
    {
      echo "asr_protected_machines:"
      echo "  hosts:"
      for entry in "${PERSONAS[@]}"; do
        persona=${entry%%:*}
        name=$(container "$ctl" "$persona")
        port=$(free_port "$FIRST_SSH_PORT" "${used[@]}") || die "no free loopback port from $FIRST_SSH_PORT"
        used+=("$port")
        docker run -d --name "$name" --network host "${LABELS[@]}" --label "$LAB_LABEL.controller=$ctl" \
          -v "$SRM_LAB_HOME/ssh/id_ed25519.pub:/root/.ssh/authorized_keys:ro" \
          "$PERSONA_REPO:$persona" sh -c "ssh-keygen -A && mkdir -p /run/sshd && exec /usr/sbin/sshd -D -e \
            -o ListenAddress=127.0.0.1 -o PasswordAuthentication=no -p $port" >/dev/null
        started+=("$name:$port")
        echo "    $ctl-$persona: {ansible_port: $port}"
      done
      cat <<YAML
  vars:
    ansible_connection: ssh
    ansible_host: 127.0.0.1
    ansible_user: root
    ansible_ssh_private_key_file: $SRM_LAB_HOME/ssh/id_ed25519
    # the containers make new host keys at every start
    ansible_ssh_common_args: -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null
    mobility_service_installer_dir: $DIR/installers
    mobility_service_cs_address: 127.0.0.1
    mobility_service_passphrase: "{{ lookup('ansible.builtin.file', '$DIR/passphrase') }}"
    mobility_service_cs_port: $cs_port
    mobility_service_ps_port: $cs_port  # the simulated server stands in for the process server too
YAML
    } >"$DIR/$ctl/inventory.yml"
  done

  # each sshd answers (and is this container's: a container whose sshd could not bind has stopped), and no
  # persona has a Python that Ansible's interpreter discovery could find
  for entry in "${started[@]}"; do
    name=${entry%:*} port=${entry##*:}
    for _ in $(seq 1 50); do
      port_free "$port" || break
      sleep 0.2
    done
    if [ "$(docker inspect -f '{{.State.Running}}' "$name")" != true ] || port_free "$port"; then
      docker logs "$name" 2>&1 | tail -n 5
      die "$name: no sshd on 127.0.0.1:$port"
    fi
    if docker exec "$name" sh -c 'for p in python3 python python2 /usr/bin/python3 /usr/libexec/platform-python; do
         command -v "$p"; done' | grep .; then
      die "$name has a Python that Ansible's interpreter discovery finds (see above)"
    fi
  done
  log "configuration server on 127.0.0.1:$cs_port; personas (container:sshd port): ${started[*]}"
}

# controller_cmd CTL COMMAND... : run COMMAND with controller CTL's Ansible, from $DIR/CTL
controller_cmd() {
  local ctl=$1
  shift
  case $ctl in
    venv) (cd "$DIR/$ctl" && "$@") ;;
    image) (cd "$DIR/$ctl" && SRM_CONTROLLER_OWNER=$OWNER "$ROOT/scripts/lab/controller.sh" run -- "$@") ;;
    *) die "unknown controller '$ctl' (controllers: ${CONTROLLERS[*]})" ;;
  esac
}

version() {
  controller_cmd "$1" ansible --version | sed -n 's/^ansible \[core \(.*\)\]$/\1/p' | grep .
}

step() {  # step CTL STEP
  local ctl=$1 name=$2 playbook expect=() extra=() rc=0
  [ -f "$DIR/$ctl/inventory.yml" ] || die "no inventory for $ctl: run '$0 setup' first"
  case $name in
    push) playbook=push_install
      extra=(-e "mobility_service_version=$FIRST_VERSION")
      expect=(--result changed --version-after "$FIRST_VERSION") ;;
    rerun) playbook=push_install
      extra=(-e "mobility_service_version=$FIRST_VERSION")
      expect=(--result unchanged --version-after "$FIRST_VERSION" --no-change) ;;
    upgrade) playbook=upgrade
      expect=(--result changed --version-after "$NEXT_VERSION") ;;
    survey) playbook=preflight
      expect=(--no-change) ;;
    uninstall) playbook=uninstall
      expect=(--result changed) ;;
    *) die "unknown step '$name' (steps: push rerun upgrade survey uninstall)" ;;
  esac
  local reports="$DIR/$ctl/reports-$name" out="$DIR/$ctl/$name.log" about
  rm -rf "$reports" && mkdir -p "$reports"
  about=$(controller_cmd "$ctl" ansible --version)
  echo "== controller $ctl: $(head -n 1 <<<"$about"), Python $(sed -n 's/^ *python version = \([^ ]*\).*/\1/p' <<<"$about")"
  echo "== step $name: playbooks/$playbook.yml ${extra[*]} on ${#PERSONAS[@]} Python-less personas over SSH," \
    "in two waves (1, the rest)"
  local start=$SECONDS
  # two waves, the canary and then the rest: the waves' mechanics at half the time of the default four
  ANSIBLE_PIPELINING=1 ANSIBLE_FORKS=${#PERSONAS[@]} controller_cmd "$ctl" ansible-playbook \
    -i "$DIR/$ctl/inventory.yml" "$ROOT/playbooks/$playbook.yml" -e "mobility_rollout_report_dir=$reports" \
    -e '{"mobility_rollout_serial": [1, "100%"]}' "${extra[@]}" >"$out" 2>&1 || rc=$?
  sed -n '/^PLAY RECAP/,$p' "$out"
  echo "== ansible-playbook exit code $rc after $((SECONDS - start)) s (full output: $out)"
  [ "$rc" -eq 0 ] || { tail -n 60 "$out"; return 1; }
  python3 "$ROOT/scripts/lab/rollout_expect.py" --log "$out" --report-dir "$reports" --playbook "$playbook" \
    --hosts "${#PERSONAS[@]}" "${expect[@]}"
  # the agent's own version file on each host, read past Ansible
  local entry persona found want=$FIRST_VERSION
  case $name in upgrade|survey) want=$NEXT_VERSION ;; uninstall) want="" ;; esac
  for entry in "${PERSONAS[@]}"; do
    persona=${entry%%:*}
    found=$(docker exec "$(container "$ctl" "$persona")" sed -n 's/^VERSION=//p' /usr/local/.vx_version || true)
    echo "on the host $ctl-$persona: /usr/local/.vx_version VERSION=${found:-(none)}"
    [ "$found" = "$want" ] || { echo "PROBLEM expected VERSION=${want:-(none)}"; return 1; }
  done
  echo "== $ctl $name: passed"
}

case ${1:-} in
  setup) setup ;;
  version) version "${2:?controller}" ;;
  step) step "${2:?controller}" "${3:?step}" ;;
  teardown) teardown ;;
  all)
    start=$SECONDS failed=0
    setup
    for ctl in "${CONTROLLERS[@]}"; do
      v=$(version "$ctl") || v="$ctl-unknown"
      for name in push rerun upgrade survey uninstall; do
        if step "$ctl" "$name" >"$DIR/$ctl-$name.check.log" 2>&1; then echo "PASS ansible-core $v $name"
        else cat "$DIR/$ctl-$name.check.log"; echo "FAIL ansible-core $v $name"; failed=1; fi
      done
    done
    teardown
    log "all done in $((SECONDS - start)) s (logs: $DIR)"
    exit "$failed" ;;
  *) die "usage: $0 setup | version CONTROLLER | step CONTROLLER push|rerun|upgrade|survey|uninstall | teardown | all" ;;
esac
