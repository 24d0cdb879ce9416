//! Changing a live table declaratively: a rules file read as the whole
//! table it declares (`declare`), the planner from the kernel's table to
//! it (`plan`), run all or nothing (`transaction`), and the verbs
//! `ipvsadm apply`, `diff` and `drain`, so a reload never needs a flush.

pub mod command;
pub mod declare;
pub mod diff;
pub mod drain;
pub mod plan;
pub mod transaction;
