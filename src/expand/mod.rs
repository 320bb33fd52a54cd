//! Words of the tree to the fields a command is run with: brace, tilde,
//! parameter and arithmetic expansion, field splitting, pathname expansion
//! and quote removal.

pub mod arith;
pub mod brace;
pub mod glob;
pub mod pattern;
pub mod word;
