//! `congbo init`: a new site that builds as it is.

use std::path::Path;

use congbo::scaffold;

use super::{Outcome, failed};

pub fn run(dir: &Path) -> Outcome {
    match scaffold::init_site(dir) {
        Ok(files) => {
            for f in &files {
                eprintln!("  {}", f.display());
            }
            eprintln!("{}", t!("cmd.init.done", path = dir.display()));
            Ok(())
        }
        Err(e) => {
            eprintln!("{}", t!("cmd.error", error = e));
            Err(failed())
        }
    }
}
