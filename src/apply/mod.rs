//! Changing a live table declaratively: the planner that compares the
//! table a rules file declares with the kernel's and lists the requests
//! between them, so a reload never needs a flush.

pub mod declare;
pub mod diff;
pub mod plan;
