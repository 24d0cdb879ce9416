//! ipvsadm-rs: a drop-in replacement for ipvsadm 1.31 over generic netlink.
//!
//! `run` executes one invocation against injected dependencies (kernel,
//! resolver, streams, platform hooks), so the whole program runs in-process in
//! tests against `ipvs::fake`. The kernel is reached only through `netlink`
//! (by `ipvs::netlink` and `realserver::system`) and `sys`; the name files
//! are read by `names`, lvs-realserver's files by `realserver::files`.
//!
//! Data flows one way: `cli` parses argv (and `rules` the `-R` lines) into
//! `model` values, which `ipvs` sends to the kernel and `output` prints.
#![deny(unsafe_code)]

pub mod apply;
pub mod cli;
pub mod dispatch;
pub mod error;
pub mod exec;
pub mod inet;
pub mod ipvs;
pub mod model;
pub mod names;
pub mod netlink;
pub mod output;
pub mod realserver;
pub mod rules;
#[allow(unsafe_code)]
pub mod sys;
#[cfg(test)]
pub(crate) mod testing;

use std::io::{BufRead, Write};

/// Operating-system hooks that are not the kernel's IPVS interface.
pub trait Platform {
    /// Run `/sbin/modprobe -- ip_vs`; true if it exited 0.
    fn modprobe_ip_vs(&mut self) -> bool;
    /// `/proc/net/ip_vs_conn`, opened for reading (read as it is listed:
    /// with 100,000 connections the text is megabytes).
    fn open_conn_table(&mut self) -> std::io::Result<Box<dyn BufRead>>;
    /// Take the writers' lock (`sys::WRITER_LOCK`) for `holder` (the
    /// command line); `waiting` hears the holder's note first if another
    /// process holds it.
    fn lock_writers(&mut self, holder: &str, waiting: &mut dyn FnMut(&str)) -> sys::WriterLock;
    /// Whether stderr is a terminal: progress is shown only there.
    fn stderr_is_terminal(&self) -> bool;
    /// A monotonic clock and a pause, for waits on the kernel (a drain).
    fn now(&self) -> std::time::Instant;
    fn sleep(&mut self, duration: std::time::Duration);
}

/// Everything one invocation may use.
pub struct Env<'a> {
    /// `argv[0]` as invoked: it appears in the usage text and the "Try" hint.
    pub prog: String,
    pub kernel: &'a mut dyn ipvs::Kernel,
    pub names: &'a dyn names::Resolver,
    pub platform: &'a mut dyn Platform,
    pub stdin: &'a mut dyn BufRead,
    pub stdout: &'a mut dyn Write,
    pub stderr: &'a mut dyn Write,
}

/// Run a whole invocation (argv including `argv[0]`); returns the exit status.
pub fn run(argv: &[String], env: &mut Env<'_>) -> i32 {
    dispatch::dispatch(argv, env)
}
