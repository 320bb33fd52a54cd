//! Expanding PS1 and PS2 as bash does with `promptvars` (on by default):
//! its backslash escapes first, then parameter, command and arithmetic
//! substitution (by the shell: [`crate::state::shell::Shell::prompts`]).
//! What the escapes and the substitutions produce is never scanned again:
//! a directory or a variable's value cannot run a command.

/// What the escapes refer to, gathered by the shell before each prompt.
#[derive(Debug, Clone, Default)]
pub struct PromptInfo {
    pub user: String,
    pub host: String,
    pub cwd: String,
    pub home: Option<String>,
    pub root: bool,
    pub jobs: usize,
    pub last_status: i32,
    /// Local time: (year, month 1-12, day, weekday 0=Sunday, hour, min, sec).
    pub time: (i32, u32, u32, u32, u32, u32, u32),
}

pub const DEFAULT_PS1: &str = "\\u@\\h:\\w\\$ ";
pub const DEFAULT_PS2: &str = "> ";

const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Decode the backslash escapes of `template`, the first step of bash's
/// prompt expansion. With `quote` (bash's `promptvars`, always on in
/// jsh) what an escape stands for is protected by backslashes from the
/// second step, the expansion of `$`, `` ` `` and `\\` the shell then does
/// (see [`crate::syntax::lexer::text_of`]): a directory named `$(x)` in
/// `\w` is shown, never run. Without it, the text as it is shown when
/// that expansion fails.
pub fn decode(template: &[u8], info: &PromptInfo, quote: bool) -> Vec<u8> {
    let mut out: Vec<u8> = Vec::with_capacity(template.len() + 32);
    let mut i = 0;
    while i < template.len() {
        let b = template[i];
        i += 1;
        match b {
            b'\\' if i < template.len() => {
                let c = template[i];
                i += 1;
                match escape(c, info) {
                    Some(text) => push_quoted(&mut out, text.as_bytes(), quote),
                    // Not an escape: both characters stay, for the
                    // expansion to see (`\$HOME` shows `$HOME`).
                    None => out.extend_from_slice(&[b'\\', c]),
                }
            }
            _ => out.push(b),
        }
    }
    out
}

/// Append `text`, with a backslash before each character the expansion
/// of a prompt would take as special, if `quote`.
fn push_quoted(out: &mut Vec<u8>, text: &[u8], quote: bool) {
    for &b in text {
        if quote && matches!(b, b'$' | b'`' | b'\\') {
            out.push(b'\\');
        }
        out.push(b);
    }
}

/// What the escape `\c` stands for; `None` if it is none of bash's.
fn escape(c: u8, info: &PromptInfo) -> Option<String> {
    let (_year, month, day, weekday, hour, min, sec) = info.time;
    Some(match c {
        b'u' => info.user.clone(),
        b'h' => info.host.split('.').next().unwrap_or("").to_string(),
        b'H' => info.host.clone(),
        b'w' => tilde(&info.cwd, info.home.as_deref()),
        b'W' => match info.home.as_deref() {
            Some(h) if h == info.cwd => "~".into(),
            _ if info.cwd == "/" => "/".into(),
            _ => info.cwd.rsplit('/').next().unwrap_or("").to_string(),
        },
        b'$' => if info.root { "#" } else { "$" }.into(),
        b'j' => info.jobs.to_string(),
        b'?' => info.last_status.to_string(),
        b't' => format!("{hour:02}:{min:02}:{sec:02}"),
        b'd' => format!(
            "{} {} {day:02}",
            DAYS[weekday as usize % 7],
            MONTHS[(month as usize + 11) % 12]
        ),
        b'n' => "\n".into(),
        b'r' => "\r".into(),
        b'a' => "\x07".into(),
        b'e' => "\x1b".into(),
        b'\\' => "\\".into(),
        // Non-printing markers matter to readline's width count only.
        b'[' | b']' => String::new(),
        _ => return None,
    })
}

/// `/home/me/src` -> `~/src` when HOME is `/home/me`.
fn tilde(cwd: &str, home: Option<&str>) -> String {
    match home {
        Some(h) if !h.is_empty() && h != "/" => {
            if cwd == h {
                "~".into()
            } else if let Some(rest) = cwd.strip_prefix(h).filter(|r| r.starts_with('/')) {
                format!("~{rest}")
            } else {
                cwd.into()
            }
        }
        _ => cwd.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info() -> PromptInfo {
        PromptInfo {
            user: "me".into(),
            host: "box.example.org".into(),
            cwd: "/home/me/src/jsh".into(),
            home: Some("/home/me".into()),
            root: false,
            jobs: 2,
            last_status: 1,
            time: (2026, 11, 5, 3, 9, 7, 5),
        }
    }

    fn shown(template: &[u8], i: &PromptInfo) -> String {
        String::from_utf8_lossy(&decode(template, i, false)).into_owned()
    }

    #[test]
    fn bash_escapes() {
        let i = info();
        assert_eq!(shown(DEFAULT_PS1.as_bytes(), &i), "me@box:~/src/jsh$ ");
        assert_eq!(
            shown(br"\H \W \j \? \t \d", &i),
            "box.example.org jsh 2 1 09:07:05 Wed Nov 05"
        );
        assert_eq!(shown(br"a\nb\\c\[\e[1m\]", &i), "a\nb\\c\x1b[1m");
        let root = PromptInfo {
            root: true,
            ..info()
        };
        assert_eq!(shown(br"\$", &root), "#");
    }

    #[test]
    fn home_abbreviation() {
        assert_eq!(tilde("/home/me", Some("/home/me")), "~");
        assert_eq!(tilde("/home/meow", Some("/home/me")), "/home/meow");
        assert_eq!(tilde("/tmp", None), "/tmp");
    }

    #[test]
    fn escapes_are_protected_from_expansion() {
        let i = PromptInfo {
            cwd: "/tmp/$(id)`x`\\".into(),
            home: None,
            ..info()
        };
        assert_eq!(
            decode(br"\w \$ $PWD \q", &i, true),
            b"/tmp/\\$(id)\\`x\\`\\\\ \\$ $PWD \\q".to_vec()
        );
    }
}
