#!/bin/sh
# The lab's private-Python mode (SRM_LAB_PYTHON=private, docs/lab.md). Runs as root inside an
# image's root file system (POSIX sh, no bash needed):
#   private_python.sh hide     move every Python executable out of each place Ansible's interpreter
#                              discovery looks (/usr/bin/python*, /usr/local/bin/python*, /bin/python*,
#                              /usr/libexec/platform-python, anything python* in a folder that is on
#                              a PATH) into PRIVATE, for the simulator's own use; the standard library
#                              stays where Debian put it, so the moved interpreter still works
#   private_python.sh restore  put a link back at every place hide emptied (the personas' "-python"
#                              variant, with a system Python that Ansible finds)
# The list of moved paths is kept in $PRIVATE/../moved.
set -eu
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH
PRIVATE=/opt/siterecovery-sim/python/bin
MOVED=${PRIVATE%/bin}/moved
# every folder that any PATH of the lab's containers names (docker exec, login shells, sudo, cron), and
# the folders the fallback list of ansible-core's interpreter discovery has named over the releases
DIRS="/usr/local/sbin /usr/local/bin /usr/sbin /usr/bin /sbin /bin /usr/games /usr/local/games /snap/bin
/usr/libexec /usr/lib/python-exec"

case ${1:-} in
  hide)
    mkdir -p "$PRIVATE"
    : >"$MOVED"
    for dir in $DIRS; do
      [ -d "$dir" ] || continue
      for path in "$dir"/python* "$dir"/platform-python*; do
        # a dangling link counts too: discovery's "command -v" does not look behind it
        [ -e "$path" ] || [ -L "$path" ] || continue
        name=${path##*/}
        if [ -e "$PRIVATE/$name" ] || [ -L "$PRIVATE/$name" ]; then
          echo "private_python.sh: $path: $PRIVATE/$name exists already" >&2
          exit 1
        fi
        mv "$path" "$PRIVATE/$name"
        echo "$path" >>"$MOVED"
      done
    done
    [ -s "$MOVED" ] || { echo "private_python.sh: no Python executable found" >&2; exit 1; }
    # the moved interpreter finds its standard library where it was (/usr/lib/python3.*)
    "$PRIVATE/python3" -c 'import ssl, json, uuid, http.client' || {
      echo "private_python.sh: $PRIVATE/python3 does not work" >&2; exit 1; }
    for name in python python2 python3; do
      if command -v "$name" >/dev/null 2>&1; then
        echo "private_python.sh: $name is still found at $(command -v "$name")" >&2
        exit 1
      fi
    done
    ;;
  restore)
    while read -r path; do
      ln -s "$PRIVATE/${path##*/}" "$path"
    done <"$MOVED"
    /usr/bin/python3 -c 'import ssl, json, uuid'
    ;;
  *)
    echo "usage: private_python.sh hide|restore" >&2
    exit 2
    ;;
esac
