//! `disown [-ahr] [jobspec...]`: forget jobs (they are still reaped), or
//! with `-h` keep them but spare them the SIGHUP sent at exit.

use crate::shell::Shell;

pub fn run(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let (mut all, mut keep, mut running_only) = (false, false, false);
    let mut specs = Vec::new();
    for arg in &args[1..] {
        let text = String::from_utf8_lossy(arg).into_owned();
        if text.len() > 1 && text.starts_with('-') && specs.is_empty() {
            for c in text[1..].chars() {
                match c {
                    'a' => all = true,
                    'h' => keep = true,
                    'r' => running_only = true,
                    _ => {
                        sh.error(&format!("disown: -{c}: invalid option"));
                        sh.error_to(
                            2,
                            "disown: usage: disown [-h] [-ar] [jobspec ... | pid ...]",
                        );
                        return 2;
                    }
                }
            }
        } else {
            specs.push(text);
        }
    }
    let mut status = 0;
    let ids: Vec<usize> = if all || running_only && specs.is_empty() {
        sh.jobs
            .iter()
            .filter(|j| !running_only || j.is_running())
            .map(|j| j.id)
            .collect()
    } else if specs.is_empty() {
        match sh.jobs.find("%+") {
            Ok(id) => vec![id],
            Err(e) => {
                sh.error(&format!("disown: {e}"));
                return 1;
            }
        }
    } else {
        let mut ids = Vec::new();
        for spec in &specs {
            match sh.jobs.find(spec) {
                Ok(id) => ids.push(id),
                Err(e) => {
                    sh.error(&format!("disown: {e}"));
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
