//! The whole program in-process against the fake kernel: flow order, restore
//! semantics, exit statuses and stream separation, without root or a VM.

use ipvsadm::ipvs::fake::FakeKernel;
use ipvsadm::names::SystemNames;
use ipvsadm::sys::WriterLock;
use ipvsadm::{Env, Platform};
use std::io::{self, Write};
use std::time::{Duration, Instant};

const HOSTS: &str =
    "127.0.0.1 localhost\n10.0.0.2 rs2.example\n10.0.0.100 vip.example\n10.0.0.50 client.example\n";
const SERVICES: &str = "http 80/tcp www\nhttp 80/udp\ndomain 53/tcp\ndomain 53/udp\n";

pub(crate) struct FakePlatform {
    modprobes: usize,
    pub(crate) conns: Option<String>,
    /// /proc/sys/net/ipv4/vs/*, as names and texts.
    pub(crate) sysctls: Vec<(String, String)>,
    /// Who took the writers' lock, in order.
    locks: Vec<String>,
    start: Instant,
    slept: Duration,
    /// An interrupt (Ctrl-C) arrives once this much time has passed.
    interrupt_at: Option<Duration>,
    held: bool,
    /// Namespaces entered, in order.
    netns: Vec<String>,
}

impl Default for FakePlatform {
    fn default() -> FakePlatform {
        FakePlatform {
            modprobes: 0,
            conns: None,
            sysctls: Vec::new(),
            locks: Vec::new(),
            start: Instant::now(),
            slept: Duration::ZERO,
            interrupt_at: None,
            held: false,
            netns: Vec::new(),
        }
    }
}

impl Platform for FakePlatform {
    fn modprobe_ip_vs(&mut self) -> bool {
        self.modprobes += 1;
        false
    }
    fn open_conn_table(&mut self) -> io::Result<Box<dyn io::BufRead>> {
        let text = self
            .conns
            .clone()
            .ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))?;
        Ok(Box::new(io::Cursor::new(text.into_bytes())))
    }
    fn ipvs_sysctls(&mut self) -> Vec<(String, String)> {
        self.sysctls.clone()
    }
    fn lock_writers(&mut self, holder: &str, _waiting: &mut dyn FnMut(&str)) -> WriterLock {
        self.locks.push(holder.to_string());
        WriterLock::none()
    }
    fn stderr_is_terminal(&self) -> bool {
        false
    }
    fn hold_interrupts(&mut self) {
        self.held = true;
    }
    fn interrupted(&mut self) -> bool {
        self.held && self.interrupt_at.is_some_and(|at| self.slept >= at)
    }
    /// Time passes only by sleeping.
    fn now(&self) -> Instant {
        self.start + self.slept
    }
    fn sleep(&mut self, duration: Duration) {
        self.slept += duration;
    }
    /// Only `other` exists.
    fn enter_netns(&mut self, name: &str) -> Result<(), ipvsadm::error::Error> {
        if name != "other" {
            return Err(ipvsadm::error::Error::fail(format!(
                "network namespace `{name}' does not exist (no /run/netns/{name})"
            )));
        }
        self.netns.push(name.to_string());
        Ok(())
    }
}

pub(crate) struct Outcome {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

pub(crate) struct World {
    pub(crate) kernel: FakeKernel,
    pub(crate) platform: FakePlatform,
    names: SystemNames,
}

impl World {
    pub(crate) fn new() -> World {
        World {
            kernel: FakeKernel::new(),
            platform: FakePlatform::default(),
            names: SystemNames::from_texts(HOSTS, SERVICES),
        }
    }

    /// Run `argv` (argv[0] first) with the given streams; returns the
    /// status and what went to stderr.
    fn invoke(
        &mut self,
        argv: &[&str],
        stdin: &mut dyn io::BufRead,
        stdout: &mut dyn Write,
    ) -> (i32, String) {
        let argv: Vec<String> = argv.iter().map(|s| s.to_string()).collect();
        let mut stderr = Vec::new();
        let code = {
            let mut env = Env {
                prog: argv[0].clone(),
                kernel: &mut self.kernel,
                names: &self.names,
                platform: &mut self.platform,
                stdin,
                stdout,
                stderr: &mut stderr,
            };
            ipvsadm::run(&argv, &mut env)
        };
        (code, String::from_utf8(stderr).unwrap())
    }

    /// Run `line` (split on blanks; the first word is argv[0]) with `input` on stdin.
    fn run_with(&mut self, line: &str, input: &str) -> Outcome {
        let argv: Vec<&str> = line.split_whitespace().collect();
        let mut stdin = io::Cursor::new(input.as_bytes().to_vec());
        let mut stdout = Vec::new();
        let (code, stderr) = self.invoke(&argv, &mut stdin, &mut stdout);
        Outcome {
            code,
            stdout: String::from_utf8(stdout).unwrap(),
            stderr,
        }
    }

    pub(crate) fn run(&mut self, line: &str) -> Outcome {
        self.run_with(line, "")
    }

    pub(crate) fn ok(&mut self, line: &str) {
        let o = self.run(line);
        assert_eq!((o.code, o.stderr.as_str()), (0, ""), "{line}");
    }

    fn seed(&mut self) {
        self.ok("ipvsadm -A -t 10.10.10.213:80 -s rr");
        self.ok("ipvsadm -a -t 10.10.10.213:80 -r 10.10.10.216:80 -g -w 1");
        self.ok("ipvsadm -a -t 10.10.10.213:80 -r 10.10.10.217:80 -g -w 1");
    }
}

const SEED_SAVE: &str = "-A -t 10.10.10.213:80 -s rr\n\
-a -t 10.10.10.213:80 -r 10.10.10.216:80 -g -w 1\n\
-a -t 10.10.10.213:80 -r 10.10.10.217:80 -g -w 1\n";

#[test]
fn seed_scenario_saves_its_three_lines() {
    let mut w = World::new();
    w.seed();
    let o = w.run("ipvsadm -S -n");
    assert_eq!(
        (o.code, o.stdout.as_str(), o.stderr.as_str()),
        (0, SEED_SAVE, "")
    );
}

#[test]
fn seed_scenario_lists_like_1_31() {
    let mut w = World::new();
    w.seed();
    let o = w.run("ipvsadm -Ln");
    let expected = "IP Virtual Server version 1.2.1 (size=4096)\n\
Prot LocalAddress:Port Scheduler Flags\n  \
-> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n\
TCP  10.10.10.213:80 rr\n  \
-> 10.10.10.216:80              Route   1      0          0         \n  \
-> 10.10.10.217:80              Route   1      0          0         \n";
    assert_eq!((o.code, o.stdout.as_str()), (0, expected));
}

#[test]
fn no_arguments_lists_with_names() {
    let mut w = World::new();
    w.ok("ipvsadm -A -t 10.0.0.100:80");
    let o = w.run("ipvsadm");
    assert_eq!(o.code, 0);
    assert!(
        o.stdout.contains("TCP  vip.example:http wlc\n"),
        "{}",
        o.stdout
    );
}

#[test]
fn missing_ipvs_is_reported_before_parsing_after_one_modprobe() {
    let mut w = World::new();
    w.kernel.set_no_ipvs(true);
    let o = w.run("ipvsadm -h");
    assert_eq!(o.code, 2);
    assert_eq!(
        o.stderr,
        "Can't initialize ipvs: Protocol not available\nAre you sure that IP Virtual Server is built in the kernel or as module?\n"
    );
    assert_eq!(o.stdout, "");
    assert_eq!(w.platform.modprobes, 1);
}

#[test]
fn not_root_gets_the_root_message() {
    let mut w = World::new();
    w.kernel.set_not_root(true);
    let o = w.run("ipvsadm -Ln");
    assert_eq!(o.code, 2);
    assert!(o
        .stderr
        .starts_with("Can't initialize ipvs: Permission denied (you must be root)\n"));
}

/// compat-tests/kernel-facts, service/add-all-schedulers: the twos scheduler
/// exists from Linux 6.2 (Debian 13's 6.12), not in 5.10 or 6.1.
#[test]
fn twos_scheduler_by_kernel_release() {
    for (major, minor, exists) in [(5, 10, false), (6, 1, false), (6, 12, true)] {
        let mut w = World::new();
        w.kernel.set_release(major, minor);
        let o = w.run("ipvsadm -A -t 10.0.0.100:93 -s twos");
        let listed = w.run("ipvsadm -Ln").stdout;
        if exists {
            assert_eq!((o.code, o.stderr.as_str()), (0, ""), "{major}.{minor}");
            assert!(listed.contains("TCP  10.0.0.100:93 twos\n"), "{listed}");
        } else {
            assert_eq!(
                (o.code, o.stderr.as_str()),
                (255, "Scheduler or persistence engine not found\n"),
                "{major}.{minor}"
            );
            assert!(!listed.contains("10.0.0.100:93"), "{listed}");
        }
    }
}

#[test]
fn kernel_errors_have_the_operation_specific_text_and_255() {
    let mut w = World::new();
    w.ok("ipvsadm -A -t 10.0.0.1:80");
    let cases = [
        ("ipvsadm -A -t 10.0.0.1:80", "Service already exists\n"),
        ("ipvsadm -E -t 10.0.0.9:80", "No such service\n"),
        ("ipvsadm -D -t 10.0.0.9:80", "No such service\n"),
        (
            "ipvsadm -a -t 10.0.0.9:80 -r 10.0.0.2",
            "Service not defined\n",
        ),
        (
            "ipvsadm -d -t 10.0.0.1:80 -r 10.0.0.2",
            "No such destination\n",
        ),
        (
            "ipvsadm -A -t 10.0.0.2:80 -s nosuch",
            "Scheduler or persistence engine not found\n",
        ),
    ];
    for (line, err) in cases {
        let o = w.run(line);
        assert_eq!((o.code, o.stderr.as_str()), (255, err), "{line}");
    }
}

#[test]
fn listing_a_missing_service_exits_1() {
    let mut w = World::new();
    let o = w.run("ipvsadm -L -t 10.0.0.1:80");
    assert_eq!((o.code, o.stdout.as_str()), (1, ""));
    assert_eq!(o.stderr, "No such service\n");
}

#[test]
fn restore_goes_on_after_kernel_and_popt_errors_and_keeps_the_last_status() {
    let mut w = World::new();
    let input =
        "-A -t 10.0.0.1:80\n-A -t 10.0.0.1:80\n-A -t 10.0.0.2:80 --bogus\n-A -t 10.0.0.3:80\n";
    let o = w.run_with("ipvsadm -R", input);
    assert_eq!(o.code, 0);
    assert_eq!(
        o.stderr,
        "Service already exists\n--bogus: unknown option\n"
    );
    assert_eq!(w.kernel.table().len(), 2);

    let o = w.run_with("ipvsadm -R", "-A -t 10.0.0.4:80\n-A -t 10.0.0.4:80");
    assert_eq!(
        (o.code, o.stderr.as_str()),
        (255, "Service already exists\n")
    );
}

#[test]
fn restore_stops_at_validation_errors_and_bad_first_words() {
    let mut w = World::new();
    let o = w.run_with(
        "ipvsadm -R",
        "-A -t 10.0.0.1:80\n-A -t 10.0.0.2:80 -w 3\n-A -t 10.0.0.3:80\n",
    );
    assert_eq!(o.code, 2);
    assert_eq!(
        o.stderr,
        "Illegal 'weight' option with the 'add-service' command\n"
    );
    assert_eq!(w.kernel.table().len(), 1);

    let o = w.run_with("ipvsadm -R", "-n -L\n-A -t 10.0.0.4:80\n");
    assert_eq!(o.code, 255);
    assert_eq!(
        o.stderr,
        "Try `ipvsadm -h' or 'ipvsadm --help' for more information.\n"
    );
    assert_eq!(w.kernel.table().len(), 1);

    let o = w.run_with("ipvsadm -R", "-R\n-A -t 10.0.0.5:80\n");
    assert_eq!(o.code, 255);
    assert_eq!(w.kernel.table().len(), 1);
}

#[test]
fn restore_reports_kernel_errors_before_a_later_listing() {
    let mut w = World::new();
    let o = w.run_with(
        "ipvsadm -R",
        "-A -t 10.0.0.1:80\n-A -t 10.0.0.1:80\n-S -n\n",
    );
    assert_eq!(o.code, 0);
    assert_eq!(o.stderr, "Service already exists\n");
    assert_eq!(o.stdout, "-A -t 10.0.0.1:80 -s wlc\n");
}

/// Divergence `restore-comments`: `#` lines are skipped, not fatal.
#[test]
fn restore_skips_comment_and_blank_lines() {
    let mut w = World::new();
    let o = w.run_with(
        "ipvsadm -R",
        "# saved rules\n\n   \n-A -t 10.0.0.1:80\n#-A -t 10.0.0.2:80\n-A -t 10.0.0.3:80\n",
    );
    assert_eq!((o.code, o.stderr.as_str()), (0, ""));
    assert_eq!(w.kernel.table().len(), 2);
}

#[test]
fn restore_of_a_save_round_trips() {
    let mut w = World::new();
    w.seed();
    w.ok("ipvsadm -A -u 10.0.0.1:53 -s wrr -p 60");
    w.ok("ipvsadm -A -f 7 -6 -s sh -b sh-port");
    let saved = w.run("ipvsadm -Sn").stdout;
    w.ok("ipvsadm -C");
    assert_eq!(w.run("ipvsadm -Sn").stdout, "");
    let o = w.run_with("ipvsadm -R", &saved);
    assert_eq!((o.code, o.stderr.as_str()), (0, ""));
    assert_eq!(w.run("ipvsadm -Sn").stdout, saved);
}

#[test]
fn ipvsadm_restore_clears_first_and_names_ipvsadm() {
    let mut w = World::new();
    w.ok("ipvsadm -A -t 10.0.0.9:80");
    let o = w.run_with("/usr/sbin/ipvsadm-restore", SEED_SAVE);
    assert_eq!((o.code, o.stderr.as_str()), (0, ""));
    assert_eq!(w.run("ipvsadm -Sn").stdout, SEED_SAVE);

    let o = w.run_with("ipvsadm-restore", "-n\n");
    assert_eq!(
        (o.code, o.stderr.as_str()),
        (
            255,
            "Try `ipvsadm -h' or 'ipvsadm --help' for more information.\n"
        )
    );
}

#[test]
fn ipvsadm_save_personality() {
    let mut w = World::new();
    w.seed();
    let o = w.run("ipvsadm-save -n");
    assert_eq!((o.code, o.stdout.as_str()), (0, SEED_SAVE));
    let o = w.run("ipvsadm-save");
    assert!(
        o.stdout.starts_with("-A -t 10.10.10.213:http -s rr\n"),
        "{}",
        o.stdout
    );
}

#[test]
fn help_names_argv0() {
    let mut w = World::new();
    let o = w.run("/sbin/ipvsadm --help");
    assert_eq!(o.code, 0);
    assert!(o.stdout.contains("\n  /sbin/ipvsadm -C\n"));
    let o = w.run("./ipvsadm foo");
    assert_eq!(
        (o.code, o.stderr.as_str()),
        (
            255,
            "Try `./ipvsadm -h' or './ipvsadm --help' for more information.\n"
        )
    );
}

/// A stdout whose reader went away (`ipvsadm -Ln | head -1`).
struct ClosedPipe;

impl Write for ClosedPipe {
    fn write(&mut self, _: &[u8]) -> io::Result<usize> {
        Err(io::Error::from(io::ErrorKind::BrokenPipe))
    }
    fn flush(&mut self) -> io::Result<()> {
        Err(io::Error::from(io::ErrorKind::BrokenPipe))
    }
}

#[test]
fn closed_stdout_ends_quietly() {
    let mut w = World::new();
    w.seed();
    let mut stdin = io::Cursor::new(Vec::new());
    let (code, stderr) = w.invoke(&["ipvsadm", "-Ln"], &mut stdin, &mut ClosedPipe);
    assert_eq!((code, stderr.as_str()), (0, ""));
}

#[test]
fn connection_listing_without_proc_file_exits_1() {
    let mut w = World::new();
    let o = w.run("ipvsadm -Lnc");
    assert_eq!(
        (o.code, o.stderr.as_str()),
        (1, "cannot open file /proc/net/ip_vs_conn\n")
    );
    w.platform.conns = Some(
        "Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n\
TCP 0A00000A 8CB8 0A0A0AD5 0050 0A0A0AD8 0050 ESTABLISHED    899\n"
            .to_string(),
    );
    let o = w.run("ipvsadm -Lnc");
    assert_eq!(o.code, 0);
    assert_eq!(
        o.stdout,
        "IPVS connection entries\n\
pro expire state       source             virtual            destination\n\
TCP 14:59  ESTABLISHED 10.0.0.10:36024    10.10.10.213:80    10.10.10.216:80\n"
    );
}

/// Words that exercise every option kind, good and bad values, clusters,
/// `=` forms and positionals.
const WORDS: &[&str] = &[
    "-A",
    "-E",
    "-D",
    "-C",
    "-R",
    "-S",
    "-a",
    "-e",
    "-d",
    "-L",
    "-l",
    "-Z",
    "--set",
    "--start-daemon",
    "--stop-daemon",
    "-h",
    "-v",
    "-t",
    "-u",
    "--sctp-service",
    "-f",
    "-6",
    "-s",
    "-p",
    "-M",
    "-r",
    "-g",
    "-i",
    "-m",
    "-w",
    "-x",
    "-y",
    "-n",
    "-c",
    "-X",
    "-o",
    "-b",
    "--pe",
    "--tun-type",
    "--tun-port",
    "--tun-csum",
    "--timeout",
    "--daemon",
    "--stats",
    "--rate",
    "--exact",
    "--nosort",
    "--sort",
    "--syncid",
    "--mcast-group",
    "--mcast-port",
    "-Lnc",
    "-Lnt",
    "-srr",
    "-p0",
    "-w-1",
    "--numeric=1",
    "--",
    "10.0.0.1:80",
    "[fd00::1]:80",
    "[fd00::1",
    "fd00::1",
    "1",
    "0",
    "-1",
    "4294967296",
    "rr",
    "sh-port,flag-1",
    ",",
    "",
    "master",
    "backup",
    "vip.example:http",
    "rs2.example",
    "gue",
    "224.0.0.1",
    "ff02::1",
    "255.255.255.0",
    "129",
    "x:y:z",
    "[]:",
    ":",
    "é",
    "#",
];

/// No input panics: every command followed by every pair of words, run
/// in-process against a kernel that has a service and a dest.
#[test]
fn no_argument_combination_panics() {
    let mut w = World::new();
    w.ok("ipvsadm -A -t 10.0.0.1:80 -s rr");
    w.ok("ipvsadm -a -t 10.0.0.1:80 -r 10.0.0.2 -m");
    let commands = [
        "-A",
        "-E",
        "-D",
        "-a",
        "-e",
        "-d",
        "-L",
        "-S",
        "-Z",
        "--set",
        "--start-daemon",
    ];
    for cmd in commands {
        for a in WORDS {
            for b in WORDS {
                let argv = ["ipvsadm", cmd, a, b];
                let mut stdin = io::Cursor::new(Vec::new());
                let (code, stderr) = w.invoke(&argv, &mut stdin, &mut Vec::new());
                assert!([0, 1, 2, 255].contains(&code), "{argv:?} -> {code}");
                // Every failure says something; every success is silent on stderr.
                assert_eq!(code == 0, stderr.is_empty(), "{argv:?}: {stderr}");
            }
        }
    }
}

/// Restore input of arbitrary bytes never panics either.
#[test]
fn restore_of_junk_never_panics() {
    let mut w = World::new();
    let junk = [
        "\0\0\0",
        "-A -t\n",
        "-A -t 10.0.0.1:80 -s \u{7f}\n",
        "\r\r\r",
        "-a\t-t\t1:1\t-r\t1\n",
        "ipvsadm\nipvsadm ipvsadm\n",
        "-A -f 1 -6 -M 200\n",
        "-R -R\n",
    ];
    for input in junk {
        let o = w.run_with("ipvsadm -R", input);
        assert!([0, 1, 2, 255].contains(&o.code), "{input:?}");
    }
}

/// 1.31 prints the header, then fetches each service's dests before printing
/// it: a failing dest dump ends the listing with status 1 after the header.
#[test]
fn a_failing_dest_dump_ends_the_listing_with_1() {
    let mut w = World::new();
    w.seed();
    w.kernel.fail(ipvsadm::ipvs::Op::GetDests, 3);
    let o = w.run("ipvsadm -Ln");
    assert_eq!((o.code, o.stderr.as_str()), (1, "No such service\n"));
    assert_eq!(
        o.stdout,
        "IP Virtual Server version 1.2.1 (size=4096)\n\
Prot LocalAddress:Port Scheduler Flags\n  \
-> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n"
    );
}

#[test]
fn diff_prints_what_would_make_the_kernel_match_a_file() {
    let mut w = World::new();
    // An empty kernel: everything in the file is missing.
    let o = w.run_with("ipvsadm diff -", SEED_SAVE);
    assert_eq!(
        (o.code, o.stdout.as_str(), o.stderr.as_str()),
        (
            1,
            "ipvsadm -A -t 10.10.10.213:80 -s rr\n\
             ipvsadm -a -t 10.10.10.213:80 -r 10.10.10.216:80 -g -w 1\n\
             ipvsadm -a -t 10.10.10.213:80 -r 10.10.10.217:80 -g -w 1\n",
            ""
        )
    );
    // Nothing was changed by asking.
    assert_eq!(w.run("ipvsadm -S -n").stdout, "");
    // The table the file describes: nothing to do.
    w.seed();
    let o = w.run_with("ipvsadm diff -", SEED_SAVE);
    assert_eq!((o.code, o.stdout.as_str(), o.stderr.as_str()), (0, "", ""));
    // A changed weight, a removed and an added real server, thresholds.
    let changed = "-A -t 10.10.10.213:80 -s rr\n\
        -a -t 10.10.10.213:80 -r 10.10.10.216:80 -g -w 3 -x 100 -y 10\n\
        -a -t 10.10.10.213:80 -r 10.10.10.218:80 -g -w 1\n";
    let o = w.run_with("ipvsadm diff -", changed);
    assert_eq!(
        (o.code, o.stdout.as_str()),
        (
            1,
            "ipvsadm -a -t 10.10.10.213:80 -r 10.10.10.218:80 -g -w 1\n\
             ipvsadm -e -t 10.10.10.213:80 -r 10.10.10.216:80 -g -w 3 -x 100 -y 10\n\
             ipvsadm -d -t 10.10.10.213:80 -r 10.10.10.217:80\n"
        )
    );
    // Every printed line is a command 1.31's grammar takes: restoring the
    // plan makes the kernel match.
    let o2 = w.run_with("ipvsadm -R", &o.stdout);
    assert_eq!((o2.code, o2.stderr.as_str()), (0, ""));
    assert_eq!(w.run_with("ipvsadm diff -", changed).code, 0);
}

#[test]
fn diff_refuses_a_bad_file_at_its_line_and_changes_nothing() {
    let mut w = World::new();
    w.seed();
    for (file, message) in [
        (
            "-A -t 10.0.0.1:80\n-C\n",
            "ipvsadm diff: -:2: `-C' is not a declaration",
        ),
        (
            "-A -t 10.0.0.1:80\n-a -t 10.0.0.1:80 -r 10.0.0.2 -w x\n",
            "ipvsadm diff: -:2: illegal weight specified\n",
        ),
    ] {
        let o = w.run_with("ipvsadm diff -", file);
        assert_eq!((o.code, o.stdout.as_str()), (2, ""), "{file}");
        assert!(o.stderr.starts_with(message), "{file}: {}", o.stderr);
    }
    assert_eq!(w.run("ipvsadm -S -n").stdout, SEED_SAVE);
    // A missing file and a bad option are errors too.
    assert_eq!(w.run("ipvsadm diff /nonexistent/rules").code, 2);
    assert_eq!(w.run("ipvsadm diff --bogus").code, 2);
    let help = w.run("ipvsadm diff --help");
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("Exit status"), "{}", help.stdout);
}

/// A file with every kind of change against SEED_SAVE's table.
const CHANGED: &str = "# the new table\r\n\
    ipvsadm -A -t 10.10.10.213:80 -s wrr\r\n\
    -a -t 10.10.10.213:80 -r 10.10.10.216:80 -g -w 3 -x 100 -y 10\n\
    -a -t 10.10.10.213:80 -r 10.10.10.218:80 -g -w 1\n\
    -A -u 10.10.10.213:53 -s rr\n\
    -a -u 10.10.10.213:53 -r 10.10.10.216:53 -m -w 1\n";

#[test]
fn apply_makes_the_kernel_match_a_file_and_a_second_apply_does_nothing() {
    let mut w = World::new();
    w.seed();
    let dry = w.run_with("ipvsadm apply --dry-run -", CHANGED);
    assert_eq!((dry.code, dry.stderr.as_str()), (0, ""));
    // The dry run prints diff's plan and changes nothing.
    assert_eq!(w.run("ipvsadm -S -n").stdout, SEED_SAVE);
    assert_eq!(w.run_with("ipvsadm diff -", CHANGED).stdout, dry.stdout);
    let o = w.run_with("ipvsadm apply -", CHANGED);
    assert_eq!(
        (o.code, o.stdout.as_str(), o.stderr.as_str()),
        (0, dry.stdout.as_str(), "")
    );
    assert_eq!(
        o.stdout,
        "ipvsadm -A -u 10.10.10.213:53 -s rr\n\
         ipvsadm -a -t 10.10.10.213:80 -r 10.10.10.218:80 -g -w 1\n\
         ipvsadm -a -u 10.10.10.213:53 -r 10.10.10.216:53 -m -w 1\n\
         ipvsadm -E -t 10.10.10.213:80 -s wrr\n\
         ipvsadm -e -t 10.10.10.213:80 -r 10.10.10.216:80 -g -w 3 -x 100 -y 10\n\
         ipvsadm -d -t 10.10.10.213:80 -r 10.10.10.217:80\n"
    );
    // Never a flush; the writers' lock was taken once, by the apply.
    assert!(!w.kernel.log().contains(&ipvsadm::model::Request::Flush));
    assert_eq!(w.platform.locks, ["ipvsadm apply -"]);
    assert_eq!(w.run_with("ipvsadm diff -", CHANGED).code, 0);
    let again = w.run_with("ipvsadm apply -", CHANGED);
    assert_eq!(
        (again.code, again.stdout.as_str(), again.stderr.as_str()),
        (0, "", "")
    );
}

#[test]
fn apply_refuses_a_bad_file_before_touching_the_kernel() {
    let mut w = World::new();
    w.seed();
    let before = w.kernel.log().len();
    for (file, message) in [
        (
            "-A -t 10.0.0.1:80\n-Z\n",
            "ipvsadm apply: -:2: `-Z' is not a declaration",
        ),
        (
            "-a -t 10.0.0.1:80 -r 10.0.0.2\n",
            "ipvsadm apply: -:1: the real server's service",
        ),
        (
            "-A -t 10.0.0.1:80\n-A -t 10.0.0.1:80\n",
            "ipvsadm apply: -:2: the service is declared twice",
        ),
        (
            "-A -t 10.0.0.1:80 -s rr -p x\n",
            "ipvsadm apply: -:1: invalid timeout value `x' specified",
        ),
    ] {
        let o = w.run_with("ipvsadm apply -", file);
        assert_eq!((o.code, o.stdout.as_str()), (2, ""), "{file}");
        assert!(o.stderr.starts_with(message), "{file}: {}", o.stderr);
    }
    assert_eq!(w.kernel.log().len(), before);
    assert_eq!(w.run("ipvsadm -S -n").stdout, SEED_SAVE);
    assert_eq!(w.run("ipvsadm apply --drain x -").code, 2);
}

/// The kernel refuses the last operation (a scheduler it cannot load, say):
/// the ones before it are undone, the line is named, status 1.
#[test]
fn apply_undoes_everything_when_the_kernel_refuses_an_operation() {
    let mut w = World::new();
    w.seed();
    let file = format!("{CHANGED}-A -t 10.10.10.214:80 -s nosuch\n");
    let plan = w.run_with("ipvsadm diff -", &file).stdout;
    let last = plan.lines().count();
    assert!(last > 3);
    let svc = match ipvsadm::cli::parse(
        "ipvsadm",
        &["-A", "-t", "10.10.10.214:80", "-s", "nosuch"],
        &ipvsadm::names::NoNames,
    ) {
        Ok(ipvsadm::cli::Command::Modify(r)) => r,
        other => panic!("{other:?}"),
    };
    w.kernel.fail_request(&svc, 2);
    let o = w.run_with("ipvsadm apply -", &file);
    assert_eq!(o.code, 1);
    assert_eq!(o.stdout, "");
    assert!(o.stderr.starts_with("ipvsadm apply: -:7: "), "{}", o.stderr);
    assert!(o.stderr.ends_with("undone)\n"), "{}", o.stderr);
    assert_eq!(w.run("ipvsadm -S -n").stdout, SEED_SAVE);
}

#[test]
fn apply_with_drain_waits_then_removes() {
    let mut w = World::new();
    w.seed();
    // 10.10.10.217 holds connections that never end: the time runs out.
    for (_, dests) in w.kernel.table_mut() {
        for d in dests.iter_mut() {
            if d.addr.to_string() == "10.10.10.217" {
                d.active_conns = 3;
            }
        }
    }
    let o = w.run_with("ipvsadm apply --drain 5 -", CHANGED);
    assert_eq!(o.code, 0, "{}", o.stderr);
    // Weight 0 first, with the other changes; the removal after the wait.
    let lines: Vec<&str> = o.stdout.lines().collect();
    assert_eq!(
        lines[lines.len() - 2..],
        [
            "ipvsadm -e -t 10.10.10.213:80 -r 10.10.10.217:80 -g -w 0",
            "ipvsadm -d -t 10.10.10.213:80 -r 10.10.10.217:80",
        ]
    );
    assert!(
        o.stderr
            .contains("1 real server still had 3 connections after 5 s"),
        "{}",
        o.stderr
    );
    assert_eq!(w.platform.slept, Duration::from_secs(5));
    assert_eq!(w.run_with("ipvsadm diff -", CHANGED).code, 0);
}

#[test]
fn drain_sets_weight_0_waits_and_deletes() {
    let mut w = World::new();
    w.seed();
    // Drained already: removed at once.
    let o = w.run("ipvsadm drain -t 10.10.10.213:80 -r 10.10.10.216 --delete");
    assert_eq!((o.code, o.stdout.as_str(), o.stderr.as_str()), (0, "", ""));
    assert_eq!(w.platform.slept, Duration::ZERO);
    assert!(!w.run("ipvsadm -S -n").stdout.contains("10.10.10.216"));
    // Busy: weight 0, not removed when the time is up, status 1.
    w.kernel.table_mut()[0].1[0].inact_conns = 2;
    let o = w.run("ipvsadm drain -t 10.10.10.213:80 -r 10.10.10.217:80 --wait 3 --delete");
    assert_eq!(o.code, 1);
    assert_eq!(
        o.stderr,
        "ipvsadm drain: 10.10.10.217:80 still has 2 connections; left at weight 0, not removed\n"
    );
    assert_eq!(w.platform.slept, Duration::from_secs(3));
    assert!(w
        .run("ipvsadm -S -n")
        .stdout
        .contains("-a -t 10.10.10.213:80 -r 10.10.10.217:80 -g -w 0\n"));
    // Errors: 2, with 1.31's words for the service and the address.
    for (line, message) in [
        (
            "ipvsadm drain -t 10.9.9.9:80 -r 10.10.10.217",
            "ipvsadm drain: No such service\n",
        ),
        (
            "ipvsadm drain -t 10.10.10.213:80 -r 10.9.9.9",
            "ipvsadm drain: No such destination\n",
        ),
        (
            "ipvsadm drain -t 10.10.10.213:80 -r 300.1.1.1",
            "ipvsadm drain: illegal real server address[:port] specified\n",
        ),
    ] {
        let o = w.run(line);
        assert_eq!((o.code, o.stderr.as_str()), (2, message), "{line}");
    }
    assert_eq!(w.run("ipvsadm drain -r 10.10.10.217").code, 2);
    assert_eq!(w.platform.locks.len(), 4);
}

#[test]
fn restore_takes_the_writers_lock_and_single_commands_do_not() {
    let mut w = World::new();
    w.seed();
    assert!(w.platform.locks.is_empty());
    assert_eq!(w.run_with("ipvsadm -R", SEED_SAVE).code, 255);
    assert_eq!(w.platform.locks, ["ipvsadm -R"]);
    w.run_with("ipvsadm-restore", SEED_SAVE);
    assert_eq!(w.platform.locks[1], "ipvsadm-restore");
}

/// Ctrl-C while a drain waits: everything done is undone.
#[test]
fn an_interrupted_apply_undoes_what_it_did() {
    let mut w = World::new();
    w.seed();
    w.kernel.table_mut()[0].1[0].active_conns = 3;
    w.platform.interrupt_at = Some(Duration::from_secs(2));
    let o = w.run_with("ipvsadm apply --drain 60 -", CHANGED);
    assert_eq!((o.code, o.stdout.as_str()), (1, ""));
    assert_eq!(
        o.stderr,
        "ipvsadm apply: interrupted\nipvsadm apply: nothing was changed (6 operations undone)\n"
    );
    assert_eq!(w.platform.slept, Duration::from_secs(2));
    assert_eq!(w.run("ipvsadm -S -n").stdout, SEED_SAVE);
    assert_eq!(w.run_with("ipvsadm diff -", SEED_SAVE).code, 0);
}

// ---- our options: --full, --json, --netns ----

#[test]
fn netns_is_entered_before_the_kernel_is_asked() {
    let mut w = World::new();
    w.ok("ipvsadm --netns other -A -t 10.0.0.1:80 -s rr");
    w.ok("ipvsadm -a -t 10.0.0.1:80 -r 10.0.0.2:80 -m --netns=other");
    assert_eq!(w.platform.netns, ["other", "other"]);
    let o = w.run("ipvsadm --netns other -Ln");
    assert_eq!(o.code, 0);
    assert!(o.stdout.contains("TCP  10.0.0.1:80 rr\n"), "{}", o.stdout);
    // A namespace that is not there: exit 2, the kernel never asked.
    let mut w = World::new();
    w.kernel.set_no_ipvs(true);
    for line in [
        "ipvsadm --netns nope -A -t 10.0.0.1:80",
        "ipvsadm --netns nope",
        "ipvsadm -Ln --netns nope",
        "ipvsadm-save --netns nope",
    ] {
        let o = w.run(line);
        assert_eq!(
            (o.code, o.stdout.as_str(), o.stderr.as_str()),
            (
                2,
                "",
                "network namespace `nope' does not exist (no /run/netns/nope)\n"
            ),
            "{line}"
        );
    }
    assert_eq!(w.platform.modprobes, 0, "IPVS was not even looked for");
    assert!(w.kernel.log().is_empty());
    // A name `ip netns` cannot make: a value error of the command line,
    // reported (as 1.31's are) once IPVS is there.
    w.kernel.set_no_ipvs(false);
    let o = w.run("ipvsadm -L --netns ../x");
    assert_eq!(
        (o.code, o.stderr.as_str()),
        (2, "invalid network namespace name `../x'\n")
    );
}

#[test]
fn help_and_errors_stay_131s_with_our_options() {
    let mut w = World::new();
    let help = w.run("ipvsadm -h");
    let o = w.run("ipvsadm --netns other -h");
    assert_eq!((o.code, o.stdout), (0, help.stdout));
    // Before a command, our options but --netns are the hint, as 1.31's
    // unknown options are.
    for line in ["ipvsadm --full", "ipvsadm --json -L", "ipvsadm --full -S"] {
        let o = w.run(line);
        assert_eq!(
            (o.code, o.stderr.as_str()),
            (
                255,
                "Try `ipvsadm -h' or 'ipvsadm --help' for more information.\n"
            ),
            "{line}"
        );
    }
    for (line, msg) in [
        (
            "ipvsadm -L --full",
            "Illegal 'full' option with the 'list' command\n",
        ),
        (
            "ipvsadm -S --json",
            "Illegal 'json' option with the 'save' command\n",
        ),
        (
            "ipvsadm -C --json",
            "Illegal 'json' option with the 'flush' command\n",
        ),
    ] {
        let o = w.run(line);
        assert_eq!((o.code, o.stderr.as_str()), (2, msg), "{line}");
    }
    // An option's argument stays the argument: a scheduler called --json.
    let o = w.run("ipvsadm -A -t 10.0.0.1:80 -s --json");
    assert_eq!(
        (o.code, o.stderr.as_str()),
        (255, "Scheduler or persistence engine not found\n")
    );
    let o = w.run("ipvsadm -L --json -n");
    assert_eq!(o.code, 0);
}

#[test]
fn restore_input_cannot_change_namespace() {
    let mut w = World::new();
    let o = w.run_with(
        "ipvsadm -R",
        "-A -t 10.0.0.1:80\n-A -t 10.0.0.2:80 --netns other\n-A -t 10.0.0.3:80\n",
    );
    assert_eq!(
        (o.code, o.stderr.as_str()),
        (2, "the 'netns' option is not allowed in restore input\n")
    );
    assert_eq!(w.run("ipvsadm -Sn").stdout, "-A -t 10.0.0.1:80 -s wlc\n");
    // The whole restore may run there.
    let o = w.run_with("ipvsadm --netns other -R", "-A -t 10.0.0.4:80\n");
    assert_eq!(o.code, 0);
    assert_eq!(w.platform.netns, ["other"]);
}

#[test]
fn the_verbs_take_netns() {
    let mut w = World::new();
    for verb in ["apply -", "diff -"] {
        let o = w.run_with(&format!("ipvsadm {verb} --netns nope"), SEED_SAVE);
        let name = verb.split(' ').next().unwrap();
        assert_eq!(
            (o.code, o.stderr.as_str()),
            (
                2,
                format!(
                    "ipvsadm {name}: network namespace `nope' does not exist (no /run/netns/nope)\n"
                )
                .as_str()
            )
        );
    }
    let o = w.run("ipvsadm drain -t 10.0.0.1:80 -r 10.0.0.2 --netns nope");
    assert_eq!(o.code, 2);
    assert!(o
        .stderr
        .starts_with("ipvsadm drain: network namespace `nope'"));
    assert!(w.kernel.log().is_empty());
    let o = w.run_with("ipvsadm apply --netns other -", SEED_SAVE);
    assert_eq!((o.code, o.stderr.as_str()), (0, ""));
    assert_eq!(w.platform.netns, ["other"]);
    assert_eq!(w.run("ipvsadm -Sn").stdout, SEED_SAVE);
}

#[test]
fn ipvsadm_save_full_and_netns() {
    let mut w = World::new();
    w.seed();
    w.ok("ipvsadm -e -t 10.10.10.213:80 -r 10.10.10.216:80 -g -w 1 -x 10 -y 5");
    let full = "--set 900 120 300\n\
        -A -t 10.10.10.213:80 -s rr\n\
        -a -t 10.10.10.213:80 -r 10.10.10.216:80 -g -w 1 -x 10 -y 5\n\
        -a -t 10.10.10.213:80 -r 10.10.10.217:80 -g -w 1\n";
    for line in [
        "ipvsadm-save -n --full",
        "ipvsadm-save --full -n --netns other",
        "ipvsadm-save --netns=other -n --full",
        "ipvsadm -Sn --full",
    ] {
        let o = w.run(line);
        assert_eq!(
            (o.code, o.stdout.as_str(), o.stderr.as_str()),
            (0, full, ""),
            "{line}"
        );
    }
    // The wrapper's usage for anything else, as 1.31's.
    let o = w.run("ipvsadm-save --json");
    assert_eq!(o.code, 1);
    assert!(o.stderr.starts_with("ipvsadm-save: Script to save"));
}

#[test]
fn save_writes_the_whole_state_to_a_file_keeping_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = std::env::temp_dir().join(format!("ipvsadm-save-verb-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("rules");
    let path = file.to_str().unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;

    let mut w = World::new();
    w.seed();
    w.ok("ipvsadm --start-daemon master --mcast-interface eth0 --syncid 7");
    let full = w.run("ipvsadm -Sn --full").stdout;
    assert!(full.contains("--start-daemon"), "{full}");

    // A new file: the full save, mode 600 unless asked otherwise.
    let o = w.run(&format!("ipvsadm save {path}"));
    assert_eq!((o.code, o.stdout.as_str(), o.stderr.as_str()), (0, "", ""));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), full);
    assert_eq!(mode(&file), 0o600);
    assert_eq!(w.platform.locks, ["ipvsadm save"]);

    // An existing file keeps its mode; --no-daemons leaves their lines out.
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    let o = w.run(&format!("ipvsadm save --no-daemons --mode 644 {path}"));
    assert_eq!((o.code, o.stderr.as_str()), (0, ""));
    let without: String = full
        .lines()
        .filter(|l| !l.starts_with("--start-daemon"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), without);
    assert_eq!(mode(&file), 0o640);
    let other = dir.join("new");
    w.ok(&format!(
        "ipvsadm save --mode 644 {}",
        other.to_str().unwrap()
    ));
    assert_eq!(mode(&other), 0o644);

    // Nowhere to write: a clear error, exit 2, the old file untouched.
    let o = w.run(&format!("ipvsadm save {path}/x"));
    assert_eq!(o.code, 2);
    assert_eq!(
        o.stderr,
        format!("ipvsadm save: cannot write {path}/x: Not a directory\n")
    );
    let o = w.run(&format!("ipvsadm save --mode 999 {path}"));
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("an octal file mode is expected"),
        "{}",
        o.stderr
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), without);
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["new", "rules"]);
    std::fs::remove_dir_all(&dir).unwrap();
}
