# -*- coding: utf-8 -*-
# Copyright: contributors to siterecovery.mobility
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters over the installer catalog (see plugins/module_utils/catalog.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError
from ansible_collections.siterecovery.mobility.plugins.module_utils import catalog


def _wrap(func, *args, **kwargs):
    try:
        return func(*args, **kwargs)
    except catalog.CatalogError as exc:
        raise AnsibleFilterError(str(exc))


def installer_tag(facts, extra_rows=None, cs_type=None):
    """Installer tag for a host's facts (and, with cs_type, for that architecture)."""
    return _wrap(catalog.installer_tag, facts, extra_rows, cs_type or None)


def installer_file_info(name):
    """Parsed installer file name, or None for an unrelated file."""
    return catalog.parse_installer_name(name)


def select_installer(names, tag, version=None, server_version=None):
    """Newest (or pinned) installer for a tag among file names, never newer than the server."""
    return _wrap(catalog.select_installer, names, tag, version, server_version)


def select_installers_per_tag(names, version=None, tags=None, server_version=None):
    """The installer to stage for every tag found (or asked for), never newer than the server."""
    return _wrap(catalog.select_installers_per_tag, names, version, tags, server_version)


def needs_manual_download(tag, agent_version=None):
    """Whether a tag's installer must be downloaded by hand."""
    return _wrap(catalog.needs_manual_download, tag, agent_version)


class FilterModule(object):
    """Installer catalog filters."""

    def filters(self):
        return {
            'installer_tag': installer_tag,
            'installer_file_info': installer_file_info,
            'select_installer': select_installer,
            'select_installers_per_tag': select_installers_per_tag,
            'needs_manual_download': needs_manual_download,
        }
