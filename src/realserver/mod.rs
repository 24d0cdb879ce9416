//! lvs-realserver: configure, persist, check and undo an LVS real server.
//! (Issue 4; not implemented yet.)
