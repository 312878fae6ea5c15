#!/usr/bin/env python
"""Registration client of the simulated Mobility Service agent (test fixture).

Called by UnifiedAgentConfigurator.sh. The secret comes on standard input:
the passphrase (classic, ``--mode classic``) or the whole config.json
(modernized, ``--mode prime``), so it is never part of a command line or an
environment. Nothing this program prints contains the secret.

Output: a first line ``CS=<address>:<port>`` once the target is known, then
one human-readable message. Exit status: 0 registered, 1 unexpected answer,
5 unusable passphrase / config.json, 6 passphrase or key rejected (HTTP 403),
7 server not reachable.

As a safety net for a lab that must only talk to itself, the client only
connects to loopback addresses; any other target counts as unreachable.
"""

import argparse
import http.client
import ipaddress
import json
import socket
import ssl
import sys

TIMEOUT = 15


def finish(code, message):
    print(message)
    sys.exit(code)


def loopback_address(host, port):
    """Resolve ``host`` and return a loopback address to connect to."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        finish(7, 'the configuration server %s:%s could not be reached (name does not resolve: %s)'
               % (host, port, exc.strerror))
    addresses = [info[4][0] for info in infos]
    for address in addresses:
        if ipaddress.ip_address(address.split('%')[0]).is_loopback:
            return address
    finish(7, 'the configuration server %s:%s could not be reached (the simulator only contacts '
           'loopback addresses, %s resolves to %s)' % (host, port, host, ', '.join(addresses)))
    return None


def read_secret(mode):
    data = sys.stdin.read()
    if mode == 'classic':
        passphrase = data.strip()
        if not passphrase:
            finish(5, 'The passphrase file is empty.')
        return None, None, {'passphrase': passphrase}
    try:
        config = json.loads(data)
    except ValueError:
        finish(5, 'The configuration file is not valid JSON; export config.json from the appliance again.')
    if not isinstance(config, dict):
        finish(5, 'The configuration file is not a JSON object; export config.json from the appliance again.')
    address, port, key = config.get('address'), config.get('port'), config.get('key')
    if not isinstance(address, str) or not address or not isinstance(key, str) or not key \
            or not isinstance(port, int) or not 0 < port < 65536:
        finish(5, "The configuration file lacks a valid 'address', 'port' or 'key'; "
                  "export config.json from the appliance again.")
    return address, port, {'key': key}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--mode', choices=('classic', 'prime'), required=True)
    parser.add_argument('--cs', default='')
    parser.add_argument('--port', type=int, default=44380)
    parser.add_argument('--host-id', required=True)
    parser.add_argument('--hostname', default='')
    parser.add_argument('--os-tag', default='')
    parser.add_argument('--version', default='')
    parser.add_argument('--cs-type', default='')
    parser.add_argument('--platform', default='')
    parser.add_argument('--discovery', default='false')
    args = parser.parse_args()

    address, port, secret = read_secret(args.mode)
    if args.mode == 'classic':
        address, port = args.cs, args.port
    print('CS=%s:%s' % (address, port))
    target = loopback_address(address, port)

    body = dict(secret, host_id=args.host_id, hostname=args.hostname, os_tag=args.os_tag,
                version=args.version, cs_type=args.cs_type, platform=args.platform,
                credential_less_discovery=(args.discovery == 'true'))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    # The simulated server uses a self-signed certificate.
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        conn = http.client.HTTPSConnection(target, port, timeout=TIMEOUT, context=context)
        conn.request('POST', '/register', body=json.dumps(body),
                     headers={'Content-Type': 'application/json'})
        response = conn.getresponse()
        status, raw = response.status, response.read()
        conn.close()
    except (OSError, http.client.HTTPException) as exc:
        reason = getattr(exc, 'strerror', None) or exc.__class__.__name__
        finish(7, 'the configuration server %s:%s could not be reached (%s)' % (address, port, reason))
    try:
        answer = json.loads(raw.decode('utf-8'))
    except ValueError:
        answer = {}
    if status == 200:
        finish(0, 'registered with %s:%s' % (address, port))
    if status == 403:
        if args.mode == 'classic':
            finish(6, 'invalid passphrase: the configuration server %s:%s rejected the passphrase'
                   % (address, port))
        finish(6, 'invalid key: the appliance %s:%s rejected the key of config.json' % (address, port))
    error = answer.get('error') if isinstance(answer, dict) else None
    finish(1, 'the configuration server %s:%s answered HTTP %s (%s)' % (address, port, status, error or 'no detail'))


if __name__ == '__main__':
    main()
