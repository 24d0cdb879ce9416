//! Hand-formatted, byte-exact listings (`-L` in all its layouts, `-c`).
//!
//! Design decisions: no table library; each layout is the reference's printf
//! format transcribed, so reviewers can diff them against ipvsadm.c.

pub mod conns;
pub mod list;
pub mod numbers;
pub mod sort;
pub mod text;
