#!/usr/bin/env bash
# Runs every test: formatting and lints, the kernel-free unit/integration
# tests, the packages' checks, then on a real IPVS kernel in a qemu VM the
# LVS-DR demo, the sync-daemon HA, lvs-realserver, keepalived and ldirectord
# (scripts/clients.sh), apply, torn-listing and crash scenarios in check
# mode, the benchmark's smoke run, the compat suite (ours vs ipvsadm 1.31, on
# Debian 12's kernel, then on Debian 13's and Debian 11's) and the JSON proof (our
# --json against 1.31's views of the same state).
# Installs what it needs from Debian's packages (through vm/fetch.sh) and
# builds the release binary.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy"
cargo clippy --all-targets -q -- -D warnings

step "cargo test (kernel-free)"
cargo test

step "release build (static)"
cargo build --release -q

step "packages: build the .deb and .rpm, check file lists, modes, metadata, lintian, scripts"
packaging/check --no-cargo

step "VM prerequisites (Debian kernel, ipvsadm 1.31, qemu, busybox)"
vm/fetch.sh

step "LVS-DR demo on a real IPVS kernel (check mode)"
scripts/demo.sh --check

step "sync-daemon HA: master and backup directors on a real IPVS kernel (check mode)"
scripts/ha.sh --check

step "lvs-realserver on real servers of an LVS-DR setup (check mode)"
scripts/realserver.sh --check

step "real clients in a Debian with systemd: keepalived's table in every view, ours vs 1.31; ldirectord driving our ipvsadm (check mode)"
scripts/clients.sh --check

step "ipvsadm apply on a real IPVS kernel: a tenth of 2,000 services changed under traffic, zero failed requests; rollback, diff, dry run (check mode)"
scripts/apply.sh --check

step "no torn listings: 20 readers list a 2,005-service table for 30 s while a writer changes it (check mode)"
scripts/torn.sh --check --seconds 30

step "crash safety and concurrent writers: kill -9 of -R, apply and the packages' save at random points; two applies and a -R started together (check mode)"
scripts/crash.sh --check --trials 20 --rounds 6

step "benchmark smoke: 100 services, ours vs ipvsadm 1.31, outputs must match (no timing assertion)"
bench/run --smoke

step "compat suite: ours vs ipvsadm 1.31 on a real IPVS kernel"
compat-tests/run

step "compat suite on Debian 13's kernel (6.12)"
compat-tests/run --kernel 6.12

step "compat suite on Debian 11's kernel (5.10)"
compat-tests/run --kernel 5.10

step "compat score: each kernel's run is not worse than the recorded one; README's score is compat-tests/score's"
for k in 6.1 6.12 5.10; do
    compat-tests/score --not-worse "compat-tests/results/kernel-$k"
done
compat-tests/score --check

step "JSON proof: -L --json against 1.31's own views of one director under traffic, every number"
compat-tests/json-proof
