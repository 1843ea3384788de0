//! `congbo new`: a document with its complete front matter, ready to fill in.

use std::path::Path;

use congbo::scaffold::{self, NewKind};

use super::{Outcome, failed};

pub fn run(kind: NewKind, path: Option<&Path>, title: &str, root: &Path) -> Outcome {
    match scaffold::write_new(root, kind, path, title) {
        Ok(written) => {
            eprintln!("{}", t!("cmd.new.wrote", path = written.display()));
            Ok(())
        }
        Err(e) => {
            eprintln!("{}", t!("cmd.error", error = e));
            Err(failed())
        }
    }
}
