//! (Op, errno) → ipvsadm 1.31's message text. (Stub.)
use super::Op;

pub fn message(_op: Op, errno: i32) -> String {
    format!("errno {errno}")
}
