//! Wire codec. (Stub.)
