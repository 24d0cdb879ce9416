//! Executing typed commands: the ipvsadm main flow (init, parse, run) and the
//! restore loop.
//!
//! Design decisions: the flow order is ipvsadm's — the kernel is initialised
//! before any argument is looked at, so even `-h` reports a missing IPVS.
//! Output goes to the injected writers; a closed stdout (`ipvsadm -Ln | head`)
//! ends the listing quietly with status 0.

use crate::cli::{self, Command, Invocation};
use crate::error::Error;
use crate::ipvs::conns::{ConnTable, ConnTableError};
use crate::ipvs::{self, KernelError};
use crate::model::{Dest, Info, ListOptions, Op, Request, Service, ServiceKey};
use crate::names::{NoNames, Resolver};
use crate::output;
use crate::output::conns::ConnPrinter;
use crate::rules;
use crate::sys::{WriterLock, WRITER_LOCK};
use crate::Env;
use nix::errno::Errno;
use std::io::{self, Write};

/// Outcome of one command: `Ok(())` is status 0.
type Outcome = Result<(), Failure>;

/// Why a command did not succeed.
enum Failure {
    Error(Error),
    /// Writing to stdout failed (e.g. broken pipe): stop quietly.
    Io,
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Error(e)
    }
}

impl From<io::Error> for Failure {
    fn from(_: io::Error) -> Failure {
        Failure::Io
    }
}

/// Initialise IPVS as ipvsadm does: GET_INFO, and on failure one
/// `modprobe ip_vs` and one retry.
pub fn init(env: &mut Env<'_>) -> Result<Info, Error> {
    let mut failed = match env.kernel.info() {
        Ok(info) => return Ok(info),
        Err(e) => e,
    };
    // 1.31 retries only when modprobe succeeded; the error reported is the
    // last attempt's (a missing family already reads as ENOPROTOOPT).
    if env.platform.modprobe_ip_vs() {
        match env.kernel.info() {
            Ok(info) => return Ok(info),
            Err(e) => failed = e,
        }
    }
    Err(Error::Init(KernelError::new(Op::Init, failed.errno)))
}

/// Move into the network namespace `name` (`--netns`), before anything
/// asks the kernel: a name `ip netns` could not have made, a namespace that
/// does not exist or cannot be entered, is an error (exit 2).
pub fn enter_netns(env: &mut Env<'_>, name: &str) -> Result<(), Error> {
    cli::options::netns_name(name)?;
    env.platform.enter_netns(name)
}

/// Take the writers' lock for `holder` (`-R`, ipvsadm-restore, `apply`,
/// `drain`: two of them never interleave), saying on stderr whom it waits
/// for. Single commands do not take it: they stay 1.31's.
pub fn lock_writers(env: &mut Env<'_>, holder: &str) -> WriterLock {
    let stderr = &mut *env.stderr;
    env.platform.lock_writers(holder, &mut |note| {
        let holder = match note.split_once(' ') {
            Some((pid, command)) => format!("held by PID {pid}: {command}"),
            None if !note.is_empty() => format!("held by PID {note}"),
            None => "held by another process".to_string(),
        };
        let _ = writeln!(stderr, "ipvsadm: waiting for {WRITER_LOCK} ({holder})");
        let _ = stderr.flush();
    })
}

/// `ipvsadm ARGS...` (args without `argv[0]`).
///
/// The command line is parsed first (the parse asks nothing of the
/// kernel), so that `--netns` is entered before the kernel is; its
/// errors are still reported after IPVS is initialised, as 1.31's are.
pub fn ipvsadm_main(args: &[String], env: &mut Env<'_>) -> i32 {
    let invocation = if args.is_empty() {
        Ok(Command::List(ListOptions::default()).into())
    } else {
        let words: Vec<&str> = args.iter().map(String::as_str).collect();
        cli::parse_invocation(&env.prog, &words, env.names)
    };
    if let Ok(Invocation {
        netns: Some(name), ..
    }) = &invocation
    {
        if let Err(e) = enter_netns(env, name) {
            return report(env, Failure::Error(e));
        }
    }
    let info = match init(env) {
        Ok(info) => info,
        Err(e) => return report(env, Failure::Error(e)),
    };
    let outcome = match invocation.map(|i| i.command) {
        Ok(Command::Restore) => {
            let _lock = lock_writers(env, "ipvsadm -R");
            return restore(env, &info);
        }
        Ok(command) => execute(command, &info, env),
        Err(e) => Err(Failure::Error(e)),
    };
    finish(env, outcome)
}

/// Print a failure (if it has text) and return its exit status.
fn report(env: &mut Env<'_>, failure: Failure) -> i32 {
    match failure {
        Failure::Error(e) => {
            let text = e.to_string();
            if !matches!(e, Error::Silent(_)) {
                let _ = writeln!(env.stderr, "{text}");
            }
            let _ = env.stderr.flush();
            e.exit_code()
        }
        // stdout went away: nothing useful to say, and nobody to say it to.
        Failure::Io => 0,
    }
}

fn finish(env: &mut Env<'_>, outcome: Outcome) -> i32 {
    // Output already written and then refused (broken pipe) is not an error.
    let _ = env.stdout.flush();
    match outcome {
        Ok(()) => 0,
        Err(f) => report(env, f),
    }
}

/// Run one parsed command (not `-R`).
fn execute(command: Command, info: &Info, env: &mut Env<'_>) -> Outcome {
    match command {
        Command::Help => {
            env.stdout
                .write_all(cli::usage::help_text(&env.prog).as_bytes())?;
            Ok(())
        }
        Command::Version => {
            writeln!(env.stdout, "{}", cli::usage::version_line())?;
            Ok(())
        }
        Command::List(opts) => list(&opts, info, env),
        Command::Save { numeric, full } => save(numeric, full, full, env),
        // Nested `-R` is turned into the "Try" hint by the restore loop; a
        // top-level one never reaches here.
        Command::Restore => Err(Failure::Error(Error::Try {
            prog: env.prog.clone(),
        })),
        Command::Modify(request) => {
            ipvs::apply_one(env.kernel, request).map_err(|e| Failure::Error(Error::Kernel(e)))
        }
    }
}

fn resolver(numeric: bool, names: &dyn Resolver) -> &dyn Resolver {
    if numeric {
        &NoNames
    } else {
        names
    }
}

/// Services from the kernel in listing order (1.31's sort unless `nosort`).
fn services(env: &mut Env<'_>, nosort: bool) -> Result<Vec<Service>, Error> {
    let mut services = env.kernel.services().map_err(Error::List)?;
    if !nosort {
        output::sort::sort_services(&mut services);
    }
    Ok(services)
}

/// The live table, each service with its dests, in listing order.
pub fn live_table(env: &mut Env<'_>) -> Result<Vec<(Service, Vec<Dest>)>, Error> {
    table(env, false)
}

/// One service (ESRCH when missing) with its dests, sorted unless `nosort`.
pub fn one_service(
    env: &mut Env<'_>,
    key: &ServiceKey,
    nosort: bool,
) -> Result<(Service, Vec<Dest>), Error> {
    let svc = env.kernel.service(key).map_err(Error::List)?;
    let mut dests = env
        .kernel
        .dests(std::slice::from_ref(&svc.key))
        .pop()
        .unwrap_or(Ok(Vec::new()))
        .map_err(Error::List)?;
    if !nosort {
        output::sort::sort_dests(&mut dests);
    }
    Ok((svc, dests))
}

/// The live table, each service with its dests, sorted unless `nosort`.
fn table(env: &mut Env<'_>, nosort: bool) -> Result<Vec<(Service, Vec<Dest>)>, Error> {
    let services = services(env, nosort)?;
    let keys: Vec<_> = services.iter().map(|s| s.key).collect();
    let dests = env.kernel.dests(&keys);
    services
        .into_iter()
        .zip(dests)
        .map(|(svc, dests)| {
            let mut dests = dests.map_err(Error::List)?;
            if !nosort {
                output::sort::sort_dests(&mut dests);
            }
            Ok((svc, dests))
        })
        .collect()
}

/// Services whose dests are fetched per `dests` call: the dumps run one by
/// one anyway, so a small chunk only bounds what is held at once.
const DEST_CHUNK: usize = 64;

/// Hand each service with its dests (sorted unless `nosort`) to `print`, in
/// order, as they arrive. Like 1.31, a failed dest dump stops the listing
/// after the services already printed.
fn with_dests(
    env: &mut Env<'_>,
    services: &[Service],
    nosort: bool,
    mut print: impl FnMut(&mut dyn Write, &Service, &[Dest]) -> io::Result<()>,
) -> Outcome {
    for chunk in services.chunks(DEST_CHUNK) {
        let keys: Vec<_> = chunk.iter().map(|s| s.key).collect();
        for (svc, dests) in chunk.iter().zip(env.kernel.dests(&keys)) {
            let mut dests = dests.map_err(Error::List)?;
            if !nosort {
                output::sort::sort_dests(&mut dests);
            }
            print(&mut *env.stdout, svc, &dests)?;
        }
    }
    Ok(())
}

fn list(opts: &ListOptions, info: &Info, env: &mut Env<'_>) -> Outcome {
    if opts.json {
        return list_json(opts, info, env);
    }
    let names = resolver(opts.numeric, env.names);
    if opts.connection {
        let mut table = env
            .platform
            .open_conn_table()
            .map_err(|_| conn_open_error())?;
        return list_conns(&mut *table, env.stdout, opts.persistent_conn, names);
    }
    if opts.timeout {
        let t = env.kernel.timeouts().map_err(Error::List)?;
        output::list::print_timeouts(env.stdout, &t)?;
        return Ok(());
    }
    if opts.daemon {
        let d = env.kernel.daemons().map_err(Error::List)?;
        output::list::print_daemons(env.stdout, &d)?;
        return Ok(());
    }
    if let Some(key) = &opts.service {
        let (svc, dests) = one_service(env, key, opts.nosort)?;
        output::list::print_header(env.stdout, None, opts)?;
        output::list::print_service(env.stdout, &svc, &dests, opts, names)?;
        return Ok(());
    }
    let services = services(env, opts.nosort)?;
    output::list::print_header(env.stdout, Some(info), opts)?;
    with_dests(env, &services, opts.nosort, |out, svc, dests| {
        output::list::print_service(out, svc, dests, opts, names)
    })
}

/// `--json`: one document of everything the kernel reports, whatever view
/// was asked for (`-n` leaves out names, `--nosort` keeps the kernel's
/// order, `-t`/`-u`/`-f` select one service, `-c` adds the connection
/// table); the other view options change nothing. Errors come as the text
/// listing's do, and before anything is printed: the connection table is
/// opened and its header checked first, then the services, timeouts and
/// daemons are read. An entry the connection reader rejects ends the
/// entries there; the document is closed and the status is 1, as `-c`'s.
fn list_json(opts: &ListOptions, info: &Info, env: &mut Env<'_>) -> Outcome {
    let names = resolver(opts.numeric, env.names);
    let mut source = if opts.connection {
        Some(
            env.platform
                .open_conn_table()
                .map_err(|_| conn_open_error())?,
        )
    } else {
        None
    };
    let mut conns = match &mut source {
        Some(source) => Some(ConnTable::new(&mut **source).map_err(conn_error)?),
        None => None,
    };
    let services = match &opts.service {
        Some(key) => vec![one_service(env, key, opts.nosort)?],
        None => table(env, opts.nosort)?,
    };
    let timeouts = env.kernel.timeouts().map_err(Error::List)?;
    let daemons = env.kernel.daemons().map_err(Error::List)?;
    let sysctls = env.platform.ipvs_sysctls();
    let table = output::json::Table {
        info,
        sysctls: &sysctls,
        timeouts: &timeouts,
        daemons: &daemons,
        services: &services,
    };
    match output::json::write_document(env.stdout, &table, conns.as_mut(), names)? {
        Some(e) => Err(Failure::Error(conn_error(e))),
        None => Ok(()),
    }
}

fn conn_open_error() -> Error {
    Error::Exit1("cannot open file /proc/net/ip_vs_conn".to_string())
}

/// How 1.31 ends a `-c` listing the connection table's reader rejects.
fn conn_error(e: ConnTableError) -> Error {
    match e {
        ConnTableError::NoHeader => {
            Error::Exit1("unexpected input from /proc/net/ip_vs_conn".to_string())
        }
        ConnTableError::BlankEntry => Error::Silent(1),
    }
}

/// `-c`: the header, then every entry of the kernel's connection table, in
/// kernel order, printed as it is read. Without a header line 1.31 says
/// `unexpected input from /proc/net/ip_vs_conn` (exit 1, nothing on stdout);
/// an entry of blanks ends it with status 1 after the lines before it.
fn list_conns(
    table: &mut dyn io::BufRead,
    out: &mut dyn Write,
    persistent: bool,
    names: &dyn Resolver,
) -> Outcome {
    let mut table = ConnTable::new(table).map_err(conn_error)?;
    let mut printer = ConnPrinter::new(persistent, names);
    printer.print_header(out)?;
    while let Some(entry) = table.next_entry().map_err(conn_error)? {
        printer.print_entry(out, &entry)?;
    }
    Ok(())
}

/// `-S`: the table as `-R` lines. `--full` adds what `-R` can restore
/// beyond it: the timeouts first (a `--set` line), the thresholds, and the
/// running sync daemons last (their failure to start, an interface that
/// is not there yet, comes after the whole table is back), unless
/// `daemons` is false.
fn save(numeric: bool, full: bool, daemons: bool, env: &mut Env<'_>) -> Outcome {
    let names = resolver(numeric, env.names);
    if full {
        let t = env.kernel.timeouts().map_err(Error::List)?;
        rules::save::timeouts_line(env.stdout, &t)?;
    }
    let services = services(env, false)?;
    with_dests(env, &services, false, |out, svc, dests| {
        rules::save::save_service_as(out, svc, dests, names, full)
    })?;
    if daemons {
        let d = env.kernel.daemons().map_err(Error::List)?;
        rules::save::daemon_lines(env.stdout, &d)?;
    }
    Ok(())
}

/// The whole state as `-S -n --full` prints it (IPVS initialised), the
/// daemons' lines only when `daemons`.
pub fn full_save(env: &mut Env<'_>, daemons: bool) -> Result<Vec<u8>, Error> {
    let mut text = Vec::new();
    let mut sub = Env {
        prog: env.prog.clone(),
        kernel: &mut *env.kernel,
        names: env.names,
        platform: &mut *env.platform,
        stdin: &mut *env.stdin,
        stdout: &mut text,
        stderr: &mut *env.stderr,
    };
    match save(true, true, daemons, &mut sub) {
        Ok(()) => Ok(text),
        Err(Failure::Error(e)) => Err(e),
        // Writing to memory does not fail.
        Err(Failure::Io) => Err(Error::fail("cannot hold the table in memory")),
    }
}

/// Restore state: modifying requests are queued and sent pipelined; results
/// are reported in line order before anything else is printed.
#[derive(Default)]
struct Batch {
    requests: Vec<Request>,
    /// One entry per queued line: `None` takes the next request's result,
    /// `Some` is a non-fatal error (popt's) already known.
    lines: Vec<Option<Error>>,
}

/// Lines queued before they are sent: eight full windows of the netlink
/// pipeline (so nothing is lost to batching), few enough that the queued
/// requests and their encodings stay well under a megabyte.
const BATCH_LINES: usize = 1024;

impl Batch {
    fn push_request(&mut self, request: Request) {
        self.requests.push(request);
        self.lines.push(None);
    }

    fn push_error(&mut self, error: Error) {
        self.lines.push(Some(error));
    }

    /// Send what is queued, print failures in line order, and set `last` to
    /// the status of the last queued line.
    fn flush(&mut self, env: &mut Env<'_>, last: &mut i32) {
        if self.lines.is_empty() {
            return;
        }
        let mut results = env.kernel.apply(&self.requests).into_iter();
        // Only the operations are needed here: the requests are not moved out.
        let mut ops = self.requests.iter().map(Request::op);
        for line in self.lines.drain(..) {
            let outcome = match line {
                None => {
                    let op = ops.next().unwrap_or(Op::Flush);
                    // A short answer is a transport bug; report it, not panic.
                    results
                        .next()
                        .unwrap_or(Err(KernelError::from_errno(op, Errno::EIO)))
                        .map_err(Error::Kernel)
                }
                Some(e) => Err(e),
            };
            *last = match outcome {
                Ok(()) => 0,
                Err(e) => report(env, Failure::Error(e)),
            };
        }
        self.requests.clear();
    }
}

/// An emptied vector of borrowed words, ready to borrow from another line:
/// the same allocation, since nothing is left to convert (collecting a
/// vector into one of the same layout reuses its buffer).
fn recycle<'b>(mut words: Vec<&str>) -> Vec<&'b str> {
    words.clear();
    words.into_iter().map(|_| "").collect()
}

/// `-R`: read stdin line by line with 1.31's semantics:
/// kernel errors and popt errors are reported and the restore goes on;
/// validation errors (exit 2), a first word that is not a command, or a nested
/// `-R` (the "Try" hint, 255) end it at once; `-h`/`-v` print and exit 0;
/// listings run in place. The exit status is the last line's.
fn restore(env: &mut Env<'_>, info: &Info) -> i32 {
    let mut batch = Batch::default();
    let mut last = 0;
    let mut raw = Vec::new();
    // The words of each line borrow it; the vector's buffer is recycled.
    let mut spare: Vec<&str> = Vec::new();
    let mut memo = cli::Memo::default();
    loop {
        raw.clear();
        // Bytes, not `read_line`: a rules file is not promised to be UTF-8.
        match env.stdin.read_until(b'\n', &mut raw) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        // Strict decoding first: same result for valid UTF-8, and cheaper.
        let line = match std::str::from_utf8(&raw) {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(&raw),
        };
        if rules::restore::lost_at_eof(&line) {
            break;
        }
        let mut tokens = recycle(std::mem::take(&mut spare));
        rules::restore::split_line_into(&line, &mut tokens);
        let skip = tokens.is_empty() || rules::restore::is_comment(&tokens);
        let parsed = (!skip).then(|| cli::parse_line(&env.prog, &tokens, env.names, &mut memo));
        spare = recycle(tokens);
        let Some(parsed) = parsed else {
            continue;
        };
        let command = match parsed {
            Ok(Command::Restore) => Err(Error::Try {
                prog: env.prog.clone(),
            }),
            other => other,
        };
        match command {
            Ok(Command::Modify(request)) => {
                batch.push_request(request);
                if batch.lines.len() >= BATCH_LINES {
                    batch.flush(env, &mut last);
                }
            }
            Ok(command) => {
                // Help, version and listings see the state of the lines before them.
                batch.flush(env, &mut last);
                let ends = matches!(command, Command::Help | Command::Version);
                let outcome = execute(command, info, env);
                // A listing failure exits at once, as ipvsadm's exit(1) does.
                if ends || outcome.is_err() {
                    return finish(env, outcome);
                }
                last = 0;
            }
            Err(e @ Error::Popt { .. }) => batch.push_error(e),
            Err(e) => {
                batch.flush(env, &mut last);
                return finish(env, Err(Failure::Error(e)));
            }
        }
    }
    batch.flush(env, &mut last);
    // A closed stdout after the last listing changes nothing about the status.
    let _ = env.stdout.flush();
    last
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::SystemNames;

    /// Kernel lines: a captured table, then the odd cases (long expiry,
    /// IPv6 with an IPv4 tunnel dest, persistence-engine data, a protocol
    /// without service names).
    const TABLE: &str = "\
Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n\
TCP C0A80202 8940 0A000064 1F90 C0A80102 0050 TIME_WAIT       117\n\
UDP C0A80202 EC99 0A000064 0035 C0A80102 0035 UDP             298\n\
TCP C0A80202 8950 0A000064 1F90 C0A80102 0050 ESTABLISHED     898\n\
TCP C0A80202 0000 0A000064 1F90 C0A80102 0050 ASSURED         118\n\
TCP 0A000001 0001 0A000002 0002 0A000003 0003 ESTABLISHED     900\n\
TCP 0A000001 0001 0A000002 0002 0A000003 0003 ESTABLISHED  360065\n\
TCP fd00:0000:0000:0000:0000:0000:0000:0002 9C40 fd00:0000:0000:0000:0000:0000:0000:0100 0050 fd00:0000:0000:0000:0000:0000:0000:0002 0050 SYN_RECV         59\n\
UDP fd00:0000:0000:0000:0000:0000:0000:0002 0005 fd00:0000:0000:0000:0000:0000:0000:0100 0035 0A000028 0035 UDP               1\n\
UDP 0A000001 13C4 0A000002 13C4 0A000003 13C4 UDP              10 sip abcdef\n\
TCP 0A000001 0001 0A000002 0002 0A000003 0003 CLOSE            10\n\
TCP 0A000001 0050 0A000002 0050 0A000003 0050 CLOSE             0\n\
IP  0A000001 0050 0A000002 0050 0A000003 0050 NONE              0\n";

    /// What `-c` prints for the table's text, and how it ends (message and
    /// status) when not with status 0.
    fn list(text: &str, persistent: bool, names: &dyn Resolver) -> (String, Option<(String, i32)>) {
        let mut out = Vec::new();
        let end = match list_conns(&mut text.as_bytes(), &mut out, persistent, names) {
            Ok(()) => None,
            Err(Failure::Error(e)) => Some((e.to_string(), e.exit_code())),
            Err(Failure::Io) => panic!("writing to a Vec failed"),
        };
        (String::from_utf8(out).unwrap(), end)
    }

    const PLAIN: &str = "IPVS connection entries\n\
        pro expire state       source             virtual            destination\n";

    /// `-c` of TABLE.
    const LISTING: &str = "\
        TCP 01:57  TIME_WAIT   192.168.2.2:35136  10.0.0.100:8080    192.168.1.2:80\n\
        UDP 04:58  UDP         192.168.2.2:60569  10.0.0.100:53      192.168.1.2:53\n\
        TCP 14:58  ESTABLISHED 192.168.2.2:35152  10.0.0.100:8080    192.168.1.2:80\n\
        TCP 01:58  ASSURED     192.168.2.2:0      10.0.0.100:8080    192.168.1.2:80\n\
        TCP 15:00  ESTABLISHED 10.0.0.1:1         10.0.0.2:2         10.0.0.3:3\n\
        TCP 6001:05 ESTABLISHED 10.0.0.1:1         10.0.0.2:2         10.0.0.3:3\n\
        TCP 00:59  SYN_RECV    [fd00::2]:40000    [fd00::100]:80     [fd00::2]:80\n\
        UDP 00:01  UDP         [fd00::2]:5        [fd00::100]:53     10.0.0.40:53\n\
        UDP 00:10  UDP         10.0.0.1:5060      10.0.0.2:5060      10.0.0.3:5060\n\
        TCP 00:10  CLOSE       10.0.0.1:1         10.0.0.2:2         10.0.0.3:3\n\
        TCP 00:00  CLOSE       10.0.0.1:80        10.0.0.2:80        10.0.0.3:80\n\
        IP  00:00  NONE        10.0.0.1:80        10.0.0.2:80        10.0.0.3:80\n";

    #[test]
    fn connection_listings() {
        assert_eq!(
            list(TABLE, false, &NoNames),
            (format!("{PLAIN}{LISTING}"), None)
        );
        // --persistent-conn: the header's and the PE entry's extra columns.
        let persistent = format!("{PLAIN}{LISTING}")
            .replacen(
                "destination\n",
                "destination        pe name          pe_data\n",
                1,
            )
            .replace(
                "10.0.0.3:5060\n",
                "10.0.0.3:5060    sip                abcdef\n",
            );
        assert_eq!(list(TABLE, true, &NoNames), (persistent, None));
        // Names: the first lines, captured.
        let names = SystemNames::from_texts(
            "192.168.2.2 client.example\n192.168.1.2 rs2.example\n",
            "domain 53/udp\nhttp 80/tcp\nhttp-alt 8080/tcp\n",
        );
        let named = "\
            TCP 01:57  TIME_WAIT   client.example:35136 10.0.0.100:http-alt rs2.example:http\n\
            UDP 04:58  UDP         client.example:60569 10.0.0.100:domain  rs2.example:domain\n\
            TCP 14:58  ESTABLISHED client.example:35152 10.0.0.100:http-alt rs2.example:http\n";
        assert!(list(TABLE, false, &names)
            .0
            .starts_with(&format!("{PLAIN}{named}")));
    }

    #[test]
    fn how_connection_listings_end() {
        let (header, line) = TABLE.split_at(TABLE.find('\n').unwrap() + 1);
        let line = line.lines().nth(9).unwrap();
        let printed = format!(
            "{PLAIN}TCP 00:10  CLOSE       10.0.0.1:1         10.0.0.2:2         10.0.0.3:3\n"
        );
        // (text, stdout, message and status)
        let cases = [
            (
                String::new(),
                String::new(),
                Some(("unexpected input from /proc/net/ip_vs_conn", 1)),
            ),
            (header.to_string(), PLAIN.to_string(), None),
            (format!("{header}{line}\n"), printed.clone(), None),
            // An entry of blanks stops the listing with status 1.
            (
                format!("{header}{line}\n\n{line}\n"),
                printed,
                Some(("", 1)),
            ),
        ];
        for (text, stdout, end) in cases {
            let end = end.map(|(m, s)| (m.to_string(), s));
            assert_eq!(list(&text, false, &NoNames), (stdout, end), "{text}");
        }
    }
}
