#!/usr/bin/env bash
# vm/build-initramfs.sh — build the guest initramfs.
#
#   vm/build-initramfs.sh -o OUT.cpio.gz [--payload DIR]
#
# The image is two concatenated gzip'ed cpio archives (the kernel unpacks
# them in order):
#   1. a cached base per kernel (vm/.cache/kernel-K/base.cpio.gz, K from
#      VM_KERNEL, see vm/kernel.sh): busybox-static with applet
#      links, bash (the Debian ipvsadm-save/-restore wrappers are bash
#      scripts), iproute2's ip as /usr/sbin/ip-full (busybox prefers its own
#      `ip` applet, which has no `netns`), the IPVS/netns kernel modules
#      and ipip (tunl0 for lvs-realserver's tun mode) (decompressed, loaded
#      by /init in dependency order), the reference
#      ipvsadm 1.31 at /sbin/ipvsadm (+ Debian's /sbin/ipvsadm-save and
#      /sbin/ipvsadm-restore) with its shared libraries, /etc/services,
#      /etc/protocols, /etc/hosts, /etc/nsswitch.conf and /init;
#   2. the payload DIR, unpacked at /payload. If DIR/main.sh exists /init
#      runs it (see vm/init for the result framing).
# Run vm/fetch.sh first (scripts calling this do).
set -euo pipefail

VM_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=kernel.sh
. "$VM_DIR/kernel.sh"
OUT=""
PAYLOAD=""
while [ $# -gt 0 ]; do
    case "$1" in
        -o) OUT=$2; shift 2 ;;
        --payload) PAYLOAD=$2; shift 2 ;;
        *) echo "usage: $0 -o OUT.cpio.gz [--payload DIR]" >&2; exit 2 ;;
    esac
done
[ -n "$OUT" ] || { echo "usage: $0 -o OUT.cpio.gz [--payload DIR]" >&2; exit 2; }
[ -f "$KCACHE/env" ] || { echo "build-initramfs: run VM_KERNEL=$VM_KERNEL vm/fetch.sh first" >&2; exit 1; }
# shellcheck disable=SC1091
. "$KCACHE/env"

log() { printf 'build-initramfs: %s\n' "$*" >&2; }

# Modules wanted; their dependencies are added from modules.dep.
MODULES="crc32c_generic libcrc32c nf_defrag_ipv4 nf_defrag_ipv6 nf_conntrack ip_vs
ip_vs_rr ip_vs_wrr ip_vs_lc ip_vs_wlc ip_vs_lblc ip_vs_lblcr ip_vs_dh ip_vs_sh
ip_vs_sed ip_vs_nq ip_vs_fo ip_vs_ovf ip_vs_mh ip_vs_twos nf_conntrack_sip
ip_vs_pe_sip dummy veth llc stp bridge ipip"

# Wanted modules a supported kernel may lack (ip_vs_twos came with 6.2: not
# in 5.10 or 6.1; compat-tests/kernel-facts). Any other one missing fails.
ABSENT_OK="ip_vs_twos"

BASE=$KCACHE/base.cpio.gz
BASE_STAMP=$KCACHE/base.stamp
stamp_now() {
    # Anything that changes the base image invalidates the cache.
    { cat "$KCACHE/env" "$KCACHE/.stamp" "$VM_DIR/build-initramfs.sh" "$VM_DIR/init";
      echo "$MODULES"; ls -l --time-style=+%s /bin/busybox /bin/bash /bin/ip 2>/dev/null; } | md5sum | cut -d' ' -f1
}

build_base() {
    local T
    T=$(mktemp -d "$KCACHE/base.tmp.XXXXXX")
    mkdir -p "$T"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,run,tmp,root,payload,lib/modules,lib/x86_64-linux-gnu,lib64,var/run}
    chmod 1777 "$T/tmp"

    # busybox + applet links (never overwrite real files installed later).
    cp /bin/busybox "$T/bin/busybox"
    local a
    while read -r a; do
        a=${a#/}
        [ -e "$T/$a" ] || [ -L "$T/$a" ] || ln -s /bin/busybox "$T/$a"
    done < <(/bin/busybox --list-full)

    # Copy a dynamically linked executable and the libraries ldd reports.
    copy_libs() {   # $1 = binary, extra LD_LIBRARY_PATH in $2
        local lib
        while read -r lib; do
            [ -n "$lib" ] || continue
            local base=${lib##*/}
            if [ "$base" = ld-linux-x86-64.so.2 ]; then
                cp -L "$lib" "$T/lib64/$base"
            else
                cp -L "$lib" "$T/lib/x86_64-linux-gnu/$base"
            fi
        done < <(LD_LIBRARY_PATH=${2:-} ldd "$1" | awk '/=> \//{print $3} /^\t\/lib/{print $1}')
    }
    rm -f "$T/bin/bash"
    cp -L /bin/bash "$T/bin/bash"; copy_libs /bin/bash
    local IP; IP=$(command -v ip 2>/dev/null || echo /sbin/ip); IP=$(readlink -f "$IP")
    cp "$IP" "$T/usr/sbin/ip-full"; copy_libs "$IP"

    # Reference ipvsadm 1.31 (Debian 1:1.31-1+b1) and the Debian wrappers.
    local G=$GUEST_ROOT
    for f in ipvsadm ipvsadm-save ipvsadm-restore; do
        rm -f "$T/sbin/$f"; cp "$G/sbin/$f" "$T/sbin/$f"
    done
    copy_libs "$G/sbin/ipvsadm" "$G/lib/x86_64-linux-gnu:$G/usr/lib/x86_64-linux-gnu"
    ln -sf ../lib64/ld-linux-x86-64.so.2 "$T/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"
    # Make sure the loader finds the multiarch dir without ld.so.cache.
    printf '/lib/x86_64-linux-gnu\n/usr/lib/x86_64-linux-gnu\n' > "$T/etc/ld.so.conf"

    # Kernel modules, in load order (dependencies first), decompressed.
    local order=() seen=" "
    visit() {
        local m=$1 path deps d
        case "$seen" in *" $m "*) return ;; esac
        local pat=${m//_/[-_]}
        path=$(grep -E "(^|/)${pat}\.ko(\.xz|\.zst|\.gz)?:" "$MODDIR/modules.dep" | head -n1 || true)
        if [ -z "$path" ]; then
            if grep -qE "(^|/)${pat}\.ko" "$MODDIR/modules.builtin" 2>/dev/null; then
                seen="$seen$m "; return   # built in
            fi
            case " $ABSENT_OK " in
                *" $m "*) log "note: module $m not in this kernel, skipped"; seen="$seen$m "; return ;;
            esac
            log "module $m is not in kernel $KVER"; exit 1
        fi
        seen="$seen$m "
        deps=${path#*:}
        # modules.dep lists the transitive closure, last = load first.
        local arr=($deps) i
        for ((i=${#arr[@]}-1; i>=0; i--)); do
            d=${arr[$i]##*/}; d=${d%%.ko*}; d=${d//-/_}
            visit "$d"
        done
        order+=("$m:${path%%:*}")
    }
    local m
    for m in $MODULES; do visit "$m"; done
    : > "$T/lib/modules/load.list"
    local ent name rel src
    for ent in "${order[@]}"; do
        name=${ent%%:*}; rel=${ent#*:}; src=$MODDIR/$rel
        case "$src" in
            *.ko.xz) xz -dc "$src" > "$T/lib/modules/$name.ko" ;;
            *.ko.zst) zstd -dc "$src" > "$T/lib/modules/$name.ko" ;;
            *.ko.gz) gzip -dc "$src" > "$T/lib/modules/$name.ko" ;;
            *) cp "$src" "$T/lib/modules/$name.ko" ;;
        esac
        echo "$name" >> "$T/lib/modules/load.list"
    done
    log "modules: $(tr '\n' ' ' < "$T/lib/modules/load.list")"

    # /etc
    cp "$G/etc/services" "$G/etc/protocols" "$T/etc/"
    cat > "$T/etc/hosts" <<'EOF'
127.0.0.1 localhost
::1 localhost ip6-localhost ip6-loopback
10.0.0.2 rs2.example
10.0.0.100 vip.example
fd00::2 rs6.example
10.0.0.50 client.example
EOF
    printf 'hosts: files\nservices: files\nprotocols: files\n' > "$T/etc/nsswitch.conf"
    printf 'root:x:0:0:root:/root:/bin/sh\n' > "$T/etc/passwd"
    printf 'root:x:0:\n' > "$T/etc/group"
    echo vm > "$T/etc/hostname"
    cp "$VM_DIR/init" "$T/init"; chmod 755 "$T/init"

    (cd "$T" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) | gzip -1 > "$T.cpio.gz"
    mv "$T.cpio.gz" "$BASE"
    rm -rf "$T"
}

want=$(stamp_now)
if [ ! -f "$BASE" ] || [ "$(cat "$BASE_STAMP" 2>/dev/null)" != "$want" ]; then
    log "building base image"
    build_base
    echo "$want" > "$BASE_STAMP.$$"
    mv "$BASE_STAMP.$$" "$BASE_STAMP"
fi

cp "$BASE" "$OUT.tmp.$$"
if [ -n "$PAYLOAD" ]; then
    [ -d "$PAYLOAD" ] || { log "payload $PAYLOAD is not a directory"; exit 1; }
    P=$(mktemp -d)
    trap 'rm -rf "$P"' EXIT
    mkdir -p "$P/payload"
    cp -a "$PAYLOAD"/. "$P/payload/"
    (cd "$P" && find payload | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) | gzip -1 >> "$OUT.tmp.$$"
fi
mv "$OUT.tmp.$$" "$OUT"
log "wrote $OUT ($(du -h "$OUT" | cut -f1))"
