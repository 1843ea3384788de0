//! `congbo check`: everything `build` does but writing, and every problem printed.

use std::path::Path;

use congbo::config::Overrides;
use congbo::output::Discard;
use congbo::spinner::Spinner;

use super::{Outcome, failed, load_config, print};

pub fn run(root: &Path) -> Outcome {
    let config = load_config(root, &Overrides::default())?;
    let mut spinner = Spinner::start();
    let built = congbo::generate(&config, &Discard, &spinner);
    spinner.finish();
    match built {
        Ok(built) => {
            print(&built.warnings.clone().relative_to(&config.root));
            super::print_drafts(&built, &config.root);
            eprintln!(
                "{}",
                t!(
                    "cmd.checked",
                    documents = congbo::lang::count("cmd.documents", built.documents),
                    summary = built.warnings.summary()
                )
            );
            Ok(())
        }
        Err(diags) => {
            let diags = diags.relative_to(&config.root);
            print(&diags);
            eprintln!("{}", t!("cmd.nothing_written", summary = diags.summary()));
            Err(failed())
        }
    }
}
