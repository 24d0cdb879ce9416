//! `-h` and `-v` texts. (Stub.)
pub const VERSION_LINE: &str = "ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)";

pub fn help_text(prog: &str) -> String {
    format!("{VERSION_LINE}\nUsage:\n  {prog} -h\n")
}
