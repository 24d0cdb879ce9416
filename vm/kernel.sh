# shellcheck shell=bash disable=SC2034
# vm/kernel.sh — sourced by vm/fetch.sh, vm/build-initramfs.sh and
# vm/boot.sh (after they set VM_DIR): which Debian kernel the VM boots and
# where its files are cached.
#
#   VM_KERNEL=5.10   Debian 11 (bullseye)'s linux-image-5.10.*-amd64
#   VM_KERNEL=6.1    Debian 12 (bookworm)'s linux-image-6.1.*-amd64 (default)
#   VM_KERNEL=6.12   Debian 13 (trixie)'s linux-image-6.12.*-amd64
#
# Each is the version that suite's linux-image-amd64 metapackage depends on.
# Sets VM_KERNEL, KSUITE (the Debian suite), CACHE (VM_CACHE or vm/.cache:
# the guest userland shared by all kernels) and KCACHE ($CACHE/kernel-K:
# the kernel, its modules, the env file and the base image of one kernel).
VM_KERNEL=${VM_KERNEL:-6.1}
case "$VM_KERNEL" in
    5.10) KSUITE=bullseye ;;
    6.1) KSUITE=bookworm ;;
    6.12) KSUITE=trixie ;;
    *)
        echo "VM_KERNEL=$VM_KERNEL: must be 5.10 (Debian 11), 6.1 (Debian 12, the default) or 6.12 (Debian 13)" >&2
        exit 2
        ;;
esac
CACHE=${VM_CACHE:-$VM_DIR/.cache}
KCACHE=$CACHE/kernel-$VM_KERNEL
export VM_KERNEL
