//! `jsh::expand::arith::eval` against bash 5.2's `$((...))`, expression by
//! expression: the value and the variables afterwards, or the error
//! message (bash's without its `bash: line N: ` prefix). Each table runs
//! through one bash process, a subshell per expression so an error stops
//! only its own. Three sources of expressions: a table written by hand, a
//! small grammar of well-formed expressions, and random strings over the
//! characters expressions are made of (for the error messages).

mod common;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::process::Command;

use common::{Input, Spec};
use jsh::expand::arith::{self, ArithVars};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// One expression with the variables set before it.
#[derive(Debug, Clone)]
struct Case {
    setup: Vec<Setup>,
    expr: Vec<u8>,
}

#[derive(Debug, Clone)]
enum Setup {
    Var(String, String),
    Readonly(String, String),
    Nounset,
}

impl Case {
    /// `setup` is `;`-separated `name=value`, `readonly name=value` or
    /// `set -u` (values taken as written, spaces included).
    fn new(setup: &str, expr: &str) -> Case {
        let setup = setup
            .split(';')
            .filter(|item| !item.trim().is_empty())
            .map(|item| {
                if item.trim() == "set -u" {
                    return Setup::Nounset;
                }
                let (readonly, item) = match item.trim_start().strip_prefix("readonly ") {
                    Some(rest) => (true, rest),
                    None => (false, item.trim_start()),
                };
                let (name, value) = item.split_once('=').expect("name=value");
                let (name, value) = (name.to_string(), value.to_string());
                if readonly {
                    Setup::Readonly(name, value)
                } else {
                    Setup::Var(name, value)
                }
            })
            .collect();
        Case {
            setup,
            expr: expr.as_bytes().to_vec(),
        }
    }

    /// The variables whose values are compared afterwards: those set up
    /// and those the expression names.
    fn watched(&self) -> Vec<String> {
        let mut names = names_in(&self.expr);
        for item in &self.setup {
            if let Setup::Var(n, _) | Setup::Readonly(n, _) = item {
                names.insert(n.clone());
            }
        }
        names.into_iter().collect()
    }
}

/// The names an expression reads or assigns (not the letters of `0x1f`).
fn names_in(e: &[u8]) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut i = 0;
    while i < e.len() {
        if e[i].is_ascii_digit() {
            while i < e.len() && (e[i].is_ascii_alphanumeric() || b"#@_".contains(&e[i])) {
                i += 1;
            }
        } else if e[i].is_ascii_alphabetic() || e[i] == b'_' {
            let start = i;
            while i < e.len() && (e[i].is_ascii_alphanumeric() || e[i] == b'_') {
                i += 1;
            }
            names.insert(String::from_utf8_lossy(&e[start..i]).into_owned());
        } else {
            i += 1;
        }
    }
    names
}

#[derive(Default)]
struct TestVars {
    map: HashMap<Vec<u8>, Vec<u8>>,
    readonly: HashSet<Vec<u8>>,
    nounset: bool,
}

impl ArithVars for TestVars {
    fn get(&mut self, name: &[u8]) -> Option<std::borrow::Cow<'_, [u8]>> {
        self.map.get(name).map(|v| v.as_slice().into())
    }

    fn set(&mut self, name: &[u8], value: i64) -> Result<(), String> {
        if self.readonly.contains(name) {
            return Err(format!(
                "{}: readonly variable",
                String::from_utf8_lossy(name)
            ));
        }
        self.map
            .insert(name.to_vec(), value.to_string().into_bytes());
        Ok(())
    }

    fn nounset(&self) -> bool {
        self.nounset
    }
}

/// What jsh makes of `case`, in the form `bash_outcomes` gives bash's.
/// On a thread with room for 1024 levels of variables in a debug build.
fn jsh_outcome(case: &Case) -> Vec<u8> {
    let case = case.clone();
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || jsh_outcome_here(&case))
        .expect("thread")
        .join()
        .expect("jsh::expand::arith panicked")
}

fn jsh_outcome_here(case: &Case) -> Vec<u8> {
    let mut vars = TestVars::default();
    for item in &case.setup {
        match item {
            Setup::Var(n, v) => {
                vars.map
                    .insert(n.clone().into_bytes(), v.clone().into_bytes());
            }
            Setup::Readonly(n, v) => {
                vars.map
                    .insert(n.clone().into_bytes(), v.clone().into_bytes());
                vars.readonly.insert(n.clone().into_bytes());
            }
            Setup::Nounset => vars.nounset = true,
        }
    }
    match arith::eval(&case.expr, &mut vars) {
        Ok(v) => {
            let mut out = format!("= {v}\n");
            for name in case.watched() {
                match vars.map.get(name.as_bytes()) {
                    Some(value) => {
                        out.push_str(&format!("{name}={}\n", String::from_utf8_lossy(value)))
                    }
                    None => out.push_str(&format!("{name} unset\n")),
                }
            }
            out.into_bytes()
        }
        Err(e) => {
            let mut out = b"error: ".to_vec();
            out.extend_from_slice(&e.message);
            out.push(b'\n');
            out
        }
    }
}

/// `$'...'` quoting every byte, so any expression reaches bash intact.
fn ansi_quote(bytes: &[u8]) -> String {
    let mut s = String::from("$'");
    for b in bytes {
        s.push_str(&format!("\\x{b:02x}"));
    }
    s.push('\'');
    s
}

/// Is bash 5.2 here? If not: a failure under CI, a loud skip elsewhere.
fn have_bash() -> bool {
    let version = Command::new("bash")
        .args(["-c", "echo ${BASH_VERSINFO[0]}.${BASH_VERSINFO[1]}"])
        .output();
    let ok = matches!(&version, Ok(o) if o.stdout == b"5.2\n");
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "bash 5.2 is needed: {version:?}"
        );
        eprintln!("SKIPPED: bash 5.2 not installed; jsh::expand::arith not compared with it");
    }
    ok
}

/// What bash makes of each case, in one bash process.
fn bash_outcomes(cases: &[Case]) -> Vec<Vec<u8>> {
    let mut script = String::new();
    for case in cases {
        script.push('(');
        for item in &case.setup {
            match item {
                Setup::Var(n, v) => script.push_str(&format!("{n}={}; ", ansi_quote(v.as_bytes()))),
                Setup::Readonly(n, v) => {
                    script.push_str(&format!("readonly {n}={}; ", ansi_quote(v.as_bytes())))
                }
                Setup::Nounset => script.push_str("set -u; "),
            }
        }
        script.push_str(&format!(
            "e={}; v=$(($e)); echo \"= $v\"; ",
            ansi_quote(&case.expr)
        ));
        for name in case.watched() {
            script.push_str(&format!(
                "if [ \"${{{name}+s}}\" ]; then printf '%s=%s\\n' {name} \"${name}\"; \
                 else echo '{name} unset'; fi; "
            ));
        }
        script.push_str(") 2>&1; printf '\\0'\n");
    }
    let out = Spec::new("bash", &[])
        .stdin(Input::Bytes(script.into_bytes()))
        .run();
    let mut chunks: Vec<Vec<u8>> = out.stdout.split(|&b| b == 0).map(<[u8]>::to_vec).collect();
    assert_eq!(
        chunks.pop().as_deref(),
        Some(&b""[..]),
        "{}",
        out.describe()
    );
    assert_eq!(chunks.len(), cases.len(), "{}", out.describe());
    chunks
        .into_iter()
        .map(|chunk| match strip_bash_prefix(&chunk) {
            Some(message) => [b"error: ", message].concat(),
            None => chunk,
        })
        .collect()
}

/// `bash: line N: MESSAGE` -> `MESSAGE`.
fn strip_bash_prefix(chunk: &[u8]) -> Option<&[u8]> {
    let rest = chunk.strip_prefix(b"bash: line ")?;
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    rest[digits..].strip_prefix(b": ")
}

/// The cases where jsh and bash disagree, described.
fn disagreements(cases: &[Case]) -> Vec<String> {
    let bash = bash_outcomes(cases);
    cases
        .iter()
        .zip(bash)
        .filter_map(|(case, bash)| {
            let jsh = jsh_outcome(case);
            (jsh != bash).then(|| {
                format!(
                    "{:?} with {:?}:\n  bash: {:?}\n  jsh:  {:?}",
                    String::from_utf8_lossy(&case.expr),
                    case.setup,
                    String::from_utf8_lossy(&bash),
                    String::from_utf8_lossy(&jsh)
                )
            })
        })
        .collect()
}

fn assert_all_agree(cases: &[Case]) {
    let wrong = disagreements(cases);
    assert!(
        wrong.is_empty(),
        "{} of {} differ from bash:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}

/// (setup, expression) by hand: every operator, constant form and error
/// bash has a message for.
const TABLE: &[(&str, &str)] = &[
    // Constants.
    ("", "0"),
    ("", "42"),
    ("", "  7  "),
    ("", ""),
    ("", " \t\n "),
    ("", "010"),
    ("", "0x1f"),
    ("", "0X1F + 0xa"),
    ("", "0x"),
    ("", "2#101"),
    ("", "16#ff"),
    ("", "36#Zz"),
    ("", "62#Zz"),
    ("", "64#@_"),
    ("", "10#08"),
    ("", "9223372036854775807"),
    ("", "9223372036854775808"),
    ("", "99999999999999999999"),
    ("", "09"),
    ("", "08+1"),
    ("", "1 + 08 * 2"),
    ("", "0x1g"),
    ("", "2#12"),
    ("", "2#"),
    ("", "10#"),
    ("", "1#1"),
    ("", "65#1"),
    ("", "0#1"),
    ("", "0x1#2"),
    ("", "2#1#1"),
    ("", "99999999999999999999#1"),
    ("", "37#Z"),
    ("", "1e5"),
    ("", "1@"),
    ("", "1_000"),
    // Arithmetic, wrapping as bash does on x86-64.
    ("", "1 + 2 * 3 - 4 / 2 % 3"),
    ("", "(1 + 2) * 3"),
    ("", "7 / 2, -7 / 2, 7 % -3, -7 % 3"),
    ("", "9223372036854775807 + 1"),
    ("", "-9223372036854775807 - 2"),
    ("", "(-9223372036854775807-1) / -1"),
    ("", "(-9223372036854775807-1) % -1"),
    ("", "(-9223372036854775807-1) * -1"),
    ("", "-(-9223372036854775807-1)"),
    ("", "3037000500 * 3037000500"),
    ("", "2**10"),
    ("", "2**63"),
    ("", "2**64"),
    ("", "(-2)**63"),
    ("", "0**0"),
    ("", "2**3**2"),
    ("", "-2**2"),
    ("", "!0**2"),
    ("", "3**40"),
    ("", "2**-1"),
    ("", "2**-1 + 3"),
    ("", "0 && 2**-1"),
    ("", "1 << 3, 1 << 63, 1 << 64, 1 << 65"),
    ("", "1 << -1"),
    ("", "-16 >> 2, -1 >> 70, 5 >> -63"),
    ("", "6 & 3, 6 | 3, 6 ^ 3, ~6"),
    ("", "1 < 2, 2 <= 2, 3 > 2, 2 >= 3, 2 == 2, 2 != 2"),
    ("", "!5, !0, ~-1, - -5, +-+-3"),
    ("", "1 == 1 & 0 | 1 ^ 1"),
    ("", "1 + 2 << 1 == 6 && 4 > 3 || 0"),
    // Division by zero names what follows the operator.
    ("", "1/0"),
    ("", " 1 / 0 "),
    ("", "5 % (3-3)"),
    ("", "1/0 + 1/0"),
    ("", "5 /\t 0"),
    ("", "5 /\n0"),
    ("", "1 || 1/0"),
    ("", "0 && 1/0"),
    ("", "0 ? 1/0 : 2"),
    ("", "1 ? 2 : 1/0"),
    // Logical operators and ?: evaluate only what they must.
    ("x=7", "0 && (x = 1), x"),
    ("x=7", "1 || x++, x"),
    ("x=7", "1 && x++, x"),
    ("x=7", "0 || (x += 2), x"),
    ("x=7", "1 ? x++ : x--, x"),
    ("x=7", "0 ? x++ : x--, x"),
    ("x=0;y=1/0;z=4", "x ? y : z"),
    ("y=1/0", "0 && y"),
    ("y=1/0", "0 && y++"),
    ("", "0 && 08"),
    ("x=7", "0 && (x /= 0), x"),
    ("", "5 && 3, 0 && 3, 0 || 0, 2 || 0"),
    ("", "1 ? 2 : 3 ? 4 : 5"),
    ("", "0 ? 1 : 0 ? 2 : 3"),
    ("", "1 ? 2, 3 : 4"),
    ("a=0", "1 ? a = 5 : 6, a"),
    // Assignment.
    ("", "x = 5, x"),
    ("", "x = y = 3"),
    ("", "x=1 ? 2 : 3"),
    ("", "x=(1)"),
    ("", "a=1, b=a+1, b"),
    ("x=3", "x <<= 2"),
    ("x=7", "x >>= 1, x"),
    ("x=7", "x &= 6"),
    ("x=7", "x ^= 6"),
    ("x=7", "x |= 8"),
    ("x=7", "x *= 3"),
    ("x=7", "x /= 2"),
    ("x=7", "x %= 4"),
    ("x=7", "x += 2"),
    ("x=7", "x -= 10"),
    ("x=7", "x %= 0"),
    ("x=7", "x /= 0"),
    ("x=5;y=0", "x /= y"),
    ("x=5", "x /= 0 + 0"),
    ("x=-9223372036854775808", "x %= -1"),
    ("x=-9223372036854775808", "x /= -1"),
    ("x=-9223372036854775808", "x *= -1"),
    ("x=1/0", "x = 2"),
    ("x=1/0", "x += 2"),
    ("x=3", "x**=2"),
    ("", "1=2"),
    ("", "1 = 2"),
    ("x=1", "(x)=1"),
    ("", "1 ? 2 : 3 = 4"),
    ("", "1 ? 2 : y = 3"),
    ("", "1 || x=2"),
    ("", "-x = 2"),
    ("", "x = 3 = 4"),
    ("", "x="),
    ("", "="),
    // Increment and decrement.
    ("", "y++, y"),
    ("", "--x"),
    ("x=7", "x++ + x"),
    ("x=7", "++x + x"),
    ("x=7", "x--, x"),
    ("x=1;y=2", "x+++++y"),
    ("x=1;y=2", "x-- -y"),
    ("x=1;y=2", "x--y"),
    ("x=1;y=2", "x++y"),
    ("x=1;y=2", "x+ +y"),
    ("x=7", "1 + ++x"),
    ("x=7", "x+++x"),
    ("x=7", "3 ++x"),
    ("x=7", "++x++"),
    ("x=7", "--x--"),
    ("x=7", "++x--"),
    ("x=7", "++(x)"),
    ("x=7", "(x)++"),
    ("x=7", "++ 1"),
    ("x=7", "x ++"),
    ("x=7", "-- x"),
    ("x=7", "++x = 5"),
    ("x=7", "x++ = 5"),
    ("", "--5, ++5, - -5, -- 5"),
    ("", "1++2"),
    ("", "1 ++ x"),
    ("x=9223372036854775807", "x++, x"),
    // Variables: values are expressions, evaluated in turn.
    ("x=1+2", "x*2"),
    ("x=2 * 3", "1 + x"),
    ("x=y=5", "x, y"),
    ("x= 010 ", "x"),
    ("x=0x1F", "x"),
    ("x=2#101", "x"),
    ("x=-5", "x"),
    ("x=- 5", "x + 1"),
    ("x=\n", "x + 1"),
    ("x=", "x + 1"),
    ("x=abc", "x"),
    ("x=abc;abc=4", "x"),
    ("x=1+2", "x++, x"),
    ("x=1+2", "x += 1, x"),
    ("x=3 4", "x"),
    ("x=1/0", "x + 1"),
    ("x=08", "x"),
    ("x=1 +", "x+1"),
    ("x=2 ) (", "(x)"),
    ("x=5 ++", "x"),
    ("x=1/0", "x++"),
    ("x=1/0", "++x"),
    ("x=\t 1/0", "x"),
    ("x=x", "x"),
    ("x=y;y=x", "x + 1"),
    ("x=y;y=x", "x = 1"),
    ("a=1/0", "a b"),
    ("x=y=5", "1 x, y"),
    ("a1_B=7", "a1_B * 2"),
    // Syntax errors.
    ("", "1 +"),
    ("", "-"),
    ("", "~"),
    ("", "1,"),
    ("", ",1"),
    ("", "(1"),
    ("", "(1 2"),
    ("", "((1)"),
    ("", "1)"),
    ("", "()"),
    ("", "1 ? 2"),
    ("", "1 ?"),
    ("", "1 ? : 3"),
    ("", "1 ?: 2"),
    ("", "1 ? 2 :"),
    ("", "1 ? 2 3"),
    ("", "1 x"),
    ("", "1 2"),
    ("", "a b c $"),
    ("", "1 $"),
    ("", "$"),
    ("", "$x"),
    ("", "== 1"),
    ("", "1 === 1"),
    ("", "1 <> 2"),
    ("", "\"1\""),
    ("", "1\r"),
    ("", "1\x0b+1"),
    ("", "\u{e9}"),
    ("", "x \u{e9}"),
    ("", "1 \\ 2"),
    ("", "1 ;"),
    ("", "\n 1/0"),
    ("", "\t1/0"),
    // Variables the shell refuses to change, or may not read.
    ("readonly r=1", "r"),
    ("readonly r=1", "r=2"),
    ("readonly r=1", "r+=2"),
    ("readonly r=1", "r++"),
    ("readonly r=1", "--r"),
    ("readonly r=1", "0 && (r=2)"),
    ("set -u", "x + 1"),
    ("set -u", "0 && x"),
    ("set -u", "x = 3"),
    ("set -u", "y++"),
    ("set -u;x=", "x"),
    ("set -u;z=q", "z"),
];

#[test]
fn table_matches_bash() {
    if !have_bash() {
        return;
    }
    let cases: Vec<Case> = TABLE.iter().map(|(s, e)| Case::new(s, e)).collect();
    assert!(cases.len() >= 150);
    assert_all_agree(&cases);
}

/// Where jsh does not do what bash does, on purpose (see the module
/// documentation of `jsh::expand::arith`).
#[test]
fn deliberate_differences() {
    let cases = [
        // No arrays in jsh: an error, where bash reads element 1 of x.
        (
            "x[1]",
            "error: x[1]: syntax error: invalid arithmetic operator (error token is \"[1]\")\n",
        ),
        // Nesting beyond jsh's bound, where bash recurses on.
        (
            &format!("{}1{}", "(".repeat(1025), ")".repeat(1025)),
            "expression recursion level exceeded",
        ),
    ];
    for (expr, expected) in cases {
        let jsh = String::from_utf8(jsh_outcome(&Case::new("", expr))).unwrap();
        assert!(jsh.contains(expected), "{expr:?}: {jsh:?}");
    }
}

/// A chain `v1=v2 ... vN=5`: bash evaluates at most 1024 expressions
/// inside each other, the first included, so N = 1023 is fine and 1024
/// fails; a blank value at the bottom is 0 without a level of its own.
#[test]
fn recursion_limit_matches_bash() {
    if !have_bash() {
        return;
    }
    let chain = |n: usize, last: &str| {
        let mut setup: Vec<String> = (1..n).map(|i| format!("v{i}=v{}", i + 1)).collect();
        setup.push(format!("v{n}={last}"));
        Case::new(&setup.join(";"), "v1 + 1")
    };
    let cases = [
        chain(1023, "5"),
        chain(1024, "5"),
        chain(1024, " "),
        chain(1025, " "),
    ];
    let wrong: Vec<String> = disagreements(&cases);
    assert!(
        wrong.is_empty(),
        "{}",
        wrong.join("\n").chars().take(4000).collect::<String>()
    );
}

/// Two batches per random test, or `ARITH_BATCHES` of them (a longer
/// hunt for differences: `ARITH_BATCHES=100 cargo test --test
/// arith_vs_bash random`).
fn runner() -> TestRunner {
    let batches = std::env::var("ARITH_BATCHES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2);
    TestRunner::new(Config {
        cases: batches,
        failure_persistence: None,
        ..Config::default()
    })
}

/// Well-formed expressions over numbers and the variables `a`..`d`.
fn expression() -> impl Strategy<Value = String> {
    let atom = prop_oneof![
        (0i64..20).prop_map(|n| n.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        (0u32..64).prop_map(|n| format!("0{n:o}")),
        (0u32..4096).prop_map(|n| format!("0x{n:X}")),
        (2u32..=64, 0u32..64).prop_map(|(b, d)| format!("{b}#{}", digit(d % b))),
        prop::sample::select(vec!["a", "b", "c", "d"]).prop_map(String::from),
        prop::sample::select(vec!["a++", "b--", "++c", "--d"]).prop_map(String::from),
    ];
    atom.prop_recursive(4, 32, 3, |inner| {
        let unary = prop::sample::select(vec!["-", "+", "!", "~"]);
        let binary = prop::sample::select(vec![
            "+", "-", "*", "/", "%", "<<", ">>", "<", "<=", ">", ">=", "==", "!=", "&", "^", "|",
            "&&", "||", ",", "**",
        ]);
        let assign = prop::sample::select(vec![
            "=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "^=", "|=",
        ]);
        let var = prop::sample::select(vec!["a", "b", "c", "d"]);
        let space = prop::sample::select(vec!["", " ", "  ", "\t", "\n"]);
        prop_oneof![
            (unary.clone(), inner.clone()).prop_map(|(op, e)| format!("{op}({e})")),
            // Unparenthesized: `-` `-5` is `--5`, `+` `+a` is `++a`.
            (unary, space.clone(), inner.clone()).prop_map(|(op, s, e)| format!("{op}{s}{e}")),
            (
                inner.clone(),
                space.clone(),
                binary,
                space.clone(),
                inner.clone()
            )
                .prop_map(|(l, s1, op, s2, r)| format!("{l}{s1}{op}{s2}{r}")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(c, t, f)| format!("({c}) ? ({t}) : ({f})")),
            (var, assign, inner.clone()).prop_map(|(v, op, e)| format!("{v} {op} ({e})")),
            inner.prop_map(|e| format!("({e})")),
        ]
    })
}

fn digit(d: u32) -> char {
    b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ@_"[d as usize] as char
}

/// Values the grammar's variables start with: numbers and expressions.
const PRESET: &str = "a=3;b=-2;c=1+2;d=0x10";

/// A few hundred random well-formed expressions: bash's value, error and
/// variables afterwards, each time.
#[test]
fn random_expressions_match_bash() {
    if !have_bash() {
        return;
    }
    let mut runner = runner();
    let batch = prop::collection::vec(expression(), 200);
    runner
        .run(&batch, |exprs| {
            let cases: Vec<Case> = exprs.iter().map(|e| Case::new(PRESET, e)).collect();
            let wrong = disagreements(&cases);
            prop_assert!(wrong.is_empty(), "{}", wrong.join("\n"));
            Ok(())
        })
        .unwrap();
}

/// Random strings of the characters expressions are made of, mostly
/// malformed: the same message as bash, token for token.
#[test]
fn random_strings_match_bash() {
    if !have_bash() {
        return;
    }
    let mut runner = runner();
    let alphabet: Vec<char> = "0123456789abxyzXZ#@_+-*/%<>=!&|^~?:,() \t\n$"
        .chars()
        .collect();
    let string = prop::collection::vec(prop::sample::select(alphabet), 0..12)
        .prop_map(|cs| cs.into_iter().collect::<String>());
    let batch = prop::collection::vec(string, 300);
    runner
        .run(&batch, |strings| {
            // `_` is bash's `$_`, the last word of the command before.
            let cases: Vec<Case> = strings
                .iter()
                .filter(|s| !names_in(s.as_bytes()).contains("_"))
                .map(|s| Case::new("a=3;b=x+1;x=2;y=0;z=1/0", s))
                .collect();
            let wrong = disagreements(&cases);
            prop_assert!(wrong.is_empty(), "{}", wrong.join("\n"));
            Ok(())
        })
        .unwrap();
}

/// Counts the allocations of the thread that asks, while it asks.
struct CountingAlloc;

thread_local! {
    static COUNTING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static ALLOCATIONS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

// SAFETY: every call is passed on to the system allocator unchanged; the
// counting only touches `const` thread-locals, which never allocate.
unsafe impl std::alloc::GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        if COUNTING.with(|c| c.get()) {
            ALLOCATIONS.with(|n| n.set(n.get() + 1));
        }
        // SAFETY: the caller's contract is passed on as it is.
        unsafe { std::alloc::System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        // SAFETY: `ptr` came from `System.alloc` with this layout.
        unsafe { std::alloc::System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

/// Variables in fixed buffers: their own reads and writes allocate nothing.
struct FixedVars {
    i: Vec<u8>,
    n: Vec<u8>,
}

impl ArithVars for FixedVars {
    fn get(&mut self, name: &[u8]) -> Option<std::borrow::Cow<'_, [u8]>> {
        match name {
            b"i" => Some(self.i.as_slice().into()),
            b"n" => Some(self.n.as_slice().into()),
            _ => None,
        }
    }

    fn set(&mut self, name: &[u8], value: i64) -> Result<(), String> {
        use std::io::Write;
        let buf = if name == b"i" {
            &mut self.i
        } else {
            &mut self.n
        };
        buf.clear();
        write!(buf, "{value}").map_err(|e| e.to_string())
    }
}

/// The loop counter of a shell loop (`i=$((i+1))`, `$((i < n))`) costs
/// no allocation: tokens are slices of the text, a variable holding a
/// number is read in place.
#[test]
fn numbers_in_variables_cost_no_allocation() {
    let mut vars = FixedVars {
        i: Vec::with_capacity(32),
        n: Vec::with_capacity(32),
    };
    vars.i.extend_from_slice(b"41");
    vars.n.extend_from_slice(b"100");
    let exprs: [&[u8]; 4] = [
        b"i + 1",
        b"i = i + 1",
        b"i++, ++i, i += 2, i < n && (i * 3 + 7) % 11 != 2 ? i << 2 : 0x1f",
        b" 0 || unset * 2 ",
    ];
    COUNTING.with(|c| c.set(true));
    let values: Vec<_> = exprs.iter().map(|e| arith::eval(e, &mut vars)).collect();
    COUNTING.with(|c| c.set(false));
    let allocations = ALLOCATIONS.with(|n| n.get());
    // (The Vec of results: one allocation.)
    assert_eq!(allocations, 1, "{values:?}");
    assert_eq!(values, [Ok(42), Ok(42), Ok(31), Ok(0)]);
    assert_eq!(vars.i, b"46");
}
