//! Jobs: the table of what runs, the foreground job and the terminal it
//! owns (Ctrl+C and Ctrl+Z are in [`foreground`]), what the user is told,
//! and the shell's life as a session member (start-up, exit, hangup).

pub mod continuation;
pub mod foreground;
pub mod notify;
pub mod report;
pub mod session;
pub mod table;
pub mod terminal;
