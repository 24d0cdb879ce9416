//! A coverage-less random fuzzer on stable Rust: structure-aware inputs
//! (mutated command lines, rules files, encoded netlink messages,
//! lvs-realserver records and profiles) plus random bytes, from a
//! fixed-seed generator, so a run is repeatable from its seed.
//!
//! Each input runs under `catch_unwind` (a panic is a bug whatever the
//! input) and under a watchdog thread that aborts the process, printing the
//! input, if one input takes longer than the time bound. Cheap round trips
//! are checked on the way: a rules line printed by `command_line` parses
//! back to the same request; encoded netlink attributes decode to the
//! value encoded; a state record renders and parses back to itself.
//!
//! Shared by the `fuzz` example (the big run) and the `fuzz` test (a small
//! fixed slice in `cargo test`).

use ipvsadm::ipvs::fake::FakeKernel;
use ipvsadm::ipvs::wire;
use ipvsadm::model::{svc_flags, Request};
use ipvsadm::names::SystemNames;
use ipvsadm::netlink::msg::parse_messages;
use ipvsadm::realserver;
use ipvsadm::sys::WriterLock;
use ipvsadm::{Env, Platform};
use std::io::{self, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const ARGV_SEEDS: &str = include_str!("argv.txt");

const HOSTS: &str =
    "127.0.0.1 localhost\n10.0.0.2 rs2.example\n10.0.0.100 vip.example\n::1 localhost6\n";
const SERVICES: &str = "http 80/tcp www\nhttp 80/udp\ndomain 53/tcp\ndomain 53/udp\n";

/// xorshift64*: the same seed gives the same inputs on every run.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        // Never zero (xorshift's fixed point); spread small seeds.
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A value in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    /// True one time in `n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    pub fn bytes(&mut self, max: usize) -> Vec<u8> {
        let n = self.below(max + 1);
        (0..n).map(|_| self.next_u64() as u8).collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Argv,
    Rules,
    Netlink,
    Realserver,
}

pub const TARGETS: [Target; 4] = [
    Target::Argv,
    Target::Rules,
    Target::Netlink,
    Target::Realserver,
];

impl Target {
    pub fn name(self) -> &'static str {
        match self {
            Target::Argv => "argv",
            Target::Rules => "rules",
            Target::Netlink => "netlink",
            Target::Realserver => "realserver",
        }
    }
    pub fn parse(s: &str) -> Option<Vec<Target>> {
        match s {
            "all" => Some(TARGETS.to_vec()),
            _ => TARGETS.iter().find(|t| t.name() == s).map(|t| vec![*t]),
        }
    }
}

/// One generated input: the bytes fed to a target. Command lines are
/// their words joined by NUL (argv cannot hold a NUL itself).
#[derive(Debug, Clone)]
pub struct Input {
    pub target: Target,
    pub bytes: Vec<u8>,
}

impl Input {
    /// An input given as hex (`describe`'s), for `--replay`.
    pub fn from_hex(target: Target, hex: &str) -> Option<Input> {
        let hex = hex.trim();
        if hex.len() % 2 != 0 {
            return None;
        }
        let bytes = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
            .collect::<Option<Vec<u8>>>()?;
        Some(Input { target, bytes })
    }

    /// The input as printable Rust string and hex, to reproduce it.
    pub fn describe(&self) -> String {
        let hex: String = self.bytes.iter().map(|b| format!("{b:02x}")).collect();
        format!(
            "target {}\nescaped {:?}\nhex {hex}",
            self.target.name(),
            String::from_utf8_lossy(&self.bytes)
        )
    }
}

// ---------------------------------------------------------------------
// Generation

const WORDS: &[&str] = &[
    "-A",
    "-E",
    "-D",
    "-a",
    "-e",
    "-d",
    "-C",
    "-R",
    "-S",
    "-L",
    "-l",
    "-Z",
    "-h",
    "-v",
    "-t",
    "-u",
    "-f",
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
    "-c",
    "-n",
    "-6",
    "-o",
    "-b",
    "-j",
    "-T",
    "-z",
    "-O",
    "-Ln",
    "-Lnc",
    "-Sn",
    "-lcn",
    "--add-service",
    "--edit-service",
    "--delete-service",
    "--add-server",
    "--edit-server",
    "--delete-server",
    "--clear",
    "--restore",
    "--save",
    "--list",
    "--zero",
    "--set",
    "--start-daemon",
    "--stop-daemon",
    "--tcp-service",
    "--udp-service",
    "--sctp-service",
    "--fwmark-service",
    "--scheduler",
    "--persistent",
    "--netmask",
    "--real-server",
    "--gatewaying",
    "--ipip",
    "--masquerading",
    "--weight",
    "--u-threshold",
    "--l-threshold",
    "--connection",
    "--numeric",
    "--exact",
    "--thresholds",
    "--persistent-conn",
    "--nosort",
    "--sort",
    "--ops",
    "--pe",
    "--sched-flags",
    "--stats",
    "--rate",
    "--timeout",
    "--daemon",
    "--mcast-interface",
    "--syncid",
    "--sync-maxlen",
    "--mcast-group",
    "--mcast-port",
    "--mcast-ttl",
    "--tun-type",
    "--tun-port",
    "--tun-nocsum",
    "--tun-csum",
    "--tun-remcsum",
    "--full",
    "--json",
    "--netns",
    "--help",
    "--version",
    "--drain",
    "--dry-run",
    "--wait",
    "--delete",
    "apply",
    "diff",
    "drain",
    "-",
    "--",
    "rr",
    "wrr",
    "lc",
    "wlc",
    "lblc",
    "lblcr",
    "dh",
    "sh",
    "sed",
    "nq",
    "fo",
    "ovf",
    "mh",
    "twos",
    "sip",
    "master",
    "backup",
    "ipip",
    "gue",
    "gre",
    "sh-port",
    "sh-fallback",
    "mh-port",
    "mh-fallback",
    "flag-1",
    "flag-2",
    "flag-3",
    "eth0",
    "lo",
    "other",
    "nope",
    "0",
    "1",
    "-1",
    "65535",
    "65536",
    "4294967295",
    "4294967296",
    "18446744073709551616",
    "2147483648",
    "0x10",
    "1e3",
    "",
    " ",
    "10.0.0.1",
    "10.0.0.1:80",
    "10.0.0.1:0",
    "10.0.0.1:65536",
    "10.0.0.1:",
    ":80",
    "[::1]:80",
    "[::1]",
    "[fd00::1]:443",
    "fd00::1",
    "[::ffff:1.2.3.4]:80",
    "[",
    "]:",
    "[]:80",
    "1.2.3",
    "1.2.3.4.5",
    "256.1.1.1",
    "localhost:http",
    "vip.example:www",
    "rs2.example",
    "10.0.0.1:http",
    "255.255.255.0",
    "128",
    "/24",
    "224.0.0.81",
    "ff02::1",
    "-A -t 1.2.3.4:80",
    "x",
    "é",
    "\u{0}",
    "%",
    "%s%n",
    "\\",
    "'",
    "\"",
    "#",
    "ipvsadm",
];

fn argv_seeds() -> Vec<Vec<String>> {
    ARGV_SEEDS
        .lines()
        .map(|l| l.split_whitespace().map(str::to_string).collect())
        .collect()
}

/// A random printable-ish word, or a mutated one.
fn mutate_word(rng: &mut Rng, w: &str) -> String {
    let mut chars: Vec<char> = w.chars().collect();
    for _ in 0..1 + rng.below(3) {
        match rng.below(6) {
            0 if !chars.is_empty() => {
                let i = rng.below(chars.len());
                chars.remove(i);
            }
            1 => {
                let i = rng.below(chars.len() + 1);
                let c = *rng.pick(&[
                    ':', '[', ']', '.', ',', '-', '0', '9', 'x', '/', '%', ' ', '\u{e9}', '\0',
                ]);
                chars.insert(i, c);
            }
            2 if !chars.is_empty() => {
                let i = rng.below(chars.len());
                chars.truncate(i);
            }
            3 if !chars.is_empty() => {
                let i = rng.below(chars.len());
                chars[i] = char::from(rng.next_u64() as u8 & 0x7f);
            }
            4 => {
                let i = rng.below(chars.len() + 1);
                let digits = format!("{}", rng.next_u64() >> rng.below(64));
                for (k, c) in digits.chars().enumerate() {
                    chars.insert(i + k, c);
                }
            }
            _ => {
                let dup: Vec<char> = chars.clone();
                chars.extend(dup);
            }
        }
    }
    chars.into_iter().collect()
}

fn mutate_words(rng: &mut Rng, words: &mut Vec<String>) {
    for _ in 0..1 + rng.below(4) {
        match rng.below(8) {
            0 if !words.is_empty() => {
                let i = rng.below(words.len());
                words.remove(i);
            }
            1 | 2 => {
                let i = rng.below(words.len() + 1);
                words.insert(i, rng.pick(WORDS).to_string());
            }
            3 if !words.is_empty() => {
                let i = rng.below(words.len());
                words[i] = rng.pick(WORDS).to_string();
            }
            4 if !words.is_empty() => {
                let i = rng.below(words.len());
                words[i] = mutate_word(rng, &words[i].clone());
            }
            5 if words.len() > 1 => {
                let (i, j) = (rng.below(words.len()), rng.below(words.len()));
                words.swap(i, j);
            }
            6 if !words.is_empty() => {
                let i = rng.below(words.len());
                let w = words[i].clone();
                words.insert(i, w);
            }
            _ => {
                // Glue two words (e.g. -w5, -srr) or split one.
                if words.len() > 1 && rng.one_in(2) {
                    let i = rng.below(words.len() - 1);
                    let next = words.remove(i + 1);
                    words[i].push_str(&next);
                } else if !words.is_empty() {
                    let i = rng.below(words.len());
                    let w: Vec<char> = words[i].chars().collect();
                    if w.len() > 1 {
                        let at = 1 + rng.below(w.len() - 1);
                        words[i] = w[..at].iter().collect();
                        words.insert(i + 1, w[at..].iter().collect());
                    }
                }
            }
        }
    }
}

fn gen_argv(rng: &mut Rng, seeds: &[Vec<String>]) -> Vec<u8> {
    let mut words = if rng.one_in(20) {
        (0..rng.below(8))
            .map(|_| String::from_utf8_lossy(&rng.bytes(12)).into_owned())
            .collect()
    } else {
        let mut w = rng.pick(seeds).clone();
        if !rng.one_in(8) {
            mutate_words(rng, &mut w);
        }
        w
    };
    words.retain(|w| !w.contains('\0'));
    words.join("\0").into_bytes()
}

/// Lines of a rules file: declarations (`rule_seeds`), a few mutated.
fn gen_rules(rng: &mut Rng, seeds: &[Vec<String>], saved: &str) -> Vec<u8> {
    if rng.one_in(20) {
        return rng.bytes(200);
    }
    // Now and then a large table, for time that grows faster than the
    // file: 2,000 servers of one service, then the usual mutations.
    if rng.one_in(2000) {
        let mut text = String::from("-A -t 10.1.0.1:80 -s wrr\n");
        for i in 0..2000u32 {
            text.push_str(&format!(
                "-a -t 10.1.0.1:80 -r 10.2.{}.{}:80 -m -w {}\n",
                i / 250,
                i % 250 + 1,
                i % 7
            ));
        }
        let mut b = text.into_bytes();
        if rng.one_in(2) {
            mutate_bytes(rng, &mut b);
        }
        return b;
    }
    // Half of the files start as a whole saved table, which reads.
    let mut text = if rng.one_in(2) {
        saved.to_string()
    } else {
        String::new()
    };
    for _ in 0..rng.below(6) {
        let mut words = rng.pick(seeds).clone();
        if rng.one_in(3) {
            words.insert(0, "ipvsadm".into());
        }
        if rng.one_in(5) {
            mutate_words(rng, &mut words);
        }
        let sep = *rng.pick(&[" ", " ", " ", "\t", "  "]);
        text.push_str(&words.join(sep));
        match rng.below(10) {
            0 => text.push_str(" # comment"),
            1 => text.push_str("\r\n"),
            2 => {}
            _ => text.push('\n'),
        }
        if rng.one_in(10) {
            text.push_str("# a comment line\n\n");
        }
    }
    let mut b = text.into_bytes();
    if rng.one_in(6) {
        mutate_bytes(rng, &mut b);
    }
    b
}

fn mutate_bytes(rng: &mut Rng, b: &mut Vec<u8>) {
    for _ in 0..1 + rng.below(6) {
        match rng.below(7) {
            0 if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
            1 if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] = *rng.pick(&[0, 1, 0x7f, 0x80, 0xff, 4, 8, 0x10]);
            }
            2 if !b.is_empty() => {
                let i = rng.below(b.len());
                b.truncate(i);
            }
            3 => {
                let i = rng.below(b.len() + 1);
                let extra = rng.bytes(8);
                b.splice(i..i, extra);
            }
            4 if b.len() >= 2 => {
                // An interesting 16-bit value (netlink lengths are u16/u32).
                let i = rng.below(b.len() - 1);
                let v: u16 = *rng.pick(&[0, 1, 3, 4, 5, 8, 0x7fff, 0xffff, 0x8000, 20]);
                b[i..i + 2].copy_from_slice(&v.to_ne_bytes());
            }
            5 if !b.is_empty() => {
                let i = rng.below(b.len());
                let j = rng.below(b.len());
                let k = (i + rng.below(16)).min(b.len());
                let chunk = b[i..k].to_vec();
                let j = j.min(b.len());
                b.splice(j..j, chunk);
            }
            _ if !b.is_empty() => {
                let i = rng.below(b.len());
                let k = (i + 1 + rng.below(8)).min(b.len());
                b.drain(i..k);
            }
            _ => {}
        }
    }
}

/// A netlink message header (16 bytes) around `body`.
fn nlmsg(out: &mut Vec<u8>, ty: u16, body: &[u8]) {
    let len = 16 + body.len();
    out.extend_from_slice(&(len as u32).to_ne_bytes());
    out.extend_from_slice(&ty.to_ne_bytes());
    out.extend_from_slice(&2u16.to_ne_bytes());
    out.extend_from_slice(&1u32.to_ne_bytes());
    out.extend_from_slice(&0u32.to_ne_bytes());
    out.extend_from_slice(body);
    while out.len() % 4 != 0 {
        out.push(0);
    }
}

fn genl(cmd: u8, attrs: &[u8]) -> Vec<u8> {
    let mut b = vec![cmd, 1, 0, 0];
    b.extend_from_slice(attrs);
    b
}

/// Requests parsed from the seed command lines: services, servers,
/// daemons, timeouts, for the encoder to turn into real messages.
fn seed_requests(names: &SystemNames, seeds: &[Vec<String>]) -> Vec<Request> {
    let mut out = Vec::new();
    for words in seeds {
        let args: Vec<&str> = words.iter().map(String::as_str).collect();
        if let Ok(ipvsadm::cli::Command::Modify(r)) = ipvsadm::cli::parse("ipvsadm", &args, names) {
            out.push(r);
        }
    }
    out
}

/// The attributes a request encodes to, as `write_request` sends them.
fn request_body(r: &Request) -> Vec<u8> {
    let mut w = ipvsadm::netlink::attr::AttrWriter::with_capacity(256);
    wire::write_request(&mut w, r);
    let request = w.into_bytes();
    if !matches!(r, Request::AddDest(..) | Request::EditDest(..)) {
        return request;
    }
    // A kernel's GET_DEST reply also carries the connection counters
    // (IPVS_DEST_ATTR_ACTIVE_CONNS, _INACT_CONNS, _PERSIST_CONNS: 7, 8, 9).
    let mut reply = ipvsadm::netlink::attr::AttrWriter::with_capacity(256);
    ipvsadm::netlink::attr::each_attr(&request, |ty, v| {
        if ty & 0x3fff == 2 {
            reply.nest(2, |w| {
                w.raw(v);
                w.u32(7, 3);
                w.u32(8, 4);
                w.u32(9, 5);
            });
        } else {
            reply.put_slice(ty, v);
        }
    })
    .expect("an encoded request parses");
    reply.into_bytes()
}

fn gen_netlink(rng: &mut Rng, requests: &[Request]) -> Vec<u8> {
    if rng.one_in(10) {
        return rng.bytes(300);
    }
    let mut out = Vec::new();
    for _ in 0..1 + rng.below(4) {
        match rng.below(8) {
            0 => nlmsg(&mut out, 2, &(-(rng.below(200) as i32)).to_ne_bytes()),
            1 => nlmsg(&mut out, 3, &0i32.to_ne_bytes()),
            2 => nlmsg(&mut out, rng.below(40) as u16, &rng.bytes(40)),
            _ => {
                let r = rng.pick(requests);
                let body = genl(rng.below(20) as u8, &request_body(r));
                nlmsg(&mut out, 0x10 + rng.below(16) as u16, &body);
            }
        }
    }
    if !rng.one_in(4) {
        mutate_bytes(rng, &mut out);
    }
    out
}

const STATE_SEED: &str = "lvs-realserver-state 1
vip 10.10.10.213 mode=dr label=lo:0 persist=systemd addr-added=yes route-added=no link-raised=no
vip 2001:db8::1 mode=tun label= persist=none addr-added=yes route-added=yes link-raised=yes
sysctl net/ipv4/conf/all/arp_ignore 30
file etc/a absent
file etc/b file 640 7820790a7a
file etc/c symlink 2f6574632f782079
dir etc/lvs-realserver
";

const TCP_SEED: &str = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: D80A0A0A:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1234 1 0 100 0 0 10 0
   1: 00000000000000000000000001000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1235 1 0 100 0 0 10 0
   2: D80A0A0A:0050 160A0A0A:C350 01 00000000:00000000 00:00000000 00000000     0        0 1236 1 0 100 0 0 10 0
";

/// Texts lvs-realserver reads: its state record, /proc/net/tcp, the
/// profiles it writes (ifcfg, keyfile, unit), and a few addresses.
fn realserver_seeds() -> Vec<Vec<u8>> {
    use realserver::state::{Mode, Persist, Vip};
    let vip = |a: &str, mode, persist, label: &str| Vip {
        vip: a.parse().unwrap(),
        mode,
        label: label.into(),
        persist,
        addr_added: true,
        route_added: false,
        link_raised: false,
    };
    let vips = [
        vip("10.10.10.213", Mode::Dr, Persist::Ifcfg, "lo:0"),
        vip("10.10.10.214", Mode::Dr, Persist::Keyfile, "lo:1"),
        vip("2001:db8::1", Mode::Dr, Persist::Keyfile, ""),
        vip("10.10.10.215", Mode::Tun, Persist::Systemd, ""),
    ];
    let mut out: Vec<Vec<u8>> = vec![STATE_SEED.into(), TCP_SEED.into()];
    let mut st = realserver::state::State::default();
    st.vips.extend(vips.iter().cloned());
    for (path, entry) in realserver::persist::desired(&vips, "/usr/sbin/lvs-realserver") {
        st.files.insert(path, entry.clone());
        if let realserver::files::Entry::File { content, .. } = entry {
            out.push(content);
        }
    }
    out.push(st.render().into_bytes());
    out
}

fn gen_realserver(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    if rng.one_in(10) {
        return rng.bytes(200);
    }
    let mut b = rng.pick(seeds).clone();
    if rng.one_in(2) {
        // Line-level: drop, duplicate or swap lines first.
        let text = String::from_utf8_lossy(&b).into_owned();
        let mut lines: Vec<&str> = text.lines().collect();
        for _ in 0..1 + rng.below(3) {
            if lines.is_empty() {
                break;
            }
            let i = rng.below(lines.len());
            match rng.below(3) {
                0 if i > 0 => {
                    lines.remove(i);
                }
                1 => lines.insert(i, lines[i]),
                _ => {
                    let j = rng.below(lines.len());
                    lines.swap(i, j);
                }
            }
        }
        b = lines.join("\n").into_bytes();
    }
    if !rng.one_in(4) {
        mutate_bytes(rng, &mut b);
    }
    b
}

// ---------------------------------------------------------------------
// Execution

/// A platform with no effects: no modprobe, no connection table, no lock,
/// only the namespace `other`; time passes by sleeping only.
struct QuietPlatform {
    start: Instant,
    slept: Duration,
}

impl Platform for QuietPlatform {
    fn modprobe_ip_vs(&mut self) -> bool {
        false
    }
    fn open_conn_table(&mut self) -> io::Result<Box<dyn io::BufRead>> {
        Ok(Box::new(io::Cursor::new(
            b"Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n\
TCP 0A000032 D431 0A000064 0050 0A000002 0050 ESTABLISHED     899\n"
                .to_vec(),
        )))
    }
    fn ipvs_sysctls(&mut self) -> Vec<(String, String)> {
        vec![("conntrack".into(), "0\n".into())]
    }
    fn lock_writers(&mut self, _: &str, _: &mut dyn FnMut(&str)) -> WriterLock {
        WriterLock::none()
    }
    fn stderr_is_terminal(&self) -> bool {
        false
    }
    fn hold_interrupts(&mut self) {}
    fn interrupted(&mut self) -> bool {
        false
    }
    fn now(&self) -> Instant {
        self.start + self.slept
    }
    fn sleep(&mut self, d: Duration) {
        self.slept += d;
    }
    fn enter_netns(&mut self, name: &str) -> Result<(), ipvsadm::error::Error> {
        if name == "other" {
            Ok(())
        } else {
            Err(ipvsadm::error::Error::fail("no such namespace"))
        }
    }
}

/// Run one whole invocation in-process against `kernel`.
fn invoke(kernel: &mut FakeKernel, names: &SystemNames, argv: &[String], stdin: &[u8]) -> i32 {
    let mut platform = QuietPlatform {
        start: Instant::now(),
        slept: Duration::ZERO,
    };
    let mut input = io::Cursor::new(stdin.to_vec());
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut env = Env {
        prog: "ipvsadm".into(),
        kernel,
        names,
        platform: &mut platform,
        stdin: &mut input,
        stdout: &mut out,
        stderr: &mut err,
    };
    ipvsadm::run(argv, &mut env)
}

/// What the targets share: names, seeds, and a fake kernel holding a table.
pub struct World {
    names: SystemNames,
    argv_seeds: Vec<Vec<String>>,
    /// The seed lines that parse as requests, and a saved table's lines.
    rule_seeds: Vec<Vec<String>>,
    /// `-S -n --full` of the fake kernel's table.
    saved: String,
    requests: Vec<Request>,
    realserver_seeds: Vec<Vec<u8>>,
    kernel: FakeKernel,
    scratch: std::path::PathBuf,
}

impl World {
    pub fn new() -> World {
        let names = SystemNames::from_texts(HOSTS, SERVICES);
        let argv_seeds = argv_seeds();
        let requests = seed_requests(&names, &argv_seeds);
        let mut kernel = FakeKernel::new();
        for line in [
            "-A -t 10.10.10.213:80 -s rr",
            "-a -t 10.10.10.213:80 -r 10.10.10.216:80 -g -w 1",
            "-a -t 10.10.10.213:80 -r 10.10.10.217:80 -m -w 3",
            "-A -u [fd00::100]:53 -s wlc -p 60",
            "-a -u [fd00::100]:53 -r [fd00::2]:53 -i -w 2",
            "-A -f 7 -s sh -b sh-port",
            "--start-daemon master --mcast-interface eth0 --syncid 5",
        ] {
            let mut argv = vec!["ipvsadm".to_string()];
            argv.extend(line.split(' ').map(str::to_string));
            assert_eq!(invoke(&mut kernel, &names, &argv, b""), 0, "{line}");
        }
        let scratch = std::env::temp_dir().join(format!("ipvsadm-fuzz-{}", std::process::id()));
        let mut rule_seeds: Vec<Vec<String>> = argv_seeds
            .iter()
            .filter(|w| {
                let args: Vec<&str> = w.iter().map(String::as_str).collect();
                matches!(
                    ipvsadm::cli::parse("ipvsadm", &args, &names),
                    Ok(ipvsadm::cli::Command::Modify(_))
                )
            })
            .cloned()
            .collect();
        let mut saved = Vec::new();
        let argv: Vec<String> = ["ipvsadm", "-S", "-n", "--full"].map(String::from).to_vec();
        let mut platform = QuietPlatform {
            start: Instant::now(),
            slept: Duration::ZERO,
        };
        let mut env = Env {
            prog: "ipvsadm".into(),
            kernel: &mut kernel,
            names: &names,
            platform: &mut platform,
            stdin: &mut io::Cursor::new(Vec::new()),
            stdout: &mut saved,
            stderr: &mut io::sink(),
        };
        assert_eq!(ipvsadm::run(&argv, &mut env), 0);
        let saved = String::from_utf8(saved).expect("-S prints UTF-8");
        rule_seeds.extend(
            saved
                .lines()
                .map(|l| l.split_whitespace().map(str::to_string).collect()),
        );
        World {
            names,
            argv_seeds,
            rule_seeds,
            saved,
            requests,
            realserver_seeds: realserver_seeds(),
            kernel,
            scratch,
        }
    }

    pub fn generate(&self, rng: &mut Rng, target: Target) -> Input {
        let bytes = match target {
            Target::Argv => gen_argv(rng, &self.argv_seeds),
            Target::Rules => gen_rules(rng, &self.rule_seeds, &self.saved),
            Target::Netlink => gen_netlink(rng, &self.requests),
            Target::Realserver => gen_realserver(rng, &self.realserver_seeds),
        };
        Input { target, bytes }
    }

    /// Run one input; a broken property panics. True if the input was
    /// accepted (exit status 0, a rules file or a record read, a message
    /// decoded): the share of accepted inputs shows how deep they reach.
    pub fn execute(&self, input: &Input, deep: bool) -> bool {
        match input.target {
            Target::Argv => self.argv(&input.bytes),
            Target::Rules => self.rules(&input.bytes),
            Target::Netlink => netlink(&input.bytes),
            Target::Realserver => self.realserver(&input.bytes, deep),
        }
    }

    fn argv(&self, bytes: &[u8]) -> bool {
        let text = String::from_utf8_lossy(bytes);
        let words: Vec<&str> = if text.is_empty() {
            Vec::new()
        } else {
            text.split('\0').collect()
        };
        let parsed = ipvsadm::cli::parse_invocation("ipvsadm", &words, &self.names);
        if let Ok(inv) = &parsed {
            if let ipvsadm::cli::Command::Modify(r) = &inv.command {
                self.round_trip(r);
            }
        }
        // `save` writes the file its input names: not run on random paths.
        if words.first() == Some(&"save") {
            return false;
        }
        let mut argv = vec!["ipvsadm".to_string()];
        argv.extend(words.iter().map(|w| w.to_string()));
        let mut kernel = self.kernel.clone();
        let stdin = b"-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 10.0.0.2\n";
        invoke(&mut kernel, &self.names, &argv, stdin) == 0
    }

    /// A request printed as a rules line parses back to the same request.
    fn round_trip(&self, r: &Request) {
        if !words_only(r) {
            return;
        }
        let mut line = Vec::new();
        ipvsadm::rules::save::command_line(&mut line, r, &ipvsadm::names::NoNames)
            .expect("command_line writes to memory");
        let line = String::from_utf8(line).expect("command_line prints UTF-8");
        let words: Vec<&str> = line.split_whitespace().skip(1).collect();
        match ipvsadm::cli::parse("ipvsadm", &words, &self.names) {
            Ok(ipvsadm::cli::Command::Modify(back)) => {
                assert_eq!(
                    comparable(&back),
                    comparable(r),
                    "round trip through {line:?}"
                )
            }
            other => panic!("{line:?} printed for {r:?} parses back as {other:?}"),
        }
    }

    fn rules(&self, bytes: &[u8]) -> bool {
        let text = String::from_utf8_lossy(bytes);
        let accepted = ipvsadm::apply::declare::declared(&text, "ipvsadm", &self.names).is_ok();
        let mut memo = ipvsadm::cli::Memo::default();
        let mut words = Vec::new();
        for line in text.lines() {
            ipvsadm::rules::restore::split_line_into(line, &mut words);
            let args: Vec<&str> = match words.first() {
                Some(&"ipvsadm") => words[1..].to_vec(),
                _ => words.clone(),
            };
            if let Ok(ipvsadm::cli::Command::Modify(r)) =
                ipvsadm::cli::parse_line("ipvsadm", &args, &self.names, &mut memo)
            {
                self.round_trip(&r);
            }
        }
        let _ = ipvsadm::rules::restore::wrapper_filter(bytes);
        for verb in [
            &["-R"][..],
            &["apply", "--dry-run", "-"][..],
            &["diff", "-"][..],
        ] {
            let mut argv = vec!["ipvsadm".to_string()];
            argv.extend(verb.iter().map(|w| w.to_string()));
            let mut kernel = self.kernel.clone();
            invoke(&mut kernel, &self.names, &argv, bytes);
        }
        accepted
    }

    fn realserver(&self, bytes: &[u8], deep: bool) -> bool {
        use realserver::state::State;
        let text = String::from_utf8_lossy(bytes);
        let mut accepted = false;
        if let Ok(st) = State::parse(&text) {
            let again = State::parse(&st.render()).expect("a rendered record parses");
            assert_eq!(again, st, "state record round trip");
            accepted = !st.is_empty();
        }
        accepted |= !realserver::procnet::listeners(&text).is_empty();
        for word in text.split_whitespace().take(8) {
            let _ = realserver::values::parse_vip(word);
            let _ = realserver::values::valid_ifname(word);
            let _ = realserver::values::check_label(word, "lo");
        }
        let _ = realserver::rtnl::decode_link(bytes);
        let _ = realserver::rtnl::decode_addr(bytes);
        let _ = realserver::rtnl::decode_route(bytes);
        if deep {
            // The profiles as files: detect reads ifcfg and keyfiles.
            let root = &self.scratch;
            let _ = std::fs::remove_dir_all(root);
            let nm = root.join("etc/NetworkManager/system-connections");
            let ns = root.join("etc/sysconfig/network-scripts");
            std::fs::create_dir_all(&nm).expect("scratch directory");
            std::fs::create_dir_all(&ns).expect("scratch directory");
            std::fs::write(nm.join("lo.nmconnection"), bytes).expect("scratch file");
            std::fs::write(ns.join("ifcfg-lo:0"), bytes).expect("scratch file");
            let r = realserver::files::Root::new(root);
            let _ = realserver::persist::detect(&r);
            let _ = realserver::ops::load_state(&r);
        }
        accepted
    }
}

impl Default for World {
    fn default() -> World {
        World::new()
    }
}

impl Drop for World {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.scratch);
    }
}

/// Whether the request's names (scheduler, persistence engine, sync
/// interface) can be words of a line: not empty, no blank or control
/// character, not an option. The rules format, like 1.31's, cannot quote.
fn words_only(r: &Request) -> bool {
    let word = |s: &str| {
        !s.is_empty()
            && !s.starts_with('-')
            && !s.chars().any(|c| c.is_whitespace() || c.is_control())
    };
    match r {
        Request::AddService(s) | Request::EditService(s) => {
            // 1.31 names no third flag for sh and mh: `-b flag-3` alone
            // is saved as a bare `-b`.
            let unnamed = matches!(&*s.scheduler, "sh" | "mh")
                && s.flags & svc_flags::SCHED_MASK == svc_flags::SCHED3;
            word(&s.scheduler) && s.pe_name.as_deref().is_none_or(word) && !unnamed
        }
        Request::StartDaemon(d) | Request::StopDaemon(d) => word(&d.mcast_ifn),
        _ => true,
    }
}

/// What a rules line can say of a request: as in 1.31's save, `-M` is
/// printed only with `-p` (a netmask without persistence is not kept),
/// and the third scheduler flag of sh and mh is not printed.
fn comparable(r: &Request) -> Request {
    let mut r = r.clone();
    if let Request::AddService(s) | Request::EditService(s) = &mut r {
        if s.flags & svc_flags::PERSISTENT == 0 {
            s.netmask = 0;
        }
        if matches!(&*s.scheduler, "sh" | "mh") {
            s.flags &= !svc_flags::SCHED3;
        }
    }
    r
}

fn netlink(bytes: &[u8]) -> bool {
    use ipvsadm::model::Family;
    use ipvsadm::names::NoNames;
    let _ = ipvsadm::netlink::attr::parse_attrs(bytes);
    let Ok(msgs) = parse_messages(bytes) else {
        return false;
    };
    let mut accepted = false;
    for m in msgs {
        let _ = m.reply();
        let p = m.payload;
        // What the kernel says is printed: decoded values go through -S.
        let svc = wire::decode_service(p);
        let dests: Vec<_> = [Family::Inet, Family::Inet6]
            .into_iter()
            .filter_map(|f| wire::decode_dest(p, f).ok())
            .collect();
        let daemon = wire::decode_daemon(p);
        let mut out = Vec::new();
        if let Ok(svc) = &svc {
            let _ = ipvsadm::rules::save::save_service(&mut out, svc, &dests, &NoNames);
            let _ = ipvsadm::rules::save::save_service_as(&mut out, svc, &dests, &NoNames, true);
        }
        if let Ok(d) = &daemon {
            let _ = ipvsadm::rules::save::daemon_lines(&mut out, std::slice::from_ref(d));
        }
        let _ = wire::decode_info(p);
        if let Ok(t) = wire::decode_timeouts(p) {
            let _ = ipvsadm::rules::save::timeouts_line(&mut out, &t);
        }
        accepted |= svc.is_ok() || !dests.is_empty() || daemon.is_ok();
        let _ = realserver::rtnl::decode_link(p);
        let _ = realserver::rtnl::decode_addr(p);
        let _ = realserver::rtnl::decode_route(p);
        if let Some(attrs) = p.get(4..) {
            let _ = ipvsadm::netlink::attr::AttrTable::parse(attrs);
            let _ = ipvsadm::netlink::attr::each_attr(attrs, |_, v| {
                let _ = ipvsadm::netlink::attr::get_str(v);
            });
        }
    }
    accepted
}

/// Encoded requests decode to what was encoded (the fields a reply carries).
pub fn encode_round_trips(world: &World) {
    for r in &world.requests {
        match r {
            Request::AddService(s) => {
                let back = wire::decode_service(&genl(1, &request_body(r)))
                    .expect("an encoded service decodes");
                assert_eq!(back.key, s.key, "{r:?}");
                assert_eq!(back.scheduler, s.scheduler, "{r:?}");
                assert_eq!(back.flags, s.flags, "{r:?}");
                assert_eq!(back.timeout, s.timeout, "{r:?}");
                assert_eq!(back.netmask, s.netmask, "{r:?}");
            }
            Request::AddDest(s, d) => {
                let back = wire::decode_dest(&genl(1, &request_body(r)), s.key.family())
                    .expect("an encoded server decodes");
                assert_eq!(back.addr, d.addr, "{r:?}");
                assert_eq!(back.port, d.port, "{r:?}");
                assert_eq!(back.weight, d.weight, "{r:?}");
                assert_eq!(back.fwd, d.fwd, "{r:?}");
                assert_eq!(back.u_threshold, d.u_threshold, "{r:?}");
                assert_eq!(back.tun_type, d.tun_type, "{r:?}");
            }
            Request::StartDaemon(d) => {
                let back = wire::decode_daemon(&genl(1, &request_body(r)))
                    .expect("an encoded daemon decodes");
                assert_eq!(&back, d, "{r:?}");
            }
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------
// The loop

pub struct Report {
    pub inputs: u64,
    /// Per target: inputs run, inputs accepted.
    pub per_target: Vec<(Target, u64, u64)>,
    pub failures: Vec<String>,
    pub elapsed: Duration,
}

/// The input being run, for the watchdog to print.
struct Current {
    input: Mutex<Option<Input>>,
    count: AtomicU64,
    done: AtomicBool,
}

/// Run `inputs` generated inputs from `seed` over `targets`, round-robin.
/// A panic is recorded with its input (at most `max_failures`, then the
/// run stops); an input taking longer than `bound` aborts the process with
/// the input printed. `deep_every`: every n-th realserver input also goes
/// through files (0: never).
pub fn run(
    seed: u64,
    inputs: u64,
    targets: &[Target],
    bound: Duration,
    deep_every: u64,
    progress: Option<&mut dyn Write>,
) -> Report {
    let world = World::new();
    encode_round_trips(&world);
    let mut rng = Rng::new(seed);
    let current = Arc::new(Current {
        input: Mutex::new(None),
        count: AtomicU64::new(0),
        done: AtomicBool::new(false),
    });
    let watchdog = {
        let current = Arc::clone(&current);
        std::thread::spawn(move || watch(&current, bound))
    };
    // Panics are reported with their input below, not by the default hook.
    let hook = std::panic::take_hook();
    let message = Arc::new(Mutex::new(String::new()));
    {
        let message = Arc::clone(&message);
        std::panic::set_hook(Box::new(move |info| {
            if let Ok(mut m) = message.lock() {
                *m = info.to_string();
            }
        }));
    }
    let start = Instant::now();
    let mut progress = progress;
    let mut per_target: Vec<(Target, u64, u64)> = targets.iter().map(|t| (*t, 0, 0)).collect();
    let mut failures = Vec::new();
    let mut done = 0;
    while done < inputs {
        let slot = (done % targets.len() as u64) as usize;
        let target = targets[slot];
        let input = world.generate(&mut rng, target);
        let deep =
            target == Target::Realserver && deep_every > 0 && per_target[slot].1 % deep_every == 0;
        *current.input.lock().unwrap() = Some(input.clone());
        let result = catch_unwind(AssertUnwindSafe(|| world.execute(&input, deep)));
        current.count.fetch_add(1, Ordering::Relaxed);
        per_target[slot].1 += 1;
        if let Ok(true) = result {
            per_target[slot].2 += 1;
        }
        done += 1;
        if result.is_err() {
            let msg = message.lock().map(|m| m.clone()).unwrap_or_default();
            failures.push(format!(
                "panic: {msg}\ninput {} of seed {seed}\n{}",
                done - 1,
                input.describe()
            ));
            if failures.len() >= 20 {
                break;
            }
        }
        if let Some(out) = progress.as_mut() {
            if done % 100_000 == 0 {
                let secs = start.elapsed().as_secs_f64();
                let _ = writeln!(
                    out,
                    "{done} inputs, {secs:.1} s, {:.0} inputs/s",
                    done as f64 / secs
                );
            }
        }
    }
    let elapsed = start.elapsed();
    current.done.store(true, Ordering::Relaxed);
    let _ = watchdog.join();
    std::panic::set_hook(hook);
    Report {
        inputs: done,
        per_target,
        failures,
        elapsed,
    }
}

/// Abort, printing the input, if the count stands still longer than `bound`.
fn watch(current: &Current, bound: Duration) {
    let mut last = current.count.load(Ordering::Relaxed);
    let mut since = Instant::now();
    while !current.done.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(50));
        let now = current.count.load(Ordering::Relaxed);
        if now != last {
            last = now;
            since = Instant::now();
        } else if since.elapsed() > bound {
            let input = current.input.lock().map(|i| i.clone()).ok().flatten();
            let shown = input.map_or_else(|| "(none)".into(), |i| i.describe());
            eprintln!(
                "hang: one input ran longer than {} s\n{shown}",
                bound.as_secs_f64()
            );
            std::process::exit(3);
        }
    }
}
