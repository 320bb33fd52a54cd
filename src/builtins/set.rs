//! `set [-m|+m] [--] [arg...]`: options and the positional parameters.

use super::lossy;
use crate::shell::Shell;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let mut rest = &args[1..];
    while let Some(opt) = rest.first() {
        match opt.as_slice() {
            b"--" => {
                rest = &rest[1..];
                sh.positional = rest.to_vec();
                return 0;
            }
            b"-m" => {
                if !sh.job_control {
                    sh.start_job_control();
                }
            }
            b"+m" => sh.job_control = false,
            o if o.starts_with(b"-") || o.starts_with(b"+") => {
                sh.error(&format!("set: {}: invalid option", lossy(o)));
                sh.error_to(2, "set: usage: set [-m] [+m] [--] [arg ...]");
                return 2;
            }
            _ => break,
        }
        rest = &rest[1..];
    }
    if !rest.is_empty() {
        sh.positional = rest.to_vec();
    }
    0
}
