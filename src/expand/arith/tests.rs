//! Unit tests of the arithmetic evaluator.

use super::*;
use proptest::prelude::*;

/// Variables for the tests: a list, some of it read-only.
#[derive(Default)]
struct Vars {
    vars: Vec<(Vec<u8>, Vec<u8>)>,
    readonly: Vec<Vec<u8>>,
    nounset: bool,
    reads: usize,
}

impl Vars {
    fn with(pairs: &[(&str, &str)]) -> Vars {
        Vars {
            vars: pairs
                .iter()
                .map(|(n, v)| (n.as_bytes().to_vec(), v.as_bytes().to_vec()))
                .collect(),
            ..Vars::default()
        }
    }

    fn value(&self, name: &str) -> Option<&str> {
        self.vars
            .iter()
            .find(|(n, _)| n == name.as_bytes())
            .map(|(_, v)| std::str::from_utf8(v).unwrap())
    }
}

impl ArithVars for Vars {
    fn get(&mut self, name: &[u8]) -> Option<Cow<'_, [u8]>> {
        self.reads += 1;
        self.vars
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| Cow::Borrowed(v.as_slice()))
    }

    fn set(&mut self, name: &[u8], value: i64) -> std::result::Result<(), String> {
        if self.readonly.iter().any(|n| n == name) {
            return Err(format!(
                "{}: readonly variable",
                String::from_utf8_lossy(name)
            ));
        }
        let value = value.to_string().into_bytes();
        match self.vars.iter_mut().find(|(n, _)| n == name) {
            Some((_, v)) => *v = value,
            None => self.vars.push((name.to_vec(), value)),
        }
        Ok(())
    }

    fn nounset(&self) -> bool {
        self.nounset
    }
}

fn ok(expr: &str) -> i64 {
    ok_with(expr, &mut Vars::default())
}

fn ok_with(expr: &str, vars: &mut Vars) -> i64 {
    match eval(expr.as_bytes(), vars) {
        Ok(v) => v,
        Err(e) => panic!("{expr:?}: {e}"),
    }
}

fn err(expr: &str) -> String {
    err_with(expr, &mut Vars::default())
}

fn err_with(expr: &str, vars: &mut Vars) -> String {
    match eval(expr.as_bytes(), vars) {
        Ok(v) => panic!("{expr:?} is {v}, not an error"),
        Err(e) => e.to_string(),
    }
}

/// Run `f` where the deepest expression the limits allow fits, even
/// in a debug build.
fn on_big_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(6 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn precedence_and_associativity_are_c_s() {
    for (expr, value) in [
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("10 - 4 - 3", 3),
        ("2 ** 3 ** 2", 512),
        ("-2 ** 2", 4),
        ("1 + 2 << 1", 6),
        ("1 < 2 == 1", 1),
        ("6 & 3 ^ 1 | 8", 11),
        ("1 || 0 && 0", 1),
        ("0 ? 1 : 0 ? 2 : 3", 3),
        ("1, 2, 3", 3),
        ("!0 + ~0", 0),
        ("7 % 3 * 2", 2),
        ("-7 / 2", -3),
        ("-7 % 3", -1),
    ] {
        assert_eq!(ok(expr), value, "{expr}");
    }
}

#[test]
fn arithmetic_wraps_as_bash_s() {
    assert_eq!(ok("9223372036854775807 + 1"), i64::MIN);
    assert_eq!(ok("(-9223372036854775807 - 1) / -1"), i64::MIN);
    assert_eq!(ok("(-9223372036854775807 - 1) % -1"), 0);
    assert_eq!(ok("-(-9223372036854775807 - 1)"), i64::MIN);
    assert_eq!(ok("2 ** 64"), 0);
    assert_eq!(ok("1 << 64"), 1);
    assert_eq!(ok("1 << -1"), i64::MIN);
    assert_eq!(ok("-1 >> 70"), -1);
    assert_eq!(ok("99999999999999999999"), 7766279631452241919);
    let mut v = Vars::with(&[("x", "-9223372036854775808")]);
    assert_eq!(ok_with("x /= -1", &mut v), i64::MIN);
    assert_eq!(ok_with("x %= -1", &mut v), 0);
}

#[test]
fn constants_in_every_base() {
    assert_eq!(ok("010"), 8);
    assert_eq!(ok("0x1f + 0X1F"), 62);
    assert_eq!(ok("0x"), 0);
    assert_eq!(ok("2#101"), 5);
    assert_eq!(ok("36#Zz"), 36 * 35 + 35);
    assert_eq!(ok("64#Zz"), 64 * 61 + 35);
    assert_eq!(ok("64#@_"), 62 * 64 + 63);
    assert_eq!(ok("10#08"), 8);
    assert_eq!(
        err("09"),
        r#"09: value too great for base (error token is "09")"#
    );
    // bash cuts the expression after the bad constant.
    assert_eq!(
        err("08+1"),
        r#"08: value too great for base (error token is "08")"#
    );
    assert_eq!(
        err("1 + 1#1"),
        r#"1 + 1#1: invalid arithmetic base (error token is "1#1")"#
    );
    assert_eq!(
        err("2#"),
        r#"2#: invalid integer constant (error token is "2#")"#
    );
    assert_eq!(
        err("0x1#2"),
        r#"0x1#2: invalid number (error token is "0x1#2")"#
    );
}

#[test]
fn variables_are_expressions_and_unset_is_zero() {
    let mut v = Vars::with(&[("x", "1+2"), ("y", "abc"), ("z", "3 4"), ("e", "")]);
    assert_eq!(ok_with("x * 2", &mut v), 6);
    assert_eq!(ok_with("y + unset + e", &mut v), 0);
    assert_eq!(
        err_with("z", &mut v),
        r#"3 4: syntax error in expression (error token is "4")"#
    );
    let mut v = Vars::with(&[("x", "y = 5")]);
    assert_eq!(ok_with("x", &mut v), 5);
    assert_eq!(v.value("y"), Some("5"));
}

#[test]
fn assignments_store_their_value() {
    let mut v = Vars::with(&[("x", "7")]);
    assert_eq!(ok_with("x += 3", &mut v), 10);
    assert_eq!(v.value("x"), Some("10"));
    assert_eq!(ok_with("x++", &mut v), 10);
    assert_eq!(ok_with("--x", &mut v), 10);
    assert_eq!(ok_with("a = b = 4", &mut v), 4);
    assert_eq!((v.value("a"), v.value("b")), (Some("4"), Some("4")));
    // `x` before `=` is not read: its value may be anything.
    let mut v = Vars::with(&[("x", "1/0")]);
    assert_eq!(ok_with("x = 2", &mut v), 2);
}

#[test]
fn unevaluated_branches_have_no_effect() {
    let mut v = Vars::with(&[("x", "7"), ("bad", "1/0")]);
    for expr in [
        "0 && (x = 1)",
        "1 || x++",
        "0 ? x++ : 1",
        "1 ? 1 : --x",
        "0 && 1/0",
        "1 || (x /= 0)",
        "0 && bad",
    ] {
        ok_with(expr, &mut v);
        assert_eq!(v.value("x"), Some("7"), "{expr}");
    }
    // bash checks a negative exponent even there.
    assert_eq!(
        err("0 && 2**-1"),
        r#"0 && 2**-1: exponent less than 0 (error token is "1")"#
    );
}

#[test]
fn errors_are_bash_s_words() {
    for (expr, message) in [
        ("1/0", r#"1/0: division by 0 (error token is "0")"#),
        (" 1 / 0 ", r#"1 / 0 : division by 0 (error token is "0 ")"#),
        (
            "1 +",
            r#"1 +: syntax error: operand expected (error token is "+")"#,
        ),
        (
            "1=2",
            r#"1=2: attempted assignment to non-variable (error token is "=2")"#,
        ),
        ("(1", r#"(1: missing `)' (error token is "1")"#),
        (
            "1 ? 2",
            r#"1 ? 2: `:' expected for conditional expression (error token is "2")"#,
        ),
        ("1 ?", r#"1 ?: expression expected (error token is "?")"#),
        (
            "1 x",
            r#"1 x: syntax error in expression (error token is "x")"#,
        ),
        (
            "a b c $",
            r#"a b c $: syntax error: invalid arithmetic operator (error token is "$")"#,
        ),
        (
            "++x++",
            r#"++x++: ++: assignment requires lvalue (error token is "++")"#,
        ),
        (
            "x[1]",
            r#"x[1]: syntax error: invalid arithmetic operator (error token is "[1]")"#,
        ),
        (
            "1\0",
            "1\0: syntax error: invalid arithmetic operator (error token is \"\0\")",
        ),
    ] {
        assert_eq!(err(expr), message, "{expr:?}");
    }
}

#[test]
fn refused_assignments_and_unset_reads_are_their_own_kinds() {
    let mut v = Vars::with(&[("r", "1")]);
    v.readonly.push(b"r".to_vec());
    let e = eval(b"r = 2", &mut v).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Assignment);
    assert_eq!(e.message, b"r: readonly variable");
    assert_eq!(eval(b"0 && (r = 2)", &mut v), Ok(0));

    let mut v = Vars {
        nounset: true,
        ..Vars::with(&[("empty", "")])
    };
    let e = eval(b"x + 1", &mut v).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Unbound);
    assert_eq!(e.message, b"x: unbound variable");
    assert_eq!(eval(b"empty + (0 && x) + (y = 2)", &mut v), Ok(2));
    assert_eq!(
        eval(b"1 / 0", &mut v).unwrap_err().kind,
        ErrorKind::Expression
    );
}

#[test]
fn blank_is_zero_and_newlines_separate_tokens() {
    assert_eq!(ok(""), 0);
    assert_eq!(ok(" \t\n"), 0);
    assert_eq!(ok("1\n+\n2"), 3);
    assert_eq!(
        err("1\r"),
        "1\r: syntax error: invalid arithmetic operator (error token is \"\r\")"
    );
}

#[test]
fn a_plain_number_is_read_without_a_level() {
    let mut v = Vars::with(&[("i", "41")]);
    assert_eq!(ok_with("i = i + 1", &mut v), 42);
    assert_eq!(v.value("i"), Some("42"));
    // `i` before `=` is not read, the other one is.
    assert_eq!(v.reads, 1);
    assert_eq!(plain_decimal(b"007"), None);
    assert_eq!(plain_decimal(b"0"), Some(0));
    assert_eq!(plain_decimal(b""), None);
}

#[test]
fn self_reference_stops_at_bash_s_depth() {
    on_big_stack(|| {
        let mut v = Vars::with(&[("x", "x")]);
        assert_eq!(
            err_with("x", &mut v),
            r#"x: expression recursion level exceeded (error token is "x")"#
        );
        // 1023 values inside the expression itself are fine.
        let mut pairs: Vec<(String, String)> = (1..1023)
            .map(|i| (format!("v{i}"), format!("v{}", i + 1)))
            .collect();
        pairs.push(("v1023".into(), "5".into()));
        let mut v = Vars {
            vars: pairs
                .iter()
                .map(|(n, x)| (n.clone().into_bytes(), x.clone().into_bytes()))
                .collect(),
            ..Vars::default()
        };
        assert_eq!(ok_with("v1", &mut v), 5);
        v.vars.last_mut().unwrap().0 = b"v1024".to_vec();
        v.vars.push((b"v1023".to_vec(), b"v1024".to_vec()));
        assert!(err_with("v1", &mut v).contains("recursion level exceeded"));
    });
}

#[test]
fn nesting_is_bounded() {
    on_big_stack(|| {
        let nest =
            |open: &str, close: &str, n: usize| format!("{}1{}", open.repeat(n), close.repeat(n));
        assert_eq!(ok(&nest("(", ")", 1024)), 1);
        assert_eq!(ok(&nest("- ", "", 1024)), 1);
        for (open, close) in [("(", ")"), ("-", ""), ("2**", ""), ("x=", ""), ("0?0:", "")] {
            let e = err(&nest(open, close, 100_000));
            assert!(
                e.contains(": expression recursion level exceeded"),
                "{open}"
            );
        }
    });
}

#[test]
fn the_deepest_allowed_expression_fits_the_stack() {
    on_big_stack(|| {
        // Nesting used up at the first level, then every level of
        // variables below it.
        let expr = format!("{}y{}", "(".repeat(1023), ")".repeat(1023));
        let mut v = Vars::with(&[("y", "y")]);
        assert!(err_with(&expr, &mut v).contains("recursion level exceeded"));
    });
}

/// Property `check` over `strategy`, on a stack deep enough for the
/// variables that refer to themselves.
fn property<S: Strategy + Send + 'static>(strategy: S, check: fn(S::Value))
where
    S::Value: std::fmt::Debug,
{
    on_big_stack(move || {
        let mut runner = proptest::test_runner::TestRunner::default();
        runner
            .run(&strategy, |value| {
                check(value);
                Ok(())
            })
            .unwrap();
    });
}

#[test]
fn never_panics_on_any_bytes() {
    let bytes = prop::collection::vec(any::<u8>(), 0..200);
    let value = prop::collection::vec(any::<u8>(), 0..20);
    property((bytes, value), |(expr, value)| {
        let mut v = Vars::with(&[("a", "1"), ("x", "x+1")]);
        v.vars.push((b"b".to_vec(), value));
        let _ = eval(&expr, &mut v);
    });
}

#[test]
fn never_panics_on_expression_characters() {
    property("[0-9a-cxX#@_+*/%<>=!&|^~?:,() \n-]{0,300}", |expr| {
        let mut v = Vars::with(&[("a", "9223372036854775807"), ("b", "a b"), ("c", "-1")]);
        let _ = eval(expr.as_bytes(), &mut v);
    });
}
