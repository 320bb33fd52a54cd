//! A function's body, kept as its source text until it is needed.
//!
//! A script of many functions (a library sourced for a few of them, a
//! generated `configure`) calls few of what it defines, and a syntax tree
//! costs some fifty times its text: a vector for every list level,
//! pipeline, word and literal. So when a function is defined, the parser
//! checks the whole body as always (a syntax error is reported at the
//! definition, with its line), then drops the tree and keeps the exact
//! bytes it was read from and the line they start on. The first call, or
//! the first printing (`type f`), parses them again into the tree, which
//! is kept from then on.
//!
//! The second parse must give the very tree the first one gave, or the
//! function would run as something else, silently. The lexer hands out the
//! text only when it is the whole of what the first parse read
//! ([`crate::syntax::lexer::Lexer::body_text`]); otherwise the parser keeps
//! the tree, as before:
//! - no alias was expanded inside the body. The buffer then holds the
//!   alias's text in place of the word; reading that again with no alias
//!   table would most likely give the same tree, but rather than rest the
//!   function on that argument such a body keeps its tree (scripts seldom
//!   use aliases). Without one, the body read again with no alias table
//!   at all reads the same, whatever `alias` and `unalias` did since: no
//!   word of it was an alias when it was defined;
//! - no here-document was pending where the body starts (its body lines
//!   would be read inside this body: `cat <<E; f() {` + newline) and none
//!   begun in the body is pending where it ends (its lines come after the
//!   body's text: `f() { cat <<E; }`).
//!
//! Lines are counted from the one the body starts on, so `$LINENO` and the
//! lines of error messages are those of the first parse. The second parse
//! starts with nothing open around it, so the nesting limits it checks are
//! further away than they were the first time.

use std::cell::{Cell, OnceCell};
use std::fmt;
use std::ops::Deref;
use std::rc::Rc;

use crate::syntax::ast::{CompoundCommand, List};
use crate::syntax::compact::Compact;

/// Whether the parser keeps every body's tree, as it did before bodies
/// were kept as text.
pub(crate) fn keep_trees() -> bool {
    KEEP_TREES.with(Cell::get)
}

/// Keep (or not) the tree of every body this thread parses from now on,
/// so that tests and the fuzzer can compare both ways of keeping one.
#[doc(hidden)]
pub fn set_keep_trees(keep: bool) {
    KEEP_TREES.with(|k| k.set(keep));
}

thread_local! {
    static KEEP_TREES: Cell<bool> = const { Cell::new(false) };
}

pub struct FunctionBody {
    tree: OnceCell<Rc<CompoundCommand>>,
    /// The text the tree is parsed from when first needed, if it was not
    /// kept; given up once it is parsed.
    source: Cell<Option<Box<Source>>>,
    /// Set if the text did not parse again (a bug: it parsed the first
    /// time): the tree is then empty, and calls fail with this message.
    error: OnceCell<String>,
}

struct Source {
    text: Box<[u8]>,
    line: u32,
}

impl FunctionBody {
    /// A body whose tree is kept.
    pub fn parsed(tree: CompoundCommand) -> Self {
        FunctionBody {
            tree: OnceCell::from(Rc::new(tree)),
            source: Cell::new(None),
            error: OnceCell::new(),
        }
    }

    /// A body to parse from `text`, whose first line is `line`, when needed.
    pub fn unparsed(text: Box<[u8]>, line: u32) -> Self {
        FunctionBody {
            tree: OnceCell::new(),
            source: Cell::new(Some(Box::new(Source { text, line }))),
            error: OnceCell::new(),
        }
    }

    /// Whether the tree has been built (tests and measurements).
    pub fn is_parsed(&self) -> bool {
        self.tree.get().is_some()
    }

    /// The tree, parsed now if it was not yet. Parsed, it is trimmed as a
    /// tree kept from the start is, and the text is let go.
    pub fn tree(&self) -> &Rc<CompoundCommand> {
        self.tree.get_or_init(|| {
            let parsed = match self.source.take() {
                Some(src) => crate::syntax::parser::function_body_text(&src.text, src.line)
                    .map_err(|e| e.messages().join(": ")),
                None => Err("the body has neither a tree nor a text".to_string()),
            };
            match parsed {
                Ok(mut tree) => {
                    tree.compact();
                    Rc::new(tree)
                }
                Err(e) => {
                    let _ = self.error.set(e);
                    Rc::new(CompoundCommand::Brace(List::default()))
                }
            }
        })
    }

    /// Parse the body if needed; the error if its text did not parse again.
    pub fn check(&self) -> Result<&Rc<CompoundCommand>, &str> {
        let tree = self.tree();
        match self.error.get() {
            Some(e) => Err(e),
            None => Ok(tree),
        }
    }

    /// The tree, to trim, if it is built and not shared.
    pub(crate) fn tree_mut(&mut self) -> Option<&mut CompoundCommand> {
        self.tree.get_mut().and_then(Rc::get_mut)
    }
}

/// Everything that reads a body (the executor, the printer) sees the tree.
impl Deref for FunctionBody {
    type Target = CompoundCommand;

    fn deref(&self) -> &CompoundCommand {
        self.tree()
    }
}

impl Clone for FunctionBody {
    fn clone(&self) -> Self {
        if let Some(tree) = self.tree.get() {
            return FunctionBody {
                tree: OnceCell::from(Rc::clone(tree)),
                source: Cell::new(None),
                error: self.error.clone(),
            };
        }
        let src = self.source.take();
        let copy = match &src {
            Some(src) => FunctionBody::unparsed(src.text.clone(), src.line),
            None => FunctionBody {
                tree: OnceCell::new(),
                source: Cell::new(None),
                error: OnceCell::new(),
            },
        };
        self.source.set(src);
        copy
    }
}

/// Two bodies are equal when their trees are, however they are kept.
impl PartialEq for FunctionBody {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for FunctionBody {}

impl fmt::Debug for FunctionBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::ast::Command;
    use crate::syntax::lexer::StrSource;
    use crate::syntax::parser::Parser;

    /// The function definitions of `script`, in order.
    fn definitions(script: &str) -> Vec<Rc<crate::syntax::ast::FunctionDef>> {
        let mut src = StrSource::new(script);
        let mut p = Parser::new(&mut src);
        let mut defs = Vec::new();
        while let Some(list) = p.parse_command().expect("parses") {
            for item in &list.items {
                for cmd in &item.and_or.first.commands {
                    if let Command::FunctionDef(def) = cmd {
                        defs.push(Rc::clone(def));
                    }
                }
            }
        }
        defs
    }

    /// Everything `script` parses to, with every line number in it (the
    /// trees' `Debug`; their `==` ignores lines), bodies kept as text or
    /// not, and what a body kept as text parses to.
    fn parsed_both_ways(script: &str, aliases: &[(&str, &str)], first_line: u32) -> [String; 2] {
        [true, false].map(|keep| {
            set_keep_trees(keep);
            let table = crate::syntax::alias::SharedAliases::default();
            for (name, value) in aliases {
                table.set(name.as_bytes(), value.as_bytes());
            }
            let mut src = StrSource::new(script);
            let mut p = Parser::new(&mut src);
            p.set_aliases(table);
            p.set_line(first_line);
            let mut out = String::new();
            loop {
                match p.parse_command() {
                    Ok(Some(list)) => out += &format!("{list:?}\n"),
                    Ok(None) => break,
                    Err(e) => {
                        out += &format!("error at {}: {:?}\n", e.line, e.messages());
                        break;
                    }
                }
            }
            set_keep_trees(false);
            out
        })
    }

    #[test]
    fn bodies_parsed_again_are_the_trees_kept_lines_included() {
        let scripts = [
            "f() {\n  echo $LINENO\n\n  g() {\n    h() { x; }\n  }\n}\n",
            "echo a; f() { echo \"$LINENO\"; }; g() { :\n}\n",
            "f() { # c\n  echo a \\\n   b # d\n  for i in 1 2\n  do case $i in (1) x;; 2|3) y;& *) z;;& esac\n  done\n}\n",
            "f() {\n  cat <<E; cat <<-'F'\n$x $(y)\nE\n\tquoted $x\n\tF\n  echo after\n}\n",
            "f() { cat <<E; }; echo x\nbody\nE\ng() { :; }\n",
            "cat <<A; f() {\nbody of A\nA\n  echo in f\n}\n",
            "f() { x=$(g() {\n  echo $LINENO\n}; g) y=`h() { echo $LINENO; }\nh`; }\n",
            "f() { x=$((1 + (2))) ; ((y = 3)); z=$( (echo) ); }\nf() ((a=1))\nf() (sub; shell)\n",
            "f() { echo \"${x:-$(echo \"}\")}\" '${' $'\\n' ~/a b=~:~; }\n",
            "f()\n\n{\n  :\n} >out 2>&1 <<E\nhere\nE\n",
            "function f { if a; then b; elif c; then d; else e; fi; while x; do y; done; until z; do :; done; }\n",
            "f() {\n  ll in f\n}\ng() {\n  echo\n}\nll\n",
            "f() { echo a\n",
            "f() {\n  echo \"open\n}\n",
            "f() {\n  fi\n}\n",
        ];
        for script in scripts {
            for line in [1, 40] {
                let [kept, reparsed] = parsed_both_ways(script, &[("ll", "echo LL")], line);
                assert_eq!(kept, reparsed, "{script:?} from line {line}");
            }
        }
    }

    /// The shell scripts installed on this machine (Debian's zgrep,
    /// gunzip, git's, init scripts...): thousands of real function bodies,
    /// each parsed both ways.
    #[test]
    fn real_scripts_parse_the_same_both_ways() {
        let mut checked = 0;
        for dir in ["/usr/bin", "/usr/sbin", "/usr/lib/git-core", "/etc/init.d"] {
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let Ok(text) = std::fs::read(entry.path()) else {
                    continue;
                };
                let shell = text.starts_with(b"#!/bin/sh") || text.starts_with(b"#! /bin/sh");
                if !shell || text.len() > 1 << 20 || !text.windows(2).any(|w| w == b"()") {
                    continue;
                }
                let script = String::from_utf8_lossy(&text);
                let [kept, reparsed] = parsed_both_ways(&script, &[], 1);
                assert!(
                    kept == reparsed,
                    "{} parses differently",
                    entry.path().display()
                );
                checked += 1;
            }
        }
        if checked == 0 {
            assert!(
                std::env::var_os("CI").is_none_or(|v| v != "true"),
                "no shell script found to check"
            );
            eprintln!("SKIPPED real_scripts_parse_the_same_both_ways: no shell script found");
        }
        eprintln!("{checked} scripts parsed both ways");
    }

    #[test]
    fn a_plain_body_is_kept_as_text_and_parses_to_the_same_tree() {
        let defs = definitions("f() {\n  echo $LINENO\n  if x; then y; fi\n}\n");
        let body = &defs[0].body;
        assert!(!body.is_parsed());
        let CompoundCommand::Brace(list) = &**body.tree() else {
            panic!("a brace group")
        };
        assert!(body.is_parsed());
        let Command::Simple(echo) = &list.items[0].and_or.first.commands[0] else {
            panic!("a simple command")
        };
        assert_eq!(echo.line, 2, "lines counted from the definition's");
    }

    #[test]
    fn a_here_document_read_after_the_body_keeps_the_tree() {
        let defs = definitions("f() { cat <<E; }\nbody\nE\n");
        assert!(defs[0].body.is_parsed());
    }

    #[test]
    fn a_here_document_pending_where_the_body_starts_keeps_the_tree() {
        let defs = definitions("cat <<E; f() {\nbody\nE\n:; }\n");
        assert!(defs[0].body.is_parsed());
    }

    #[test]
    fn a_here_document_inside_the_body_is_part_of_its_text() {
        let defs = definitions("f() {\ncat <<E\nbody\nE\n}\n");
        assert!(!defs[0].body.is_parsed());
        let CompoundCommand::Brace(list) = &*defs[0].body else {
            panic!("a brace group")
        };
        let Command::Simple(cat) = &list.items[0].and_or.first.commands[0] else {
            panic!("a simple command")
        };
        let here = cat.redirs[0].here.as_ref().expect("a here-document");
        let body = here.body.get().expect("its body was read");
        assert_eq!(body.text.as_literal(), Some(&b"body\n"[..]));
    }

    #[test]
    fn an_alias_expanded_in_the_body_keeps_the_tree() {
        let table = crate::syntax::alias::SharedAliases::default();
        table.set(b"say", b"echo");
        let mut src = StrSource::new("f() { say hi; }\ng() { echo hi; }\n");
        let mut p = Parser::new(&mut src);
        p.set_aliases(table);
        let mut kept = Vec::new();
        while let Some(list) = p.parse_command().expect("parses") {
            if let Command::FunctionDef(def) = &list.items[0].and_or.first.commands[0] {
                kept.push(def.body.is_parsed());
            }
        }
        assert_eq!(kept, [true, false]);
    }

    #[test]
    fn bodies_parsed_later_equal_bodies_kept() {
        let script = "f() { a | b && c; for i in 1 2; do case $i in 1) x;; esac; done; }\n";
        let lazy = definitions(script);
        let parsed = FunctionBody::parsed((**lazy[0].body.clone().tree()).clone());
        assert_eq!(lazy[0].body, parsed);
    }
}
