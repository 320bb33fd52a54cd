//! The parser's unit tests: the grammar as a whole, read from text and
//! checked against the tree and bash's errors. Separate as they test all
//! of the parser's modules together.

use super::*;
use crate::syntax::ast::RedirOp;
use crate::syntax::lexer::StrSource;

fn parse_all(text: &str) -> Result<Vec<List>, SyntaxError> {
    let mut src = StrSource::new(text);
    let mut p = Parser::new(&mut src);
    let mut out = Vec::new();
    while let Some(list) = p.parse_command()? {
        out.push(list);
    }
    Ok(out)
}

fn simple(l: &List) -> &SimpleCommand {
    match &l.items[0].and_or.first.commands[0] {
        Command::Simple(c) => c,
        other => panic!("not simple: {other:?}"),
    }
}

fn parse_one(text: &str) -> List {
    let mut all = parse_all(text).expect("parse error");
    assert_eq!(all.len(), 1, "{text}");
    all.remove(0)
}

fn error_of(text: &str) -> (Vec<String>, u32) {
    let e = parse_all(text).expect_err(text);
    (e.messages(), e.line)
}

#[test]
fn lists_and_background() {
    let l = parse_one("a; b & c");
    assert_eq!(l.items.len(), 3);
    assert!(!l.items[0].background);
    assert!(l.items[1].background);
    assert!(!l.items[2].background);
    assert!(parse_one("a &").items[0].background);
}

#[test]
fn and_or_and_pipelines() {
    let l = parse_one("! a | b && c || d");
    let ao = &l.items[0].and_or;
    assert!(ao.first.negated);
    assert_eq!(ao.first.commands.len(), 2);
    assert_eq!(ao.rest.len(), 2);
    assert_eq!(ao.rest[0].0, Connector::And);
    assert_eq!(ao.rest[1].0, Connector::Or);
}

#[test]
fn operators_continue_onto_next_line() {
    let l = parse_one("a |\n\n b &&\n c");
    assert_eq!(l.items[0].and_or.first.commands.len(), 2);
    assert_eq!(l.items[0].and_or.rest.len(), 1);
}

#[test]
fn one_command_per_line() {
    assert_eq!(parse_all("a\n\n# c\nb\n").unwrap().len(), 2);
}

#[test]
fn assignments_only_before_the_name() {
    let l = parse_one("A=1 B=2 cmd C=3");
    let c = simple(&l);
    assert_eq!(c.assigns.len(), 2);
    assert_eq!(c.words.len(), 2);
    assert_eq!(c.assigns[1].name, b"B");
    let l = parse_one("'A'=1");
    assert!(simple(&l).assigns.is_empty());
}

#[test]
fn redirections() {
    let l = parse_one("cmd 2>&1 >f <in 3>>log &>all");
    let r = &simple(&l).redirs;
    assert_eq!(r.len(), 5);
    assert_eq!((r[0].fd, r[0].op), (Some(2), RedirOp::DupOut));
    assert_eq!((r[1].fd, r[1].op), (None, RedirOp::Out));
    assert_eq!(r[3].op, RedirOp::Append);
    assert_eq!(r[4].op, RedirOp::OutErr);
    let only = parse_one(">f");
    assert!(simple(&only).words.is_empty());
}

#[test]
fn syntax_errors_match_bash() {
    let (m, line) = error_of("echo first\necho a | | b\n");
    assert_eq!(m[0], "syntax error near unexpected token `|'");
    assert_eq!(m[1], "`echo a | | b'");
    assert_eq!(line, 2);
    assert_eq!(
        error_of("; ;").0[0],
        "syntax error near unexpected token `;'"
    );
    assert_eq!(
        error_of("& &").0[0],
        "syntax error near unexpected token `&'"
    );
    assert_eq!(
        error_of("echo )").0[0],
        "syntax error near unexpected token `)'"
    );
    assert_eq!(
        error_of("a ;; b").0[0],
        "syntax error near unexpected token `;;'"
    );
    assert_eq!(
        error_of("echo >\n").0[0],
        "syntax error near unexpected token `newline'"
    );
    assert_eq!(
        error_of("echo >").0[0],
        "syntax error near unexpected token `newline'"
    );
    assert_eq!(
        error_of("a > | b").0[0],
        "syntax error near unexpected token `|'"
    );
}

#[test]
fn unexpected_end_of_file() {
    let (m, line) = error_of("echo a &&");
    assert_eq!(m, vec!["syntax error: unexpected end of file"]);
    assert_eq!(line, 2);
    let (m, line) = error_of("x\na |\n");
    assert_eq!(m, vec!["syntax error: unexpected end of file"]);
    assert_eq!(line, 3);
    let (m, _) = error_of("echo \"abc\n");
    assert_eq!(m, vec!["unexpected EOF while looking for matching `\"'"]);
}

#[test]
fn commands_before_an_error_parse() {
    let mut src = StrSource::new("echo ok\necho |;\n");
    let mut p = Parser::new(&mut src);
    assert!(p.parse_command().unwrap().is_some());
    assert!(p.parse_command().is_err());
}

#[test]
fn bang_only_starts_a_pipeline() {
    assert_eq!(
        error_of("true | ! false").0[0],
        "syntax error near unexpected token `!'"
    );
    let l = parse_one("!");
    assert!(l.items[0].and_or.first.negated);
    assert!(l.items[0].and_or.first.commands.is_empty());
}

#[test]
fn arithmetic_is_a_word_part() {
    let l = parse_one("echo $(( (1+2) * $x ))\"$((y))\"");
    let w = &simple(&l).words[1];
    let crate::syntax::ast::WordPart::Arith(parts) = &w.parts[0] else {
        panic!("{w:?}")
    };
    assert_eq!(parts[0], WordPart::Lit(b" (1+2) * ".to_vec()));
    assert!(
        matches!(&w.parts[1], WordPart::Double(inner) if matches!(inner[0], WordPart::Arith(_)))
    );
}

fn subst_of(w: &Word) -> &crate::syntax::ast::CommandSubst {
    match &w.parts[0] {
        WordPart::CommandSubst(sub) => sub,
        WordPart::Double(inner) => match &inner[0] {
            WordPart::CommandSubst(sub) => sub,
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
}

#[test]
fn command_substitutions_are_parsed_lists() {
    let l = parse_one("echo $(ls; case x in x) a;; esac) \"$(b | c)\" `d \\`e\\``");
    let words = &simple(&l).words;
    let first = subst_of(&words[1]);
    assert_eq!(first.list.items.len(), 2);
    assert!(first.backquoted.is_none());
    assert!(matches!(
        &first.list.items[1].and_or.first.commands[0],
        Command::Compound(c, _, _) if matches!(**c, CompoundCommand::Case { .. })
    ));
    assert_eq!(
        subst_of(&words[2]).list.items[0]
            .and_or
            .first
            .commands
            .len(),
        2
    );
    let back = subst_of(&words[3]);
    assert_eq!(back.backquoted.as_deref(), Some(&b"d \\`e\\`"[..]));
    assert!(matches!(
        &simple(&back.list).words[1].parts[0],
        WordPart::CommandSubst(inner) if inner.backquoted.as_deref() == Some(&b"e"[..])
    ));
    // `$((` that `))` does not close is a subshell in a substitution.
    let l = parse_one("echo $((echo a) )");
    let sub = subst_of(&simple(&l).words[1]);
    assert!(matches!(
        &sub.list.items[0].and_or.first.commands[0],
        Command::Compound(c, _, _) if matches!(**c, CompoundCommand::Subshell(_))
    ));
    // Here-documents inside are read inside.
    let l = parse_one("echo $(cat <<E\nbody\nE\n) after");
    assert_eq!(simple(&l).words.len(), 3);
    // Errors inside are bash's.
    assert_eq!(
        error_of("echo $(echo a; fi)").0[0],
        "syntax error near unexpected token `fi'"
    );
    let (m, line) = error_of("echo $(echo a");
    assert_eq!(m, vec!["unexpected EOF while looking for matching `)'"]);
    assert_eq!(line, 2);
    assert_eq!(
        error_of("echo `echo a").0,
        vec!["unexpected EOF while looking for matching ``'"]
    );
    // A here-document left open in backquotes is refused (bash and
    // dash run its body as commands); at a `)` its body follows the
    // line, as in bash.
    assert!(error_of("echo `cat <<E`\nx\nE\n").0[0].contains("here-document"));
    assert!(parse_all("echo $(cat <<E)\nx\nE\n").is_ok());
    // A backquoted body that does not parse is bash's error when it runs.
    assert!(subst_of(&simple(&parse_one("echo `fi`")).words[1]).broken);
}

#[test]
fn here_document_bodies_follow_the_line() {
    let all = parse_all("cat <<A; cat <<-'B' 3<<\\C\n$x a\nA\n\tb $y\n\tB\nc\nC\nnext\n").unwrap();
    assert_eq!(all.len(), 2, "the bodies are no commands");
    let docs: Vec<_> = all[0]
        .items
        .iter()
        .flat_map(|i| &i.and_or.first.commands)
        .flat_map(|c| match c {
            Command::Simple(c) => &c.redirs,
            other => panic!("not simple: {other:?}"),
        })
        .map(|r| r.here.as_ref().expect("a here-document"))
        .collect();
    let body = |i: usize| &docs[i].body.get().expect("read").text;
    assert!(!docs[0].quoted && docs[1].quoted && docs[2].quoted);
    assert!(matches!(&body(0).parts[0], WordPart::Param(_)));
    assert_eq!(body(1).parts, vec![WordPart::Lit(b"b $y\n".to_vec())]);
    assert_eq!(body(2).parts, vec![WordPart::Lit(b"c\n".to_vec())]);
    assert_eq!(docs[2].delimiter, b"C");
}

#[test]
fn printing_round_trips() {
    for text in [
        "a 'b c' \"d $x ${y:-z w}\" \\e ~/f 2>&1 >out && ! g | h &",
        "A=1 cmd ${#v} ${v:=q} <in; b || c",
        "echo $'a\\'b\\\\' \"${x:-$'c\\td' 'q'}\" $'\\u00e9x\\U0001F600' $\"y $z\" $''",
        "echo $(a; if b; then c; elif d; then e; fi) \"$(for i; do :; done)\" `f \\`g\\``",
        "x=$( (a) ) $(case esac in (esac) b;; c) ;; esac) $(<in if) $(! a) $(cat <<E\nx\nE\n)",
    ] {
        let once = parse_one(text);
        let again = parse_one(&once.to_string());
        assert_eq!(once, again, "{text} -> {once}");
    }
}
