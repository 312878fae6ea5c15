# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fact fixtures: the keys ``setup`` returns on real systems (a subset).

Each entry is (id, facts, expected) where expected is the installer tag or
``None`` when the system must be refused. The values are those Ansible's fact
gathering reports on the named system (distribution names, dotted versions,
release code names, Windows build numbers and ``64-bit`` architecture).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def linux(distribution, version, major, release, family, arch='x86_64'):
    return {
        'system': 'Linux', 'kernel': '5.14.0', 'os_family': family,
        'distribution': distribution, 'distribution_version': version,
        'distribution_major_version': major, 'distribution_release': release,
        'architecture': arch, 'machine': arch, 'userspace_architecture': arch,
    }


def windows(product, version, arch='64-bit'):
    return {
        'system': 'Win32NT', 'os_family': 'Windows', 'os_name': product,
        'distribution': product, 'distribution_version': version,
        'distribution_major_version': version.split('.')[0],
        'architecture': arch, 'kernel': version,
    }


SUPPORTED = [
    ('rhel-5.11', linux('RedHat', '5.11', '5', 'Tikanga', 'RedHat'), 'RHEL5-64'),
    ('centos-5.2', linux('CentOS', '5.2', '5', 'Final', 'RedHat'), 'RHEL5-64'),
    ('rhel-6.10', linux('RedHat', '6.10', '6', 'Santiago', 'RedHat'), 'RHEL6-64'),
    ('centos-6.10', linux('CentOS', '6.10', '6', 'Final', 'RedHat'), 'RHEL6-64'),
    ('rhel-7.9', linux('RedHat', '7.9', '7', 'Maipo', 'RedHat'), 'RHEL7-64'),
    ('centos-7.9', linux('CentOS', '7.9', '7', 'Core', 'RedHat'), 'RHEL7-64'),
    ('rhel-8.6', linux('RedHat', '8.6', '8', 'Ootpa', 'RedHat'), 'RHEL8-64'),
    ('centos-8.5', linux('CentOS', '8.5.2111', '8', 'Core', 'RedHat'), 'RHEL8-64'),
    ('rocky-8.9', linux('Rocky', '8.9', '8', 'Green Obsidian', 'RedHat'), 'RHEL8-64'),
    ('alma-8.10', linux('AlmaLinux', '8.10', '8', 'Cerulean Leopard', 'RedHat'), 'RHEL8-64'),
    ('rhel-9.2', linux('RedHat', '9.2', '9', 'Plow', 'RedHat'), 'RHEL9-64'),
    ('rocky-9.3', linux('Rocky', '9.3', '9', 'Blue Onyx', 'RedHat'), 'RHEL9-64'),
    ('alma-9.4', linux('AlmaLinux', '9.4', '9', 'Seafoam Ocelot', 'RedHat'), 'RHEL9-64'),
    ('rhel-9.0', linux('RedHat', '9.0', '9', 'Plow', 'RedHat'), 'RHEL9-64'),
    ('rhel-10.0', linux('RedHat', '10.0', '10', 'Coughlan', 'RedHat'), 'RHEL10-64'),
    ('rocky-10.0', linux('Rocky', '10.0', '10', 'Red Quartz', 'RedHat'), 'RHEL10-64'),
    ('alma-10.0', linux('AlmaLinux', '10.0', '10', 'Purple Lion', 'RedHat'), 'RHEL10-64'),
    ('oracle-6.4', linux('OracleLinux', '6.4', '6', '', 'RedHat'), 'OL6-64'),
    ('oracle-6.10', linux('OracleLinux', '6.10', '6', '', 'RedHat'), 'OL6-64'),
    ('oracle-7.9', linux('OracleLinux', '7.9', '7', '', 'RedHat'), 'OL7-64'),
    ('oracle-8.8', linux('OracleLinux', '8.8', '8', '', 'RedHat'), 'OL8-64'),
    ('oracle-9.2', linux('OracleLinux', '9.2', '9', '', 'RedHat'), 'OL9-64'),
    ('oracle-10.0', linux('OracleLinux', '10.0', '10', '', 'RedHat'), 'OL10-64'),
    ('sles-11.3', linux('SLES', '11.3', '11', '3', 'Suse'), 'SLES11-SP3-64'),
    ('sles-11-sp3-suse-release-only', linux('SLES', '11', '11', '3', 'Suse'), 'SLES11-SP3-64'),
    ('sles-11.4', linux('SLES', '11.4', '11', '4', 'Suse'), 'SLES11-SP4-64'),
    ('sles-12.1', linux('SLES', '12.1', '12', '1', 'Suse'), 'SLES12-64'),
    ('sles-12.3', linux('SLES', '12.3', '12', '3', 'Suse'), 'SLES12-64'),
    ('sles-12.5', linux('SLES', '12.5', '12', '5', 'Suse'), 'SLES12-64'),
    ('sles-15', linux('SLES', '15', '15', '0', 'Suse'), 'SLES15-64'),
    ('sles-15.5', linux('SLES', '15.5', '15', '5', 'Suse'), 'SLES15-64'),
    ('sles-sap-15.4', linux('SLES_SAP', '15.4', '15', '4', 'Suse'), 'SLES15-64'),
    ('leap-15.5', linux('openSUSE Leap', '15.5', '15', '5', 'Suse'), 'SLES15-64'),
    ('ubuntu-14.04', linux('Ubuntu', '14.04', '14', 'trusty', 'Debian'), 'UBUNTU-14.04-64'),
    ('ubuntu-16.04', linux('Ubuntu', '16.04', '16', 'xenial', 'Debian'), 'UBUNTU-16.04-64'),
    ('ubuntu-18.04', linux('Ubuntu', '18.04', '18', 'bionic', 'Debian'), 'UBUNTU-18.04-64'),
    ('ubuntu-20.04', linux('Ubuntu', '20.04', '20', 'focal', 'Debian'), 'UBUNTU-20.04-64'),
    ('ubuntu-22.04', linux('Ubuntu', '22.04', '22', 'jammy', 'Debian'), 'UBUNTU-22.04-64'),
    ('ubuntu-24.04', linux('Ubuntu', '24.04', '24', 'noble', 'Debian'), 'UBUNTU-24.04-64'),
    ('debian-7.11', linux('Debian', '7.11', '7', 'wheezy', 'Debian'), 'DEBIAN7-64'),
    ('debian-8.11', linux('Debian', '8.11', '8', 'jessie', 'Debian'), 'DEBIAN8-64'),
    ('debian-9.1', linux('Debian', '9.1', '9', 'stretch', 'Debian'), 'DEBIAN9-64'),
    ('debian-9.13', linux('Debian', '9.13', '9', 'stretch', 'Debian'), 'DEBIAN9-64'),
    ('debian-9-no-minor', linux('Debian', '9', '9', 'stretch', 'Debian'), 'DEBIAN9-64'),
    ('debian-10.13', linux('Debian', '10.13', '10', 'buster', 'Debian'), 'DEBIAN10-64'),
    ('debian-11.9', linux('Debian', '11.9', '11', 'bullseye', 'Debian'), 'DEBIAN11-64'),
    ('debian-12.5', linux('Debian', '12.5', '12', 'bookworm', 'Debian'), 'DEBIAN12-64'),
    ('ws2008r2-sp1', windows('Microsoft Windows Server 2008 R2 Standard ', '6.1.7601.65536'), 'Windows'),
    ('ws2012', windows('Microsoft Windows Server 2012 Standard', '6.2.9200.0'), 'Windows'),
    ('ws2012r2', windows('Microsoft Windows Server 2012 R2 Datacenter', '6.3.9600.0'), 'Windows'),
    ('ws2016', windows('Microsoft Windows Server 2016 Datacenter', '10.0.14393.0'), 'Windows'),
    ('ws2019', windows('Microsoft Windows Server 2019 Datacenter', '10.0.17763.0'), 'Windows'),
    ('ws2022', windows('Microsoft Windows Server 2022 Datacenter', '10.0.20348.0'), 'Windows'),
    ('win10', windows('Microsoft Windows 10 Enterprise', '10.0.19045.0'), 'Windows'),
    ('win11', windows('Microsoft Windows 11 Enterprise', '10.0.22631.0'), 'Windows'),
]

# (id, facts, fragments the error message must contain)
UNSUPPORTED = [
    ('oracle-6.3', linux('OracleLinux', '6.3', '6', '', 'RedHat'), ['OracleLinux 6.3', 'Oracle Linux 6.4']),
    ('rhel-5.1', linux('RedHat', '5.1', '5', 'Tikanga', 'RedHat'), ['RedHat 5.1', 'RHEL5-64']),
    # ansible-core reports CentOS Stream as CentOS with distribution_release 'Stream' and a bare major version
    ('centos-stream-8', linux('CentOS', '8', '8', 'Stream', 'RedHat'), ['CentOS 8', 'CentOS Stream']),
    ('centos-stream-9', linux('CentOS', '9', '9', 'Stream', 'RedHat'), ['CentOS 9', 'CentOS Stream']),
    ('centos-stream-10', linux('CentOS', '10', '10', 'Stream', 'RedHat'), ['CentOS 10']),
    ('oracle-9.0', linux('OracleLinux', '9.0', '9', '', 'RedHat'), ['OracleLinux 9.0', 'removed']),
    ('oracle-9.1', linux('OracleLinux', '9.1', '9', '', 'RedHat'), ['OracleLinux 9.1', 'removed']),
    ('debian-9.0', linux('Debian', '9.0', '9', 'stretch', 'Debian'), ['Debian 9.0', 'later 9.x']),
    ('rhel-11', linux('RedHat', '11.0', '11', '', 'RedHat'), ['RedHat 11.0', 'RHEL10-64']),
    ('ubuntu-21.04', linux('Ubuntu', '21.04', '21', 'hirsute', 'Debian'), ['Ubuntu 21.04', 'UBUNTU-20.04-64']),
    ('ubuntu-23.10', linux('Ubuntu', '23.10', '23', 'mantic', 'Debian'), ['Ubuntu 23.10']),
    ('debian-13', linux('Debian', '13.0', '13', 'trixie', 'Debian'), ['Debian 13.0', 'DEBIAN12-64']),
    ('sles-12-ga', linux('SLES', '12', '12', '0', 'Suse'), ['SLES 12', 'SP1-SP5']),
    ('sles-11.2', linux('SLES', '11.2', '11', '2', 'Suse'), ['SLES 11.2']),
    ('leap-42.3', linux('openSUSE Leap', '42.3', '42', '3', 'Suse'), ['openSUSE Leap 42.3']),
    ('fedora-39', linux('Fedora', '39', '39', '', 'RedHat'), ['Fedora 39', 'supported are']),
    ('amazon-2', linux('Amazon', '2', '2', 'NA', 'RedHat'), ['Amazon 2']),
    ('rhel-8-aarch64', linux('RedHat', '8.6', '8', 'Ootpa', 'RedHat', arch='aarch64'), ['aarch64', 'x86_64']),
    ('ubuntu-20.04-aarch64', linux('Ubuntu', '20.04', '20', 'focal', 'Debian', arch='aarch64'), ['aarch64']),
    ('sles-15-ppc64le', linux('SLES', '15.4', '15', '4', 'Suse', arch='ppc64le'), ['ppc64le']),
    ('centos-6-i386', linux('CentOS', '6.10', '6', 'Final', 'RedHat', arch='i386'), ['i386']),
    ('ws2008', windows('Microsoft Windows Server 2008 Standard ', '6.0.6002.65536'), ['6.0.6002', '2008 R2 SP1']),
    ('ws2008r2-rtm', windows('Microsoft Windows Server 2008 R2 Standard ', '6.1.7600.16385'), ['6.1.7600']),
    ('win10-32bit', windows('Microsoft Windows 10 Pro', '10.0.19045.0', arch='32-bit'), ['32-bit', '64-bit']),
    ('freebsd', {'system': 'FreeBSD', 'os_family': 'FreeBSD', 'distribution': 'FreeBSD',
                 'distribution_version': '13.2', 'distribution_major_version': '13',
                 'architecture': 'amd64'}, ['FreeBSD', 'Linux and Windows']),
    ('aix', {'system': 'AIX', 'os_family': 'AIX', 'distribution': 'AIX', 'distribution_version': '7.2',
             'distribution_major_version': '7', 'architecture': 'chrp'}, ['AIX']),
]
