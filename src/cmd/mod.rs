//! The commands, one file each: each reads its arguments, runs the library and says
//! what happened on the terminal. Errors are printed here and become the exit code.

pub mod build;
pub mod check;
pub mod import;
pub mod init;
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

/// Says which drafts were left out of the site, if any.
pub fn print_drafts(built: &congbo::Built, root: &Path) {
    if let Some(line) = drafts_line(built, root) {
        eprintln!("{line}");
    }
}

/// The line saying which drafts were left out, if any.
pub fn drafts_line(built: &congbo::Built, root: &Path) -> Option<String> {
    if built.drafts_left_out.is_empty() {
        return None;
    }
    let files: Vec<String> =
        built.drafts_left_out.iter().map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string()).collect();
    Some(t!("cmd.drafts", count = files.len(), files = files.join(", ")).to_string())
}

/// Reads the site's configuration, printing what is wrong with it.
pub fn load_config(root: &Path, overrides: &Overrides) -> Result<Config, ExitCode> {
    config::load(root, overrides).map_err(|diags| {
        print(&diags.relative_to(root));
        failed()
    })
}
