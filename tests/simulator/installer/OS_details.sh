#!/usr/bin/env bash
# Simulated vendor OS detection of the Mobility Service installer.
#
# Prints the installer tag that fits this machine (e.g. DEBIAN12-64) and
# exits 0; prints nothing and exits 1 for an unsupported machine. The checks
# run in the vendor's order and the first release file that exists decides
# (so an Oracle Linux host, which also has /etc/redhat-release, is OL*):
#   /etc/oracle-release, /etc/redhat-release, /etc/SuSE-release,
#   /etc/os-release (SLES / openSUSE Leap 15 only), /etc/lsb-release (Ubuntu
#   only), /etc/debian_version.
#
# Test hooks (simulator only): ASR_SIM_ROOT is prepended to every file path
# and ASR_SIM_ARCH replaces `uname -m`, so the detection can be tested
# against fake /etc trees.
set -eu

ROOT=${ASR_SIM_ROOT:-}
ARCH=${ASR_SIM_ARCH:-$(uname -m)}

unsupported() {
    exit 1
}

found() {
    printf '%s\n' "$1"
    exit 0
}

# value_of FILE KEY: value of KEY=value or KEY = value (quotes removed).
value_of() {
    sed -n "s/^[[:space:]]*$2[[:space:]]*=[[:space:]]*//p" "$1" | head -n 1 | tr -d '"'"'"' \r'
}

[ "$ARCH" = x86_64 ] || unsupported

if [ -f "$ROOT/etc/oracle-release" ]; then
    # "Oracle Linux Server release 7.9"
    ver=$(sed -n 's/.*release[[:space:]]\{1,\}\([0-9][0-9.]*\).*/\1/p' "$ROOT/etc/oracle-release" | head -n 1)
    major=${ver%%.*}
    minor=${ver#"$major"}
    minor=${minor#.}
    minor=${minor%%.*}
    case $major in
        6) [ -n "$minor" ] && [ "$minor" -ge 4 ] && found OL6-64 ;;
        7 | 8 | 10) found "OL$major-64" ;;
        9) [ -n "$minor" ] && [ "$minor" -ge 2 ] && found OL9-64 ;; # 9.0 and 9.1 left the support matrix
    esac
    unsupported
fi

if [ -f "$ROOT/etc/redhat-release" ]; then
    # "Red Hat Enterprise Linux Server release 7.9 (Maipo)",
    # "CentOS Linux release 7.9.2009 (Core)", "Rocky Linux release 8.8 ...",
    # "AlmaLinux release 9.2 ...". CentOS only as "CentOS Linux release":
    # "CentOS Stream release 9" is not supported.
    line=$(head -n 1 "$ROOT/etc/redhat-release")
    case $line in
        "CentOS Stream"*) unsupported ;;
        "Red Hat Enterprise Linux"* | "CentOS Linux"* | "CentOS release"* | Rocky* | AlmaLinux*) ;;
        *) unsupported ;;
    esac
    ver=$(printf '%s\n' "$line" | sed -n 's/.*release[[:space:]]\{1,\}\([0-9][0-9.]*\).*/\1/p')
    major=${ver%%.*}
    minor=${ver#"$major"}
    minor=${minor#.}
    minor=${minor%%.*}
    case $major in
        5) [ -n "$minor" ] && [ "$minor" -ge 2 ] && [ "$minor" -le 11 ] && found RHEL5-64 ;;
        6 | 7 | 8 | 9 | 10) found "RHEL$major-64" ;;
    esac
    unsupported
fi

if [ -f "$ROOT/etc/SuSE-release" ]; then
    # VERSION = 11
    # PATCHLEVEL = 3
    version=$(value_of "$ROOT/etc/SuSE-release" VERSION)
    patchlevel=$(value_of "$ROOT/etc/SuSE-release" PATCHLEVEL)
    case $version/$patchlevel in
        11/3) found SLES11-SP3-64 ;;
        11/4) found SLES11-SP4-64 ;;
        12/*) found SLES12-64 ;;
    esac
    unsupported
fi

if [ -f "$ROOT/etc/os-release" ]; then
    id=$(value_of "$ROOT/etc/os-release" ID)
    version_id=$(value_of "$ROOT/etc/os-release" VERSION_ID)
    case $id in
        sles | opensuse-leap)
            case $version_id in
                15 | 15.*) found SLES15-64 ;;
            esac
            unsupported
            ;;
    esac
fi

if [ -f "$ROOT/etc/lsb-release" ] && [ "$(value_of "$ROOT/etc/lsb-release" DISTRIB_ID)" = Ubuntu ]; then
    case $(value_of "$ROOT/etc/lsb-release" DISTRIB_RELEASE) in
        14.04) found UBUNTU-14.04-64 ;;
        16.04) found UBUNTU-16.04-64 ;;
        18.04) found UBUNTU-18.04-64 ;;
        20.04) found UBUNTU-20.04-64 ;;
        22.04) found UBUNTU-22.04-64 ;;
        24.04) found UBUNTU-24.04-64 ;;
    esac
    unsupported
fi

if [ -f "$ROOT/etc/debian_version" ]; then
    # "12.5"; a testing/unstable system has "trixie/sid" and is unsupported.
    ver=$(head -n 1 "$ROOT/etc/debian_version")
    major=${ver%%.*}
    [ "$ver" != 9.0 ] || unsupported # the first Debian 9 release is not supported, later 9.x are
    case $major in
        7 | 8 | 9 | 10 | 11 | 12) found "DEBIAN$major-64" ;;
    esac
fi

unsupported
