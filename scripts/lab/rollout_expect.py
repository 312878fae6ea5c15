"""Check one rollout run of the 'controllers' test stage (scripts/lab/controllers_check.sh).

rollout_expect.py --log LOG --report-dir DIR --playbook NAME --hosts N [--result R] [--version-after V]
                  [--no-change]
Reads the ansible-playbook output LOG (its PLAY RECAP) and the run's only JSON report in DIR
(docs/rollout-report.md) and fails unless:
  - the recap names every one of the N hosts, and no host (localhost included) failed or was unreachable;
  - the report is NAME's, for N hosts, none failed, unreachable or skipped, and not in check mode;
  - with --result, every host's result is R (changed / unchanged);
  - with --version-after, every host has agent version V after the run;
  - with --no-change, every recap line says changed=0 (localhost included).
Prints what it read, one line per host, and the ansible-core deprecation warnings of the run (they do not fail it).
"""
import argparse
import glob
import json
import os
import re
import sys

RECAP = re.compile(r'^(?P<host>\S+)\s+:\s+ok=(?P<ok>\d+)\s+changed=(?P<changed>\d+)\s+'
                   r'unreachable=(?P<unreachable>\d+)\s+failed=(?P<failed>\d+)')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--log', required=True)
    parser.add_argument('--report-dir', required=True)
    parser.add_argument('--playbook', required=True)
    parser.add_argument('--hosts', type=int, required=True)
    parser.add_argument('--result')
    parser.add_argument('--version-after')
    parser.add_argument('--no-change', action='store_true')
    args = parser.parse_args()
    problems = []

    with open(args.log, encoding='utf-8', errors='replace') as handle:
        lines = handle.read().splitlines()
    try:
        start = max(i for i, line in enumerate(lines) if line.startswith('PLAY RECAP'))
    except ValueError:
        sys.exit('no PLAY RECAP in %s' % args.log)
    recap = {}
    for line in lines[start + 1:]:
        match = RECAP.match(line)
        if match:
            recap[match.group('host')] = {k: int(v) for k, v in match.groupdict().items() if k != 'host'}
    for host, counts in sorted(recap.items()):
        print('recap  %-28s ok=%d changed=%d unreachable=%d failed=%d' % (
            host, counts['ok'], counts['changed'], counts['unreachable'], counts['failed']))
        if counts['failed'] or counts['unreachable']:
            problems.append('%s: failed=%d unreachable=%d in the recap' % (host, counts['failed'], counts['unreachable']))
        if args.no_change and counts['changed']:
            problems.append('%s: changed=%d in the recap of a run that must change nothing' % (host, counts['changed']))
    deprecations = [line for line in lines if 'DEPRECATION WARNING' in line]
    print('deprecation warnings in the output: %d' % len(deprecations))
    for line in deprecations:
        print('  ' + line)
    managed = [host for host in recap if host != 'localhost']
    if len(managed) != args.hosts:
        problems.append('the recap names %d managed hosts, expected %d' % (len(managed), args.hosts))

    reports = sorted(glob.glob(os.path.join(args.report_dir, '%s-*.json' % args.playbook)))
    if len(reports) != 1:
        sys.exit('expected one %s report in %s, found %d' % (args.playbook, args.report_dir, len(reports)))
    with open(reports[0], encoding='utf-8') as handle:
        report = json.load(handle)
    totals = report['totals']
    print('report %s: %s' % (os.path.basename(reports[0]), json.dumps(totals, sort_keys=True)))
    if report['playbook'] != args.playbook or report['check_mode']:
        problems.append('report of %s (check mode %s), expected %s' % (
            report['playbook'], report['check_mode'], args.playbook))
    if totals['hosts'] != args.hosts:
        problems.append('report totals: %d hosts, expected %d' % (totals['hosts'], args.hosts))
    for key in ('failed', 'unreachable', 'skipped'):
        if totals.get(key):
            problems.append('report totals: %d %s' % (totals[key], key))
    for record in report['hosts']:
        print('host   %-28s %-9s %-14s %-16s %s -> %s  %s' % (
            record['host'], record['result'], record['os'], record['installer_tag'],
            record['version_before'], record['version_after'], record['reason']))
        if args.result and record['result'] != args.result:
            problems.append('%s: result %s, expected %s' % (record['host'], record['result'], args.result))
        if args.version_after and record['version_after'] != args.version_after:
            problems.append('%s: version after %s, expected %s' % (
                record['host'], record['version_after'], args.version_after))
    for problem in problems:
        print('PROBLEM ' + problem)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
