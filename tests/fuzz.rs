//! A fixed slice of the fuzzer (examples/fuzz): the same seed every run,
//! every target, small enough for a debug build.

#[allow(dead_code)]
#[path = "../examples/fuzz/harness.rs"]
mod harness;

use std::time::Duration;

#[test]
fn fixed_seed_slice_neither_panics_nor_hangs() {
    let report = harness::run(
        20_251_206,
        20_000,
        &harness::TARGETS,
        Duration::from_secs(10),
        256,
        None,
    );
    assert_eq!(report.inputs, 20_000);
    assert!(
        report.failures.is_empty(),
        "{}",
        report.failures.join("\n\n")
    );
}
