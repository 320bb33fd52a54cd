//! Child processes: starting them (the async-signal-safe child side) and
//! the signal dispositions they inherit.

pub mod fds;
pub mod signals;
pub mod spawn;
