//! Trimming a tree that is kept: a function body lives as long as the
//! shell, while the parser grows its vectors by doubling. Giving back the
//! unused capacity once, when a function is defined, roughly halves what
//! a script of many functions holds (its peak memory is a benchmark
//! target: at or under dash's). Commands that run once and are dropped
//! are not trimmed: that would cost a reallocation per vector for nothing.

use std::rc::Rc;

use crate::syntax::ast::{
    AndOr, Assign, CaseArm, Command, CompoundCommand, List, ListItem, Param, ParamOp, Pipeline,
    Redir, SimpleCommand, Word, WordPart,
};

pub trait Compact {
    /// Give back unused capacity here and in everything below.
    fn compact(&mut self);
}

impl<T: Compact> Compact for Vec<T> {
    fn compact(&mut self) {
        self.iter_mut().for_each(Compact::compact);
        self.shrink_to_fit();
    }
}

impl<T: Compact> Compact for Option<T> {
    fn compact(&mut self) {
        if let Some(x) = self {
            x.compact();
        }
    }
}

impl<T: Compact> Compact for Rc<T> {
    fn compact(&mut self) {
        // A node shared with another tree was trimmed there, or is not
        // ours to change.
        if let Some(x) = Rc::get_mut(self) {
            x.compact();
        }
    }
}

impl<A: Compact, B: Compact> Compact for (A, B) {
    fn compact(&mut self) {
        self.0.compact();
        self.1.compact();
    }
}

/// Bytes and flags own nothing that could be trimmed further.
macro_rules! leaf {
    ($($t:ty),*) => {$(
        impl Compact for $t {
            fn compact(&mut self) {}
        }
    )*};
}
leaf!(u8, crate::syntax::ast::Connector);

impl Compact for List {
    fn compact(&mut self) {
        self.items.compact();
    }
}

impl Compact for ListItem {
    fn compact(&mut self) {
        self.and_or.compact();
    }
}

impl Compact for AndOr {
    fn compact(&mut self) {
        self.first.compact();
        self.rest.compact();
    }
}

impl Compact for Pipeline {
    fn compact(&mut self) {
        self.commands.compact();
    }
}

impl Compact for Command {
    fn compact(&mut self) {
        match self {
            Command::Simple(simple) => simple.compact(),
            Command::Compound(body, redirs, _) => {
                body.compact();
                redirs.compact();
            }
            Command::FunctionDef(def) => {
                if let Some(def) = Rc::get_mut(def) {
                    def.name.shrink_to_fit();
                    if let Some(body) = def.body.tree_mut() {
                        body.compact();
                    }
                    def.redirs.compact();
                }
            }
        }
    }
}

impl Compact for CompoundCommand {
    fn compact(&mut self) {
        match self {
            CompoundCommand::Brace(list) | CompoundCommand::Subshell(list) => list.compact(),
            CompoundCommand::If {
                branches,
                otherwise,
            } => {
                branches.compact();
                otherwise.compact();
            }
            CompoundCommand::Loop { cond, body, .. } => {
                cond.compact();
                body.compact();
            }
            CompoundCommand::For {
                name, words, body, ..
            } => {
                name.shrink_to_fit();
                words.compact();
                body.compact();
            }
            CompoundCommand::Case { word, arms } => {
                word.compact();
                arms.compact();
            }
            CompoundCommand::Arith(parts) => parts.compact(),
        }
    }
}

impl Compact for CaseArm {
    fn compact(&mut self) {
        self.patterns.compact();
        self.body.compact();
    }
}

impl Compact for SimpleCommand {
    fn compact(&mut self) {
        self.assigns.compact();
        self.words.compact();
        self.redirs.compact();
    }
}

impl Compact for Assign {
    fn compact(&mut self) {
        self.name.shrink_to_fit();
        self.value.compact();
    }
}

impl Compact for Redir {
    fn compact(&mut self) {
        // A here-document's body is filled in after parsing, behind a
        // shared cell: it is as long as its text.
        self.target.compact();
    }
}

impl Compact for Word {
    fn compact(&mut self) {
        self.parts.compact();
    }
}

impl Compact for WordPart {
    fn compact(&mut self) {
        match self {
            WordPart::Lit(bytes) | WordPart::Single(bytes) | WordPart::Tilde(bytes) => {
                bytes.shrink_to_fit()
            }
            WordPart::Double(parts) | WordPart::Arith(parts) => parts.compact(),
            WordPart::Param(param) => param.compact(),
            WordPart::CommandSubst(subst) => subst.list.compact(),
            WordPart::Escaped(_) | WordPart::Unicode { .. } => {}
        }
    }
}

impl Compact for Param {
    fn compact(&mut self) {
        self.name.shrink_to_fit();
        self.op.compact();
    }
}

impl<T: Compact> Compact for Box<T> {
    fn compact(&mut self) {
        (**self).compact();
    }
}

impl Compact for ParamOp {
    fn compact(&mut self) {
        match self {
            ParamOp::Plain | ParamOp::Length | ParamOp::Names { .. } => {}
            ParamOp::Default { word, .. }
            | ParamOp::Assign { word, .. }
            | ParamOp::Alternate { word, .. }
            | ParamOp::Error { word, .. }
            | ParamOp::Trim { pattern: word, .. } => word.compact(),
            ParamOp::Replace {
                pattern,
                replacement,
                ..
            } => {
                pattern.compact();
                replacement.compact();
            }
            ParamOp::Substring { offset, length } => {
                offset.compact();
                length.compact();
            }
            ParamOp::Indirect(op) => op.compact(),
            ParamOp::Bad(text) => text.shrink_to_fit(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::lexer::StrSource;
    use crate::syntax::parser::Parser;

    fn parse(text: &str) -> List {
        let mut src = StrSource::new(text);
        let mut parser = Parser::new(&mut src);
        parser.parse_command().unwrap().unwrap()
    }

    #[test]
    fn trimming_keeps_the_tree_and_drops_spare_capacity() {
        let text = "f() { if [ \"$1\" = x ]; then echo \"a $1 b\" | cat >/dev/null; else \
                    case $2 in a|b) shift ;; *) : \"${3:-d}\" ;; esac; fi; }";
        let original = parse(text);
        let mut trimmed = original.clone();
        trimmed.compact();
        assert_eq!(trimmed, original);
        // Five words: the parser's vector has room for eight.
        let mut fresh = parse("echo a b c d");
        let words = |l: &List| match &l.items[0].and_or.first.commands[0] {
            Command::Simple(s) => (s.words.len(), s.words.capacity()),
            _ => unreachable!("a simple command"),
        };
        assert!(words(&fresh).1 > words(&fresh).0);
        fresh.compact();
        assert_eq!(words(&fresh).1, words(&fresh).0);
    }
}
