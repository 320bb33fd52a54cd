//! Expanding PS1 and PS2: bash's backslash escapes and `$VAR`.
//!
//! Only variables are substituted, and what they hold is inserted as it is,
//! never scanned again: a prompt can never run a command or smuggle one in
//! through a variable's value.

use crate::syntax::lexer::{is_name_char, is_name_start};

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

/// Expand `template`; `var` looks a variable up.
pub fn expand(
    template: &[u8],
    info: &PromptInfo,
    var: &dyn Fn(&[u8]) -> Option<Vec<u8>>,
) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(template.len() + 32);
    let mut i = 0;
    while i < template.len() {
        let b = template[i];
        i += 1;
        match b {
            b'\\' if i < template.len() => {
                let c = template[i];
                i += 1;
                escape(c, info, &mut out);
            }
            b'$' => i = variable(template, i, var, &mut out),
            _ => out.push(b),
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn escape(c: u8, info: &PromptInfo, out: &mut Vec<u8>) {
    let (year, month, day, weekday, hour, min, sec) = info.time;
    let _ = year;
    let text = match c {
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
        other => {
            out.push(b'\\');
            out.push(other);
            return;
        }
    };
    out.extend_from_slice(text.as_bytes());
}

/// `$NAME` or `${NAME}` at `template[i..]` (after the `$`); returns the
/// index after it.
fn variable(
    template: &[u8],
    i: usize,
    var: &dyn Fn(&[u8]) -> Option<Vec<u8>>,
    out: &mut Vec<u8>,
) -> usize {
    let (name, end) = if template.get(i) == Some(&b'{') {
        match template[i + 1..].iter().position(|&b| b == b'}') {
            Some(len) => (&template[i + 1..i + 1 + len], i + len + 2),
            None => {
                out.push(b'$');
                return i;
            }
        }
    } else if template.get(i).is_some_and(|&b| is_name_start(b)) {
        let len = template[i..]
            .iter()
            .take_while(|&&b| is_name_char(b))
            .count();
        (&template[i..i + len], i + len)
    } else {
        out.push(b'$');
        return i;
    };
    if let Some(value) = var(name) {
        out.extend_from_slice(&value);
    }
    end
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

    fn no_vars(_: &[u8]) -> Option<Vec<u8>> {
        None
    }

    #[test]
    fn bash_escapes() {
        let i = info();
        assert_eq!(
            expand(DEFAULT_PS1.as_bytes(), &i, &no_vars),
            "me@box:~/src/jsh$ "
        );
        assert_eq!(
            expand(br"\H \W \j \? \t \d", &i, &no_vars),
            "box.example.org jsh 2 1 09:07:05 Wed Nov 05"
        );
        assert_eq!(expand(br"a\nb\\c\[\e[1m\]", &i, &no_vars), "a\nb\\c\x1b[1m");
        let root = PromptInfo {
            root: true,
            ..info()
        };
        assert_eq!(expand(br"\$", &root, &no_vars), "#");
    }

    #[test]
    fn home_abbreviation() {
        assert_eq!(tilde("/home/me", Some("/home/me")), "~");
        assert_eq!(tilde("/home/meow", Some("/home/me")), "/home/meow");
        assert_eq!(tilde("/tmp", None), "/tmp");
    }

    #[test]
    fn variables_are_inserted_never_run() {
        let var = |n: &[u8]| match n {
            b"X" => Some(b"$(rm -rf /) \\u `id`".to_vec()),
            _ => None,
        };
        let i = info();
        assert_eq!(
            expand(b"[$X] ${X}! $NONE$", &i, &var),
            "[$(rm -rf /) \\u `id`] $(rm -rf /) \\u `id`! $"
        );
    }
}
