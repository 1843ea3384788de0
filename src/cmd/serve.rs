//! `congbo serve`: the live preview (see the library's serve module).

use std::path::Path;

use super::{Outcome, failed};

pub fn run(root: &Path, interface: &str, port: u16) -> Outcome {
    congbo::serve::run(root, interface, port).map_err(|e| {
        eprintln!("{}", t!("cmd.error", error = e));
        failed()
    })
}
