//! Function bodies kept as text until first called (issue 9, "Speed":
//! peak memory of a script of many functions; src/syntax/function_body.rs).
//! A body is checked when defined, then parsed again from its text when
//! first called or printed: everything observable must be as if the tree
//! had been kept. Each script runs through bash and jsh (and dash where
//! they agree) in `-c`, file and stdin modes (tests/common).
//!
//! What each group would catch if the second parse differed from the
//! first: lines counted from the wrong place ($LINENO, error messages),
//! the text cut at the wrong place (here-documents whose lines come after
//! the body, redirections after it), the alias table of the call instead
//! of the definition's, errors no longer found at the definition.

mod common;

use common::Dash::{Agrees, Differs};
use common::{Mode, compare_modes};

const NO_LINENO: &str = "dash 0.5 has no LINENO; POSIX has it, and bash counts as here";
const TYPE_TEXT: &str = "dash's `type` does not print the body; bash's text is followed";
const WORDING: &str = "dash words its errors differently (`Syntax error: ...`, no \
     `line N:` for runtime errors of builtins); bash's messages are followed";
const READ_AHEAD: &str = "dash reads a pipe ahead of the command it runs; POSIX says a \
     command that reads standard input starts right after the shell's command, as in bash";
const BASHISM: &str = "bash syntax (`function`, `((...))`) that dash does not have";
/// bash expands aliases in scripts only with this; jsh and dash have no
/// shopt (the error is thrown away), and expand them anyway, as POSIX says.
const ALIASES_ON: &str = "shopt -s expand_aliases 2>/dev/null || :\n";

cases! {
    // $LINENO inside bodies: the lines of the definition, however far
    // down the script, and in every call.
    lineno_in_a_body: "echo top\n\nf() {\n  echo \"a $LINENO\"\n\n  echo \"b $LINENO\"\n}\necho $LINENO\nf\nf", Differs(NO_LINENO);
    lineno_in_compound_bodies: "f() {\n  for i in 1 2; do\n    echo \"$i $LINENO\"\n  done\n  if true; then\n    echo \"if $LINENO\"\n  fi\n  case x in\n    x) echo \"case $LINENO\" ;;\n  esac\n}\nf", Differs(NO_LINENO);
    lineno_after_continuations_and_comments: "f() { # a comment\n  echo a \\\n    \"$LINENO\" # more\n  echo \"b $LINENO\"\n}\n\nf", Differs(NO_LINENO);
    lineno_in_a_body_on_the_definition_line: "echo x; f() { echo \"$LINENO\"; }; g() { echo \"$LINENO\"\n}\nf; g", Differs(NO_LINENO);
    lineno_of_functions_defined_in_functions: "outer() {\n  inner() {\n    echo \"inner $LINENO\"\n  }\n  echo \"outer $LINENO\"\n}\nouter\ninner\nouter\ninner", Differs(NO_LINENO);
    lineno_in_eval_and_dot: "printf 'lib() {\\n  echo \"lib $LINENO\"\\n}\\n' > lib.sh\n. ./lib.sh\neval 'e() {\n  echo \"eval $LINENO\"\n}'\nlib\ne", Differs(NO_LINENO);
    // Errors at call time name the line of the body's command.
    // Errors at call time name the line of the body's command. bash 5.2
    // prefixes the errors of functions with `environment:` under -c and
    // `main:` on standard input: the scripts keep only from `line N`.
    runtime_error_names_the_body_line: "f() {\n  :\n  cd /nonexistent/dir\n  echo \"st $?\"\n}\necho before\nf 2>err; sed 's/^.*line/line/' err\nf 2>err; sed 's/^.*line/line/' err", Differs(WORDING);
    expansion_error_names_the_body_line: "echo top\nf() {\n  :\n  echo ${u?is unset}\n}\n(f) 2>err; sed 's/^.*line/line/' err\n(f 2>err); sed 's/^.*line/line/' err", Differs(WORDING);
    errors_in_functions_defined_in_functions_name_their_lines: "outer() {\n  inner() {\n    :\n    cd /nonexistent/inner\n  }\n}\nouter\ninner 2>err; sed 's/^.*line/line/' err\ninner 2>err; sed 's/^.*line/line/' err", Differs(WORDING);
    // Syntax errors are still found when the function is defined, at
    // their line, before the body is ever called.
    syntax_error_at_definition: "echo start\nf() {\n  echo a\n  fi\n}\necho never", Differs(WORDING);
    unclosed_quote_at_definition: "echo start\nf() {\n  echo \"open\n}\nf", Differs(WORDING);
    unclosed_body_at_definition: "echo start\nf() {\n  echo a\n", Differs(WORDING);
    syntax_error_in_a_nested_function: "f() {\n  g() {\n    then\n  }\n}\necho never", Differs(WORDING);
    // Here-documents inside bodies, and bodies whose here-document lines
    // come after a later command on the line.
    here_document_in_a_body: "f() {\n  cat <<E\nbody $1\n$(echo sub)\nE\n  cat <<'Q'\nquoted $1\nQ\n}\nf x\nf y", Agrees;
    here_document_strip_tabs: "f() {\n\tcat <<-E\n\tone\n\t\ttwo\n\tE\n}\nf", Agrees;
    two_here_documents_on_a_line_in_a_body: "f() {\n  cat <<A; cat <<B\na\nA\nb\nB\n  echo end\n}\nf", Agrees;
    here_document_after_the_body: "f() { cat <<E; }; echo defined\nbody $1\nE\nf x\nf y", Agrees;
    here_document_after_a_one_line_body_then_more: "f() { cat <<E; echo in-f; }; g() { echo g; }\nfor f\nE\nf; g", Agrees;
    here_document_begun_before_the_body: "cat <<A; f() {\nbody of A\nA\n  echo in-f\n}\nf", Agrees;
    here_document_on_the_function_itself: "f() { cat; } <<E\nfrom the definition $x\nE\nx=1; f; x=2; f", Agrees;
    here_document_in_a_substitution_in_a_body: "f() {\n  x=$(cat <<E\ninner $1\nE\n)\n  echo \"[$x]\"\n}\nf z", Agrees;
    // Redirections and other compound commands as bodies.
    redirections_after_the_body: "f() { echo out; echo err >&2; } >f.out 2>&1\nf; cat f.out", Agrees;
    other_compound_bodies: "s() ( echo sub )\ni() if true; then echo if; fi\nl() for x in a b; do echo $x; done\nc() case $1 in a) echo A;; *) echo other;; esac\nw() while false; do :; done\ns; i; l; c a; c b; w; echo $?", Agrees;
    bash_bodies: "function k { echo k; }\nfunction m() { echo m; }\na() ((x = 1 + 2))\nk; m; a; echo $x", Differs(BASHISM);
    // Printing a body never called, then calling it, then printing again.
    type_of_a_function_never_called: "f() {\n  if [ \"$1\" = x ]; then echo \"a $1\" | cat; else\n    case $2 in a|b) shift ;; *) : \"${3:-d}\" ;; esac\n  fi\n  for v in one two; do [ -n \"$v\" ] || return 1; done\n}\ntype f\nf x\ntype f", Differs(TYPE_TEXT);
    type_of_nested_functions: "outer() {\n  inner() { echo in; }\n}\ntype outer\nouter\ntype inner", Differs(TYPE_TEXT);
    // Definitions replaced, from outside and from inside, and recursion.
    redefinition: "f() { echo one; }\nf\nf() { echo two; }\nf", Agrees;
    redefinition_before_first_call: "f() { echo one; }\nf() { echo two; }\nf", Agrees;
    a_body_redefining_its_function: "f() {\n  f() { echo new; }\n  echo old\n}\nf\nf", Agrees;
    recursion: "fact() {\n  if [ \"$1\" -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(($1 - 1))) )); fi\n}\nfact 10\ncount() { [ \"$1\" -gt 0 ] && { echo \"$1\"; count $(($1 - 1)); }; }\ncount 3", Agrees;
    unset_before_first_call: "f() { echo f; }\nunset -f f\nf 2>/dev/null || echo \"gone $?\"", Agrees;
    // The rest of standard input stays the script's: the body's text is
    // what was read for it, nothing more.
    body_reads_the_input_that_follows: "f() {\n  read -r line\n  echo \"got [$line]\"\n}\nf\nthis line is data in stdin mode\necho done", Differs(READ_AHEAD);
    functions_in_substitutions: "x=$(g() {\n  echo sub\n}\ng)\necho \"$x\"\ny=`h() { echo bq; }\nh`\necho \"$y\"\nz=$(k() { cat <<E\nk here\nE\n}; k)\necho \"$z\"", Agrees;
}

/// Aliases are expanded when the body is read: one defined or changed
/// after the definition changes nothing, whenever the body is parsed again.
macro_rules! alias_cases {
    ($($name:ident: $script:expr, $dash:expr;)*) => {$(
        #[test]
        fn $name() {
            common::run_all(&format!("{ALIASES_ON}{}", $script), $dash);
        }
    )*};
}

alias_cases! {
    alias_defined_after_the_definition: "f() { hi; }\nalias hi='echo alias'\nf 2>/dev/null || echo \"not an alias $?\"", Agrees;
    alias_changed_after_the_definition: "alias hi='echo one'\nf() { hi; }\nalias hi='echo two'\nf\nunalias hi\nf", Agrees;
    alias_in_a_nested_function: "alias hi='echo one'\nouter() {\n  inner() { hi; }\n}\nalias hi='echo two'\nouter\ninner", Agrees;
    alias_defined_by_the_body: "f() {\n  alias hi='echo in-f'\n  hi 2>/dev/null || echo \"not yet $?\"\n}\nf\nf\ng() { hi; }\ng", Agrees;
    alias_removed_after_the_definition: "alias hi='echo one'\nf() {\n  hi\n  echo \"$LINENO\"\n}\nunalias hi\nf", Differs(NO_LINENO);
}

/// A syntax error in a substitution in a body, named with its line when
/// the function is defined. Not in `-c` mode, where bash 5.2 gives it
/// status 127 (a quirk neither dash nor POSIX shares).
#[test]
fn syntax_error_in_a_substitution_in_a_body() {
    compare_modes(
        "f() {\n  echo $(echo a; fi)\n}\necho never",
        &[],
        &[Mode::File, Mode::Stdin],
    );
}

/// Everything `script` parses to, lines included (the trees' `Debug`;
/// their `==` ignores lines), with every body's tree kept or with bodies
/// kept as text and parsed again when printed.
fn parsed(script: &[u8], keep_trees: bool) -> String {
    use jsh::syntax::lexer::StrSource;
    use jsh::syntax::parser::Parser;
    jsh::syntax::function_body::set_keep_trees(keep_trees);
    let mut src = StrSource::new(script.to_vec());
    let mut parser = Parser::new(&mut src);
    let mut out = String::new();
    for _ in 0..200 {
        match parser.parse_command() {
            Ok(Some(list)) => out += &format!("{list:?}\n"),
            Ok(None) => break,
            Err(e) => {
                out += &format!("error at line {}: {:?}\n", e.line, e.messages());
                break;
            }
        }
    }
    jsh::syntax::function_body::set_keep_trees(false);
    out
}

/// Commands that may stand in a body, nested compound commands and
/// function definitions (each valid, so that the whole script is parsed),
/// with here-documents, substitutions, comments and continuation lines.
fn body_items() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let leaf = prop_oneof![
        Just("echo $LINENO\n"),
        Just("echo \"$1 ${x:-d}\"; :\n"),
        Just("cat <<E\nbody $x $(echo s)\nE\n"),
        Just("cat <<-'Q'\n\tq $x\n\tQ\n"),
        Just("cat <<A; cat <<B\na\nA\nb\nB\n"),
        Just("x=$(n() { echo in $LINENO; }; n)\n"),
        Just("y=`p() { echo bq; }\np`\n"),
        Just("((z = 1)); w=$((1 + 2)) v=$( (echo a) )\n"),
        Just("# comment\necho c # more\n"),
        Just("echo a \\\n  b\n"),
        Just("case $1 in a) echo A;; *) ;; esac\n"),
        Just("for i in 1 2; do echo $i; done\n"),
        Just("echo 'single\nquoted' \"double\nquoted\"\n"),
    ]
    .prop_map(str::to_string);
    leaf.prop_recursive(3, 40, 4, |inner| {
        (proptest::collection::vec(inner, 1..4), 0..6usize).prop_map(|(items, kind)| {
            let body = items.concat();
            match kind {
                0 => format!("f() {{\n{body}}}\n"),
                1 => format!("g() ( {body})\n"),
                2 => format!("function h {{ {body}}} >out\n"),
                3 => format!("k() {{ {body}}} <<R\nfor k\nR\n"),
                4 => format!("if true; then {body}fi\n"),
                _ => format!("m()\n{{ {body}}}; echo after $LINENO\n"),
            }
        })
    })
}

/// Scripts of such commands and of definitions whose here-document lines
/// are read inside a body begun after them, or after a body they were
/// begun in.
fn function_scripts() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
    use proptest::prelude::*;
    let line = prop_oneof![
        4 => body_items(),
        1 => Just("cat <<E; f() {\nbody $x\nE\necho in f\n}\n".to_string()),
        1 => Just("f() { cat <<E; }; echo x $LINENO\nbody\nE\n".to_string()),
        1 => Just("f() { cat <<E; echo in; }; g() {\nfor f\nE\necho $LINENO; }\n".to_string()),
    ];
    proptest::collection::vec(line, 1..6).prop_map(|lines| lines.concat().into_bytes())
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    /// A body kept as text and parsed again is the tree the definition
    /// built, line numbers and here-documents included, or the same error.
    #[test]
    fn bodies_kept_as_text_parse_to_the_trees_kept(script in function_scripts()) {
        proptest::prop_assert_eq!(parsed(&script, true), parsed(&script, false));
    }
}

#[test]
fn the_comparison_sees_line_numbers() {
    // The property above compares lines, which `==` on trees does not.
    let a = parsed(b"f() {\n  echo\n}\n", false);
    let b = parsed(b"\nf() {\n  echo\n}\n", false);
    assert_ne!(a, b);
}
