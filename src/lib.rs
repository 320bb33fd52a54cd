//! jsh: a job-control shell. The folders follow the data:
//! input ([`input`], [`interactive`]) -> [`syntax`] (tokens, then the tree)
//! -> [`expand`] (words to fields) -> [`exec`] (running the tree) ->
//! [`process`] (children) -> [`jobs`] (the job table, the terminal, what
//! the user is told). [`state`] is what the shell remembers between
//! commands; [`startup`] the files read before the first; [`builtins`] are the commands it runs itself; [`toplevel`] is
//! the loop that ties them together.

pub mod builtins;
pub mod cli;
pub mod exec;
pub mod expand;
pub mod input;
pub mod interactive;
pub mod jobs;
pub mod process;
pub mod small_alloc;
pub mod startup;
pub mod state;
pub mod syntax;
pub mod toplevel;
