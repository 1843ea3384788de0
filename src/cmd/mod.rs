//! The commands, one file each: each reads its arguments, runs the library and says
//! what happened on the terminal. Errors are printed here and become the exit code.

pub mod build;
pub mod check;
pub mod import;
pub mod new;
pub mod schema;
pub mod serve;

use std::path::Path;
use std::process::ExitCode;

use congbo::config::{self, Config, Overrides};
use congbo::diagnostic::Diagnostics;

/// What a command ends with: success, or the exit code after its messages were printed.
pub type Outcome = Result<(), ExitCode>;

/// Exit code 1: the input has problems (every one was printed).
pub fn failed() -> ExitCode {
    ExitCode::from(1)
}

/// Prints diagnostics, one blank line after each.
pub fn print(diags: &Diagnostics) {
    for d in diags.iter() {
        eprintln!("{d}\n");
    }
}

/// Reads the site's configuration, printing what is wrong with it.
pub fn load_config(root: &Path, overrides: &Overrides) -> Result<Config, ExitCode> {
    config::load(root, overrides).map_err(|diags| {
        print(&diags);
        failed()
    })
}
