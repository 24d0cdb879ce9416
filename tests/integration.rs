//! Integration tests of the built binary: static linking, argv[0] dispatch,
//! and behaviour on a host without IPVS. In-process tests against the fake
//! kernel live in `tests/inprocess.rs`, and `--json` against its schema in
//! `tests/json.rs` (both included below), so there is one test binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod inprocess;
mod json;

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_ipvsadm"))
}

/// A scratch directory with the binary linked under `name`.
fn linked_as(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ipvsadm-rs-it-{}-{}", std::process::id(), name));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let link = dir.join(name);
    std::os::unix::fs::symlink(bin(), &link).unwrap();
    link
}

fn run(path: &Path, args: &[&str]) -> Output {
    Command::new(path).args(args).output().unwrap()
}

fn host_has_ipvs() -> bool {
    Path::new("/proc/net/ip_vs").exists()
}

#[test]
fn binary_is_fully_static() {
    let out = Command::new("readelf").arg("-d").arg(bin()).output();
    let Ok(out) = out else {
        panic!("readelf is needed for this test (binutils)");
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        !text.contains("(NEEDED)"),
        "binary has dynamic dependencies:\n{text}"
    );
    let hdr = Command::new("readelf")
        .arg("-l")
        .arg(bin())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&hdr.stdout);
    assert!(!text.contains("INTERP"), "binary asks for a dynamic loader");
}

#[test]
fn ipvsadm_save_rejects_unknown_dash_options_like_the_wrapper() {
    let link = linked_as("ipvsadm-save");
    let out = run(&link, &["-x"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "ipvsadm-save: Script to save the IPVS table to stdout.\n   With the -n option, prints out the table in numeric format.\n"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn no_ipvs_reports_like_1_31_even_for_help() {
    if host_has_ipvs() {
        eprintln!("skipped: this host has IPVS");
        return;
    }
    for args in [&["-h"][..], &["-Ln"], &["-nL"], &[]] {
        let out = run(&bin(), args);
        assert_eq!(out.status.code(), Some(2), "args {args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.ends_with(
                "Can't initialize ipvs: Protocol not available\nAre you sure that IP Virtual Server is built in the kernel or as module?\n"
            ),
            "args {args:?}: {stderr}"
        );
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn restore_personality_names_ipvsadm_in_messages() {
    if host_has_ipvs() {
        return;
    }
    let link = linked_as("ipvsadm-restore");
    let out = run(&link, &[]);
    assert_eq!(out.status.code(), Some(2));
}

/// Whether `word` stands in `text` as a whole option word (not as the prefix
/// of a longer one, e.g. `--tun-port` must not count for `--tun`).
fn mentions(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        let bounded_before = before.is_none_or(|c| !c.is_ascii_alphanumeric() && c != '-');
        let bounded_after = after.is_none_or(|c| !c.is_ascii_alphanumeric() && c != '-');
        bounded_before && bounded_after
    })
}

#[test]
fn man_page_documents_every_option_the_grammar_accepts() {
    let page = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/man/ipvsadm.8"))
        .expect("man/ipvsadm.8");
    // roff writes a literal dash as `\-`; font changes are `\fB`, `\fR`, ...
    let text = page
        .replace("\\-", "-")
        .replace("\\fB", " ")
        .replace("\\fI", " ")
        .replace("\\fR", " ")
        .replace("\\fP", " ");
    let mut missing = Vec::new();
    for def in ipvsadm::cli::popt::DEFS.iter() {
        if let Some(long) = def.long {
            let word = format!("--{long}");
            if !mentions(&text, &word) {
                missing.push(word);
            }
        }
        if let Some(short) = def.short {
            let word = format!("-{}", short as char);
            if !mentions(&text, &word) {
                missing.push(word);
            }
        }
    }
    assert!(missing.is_empty(), "not in man/ipvsadm.8: {missing:?}");
}
