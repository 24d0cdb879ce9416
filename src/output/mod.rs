//! Byte-exact listings (`-L` in all its layouts, `-c`) from `model` types:
//! `list` and `conns` lay out the lines, `text` pads fields as printf does,
//! `numbers` writes `--stats`/`--rate` counters, `sort` orders entries as
//! 1.31 does; `json` writes `--json`'s document.
//!
//! Design decisions: no table library; each layout is the reference's printf
//! format transcribed, so reviewers can diff them against ipvsadm.c.

pub mod conns;
pub mod json;
pub mod list;
pub mod numbers;
pub mod sort;
pub mod text;
