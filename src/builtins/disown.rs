//! `disown [-ahr] [jobspec...]`: forget jobs (they are still reaped), or
//! with `-h` keep them but spare them the SIGHUP sent at exit.

use super::options;
use crate::state::shell::Shell;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let (flags, specs) = match options(sh, "disown", args, "ahr") {
        Ok(parsed) => parsed,
        Err(status) => return status,
    };
    let (all, keep, running_only) = (
        flags.contains('a'),
        flags.contains('h'),
        flags.contains('r'),
    );
    let mut status = 0;
    let ids: Vec<usize> = if specs.is_empty() && (all || running_only) {
        sh.jobs
            .iter()
            .filter(|j| !running_only || j.is_running())
            .map(|j| j.id)
            .collect()
    } else if specs.is_empty() {
        match sh.jobs.find_current() {
            Ok(id) => vec![id],
            Err(e) => {
                sh.error(format!("disown: {e}"));
                status = 1;
                Vec::new()
            }
        }
    } else {
        let mut ids = Vec::new();
        for spec in specs {
            match sh.jobs.find(&String::from_utf8_lossy(spec)) {
                Ok(id) => ids.push(id),
                Err(e) => {
                    sh.error(format!("disown: {e}"));
                    status = 1;
                }
            }
        }
        ids
    };
    for id in ids {
        if keep {
            if let Some(j) = sh.jobs.get_mut(id) {
                j.nohup = true;
            }
        } else {
            sh.jobs.remove(id);
        }
    }
    status
}
