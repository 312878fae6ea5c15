# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""POSIX shell scripts that read and change a Linux host without Python, and
the parser of what they print.

The hosts the Mobility Service protects (RHEL 5 to 10, SLES 11 to 15,
Ubuntu 14.04 on, Debian 7 on) all have a POSIX ``sh``, coreutils, ``tar``,
``gzip``, ``sha256sum``, ``awk``, ``sed`` and ``grep``, and most have no
Python that a current ansible-core can use. So the collection's Linux actions
send one shell script per step through the connection and decide everything
on the controller. A script prints nothing but marked records::

    <token> F <path>      the content of a file follows, up to "<token> E"
    <token> X <path>      the path exists
    <token> D <blocks> <used> <available> <path>   df -Pk of a path (KiB)
    <token> P <name>      a process with that command name is running
    <token> V <name> <value>   a value (exit code, uname -m, user id...)

The token is random for each script, so no file content can fake a record.
Every host path goes through :meth:`Script.host`, which prefixes ``root``:
the unit tests run the very same scripts on the controller against a
directory that stands for the host's ``/``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import shlex
import uuid

from ansible_collections.siterecovery.mobility.plugins.module_utils import agent

# The process table, read the way agent.running_processes reads it.
PROC_STAT_GLOB = '/proc/[0-9]*/stat'


def new_token():
    return 'ASRMS' + uuid.uuid4().hex[:20]


class Raw(str):
    """A word of a command line that the shell must expand (``"$in"``)."""


def quote(text):
    return text if isinstance(text, Raw) else shlex.quote(str(text))


class Script(object):
    """Builds one POSIX sh script; ``root`` prefixes every host path."""

    def __init__(self, root='', token=None):
        self.root = root or ''
        self.token = token or new_token()
        self.lines = ['T=%s' % self.token, 'LC_ALL=C; LANG=C; export LC_ALL LANG',
                      'PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH; export PATH']

    def host(self, path):
        """A host path, quoted for the shell."""
        return quote(self.root + path)

    def add(self, *lines):
        self.lines.extend(lines)
        return self

    def record(self, kind, text):
        """A line printing a record; ``text`` is shell words (already quoted)."""
        return 'printf "%%s %s %%s\\n" "$T" %s' % (kind, text)

    def value(self, name, shell_expr):
        """Print ``name`` and the value of a shell expression such as ``$?``."""
        return self.add(self.record('V', '"%s %s"' % (name, shell_expr)))

    def file(self, path, tail=None, limit=None):
        """Print a regular, readable file (its last ``tail`` lines, its first
        ``limit`` bytes); nothing when it is not there."""
        src = self.host(path)
        reader = 'cat %s' % src
        if tail:
            reader = 'tail -n %d %s' % (int(tail), src)
        elif limit:
            reader = 'head -c %d %s' % (int(limit), src)
        return self.add('if [ -f %s ] && [ -r %s ]; then %s; %s; echo; echo "$T E"; fi' % (
            src, src, self.record('F', quote(path)), reader))

    def files(self, paths):
        for path in paths:
            self.file(path)
        return self

    def exists(self, path):
        return self.add('if [ -e %s ]; then %s; fi' % (self.host(path), self.record('X', quote(path))))

    def free_space(self, path):
        """df -Pk of the nearest existing folder holding ``path``."""
        return self.add(
            'd=%s; while [ ! -e "$d" ] && [ "$d" != / ] && [ "$d" != . ]; do d=$(dirname "$d"); done' % self.host(path),
            's=$(df -Pk "$d" 2>/dev/null | awk \'NR==2{print $2" "$3" "$4}\'); [ -n "$s" ] || s="- - -"',
            'printf "%%s D %%s %%s\\n" "$T" "$s" %s' % quote(path))

    def processes(self, names):
        """Which of these command names run (zombies left out)."""
        wanted = ' || '.join('$2 == "(%s)"' % name for name in names)
        return self.add(
            "cat %s 2>/dev/null | awk '$3 != \"Z\" && (%s) {print substr($2, 2, length($2) - 2)}' | sort -u | "
            "while read -r n; do %s; done" % (self.root + PROC_STAT_GLOB, wanted, self.record('P', '"$n"')))

    def reachability(self, endpoints, timeout=5):
        """Whether the host opens a TCP connection to each ``(host, port)``,
        all tried at once for at most ``timeout`` seconds, with bash's
        /dev/tcp (POSIX sh has no sockets): ``V reach<i> <rc>``, 0 when it
        connected, 98 when the host has no bash."""
        if not endpoints:
            return self
        self.add('pids=')
        for index, (host, port) in enumerate(endpoints):
            self.add('if command -v bash >/dev/null 2>&1; then ( bash -c \'exec 3<>"/dev/tcp/$0/$1"\' %s %d ) '
                     '>/dev/null 2>&1 </dev/null & c%d=$!; pids="$pids $!"; else c%d=; fi' % (
                         quote(host), int(port), index, index))
        self.add('( sleep %d; kill -9 $pids ) >/dev/null 2>&1 </dev/null & k=$!' % int(timeout))
        for index in range(len(endpoints)):
            self.add('if [ -n "$c%d" ]; then wait $c%d; %s; else %s; fi' % (
                index, index, self.record('V', '"reach%d $?"' % index), self.record('V', '"reach%d 98"' % index)))
        return self.add('kill $k 2>/dev/null')

    def agent_files(self):
        """The agent's state files: both version files, drscout.conf of every
        installation folder they name (and of the default one), the platform
        file, the service's unit files and init script."""
        self.files((agent.VX_VERSION_FILE, agent.VX_VERSION_BACKUP, agent.PLATFORM_FILE))
        # INSTALLATION_DIR the way parse_key_values reads it: the last one wins, spaces and quotes trimmed
        self.add(
            'for v in %s %s; do' % (self.host(agent.VX_VERSION_FILE), self.host(agent.VX_VERSION_BACKUP)),
            '  [ -f "$v" ] || continue',
            "  d=$(sed -n 's/^[[:space:]]*INSTALLATION_DIR[[:space:]]*=[[:space:]]*//p' \"$v\" | tail -n 1 | "
            "sed -e 's/[[:space:]]*$//' -e 's/^[\"'\\'']//' -e 's/[\"'\\'']$//')",
            '  case "$d" in /*) ;; *) continue ;; esac',
            '  c="$d/etc/drscout.conf"',
            '  if [ -f "%s$c" ] && [ -r "%s$c" ]; then %s; cat "%s$c"; echo; echo "$T E"; fi' % (
                self.root, self.root, self.record('F', '"$c"'), self.root),
            'done')
        self.file(agent.drscout_path(os.path.join(agent.DEFAULT_INSTALL_DIR, 'Vx')))
        for path in agent.SYSTEMD_UNITS + (agent.INIT_SCRIPT,):
            self.exists(path)
        return self

    def service_status(self):
        """The exit code of the agent's status check with the host's own
        mechanism (see agent.service_manager and agent.service_command)."""
        units = ' || '.join('[ -e %s ]' % self.host(unit) for unit in agent.SYSTEMD_UNITS)
        systemd = ' '.join(quote(word) for word in agent.service_command('systemd', 'status'))
        sysv = ' '.join([self.host(agent.INIT_SCRIPT)] + [quote(w) for w in agent.service_command('sysv', 'status')[1:]])
        return self.add(
            'if %s; then %s >/dev/null 2>&1 </dev/null; %s' % (units, systemd, self.record('V', '"service $?"')),
            'elif [ -e %s ]; then %s >/dev/null 2>&1 </dev/null; %s' % (
                self.host(agent.INIT_SCRIPT), sysv, self.record('V', '"service $?"')),
            'fi')

    def text(self):
        """The script; its last record says it ran to its end."""
        return '\n'.join(self.lines + [self.record('V', '"done 1"'), 'exit 0']) + '\n'


class ProbeOutput(object):
    """What a script printed, parsed: ``files`` {path: text}, ``existing``
    (set of paths), ``df`` {path: (blocks, used, available) KiB or None},
    ``processes`` (set of names), ``values`` {name: text}, ``other`` (lines
    that are no record: the output of the tools themselves)."""

    def __init__(self, files, existing, df, processes, values, other):
        self.files = files
        self.existing = existing
        self.df = df
        self.processes = processes
        self.values = values
        self.other = other

    def read(self, path):
        return self.files.get(path)

    def exists(self, path):
        return path in self.existing or path in self.files

    def value(self, name, default=None):
        return self.values.get(name, default)

    def int_value(self, name):
        text = self.values.get(name)
        return int(text) if text is not None and text.lstrip('-').isdigit() else None

    def free_mb(self, path):
        """Free MiB for root (blocks - used, as statvfs's f_bfree) or None."""
        sizes = self.df.get(path)
        if not sizes:
            return None
        return (sizes[0] - sizes[1]) // 1024


def parse(output, token):
    """Parse a script's standard output (text)."""
    files, existing, df, processes, values, other = {}, set(), {}, set(), {}, []
    prefix = token + ' '
    end = token + ' E'
    lines = (output or '').split('\n')
    index = 0
    while index < len(lines):
        line = lines[index].rstrip('\r') if lines[index].startswith(prefix) else lines[index]
        index += 1
        if not line.startswith(prefix):
            if line:
                other.append(line)
            continue
        kind, dummy, rest = line[len(prefix):].partition(' ')
        if kind == 'F':
            body = []
            while index < len(lines) and lines[index].rstrip('\r') != end:
                body.append(lines[index])
                index += 1
            index += 1  # the end marker
            files[rest] = '\n'.join(body)
        elif kind == 'X':
            existing.add(rest)
        elif kind == 'D':
            fields = rest.split(' ', 3)
            if len(fields) == 4:
                df[fields[3]] = tuple(int(f) for f in fields[:3]) if all(f.isdigit() for f in fields[:3]) else None
        elif kind == 'P':
            processes.add(rest)
        elif kind == 'V':
            name, dummy, value = rest.partition(' ')
            values[name] = value
    return ProbeOutput(files, existing, df, processes, values, other)
