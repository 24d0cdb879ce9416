//! In-process tests against the fake kernel (filled in once the fake lands).
