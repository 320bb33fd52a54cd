//! Properties of the parser on any input: it never panics, and a parsed
//! command printed back parses to the same tree. The inputs the fuzzer
//! (fuzz/, `cargo fuzz run parse_expand`) once broke this with are kept in
//! tests/fuzz_regressions and replayed here.

use jsh::syntax::ast::{Command, List, Unparse};
use jsh::syntax::lexer::StrSource;
use jsh::syntax::parser::Parser;
use proptest::prelude::*;

/// How far [`check_round_trip`] got.
#[derive(Debug, PartialEq, Eq)]
struct RoundTrip {
    /// Commands parsed, each printed and re-parsed to itself.
    commands: usize,
    /// The syntax error that stopped parsing, if one did.
    error: Option<Vec<String>>,
}

/// Parse every command of `input` (up to 1,000); check each prints and
/// re-parses to itself.
fn check_round_trip(input: &[u8]) -> RoundTrip {
    let mut src = StrSource::new(input.to_vec());
    let mut parser = Parser::new(&mut src);
    let mut count = 0;
    let mut error = None;
    for _ in 0..1000 {
        let list: List = match parser.parse_command() {
            Ok(Some(list)) => list,
            Ok(None) => break,
            Err(e) => {
                error = Some(e.messages());
                break;
            }
        };
        count += 1;
        check_function_text(&list);
        let printed = list.to_bytes();
        let mut again_src = StrSource::new(printed.clone());
        let again = Parser::new(&mut again_src).parse_command();
        match again {
            Ok(Some(again)) => assert_eq!(
                again,
                list,
                "{:?} printed as {:?}",
                String::from_utf8_lossy(input),
                String::from_utf8_lossy(&printed)
            ),
            Ok(None) => assert!(
                list.items.is_empty(),
                "{:?} vanished",
                String::from_utf8_lossy(&printed)
            ),
            Err(e) => panic!(
                "{:?} printed as unparsable {:?}: {e:?}",
                String::from_utf8_lossy(input),
                printed
            ),
        }
    }
    RoundTrip {
        commands: count,
        error,
    }
}

/// A function's text as `type` shows it (bash's layout, which may write
/// the tree differently: `elif` as `else if`, `1>&2`) reads back as a
/// function whose text is the same: nothing, a here-document's body
/// included, is lost or changed in meaning by the layout.
fn check_function_text(list: &List) {
    for item in &list.items {
        let [Command::FunctionDef(def)] = item.and_or.first.commands.as_slice() else {
            continue;
        };
        let text = jsh::syntax::pretty::function_text(def);
        let mut src = StrSource::new(text.clone());
        let again = match Parser::new(&mut src).parse_command() {
            Ok(Some(again)) => again,
            other => panic!(
                "the text of a function does not parse back: {:?}\n{other:?}",
                String::from_utf8_lossy(&text)
            ),
        };
        let [Command::FunctionDef(again)] = again.items[0].and_or.first.commands.as_slice() else {
            panic!("{:?} is no function", String::from_utf8_lossy(&text));
        };
        let text_again = jsh::syntax::pretty::function_text(again);
        assert_eq!(
            String::from_utf8_lossy(&text_again),
            String::from_utf8_lossy(&text),
            "a function's text read back shows differently"
        );
    }
}

#[test]
fn fuzz_findings_stay_fixed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).expect("regression corpus") {
        let path = entry.expect("entry").path();
        let data = std::fs::read(&path).expect("read");
        // Each finding is input that once printed back wrong: all of it
        // must still parse, or its round trip is no longer checked.
        let trip = check_round_trip(&data);
        assert!(
            trip.commands > 0 && trip.error.is_none(),
            "{} ({:?}) no longer parses whole, so its round trip is not checked: {trip:?}",
            path.display(),
            String::from_utf8_lossy(&data)
        );
        files += 1;
    }
    assert!(files >= 3, "the regression corpus went missing");
}

#[test]
fn known_tricky_inputs_round_trip() {
    for input in [
        &b"echo a\\"[..],
        b"$\\\nHOME",
        b"a=~/x b=\"$c\" cmd 2>&1 >out <in &",
        b"! a | b && c || d; e &",
        b"echo ${x:-\"a b\"} ${#y} ${z:?no} '$q' \\$r",
        b"echo \xff\xfe \"\xc3(\"",
        b"x=${a-${b:+c}}",
        b"echo ${x#a} ${x##*/} \"${x%'b'}\" ${x%%\"c\"} \"${v-'}'}\" ${x/a/b} ${x//a} ${x/#a/\"&\"} ${x/%a} ${x: -1:2} ${!y} ${!y:-d} ${!y*} \"${!y@}\"",
        b"if a; then b; elif c; then d & else e; fi > f",
        b"while a; do b; done | until c; do d; done 2>&1",
        b"for i in a 'b c'; do echo $i; done; for j do :; done; for k\ndo :; done",
        b"case $x in (a|b) c;; d) ;& e) f;;& esac",
        b"case esac in (esac) a; ;; esac",
        b"{ a; b & } && ( c; d ) || ! { e; }",
        b"f() { g; } >out; function h { i; }; k() ( l )",
        b"if { a; } then (b) fi",
        b"<in if; >out {",
        b"a; ! !; b",
        b"echo $((1 + (2*x) )) \"$(( $y + $((z)) ))\" ${a:-$((b))} $(( \"1\" ))",
        b"cat <<E; cat <<-'F' | tr a b 3<<\"G\"\nx $y $((1+1)) \\$ \\\\ \\a \"q\"\nE\n\tlit $x\n\tF\ng\nG\necho after",
        b"cat << -E\nbody\n-E",
        b"cat <<E\nno newline at the end",
        b": <<E\na\\\nb\nE\n",
        b"cat <<$x\nbody\n$x\n",
        b"<<E<<E\nE\n))\\",
        b"<<E\nx\\\n",
        b"<<-E3\nE\n\\\n\tE\nx\n\tE3\n",
        b"cat << E\n\n\\\nE\nx\nE\n",
        b"! !\n",
        b"cat <<-E\n\ta\\\n\tb\n\tE\n",
        // Here-documents inside compound commands: the printer writes the
        // command on one line and every body after it.
        b"if true; then cat <<E; fi\nbody $x\nE\n",
        b"( cat <<E )\nx\nE\n",
        b"f() { cat <<A; } <<B\na\nA\nb\nB\n",
        b"for i in 1; do cat <<-X | tr a b\n\ta\n\tX\ndone\n",
        b"case x in x) cat <<E;; esac\ny\nE\n",
        // Command substitutions: printed from the tree (`$(...)`) or as
        // written (backquotes), nested, with every compound command and
        // here-documents inside.
        b"echo $(a; b | c) \"$(d \"e  f\")\" `g \\`h\\`` \"`i \\\"j\\\"`\"",
        b"x=$(if a; then b; elif c; then d; else e; fi; for i; do :; done; for j in 1 2; do k; done)",
        b"echo $(case $x in (esac) a;; b|c) ;; *) d;& esac) $(while a; do b & done) $(f() { g; })",
        b"echo $( (a) ) $((b) ) $(( (1) )) $((c); (d)) $(<in if) $(! a) $()",
        b"echo $(cat <<E\nbody $(x)\nE\n) `cat <<F\nb\nF`",
        b"cat <<A; echo $(b\nc)\nbody\nA\n",
        b"echo $(a # c )\n) ${x:-$(y)} $(( $(z) + 1 ))",
        b"cat <<E\n$(a) `b`\nE\n",
        b"echo $(echo $(echo $(echo deep)))",
        // After `<&` and `>&` a `-` is a token of its own (bash): what
        // follows it is another word, or a comment when it starts with
        // `#` (once printed as `echo #'' <&-`, all comment).
        // A here-document left open at a `)`: its body follows the line.
        b"x=$(cat <<E)\nbody $y\nE\n",
        b"cat <<X; x=$(cat <<E; cat <<-F) y=`:`\nxb\nX\neb\nE\n\tfb\n\tF\n",
        b"echo $(echo $(cat <<A)) $(cat <<B)\na\nA\nb\nB\n",
        b"echo $(echo $(cat <<A)\na\nA\n)",
        b"echo <&-#''",
        // Functions whose text shows here-documents' bodies after the line.
        b"f() { cat <<E | tr a b; cat <<-'F' && if cat <<G; then :; fi; }\na\nE\n\tb\n\tF\nc\nG\n",
        b"f() { while cat <<E; do break; done; case x in x) cat <<F;; esac; { cat <<G; }; } <<H\ne\nE\nf\nF\ng\nG\nh\nH\n",
        b"f() { g() { cat <<E; }; ( cat <<F ); echo $(cat <<I\ni\nI\n); }\ne\nE\nf\nF\n",
        b"f() { body; 2>&1 else then; >o if x; <&- fi; }",
        b"echo a 2>&-x 1>& -#c\necho b",
        b"echo 2>&-- <&-\"#\" >&3- 4<&5-",
    ] {
        let trip = check_round_trip(input);
        assert!(
            trip.commands > 0 && trip.error.is_none(),
            "{:?} did not parse: {trip:?}",
            String::from_utf8_lossy(input)
        );
    }
}

/// Bytes that look like shell text: mostly syntax characters, with
/// invalid UTF-8 and NUL mixed in.
fn shellish() -> impl Strategy<Value = Vec<u8>> {
    let alphabet: Vec<u8> = b"ab =$#{}:-+?'\"\\|&;<>()!~*[]\n\t 0129@`"
        .iter()
        .copied()
        .chain([0u8, 0xff, 0xc3])
        .collect();
    proptest::collection::vec(proptest::sample::select(alphabet), 0..80)
}

/// Shell text made of the language's pieces: reserved words, case arms,
/// braces, function heads, separators, with words and quotes between.
fn compoundish() -> impl Strategy<Value = Vec<u8>> {
    let pieces: &[&str] = &[
        "if ",
        "then ",
        "elif ",
        "else ",
        "fi",
        "while ",
        "until ",
        "do ",
        "done",
        "for ",
        "i ",
        "in ",
        "case ",
        "esac",
        ") ",
        "(",
        "a|b",
        ";; ",
        ";& ",
        ";;& ",
        "{ ",
        "} ",
        "f() ",
        "function ",
        "a ",
        "'b c' ",
        "\"$x\" ",
        "; ",
        "\n",
        " & ",
        " | ",
        " && ",
        "! ",
        ">o ",
        "2>&1 ",
        "#c\n",
    ];
    proptest::collection::vec(proptest::sample::select(pieces), 0..30)
        .prop_map(|v| v.concat().into_bytes())
}

/// Valid commands built from the grammar, nested: every compound node
/// appears, inside each other, with redirections and in pipelines.
fn compound_program() -> impl Strategy<Value = String> {
    let leaf = proptest::sample::select(vec![
        "a".to_string(),
        "echo 'x y' \"$z\"".into(),
        "b >out".into(),
        "c 2>&1 <i".into(),
        "d | e".into(),
        "x=1 f".into(),
        "echo if then".into(),
    ]);
    leaf.prop_recursive(4, 40, 3, |inner| {
        let list = proptest::collection::vec(
            (
                any::<bool>(),
                inner.clone(),
                proptest::sample::select(vec!["; ", " & ", "\n", " && ", " || "]),
            ),
            1..3,
        )
        .prop_map(|items| {
            let mut text = String::new();
            for (i, (negated, cmd, sep)) in items.iter().enumerate() {
                // `!` starts a pipeline only, so it goes at the list's level.
                if *negated {
                    text.push_str("! ");
                }
                text.push_str(cmd);
                // An and-or connector needs a command after it.
                if i + 1 < items.len() || !sep.contains('|') && !sep.contains('&') || *sep == " & "
                {
                    text.push_str(sep);
                } else {
                    text.push_str("; ");
                }
            }
            text
        });
        let l = || list.clone();
        prop_oneof![
            (l(), l()).prop_map(|(c, b)| format!("if {c} then {b} fi")),
            (l(), l(), l(), l())
                .prop_map(|(c, b, d, e)| format!("if {c} then {b} elif {d} then {e} else {c} fi")),
            (l(), l()).prop_map(|(c, b)| format!("while {c} do {b} done")),
            (l(), l()).prop_map(|(c, b)| format!("until {c} do {b} done >o")),
            l().prop_map(|b| format!("for i in a \"b c\"; do {b} done")),
            l().prop_map(|b| format!("for i\ndo {b} done")),
            (l(), l()).prop_map(|(b, c)| format!("case $x in a|b) {b} ;; (c) {c} ;& *) ;; esac")),
            l().prop_map(|b| format!("{{ {b} }} 2>&1")),
            l().prop_map(|b| format!("( {b} )")),
            l().prop_map(|b| format!("f() {{ {b} }}")),
            l().prop_map(|b| format!("echo $({b}) \"$( {b} )\"")),
            l().prop_map(|b| format!("x=$(\n{b}\n)")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("{a} | {b}")),
        ]
    })
}

/// Shell-like text made of pieces where `$((`, `))`, `<<` and delimiter
/// lines are common: here-documents and arithmetic, with the syntax
/// around them.
fn heredocs_and_arith() -> impl Strategy<Value = Vec<u8>> {
    let pieces: Vec<&'static [u8]> = vec![
        b"$((",
        b"))",
        b"(",
        b")",
        b"<<E",
        b"<<-E",
        b"<<'E'",
        b"<<\\E",
        b"<< E",
        b"\nE\n",
        b"\n\tE\n",
        b"\n",
        b"\t",
        b" ",
        b"E",
        b"x",
        b"$x",
        b"${x:-",
        b"}",
        b"\"",
        b"'",
        b"\\",
        b"+",
        b"*",
        b"1",
        b";",
        b"|",
        b"&&",
        b"3",
        b"#",
        b"${x#",
        b"${x%%",
        b"${x/",
        b"/",
        b"${x:",
        b":",
        b"${!x",
        b"$(",
        b"`",
        b"case x in x)",
        b";;",
        b"esac",
    ];
    proptest::collection::vec(proptest::sample::select(pieces), 0..40).prop_map(|v| v.concat())
}

/// Redirections of descriptors next to words, quotes and comments:
/// where the word after `<&`/`>&` ends and whether a `#` there starts a
/// comment.
fn dups_and_comments() -> impl Strategy<Value = Vec<u8>> {
    let pieces: Vec<&'static [u8]> = vec![
        b"<&", b">&", b"2>&", b"-", b"#", b"''", b"\"\"", b"\\", b"1", b"3", b"x", b" ", b"\n",
        b";", b"|", b"echo ", b"$x", b"{ ", b" }", b"(", b")", b"<", b">",
    ];
    proptest::collection::vec(proptest::sample::select(pieces), 0..30).prop_map(|v| v.concat())
}

/// Functions whose bodies hold here-documents in every kind of place:
/// `type` shows each body after the line of its `<<`.
fn functions_with_here_documents() -> impl Strategy<Value = Vec<u8>> {
    let pieces: Vec<&'static [u8]> = vec![
        b"f() { ",
        b" }",
        b"}\n",
        b"cat <<E",
        b"\nE\n",
        b"<<-'E'",
        b"\n\tE\n",
        b"3<<\\E",
        b"; ",
        b"\n",
        b" & ",
        b"if ",
        b"then ",
        b"else ",
        b"fi",
        b"while ",
        b"do ",
        b"done",
        b"for i; ",
        b"case x in x) ",
        b";; ",
        b"esac",
        b" | ",
        b" && ",
        b"{ ",
        b"( ",
        b" )",
        b"$(",
        b")",
        b"x",
        b"$x",
        b"\\",
        b"body ",
        b"g() ",
        b"2>&1",
        b" >&-",
        b"<&3",
    ];
    proptest::collection::vec(proptest::sample::select(pieces), 0..40).prop_map(|v| v.concat())
}

/// Cases per property: 2,000, or `PROPTEST_CASES` for a longer search.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2000)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        check_round_trip(&bytes);
    }

    #[test]
    fn shell_like_text_round_trips(bytes in shellish()) {
        check_round_trip(&bytes);
    }

    #[test]
    fn compound_commands_round_trip(bytes in compoundish()) {
        check_round_trip(&bytes);
    }

    #[test]
    fn nested_compound_commands_round_trip(text in compound_program()) {
        let trip = check_round_trip(text.as_bytes());
        proptest::prop_assert!(trip.error.is_none(), "{:?} did not parse: {:?}", text, trip);
    }

    #[test]
    fn here_documents_and_arithmetic_round_trip(bytes in heredocs_and_arith()) {
        check_round_trip(&bytes);
    }

    #[test]
    fn functions_with_here_documents_round_trip(bytes in functions_with_here_documents()) {
        check_round_trip(&bytes);
    }

    #[test]
    fn descriptor_duplications_round_trip(bytes in dups_and_comments()) {
        check_round_trip(&bytes);
    }
}
