//! Running the syntax tree: lists, and-or lists, pipelines and commands.
//!
//! Every pipeline becomes one [`Job`](crate::jobs::table::Job): all its
//! processes are started, then waited for. A lone builtin (or a bare
//! assignment) runs in the shell; in a pipeline or in the background it
//! runs in a forked copy.
//!
//! One module per kind of node, so that each is found where its name
//! says: `run/list.rs` for lists and and-or lists, `run/pipeline.rs` for
//! pipelines and the processes of their jobs, `run/simple.rs` for simple
//! commands (builtin, function or program). Compound commands are in
//! [`super::compound`], the fork of `( list )` in [`super::subshell`].

mod list;
mod pipeline;
mod simple;

pub use simple::{exec_error, not_found};
