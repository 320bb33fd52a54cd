//! jsh: a job-control shell. The modules follow the data:
//! input ([`input`], [`interactive`]) -> [`lexer`] -> [`parser`] -> [`ast`]
//! -> [`expand`] -> [`exec`] -> [`spawn`] -> [`jobs`] -> what the user is
//! told. [`toplevel`] is the loop that ties them together.

pub mod ast;
pub mod brace;
pub mod builtins;
pub mod cli;
pub mod completion;
pub mod escapes;
pub mod exec;
pub mod expand;
pub mod fds;
pub mod foreground;
pub mod glob;
pub mod history;
pub mod input;
pub mod interactive;
pub mod jobs;
pub mod lexer;
pub mod locale;
pub mod notify;
pub mod parser;
pub mod passwd;
pub mod pathsearch;
pub mod prompt;
pub mod redirect;
pub mod report;
pub mod session;
pub mod shell;
pub mod signals;
pub mod spawn;
pub mod terminal;
pub mod toplevel;
pub mod vars;
