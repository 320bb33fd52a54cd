//! Aliases (issue 9): `alias`, `unalias`, expansion when a command is
//! read, the trailing-blank rule, recursion. POSIX expands aliases in
//! every shell; bash does so in scripts only with `shopt -s
//! expand_aliases`, which each script turns on first (jsh and dash have
//! no shopt: the error is thrown away), so that all three read the same.

mod common;

use common::Dash::{Agrees, Differs};
use common::{ALL_MODES, TempDir, jsh_path, run_shell_in_sandbox};

const ON: &str = "shopt -s expand_aliases 2>/dev/null || :\n";

const DASH_WORDING: &str = "dash lists aliases as `name='value'` and words its errors \
     `alias: x not found`; bash's `alias name='value'` and `alias: x: not found` are followed";

macro_rules! alias_cases {
    ($($name:ident: $script:expr, $dash:expr;)*) => {$(
        #[test]
        fn $name() {
            common::run_all(&format!("{ON}{}", $script), $dash);
        }
    )*};
}

alias_cases! {
    replaces_the_command_word: "alias ll='echo LL'\nll x\nA=1 ll y\n>/dev/null ll z; ll w", Agrees;
    trailing_blank_checks_the_next_word:
        "alias e='echo ' w=world n=nothing\ne w\ne e w\ne n w\nalias s='e '\ns w", Agrees;
    no_recursion: "alias ls='ls -d' lo=lo\nls / 2>&1\nlo 2>&1 | sed 's/.*: lo/lo/'", Differs(DASH_WORDING);
    chains: "alias a=b b='echo B'\na 1\nalias c=c\nc 2>/dev/null; echo $?", Agrees;
    same_line_definition_waits: "alias x='echo X'; x 2>/dev/null; echo $?\nx", Agrees;
    value_can_be_a_compound_command:
        "alias cond='if true; then echo ok; fi'\ncond\nalias lp='for i in 1 2; do echo $i; done'\nlp", Agrees;
    value_with_operators: "alias both='echo a; echo b |tr b c'\nboth\nalias bg2='echo x &'\nbg2 wait\nwait", Agrees;
    not_quoted_words: "alias ll='echo LL'\n'll' 2>/dev/null; echo $?\n\\ll 2>/dev/null; echo $?\nl\"l\" 2>/dev/null; echo $?", Agrees;
    not_arguments: "alias ll='echo LL'\necho ll\necho x ll", Agrees;
    functions_keep_what_was_defined:
        "alias ll='echo LL'\nf() { ll in f; }\nunalias ll\nf\ng() { ll; }\ng 2>/dev/null; echo $?", Agrees;
    in_command_substitution: "alias ll='echo LL'\necho $(ll) `ll` \"$(ll q)\"", Agrees;
    listing_reads_back: "alias q=\"echo it's\" p='a b'\nalias q\nalias\nalias -p\nq", Differs(DASH_WORDING);
    errors: "alias nope; echo $?\nunalias nope; echo $?\nalias 'a/b=x'; echo $?\nunalias; echo $?", Differs(DASH_WORDING);
    type_and_command_know_them:
        "alias ll='echo LL'\ntype ll; type -t ll; command -v ll; command -V ll; type -a ll | head -1\n\
         eval 'll ev'\nalias k=ll\neval k", Differs("dash words `type` of an alias `ll is an alias for echo LL`");
    unalias_all: "alias a=b c=d\nunalias -a\nalias\necho end", Agrees;
}

/// A reserved word where the grammar takes one is no alias candidate
/// (POSIX 2.3.1): dash, mksh and `bash --posix` agree; plain bash expands
/// `alias fi=...` even there, which POSIX rules out.
#[test]
fn reserved_words_are_never_aliases() {
    let script = "alias fi='echo FI' if='echo IF'\nif true; then echo in; fi\nif\nfi\necho after";
    for &mode in ALL_MODES {
        let root = TempDir::new("alias-reserved");
        let posix_bash =
            run_shell_in_sandbox("bash", &root, mode, &format!("set -o posix\n{script}"), &[]);
        let dash = run_shell_in_sandbox("dash", &root, mode, script, &[]);
        let jsh = run_shell_in_sandbox(jsh_path(), &root, mode, script, &[]);
        assert_eq!(
            (&jsh.stdout, jsh.status),
            (&dash.stdout, dash.status),
            "{mode:?}: jsh vs dash"
        );
        assert_eq!(
            (&jsh.stdout, jsh.status),
            (&posix_bash.stdout, posix_bash.status),
            "{mode:?}: jsh vs bash --posix"
        );
    }
}

/// Aliases a sourced file defines (the shape of an rc file) are there
/// for the commands read after it.
#[test]
fn alias_from_a_sourced_file() {
    let script = format!("{ON}echo \"alias ll='echo LL'\" >defs\n. ./defs\nll there");
    for &mode in ALL_MODES {
        let root = TempDir::new("alias-src");
        let bash = run_shell_in_sandbox("bash", &root, mode, &script, &[]);
        let jsh = run_shell_in_sandbox(jsh_path(), &root, mode, &script, &[]);
        assert_eq!(bash.stdout, "LL there\n", "bash read the file: {bash:?}");
        assert_eq!(jsh, bash, "{mode:?}");
    }
}
