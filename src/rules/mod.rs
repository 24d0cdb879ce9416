//! The rules-file format: what `-S` prints and what `-R` reads.
pub mod restore;
pub mod save;
