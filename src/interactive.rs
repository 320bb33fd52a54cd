//! Reading commands at the terminal, with line editing.

use std::io;

use rustyline::DefaultEditor;
use rustyline::error::ReadlineError;

use crate::lexer::LineSource;

pub struct Editor {
    editor: DefaultEditor,
    pub ps1: String,
    pub ps2: String,
}

impl Editor {
    pub fn new() -> io::Result<Self> {
        let editor = DefaultEditor::new().map_err(io::Error::other)?;
        Ok(Editor {
            editor,
            ps1: "$ ".into(),
            ps2: "> ".into(),
        })
    }
}

impl LineSource for Editor {
    fn read_line(&mut self, buf: &mut Vec<u8>, continuation: bool) -> io::Result<bool> {
        let prompt = if continuation { &self.ps2 } else { &self.ps1 };
        match self.editor.readline(prompt) {
            Ok(line) => {
                if !line.trim().is_empty() {
                    let _ = self.editor.add_history_entry(line.as_str());
                }
                buf.extend_from_slice(line.as_bytes());
                buf.push(b'\n');
                Ok(true)
            }
            // Ctrl+C abandons the line: hand the parser an empty one.
            Err(ReadlineError::Interrupted) => {
                buf.push(b'\n');
                Ok(true)
            }
            Err(ReadlineError::Eof) => Ok(false),
            Err(ReadlineError::Io(e)) => Err(e),
            Err(e) => Err(io::Error::other(e)),
        }
    }
}
