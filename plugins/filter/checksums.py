# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters of the installers' checksums: expected SHA-256, SHA256SUMS files, the push repository's harvest
and the approval of harvested installers."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError
from ansible_collections.siterecovery.mobility.plugins.plugin_utils import checksums


def expected_sha256(file_name, sums_text='', overrides=None):
    """The SHA-256 an installer must have, from SHA256SUMS text or a dict."""
    try:
        return checksums.expected_sha256(file_name, sums_text, overrides)
    except checksums.ChecksumError as exc:
        raise AnsibleFilterError(str(exc))


def sha256sums_files(sums_text):
    """The file names a SHA256SUMS text lists (blank and comment lines skipped, malformed lines refused)."""
    try:
        return sorted(checksums.parse_sha256sums(sums_text))
    except checksums.ChecksumError as exc:
        raise AnsibleFilterError(str(exc))


def harvest_plan(controller_results, host=None, servers=None):
    """Which installers found on a server the controller lacks, has, or has with other content; with the other
    servers of the run, which one fetches a shared file and which names the servers disagree on."""
    if not isinstance(controller_results, list):
        raise AnsibleFilterError('harvest_plan expects the results list of a looped stat on the controller')
    if servers is not None and not isinstance(servers, dict):
        raise AnsibleFilterError('harvest_plan expects servers as a dictionary of server name: files found')
    try:
        return checksums.harvest_plan(controller_results, host, servers)
    except checksums.ChecksumError as exc:
        raise AnsibleFilterError(str(exc))


def approved_installers(names, sums_text='', overrides=None, harvested_text='', tag=None):
    """The installer files that may be used, and those whose SHA-256 only a harvest recorded (pending approval)."""
    try:
        return checksums.approved_installers(names, sums_text, overrides, harvested_text, tag)
    except checksums.ChecksumError as exc:
        raise AnsibleFilterError(str(exc))


class FilterModule(object):
    """Checksum filters."""

    def filters(self):
        return {
            'expected_sha256': expected_sha256,
            'sha256sums_files': sha256sums_files,
            'harvest_plan': harvest_plan,
            'approved_installers': approved_installers,
        }
