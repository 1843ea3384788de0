//! `congbo build`: renders the site and writes it into the output folder, which is
//! replaced as a whole only when every file was written.

use std::path::Path;
use std::time::Instant;

use congbo::config::Overrides;
use congbo::output::Disk;
use congbo::spinner::Spinner;
use congbo::{Reporter, Stage};

use super::{Outcome, failed, load_config, print};

pub fn run(root: &Path, overrides: Overrides) -> Outcome {
    let started = Instant::now();
    let config = load_config(root, &overrides)?;
    let disk = Disk::begin(&config).map_err(|diags| {
        print(&diags);
        failed()
    })?;
    let mut spinner = Spinner::start();
    let built = congbo::generate(&config, &disk, &spinner);
    let built = match built {
        Ok(built) => built,
        Err(diags) => {
            spinner.finish();
            // Dropping the writer removes what was written of the new site.
            drop(disk);
            let diags = diags.relative_to(&config.root);
            print(&diags);
            eprintln!("{}", t!("cmd.nothing_written", summary = diags.summary()));
            return Err(failed());
        }
    };
    spinner.stage(Stage::Publishing);
    let output_dir = disk.output_dir().to_path_buf();
    let written = disk.finish();
    spinner.finish();
    let mut warnings = built.warnings;
    let report = written.map_err(|diags| {
        print(&warnings.clone().relative_to(&config.root));
        print(&diags);
        eprintln!("{}", t!("cmd.previous_kept", path = output_dir.display()));
        failed()
    })?;
    for w in &report.warnings {
        warnings.push(w.clone());
    }
    print(&warnings.clone().relative_to(&config.root));
    eprintln!(
        "{}",
        t!(
            "cmd.built",
            documents = built.documents,
            files = report.files,
            changed = report.changed,
            size = format!("{:.1}", report.bytes as f64 / 1e6),
            seconds = format!("{:.2}", started.elapsed().as_secs_f64()),
            path = config.output_dir.display(),
            summary = warnings.summary()
        )
    );
    Ok(())
}
