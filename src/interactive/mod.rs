//! At the keyboard: the line editor, completion, history and the prompt.

pub mod completion;
pub mod editor;
pub mod histexpand;
pub mod history;
pub mod prompt;
