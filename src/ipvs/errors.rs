//! (Op, errno) → the text ipvsadm 1.31 prints for a failed kernel operation.
//!
//! Design decisions: libipvs remembers the last library function in a global
//! and `ipvs_strerror` matches `(function, errno)` rows first, then generic
//! `errno` rows, then falls back to glibc's `strerror`. We pass the `Op`
//! instead of a global; each `Op` names the libipvs function 1.31 would have
//! called for it (see `function`). The strerror fallback is a table of glibc
//! 2.36's strings (C locale), so the output does not depend on the libc we link.

use super::Op;
use nix::errno::Errno;
use nix::errno::Errno::{
    EAFNOSUPPORT, EAGAIN, EEXIST, EINVAL, EMSGSIZE, ENOENT, ENOMEM, ENOPROTOOPT, EOPNOTSUPP, EPERM,
    ESRCH,
};

/// The libipvs entry points whose name selects function-specific rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Func {
    AddService,
    UpdateService,
    DelService,
    ZeroService,
    AddDest,
    UpdateDest,
    DelDest,
    StartDaemon,
    StopDaemon,
    GetServices,
    GetDests,
    GetService,
    /// Functions with no rows of their own (init, get_info, flush,
    /// set/get_timeout, get_daemon): only the generic rows apply.
    Other,
}

/// Which libipvs function ipvsadm 1.31 calls for an operation.
fn function(op: Op) -> Func {
    match op {
        Op::AddService => Func::AddService,
        Op::EditService => Func::UpdateService,
        Op::DelService => Func::DelService,
        // -Z with or without a service goes through ipvs_zero_service.
        Op::Zero => Func::ZeroService,
        Op::AddDest => Func::AddDest,
        Op::EditDest => Func::UpdateDest,
        Op::DelDest => Func::DelDest,
        Op::StartDaemon => Func::StartDaemon,
        Op::StopDaemon => Func::StopDaemon,
        Op::GetServices => Func::GetServices,
        Op::GetDests => Func::GetDests,
        Op::GetService => Func::GetService,
        Op::Init | Op::GetInfo | Op::Flush | Op::SetTimeouts | Op::GetTimeouts | Op::GetDaemons => {
            Func::Other
        }
    }
}

/// libipvs's function-specific rows, in table order.
const SPECIFIC: &[(Func, Errno, &str)] = &[
    (Func::AddService, EEXIST, "Service already exists"),
    (
        Func::AddService,
        ENOENT,
        "Scheduler or persistence engine not found",
    ),
    (Func::UpdateService, ESRCH, "No such service"),
    (
        Func::UpdateService,
        ENOENT,
        "Scheduler or persistence engine not found",
    ),
    (Func::DelService, ESRCH, "No such service"),
    (Func::ZeroService, ESRCH, "No such service"),
    (Func::AddDest, ESRCH, "Service not defined"),
    (Func::AddDest, EEXIST, "Destination already exists"),
    (Func::UpdateDest, ESRCH, "Service not defined"),
    (Func::UpdateDest, ENOENT, "No such destination"),
    (Func::DelDest, ESRCH, "Service not defined"),
    (Func::DelDest, ENOENT, "No such destination"),
    (Func::StartDaemon, EEXIST, "Daemon has already run"),
    (Func::StopDaemon, ESRCH, "No daemon is running"),
    (Func::GetServices, ESRCH, "No such service"),
    (Func::GetDests, ESRCH, "No such service"),
    (Func::GetService, ESRCH, "No such service"),
];

/// Answers 1.31 has no counterpart for: a listing whose dump was torn on
/// every try (the table kept changing; see `super::netlink::TORN`), which
/// 1.31 would have printed torn. A blocking netlink socket never reports
/// EAGAIN to a listing otherwise.
const OURS: &[(Func, Errno, &str)] = &[
    (
        Func::GetServices,
        EAGAIN,
        "The service table kept changing while it was listed; try again",
    ),
    (
        Func::GetDests,
        EAGAIN,
        "The service table kept changing while it was listed; try again",
    ),
];

/// libipvs's rows that apply to every function.
const GENERIC: &[(Errno, &str)] = &[
    (EPERM, "Permission denied (you must be root)"),
    (
        EINVAL,
        "Invalid operation.  Possibly wrong module version, address not unicast, ...",
    ),
    (ENOPROTOOPT, "Protocol not available"),
    (ENOMEM, "Memory allocation problem"),
    (EOPNOTSUPP, "Operation not supported with IPv6"),
    (
        EAFNOSUPPORT,
        "Operation not supported with specified address family",
    ),
    (EMSGSIZE, "Module is wrong version"),
];

/// The message ipvsadm 1.31 prints when `op` failed with `errno` (positive,
/// as the kernel reported it: numbers no errno table names, such as the
/// kernel-internal ENOTSUPP 524, print as glibc prints them).
pub fn message(op: Op, errno: i32) -> String {
    let func = function(op);
    let is = |e: &Errno| *e as i32 == errno;
    let rows = SPECIFIC.iter().chain(OURS);
    if let Some((_, _, text)) = rows.clone().find(|(f, e, _)| *f == func && is(e)) {
        return (*text).to_string();
    }
    if let Some((_, text)) = GENERIC.iter().find(|(e, _)| is(e)) {
        return (*text).to_string();
    }
    strerror(errno)
}

/// glibc's `strerror` in the C locale (Linux errno numbering).
pub fn strerror(errno: i32) -> String {
    match glibc_text(errno) {
        Some(text) => text.to_string(),
        None => format!("Unknown error {errno}"),
    }
}

fn glibc_text(errno: i32) -> Option<&'static str> {
    let text = match errno {
        0 => "Success",
        1 => "Operation not permitted",
        2 => "No such file or directory",
        3 => "No such process",
        4 => "Interrupted system call",
        5 => "Input/output error",
        6 => "No such device or address",
        7 => "Argument list too long",
        8 => "Exec format error",
        9 => "Bad file descriptor",
        10 => "No child processes",
        11 => "Resource temporarily unavailable",
        12 => "Cannot allocate memory",
        13 => "Permission denied",
        14 => "Bad address",
        15 => "Block device required",
        16 => "Device or resource busy",
        17 => "File exists",
        18 => "Invalid cross-device link",
        19 => "No such device",
        20 => "Not a directory",
        21 => "Is a directory",
        22 => "Invalid argument",
        23 => "Too many open files in system",
        24 => "Too many open files",
        25 => "Inappropriate ioctl for device",
        26 => "Text file busy",
        27 => "File too large",
        28 => "No space left on device",
        29 => "Illegal seek",
        30 => "Read-only file system",
        31 => "Too many links",
        32 => "Broken pipe",
        33 => "Numerical argument out of domain",
        34 => "Numerical result out of range",
        35 => "Resource deadlock avoided",
        36 => "File name too long",
        37 => "No locks available",
        38 => "Function not implemented",
        39 => "Directory not empty",
        40 => "Too many levels of symbolic links",
        42 => "No message of desired type",
        43 => "Identifier removed",
        44 => "Channel number out of range",
        45 => "Level 2 not synchronized",
        46 => "Level 3 halted",
        47 => "Level 3 reset",
        48 => "Link number out of range",
        49 => "Protocol driver not attached",
        50 => "No CSI structure available",
        51 => "Level 2 halted",
        52 => "Invalid exchange",
        53 => "Invalid request descriptor",
        54 => "Exchange full",
        55 => "No anode",
        56 => "Invalid request code",
        57 => "Invalid slot",
        59 => "Bad font file format",
        60 => "Device not a stream",
        61 => "No data available",
        62 => "Timer expired",
        63 => "Out of streams resources",
        64 => "Machine is not on the network",
        65 => "Package not installed",
        66 => "Object is remote",
        67 => "Link has been severed",
        68 => "Advertise error",
        69 => "Srmount error",
        70 => "Communication error on send",
        71 => "Protocol error",
        72 => "Multihop attempted",
        73 => "RFS specific error",
        74 => "Bad message",
        75 => "Value too large for defined data type",
        76 => "Name not unique on network",
        77 => "File descriptor in bad state",
        78 => "Remote address changed",
        79 => "Can not access a needed shared library",
        80 => "Accessing a corrupted shared library",
        81 => ".lib section in a.out corrupted",
        82 => "Attempting to link in too many shared libraries",
        83 => "Cannot exec a shared library directly",
        84 => "Invalid or incomplete multibyte or wide character",
        85 => "Interrupted system call should be restarted",
        86 => "Streams pipe error",
        87 => "Too many users",
        88 => "Socket operation on non-socket",
        89 => "Destination address required",
        90 => "Message too long",
        91 => "Protocol wrong type for socket",
        92 => "Protocol not available",
        93 => "Protocol not supported",
        94 => "Socket type not supported",
        95 => "Operation not supported",
        96 => "Protocol family not supported",
        97 => "Address family not supported by protocol",
        98 => "Address already in use",
        99 => "Cannot assign requested address",
        100 => "Network is down",
        101 => "Network is unreachable",
        102 => "Network dropped connection on reset",
        103 => "Software caused connection abort",
        104 => "Connection reset by peer",
        105 => "No buffer space available",
        106 => "Transport endpoint is already connected",
        107 => "Transport endpoint is not connected",
        108 => "Cannot send after transport endpoint shutdown",
        109 => "Too many references: cannot splice",
        110 => "Connection timed out",
        111 => "Connection refused",
        112 => "Host is down",
        113 => "No route to host",
        114 => "Operation already in progress",
        115 => "Operation now in progress",
        116 => "Stale file handle",
        117 => "Structure needs cleaning",
        118 => "Not a XENIX named type file",
        119 => "No XENIX semaphores available",
        120 => "Is a named type file",
        121 => "Remote I/O error",
        122 => "Disk quota exceeded",
        123 => "No medium found",
        124 => "Wrong medium type",
        125 => "Operation canceled",
        126 => "Required key not available",
        127 => "Key has expired",
        128 => "Key has been revoked",
        129 => "Key was rejected by service",
        130 => "Owner died",
        131 => "State not recoverable",
        132 => "Operation not possible due to RF-kill",
        133 => "Memory page has hardware error",
        _ => return None,
    };
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The message for an errno `nix` names.
    fn text(op: Op, errno: Errno) -> String {
        message(op, errno as i32)
    }

    #[test]
    fn function_specific_rows() {
        let rows: &[(Op, Errno, &str)] = &[
            (Op::AddService, EEXIST, "Service already exists"),
            (
                Op::AddService,
                ENOENT,
                "Scheduler or persistence engine not found",
            ),
            (Op::EditService, ESRCH, "No such service"),
            (
                Op::EditService,
                ENOENT,
                "Scheduler or persistence engine not found",
            ),
            (Op::DelService, ESRCH, "No such service"),
            (Op::Zero, ESRCH, "No such service"),
            (Op::AddDest, ESRCH, "Service not defined"),
            (Op::AddDest, EEXIST, "Destination already exists"),
            (Op::EditDest, ESRCH, "Service not defined"),
            (Op::EditDest, ENOENT, "No such destination"),
            (Op::DelDest, ESRCH, "Service not defined"),
            (Op::DelDest, ENOENT, "No such destination"),
            (Op::StartDaemon, EEXIST, "Daemon has already run"),
            (Op::StopDaemon, ESRCH, "No daemon is running"),
            (Op::GetServices, ESRCH, "No such service"),
            (Op::GetDests, ESRCH, "No such service"),
            (Op::GetService, ESRCH, "No such service"),
        ];
        for (op, errno, want) in rows {
            assert_eq!(text(*op, *errno), *want, "{op:?} {errno}");
        }
    }

    #[test]
    fn a_listing_torn_on_every_try_has_a_message_of_its_own() {
        let torn = "The service table kept changing while it was listed; try again";
        assert_eq!(text(Op::GetServices, Errno::EAGAIN), torn);
        assert_eq!(text(Op::GetDests, Errno::EAGAIN), torn);
        // Elsewhere EAGAIN reads as glibc reads it.
        assert_eq!(
            text(Op::Flush, Errno::EAGAIN),
            "Resource temporarily unavailable"
        );
        assert_eq!(
            text(Op::GetService, Errno::EAGAIN),
            "Resource temporarily unavailable"
        );
    }

    #[test]
    fn same_errno_other_operation_falls_back_to_strerror() {
        // ENOENT is only special for service add/edit and dest edit/delete.
        assert_eq!(text(Op::AddDest, ENOENT), "No such file or directory");
        assert_eq!(text(Op::DelService, ENOENT), "No such file or directory");
        assert_eq!(text(Op::GetService, ENOENT), "No such file or directory");
        // ESRCH outside the service/dest rows is "No such process".
        assert_eq!(text(Op::StartDaemon, ESRCH), "No such process");
        assert_eq!(text(Op::Flush, ESRCH), "No such process");
        assert_eq!(text(Op::SetTimeouts, ESRCH), "No such process");
        // EEXIST outside add service/dest and start daemon is "File exists".
        assert_eq!(text(Op::EditService, EEXIST), "File exists");
        assert_eq!(text(Op::EditDest, EEXIST), "File exists");
        assert_eq!(text(Op::StopDaemon, EEXIST), "File exists");
    }

    #[test]
    fn generic_rows_apply_to_every_operation() {
        let ops = [
            Op::Init,
            Op::GetInfo,
            Op::AddService,
            Op::EditService,
            Op::DelService,
            Op::Zero,
            Op::AddDest,
            Op::EditDest,
            Op::DelDest,
            Op::Flush,
            Op::SetTimeouts,
            Op::StartDaemon,
            Op::StopDaemon,
            Op::GetServices,
            Op::GetService,
            Op::GetDests,
            Op::GetTimeouts,
            Op::GetDaemons,
        ];
        for op in ops {
            assert_eq!(text(op, EPERM), "Permission denied (you must be root)");
            assert_eq!(
                text(op, EINVAL),
                "Invalid operation.  Possibly wrong module version, address not unicast, ..."
            );
            assert_eq!(text(op, ENOPROTOOPT), "Protocol not available");
            assert_eq!(text(op, ENOMEM), "Memory allocation problem");
            assert_eq!(text(op, EOPNOTSUPP), "Operation not supported with IPv6");
            assert_eq!(
                text(op, EAFNOSUPPORT),
                "Operation not supported with specified address family"
            );
            assert_eq!(text(op, EMSGSIZE), "Module is wrong version");
        }
    }

    #[test]
    fn strerror_fallback_matches_glibc() {
        assert_eq!(
            text(Op::AddDest, Errno::ERANGE),
            "Numerical result out of range"
        );
        assert_eq!(text(Op::StartDaemon, Errno::ENODEV), "No such device");
        assert_eq!(text(Op::Init, Errno::EACCES), "Permission denied");
        assert_eq!(text(Op::Flush, Errno::EBUSY), "Device or resource busy");
        assert_eq!(text(Op::Flush, Errno::ENOBUFS), "No buffer space available");
        assert_eq!(text(Op::Flush, Errno::ETIMEDOUT), "Connection timed out");
        assert_eq!(text(Op::Flush, Errno::ECONNREFUSED), "Connection refused");
        assert_eq!(text(Op::Flush, Errno::ENODATA), "No data available");
        assert_eq!(
            text(Op::Flush, Errno::EPROTONOSUPPORT),
            "Protocol not supported"
        );
        assert_eq!(text(Op::Flush, Errno::EIO), "Input/output error");
        assert_eq!(strerror(0), "Success");
        assert_eq!(strerror(133), "Memory page has hardware error");
    }

    #[test]
    fn unknown_errno_reads_like_glibc() {
        // Gaps in Linux's numbering and out-of-range values.
        assert_eq!(strerror(41), "Unknown error 41");
        assert_eq!(strerror(58), "Unknown error 58");
        assert_eq!(strerror(134), "Unknown error 134");
        assert_eq!(strerror(-3), "Unknown error -3");
        assert_eq!(message(Op::AddService, 4000), "Unknown error 4000");
        // The kernel-internal ENOTSUPP can reach user space; nix has no
        // name for it, and 1.31 prints glibc's text for the bare number.
        assert_eq!(message(Op::AddDest, 524), "Unknown error 524");
    }
}
