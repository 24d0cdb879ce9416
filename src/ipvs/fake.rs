//! In-memory kernel. (Stub.)
