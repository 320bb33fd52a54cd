//! Input bytes to syntax tree: the lexer makes tokens, the parser builds
//! the tree, and the tree prints itself back as text. Nothing here knows
//! about processes or the shell's state.

pub mod alias;
pub mod ast;
pub mod compact;
pub mod escapes;
pub mod function_body;
pub mod lexer;
pub mod parser;
pub mod pretty;
pub mod printer;
