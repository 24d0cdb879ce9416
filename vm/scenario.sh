# vm/scenario.sh — sourced by scripts/demo.sh, ha.sh, realserver.sh,
# apply.sh, crash.sh and torn.sh: parse their arguments, install what the VM
# needs, build our binary if it is missing, boot the VM with one guest script
# and collect its results.
#
# The caller sets NAME (for messages), ROOT (the checkout), GUEST (the guest
# script, run as the payload's main.sh; vm/guest-lib.sh goes next to it),
# TIMEOUT (seconds) and, if the scenario can run with another binary,
# WITH_IPVSADM=1, and EXTRA_PAYLOAD (an array of SRC:NAME: more files for
# the payload directory) if it needs any, and PARAMS (an array, below) if it
# takes options of its own; sources this file and calls `scenario_args "$@"`,
# which sets CHECK (1: no live console, print the transcript afterwards), BIN
# (our binary's path, "ref" for the reference only, or empty for the release
# build) and PARAM, then `scenario_run`. Afterwards R is the directory of the
# guest's results, whose `verdict` said `done`.
#
# PARAMS=(NAME=DEFAULT ... FLAG ...): the scenario's own options. NAME=DEFAULT
# is `--NAME VALUE` (or `--NAME=VALUE`), a whole number when DEFAULT is one;
# FLAG is `--FLAG` (then 1, else 0). PARAM[NAME] holds the value, which the
# guest reads as /payload/NAME.

fail() { echo "$NAME: FAILED: $*" >&2; exit 1; }

# The arguments every scenario takes: --check, -h/--help (the caller's header
# comment), with WITH_IPVSADM=1 --ipvsadm PATH|ref, and the caller's PARAMS.
scenario_args() {
    CHECK=0 BIN=""
    declare -gA PARAM=()
    declare -gA PARAM_FLAG=()
    local p name value
    for p in ${PARAMS[@]+"${PARAMS[@]}"}; do
        if [[ $p == *=* ]]; then PARAM[${p%%=*}]=${p#*=}; else PARAM[$p]=0; PARAM_FLAG[$p]=1; fi
    done
    while [ $# -gt 0 ]; do
        name=${1#--}; name=${name%%=*}
        if [[ $1 == --* ]] && [ -n "$name" ] && [ -n "${PARAM[$name]+set}" ]; then
            if [ -n "${PARAM_FLAG[$name]+set}" ]; then
                [ "$1" = "--$name" ] || scenario_usage "--$name takes no value"
                PARAM[$name]=1; shift; continue
            fi
            if [ "$1" = "--$name" ]; then
                [ $# -ge 2 ] || scenario_usage "--$name needs a value"
                value=$2; shift 2
            else
                value=${1#*=}; shift
            fi
            if [[ ${PARAM[$name]} =~ ^[0-9]+$ ]] && ! [[ $value =~ ^[0-9]+$ ]]; then
                scenario_usage "--$name takes a whole number, not '$value'"
            fi
            PARAM[$name]=$value
            continue
        fi
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
    local extra name
    for name in "${!PARAM[@]}"; do
        printf '%s\n' "${PARAM[$name]}" > "$WORK/payload/$name"
    done
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
