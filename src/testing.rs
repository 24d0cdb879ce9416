//! Helpers shared by the unit tests.

/// A fixed pseudo-random stream (xorshift64): the same seed gives the same
/// values on every run, so a random case that fails fails again.
pub struct XorShift(pub u64);

impl XorShift {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A value in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// A platform for in-crate tests of whole invocations: no modprobe, no
/// connection table, no lock, no namespaces but `other`; time passes by
/// sleeping only.
#[derive(Debug)]
pub struct TestPlatform {
    start: std::time::Instant,
    /// Time passes only by sleeping.
    pub slept: std::time::Duration,
    /// Namespaces entered, in order.
    pub netns: Vec<String>,
    /// Whether stderr counts as a terminal (progress is shown there).
    pub terminal: bool,
}

impl Default for TestPlatform {
    fn default() -> TestPlatform {
        TestPlatform {
            start: std::time::Instant::now(),
            slept: std::time::Duration::ZERO,
            netns: Vec::new(),
            terminal: false,
        }
    }
}

impl crate::Platform for TestPlatform {
    fn modprobe_ip_vs(&mut self) -> bool {
        false
    }
    fn open_conn_table(&mut self) -> std::io::Result<Box<dyn std::io::BufRead>> {
        Err(std::io::ErrorKind::NotFound.into())
    }
    fn ipvs_sysctls(&mut self) -> Vec<(String, String)> {
        Vec::new()
    }
    fn lock_writers(&mut self, _: &str, _: &mut dyn FnMut(&str)) -> crate::sys::WriterLock {
        crate::sys::WriterLock::none()
    }
    fn stderr_is_terminal(&self) -> bool {
        self.terminal
    }
    fn hold_interrupts(&mut self) {}
    fn interrupted(&mut self) -> bool {
        false
    }
    fn now(&self) -> std::time::Instant {
        self.start + self.slept
    }
    fn sleep(&mut self, duration: std::time::Duration) {
        self.slept += duration;
    }
    fn enter_netns(&mut self, name: &str) -> Result<(), crate::error::Error> {
        if name != "other" {
            return Err(crate::error::Error::fail(format!(
                "network namespace `{name}' does not exist (no /run/netns/{name})"
            )));
        }
        self.netns.push(name.to_string());
        Ok(())
    }
}

/// Run `argv` (argv[0] first) against `kernel` with `input` on stdin and
/// no names: (status, stdout, stderr).
pub fn invoke(
    kernel: &mut crate::ipvs::fake::FakeKernel,
    platform: &mut TestPlatform,
    argv: &[&str],
    input: &str,
) -> (i32, String, String) {
    let argv: Vec<String> = argv.iter().map(|s| s.to_string()).collect();
    let mut stdin = std::io::Cursor::new(input.as_bytes().to_vec());
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let code = crate::run(
        &argv,
        &mut crate::Env {
            prog: argv.first().cloned().unwrap_or_default(),
            kernel,
            names: &crate::names::NoNames,
            platform,
            stdin: &mut stdin,
            stdout: &mut stdout,
            stderr: &mut stderr,
        },
    );
    (
        code,
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}
