#!/usr/bin/env bash
# vm/fetch.sh — install the host tools for the test VM and fetch/extract the
# Debian packages that make up the guest (kernel + modules, reference ipvsadm
# and its libraries, netbase). Idempotent: re-running is cheap.
#
#   [VM_KERNEL=5.10|6.1|6.12] vm/fetch.sh [--env]
#
# VM_KERNEL (see vm/kernel.sh) chooses the kernel: the version that Debian 11's,
# 12's (default) or 13's linux-image-amd64 metapackage depends on. Debian 12's
# comes from the machine's configured archive; the others from the same
# archive's other suites, through a private apt configuration under the
# kernel's cache (the machine's sources are read, never changed). The guest
# userland is the same for every kernel, from the machine's archive: the
# reference ipvsadm is exactly Debian 12's 1:1.31-1+b1 (anything else fails).
#
# Result: vm/.cache/userland/ (the userland packages extracted),
#         vm/.cache/kernel-K/root/ (the kernel package extracted, modules
#         decompressed, depmod run) and vm/.cache/kernel-K/env (shell
#         variables: VM_KERNEL, KVER, VMLINUZ, MODDIR, GUEST_ROOT).
# --env: print the env file's path on stdout (after fetching).
set -euo pipefail

VM_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=kernel.sh
. "$VM_DIR/kernel.sh"
PRINT_ENV=0
case "${1:-}" in
    --env) PRINT_ENV=1 ;;
    "") ;;
    *) echo "usage: [VM_KERNEL=5.10|6.1|6.12] $0 [--env]" >&2; exit 2 ;;
esac

# The reference: Debian 12's ipvsadm, and the version string its binary carries.
REF_VERSION=1:1.31-1+b1
REF_STRING='ipvsadm v1.31 2019/12/24'

log() { printf 'fetch: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

if [ "$(id -u)" != 0 ]; then
    die "must run as root (apt-get install/download)"
fi
export DEBIAN_FRONTEND=noninteractive
mkdir -p "$CACHE" "$KCACHE"
# One fetch at a time per cache (shards, scenarios and other kernels share it).
exec 9>"$CACHE/.fetch.lock"
flock 9

HOST_PKGS="qemu-system-x86 busybox-static cpio iproute2 xz-utils zstd kmod bash socat"
need_install=""
for p in $HOST_PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need_install="$need_install $p"
done

apt_updated=0
apt_update() {
    if [ $apt_updated = 0 ]; then
        log "apt-get update"
        apt-get update -qq >&2
        apt_updated=1
    fi
}

# download DIR UPDATE PKG WHY [APT-GET OPTIONS...]: PKG's .deb into DIR; when
# the package lists do not have it, once more after UPDATE (an apt-get update).
download() {
    local dir=$1 update=$2 pkg=$3 why=$4
    shift 4
    (cd "$dir" && apt-get "$@" download -qq "$pkg" >&2) && return 0
    "$update"
    (cd "$dir" && apt-get "$@" download -qq "$pkg" >&2) || die "cannot download $pkg$why"
}

if [ -n "$need_install" ]; then
    apt_update
    log "installing:$need_install"
    apt-get install -y -qq --no-install-recommends $need_install >&2
fi

# --- the guest userland (the same for every kernel) ---------------------------
DEBS=$CACHE/debs
UROOT=$CACHE/userland
USER_PKGS="ipvsadm=$REF_VERSION libpopt0 libnl-3-200 libnl-genl-3-200 netbase"
mkdir -p "$DEBS"
# apt-get download drops privileges to _apt when it can write the target dir.
if id _apt >/dev/null 2>&1; then chown _apt "$DEBS" "$KCACHE" 2>/dev/null || true; fi

deb_of() {   # the cached .deb of package $1 (version $2 if given)
    local v=${2:-}
    if [ -n "$v" ]; then
        v=${v//:/%3a}
        ls "$DEBS/${1}_${v}"_*.deb 2>/dev/null | head -n1
    else
        ls "$DEBS/${1}"_*.deb 2>/dev/null | sort -V | tail -n1
    fi
}

check_reference() {   # $1 = ipvsadm .deb, $2 = the root it was extracted to
    local f got
    for f in Package:ipvsadm Version:$REF_VERSION Architecture:amd64; do
        got=$(dpkg-deb -f "$1" "${f%%:*}")
        [ "$got" = "${f#*:}" ] || die "reference $1: ${f%%:*} is '$got', not '${f#*:}'"
    done
    [ -n "$2" ] || return 0
    [ -x "$2/sbin/ipvsadm" ] || die "reference: no sbin/ipvsadm in $1"
    # The binary cannot run here (no IPVS on the host): its version string.
    grep -aqF "$REF_STRING (compiled with popt" "$2/sbin/ipvsadm" \
        || die "reference: $2/sbin/ipvsadm does not say '$REF_STRING'"
}

if [ ! -f "$UROOT/.stamp" ] || [ "$(cat "$UROOT/.stamp")" != "$USER_PKGS" ]; then
    for p in $USER_PKGS; do
        name=${p%%=*} ver=""
        [ "$name" = "$p" ] || ver=${p#*=}
        if [ -z "$(deb_of "$name" "$ver")" ]; then
            log "downloading $p"
            download "$DEBS" apt_update "$p" " (the reference must be exactly ipvsadm $REF_VERSION)"
        fi
    done
    check_reference "$(deb_of ipvsadm "$REF_VERSION")" ""
    rm -rf "$UROOT.tmp"
    mkdir -p "$UROOT.tmp"
    for p in $USER_PKGS; do
        name=${p%%=*} ver=""
        [ "$name" = "$p" ] || ver=${p#*=}
        deb=$(deb_of "$name" "$ver")
        log "extracting ${deb##*/}"
        dpkg-deb -x "$deb" "$UROOT.tmp"
    done
    check_reference "$(deb_of ipvsadm "$REF_VERSION")" "$UROOT.tmp"
    echo "$USER_PKGS" > "$UROOT.tmp/.stamp"
    rm -rf "$UROOT"
    mv "$UROOT.tmp" "$UROOT"
fi
# Checked on every run: a cache from before the pin, or edited, fails here.
check_reference "$(deb_of ipvsadm "$REF_VERSION")" "$UROOT"

# --- the kernel -----------------------------------------------------------------
# Debian 12's comes through the machine's apt; the other suites through a
# private configuration: the machine's deb822 sources with the suite names
# replaced, its own lists and package cache (no change to the system's).
SYS_SUITE=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
APT_OPTS=()
if [ "$KSUITE" != "$SYS_SUITE" ]; then
    A=$KCACHE/apt
    mkdir -p "$A/sources.list.d" "$A/lists/partial" "$A/cache/archives/partial"
    found=0
    for s in /etc/apt/sources.list.d/*.sources; do
        [ -f "$s" ] || continue
        grep -qiE "^Suites:.*\b$SYS_SUITE\b" "$s" || continue
        # Suites: bookworm bookworm-updates -> bullseye bullseye-updates, etc.
        sed -E "/^Suites:/I s/\b$SYS_SUITE\b/$KSUITE/g" "$s" > "$A/sources.list.d/${s##*/}"
        found=1
    done
    [ $found = 1 ] || die "no deb822 sources in /etc/apt/sources.list.d name $SYS_SUITE: cannot derive $KSUITE's"
    APT_OPTS=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$A/sources.list.d"
              -o "Dir::State::Lists=$A/lists" -o "Dir::Cache=$A/cache"
              -o APT::Sandbox::User=root
              -o Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false
              -o Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled=false
              -o Acquire::IndexTargets::deb::DEP-11-icons-small::DefaultEnabled=false
              -o Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled=false)
    kapt_updated=0
    kapt_update() {
        if [ $kapt_updated = 0 ]; then
            log "apt-get update ($KSUITE, private lists)"
            apt-get "${APT_OPTS[@]}" update -qq >&2 || die "apt-get update of $KSUITE failed"
            kapt_updated=1
        fi
    }
else
    kapt_update() { apt_update; }
fi

# The concrete kernel package behind the suite's linux-image-amd64.
resolve_kernel() {
    local re=${VM_KERNEL//./\\.}
    apt-cache "${APT_OPTS[@]}" depends linux-image-amd64 2>/dev/null \
        | sed -n "s/^ *Depends: \(linux-image-$re\.[^ ]*-amd64\)\$/\1/p" | head -n1
}
KPKG=$(resolve_kernel || true)
if [ -z "$KPKG" ]; then
    kapt_update
    KPKG=$(resolve_kernel || true)
fi
[ -n "$KPKG" ] || die "cannot resolve linux-image-$VM_KERNEL.*-amd64 from $KSUITE's linux-image-amd64"

KROOT=$KCACHE/root
ENVF=$KCACHE/env
want="$KPKG $USER_PKGS"
if [ -f "$KCACHE/.stamp" ] && [ "$(cat "$KCACHE/.stamp")" = "$want" ] && [ -d "$KROOT" ] && [ -f "$ENVF" ]; then
    log "up to date ($KPKG, ipvsadm $REF_VERSION)"
    [ $PRINT_ENV = 0 ] || echo "$ENVF"
    exit 0
fi

KDEBS=$KCACHE/debs
mkdir -p "$KDEBS"
if id _apt >/dev/null 2>&1; then chown _apt "$KDEBS" 2>/dev/null || true; fi
if ! ls "$KDEBS/${KPKG}"_*.deb >/dev/null 2>&1; then
    log "downloading $KPKG ($KSUITE)"
    download "$KDEBS" kapt_update "$KPKG" "" ${APT_OPTS[@]+"${APT_OPTS[@]}"}
fi
deb=$(ls "$KDEBS/${KPKG}"_*.deb | sort -V | tail -n1)
rm -rf "$KROOT.tmp"
mkdir -p "$KROOT.tmp"
log "extracting ${deb##*/}"
dpkg-deb -x "$deb" "$KROOT.tmp"

VMLINUZ=$(ls "$KROOT.tmp"/boot/vmlinuz-* | head -n1)
KVER=${VMLINUZ##*/vmlinuz-}
MODREL=lib/modules/$KVER
[ -d "$KROOT.tmp/$MODREL" ] || MODREL=usr/lib/modules/$KVER
[ -d "$KROOT.tmp/$MODREL" ] || die "no module dir for $KVER"
# busybox insmod cannot decompress (Debian 13 ships .ko.xz): decompress every
# module here, before depmod, so modules.dep names the .ko files the image has.
nz=$(find "$KROOT.tmp/$MODREL" \( -name '*.ko.xz' -o -name '*.ko.zst' -o -name '*.ko.gz' \) | wc -l)
if [ "$nz" -gt 0 ]; then
    log "decompressing $nz modules"
    find "$KROOT.tmp/$MODREL" -name '*.ko.xz' -print0 | xargs -0 -r -n 64 -P "$(nproc)" xz -d
    find "$KROOT.tmp/$MODREL" -name '*.ko.zst' -print0 | xargs -0 -r -n 64 -P "$(nproc)" zstd -q -d --rm
    find "$KROOT.tmp/$MODREL" -name '*.ko.gz' -print0 | xargs -0 -r -n 64 -P "$(nproc)" gzip -d
fi
# The package ships no modules.dep (depmod runs at install time): make one.
# (depmod looks under BASE/lib/modules; Debian 13's are under usr/.)
depmod -b "$KROOT.tmp/${MODREL%%lib/modules/*}" "$KVER"
[ -s "$KROOT.tmp/$MODREL/modules.dep" ] || die "depmod produced no modules.dep"
! grep -qE '\.ko\.(xz|zst|gz)' "$KROOT.tmp/$MODREL/modules.dep" || die "modules.dep still names compressed modules"
grep -qE '(^|/)ip_vs\.ko:' "$KROOT.tmp/$MODREL/modules.dep" || die "kernel $KVER has no ip_vs module"
rm -rf "$KROOT"
mv "$KROOT.tmp" "$KROOT"

cat > "$ENVF" <<ENV
VM_KERNEL=$VM_KERNEL
KVER=$KVER
VMLINUZ=$KROOT/boot/vmlinuz-$KVER
MODDIR=$KROOT/$MODREL
GUEST_ROOT=$UROOT
ENV
echo "$want" > "$KCACHE/.stamp"
log "ready: kernel $KVER ($KSUITE), ipvsadm $REF_VERSION"
[ $PRINT_ENV = 0 ] || echo "$ENVF"
