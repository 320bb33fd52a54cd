//! Running the syntax tree: lists, pipelines and commands, their
//! redirections, and finding the programs they name.

pub mod compound;
pub mod comsub;
mod file_subst;
pub mod flow;
pub mod function;
pub mod heredoc;
pub mod nested;
pub mod nofork;
pub mod pathsearch;
pub mod redirect;
pub mod run;
pub mod subshell;
pub mod time;
mod xtrace;
