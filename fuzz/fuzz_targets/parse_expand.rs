//! Lexer + parser + expander on arbitrary bytes: nothing may panic, and a
//! parsed command printed back must parse to the same tree.
#![no_main]

use std::borrow::Cow;

use jsh::syntax::ast::Unparse;
use jsh::expand::word::{Expander, Params};
use jsh::syntax::lexer::StrSource;
use jsh::syntax::parser::Parser;
use libfuzzer_sys::fuzz_target;

struct Fake {
    args: Vec<Vec<u8>>,
}

impl Params for Fake {
    fn param(&self, name: &[u8]) -> Option<Cow<'_, [u8]>> {
        match name {
            b"IFS" => None,
            b"x" => Some(Cow::Borrowed(b" a  b ")),
            b"e" => Some(Cow::Borrowed(b"")),
            _ => None,
        }
    }
    fn positional(&self) -> &[Vec<u8>] {
        &self.args
    }
    fn assign(&mut self, _: &[u8], _: Vec<u8>) {}
    fn home_dir(&self, _: &[u8]) -> Option<Vec<u8>> {
        Some(b"/home/fuzz".to_vec())
    }
    // Running commands is no part of this target: a substitution is empty.
    fn command_subst(&mut self, _: &jsh::syntax::ast::CommandSubst) -> Vec<u8> {
        Vec::new()
    }
}

fuzz_target!(|data: &[u8]| {
    let mut src = StrSource::new(data.to_vec());
    let mut parser = Parser::new(&mut src);
    let mut params = Fake {
        args: vec![b"one".to_vec(), b"t w o".to_vec()],
    };
    for _ in 0..64 {
        let list = match parser.parse_command() {
            Ok(Some(list)) => list,
            Ok(None) | Err(_) => break,
        };
        let printed = list.to_bytes();
        let mut again_src = StrSource::new(printed.clone());
        let again = Parser::new(&mut again_src).parse_command();
        assert!(
            matches!(&again, Ok(Some(l)) if *l == list) || list.items.is_empty(),
            "round trip changed {:?}: {list:?} vs {again:?}",
            String::from_utf8_lossy(&printed)
        );
        for item in &list.items {
            for p in std::iter::once(&item.and_or.first).chain(item.and_or.rest.iter().map(|(_, p)| p)) {
                for cmd in &p.commands {
                    // Globbing would touch the file system; expand the
                    // words that have no pattern characters.
                    let words: Vec<_> = cmd
                        .words
                        .iter()
                        .filter(|w| !w.to_string().contains(['*', '?', '[']))
                        .cloned()
                        .collect();
                    let _ = Expander::new(&mut params).words(&words);
                }
            }
        }
    }
});
