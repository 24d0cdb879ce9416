# vm/scenario.sh — sourced by scripts/demo.sh, scripts/ha.sh and
# scripts/realserver.sh: parse their common arguments, install what the VM
# needs, build our binary if it is missing, boot the VM with one guest script
# and collect its results.
#
# The caller sets NAME (for messages), ROOT (the checkout), GUEST (the guest
# script, run as the payload's main.sh; vm/guest-lib.sh goes next to it),
# TIMEOUT (seconds) and, if the scenario can run with another binary,
# WITH_IPVSADM=1, and EXTRA_PAYLOAD (an array of SRC:NAME: more files for
# the payload directory) if it needs any; sources this file and calls `scenario_args "$@"`, which
# sets CHECK (1: no live console, print the transcript afterwards) and BIN
# (our binary's path, "ref" for the reference only, or empty for the
# release build), then `scenario_run`. Afterwards R is the directory of the
# guest's results, whose `verdict` said `done`.

fail() { echo "$NAME: FAILED: $*" >&2; exit 1; }

# The arguments every scenario takes: --check, -h/--help (the caller's header
# comment) and, with WITH_IPVSADM=1, --ipvsadm PATH|ref.
scenario_args() {
    CHECK=0 BIN=""
    while [ $# -gt 0 ]; do
        case "$1" in
            --check) CHECK=1; shift ;;
            --ipvsadm|--ipvsadm=*)
                [ "${WITH_IPVSADM:-0}" = 1 ] || scenario_usage "unknown argument $1"
                if [ "$1" = --ipvsadm ]; then
                    [ $# -ge 2 ] || scenario_usage "--ipvsadm needs a path or 'ref'"
                    BIN=$2; shift 2
                else
                    BIN=${1#*=}; shift
                fi
                [ -n "$BIN" ] || scenario_usage "--ipvsadm needs a path or 'ref'"
                ;;
            -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
            *) scenario_usage "unknown argument $1" ;;
        esac
    done
}

scenario_usage() { echo "$NAME: $* (see --help)" >&2; exit 2; }

fail() { echo "$NAME: FAILED: $*" >&2; exit 1; }

scenario_run() {
    "$ROOT/vm/fetch.sh"
    if [ -z "$BIN" ]; then
        BIN=$ROOT/target/x86_64-unknown-linux-gnu/release/ipvsadm
        if [ ! -x "$BIN" ]; then
            echo "$NAME: $BIN missing; building it (cargo build --release)" >&2
            command -v cargo >/dev/null || fail "cargo not found: install a Rust toolchain or pass --ipvsadm PATH"
            (cd "$ROOT" && cargo build --release) || fail "cargo build --release failed"
        fi
    fi
    WORK=$(mktemp -d "/tmp/$NAME.XXXXXX")
    trap 'rm -rf "$WORK"' EXIT
    mkdir -p "$WORK/payload"
    cp "$GUEST" "$WORK/payload/main.sh"
    cp "$ROOT/vm/guest-lib.sh" "$WORK/payload/guest-lib.sh"   # sourced by main.sh
    if [ "$BIN" != ref ]; then
        [ -f "$BIN" ] || fail "no such binary: $BIN"
        cp "$BIN" "$WORK/payload/ipvsadm"
    fi
    local extra
    for extra in ${EXTRA_PAYLOAD[@]+"${EXTRA_PAYLOAD[@]}"}; do
        cp "${extra%%:*}" "$WORK/payload/${extra#*:}"
    done
    "$ROOT/vm/build-initramfs.sh" -o "$WORK/initrd.gz" --payload "$WORK/payload"

    local show=(--show) vmrc
    [ "$CHECK" = 1 ] && show=()
    echo "$NAME: booting the VM (qemu, TCG)..." >&2
    set +e
    "$ROOT/vm/boot.sh" --initrd "$WORK/initrd.gz" --results "$WORK/res" --timeout "$TIMEOUT" \
        --log "$WORK/console.log" ${show[@]+"${show[@]}"}
    vmrc=$?
    set -e
    R=$WORK/res
    if [ "$CHECK" = 1 ] && [ -f "$R/transcript" ]; then
        cat "$R/transcript"
    fi
    if [ ! -f "$R/verdict" ]; then
        tail -n 40 "$WORK/console.log" >&2 || true
        fail "the VM run produced no result (boot.sh status $vmrc)"
    fi
    grep -q '^done$' "$R/verdict" || fail "$(cat "$R/verdict")"
}
