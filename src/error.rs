//! The one error type. `Display` carries ipvsadm 1.31's exact wording (without
//! the final newline, which the printer adds) and every error owns its exit
//! status, so call sites never choose a number.

use crate::ipvs::KernelError;
use std::fmt;

/// Parse the words after a verb with clap, `name` standing for argv[0] in
/// usage and errors; a parse that gives no arguments (help, an error) is
/// reported here and its status returned.
pub fn parse_clap<T: clap::Parser>(
    name: &str,
    args: &[String],
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> std::result::Result<T, i32> {
    let argv = std::iter::once(name.to_string()).chain(args.iter().cloned());
    T::try_parse_from(argv).map_err(|e| report_clap(&e, out, err))
}

/// A clap parse that did not give arguments (our own verbs' `--help`, a
/// bad option): help and version text go to stdout with status 0, errors
/// to stderr with clap's status (2). Returns the status.
pub fn report_clap(
    e: &clap::Error,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> i32 {
    let text = e.render().to_string();
    let _ = if e.use_stderr() {
        err.write_all(text.as_bytes())
    } else {
        out.write_all(text.as_bytes())
    };
    e.exit_code()
}

/// An I/O error as C tools word it ("No such file or directory"), without
/// std's "(os error 2)".
pub fn io_text(e: &std::io::Error) -> String {
    match e.raw_os_error() {
        Some(errno) => nix::errno::Errno::from_raw(errno).desc().to_string(),
        None => e.to_string(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A local validation failure (`fail()` in ipvsadm.c): exit 2. The text is
    /// the complete message, e.g. "illegal weight specified".
    Fail(String),
    /// popt's error: `<option as typed>: <popt message>`, exit 255.
    Popt { opt: String, msg: PoptMsg },
    /// The "Try PROG -h ..." hint, exit 255. Carries PROG (`argv[0]` verbatim).
    Try { prog: String },
    /// A modifying kernel operation failed: message from the errno table, exit 255.
    Kernel(KernelError),
    /// A listing/query kernel operation failed: same message, exit 1.
    List(KernelError),
    /// IPVS could not be initialised: two lines, exit 2.
    Init(KernelError),
    /// Other exit-1 failures with their own text (e.g. `cannot open file /proc/net/ip_vs_conn`).
    Exit1(String),
    /// Already reported; exit with this status and print nothing.
    Silent(i32),
}

/// popt's error strings reachable from ipvsadm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoptMsg {
    MissingArgument,
    UnknownOption,
    NoArgumentAllowed,
}

impl PoptMsg {
    pub const fn text(self) -> &'static str {
        match self {
            PoptMsg::MissingArgument => "missing argument",
            PoptMsg::UnknownOption => "unknown option",
            PoptMsg::NoArgumentAllowed => "option does not take an argument",
        }
    }
}

impl Error {
    pub fn fail(msg: impl Into<String>) -> Error {
        Error::Fail(msg.into())
    }

    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Fail(_) | Error::Init(_) => 2,
            Error::Popt { .. } | Error::Try { .. } | Error::Kernel(_) => 255,
            Error::List(_) | Error::Exit1(_) => 1,
            Error::Silent(code) => *code,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Fail(msg) | Error::Exit1(msg) => f.write_str(msg),
            Error::Popt { opt, msg } => write!(f, "{}: {}", opt, msg.text()),
            Error::Try { prog } => write!(
                f,
                "Try `{prog} -h' or '{prog} --help' for more information."
            ),
            Error::Kernel(e) | Error::List(e) => write!(f, "{e}"),
            Error::Init(e) => write!(
                f,
                "Can't initialize ipvs: {e}\nAre you sure that IP Virtual Server is built in the kernel or as module?"
            ),
            Error::Silent(_) => Ok(()),
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;
