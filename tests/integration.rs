//! Integration tests: the built binary.
