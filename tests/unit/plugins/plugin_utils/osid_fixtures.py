# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Identity files of real Linux distributions, for the tests of ``osid``.

Each fixture is a dictionary:

* ``id``: a name for the test;
* ``files``: ``{absolute path: content}`` of the regular files;
* ``links``: ``{absolute path: target}`` of the symbolic links (targets
  relative to the link's directory, as the distributions ship them);
* ``lsb_release`` (optional): the output of ``lsb_release -a`` on a host that
  has the command; without it the host has no such command;
* ``expected``: (distribution, distribution_version,
  distribution_major_version, distribution_release, os_family) as
  ansible-core 2.19 reports them. The tests check these against ansible-core
  itself, so they document the answers rather than define them.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def os_release(*lines):
    return '\n'.join(lines) + '\n'


def fixture(ident, expected, files, links=None, lsb_release=None):
    entry = {'id': ident, 'files': files, 'links': links or {}, 'expected': expected}
    if lsb_release is not None:
        entry['lsb_release'] = lsb_release
    return entry


def el_links(release_file, *names):
    """Links of an Enterprise Linux clone: ``names`` point to ``release_file``
    and /etc/os-release to /usr/lib/os-release."""
    links = dict(('/etc/' + name, release_file) for name in names)
    links['/etc/os-release'] = '../usr/lib/os-release'
    return links


def debian_like(os_release_text, debian_version, lsb_release_file=None):
    files = {'/usr/lib/os-release': os_release_text, '/etc/debian_version': debian_version}
    if lsb_release_file is not None:
        files['/etc/lsb-release'] = lsb_release_file
    return files


# --- Red Hat Enterprise Linux ------------------------------------------------

RHEL7_OS_RELEASE = os_release(
    'NAME="Red Hat Enterprise Linux Server"',
    'VERSION="7.9 (Maipo)"',
    'ID="rhel"',
    'ID_LIKE="fedora"',
    'VARIANT="Server"',
    'VARIANT_ID="server"',
    'VERSION_ID="7.9"',
    'PRETTY_NAME="Red Hat Enterprise Linux Server 7.9 (Maipo)"',
    'ANSI_COLOR="0;31"',
    'CPE_NAME="cpe:/o:redhat:enterprise_linux:7.9:GA:server"',
    'HOME_URL="https://www.redhat.com/"',
    'BUG_REPORT_URL="https://bugzilla.redhat.com/"',
    '',
    'REDHAT_BUGZILLA_PRODUCT="Red Hat Enterprise Linux 7"',
    'REDHAT_BUGZILLA_PRODUCT_VERSION=7.9',
    'REDHAT_SUPPORT_PRODUCT="Red Hat Enterprise Linux"',
    'REDHAT_SUPPORT_PRODUCT_VERSION="7.9"',
)

RHEL8_OS_RELEASE = os_release(
    'NAME="Red Hat Enterprise Linux"',
    'VERSION="8.10 (Ootpa)"',
    'ID="rhel"',
    'ID_LIKE="fedora"',
    'VERSION_ID="8.10"',
    'PLATFORM_ID="platform:el8"',
    'PRETTY_NAME="Red Hat Enterprise Linux 8.10 (Ootpa)"',
    'ANSI_COLOR="0;31"',
    'CPE_NAME="cpe:/o:redhat:enterprise_linux:8::baseos"',
    'HOME_URL="https://www.redhat.com/"',
    'DOCUMENTATION_URL="https://access.redhat.com/documentation/en-us/red_hat_enterprise_linux/8"',
    'BUG_REPORT_URL="https://bugzilla.redhat.com/"',
    '',
    'REDHAT_BUGZILLA_PRODUCT="Red Hat Enterprise Linux 8"',
    'REDHAT_BUGZILLA_PRODUCT_VERSION=8.10',
    'REDHAT_SUPPORT_PRODUCT="Red Hat Enterprise Linux"',
    'REDHAT_SUPPORT_PRODUCT_VERSION="8.10"',
)

RHEL9_OS_RELEASE = os_release(
    'NAME="Red Hat Enterprise Linux"',
    'VERSION="9.4 (Plow)"',
    'ID="rhel"',
    'ID_LIKE="fedora"',
    'VERSION_ID="9.4"',
    'PLATFORM_ID="platform:el9"',
    'PRETTY_NAME="Red Hat Enterprise Linux 9.4 (Plow)"',
    'ANSI_COLOR="0;31"',
    'LOGO="fedora-logo-icon"',
    'CPE_NAME="cpe:/o:redhat:enterprise_linux:9::baseos"',
    'HOME_URL="https://www.redhat.com/"',
    'DOCUMENTATION_URL="https://access.redhat.com/documentation/en-us/red_hat_enterprise_linux/9"',
    'BUG_REPORT_URL="https://bugzilla.redhat.com/"',
    '',
    'REDHAT_BUGZILLA_PRODUCT="Red Hat Enterprise Linux 9"',
    'REDHAT_BUGZILLA_PRODUCT_VERSION=9.4',
    'REDHAT_SUPPORT_PRODUCT="Red Hat Enterprise Linux"',
    'REDHAT_SUPPORT_PRODUCT_VERSION="9.4"',
)

RHEL = [
    fixture('rhel-5.11', ('RedHat', '5.11', '5', 'Tikanga', 'RedHat'),
            {'/etc/redhat-release': 'Red Hat Enterprise Linux Server release 5.11 (Tikanga)\n'}),
    fixture('rhel-6.10', ('RedHat', '6.10', '6', 'Santiago', 'RedHat'),
            {'/etc/redhat-release': 'Red Hat Enterprise Linux Server release 6.10 (Santiago)\n'},
            {'/etc/system-release': 'redhat-release'}),
    fixture('rhel-6.10-lsb-release', ('RedHat', '6.10', '6', 'Santiago', 'RedHat'),
            {'/etc/redhat-release': 'Red Hat Enterprise Linux Server release 6.10 (Santiago)\n',
             '/etc/lsb-release': 'LSB_VERSION=base-4.0-amd64:base-4.0-noarch:core-4.0-amd64:core-4.0-noarch\n'},
            {'/etc/system-release': 'redhat-release'},
            lsb_release='LSB Version:\t:base-4.0-amd64:base-4.0-noarch:core-4.0-amd64:core-4.0-noarch\n'
                        'Distributor ID:\tRedHatEnterpriseServer\n'
                        'Description:\tRed Hat Enterprise Linux Server release 6.10 (Santiago)\n'
                        'Release:\t6.10\n'
                        'Codename:\tSantiago\n'),
    fixture('rhel-7.9', ('RedHat', '7.9', '7', 'Maipo', 'RedHat'),
            {'/etc/redhat-release': 'Red Hat Enterprise Linux Server release 7.9 (Maipo)\n',
             '/usr/lib/os-release': RHEL7_OS_RELEASE},
            el_links('redhat-release', 'system-release')),
    fixture('rhel-8.10', ('RedHat', '8.10', '8', 'Ootpa', 'RedHat'),
            {'/etc/redhat-release': 'Red Hat Enterprise Linux release 8.10 (Ootpa)\n',
             '/usr/lib/os-release': RHEL8_OS_RELEASE},
            el_links('redhat-release', 'system-release')),
    fixture('rhel-9.4', ('RedHat', '9.4', '9', 'Plow', 'RedHat'),
            {'/etc/redhat-release': 'Red Hat Enterprise Linux release 9.4 (Plow)\n',
             '/usr/lib/os-release': RHEL9_OS_RELEASE},
            el_links('redhat-release', 'system-release')),
]

# --- CentOS ------------------------------------------------------------------

CENTOS7_OS_RELEASE = os_release(
    'NAME="CentOS Linux"',
    'VERSION="7 (Core)"',
    'ID="centos"',
    'ID_LIKE="rhel fedora"',
    'VERSION_ID="7"',
    'PRETTY_NAME="CentOS Linux 7 (Core)"',
    'ANSI_COLOR="0;31"',
    'CPE_NAME="cpe:/o:centos:centos:7"',
    'HOME_URL="https://www.centos.org/"',
    'BUG_REPORT_URL="https://bugs.centos.org/"',
    '',
    'CENTOS_MANTISBT_PROJECT="CentOS-7"',
    'CENTOS_MANTISBT_PROJECT_VERSION="7"',
    'REDHAT_SUPPORT_PRODUCT="centos"',
    'REDHAT_SUPPORT_PRODUCT_VERSION="7"',
    '',
)

CENTOS81_OS_RELEASE = os_release(
    'NAME="CentOS Linux"',
    'VERSION="8 (Core)"',
    'ID="centos"',
    'ID_LIKE="rhel fedora"',
    'VERSION_ID="8"',
    'PLATFORM_ID="platform:el8"',
    'PRETTY_NAME="CentOS Linux 8 (Core)"',
    'ANSI_COLOR="0;31"',
    'CPE_NAME="cpe:/o:centos:centos:8"',
    'HOME_URL="https://www.centos.org/"',
    'BUG_REPORT_URL="https://bugs.centos.org/"',
    '',
    'CENTOS_MANTISBT_PROJECT="CentOS-8"',
    'CENTOS_MANTISBT_PROJECT_VERSION="8"',
    'REDHAT_SUPPORT_PRODUCT="centos"',
    'REDHAT_SUPPORT_PRODUCT_VERSION="8"',
    '',
)

CENTOS85_OS_RELEASE = os_release(
    'NAME="CentOS Linux"',
    'VERSION="8"',
    'ID="centos"',
    'ID_LIKE="rhel fedora"',
    'VERSION_ID="8"',
    'PLATFORM_ID="platform:el8"',
    'PRETTY_NAME="CentOS Linux 8"',
    'ANSI_COLOR="0;31"',
    'CPE_NAME="cpe:/o:centos:centos:8"',
    'HOME_URL="https://centos.org/"',
    'BUG_REPORT_URL="https://bugs.centos.org/"',
    'CENTOS_MANTISBT_PROJECT="CentOS-8"',
    'CENTOS_MANTISBT_PROJECT_VERSION="8"',
)

CENTOS_STREAM8_OS_RELEASE = os_release(
    'NAME="CentOS Stream"',
    'VERSION="8"',
    'ID="centos"',
    'ID_LIKE="rhel fedora"',
    'VERSION_ID="8"',
    'PLATFORM_ID="platform:el8"',
    'PRETTY_NAME="CentOS Stream 8"',
    'ANSI_COLOR="0;31"',
    'CPE_NAME="cpe:/o:centos:centos:8"',
    'HOME_URL="https://centos.org/"',
    'BUG_REPORT_URL="https://bugzilla.redhat.com/"',
    'REDHAT_SUPPORT_PRODUCT="Red Hat Enterprise Linux 8"',
    'REDHAT_SUPPORT_PRODUCT_VERSION="CentOS Stream"',
)

CENTOS_STREAM9_OS_RELEASE = os_release(
    'NAME="CentOS Stream"',
    'VERSION="9"',
    'ID="centos"',
    'ID_LIKE="rhel fedora"',
    'VERSION_ID="9"',
    'PLATFORM_ID="platform:el9"',
    'PRETTY_NAME="CentOS Stream 9"',
    'ANSI_COLOR="0;31"',
    'LOGO="fedora-logo-icon"',
    'CPE_NAME="cpe:/o:centos:centos:9"',
    'HOME_URL="https://centos.org/"',
    'BUG_REPORT_URL="https://issues.redhat.com/"',
    'REDHAT_SUPPORT_PRODUCT="Red Hat Enterprise Linux 9"',
    'REDHAT_SUPPORT_PRODUCT_VERSION="CentOS Stream"',
)

CENTOS = [
    fixture('centos-6.10', ('CentOS', '6.10', '6', 'Final', 'RedHat'),
            {'/etc/centos-release': 'CentOS release 6.10 (Final)\n'},
            {'/etc/redhat-release': 'centos-release', '/etc/system-release': 'centos-release'}),
    fixture('centos-6.10-lsb-release', ('CentOS', '6.10', '6', 'Final', 'RedHat'),
            {'/etc/centos-release': 'CentOS release 6.10 (Final)\n',
             '/etc/lsb-release': 'LSB_VERSION=base-4.0-amd64:base-4.0-noarch:core-4.0-amd64:core-4.0-noarch\n'},
            {'/etc/redhat-release': 'centos-release', '/etc/system-release': 'centos-release'},
            lsb_release='LSB Version:\t:base-4.0-amd64:base-4.0-noarch:core-4.0-amd64:core-4.0-noarch\n'
                        'Distributor ID:\tCentOS\n'
                        'Description:\tCentOS release 6.10 (Final)\n'
                        'Release:\t6.10\n'
                        'Codename:\tFinal\n'),
    fixture('centos-7.9', ('CentOS', '7.9', '7', 'Core', 'RedHat'),
            {'/etc/centos-release': 'CentOS Linux release 7.9.2009 (Core)\n', '/usr/lib/os-release': CENTOS7_OS_RELEASE},
            el_links('centos-release', 'redhat-release', 'system-release')),
    fixture('centos-8.1', ('CentOS', '8.1', '8', 'Core', 'RedHat'),
            {'/etc/centos-release': 'CentOS Linux release 8.1.1911 (Core) \n', '/usr/lib/os-release': CENTOS81_OS_RELEASE},
            el_links('centos-release', 'redhat-release', 'system-release')),
    fixture('centos-8.5', ('CentOS', '8.5', '8', 'NA', 'RedHat'),
            {'/etc/centos-release': 'CentOS Linux release 8.5.2111\n', '/usr/lib/os-release': CENTOS85_OS_RELEASE},
            el_links('centos-release', 'redhat-release', 'system-release')),
    fixture('centos-stream-8', ('CentOS', '8', '8', 'Stream', 'RedHat'),
            {'/etc/centos-release': 'CentOS Stream release 8\n', '/usr/lib/os-release': CENTOS_STREAM8_OS_RELEASE},
            el_links('centos-release', 'redhat-release', 'system-release')),
    fixture('centos-stream-9', ('CentOS', '9', '9', 'Stream', 'RedHat'),
            {'/etc/centos-release': 'CentOS Stream release 9\n', '/usr/lib/os-release': CENTOS_STREAM9_OS_RELEASE},
            el_links('centos-release', 'redhat-release', 'system-release')),
]

# --- Oracle Linux ------------------------------------------------------------


def oracle_os_release(version, major, platform_line):
    lines = [
        'NAME="Oracle Linux Server"',
        'VERSION="%s"' % version,
        'ID="ol"',
        'ID_LIKE="fedora"',
        'VARIANT="Server"',
        'VARIANT_ID="server"',
        'VERSION_ID="%s"' % version,
    ]
    if platform_line:
        lines.append('PLATFORM_ID="platform:el%s"' % major)
    lines.extend([
        'PRETTY_NAME="Oracle Linux Server %s"' % version,
        'ANSI_COLOR="0;31"',
        'CPE_NAME="cpe:/o:oracle:linux:%s:%s:server"' % (major, version.split('.')[1]),
        'HOME_URL="https://linux.oracle.com/"',
        'BUG_REPORT_URL="https://github.com/oracle/oracle-linux"',
        '',
        'ORACLE_BUGZILLA_PRODUCT="Oracle Linux %s"' % major,
        'ORACLE_BUGZILLA_PRODUCT_VERSION=%s' % version,
        'ORACLE_SUPPORT_PRODUCT="Oracle Linux"',
        'ORACLE_SUPPORT_PRODUCT_VERSION=%s' % version,
    ])
    return os_release(*lines)


def oracle(version, redhat_release, platform_line=True):
    major = version.split('.')[0]
    return fixture(
        'oracle-%s' % version, ('OracleLinux', version, major, 'NA', 'RedHat'),
        {'/etc/oracle-release': 'Oracle Linux Server release %s\n' % version,
         '/etc/redhat-release': redhat_release + '\n',
         '/usr/lib/os-release': oracle_os_release(version, major, platform_line)},
        el_links('oracle-release', 'system-release'))


ORACLE = [
    fixture('oracle-6.3', ('OracleLinux', '6.3', '6', 'NA', 'RedHat'),
            {'/etc/oracle-release': 'Oracle Linux Server release 6.3\n',
             '/etc/redhat-release': 'Red Hat Enterprise Linux Server release 6.3 (Santiago)\n'},
            {'/etc/system-release': 'oracle-release'}),
    fixture('oracle-6.3-lsb-release', ('OracleLinux', '6.3', '6', 'n/a', 'RedHat'),
            {'/etc/oracle-release': 'Oracle Linux Server release 6.3\n',
             '/etc/redhat-release': 'Red Hat Enterprise Linux Server release 6.3 (Santiago)\n',
             '/etc/lsb-release': 'LSB_VERSION=base-4.0-amd64:base-4.0-noarch:core-4.0-amd64:core-4.0-noarch\n'},
            {'/etc/system-release': 'oracle-release'},
            lsb_release='LSB Version:\t:base-4.0-amd64:base-4.0-noarch:core-4.0-amd64:core-4.0-noarch\n'
                        'Distributor ID:\tOracleServer\n'
                        'Description:\tOracle Linux Server release 6.3\n'
                        'Release:\t6.3\n'
                        'Codename:\tn/a\n'),
    oracle('7.9', 'Red Hat Enterprise Linux Server release 7.9 (Maipo)', platform_line=False),
    oracle('8.10', 'Red Hat Enterprise Linux release 8.10 (Ootpa)'),
    oracle('9.4', 'Red Hat Enterprise Linux release 9.4 (Plow)'),
]

# --- Rocky Linux, AlmaLinux, Fedora, Amazon Linux ----------------------------


def rocky(version, codename, support_end, cpe):
    major = version.split('.')[0]
    text = os_release(
        'NAME="Rocky Linux"',
        'VERSION="%s (%s)"' % (version, codename),
        'ID="rocky"',
        'ID_LIKE="rhel centos fedora"',
        'VERSION_ID="%s"' % version,
        'PLATFORM_ID="platform:el%s"' % major,
        'PRETTY_NAME="Rocky Linux %s (%s)"' % (version, codename),
        'ANSI_COLOR="0;32"',
        'LOGO="fedora-logo-icon"',
        'CPE_NAME="%s"' % cpe,
        'HOME_URL="https://rockylinux.org/"',
        'BUG_REPORT_URL="https://bugs.rockylinux.org/"',
        'SUPPORT_END="%s"' % support_end,
        'ROCKY_SUPPORT_PRODUCT="Rocky-Linux-%s"' % major,
        'ROCKY_SUPPORT_PRODUCT_VERSION="%s"' % version,
        'REDHAT_SUPPORT_PRODUCT="Rocky Linux"',
        'REDHAT_SUPPORT_PRODUCT_VERSION="%s"' % version,
    )
    return fixture(
        'rocky-%s' % version, ('Rocky', version, major, codename, 'RedHat'),
        {'/etc/rocky-release': 'Rocky Linux release %s (%s)\n' % (version, codename), '/usr/lib/os-release': text},
        el_links('rocky-release', 'redhat-release', 'system-release'))


def alma(version, codename, support_end):
    major = version.split('.')[0]
    text = os_release(
        'NAME="AlmaLinux"',
        'VERSION="%s (%s)"' % (version, codename),
        'ID="almalinux"',
        'ID_LIKE="rhel centos fedora"',
        'VERSION_ID="%s"' % version,
        'PLATFORM_ID="platform:el%s"' % major,
        'PRETTY_NAME="AlmaLinux %s (%s)"' % (version, codename),
        'ANSI_COLOR="0;34"',
        'LOGO="fedora-logo-icon"',
        'CPE_NAME="cpe:/o:almalinux:almalinux:%s::baseos"' % major,
        'HOME_URL="https://almalinux.org/"',
        'DOCUMENTATION_URL="https://wiki.almalinux.org/"',
        'BUG_REPORT_URL="https://bugs.almalinux.org/"',
        '',
        'ALMALINUX_MANTISBT_PROJECT="AlmaLinux-%s"' % major,
        'ALMALINUX_MANTISBT_PROJECT_VERSION="%s"' % version,
        'REDHAT_SUPPORT_PRODUCT="AlmaLinux"',
        'REDHAT_SUPPORT_PRODUCT_VERSION="%s"' % version,
        'SUPPORT_END=%s' % support_end,
    )
    return fixture(
        'almalinux-%s' % version, ('AlmaLinux', version, major, codename, 'RedHat'),
        {'/etc/almalinux-release': 'AlmaLinux release %s (%s)\n' % (version, codename), '/usr/lib/os-release': text},
        el_links('almalinux-release', 'redhat-release', 'system-release'))


FEDORA40_OS_RELEASE = os_release(
    'NAME="Fedora Linux"',
    'VERSION="40 (Server Edition)"',
    'ID=fedora',
    'VERSION_ID=40',
    'VERSION_CODENAME=""',
    'PLATFORM_ID="platform:f40"',
    'PRETTY_NAME="Fedora Linux 40 (Server Edition)"',
    'ANSI_COLOR="0;38;2;60;110;180"',
    'LOGO=fedora-logo-icon',
    'CPE_NAME="cpe:/o:fedoraproject:fedora:40"',
    'HOME_URL="https://fedoraproject.org/"',
    'DOCUMENTATION_URL="https://docs.fedoraproject.org/en-US/fedora/f40/system-administrators-guide/"',
    'SUPPORT_URL="https://ask.fedoraproject.org/"',
    'BUG_REPORT_URL="https://bugzilla.redhat.com/"',
    'REDHAT_BUGZILLA_PRODUCT="Fedora"',
    'REDHAT_BUGZILLA_PRODUCT_VERSION=40',
    'REDHAT_SUPPORT_PRODUCT="Fedora"',
    'REDHAT_SUPPORT_PRODUCT_VERSION=40',
    'SUPPORT_END=2025-05-13',
    'VARIANT="Server Edition"',
    'VARIANT_ID=server',
)

AMAZON2_OS_RELEASE = os_release(
    'NAME="Amazon Linux"',
    'VERSION="2"',
    'ID="amzn"',
    'ID_LIKE="centos rhel fedora"',
    'VERSION_ID="2"',
    'PRETTY_NAME="Amazon Linux 2"',
    'ANSI_COLOR="0;33"',
    'CPE_NAME="cpe:2.3:o:amazon:amazon_linux:2"',
    'HOME_URL="https://amazonlinux.com/"',
    'SUPPORT_END="2026-06-30"',
)

AMAZON2023_OS_RELEASE = os_release(
    'NAME="Amazon Linux"',
    'VERSION="2023"',
    'ID="amzn"',
    'ID_LIKE="fedora"',
    'VERSION_ID="2023"',
    'PLATFORM_ID="platform:al2023"',
    'PRETTY_NAME="Amazon Linux 2023.5.20240805"',
    'ANSI_COLOR="0;33"',
    'CPE_NAME="cpe:2.3:o:amazon:amazon_linux:2023"',
    'HOME_URL="https://aws.amazon.com/linux/amazon-linux-2023/"',
    'DOCUMENTATION_URL="https://docs.aws.amazon.com/linux/"',
    'SUPPORT_URL="https://aws.amazon.com/premiumsupport/"',
    'BUG_REPORT_URL="https://github.com/amazonlinux/amazon-linux-2023"',
    'VENDOR_NAME="AWS"',
    'VENDOR_URL="https://aws.amazon.com/"',
    'SUPPORT_END="2028-03-15"',
)

OTHER_EL = [
    rocky('8.9', 'Green Obsidian', '2029-05-31', 'cpe:/o:rocky:rocky:8:GA'),
    rocky('9.3', 'Blue Onyx', '2032-05-31', 'cpe:/o:rocky:rocky:9::baseos'),
    alma('8.10', 'Cerulean Leopard', '2029-06-01'),
    alma('9.4', 'Seafoam Ocelot', '2032-06-01'),
    fixture('fedora-40', ('Fedora', '40', '40', '', 'RedHat'),
            {'/etc/fedora-release': 'Fedora release 40 (Forty)\n', '/usr/lib/os-release': FEDORA40_OS_RELEASE},
            el_links('fedora-release', 'redhat-release', 'system-release')),
    fixture('amazon-2', ('Amazon', '2', '2', 'NA', 'RedHat'),
            {'/etc/system-release': 'Amazon Linux release 2 (Karoo)\n', '/usr/lib/os-release': AMAZON2_OS_RELEASE},
            {'/etc/os-release': '../usr/lib/os-release'}),
    fixture('amazon-2023', ('Amazon', '2023', '2023', 'NA', 'RedHat'),
            {'/etc/amazon-linux-release': 'Amazon Linux release 2023.5.20240805 (Amazon Linux)\n',
             '/usr/lib/os-release': AMAZON2023_OS_RELEASE},
            {'/etc/os-release': '../usr/lib/os-release', '/etc/system-release': 'amazon-linux-release'}),
]

# --- SUSE --------------------------------------------------------------------


def suse_release(major, patchlevel, deprecated_note=False):
    text = 'SUSE Linux Enterprise Server %s (x86_64)\nVERSION = %s\nPATCHLEVEL = %s\n' % (major, major, patchlevel)
    if deprecated_note:
        text += ('# This file is deprecated and will be removed in a future service pack or release.\n'
                 '# Please check /etc/os-release for details about this release.\n')
    return text


def sles11_os_release(patchlevel):
    return os_release(
        'NAME="SLES"',
        'VERSION="11.%s"' % patchlevel,
        'VERSION_ID="11.%s"' % patchlevel,
        'PRETTY_NAME="SUSE Linux Enterprise Server 11 SP%s"' % patchlevel,
        'ID="sles"',
        'ANSI_COLOR="0;32"',
        'CPE_NAME="cpe:/o:suse:sles:11:%s"' % patchlevel,
    )


def sles_os_release(major, patchlevel):
    version = '%s-SP%s' % (major, patchlevel) if patchlevel else major
    lines = [
        'NAME="SLES"',
        'VERSION="%s"' % version,
        'VERSION_ID="%s%s"' % (major, '.%s' % patchlevel if patchlevel else ''),
        'PRETTY_NAME="SUSE Linux Enterprise Server %s%s"' % (major, ' SP%s' % patchlevel if patchlevel else ''),
        'ID="sles"',
    ]
    if major != '12':
        lines.append('ID_LIKE="suse"')
    lines.extend([
        'ANSI_COLOR="0;32"',
        'CPE_NAME="cpe:/o:suse:sles:%s%s"' % (major, ':sp%s' % patchlevel if patchlevel else ''),
    ])
    if major != '12':
        lines.append('DOCUMENTATION_URL="https://documentation.suse.com/"')
    return os_release(*lines)


LEAP155_OS_RELEASE = os_release(
    'NAME="openSUSE Leap"',
    'VERSION="15.5"',
    'ID="opensuse-leap"',
    'ID_LIKE="suse opensuse"',
    'VERSION_ID="15.5"',
    'PRETTY_NAME="openSUSE Leap 15.5"',
    'ANSI_COLOR="0;32"',
    'CPE_NAME="cpe:/o:opensuse:leap:15.5"',
    'BUG_REPORT_URL="https://bugs.opensuse.org"',
    'HOME_URL="https://www.opensuse.org/"',
    'DOCUMENTATION_URL="https://en.opensuse.org/Portal:Leap"',
    'LOGO="distributor-logo-Leap"',
)

SLES_SAP155_OS_RELEASE = os_release(
    'NAME="SLES"',
    'VERSION="15-SP5"',
    'VERSION_ID="15.5"',
    'PRETTY_NAME="SUSE Linux Enterprise Server for SAP Applications 15 SP5"',
    'ID="sles"',
    'ID_LIKE="suse"',
    'ANSI_COLOR="0;32"',
    'CPE_NAME="cpe:/o:suse:sles_sap:15:sp5"',
    'DOCUMENTATION_URL="https://documentation.suse.com/"',
    'VARIANT_ID="sles-sap"',
)

SUSE = [
    fixture('sles-11-sp3', ('SLES', '11.3', '11', '3', 'Suse'),
            {'/etc/SuSE-release': suse_release('11', '3'), '/etc/os-release': sles11_os_release('3')}),
    fixture('sles-11-sp3-suse-release-only', ('SLES', '11.3', '11', '3', 'Suse'),
            {'/etc/SuSE-release': suse_release('11', '3')}),
    fixture('sles-11-sp4', ('SLES', '11.4', '11', '4', 'Suse'),
            {'/etc/SuSE-release': suse_release('11', '4'), '/etc/os-release': sles11_os_release('4')}),
    fixture('sles-11-sp4-suse-release-only', ('SLES', '11.4', '11', '4', 'Suse'),
            {'/etc/SuSE-release': suse_release('11', '4')}),
    fixture('sles-11-sp4-suse-release-only-lsb-release', ('SLES', '11.4', '11', '4', 'Suse'),
            {'/etc/SuSE-release': suse_release('11', '4'),
             '/etc/lsb-release': 'LSB_VERSION="core-2.0-noarch:core-3.2-noarch:core-4.0-noarch:'
                                 'core-2.0-x86_64:core-3.2-x86_64:core-4.0-x86_64"\n'},
            lsb_release='LSB Version:\tcore-2.0-noarch:core-3.2-noarch:core-4.0-noarch:'
                        'core-2.0-x86_64:core-3.2-x86_64:core-4.0-x86_64\n'
                        'Distributor ID:\tSUSE LINUX\n'
                        'Description:\tSUSE Linux Enterprise Server 11 (x86_64)\n'
                        'Release:\t11\n'
                        'Codename:\tn/a\n'),
    fixture('sles-12-sp3', ('SLES', '12.3', '12', '3', 'Suse'),
            {'/etc/SuSE-release': suse_release('12', '3', deprecated_note=True),
             '/usr/lib/os-release': sles_os_release('12', '3')},
            {'/etc/os-release': '../usr/lib/os-release'}),
    fixture('sles-12-sp5', ('SLES', '12.5', '12', '5', 'Suse'),
            {'/etc/SuSE-release': suse_release('12', '5', deprecated_note=True),
             '/usr/lib/os-release': sles_os_release('12', '5')},
            {'/etc/os-release': '../usr/lib/os-release'}),
    fixture('sles-15', ('SLES', '15', '15', '0', 'Suse'),
            {'/usr/lib/os-release': sles_os_release('15', '')}, {'/etc/os-release': '../usr/lib/os-release'}),
    fixture('sles-15-sp4', ('SLES', '15.4', '15', '4', 'Suse'),
            {'/usr/lib/os-release': sles_os_release('15', '4')}, {'/etc/os-release': '../usr/lib/os-release'}),
    fixture('sles-sap-15-sp5', ('SLES_SAP', '15.5', '15', '5', 'Suse'),
            {'/usr/lib/os-release': SLES_SAP155_OS_RELEASE}, {'/etc/os-release': '../usr/lib/os-release'}),
    fixture('opensuse-leap-15.5', ('openSUSE Leap', '15.5', '15', '5', 'Suse'),
            {'/usr/lib/os-release': LEAP155_OS_RELEASE}, {'/etc/os-release': '../usr/lib/os-release'}),
]

# --- Ubuntu ------------------------------------------------------------------


def lsb_release_file(version, codename, description):
    return ('DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=%s\nDISTRIB_CODENAME=%s\nDISTRIB_DESCRIPTION="%s"\n'
            % (version, codename, description))


UBUNTU1404_OS_RELEASE = os_release(
    'NAME="Ubuntu"',
    'VERSION="14.04.6 LTS, Trusty Tahr"',
    'ID=ubuntu',
    'ID_LIKE=debian',
    'PRETTY_NAME="Ubuntu 14.04.6 LTS"',
    'VERSION_ID="14.04"',
    'HOME_URL="http://www.ubuntu.com/"',
    'SUPPORT_URL="http://help.ubuntu.com/"',
    'BUG_REPORT_URL="http://bugs.launchpad.net/ubuntu/"',
)

UBUNTU1604_OS_RELEASE = os_release(
    'NAME="Ubuntu"',
    'VERSION="16.04.7 LTS (Xenial Xerus)"',
    'ID=ubuntu',
    'ID_LIKE=debian',
    'PRETTY_NAME="Ubuntu 16.04.7 LTS"',
    'VERSION_ID="16.04"',
    'HOME_URL="http://www.ubuntu.com/"',
    'SUPPORT_URL="http://help.ubuntu.com/"',
    'BUG_REPORT_URL="http://bugs.launchpad.net/ubuntu/"',
    'VERSION_CODENAME=xenial',
    'UBUNTU_CODENAME=xenial',
)

UBUNTU1804_OS_RELEASE = os_release(
    'NAME="Ubuntu"',
    'VERSION="18.04.6 LTS (Bionic Beaver)"',
    'ID=ubuntu',
    'ID_LIKE=debian',
    'PRETTY_NAME="Ubuntu 18.04.6 LTS"',
    'VERSION_ID="18.04"',
    'HOME_URL="https://www.ubuntu.com/"',
    'SUPPORT_URL="https://help.ubuntu.com/"',
    'BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"',
    'PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"',
    'VERSION_CODENAME=bionic',
    'UBUNTU_CODENAME=bionic',
)

UBUNTU2004_OS_RELEASE = os_release(
    'NAME="Ubuntu"',
    'VERSION="20.04.6 LTS (Focal Fossa)"',
    'ID=ubuntu',
    'ID_LIKE=debian',
    'PRETTY_NAME="Ubuntu 20.04.6 LTS"',
    'VERSION_ID="20.04"',
    'HOME_URL="https://www.ubuntu.com/"',
    'SUPPORT_URL="https://help.ubuntu.com/"',
    'BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"',
    'PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"',
    'VERSION_CODENAME=focal',
    'UBUNTU_CODENAME=focal',
)

UBUNTU2204_OS_RELEASE = os_release(
    'PRETTY_NAME="Ubuntu 22.04.4 LTS"',
    'NAME="Ubuntu"',
    'VERSION_ID="22.04"',
    'VERSION="22.04.4 LTS (Jammy Jellyfish)"',
    'VERSION_CODENAME=jammy',
    'ID=ubuntu',
    'ID_LIKE=debian',
    'HOME_URL="https://www.ubuntu.com/"',
    'SUPPORT_URL="https://help.ubuntu.com/"',
    'BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"',
    'PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"',
    'UBUNTU_CODENAME=jammy',
)

UBUNTU2404_OS_RELEASE = os_release(
    'PRETTY_NAME="Ubuntu 24.04.1 LTS"',
    'NAME="Ubuntu"',
    'VERSION_ID="24.04"',
    'VERSION="24.04.1 LTS (Noble Numbat)"',
    'VERSION_CODENAME=noble',
    'ID=ubuntu',
    'ID_LIKE=debian',
    'HOME_URL="https://www.ubuntu.com/"',
    'SUPPORT_URL="https://help.ubuntu.com/"',
    'BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"',
    'PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"',
    'UBUNTU_CODENAME=noble',
    'LOGO=ubuntu-logo',
)

UBUNTU = [
    fixture('ubuntu-14.04', ('Ubuntu', '14.04', '14', 'Trusty Tahr', 'Debian'),
            {'/etc/os-release': UBUNTU1404_OS_RELEASE, '/etc/debian_version': 'jessie/sid\n',
             '/etc/lsb-release': lsb_release_file('14.04', 'trusty', 'Ubuntu 14.04.6 LTS')}),
    fixture('ubuntu-14.04-lsb-release', ('Ubuntu', '14.04', '14', 'trusty', 'Debian'),
            {'/etc/os-release': UBUNTU1404_OS_RELEASE, '/etc/debian_version': 'jessie/sid\n',
             '/etc/lsb-release': lsb_release_file('14.04', 'trusty', 'Ubuntu 14.04.6 LTS')},
            lsb_release='Distributor ID:\tUbuntu\nDescription:\tUbuntu 14.04.6 LTS\nRelease:\t14.04\nCodename:\ttrusty\n'),
    fixture('ubuntu-16.04', ('Ubuntu', '16.04', '16', 'xenial', 'Debian'),
            debian_like(UBUNTU1604_OS_RELEASE, 'stretch/sid\n', lsb_release_file('16.04', 'xenial', 'Ubuntu 16.04.7 LTS')),
            {'/etc/os-release': '../usr/lib/os-release'}),
    fixture('ubuntu-18.04', ('Ubuntu', '18.04', '18', 'bionic', 'Debian'),
            debian_like(UBUNTU1804_OS_RELEASE, 'buster/sid\n', lsb_release_file('18.04', 'bionic', 'Ubuntu 18.04.6 LTS')),
            {'/etc/os-release': '../usr/lib/os-release'}),
    fixture('ubuntu-20.04', ('Ubuntu', '20.04', '20', 'focal', 'Debian'),
            debian_like(UBUNTU2004_OS_RELEASE, 'bullseye/sid\n', lsb_release_file('20.04', 'focal', 'Ubuntu 20.04.6 LTS')),
            {'/etc/os-release': '../usr/lib/os-release'}),
    fixture('ubuntu-20.04-lsb-release', ('Ubuntu', '20.04', '20', 'focal', 'Debian'),
            debian_like(UBUNTU2004_OS_RELEASE, 'bullseye/sid\n', lsb_release_file('20.04', 'focal', 'Ubuntu 20.04.6 LTS')),
            {'/etc/os-release': '../usr/lib/os-release'},
            lsb_release='Distributor ID:\tUbuntu\nDescription:\tUbuntu 20.04.6 LTS\nRelease:\t20.04\nCodename:\tfocal\n'),
    fixture('ubuntu-22.04', ('Ubuntu', '22.04', '22', 'jammy', 'Debian'),
            debian_like(UBUNTU2204_OS_RELEASE, 'bookworm/sid\n', lsb_release_file('22.04', 'jammy', 'Ubuntu 22.04.4 LTS')),
            {'/etc/os-release': '../usr/lib/os-release'}),
    fixture('ubuntu-24.04', ('Ubuntu', '24.04', '24', 'noble', 'Debian'),
            debian_like(UBUNTU2404_OS_RELEASE, 'trixie/sid\n', lsb_release_file('24.04', 'noble', 'Ubuntu 24.04.1 LTS')),
            {'/etc/os-release': '../usr/lib/os-release'}),
]

# --- Debian ------------------------------------------------------------------


def debian_os_release(major, codename, https=True, version_codename=True):
    scheme = 'https' if https else 'http'
    lines = [
        'PRETTY_NAME="Debian GNU/Linux %s (%s)"' % (major, codename),
        'NAME="Debian GNU/Linux"',
        'VERSION_ID="%s"' % major,
        'VERSION="%s (%s)"' % (major, codename),
    ]
    if version_codename:
        lines.append('VERSION_CODENAME=%s' % codename)
    lines.extend([
        'ID=debian',
        'HOME_URL="%s://www.debian.org/"' % scheme,
        'SUPPORT_URL="%s://www.debian.org/support"' % scheme,
        'BUG_REPORT_URL="https://bugs.debian.org/"',
    ])
    return os_release(*lines)


DEBIAN7_OS_RELEASE = os_release(
    'PRETTY_NAME="Debian GNU/Linux 7 (wheezy)"',
    'NAME="Debian GNU/Linux"',
    'VERSION_ID="7"',
    'VERSION="7 (wheezy)"',
    'ID=debian',
    'ANSI_COLOR="1;31"',
    'HOME_URL="http://www.debian.org/"',
    'SUPPORT_URL="http://www.debian.org/support/"',
    'BUG_REPORT_URL="http://bugs.debian.org/"',
)


def debian(version, codename, text=None, link=True):
    major = version.split('.')[0]
    text = text or debian_os_release(major, codename)
    if link:
        files, links = debian_like(text, version + '\n'), {'/etc/os-release': '../usr/lib/os-release'}
    else:
        files, links = {'/etc/os-release': text, '/etc/debian_version': version + '\n'}, {}
    return fixture('debian-%s' % version, ('Debian', version, major, codename, 'Debian'), files, links)


DEBIAN = [
    debian('7.11', 'wheezy', DEBIAN7_OS_RELEASE, link=False),
    debian('8.11', 'jessie', debian_os_release('8', 'jessie', https=False, version_codename=False), link=False),
    debian('9.13', 'stretch'),
    debian('10.13', 'buster'),
    debian('11.9', 'bullseye'),
    debian('12.5', 'bookworm'),
    fixture('debian-9.0', ('Debian', '9.0', '9', 'stretch', 'Debian'),
            debian_like(debian_os_release('9', 'stretch'), '9.0\n'), {'/etc/os-release': '../usr/lib/os-release'}),
    fixture('debian-9-without-debian-version', ('Debian', '9', '9', 'stretch', 'Debian'),
            {'/etc/os-release': debian_os_release('9', 'stretch')}),
    fixture('debian-12-usr-lib-os-release-only', ('Debian', '12.5', '12', 'bookworm', 'Debian'),
            debian_like(debian_os_release('12', 'bookworm'), '12.5\n')),
]

# --- unusual hosts -----------------------------------------------------------

ODD = [
    fixture('no-identity-file', ('OtherLinux', 'NA', 'NA', 'NA', 'OtherLinux'), {}),
    fixture('empty-os-release', ('OtherLinux', 'NA', 'NA', 'NA', 'OtherLinux'), {'/etc/os-release': ''}),
    # a release file whose first line is blank is still the one the distro library picks
    fixture('sles-11-sp4-suse-release-blank-first-line', ('SLES', '11.4', '11', '4', 'Suse'),
            {'/etc/SuSE-release': '\n' + suse_release('11', '4'), '/etc/os-release': sles11_os_release('4')}),
    fixture('sles-11-sp4-suse-release-only-blank-first-line', ('SLES', 'NA.4', 'NA', '4', 'Suse'),
            {'/etc/SuSE-release': '\n' + suse_release('11', '4')}),
    fixture('os-release-of-an-unknown-distribution', ('Some Linux', '3.1', '3', 'NA', 'Some Linux'),
            {'/etc/os-release': os_release('NAME="Some Linux"', 'ID=somelinux', 'VERSION_ID="3.1"')}),
]

FIXTURES = RHEL + CENTOS + ORACLE + OTHER_EL + SUSE + UBUNTU + DEBIAN + ODD

# The persona of the lab that keeps the identity files of the lab's base image
# (Debian 12) gets them from here.
PERSONA_BASE_IMAGE = debian('12.5', 'bookworm')

# /proc/meminfo of a few hosts: an old kernel (no MemAvailable), a current one,
# one without swap, and broken texts.
MEMINFO = {
    'rhel-5': ('MemTotal:      8174400 kB\nMemFree:       6345280 kB\nBuffers:        160580 kB\n'
               'Cached:         987212 kB\nSwapCached:          0 kB\nActive:         811620 kB\n'
               'Inactive:       641516 kB\nSwapTotal:    10289436 kB\nSwapFree:     10289436 kB\n'
               'Dirty:              56 kB\n'),
    'rhel-9': ('MemTotal:        3752628 kB\nMemFree:          275616 kB\nMemAvailable:    2917052 kB\n'
               'Buffers:            4180 kB\nCached:          2761012 kB\nSwapCached:          524 kB\n'
               'Active:          1150020 kB\nInactive:        1830364 kB\nSwapTotal:       2097148 kB\n'
               'SwapFree:        2091764 kB\nZswap:                 0 kB\nHugePages_Total:       0\n'
               'Hugepagesize:       2048 kB\nDirectMap2M:     3121152 kB\n'),
    'no-swap': ('MemTotal:        1013948 kB\nMemFree:           77084 kB\nMemAvailable:     598016 kB\n'
                'Buffers:           38160 kB\nCached:           565492 kB\nSwapCached:            0 kB\n'
                'SwapTotal:             0 kB\nSwapFree:              0 kB\n'),
    'small-values': 'MemTotal: 1023 kB\nMemFree: 1024 kB\nBuffers: 0 kB\nCached: 2047 kB\n',
    'no-buffers-line': 'MemTotal:        1013948 kB\nMemFree:           77084 kB\nCached:           565492 kB\n',
    'empty': '',
}
