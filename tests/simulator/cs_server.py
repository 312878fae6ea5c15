#!/usr/bin/env python
"""Simulated ASR configuration server / replication appliance (test fixture).

Python standard library only. HTTPS with a self-signed certificate that the
``openssl`` command line makes in the state directory on first start. Binds
to loopback addresses (127.0.0.0/8) only.

    cs_server.py [serve] --listen 127.0.0.1 --port 44380 --state-dir DIR [--passphrase-file FILE]
        (without --passphrase-file: the file of the previous start, else a
        generated DIR/passphrase)
    cs_server.py make-config-json --state-dir DIR --out FILE [--address A] [--port P]
    cs_server.py health [--listen 127.0.0.1] [--port 44380] [--timeout 2]

Endpoints:
    GET    /health       {"status": "ok", ...}
    POST   /register     JSON {host_id, hostname, os_tag, version, cs_type,
                         passphrase (CSLegacy) | key (CSPrime), ...}
                         200 {"status": "registered"} | 403 {"error": "invalid passphrase"}
                         | 403 {"error": "invalid key"} | 400 {"error": ...}
    GET    /hosts        JSON list of the registered hosts
    DELETE /hosts        forget all hosts (for tests)
    POST   /config-json  a new config.json (address, port, key) for the modernized flow

State (hosts and the SHA-256 of issued keys) lives in DIR/state.json and is
read and written on every request under a file lock, so it survives restarts
and ``make-config-json`` may run while the server does. Passphrases and keys
are never logged; only key hashes are stored.
"""

import argparse
import contextlib
import datetime
import fcntl
import hashlib
import hmac
import http.client
import http.server
import ipaddress
import json
import os
import secrets
import signal
import ssl
import subprocess
import sys
import threading

STATE_FILE = 'state.json'
LOCK_FILE = 'state.lock'
CERT_FILE = 'cs_cert.pem'
KEY_FILE = 'cs_key.pem'
SERVER_INFO = 'server.json'
LOG_FILE = 'cs_server.log'
DEFAULT_PASSPHRASE = 'passphrase'
DEFAULT_PORT = 44380
MAX_BODY = 64 * 1024
LOOPBACK = ipaddress.ip_network('127.0.0.0/8')
CS_TYPES = ('CSLegacy', 'CSPrime')


class UsageError(Exception):
    """Bad command-line input."""


def now():
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()


def check_loopback(address):
    """Refuse any bind or target address outside 127.0.0.0/8."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        raise UsageError('%r is not an IPv4 address; use one in 127.0.0.0/8' % (address,)) from None
    if ip.version != 4 or ip not in LOOPBACK:
        raise UsageError('%s is not a loopback address: the simulator only listens on 127.0.0.0/8'
                         % address)
    return address


# --- state ------------------------------------------------------------------

class StateStore:
    """JSON state in the state directory, guarded by a thread and a file lock."""

    def __init__(self, state_dir):
        self.state_dir = state_dir
        self.path = os.path.join(state_dir, STATE_FILE)
        self._thread_lock = threading.Lock()

    @contextlib.contextmanager
    def locked(self):
        """Yield the state; whatever the block leaves in it is saved."""
        with self._thread_lock, open(os.path.join(self.state_dir, LOCK_FILE), 'a') as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                state = self._load()
                before = json.dumps(state, sort_keys=True)
                yield state
                if json.dumps(state, sort_keys=True) != before:
                    self._save(state)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _load(self):
        try:
            with open(self.path, encoding='utf-8') as handle:
                state = json.load(handle)
        except FileNotFoundError:
            state = {}
        state.setdefault('hosts', {})
        state.setdefault('key_hashes', [])
        return state

    def _save(self, state):
        tmp = self.path + '.tmp'
        with open(tmp, 'w', encoding='utf-8') as handle:
            json.dump(state, handle, indent=2, sort_keys=True)
            handle.write('\n')
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)


def key_hash(key):
    return hashlib.sha256(key.encode('utf-8')).hexdigest()


def issue_config(store, address, port):
    """Create a config.json document with a fresh key the server will accept."""
    check_loopback(address)
    key = secrets.token_hex(32)
    with store.locked() as state:
        state['key_hashes'].append(key_hash(key))
    return {
        'format': 'asr-simulator-config/1',
        'address': address,
        'port': int(port),
        'key': key,
        'appliance_id': 'sim-appliance-%s-%d' % (address, int(port)),
        'created': now(),
    }


def write_secret_json(path, document):
    """Write a JSON file readable by its owner only (it holds a key)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, 'w', encoding='utf-8') as handle:
        json.dump(document, handle, indent=2)
        handle.write('\n')
    os.chmod(path, 0o600)


# --- HTTP -------------------------------------------------------------------

class Handler(http.server.BaseHTTPRequestHandler):
    server_version = 'ASRSimulatorCS/1.0'
    sys_version = ''

    # The request line holds no secret (secrets travel in bodies only).
    def log_message(self, fmt, *args):
        self.server.log('%s %s' % (self.client_address[0], fmt % args))

    def _send(self, status, document):
        body = (json.dumps(document, sort_keys=True) + '\n').encode('utf-8')
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(body)))
        self.send_header('Connection', 'close')
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def _body(self):
        try:
            length = int(self.headers.get('Content-Length') or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            return None
        raw = self.rfile.read(length) if length else b''
        if not raw:
            return {}
        try:
            document = json.loads(raw.decode('utf-8'))
        except (UnicodeDecodeError, ValueError):
            return None
        return document if isinstance(document, dict) else None

    def do_GET(self):
        if self.path == '/health':
            self._send(200, {'status': 'ok', 'service': 'asr-simulator-cs',
                             'port': self.server.server_address[1]})
        elif self.path == '/hosts':
            with self.server.store.locked() as state:
                hosts = sorted(state['hosts'].values(), key=lambda h: h.get('registered_at', ''))
            self._send(200, hosts)
        else:
            self._send(404, {'error': 'not found'})

    def do_DELETE(self):
        if self.path != '/hosts':
            self._send(404, {'error': 'not found'})
            return
        with self.server.store.locked() as state:
            count = len(state['hosts'])
            state['hosts'] = {}
        self.server.log('cleared %d registered hosts' % count)
        self._send(200, {'deleted': count})

    def do_POST(self):
        if self.path == '/register':
            self._register()
        elif self.path == '/config-json':
            if self._body() is None:
                self._send(400, {'error': 'the body must be a JSON object'})
                return
            address = self.server.server_address[0]
            document = issue_config(self.server.store, address, self.server.server_address[1])
            self.server.log('issued a config.json key')
            self._send(200, document)
        else:
            self._send(404, {'error': 'not found'})

    def _register(self):
        request = self._body()
        if request is None:
            self._send(400, {'error': 'the body must be a JSON object'})
            return
        host_id = request.get('host_id')
        cs_type = request.get('cs_type') or 'CSLegacy'
        if not isinstance(host_id, str) or not host_id.strip() or len(host_id) > 128:
            self._send(400, {'error': 'host_id is missing'})
            return
        if cs_type not in CS_TYPES:
            self._send(400, {'error': 'cs_type must be CSLegacy or CSPrime'})
            return
        if cs_type == 'CSLegacy':
            given = request.get('passphrase')
            expected = self.server.passphrase()
            if not isinstance(given, str) or not expected \
                    or not hmac.compare_digest(given.encode('utf-8'), expected.encode('utf-8')):
                self.server.log('register host_id=%s rejected: invalid passphrase' % host_id)
                self._send(403, {'error': 'invalid passphrase'})
                return
        with self.server.store.locked() as state:
            given = request.get('key')
            accepted = cs_type == 'CSLegacy' or (
                isinstance(given, str) and key_hash(given) in state['key_hashes'])
            if accepted:
                stamp = now()
                old = state['hosts'].get(host_id, {})
                state['hosts'][host_id] = {
                    'host_id': host_id,
                    'hostname': str(request.get('hostname') or ''),
                    'os_tag': str(request.get('os_tag') or ''),
                    'version': str(request.get('version') or ''),
                    'cs_type': cs_type,
                    'platform': str(request.get('platform') or ''),
                    'credential_less_discovery': bool(request.get('credential_less_discovery')),
                    'registered_at': old.get('registered_at', stamp),
                    'updated_at': stamp,
                    'registrations': int(old.get('registrations', 0)) + 1,
                }
        if not accepted:
            self.server.log('register host_id=%s rejected: invalid key' % host_id)
            self._send(403, {'error': 'invalid key'})
            return
        self.server.log('register host_id=%s hostname=%s cs_type=%s: ok'
                        % (host_id, request.get('hostname') or '', cs_type))
        self._send(200, {'status': 'registered', 'host_id': host_id})


class TLSServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, context, store, passphrase_file, log_path):
        super().__init__(address, Handler)
        self.context, self.store = context, store
        self.passphrase_file, self.log_path = passphrase_file, log_path
        self._log_lock = threading.Lock()

    def finish_request(self, request, client_address):
        # The TLS handshake runs here, in the request's thread, so a client
        # that never completes it cannot stall the accept loop.
        request.settimeout(30)
        try:
            tls = self.context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError) as exc:
            self.log('%s TLS handshake failed: %s' % (client_address[0], exc.__class__.__name__))
            return
        try:
            self.RequestHandlerClass(tls, client_address, self)
        finally:
            tls.close()

    def passphrase(self):
        """The current passphrase (re-read per request, so tests can change it)."""
        try:
            with open(self.passphrase_file, encoding='utf-8') as handle:
                return handle.read().strip()
        except OSError:
            return ''

    def log(self, message):
        with self._log_lock, open(self.log_path, 'a', encoding='utf-8') as handle:
            handle.write('%s %s\n' % (now(), message))


def ensure_certificate(state_dir, address):
    cert, key = os.path.join(state_dir, CERT_FILE), os.path.join(state_dir, KEY_FILE)
    if os.path.exists(cert) and os.path.exists(key):
        return cert, key
    subprocess.run(
        ['openssl', 'req', '-x509', '-nodes', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
         '-keyout', key, '-out', cert, '-days', '3650', '-subj', '/CN=asr-simulator-cs',
         '-addext', 'subjectAltName=IP:%s' % address],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.chmod(key, 0o600)
    return cert, key


def ensure_passphrase(state_dir, passphrase_file):
    if passphrase_file:
        path = os.path.abspath(passphrase_file)
        if not os.path.isfile(path):
            raise UsageError('passphrase file %s does not exist' % path)
        return path
    # Without --passphrase-file a restart keeps the file of the last start.
    with contextlib.suppress(OSError, ValueError, AttributeError):
        with open(os.path.join(state_dir, SERVER_INFO), encoding='utf-8') as handle:
            previous = json.load(handle).get('passphrase_file')
        if previous and os.path.isfile(previous):
            return previous
    path = os.path.join(state_dir, DEFAULT_PASSPHRASE)
    if not os.path.exists(path):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, 'w') as handle:
            handle.write(secrets.token_urlsafe(18) + '\n')
    return path


def serve(args):
    check_loopback(args.listen)
    state_dir = os.path.abspath(args.state_dir)
    os.makedirs(state_dir, mode=0o700, exist_ok=True)
    passphrase_file = ensure_passphrase(state_dir, args.passphrase_file)
    cert, key = ensure_certificate(state_dir, args.listen)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    store = StateStore(state_dir)
    with store.locked():
        pass  # creates the lock file and checks the state is readable
    try:
        server = TLSServer((args.listen, args.port), context, store, passphrase_file,
                           os.path.join(state_dir, LOG_FILE))
    except OSError as exc:
        raise UsageError('cannot listen on %s:%d: %s' % (args.listen, args.port, exc.strerror)) from None
    info = {'listen': args.listen, 'port': server.server_address[1], 'pid': os.getpid(),
            'passphrase_file': passphrase_file, 'started_at': now()}
    with open(os.path.join(state_dir, SERVER_INFO), 'w', encoding='utf-8') as handle:
        json.dump(info, handle, indent=2)
        handle.write('\n')

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    server.log('listening on https://%s:%d (state %s, passphrase file %s)'
               % (args.listen, server.server_address[1], state_dir, passphrase_file))
    print('listening on https://%s:%d' % (args.listen, server.server_address[1]), flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        server.log('stopped')
    return 0


def make_config_json(args):
    state_dir = os.path.abspath(args.state_dir)
    os.makedirs(state_dir, mode=0o700, exist_ok=True)
    info = {}
    with contextlib.suppress(OSError, ValueError):
        with open(os.path.join(state_dir, SERVER_INFO), encoding='utf-8') as handle:
            info = json.load(handle)
    address = args.address or info.get('listen') or '127.0.0.1'
    port = args.port or info.get('port') or DEFAULT_PORT
    document = issue_config(StateStore(state_dir), address, port)
    write_secret_json(args.out, document)
    print(os.path.abspath(args.out))
    return 0


def _get(listen, port, path, timeout):
    """GET a JSON document from a running server (self-signed certificate)."""
    check_loopback(listen)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    conn = http.client.HTTPSConnection(listen, port, timeout=timeout, context=context)
    try:
        conn.request('GET', path)
        response = conn.getresponse()
        return response.status, json.loads(response.read().decode('utf-8'))
    finally:
        conn.close()


def health(args):
    try:
        status, document = _get(args.listen, args.port, '/health', args.timeout)
    except (OSError, ValueError, http.client.HTTPException) as exc:
        print('not healthy: %s' % (exc.__class__.__name__,), file=sys.stderr)
        return 1
    if status == 200 and document.get('status') == 'ok':
        print('ok')
        return 0
    print('not healthy: HTTP %s' % status, file=sys.stderr)
    return 1


def list_hosts(args):
    """Print the registered hosts, one line each (or the JSON with --json)."""
    try:
        status, hosts = _get(args.listen, args.port, '/hosts', args.timeout)
    except (OSError, ValueError, http.client.HTTPException) as exc:
        print('cannot list hosts: %s' % (exc.__class__.__name__,), file=sys.stderr)
        return 1
    if status != 200:
        print('cannot list hosts: HTTP %s' % status, file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(hosts, indent=2, sort_keys=True))
        return 0
    print('%-38s %-18s %-14s %-9s %s' % ('host_id', 'os_tag', 'version', 'cs_type', 'registered_at'))
    for host in hosts:
        print('%-38s %-18s %-14s %-9s %s' % (host.get('host_id'), host.get('os_tag'), host.get('version'),
                                             host.get('cs_type'), host.get('registered_at')))
    print('%d host(s) registered' % len(hosts))
    return 0


def parse(argv):
    if argv and argv[0] == 'make-config-json':
        parser = argparse.ArgumentParser(prog='cs_server.py make-config-json',
                                         description='Write a config.json the server accepts.')
        parser.add_argument('--state-dir', required=True)
        parser.add_argument('--out', required=True)
        parser.add_argument('--address', help='appliance address (default: the running server\'s)')
        parser.add_argument('--port', type=int, help='appliance port (default: the running server\'s)')
        return make_config_json, parser.parse_args(argv[1:])
    if argv and argv[0] == 'health':
        parser = argparse.ArgumentParser(prog='cs_server.py health', description='Probe GET /health.')
        parser.add_argument('--listen', default='127.0.0.1')
        parser.add_argument('--port', type=int, default=DEFAULT_PORT)
        parser.add_argument('--timeout', type=float, default=2.0)
        return health, parser.parse_args(argv[1:])
    if argv and argv[0] == 'hosts':
        parser = argparse.ArgumentParser(prog='cs_server.py hosts', description='List registered hosts.')
        parser.add_argument('--listen', default='127.0.0.1')
        parser.add_argument('--port', type=int, default=DEFAULT_PORT)
        parser.add_argument('--timeout', type=float, default=5.0)
        parser.add_argument('--json', action='store_true')
        return list_hosts, parser.parse_args(argv[1:])
    if argv and argv[0] == 'serve':
        argv = argv[1:]
    parser = argparse.ArgumentParser(
        prog='cs_server.py', description='Simulated ASR configuration server (test fixture).',
        epilog='Other subcommands: make-config-json, health, hosts.')
    parser.add_argument('--listen', default='127.0.0.1', help='bind address in 127.0.0.0/8')
    parser.add_argument('--port', type=int, default=DEFAULT_PORT)
    parser.add_argument('--state-dir', required=True)
    parser.add_argument('--passphrase-file',
                        help='file holding the passphrase (default: STATE_DIR/passphrase, generated)')
    return serve, parser.parse_args(argv)


def main(argv=None):
    func, args = parse(sys.argv[1:] if argv is None else argv)
    try:
        return func(args)
    except UsageError as exc:
        print('cs_server.py: error: %s' % exc, file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as exc:
        print('cs_server.py: error: openssl failed: %s' % (exc.stderr or b'').decode(errors='replace'),
              file=sys.stderr)
        return 1


if __name__ == '__main__':
    sys.exit(main())
