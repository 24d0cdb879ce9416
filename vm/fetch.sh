#!/usr/bin/env bash
# vm/fetch.sh — install the host tools for the test VM and fetch/extract the
# Debian packages that make up the guest (kernel + modules, reference ipvsadm
# and its libraries, netbase). Idempotent: re-running is cheap.
#
# Everything comes from the machine's configured Debian archive via apt-get.
# Result: vm/.cache/root/ (merged dpkg-deb -x of all packages) and
#         vm/.cache/env (shell variables: KVER, VMLINUZ, MODDIR).
set -euo pipefail

VM_DIR=$(cd "$(dirname "$0")" && pwd)
CACHE=${VM_CACHE:-$VM_DIR/.cache}
DEBS=$CACHE/debs
ROOT=$CACHE/root

log() { printf 'fetch: %s\n' "$*" >&2; }

if [ "$(id -u)" != 0 ]; then
    log "must run as root (apt-get install/download)"; exit 1
fi
export DEBIAN_FRONTEND=noninteractive

HOST_PKGS="qemu-system-x86 busybox-static cpio iproute2 xz-utils kmod bash"
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

if [ -n "$need_install" ]; then
    apt_update
    log "installing:$need_install"
    apt-get install -y -qq --no-install-recommends $need_install >&2
fi

# Resolve the concrete kernel package behind the linux-image-amd64 metapackage.
resolve_kernel() {
    apt-cache depends linux-image-amd64 2>/dev/null \
        | sed -n 's/^ *Depends: \(linux-image-6\.1\.[^ ]*-amd64\)$/\1/p' | head -n1
}
KPKG=$(resolve_kernel || true)
if [ -z "$KPKG" ]; then
    apt_update
    KPKG=$(resolve_kernel || true)
fi
if [ -z "$KPKG" ]; then
    log "cannot resolve linux-image-6.1.*-amd64 from linux-image-amd64"; exit 1
fi

GUEST_PKGS="$KPKG ipvsadm libpopt0 libnl-3-200 libnl-genl-3-200 netbase"
STAMP=$CACHE/.stamp
want="$GUEST_PKGS"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && [ -d "$ROOT" ] && [ -f "$CACHE/env" ]; then
    log "up to date ($KPKG)"
    exit 0
fi

mkdir -p "$DEBS"
# apt-get download drops privileges to _apt when it can write the target dir.
if id _apt >/dev/null 2>&1; then chown _apt "$DEBS" 2>/dev/null || true; fi
cd "$DEBS"
for p in $GUEST_PKGS; do
    if ! ls "${p}"_*.deb >/dev/null 2>&1; then
        log "downloading $p"
        if ! apt-get download -qq "$p" >&2; then
            apt_update
            apt-get download -qq "$p" >&2
        fi
    fi
done

rm -rf "$ROOT.tmp"
mkdir -p "$ROOT.tmp"
for p in $GUEST_PKGS; do
    deb=$(ls "${p}"_*.deb | sort -V | tail -n1)
    log "extracting $deb"
    dpkg-deb -x "$deb" "$ROOT.tmp"
done
rm -rf "$ROOT"
mv "$ROOT.tmp" "$ROOT"

VMLINUZ=$(ls "$ROOT"/boot/vmlinuz-* | head -n1)
KVER=${VMLINUZ##*/vmlinuz-}
MODDIR=$ROOT/lib/modules/$KVER
[ -d "$MODDIR" ] || MODDIR=$ROOT/usr/lib/modules/$KVER
[ -d "$MODDIR" ] || { log "no module dir for $KVER"; exit 1; }
# The package ships no modules.dep (depmod runs at install time): make one.
depmod -b "$ROOT" "$KVER"
[ -s "$MODDIR/modules.dep" ] || { log "depmod produced no modules.dep"; exit 1; }
[ -x "$ROOT/sbin/ipvsadm" ] || { log "ipvsadm missing from extraction"; exit 1; }

cat > "$CACHE/env" <<ENV
KVER=$KVER
VMLINUZ=$VMLINUZ
MODDIR=$MODDIR
GUEST_ROOT=$ROOT
ENV
echo "$want" > "$STAMP"
log "ready: kernel $KVER"
