//! What the shell remembers between commands: variables and the
//! environment, the locale's character set, user names, and the `Shell`
//! that holds them all.

pub mod locale;
pub mod options;
pub mod passwd;
pub mod shell;
pub mod special;
pub mod traps;
pub mod vars;
