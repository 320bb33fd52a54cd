//! A stand-in for the shell in the unit tests of expansion: variables
//! and positional parameters from a table, two home directories, and
//! `$(echo WORD)` as the only command substitution.

use std::borrow::Cow;
use std::collections::HashMap;

use super::{Expander, Params};
use crate::syntax::ast::{CommandSubst, Word};
use crate::syntax::lexer::{Lexer, StrSource, Token};

#[derive(Default)]
pub(super) struct Env {
    vars: HashMap<Vec<u8>, Vec<u8>>,
    args: Vec<Vec<u8>>,
}

impl Params for Env {
    fn param(&self, name: &[u8]) -> Option<Cow<'_, [u8]>> {
        if name == b"#" {
            return Some(Cow::Owned(self.args.len().to_string().into_bytes()));
        }
        self.vars.get(name).map(|v| Cow::Borrowed(v.as_slice()))
    }
    fn positional(&self) -> &[Vec<u8>] {
        &self.args
    }
    fn assign(&mut self, name: &[u8], value: Vec<u8>) {
        self.vars.insert(name.to_vec(), value);
    }
    fn utf8(&self) -> bool {
        true
    }
    fn command_subst(&mut self, sub: &CommandSubst) -> Vec<u8> {
        // Only `$(echo WORD)`, enough to test where output goes.
        let text = sub.list.to_string();
        text.strip_prefix("echo ").unwrap_or("").as_bytes().to_vec()
    }
    fn names(&self) -> Vec<Vec<u8>> {
        self.vars.keys().cloned().collect()
    }
    fn home_dir(&self, user: &[u8]) -> Option<Vec<u8>> {
        match user {
            b"" => Some(b"/home/me".to_vec()),
            b"bob" => Some(b"/home/bob".to_vec()),
            _ => None,
        }
    }
}

pub(super) fn env(vars: &[(&str, &str)], args: &[&str]) -> Env {
    Env {
        vars: vars
            .iter()
            .map(|(k, v)| (k.as_bytes().to_vec(), v.as_bytes().to_vec()))
            .collect(),
        args: args.iter().map(|a| a.as_bytes().to_vec()).collect(),
    }
}

pub(super) fn words_of(text: &str) -> Vec<Word> {
    let mut src = StrSource::new(text);
    let mut lx = Lexer::new(&mut src);
    let mut out = Vec::new();
    while let Token::Word(w) = lx.next_token().unwrap() {
        out.push(w);
    }
    out
}

pub(super) fn expand(e: &mut Env, text: &str) -> Vec<String> {
    Expander::new(e)
        .words(&words_of(text))
        .unwrap()
        .into_iter()
        .map(|f| String::from_utf8(f).unwrap())
        .collect()
}
