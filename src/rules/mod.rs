//! The rules-file format: what `-S` prints and what `-R` reads.
#[cfg(test)]
mod full_tests;
pub mod restore;
pub mod save;
