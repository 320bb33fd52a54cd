//! Properties of the parser on any input: it never panics, and a parsed
//! command printed back parses to the same tree. The inputs the fuzzer
//! (fuzz/, `cargo fuzz run parse_expand`) once broke this with are kept in
//! tests/fuzz_regressions and replayed here.

use jsh::syntax::ast::{List, Unparse};
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
    let alphabet: Vec<u8> = b"ab =$#{}:-+?'\"\\|&;<>()!~*[]\n\t 0129@"
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
            (inner.clone(), inner).prop_map(|(a, b)| format!("{a} | {b}")),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

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
}
