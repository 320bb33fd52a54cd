//! Running the syntax tree: lists, pipelines and commands, their
//! redirections, and finding the programs they name.

pub mod heredoc;
pub mod pathsearch;
pub mod redirect;
pub mod run;
