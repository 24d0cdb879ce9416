//! The big fuzzing run:
//!
//! cargo run --profile fuzz --example fuzz -- --inputs 1000000 --seed 1 --target all
//!
//! cargo run --profile fuzz --example fuzz -- --target rules --replay HEX
//!
//! Prints progress and totals; exits 1 on any panic (each printed with
//! its input, escaped and in hex), 3 on an input running longer than the
//! bound (printed by the watchdog), 2 on bad arguments.

mod harness;

use std::process::ExitCode;
use std::time::Duration;

fn main() -> ExitCode {
    let mut inputs: u64 = 1_000_000;
    let mut seed: u64 = 1;
    let mut targets = harness::TARGETS.to_vec();
    let mut bound = Duration::from_secs(2);
    let mut deep_every = 64;
    let mut replay = None;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let value = it.next();
        let ok = match (a.as_str(), value) {
            ("--inputs", Some(v)) => v.parse().map(|n| inputs = n).is_ok(),
            ("--seed", Some(v)) => v.parse().map(|n| seed = n).is_ok(),
            ("--bound-ms", Some(v)) => v.parse().map(|n| bound = Duration::from_millis(n)).is_ok(),
            ("--deep-every", Some(v)) => v.parse().map(|n| deep_every = n).is_ok(),
            ("--target", Some(v)) => harness::Target::parse(v).map(|t| targets = t).is_some(),
            ("--replay", Some(v)) => {
                replay = Some(v.clone());
                true
            }
            _ => false,
        };
        if !ok {
            eprintln!(
                "usage: fuzz [--inputs N] [--seed N] [--target argv|rules|netlink|realserver|all] [--bound-ms N] [--deep-every N] [--replay HEX]"
            );
            return ExitCode::from(2);
        }
    }
    if let Some(hex) = replay {
        // One input again (with --target naming its target), the panic
        // reported by the default hook.
        let Some(input) = harness::Input::from_hex(targets[0], &hex) else {
            eprintln!("--replay: not hex");
            return ExitCode::from(2);
        };
        println!("{}", input.describe());
        harness::World::new().execute(&input, true);
        println!("no panic");
        return ExitCode::SUCCESS;
    }
    let names: Vec<&str> = targets.iter().map(|t| t.name()).collect();
    println!(
        "seed {seed}, {inputs} inputs over {}, bound {} ms",
        names.join(","),
        bound.as_millis()
    );
    let mut out = std::io::stdout();
    let report = harness::run(seed, inputs, &targets, bound, deep_every, Some(&mut out));
    let secs = report.elapsed.as_secs_f64();
    for (t, n, accepted) in &report.per_target {
        println!("  {:<10} {n:>9} inputs, {accepted:>9} accepted", t.name());
    }
    println!(
        "{} inputs in {secs:.1} s ({:.0} inputs/s): {} panics, 0 hangs",
        report.inputs,
        report.inputs as f64 / secs,
        report.failures.len()
    );
    for f in &report.failures {
        println!("\n{f}");
    }
    if report.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
