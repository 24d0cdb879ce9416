#!/usr/bin/env bash
# vm/boot.sh — boot Debian's kernel (VM_KERNEL: 5.10, 6.1 (default) or 6.12,
# see vm/kernel.sh) with an initramfs under qemu (TCG) and collect what the
# guest reports on its serial console.
#
#   vm/boot.sh --initrd FILE [--log FILE] [--results DIR] [--timeout SEC]
#              [--smp N] [--mem MB] [--show] [--no-ref-check]
#              [--append "EXTRA KERNEL ARGS"]
#
#   --log      serial console log (default: a temp file, removed on success)
#   --results  directory to unpack the guest's /results tree into
#   --timeout  wall-clock limit for the whole VM run (default 900 s)
#   --smp      vCPUs (default: host CPUs, at most 4); multi-threaded TCG
#   --no-ref-check  an image of its own, not vm/init's: do not require the
#              guest's report of the reference's version line
#   --show     copy the console to stdout while the VM runs (markers and the
#              base64 result block are filtered out)
#
# Exit status: the exit status of the guest's /payload/main.sh; 124 if the VM
# hit the timeout; 125 if the guest did not report an exit status (crash,
# kernel panic) or the result block was damaged.
# Timing (boot to ready, total) is reported on stderr.
set -euo pipefail

VM_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=kernel.sh
. "$VM_DIR/kernel.sh"
INITRD="" LOG="" RESULTS="" TIMEOUT=900 SHOW=0 EXTRA="" REF_CHECK=1
NCPU=$(nproc 2>/dev/null || echo 1)
SMP=$(( NCPU > 4 ? 4 : NCPU ))
MEM=1024
while [ $# -gt 0 ]; do
    case "$1" in
        --initrd) INITRD=$2; shift 2 ;;
        --log) LOG=$2; shift 2 ;;
        --results) RESULTS=$2; shift 2 ;;
        --timeout) TIMEOUT=$2; shift 2 ;;
        --smp) SMP=$2; shift 2 ;;
        --mem) MEM=$2; shift 2 ;;
        --show) SHOW=1; shift ;;
        --no-ref-check) REF_CHECK=0; shift ;;
        --append) EXTRA=$2; shift 2 ;;
        *) echo "boot: unknown argument $1" >&2; exit 2 ;;
    esac
done
[ -n "$INITRD" ] && [ -f "$INITRD" ] || { echo "boot: --initrd FILE required" >&2; exit 2; }
[ -f "$KCACHE/env" ] || { echo "boot: run VM_KERNEL=$VM_KERNEL vm/fetch.sh first" >&2; exit 1; }
# shellcheck disable=SC1091
. "$KCACHE/env"

own_log=0
if [ -z "$LOG" ]; then LOG=$(mktemp /tmp/vm-console.XXXXXX); own_log=1; fi
: > "$LOG"

# TCG only: KVM guests hang on the machines this runs on.
# clocksource=hpet: under TCG the guest's TSC calibration can go wrong on a
# loaded host, and its clock then ran several times too fast (a compat run
# hit its in-guest deadline after 9 real minutes); the HPET follows QEMU's
# virtual clock, i.e. host time.
ACCEL="tcg"
[ "$SMP" -gt 1 ] && ACCEL="tcg,thread=multi"

start=$(date +%s.%N)
set +e
timeout -k 10 "$TIMEOUT" qemu-system-x86_64 \
    -accel "$ACCEL" -cpu max -smp "$SMP" -m "$MEM" \
    -nodefaults -display none -no-reboot \
    -serial "file:$LOG" \
    -kernel "$VMLINUZ" -initrd "$INITRD" \
    -append "console=ttyS0 quiet loglevel=1 panic=-1 mitigations=off random.trust_cpu=on clocksource=hpet no_timer_check $EXTRA" \
    </dev/null >"$LOG.qemu" 2>&1 &
qpid=$!

ready=""
tailpid=""
if [ $SHOW = 1 ]; then
    # Live copy of the console, without the protocol lines.
    tail -n +1 -f --pid=$qpid "$LOG" 2>/dev/null | tr -d '\r' | awk '
        /^@@VM-RESULTS-BEGIN/ { skip = 1; next }
        /^@@VM-RESULTS-END@@/ { skip = 0; next }
        /^@@VM-/ { next }
        /^\[ *[0-9]+\.[0-9]+\] (reboot: Power down|ACPI)/ { next }
        !skip { print; fflush() }' &
    tailpid=$!
fi
while kill -0 $qpid 2>/dev/null; do
    if [ -z "$ready" ] && grep -q '^@@VM-READY' "$LOG" 2>/dev/null; then
        ready=$(date +%s.%N)
    fi
    sleep 0.2
done
wait $qpid
qrc=$?
[ -n "$tailpid" ] && { wait "$tailpid" 2>/dev/null || true; }
set -e
end=$(date +%s.%N)

sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a - b }'; }
guest_up=$(tr -d '\r' < "$LOG" | sed -n 's/^@@VM-READY uptime=\([0-9.]*\)@@$/\1/p' | head -n1)
if [ -n "$ready" ]; then
    printf 'boot: guest ready after %.1fs (guest uptime %ss), VM total %.1fs\n' \
        "$(sub "$ready" "$start")" "${guest_up:-?}" "$(sub "$end" "$start")" >&2
else
    printf 'boot: guest never became ready; VM total %.1fs\n' "$(sub "$end" "$start")" >&2
fi

if [ $qrc = 124 ] || [ $qrc = 137 ]; then
    echo "boot: TIMEOUT after ${TIMEOUT}s (console log: $LOG)" >&2
    exit 124
fi
if [ $qrc != 0 ]; then
    echo "boot: qemu exited with status $qrc:" >&2
    cat "$LOG.qemu" >&2
fi

# The guest's reference must be the pinned one (vm/fetch.sh checks the
# package; this is the binary itself, run on the guest's kernel). Only for
# vm/init, which says @@VM-REF; images of their own (packaging/vm-root.sh:
# a Debian root with our package as /sbin/ipvsadm) pass --no-ref-check.
REF_LINE='ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)'
if [ "$REF_CHECK" = 1 ] && tr -d '\r' < "$LOG" | grep -q '^@@VM-READY'; then
    ref=$(tr -d '\r' < "$LOG" | sed -n 's/^@@VM-REF \(.*\)@@$/\1/p' | head -n1)
    if [ "$ref" != "$REF_LINE" ]; then
        echo "boot: the guest's /sbin/ipvsadm -v says '$ref', not '$REF_LINE' (console log: $LOG)" >&2
        exit 125
    fi
fi

grc=$(tr -d '\r' < "$LOG" | sed -n 's/^@@VM-EXIT rc=\([0-9]*\)@@$/\1/p' | tail -n1)
if [ -z "$grc" ]; then
    echo "boot: guest did not report an exit status (console log: $LOG); last lines:" >&2
    tr -d '\r' < "$LOG" | tail -n 30 >&2
    exit 125
fi

if [ -n "$RESULTS" ]; then
    mkdir -p "$RESULTS"
    hdr=$(tr -d '\r' < "$LOG" | grep -m1 '^@@VM-RESULTS-BEGIN' || true)
    if [ -n "$hdr" ]; then
        want_bytes=$(echo "$hdr" | sed -n 's/.*bytes=\([0-9]*\).*/\1/p')
        want_md5=$(echo "$hdr" | sed -n 's/.*md5=\([0-9a-f]*\).*/\1/p')
        tgz=$(mktemp /tmp/vm-results.XXXXXX)
        # Only lines made of base64 characters: stray console noise is dropped
        # here and caught by the size/md5 check below.
        tr -d '\r' < "$LOG" | sed -n '/^@@VM-RESULTS-BEGIN/,/^@@VM-RESULTS-END@@/p' \
            | grep -E '^[A-Za-z0-9+/=]+$' | base64 -d > "$tgz" || true
        got_bytes=$(wc -c < "$tgz"); got_md5=$(md5sum < "$tgz" | cut -d' ' -f1)
        if [ "$got_bytes" != "$want_bytes" ] || [ "$got_md5" != "$want_md5" ]; then
            echo "boot: result block damaged ($got_bytes/$want_bytes bytes, md5 $got_md5/$want_md5); console log: $LOG" >&2
            rm -f "$tgz"
            exit 125
        fi
        tar xzf "$tgz" -C "$RESULTS"
        rm -f "$tgz"
    fi
fi

[ $own_log = 1 ] && [ "$grc" = 0 ] && rm -f "$LOG" "$LOG.qemu"
exit "$grc"
