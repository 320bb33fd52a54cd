//! The shell's special variables and parameters: those it sets at
//! start-up (PWD, SHLVL, PPID, UID, EUID, HOSTNAME) and those whose value
//! is made when read (`$-`, LINENO, RANDOM, SECONDS).

use std::borrow::Cow;
use std::cell::Cell;
use std::time::Instant;

use crate::state::shell::{Shell, write_all};

/// When RANDOM and SECONDS were last assigned: the variables module tells
/// of assignments here ([`Dynamic::assigned`]), the values are made in
/// [`Shell::dynamic_param`].
#[derive(Debug)]
pub struct Dynamic {
    /// SECONDS counts from its value at this instant.
    seconds_since: Cell<Instant>,
    /// RANDOM was assigned: the generator is seeded from its value at
    /// the next read.
    reseed: Cell<bool>,
    random: Cell<u32>,
    /// The process the generator's state is for: a subshell (a forked
    /// copy) mixes its own id in, so that `(echo $RANDOM)` twice gives
    /// two values, as in bash.
    random_pid: Cell<u32>,
}

impl Default for Dynamic {
    fn default() -> Self {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos() ^ d.as_secs() as u32);
        Dynamic {
            seconds_since: Cell::new(Instant::now()),
            reseed: Cell::new(false),
            random: Cell::new(now ^ std::process::id().rotate_left(16)),
            random_pid: Cell::new(std::process::id()),
        }
    }
}

/// RANDOM's and SECONDS' state at one moment (see [`Dynamic::save`]).
#[derive(Debug, Clone, Copy)]
pub struct DynamicState {
    seconds_since: Instant,
    reseed: bool,
    random: u32,
}

impl Dynamic {
    /// The state, to be put back by [`Dynamic::restore`] once a command
    /// substitution run in the shell itself is over: what it did to RANDOM
    /// and SECONDS is its own, as in a forked copy.
    pub fn save(&self) -> DynamicState {
        DynamicState {
            seconds_since: self.seconds_since.get(),
            reseed: self.reseed.get(),
            random: self.random.get(),
        }
    }

    pub fn restore(&self, state: DynamicState) {
        self.seconds_since.set(state.seconds_since);
        self.reseed.set(state.reseed);
        self.random.set(state.random);
    }

    /// Entering a command substitution run in the shell itself: RANDOM
    /// goes on from a state of its own, as a forked copy's does (which
    /// mixes its process id in), so that two substitutions in a row do not
    /// give the same number. `salt` differs from one substitution to the
    /// next.
    /// `seed` is RANDOM's value, which a pending reseed takes first.
    pub fn diverge(&self, seed: &[u8], salt: u32) {
        self.take_seed(seed);
        let mixed = self.random.get() ^ salt.wrapping_mul(2_246_822_519).rotate_left(7);
        self.random.set(mixed.max(1));
    }

    /// `name` was assigned (or unset).
    pub fn assigned(&self, name: &[u8]) {
        match name {
            b"SECONDS" => self.seconds_since.set(Instant::now()),
            b"RANDOM" => self.reseed.set(true),
            _ => {}
        }
    }

    /// Is `name` one whose assignments must be told?
    pub fn watches(name: &[u8]) -> bool {
        matches!(name, b"SECONDS" | b"RANDOM")
    }

    /// The next value of RANDOM, 0 to 32767, seeded from `seed` if it was
    /// just assigned. A 32-bit xorshift: RANDOM is not for secrets, and
    /// bash's sequence is its own anyway.
    fn next_random(&self, seed: &[u8]) -> u32 {
        self.take_seed(seed);
        let pid = std::process::id();
        if self.random_pid.replace(pid) != pid {
            self.random
                .set(self.random.get() ^ pid.wrapping_mul(2_246_822_519));
        }
        let mut x = self.random.get().max(1);
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.random.set(x);
        (x >> 8) & 0x7fff
    }

    /// RANDOM was just assigned: seed the generator from its value.
    fn take_seed(&self, seed: &[u8]) {
        if self.reseed.replace(false) {
            let n: u32 = std::str::from_utf8(seed)
                .ok()
                .and_then(|s| s.trim().parse::<i64>().ok())
                .map_or(0, |n| n as u32);
            // Zero is a fixed point of xorshift.
            self.random.set(n.wrapping_mul(2_654_435_761) | 1);
        }
    }
}

/// The variables bash makes readonly as it starts (`UID: readonly
/// variable`).
pub const READONLY_AT_STARTUP: &[&[u8]] = &[b"PPID", b"UID", b"EUID"];

impl Shell {
    /// `$-`: the letters of the options that are on, in bash's order
    /// (`abefhikmnptuvxBCEHPT`, then `s` or `c`). Options of `set` add
    /// their letters here, in that order.
    pub fn option_letters(&self) -> String {
        let set = self.options.option_letters();
        let mut letters = String::new();
        for c in "abefhimnuvxBCEHP".chars() {
            let on = match c {
                'i' => self.interactive,
                'm' => self.job_control,
                c => set.contains(c),
            };
            if on {
                letters.push(c);
            }
        }
        if self.command_string {
            letters.push('c');
        } else if self.stdin_commands {
            letters.push('s');
        }
        letters
    }

    /// The value of a parameter made when read, or `None` for an ordinary
    /// one. LINENO, RANDOM and SECONDS are so only while set (`unset
    /// RANDOM` makes it a plain variable, as in bash); their stored values
    /// are not theirs.
    pub(crate) fn dynamic_param(&self, name: &[u8]) -> Option<Option<Cow<'_, [u8]>>> {
        let owned = |s: String| Some(Some(Cow::Owned(s.into_bytes())));
        match name {
            b"-" => owned(self.option_letters()),
            b"LINENO" => {
                // Assignments are ignored, as in bash; `unset` ends it.
                self.vars.get(b"LINENO")?;
                owned(self.line.to_string())
            }
            b"RANDOM" => {
                let seed = self.vars.get(b"RANDOM")?;
                owned(self.vars.dynamic.next_random(seed).to_string())
            }
            b"SECONDS" => {
                let base = self.vars.get(b"SECONDS")?;
                let base: i64 = std::str::from_utf8(base)
                    .ok()
                    .and_then(|s| s.trim().parse().ok())
                    .unwrap_or(0);
                let elapsed = self.vars.dynamic.seconds_since.get().elapsed().as_secs();
                owned(base.saturating_add(elapsed as i64).to_string())
            }
            _ => None,
        }
    }

    /// The variables a shell sets as it starts, as bash does.
    pub(crate) fn set_startup_variables(&mut self) {
        self.set_pwd();
        self.increment_shlvl();
        let ppid = nix::unistd::getppid().as_raw();
        self.vars.set(b"PPID", ppid.to_string().into_bytes());
        let uid = nix::unistd::getuid().as_raw();
        self.vars.set(b"UID", uid.to_string().into_bytes());
        let euid = nix::unistd::geteuid().as_raw();
        self.vars.set(b"EUID", euid.to_string().into_bytes());
        for name in READONLY_AT_STARTUP {
            // Just set: they exist, and nothing made them readonly before.
            let _ = self.vars.make_readonly(name, None);
        }
        if self.vars.get(b"HOSTNAME").is_none()
            && let Ok(u) = nix::sys::utsname::uname()
        {
            self.vars
                .set(b"HOSTNAME", u.nodename().as_encoded_bytes().to_vec());
        }
        // POSIX: "initialized to 1 by the shell when it is invoked", the
        // environment's value notwithstanding (bash, dash).
        self.vars.set(b"OPTIND", b"1".to_vec());
        self.vars.set(b"LINENO", b"0".to_vec());
        self.vars.set(b"SECONDS", b"0".to_vec());
        self.vars.set(b"RANDOM", b"0".to_vec());
        // Set above to make them dynamic; not a seed of 0.
        self.vars.dynamic = Dynamic::default();
    }

    /// PWD, exported, names the current directory: kept when it does
    /// (symbolic links and all, as bash keeps it), else made from getcwd
    /// (POSIX).
    fn set_pwd(&mut self) {
        // No current directory (deleted): nothing names it.
        let Some(dir) = crate::builtins::current_dir(self) else {
            return;
        };
        self.vars.export(b"PWD", Some(&dir));
    }

    /// SHLVL one more than inherited, exported; bash's bounds and warning.
    fn increment_shlvl(&mut self) {
        let old: i64 = self
            .vars
            .get(b"SHLVL")
            .and_then(|v| std::str::from_utf8(v).ok())
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(0);
        let mut level = old.saturating_add(1);
        if level < 0 {
            level = 0;
        } else if level >= 1000 {
            let msg = format!("jsh: warning: shell level ({level}) too high, resetting to 1\n");
            let _ = write_all(2, msg.as_bytes());
            level = 1;
        }
        self.vars
            .export(b"SHLVL", Some(level.to_string().as_bytes()));
    }
}
