# packaging/vm-root.sh: a real Debian 12 with systemd as init on the VM
# kernel, for packaging/vm-proof and scripts/clients.sh (sourced by both).
#
#   vm_root_init                  fetch the VM's prerequisites (vm/fetch.sh),
#                                 read their env (KVER, MODDIR, ...)
#   vm_root_base                  debootstrap bookworm (minbase + systemd +
#                                 Debian's ipvsadm) into $DROOT, once
#   vm_root_extend DIR PKG...     $DROOT plus Debian's PKGs, installed with
#                                 apt-get in a chroot, into DIR, once
#   vm_root_image BASE GUEST FILE...
#                                 BASE + the kernel's networking modules +
#                                 GUEST (run by a unit once the system is up),
#                                 vm-guest-lib.sh (which GUEST sources) and
#                                 FILEs in /proof, packed as the initramfs
#                                 $IMG/root.cpio.gz (the kernel unpacks it into
#                                 a tmpfs and runs systemd as /init: no disk)
#   vm_root_boot [boot.sh args]   boots it, prints the guest's @@PROOF lines;
#                                 returns the guest's status
#
# The mirror is the one this machine's apt sources name. The caller sets
# ROOT (the repository) and IMG (a scratch directory under packaging/.cache).
CACHE=${ROOT:?}/packaging/.cache
DROOT=$CACHE/bookworm-root

vm_log() { printf '==> %s\n' "$*" >&2; }

vm_root_init() {
    local env
    env=$("$ROOT/vm/fetch.sh" --env) || return 1
    # shellcheck disable=SC1090
    . "$env"
}

vm_root_mirror() {
    local mirror
    mirror=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
    [ -n "$mirror" ] || mirror=$(awk '/^deb / { print $2; exit }' /etc/apt/sources.list)
    printf '%s\n' "$mirror"
}

vm_root_trim() { # the package caches and documentation: not needed to boot
    rm -rf "$1"/var/cache/apt/archives/*.deb "$1"/var/cache/apt/*.bin "$1"/var/lib/apt/lists/*_Packages \
        "$1"/usr/share/doc/* "$1"/usr/share/locale/* "$1"/usr/share/man/*
}

vm_root_base() {
    [ -d "$DROOT" ] && return 0
    command -v debootstrap >/dev/null || apt-get install -y -q debootstrap >/dev/null
    vm_log "debootstrap bookworm (minbase + systemd + Debian's ipvsadm) from the configured mirror"
    rm -rf "$DROOT.tmp"
    debootstrap --variant=minbase --include=systemd,systemd-sysv,ipvsadm,kmod,iproute2,procps,rpm,cpio \
        bookworm "$DROOT.tmp" "$(vm_root_mirror)" >&2
    vm_root_trim "$DROOT.tmp"
    mv "$DROOT.tmp" "$DROOT"
}

vm_root_extend() {
    local dir=$1
    shift
    [ -d "$dir" ] && return 0
    vm_root_base
    vm_log "$(basename "$dir"): the base root plus $*"
    rm -rf "$dir.tmp"
    cp -a "$DROOT" "$dir.tmp"
    cp /etc/resolv.conf "$dir.tmp/etc/resolv.conf" 2>/dev/null || true
    # No service starts inside the chroot.
    printf '#!/bin/sh\nexit 101\n' > "$dir.tmp/usr/sbin/policy-rc.d"
    chmod 0755 "$dir.tmp/usr/sbin/policy-rc.d"
    chroot "$dir.tmp" apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive chroot "$dir.tmp" apt-get install -y -q --no-install-recommends "$@" >&2
    rm -f "$dir.tmp/usr/sbin/policy-rc.d" "$dir.tmp/etc/resolv.conf"
    vm_root_trim "$dir.tmp"
    mv "$dir.tmp" "$dir"
}

vm_root_image() {
    local base=$1 guest=$2 r
    shift 2
    rm -rf "$IMG"
    mkdir -p "$IMG"
    vm_log "assembling the initramfs root"
    cp -a "$base" "$IMG/root"
    r=$IMG/root
    # Kernel modules: the networking tree (ip_vs, schedulers, conntrack, dummy).
    mkdir -p "$r/lib/modules/$KVER/kernel/drivers/net"
    cp -a "$MODDIR/kernel/net" "$MODDIR/kernel/lib" "$MODDIR/kernel/crypto" "$r/lib/modules/$KVER/kernel/"
    cp -a "$MODDIR/kernel/drivers/net/dummy.ko"* "$r/lib/modules/$KVER/kernel/drivers/net/"
    cp -a "$MODDIR"/modules.order "$MODDIR"/modules.builtin* "$r/lib/modules/$KVER/" 2>/dev/null || true
    depmod -b "$r" "$KVER"
    mkdir -p "$r/proof"
    cp "$guest" "$ROOT/packaging/vm-guest-lib.sh" "$@" "$r/proof/"
    ln -sf /lib/systemd/systemd "$r/init"
    echo ipvsadm-proof > "$r/etc/hostname"
    cat > "$r/etc/systemd/system/proof.service" <<UNIT
[Unit]
Description=ipvsadm-rs proof on a real system
After=multi-user.target
[Service]
# Not oneshot: a oneshot start job would keep the boot transaction open, and
# systemd "starting" for the whole run, so Debian's service/init-functions
# would queue reloads with --no-block. Type=exec lets the boot finish; the
# guest script waits for it (systemctl is-system-running --wait).
Type=exec
StandardOutput=tty
StandardError=tty
TTYPath=/dev/ttyS0
ExecStart=/bin/bash /proof/$(basename "$guest")
UNIT
    mkdir -p "$r/etc/systemd/system/multi-user.target.wants"
    ln -sf ../proof.service "$r/etc/systemd/system/multi-user.target.wants/proof.service"
    # No getty, no waiting for devices that a VM without disks never has.
    ln -sf /dev/null "$r/etc/systemd/system/serial-getty@ttyS0.service"
    ln -sf /dev/null "$r/etc/systemd/system/getty@tty1.service"
}

vm_root_boot() {
    local rc
    (cd "$IMG/root" && find . | cpio -o -H newc --quiet | gzip -1) > "$IMG/root.cpio.gz"
    rm -rf "$IMG/root"
    vm_log "initramfs $(du -h "$IMG/root.cpio.gz" | cut -f1); booting (systemd as init, TCG)"
    "$ROOT/vm/boot.sh" --initrd "$IMG/root.cpio.gz" --log "$IMG/console.log" --no-ref-check "$@" \
        --append "rdinit=/init systemd.show_status=0 systemd.log_level=warning" && rc=0 || rc=$?
    tr -d '\r' < "$IMG/console.log" | sed -n 's/^@@PROOF //p'
    return "$rc"
}
